import Foundation
import Testing

/// Remote seats: participants in other rooms answer on the facilitator's machine over SSH
/// (`ssh -t facilitator-host partnercheck assess --workshop DIR`). A real OpenSSH server runs on a
/// loopback port with a throwaway host key and user key (Debian's openssh-server, installed by
/// scripts/install-deps --for-tests); five participants answer at once through `ssh -tt` in
/// pseudo-terminals, one connection is dropped mid-answer.
@Suite("Remote seats over SSH", .serialized)
struct RemoteSeatTests {
    final class Server {
        let directory: String
        let port: Int
        /// sshd runs as a daemon (its own process, found by its pid file), not as a child the test
        /// waits on: Foundation's Process stops reaping other children while one runs for long.
        var pid: Int32 {
            Int32((try? String(contentsOfFile: directory + "/sshd.pid", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "") ?? 0
        }

        init(directory: String) throws {
            self.directory = directory
            for name in ["host", "user"] {
                let run = try Binary.run(["-q", "-t", "ed25519", "-N", "", "-f", directory + "/" + name], environment: ["PATH": "/usr/bin:/bin"],
                                         executable: "/usr/bin/ssh-keygen")
                #expect(run.status == 0, "\(run.stderr)")
            }
            try FileManager.default.copyItem(atPath: directory + "/user.pub", toPath: directory + "/authorized_keys")
            // Privilege separation needs this folder; as root the test can make it.
            try? FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true)
            var found: Int? = nil
            for attempt in 0..<20 where found == nil {
                let port = 20_000 + Int(getpid() % 20_000) + attempt * 7
                if Self.listening(port) { continue }
                let config = """
                    Port \(port)
                    ListenAddress 127.0.0.1
                    HostKey \(directory)/host
                    AuthorizedKeysFile \(directory)/authorized_keys
                    PidFile \(directory)/sshd.pid
                    UsePAM no
                    StrictModes no
                    PermitRootLogin prohibit-password
                    PasswordAuthentication no
                    KbdInteractiveAuthentication no
                    MaxStartups 20
                    MaxSessions 20
                    """
                try config.write(toFile: directory + "/sshd_config", atomically: true, encoding: .utf8)
                let started = try Binary.run(["-f", directory + "/sshd_config", "-E", directory + "/sshd.log"],
                                             environment: ["PATH": "/usr/bin:/bin"], executable: "/usr/sbin/sshd")
                guard started.status == 0 else { continue }
                for _ in 0..<100 where found == nil {
                    if Self.listening(port) { found = port } else { usleep(20_000) }
                }
            }
            guard let found else { throw POSIXError(.EADDRINUSE) }
            port = found
        }

        func stop() {
            if pid > 0 { kill(pid, SIGTERM) }
        }

        deinit { stop() }

        static func listening(_ port: Int) -> Bool {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(fd) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            return withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
            }
        }

        /// A participant's seat: `ssh -tt` to this server, running partnercheck there.
        func seat(_ command: String) throws -> PseudoTerminal {
            try PseudoTerminal(["-tt", "-i", directory + "/user", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                                "-o", "LogLevel=ERROR", "-o", "BatchMode=yes", "-p", String(port), "127.0.0.1", command],
                               environment: ["PATH": "/usr/bin:/bin", "HOME": directory, "TERM": "xterm"], executable: "/usr/bin/ssh")
        }

    }

    @Test("five participants answer at once over ssh -tt; a dropped connection keeps its answers; the group report counts them all")
    func fiveRemoteSeats() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/sbin/sshd") else {
            Issue.record("openssh-server is not installed: run scripts/install-deps --for-tests")
            return
        }
        let home = Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let env = Binary.environment(home: home)
        let dir = home + "/offsite"
        #expect(try Binary.run(["workshop", "new", "Remote", "--dir", dir, "--questionnaire", "healthy-ecosystem"], environment: env).status == 0)
        let server = try Server(directory: home)
        defer { server.stop() }
        let command = "INPUTRC=/dev/null LANG=C.UTF-8 \(Binary.realPath) assess --workshop \(dir)"
        let names = ["Ada", "Ben", "Cy", "Dee", "Eve"]
        let seats = try names.map { _ in try server.seat(command) }
        for seat in seats { #expect(seat.waitFor("Your name:", timeout: 20)) }
        for (seat, name) in zip(seats, names) { seat.send(name + "\r") }
        for seat in seats { #expect(seat.waitFor("Your level")) }
        for (index, seat) in seats.enumerated() { seat.send(["executive", "management", "field", "field", "management"][index] + "\r") }
        for seat in seats { #expect(seat.waitFor("Your organisation:")); seat.send("\r") }
        // Three answers each, typed at the same time; Ada uses Tab.
        for question in 1...3 {
            for (index, seat) in seats.enumerated() {
                #expect(seat.waitFor("\(question) of 7"), "\(names[index]) at \(question)")
                // Ratings of 3 to 5: a low one would ask "What gets in the way?" first.
                if index == 0 && question == 1 { seat.send("stron\ta\t\r") } else { seat.send("\(3 + (index + question) % 3)\r") }
            }
        }
        // Dee's connection drops in the middle of question 4: her three answers stay (SIGHUP path).
        #expect(seats[3].waitFor("4 of 7"))
        // The seat's process is setsid waiting for ssh: kill ssh itself (its child), or it would live on.
        let dropped = Process()
        dropped.executableURL = URL(fileURLWithPath: "/usr/bin/pkill")
        dropped.arguments = ["-KILL", "-P", String(seats[3].processID)]
        try dropped.run()
        dropped.waitUntilExit()
        // Eve stops with Ctrl-D; the others finish.
        #expect(seats[4].waitFor("4 of 7"))
        seats[4].send("\u{04}")
        #expect(seats[4].waitFor("another participant"))
        seats[4].send("no\r")
        for (index, seat) in seats.enumerated() where index < 3 {
            for question in 4...7 {
                #expect(seat.waitFor("\(question) of 7"), "\(names[index]) at \(question)")
                seat.send("3\r")
            }
            #expect(seat.waitFor("How strongly do you want"))  // the ambition, asked at a terminal
            seat.send("\r")
            #expect(seat.waitFor("another participant"))
            seat.send("no\r")
        }
        for index in [0, 1, 2, 4] { #expect(seats[index].waitForExit(timeout: 20) == 0, "\(names[index])") }
        // The dropped seat's partnercheck saves and ends; give it a moment.
        var files: [String] = []
        for _ in 0..<100 {
            files = Binary.sessionFiles(in: dir)
            if files.count == 5, (try? Binary.answers(files.first { $0.contains("dee") } ?? "").count) == 3 { break }
            usleep(50_000)
        }
        #expect(files.count == 5)
        let byName = try Dictionary(uniqueKeysWithValues: files.map { file in
            ((try Binary.json(file)["respondent"] as? [String: String])?["name"] ?? "", file)
        })
        #expect(Set(byName.keys) == Set(names))
        for name in ["Ada", "Ben", "Cy"] {
            #expect(try Binary.json(byName[name]!)["status"] as? String == "completed", "\(name)")
            #expect(try Binary.answers(byName[name]!).count == 7, "\(name)")
        }
        #expect(try Binary.answers(byName["Ada"]!)["senior-executive-involvement"] == "5", "Tab completed strongly agree")
        #expect(try Binary.answers(byName["Dee"]!).count == 3)
        #expect(try Binary.answers(byName["Eve"]!).count == 3)
        #expect(try Binary.json(byName["Dee"]!)["status"] as? String == "in-progress")
        let report = try Binary.run(["workshop", "report", dir, "--format", "json"], environment: env)
        let workshop = try #require((try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any])?["workshop"] as? [String: Any])
        #expect(workshop["participants"] as? Int == 5)
        #expect(workshop["completed"] as? Int == 3)
    }
}

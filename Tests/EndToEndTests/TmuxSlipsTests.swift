import Foundation
import Testing

/// A person at a real terminal multiplexer: tmux runs partnercheck, keys are sent with `send-keys` and
/// the screen read back with `capture-pane`, so readline, its pre-filled lines and Ctrl-C are the real
/// ones. (tmux comes from Debian's package: scripts/install-deps --for-tests.)
final class Tmux {
    let name: String
    private let socket: String

    init(command: String, directory: String) throws {
        name = "pc" + String(UInt32.random(in: 0...UInt32.max))
        socket = directory + "/tmux.sock"
        // The tmux server forks from this first client and lives on: started with Process it would
        // inherit the descriptor Foundation watches to see the client end, and the wait would never
        // return. posix_spawn with every descriptor above stderr closed, and waitpid, instead.
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let open = ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []).compactMap { Int32($0) }
        for descriptor in open where descriptor > 2 { posix_spawn_file_actions_addclose(&actions, descriptor) }
        let arguments = ["/usr/bin/tmux", "-S", socket, "new-session", "-d", "-s", name, "-x", "120", "-y", "50", command]
        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        let environment: [String] = ["PATH=/usr/bin:/bin", "TERM=xterm"]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup($0) } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, "/usr/bin/tmux", &actions, nil, argv, envp) == 0 else { throw POSIXError(.ECHILD) }
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        server = Int32((try? run(["display-message", "-p", "#{pid}"], output: true))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "")
    }

    /// The server's process, ended for sure by `stop`.
    private var server: Int32?

    /// Ends the server and its windows (before the folder holding its socket is removed).
    func stop() {
        _ = try? run(["kill-server"])
        if let server, server > 1 { kill(server, SIGKILL) }
    }

    /// Runs a tmux command; with `output`, returns what it printed. (Only capture-pane reads a pipe:
    /// the server that new-session starts would hold any pipe open, and reading it would never end.)
    @discardableResult
    func run(_ arguments: [String], output: Bool = false) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/tmux")
        process.arguments = ["-S", socket] + arguments
        process.environment = ["PATH": "/usr/bin:/bin", "TERM": "xterm"]
        process.standardInput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let pipe = Pipe()
        process.standardOutput = output ? pipe : FileHandle.nullDevice
        try process.run()
        let data = output ? pipe.fileHandleForReading.readDataToEndOfFile() : Data()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// Types `text` and presses Enter.
    func type(_ text: String) throws {
        if !text.isEmpty { try run(["send-keys", "-t", name, "-l", text]) }
        try run(["send-keys", "-t", name, "Enter"])
    }

    func key(_ key: String) throws {
        try run(["send-keys", "-t", name, key])
    }

    /// The screen and its scrollback.
    var screen: String { (try? run(["capture-pane", "-t", name, "-p", "-S", "-2000"], output: true)) ?? "" }

    /// Waits until `text` has appeared `count` times on the screen.
    func waitFor(_ text: String, count: Int = 1, timeout: Double = 10) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if screen.components(separatedBy: text).count - 1 >= count { return true }
            usleep(50_000)
        }
        return false
    }
}

@Suite("A person's slips, in tmux")
struct TmuxSlipsTests {
    @Test("ten slips in a row end in a complete, correct session file, nothing lost and no dead end")
    func tenSlips() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") else {
            Issue.record("tmux is not installed: run scripts/install-deps --for-tests")
            return
        }
        let home = Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let file = home + "/slips.json"
        let command = "env -i PATH=/usr/bin:/bin HOME=\(home) LANG=C.UTF-8 TERM=xterm INPUTRC=/dev/null NO_COLOR=1 "
            + "\(Binary.realPath) assess --questionnaire healthy-ecosystem --questionnaire mutual-traits --out \(file); sleep 60"
        let tmux = try Tmux(command: command, directory: home)
        defer { tmux.stop() }

        #expect(tmux.waitFor("Your name:"))
        try tmux.type("Sam")
        // 1. A misspelt level: suggested, taken with Enter.
        #expect(tmux.waitFor("Your level"))
        try tmux.type("exectuive")
        #expect(tmux.waitFor("Did you mean \"executive\""))
        try tmux.type("")
        #expect(tmux.waitFor("Your organisation:"))
        try tmux.type("Acme")
        // 2. A misspelt answer: suggested, taken with "yes".
        #expect(tmux.waitFor("1 of 12"))
        try tmux.type("agrree")
        #expect(tmux.waitFor("Did you mean \"agree\"?"))
        try tmux.type("yes")
        // 3. A number out of range: asked again, nothing guessed.
        #expect(tmux.waitFor("2 of 12"))
        try tmux.type("9")
        #expect(tmux.waitFor("9 is out of range."))
        try tmux.type("2 -- only QBRs")
        // 4. Back to change it: the old answer is pre-filled, and its note is shown and cleared with "-".
        #expect(tmux.waitFor("3 of 12"))
        try tmux.type("back")
        #expect(tmux.waitFor("Your answer so far: disagree (2). Press Enter to keep it."))
        try tmux.key("C-u")
        try tmux.type("4")
        #expect(tmux.waitFor("Your note on the earlier answer was \"only QBRs\"."))
        // The question about it fits the 80 columns, so readline breaks no word.
        #expect(tmux.waitFor("Enter keeps it, type a new note, or - to clear it:"))
        try tmux.type("-")
        // 5. why and why more, then the question again.
        #expect(tmux.waitFor("3 of 12", count: 2))
        try tmux.type("why")
        #expect(tmux.waitFor("Type why more for the whole passage."))
        try tmux.type("why more")
        try tmux.type("3")
        // 6. Rubbish typed, then Ctrl-C: the line is cleared, nothing saved from it.
        #expect(tmux.waitFor("4 of 12"))
        try tmux.run(["send-keys", "-t", tmux.name, "-l", "garbage"])
        try tmux.key("C-c")
        #expect(tmux.waitFor("Line cleared"))
        try tmux.type("4")
        // 7. The start of a label; 8. "dk" for don't know (kept as unknown, never a low score).
        #expect(tmux.waitFor("5 of 12"))
        try tmux.type("strongly a")
        #expect(tmux.waitFor("6 of 12"))
        try tmux.type("dk")
        #expect(tmux.waitFor("7 of 12"))
        try tmux.type("3")
        #expect(tmux.waitFor("Your ambition"))
        try tmux.type("")
        // 9. A typo in the partner's name, fixed from review: every answer of the round follows.
        #expect(tmux.waitFor("Their name:"))
        try tmux.type("Microsfot")
        #expect(tmux.waitFor("Are you answering from our side"))
        try tmux.type("")
        #expect(tmux.waitFor("8 of 12"))
        try tmux.type("4")
        #expect(tmux.waitFor("9 of 12"))
        try tmux.type("review")
        #expect(tmux.waitFor("d. Partner: Microsfot (our side)"))
        try tmux.type("d")
        #expect(tmux.waitFor("The partner's name:"))
        try tmux.key("C-u")
        try tmux.type("Microsoft")
        #expect(tmux.waitFor("Our side or the partner's side"))
        try tmux.type("")
        #expect(tmux.waitFor("9 of 12", count: 2))
        try tmux.type("4")
        for question in 10...12 {
            #expect(tmux.waitFor("\(question) of 12"))
            try tmux.type("4")
        }
        // 10. "nope" for no.
        #expect(tmux.waitFor("Would you like to assess another partnership?"))
        try tmux.type("nope")
        #expect(tmux.waitFor("Your ambition", count: 2))
        try tmux.type("")
        #expect(tmux.waitFor("Full report: press Enter"))
        try tmux.type("q")

        let session = try Binary.json(file)
        #expect(session["status"] as? String == "completed")
        #expect((session["respondent"] as? [String: String]) == ["name": "Sam", "level": "executive", "organisation": "Acme"])
        let answers = try Binary.answers(file)
        #expect(answers["senior-executive-involvement"] == "4")
        #expect(answers["honest-direct-feedback"] == "4")
        #expect(answers["regular-touch-points"] == "3")
        #expect(answers["minimize-overlap-competition"] == "4")
        #expect(answers["clear-metrics-objectives"] == "5")
        #expect(answers["transparency"] == "unknown")
        #expect(answers["checking-in"] == "3")
        let rounds = session["rounds"] as? [[String: Any]] ?? []
        let notes = rounds.flatMap { ($0["answers"] as? [[String: Any]] ?? []).compactMap { $0["note"] as? String } }
        #expect(notes.isEmpty, "the cleared note stayed: \(notes)")
        let partner = try #require(rounds.first { $0["partner"] != nil })
        #expect(partner["partner"] as? String == "Microsoft")
        #expect((partner["answers"] as? [[String: Any]])?.count == 5)
        let text = try String(contentsOfFile: file, encoding: .utf8)
        #expect(!text.contains("Microsfot"), "the old name survives in the file")
    }
}

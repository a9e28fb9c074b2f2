import Foundation

/// Runs the built `partnercheck` binary, with piped stdin or in a pseudo-terminal.
enum Binary {
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// The binary SwiftPM built next to this test bundle.
    static let path: String = {
        let bundleDirectory = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        var candidates = [bundleDirectory.appendingPathComponent("partnercheck").path, root + "/.build/debug/partnercheck"]
        if let products = ProcessInfo.processInfo.environment["PARTNERCHECK_BINARY"] { candidates.insert(products, at: 0) }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[0]
    }()

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func temporaryDirectory() -> String {
        let path = NSTemporaryDirectory() + "partnercheck-e2e-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// The binary's path with symlinks resolved: what partnercheck prints in the commands it suggests
    /// when the `partnercheck` on PATH is not this binary.
    static let realPath: String = URL(fileURLWithPath: path).resolvingSymlinksInPath().path

    static func environment(home: String, extra: [String: String] = [:]) -> [String: String] {
        var env = ["PATH": "/usr/bin:/bin", "HOME": home, "PARTNERCHECK_HOME": home + "/sessions", "LANG": "C.UTF-8"]
        env.merge(extra) { $1 }
        return env
    }

    /// Runs with `input` piped to stdin and waits for the exit.
    static func run(_ arguments: [String], input: String = "", environment: [String: String],
                    executable: String = Binary.path, directory: String? = nil) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let writer = Thread {
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try? stdin.fileHandleForWriting.close()
        }
        writer.start()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
                      stderr: String(decoding: err, as: UTF8.self))
    }

    static func sessionFiles(in directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { $0.hasSuffix(".json") && $0 != "workshop.json" }.sorted().map { directory + "/" + $0 }
    }

    static func json(_ path: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }

    /// Question id → value (or status) across all rounds of a saved session.
    static func answers(_ path: String) throws -> [String: String] {
        var out: [String: String] = [:]
        for round in try json(path)["rounds"] as? [[String: Any]] ?? [] {
            let partner = (round["partner"] as? String).map { $0 + "/" } ?? ""
            for answer in round["answers"] as? [[String: Any]] ?? [] {
                let id = partner + (answer["question"] as? String ?? "")
                if answer["status"] as? String == "answered" {
                    // A multiple answer (an array of option keys) reads "a,c"; "none" when empty.
                    if let keys = answer["value"] as? [String] {
                        out[id] = keys.isEmpty ? "none" : keys.joined(separator: ",")
                    } else {
                        out[id] = answer["value"].map { "\($0)" }
                    }
                } else {
                    out[id] = answer["status"] as? String
                }
            }
        }
        return out
    }

    /// Validates a file against a schema with Python's jsonschema, an independent reader.
    /// Returns the validator's complaint, or nil when the file is valid.
    static func validateWithPython(_ file: String, schema: String) throws -> String? {
        let script = """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1])); doc = json.load(open(sys.argv[2]))
            jsonschema.Draft202012Validator.check_schema(schema)
            errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(doc), key=str)
            print(errors[0].message if errors else "valid")
            """
        let result = try run(["python3", "-c", script, schema, file], environment: ProcessInfo.processInfo.environment,
                             executable: "/usr/bin/env")
        let text = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        if result.status != 0 { return "python failed: " + result.stderr }
        return text == "valid" ? nil : text
    }
}

/// A pseudo-terminal with the binary running in it as the session leader, so readline is
/// really used and Ctrl-C really raises SIGINT.
final class PseudoTerminal {
    private let master: Int32
    private let slavePath: String
    private let process: Process
    /// Bytes read from the terminal, filled by a background thread, which alone closes the
    /// terminal's controlling side: when the program ends, or when asked to (hang-up, deinit).
    private final class Received: @unchecked Sendable {
        private let lock = NSLock()
        private var bytes: [UInt8] = []
        private var closeRequested = false
        func append(_ more: ArraySlice<UInt8>) { lock.withLock { bytes.append(contentsOf: more) } }
        var all: [UInt8] { lock.withLock { bytes } }
        func requestClose() { lock.withLock { closeRequested = true } }
        var shouldClose: Bool { lock.withLock { closeRequested } }
    }
    private let received = Received()
    private var readerThread: Thread?

    /// glibc's pty functions, which Swift's Glibc module does not export (they need _XOPEN_SOURCE).
    private static func libc<T>(_ name: String, as type: T.Type) -> T {
        unsafeBitCast(dlsym(UnsafeMutableRawPointer(bitPattern: 0), name)!, to: type)
    }
    private static let openMaster = libc("posix_openpt", as: (@convention(c) (Int32) -> Int32).self)
    private static let grant = libc("grantpt", as: (@convention(c) (Int32) -> Int32).self)
    private static let unlock = libc("unlockpt", as: (@convention(c) (Int32) -> Int32).self)
    private static let slaveName = libc("ptsname", as: (@convention(c) (Int32) -> UnsafeMutablePointer<CChar>?).self)

    /// The process on the terminal (setsid, which waits for the program).
    var processID: Int32 { process.processIdentifier }

    /// The terminal's line settings as `stty -a` prints them.
    func settings() -> String {
        let stty = Process()
        let out = Pipe()
        stty.executableURL = URL(fileURLWithPath: "/bin/stty")
        stty.arguments = ["-F", slavePath, "-a"]
        stty.standardOutput = out
        try? stty.run()
        stty.waitUntilExit()
        return String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    }

    /// Resizes the terminal, as a person dragging the window would: the program gets SIGWINCH.
    func resize(columns: Int, rows: Int = 40) {
        let size = Process()
        size.executableURL = URL(fileURLWithPath: "/bin/stty")
        size.arguments = ["-F", slavePath, "rows", String(rows), "cols", String(columns)]
        try? size.run()
        size.waitUntilExit()
    }

    /// Runs `executable` (partnercheck unless given) with `arguments` on a new pseudo-terminal.
    init(_ arguments: [String], environment: [String: String], executable: String = Binary.path) throws {
        master = Self.openMaster(O_RDWR | O_NOCTTY)
        guard master >= 0, Self.grant(master) == 0, Self.unlock(master) == 0, let name = Self.slaveName(master) else {
            throw POSIXError(.ENXIO)
        }
        let slaveName = String(cString: name)
        slavePath = slaveName
        let slave = open(slaveName, O_RDWR | O_NOCTTY)
        guard slave >= 0 else { throw POSIXError(.ENXIO) }
        let size = Process()
        size.executableURL = URL(fileURLWithPath: "/bin/stty")
        size.arguments = ["-F", slaveName, "rows", "40", "cols", "120"]
        try size.run()
        size.waitUntilExit()

        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/setsid")
        process.arguments = ["-w", "-c", executable] + arguments
        var env = environment
        env["TERM"] = env["TERM"] ?? "xterm"
        process.environment = env
        let handle = FileHandle(fileDescriptor: slave, closeOnDealloc: false)
        process.standardInput = handle
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        close(slave)
        let fd = master
        let thread = Thread { [received] in
            var chunk = [UInt8](repeating: 0, count: 4096)
            while !received.shouldClose {
                var ready = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                if poll(&ready, 1, 50) <= 0 { continue }
                let count = read(fd, &chunk, chunk.count)
                if count <= 0 { break }
                received.append(chunk[0..<count])
            }
            close(fd)
        }
        thread.start()
        readerThread = thread
    }

    deinit {
        if process.isRunning { process.terminate() }
        received.requestClose()
    }

    /// Closes the terminal, as closing its window does: the kernel hangs it up and sends SIGHUP
    /// to the program. Nothing can be sent afterwards.
    func hangUp() {
        received.requestClose()
    }

    /// Everything shown so far, with escape sequences and carriage returns removed.
    var screen: String {
        let raw = String(decoding: received.all, as: UTF8.self)
        return Self.strip(raw)
    }

    var raw: String { String(decoding: received.all, as: UTF8.self) }

    static func strip(_ text: String) -> String {
        var out = ""
        var iterator = text.unicodeScalars.makeIterator()
        while let c = iterator.next() {
            if c == "\u{1B}" {
                guard let next = iterator.next() else { break }
                if next == "[" {
                    while let d = iterator.next(), !(0x40...0x7E).contains(d.value) {}
                }
                continue
            }
            if c == "\r" || c == "\u{07}" { continue }
            out.unicodeScalars.append(c)
        }
        return out
    }

    func send(_ text: String) {
        var bytes = Array(text.utf8)
        _ = write(master, &bytes, bytes.count)
    }

    /// Waits until `text` has appeared `count` times on the screen.
    @discardableResult
    func waitFor(_ text: String, count: Int = 1, timeout: Double = 10) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if screen.components(separatedBy: text).count - 1 >= count { return true }
            usleep(20_000)
        }
        return false
    }

    /// Waits for the program to end and returns its exit status.
    func waitForExit(timeout: Double = 10) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        return process.isRunning ? nil : process.terminationStatus
    }
}

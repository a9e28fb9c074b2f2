import Foundation
import Testing

/// Faults a real run meets: a full disk, a failing disk, a changed permission at any write, fsync
/// or rename of a piped assessment (through PARTNERCHECK_FAULT, a seam for tests only), and SIGKILL
/// at any moment. After each, the session file is whole or absent, never empty or half-written, and
/// holds a prefix of the answers given.
@Suite("Faults: no fault loses or invents data", .serialized)
struct FaultTests {
    static let answers = ["4", "3", "2 -- only QBRs", "1", "5", "3", "dk"]
    static let expected = ["4", "3", "2", "1", "5", "3", "unknown"]
    static let order = ["senior-executive-involvement", "honest-direct-feedback", "regular-touch-points", "minimize-overlap-competition",
                        "clear-metrics-objectives", "transparency", "checking-in"]

    /// The answers saved in `file`, in question order, as values; nil when there is no file.
    static func savedPrefix(_ file: String) throws -> [String]? {
        guard FileManager.default.fileExists(atPath: file) else { return nil }
        let saved = try Binary.answers(file)
        return order.prefix { saved[$0] != nil }.map { saved[$0]! }
    }

    @Test("a failed write, fsync or rename at any point of a piped assessment: exit 2, one line, the file whole",
          arguments: ["write", "fsync", "rename"])
    func injectedFaults(operation: String) throws {
        let home = Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let codes = [("ENOSPC", "No space left on device"), ("EIO", "Input/output error"), ("EACCES", "Permission denied")]
        var n = 1
        var completedAt: Int? = nil
        while completedAt == nil && n < 40 {
            let file = home + "/f\(operation)\(n).json"
            let (code, reason) = codes[n % codes.count]
            let env = Binary.environment(home: home, extra: ["PARTNERCHECK_FAULT": "\(operation):\(n):\(code)"])
            let run = try Binary.run(["assess", "--questionnaire", "healthy-ecosystem", "--name", "Fay", "--out", file],
                                     input: Self.answers.joined(separator: "\n") + "\n", environment: env)
            if run.status == 0 {
                completedAt = n
                #expect(try Self.savedPrefix(file) == Self.expected)
                break
            }
            #expect(run.status == 2, "\(operation) \(n): exit \(run.status)")
            let lines = run.stderr.split(separator: "\n")
            #expect(lines.count == 1, "\(operation) \(n): \(run.stderr)")
            #expect(run.stderr.contains(file) && run.stderr.contains(reason), "\(operation) \(n): \(run.stderr)")
            #expect(!run.stdout.contains("Save to"))
            // Whole or absent, and a prefix of what was typed; never a file at another name.
            if let saved = try Self.savedPrefix(file) {
                #expect(Array(Self.expected.prefix(saved.count)) == saved, "\(operation) \(n): \(saved)")
            } else {
                #expect(n == 1, "\(operation) \(n): the file was lost")
            }
            let stray = try FileManager.default.contentsOfDirectory(atPath: home).filter { !$0.hasPrefix("f") && $0 != "sessions" }
            #expect(stray.isEmpty, "\(stray)")
            n += 1
        }
        // Every write of the whole assessment was failed once before one run got through.
        #expect((completedAt ?? 0) > 8)
    }

    @Test("SIGKILL at 100 random moments of a piped assessment: the file parses, holds a prefix, and --resume completes it")
    func killAtAnyMoment() throws {
        let home = Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let env = Binary.environment(home: home)
        var generator = SplitMix(seed: 2026)
        var killedWithFile = 0
        for attempt in 0..<100 {
            let file = home + "/k\(attempt).json"
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Binary.path)
            process.arguments = ["assess", "--questionnaire", "healthy-ecosystem", "--name", "Kit", "--out", file]
            process.environment = env
            let stdin = Pipe()
            process.standardInput = stdin
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            stdin.fileHandleForWriting.write(Data((Self.answers.joined(separator: "\n") + "\n").utf8))
            try? stdin.fileHandleForWriting.close()
            usleep(UInt32(generator.next() % 60_000))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            guard let saved = try Self.savedPrefix(file) else { continue }
            killedWithFile += 1
            #expect(Array(Self.expected.prefix(saved.count)) == saved, "attempt \(attempt): \(saved)")
            let session = try Binary.json(file)
            #expect(session["schema"] as? String == "partnercheck-session")
            if (session["status"] as? String) == "completed" { continue }
            let rest = Self.answers.dropFirst(saved.count).joined(separator: "\n") + "\n"
            let resumed = try Binary.run(["assess", "--resume", file], input: rest, environment: env)
            #expect(resumed.status == 0, "attempt \(attempt): \(resumed.stderr)")
            #expect(try Self.savedPrefix(file) == Self.expected, "attempt \(attempt)")
        }
        #expect(killedWithFile > 20)
        // No temporary file is ever mistaken for a session.
        #expect(try FileManager.default.contentsOfDirectory(atPath: home).allSatisfy { $0.hasPrefix("k") || $0.hasPrefix(".k") || $0 == "sessions" })
    }

    @Test("a 10 MB export to a file, written past the page cache: the bytes of stdout; a failed write or fsync at any point: exit 2, one line, no file")
    func largeExportFaults() throws {
        let home = Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let env = Binary.environment(home: home)
        let folder = home + "/org"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let first = folder + "/s00000.json"
        let made = try Binary.run(["assess", "--questionnaire", "healthy-ecosystem", "--name", "Fay", "--out", first],
                                  input: Self.answers.joined(separator: "\n") + "\n", environment: env)
        #expect(made.status == 0, "\(made.stderr)")
        // As many participants' files as make 10.5 MB of JSON Lines: five buffers of 2 MB and a tail.
        let one = try Binary.run(["export", first, "--format", "jsonl"], environment: env).stdout.utf8.count
        let session = try Data(contentsOf: URL(fileURLWithPath: first))
        for index in 1..<(21 * (1 << 19) / max(one, 1) + 1) {
            try session.write(to: URL(fileURLWithPath: folder + "/s\(String(format: "%05d", index)).json"))
        }
        let expected = try Binary.run(["export", folder, "--format", "jsonl"], environment: env)
        #expect(expected.status == 0 && expected.stdout.utf8.count > 9 * (1 << 20), "\(expected.stderr) \(expected.stdout.utf8.count)")
        let out = home + "/out.jsonl"
        var n = 1
        var completedAt: Int? = nil
        while completedAt == nil && n < 20 {
            let run = try Binary.run(["export", folder, "--format", "jsonl", "--out", out],
                                     environment: Binary.environment(home: home, extra: ["PARTNERCHECK_FAULT": "write:\(n):EIO"]))
            if run.status == 0 {
                completedAt = n
                #expect(try String(contentsOfFile: out, encoding: .utf8) == expected.stdout)
                break
            }
            #expect(run.status == 2, "write \(n): exit \(run.status)")
            #expect(run.stderr == "partnercheck: \(out): cannot write: Input/output error\n", "write \(n): \(run.stderr)")
            let left = try FileManager.default.contentsOfDirectory(atPath: home).sorted()
            #expect(left == ["org"], "write \(n): \(left)")
            n += 1
        }
        // Each of the six writes (five buffers and the tail) was failed once before one run got through.
        #expect(completedAt == 7)
        try FileManager.default.removeItem(atPath: out)
        let synced = try Binary.run(["export", folder, "--format", "jsonl", "--out", out],
                                    environment: Binary.environment(home: home, extra: ["PARTNERCHECK_FAULT": "fsync:1:ENOSPC"]))
        #expect(synced.status == 2 && synced.stderr == "partnercheck: \(out): cannot write: No space left on device\n", "\(synced.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }
}

/// A small deterministic generator, so a failing kill moment can be replayed.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
}

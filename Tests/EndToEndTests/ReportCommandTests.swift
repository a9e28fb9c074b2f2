import Foundation
import Testing
import PartnerCheckCore

@Suite("partnercheck report", .serialized)
struct ReportCommandTests {
    static func completedSession(_ home: String, _ name: String, answers: [String],
                                 questionnaires: [String] = ["healthy-ecosystem"]) throws -> String {
        let file = home + "/\(name).json"
        let result = try Binary.run(["assess"] + questionnaires.flatMap { ["--questionnaire", $0] } + ["--out", file, "--name", name],
                                    input: answers.joined(separator: "\n") + "\n", environment: Binary.environment(home: home))
        #expect(result.status == 0, "\(result.stderr)")
        return file
    }

    @Test("assess ends with the report; report prints it again in three formats")
    func formats() throws {
        let home = Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let file = home + "/r.json"
        let assess = try Binary.run(["assess", "--questionnaire", "healthy-ecosystem", "--out", file, "--name", "R"],
                                    input: "4\n3\n2\n1\n5\n3\ndk\n", environment: Binary.environment(home: home))
        // Piped: the one-screen summary first, then the full report; no list of every answer before them.
        let summaryAt = try #require(assess.stdout.range(of: "R: 50/100 overall"))
        let fullAt = try #require(assess.stdout.range(of: "partnercheck report · R"))
        #expect(summaryAt.lowerBound < fullAt.lowerBound)
        #expect(assess.stdout.contains("Your next 3 initiatives:"))
        #expect(!assess.stdout.contains("Your answers:"))
        #expect(assess.stdout.contains("Overall: 50/100"))
        #expect(assess.stdout.contains("Report again any time: \(Binary.realPath) report \(file) --full"))
        let env = Binary.environment(home: home)
        let text = try Binary.run(["report", file], environment: env)
        #expect(text.status == 0)
        #expect(text.stdout.contains("Phase 1 of 3: Design and Prototype"))
        #expect(text.stdout.contains("Next initiatives"))
        #expect(!text.stdout.contains("\u{1B}"))
        let again = try Binary.run(["report", file], environment: env)
        #expect(again.stdout == text.stdout)
        let ascii = try Binary.run(["report", file], environment: env.merging(["LANG": "C"]) { $1 })
        #expect(ascii.stdout.contains("###") && !ascii.stdout.contains("█"))
        let markdown = try Binary.run(["report", file, "--format", "markdown"], environment: env)
        #expect(markdown.stdout.hasPrefix("# Partnering assessment: R"))
        let json = home + "/r-report.json"
        let written = try Binary.run(["report", file, "--format", "json", "--out", json], environment: env)
        #expect(written.status == 0)
        #expect(try Binary.validateWithPython(json, schema: Binary.root + "/questionnaires/schemas/report.schema.json") == nil)
        let refused = try Binary.run(["report", file, "--format", "json", "--out", json], environment: env)
        #expect(refused.status == 1)
        #expect(refused.stderr == "partnercheck: \(json): already exists; use --force to replace it\n")
    }

    @Test("a partial session is reported and labelled")
    func partial() throws {
        let home = Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let file = home + "/p.json"
        _ = try Binary.run(["assess", "--questionnaire", "healthy-ecosystem", "--out", file, "--name", "P"], input: "4\n2\n",
                           environment: Binary.environment(home: home))
        let result = try Binary.run(["report", file], environment: Binary.environment(home: home))
        #expect(result.status == 0)
        #expect(result.stdout.contains("PARTIAL ASSESSMENT"))
        #expect(result.stdout.contains("Coverage: 2 of 7 questions scored (5 blind spots)"))
    }

    @Test("report on a corrupt or foreign file: one line, exit 1")
    func corrupt() throws {
        let home = Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let bad = home + "/bad.json"
        try "{\"schema\": \"partnercheck-session\"".write(toFile: bad, atomically: true, encoding: .utf8)
        let result = try Binary.run(["report", bad], environment: Binary.environment(home: home))
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("partnercheck: \(bad): not valid JSON"))
        #expect(result.stderr.filter { $0 == "\n" }.count == 1)
        #expect(result.stdout.isEmpty)
    }

    @Test("a printed command works when pasted into a new shell, whether or not partnercheck is on PATH")
    func printedCommandsWork() throws {
        let home = Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let file = home + "/p.json"
        let env = Binary.environment(home: home)  // PATH=/usr/bin:/bin: no build folder on it
        let first = try Binary.run(["assess", "--questionnaire", "healthy-ecosystem", "--out", file, "--name", "P"], input: "4\n3\n", environment: env)
        #expect(first.status == 3)
        let line = try #require(first.stdout.split(separator: "\n").first { $0.hasPrefix("To carry on later: ") })
        let command = String(line.dropFirst("To carry on later: ".count))
        #expect(command.hasPrefix(Binary.realPath))
        let resumed = try Binary.run(["-c", command], input: "5\n5\n5\n5\n5\n", environment: env, executable: "/bin/bash")
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(try Binary.answers(file).count == 7)
        // With partnercheck itself on PATH, the printed command uses its name.
        let bin = home + "/bin"
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: bin + "/partnercheck", withDestinationPath: Binary.realPath)
        let onPath = env.merging(["PATH": bin + ":/usr/bin:/bin"]) { $1 }
        let named = try Binary.run(["assess", "--questionnaire", "healthy-ecosystem", "--out", home + "/q.json", "--name", "Q"], input: "4\n", environment: onPath)
        #expect(named.stdout.contains("To carry on later: partnercheck assess --resume \(home)/q.json"))
    }

    @Test("report: the one-screen summary on top, then the full report; --full on a file gives both")
    func summaryOnTop() throws {
        let home = Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let file = try Self.completedSession(home, "s", answers: ["2", "2", "2", "2", "2", "2", "2"])
        let env = Binary.environment(home: home)
        let text = try Binary.run(["report", file], environment: env)
        let lines = text.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        let summaryEnd = try #require(lines.firstIndex { $0.hasPrefix("partnercheck report · s") })
        #expect(summaryEnd <= SummaryReport.maximumLines + 1)
        #expect(lines[0] == "s: 25/100 overall")
        let out = home + "/full.txt"
        #expect(try Binary.run(["report", file, "--full", "--out", out], environment: env).status == 0)
        #expect(try String(contentsOfFile: out, encoding: .utf8) == text.stdout)
    }

    @Test("compare shows the change per dimension and in phase; different questionnaires are refused")
    func compare() throws {
        let home = Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let both = ["healthy-ecosystem", "capability-programme"]
        let old = try Self.completedSession(home, "old", answers: ["2", "2", "2", "2", "2", "2", "2", "b", "b", "b"], questionnaires: both)
        let new = try Self.completedSession(home, "new", answers: ["4", "2", "4", "2", "4", "2", "5", "d", "c", "c"], questionnaires: both)
        let env = Binary.environment(home: home)
        let result = try Binary.run(["report", "--compare", old, new], environment: env)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Journey: Phase 1 (Design and Prototype) → Phase 2 (Implement and Iterate), up"))
        #expect(result.stdout.contains("Checking In- How Can I Help You?     25  100    ↑ +75"))
        #expect(result.stdout.contains("partnercheck comparison · new"))
        #expect(result.stdout.contains("What moved it:"))
        #expect(result.stdout.contains("no longer holding you back: \"How far has your programme to build partnering\n    capability...\" (was b) designing"))
        let other = home + "/m.json"
        _ = try Binary.run(["assess", "--questionnaire", "mutual-traits", "--out", other, "--name", "M"], input: "X\nours\n4\n4\n4\n4\n4\nno\n", environment: env)
        let refused = try Binary.run(["report", "--compare", old, other], environment: env)
        #expect(refused.status == 1)
        #expect(refused.stderr.hasPrefix("partnercheck: cannot compare: the two assessments answer different questionnaires"))
        let usage = try Binary.run(["report", "--compare", old], environment: env)
        #expect(usage.status == 64)
    }
}

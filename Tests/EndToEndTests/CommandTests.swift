import Foundation
import Testing

/// The other commands, bad input and the places files go.
@Suite("partnercheck commands and bad input", .serialized)
struct CommandTests {
    @Test("questionnaires list works from any directory and after the binary is copied elsewhere")
    func listAnywhere() throws {
        let home = Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let copy = home + "/bin/pc"
        try FileManager.default.createDirectory(atPath: home + "/bin", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Binary.path, toPath: copy)
        for (executable, directory) in [(Binary.path, "/"), (copy, home), (copy, "/tmp")] {
            let result = try Binary.run(["questionnaires", "list"], environment: Binary.environment(home: home),
                                        executable: executable, directory: directory)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("three-questions       12"))
            #expect(result.stdout.contains("mutual-traits         5 per partner"))
            #expect(result.stdout.contains("value-believability   7"))
            #expect(result.stdout.contains("The Problem With B2B Partner Ecosystems (003)"))
            #expect(result.stdout.contains("Healthy Ecosystem (000)"))
        }
    }

    @Test("a facilitator's own questionnaire folder is listed and assessed with no code change")
    func ownQuestionnaires() throws {
        let home = Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let dir = home + "/mine"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try customQuestionnaire.write(toFile: dir + "/supplier.json", atomically: true, encoding: .utf8)
        let env = Binary.environment(home: home)
        let list = try Binary.run(["questionnaires", "list", "--questionnaires", dir], environment: env)
        #expect(list.stdout.contains("supplier-health"))
        #expect(!list.stdout.contains("three-questions"))
        let result = try Binary.run(["assess", "--questionnaires", dir, "--out", home + "/s.json", "--name", "F"],
                                    input: "\ntwo\ny\n", environment: env)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try Binary.answers(home + "/s.json") == ["on-time": "2", "contract": "yes"])
    }

    @Test("questionnaires validate: ok files pass, bad ones name the file, the JSON path and the problem")
    func validate() throws {
        let home = Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let bad = home + "/bad.json"
        try customQuestionnaire.replacingOccurrences(of: "\"yes-no\"", with: "\"slider\"").write(toFile: bad, atomically: true, encoding: .utf8)
        let broken = home + "/broken.json"
        try "{\"id\": \"x\",".write(toFile: broken, atomically: true, encoding: .utf8)
        let conditional = home + "/conditional.json"
        try customQuestionnaire.replacingOccurrences(of: "\"allowUnknown\": false}", with: #""allowUnknown": false, "askIf": {"question": "on-time", "is": [9]}}"#)
            .write(toFile: conditional, atomically: true, encoding: .utf8)
        let good = Binary.root + "/questionnaires/healthy-ecosystem.json"
        let result = try Binary.run(["questionnaires", "validate", good, bad, conditional, broken, home + "/missing.json"],
                                    environment: Binary.environment(home: home))
        #expect(result.status == 1)
        #expect(result.stdout.contains("\(good): ok (healthy-ecosystem version 1, 7 questions)"))
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        // Two problems in one file: both are reported.
        let twice = home + "/twice.json"
        try customQuestionnaire.replacingOccurrences(of: "\"dimension\": \"supply\", \"weight\": 2", with: "\"dimension\": \"demand\", \"weight\": 2")
            .replacingOccurrences(of: "\"allowUnknown\": false}", with: #""allowUnknown": false, "askIf": {"question": "on-time", "is": [9]}}"#)
            .write(toFile: twice, atomically: true, encoding: .utf8)
        let both = try Binary.run(["questionnaires", "validate", twice], environment: Binary.environment(home: home))
        #expect(both.status == 1)
        #expect(both.stderr.contains("$.questions[0].dimension: unknown dimension \"demand\"") && both.stderr.contains("$.questions[1].askIf.is[0]"))
        #expect(lines[0] == "partnercheck: \(bad): $.questions[1].kind: expected one of \"rating\", \"choice\", \"multiple\", \"yes-no\", \"text\", found \"slider\"")
        #expect(lines[1] == "partnercheck: \(conditional): $.questions[1].askIf.is[0]: \"on-time\" can never be answered 9")
        #expect(lines[2].hasPrefix("partnercheck: \(broken): not valid JSON"))
        #expect(lines[3] == "partnercheck: \(home)/missing.json: cannot read: No such file or directory")
        let shipped = try Binary.run(["questionnaires", "validate"] + ["three-questions", "healthy-ecosystem", "mutual-traits", "capability-programme",
                                                                      "governance", "design-principles", "value-believability"].map { Binary.root + "/questionnaires/\($0).json" },
                                     environment: Binary.environment(home: home))
        #expect(shipped.status == 0)
    }

    @Test("a malformed questionnaire folder stops assess with one line and exit 1")
    func malformedFolder() throws {
        let home = Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: home) }
        try "[]".write(toFile: home + "/q.json", atomically: true, encoding: .utf8)
        let result = try Binary.run(["assess", "--questionnaires", home], input: "", environment: Binary.environment(home: home))
        #expect(result.status == 1)
        #expect(result.stderr == "partnercheck: \(home)/q.json: $: expected object, found an array of 0\n")
    }

    @Test("resuming a corrupt or foreign file fails with one line, exit 1, and leaves the file alone")
    func badSessionFiles() throws {
        let home = Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let cases = [("corrupt.json", "{\"schema\": \"partnercheck-session\", \"rounds\": [", "not valid JSON"),
                     ("foreign.json", "{\"name\": \"left-pad\", \"version\": \"1.0.0\"}", "not a partnercheck session"),
                     ("empty.json", "", "not valid JSON")]
        for (name, content, message) in cases {
            let path = home + "/" + name
            try content.write(toFile: path, atomically: true, encoding: .utf8)
            let result = try Binary.run(["assess", "--resume", path], input: "4\n", environment: Binary.environment(home: home))
            #expect(result.status == 1)
            #expect(result.stderr.hasPrefix("partnercheck: \(path): "))
            #expect(result.stderr.contains(message))
            #expect(result.stderr.filter { $0 == "\n" }.count == 1)
            #expect(try String(contentsOfFile: path, encoding: .utf8) == content)
        }
        let missing = try Binary.run(["assess", "--resume", home + "/nope.json"], environment: Binary.environment(home: home))
        #expect(missing.status == 1)
        #expect(missing.stderr == "partnercheck: \(home)/nope.json: cannot read: No such file or directory\n")
    }

    @Test("a session answered to another version of a questionnaire is not misread")
    func changedQuestionnaire() throws {
        let home = Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let dir = home + "/q"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try customQuestionnaire.write(toFile: dir + "/supplier.json", atomically: true, encoding: .utf8)
        let env = Binary.environment(home: home)
        let file = home + "/s.json"
        _ = try Binary.run(["assess", "--questionnaires", dir, "--out", file, "--name", "V"], input: "\none star\n", environment: env)
        let before = try String(contentsOfFile: file, encoding: .utf8)
        let changed = customQuestionnaire.replacingOccurrences(of: "\"version\": 1", with: "\"version\": 2")
            .replacingOccurrences(of: "Deliveries arrive on time.", with: "Deliveries arrive complete.")
        try changed.write(toFile: dir + "/supplier.json", atomically: true, encoding: .utf8)
        let result = try Binary.run(["assess", "--questionnaires", dir, "--resume", file], input: "y\n", environment: env)
        #expect(result.status == 1)
        #expect(result.stderr.contains("questionnaire \"supplier-health\" changed from version 1 to 2: question \"on-time\" was reworded"))
        #expect(try String(contentsOfFile: file, encoding: .utf8) == before)
    }

    @Test("an unwritable place for sessions fails before the first question with exit 2")
    func unwritable() throws {
        let home = Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: home) }
        try "x".write(toFile: home + "/plainfile", atomically: true, encoding: .utf8)
        let result = try Binary.run(["assess", "--data-dir", home + "/plainfile/sessions"], input: "Jo\n",
                                    environment: Binary.environment(home: home))
        #expect(result.status == 2)
        #expect(result.stderr == "partnercheck: \(home)/plainfile/sessions: cannot create the directory: Not a directory\n")
        #expect(!result.stdout.contains("Your name"))
    }

    @Test("--out never overwrites an existing file")
    func noOverwrite() throws {
        let home = Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let path = home + "/precious.json"
        try "my data".write(toFile: path, atomically: true, encoding: .utf8)
        let result = try Binary.run(["assess", "--out", path], input: "Jo\n", environment: Binary.environment(home: home))
        #expect(result.status == 1)
        #expect(result.stderr.contains("\(path): already exists; partnercheck never overwrites"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "my data")
    }

    @Test("two sessions by the same person on the same day get two files")
    func twoSessions() throws {
        let home = Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: home) }
        for _ in 0..<2 {
            _ = try Binary.run(["assess", "--questionnaire", "healthy-ecosystem", "--name", "../../Pat"], input: "4\n",
                               environment: Binary.environment(home: home))
        }
        let files = Binary.sessionFiles(in: home + "/sessions").map { ($0 as NSString).lastPathComponent }
        #expect(files.count == 2)
        #expect(files.allSatisfy { $0.contains("-pat") })
    }

    @Test("--help documents the exit codes; a wrong flag is a usage error")
    func help() throws {
        let home = Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let help = try Binary.run(["--help"], environment: Binary.environment(home: home))
        #expect(help.stdout.contains("3    paused"))
        #expect(help.stdout.contains("130  saved and stopped by a second Ctrl-C"))
        let wrong = try Binary.run(["assess", "--colour"], environment: Binary.environment(home: home))
        #expect(wrong.status == 64)
        #expect(help.stdout.contains("--generate-completion-script bash|zsh|fish") && help.stdout.contains("man partnercheck"))
        // A misspelt command or option: "Did you mean", the usage of the command meant, exit 64.
        let command = try Binary.run(["reprot", "x.json"], environment: Binary.environment(home: home))
        #expect(command.status == 64)
        #expect(command.stderr.hasPrefix("partnercheck: Unknown command 'reprot'. Did you mean 'report'?\nUsage: partnercheck report"))
        let option = try Binary.run(["report", "--fromat", "markdown", "x.json"], environment: Binary.environment(home: home))
        #expect(option.status == 64)
        #expect(option.stderr.hasPrefix("partnercheck: Unknown option '--fromat'. Did you mean '--format'?\nUsage: partnercheck report"))
        let assessOption = try Binary.run(["assess", "--levle", "exec"], environment: Binary.environment(home: home))
        #expect(assessOption.status == 64 && assessOption.stderr.contains("Did you mean '--level'?"))
        let unknown = try Binary.run(["assess", "--questionnaire", "nope"], environment: Binary.environment(home: home))
        #expect(unknown.status == 1)
        #expect(unknown.stderr.hasPrefix("partnercheck: no questionnaire \"nope\" (available: three-questions, healthy-ecosystem, mutual-traits, capability-programme, governance, design-principles, value-believability)"))
    }
}

/// A facilitator's own questionnaire, shared with the core tests.
let customQuestionnaire: String = {
    (try? String(contentsOfFile: Binary.root + "/Tests/Fixtures/supplier-health.json", encoding: .utf8)) ?? ""
}()

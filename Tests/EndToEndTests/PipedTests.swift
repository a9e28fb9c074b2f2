import Foundation
import Testing

/// The real binary with piped stdin, as a script or CI would run it.
@Suite("partnercheck with piped input", .serialized)
struct PipedTests {
    static let everything = [
        "Jane Doe", "executive", "Acme", "",
        "4", "3", "2", "1", "largely", "fully", "b", "a little", "partly", "dk", "4", "5",
        "agree", "4", "3", "2 -- too many partners chasing the same deals, \"badly\"", "1", "skip", "5",
        "Globex", "ours", "4", "4", "3", "2", "5", "no",
        // Your capability programme: three anchored choices.
        "d", "c", "b",
        // Governance: no core partners ("c"), so the two questions about them are not asked.
        "4", "3", "routine", "2", "5", "c", "3", "4",
        // Design principles: a multiple answer by letters and a label start, then "none" at the last.
        "a, c, whom", "4", "part of corporate", "2", "3", "4", "3", "4", "none",
        // Value and believability: sourced revenue is among the metrics, so its weight is asked.
        "believes", "b", "a, b", "c", "agree", "3", "2",
    ]

    @Test("a whole assessment of every questionnaire runs from a file and is saved, schema-valid")
    func wholeAssessment() throws {
        let home = Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let result = try Binary.run(["assess"], input: Self.everything.joined(separator: "\n") + "\n",
                                    environment: Binary.environment(home: home))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stdout.contains("\u{1B}"), "escape codes in piped output")
        #expect(result.stdout.contains("12 of 53 · Three Questions to Ask Yourself"))
        #expect(result.stdout.contains("24 of 53 · Mutual traits · Globex"))
        #expect(result.stdout.contains("51 of 51 · Value and believability"))
        #expect(!result.stdout.contains("discuss, debate, decide"), "a question whose condition is unmet was asked")
        #expect(result.stdout.contains("All done. Thank you, Jane Doe."))
        let files = Binary.sessionFiles(in: home + "/sessions")
        #expect(files.count == 1)
        let file = try #require(files.first)
        #expect(file.hasSuffix("-jane-doe.json"))
        #expect(result.stdout.contains("Saved to \(file)"))
        let answers = try Binary.answers(file)
        #expect(answers.count == 51)
        #expect(answers["capability-organized"] == "b")
        #expect(answers["front-line-armed"] == "a,c,e")
        #expect(answers["softer-value"] == "none")
        #expect(answers["held-to-metrics"] == "a,b")
        #expect(answers["sourced-revenue-weight"] == "c")
        #expect(answers["core-partners"] == "c")
        #expect(answers["discuss-debate-decide"] == nil && answers["two-way-value"] == nil)
        #expect(answers["executive-suite-ready"] == "unknown")
        #expect(answers["transparency"] == "skipped")
        #expect(answers["Globex/success"] == "2")
        let session = try Binary.json(file)
        #expect(session["status"] as? String == "completed")
        #expect((session["respondent"] as? [String: String]) == ["name": "Jane Doe", "level": "executive", "organisation": "Acme"])
        let attributes = try FileManager.default.attributesOfItem(atPath: file)
        #expect(attributes[.posixPermissions] as? Int == 0o600)
        #expect(try FileManager.default.attributesOfItem(atPath: home + "/sessions")[.posixPermissions] as? Int == 0o700)
        #expect(try Binary.validateWithPython(file, schema: Binary.root + "/questionnaires/schemas/session.schema.json") == nil)
    }

    @Test("a retake starts a new session pre-filled from the earlier one: Enter keeps an answer, and compare reads the pair")
    func retake() throws {
        let home = Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let env = Binary.environment(home: home)
        let first = home + "/q1.json", second = home + "/q2.json"
        #expect(try Binary.run(["assess", "--questionnaire", "healthy-ecosystem", "--out", first, "--name", "Quinn"],
                               input: "2\n2 -- only QBRs\n2\n2\n2\n2\ndk\n", environment: env).status == 0)
        let again = try Binary.run(["assess", "--retake", first, "--out", second], input: "\n4\n\n\n\n5\n\n", environment: env)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("Retaking the assessment last saved"))
        #expect(again.stdout.contains("Your answer last time: disagree (2). Press Enter to keep it."))
        #expect(!again.stdout.contains("Your name:"))
        let answers = try Binary.answers(second)
        #expect(answers == ["senior-executive-involvement": "2", "honest-direct-feedback": "4", "regular-touch-points": "2",
                            "minimize-overlap-competition": "2", "clear-metrics-objectives": "2", "transparency": "5",
                            "checking-in": "unknown"])
        let session = try Binary.json(second)
        #expect((session["respondent"] as? [String: String])?["name"] == "Quinn")
        #expect(session["id"] as? String != (try Binary.json(first))["id"] as? String)
        #expect(try Binary.answers(first)["honest-direct-feedback"] == "2", "the earlier session is never changed")
        let compare = try Binary.run(["report", "--compare", first, second], environment: env)
        #expect(compare.status == 0)
        #expect(compare.stdout.contains("Honest, Direct Feedback              25   75    ↑ +50"))
        let refused = try Binary.run(["assess", "--retake", first, "--resume", first], environment: env)
        #expect(refused.status == 64)
    }

    @Test("the README's example: one questionnaire from a file, with the note kept")
    func oneQuestionnaire() throws {
        let home = Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let input = "Sam\nfield\n\n4\n4\n2 -- we meet twice a year, at most\n3\n3\n4\n5\n"
        let result = try Binary.run(["assess", "--questionnaire", "healthy-ecosystem", "--out", home + "/sam.json"],
                                    input: input, environment: Binary.environment(home: home))
        #expect(result.status == 0, "\(result.stderr)")
        let session = try Binary.json(home + "/sam.json")
        let answers = (session["rounds"] as? [[String: Any]])?.first?["answers"] as? [[String: Any]] ?? []
        #expect(answers.count == 7)
        #expect(answers[2]["note"] as? String == "we meet twice a year, at most")
        #expect(answers[2]["label"] as? String == "disagree")
    }

    @Test("input that ends early pauses with exit 3; resume finishes it with nothing lost")
    func pauseAndResume() throws {
        let home = Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let env = Binary.environment(home: home)
        let first = try Binary.run(["assess", "--questionnaire", "healthy-ecosystem", "--name", "Kim"], input: "4\n3\n",
                                   environment: env)
        #expect(first.status == 3)
        let file = try #require(Binary.sessionFiles(in: home + "/sessions").first)
        #expect(first.stdout.contains("partnercheck assess --resume \(file)"))
        #expect(try Binary.answers(file).count == 2)
        let second = try Binary.run(["assess", "--resume", file], input: "2\n2\n2\n2\n2\n", environment: env)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("3 of 7 · Healthy ecosystem"))
        let answers = try Binary.answers(file)
        #expect(answers.count == 7)
        #expect(answers["senior-executive-involvement"] == "4")
        #expect(answers["honest-direct-feedback"] == "3")
        let again = try Binary.run(["assess", "--resume", file], input: "\n", environment: env)
        #expect(again.status == 0)
        #expect(again.stdout.contains("This assessment is already complete"))
    }

    @Test("kill -9 between answers loses nothing: resume carries on from the last saved answer")
    func killNine() throws {
        let home = Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let env = Binary.environment(home: home)
        let file = home + "/k.json"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Binary.path)
        process.arguments = ["assess", "--questionnaire", "healthy-ecosystem", "--out", file, "--name", "K"]
        process.environment = env
        let stdin = Pipe()
        process.standardInput = stdin
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        for answer in ["5", "4", "3"] {
            stdin.fileHandleForWriting.write(Data((answer + "\n").utf8))
        }
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline, ((try? Binary.answers(file).count) ?? 0) < 3 { usleep(10_000) }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(try Binary.answers(file) == ["senior-executive-involvement": "5", "honest-direct-feedback": "4", "regular-touch-points": "3"])
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: home).filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty)
        let resumed = try Binary.run(["assess", "--resume", file], input: "1\n1\n1\n1\n", environment: env)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(try Binary.answers(file).count == 7)
        #expect(try Binary.answers(file)["regular-touch-points"] == "3")
    }

    @Test("SIGTERM at a prompt saves and exits with 143")
    func sigterm() throws {
        let home = Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let file = home + "/t.json"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Binary.path)
        process.arguments = ["assess", "--questionnaire", "healthy-ecosystem", "--out", file, "--name", "T"]
        process.environment = Binary.environment(home: home)
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        stdin.fileHandleForWriting.write(Data("4\n".utf8))
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline, ((try? Binary.answers(file).count) ?? 0) < 1 { usleep(10_000) }
        usleep(100_000)
        kill(process.processIdentifier, SIGTERM)
        let output = String(decoding: stdout.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 143)
        #expect(output.contains("To carry on later: \(Binary.realPath) assess --resume \(file)"))
        #expect(try Binary.answers(file) == ["senior-executive-involvement": "4"])
    }

    @Test("hostile lines on stdin: empty, 1 MB, control characters, escapes, emoji, EOF mid-question")
    func hostile() throws {
        let home = Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let input = "\n\n" + String(repeating: "x", count: 1_000_000) + "\n\u{1B}[2J4\u{07}\n\u{00}\u{01}3\r\n2 -- 🎉 日本 \u{1B}]0;title\u{07}\nagr"
        let file = home + "/h.json"
        let result = try Binary.run(["assess", "--questionnaire", "healthy-ecosystem", "--out", file, "--name", "H"],
                                    input: input, environment: Binary.environment(home: home))
        // The last line has no newline: it is read, then the input ends mid-question.
        #expect(result.status == 3)
        #expect(try Binary.answers(file) == ["senior-executive-involvement": "4", "honest-direct-feedback": "3",
                                             "regular-touch-points": "2", "minimize-overlap-competition": "4"])
        #expect(!result.stdout.contains("\u{1B}"))
        #expect(result.stdout.utf8.count < 100_000)
        let note = (try Binary.json(file)["rounds"] as? [[String: Any]])?.first?["answers"] as? [[String: Any]]
        #expect(note?[2]["note"] as? String == "🎉 日本")
    }

    @Test("accessible mode over a pipe: scale points in words, no symbols")
    func accessible() throws {
        let home = Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: home) }
        for (arguments, extra) in [(["--accessible"], [String: String]()), ([], ["ACCESSIBLE": "1"]), ([], ["TERM": "dumb"])] {
            let result = try Binary.run(["assess", "--questionnaire", "healthy-ecosystem", "--name", "A"] + arguments,
                                        input: "4\nquit\n", environment: Binary.environment(home: home, extra: extra))
            #expect(result.status == 3)
            #expect(result.stdout.contains("Question 1 of 7, Healthy ecosystem"))
            #expect(result.stdout.contains("4 means agree."))
            #expect(!result.stdout.contains("·") && !result.stdout.contains("—"))
        }
    }
}

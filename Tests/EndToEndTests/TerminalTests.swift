import Foundation
import Testing

/// The real binary in a pseudo-terminal: readline is really used.
@Suite("partnercheck in a terminal", .serialized)
struct TerminalTests {
    static func start(_ arguments: [String], home: String, extra: [String: String] = [:]) throws -> PseudoTerminal {
        try PseudoTerminal(arguments, environment: Binary.environment(home: home, extra: ["INPUTRC": "/dev/null"].merging(extra) { $1 }))
    }

    @Test("typed answers, Tab completion, back with the answer pre-filled, Ctrl-D saves")
    func typing() throws {
        let home = Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let file = home + "/s.json"
        let term = try Self.start(["assess", "--questionnaire", "healthy-ecosystem", "--out", file, "--name", "Tess"], home: home)
        #expect(term.waitFor("1 of 7 · Healthy ecosystem"))
        term.send("stron\t")       // completes to "strongly "
        term.send("a\t\r")         // "strongly agree"
        #expect(term.waitFor("2 of 7 · Healthy ecosystem"))
        term.send("neit\t\r")      // "neither agree nor disagree"
        #expect(term.waitFor("3 of 7"))
        term.send("back\r")
        #expect(term.waitFor("2 of 7", count: 2))
        #expect(term.waitFor("> neither agree nor disagree", count: 2))
        term.send("\r")            // Enter keeps the pre-filled answer
        #expect(term.waitFor("3 of 7", count: 2))
        term.send("\u{04}")        // Ctrl-D
        #expect(term.waitForExit() == 3)
        #expect(term.screen.contains("To carry on later: \(Binary.realPath) assess --resume \(file)"))
        #expect(try Binary.answers(file) == ["senior-executive-involvement": "5", "honest-direct-feedback": "3"])
    }

    @Test("a multiple question in a terminal: Tab completes the option after a comma")
    func multipleWithTab() throws {
        let home = Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let file = home + "/m.json"
        let term = try Self.start(["assess", "--questionnaire", "design-principles", "--out", file, "--name", "Mo"], home: home)
        #expect(term.waitFor("1 of 9 · Design principles and qualities"))
        term.send("b, whom\t\r")    // "b, whom to go to within the partner for what; how communication flows"
        #expect(term.waitFor("2 of 9"))
        term.send("quit\r")
        #expect(term.waitForExit() == 3)
        #expect(try Binary.answers(file)["front-line-armed"] == "b,e")
    }

    @Test("on a terminal the assessment ends with the one-screen summary; Enter shows the full report through the pager")
    func summaryThenPager() throws {
        let home = Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let file = home + "/t.json"
        let paged = home + "/paged.txt"
        // A pager that keeps what it was given and says so.
        let pager = "cat > \(paged); echo PAGER-DONE"
        let term = try Self.start(["assess", "--questionnaire", "healthy-ecosystem", "--out", file, "--name", "Pia"], home: home,
                                  extra: ["PAGER": pager, "COLUMNS": "72", "NO_COLOR": "1"])
        for (index, answer) in ["agree", "agree", "agree", "agree", "agree", "agree", "agree"].enumerated() {
            #expect(term.waitFor("\(index + 1) of 7"))
            term.send(answer + "\r")
        }
        #expect(term.waitFor("How strongly do you want"))
        term.send("\r")
        #expect(term.waitFor("Full report: press Enter"))
        #expect(term.screen.contains("Pia: 75/100 overall"))
        #expect(term.screen.contains("Your next 2 initiatives:"))
        #expect(!term.screen.contains("Dimensions, highest first"), "the full report came before it was asked for")
        term.send("\r")
        #expect(term.waitFor("PAGER-DONE"))
        #expect(term.waitForExit() == 0)
        let full = try String(contentsOfFile: paged, encoding: .utf8)
        #expect(full.contains("Dimensions, highest first"))
        for line in full.split(separator: "\n") { #expect(line.count <= 72, "\(line)") }
    }

    @Test("report on a terminal: the summary, then q finishes without the full report")
    func reportOnTerminal() throws {
        let home = Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let file = home + "/r.json"
        _ = try Binary.run(["assess", "--questionnaire", "healthy-ecosystem", "--out", file, "--name", "Rae"],
                           input: "2\n2\n2\n2\n2\n2\n2\n", environment: Binary.environment(home: home))
        let term = try Self.start(["report", file], home: home, extra: ["PAGER": "cat > /dev/null; echo PAGER-DONE"])
        #expect(term.waitFor("Full report: press Enter"))
        #expect(term.screen.contains("Rae: 25/100 overall"))
        term.send("q\r")
        #expect(term.waitForExit() == 0)
        #expect(!term.screen.contains("PAGER-DONE"))
    }

    @Test("after the terminal is resized, questions wrap to the new width")
    func resize() throws {
        let home = Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let term = try Self.start(["assess", "--questionnaire", "three-questions", "--out", home + "/w.json", "--name", "Wyn"], home: home)
        #expect(term.waitFor("1 of 12"))
        term.resize(columns: 50)
        usleep(200_000)
        term.send("3\r")
        #expect(term.waitFor("2 of 12"))
        // The second question, asked after the resize, wraps within 50 columns.
        let screen = term.screen
        let second = try #require(screen.range(of: "2 of 12"))
        let lines = screen[second.upperBound...].split(separator: "\n").prefix(4).map { $0.replacingOccurrences(of: "\r", with: "") }
        #expect(lines.contains { $0.hasPrefix("Does your company take an ecosystem") })
        #expect(lines.allSatisfy { $0.count < 50 }, "\(lines)")
        term.send("quit\r")
        #expect(term.waitForExit() == 3)
    }

    @Test("workshop watch redraws as answers arrive, and q quits with the terminal restored")
    func watch() throws {
        let home = Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let env = Binary.environment(home: home)
        let dir = home + "/ws"
        #expect(try Binary.run(["workshop", "new", "Live", "--dir", dir, "--questionnaire", "healthy-ecosystem"], environment: env).status == 0)
        let term = try Self.start(["workshop", "watch", dir, "--interval", "0.2"], home: home)
        #expect(term.waitFor("0 finished, 0 still answering"))
        #expect(term.waitFor("q to quit"))
        // Two people answer from another seat; the view follows.
        for (name, answer) in [("Ann", "1"), ("Bob", "5")] {
            let input = [name, "field", ""] + Array(repeating: answer, count: 7) + ["no"]
            #expect(try Binary.run(["assess", "--workshop", dir], input: input.joined(separator: "\n") + "\n", environment: env).status == 0)
        }
        #expect(term.waitFor("2 finished, 0 still answering"))
        #expect(term.waitFor("Finished: Ann, Bob"))
        #expect(term.waitFor("within one point"))
        let before = term.settings()
        #expect(before.contains("-icanon") && before.contains("-echo "), "raw while watching")
        term.send("q")
        #expect(term.waitForExit() == 0)
        let after = term.settings()
        #expect(!after.contains("-icanon") && !after.contains("-echo "), "restored: \(after)")
        // Piped, it prints the view once.
        let once = try Binary.run(["workshop", "watch", dir, "--anonymous"], environment: env)
        #expect(once.status == 0)
        #expect(once.stdout.contains("2 finished, 0 still answering") && !once.stdout.contains("Ann"))
    }

    @Test("the slips of a new user, at a real terminal: a level's synonym, a typo's suggestion taken with y, why and why more")
    func slips() throws {
        let home = Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let file = home + "/slips.json"
        let term = try Self.start(["assess", "--questionnaire", "three-questions", "--out", file], home: home, extra: ["NO_COLOR": "1"])
        #expect(term.waitFor("Your name:"))
        term.send("Sam\r")
        #expect(term.waitFor("Your level"))
        term.send("exectuive\r")
        #expect(term.waitFor("Did you mean \"executive\""))
        term.send("y\r")
        #expect(term.waitFor("Your organisation:"))
        term.send("\r")
        #expect(term.waitFor("1 of 12"))
        term.send("largley\r")
        #expect(term.waitFor("Did you mean \"largely\"?"))
        term.send("y\r")
        #expect(term.waitFor("2 of 12"))
        term.send("why\r")
        #expect(term.waitFor("Type why more for the whole passage."))
        term.send("why more\r")
        #expect(term.waitFor("It incorporates numerous partnering models and value propositions."))
        term.send("quit\r")
        #expect(term.waitForExit() == 3)
        let session = try Binary.json(file)
        #expect((session["respondent"] as? [String: String])?["level"] == "executive")
        #expect(try Binary.answers(file)["engaged-with-partners"] == "4")
    }

    @Test("Up-arrow recalls an earlier line; a low rating asks a follow-up")
    func historyAndFollowUp() throws {
        let home = Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let file = home + "/s.json"
        let term = try Self.start(["assess", "--questionnaire", "healthy-ecosystem", "--out", file, "--name", "Uma"], home: home)
        #expect(term.waitFor("1 of 7"))
        term.send("disagree\r")
        #expect(term.waitFor("What gets in the way?"))
        term.send("No sponsor at all\r")
        #expect(term.waitFor("2 of 7"))
        term.send("\u{1B}[A\u{1B}[A\r")   // Up twice: "disagree"
        #expect(term.waitFor("What gets in the way?", count: 2))
        term.send("\r")
        #expect(term.waitFor("3 of 7"))
        term.send("quit\r")
        #expect(term.waitForExit() == 3)
        let session = try Binary.json(file)
        let answers = (session["rounds"] as? [[String: Any]])?.first?["answers"] as? [[String: Any]] ?? []
        #expect(answers.count == 2)
        #expect(answers[0]["note"] as? String == "No sponsor at all")
        #expect(answers[1]["value"] as? Int == 2)
        #expect(answers[1]["note"] == nil)
    }

    @Test("Ctrl-C clears the line; a second Ctrl-C saves and exits with 130")
    func controlC() throws {
        let home = Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let file = home + "/s.json"
        let term = try Self.start(["assess", "--questionnaire", "healthy-ecosystem", "--out", file, "--name", "Cy"], home: home)
        #expect(term.waitFor("1 of 7"))
        term.send("garbage\u{03}")
        #expect(term.waitFor("Line cleared"))
        term.send("4\r")
        #expect(term.waitFor("2 of 7"))
        term.send("\u{03}")
        #expect(term.waitFor("Line cleared", count: 2))
        term.send("\u{03}")
        #expect(term.waitForExit() == 130)
        #expect(try Binary.answers(file) == ["senior-executive-involvement": "4"])
    }

    @Test("closing the terminal (a hang-up, SIGHUP) saves what was answered and exits with 129")
    func hangUp() throws {
        let home = Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let file = home + "/s.json"
        let term = try Self.start(["assess", "--questionnaire", "healthy-ecosystem", "--out", file, "--name", "Hu"], home: home)
        #expect(term.waitFor("1 of 7"))
        term.send("4\r")
        #expect(term.waitFor("2 of 7"))
        term.send("3")  // typed, not yet entered
        #expect(term.waitFor("> 3"))
        term.hangUp()
        #expect(term.waitForExit() == 129)
        #expect(try Binary.answers(file) == ["senior-executive-involvement": "4"])
        #expect(try Binary.json(file)["status"] as? String == "in-progress")
    }

    @Test("the user's inputrc applies")
    func inputrc() throws {
        let home = Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let rc = home + "/inputrc"
        try "$if partnercheck\n\"\\C-xa\": \"strongly agree\"\n$endif\n".write(toFile: rc, atomically: true, encoding: .utf8)
        let file = home + "/s.json"
        let term = try Self.start(["assess", "--questionnaire", "healthy-ecosystem", "--out", file, "--name", "Ivy"], home: home,
                                  extra: ["INPUTRC": rc])
        #expect(term.waitFor("1 of 7"))
        term.send("\u{18}a\r")
        #expect(term.waitFor("2 of 7"))
        term.send("\u{04}")
        #expect(term.waitForExit() == 3)
        #expect(try Binary.answers(file) == ["senior-executive-involvement": "5"])
    }

    @Test("colour on a terminal, none with NO_COLOR; emoji typed at a note are kept")
    func colourAndEmoji() throws {
        let home = Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let file = home + "/s.json"
        let coloured = try Self.start(["assess", "--questionnaire", "healthy-ecosystem", "--out", file, "--name", "Em"], home: home)
        #expect(coloured.waitFor("1 of 7"))
        #expect(coloured.raw.contains("\u{1B}[1m"))
        coloured.send("1 -- 🚀 日本\r")
        #expect(coloured.waitFor("2 of 7"))
        coloured.send("\u{04}")
        #expect(coloured.waitForExit() == 3)
        let round = (try Binary.json(file)["rounds"] as? [[String: Any]])?.first
        #expect((round?["answers"] as? [[String: Any]])?.first?["note"] as? String == "🚀 日本")

        let plain = try Self.start(["assess", "--questionnaire", "healthy-ecosystem", "--out", home + "/p.json", "--name", "Em"],
                                   home: home, extra: ["NO_COLOR": "1"])
        #expect(plain.waitFor("1 of 7"))
        #expect(!plain.raw.contains("\u{1B}[1m"))
        plain.send("\u{04}")
        #expect(plain.waitForExit() == 3)
    }

    @Test("the first run asks about the respondent and the questionnaires, then questions")
    func firstRun() throws {
        let home = Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let term = try Self.start(["assess"], home: home)
        #expect(term.waitFor("Welcome to partnercheck."))
        #expect(term.waitFor("Your name: "))
        term.send("Noor\r")
        #expect(term.waitFor("Your level"))
        term.send("ex\t\r")
        #expect(term.waitFor("Your organisation: "))
        term.send("Initech\r")
        #expect(term.waitFor("Which would you like to answer?"))
        term.send("2\r")
        #expect(term.waitFor("1 of 7 · Healthy ecosystem"))
        term.send("quit\r")
        #expect(term.waitForExit() == 3)
        let file = try #require(Binary.sessionFiles(in: home + "/sessions").first)
        #expect(file.hasSuffix("-noor.json"))
        #expect((try Binary.json(file)["respondent"] as? [String: String]) == ["name": "Noor", "level": "executive", "organisation": "Initech"])
    }
}

import Testing
@testable import PartnerCheckCore

@Suite("Reading typed answers")
struct AnswerParserTests {
    static func parser(_ questionnaire: String, _ question: String) throws -> AnswerParser {
        let q = try Fixtures.questionnaire(questionnaire)
        return AnswerParser(question: try #require(q.question(question)), in: q)
    }

    static let agreementSpellings: [(String, Int)] = [
        ("4", 4), (" 4 ", 4), ("agree", 4), ("AGREE", 4), ("  Agree  ", 4), ("strongly agree", 5),
        ("strongly a", 5), ("Strongly   Agree", 5), ("strongly d", 1), ("dis", 2), ("disagree", 2),
        ("nei", 3), ("neither agree nor disagree", 3), ("1", 1), ("5", 5), ("agr", 4),
    ]

    @Test("a rating is read from its number, its label or an unambiguous prefix", arguments: agreementSpellings)
    func ratingSpellings(typed: String, value: Int) throws {
        let parser = try Self.parser("healthy-ecosystem", "transparency")
        guard case .value(.number(let got), _, nil) = parser.parse(typed) else {
            Issue.record("\(typed) was not read as a rating: \(parser.parse(typed))")
            return
        }
        #expect(got == value)
    }

    static let rejected: [(String, String)] = [
        ("s", "could mean \"strongly disagree\" or \"strongly agree\""),
        ("strongly", "could mean \"strongly disagree\" or \"strongly agree\""),
        ("d", "could mean \"disagree\" or \"don't know\""),
        ("6", "6 is out of range"),
        ("0", "0 is out of range"),
        ("-1", "-1 is out of range"),
        ("agre3", "Did you mean \"agree\"?"),
        ("agere", "Did you mean \"agree\"?"),
        ("banana", "\"banana\" is not an answer here"),
        ("", "Please type an answer"),
        ("   ", "Please type an answer"),
    ]

    @Test("ambiguous, out-of-range and unknown answers are refused with what is accepted", arguments: rejected)
    func refusals(typed: String, message: String) throws {
        let parser = try Self.parser("healthy-ecosystem", "transparency")
        guard case .rejected(let text) = parser.parse(typed) else {
            Issue.record("\(typed) was accepted")
            return
        }
        #expect(text.contains(message), "\(text)")
        #expect(text.contains("Type a number from 1 to 5"))
    }

    @Test("don't know is unknown, never a low score", arguments: ["don't know", "dont know", "DK", "unknown", "Don’t know", "don"])
    func dontKnow(typed: String) throws {
        let parser = try Self.parser("healthy-ecosystem", "transparency")
        #expect(parser.parse(typed) == .unknown(note: nil))
    }

    static let choices: [(String, String)] = [
        ("a", "a"), ("b", "b"), ("B", "b"), ("c", "c"), ("d", "d"),
        ("part of everyone's job", "b"), ("part of everyone’s job", "b"), ("part of", "b"),
        ("isolated", "a"), ("partners aren't", "c"), ("a central", "d"),
    ]

    @Test("a single choice is read from its letter or its text", arguments: choices)
    func choice(typed: String, key: String) throws {
        let parser = try Self.parser("three-questions", "capability-organized")
        guard case .value(.text(let got), let label, _) = parser.parse(typed) else {
            Issue.record("\(typed) not accepted: \(parser.parse(typed))")
            return
        }
        #expect(got == key)
        #expect(label != nil)
    }

    @Test("p is ambiguous between two options of the choice question")
    func ambiguousChoice() throws {
        let parser = try Self.parser("three-questions", "capability-organized")
        guard case .rejected(let text) = parser.parse("par") else {
            Issue.record("accepted")
            return
        }
        #expect(text.contains("part of everyone’s job") && text.contains("partners aren’t managed at all"))
    }

    @Test("a note can follow the answer after --")
    func inlineNote() throws {
        let parser = try Self.parser("healthy-ecosystem", "transparency")
        #expect(parser.parse("2 -- we never tell partners, sadly") == .value(.number(2), label: "disagree", note: "we never tell partners, sadly"))
        #expect(parser.parse("dk -- no idea who owns this") == .unknown(note: "no idea who owns this"))
    }

    @Test("yes/no questions take y, yes, n and no; text questions take any words")
    func yesNoAndText() throws {
        let q = try QuestionnaireLoader.bundled().load(.init(Fixtures.customQuestionnaire.utf8), file: "custom.json")
        let yesNo = AnswerParser(question: q.questions[1], in: q)
        #expect(yesNo.parse("Y") == .value(.text("yes"), label: "yes", note: nil))
        #expect(yesNo.parse("no") == .value(.text("no"), label: "no", note: nil))
        if case .rejected = yesNo.parse("dk") {} else { Issue.record("don't know accepted where not allowed") }
        let free = AnswerParser(question: Question(id: "t", text: "Tell us", kind: .text, dimension: "supply", why: "w",
                                                   source: q.source), in: q)
        #expect(free.parse("  We ship 日本 parts 🚚 -- daily ") == .value(.text("We ship 日本 parts 🚚 -- daily"), label: nil, note: nil))
    }

    @Test("control characters and escape sequences are removed before reading")
    func hostileText() throws {
        let parser = try Self.parser("healthy-ecosystem", "transparency")
        #expect(parser.parse("\u{1B}[31magree\u{1B}[0m") == .value(.number(4), label: "agree", note: nil))
        #expect(parser.parse("ag\u{07}ree\u{00}") == .value(.number(4), label: "agree", note: nil))
        guard case .rejected(let text) = parser.parse(String(repeating: "x", count: 1_000_000)) else {
            Issue.record("a 1 MB line was accepted")
            return
        }
        #expect(text.count < 400)
    }

    @Test("Tab completion offers every label and don't know")
    func completions() throws {
        let parser = try Self.parser("healthy-ecosystem", "transparency")
        #expect(parser.completions == ["strongly disagree", "disagree", "neither agree nor disagree", "agree", "strongly agree", "don't know"])
    }
}

@Suite("Edit distance")
struct EditDistanceTests {
    /// The textbook table (optimal string alignment: insert, delete, substitute, swap neighbours).
    static func reference(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        for i in 1...a.count {
            for j in 1...b.count {
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1) }
            }
        }
        return d[a.count][b.count]
    }

    @Test("three rows give what the whole table gives")
    func matchesTheTable() {
        var numbers = SeededNumbers(state: 11)
        func next(_ bound: Int) -> Int { numbers.next(bound) }
        let letters = Array("abcdé日")
        for _ in 0..<2_000 {
            let a = String((0..<next(9)).map { _ in letters[next(letters.count)] })
            let b = String((0..<next(9)).map { _ in letters[next(letters.count)] })
            #expect(AnswerText.distance(a, b) == Self.reference(a, b), "\(a) / \(b)")
        }
        #expect(AnswerText.distance("largley", "largely") == 1)
        #expect(AnswerText.distance("exectuive", "executive") == 1)
        #expect(AnswerText.distance("Microsfot", "Microsoft") == 1)
    }

    @Test("a text shown back is cut at a space near the limit, else where the limit falls")
    func excerpts() {
        let note = "only quarterly business reviews with the partner's leadership team"
        #expect(AnswerText.excerpt(note, limit: 60) == "only quarterly business reviews with the partner's...")
        #expect(AnswerText.excerpt("short note", limit: 60) == "short note")
        // A space early in the text is too far back: the cut falls at the limit.
        #expect(AnswerText.excerpt("a " + String(repeating: "x", count: 50), limit: 40) == "a " + String(repeating: "x", count: 38) + "...")
        // Exactly the limit is not cut.
        #expect(AnswerText.excerpt(String(repeating: "y", count: 40)) == String(repeating: "y", count: 40))
        for text in [note, "Réponse « longue » avec des espaces et des accents ici et là", String(repeating: "日本 ", count: 30)] {
            for limit in [10, 25, 40, 60] {
                let shown = AnswerText.excerpt(text, limit: limit)
                #expect(shown.count <= limit + 3, "\(text) at \(limit)")
                #expect(text.hasPrefix(shown.hasSuffix("...") ? String(shown.dropLast(3)) : shown), "\(text) at \(limit)")
            }
        }
    }
}

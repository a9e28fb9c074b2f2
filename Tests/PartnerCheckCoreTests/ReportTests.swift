import Foundation
import Testing
@testable import PartnerCheckCore

@Suite("Reports")
struct ReportTests {
    /// A full session of every questionnaire, with notes, a blind spot and two sides of one partnership.
    static func fullSession() throws -> SessionBuilder {
        var builder = try SessionBuilder(["three-questions", "healthy-ecosystem", "mutual-traits"])
        try builder.answer("three-questions", ["4", "3", "2", "1", "largely", "fully", "b", "a little", "partly", "dk", "4", "5"],
                           notes: [3: "Only the alliance team partners; the field does not."])
        try builder.answer("healthy-ecosystem", ["agree", "4", "3", "2", "1", "skip", "5"],
                           notes: [3: "Too many partners chase the same deals, \"badly\" | twice"])
        try builder.answer("mutual-traits", ["4", "4", "3", "2", "5"], partner: "Globex", side: .ours)
        try builder.answer("mutual-traits", ["2", "3", "3", "4", "2"], partner: "Globex", side: .partner)
        builder.session.ambitions = ["three-questions": 4, "healthy-ecosystem": 5]
        return builder
    }

    @Test("wrapping keeps words whole, counts characters rather than bytes, and indents continuation lines")
    func wrapping() {
        let text = "Créer des écosystèmes où chaque partenaire gagne, ensemble 🤝 et durablement."
        let lines = TextLayout.wrap(text, width: 20, indent: "  ")
        // "  gagne, ensemble 🤝" is 19 characters but 22 bytes: counting bytes would move the emoji down.
        #expect(lines == ["Créer des", "  écosystèmes où", "  chaque partenaire", "  gagne, ensemble 🤝", "  et durablement."])
        #expect(lines.joined(separator: " ").split(separator: " ") == text.split(separator: " "))
        #expect(TextLayout.wrap("one\ntwo three", width: 80, first: "- ") == ["- one two three"])
        // A word wider than the line is broken: no line is ever wider than the width.
        #expect(TextLayout.wrap("unbreakableword", width: 5) == ["unbre", "akabl", "eword"])
        #expect(TextLayout.wrap("x 日本語の文章", width: 6) == ["x", "日本語", "の文章"])
        #expect(TextLayout.wrap("", width: 10) == [])
    }

    @Test("fitting leaves text whose lines fit as it is and wraps only the lines that do not")
    func fitting() {
        let fits = "title\n  a line of text\n\n█░│ 日本\n"
        for width in [16, 40] { #expect(TextLayout.fit(fits, width: width) == fits) }
        #expect(TextLayout.fit("", width: 10) == "")
        #expect(TextLayout.fit("x\n", width: 1) == "x\n")
        // Wide lines are wrapped at spaces, continuation lines indented two more than the line.
        #expect(TextLayout.fit("ok\n  one two three four\nend", width: 10) == "ok\n  one two\n    three\n    four\nend")
        // Wide characters count two columns: five of them are ten columns, too wide for 8.
        let wide = TextLayout.fit("日本語 日本語の", width: 8)
        #expect(wide == "日本語\n  日本語\n  の")
        for line in wide.split(separator: "\n") { #expect(TextLayout.columns(line) <= 8) }
    }

    @Test("joining text gives what joined(separator:) gives")
    func joiningText() {
        for items in [[], [""], ["a"], ["a", "b"], ["", "", ""], ["Überprüfung", "営業", "e\u{301}"], ["x y", "", "z"]] {
            for separator in ["", ", ", "; ", "\n", "—"] {
                #expect(items.joinedText(separator: separator) == items.joined(separator: separator))
            }
        }
    }

    @Test("table cells pad and cut by characters, whatever the text; bars have one cell per step")
    func padding() {
        for text in ["", "abc", "Überprüfung", "e\u{301}cole", "a\r\nb", "営業チーム", "👍🏽 ok", "tab\there"] {
            #expect(TextLayout.characterCount(text) == text.count, "\(text)")
            for width in [0, 3, 8, 20] {
                let left = TextLayout.pad(text, width)
                let right = TextLayout.padLeft(text, width)
                #expect(left == (text.count >= width ? String(text.prefix(width)) : text + String(repeating: " ", count: width - text.count)))
                #expect(right == (text.count >= width ? text : String(repeating: " ", count: width - text.count) + text))
            }
        }
        let style = ReportStyle(unicode: true)
        #expect(style.bar(50, target: 80, cells: 10) == "█████░░░│░")
        #expect(style.bar(nil, target: nil, cells: 4) == "░░░░")
        #expect(ReportStyle(unicode: false).bar(100, target: 0, cells: 5) == "|####")
    }

    static func golden(_ name: String, _ actual: String) throws {
        let path = Fixtures.root + "/Tests/PartnerCheckCoreTests/Golden/" + name
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try actual.write(toFile: path, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOfFile: path, encoding: .utf8)
        #expect(actual == expected, "\(name) differs from its golden file; rerun with UPDATE_GOLDEN=1 after checking the change")
    }

    @Test("the text report matches its golden file (Unicode and ASCII)")
    func textGolden() throws {
        let a = try Self.fullSession().assess()
        try Self.golden("report.txt", TextReport().render(a))
        try Self.golden("report-ascii.txt", TextReport(style: ReportStyle(unicode: false)).render(a))
    }

    @Test("the Markdown report matches its golden file")
    func markdownGolden() throws {
        try Self.golden("report.md", MarkdownReport().render(try Self.fullSession().assess()))
    }

    @Test("the text report fits 80 columns and has no colour unless asked")
    func textLayout() throws {
        let a = try Self.fullSession().assess()
        for style in [ReportStyle(), ReportStyle(unicode: false)] {
            let text = TextReport(style: style).render(a)
            for line in text.split(separator: "\n") {
                #expect(line.count <= 80, "too wide: \(line)")
            }
            #expect(!text.contains("\u{1B}"))
        }
        let ascii = TextReport(style: ReportStyle(unicode: false)).render(a)
        #expect(ascii.unicodeScalars.allSatisfy { $0.isASCII || !"█░│•—→·".unicodeScalars.contains($0) })
        #expect(TextReport(style: ReportStyle(color: true)).render(a).contains("\u{1B}[1m"))
    }

    @Test("the JSON report passes its schema, and every report is byte-identical across runs")
    func jsonReport() throws {
        let a = try Self.fullSession().assess()
        let json = JSONReport().render(a)
        let schema = try JSONValue.parse(Data(contentsOf: URL(fileURLWithPath: Fixtures.root + "/questionnaires/schemas/report.schema.json")))
        let validator = SchemaValidator(schema: schema)
        #expect(validator.unsupportedKeywords() == [])
        #expect(validator.validate(try JSONValue.parse(Data(json.utf8))) == [])
        let again = try Self.fullSession().assess()
        #expect(JSONReport().render(again) == json)
        #expect(TextReport().render(again) == TextReport().render(a))
        #expect(MarkdownReport().render(again) == MarkdownReport().render(a))
    }

    @Test("the Markdown report escapes table cells")
    func markdownEscapes() throws {
        let md = MarkdownReport().render(try Self.fullSession().assess())
        #expect(md.contains("\"badly\" \\| twice"))
    }
}

/// A deterministic random source, so property failures can be replayed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
}

@Suite("Scoring properties over random sessions")
struct ScoringPropertyTests {
    static func randomAnswers(_ questionnaire: Questionnaire, _ rng: inout SplitMix64) -> [String] {
        questionnaire.questions.map { question in
            switch Int.random(in: 0..<10, using: &rng) {
            case 0: return "dk"
            case 1: return "skip"
            default:
                if question.kind == .choice { return question.options!.randomElement(using: &rng)!.key }
                return String(Int.random(in: 1...5, using: &rng))
            }
        }
    }

    @Test("scores stay within 0-100 and reports are identical across runs", arguments: 0..<40)
    func bounded(seed: Int) throws {
        var rng = SplitMix64(state: UInt64(seed))
        var builder = try SessionBuilder(["three-questions", "healthy-ecosystem", "mutual-traits"])
        for id in ["three-questions", "healthy-ecosystem"] {
            try builder.answer(id, Self.randomAnswers(try builder.catalog.questionnaire(id), &rng))
        }
        try builder.answer("mutual-traits", Self.randomAnswers(try builder.catalog.questionnaire("mutual-traits"), &rng), partner: "P", side: .ours)
        let a = try builder.assess()
        let scores = [a.overall] + a.questionnaires.map(\.score) + a.questionnaires.flatMap { $0.dimensions.flatMap { [$0.score, $0.lowest, $0.highest] } }
        for score in scores.compactMap({ $0 }) {
            #expect(score >= 0 && score <= 100)
        }
        #expect(a.initiatives.count <= 5)
        #expect(a.gaps.map(\.priority) == a.gaps.map(\.priority).sorted(by: >))
        #expect(JSONReport().render(try builder.assess()) == JSONReport().render(a))
    }

    @Test("raising one answer never lowers its dimension score", arguments: 0..<40)
    func monotone(seed: Int) throws {
        var rng = SplitMix64(state: UInt64(seed) &+ 1000)
        let questionnaire = try Fixtures.questionnaire("healthy-ecosystem")
        let three = try Fixtures.questionnaire("three-questions")
        for q in [questionnaire, three] {
            var answers = Self.randomAnswers(q, &rng)
            let index = Int.random(in: 0..<q.questions.count, using: &rng)
            guard q.questions[index].kind == .rating else { continue }
            let before = Int.random(in: 1...4, using: &rng)
            answers[index] = String(before)
            var low = try SessionBuilder([q.id])
            try low.answer(q.id, answers)
            answers[index] = String(Int.random(in: (before + 1)...5, using: &rng))
            var high = try SessionBuilder([q.id])
            try high.answer(q.id, answers)
            let dimension = q.questions[index].dimension
            let lowScore = try low.assess().questionnaires[0].dimensions.first { $0.dimension == dimension }!.score!
            let highScore = try high.assess().questionnaires[0].dimensions.first { $0.dimension == dimension }!.score!
            #expect(highScore >= lowScore)
        }
    }
}

import Foundation
import Testing
@testable import PartnerCheckCore

/// The two question features the seeds' content needs: `multiple` and `askIf`.
@Suite("Multiple-choice and conditional questions")
struct QuestionKindsTests {
    static let multipleSpellings: [(String, [String])] = [
        ("a, c", ["a", "c"]), ("c,a", ["a", "c"]), ("A , C , a", ["a", "c"]),
        ("access to expertise, data", ["a", "c"]), ("access, a distribution", ["a", "b"]),
        ("none", []), ("NONE", []), ("d", ["d"]), ("a, b, c, d", ["a", "b", "c", "d"]),
    ]

    @Test("a multiple answer is read from letters, labels or their starts, in any order, or none", arguments: multipleSpellings)
    func multipleRead(typed: String, keys: [String]) throws {
        let parser = try AnswerParserTests.parser("design-principles", "softer-value")
        guard case .value(.choices(let got), _, _) = parser.parse(typed) else {
            Issue.record("\(typed) was not read: \(parser.parse(typed))")
            return
        }
        #expect(got == keys)
    }

    static let multipleRejected: [(String, String)] = [
        ("a, none", "\"none\" cannot be combined with other options"),
        ("a, z", "\"z\" is not an answer here"),
        ("a, dtaa", "Did you mean \"data\"?"),
        (", ,", "Please type an answer"),
        ("a, dk", "\"dk\" cannot be combined"),
    ]

    @Test("a multiple answer that cannot be read is refused, never guessed", arguments: multipleRejected)
    func multipleRefused(typed: String, message: String) throws {
        let parser = try AnswerParserTests.parser("design-principles", "softer-value")
        guard case .rejected(let got) = parser.parse(typed) else {
            Issue.record("\(typed) was accepted: \(parser.parse(typed))")
            return
        }
        #expect(got.contains(message), "\(got)")
        #expect(got.contains("separated by commas"))
    }

    @Test("a multiple answer keeps its note and its labels; don't know stays unknown")
    func multipleNoteAndUnknown() throws {
        let parser = try AnswerParserTests.parser("design-principles", "softer-value")
        #expect(parser.parse("a, c -- mostly data") == .value(.choices(["a", "c"]), label: "access to expertise; data", note: "mostly data"))
        #expect(parser.parse("dk") == .unknown(note: nil))
        #expect(parser.completions.contains("none"))
    }

    @Test("a multiple answer scores the sum of its options, capped at 100; none scores 0")
    func multipleScore() throws {
        let q = try Fixtures.questionnaire("value-believability")
        let question = try #require(q.question("held-to-metrics"))
        func score(_ keys: [String]) -> Double? {
            Scorer.score(Answer(question: question.id, questionText: "", status: .answered, value: .choices(keys), answeredAt: ""),
                         for: question, in: q)
        }
        #expect(score([]) == 0)
        #expect(score(["a"]) == 20)
        #expect(score(["a", "b", "c", "d", "e"]) == 100)
        let capped = [ChoiceOption(key: "a", label: "x", score: 70), ChoiceOption(key: "b", label: "y", score: 70)]
        #expect(Scorer.multipleScore(["a", "b"], options: capped) == 100)
    }

    @Test("a multiple answer round-trips through the session file as an array of keys")
    func multipleSaved() throws {
        let t = "2026-11-25T10:00:00Z"
        var session = Session(id: "s", createdAt: t, questionnaires: [QuestionnaireRef(id: "design-principles", version: 1)])
        var round = Round(questionnaire: "design-principles", version: 1)
        round.record(Answer(question: "softer-value", questionText: "q", status: .answered, value: .choices(["a", "c"]),
                            label: "access to expertise; data", answeredAt: t))
        round.record(Answer(question: "front-line-armed", questionText: "q", status: .answered, value: .choices([]), label: "none", answeredAt: t))
        session.rounds = [round]
        let data = SessionStore.encode(session)
        #expect(String(decoding: data, as: UTF8.self).contains("\"value\" : [\n"))
        let back = try SessionStore.bundled().decode(data, file: "s.json")
        #expect(back == session)
        #expect(back.rounds[0].answers[1].summary == "none")
    }

    @Test("a question whose condition is unmet is not asked: neither scored nor a blind spot")
    func conditionUnmet() throws {
        var builder = try SessionBuilder(["governance"])
        try builder.answer("governance", ["3", "3", "3", "3", "3", "c", "-", "-", "3", "3"])
        let a = try builder.assess()
        #expect(a.coverage.total == 7)
        #expect(a.blindSpots.isEmpty)
        let cadence = try #require(a.questionnaires[0].dimensions.first { $0.dimension == "joint-cadence" })
        #expect(cadence.score == nil && cadence.total == 0)
        // The descriptive question an askIf reads is never a blind spot or a score either.
        #expect(!a.recommendations.contains { $0.id == "govern-together" })
    }

    @Test("a condition met asks the question; an answer left behind by a changed condition is ignored")
    func conditionMetAndChanged() throws {
        var builder = try SessionBuilder(["governance"])
        try builder.answer("governance", ["3", "3", "3", "3", "3", "a", "1", "2", "3", "3"])
        let asked = try builder.assess()
        #expect(asked.coverage.total == 9)
        #expect(asked.recommendations.contains { $0.id == "govern-together" && $0.band == .weak })
        // The respondent goes back and says they have no core partners: the two answers stay in the
        // file, but no longer count.
        let position = try #require(builder.session.rounds[0].answers.firstIndex { $0.question == "core-partners" })
        builder.session.rounds[0].answers[position].value = .text("c")
        builder.session.rounds[0].answers[position].label = "no: our partners are complementary or ancillary"
        let changed = try builder.assess()
        #expect(changed.coverage.total == 7)
        #expect(!changed.recommendations.contains { $0.id == "govern-together" })
        #expect(builder.session.rounds[0].answers.count == 10)
        // Nor are they exported: the file keeps them, the analysis does not see them.
        let rows = Exporter(catalog: try Fixtures.catalog(), layout: .long, format: .csv).rows(builder.session)
        #expect(!rows.contains(",discuss-debate-decide,") && rows.contains(",core-partners,"))
        let wide = Exporter(catalog: try Fixtures.catalog(), layout: .wide, format: .csv)
        let cells = Dictionary(uniqueKeysWithValues: zip(wide.header.trimmingCharacters(in: .newlines).components(separatedBy: ","),
                                                         wide.rows(builder.session).trimmingCharacters(in: .newlines).components(separatedBy: ",")))
        #expect(cells["governance.discuss-debate-decide"] == "" && cells["governance.core-partners"] == "c")
    }

    @Test("a condition reads is, atLeast, atMost and includes; don't know meets none of them")
    func conditionForms() {
        func answer(_ value: AnswerValue, _ status: AnswerStatus = .answered) -> Answer {
            Answer(question: "q", questionText: "", status: status, value: value, answeredAt: "")
        }
        #expect(AskCondition(question: "q", values: [.text("a"), .text("b")]).isMet(by: answer(.text("b"))))
        #expect(!AskCondition(question: "q", values: [.text("a")]).isMet(by: answer(.text("c"))))
        #expect(AskCondition(question: "q", atLeast: 3).isMet(by: answer(.number(3))))
        #expect(!AskCondition(question: "q", atLeast: 3).isMet(by: answer(.number(2))))
        #expect(AskCondition(question: "q", atLeast: 2, atMost: 3).isMet(by: answer(.number(2))))
        #expect(!AskCondition(question: "q", atMost: 3).isMet(by: answer(.number(4))))
        #expect(AskCondition(question: "q", includes: "a").isMet(by: answer(.choices(["a", "c"]))))
        #expect(!AskCondition(question: "q", includes: "a").isMet(by: answer(.choices([]))))
        #expect(!AskCondition(question: "q", atLeast: 1).isMet(by: Answer(question: "q", questionText: "", status: .unknown, answeredAt: "")))
        #expect(!AskCondition(question: "q", atLeast: 1).isMet(by: nil))
    }

    @Test("exports: a multiple answer is one long row with its keys joined by ';', and one wide column per option")
    func exports() throws {
        var builder = try SessionBuilder(["design-principles"])
        try builder.answer("design-principles", ["a, c", "4", "3", "3", "3", "3", "3", "3", "none"])
        let catalog = try Fixtures.catalog()
        let long = Exporter(catalog: catalog, layout: .long, format: .csv).rows(builder.session)
        #expect(long.contains(",front-line-armed,"))
        #expect(long.contains(",answered,a;c,"))
        let jsonl = Exporter(catalog: catalog, layout: .long, format: .jsonl).rows(builder.session)
        #expect(jsonl.contains("\"value\":[\"a\",\"c\"]"))
        #expect(jsonl.contains("\"value\":[],\"label\":\"none\",\"score\":0"))
        let wide = Exporter(catalog: catalog, layout: .wide, format: .csv)
        let header = wide.header.trimmingCharacters(in: .newlines).components(separatedBy: ",")
        let row = wide.rows(builder.session).trimmingCharacters(in: .newlines).components(separatedBy: ",")
        #expect(header.count == row.count)
        let cells = Dictionary(uniqueKeysWithValues: zip(header, row))
        #expect(cells["design-principles.front-line-armed.a"] == "1")
        #expect(cells["design-principles.front-line-armed.b"] == "0")
        #expect(cells["design-principles.front-line-armed.c"] == "1")
        #expect(cells["design-principles.softer-value.a"] == "0")
        #expect(cells["value-believability.held-to-metrics.a"] == "")
        #expect(cells["design-principles.front-line-armed"] == nil)
    }
}

import Testing
@testable import PartnerCheckCore

@Suite("Resuming against changed questionnaires")
struct SessionCompatibilityTests {
    static func session(answering question: Question, value: AnswerValue, label: String) -> Session {
        var session = Session(id: "s", createdAt: "2026-11-25T10:00:00Z", questionnaires: [QuestionnaireRef(id: "healthy-ecosystem", version: 1)])
        session.rounds = [Round(questionnaire: "healthy-ecosystem", version: 1, answers: [
            Answer(question: question.id, questionText: question.text, status: .answered, value: value, label: label, answeredAt: "2026-11-25T10:01:00Z"),
        ])]
        return session
    }

    @Test("the same questionnaire is compatible")
    func unchanged() throws {
        let q = try Fixtures.questionnaire("healthy-ecosystem")
        let s = Self.session(answering: q.questions[0], value: .number(4), label: "agree")
        let result = SessionCompatibility(session: s, catalog: try Fixtures.catalog())
        #expect(result.isCompatible && result.notices.isEmpty)
    }

    @Test("a reworded question or a changed scale is a conflict that names what changed")
    func conflicts() throws {
        var q = try Fixtures.questionnaire("healthy-ecosystem")
        let s = Self.session(answering: q.questions[0], value: .number(4), label: "agree")
        q.version = 2
        q.questions[0].text = "Our executives sponsor partnering."
        var result = SessionCompatibility(session: s, catalog: QuestionnaireCatalog([q]))
        #expect(result.conflicts == ["questionnaire \"healthy-ecosystem\" changed from version 1 to 2: question \"senior-executive-involvement\" was reworded"])

        q = try Fixtures.questionnaire("healthy-ecosystem")
        q.version = 2
        q.scales["agreement"]!.points[3].label = "mostly agree"
        result = SessionCompatibility(session: s, catalog: QuestionnaireCatalog([q]))
        #expect(result.conflicts.count == 1)
        #expect(result.conflicts[0].contains("no longer means the same"))

        q = try Fixtures.questionnaire("healthy-ecosystem")
        q.version = 2
        q.questions.removeFirst()
        result = SessionCompatibility(session: s, catalog: QuestionnaireCatalog([q]))
        #expect(result.conflicts[0].contains("question \"senior-executive-involvement\" was removed"))
    }

    @Test("a new question in a new version is a notice, not a conflict")
    func addedQuestion() throws {
        var q = try Fixtures.questionnaire("healthy-ecosystem")
        let s = Self.session(answering: q.questions[0], value: .number(4), label: "agree")
        q.version = 2
        q.questions.append(Question(id: "new-one", text: "Something new.", kind: .rating, scale: "agreement",
                                    dimension: "transparency", why: "w", source: q.source))
        let result = SessionCompatibility(session: s, catalog: QuestionnaireCatalog([q]))
        #expect(result.isCompatible)
        #expect(result.notices == ["questionnaire \"healthy-ecosystem\" changed from version 1 to 2; your answers still fit it (7 questions still to answer)"])
    }

    @Test("a questionnaire that is gone is a conflict")
    func missing() throws {
        let q = try Fixtures.questionnaire("healthy-ecosystem")
        let s = Self.session(answering: q.questions[0], value: .number(4), label: "agree")
        let result = SessionCompatibility(session: s, catalog: QuestionnaireCatalog([try Fixtures.questionnaire("mutual-traits")]))
        #expect(result.conflicts == ["questionnaire \"healthy-ecosystem\" (version 1) is not available any more"])
    }
}

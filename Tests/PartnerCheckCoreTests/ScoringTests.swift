import Foundation
import Testing
@testable import PartnerCheckCore

/// Builds sessions answer by answer, with fixed times.
struct SessionBuilder {
    var session: Session
    let catalog: QuestionnaireCatalog
    private var tick = 0

    init(_ ids: [String], catalog: QuestionnaireCatalog? = nil, completed: Bool = true) throws {
        let loaded = try catalog ?? Fixtures.catalog()
        self.catalog = loaded
        let refs = try ids.map { id in QuestionnaireRef(id: id, version: try loaded.questionnaire(id).version) }
        session = Session(id: "golden", createdAt: "2026-11-25T10:00:00Z",
                          respondent: Respondent(name: "Jane Doe", level: .executive, organisation: "Acme"), questionnaires: refs)
        session.updatedAt = "2026-11-25T10:30:00Z"
        if completed {
            session.status = .completed
            session.completedAt = "2026-11-25T10:30:00Z"
            session.finished = ids
        }
    }

    /// Answers in question order; "dk" is don't know, "skip" skipped, "-" not asked (no answer
    /// recorded); anything else is typed.
    mutating func answer(_ id: String, _ typed: [String], partner: String? = nil, side: Side? = nil, notes: [Int: String] = [:]) throws {
        let questionnaire = try catalog.questionnaire(id)
        var round = Round(questionnaire: id, version: questionnaire.version, partner: partner, side: side)
        for (index, text) in typed.enumerated() {
            let question = questionnaire.questions[index]
            tick += 1
            let time = "2026-11-25T10:\(String(format: "%02d", tick / 60)):\(String(format: "%02d", tick % 60))Z"
            let asked = question.text(partner: partner)
            if text == "-" { continue }
            if text == "skip" {
                round.record(Answer(question: question.id, questionText: asked, status: .skipped, answeredAt: time))
                continue
            }
            switch AnswerParser(question: question, in: questionnaire).parse(text) {
            case .value(let value, let label, _):
                round.record(Answer(question: question.id, questionText: asked, status: .answered, value: value, label: label,
                                    note: notes[index], answeredAt: time))
            case .unknown:
                round.record(Answer(question: question.id, questionText: asked, status: .unknown, answeredAt: time))
            case .rejected(let message):
                Issue.record("\(text): \(message)")
            }
        }
        session.rounds.append(round)
    }

    func assess() throws -> Assessment {
        try Scorer(catalog: catalog).assess(session)
    }
}

func approx(_ a: Double?, _ b: Double, _ tolerance: Double = 0.001) -> Bool {
    guard let a else { return false }
    return abs(a - b) < tolerance
}

@Suite("Scoring, by hand-computed examples")
struct ScoringTests {
    @Test("healthy ecosystem: scores, blind spot, gaps ranked, journey, advice")
    func healthyEcosystem() throws {
        var builder = try SessionBuilder(["healthy-ecosystem"])
        try builder.answer("healthy-ecosystem", ["4", "3", "2", "1", "5", "3", "dk"])
        let a = try builder.assess()
        let q = a.questionnaires[0]
        // 75, 50, 25, 0, 100, 50 and one unknown: (300) / 6.
        #expect(approx(q.score, 50))
        #expect(approx(a.overall, 50))
        #expect(q.dimensions.map(\.score) == [75, 50, 25, 0, 100, 50, nil])
        #expect(q.dimensions.map(\.band) == [.strength, .developing, .weak, .weak, .strength, .developing, nil])
        #expect(a.coverage == Coverage(answered: 6, total: 7, partial: false))
        #expect(a.blindSpots.map(\.question) == ["checking-in"])
        #expect(a.blindSpots[0].reason == .unknown)
        // Target "agree" = 75. Gaps in points, ties in questionnaire order; strengths are never gaps.
        #expect(a.gaps.map(\.dimension) == ["minimize-overlap-competition", "regular-touch-points", "honest-direct-feedback", "transparency"])
        #expect(a.gaps.map(\.priority) == [75, 50, 25, 25])
        // Phase 1 work first (touch points also holds the company at Phase 1), then Phase 2 work by gap.
        #expect(a.initiatives.map(\.id) == ["touch-point-cadence", "overlap-rules", "feedback-routine", "open-choices"])
        #expect(a.initiatives.map(\.phase) == [1, 2, 2, 2])
        #expect(a.initiatives.map(\.rank) == [1, 2, 3, 4])
        #expect(a.strengths.map(\.dimension) == ["clear-metrics-objectives", "senior-executive-involvement"])
        // Every band is advised: weak spots (the journey blocker first), developing, then strengths.
        #expect(a.recommendations.map(\.id) == ["touch-points", "right-overlap", "raise-issues-early", "share-intentions",
                                                "metrics-clear", "executives-show-up"])
        #expect(a.recommendations.map(\.band) == [.weak, .weak, .developing, .developing, .strength, .strength])
        #expect(a.recommendations.map(\.rank) == Array(1...6))
        #expect(a.recommendations.allSatisfy { $0.view == .respondent })
        #expect(a.recommendations[0].why.map(\.answer) == ["disagree (2)"])
        // Neutral-or-better intent is not enough: 75 clears senior executive involvement, but the
        // journey's evidence (the capability programme) was not assessed, so no axis moves.
        let journey = try #require(a.journey)
        #expect(journey.axes.map(\.levelName) == ["Dependent", "Introduce"])
        #expect(journey.phase == 1)
        #expect(journey.phaseName == "Design and Prototype")
        #expect(journey.holdingBack.map(\.question) == ["business-unit-buy-in", "regular-touch-points", "programme-stage"])
        #expect(journey.holdingBack.map(\.reason) == [.notAssessed, .below, .notAssessed])
        #expect(journey.notAssessed.contains("Your capability programme"))
    }

    @Test("a neutral company answers 'neither' everywhere: Phase 1, and advice for every developing dimension")
    func neutralCompany() throws {
        var builder = try SessionBuilder(["healthy-ecosystem", "capability-programme"])
        try builder.answer("healthy-ecosystem", Array(repeating: "3", count: 7))
        try builder.answer("capability-programme", ["c", "c", "c"])
        let a = try builder.assess()
        #expect(a.journey?.phase == 1)
        #expect(a.journey?.axes.map(\.levelName) == ["Dependent", "Introduce"])
        // Neutral (50) clears no bar of intent or practice; prototyping (50) is not yet first projects live.
        #expect(a.journey?.holdingBack.map(\.question) == ["senior-executive-involvement", "regular-touch-points", "clear-metrics-objectives",
                                                           "programme-stage"])
        let developing = a.questionnaires[0].dimensions.filter { $0.band == .developing }.map(\.dimension)
        #expect(developing.count == 7)
        let advised = Set(a.recommendations.filter { $0.kind == .action && $0.questionnaire == "healthy-ecosystem" }.map { $0.why[0].question })
        #expect(advised == Set(developing))
        // Five initiatives, all Phase 1 work: the company is in Phase 1.
        #expect(a.initiatives.count == 5)
        #expect(a.initiatives.allSatisfy { $0.phase == 1 })
    }

    @Test("three questions with the capability programme: choice scores, staged journey, holding-back answers named")
    func threeQuestions() throws {
        var builder = try SessionBuilder(["three-questions", "capability-programme"])
        try builder.answer("three-questions", ["5", "4", "3", "2", "3", "1", "d", "4", "4", "5", "4", "3"])
        try builder.answer("capability-programme", ["d", "c", "d"])
        let a = try builder.assess()
        let q = a.questionnaires[0]
        #expect(approx(q.score, 775.0 / 12))
        #expect(q.dimensions.map(\.dimension) == ["ubiquity", "capability", "design", "transformation"])
        #expect(approx(q.dimensions[0].score, 75))
        #expect(approx(q.dimensions[1].score, 25))
        #expect(approx(q.dimensions[2].score, 250.0 / 3))
        #expect(approx(q.dimensions[3].score, 75))
        #expect(q.dimensions[1].lowest == 0 && q.dimensions[1].highest == 50)
        // Buy-in: executives 100 and 75, one or more business units (75): Supportive; management
        // priority 0 stops Aligned. Execution: first projects live (75), a named team (60): Expand.
        let journey = try #require(a.journey)
        #expect(journey.axes.map(\.levelName) == ["Supportive", "Expand"])
        #expect(journey.phase == 2)
        #expect(journey.nextPhase == "Programmatic and Scale")
        #expect(journey.notAssessed.contains("Your capability programme") == false)
        #expect(journey.holdingBack.map(\.question) == ["management-priority", "ingrained-in-culture", "capable-everywhere",
                                                        "programme-stage", "guiding-team"])
        // The programme has no ambition question: it aims at its strength band (75).
        #expect(a.gaps.map(\.dimension) == ["capability", "programme-progress"])
        #expect(a.gaps.map(\.priority) == [50, 7.5])
        #expect(a.initiatives.map(\.id) == ["uniform-practice", "build-out-first-projects", "recruit-missing-partners"])
        #expect(a.initiatives.map(\.basis) == [.gap, .gap, .journey])
        #expect(a.initiatives[0].startingPoint == "It could be building uniform practice and upping the collaboration skill levels in a single business unit.")
        #expect(a.initiatives[0].why.map(\.question) == ["capable-everywhere", "new-business-models", "management-priority"])
        #expect(a.strengths.map(\.dimension) == ["design", "ubiquity", "transformation", "business-buy-in"])
        #expect(a.recommendations.map(\.id) == ["management-priority", "dedicated-team", "begin-with-the-end", "design-strength",
                                                "ready-to-scale", "partnering-everywhere", "business-backs-partnering"])
    }

    @Test("a low organisation answer calls for the central function and blocks the journey")
    func organisationChoice() throws {
        var builder = try SessionBuilder(["three-questions", "capability-programme"])
        try builder.answer("three-questions", ["5", "5", "5", "5", "5", "5", "c", "5", "5", "5", "5", "5"])
        try builder.answer("capability-programme", ["e", "d", "e"])
        let a = try builder.assess()
        #expect(a.recommendations.first?.id == "central-function")
        #expect(a.journey?.axes.map(\.levelName) == ["Aligned", "Introduce"])
        #expect(a.journey?.holdingBack.map(\.question) == ["capability-organized"])
        #expect(a.journey?.holdingBack.first?.answer == "c) partners aren’t managed at all")
    }

    @Test("mutual traits: health per partner, weakest trait, both sides compared, advice says whose view")
    func mutualTraits() throws {
        var builder = try SessionBuilder(["mutual-traits"])
        try builder.answer("mutual-traits", ["4", "4", "3", "2", "5"], partner: "Globex", side: .ours)
        try builder.answer("mutual-traits", ["2", "3", "3", "4", "2"], partner: "Globex", side: .partner)
        try builder.answer("mutual-traits", ["5", "5", "5", "5", "dk"], partner: "Initech", side: .ours)
        let a = try builder.assess()
        let q = a.questionnaires[0]
        #expect(q.partners.map(\.partner) == ["Globex", "Globex", "Initech"])
        #expect(approx(q.partners[0].score, 65))
        #expect(approx(q.partners[1].score, 45))
        #expect(approx(q.partners[2].score, 100))
        #expect(q.partners[0].weakestTrait == "Mutual success")
        #expect(q.partners[1].weakestTrait == "Mutual trust")
        #expect(approx(q.score, (65 + 45 + 100) / 3))
        #expect(q.sideGaps.map(\.gap) == [50, 25, 0, -50, 75])
        #expect(q.sideGaps.allSatisfy { $0.partner == "Globex" })
        let tagged = a.recommendations.map { "\($0.id)@\($0.partner ?? "")/\($0.view.rawValue)" }
        #expect(Array(tagged.prefix(6)) == ["trust-cadence@Globex/partner", "common-success@Globex/ours", "joint-okrs@Globex/partner",
                                            "respect-their-business@Globex/partner", "two-way-data@Globex/ours", "two-way-data@Globex/partner"])
        // Trust is in place from our side (75) while the partner's side rated it 25: both say whose view.
        #expect(tagged.contains("trust-foundation@Globex/ours"))
        #expect(tagged.contains("trust-cadence@Globex/partner"))
        #expect(!tagged.contains("trust-foundation@Globex/partner"))
        #expect(a.recommendations.drop { $0.kind == .action }.allSatisfy { $0.kind == .strength })
        #expect(a.blindSpots.map { "\($0.partner ?? "")/\($0.question)" } == ["Initech/goals"])
        let text = TextReport().render(a)
        #expect(text.contains("from Globex, the partner's side"))
    }

    @Test("a chosen ambition above a strength is explained, never listed as a gap")
    func ambition() throws {
        var builder = try SessionBuilder(["healthy-ecosystem"])
        try builder.answer("healthy-ecosystem", ["4", "4", "4", "4", "4", "4", "4"])
        #expect(try builder.assess().gaps.isEmpty)
        builder.session.ambitions["healthy-ecosystem"] = 5
        let a = try builder.assess()
        #expect(a.gaps.isEmpty)
        #expect(a.strengths.count == 7)
        #expect(a.ambitionsAboveStrengths.count == 7)
        #expect(a.ambitionsAboveStrengths.allSatisfy { $0.target == 100 && $0.current == 75 })
        #expect(TextReport().render(a).contains("Already strengths, with an ambition higher still"))
        // Nothing to close, but the journey's evidence is missing: the initiatives answer that.
        #expect(a.initiatives.map(\.basis) == [.journey, .journey])
        #expect(a.initiatives.map(\.id) == ["business-unit-sponsors", "begin-with-the-end-in-mind"])
        // Below the strength band, a higher ambition is a gap.
        try builder.answer("healthy-ecosystem", ["3", "4", "4", "4", "4", "4", "4"])
        builder.session.rounds.removeFirst()
        #expect(try builder.assess().gaps.map(\.dimension) == ["senior-executive-involvement"])
    }

    @Test("all don't know: nothing scored, every question a blind spot, no gap")
    func allUnknown() throws {
        var builder = try SessionBuilder(["healthy-ecosystem"])
        try builder.answer("healthy-ecosystem", Array(repeating: "dk", count: 7))
        let a = try builder.assess()
        #expect(a.overall == nil)
        #expect(a.questionnaires[0].dimensions.allSatisfy { $0.score == nil && $0.band == nil })
        #expect(a.blindSpots.count == 7)
        #expect(a.gaps.isEmpty && a.strengths.isEmpty && a.recommendations.isEmpty)
        #expect(a.journey?.phase == 1)
        #expect(a.journey?.holdingBack.map(\.reason) == [.unknown, .notAssessed, .unknown, .unknown, .notAssessed])
        // "Don't know" is not evidence of a gap: only the journey's missing evidence gives initiatives.
        #expect(a.initiatives.allSatisfy { $0.basis == .journey && $0.questionnaire == "capability-programme" })
        let text = TextReport().render(a)
        #expect(text.contains("Overall: –/100"))
        #expect(text.contains("Coverage: 0 of 7 questions scored (7 blind spots)"))
    }

    @Test("one answer in a session still in progress is reported as partial")
    func oneAnswer() throws {
        var builder = try SessionBuilder(["healthy-ecosystem", "three-questions"], completed: false)
        try builder.answer("healthy-ecosystem", ["5"])
        let a = try builder.assess()
        #expect(a.coverage == Coverage(answered: 1, total: 19, partial: true))
        #expect(approx(a.overall, 100))
        #expect(a.blindSpots.count == 18)
        #expect(a.blindSpots.allSatisfy { $0.reason == .unanswered })
        #expect(TextReport().render(a).contains("PARTIAL ASSESSMENT"))
        #expect(MarkdownReport().render(a).contains("**Partial assessment:**"))
    }

    @Test("all minimum and all maximum")
    func extremes() throws {
        var low = try SessionBuilder(["healthy-ecosystem"])
        try low.answer("healthy-ecosystem", Array(repeating: "1", count: 7))
        let a = try low.assess()
        #expect(a.overall == 0)
        #expect(a.initiatives.count == 5)
        #expect(a.gaps.count == 7)
        #expect(a.recommendations.filter { $0.kind == .action }.count == 7)
        var high = try SessionBuilder(["healthy-ecosystem", "capability-programme"])
        try high.answer("healthy-ecosystem", Array(repeating: "5", count: 7))
        try high.answer("capability-programme", ["e", "d", "e"])
        let b = try high.assess()
        #expect(b.overall == 100)
        #expect(b.gaps.isEmpty)
        #expect(b.strengths.count == 9)
        #expect(b.journey?.axes.map(\.levelName) == ["Aligned", "Fully integrated"])
        #expect(b.journey?.phase == 3)
        #expect(b.journey?.holdingBack.isEmpty == true)
        // Phase 3 with nothing to close still has work: 001's Programmatic and Scale.
        #expect(b.initiatives.map(\.id) == ["make-it-programmatic", "portfolio-of-partners", "entry-for-unlikely-partners"])
        #expect(b.initiatives.allSatisfy { $0.basis == .phase && $0.phase == 3 && $0.startingPoint != nil })
        #expect(b.recommendations.allSatisfy { $0.kind == .strength })
    }

    @Test("a facilitator's own questionnaire with its own rules is scored and advised")
    func customRules() throws {
        var json = Fixtures.customQuestionnaire
        json = json.replacingOccurrences(of: "\"questions\": [", with: """
            "ambition": {"scale": "stars", "default": 2, "prompt": "Aim?"},
            "recommendations": [{"id": "chase", "kind": "action", "question": "on-time", "below": 60,
              "title": "Chase late deliveries", "text": "Late parts stop the line.", "source": {"file": "workshop-notes.txt", "section": "Day 1"}}],
            "initiatives": [{"id": "supplier-day", "dimension": "supply", "title": "A supplier day", "firstStep": "Invite two suppliers.",
              "assumption": "Suppliers want to be on time.", "evidence": "Delivery dates.", "metric": "On-time share.", "phase": 1,
              "source": {"file": "workshop-notes.txt", "section": "Day 1"}}],
            "questions": [
            """)
        let custom = try QuestionnaireLoader.bundled().load(Data(json.utf8), file: "custom.json")
        var builder = try SessionBuilder(["supplier-health"], catalog: QuestionnaireCatalog([custom]))
        try builder.answer("supplier-health", ["one star", "no"])
        let a = try builder.assess()
        // on-time 50 (weight 2), contract 0 (weight 1): (100 + 0) / 3.
        #expect(approx(a.overall, 100.0 / 3))
        #expect(a.recommendations.map(\.id) == ["chase"])
        #expect(a.initiatives.map(\.id) == ["supplier-day"])
        #expect(a.journey == nil)
    }

    @Test("a session answered to another questionnaire version is refused")
    func versionMismatch() throws {
        var builder = try SessionBuilder(["healthy-ecosystem"])
        try builder.answer("healthy-ecosystem", ["4"])
        builder.session.questionnaires[0].version = 9
        #expect(throws: ReportError.self) { try builder.assess() }
    }

    @Test("compare: change per dimension and in phase; refuses different questionnaires")
    func compare() throws {
        var old = try SessionBuilder(["healthy-ecosystem", "capability-programme"])
        try old.answer("healthy-ecosystem", ["2", "2", "2", "2", "2", "2", "2"])
        try old.answer("capability-programme", ["b", "b", "b"])
        var new = try SessionBuilder(["healthy-ecosystem", "capability-programme"])
        try new.answer("healthy-ecosystem", ["4", "2", "4", "2", "4", "2", "5"])
        try new.answer("capability-programme", ["d", "c", "c"])
        let comparison = try Comparison(old: try old.assess(), new: try new.assess())
        #expect(comparison.changes.prefix(7).map(\.change) == [50, 0, 50, 0, 50, 0, 75])
        #expect(comparison.oldPhase == 1 && comparison.newPhase == 2)
        #expect(TextReport(style: ReportStyle(unicode: false)).render(comparison).contains("Journey: Phase 1 (Design and Prototype) -> Phase 2 (Implement and Iterate), up"))
        // Given the other way round, the earlier assessment still comes first.
        var later = new
        later.session.updatedAt = "2026-11-26T09:00:00Z"
        let reversed = try Comparison(old: try later.assess(), new: try old.assess())
        #expect(reversed.oldPhase == 1 && reversed.newPhase == 2 && reversed.newUpdatedAt == "2026-11-26T09:00:00Z")
        #expect(reversed.changes.prefix(7).map(\.change) == [50, 0, 50, 0, 50, 0, 75])
        // What moved the phase: the answers that held the company back and no longer do.
        #expect(reversed.cleared.map(\.question) == ["senior-executive-involvement", "regular-touch-points", "clear-metrics-objectives",
                                                     "programme-stage", "guiding-team"])
        #expect(reversed.cleared.contains { $0.question == "programme-stage" && $0.answer?.hasPrefix("b)") == true })
        #expect(TextReport(style: ReportStyle(unicode: false)).render(reversed).contains("no longer holding you back"))
        #expect(TextReport(style: ReportStyle(unicode: false)).render(reversed).contains("v -") == false)
        var other = try SessionBuilder(["mutual-traits"])
        try other.answer("mutual-traits", ["4"], partner: "X", side: .ours)
        #expect(throws: ReportError.self) { try Comparison(old: try old.assess(), new: try other.assess()) }
    }
}

/// Why a session could not be scored.
public enum ReportError: Error, Sendable, Equatable, CustomStringConvertible {
    case questionnairesChanged(file: String, details: [String])
    case differentQuestionnaires(old: String, new: String)

    public var description: String {
        switch self {
        case .questionnairesChanged(let file, let details):
            "\(file): answered to other versions of the questionnaires: " + details.joinedText(separator: "; ")
        case .differentQuestionnaires(let old, let new):
            "cannot compare: the two assessments answer different questionnaires (\(old) against \(new))"
        }
    }
}

/// What scoring an answer needs of its question. The exporter and the workshop look it up once per
/// question: a question handed to the scorer for every answer was copied, a retain and a release of
/// each of its strings, and the catalog's strings are shared by every core.
public struct ScoringRule: Sendable {
    public var kind: QuestionKind
    /// A rating question's lowest and highest point; nil for another kind of question, or a scale
    /// without two different points.
    public var range: (minimum: Int, maximum: Int)?
    public var options: [ChoiceOption]

    public init(_ question: Question, in questionnaire: Questionnaire) {
        kind = question.kind
        options = question.options ?? []
        if question.kind == .rating, let scale = questionnaire.scale(for: question), scale.maximum > scale.minimum {
            range = (scale.minimum, scale.maximum)
        }
    }
}

/// Turns a session into an `Assessment`: scores here, then the journey (`JourneyPlacer`), the
/// advice (`Advisor`) and the next initiatives (`InitiativePlanner`). Pure and deterministic:
/// the same session and questionnaires always give the same result, in the same order. A
/// workshop's group is scored by the same path, as one respondent with the group's answers.
public struct Scorer {
    public let catalog: QuestionnaireCatalog

    public init(catalog: QuestionnaireCatalog) {
        self.catalog = catalog
    }

    /// The 0-100 score of an answer, or nil when it has none (unknown, skipped, free text).
    public static func score(_ answer: Answer?, for question: Question, in questionnaire: Questionnaire) -> Double? {
        guard let answer else { return nil }
        return score(answer.status, answer.value, by: ScoringRule(question, in: questionnaire))
    }

    /// The same from an answer's status and value, and its question's `ScoringRule`, which the
    /// exporter and the workshop look up once per question instead of once per answer.
    public static func score(_ status: AnswerStatus, _ value: AnswerValue?, by rule: ScoringRule) -> Double? {
        guard status == .answered, let value else { return nil }
        switch (rule.kind, value) {
        case (.rating, .number(let n)):
            guard let range = rule.range else { return nil }
            return ratingScore(n, minimum: range.minimum, maximum: range.maximum)
        case (.choice, .text(let key)):
            return rule.options.first { $0.key == key }?.score
        case (.multiple, .choices(let keys)):
            return multipleScore(keys, options: rule.options)
        case (.yesNo, .text(let word)):
            return word == "yes" ? 100 : word == "no" ? 0 : nil
        default:
            return nil
        }
    }

    /// A point of a rating scale as 0-100: (value - lowest) / (highest - lowest) x 100.
    @inline(__always)
    public static func ratingScore(_ value: Int, minimum: Int, maximum: Int) -> Double {
        Double(min(max(value, minimum), maximum) - minimum) / Double(maximum - minimum) * 100
    }

    /// The weighted mean of scores (question weights): the one formula for a dimension, a
    /// questionnaire and a partnership, of a person or a group. When every weight is zero, the plain
    /// mean of what was answered. Nil when nothing was.
    public static func weightedMean(_ items: [(score: Double, weight: Double)]) -> Double? {
        guard !items.isEmpty else { return nil }
        var sum = 0.0
        var weights = 0.0
        for item in items {
            sum += item.score * item.weight
            weights += item.weight
        }
        guard weights > 0 else { return items.map(\.score).reduce(0, +) / Double(items.count) }
        return sum / weights
    }

    /// A multiple answer: the sum of the chosen options' scores, capped at 0...100 ("none" is 0).
    public static func multipleScore(_ keys: [String], options: [ChoiceOption]) -> Double {
        let sum = options.filter { keys.contains($0.key) }.compactMap(\.score).reduce(0, +)
        return min(max(sum, 0), 100)
    }

    /// The ambition as a 0-100 target, from the session or the questionnaire's default. A
    /// questionnaire that asks no ambition (its answers are not on one scale) aims at its
    /// strength band.
    public static func target(for questionnaire: Questionnaire, in session: Session) -> (Double, String)? {
        guard let ambition = questionnaire.ambition else {
            return ((questionnaire.bands ?? .standard).strength, "the strength band")
        }
        guard let scale = questionnaire.scales[ambition.scale], scale.maximum > scale.minimum else { return nil }
        let level = session.ambitions[questionnaire.id] ?? ambition.default
        let clamped = min(max(level, scale.minimum), scale.maximum)
        let label = scale.point(clamped)?.label ?? String(clamped)
        return (ratingScore(clamped, minimum: scale.minimum, maximum: scale.maximum), label)
    }

    /// `view`: `.group` when the session holds a workshop group's answers.
    public func assess(_ session: Session, file: String = "session", view: AdviceView = .respondent) throws(ReportError) -> Assessment {
        let compatibility = SessionCompatibility(session: session, catalog: catalog)
        let versionMismatch = session.questionnaires.compactMap { ref -> String? in
            guard let current = catalog.questionnaires.first(where: { $0.id == ref.id }), current.version != ref.version else { return nil }
            return "\"\(ref.id)\" version \(ref.version), loaded version \(current.version)"
        }
        if !compatibility.isCompatible || !versionMismatch.isEmpty {
            throw .questionnairesChanged(file: file, details: compatibility.conflicts.isEmpty ? versionMismatch : compatibility.conflicts)
        }
        let questionnaires = session.questionnaires.compactMap { ref in catalog.questionnaires.first { $0.id == ref.id } }

        var results: [QuestionnaireResult] = []
        var blindSpots: [BlindSpot] = []
        var allScored: [ScoredAnswer] = []
        var answered = 0
        for questionnaire in questionnaires {
            var rounds = session.rounds.filter { $0.questionnaire == questionnaire.id }
            if rounds.isEmpty { rounds = [Round(questionnaire: questionnaire.id, version: questionnaire.version)] }
            var scored: [ScoredAnswer] = []
            for round in rounds {
                for question in questionnaire.questions where question.isScored && questionnaire.isAsked(question, in: round) {
                    let answer = round.answer(question.id)
                    let item = ScoredAnswer(questionnaire: questionnaire, question: question, round: round, answer: answer,
                                            score: Self.score(answer, for: question, in: questionnaire))
                    scored.append(item)
                    if item.score != nil {
                        answered += 1
                    } else {
                        blindSpots.append(BlindSpot(questionnaire: questionnaire.id, question: question.id,
                                                    text: answer?.questionText ?? question.text(partner: round.partner),
                                                    partner: round.partner, reason: item.missing))
                    }
                }
            }
            allScored += scored
            results.append(Self.result(questionnaire, rounds: rounds, scored, target: Self.target(for: questionnaire, in: session)))
        }
        let scores = results.compactMap(\.score)
        let overall = scores.isEmpty ? nil : scores.reduce(0, +) / Double(scores.count)

        let allDimensions = results.flatMap(\.dimensions)
        let strengths = allDimensions.filter { $0.band == .strength }
            .enumerated().sorted { ($0.element.score!, -$0.offset) > ($1.element.score!, -$1.offset) }.map(\.element)
        let ambitionNotes = allDimensions.compactMap { d -> AmbitionNote? in
            guard d.band == .strength, let score = d.score, let target = d.target, target > score else { return nil }
            return AmbitionNote(questionnaire: d.questionnaire, dimension: d.dimension, title: d.title, current: score, target: target)
        }
        let gaps = Self.gaps(results)
        let journey = JourneyPlacer(catalog: catalog).place(allScored, questionnaires)
        let recommendations = Advisor.recommendations(allScored, questionnaires, view: view, journey: journey)
        let initiatives = InitiativePlanner(catalog: catalog).plan(gaps: gaps, questionnaires: questionnaires, scored: allScored,
                                                                  journey: journey)

        return Assessment(sessionID: session.id, respondent: session.respondent, status: session.status,
                          updatedAt: session.updatedAt,
                          coverage: Coverage(answered: answered, total: allScored.count, partial: session.status != .completed),
                          overall: overall, questionnaires: results, journey: journey, strengths: strengths, gaps: gaps,
                          blindSpots: blindSpots, recommendations: recommendations, initiatives: initiatives,
                          ambitionsAboveStrengths: ambitionNotes, view: view)
    }

    private static func result(_ questionnaire: Questionnaire, rounds: [Round], _ scored: [ScoredAnswer],
                               target: (Double, String)?) -> QuestionnaireResult {
        let bands = questionnaire.bands ?? .standard
        let dimensions = questionnaire.dimensions.map { dimension in
            dimensionScore(dimension, of: questionnaire, scored.filter { $0.question.dimension == dimension.id },
                           target: target?.0, bands: bands)
        }
        var partners: [PartnerHealth] = []
        var sideGaps: [SideGap] = []
        if questionnaire.isPerPartner {
            for round in rounds where round.partner != nil {
                let mine = scored.filter { $0.round == round }
                let traits = questionnaire.dimensions.map { dimension in
                    TraitScore(dimension: dimension.id, title: dimension.title,
                               score: ScoredAnswer.weightedMean(mine.filter { $0.question.dimension == dimension.id }))
                }
                let weakest = traits.filter { $0.score != nil }.min { $0.score! < $1.score! }
                partners.append(PartnerHealth(partner: round.partner!, side: round.side ?? .ours,
                                              score: ScoredAnswer.weightedMean(mine), weakestTrait: weakest?.title,
                                              weakestScore: weakest?.score, traits: traits))
            }
            sideGaps = Self.sideGaps(partners)
        }
        // A per-partner questionnaire scores as the mean of its partners' health, each counted once.
        let partnerScores = partners.compactMap(\.score)
        let score = questionnaire.isPerPartner
            ? (partnerScores.isEmpty ? nil : partnerScores.reduce(0, +) / Double(partnerScores.count))
            : ScoredAnswer.weightedMean(scored)
        return QuestionnaireResult(id: questionnaire.id, title: questionnaire.title, version: questionnaire.version,
                                   score: score, target: target?.0, ambitionLabel: target?.1,
                                   dimensions: dimensions, partners: partners, sideGaps: sideGaps)
    }

    private static func dimensionScore(_ dimension: Dimension, of questionnaire: Questionnaire, _ items: [ScoredAnswer],
                                       target: Double?, bands: Bands) -> DimensionScore {
        let values = items.compactMap(\.score)
        let score = ScoredAnswer.weightedMean(items)
        return DimensionScore(questionnaire: questionnaire.id, dimension: dimension.id, title: dimension.title, score: score,
                              lowest: values.min(), highest: values.max(), answered: values.count, total: items.count,
                              target: target, band: score.map(bands.band(of:)))
    }

    private static func sideGaps(_ partners: [PartnerHealth]) -> [SideGap] {
        var gaps: [SideGap] = []
        var seen: [String] = []  // a few partners; see JourneyPlacer on why not a Set
        for ours in partners where ours.side == .ours {
            let key = AnswerText.normalise(ours.partner)
            guard !seen.contains(key),
                  let theirs = partners.first(where: { $0.side == .partner && AnswerText.normalise($0.partner) == key }) else { continue }
            seen.append(key)
            for (mine, other) in zip(ours.traits, theirs.traits) {
                let gap = mine.score.flatMap { a in other.score.map { a - $0 } }
                gaps.append(SideGap(partner: ours.partner, dimension: mine.dimension, title: mine.title,
                                    ours: mine.score, theirs: other.score, gap: gap))
            }
        }
        return gaps
    }

    /// Dimensions below their ambition that are not already strengths (a strength with a higher
    /// ambition is explained in `ambitionsAboveStrengths` instead). Ranked by the gap in points,
    /// so each questionnaire counts alike whatever its length (weighting by question count let a
    /// 12-question questionnaire outrank a 5-question one three to one); ties keep questionnaire
    /// and dimension order.
    private static func gaps(_ results: [QuestionnaireResult]) -> [Gap] {
        var list: [(Gap, Int)] = []
        var order = 0
        for result in results {
            for dimension in result.dimensions {
                order += 1
                guard let current = dimension.score, let target = dimension.target, target > current,
                      dimension.band != .strength else { continue }
                list.append((Gap(questionnaire: result.id, dimension: dimension.dimension, title: dimension.title,
                                 current: current, target: target, priority: target - current), order))
            }
        }
        return list.sorted { $0.0.priority != $1.0.priority ? $0.0.priority > $1.0.priority : $0.1 < $1.1 }.map(\.0)
    }
}

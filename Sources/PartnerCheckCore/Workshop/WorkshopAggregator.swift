/// Folds sessions into workshop statistics one at a time, so thousands of sessions never sit in
/// memory together: only the scores per question and per dimension are kept.
public struct WorkshopAggregator: Sendable {
    public static let levels = ["executive", "management", "field"]
    public static let unspecified = "unspecified"

    public let catalog: QuestionnaireCatalog
    /// The questionnaire versions this workshop uses; sessions of other versions are flagged.
    public let expected: [QuestionnaireRef]

    /// Where each questionnaire's questions and dimensions start in the flat tables below.
    private let layout: [String: (index: Int, questionBase: Int, dimensionBase: Int)]
    private let dimensionOfQuestion: [Int]
    /// For rating questions, the scale's range, looked up once rather than for every answer.
    private let scaleRange: [(minimum: Int, maximum: Int)?]

    // Flat tables indexed by question (or dimension) position across the catalog.
    private var questionScores: [[Double]]
    private var unknownCounts: [Int]
    private var skippedCounts: [Int]
    private var rawValues: [[Int]]
    /// Per option key, how many chose it; for a multiple question `answersKey` counts the answers.
    private var choiceCounts: [[String: Int]]
    static let answersKey = ""
    private var dimensionScores: [[Double]]
    private var dimensionByLevel: [[String: [Double]]]
    /// Per partnership ("name#side"): raw answers and trait scores by position, health scores.
    private var partnerRaw: [String: [[Int]]] = [:]
    private var partnerChoices: [String: [[String: Int]]] = [:]
    private var partnerTraits: [String: [[Double]]] = [:]
    private var partnerHealth: [String: [Double]] = [:]
    private var partnerNames: [String: String] = [:]
    private var partnerOrder: [String] = []
    private var ambitions: [String: [Int]] = [:]
    private(set) var participants = 0
    private(set) var completed = 0
    private var levelCounts: [String: Int] = [:]
    public private(set) var skipped: [SkippedFile] = []
    public private(set) var otherVersions: [SkippedFile] = []

    public init(catalog: QuestionnaireCatalog, expected: [QuestionnaireRef]) {
        self.catalog = catalog
        self.expected = expected
        var layout: [String: (Int, Int, Int)] = [:]
        var questions = 0
        var dimensions = 0
        var dimensionOf: [Int] = []
        var ranges: [(minimum: Int, maximum: Int)?] = []
        for (index, questionnaire) in catalog.questionnaires.enumerated() {
            layout[questionnaire.id] = (index, questions, dimensions)
            for question in questionnaire.questions {
                dimensionOf.append(dimensions + (questionnaire.dimensions.firstIndex { $0.id == question.dimension } ?? 0))
                let scale = question.kind == .rating ? questionnaire.scale(for: question) : nil
                ranges.append(scale.flatMap { $0.maximum > $0.minimum ? (minimum: $0.minimum, maximum: $0.maximum) : nil })
            }
            questions += questionnaire.questions.count
            dimensions += questionnaire.dimensions.count
        }
        self.layout = layout
        dimensionOfQuestion = dimensionOf
        scaleRange = ranges
        questionScores = Array(repeating: [], count: questions)
        unknownCounts = Array(repeating: 0, count: questions)
        skippedCounts = Array(repeating: 0, count: questions)
        rawValues = Array(repeating: [], count: questions)
        choiceCounts = Array(repeating: [:], count: questions)
        dimensionScores = Array(repeating: [], count: dimensions)
        dimensionByLevel = Array(repeating: [:], count: dimensions)
    }

    public mutating func skip(_ file: String, reason: String) {
        skipped.append(SkippedFile(file: file, reason: reason))
    }

    /// Adds one session; a session answered to other questionnaire versions is flagged, not mixed.
    public mutating func add(_ session: Session, file: String) {
        let mismatched = session.questionnaires.filter { ref in
            guard let wanted = expected.first(where: { $0.id == ref.id }) else { return true }
            return wanted.version != ref.version
        }
        if !mismatched.isEmpty {
            let list = mismatched.map { "\($0.id) version \($0.version)" }.joined(separator: ", ")
            let wanted = expected.map { "\($0.id) version \($0.version)" }.joined(separator: ", ")
            otherVersions.append(SkippedFile(file: file, reason: "answers \(list); this workshop uses \(wanted)"))
            return
        }
        participants += 1
        if session.status == .completed { completed += 1 }
        let level = session.respondent.level?.rawValue ?? Self.unspecified
        levelCounts[level, default: 0] += 1
        for (id, value) in session.ambitions { ambitions[id, default: []].append(value) }

        for round in session.rounds {
            guard let place = layout[round.questionnaire] else { continue }
            let questionnaire = catalog.questionnaires[place.index]
            var partnerKey: String? = nil
            if let partner = round.partner {
                let name = AnswerText.normalise(partner)
                let key = name + "#" + (round.side ?? .ours).rawValue
                partnerKey = key
                if partnerNames[name] == nil {
                    partnerNames[name] = partner
                    partnerOrder.append(name)
                }
                if partnerRaw[key] == nil {
                    partnerRaw[key] = Array(repeating: [], count: questionnaire.questions.count)
                    partnerChoices[key] = Array(repeating: [:], count: questionnaire.questions.count)
                    partnerTraits[key] = Array(repeating: [], count: questionnaire.dimensions.count)
                }
            }
            var dimensionSums = Array(repeating: (0.0, 0.0), count: questionnaire.dimensions.count)
            var all = (0.0, 0.0)
            for (position, question) in questionnaire.questions.enumerated()
            where question.kind != .text && questionnaire.isAsked(question, in: round) {
                // Answers are saved in question order; look there first.
                let answer = position < round.answers.count && round.answers[position].question == question.id
                    ? round.answers[position] : round.answer(question.id)
                let slot = place.questionBase + position
                switch answer?.status {
                case .unknown?: unknownCounts[slot] += 1
                case .skipped?: skippedCounts[slot] += 1
                default: break
                }
                if !question.isScored {
                    // A descriptive question: counted per option (an askIf may read the group's answer), never scored.
                    guard answer?.status == .answered, case .text(let key)? = answer?.value else { continue }
                    if let partnerKey { partnerChoices[partnerKey]![position][key, default: 0] += 1 } else { choiceCounts[slot][key, default: 0] += 1 }
                    continue
                }
                let score: Double
                if let range = scaleRange[slot] {
                    // Scorer.score for a rating, without looking the scale up again.
                    guard let answer, answer.status == .answered, case .number(let n)? = answer.value else { continue }
                    score = Scorer.ratingScore(n, minimum: range.minimum, maximum: range.maximum)
                } else {
                    guard let scored = Scorer.score(answer, for: question, in: questionnaire) else { continue }
                    score = scored
                }
                questionScores[slot].append(score)
                let local = dimensionOfQuestion[slot] - place.dimensionBase
                dimensionSums[local].0 += score * question.weight
                dimensionSums[local].1 += question.weight
                all.0 += score * question.weight
                all.1 += question.weight
                switch (answer?.value, partnerKey) {
                case (.number(let n)?, nil): rawValues[slot].append(n)
                case (.text(let t)?, nil): choiceCounts[slot][t, default: 0] += 1
                case (.number(let n)?, let key?): partnerRaw[key]![position].append(n)
                case (.text(let t)?, let key?): partnerChoices[key]![position][t, default: 0] += 1
                case (.choices(let keys)?, nil):
                    for k in keys + [Self.answersKey] { choiceCounts[slot][k, default: 0] += 1 }
                case (.choices(let keys)?, let key?):
                    for k in keys + [Self.answersKey] { partnerChoices[key]![position][k, default: 0] += 1 }
                default: break
                }
            }
            for (local, sums) in dimensionSums.enumerated() where sums.1 > 0 {
                let score = sums.0 / sums.1
                if let partnerKey { partnerTraits[partnerKey]![local].append(score) }
                dimensionScores[place.dimensionBase + local].append(score)
                dimensionByLevel[place.dimensionBase + local][level, default: []].append(score)
            }
            if let partnerKey, all.1 > 0 {
                partnerHealth[partnerKey, default: []].append(all.0 / all.1)
            }
        }
    }

    /// Combines another aggregator's sessions into this one (for reading files in parallel).
    public mutating func merge(_ other: WorkshopAggregator) {
        for i in questionScores.indices {
            questionScores[i] += other.questionScores[i]
            unknownCounts[i] += other.unknownCounts[i]
            skippedCounts[i] += other.skippedCounts[i]
            rawValues[i] += other.rawValues[i]
            for (k, n) in other.choiceCounts[i] { choiceCounts[i][k, default: 0] += n }
        }
        for i in dimensionScores.indices {
            dimensionScores[i] += other.dimensionScores[i]
            for (l, v) in other.dimensionByLevel[i] { dimensionByLevel[i][l, default: []] += v }
        }
        for (key, lists) in other.partnerRaw {
            if partnerRaw[key] == nil {
                partnerRaw[key] = lists
                partnerChoices[key] = other.partnerChoices[key]
                partnerTraits[key] = other.partnerTraits[key]
                continue
            }
            for i in lists.indices { partnerRaw[key]![i] += lists[i] }
            for (i, counts) in (other.partnerChoices[key] ?? []).enumerated() {
                for (k, n) in counts { partnerChoices[key]![i][k, default: 0] += n }
            }
            for (i, values) in (other.partnerTraits[key] ?? []).enumerated() { partnerTraits[key]![i] += values }
        }
        for (key, values) in other.partnerHealth { partnerHealth[key, default: []] += values }
        for key in other.partnerOrder where partnerNames[key] == nil {
            partnerNames[key] = other.partnerNames[key]
            partnerOrder.append(key)
        }
        for (key, values) in other.ambitions { ambitions[key, default: []] += values }
        participants += other.participants
        completed += other.completed
        for (key, n) in other.levelCounts { levelCounts[key, default: 0] += n }
        skipped += other.skipped
        otherVersions += other.otherVersions
    }

    public func summary(name: String) -> WorkshopSummary {
        let questionnaires = expected.compactMap { ref in catalog.questionnaires.first { $0.id == ref.id } }
        var questions: [QuestionStats] = []
        var dimensions: [DimensionStats] = []
        var gaps: [PerceptionGap] = []
        for questionnaire in questionnaires {
            guard let place = layout[questionnaire.id] else { continue }
            for (position, question) in questionnaire.questions.enumerated() where question.kind != .text {
                let slot = place.questionBase + position
                let scores = questionScores[slot]
                let stats = Stats(scores)
                var within: Double? = nil
                if let median = stats.median, !scores.isEmpty {
                    let step = Self.step(question, questionnaire)
                    within = Double(scores.filter { abs($0 - median) <= step + 1e-9 }.count) / Double(scores.count)
                }
                let disagree = scores.count >= 2 && (within ?? 1) < 0.8
                var distribution: [AnswerCount]? = nil
                if question.hasOptions {
                    distribution = (question.options ?? []).map { AnswerCount(value: $0.key, label: $0.label, count: choiceCounts[slot][$0.key] ?? 0) }
                } else if let points = questionnaire.scale(for: question)?.points, !questionnaire.isPerPartner {
                    var counts: [Int: Int] = [:]
                    for value in rawValues[slot] { counts[value, default: 0] += 1 }
                    distribution = points.map { AnswerCount(value: String($0.value), label: $0.label, count: counts[$0.value] ?? 0) }
                }
                questions.append(QuestionStats(questionnaire: questionnaire.id, question: question.id, text: question.text(partner: nil),
                                               dimension: question.dimension, stats: stats, withinOnePointOfMedian: within,
                                               disagreement: disagree, unknown: unknownCounts[slot], skipped: skippedCounts[slot],
                                               distribution: distribution))
            }
            for (local, dimension) in questionnaire.dimensions.enumerated() {
                let slot = place.dimensionBase + local
                let levels = dimensionByLevel[slot]
                let byLevel = (Self.levels + [Self.unspecified]).compactMap { level -> LevelStats? in
                    guard let values = levels[level], !values.isEmpty else { return nil }
                    return LevelStats(level: level, n: values.count, mean: Stats(values).mean)
                }
                dimensions.append(DimensionStats(questionnaire: questionnaire.id, dimension: dimension.id, title: dimension.title,
                                                 stats: Stats(dimensionScores[slot]), byLevel: byLevel))
                let named = byLevel.filter { $0.level != Self.unspecified && $0.mean != nil }
                if named.count >= 2, let high = named.max(by: { $0.mean! < $1.mean! }), let low = named.min(by: { $0.mean! < $1.mean! }) {
                    gaps.append(PerceptionGap(questionnaire: questionnaire.id, dimension: dimension.id, title: dimension.title,
                                              byLevel: byLevel, gap: high.mean! - low.mean!, highest: high.level, lowest: low.level))
                }
            }
        }
        let disagreements = questions.enumerated().filter { $0.element.disagreement }
            .sorted { a, b in
                let (x, y) = (a.element, b.element)
                if x.withinOnePointOfMedian != y.withinOnePointOfMedian { return (x.withinOnePointOfMedian ?? 1) < (y.withinOnePointOfMedian ?? 1) }
                if x.stats.standardDeviation != y.stats.standardDeviation { return (x.stats.standardDeviation ?? 0) > (y.stats.standardDeviation ?? 0) }
                return a.offset < b.offset
            }.map(\.element)
        let sortedGaps = gaps.enumerated().sorted { $0.element.gap != $1.element.gap ? $0.element.gap > $1.element.gap : $0.offset < $1.offset }.map(\.element)

        var partners: [PartnerGroup] = []
        if let perPartner = questionnaires.first(where: { $0.isPerPartner }) {
            for key in partnerOrder {
                let traits = perPartner.dimensions.enumerated().map { local, dimension -> TraitGroup in
                    let ours = Stats(partnerTraits[key + "#ours"]?[local] ?? []).mean
                    let theirs = Stats(partnerTraits[key + "#partner"]?[local] ?? []).mean
                    return TraitGroup(dimension: dimension.id, title: dimension.title, ours: ours, theirs: theirs,
                                      gap: ours.flatMap { o in theirs.map { o - $0 } })
                }
                partners.append(PartnerGroup(partner: partnerNames[key] ?? key, ours: Stats(partnerHealth[key + "#ours"] ?? []),
                                             theirs: Stats(partnerHealth[key + "#partner"] ?? []), traits: traits))
            }
        }

        let group = groupSession(name: name, questionnaires)
        let assessment = try? Scorer(catalog: catalog).assess(group, view: .group)
        let levelList = (Self.levels + [Self.unspecified]).compactMap { level in
            levelCounts[level].map { LevelCount(level: level, participants: $0) }
        }
        return WorkshopSummary(name: name, participants: participants, completed: completed, inProgress: participants - completed,
                               byLevel: levelList, questionnaires: expected, disagreements: disagreements,
                               perceptionGaps: sortedGaps, questions: questions, dimensions: dimensions, partners: partners,
                               journey: participants > 0 ? assessment?.journey : nil,
                               initiatives: participants > 0 ? assessment?.initiatives ?? [] : [],
                               skipped: skipped.sorted { $0.file < $1.file }, otherVersions: otherVersions.sorted { $0.file < $1.file })
    }

    /// One scale point on the 0-100 score of a question (25 on a five-point scale).
    static func step(_ question: Question, _ questionnaire: Questionnaire) -> Double {
        switch question.kind {
        case .rating:
            guard let scale = questionnaire.scale(for: question), scale.maximum > scale.minimum else { return 0 }
            return 100 / Double(scale.maximum - scale.minimum)
        default:
            return 0
        }
    }

    /// The group as one respondent: each question answered with the group's lower median
    /// (the most common option for choices, the lower-scoring one on a tie).
    private func groupSession(name: String, _ questionnaires: [Questionnaire]) -> Session {
        var session = Session(id: "workshop:" + name, createdAt: "", questionnaires: expected)
        session.status = .completed
        session.finished = expected.map(\.id)
        for (id, values) in ambitions { session.ambitions[id] = Median.lower(values) }
        for questionnaire in questionnaires {
            let keys: [String?] = questionnaire.isPerPartner
                ? partnerOrder.flatMap { key in ["ours", "partner"].map { key + "#" + $0 } }.map { Optional($0) }
                : [nil]
            for partnerKey in keys {
                var round = Round(questionnaire: questionnaire.id, version: questionnaire.version)
                if let partnerKey {
                    let parts = partnerKey.split(separator: "#").map(String.init)
                    round.partner = partnerNames[parts[0]] ?? parts[0]
                    round.side = Side(rawValue: parts[1])
                }
                let slotBase = layout[questionnaire.id]?.questionBase ?? 0
                for (position, question) in questionnaire.questions.enumerated() where question.kind != .text {
                    let values = partnerKey.map { partnerRaw[$0]?[position] ?? [] } ?? rawValues[slotBase + position]
                    let choices = partnerKey.map { partnerChoices[$0]?[position] ?? [:] } ?? choiceCounts[slotBase + position]
                    let text = question.text(partner: round.partner)
                    if question.kind == .multiple, let answers = choices[Self.answersKey], answers > 0 {
                        // The options more than half of those who answered chose.
                        let chosen = (question.options ?? []).filter { (choices[$0.key] ?? 0) * 2 > answers }
                        round.record(Answer(question: question.id, questionText: text, status: .answered,
                                            value: .choices(chosen.map(\.key)),
                                            label: chosen.isEmpty ? "none" : chosen.map(\.label).joined(separator: "; "), answeredAt: ""))
                    } else if let median = Median.lower(values) {
                        let label = questionnaire.scale(for: question)?.point(median)?.label
                        round.record(Answer(question: question.id, questionText: text, status: .answered, value: .number(median),
                                            label: label, answeredAt: ""))
                    } else if !choices.isEmpty {
                        // Most common first; on a tie the lower-scoring answer, then the key.
                        func score(_ key: String) -> Double {
                            let answer = Answer(question: question.id, questionText: "", status: .answered, value: .text(key), answeredAt: "")
                            return Scorer.score(answer, for: question, in: questionnaire) ?? 0
                        }
                        let best = choices.min { a, b in
                            if a.value != b.value { return a.value > b.value }
                            return (score(a.key), a.key) < (score(b.key), b.key)
                        }!.key
                        let label = question.options?.first { $0.key == best }?.label ?? best
                        round.record(Answer(question: question.id, questionText: text, status: .answered, value: .text(best),
                                            label: label, answeredAt: ""))
                    }
                }
                if !round.answers.isEmpty || partnerKey == nil { session.rounds.append(round) }
            }
        }
        return session
    }
}

/// Folds sessions into workshop statistics one at a time, so thousands of sessions never sit in
/// memory together: only the scores per question and per dimension are kept.
public struct WorkshopAggregator: Sendable {
    public static let levels = ["executive", "management", "field"]
    public static let unspecified = "unspecified"

    public let catalog: QuestionnaireCatalog
    /// The questionnaire versions this workshop uses; sessions of other versions are flagged.
    public let expected: [QuestionnaireRef]

    // Keys: "questionnaire/question" and "questionnaire/dimension"; partner keys add "#partner#side".
    private var questionScores: [String: [Double]] = [:]
    private var unknownCounts: [String: Int] = [:]
    private var skippedCounts: [String: Int] = [:]
    private var dimensionScores: [String: [Double]] = [:]
    private var dimensionByLevel: [String: [String: [Double]]] = [:]
    private var rawValues: [String: [Int]] = [:]
    private var choiceCounts: [String: [String: Int]] = [:]
    private var partnerNames: [String: String] = [:]
    private var partnerOrder: [String] = []
    private var partnerHealth: [String: [Double]] = [:]
    private var partnerTraits: [String: [Double]] = [:]
    private var ambitions: [String: [Int]] = [:]
    private(set) var participants = 0
    private(set) var completed = 0
    private var levelCounts: [String: Int] = [:]
    public private(set) var skipped: [SkippedFile] = []
    public private(set) var otherVersions: [SkippedFile] = []

    public init(catalog: QuestionnaireCatalog, expected: [QuestionnaireRef]) {
        self.catalog = catalog
        self.expected = expected
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
            guard let questionnaire = catalog.questionnaires.first(where: { $0.id == round.questionnaire }) else { continue }
            var partnerKey: String? = nil
            if let partner = round.partner {
                let key = AnswerText.normalise(partner) + "#" + (round.side ?? .ours).rawValue
                partnerKey = key
                if partnerNames[AnswerText.normalise(partner)] == nil {
                    partnerNames[AnswerText.normalise(partner)] = partner
                    partnerOrder.append(AnswerText.normalise(partner))
                }
            }
            var dimensionSums: [String: (Double, Double)] = [:]
            var all: (Double, Double) = (0, 0)
            for question in questionnaire.questions where question.kind != .text {
                let answer = round.answer(question.id)
                let key = questionnaire.id + "/" + question.id
                switch answer?.status {
                case .unknown?: unknownCounts[key, default: 0] += 1
                case .skipped?: skippedCounts[key, default: 0] += 1
                default: break
                }
                guard let score = Scorer.score(answer, for: question, in: questionnaire) else { continue }
                questionScores[key, default: []].append(score)
                var sums = dimensionSums[question.dimension] ?? (0, 0)
                sums.0 += score * question.weight
                sums.1 += question.weight
                dimensionSums[question.dimension] = sums
                all.0 += score * question.weight
                all.1 += question.weight
                let rawKey = partnerKey.map { key + "#" + $0 } ?? key
                switch answer?.value {
                case .number(let n)?: rawValues[rawKey, default: []].append(n)
                case .text(let t)?: choiceCounts[rawKey, default: [:]][t, default: 0] += 1
                case nil: break
                }
            }
            for (dimension, sums) in dimensionSums where sums.1 > 0 {
                let key = questionnaire.id + "/" + dimension
                let score = sums.0 / sums.1
                if let partnerKey {
                    partnerTraits[key + "#" + partnerKey, default: []].append(score)
                }
                dimensionScores[key, default: []].append(score)
                dimensionByLevel[key, default: [:]][level, default: []].append(score)
            }
            if let partnerKey, all.1 > 0 {
                partnerHealth[partnerKey, default: []].append(all.0 / all.1)
            }
        }
    }

    /// Combines another aggregator's sessions into this one (for reading files in parallel).
    public mutating func merge(_ other: WorkshopAggregator) {
        func join<V>(_ a: inout [String: [V]], _ b: [String: [V]]) { for (k, v) in b { a[k, default: []] += v } }
        func add(_ a: inout [String: Int], _ b: [String: Int]) { for (k, v) in b { a[k, default: 0] += v } }
        join(&questionScores, other.questionScores)
        add(&unknownCounts, other.unknownCounts)
        add(&skippedCounts, other.skippedCounts)
        join(&dimensionScores, other.dimensionScores)
        for (k, levels) in other.dimensionByLevel { for (l, v) in levels { dimensionByLevel[k, default: [:]][l, default: []] += v } }
        join(&rawValues, other.rawValues)
        for (k, counts) in other.choiceCounts { for (c, n) in counts { choiceCounts[k, default: [:]][c, default: 0] += n } }
        for key in other.partnerOrder where partnerNames[key] == nil {
            partnerNames[key] = other.partnerNames[key]
            partnerOrder.append(key)
        }
        join(&partnerHealth, other.partnerHealth)
        join(&partnerTraits, other.partnerTraits)
        join(&ambitions, other.ambitions)
        participants += other.participants
        completed += other.completed
        add(&levelCounts, other.levelCounts)
        skipped += other.skipped
        otherVersions += other.otherVersions
    }

    public func summary(name: String) -> WorkshopSummary {
        let questionnaires = expected.compactMap { ref in catalog.questionnaires.first { $0.id == ref.id } }
        var questions: [QuestionStats] = []
        var dimensions: [DimensionStats] = []
        var gaps: [PerceptionGap] = []
        for questionnaire in questionnaires {
            for question in questionnaire.questions where question.kind != .text {
                let key = questionnaire.id + "/" + question.id
                let scores = questionScores[key] ?? []
                let stats = Stats(scores)
                var within: Double? = nil
                if let median = stats.median, !scores.isEmpty {
                    let step = Self.step(question, questionnaire)
                    within = Double(scores.filter { abs($0 - median) <= step + 1e-9 }.count) / Double(scores.count)
                }
                let disagree = scores.count >= 2 && (within ?? 1) < 0.8
                questions.append(QuestionStats(questionnaire: questionnaire.id, question: question.id, text: question.text,
                                               dimension: question.dimension, stats: stats, withinOnePointOfMedian: within,
                                               disagreement: disagree, unknown: unknownCounts[key] ?? 0, skipped: skippedCounts[key] ?? 0))
            }
            for dimension in questionnaire.dimensions {
                let key = questionnaire.id + "/" + dimension.id
                let levels = dimensionByLevel[key] ?? [:]
                let byLevel = (Self.levels + [Self.unspecified]).compactMap { level -> LevelStats? in
                    guard let values = levels[level], !values.isEmpty else { return nil }
                    return LevelStats(level: level, n: values.count, mean: Stats(values).mean)
                }
                dimensions.append(DimensionStats(questionnaire: questionnaire.id, dimension: dimension.id, title: dimension.title,
                                                 stats: Stats(dimensionScores[key] ?? []), byLevel: byLevel))
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
                let traits = perPartner.dimensions.map { dimension -> TraitGroup in
                    let base = perPartner.id + "/" + dimension.id + "#" + key
                    let ours = Stats(partnerTraits[base + "#ours"] ?? []).mean
                    let theirs = Stats(partnerTraits[base + "#partner"] ?? []).mean
                    return TraitGroup(dimension: dimension.id, title: dimension.title, ours: ours, theirs: theirs,
                                      gap: ours.flatMap { o in theirs.map { o - $0 } })
                }
                partners.append(PartnerGroup(partner: partnerNames[key] ?? key, ours: Stats(partnerHealth[key + "#ours"] ?? []),
                                             theirs: Stats(partnerHealth[key + "#partner"] ?? []), traits: traits))
            }
        }

        let group = groupSession(name: name, questionnaires)
        let assessment = try? Scorer(catalog: catalog).assess(group)
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
                for question in questionnaire.questions where question.kind != .text {
                    let key = questionnaire.id + "/" + question.id + (partnerKey.map { "#" + $0 } ?? "")
                    let text = question.text(partner: round.partner)
                    if let median = Median.lower(rawValues[key] ?? []) {
                        let label = questionnaire.scale(for: question)?.point(median)?.label
                        round.record(Answer(question: question.id, questionText: text, status: .answered, value: .number(median),
                                            label: label, answeredAt: ""))
                    } else if let counts = choiceCounts[key], !counts.isEmpty {
                        let best = counts.sorted { a, b in
                            if a.value != b.value { return a.value > b.value }
                            let sa = Scorer.score(Answer(question: question.id, questionText: "", status: .answered, value: .text(a.key), answeredAt: ""), for: question, in: questionnaire) ?? 0
                            let sb = Scorer.score(Answer(question: question.id, questionText: "", status: .answered, value: .text(b.key), answeredAt: ""), for: question, in: questionnaire) ?? 0
                            return sa != sb ? sa < sb : a.key < b.key
                        }[0].key
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

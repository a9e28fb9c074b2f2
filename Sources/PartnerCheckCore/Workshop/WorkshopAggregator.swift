/// One partnership seen from one side, in one per-partner questionnaire: the unit in which a
/// workshop compares answers about partners.
public struct PartnerKey: Hashable, Sendable, Comparable {
    public var questionnaire: String
    /// The partner's name, normalised (case and spacing), so "Initech" and "initech " are one partner.
    public var partner: String
    public var side: Side

    public static func < (a: PartnerKey, b: PartnerKey) -> Bool {
        (a.questionnaire, a.partner, a.side.rawValue) < (b.questionnaire, b.partner, b.side.rawValue)
    }
}

/// What one participant wrote next to an answer.
public struct NoteEntry: Encodable, Sendable, Equatable {
    public var text: String
    /// The participant's name, or nil (no name given, or the report is anonymous).
    public var by: String?
}

/// Folds sessions into workshop statistics one at a time, so thousands of sessions never sit in
/// memory together: only the scores per question and per dimension are kept, counted by value. Every group figure
/// counts each participant once: a participant's several partnerships are averaged per
/// participant first. Questions about partners are kept per partnership and side, so the agenda
/// compares only answers about the same partnership from the same side.
public struct WorkshopAggregator: Sendable {
    public static let levels = ["executive", "management", "field"]
    public static let unspecified = "unspecified"
    /// With `--anonymous`, no group smaller than this is shown on its own.
    public static let smallestGroupShown = 3
    /// Notes shown per question (per partnership and side for a partner question): the first ones in
    /// the folder's order, then how many more there are. A workshop room never reaches it; an
    /// organisation-wide rollout would otherwise print hundreds of thousands of notes (and hold them
    /// all in memory). Every note is in the sessions and in `partnercheck export`.
    public static let notesShown = 50

    public let catalog: QuestionnaireCatalog
    /// The catalog's questionnaires, fetched once (a deferred catalog hands them out under a lock).
    private let questionnaires: [Questionnaire]
    /// The questionnaire versions this workshop uses; sessions of other versions are flagged.
    public let expected: [QuestionnaireRef]
    /// The Delphi round whose sessions count; those of other rounds are passed over.
    public let round: Int

    /// Where each questionnaire's questions and dimensions start in the flat tables below.
    private let layout: [String: (index: Int, questionBase: Int, dimensionBase: Int)]
    /// What adding a round needs of its questionnaire, read once (a questionnaire copied out of the
    /// catalog for every round costs a retain and a release of each of its fields).
    private let shapes: [Shape]
    private let dimensionOfQuestion: [Int]
    /// How each question's answers are scored, looked up once rather than for every answer.
    private let rules: [ScoringRule]
    /// What adding an answer needs of its question, read once: copying each question out of its
    /// questionnaire for every answer of every session was a large part of a workshop's time.
    private let questionInfo: [QuestionInfo]

    private struct Shape: Sendable {
        var id: String
        var perPartner: Bool
        var questions: Int
        var dimensions: Int
    }

    private struct QuestionInfo: Sendable {
        var id: String
        var counted: Bool  // not free text
        var scored: Bool
        var conditional: Bool  // has an `askIf`
        var weight: Double
    }

    /// The answers to one question from a set of respondents.
    struct Answers: Sendable {
        var scores = Tally<Double>()
        var raw = Tally<Int>()
        /// Per option key, how many chose it; for a multiple question `answersKey` counts the answers.
        var choices: [String: Int] = [:]
        var unknown = 0
        var skipped = 0
        var notes: [NoteEntry] = []
        /// Notes beyond `notesShown`, counted.
        var notesNotShown = 0

        mutating func note(_ entry: NoteEntry) {
            if notes.count < WorkshopAggregator.notesShown { notes.append(entry) } else { notesNotShown += 1 }
        }

        mutating func merge(_ other: Answers) {
            scores.merge(other.scores)
            raw.merge(other.raw)
            for (key, count) in other.choices { choices[key, default: 0] += count }
            unknown += other.unknown
            skipped += other.skipped
            // The other's notes come later in the folder's order.
            let room = max(0, WorkshopAggregator.notesShown - notes.count)
            notes += other.notes.prefix(room)
            notesNotShown += other.notesNotShown + max(0, other.notes.count - room)
        }
    }

    /// One partnership from one side: its questions, its traits, its health, over the rounds about it.
    struct Partnership: Sendable {
        var key: PartnerKey
        var name: String
        var questions: [Answers]
        var traits: [Tally<Double>]
        var health = Tally<Double>()

        mutating func merge(_ other: Partnership) {
            for i in questions.indices { questions[i].merge(other.questions[i]) }
            for i in traits.indices { traits[i].merge(other.traits[i]) }
            health.merge(other.health)
        }
    }

    static let answersKey = ""
    /// The levels a participant is counted under: `levels`, then `unspecified`.
    static let levelSlots = levels + [unspecified]

    // Flat tables indexed by question (or dimension) position across the catalog.
    private var questions: [Answers]
    /// Each participant's dimension score, once per participant.
    private var dimensionScores: [Tally<Double>]
    /// Per dimension, per level slot (`levelSlots`), the participants' dimension scores.
    private var dimensionByLevel: [[Tally<Double>]]
    /// Partnerships in the order first met; `partnerIndex` finds one by its key.
    private var partnerships: [Partnership] = []
    private var partnerIndex: [PartnerKey: Int] = [:]
    /// Partner names as typed, normalised (the same few names come back in every session).
    private var normalisedPartners: [String: String] = [:]
    /// Per dimension of a round, its scored answers: kept between rounds to reuse the storage.
    private var roundScores: [[(score: Double, weight: Double)]] = []
    /// A round's scored answers, dimension by dimension (for a partnership's health): reused storage.
    private var roundItems: [(score: Double, weight: Double)] = []
    /// Per dimension, this participant's sum and number of round scores (`mineTouched` lists the
    /// dimensions set): reused storage, reset after each session.
    private var mineSum: [Double]
    private var mineCount: [Int]
    private var mineTouched: [Int] = []
    private var ambitions: [String: Tally<Int>] = [:]
    private(set) var participants = 0
    private(set) var completed = 0
    /// Participants per level slot (`levelSlots`).
    private var levelCounts: [Int]
    public private(set) var skipped: [SkippedFile] = []
    public private(set) var otherVersions: [SkippedFile] = []

    public init(catalog: QuestionnaireCatalog, expected: [QuestionnaireRef], round: Int = 1) {
        self.catalog = catalog
        questionnaires = catalog.questionnaires
        self.expected = expected
        self.round = round
        var layout: [String: (Int, Int, Int)] = [:]
        var shapes: [Shape] = []
        var questions = 0
        var dimensions = 0
        var dimensionOf: [Int] = []
        var rules: [ScoringRule] = []
        var info: [QuestionInfo] = []
        var mostDimensions = 0
        for (index, questionnaire) in catalog.questionnaires.enumerated() {
            layout[questionnaire.id] = (index, questions, dimensions)
            shapes.append(Shape(id: questionnaire.id, perPartner: questionnaire.isPerPartner, questions: questionnaire.questions.count,
                                dimensions: questionnaire.dimensions.count))
            mostDimensions = max(mostDimensions, questionnaire.dimensions.count)
            for question in questionnaire.questions {
                info.append(QuestionInfo(id: question.id, counted: question.kind != .text, scored: question.isScored,
                                         conditional: question.askIf != nil, weight: question.weight))
                dimensionOf.append(dimensions + (questionnaire.dimensions.firstIndex { $0.id == question.dimension } ?? 0))
                rules.append(ScoringRule(question, in: questionnaire))
            }
            questions += questionnaire.questions.count
            dimensions += questionnaire.dimensions.count
        }
        self.layout = layout
        self.shapes = shapes
        dimensionOfQuestion = dimensionOf
        self.rules = rules
        questionInfo = info
        roundScores = Array(repeating: [], count: mostDimensions)
        self.questions = Array(repeating: Answers(), count: questions)
        dimensionScores = Array(repeating: Tally(), count: dimensions)
        dimensionByLevel = Array(repeating: Array(repeating: Tally(), count: Self.levelSlots.count), count: dimensions)
        mineSum = Array(repeating: 0, count: dimensions)
        mineCount = Array(repeating: 0, count: dimensions)
        levelCounts = Array(repeating: 0, count: Self.levelSlots.count)
    }

    public mutating func skip(_ file: String, reason: String) {
        skipped.append(SkippedFile(file: file, reason: reason))
    }

    /// Adds one session; a session answered to other questionnaire versions is flagged, not mixed.
    public mutating func add(_ session: Session, file: String) {
        guard (session.workshopRound ?? 1) == round else { return }
        // A questionnaire this workshop does not use, or another version of one it does. Looked for
        // first, and listed only when there is one (a list for every session was a cost of its own).
        let otherVersion = { (ref: QuestionnaireRef) in self.expected.first(where: { $0.id == ref.id })?.version != ref.version }
        if session.questionnaires.contains(where: otherVersion) {
            let mismatched = session.questionnaires.filter(otherVersion)
            let list = mismatched.map { "\($0.id) version \($0.version)" }.joined(separator: ", ")
            let wanted = expected.map { "\($0.id) version \($0.version)" }.joined(separator: ", ")
            otherVersions.append(SkippedFile(file: file, reason: "answers \(list); this workshop uses \(wanted)"))
            return
        }
        participants += 1
        if session.status == .completed { completed += 1 }
        let level = session.respondent.level.map { Self.levels.firstIndex(of: $0.rawValue)! } ?? Self.levels.count
        levelCounts[level] += 1
        for (id, value) in session.ambitions { ambitions[id, default: Tally()].add(value) }
        let name = session.respondent.name

        // This participant's dimension scores: one per round, averaged per participant below.
        for round in session.rounds {
            guard let place = layout[round.questionnaire] else { continue }
            let shape = shapes[place.index]
            // A partnership's tallies are counted in place, in the table of partnerships.
            var partnership: Int? = nil
            if let partner = round.partner, shape.perPartner {
                let normalised: String
                if let known = normalisedPartners[partner] {
                    normalised = known
                } else {
                    normalised = AnswerText.normalise(partner)
                    normalisedPartners[partner] = normalised
                }
                let key = PartnerKey(questionnaire: shape.id, partner: normalised, side: round.side ?? .ours)
                if let existing = partnerIndex[key] {
                    partnership = existing
                } else {
                    partnership = partnerships.count
                    partnerIndex[key] = partnerships.count
                    partnerships.append(Partnership(key: key, name: partner, questions: Array(repeating: Answers(), count: shape.questions),
                                                    traits: Array(repeating: Tally(), count: shape.dimensions)))
                }
            }
            for local in 0..<shape.dimensions { roundScores[local].removeAll(keepingCapacity: true) }
            // The questions and the answers are looked at where they lie: a question or an answer
            // taken out of its array by subscript was copied, a retain and a release of each of its
            // strings, for every answer of every session.
            let asked = questionnaires[place.index].questions
            asked.withUnsafeBufferPointer { asked in
                round.answers.withUnsafeBufferPointer { answers in
                    for position in 0..<shape.questions {
                        let slot = place.questionBase + position
                        guard questionInfo[slot].counted else { continue }
                        if questionInfo[slot].conditional {
                            guard questionnaires[place.index].isAsked(asked[position], in: round) else { continue }
                        }
                        // Answers are saved in question order; look there first.
                        let id = questionInfo[slot].id
                        let index = position < answers.count && answers[position].question == id
                            ? position : answers.firstIndex { $0.question == id }
                        guard let index else { continue }
                        // Counted in place (an entry copied out and back would copy its arrays every time).
                        let answer = answers.baseAddress! + index
                        let counted: Bool
                        if let partnership {
                            counted = Self.tally(answer, by: name, into: &partnerships[partnership].questions[position])
                        } else {
                            counted = Self.tally(answer, by: name, into: &questions[slot])
                        }
                        // A descriptive question (an askIf may read the group's answer) is counted, never scored.
                        guard counted, questionInfo[slot].scored,
                              let score = Scorer.score(answer.pointee.status, answer.pointee.value, by: rules[slot]) else { continue }
                        if let partnership { partnerships[partnership].questions[position].scores.add(score) } else { questions[slot].scores.add(score) }
                        roundScores[dimensionOfQuestion[slot] - place.dimensionBase].append((score, questionInfo[slot].weight))
                    }
                }
            }
            roundItems.removeAll(keepingCapacity: true)
            for local in 0..<shape.dimensions {
                roundItems += roundScores[local]
                guard let score = Scorer.weightedMean(roundScores[local]) else { continue }
                if let partnership { partnerships[partnership].traits[local].add(score) }
                let dimension = place.dimensionBase + local
                if mineCount[dimension] == 0 { mineTouched.append(dimension) }
                mineSum[dimension] += score
                mineCount[dimension] += 1
            }
            if let partnership, let health = Scorer.weightedMean(roundItems) { partnerships[partnership].health.add(health) }
        }
        for dimension in mineTouched {
            // Several partnerships (or sides) of one participant count as one participant.
            let score = mineSum[dimension] / Double(mineCount[dimension])
            dimensionScores[dimension].add(score)
            dimensionByLevel[dimension][level].add(score)
            mineSum[dimension] = 0
            mineCount[dimension] = 0
        }
        mineTouched.removeAll(keepingCapacity: true)
    }

    /// Counts one answer (status, value, note) into `entry`; whether it was answered with a value.
    /// The answer is read where it lies, field by field (passed as a value, it was copied whole
    /// before the entry was changed).
    static func tally(_ answer: UnsafePointer<Answer>, by name: String?, into entry: inout Answers) -> Bool {
        switch answer.pointee.status {
        case .unknown: entry.unknown += 1
        case .skipped: entry.skipped += 1
        case .answered: break
        }
        if let note = answer.pointee.note { entry.note(NoteEntry(text: note, by: name)) }
        guard answer.pointee.status == .answered, let value = answer.pointee.value else { return false }
        switch value {
        case .number(let n): entry.raw.add(n)
        case .text(let t): entry.choices[t, default: 0] += 1
        case .choices(let keys):
            for k in keys { entry.choices[k, default: 0] += 1 }
            entry.choices[answersKey, default: 0] += 1
        }
        return true
    }

    /// Combines another aggregator's sessions into this one (for reading files in parallel).
    public mutating func merge(_ other: WorkshopAggregator) {
        for i in questions.indices { questions[i].merge(other.questions[i]) }
        for i in dimensionScores.indices {
            dimensionScores[i].merge(other.dimensionScores[i])
            for level in dimensionByLevel[i].indices { dimensionByLevel[i][level].merge(other.dimensionByLevel[i][level]) }
        }
        for theirs in other.partnerships {
            if let index = partnerIndex[theirs.key] {
                partnerships[index].merge(theirs)
            } else {
                partnerIndex[theirs.key] = partnerships.count
                partnerships.append(theirs)
            }
        }
        for (key, values) in other.ambitions { ambitions[key, default: Tally()].merge(values) }
        participants += other.participants
        completed += other.completed
        for level in levelCounts.indices { levelCounts[level] += other.levelCounts[level] }
        skipped += other.skipped
        otherVersions += other.otherVersions
    }

    /// The partnership of `key`, if any participant answered about it.
    private func partnership(_ key: PartnerKey) -> Partnership? {
        partnerIndex[key].map { partnerships[$0] }
    }

    /// Participants at a level (one of `levelSlots`), nil when there are none.
    private func participants(at level: String) -> Int? {
        guard let slot = Self.levelSlots.firstIndex(of: level), levelCounts[slot] > 0 else { return nil }
        return levelCounts[slot]
    }

    /// `anonymous`: no names with notes, and no level of fewer than three people shown on its own.
    public func summary(name: String, anonymous: Bool = false) -> WorkshopSummary {
        let questionnaires = expected.compactMap { ref in catalog.questionnaires.first { $0.id == ref.id } }
        var stats: [QuestionStats] = []
        var dimensions: [DimensionStats] = []
        var gaps: [PerceptionGap] = []
        let shownLevels = Set(Self.levelSlots.filter { level in
            !anonymous || (participants(at: level) ?? 0) >= Self.smallestGroupShown
        })
        for questionnaire in questionnaires {
            guard let place = layout[questionnaire.id] else { continue }
            // Per-partner questionnaires: one set of statistics per partnership and side.
            let groups: [(PartnerKey?, String?)] = questionnaire.isPerPartner
                ? partnerships.filter { $0.key.questionnaire == questionnaire.id }.sorted { $0.key < $1.key }.map { ($0.key, $0.name) }
                : [(nil, nil)]
            for (key, partnerName) in groups {
                for (position, question) in questionnaire.questions.enumerated() where question.kind != .text {
                    let entry = key.flatMap { partnership($0)?.questions[position] } ?? questions[place.questionBase + position]
                    stats.append(Self.questionStats(question, in: questionnaire, entry, partner: partnerName, side: key?.side,
                                                    anonymous: anonymous))
                }
            }
            for (local, dimension) in questionnaire.dimensions.enumerated() {
                let slot = place.dimensionBase + local
                let levels = dimensionByLevel[slot]
                let byLevel = Self.levelSlots.indices.compactMap { index -> LevelStats? in
                    let level = Self.levelSlots[index], values = levels[index]
                    guard shownLevels.contains(level), !values.isEmpty else { return nil }
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
        let disagreements = stats.enumerated().filter { $0.element.disagreement }
            .sorted { a, b in
                let (x, y) = (a.element, b.element)
                if x.withinOnePointOfMedian != y.withinOnePointOfMedian { return (x.withinOnePointOfMedian ?? 1) < (y.withinOnePointOfMedian ?? 1) }
                if x.stats.standardDeviation != y.stats.standardDeviation { return (x.stats.standardDeviation ?? 0) > (y.stats.standardDeviation ?? 0) }
                return a.offset < b.offset
            }.map(\.element)
        let sortedGaps = gaps.enumerated().sorted { $0.element.gap != $1.element.gap ? $0.element.gap > $1.element.gap : $0.offset < $1.offset }.map(\.element)

        var partners: [PartnerGroup] = []
        for questionnaire in questionnaires where questionnaire.isPerPartner {
            var names: [String] = []
            for key in partnerships.lazy.map(\.key) where key.questionnaire == questionnaire.id && !names.contains(key.partner) { names.append(key.partner) }
            for partner in names {
                let ours = partnership(PartnerKey(questionnaire: questionnaire.id, partner: partner, side: .ours))
                let theirs = partnership(PartnerKey(questionnaire: questionnaire.id, partner: partner, side: .partner))
                let traits = questionnaire.dimensions.enumerated().map { local, dimension -> TraitGroup in
                    let o = Stats(ours?.traits[local] ?? Tally()).mean
                    let t = Stats(theirs?.traits[local] ?? Tally()).mean
                    return TraitGroup(dimension: dimension.id, title: dimension.title, ours: o, theirs: t, gap: o.flatMap { a in t.map { a - $0 } })
                }
                partners.append(PartnerGroup(partner: (ours ?? theirs)?.name ?? partner, ours: Stats(ours?.health ?? Tally()),
                                             theirs: Stats(theirs?.health ?? Tally()), traits: traits))
            }
        }

        let group = groupSession(name: name, questionnaires)
        let assessment = try? Scorer(catalog: catalog).assess(group, view: .group)
        var levelList = Self.levelSlots.compactMap { level -> LevelCount? in
            guard shownLevels.contains(level) else { return nil }
            return participants(at: level).map { LevelCount(level: level, participants: $0) }
        }
        let hidden = Self.levelSlots.filter { !shownLevels.contains($0) }.compactMap { participants(at: $0) }.reduce(0, +)
        if hidden > 0 { levelList.append(LevelCount(level: "fewer than three at a level, not shown", participants: hidden)) }
        return WorkshopSummary(name: name, round: round, participants: participants, completed: completed, inProgress: participants - completed,
                               byLevel: levelList, questionnaires: expected, disagreements: disagreements,
                               perceptionGaps: sortedGaps, questions: stats, dimensions: dimensions, partners: partners,
                               journey: participants > 0 ? assessment?.journey : nil,
                               initiatives: participants > 0 ? assessment?.initiatives ?? [] : [],
                               skipped: skipped.sorted { $0.file < $1.file }, otherVersions: otherVersions.sorted { $0.file < $1.file })
    }

    static func questionStats(_ question: Question, in questionnaire: Questionnaire, _ entry: Answers, partner: String?, side: Side?,
                              anonymous: Bool) -> QuestionStats {
        let stats = Stats(entry.scores)
        var within: Double? = nil
        if let median = stats.median, !entry.scores.isEmpty {
            let step = Self.step(question, questionnaire)
            within = Double(entry.scores.count { abs($0 - median) <= step + 1e-9 }) / Double(entry.scores.count)
        }
        var distribution: [AnswerCount]? = nil
        if question.hasOptions {
            distribution = (question.options ?? []).map { AnswerCount(value: $0.key, label: $0.label, count: entry.choices[$0.key] ?? 0) }
        } else if let points = questionnaire.scale(for: question)?.points {
            var counts: [Int: Int] = [:]
            for (value, count) in entry.raw.entries { counts[value] = count }
            distribution = points.map { AnswerCount(value: String($0.value), label: $0.label, count: counts[$0.value] ?? 0) }
        } else if question.kind == .yesNo {
            distribution = ["yes", "no"].map { AnswerCount(value: $0, label: $0, count: entry.choices[$0] ?? 0) }
        }
        let notes = anonymous ? entry.notes.map { NoteEntry(text: $0.text, by: nil) } : entry.notes
        return QuestionStats(questionnaire: questionnaire.id, question: question.id, text: question.text(partner: partner),
                             dimension: question.dimension, stats: stats, withinOnePointOfMedian: within,
                             disagreement: entry.scores.count >= 2 && (within ?? 1) < 0.8,
                             unknown: entry.unknown, skipped: entry.skipped, distribution: distribution,
                             partner: partner, side: side, notes: notes, notesNotShown: entry.notesNotShown)
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

    /// The group as one respondent: each question answered with the group's lower median (the
    /// most common option for choices, the lower-scoring one on a tie; for a multiple question
    /// the options more than half chose), partnership by partnership and side by side.
    private func groupSession(name: String, _ questionnaires: [Questionnaire]) -> Session {
        var session = Session(id: "workshop:" + name, createdAt: "", questionnaires: expected)
        session.status = .completed
        session.finished = expected.map(\.id)
        for (id, values) in ambitions { session.ambitions[id] = Median.lower(values) }
        for questionnaire in questionnaires {
            let groups: [Partnership?] = questionnaire.isPerPartner
                ? partnerships.filter { $0.key.questionnaire == questionnaire.id }.map { Optional($0) }
                : [nil]
            for partnership in groups {
                var round = Round(questionnaire: questionnaire.id, version: questionnaire.version)
                if let partnership {
                    round.partner = partnership.name
                    round.side = partnership.key.side
                }
                let base = layout[questionnaire.id]?.questionBase ?? 0
                for (position, question) in questionnaire.questions.enumerated() where question.kind != .text {
                    let entry = partnership?.questions[position] ?? questions[base + position]
                    if let answer = Self.groupAnswer(question, in: questionnaire, entry, text: question.text(partner: round.partner)) {
                        round.record(answer)
                    }
                }
                if !round.answers.isEmpty || partnership == nil { session.rounds.append(round) }
            }
        }
        return session
    }

    static func groupAnswer(_ question: Question, in questionnaire: Questionnaire, _ entry: Answers, text: String) -> Answer? {
        if question.kind == .multiple, let answers = entry.choices[answersKey], answers > 0 {
            let chosen = (question.options ?? []).filter { (entry.choices[$0.key] ?? 0) * 2 > answers }
            return Answer(question: question.id, questionText: text, status: .answered, value: .choices(chosen.map(\.key)),
                          label: chosen.isEmpty ? "none" : chosen.map(\.label).joined(separator: "; "), answeredAt: "")
        }
        if let median = Median.lower(entry.raw) {
            return Answer(question: question.id, questionText: text, status: .answered, value: .number(median),
                          label: questionnaire.scale(for: question)?.point(median)?.label, answeredAt: "")
        }
        let choices = entry.choices.filter { $0.key != answersKey }
        guard !choices.isEmpty else { return nil }
        // Most common first; on a tie the lower-scoring answer, then the key.
        func score(_ key: String) -> Double {
            Scorer.score(Answer(question: question.id, questionText: "", status: .answered, value: .text(key), answeredAt: ""),
                         for: question, in: questionnaire) ?? 0
        }
        let best = choices.min { a, b in
            if a.value != b.value { return a.value > b.value }
            return (score(a.key), a.key) < (score(b.key), b.key)
        }!.key
        let label = question.options?.first { $0.key == best }?.label ?? best
        return Answer(question: question.id, questionText: text, status: .answered, value: .text(best), label: label, answeredAt: "")
    }
}

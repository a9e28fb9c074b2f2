/// What a workshop report says about a group of sessions.
public struct WorkshopSummary: Encodable, Sendable, Equatable {
    public var name: String
    /// The Delphi round these figures are of (the last one); 1 without rounds.
    public var round: Int
    public var participants: Int
    public var completed: Int
    public var inProgress: Int
    /// Participants per level ("executive", "management", "field", "unspecified").
    public var byLevel: [LevelCount]
    public var questionnaires: [QuestionnaireRef]
    /// Questions where the group does not agree, least agreement first: the agenda.
    public var disagreements: [QuestionStats]
    public var perceptionGaps: [PerceptionGap]
    public var questions: [QuestionStats]
    public var dimensions: [DimensionStats]
    public var partners: [PartnerGroup]
    /// The group scored as one respondent answering each question with the group's median.
    public var journey: JourneyPlacement?
    public var initiatives: [Initiative]
    public var skipped: [SkippedFile]
    public var otherVersions: [SkippedFile]
    /// From the second round on: each question's spread in the first round and in this one.
    public var convergence: [Convergence] = []

    /// How each question moved from the first round to `last`: the Delphi method's measure of a
    /// group coming to agree. Questions are matched by questionnaire, question, partner and side.
    public static func convergence(first: WorkshopSummary, last: WorkshopSummary) -> [Convergence] {
        last.questions.compactMap { now in
            guard let then = first.questions.first(where: {
                $0.questionnaire == now.questionnaire && $0.question == now.question && $0.partner == now.partner && $0.side == now.side
            }), then.stats.n > 0 || now.stats.n > 0 else { return nil }
            return Convergence(questionnaire: now.questionnaire, question: now.question, text: now.text, partner: now.partner,
                               side: now.side, before: then.stats, after: now.stats,
                               withinBefore: then.withinOnePointOfMedian, withinAfter: now.withinOnePointOfMedian)
        }
    }
}

/// One question, first round against the last.
public struct Convergence: Encodable, Sendable, Equatable {
    public var questionnaire: String
    public var question: String
    public var text: String
    public var partner: String?
    public var side: Side?
    public var before: Stats
    public var after: Stats
    /// Share of answers within one scale point of the median, then and now.
    public var withinBefore: Double?
    public var withinAfter: Double?

    /// The spread narrowed (standard deviation down), or everyone now within one point.
    public var converged: Bool {
        if let a = after.standardDeviation, let b = before.standardDeviation { return a < b - 1e-9 }
        return (withinAfter ?? 0) >= 1 && (withinBefore ?? 0) < 1
    }
}

public struct LevelCount: Encodable, Sendable, Equatable {
    public var level: String
    public var participants: Int
}

public struct QuestionStats: Encodable, Sendable, Equatable {
    public var questionnaire: String
    public var question: String
    public var text: String
    public var dimension: String
    public var stats: Stats
    /// Share of answers within one scale point of the median (0-1).
    public var withinOnePointOfMedian: Double?
    public var disagreement: Bool
    public var unknown: Int
    public var skipped: Int
    /// How many gave each answer: each scale point of a rating, each option of a choice or
    /// multiple question (a multiple answer counts once per option chosen). "Don't know" is `unknown`.
    public var distribution: [AnswerCount]?
    /// For a question about a partnership: which one, and from which side.
    public var partner: String?
    public var side: Side?
    /// What participants wrote next to their answers, in the order of the files: the first
    /// `WorkshopAggregator.notesShown`.
    public var notes: [NoteEntry] = []
    /// How many more notes there are than `notes` shows (0 in any workshop of a room's size).
    public var notesNotShown = 0

    enum CodingKeys: String, CodingKey { case distribution, partner, side, notes, notesNotShown, questionnaire, question, text, dimension, stats, withinOnePointOfMedian, disagreement, unknown, skipped }

    public func encode(to encoder: Encoder) throws {
        // In the order the members are written (their names' bytes), so that the writer, which
        // writes as it goes, has nothing to move: a report has a question's notes in each of these.
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(dimension, forKey: .dimension)
        try container.encode(disagreement, forKey: .disagreement)
        try container.encodeIfPresent(distribution, forKey: .distribution)
        try container.encode(notes, forKey: .notes)
        if notesNotShown > 0 { try container.encode(notesNotShown, forKey: .notesNotShown) }
        try container.encodeIfPresent(partner, forKey: .partner)
        try container.encode(question, forKey: .question)
        try container.encode(questionnaire, forKey: .questionnaire)
        try container.encodeIfPresent(side, forKey: .side)
        try container.encode(skipped, forKey: .skipped)
        try container.encode(stats, forKey: .stats)
        try container.encode(text, forKey: .text)
        try container.encode(unknown, forKey: .unknown)
        try container.encodeIfPresent(withinOnePointOfMedian.map { ($0 * 1000).rounded() / 1000 }, forKey: .withinOnePointOfMedian)
    }
}

public struct AnswerCount: Encodable, Sendable, Equatable {
    /// The scale point ("4") or the option key ("b").
    public var value: String
    public var label: String
    public var count: Int
}

public struct LevelStats: Encodable, Sendable, Equatable {
    public var level: String
    public var n: Int
    public var mean: Double?

    enum CodingKeys: String, CodingKey { case level, n, mean }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(level, forKey: .level)
        try container.encode(n, forKey: .n)
        try container.encodeIfPresent(mean.map(Rounding.two), forKey: .mean)
    }
}

public struct DimensionStats: Encodable, Sendable, Equatable {
    public var questionnaire: String
    public var dimension: String
    public var title: String
    /// Over participants: each participant's dimension score counts once.
    public var stats: Stats
    public var byLevel: [LevelStats]
}

public struct PerceptionGap: Encodable, Sendable, Equatable {
    public var questionnaire: String
    public var dimension: String
    public var title: String
    public var byLevel: [LevelStats]
    /// Highest level mean minus lowest level mean.
    public var gap: Double
    public var highest: String
    public var lowest: String

    enum CodingKeys: String, CodingKey { case questionnaire, dimension, title, byLevel, gap, highest, lowest }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(questionnaire, forKey: .questionnaire)
        try container.encode(dimension, forKey: .dimension)
        try container.encode(title, forKey: .title)
        try container.encode(byLevel, forKey: .byLevel)
        try container.encode(Rounding.two(gap), forKey: .gap)
        try container.encode(highest, forKey: .highest)
        try container.encode(lowest, forKey: .lowest)
    }
}

public struct PartnerGroup: Encodable, Sendable, Equatable {
    public var partner: String
    public var ours: Stats
    public var theirs: Stats
    public var traits: [TraitGroup]
}

public struct TraitGroup: Encodable, Sendable, Equatable {
    public var dimension: String
    public var title: String
    public var ours: Double?
    public var theirs: Double?
    /// ours - theirs, where both sides answered.
    public var gap: Double?

    enum CodingKeys: String, CodingKey { case dimension, title, ours, theirs, gap }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(dimension, forKey: .dimension)
        try container.encode(title, forKey: .title)
        try container.encodeIfPresent(ours.map(Rounding.two), forKey: .ours)
        try container.encodeIfPresent(theirs.map(Rounding.two), forKey: .theirs)
        try container.encodeIfPresent(gap.map(Rounding.two), forKey: .gap)
    }
}

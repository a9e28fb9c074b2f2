/// Everything a report says about one session: scores, journey, advice. A plain value,
/// computed by `Scorer` and rendered by the report formats.
public struct Assessment: Encodable, Sendable, Equatable {
    public var sessionID: String
    public var respondent: Respondent
    public var status: SessionStatus
    public var updatedAt: String
    public var coverage: Coverage
    /// Mean of the questionnaire scores (each questionnaire counts once); nil when nothing is scored.
    public var overall: Double?
    public var questionnaires: [QuestionnaireResult]
    public var journey: JourneyPlacement?
    public var strengths: [DimensionScore]
    public var gaps: [Gap]
    public var blindSpots: [BlindSpot]
    /// Ranked: the actions that matter most first (weak spots, then developing, lowest score
    /// first), then strengths. Reports show the first five in full and the rest under "more".
    public var recommendations: [Recommendation]
    public var initiatives: [Initiative]
    /// Strengths whose ambition is higher still: explained, never listed as gaps.
    public var ambitionsAboveStrengths: [AmbitionNote]
    /// Whose answers these are: one respondent's, or a workshop group's.
    public var view: AdviceView

    /// How many recommendations a report shows in full; the rest are listed under "more".
    public static let recommendationsShown = 5
}

/// Whose view an answer, a recommendation or a whole report gives.
public enum AdviceView: String, Encodable, Sendable, Equatable {
    /// One respondent's own answers.
    case respondent
    /// Our side of a partnership.
    case ours
    /// The partner's side of a partnership, as answered by or for the partner.
    case partner
    /// A workshop group's answers (lower medians).
    case group

    public var name: String {
        switch self {
        case .respondent: "your answers"
        case .ours: "our side"
        case .partner: "the partner's side"
        case .group: "the group"
        }
    }
}

/// A dimension already a strength, with an ambition above its score.
public struct AmbitionNote: Encodable, Sendable, Equatable {
    public var questionnaire: String
    public var dimension: String
    public var title: String
    public var current: Double
    public var target: Double
}

public struct Coverage: Encodable, Sendable, Equatable {
    /// Questions with a scored answer.
    public var answered: Int
    /// Questions in the session's questionnaires (per-partner ones once per partner).
    public var total: Int
    public var partial: Bool
}

public struct QuestionnaireResult: Encodable, Sendable, Equatable {
    public var id: String
    public var title: String
    public var version: Int
    /// Weighted mean of every scored answer of the questionnaire.
    public var score: Double?
    /// The ambition as a score (0-100).
    public var target: Double?
    public var ambitionLabel: String?
    public var dimensions: [DimensionScore]
    public var partners: [PartnerHealth]
    public var sideGaps: [SideGap]
}

public struct DimensionScore: Encodable, Sendable, Equatable {
    public var questionnaire: String
    public var dimension: String
    public var title: String
    /// Weighted mean of the answered questions (0-100); nil when none was answered.
    public var score: Double?
    public var lowest: Double?
    public var highest: Double?
    public var answered: Int
    public var total: Int
    public var target: Double?
    public var band: Band?
}

/// Why a question has no score.
public enum MissingReason: String, Encodable, Sendable, Equatable {
    /// "Don't know".
    case unknown
    case skipped
    /// Not reached yet.
    case unanswered

    public var name: String {
        switch self {
        case .unknown: "don't know"
        case .skipped: "skipped"
        case .unanswered: "not answered"
        }
    }
}

/// A question that could not be scored: "don't know", skipped, or not reached yet.
public struct BlindSpot: Encodable, Sendable, Equatable {
    public var questionnaire: String
    public var question: String
    public var text: String
    public var partner: String?
    public var reason: MissingReason
}

public struct PartnerHealth: Encodable, Sendable, Equatable {
    public var partner: String
    public var side: Side
    public var score: Double?
    public var weakestTrait: String?
    public var weakestScore: Double?
    public var traits: [TraitScore]
}

public struct TraitScore: Encodable, Sendable, Equatable {
    public var dimension: String
    public var title: String
    public var score: Double?
}

/// Our side against the partner's side of one partnership, per trait.
public struct SideGap: Encodable, Sendable, Equatable {
    public var partner: String
    public var dimension: String
    public var title: String
    public var ours: Double?
    public var theirs: Double?
    /// ours - theirs.
    public var gap: Double?
}

public struct Gap: Encodable, Sendable, Equatable {
    public var questionnaire: String
    public var dimension: String
    public var title: String
    public var current: Double
    public var target: Double
    /// The gap in points, target - current: each dimension counts alike, whatever the length of
    /// its questionnaire or the number of its questions.
    public var priority: Double
}

public struct Evidence: Encodable, Sendable, Equatable {
    public var question: String
    public var text: String
    public var answer: String
    public var score: Double?
    public var note: String?
    public var partner: String?
}

public struct Recommendation: Encodable, Sendable, Equatable {
    /// 1 = matters most.
    public var rank: Int
    public var id: String
    public var kind: RecommendationRule.Kind
    public var questionnaire: String
    public var partner: String?
    /// Whose answers triggered it.
    public var view: AdviceView
    /// The score of the question or dimension the rule reads, and its band.
    public var score: Double
    public var band: Band
    public var title: String
    public var text: String
    public var source: SourceReference
    /// The answers that triggered it.
    public var why: [Evidence]
}

/// Why an initiative is proposed.
public enum InitiativeBasis: String, Encodable, Sendable, Equatable {
    /// A gap between a dimension's score and the ambition.
    case gap
    /// An answer that holds the company below its next phase of the journey (below the bar, or
    /// its questionnaire not assessed), where no gap named the dimension.
    case journey
    /// The work of the company's phase of the journey: Phase 3's scaling.
    case phase
}

public struct Initiative: Encodable, Sendable, Equatable {
    public var rank: Int
    public var id: String
    public var title: String
    public var basis: InitiativeBasis
    public var questionnaire: String
    public var dimension: String?
    public var current: Double?
    public var target: Double?
    public var startingPoint: String?
    public var firstStep: String
    public var assumption: String
    public var evidence: String
    public var metric: String
    public var phase: Int
    public var phaseName: String?
    public var source: SourceReference
    public var why: [Evidence]
}

public struct JourneyPlacement: Encodable, Sendable, Equatable {
    public var title: String
    public var source: SourceReference
    /// 1-based phase reached; 0 when the journey could not be placed.
    public var phase: Int
    public var phaseName: String?
    public var nextPhase: String?
    public var axes: [AxisPlacement]
    /// What keeps the company below the next phase.
    public var holdingBack: [Blocker]
    /// Questionnaires that feed the journey but were not part of this session: the placement
    /// rests on less evidence without them.
    public var notAssessed: [String]
}

public struct AxisPlacement: Encodable, Sendable, Equatable {
    public var id: String
    public var title: String
    public var level: Int
    public var levelName: String
    public var nextLevel: String?
    /// False when none of the session's questions feed this axis.
    public var assessed: Bool
}

public struct Blocker: Encodable, Sendable, Equatable {
    public var questionnaire: String
    public var question: String
    public var text: String
    public var axis: String
    public var level: String
    public var needed: Double
    public var score: Double?
    public var reason: BlockerReason
    public var answer: String?
}

/// Why an answer does not clear a journey bar.
public enum BlockerReason: String, Encodable, Sendable, Equatable {
    case below, unknown, skipped, unanswered
    /// The question's questionnaire was not part of the session (an essential bar).
    case notAssessed = "not-assessed"

    public var name: String {
        switch self {
        case .below: "below the bar"
        case .unknown: "don't know"
        case .skipped: "skipped"
        case .unanswered: "not answered"
        case .notAssessed: "not assessed in this session"
        }
    }

    init(_ missing: MissingReason) {
        switch missing {
        case .unknown: self = .unknown
        case .skipped: self = .skipped
        case .unanswered: self = .unanswered
        }
    }
}

/// Everything a report says about one session: scores, journey, advice. A plain value,
/// computed by `Scorer` and rendered by the report formats.
public struct Assessment: Codable, Sendable, Equatable {
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
    public var recommendations: [Recommendation]
    public var initiatives: [Initiative]
}

public struct Coverage: Codable, Sendable, Equatable {
    /// Questions with a scored answer.
    public var answered: Int
    /// Questions in the session's questionnaires (per-partner ones once per partner).
    public var total: Int
    public var partial: Bool
}

public struct QuestionnaireResult: Codable, Sendable, Equatable {
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

public struct DimensionScore: Codable, Sendable, Equatable {
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
    /// "strength", "developing" or "weak".
    public var band: String?
}

/// A question that could not be scored: "don't know", skipped, or not reached yet.
public struct BlindSpot: Codable, Sendable, Equatable {
    public var questionnaire: String
    public var question: String
    public var text: String
    public var partner: String?
    /// "unknown", "skipped" or "unanswered".
    public var reason: String
}

public struct PartnerHealth: Codable, Sendable, Equatable {
    public var partner: String
    public var side: Side
    public var score: Double?
    public var weakestTrait: String?
    public var weakestScore: Double?
    public var traits: [TraitScore]
}

public struct TraitScore: Codable, Sendable, Equatable {
    public var dimension: String
    public var title: String
    public var score: Double?
}

/// Our side against the partner's side of one partnership, per trait.
public struct SideGap: Codable, Sendable, Equatable {
    public var partner: String
    public var dimension: String
    public var title: String
    public var ours: Double?
    public var theirs: Double?
    /// ours - theirs.
    public var gap: Double?
}

public struct Gap: Codable, Sendable, Equatable {
    public var questionnaire: String
    public var dimension: String
    public var title: String
    public var current: Double
    public var target: Double
    public var weight: Double
    /// (target - current) x weight: the ranking of initiatives.
    public var priority: Double
}

public struct Evidence: Codable, Sendable, Equatable {
    public var question: String
    public var text: String
    public var answer: String
    public var score: Double?
    public var note: String?
    public var partner: String?
}

public struct Recommendation: Codable, Sendable, Equatable {
    public var id: String
    public var kind: RecommendationRule.Kind
    public var questionnaire: String
    public var partner: String?
    public var title: String
    public var text: String
    public var source: SourceReference
    /// The answers that triggered it.
    public var why: [Evidence]
}

public struct Initiative: Codable, Sendable, Equatable {
    public var rank: Int
    public var id: String
    public var title: String
    public var questionnaire: String
    public var dimension: String
    public var current: Double
    public var target: Double
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

public struct JourneyPlacement: Codable, Sendable, Equatable {
    public var title: String
    public var source: SourceReference
    /// 1-based phase reached; 0 when the journey could not be placed.
    public var phase: Int
    public var phaseName: String?
    public var nextPhase: String?
    public var axes: [AxisPlacement]
    /// What keeps the company below the next phase.
    public var holdingBack: [Blocker]
}

public struct AxisPlacement: Codable, Sendable, Equatable {
    public var id: String
    public var title: String
    public var level: Int
    public var levelName: String
    public var nextLevel: String?
    /// False when none of the session's questions feed this axis.
    public var assessed: Bool
}

public struct Blocker: Codable, Sendable, Equatable {
    public var questionnaire: String
    public var question: String
    public var text: String
    public var axis: String
    public var level: String
    public var needed: Double
    public var score: Double?
    /// "below", "unknown", "skipped" or "unanswered".
    public var reason: String
    public var answer: String?
}

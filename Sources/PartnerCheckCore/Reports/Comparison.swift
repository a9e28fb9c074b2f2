/// Two assessments of the same questionnaires side by side: change per dimension and in phase.
public struct Comparison: Encodable, Sendable, Equatable {
    public struct Change: Encodable, Sendable, Equatable {
        public var questionnaire: String
        public var dimension: String
        public var title: String
        public var old: Double?
        public var new: Double?
        public var change: Double?
    }

    /// Who answered (the later session's respondent).
    public var respondent: Respondent
    public var oldSession: String
    public var newSession: String
    public var oldUpdatedAt: String
    public var newUpdatedAt: String
    public var oldOverall: Double?
    public var newOverall: Double?
    public var oldPhase: Int?
    public var newPhase: Int?
    public var oldPhaseName: String?
    public var newPhaseName: String?
    public var changes: [Change]
    /// What moved the phase: answers that held the company back then and no longer do, and
    /// answers that hold it back now and did not then.
    public var cleared: [Blocker]
    public var newlyHolding: [Blocker]

    /// Refuses when the two do not answer the same questionnaires in the same versions. The older
    /// session (by its last save) comes first, whatever the order given.
    public init(old first: Assessment, new second: Assessment) throws(ReportError) {
        let (old, new) = first.updatedAt <= second.updatedAt ? (first, second) : (second, first)
        let oldIDs = old.questionnaires.map { "\($0.id) v\($0.version)" }
        let newIDs = new.questionnaires.map { "\($0.id) v\($0.version)" }
        guard oldIDs == newIDs else {
            throw .differentQuestionnaires(old: oldIDs.joined(separator: ", "), new: newIDs.joined(separator: ", "))
        }
        respondent = new.respondent
        oldSession = old.sessionID
        newSession = new.sessionID
        oldUpdatedAt = old.updatedAt
        newUpdatedAt = new.updatedAt
        oldOverall = JSONReport.round(old.overall)
        newOverall = JSONReport.round(new.overall)
        oldPhase = old.journey?.phase
        newPhase = new.journey?.phase
        oldPhaseName = old.journey?.phaseName
        newPhaseName = new.journey?.phaseName
        func key(_ b: Blocker) -> String { "\(b.questionnaire)/\(b.question)/\(b.level)" }
        let before = old.journey?.holdingBack ?? [], after = new.journey?.holdingBack ?? []
        cleared = before.filter { b in !after.contains { key($0) == key(b) } }
        newlyHolding = after.filter { b in !before.contains { key($0) == key(b) } }
        changes = zip(old.questionnaires, new.questionnaires).flatMap { pair in
            zip(pair.0.dimensions, pair.1.dimensions).map { o, n in
                Change(questionnaire: pair.0.id, dimension: o.dimension, title: o.title, old: JSONReport.round(o.score),
                       new: JSONReport.round(n.score), change: JSONReport.round(o.score.flatMap { a in n.score.map { $0 - a } }))
            }
        }
    }


    static func moved(_ old: Int, _ new: Int) -> String {
        new == old ? "unchanged" : new > old ? "up" : "down"
    }

    /// "↑ +25", "↓ -10", "= 0"; ASCII "^", "v".
    static func trend(_ change: Double?, _ style: ReportStyle) -> String {
        guard let change else { return "–" }
        let rounded = Int(change.rounded())
        if rounded == 0 { return "= 0" }
        return rounded > 0 ? "\(style.unicode ? "↑" : "^") +\(rounded)" : "\(style.unicode ? "↓" : "v") \(rounded)"
    }



    static func signed(_ old: Double?, _ new: Double?) -> String {
        guard let old, let new else { return "" }
        let change = Int((new - old).rounded())
        return change == 0 ? " (no change)" : " (\(change > 0 ? "+" : "")\(change))"
    }
}

/// Two assessments of the same questionnaires side by side: change per dimension and in phase.
public struct Comparison: Codable, Sendable, Equatable {
    public struct Change: Codable, Sendable, Equatable {
        public var questionnaire: String
        public var dimension: String
        public var title: String
        public var old: Double?
        public var new: Double?
        public var change: Double?
    }

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

    /// Refuses when the two do not answer the same questionnaires in the same versions.
    public init(old: Assessment, new: Assessment) throws(ReportError) {
        let oldIDs = old.questionnaires.map { "\($0.id) v\($0.version)" }
        let newIDs = new.questionnaires.map { "\($0.id) v\($0.version)" }
        guard oldIDs == newIDs else {
            throw .differentQuestionnaires(old: oldIDs.joined(separator: ", "), new: newIDs.joined(separator: ", "))
        }
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
        changes = zip(old.questionnaires, new.questionnaires).flatMap { pair in
            zip(pair.0.dimensions, pair.1.dimensions).map { o, n in
                Change(questionnaire: pair.0.id, dimension: o.dimension, title: o.title, old: JSONReport.round(o.score),
                       new: JSONReport.round(n.score), change: JSONReport.round(o.score.flatMap { a in n.score.map { $0 - a } }))
            }
        }
    }

    public func text(style: ReportStyle = ReportStyle()) -> String {
        var out = [style.bold("partnercheck comparison \(style.dot) \(oldUpdatedAt) \(style.arrow) \(newUpdatedAt)")]
        out.append("Overall: \(TextLayout.score(oldOverall)) \(style.arrow) \(TextLayout.score(newOverall))\(Self.signed(oldOverall, newOverall))")
        if let oldPhase, let newPhase {
            let moved = newPhase == oldPhase ? "unchanged" : newPhase > oldPhase ? "up" : "down"
            out.append("Journey: Phase \(oldPhase) (\(oldPhaseName ?? "")) \(style.arrow) Phase \(newPhase) (\(newPhaseName ?? "")), \(moved)")
        }
        out.append("")
        out.append(TextLayout.pad("Dimension", 34) + TextLayout.padLeft("Old", 5) + TextLayout.padLeft("New", 5) + TextLayout.padLeft("Change", 8))
        for c in changes {
            out.append(TextLayout.pad(c.title, 34) + TextLayout.padLeft(TextLayout.score(c.old), 5) + TextLayout.padLeft(TextLayout.score(c.new), 5)
                       + TextLayout.padLeft(c.change.map { ($0 > 0 ? "+" : "") + TextLayout.score($0) } ?? "–", 8))
        }
        return out.joined(separator: "\n") + "\n"
    }

    public func markdown() -> String {
        var out = ["# Partnering assessment: comparison", "", "\(oldUpdatedAt) → \(newUpdatedAt)", "",
                   "- Overall: \(TextLayout.score(oldOverall)) → \(TextLayout.score(newOverall))"]
        if let oldPhase, let newPhase { out.append("- Journey: Phase \(oldPhase) → Phase \(newPhase)") }
        out += ["", "| Dimension | Old | New | Change |", "| --- | ---: | ---: | ---: |"]
        for c in changes {
            out.append("| \(c.title.replacingPipes()) | \(TextLayout.score(c.old)) | \(TextLayout.score(c.new)) | \(c.change.map { ($0 > 0 ? "+" : "") + TextLayout.score($0) } ?? "–") |")
        }
        return out.joined(separator: "\n") + "\n"
    }

    public func json() -> String {
        JSONReport.encode(self)
    }

    private static func signed(_ old: Double?, _ new: Double?) -> String {
        guard let old, let new else { return "" }
        let change = Int((new - old).rounded())
        return change == 0 ? " (no change)" : " (\(change > 0 ? "+" : "")\(change))"
    }
}

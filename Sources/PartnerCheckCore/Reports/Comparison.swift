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

    public func text(style: ReportStyle = ReportStyle()) -> String {
        var who = [respondent.name, respondent.level?.rawValue, respondent.organisation].compactMap { $0 }.joined(separator: ", ")
        if who.isEmpty { who = "anonymous" }
        var out = [style.bold("partnercheck comparison \(style.dot) \(who)")]
        out.append("\(oldUpdatedAt) \(style.arrow) \(newUpdatedAt) (the earlier assessment first)")
        out.append("Overall: \(TextLayout.score(oldOverall)) \(style.arrow) \(TextLayout.score(newOverall))\(Self.signed(oldOverall, newOverall))")
        if let oldPhase, let newPhase {
            out.append("Journey: Phase \(oldPhase) (\(oldPhaseName ?? "")) \(style.arrow) Phase \(newPhase) (\(newPhaseName ?? "")), \(Self.moved(oldPhase, newPhase))")
        }
        if !cleared.isEmpty || !newlyHolding.isEmpty {
            out.append("What moved it:")
            for b in cleared {
                out += TextLayout.wrap("\(style.bullet) no longer holding you back: \"\(TextLayout.excerpt(b.text, 60))\" (was \(b.answer ?? b.reason.name))",
                                       width: style.width, indent: "    ", first: "  ")
            }
            for b in newlyHolding {
                out += TextLayout.wrap("\(style.bullet) now holding you back: \"\(TextLayout.excerpt(b.text, 60))\" (\(b.answer ?? b.reason.name), needs \(TextLayout.score(b.needed)))",
                                       width: style.width, indent: "    ", first: "  ")
            }
        }
        out.append("")
        out.append(TextLayout.pad("Dimension", 34) + TextLayout.padLeft("Then", 5) + TextLayout.padLeft("Now", 5) + TextLayout.padLeft("Change", 9))
        for c in changes {
            out.append(TextLayout.pad(c.title, 34) + TextLayout.padLeft(TextLayout.score(c.old), 5) + TextLayout.padLeft(TextLayout.score(c.new), 5)
                       + TextLayout.padLeft(Self.trend(c.change, style), 9))
        }
        return TextLayout.fit(out.joined(separator: "\n"), width: style.width) + "\n"
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

    public func markdown() -> String {
        let who = [respondent.name, respondent.organisation].compactMap { $0 }.joined(separator: ", ")
        var out = ["# Partnering assessment: then and now\(who.isEmpty ? "" : ": " + who.replacingPipes())", "",
                   "\(oldUpdatedAt) → \(newUpdatedAt) (the earlier assessment first)", "",
                   "- Overall: \(TextLayout.score(oldOverall)) → \(TextLayout.score(newOverall))"]
        if let oldPhase, let newPhase {
            out.append("- Journey: Phase \(oldPhase) (\(oldPhaseName ?? "")) → Phase \(newPhase) (\(newPhaseName ?? "")), \(Self.moved(oldPhase, newPhase))")
        }
        out += cleared.map { "- No longer holding the company back: \($0.text.replacingPipes()) (was \($0.answer ?? $0.reason.name))" }
        out += newlyHolding.map { "- Now holding the company back: \($0.text.replacingPipes()) (\($0.answer ?? $0.reason.name))" }
        out += ["", "| Dimension | Then | Now | Change |", "| --- | ---: | ---: | ---: |"]
        for c in changes {
            out.append("| \(c.title.replacingPipes()) | \(TextLayout.score(c.old)) | \(TextLayout.score(c.new)) | \(Self.trend(c.change, ReportStyle())) |")
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

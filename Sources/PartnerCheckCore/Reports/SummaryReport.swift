/// The answer an executive came for, on one screen (at most 24 lines at 80 columns): the overall
/// score, the phase and the one or two answers that hold the company there, and the three next
/// initiatives with their first steps. Shown at the end of `assess` and at the top of `report`.
public enum SummaryReport {
    public static let maximumLines = 24

    /// `fullReport`: how to see the rest ("press Enter", or a command), the last line.
    public static func render(_ a: Assessment, style: ReportStyle = ReportStyle(), fullReport: String? = nil) -> String {
        let width = style.width
        var out: [String] = []
        var who = [a.respondent.name, a.respondent.organisation].compactMap { $0 }.joinedText(separator: ", ")
        if who.isEmpty { who = a.view == .group ? "the group" : "your company" }
        out += TextLayout.wrap("\(who): \(TextLayout.score(a.overall))/100 overall" + (a.coverage.partial ? " (partial: \(a.coverage.answered) of \(a.coverage.total) answered)" : ""),
                               width: width, indent: "  ").map(style.bold)
        if let journey = a.journey {
            out += TextLayout.wrap("Phase \(journey.phase) of 3: \(journey.phaseName ?? "")"
                                   + " (" + journey.axes.map { "\($0.title.lowercased()): \($0.levelName)" }.joinedText(separator: ", ") + ")",
                                   width: width, indent: "  ")
            let holding = Self.mainBlockers(journey)
            if let next = journey.nextPhase, !holding.isEmpty {
                out.append("What holds you below Phase \(journey.phase + 1) (\(next)):")
                for blocker in holding.prefix(2) {
                    let found = blocker.reason == .below ? "\(blocker.answer ?? "") = \(TextLayout.score(blocker.score)), needs \(TextLayout.score(blocker.needed))"
                        : "\(blocker.reason.name)"
                    out += Self.lines("\(style.bullet) \(TextLayout.excerpt(blocker.text, 70)) \(style.dash) \(found)", width: width,
                                      first: "  ", indent: "    ", limit: 2)
                }
                if holding.count > 2 { out.append("  and \(holding.count - 2) more in the full report") }
            } else if journey.nextPhase == nil {
                out.append("The last phase: the work now is to make it programmatic and scale it.")
            }
            if !journey.notAssessed.isEmpty {
                out += Self.lines("Provisional: \(journey.notAssessed.count) questionnaire\(journey.notAssessed.count == 1 ? "" : "s") feeding the journey not answered.",
                                  width: width, first: "  ", indent: "  ", limit: 1).map(style.dim)
            }
        }
        out.append("")
        let initiatives = a.initiatives.prefix(3)
        if initiatives.isEmpty {
            out.append("No next initiative: answer more questions, or raise your ambition.")
        } else {
            out.append(style.bold("Your next \(initiatives.count == 1 ? "initiative" : "\(initiatives.count) initiatives"):"))
            for i in initiatives {
                out += Self.lines("\(i.rank). \(i.title) (Phase \(i.phase))", width: width, first: "", indent: "   ", limit: 1)
                out += Self.lines("First step: \(i.firstStep)", width: width, first: "   ", indent: "   ", limit: 2)
            }
        }
        if let fullReport {
            out.append("")
            out += Self.lines(fullReport, width: width, first: "", indent: "  ", limit: 2).map(style.dim)
        }
        return TextLayout.fit(out.joinedText(separator: "\n"), width: width) + "\n"
    }

    /// Blockers a person can act on first: answers below the bar, lowest first; then the rest.
    static func mainBlockers(_ journey: JourneyPlacement) -> [Blocker] {
        let below = journey.holdingBack.enumerated().filter { $0.element.reason == .below }
            .sorted { ($0.element.score ?? 0, $0.offset) < ($1.element.score ?? 0, $1.offset) }.map(\.element)
        return below + journey.holdingBack.filter { $0.reason != .below }
    }

    /// Wrapped, and cut to `limit` lines with "..." so the summary keeps to one screen.
    static func lines(_ text: String, width: Int, first: String, indent: String, limit: Int) -> [String] {
        let wrapped = TextLayout.wrap(text, width: width, indent: indent, first: first)
        guard wrapped.count > limit else { return wrapped }
        var kept = Array(wrapped.prefix(limit))
        var last = kept[limit - 1]
        while last.count > width - 3, last.contains(" ") { last = String(last[..<last.lastIndex(of: " ")!]) }
        kept[limit - 1] = last + "..."
        return kept
    }
}

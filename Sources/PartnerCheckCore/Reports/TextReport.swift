/// The plain text reports: one session, two compared, a workshop. Laid out for the style's width
/// (80 columns by default), Unicode bars or an ASCII fallback.
public struct TextReport: ReportRenderer {
    public var style: ReportStyle

    public init(style: ReportStyle = ReportStyle()) {
        self.style = style
    }

    public func render(_ a: Assessment) -> String {
        var out: [String] = []
        let width = style.width
        func section(_ title: String) {
            out.append("")
            out.append(style.bold(title))
        }
        func wrapped(_ text: String, indent: String) {
            out += TextLayout.wrap(text, width: width, indent: indent, first: indent)
        }

        var who = [a.respondent.name, a.respondent.level?.rawValue, a.respondent.organisation].compactMap { $0 }.joinedText(separator: ", ")
        if who.isEmpty { who = "anonymous" }
        out.append(style.bold("partnercheck report \(style.dot) \(who)"))
        let status = a.status == .completed ? "completed" : "in progress"
        out.append("Session \(a.sessionID)")
        out.append("Status: \(status), last saved \(a.updatedAt)")
        var coverage = "Coverage: \(a.coverage.answered) of \(a.coverage.total) questions scored"
        if !a.blindSpots.isEmpty { coverage += " (\(a.blindSpots.count) blind spot\(a.blindSpots.count == 1 ? "" : "s"))" }
        out.append(coverage)
        if a.coverage.partial {
            out.append("PARTIAL ASSESSMENT (still in progress): scores cover only the questions answered so far.")
        }

        section("Overall: \(TextLayout.score(a.overall))/100")
        for q in a.questionnaires {
            var line: String
            if width >= 80 {
                line = "  " + TextLayout.pad(q.title, 34) + TextLayout.padLeft(TextLayout.score(q.score), 4)
                // An anchored label ("routine: used with most partners ...") is named by its first word.
                let label = (q.ambitionLabel ?? "").split(separator: ":", maxSplits: 1).first.map(String.init) ?? ""
                if let target = q.target { line += "   ambition \(TextLayout.score(target)) (\(label))" }
            } else {
                // Narrower: the ambition as a number only.
                line = "  " + TextLayout.pad(q.title, max(10, width - 18)) + TextLayout.padLeft(TextLayout.score(q.score), 4)
                if let target = q.target { line += "  aim \(TextLayout.score(target))" }
            }
            out.append(line)
        }
        out.append(style.dim("  Each questionnaire counts once; partner questionnaires: mean of partners."))

        if let journey = a.journey {
            section(journey.title)
            out.append("  Phase \(journey.phase) of 3: \(journey.phaseName ?? "")")
            for axis in journey.axes {
                var line = "  " + TextLayout.pad(axis.title + ":", 22) + axis.levelName
                if !axis.assessed { line += " (not assessed by these questionnaires)" } else if let next = axis.nextLevel { line += "   next: \(next)" }
                out.append(line)
            }
            if let next = journey.nextPhase, !journey.holdingBack.isEmpty {
                out.append("  Holding you below Phase \(journey.phase + 1) (\(next)):")
                for blocker in journey.holdingBack {
                    let found = blocker.reason == .below
                        ? "\(blocker.answer ?? "") = \(TextLayout.score(blocker.score)), needs \(TextLayout.score(blocker.needed))"
                        : "\(blocker.reason.name), needs \(TextLayout.score(blocker.needed))"
                    out += TextLayout.wrap("\(style.bullet) \"\(TextLayout.excerpt(blocker.text, 70))\" \(style.dash) \(found) for \(blocker.axis): \(blocker.level)",
                                           width: width, indent: "      ", first: "    ")
                }
            }
            if !journey.notAssessed.isEmpty {
                wrapped("Provisional: placed without \(journey.notAssessed.joinedText(separator: ", ")), which also feed the journey.", indent: "  ")
            }
            out += TextLayout.wrap("Source: \(journey.source.citation). Which answers feed which axis is partnercheck's reading, set in questionnaires/.",
                                   width: width, indent: "  ", first: "  ").map { style.dim($0) }
        }

        let dimensions = a.questionnaires.flatMap(\.dimensions).filter { $0.score != nil }
            .enumerated().sorted { ($0.element.score!, -$0.offset) > ($1.element.score!, -$1.offset) }.map(\.element)
        if !dimensions.isEmpty {
            section("Dimensions, highest first (\(style.unicode ? "│" : "|") marks your ambition)")
            // At 80 columns a 33-character title and a 20-cell bar; narrower, both shrink.
            let cells = width >= 80 ? 20 : max(10, (width - 17) / 2 - 2)
            let titleWidth = min(33, max(10, width - 17 - cells))
            for d in dimensions {
                let spread = d.lowest.map { low in " \(TextLayout.score(low))-\(TextLayout.score(d.highest))" } ?? ""
                let count = d.answered < d.total ? " \(d.answered)/\(d.total)" : ""
                out.append("  " + TextLayout.pad(d.title, titleWidth) + " " + style.bar(d.score, target: d.target, cells: cells) + " "
                           + TextLayout.padLeft(TextLayout.score(d.score), 3) + style.dim(spread + count))
            }
        }

        for q in a.questionnaires where !q.partners.isEmpty {
            section("Partnerships (\(q.title))")
            out.append("  " + TextLayout.pad("Partner", 24) + TextLayout.pad("Side", 9) + TextLayout.padLeft("Health", 6) + "   Weakest trait")
            for p in q.partners {
                out.append("  " + TextLayout.pad(p.partner, 24) + TextLayout.pad(p.side.rawValue, 9)
                           + TextLayout.padLeft(TextLayout.score(p.score), 6) + "   "
                           + (p.weakestTrait.map { "\($0) (\(TextLayout.score(p.weakestScore)))" } ?? "–"))
            }
            if !q.sideGaps.isEmpty {
                out.append("  Our side against the partner's side (ours - theirs):")
                for gap in q.sideGaps {
                    out.append("    " + TextLayout.pad("\(gap.partner): \(gap.title)", 40) + " ours \(TextLayout.padLeft(TextLayout.score(gap.ours), 3))"
                               + "  theirs \(TextLayout.padLeft(TextLayout.score(gap.theirs), 3))  gap \(gap.gap.map { $0.rounded() == 0 ? "0" : ($0 > 0 ? "+" : "") + TextLayout.score($0) } ?? "–")")
                }
            }
        }

        section("Strengths")
        if a.strengths.isEmpty {
            out.append("  None yet at the strength band (75 or more).")
        } else {
            for d in a.strengths { out.append("  \(style.bullet) \(d.title) (\(TextLayout.score(d.score)))") }
        }

        section("Gaps against your ambition, largest first")
        if a.gaps.isEmpty {
            out.append("  None: every dimension below the strength band meets your ambition.")
        } else {
            for g in a.gaps {
                out.append("  \(style.bullet) " + TextLayout.pad(g.title, 32) + " \(TextLayout.padLeft(TextLayout.score(g.current), 3)) \(style.arrow) \(TextLayout.score(g.target))")
            }
        }
        if !a.ambitionsAboveStrengths.isEmpty {
            let list = a.ambitionsAboveStrengths.map { "\($0.title) (\(TextLayout.score($0.current)), ambition \(TextLayout.score($0.target)))" }
            wrapped("Already strengths, with an ambition higher still: \(list.joinedText(separator: "; ")). Not counted as gaps: the work there is to keep them and raise the bar, not to fix them.", indent: "  ")
        }

        if !a.blindSpots.isEmpty {
            section("Blind spots (not scored)")
            for spot in a.blindSpots {
                let partner = spot.partner.map { "[\($0)] " } ?? ""
                out += TextLayout.wrap("\(style.bullet) \(partner)\(TextLayout.excerpt(spot.text, 60)) \(style.dash) \(spot.reason.name)",
                                       width: width, indent: "    ", first: "  ")
            }
        }

        section("Recommendations, most important first")
        if a.recommendations.isEmpty { out.append("  No rule fired for these answers.") }
        let shown = a.recommendations.prefix(Assessment.recommendationsShown)
        for r in shown {
            let tag = r.kind == .strength ? "Keep doing" : "Consider"
            out += TextLayout.wrap("\(r.rank). \(tag): \(r.title)", width: width, indent: "    ", first: "  ")
            out += TextLayout.wrap("\(r.band.name), \(TextLayout.score(r.score)); from \(TextReport.whose(r))", width: width, indent: "    ", first: "    ").map { style.dim($0) }
            wrapped("\"\(r.text)\"", indent: "    ")
            out += TextLayout.wrap("Source: \(r.source.citation)", width: width, indent: "    ", first: "    ").map { style.dim($0) }
            let why = r.why.map { "\(TextLayout.excerpt($0.text, 50)) = \($0.answer)" + ($0.note.map { " (note: \($0))" } ?? "") }.joinedText(separator: "; ")
            if !why.isEmpty { wrapped("Why: \(why)", indent: "    ") }
        }
        if a.recommendations.count > shown.count {
            out.append("  More:")
            for r in a.recommendations.dropFirst(shown.count) {
                out += TextLayout.wrap("\(r.rank). \(r.kind == .strength ? "Keep doing" : "Consider"): \(r.title) (\(r.band.name) \(TextLayout.score(r.score)); \(TextReport.whose(r)))",
                                       width: width, indent: "      ", first: "    ")
            }
        }

        section("Next initiatives")
        if a.initiatives.isEmpty {
            out.append("  No gap against your ambition calls for one. Raise your ambition or revisit your blind spots.")
        }
        for i in a.initiatives {
            out += TextLayout.wrap("\(i.rank). \(i.title) (Phase \(i.phase)\(i.phaseName.map { ": \($0)" } ?? ""))", width: width, indent: "     ", first: "  ")
            switch i.basis {
            case .gap: out.append("     Gap: \(TextLayout.score(i.current)) \(style.arrow) \(TextLayout.score(i.target))")
            case .journey: wrapped("Not a gap against your ambition: an answer here holds you below the next phase.", indent: "     ")
            case .phase: wrapped("The work of Phase \(i.phase)\(i.phaseName.map { ", \($0)" } ?? "") itself, not a gap.", indent: "     ")
            }
            if let start = i.startingPoint { wrapped("In the source's words: \"\(start)\"", indent: "     ") }
            wrapped("First step (a prototype): \(i.firstStep)", indent: "     ")
            wrapped("Assumption to test: \(i.assumption)", indent: "     ")
            wrapped("Data that would test it: \(i.evidence)", indent: "     ")
            wrapped("Metric to track: \(i.metric)", indent: "     ")
            let why = i.why.map { e in "\(TextLayout.excerpt(e.text, 45)) = \(e.answer)" + (e.note.map { " (note: \($0))" } ?? "") }
            if !why.isEmpty { wrapped("Why: " + why.joinedText(separator: "; "), indent: "     ") }
            out += TextLayout.wrap("Method: \(i.source.citation)", width: width, indent: "     ", first: "     ").map { style.dim($0) }
        }
        out.append("")
        out += TextLayout.wrap("Initiative steps, assumptions and metrics are partnercheck's suggestions following the method of 001 (determine the gaps, prototype, test assumptions with data, iterate); quoted text and starting points are the sources' own.", width: width).map { style.dim($0) }
        return TextLayout.fit(out.joinedText(separator: "\n"), width: width) + "\n"
    }

    /// Whose answers triggered a recommendation: "your answers", "Initech, the partner's side".
    static func whose(_ r: Recommendation) -> String {
        guard let partner = r.partner else { return r.view.name }
        return "\(partner), \(r.view == .group ? "the group" : r.view.name)"
    }

    public func render(_ c: Comparison) -> String {
        var who = [c.respondent.name, c.respondent.level?.rawValue, c.respondent.organisation].compactMap { $0 }.joinedText(separator: ", ")
        if who.isEmpty { who = "anonymous" }
        var out = [style.bold("partnercheck comparison \(style.dot) \(who)")]
        out.append("\(c.oldUpdatedAt) \(style.arrow) \(c.newUpdatedAt) (the earlier assessment first)")
        out.append("Overall: \(TextLayout.score(c.oldOverall)) \(style.arrow) \(TextLayout.score(c.newOverall))\(Comparison.signed(c.oldOverall, c.newOverall))")
        if let oldPhase = c.oldPhase, let newPhase = c.newPhase {
            out.append("Journey: Phase \(oldPhase) (\(c.oldPhaseName ?? "")) \(style.arrow) Phase \(newPhase) (\(c.newPhaseName ?? "")), \(Comparison.moved(oldPhase, newPhase))")
        }
        if !c.cleared.isEmpty || !c.newlyHolding.isEmpty {
            out.append("What moved it:")
            for b in c.cleared {
                out += TextLayout.wrap("\(style.bullet) no longer holding you back: \"\(TextLayout.excerpt(b.text, 60))\" (was \(b.answer ?? b.reason.name))",
                                       width: style.width, indent: "    ", first: "  ")
            }
            for b in c.newlyHolding {
                out += TextLayout.wrap("\(style.bullet) now holding you back: \"\(TextLayout.excerpt(b.text, 60))\" (\(b.answer ?? b.reason.name), needs \(TextLayout.score(b.needed)))",
                                       width: style.width, indent: "    ", first: "  ")
            }
        }
        out.append("")
        out.append(TextLayout.pad("Dimension", 34) + TextLayout.padLeft("Then", 5) + TextLayout.padLeft("Now", 5) + TextLayout.padLeft("Change", 9))
        for c in c.changes {
            out.append(TextLayout.pad(c.title, 34) + TextLayout.padLeft(TextLayout.score(c.old), 5) + TextLayout.padLeft(TextLayout.score(c.new), 5)
                       + TextLayout.padLeft(Comparison.trend(c.change, style), 9))
        }
        return TextLayout.fit(out.joinedText(separator: "\n"), width: style.width) + "\n"
    }

    public func render(_ w: WorkshopSummary) -> String {
        var out: [String] = []
        let width = style.width
        func section(_ title: String) { out += ["", style.bold(title)] }
        out.append(style.bold("partnercheck workshop report \(style.dot) \(w.name)"))
        out.append("Participants: \(w.participants) (\(w.completed) completed, \(w.inProgress) in progress)")
        out.append("By level: " + (w.byLevel.isEmpty ? "none" : w.byLevel.map { "\($0.level) \($0.participants)" }.joinedText(separator: ", ")))
        out += TextLayout.wrap("Results are shown by level; an \"all\" figure is the mean over participants, each counted once, so a level's weight is its head count shown above.", width: width).map { style.dim($0) }
        if !w.skipped.isEmpty || !w.otherVersions.isEmpty {
            section("Files not included")
            for file in w.skipped { out += TextLayout.wrap("\(style.bullet) \(file.file): \(file.reason)", width: width, indent: "    ", first: "  ") }
            for file in w.otherVersions { out += TextLayout.wrap("\(style.bullet) \(file.file): other questionnaire version: \(file.reason)", width: width, indent: "    ", first: "  ") }
        }

        if !w.convergence.isEmpty {
            section("Rounds: how each question moved from round 1 to round \(w.round)")
            let moved = w.convergence.filter(\.converged).count
            out += TextLayout.wrap("\(moved) of \(w.convergence.count) questions converged (their spread narrowed).", width: width, indent: "  ", first: "  ")
            for c in w.convergence {
                let within = { (v: Double?) in v.map { "\(Int(($0 * 100).rounded()))%" } ?? "–" }
                out += TextLayout.wrap("\(style.bullet) \(TextLayout.excerpt(c.text, 70))\(c.partner.map { " (\($0), \(c.side == .partner ? "the partner's side" : "our side"))" } ?? "")"
                                       + " \(style.dash) sd \(TextLayout.score(c.before.standardDeviation)) \(style.arrow) \(TextLayout.score(c.after.standardDeviation)),"
                                       + " within one point \(within(c.withinBefore)) \(style.arrow) \(within(c.withinAfter)) (n \(c.before.n) \(style.arrow) \(c.after.n))",
                                       width: width, indent: "    ", first: "  ")
            }
        }

        section("Where the group disagrees\(w.round > 1 ? " in round \(w.round)" : "") (the agenda to discuss, debate, decide)")
        if w.disagreements.isEmpty {
            out.append("  No question: at least 80% of answers sit within one point of the median everywhere.")
        }
        for q in w.disagreements {
            out += TextLayout.wrap("\(style.bullet) \(TextLayout.excerpt(q.text, 90))\(Self.about(q))", width: width, indent: "    ", first: "  ")
            let within = q.withinOnePointOfMedian.map { "\(Int(($0 * 100).rounded()))%" } ?? "–"
            out += TextLayout.wrap("n=\(q.stats.n)  mean \(TextLayout.score(q.stats.mean))  median \(TextLayout.score(q.stats.median))  range \(TextLayout.score(q.stats.min))-\(TextLayout.score(q.stats.max))  sd \(TextLayout.score(q.stats.standardDeviation))  within one point: \(within)",
                                   width: width, indent: "    ", first: "    ")
            if let strip = Self.strip(q) { out += TextLayout.wrap("answers: " + strip, width: width, indent: "      ", first: "    ") }
            for note in q.notes {
                out += TextLayout.wrap("\"\(note.text)\"" + (note.by.map { " \(style.dash) \($0)" } ?? ""), width: width, indent: "      ", first: "    ").map(style.dim)
            }
            if q.notesNotShown > 0 {
                out += TextLayout.wrap(Self.moreNotes(q.notesNotShown), width: width, indent: "      ", first: "    ").map(style.dim)
            }
        }

        section("Perception gaps by level, largest first")
        if w.perceptionGaps.isEmpty { out.append("  Fewer than two levels answered: no gap to show.") }
        for gap in w.perceptionGaps {
            out.append("  \(style.bullet) " + TextLayout.pad(gap.title, 34) + " gap \(TextLayout.score(gap.gap)) (\(gap.highest) above \(gap.lowest))")
            out += TextLayout.wrap(Self.levels(gap.byLevel), width: width, indent: "      ", first: "      ")
        }

        section("Dimensions")
        out.append("  " + TextLayout.pad("Dimension", 33) + TextLayout.padLeft("n", 6) + TextLayout.padLeft("mean", 6) + TextLayout.padLeft("median", 8)
                   + TextLayout.padLeft("min", 5) + TextLayout.padLeft("max", 5) + TextLayout.padLeft("sd", 5))
        for d in w.dimensions {
            out.append("  " + TextLayout.pad(d.title, 33) + TextLayout.padLeft("\(d.stats.n)", 6) + TextLayout.padLeft(TextLayout.score(d.stats.mean), 6)
                       + TextLayout.padLeft(TextLayout.score(d.stats.median), 8) + TextLayout.padLeft(TextLayout.score(d.stats.min), 5)
                       + TextLayout.padLeft(TextLayout.score(d.stats.max), 5) + TextLayout.padLeft(TextLayout.score(d.stats.standardDeviation), 5))
        }

        section("Questions")
        out.append("  " + TextLayout.pad("Question", 39) + TextLayout.padLeft("n", 6) + TextLayout.padLeft("mean", 6) + TextLayout.padLeft("median", 8)
                   + TextLayout.padLeft("min", 5) + TextLayout.padLeft("max", 5) + TextLayout.padLeft("sd", 5))
        for q in w.questions {
            out.append("  " + TextLayout.pad(TextLayout.excerpt(q.text, 39), 39) + TextLayout.padLeft("\(q.stats.n)", 6) + TextLayout.padLeft(TextLayout.score(q.stats.mean), 6)
                       + TextLayout.padLeft(TextLayout.score(q.stats.median), 8) + TextLayout.padLeft(TextLayout.score(q.stats.min), 5)
                       + TextLayout.padLeft(TextLayout.score(q.stats.max), 5) + TextLayout.padLeft(TextLayout.score(q.stats.standardDeviation), 5))
            if !Self.about(q).isEmpty { out.append("    " + Self.about(q).trimmingWhitespace()) }
            if let strip = Self.strip(q) { out += TextLayout.wrap("answers: " + strip, width: width, indent: "      ", first: "    ").map { style.dim($0) } }
        }

        if !w.partners.isEmpty {
            section("Partnerships: our side and the partner's side")
            for p in w.partners {
                out.append("  \(p.partner): ours \(TextLayout.score(p.ours.mean)) (n=\(p.ours.n)), theirs \(TextLayout.score(p.theirs.mean)) (n=\(p.theirs.n))")
                for t in p.traits where t.gap != nil {
                    out.append("    " + TextLayout.pad(t.title, 30) + " ours \(TextLayout.padLeft(TextLayout.score(t.ours), 3))  theirs \(TextLayout.padLeft(TextLayout.score(t.theirs), 3))  gap \(TextLayout.score(t.gap))")
                }
            }
        }

        if let journey = w.journey {
            section("The group on \(journey.title)")
            out.append("  Phase \(journey.phase) of 3: \(journey.phaseName ?? "")")
            for axis in journey.axes { out.append("  " + TextLayout.pad(axis.title + ":", 22) + axis.levelName) }
            for b in journey.holdingBack {
                out += TextLayout.wrap("\(style.bullet) \(TextLayout.excerpt(b.text, 60)) \(style.dash) group median \(TextLayout.score(b.score)), needs \(TextLayout.score(b.needed))",
                                       width: width, indent: "    ", first: "  ")
            }
            out += TextLayout.wrap("The group is scored as one respondent whose answer to each question is the group's lower median.", width: width, indent: "  ", first: "  ").map { style.dim($0) }
        }
        section("Consolidated next initiatives")
        if w.initiatives.isEmpty { out.append("  None: the group's median meets its ambition.") }
        for i in w.initiatives {
            let basis = switch i.basis {
            case .gap: "gap \(TextLayout.score(i.current)) \(style.arrow) \(TextLayout.score(i.target))"
            case .journey: "holds the group below its next phase"
            case .phase: "the work of the phase"
            }
            out += TextLayout.wrap("\(i.rank). \(i.title) (Phase \(i.phase)); \(basis)", width: width, indent: "     ", first: "  ")
            out += TextLayout.wrap("First step: \(i.firstStep)", width: width, indent: "     ", first: "     ")
            out += TextLayout.wrap("Metric: \(i.metric)", width: width, indent: "     ", first: "     ")
        }
        return out.joinedText(separator: "\n") + "\n"
    }

    /// " (Initech, the partner's side)" for a question about a partnership; empty otherwise.
    public static func about(_ q: QuestionStats) -> String {
        guard let partner = q.partner else { return "" }
        return " (\(partner), \(q.side == .partner ? "the partner's side" : "our side"))"
    }

    /// The line under the notes shown when there are more (Markdown and text alike).
    public static func moreNotes(_ count: Int) -> String {
        "... and \(count) more note\(count == 1 ? "" : "s"); partnercheck export lists every one"
    }

    /// How many gave each answer: "1:0 2:3 3:1 4:0 5:2 dk:1", or "a) label 2, b) label 0" for options.
    public static func strip(_ q: QuestionStats) -> String? {
        guard let distribution = q.distribution, !distribution.isEmpty else { return nil }
        let numeric = Int(distribution[0].value) != nil
        var parts = distribution.map { numeric ? "\($0.value):\($0.count)" : "\($0.value)) \(TextLayout.excerpt($0.label, 30)) \($0.count)" }
        if q.unknown > 0 { parts.append(numeric ? "dk:\(q.unknown)" : "don't know \(q.unknown)") }
        return parts.joinedText(separator: numeric ? " " : ", ")
    }

    static func levels(_ list: [LevelStats]) -> String {
        list.map { "\($0.level) \(TextLayout.score($0.mean)) (n=\($0.n))" }.joinedText(separator: ", ")
    }
}

/// The reports as Markdown, for pasting into a board pack.
public struct MarkdownReport: ReportRenderer {
    public init() {}

    func cell(_ text: String) -> String {
        text.replacingPipes()
    }

    public func render(_ a: Assessment) -> String {
        var out: [String] = []
        var who = [a.respondent.name, a.respondent.level?.rawValue, a.respondent.organisation].compactMap { $0 }.joined(separator: ", ")
        if who.isEmpty { who = "anonymous" }
        out.append("# Partnering assessment: \(cell(who))")
        out.append("")
        out.append("Session `\(a.sessionID)`, \(a.status == .completed ? "completed" : "in progress"), last saved \(a.updatedAt). "
                   + "Coverage: \(a.coverage.answered) of \(a.coverage.total) questions scored.")
        if a.coverage.partial { out += ["", "> **Partial assessment:** scores cover only the questions answered so far."] }
        out += ["", "## Overall: \(TextLayout.score(a.overall))/100", "", "| Questionnaire | Score | Ambition |", "| --- | ---: | ---: |"]
        for q in a.questionnaires {
            out.append("| \(cell(q.title)) | \(TextLayout.score(q.score)) | \(TextLayout.score(q.target)) |")
        }
        if let journey = a.journey {
            out += ["", "## Capability journey", "", "**Phase \(journey.phase) of 3: \(journey.phaseName ?? "")** (\(journey.source.citation))", ""]
            for axis in journey.axes {
                out.append("- \(axis.title): **\(axis.levelName)**" + (axis.assessed ? axis.nextLevel.map { " (next: \($0))" } ?? "" : " (not assessed)"))
            }
            if !journey.notAssessed.isEmpty {
                out += ["", "*Provisional: placed without \(journey.notAssessed.map(cell).joined(separator: ", ")), which also feed the journey.*"]
            }
            if let next = journey.nextPhase, !journey.holdingBack.isEmpty {
                out += ["", "Holding the company below Phase \(journey.phase + 1) (\(next)):", ""]
                for b in journey.holdingBack {
                    out.append("- \(cell(b.text)): \(b.reason == .below ? "\(b.answer ?? "") (\(TextLayout.score(b.score)))" : b.reason.name), needs \(TextLayout.score(b.needed)) for \(b.axis): \(b.level)")
                }
            }
        }
        out += ["", "## Dimensions", "", "| Dimension | Questionnaire | Score | Lowest | Highest | Answered | Ambition | Band |",
                "| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |"]
        for q in a.questionnaires {
            for d in q.dimensions {
                out.append("| \(cell(d.title)) | \(cell(q.title)) | \(TextLayout.score(d.score)) | \(TextLayout.score(d.lowest)) | \(TextLayout.score(d.highest)) | \(d.answered)/\(d.total) | \(TextLayout.score(d.target)) | \(d.band?.name ?? "–") |")
            }
        }
        for q in a.questionnaires where !q.partners.isEmpty {
            out += ["", "## Partnerships", "", "| Partner | Side | Health | Weakest trait |", "| --- | --- | ---: | --- |"]
            for p in q.partners {
                out.append("| \(cell(p.partner)) | \(p.side.rawValue) | \(TextLayout.score(p.score)) | \(p.weakestTrait.map { "\($0) (\(TextLayout.score(p.weakestScore)))" } ?? "–") |")
            }
            if !q.sideGaps.isEmpty {
                out += ["", "| Partner | Trait | Ours | Theirs | Gap |", "| --- | --- | ---: | ---: | ---: |"]
                for g in q.sideGaps {
                    out.append("| \(cell(g.partner)) | \(g.title) | \(TextLayout.score(g.ours)) | \(TextLayout.score(g.theirs)) | \(TextLayout.score(g.gap)) |")
                }
            }
        }
        out += ["", "## Strengths", ""]
        out += a.strengths.isEmpty ? ["None yet at the strength band."] : a.strengths.map { "- \(cell($0.title)) (\(TextLayout.score($0.score)))" }
        out += ["", "## Gaps against the ambition", ""]
        out += a.gaps.isEmpty ? ["None."] : a.gaps.map { "- \(cell($0.title)): \(TextLayout.score($0.current)) → \(TextLayout.score($0.target))" }
        if !a.ambitionsAboveStrengths.isEmpty {
            out += ["", "Already strengths, with an ambition higher still (not counted as gaps): "
                    + a.ambitionsAboveStrengths.map { "\(cell($0.title)) (\(TextLayout.score($0.current)), ambition \(TextLayout.score($0.target)))" }.joined(separator: "; ") + "."]
        }
        if !a.blindSpots.isEmpty {
            out += ["", "## Blind spots", ""]
            out += a.blindSpots.map { "- \($0.partner.map { "[\(cell($0))] " } ?? "")\(cell($0.text)) (\($0.reason.name))" }
        }
        out += ["", "## Recommendations, most important first", ""]
        if a.recommendations.isEmpty { out.append("No rule fired for these answers.") }
        let shown = a.recommendations.prefix(Assessment.recommendationsShown)
        for r in shown {
            out.append("### \(r.rank). \(r.kind == .strength ? "Keep doing" : "Consider"): \(cell(r.title))")
            out += ["", "\(r.band.name.capitalizedFirst), \(TextLayout.score(r.score)); from \(cell(TextReport.whose(r))).", ""]
            out += ["> \(r.text)", "", "*Source: \(r.source.citation)*", ""]
            out.append("Why: " + r.why.map { "\(cell($0.text)) = \($0.answer)" + ($0.note.map { " (note: \(cell($0)))" } ?? "") }.joined(separator: "; "))
            out.append("")
        }
        if a.recommendations.count > shown.count {
            out += ["### More", ""]
            out += a.recommendations.dropFirst(shown.count).map {
                "\($0.rank). \($0.kind == .strength ? "Keep doing" : "Consider"): \(cell($0.title)) (\($0.band.name) \(TextLayout.score($0.score)); \(cell(TextReport.whose($0))))"
            }
            out.append("")
        }
        out += ["## Next initiatives", ""]
        if a.initiatives.isEmpty { out.append("No gap against the ambition calls for one.") }
        for i in a.initiatives {
            let basis = switch i.basis {
            case .gap: "gap \(TextLayout.score(i.current)) → \(TextLayout.score(i.target))"
            case .journey: "holds the company below its next phase"
            case .phase: "the work of the phase itself, not a gap"
            }
            out += ["### \(i.rank). \(cell(i.title))", "", "- Phase \(i.phase)\(i.phaseName.map { ": \($0)" } ?? ""); \(basis)"]
            if let start = i.startingPoint { out.append("- In the source's words: “\(start)”") }
            out += ["- First step (a prototype): \(i.firstStep)", "- Assumption to test: \(i.assumption)",
                    "- Data that would test it: \(i.evidence)", "- Metric to track: \(i.metric)"]
            let why = i.why.map { "\(cell($0.text)) = \($0.answer)" + ($0.note.map { " (note: \(cell($0)))" } ?? "") }
            if !why.isEmpty { out.append("- Why: " + why.joined(separator: "; ")) }
            out += ["- Method: \(i.source.citation)", ""]
        }
        out.append("*Initiative steps, assumptions and metrics are partnercheck's suggestions following the method of 001; quoted text and starting points are the sources' own.*")
        return out.joined(separator: "\n") + "\n"
    }

    public func render(_ c: Comparison) -> String {
        let who = [c.respondent.name, c.respondent.organisation].compactMap { $0 }.joined(separator: ", ")
        var out = ["# Partnering assessment: then and now\(who.isEmpty ? "" : ": " + who.replacingPipes())", "",
                   "\(c.oldUpdatedAt) → \(c.newUpdatedAt) (the earlier assessment first)", "",
                   "- Overall: \(TextLayout.score(c.oldOverall)) → \(TextLayout.score(c.newOverall))"]
        if let oldPhase = c.oldPhase, let newPhase = c.newPhase {
            out.append("- Journey: Phase \(oldPhase) (\(c.oldPhaseName ?? "")) → Phase \(newPhase) (\(c.newPhaseName ?? "")), \(Comparison.moved(oldPhase, newPhase))")
        }
        out += c.cleared.map { "- No longer holding the company back: \($0.text.replacingPipes()) (was \($0.answer ?? $0.reason.name))" }
        out += c.newlyHolding.map { "- Now holding the company back: \($0.text.replacingPipes()) (\($0.answer ?? $0.reason.name))" }
        out += ["", "| Dimension | Then | Now | Change |", "| --- | ---: | ---: | ---: |"]
        for c in c.changes {
            out.append("| \(c.title.replacingPipes()) | \(TextLayout.score(c.old)) | \(TextLayout.score(c.new)) | \(Comparison.trend(c.change, ReportStyle())) |")
        }
        return out.joined(separator: "\n") + "\n"
    }

    public func render(_ w: WorkshopSummary) -> String {
        var out = ["# Workshop: \(cell(w.name))", "",
                   "Participants: \(w.participants) (\(w.completed) completed, \(w.inProgress) in progress). By level: "
                   + w.byLevel.map { "\($0.level) \($0.participants)" }.joined(separator: ", ") + ".", "",
                   "Results are shown by level; an \"all\" figure is the mean over participants, each counted once."]
        if !w.skipped.isEmpty || !w.otherVersions.isEmpty {
            out += ["", "## Files not included", ""]
            out += w.skipped.map { "- `\($0.file)`: \(cell($0.reason))" }
            out += w.otherVersions.map { "- `\($0.file)`: other questionnaire version: \(cell($0.reason))" }
        }
        if !w.convergence.isEmpty {
            out += ["", "## Rounds: how each question moved from round 1 to round \(w.round)", "",
                    "\(w.convergence.filter(\.converged).count) of \(w.convergence.count) questions converged (their spread narrowed).", "",
                    "| Question | SD round 1 | SD round \(w.round) | Within one point, round 1 | Within one point, round \(w.round) | n |",
                    "| --- | ---: | ---: | ---: | ---: | ---: |"]
            let within = { (v: Double?) in v.map { "\(Int(($0 * 100).rounded()))%" } ?? "–" }
            for c in w.convergence {
                let about = c.partner.map { " (\($0), \(c.side == .partner ? "the partner's side" : "our side"))" } ?? ""
                out.append("| \(cell(c.text + about)) | \(TextLayout.score(c.before.standardDeviation)) | \(TextLayout.score(c.after.standardDeviation)) | \(within(c.withinBefore)) | \(within(c.withinAfter)) | \(c.before.n) → \(c.after.n) |")
            }
        }
        out += ["", "## Where the group disagrees\(w.round > 1 ? " in round \(w.round)" : "") (the agenda to discuss, debate, decide)", ""]
        if w.disagreements.isEmpty {
            out.append("No question: at least 80% of answers sit within one point of the median everywhere.")
        } else {
            out += ["| Question | n | Mean | Median | Min | Max | SD | Within one point | Answers |", "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
            for q in w.disagreements {
                out.append("| \(cell(q.text + TextReport.about(q))) | \(q.stats.n) | \(TextLayout.score(q.stats.mean)) | \(TextLayout.score(q.stats.median)) | \(TextLayout.score(q.stats.min)) | \(TextLayout.score(q.stats.max)) | \(TextLayout.score(q.stats.standardDeviation)) | \(q.withinOnePointOfMedian.map { "\(Int(($0 * 100).rounded()))%" } ?? "–") | \(cell(TextReport.strip(q) ?? "")) |")
            }
            let noted = w.disagreements.filter { !$0.notes.isEmpty }
            if !noted.isEmpty {
                out += ["", "What participants wrote:", ""]
                for q in noted {
                    out.append("- \(cell(q.text + TextReport.about(q)))")
                    out += q.notes.map { "  - “\(cell($0.text))”" + ($0.by.map { " — \(cell($0))" } ?? "") }
                    if q.notesNotShown > 0 { out.append("  - " + cell(TextReport.moreNotes(q.notesNotShown))) }
                }
            }
        }
        out += ["", "## Perception gaps by level", "", "| Dimension | Executive | Management | Field | Gap |", "| --- | ---: | ---: | ---: | ---: |"]
        for g in w.perceptionGaps {
            func level(_ name: String) -> String { g.byLevel.first { $0.level == name }.map { "\(TextLayout.score($0.mean)) (n=\($0.n))" } ?? "–" }
            out.append("| \(cell(g.title)) | \(level("executive")) | \(level("management")) | \(level("field")) | \(TextLayout.score(g.gap)) |")
        }
        if w.perceptionGaps.isEmpty { out.append("| Fewer than two levels answered | – | – | – | – |") }
        out += ["", "## Dimensions", "", "| Dimension | n | Mean | Median | Min | Max | SD |", "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
        for d in w.dimensions {
            out.append("| \(cell(d.title)) | \(d.stats.n) | \(TextLayout.score(d.stats.mean)) | \(TextLayout.score(d.stats.median)) | \(TextLayout.score(d.stats.min)) | \(TextLayout.score(d.stats.max)) | \(TextLayout.score(d.stats.standardDeviation)) |")
        }
        out += ["", "## Questions", "", "| Question | n | Mean | Median | Min | Max | SD | Answers |", "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
        for q in w.questions {
            out.append("| \(cell(q.text + TextReport.about(q))) | \(q.stats.n) | \(TextLayout.score(q.stats.mean)) | \(TextLayout.score(q.stats.median)) | \(TextLayout.score(q.stats.min)) | \(TextLayout.score(q.stats.max)) | \(TextLayout.score(q.stats.standardDeviation)) | \(cell(TextReport.strip(q) ?? "")) |")
        }
        if !w.partners.isEmpty {
            out += ["", "## Partnerships: our side and the partner's side", "", "| Partner | Trait | Ours | Theirs | Gap |", "| --- | --- | ---: | ---: | ---: |"]
            for p in w.partners {
                out.append("| \(cell(p.partner)) | Health | \(TextLayout.score(p.ours.mean)) (n=\(p.ours.n)) | \(TextLayout.score(p.theirs.mean)) (n=\(p.theirs.n)) | |")
                for t in p.traits {
                    out.append("| \(cell(p.partner)) | \(cell(t.title)) | \(TextLayout.score(t.ours)) | \(TextLayout.score(t.theirs)) | \(TextLayout.score(t.gap)) |")
                }
            }
        }
        if let journey = w.journey {
            out += ["", "## The group on the capability journey", "", "Phase \(journey.phase) of 3: **\(journey.phaseName ?? "")**"]
            if let next = journey.nextPhase, !journey.holdingBack.isEmpty {
                out += ["", "Holding the group below Phase \(journey.phase + 1) (\(next)):", ""]
                out += journey.holdingBack.map { "- \(cell($0.text)): group median \(TextLayout.score($0.score)), needs \(TextLayout.score($0.needed))" }
            }
            out += ["", "*The group is scored as one respondent whose answer to each question is the group's lower median.*"]
        }
        out += ["", "## Consolidated next initiatives", ""]
        if w.initiatives.isEmpty { out.append("None: the group's median meets its ambition.") }
        for i in w.initiatives { out.append("\(i.rank). **\(cell(i.title))** (Phase \(i.phase)): \(i.firstStep) Metric: \(i.metric)") }
        return out.joined(separator: "\n") + "\n"
    }
}

extension String {
    /// The first letter in upper case: "weak spot" -> "Weak spot".
    var capitalizedFirst: String {
        guard let first else { return self }
        return first.uppercased() + dropFirst()
    }

    /// Escapes what would break a Markdown table cell.
    func replacingPipes() -> String {
        replacingEvery("|", with: "\\|").replacingEvery("\n", with: " ")
    }
}

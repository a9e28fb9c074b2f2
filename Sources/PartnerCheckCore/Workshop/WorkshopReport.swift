/// Renders a workshop summary as text, Markdown or JSON.
public enum WorkshopReport {
    static func levels(_ list: [LevelStats]) -> String {
        list.map { "\($0.level) \(TextLayout.score($0.mean)) (n=\($0.n))" }.joined(separator: ", ")
    }

    public static func text(_ w: WorkshopSummary, style: ReportStyle = ReportStyle()) -> String {
        var out: [String] = []
        let width = style.width
        func section(_ title: String) { out += ["", style.bold(title)] }
        out.append(style.bold("partnercheck workshop report \(style.dot) \(w.name)"))
        out.append("Participants: \(w.participants) (\(w.completed) completed, \(w.inProgress) in progress)")
        out.append("By level: " + (w.byLevel.isEmpty ? "none" : w.byLevel.map { "\($0.level) \($0.participants)" }.joined(separator: ", ")))
        out += TextLayout.wrap("Results are shown by level; an \"all\" figure is the mean over participants, each counted once, so a level's weight is its head count shown above.", width: width).map { style.dim($0) }
        if !w.skipped.isEmpty || !w.otherVersions.isEmpty {
            section("Files not included")
            for file in w.skipped { out += TextLayout.wrap("\(style.bullet) \(file.file): \(file.reason)", width: width, indent: "    ", first: "  ") }
            for file in w.otherVersions { out += TextLayout.wrap("\(style.bullet) \(file.file): other questionnaire version: \(file.reason)", width: width, indent: "    ", first: "  ") }
        }

        section("Where the group disagrees (the agenda to discuss, debate, decide)")
        if w.disagreements.isEmpty {
            out.append("  No question: at least 80% of answers sit within one point of the median everywhere.")
        }
        for q in w.disagreements {
            out += TextLayout.wrap("\(style.bullet) \(TextLayout.excerpt(q.text, 90))", width: width, indent: "    ", first: "  ")
            let within = q.withinOnePointOfMedian.map { "\(Int(($0 * 100).rounded()))%" } ?? "–"
            out.append("    n=\(q.stats.n)  mean \(TextLayout.score(q.stats.mean))  median \(TextLayout.score(q.stats.median))  range \(TextLayout.score(q.stats.min))-\(TextLayout.score(q.stats.max))  sd \(TextLayout.score(q.stats.standardDeviation))  within one point: \(within)")
        }

        section("Perception gaps by level, largest first")
        if w.perceptionGaps.isEmpty { out.append("  Fewer than two levels answered: no gap to show.") }
        for gap in w.perceptionGaps {
            out.append("  \(style.bullet) " + TextLayout.pad(gap.title, 34) + " gap \(TextLayout.score(gap.gap)) (\(gap.highest) above \(gap.lowest))")
            out += TextLayout.wrap(levels(gap.byLevel), width: width, indent: "      ", first: "      ")
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
            if let options = q.distribution, options.contains(where: { $0.count > 0 }), Int(options[0].value) == nil {
                out += TextLayout.wrap("chosen: " + options.map { "\($0.value)) \(TextLayout.excerpt($0.label, 30)) \($0.count)" }.joined(separator: ", "),
                                       width: width, indent: "      ", first: "    ").map { style.dim($0) }
            }
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
        return out.joined(separator: "\n") + "\n"
    }

    public static func markdown(_ w: WorkshopSummary) -> String {
        func cell(_ s: String) -> String { s.replacingPipes() }
        var out = ["# Workshop: \(cell(w.name))", "",
                   "Participants: \(w.participants) (\(w.completed) completed, \(w.inProgress) in progress). By level: "
                   + w.byLevel.map { "\($0.level) \($0.participants)" }.joined(separator: ", ") + "."]
        if !w.skipped.isEmpty || !w.otherVersions.isEmpty {
            out += ["", "## Files not included", ""]
            out += w.skipped.map { "- `\($0.file)`: \(cell($0.reason))" }
            out += w.otherVersions.map { "- `\($0.file)`: other questionnaire version: \(cell($0.reason))" }
        }
        out += ["", "## Where the group disagrees", "", "| Question | n | Mean | Median | Min | Max | SD | Within one point |", "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
        for q in w.disagreements {
            out.append("| \(cell(q.text)) | \(q.stats.n) | \(TextLayout.score(q.stats.mean)) | \(TextLayout.score(q.stats.median)) | \(TextLayout.score(q.stats.min)) | \(TextLayout.score(q.stats.max)) | \(TextLayout.score(q.stats.standardDeviation)) | \(q.withinOnePointOfMedian.map { "\(Int(($0 * 100).rounded()))%" } ?? "–") |")
        }
        out += ["", "## Perception gaps by level", "", "| Dimension | Executive | Management | Field | Gap |", "| --- | ---: | ---: | ---: | ---: |"]
        for g in w.perceptionGaps {
            func level(_ name: String) -> String { g.byLevel.first { $0.level == name }.map { "\(TextLayout.score($0.mean)) (n=\($0.n))" } ?? "–" }
            out.append("| \(cell(g.title)) | \(level("executive")) | \(level("management")) | \(level("field")) | \(TextLayout.score(g.gap)) |")
        }
        out += ["", "## Dimensions", "", "| Dimension | n | Mean | Median | Min | Max | SD |", "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
        for d in w.dimensions {
            out.append("| \(cell(d.title)) | \(d.stats.n) | \(TextLayout.score(d.stats.mean)) | \(TextLayout.score(d.stats.median)) | \(TextLayout.score(d.stats.min)) | \(TextLayout.score(d.stats.max)) | \(TextLayout.score(d.stats.standardDeviation)) |")
        }
        if let journey = w.journey {
            out += ["", "## The group on the capability journey", "", "Phase \(journey.phase) of 3: **\(journey.phaseName ?? "")**"]
        }
        out += ["", "## Consolidated next initiatives", ""]
        for i in w.initiatives { out.append("\(i.rank). **\(cell(i.title))** (Phase \(i.phase)): \(i.firstStep) Metric: \(i.metric)") }
        return out.joined(separator: "\n") + "\n"
    }

    public static func json(_ w: WorkshopSummary) -> String {
        struct Envelope: Encodable {
            var schema = "partnercheck-workshop-report"
            var schemaVersion = 1
            var workshop: WorkshopSummary
        }
        return JSONReport.encode(Envelope(workshop: w))
    }
}

/// The visual one-pager: one self-contained HTML file (inline CSS and SVG; no script, no network
/// fetch, no external font) that an executive prints or attaches to a board pack. Colours are the
/// Okabe-Ito palette, safe for colour-blind readers, in light and dark mode; every chart has a text
/// alternative; a single session prints on one A4 or Letter page.
public struct HTMLReport: ReportRenderer {
    public init() {}

    // MARK: - One session

    public func render(_ a: Assessment) -> String {
        var who = [a.respondent.name, a.respondent.level?.rawValue, a.respondent.organisation].compactMap { $0 }.joined(separator: ", ")
        if who.isEmpty { who = "anonymous" }
        var body: [String] = []
        body.append("<header><h1>Partnering assessment: \(Self.e(who))</h1>")
        body.append("<p class=\"meta\">\(a.status == .completed ? "Completed" : "In progress (partial)"), last saved \(Self.e(a.updatedAt)). "
                    + "\(a.coverage.answered) of \(a.coverage.total) questions scored.</p></header>")
        body.append("<main class=\"columns\"><section class=\"left\">")
        body.append("<div class=\"overall\"><span class=\"big\">\(TextLayout.score(a.overall))</span><span>/100 overall</span></div>")
        if let journey = a.journey {
            body.append(Self.journeyGrid(journey))
            let holding = SummaryReport.mainBlockers(journey)
            if let next = journey.nextPhase, !holding.isEmpty {
                body.append("<h2>What holds you below Phase \(journey.phase + 1) (\(Self.e(next)))</h2><ul class=\"blockers\">")
                for blocker in holding.prefix(3) {
                    let found = blocker.reason == .below
                        ? "\(Self.e(blocker.answer ?? "")) = \(TextLayout.score(blocker.score)), needs \(TextLayout.score(blocker.needed))"
                        : Self.e(blocker.reason.name)
                    body.append("<li>\(Self.e(TextLayout.excerpt(blocker.text, 90))) <span class=\"muted\">\(found)</span></li>")
                }
                if holding.count > 3 { body.append("<li class=\"muted\">and \(holding.count - 3) more in the full report</li>") }
                body.append("</ul>")
            }
            if !journey.notAssessed.isEmpty {
                body.append("<p class=\"muted small\">Provisional: placed without \(Self.e(journey.notAssessed.joined(separator: ", "))).</p>")
            }
        }
        body.append("<h2>Next initiatives</h2>")
        if a.initiatives.isEmpty { body.append("<p>None: no gap against the ambition calls for one.</p>") }
        body.append("<ol class=\"initiatives\">")
        for i in a.initiatives.prefix(3) {
            body.append("<li><strong>\(Self.e(i.title))</strong> <span class=\"muted\">Phase \(i.phase)\(i.phaseName.map { ": " + Self.e($0) } ?? "")</span>"
                        + "<br>First step: \(Self.e(i.firstStep))</li>")
        }
        body.append("</ol>")
        body.append("</section><section class=\"right\">")
        body.append(Self.dimensionBars(a))
        if !a.recommendations.isEmpty {
            body.append("<h2>Recommendations, most important first</h2><ol class=\"recs\">")
            for r in a.recommendations.prefix(Assessment.recommendationsShown) {
                body.append("<li>\(r.kind == .strength ? "Keep doing" : "Consider"): \(Self.e(r.title)) "
                            + "<span class=\"muted\">(\(Self.e(r.band.name)) \(TextLayout.score(r.score)); \(Self.e(TextReport.whose(r))); \(Self.e(r.source.shortName)))</span></li>")
            }
            body.append("</ol>")
        }
        body.append("</section></main>")
        body.append("<footer>Sources: The Partner Everywhere Imperative (001), Healthy Ecosystem (000), What partners expect from partnerships (002), "
                    + "The Problem With B2B Partner Ecosystems (003). Placement on Figure 7 and the initiatives' steps are partnercheck's reading and "
                    + "suggestions; quoted advice is the sources' own. Full report: <code>partnercheck report FILE --full</code>.</footer>")
        return Self.page(title: "Partnering assessment: \(who)", body: body)
    }

    /// Figure 7 of 001 as a 3x3 grid: stakeholder buy-in up, ability to execute across, the phases
    /// on the diagonal, the company's place marked.
    static func journeyGrid(_ j: JourneyPlacement) -> String {
        let buyIn = j.axes.first, execute = j.axes.count > 1 ? j.axes[1] : nil
        let cell = 60.0, left = 78.0, top = 8.0
        let rowNames = ["Aligned", "Supportive", "Dependent"]
        let columnNames = ["Introduce", "Expand", "Fully integrated"]
        let phases = ["Phase 1", "Phase 2", "Phase 3"]
        let description = "Phase \(j.phase) of 3, \(j.phaseName ?? ""). \(buyIn?.title ?? "Stakeholder buy-in"): \(buyIn?.levelName ?? "–"); "
            + "\(execute?.title ?? "Ability to execute"): \(execute?.levelName ?? "–")."
        var svg = "<svg class=\"journey\" viewBox=\"0 0 \(Int(left + 3 * cell + 6)) \(Int(top + 3 * cell + 34))\" role=\"img\" aria-labelledby=\"jt jd\">"
            + "<title id=\"jt\">\(Self.e(j.title)): where you are</title><desc id=\"jd\">\(Self.e(description))</desc>"
        for row in 0..<3 {
            for column in 0..<3 {
                let x = left + Double(column) * cell, y = top + Double(row) * cell
                let diagonal = row + column == 2
                svg += "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(cell)\" height=\"\(cell)\" class=\"\(diagonal ? "phasecell" : "cell")\"/>"
                if diagonal {
                    svg += "<text x=\"\(x + cell / 2)\" y=\"\(y + 14)\" class=\"phase\" text-anchor=\"middle\">\(phases[column])</text>"
                }
            }
            svg += "<text x=\"\(left - 4)\" y=\"\(top + Double(row) * cell + cell / 2 + 3)\" text-anchor=\"end\" class=\"axis\">\(rowNames[row])</text>"
        }
        for column in 0..<3 {
            svg += "<text x=\"\(left + Double(column) * cell + cell / 2)\" y=\"\(top + 3 * cell + 12)\" text-anchor=\"middle\" class=\"axis\">\(columnNames[column])</text>"
        }
        svg += "<text x=\"\(left + 1.5 * cell)\" y=\"\(top + 3 * cell + 28)\" text-anchor=\"middle\" class=\"axistitle\">\(Self.e(execute?.title ?? "Ability to execute")) →</text>"
        svg += "<text x=\"10\" y=\"\(top + 1.5 * cell)\" text-anchor=\"middle\" class=\"axistitle\" transform=\"rotate(-90 10 \(top + 1.5 * cell))\">\(Self.e(buyIn?.title ?? "Stakeholder buy-in")) →</text>"
        if let b = buyIn?.level, let x = execute?.level {
            let cx = left + (Double(x) - 0.5) * cell, cy = top + (3 - Double(b) + 0.5) * cell + 8
            svg += "<circle cx=\"\(cx)\" cy=\"\(cy)\" r=\"11\" class=\"here\"/><text x=\"\(cx)\" y=\"\(cy + 3.5)\" text-anchor=\"middle\" class=\"herelabel\">you</text>"
        }
        svg += "</svg>"
        return "<figure>\(svg)<figcaption>\(Self.e(description)) Figure 7 of The Partner Everywhere Imperative (001); the phases run along the diagonal.</figcaption></figure>"
    }

    /// Every scored dimension, highest first, as a bar with the ambition marked.
    static func dimensionBars(_ a: Assessment) -> String {
        let dimensions = a.questionnaires.flatMap(\.dimensions).filter { $0.score != nil }
            .enumerated().sorted { ($0.element.score!, -$0.offset) > ($1.element.score!, -$1.offset) }.map(\.element)
        var out = ["<h2>Dimensions, highest first</h2><p class=\"muted small\">Bar: score out of 100 (vermillion below 50, a weak spot; orange developing; blue 75 or more, a strength); tick: your ambition.</p>",
                   "<table class=\"bars\"><caption class=\"sr\">Scores by dimension</caption><colgroup><col class=\"name\"><col class=\"bar\"><col class=\"score\"></colgroup><tbody>"]
        for d in dimensions {
            let score = d.score ?? 0
            let label = "\(d.title): \(TextLayout.score(d.score)) of 100" + (d.target.map { ", ambition \(TextLayout.score($0))" } ?? "")
            var svg = "<svg viewBox=\"0 0 100 8\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"\(Self.e(label))\">"
                + "<rect x=\"0\" y=\"1\" width=\"100\" height=\"6\" class=\"track\"/>"
                + "<rect x=\"0\" y=\"1\" width=\"\(score)\" height=\"6\" class=\"\(d.band?.rawValue ?? "developing")\"/>"
            if let target = d.target { svg += "<rect x=\"\(min(max(target - 0.6, 0), 98.8))\" y=\"0\" width=\"1.2\" height=\"8\" class=\"aim\"/>" }
            svg += "</svg>"
            out.append("<tr><th scope=\"row\">\(Self.e(d.title))</th><td class=\"barcell\">\(svg)</td><td class=\"num\">\(TextLayout.score(d.score))</td></tr>")
        }
        out.append("</tbody></table>")
        return out.joined()
    }

    // MARK: - A workshop

    public func render(_ w: WorkshopSummary) -> String {
        var body: [String] = []
        body.append("<header><h1>Workshop: \(Self.e(w.name))</h1><p class=\"meta\">\(w.participants) participants "
                    + "(\(w.completed) completed). By level: \(Self.e(w.byLevel.map { "\($0.level) \($0.participants)" }.joined(separator: ", "))).</p></header>")
        if !w.convergence.isEmpty {
            let moved = w.convergence.filter(\.converged).count
            body.append("<h2>Rounds: from round 1 to round \(w.round)</h2><p>\(moved) of \(w.convergence.count) questions converged (their spread narrowed).</p>")
        }
        body.append("<h2>Where the group disagrees\(w.round > 1 ? " in round \(w.round)" : ""): the agenda to discuss, debate, decide</h2>")
        if w.disagreements.isEmpty {
            body.append("<p>No question divides the group: at least 80% of answers lie within one scale point of the median everywhere.</p>")
        } else {
            body.append("<table class=\"agenda\"><thead><tr><th scope=\"col\" class=\"q\">Question</th><th scope=\"col\" class=\"a\">Answers</th><th scope=\"col\" class=\"n\">n</th><th scope=\"col\" class=\"m\">Median</th><th scope=\"col\" class=\"w\">Within one point</th></tr></thead><tbody>")
            for q in w.disagreements {
                body.append("<tr><td>\(Self.e(q.text))</td><td>\(Self.strip(q))</td><td class=\"num\">\(q.stats.n)</td><td class=\"num\">\(TextLayout.score(q.stats.median))</td>"
                            + "<td class=\"num\">\(q.withinOnePointOfMedian.map { "\(Int(($0 * 100).rounded()))%" } ?? "–")</td></tr>")
            }
            body.append("</tbody></table>")
            body.append(Self.notes(w.disagreements))
        }
        body.append("<h2>Dimensions by level</h2>")
        body.append(Self.heatmap(w))
        if !w.partners.isEmpty {
            body.append("<h2>Partnerships: our side and the partner's side</h2><table class=\"partners\"><thead><tr><th scope=\"col\">Partner</th><th scope=\"col\">Trait</th><th scope=\"col\">Ours</th><th scope=\"col\">Theirs</th><th scope=\"col\">Gap</th></tr></thead><tbody>")
            for p in w.partners {
                for t in p.traits where t.ours != nil || t.theirs != nil {
                    body.append("<tr><td>\(Self.e(p.partner))</td><td>\(Self.e(t.title))</td><td>\(Self.pairBar(t.ours, "ours"))</td><td>\(Self.pairBar(t.theirs, "theirs"))</td>"
                                + "<td class=\"num\">\(t.gap.map { ($0 > 0 ? "+" : "") + TextLayout.score($0) } ?? "–")</td></tr>")
                }
            }
            body.append("</tbody></table>")
        }
        if let journey = w.journey {
            body.append("<section class=\"columns\"><div>\(Self.journeyGrid(journey))</div><div><h2>Consolidated next initiatives</h2><ol class=\"initiatives\">")
            for i in w.initiatives.prefix(3) {
                body.append("<li><strong>\(Self.e(i.title))</strong> <span class=\"muted\">Phase \(i.phase)</span><br>First step: \(Self.e(i.firstStep))</li>")
            }
            body.append("</ol><p class=\"muted small\">The group is scored as one respondent whose answer to each question is the group's lower median.</p></div></section>")
        }
        body.append("<footer>Disagreement: fewer than 80% of answers within one scale point of the median. Sources: The Partner Everywhere Imperative (001), "
                    + "Healthy Ecosystem (000), What partners expect from partnerships (002), The Problem With B2B Partner Ecosystems (003).</footer>")
        return Self.page(title: "Workshop: \(w.name)", body: body)
    }

    /// Notes shown per question, and questions with notes, on the one-pager; the text and Markdown
    /// reports show up to `WorkshopAggregator.notesShown` per question, and the export every one.
    static let notesPerQuestion = 3
    static let notedQuestions = 8

    /// What participants wrote next to the questions that divide the group, in the agenda's order:
    /// the first few per question, with who wrote each (unless anonymous) and how many more there are.
    static func notes(_ disagreements: [QuestionStats]) -> String {
        let noted = disagreements.filter { !$0.notes.isEmpty }
        guard !noted.isEmpty else { return "" }
        var out = "<h3>What participants wrote</h3><ul class=\"notes small\">"
        for q in noted.prefix(notedQuestions) {
            let shown = q.notes.prefix(notesPerQuestion).map { note in
                "“\(e(note.text))”" + (note.by.map { " <span class=\"muted\">— \(e($0))</span>" } ?? "")
            }
            let more = q.notes.count - shown.count + q.notesNotShown
            out += "<li><strong>\(e(q.text + TextReport.about(q)))</strong>: " + shown.joined(separator: "; ")
                + (more > 0 ? " <span class=\"muted\">… and \(more) more</span>" : "") + "</li>"
        }
        out += "</ul>"
        if noted.count > notedQuestions {
            out += "<p class=\"muted small\">Notes on \(noted.count - notedQuestions) more question\(noted.count - notedQuestions == 1 ? "" : "s") "
                + "are in the text and Markdown reports; partnercheck export lists every note.</p>"
        } else if noted.contains(where: { $0.notes.count > notesPerQuestion || $0.notesNotShown > 0 }) {
            out += "<p class=\"muted small\">The text and Markdown reports show more of them; partnercheck export lists every note.</p>"
        }
        return out
    }

    /// One question's answers as a strip of bars, one per scale point or option, with a text alternative.
    static func strip(_ q: QuestionStats) -> String {
        guard let distribution = q.distribution, !distribution.isEmpty else { return "" }
        let most = max(distribution.map(\.count).max() ?? 1, 1)
        let width = 14.0
        let words = distribution.map { "\($0.label): \($0.count)" }.joined(separator: ", ") + (q.unknown > 0 ? ", don't know: \(q.unknown)" : "")
        var svg = "<svg class=\"strip\" viewBox=\"0 0 \(Int(width * Double(distribution.count))) 24\" role=\"img\" aria-label=\"\(Self.e(words))\"><title>\(Self.e(words))</title>"
        for (index, item) in distribution.enumerated() {
            let height = 18.0 * Double(item.count) / Double(most)
            svg += "<rect x=\"\(Double(index) * width + 2)\" y=\"\(18 - height)\" width=\"\(width - 4)\" height=\"\(max(height, 0.8))\" class=\"count\"/>"
            svg += "<text x=\"\(Double(index) * width + width / 2)\" y=\"23.5\" text-anchor=\"middle\" class=\"tick\">\(Self.e(item.value))</text>"
        }
        return svg + "</svg>" + (q.unknown > 0 ? "<span class=\"muted small\"> dk \(q.unknown)</span>" : "")
    }

    /// Level x dimension: each cell shaded by the mean, with the number written in it.
    static func heatmap(_ w: WorkshopSummary) -> String {
        let levels = ["executive", "management", "field"]
        var out = ["<table class=\"heat\"><caption class=\"sr\">Mean score by dimension and level</caption><thead><tr><th scope=\"col\">Dimension</th>"]
        out += levels.map { "<th scope=\"col\">\($0.capitalizedFirst)</th>" }
        out.append("<th scope=\"col\">All</th></tr></thead><tbody>")
        for d in w.dimensions where d.stats.n > 0 {
            out.append("<tr><th scope=\"row\">\(Self.e(d.title))</th>")
            for level in levels {
                let stats = d.byLevel.first { $0.level == level }
                out.append(Self.heatCell(stats?.mean, n: stats?.n))
            }
            out.append(Self.heatCell(d.stats.mean, n: d.stats.n) + "</tr>")
        }
        out.append("</tbody></table><p class=\"muted small\">Darker is higher (0 to 100); n is the number of participants.</p>")
        return out.joined()
    }

    static func heatCell(_ mean: Double?, n: Int?) -> String {
        guard let mean else { return "<td class=\"num empty\">–</td>" }
        let step = min(4, max(0, Int(mean / 20)))
        return "<td class=\"num h\(step)\">\(TextLayout.score(mean))<span class=\"n\"> n=\(n ?? 0)</span></td>"
    }

    static func pairBar(_ value: Double?, _ side: String) -> String {
        guard let value else { return "–" }
        return "<svg viewBox=\"0 0 100 8\" class=\"pair\" role=\"img\" aria-label=\"\(side) \(TextLayout.score(value))\">"
            + "<rect x=\"0\" y=\"1\" width=\"100\" height=\"6\" class=\"track\"/><rect x=\"0\" y=\"1\" width=\"\(value)\" height=\"6\" class=\"\(side)\"/></svg> \(TextLayout.score(value))"
    }

    // MARK: - A comparison

    public func render(_ c: Comparison) -> String {
        let who = [c.respondent.name, c.respondent.organisation].compactMap { $0 }.joined(separator: ", ")
        var body = ["<header><h1>Partnering assessment: then and now\(who.isEmpty ? "" : ": " + Self.e(who))</h1><p class=\"meta\">\(Self.e(c.oldUpdatedAt)) → \(Self.e(c.newUpdatedAt)), the earlier first</p></header>",
                    "<p>Overall \(TextLayout.score(c.oldOverall)) → \(TextLayout.score(c.newOverall)); Phase \(c.oldPhase.map(String.init) ?? "–") → \(c.newPhase.map(String.init) ?? "–").</p>",
                    "<table class=\"partners\"><thead><tr><th scope=\"col\">Dimension</th><th scope=\"col\">Then</th><th scope=\"col\">Now</th><th scope=\"col\">Change</th></tr></thead><tbody>"]
        for change in c.changes {
            body.append("<tr><td>\(Self.e(change.title))</td><td>\(Self.pairBar(change.old, "theirs"))</td><td>\(Self.pairBar(change.new, "ours"))</td>"
                        + "<td class=\"num\">\(change.change.map { ($0 > 0 ? "+" : "") + TextLayout.score($0) } ?? "–")</td></tr>")
        }
        body.append("</tbody></table>")
        return Self.page(title: "Partnering assessment: then and now", body: body)
    }

    // MARK: - The page

    static func page(title: String, body: [String]) -> String {
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            + "<meta name=\"color-scheme\" content=\"light dark\">\n<title>\(Self.e(title))</title>\n<style>\n\(css)</style>\n</head>\n<body>\n"
            + body.joined(separator: "\n") + "\n</body>\n</html>\n"
    }

    /// Okabe-Ito colours (blue, orange, bluish green, vermillion), readable with any colour vision.
    static let css = """
        :root { --bg: #ffffff; --fg: #1b1b1b; --muted: #555555; --line: #c8c8c8; --track: #e8e8e8; --cell: #f3f3f3;
          --weak: #D55E00; --developing: #E69F00; --strength: #0072B2; --aim: #1b1b1b; --here: #009E73; --phase: #dcefe9;
          --ours: #0072B2; --theirs: #E69F00; --h0: #f0f4fa; --h1: #c6dbef; --h2: #9ecae1; --h3: #4292c6; --h4: #08519c; }
        @media (prefers-color-scheme: dark) {
          :root { --bg: #141414; --fg: #ececec; --muted: #a8a8a8; --line: #444444; --track: #2c2c2c; --cell: #202020;
            --weak: #E69F00; --developing: #F0E442; --strength: #56B4E9; --aim: #ffffff; --here: #009E73; --phase: #163a30;
            --ours: #56B4E9; --theirs: #E69F00; --h0: #1d2733; --h1: #21405e; --h2: #2b5d8a; --h3: #3a7fbf; --h4: #6baed6; }
        }
        @media print {
          :root { --bg: #ffffff; --fg: #000000; --muted: #444444; --line: #bbbbbb; --track: #e8e8e8; --cell: #f3f3f3;
            --weak: #D55E00; --developing: #E69F00; --strength: #0072B2; --aim: #000000; --phase: #dcefe9;
            --ours: #0072B2; --theirs: #E69F00; --h0: #f0f4fa; --h1: #c6dbef; --h2: #9ecae1; --h3: #4292c6; --h4: #08519c; }
          body { max-width: none; padding: 0; }
        }
        @page { size: A4; margin: 10mm; }
        * { box-sizing: border-box; }
        body { margin: 0 auto; max-width: 190mm; padding: 5mm; background: var(--bg); color: var(--fg);
          font: 8.4pt/1.3 "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        h1 { font-size: 13pt; margin: 0 0 1mm; }
        h2 { font-size: 9.5pt; margin: 3mm 0 1mm; padding-bottom: 0.5mm; border-bottom: 1px solid var(--line); }
        p, ul, ol { margin: 1mm 0; }
        ul, ol { padding-left: 5mm; }
        li { margin-bottom: 1mm; overflow-wrap: anywhere; }
        .meta, .muted { color: var(--muted); }
        .small { font-size: 7.4pt; }
        .columns { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 6mm; }
        .overall .big { font-size: 24pt; font-weight: bold; }
        figure { margin: 1mm 0; }
        figcaption { font-size: 7.4pt; color: var(--muted); }
        svg { display: block; }
        svg.journey { width: 100%; max-width: 64mm; height: auto; }
        .cell { fill: var(--cell); stroke: var(--line); }
        .phasecell { fill: var(--phase); stroke: var(--line); }
        .phase { font-size: 9px; fill: var(--fg); font-weight: bold; }
        .axis { font-size: 8px; fill: var(--fg); }
        .axistitle { font-size: 8.5px; fill: var(--muted); }
        .here { fill: var(--here); stroke: var(--bg); stroke-width: 2; }
        .herelabel { font-size: 8px; fill: #ffffff; font-weight: bold; }
        table { border-collapse: collapse; width: 100%; table-layout: fixed; }
        th, td { text-align: left; padding: 0.4mm 1mm; vertical-align: middle; overflow-wrap: anywhere; }
        th { font-weight: normal; }
        thead th { font-weight: bold; border-bottom: 1px solid var(--line); }
        .bars col.name { width: 58%; } .bars col.bar { width: 32%; } .bars col.score { width: 10%; }
        .bars th { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
        .bars { font-size: 7.6pt; }
        .bars th, .bars td { padding-top: 0.15mm; padding-bottom: 0.15mm; }
        td.num { text-align: right; }
        .barcell svg { width: 100%; height: 3mm; }
        .track { fill: var(--track); }
        .weak { fill: var(--weak); } .developing { fill: var(--developing); } .strength { fill: var(--strength); }
        .aim { fill: var(--aim); }
        .ours { fill: var(--ours); } .theirs { fill: var(--theirs); }
        svg.pair { display: inline-block; width: 60%; height: 3mm; vertical-align: middle; }
        .agenda th.q { width: 46%; } .agenda th.a { width: 24%; } .agenda th.n { width: 7%; text-align: right; }
        .agenda th.m { width: 11%; text-align: right; } .agenda th.w { width: 12%; text-align: right; }
        h3 { font-size: 8.5pt; margin: 2mm 0 0.5mm; }
        .notes li { margin-bottom: 0.5mm; }
        svg.strip { width: 100%; max-width: 40mm; height: 7mm; }
        .count { fill: var(--strength); }
        .tick { font-size: 6px; fill: var(--muted); }
        .heat td { text-align: center; }
        .h0 { background: var(--h0); } .h1 { background: var(--h1); } .h2 { background: var(--h2); }
        .h3 { background: var(--h3); color: #ffffff; } .h4 { background: var(--h4); color: #ffffff; }
        .n { font-size: 6.5pt; opacity: 0.8; }
        .sr { position: absolute; left: -9999px; }
        footer { margin-top: 3mm; font-size: 7pt; color: var(--muted); border-top: 1px solid var(--line); padding-top: 1mm; }
        code { font-size: 7pt; }
        tr { break-inside: avoid; }

        """

    /// Text made safe inside HTML.
    static func e(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}

import Foundation
import Testing
@testable import PartnerCheckCore

/// Four contrasting companies answer every questionnaire: would an alliance executive defend
/// each placement, recommendation and initiative in front of the seeds' authors? Their reports
/// are golden files (Golden/company-*.txt), reviewed by hand when they change.
@Suite("Four contrasting companies")
struct CompanyTests {
    static let all = ["three-questions", "healthy-ecosystem", "mutual-traits", "capability-programme", "governance",
                      "design-principles", "value-believability"]

    /// Every answer one notch of the scale ("-" where an `askIf` leaves the question unasked).
    static func company(_ name: String) throws -> SessionBuilder {
        var b = try SessionBuilder(all)
        b.session.respondent = Respondent(name: name, level: .executive, organisation: name + " Inc")
        switch name {
        case "Weak":  // "a little", partners not managed, programme being designed
            try b.answer("three-questions", Array(repeating: "2", count: 6) + ["c"] + Array(repeating: "2", count: 5))
            try b.answer("healthy-ecosystem", Array(repeating: "2", count: 7))
            try b.answer("mutual-traits", Array(repeating: "2", count: 5), partner: "Initech", side: .ours)
            try b.answer("capability-programme", ["b", "b", "b"])
            try b.answer("governance", Array(repeating: "2", count: 5) + ["c", "-", "-", "2", "2"])
            try b.answer("design-principles", ["a"] + Array(repeating: "2", count: 7) + ["none"])
            try b.answer("value-believability", ["2", "b", "a", "a", "2", "2", "2"])
        case "Neutral":  // "neither agree nor disagree" / "partly" / the middle option everywhere
            try b.answer("three-questions", Array(repeating: "3", count: 6) + ["b"] + Array(repeating: "3", count: 5))
            try b.answer("healthy-ecosystem", Array(repeating: "3", count: 7))
            try b.answer("mutual-traits", Array(repeating: "3", count: 5), partner: "Initech", side: .ours)
            try b.answer("capability-programme", ["c", "c", "c"])
            try b.answer("governance", Array(repeating: "3", count: 5) + ["a", "3", "3", "3", "3"])
            try b.answer("design-principles", ["a, b, c"] + Array(repeating: "3", count: 7) + ["a, b"])
            try b.answer("value-believability", ["3", "c", "a, b, c", "b", "3", "3", "3"])
        case "Middling":  // "largely" / "agree", first projects live, one partnership seen from both sides
            try b.answer("three-questions", Array(repeating: "4", count: 6) + ["a"] + Array(repeating: "4", count: 5))
            try b.answer("healthy-ecosystem", Array(repeating: "4", count: 7))
            try b.answer("mutual-traits", ["4", "4", "2", "4", "3"], partner: "Initech", side: .ours)
            try b.answer("mutual-traits", ["3", "4", "2", "3", "3"], partner: "Initech", side: .partner)
            try b.answer("capability-programme", ["d", "c", "c"])
            try b.answer("governance", Array(repeating: "4", count: 5) + ["a", "4", "4", "4", "4"])
            try b.answer("design-principles", ["a, b, c, d"] + Array(repeating: "4", count: 7) + ["a, b, c"])
            try b.answer("value-believability", ["4", "c", "a, b, c, e", "b", "4", "3", "3"])
        default:  // Strong: "completely" everywhere, the central function, both sides of a partnership at 5
            try b.answer("three-questions", Array(repeating: "5", count: 6) + ["d"] + Array(repeating: "5", count: 5))
            try b.answer("healthy-ecosystem", Array(repeating: "5", count: 7))
            try b.answer("mutual-traits", Array(repeating: "5", count: 5), partner: "Initech", side: .ours)
            try b.answer("mutual-traits", Array(repeating: "5", count: 5), partner: "Initech", side: .partner)
            try b.answer("capability-programme", ["e", "d", "e"])
            try b.answer("governance", Array(repeating: "5", count: 5) + ["a", "5", "5", "5", "5"])
            try b.answer("design-principles", ["a, b, c, d, e"] + Array(repeating: "5", count: 7) + ["a, b, c, d"])
            try b.answer("value-believability", ["5", "d", "a, b, c, d, e", "c", "5", "5", "5"])
        }
        return b
    }

    @Test("the weak company sits in Phase 1, and every initiative is Phase 1 work")
    func weak() throws {
        let a = try Self.company("Weak").assess()
        #expect(a.journey?.phase == 1)
        #expect(a.journey?.axes.map(\.levelName) == ["Dependent", "Introduce"])
        #expect(a.initiatives.count == 5)
        #expect(a.initiatives.allSatisfy { $0.phase == 1 && $0.basis == .gap })
        // The answer no executive can leave standing comes first: partners are not managed at all.
        #expect(a.recommendations.first?.id == "central-function")
        #expect(a.recommendations.prefix(Assessment.recommendationsShown).allSatisfy { $0.kind == .action && $0.band == .weak })
        #expect(a.recommendations.count > Assessment.recommendationsShown)
        // Governance questions about core partners were not asked: neither scored nor blind spots.
        #expect(a.blindSpots.isEmpty)
        #expect(a.coverage.total == 50)
        #expect(!a.recommendations.contains { $0.id == "govern-together" || $0.id == "two-way-street" })
    }

    @Test("the neutral company sits in Phase 1: a neutral answer clears no bar, and developing dimensions are advised")
    func neutral() throws {
        let a = try Self.company("Neutral").assess()
        #expect(a.journey?.phase == 1)
        #expect(a.journey?.axes.map(\.levelName) == ["Dependent", "Introduce"])
        #expect(a.recommendations.contains { $0.band == .developing })
        #expect(a.initiatives.count == 5)
        #expect(a.initiatives.allSatisfy { $0.phase == 1 })
    }

    @Test("the middling company sits in Phase 2; what holds it there is named; both sides of Initech are told apart")
    func middling() throws {
        let a = try Self.company("Middling").assess()
        #expect(a.journey?.phase == 2)
        #expect(a.journey?.axes.map(\.levelName) == ["Supportive", "Expand"])
        #expect(a.journey?.holdingBack.map(\.question) == ["business-unit-buy-in", "capability-organized", "programme-stage", "guiding-team"])
        // Work on what holds it below Phase 3 comes first, earlier phases' unfinished work included.
        #expect(a.initiatives.prefix(3).map(\.id) == ["business-unit-sponsors", "strategic-partner-engagement", "build-out-first-projects"])
        #expect(a.initiatives.allSatisfy { $0.phase <= 2 })
        let collaboration = a.recommendations.filter { $0.id == "two-way-data" }
        #expect(collaboration.map(\.view) == [.ours, .partner])
        #expect(a.gaps.first?.dimension == "collaboration")
    }

    @Test("the strong company sits in Phase 3 and gets the scaling work of Phase 3")
    func strong() throws {
        let a = try Self.company("Strong").assess()
        #expect(a.journey?.phase == 3)
        #expect(a.journey?.axes.map(\.levelName) == ["Aligned", "Fully integrated"])
        #expect(a.gaps.isEmpty)
        #expect(a.initiatives.map(\.id) == ["make-it-programmatic", "portfolio-of-partners", "entry-for-unlikely-partners"])
        #expect(a.initiatives.allSatisfy { $0.basis == .phase && $0.phase == 3 })
        #expect(a.recommendations.allSatisfy { $0.kind == .strength })
    }

    @Test("each company's one-screen summary fits 24 lines at 80 columns, and matches its golden file", arguments: ["Weak", "Neutral", "Middling", "Strong"])
    func summary(_ name: String) throws {
        let a = try Self.company(name).assess()
        let text = SummaryReport.render(a, fullReport: "Full report: press Enter (or type q to finish).")
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count <= SummaryReport.maximumLines, "\(lines.count) lines")
        #expect(lines.allSatisfy { TextLayout.columns($0) <= 80 })
        #expect(text.contains("Phase \(a.journey?.phase ?? 0) of 3"))
        for initiative in a.initiatives.prefix(3) { #expect(text.contains(initiative.title)) }
        try ReportTests.golden("company-\(name.lowercased())-summary.txt", text)
    }

    @Test("the full text report follows the width: no line wider at 40, 60 and 120 columns, goldens at 60 and 120",
          arguments: ["Weak", "Middling", "Strong"])
    func widths(_ name: String) throws {
        let a = try Self.company(name).assess()
        for width in [40, 60, 80, 120] {
            let text = TextReport(style: ReportStyle(width: width)).render(a) + SummaryReport.render(a, style: ReportStyle(width: width))
            for line in text.split(separator: "\n") {
                #expect(TextLayout.columns(line) <= width, "\(width) columns: \(line)")
            }
        }
        try ReportTests.golden("company-\(name.lowercased())-60.txt", TextReport(style: ReportStyle(width: 60)).render(a))
        try ReportTests.golden("company-\(name.lowercased())-120.txt", TextReport(style: ReportStyle(width: 120)).render(a))
    }

    @Test("long words and East Asian wide characters never push a line past the width")
    func wideText() throws {
        var b = try Self.company("Weak")
        b.session.respondent.name = "株式会社パートナーシップ研究所の代表取締役社長"
        b.session.respondent.organisation = String(repeating: "Supercalifragilistic", count: 4)
        b.session.rounds.remove(at: 2)
        try b.answer("mutual-traits", ["1", "2", "3", "4", "5"], partner: "日本電信電話株式会社グローバルパートナーアライアンス", side: .partner)
        let a = try b.assess()
        for width in [40, 60, 80, 120] {
            for text in [TextReport(style: ReportStyle(width: width)).render(a), SummaryReport.render(a, style: ReportStyle(width: width))] {
                for line in text.split(separator: "\n") {
                    #expect(TextLayout.columns(line) <= width, "\(width) columns: \(line)")
                }
            }
        }
    }

    @Test("the HTML one-pager is self-contained, has a text alternative for every chart, and matches its golden file",
          arguments: ["Weak", "Middling", "Strong"])
    func html(_ name: String) throws {
        let a = try Self.company(name).assess()
        let html = HTMLReport().render(a)
        try ReportTests.golden("company-\(name.lowercased()).html", html)
        for forbidden in ["<script", "http://", "https://", "src=", "@import", "url(", "@font-face", "<link", "<iframe"] {
            #expect(!html.lowercased().contains(forbidden), "\(forbidden)")
        }
        let charts = html.components(separatedBy: "<svg").dropFirst()
        #expect(charts.count > 10)
        #expect(charts.allSatisfy { $0.hasPrefix(" ") && ($0.contains("role=\"img\"")) && ($0.contains("aria-label=") || $0.contains("aria-labelledby=")) })
        #expect(html.contains("@media (prefers-color-scheme: dark)") && html.contains("@page { size: A4"))
        #expect(html.contains("Phase \(a.journey?.phase ?? 0) of 3"))
        #expect(!html.contains("radar"))
        // Whatever a respondent typed is escaped.
        var b = try Self.company(name)
        b.session.respondent.name = "<b>Eve</b> & \"co\""
        #expect(HTMLReport().render(try b.assess()).contains("&lt;b&gt;Eve&lt;/b&gt; &amp; &quot;co&quot;"))
    }

    @Test("each company's report matches its golden file and its JSON passes the schema", arguments: ["Weak", "Neutral", "Middling", "Strong"])
    func golden(_ name: String) throws {
        let a = try Self.company(name).assess()
        try ReportTests.golden("company-\(name.lowercased()).txt", TextReport().render(a))
        try ReportTests.golden("company-\(name.lowercased()).md", MarkdownReport().render(a))
        try ReportTests.golden("company-\(name.lowercased()).json", JSONReport().render(a))
        let schema = try JSONValue.parse(Data(contentsOf: URL(fileURLWithPath: Fixtures.root + "/questionnaires/schemas/report.schema.json")))
        #expect(SchemaValidator(schema: schema).validate(try JSONValue.parse(Data(JSONReport().render(a).utf8))) == [])
        for line in TextReport().render(a).split(separator: "\n") { #expect(line.count <= 80, "too wide: \(line)") }
    }
}

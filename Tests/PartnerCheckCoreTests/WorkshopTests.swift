import Foundation
import Testing
@testable import PartnerCheckCore

@Suite("Workshop aggregation")
struct WorkshopTests {
    static func session(_ name: String, _ level: Level?, _ answers: [String], id: String = "healthy-ecosystem") throws -> Session {
        var builder = try SessionBuilder([id])
        builder.session.id = name
        builder.session.respondent = Respondent(name: name, level: level)
        try builder.answer(id, answers)
        return builder.session
    }

    static func summary(_ sessions: [Session], expected: [QuestionnaireRef]? = nil, anonymous: Bool = false) throws -> WorkshopSummary {
        let catalog = try Fixtures.catalog()
        var aggregator = WorkshopAggregator(catalog: catalog, expected: expected ?? [QuestionnaireRef(id: "healthy-ecosystem", version: 1)])
        for (index, session) in sessions.enumerated() { aggregator.add(session, file: "s\(index).json") }
        return aggregator.summary(name: "test", anonymous: anonymous)
    }

    @Test("descriptive statistics: mean, median, range and sample standard deviation")
    func stats() {
        let s = Stats([100, 25, 75, 50])
        #expect(s.n == 4 && s.mean == 62.5 && s.median == 62.5 && s.min == 25 && s.max == 100)
        #expect(abs(s.standardDeviation! - 32.2749) < 0.001)
        #expect(Stats([40]).standardDeviation == nil)
        #expect(Stats([]) == Stats.empty)
        #expect(Median.lower([5, 1, 4, 2]) == 2)
        #expect(Median.lower([3, 1, 2]) == 2)
    }

    /// Stats as they were computed over every score (sorted, then summed): counting the scores by
    /// value must give the same figures to the last bit, in whatever order they are counted or merged.
    @Test("counted scores give exactly the statistics of every score listed", arguments: 0..<30)
    func talliesMatchLists(seed: UInt64) {
        var random = SplitMix64(state: seed)
        let scale: [Double] = [0, 25, 50, 75, 100, 100.0 / 3, 200.0 / 3]
        let count = Int.random(in: 0...400, using: &random)
        let values: [Double] = (0..<count).map { _ in
            Bool.random(using: &random) ? scale.randomElement(using: &random)! : Double.random(in: 0...100, using: &random)
        }
        func listed(_ values: [Double]) -> Stats {
            let sorted = values.sorted()
            guard !sorted.isEmpty else { return .empty }
            let n = sorted.count
            let average = sorted.reduce(0, +) / Double(n)
            let squares = sorted.reduce(0) { $0 + ($1 - average) * ($1 - average) }
            return Stats(n: n, mean: average, median: n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2,
                         min: sorted.first, max: sorted.last, standardDeviation: n >= 2 ? (squares / Double(n - 1)).squareRoot() : nil)
        }
        #expect(Stats(values) == listed(values))
        // Counted in two parts, in shuffled order, then merged: as two workers read a folder.
        let shuffled = values.shuffled(using: &random)
        let cut = shuffled.isEmpty ? 0 : Int.random(in: 0...shuffled.count, using: &random)
        var first = Tally<Double>(), second = Tally<Double>()
        for value in shuffled[..<cut] { first.add(value) }
        for value in shuffled[cut...] { second.add(value) }
        first.merge(second)
        #expect(Stats(first) == listed(values))
        #expect(first.count == values.count && first.count { $0 >= 50 } == values.filter { $0 >= 50 }.count)
        let points = values.map { Int($0) % 5 + 1 }
        var tally = Tally<Int>()
        for point in points { tally.add(point) }
        #expect(Median.lower(tally) == (points.isEmpty ? nil : points.sorted()[(points.count - 1) / 2]))
    }

    @Test("a group of one: its own answers, no disagreement, no gap between levels")
    func groupOfOne() throws {
        let w = try Self.summary([Self.session("Ann", .executive, ["4", "3", "2", "1", "5", "3", "dk"])])
        #expect(w.participants == 1)
        #expect(w.questions.map(\.stats.mean) == [75, 50, 25, 0, 100, 50, nil])
        #expect(w.questions.allSatisfy { $0.stats.standardDeviation == nil })
        #expect(w.disagreements.isEmpty)
        #expect(w.perceptionGaps.isEmpty)
        #expect(w.questions.last?.unknown == 1)
        #expect(w.journey?.phase == 1)
    }

    @Test("a multiple question counts, per option, how many chose it; a question not asked counts for nobody")
    func multipleAndConditions() throws {
        let design = QuestionnaireRef(id: "design-principles", version: 1)
        let rest = Array(repeating: "3", count: 7)
        let sessions = try [("A", "a, c"), ("B", "a, b"), ("C", "none")].map { name, armed in
            try Self.session(name, .field, [armed] + rest + ["a"], id: "design-principles")
        }
        let w = try Self.summary(sessions, expected: [design])
        let armed = try #require(w.questions.first { $0.question == "front-line-armed" })
        #expect(armed.distribution?.map(\.count) == [2, 1, 1, 0, 0])
        #expect(armed.stats.n == 3)
        // a, c = 40; a, b = 40; none = 0.
        #expect(armed.stats.mean.map { abs($0 - 80.0 / 3) < 0.001 } == true)
        #expect(TextReport().render(w).contains("answers: a) why we partner"))
        let governance = QuestionnaireRef(id: "governance", version: 1)
        let g = try Self.summary([
            try Self.session("D", .executive, ["3", "3", "3", "3", "3", "c", "-", "-", "3", "3"], id: "governance"),
            try Self.session("E", .field, ["3", "3", "3", "3", "3", "a", "1", "2", "3", "3"], id: "governance"),
        ], expected: [governance])
        let cadence = try #require(g.questions.first { $0.question == "discuss-debate-decide" })
        #expect(cadence.stats.n == 1)
        #expect(cadence.distribution?.map(\.count) == [1, 0, 0, 0, 0])
        #expect(cadence.distribution?.first?.label == "not in place")
        let core = try #require(g.questions.first { $0.question == "core-partners" })
        #expect(core.distribution?.map(\.count) == [1, 0, 1])
        let schema = try JSONValue.parse(Data(contentsOf: URL(fileURLWithPath: Fixtures.root + "/questionnaires/schemas/workshop-report.schema.json")))
        #expect(SchemaValidator(schema: schema).validate(try JSONValue.parse(Data(JSONReport().render(w).utf8))) == [])
    }

    /// Three participants; the executive rates two partnerships, the manager one from the partner's side.
    static func partnerWorkshop() throws -> [Session] {
        var ann = try SessionBuilder(["mutual-traits"])
        ann.session.id = "ann"
        ann.session.respondent = Respondent(name: "Ann", level: .executive)
        try ann.answer("mutual-traits", ["5", "5", "5", "5", "5"], partner: "Globex", side: .ours, notes: [0: "we never see execs"])
        try ann.answer("mutual-traits", ["1", "1", "1", "1", "1"], partner: "Initech", side: .ours)
        var bob = try SessionBuilder(["mutual-traits"])
        bob.session.id = "bob"
        bob.session.respondent = Respondent(name: "Bob", level: .management)
        try bob.answer("mutual-traits", ["1", "2", "2", "2", "2"], partner: "globex ", side: .partner, notes: [0: "partners are an afterthought"])
        var cid = try SessionBuilder(["mutual-traits"])
        cid.session.id = "cid"
        cid.session.respondent = Respondent(name: "Cid", level: .field)
        try cid.answer("mutual-traits", ["4", "4", "4", "4", "4"], partner: "Globex", side: .ours)
        return [ann.session, bob.session, cid.session]
    }

    @Test("each participant counts once; partner questions are kept per partnership and side; notes sit under their question")
    func countedRight() throws {
        let w = try Self.summary(Self.partnerWorkshop(), expected: [QuestionnaireRef(id: "mutual-traits", version: 1)])
        // Ann rated two partnerships: she is one executive (trust 100 and 0 average to 50), not two.
        let trust = try #require(w.dimensions.first { $0.dimension == "trust" })
        #expect(trust.stats.n == 3)
        #expect(trust.byLevel.map(\.n) == [1, 1, 1])
        #expect(trust.byLevel.first { $0.level == "executive" }?.mean == 50)
        // Questions per partnership and side: Globex ours (Ann 5, Cid 4), Globex theirs (Bob 1), Initech ours (Ann 1).
        let trustQuestions = w.questions.filter { $0.question == "trust" }
        #expect(trustQuestions.map { "\($0.partner ?? "")/\($0.side?.rawValue ?? "")/\($0.stats.n)" } == ["Globex/ours/2", "globex /partner/1", "Initech/ours/1"])
        #expect(trustQuestions.allSatisfy { !$0.text.contains("{partner}") && $0.text.contains($0.partner!) })
        // The two sides of Globex are not one statistic: nobody disagrees with themselves here.
        #expect(w.disagreements.isEmpty)
        let globex = try #require(w.partners.first { $0.partner == "Globex" })
        #expect(globex.ours.n == 2 && globex.theirs.n == 1)
        #expect(w.partners.count == 2)
        // Notes, attributed; unattributed when anonymous.
        let noted = try #require(trustQuestions.first { $0.side == .ours && $0.partner == "Globex" })
        #expect(noted.notes == [NoteEntry(text: "we never see execs", by: "Ann")])
        let text = TextReport().render(w)
        let markdown = MarkdownReport().render(w)
        let json = JSONReport().render(w)
        for output in [text, markdown, json, HTMLReport().render(w)] { #expect(!output.contains("{partner}")) }
        for section in ["Perception gaps by level", "Partnerships: our side and the partner's side", "Consolidated next initiatives", "Questions"] {
            #expect(text.contains(section) && markdown.contains(section), "\(section)")
        }
        let anonymous = try Self.summaryAnonymous(Self.partnerWorkshop(), expected: [QuestionnaireRef(id: "mutual-traits", version: 1)])
        #expect(anonymous.questions.flatMap(\.notes).allSatisfy { $0.by == nil })
        // One person per level: with --anonymous no level is shown on its own.
        #expect(anonymous.byLevel == [LevelCount(level: "fewer than three at a level, not shown", participants: 3)])
        #expect(anonymous.dimensions.allSatisfy { $0.byLevel.isEmpty } && anonymous.perceptionGaps.isEmpty)
        #expect(!JSONReport().render(anonymous).contains("Ann"))
    }

    static func summaryAnonymous(_ sessions: [Session], expected: [QuestionnaireRef]) throws -> WorkshopSummary {
        var aggregator = WorkshopAggregator(catalog: try Fixtures.catalog(), expected: expected)
        for (index, session) in sessions.enumerated() { aggregator.add(session, file: "s\(index).json") }
        return aggregator.summary(name: "test", anonymous: true)
    }

    @Test("notes on the agenda: the question people disagree on shows what they wrote")
    func notesOnTheAgenda() throws {
        let sessions = try [("A", "1", "we never see execs"), ("B", "5", nil), ("C", "1", nil), ("D", "5", "execs visit every quarter")].map { name, rating, note in
            var b = try SessionBuilder(["healthy-ecosystem"])
            b.session.id = name
            b.session.respondent = Respondent(name: name, level: .field)
            try b.answer("healthy-ecosystem", [rating, "3", "3", "3", "3", "3", "3"], notes: note.map { [0: $0] } ?? [:])
            return b.session
        }
        let w = try Self.summary(sessions)
        let agenda = try #require(w.disagreements.first)
        #expect(agenda.question == "senior-executive-involvement")
        #expect(agenda.notes.map(\.text) == ["we never see execs", "execs visit every quarter"])
        #expect(agenda.distribution?.map(\.count) == [2, 0, 0, 0, 2])
        let text = TextReport().render(w)
        #expect(text.contains("answers: 1:2 2:0 3:0 4:0 5:2"))
        #expect(text.contains("\"we never see execs\" — A"))
        #expect(MarkdownReport().render(w).contains("  - “we never see execs” — A"))
        // The HTML one-pager too, escaped, with who wrote each, and without names when anonymous.
        let html = HTMLReport().render(w)
        #expect(html.contains("<h3>What participants wrote</h3>"))
        #expect(html.contains("“we never see execs” <span class=\"muted\">— A</span>; “execs visit every quarter” <span class=\"muted\">— D</span></li>"))
        #expect(!html.contains("… and"))
        let anonymous = try Self.summary(sessions, anonymous: true)
        let hidden = HTMLReport().render(anonymous)
        #expect(hidden.contains("“we never see execs”; “execs visit every quarter”</li>") && !hidden.contains("— A"))
    }

    @Test("an organisation-wide folder shows the first 50 notes of a question and counts the rest, however it is read")
    func manyNotes() throws {
        // 120 participants, half at 1 and half at 5 on the first question (on the agenda), each with a note.
        let sessions = try (0..<120).map { index in
            var b = try SessionBuilder(["healthy-ecosystem"])
            b.session.id = "p\(index)"
            b.session.respondent = Respondent(name: "P\(index)", level: .field)
            try b.answer("healthy-ecosystem", [index % 2 == 0 ? "1" : "5", "3", "3", "3", "3", "3", "3"], notes: [0: "note \(index)"])
            return b.session
        }
        let w = try Self.summary(sessions)
        let agenda = try #require(w.disagreements.first { $0.question == "senior-executive-involvement" })
        #expect(agenda.notes.map(\.text) == (0..<50).map { "note \($0)" })
        #expect(agenda.notesNotShown == 70)
        #expect(agenda.stats.n == 120)
        // Read by two workers and merged, as a folder is: the same first 50, the same count.
        let catalog = try Fixtures.catalog()
        let expected = [QuestionnaireRef(id: "healthy-ecosystem", version: 1)]
        for cut in [0, 30, 50, 77, 120] {
            var first = WorkshopAggregator(catalog: catalog, expected: expected)
            var second = WorkshopAggregator(catalog: catalog, expected: expected)
            for (index, session) in sessions.enumerated() {
                if index < cut { first.add(session, file: "s\(index).json") } else { second.add(session, file: "s\(index).json") }
            }
            first.merge(second)
            #expect(first.summary(name: "test") == w, "cut at \(cut)")
        }
        #expect(TextReport().render(w).contains("    ... and 70 more notes; partnercheck export lists every one\n"))
        #expect(MarkdownReport().render(w).contains("  - ... and 70 more notes"))
        // The HTML one-pager shows three and counts the other 117, and says where the rest are.
        let html = HTMLReport().render(w)
        #expect(html.contains("“note 0” <span class=\"muted\">— P0</span>; “note 1” <span class=\"muted\">— P1</span>; “note 2” <span class=\"muted\">— P2</span> <span class=\"muted\">… and 117 more</span>"))
        #expect(html.contains("partnercheck export lists every note."))
        let schema = try JSONValue.parse(Data(contentsOf: URL(fileURLWithPath: Fixtures.root + "/questionnaires/schemas/workshop-report.schema.json")))
        let json = try JSONValue.parse(Data(JSONReport().render(w).utf8))
        #expect(SchemaValidator(schema: schema).validate(json) == [])
        #expect(JSONReport().render(w).contains("\"notesNotShown\" : 70"))
        // A room-sized workshop lists every note and says nothing more.
        let small = try Self.summary(Array(sessions.prefix(20)))
        #expect(small.questions.allSatisfy { $0.notesNotShown == 0 } && !JSONReport().render(small).contains("notesNotShown"))
    }

    @Test("all equal: no spread, full agreement")
    func allEqual() throws {
        let sessions = try ["A", "B", "C", "D"].map { try Self.session($0, .management, Array(repeating: "4", count: 7)) }
        let w = try Self.summary(sessions)
        #expect(w.questions.allSatisfy { $0.stats.standardDeviation == 0 && $0.withinOnePointOfMedian == 1 && !$0.disagreement })
        #expect(w.dimensions.allSatisfy { $0.stats.mean == 75 })
    }

    @Test("maximal disagreement is listed first; 80% within one point is the line")
    func disagreement() throws {
        let sessions = try [
            Self.session("A", .executive, ["5", "4", "4", "4", "4", "4", "4"]),
            Self.session("B", .executive, ["5", "4", "4", "4", "4", "4", "5"]),
            Self.session("C", .field, ["1", "4", "4", "4", "4", "4", "5"]),
            Self.session("D", .field, ["1", "4", "4", "4", "4", "4", "2"]),
            Self.session("E", .field, ["1", "4", "4", "4", "4", "3", "4"]),
        ]
        let w = try Self.summary(sessions)
        // Question 1: 100,100,0,0,0: median 0, within 25 of it 3 of 5 = 60%.
        #expect(w.disagreements.map(\.question) == ["senior-executive-involvement"])
        #expect(w.disagreements[0].withinOnePointOfMedian == 0.6)
        #expect(abs(w.disagreements[0].stats.standardDeviation! - 54.772) < 0.001)
        // checking-in: 75,100,100,25,75: median 75, four of five within one point = 80%, not fewer: agreed.
        let checking = try #require(w.questions.first { $0.question == "checking-in" })
        #expect(checking.withinOnePointOfMedian == 0.8)
        #expect(checking.disagreement == false)
        // transparency 75,75,75,75,50: everyone within one point.
        #expect(w.questions.first { $0.question == "transparency" }?.disagreement == false)
    }

    @Test("perception gaps by level, largest first, with every level's mean shown")
    func perceptionGaps() throws {
        let sessions = try [
            Self.session("Exec 1", .executive, ["5", "5", "4", "4", "4", "4", "4"]),
            Self.session("Exec 2", .executive, ["5", "4", "4", "4", "4", "4", "4"]),
            Self.session("Field", .field, ["1", "3", "4", "4", "4", "4", "4"]),
            Self.session("Nobody", nil, ["3", "3", "3", "3", "3", "3", "3"]),
        ]
        let w = try Self.summary(sessions)
        #expect(w.perceptionGaps.first?.dimension == "senior-executive-involvement")
        #expect(w.perceptionGaps.first?.gap == 100)
        #expect(w.perceptionGaps.first?.highest == "executive" && w.perceptionGaps.first?.lowest == "field")
        #expect(w.perceptionGaps.first?.byLevel.map(\.level) == ["executive", "field", "unspecified"])
        #expect(w.perceptionGaps[1].dimension == "honest-direct-feedback")
        #expect(w.perceptionGaps[1].gap == 37.5)
        #expect(w.byLevel.map(\.level) == ["executive", "field", "unspecified"])
        #expect(w.byLevel.map(\.participants) == [2, 1, 1])
        // The overall dimension mean counts each participant once: (100 + 100 + 0 + 50) / 4.
        #expect(w.dimensions[0].stats.mean == 62.5)
    }

    @Test("both sides of a partnership, from different people's sessions")
    func partnerSides() throws {
        var ours = try SessionBuilder(["mutual-traits"])
        try ours.answer("mutual-traits", ["5", "5", "5", "5", "5"], partner: "Globex", side: .ours)
        var theirs = try SessionBuilder(["mutual-traits"])
        try theirs.answer("mutual-traits", ["2", "3", "5", "1", "5"], partner: "globex ", side: .partner)
        let w = try Self.summary([ours.session, theirs.session], expected: [QuestionnaireRef(id: "mutual-traits", version: 1)])
        #expect(w.partners.map(\.partner) == ["Globex"])
        #expect(w.partners[0].ours.mean == 100)
        #expect(w.partners[0].theirs.mean == 55)
        #expect(w.partners[0].traits.map(\.gap) == [75, 50, 0, 100, 0])
    }

    @Test("sessions of another questionnaire version are flagged, not mixed")
    func otherVersions() throws {
        var other = try Self.session("Old", .field, ["1", "1", "1", "1", "1", "1", "1"])
        other.questionnaires[0].version = 0
        let w = try Self.summary([Self.session("New", .field, ["5", "5", "5", "5", "5", "5", "5"]), other])
        #expect(w.participants == 1)
        #expect(w.questions[0].stats.mean == 100)
        #expect(w.otherVersions.map(\.file) == ["s1.json"])
        #expect(w.otherVersions[0].reason.contains("healthy-ecosystem version 0"))
    }

    @Test("reading in parallel gives the same report as reading in order; bad files are named and skipped")
    func parallelAndSkipped() throws {
        let dir = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var files: [String] = []
        for index in 0..<9 {
            let answers = (0..<7).map { String(1 + (index * 3 + $0) % 5) }
            let session = try Self.session("P\(index)", [Level.executive, .management, .field][index % 3], answers)
            let path = dir + "/p\(index).json"
            try SessionStore.bundled().save(session, to: path)
            files.append(path)
        }
        try "{\"name\": \"left-pad\"}".write(toFile: dir + "/foreign.json", atomically: true, encoding: .utf8)
        try "{\"schema\": \"partnercheck-session\",".write(toFile: dir + "/broken.json", atomically: true, encoding: .utf8)
        let all = try WorkshopFolder.sessionFiles([dir])
        #expect(all.count == 11)
        let catalog = try Fixtures.catalog()
        let expected = [QuestionnaireRef(id: "healthy-ecosystem", version: 1)]
        let one = WorkshopLoader.aggregate(files: all, catalog: catalog, expected: expected, workers: 1).summary(name: "w")
        let four = WorkshopLoader.aggregate(files: all, catalog: catalog, expected: expected, workers: 4).summary(name: "w")
        #expect(JSONReport().render(one) == JSONReport().render(four))
        // The runs, merged, are the files added one after another.
        var inOrder = WorkshopAggregator(catalog: catalog, expected: expected)
        for file in all {
            do {
                inOrder.add(try SessionStore.read(path: file), file: file)
            } catch {
                inOrder.skip(file, reason: error.description.droppingPrefix(file + ": "))
            }
        }
        #expect(JSONReport().render(inOrder.summary(name: "w")) == JSONReport().render(one))
        #expect(one.participants == 9)
        #expect(one.skipped.map { ($0.file as NSString).lastPathComponent } == ["broken.json", "foreign.json"])
        #expect(one.skipped[1].reason.hasPrefix("not a partnercheck session"))
        let schema = try JSONValue.parse(Data(contentsOf: URL(fileURLWithPath: Fixtures.root + "/questionnaires/schemas/workshop-report.schema.json")))
        #expect(SchemaValidator(schema: schema).unsupportedKeywords() == [])
        #expect(SchemaValidator(schema: schema).validate(try JSONValue.parse(Data(JSONReport().render(one).utf8))) == [])
        let text = TextReport(style: ReportStyle(width: 400)).render(one)
        #expect(text.contains("broken.json: not valid JSON"))
    }
}

@Suite("Export")
struct ExportTests {
    static let quoting: [(String, String)] = [
        ("plain", "plain"), ("a,b", "\"a,b\""), ("say \"hi\"", "\"say \"\"hi\"\"\""), ("two\nlines", "\"two\nlines\""),
        ("cr\rhere", "\"cr\rhere\""), ("日本, 🚀", "\"日本, 🚀\""), ("", ""),
    ]

    @Test("fields are quoted as RFC 4180 says", arguments: quoting)
    func quote(text: String, expected: String) {
        #expect(CSV.field(text) == expected)
    }

    static let injections: [(String, String)] = [
        ("=SUM(A1:A9)", "'=SUM(A1:A9)"), ("+1", "'+1"), ("-2+3", "'-2+3"), ("@cmd", "'@cmd"), ("\tx", "'\tx"),
        ("\rx", "'\rx"), ("fine = ok", "fine = ok"), ("", ""),
    ]

    @Test("cells that a spreadsheet would run as formulas are neutralised", arguments: injections)
    func neutralise(text: String, expected: String) {
        #expect(CSV.neutralised(text) == expected)
    }

    @Test("the exporter's field writer quotes and neutralises exactly as field(neutralised(text)) does")
    func fieldWriter() {
        var numbers = SeededNumbers(state: 7)
        func next(_ bound: Int) -> Int { numbers.next(bound) }
        let pieces = ["=", "+", "-", "@", "\t", "\r", "\n", ",", "\"", "'", "a", "Zoë", "日本", "🚀", " ", "SUM(A1)"]
        for _ in 0..<20_000 {
            let text = (0..<next(6)).map { _ in pieces[next(pieces.count)] }.joined()
            for neutralised in [false, true] {
                // After what a row already holds, in a buffer that must grow.
                var bytes = ByteBuffer(capacity: 1)
                bytes.append("row," as StaticString)
                CSV.append(field: text, neutralised: neutralised, to: &bytes)
                #expect(bytes.string == "row," + CSV.field(neutralised ? CSV.neutralised(text) : text), "\(text.debugDescription)")
            }
        }
    }

    @Test("a record ends with CRLF and JSON strings escape control characters")
    func records() {
        #expect(CSV.record(["a", "b,c"]) == "a,\"b,c\"\r\n")
        #expect(JSONText.string("q\"\\\n\u{01}é") == "\"q\\\"\\\\\\n\\u0001é\"")
    }

    @Test("long rows hold every answer with its score; wide rows one column per question")
    func rows() throws {
        var builder = try SessionBuilder(["healthy-ecosystem", "mutual-traits"])
        try builder.answer("healthy-ecosystem", ["4", "dk", "skip"], notes: [0: "=cmd|' /C calc'!A0"])
        try builder.answer("mutual-traits", ["5"], partner: "Globex", side: .ours)
        let catalog = try Fixtures.catalog()
        let long = Exporter(catalog: catalog, layout: .long, format: .csv).rows(builder.session)
        let lines = long.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(lines.count == 4)
        #expect(lines[0].hasPrefix("golden,Jane Doe,executive,Acme,,,healthy-ecosystem,1,senior-executive-involvement,"))
        #expect(lines[0].hasSuffix(",answered,4,agree,75,'=cmd|' /C calc'!A0,2026-11-25T10:00:01Z"))
        #expect(lines[1].contains(",unknown,,,,"))
        #expect(lines[3].contains(",Globex,ours,mutual-traits,1,trust,"))
        let wide = Exporter(catalog: catalog, layout: .wide, format: .csv)
        #expect(wide.header.hasPrefix("session_id,respondent,level,organisation,status,updated_at,partner,side,three-questions.engaged-with-partners,"))
        let row = wide.rows(builder.session)
        #expect(row.hasPrefix("golden,Jane Doe,executive,Acme,completed,2026-11-25T10:30:00Z,Globex,ours,"))
        let jsonl = Exporter(catalog: catalog, layout: .long, format: .jsonl).rows(builder.session, anonymousLabel: "Participant 1")
        let first = try JSONSerialization.jsonObject(with: Data(jsonl.split(separator: "\n")[0].utf8)) as? [String: Any]
        #expect(first?["respondent"] as? String == "Participant 1")
        #expect(first?["score"] as? Int == 75)
        #expect(first?["note"] as? String == "=cmd|' /C calc'!A0")
    }

    @Test("numbers, scores and statuses are written in place the same in CSV and JSON Lines")
    func valuesInPlace() throws {
        var builder = try SessionBuilder(["healthy-ecosystem", "design-principles"])
        try builder.answer("healthy-ecosystem", ["5", "dk", "skip", "1"])
        try builder.answer("design-principles", ["a, c"])
        // Answers a later questionnaire no longer has: kept, unscored, whatever their value. A number
        // is never neutralised (it is not a formula); a text that begins like one is.
        for (index, value) in [AnswerValue.number(-3), .number(1_234_567), .text("-1+2")].enumerated() {
            builder.session.rounds[0].record(Answer(question: "retired-\(index)", questionText: "Gone?", status: .answered,
                                                    value: value, answeredAt: "2026-11-25T11:00:0\(index)Z"))
        }
        let catalog = builder.catalog
        let cells = Exporter(catalog: catalog, layout: .long, format: .csv).rows(builder.session)
            .components(separatedBy: "\r\n").filter { !$0.isEmpty }
            .map { line in line.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        // status, value, label, score: the sixth to the third column from the end (question texts hold commas).
        let ends = cells.map { Array($0[($0.count - 6)...($0.count - 3)]) }
        #expect(ends.prefix(7) == [
            ["answered", "5", "strongly agree", "100"], ["unknown", "", "", ""], ["skipped", "", "", ""],
            ["answered", "1", "strongly disagree", "0"],
            ["answered", "-3", "", ""], ["answered", "1234567", "", ""], ["answered", "'-1+2", "", ""],
        ])
        #expect(ends[7][0] == "answered" && ends[7][1] == "a;c" && ends[7][3] == "40" && ends[7][2].hasPrefix("why we partner"))
        let rows = try Exporter(catalog: catalog, layout: .long, format: .jsonl).rows(builder.session)
            .split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] ?? [:] }
        #expect(rows.map { $0["status"] as? String } == ["answered", "unknown", "skipped", "answered", "answered", "answered", "answered", "answered"])
        #expect(rows.map { $0["value"] as? Int } == [5, nil, nil, 1, -3, 1_234_567, nil, nil])
        #expect(rows[6]["value"] as? String == "-1+2")
        #expect(rows[7]["value"] as? [String] == ["a", "c"])
        #expect(rows.map { $0["score"] as? Int } == [100, nil, nil, 0, nil, nil, nil, 40])
        #expect(rows[1]["value"] is NSNull && rows[1]["score"] is NSNull)
    }

    @Test("both formats give each answer's question as it was asked: the catalog's words, a partner's name, an older wording")
    func questionsAsAsked() throws {
        var builder = try SessionBuilder(["healthy-ecosystem", "mutual-traits"])
        try builder.answer("healthy-ecosystem", ["4", "3", "2", "1", "5", "3", "dk"])
        try builder.answer("mutual-traits", ["5", "4", "3"], partner: "Globex \"GX\"", side: .ours)
        try builder.answer("mutual-traits", ["2", "2", "2"])
        // Asked in an older wording, one a character longer, one as long, one with an escape.
        let first = builder.session.rounds[0].answers[0].questionText
        builder.session.rounds[0].answers[0].questionText += "?"
        builder.session.rounds[0].answers[1].questionText = String(builder.session.rounds[0].answers[1].questionText.reversed())
        builder.session.rounds[0].answers[2].questionText = "Said \"twice\"\nthen\\once"
        let answers = builder.session.rounds.flatMap(\.answers)
        let rows = try Exporter(catalog: builder.catalog, layout: .long, format: .jsonl).rows(builder.session)
            .split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] ?? [:] }
        #expect(rows.count == answers.count)
        #expect(rows.map { $0["question"] as? String } == answers.map(\.question))
        #expect(rows.map { $0["question_text"] as? String } == answers.map(\.questionText))
        #expect(rows[0]["question_text"] as? String == first + "?")
        #expect((rows[7]["question_text"] as? String)?.contains("Globex \"GX\"") == true)
        #expect(rows[7]["question_text"] as? String != rows[10]["question_text"] as? String)
        // The CSV export the same, read back with RFC 4180's quoting.
        let csv = Exporter(catalog: builder.catalog, layout: .long, format: .csv).rows(builder.session)
        let records = Self.readCSV(csv)
        #expect(records.count == answers.count)
        #expect(records.map { $0[8] } == answers.map(\.question))
        #expect(records.map { $0[9] } == answers.map(\.questionText))
    }

    /// Records of RFC 4180 CSV (fields quoted when they must be, quotes doubled, CRLF after each).
    static func readCSV(_ text: String) -> [[String]] {
        var records: [[String]] = [], record: [String] = [], field = "", quoted = false
        var characters = Array(text.unicodeScalars)[...]
        while let c = characters.popFirst() {
            if quoted {
                if c == "\"" {
                    if characters.first == "\"" { field.unicodeScalars.append(characters.removeFirst()) } else { quoted = false }
                } else {
                    field.unicodeScalars.append(c)
                }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                record.append(field)
                field = ""
            } else if c == "\r" && characters.first == "\n" {
                characters.removeFirst()
                record.append(field)
                records.append(record)
                record = []
                field = ""
            } else {
                field.unicodeScalars.append(c)
            }
        }
        return records
    }

    @Test("--anonymous also takes the respondent's own name out of their notes")
    func anonymousNotes() throws {
        var builder = try SessionBuilder(["healthy-ecosystem"])
        try builder.answer("healthy-ecosystem", ["2"], notes: [0: "Jane Doe asked twice; nobody came."])
        let csv = Exporter(catalog: try Fixtures.catalog(), layout: .long, format: .csv)
        #expect(csv.rows(builder.session).contains(",Jane Doe asked twice; nobody came.,"))
        let hidden = csv.rows(builder.session, anonymousLabel: "Participant 1")
        #expect(hidden.contains(",Participant 1 asked twice; nobody came.,"))
        #expect(!hidden.contains("Jane"))
        let redaction = NameRedaction(name: "Jane van Doe", label: "Participant 2")
        #expect(redaction.redact("Jane van Doe thinks jane's team and DOE's field agree; Janet does not.")
                == "Participant 2 thinks Participant 2's team and Participant 2's field agree; Janet does not.")
        #expect(redaction.redact("Ask Jane, then Doe.") == "Ask Participant 2, then Participant 2.")
        #expect(redaction.redact("No names here.") == "No names here.")
        #expect(NameRedaction(name: nil, label: "P").redact("Jane") == "Jane")
        #expect(NameRedaction(name: "J", label: "P").redact("J said so") == "J said so")
    }

    @Test("the parallel export writes every good file's rows and names every bad file in file order, for any cores and chunk")
    func runnerOrder() throws {
        let dir = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let catalog = try Fixtures.catalog()
        var expected: [String] = []
        for index in 0..<13 {
            let path = dir + "/p\(String(format: "%02d", index)).json"
            if index % 5 == 2 {
                try "{\"schema\": \"partnercheck-session\",".write(toFile: path, atomically: true, encoding: .utf8)
                expected.append("skipped " + path)
                continue
            }
            let answers = (0..<7).map { String(1 + (index + $0) % 5) }
            let session = try WorkshopTests.session("P\(index), \"quoted\"", [Level.executive, .field][index % 2], answers)
            try SessionStore.bundled().save(session, to: path)
            expected.append(Exporter(catalog: catalog, layout: .long, format: .csv).rows(session))
        }
        let files = try WorkshopFolder.sessionFiles([dir])
        let exporter = Exporter(catalog: catalog, layout: .long, format: .csv)
        for workers in [1, 2, 3] {
            for chunk in [1, 4, 512] {
                // What was handed over, in order: rows (pieces run together) and skipped files.
                var events: [String] = []
                try ExportRunner.run(files: files, exporter: exporter, anonymous: false, workers: workers, chunk: chunk,
                                     write: { bytes in
                                         guard !bytes.isEmpty else { return }
                                         let text = String(decoding: bytes, as: UTF8.self)
                                         if let last = events.last, !last.hasPrefix("skipped ") { events[events.count - 1] += text } else { events.append(text) }
                                     },
                                     skipped: { events.append("skipped " + $0.prefix { $0 != ":" }) })
                // Consecutive good files' rows arrive run together.
                var joined: [String] = []
                for item in expected {
                    if !item.hasPrefix("skipped "), let last = joined.last, !last.hasPrefix("skipped ") { joined[joined.count - 1] += item } else { joined.append(item) }
                }
                #expect(events == joined, "\(workers) workers, chunks of \(chunk)")
            }
        }
    }

    @Test("a failed write ends the export with its error: nothing is written after it, and no worker is left waiting")
    func runnerWriteFailure() throws {
        let dir = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let catalog = try Fixtures.catalog()
        for index in 0..<40 {
            let session = try WorkshopTests.session("P\(index)", .executive, (0..<7).map { String(1 + (index + $0) % 5) })
            try SessionStore.bundled().save(session, to: dir + "/p\(String(format: "%02d", index)).json")
        }
        let files = try WorkshopFolder.sessionFiles([dir])
        let exporter = Exporter(catalog: catalog, layout: .long, format: .csv)
        struct DiskFull: Error {}
        for workers in [1, 2, 3] {
            for chunk in [1, 3] {
                for failing in [1, 5, 12] {
                    var writes = 0
                    #expect(throws: DiskFull.self, "\(workers) workers, chunks of \(chunk), write \(failing) fails") {
                        try ExportRunner.run(files: files, exporter: exporter, anonymous: false, workers: workers, chunk: chunk,
                                             write: { _ in
                                                 writes += 1
                                                 if writes == failing { throw DiskFull() }
                                             },
                                             skipped: { _ in })
                    }
                    #expect(writes == failing, "\(workers) workers, chunks of \(chunk): \(writes) writes")
                }
            }
        }
    }

    @Test("a byte buffer grows from one byte, keeps what it holds, and shortens to a prefix")
    func byteBuffer() {
        var buffer = ByteBuffer(capacity: 1)
        var mirror: [UInt8] = []
        var numbers = SeededNumbers(state: 3)
        for step in 0..<2_000 {
            switch numbers.next(4) {
            case 0:
                let byte = UInt8(numbers.next(256))
                buffer.append(byte)
                mirror.append(byte)
            case 1:
                let text = String(repeating: "é", count: numbers.next(300))
                buffer.append(text)
                mirror += Array(text.utf8)
            case 2:
                let keep = numbers.next(buffer.count + 1)
                buffer.shorten(to: keep)
                mirror.removeLast(mirror.count - keep)
            default:
                buffer.append("static" as StaticString)
                mirror += Array("static".utf8)
            }
            #expect(buffer.count == mirror.count, "step \(step)")
        }
        #expect(buffer.array == mirror)
        buffer.removeAll()
        #expect(buffer.isEmpty && buffer.array.isEmpty)
    }
}

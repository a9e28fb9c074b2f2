import Foundation
import Synchronization
import Testing
@testable import PartnerCheckCore

@Suite("Loading and validating questionnaires")
struct QuestionnaireLoadingTests {
    static let builtInIDs = ["three-questions", "healthy-ecosystem", "mutual-traits", "capability-programme", "governance",
                             "design-principles", "value-believability"]

    @Test("the built-in set holds the seed questionnaires in order")
    func builtInSet() throws {
        let catalog = try Fixtures.catalog()
        #expect(catalog.ids == Self.builtInIDs)
        #expect(try catalog.questionnaire("three-questions").questions.count == 12)
        #expect(try catalog.questionnaire("healthy-ecosystem").questions.count == 7)
        #expect(try catalog.questionnaire("mutual-traits").questions.count == 5)
        #expect(try catalog.questionnaire("mutual-traits").isPerPartner)
    }

    @Test("every dimension of every built-in questionnaire is advised in every band")
    func adviceInEveryBand() throws {
        for questionnaire in try Fixtures.catalog().questionnaires {
            let rules = questionnaire.recommendations ?? []
            for dimension in questionnaire.dimensions {
                let scored = questionnaire.questions.filter { $0.dimension == dimension.id && $0.isScored }
                for band in Band.allCases {
                    // A rule on the dimension, or one on each of its scored questions.
                    let onDimension = rules.contains { $0.dimension == dimension.id && $0.bands?.contains(band) == true }
                    let onEachQuestion = !scored.isEmpty && scored.allSatisfy { question in
                        rules.contains { $0.question == question.id && $0.bands?.contains(band) == true }
                    }
                    #expect(onDimension || onEachQuestion, "\(questionnaire.id)/\(dimension.id) has no advice for \(band.rawValue)")
                }
            }
        }
    }

    @Test("every dimension with a gap to close has an initiative, and Phase 3 has its own scaling work")
    func initiativesCoverDimensions() throws {
        let catalog = try Fixtures.catalog()
        for questionnaire in catalog.questionnaires {
            for dimension in questionnaire.dimensions {
                #expect((questionnaire.initiatives ?? []).contains { $0.dimension == dimension.id }, "\(questionnaire.id)/\(dimension.id)")
            }
        }
        let scaling = catalog.questionnaires.flatMap { $0.initiatives ?? [] }.filter { $0.dimension == nil }
        #expect(scaling.count >= 3 && scaling.allSatisfy { $0.phase == 3 && $0.startingPoint != nil })
    }

    @Test("the copy compiled into the binary matches questionnaires/ exactly")
    func embeddedCopyIsCurrent() throws {
        for file in EmbeddedContent.questionnaires {
            let onDisk = try JSONValue.parse(Data(contentsOf: URL(fileURLWithPath: Fixtures.root + "/questionnaires/" + file.name)))
            #expect(onDisk == file.document, "questionnaires/\(file.name) changed: run scripts/embed-content.py")
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: Fixtures.root + "/questionnaires")
            .filter { $0.hasSuffix(".json") }.sorted()
        #expect(names == EmbeddedContent.questionnaires.map(\.name))
        let schema = try String(contentsOfFile: Fixtures.root + "/questionnaires/schemas/questionnaire.schema.json", encoding: .utf8)
        #expect(schema == EmbeddedContent.questionnaireSchema)
        let sessionSchema = try String(contentsOfFile: Fixtures.root + "/questionnaires/schemas/session.schema.json", encoding: .utf8)
        #expect(sessionSchema == EmbeddedContent.sessionSchema)
    }

    /// A schema compiled into the binary that did not parse would stop partnercheck (see EmbeddedSchemas);
    /// one that parsed into something empty would accept every document. Both fail here.
    @Test("the schemas compiled into the binary parse, and refuse an empty document")
    func embeddedSchemasParseAndBite() throws {
        for (name, text) in [("questionnaire", EmbeddedContent.questionnaireSchema), ("session", EmbeddedContent.sessionSchema)] {
            let schema = try JSONValue.parse(Data(text.utf8))
            #expect(schema == (name == "session" ? EmbeddedSchemas.session : EmbeddedSchemas.questionnaire))
            #expect(SchemaValidator(schema: schema).unsupportedKeywords() == [], "\(name)")
            let violations = SchemaValidator(schema: schema).validate(.object([:]))
            #expect(violations.contains { $0.message.hasPrefix("missing required member") }, "\(name) accepts {}")
        }
    }

    @Test("the built-in set decoded on first use is the same catalog as decoded up front")
    func deferredBuiltInSet() throws {
        let eager = try QuestionnaireLoader.loadBundled()
        let deferred = try QuestionnaireLoader.loadBundled(deferringDecoding: true)
        #expect(deferred.entries == eager.entries)
        #expect(deferred.ids == Self.builtInIDs)
        #expect(deferred.entries.map(\.questionCount) == [12, 7, 5, 3, 10, 9, 7])
        #expect(deferred.questionnaires == eager.questionnaires)
    }

    @Test("a deferred catalog decodes once, when first asked for its questionnaires, whatever thread asks")
    func deferredDecodesOnce() async throws {
        let questionnaire = try Fixtures.questionnaire("healthy-ecosystem")
        let calls = Mutex(0)
        let catalog = QuestionnaireCatalog(entries: [.init(questionnaire)]) {
            calls.withLock { $0 += 1 }
            return [questionnaire]
        }
        #expect(catalog.ids == ["healthy-ecosystem"])
        #expect(calls.withLock { $0 } == 0)
        await withTaskGroup(of: Int.self) { group in
            for _ in 0..<8 { group.addTask { catalog.questionnaires.count } }
            for await count in group { #expect(count == 1) }
        }
        #expect(calls.withLock { $0 } == 1)
    }

    @Test("every built-in questionnaire passes the schema and the consistency rules")
    func builtInValidates() throws {
        let loader = QuestionnaireLoader.bundled()
        for file in EmbeddedContent.questionnaires {
            let checked = try loader.load(document: file.document, file: file.name)
            #expect(try Fixtures.catalog().questionnaire(checked.id) == checked)
        }
    }

    @Test("the shipped schemas use only keywords the validator understands")
    func schemasAreFullyUnderstood() throws {
        for schema in [EmbeddedContent.questionnaireSchema, EmbeddedContent.sessionSchema] {
            let parsed = try JSONValue.parse(Data(schema.utf8))
            #expect(SchemaValidator(schema: parsed).unsupportedKeywords() == [])
        }
    }

    @Test("every question cites a seed file and section, and every added option says so")
    func everythingIsSourced() throws {
        let seedFiles = ["000_7bc2a8419cb5cfec.txt", "001_6ddf99690ca9ce4f.txt", "002_551e1917df475768.txt", "003_8d4509d3b53d33be.txt"]
        for questionnaire in try Fixtures.catalog().questionnaires {
            for question in questionnaire.questions {
                #expect(seedFiles.contains(question.source.file), "\(question.id) cites \(question.source.file)")
                #expect(!question.source.section.isEmpty)
                for option in question.options ?? [] where option.added == true {
                    #expect(option.source != nil)
                }
            }
        }
    }

    @Test("a facilitator's own questionnaire loads with no code change")
    func customQuestionnaire() throws {
        let q = try QuestionnaireLoader.bundled().load(Data(Fixtures.customQuestionnaire.utf8), file: "supplier.json")
        #expect(q.id == "supplier-health")
        #expect(q.questions.map(\.kind) == [.rating, .yesNo])
    }

    static let badFiles: [(String, String, String)] = [
        ("not JSON at all", "{\"id\": ", "bad.json: not valid JSON"),
        ("missing title", #"{"id":"x","version":1}"#, "bad.json: $: missing required member \"title\""),
        ("unknown kind", Fixtures.customQuestionnaire.replacingOccurrences(of: "\"yes-no\"", with: "\"slider\""),
         "bad.json: $.questions[1].kind: expected one of \"rating\", \"choice\", \"multiple\", \"yes-no\", \"text\", found \"slider\""),
        ("rating without a scale", Fixtures.customQuestionnaire.replacingOccurrences(of: "\"scale\": \"stars\",", with: ""),
         "bad.json: $.questions[0]: missing required member \"scale\""),
        ("unknown dimension", Fixtures.customQuestionnaire.replacingOccurrences(of: "\"dimension\": \"supply\", \"weight\": 2", with: "\"dimension\": \"demand\", \"weight\": 2"),
         "bad.json: $.questions[0].dimension: unknown dimension \"demand\" (declared: supply)"),
        ("duplicate question id", Fixtures.customQuestionnaire.replacingOccurrences(of: "\"id\": \"contract\"", with: "\"id\": \"on-time\""),
         "bad.json: $.questions[1].id: question id \"on-time\" is used twice"),
        ("unknown scale", Fixtures.customQuestionnaire.replacingOccurrences(of: "\"scale\": \"stars\"", with: "\"scale\": \"moons\""),
         "bad.json: $.questions[0].scale: unknown scale \"moons\" (declared: stars)"),
        ("negative weight", Fixtures.customQuestionnaire.replacingOccurrences(of: "\"weight\": 2", with: "\"weight\": -1"),
         "bad.json: $.questions[0].weight: expected at least 0, found -1"),
        ("label that is a command", Fixtures.customQuestionnaire.replacingOccurrences(of: "\"label\": \"none\"", with: "\"label\": \"skip\""),
         "bad.json: $.scales.stars.points[0].label: \"skip\" is a command word and cannot be an answer label"),
        ("label that is the command exit", Fixtures.customQuestionnaire.replacingOccurrences(of: "\"label\": \"none\"", with: "\"label\": \"exit\""),
         "bad.json: $.scales.stars.points[0].label: \"exit\" is a command word and cannot be an answer label"),
        ("label that means don't know", Fixtures.customQuestionnaire.replacingOccurrences(of: "\"label\": \"none\"", with: "\"label\": \"not sure\""),
         "bad.json: $.scales.stars.points[0].label: \"not sure\" is a command word and cannot be an answer label"),
        ("misspelt member", Fixtures.customQuestionnaire.replacingOccurrences(of: "\"summary\"", with: "\"sumary\""),
         "bad.json: $: missing required member \"summary\""),
        ("bad id characters", Fixtures.customQuestionnaire.replacingOccurrences(of: "\"supplier-health\"", with: "\"Supplier Health\""),
         "bad.json: $.id: \"Supplier Health\" does not match the pattern"),
        ("askIf naming an unknown question", withCondition(#"{"question": "late", "is": [1]}"#),
         "bad.json: $.questions[1].askIf.question: unknown question \"late\""),
        ("askIf with an impossible value", withCondition(#"{"question": "on-time", "is": [7]}"#),
         "bad.json: $.questions[1].askIf.is[0]: \"on-time\" can never be answered 7"),
        ("askIf outside the scale", withCondition(#"{"question": "on-time", "atLeast": 5}"#),
         "bad.json: $.questions[1].askIf.atLeast: 5 is outside the scale of \"on-time\" (0 to 2)"),
        ("askIf that no answer meets", withCondition(#"{"question": "on-time", "atLeast": 2, "atMost": 1}"#),
         "bad.json: $.questions[1].askIf: atLeast 2 is above atMost 1: no answer can meet it"),
        ("askIf reading a later question", Fixtures.customQuestionnaire.replacingOccurrences(
            of: "\"weight\": 2,", with: #""weight": 2, "askIf": {"question": "contract", "is": ["yes"]},"#),
         "bad.json: $.questions[0].askIf.question: \"contract\" is not asked before \"on-time\""),
        ("askIf without a condition", withCondition(#"{"question": "on-time"}"#),
         "bad.json: $.questions[1].askIf"),
        ("includes on a rating", withCondition(#"{"question": "on-time", "includes": "a"}"#),
         "bad.json: $.questions[1].askIf.includes: includes needs a multiple question; \"on-time\" is rating"),
    ]

    /// The sample questionnaire with an `askIf` on its second question.
    static func withCondition(_ condition: String) -> String {
        Fixtures.customQuestionnaire.replacingOccurrences(of: "\"allowUnknown\": false}", with: "\"allowUnknown\": false, \"askIf\": \(condition)}")
    }

    @Test("a broken questionnaire names the file, the JSON path and the problem", arguments: badFiles)
    func brokenQuestionnaire(name: String, json: String, expected: String) {
        do {
            _ = try QuestionnaireLoader.bundled().load(Data(json.utf8), file: "bad.json")
            Issue.record("\(name) was accepted")
        } catch {
            #expect(error.description.hasPrefix(expected), "\(name): \(error.description)")
            #expect(!error.description.contains("\n"))
        }
    }

    @Test("a missing file and an empty folder are reported with their paths")
    func missingFiles() throws {
        let loader = QuestionnaireLoader.bundled()
        #expect(throws: QuestionnaireError.unreadable(file: "/nonexistent/q.json", reason: "No such file or directory")) {
            try loader.load(path: "/nonexistent/q.json")
        }
        let empty = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: empty) }
        #expect(throws: QuestionnaireError.emptyDirectory(empty)) { try loader.loadDirectory(empty) }
    }

    @Test("a journey bar must name an axis that a questionnaire of the set defines")
    func journeyAxes() throws {
        let dir = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let withBar = Fixtures.customQuestionnaire.replacingOccurrences(of: "\"questions\": [",
            with: "\"journey\": [{\"question\": \"on-time\", \"axis\": \"reach\", \"level\": 2, \"atLeast\": 50}],\n  \"questions\": [")
        try withBar.write(toFile: dir + "/a.json", atomically: true, encoding: .utf8)
        #expect(throws: QuestionnaireError.schemaViolation(file: dir + "/a.json", path: "$.journey[0].axis",
                                                          message: "unknown journey axis \"reach\" (no questionnaire defines a journeyModel)")) {
            try QuestionnaireLoader.bundled().loadDirectory(dir)
        }
    }

    @Test("two files with the same questionnaire id are refused")
    func duplicateQuestionnaires() throws {
        let dir = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Fixtures.customQuestionnaire.write(toFile: dir + "/a.json", atomically: true, encoding: .utf8)
        try Fixtures.customQuestionnaire.write(toFile: dir + "/b.json", atomically: true, encoding: .utf8)
        #expect(throws: QuestionnaireError.duplicateID(file: dir + "/b.json", id: "supplier-health", others: [dir + "/a.json"])) {
            try QuestionnaireLoader.bundled().loadDirectory(dir)
        }
    }
}

import Foundation
import Testing
@testable import PartnerCheckCore

/// `SessionFastReader` reads plain session files without a JSON tree or the schema walk, and leaves
/// everything else to the full read. What a person sees must not change: for every document, valid
/// or damaged, reading it with the fast reader first gives exactly the session, or exactly the error,
/// that the full read alone gives; and the files partnercheck writes take the fast way.
@Suite("Fast session reader")
struct SessionFastReaderTests {
    /// Sessions with everything a file can hold: four companies (partner rounds from both sides,
    /// multiple answers, unknown and skipped), plus notes with quotes, backslashes, slashes, tabs,
    /// newlines and non-Latin text, a workshop, its round, ambitions and a completion time.
    static func sessions() throws -> [Session] {
        var out: [Session] = []
        for name in ["Weak", "Neutral", "Middling", "Strong"] { out.append(try CompanyTests.company(name).session) }
        var rich = out[2]
        rich.id = "a/b \"c\""
        rich.respondent = Respondent(name: "Zoë \\ Müller\t", level: .field, organisation: "営業 / Sales")
        rich.workshop = "Q3 offsite"
        rich.workshopRound = 2
        rich.completedAt = "2026-11-26T10:00:00.123+01:00"
        rich.ambitions = ["healthy-ecosystem": 4, "three-questions": 5]
        rich.rounds[0].answers[0].note = "Nobody owns this, \"really\".\nSecond line, tab\there, 😀"
        rich.rounds[0].answers[1].label = "/ slash \u{7F}"
        out.append(rich)
        return out
    }

    /// The result a person gets, through the fast reader then the full read, and through the full read alone.
    static func expectSameOutcome(_ bytes: [UInt8], full: SessionStore = SessionStore(schema: EmbeddedSchemas.session),
                                  sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        let data = Data(bytes)
        let both = Result { () throws(SessionFileError) in try SessionStore.bundled().decode(data, file: "f.json") }
        let alone = Result { () throws(SessionFileError) in try full.decode(data, file: "f.json") }
        #expect(both == alone, "\(String(decoding: bytes, as: UTF8.self).prefix(300))", sourceLocation: sourceLocation)
        // Whatever the schema accepts, the one session reader reads (over the document's plain form).
        if case .failure(.schemaViolation(_, _, let message)) = alone, message == "does not match the session model" {
            Issue.record("a document the schema accepts was not read: \(String(decoding: bytes, as: UTF8.self).prefix(300))",
                         sourceLocation: sourceLocation)
        }
        // A read for counting (a workshop's) takes and refuses exactly the same documents, and
        // differs only in the texts it leaves empty.
        let counted = SessionFastReader.read(bytes, detail: .counting)
        if let fast = SessionFastReader.read(bytes) {
            #expect(Result.success(fast) == alone, sourceLocation: sourceLocation)
            #expect(counted == Self.forCounting(fast), sourceLocation: sourceLocation)
            return true
        }
        #expect(counted == nil, "\(String(decoding: bytes, as: UTF8.self).prefix(300))", sourceLocation: sourceLocation)
        return false
    }

    /// `session` as a read for counting gives it: texts no count reads are left empty.
    static func forCounting(_ session: Session) -> Session {
        var session = session
        session.createdAt = ""
        session.updatedAt = ""
        session.completedAt = session.completedAt.map { _ in "" }
        session.workshop = session.workshop.map { _ in "" }
        session.respondent.organisation = session.respondent.organisation.map { _ in "" }
        for r in session.rounds.indices {
            for a in session.rounds[r].answers.indices {
                session.rounds[r].answers[a].questionText = ""
                session.rounds[r].answers[a].answeredAt = ""
                session.rounds[r].answers[a].label = session.rounds[r].answers[a].label.map { _ in "" }
            }
        }
        return session
    }

    @Test("a read for counting keeps everything a workshop counts, and the same workshop report comes out")
    func countingRead() throws {
        for session in try Self.sessions() {
            let bytes = [UInt8](SessionStore.encode(session))
            let counted = try #require(SessionFastReader.read(bytes, detail: .counting))
            #expect(counted == Self.forCounting(session))
            #expect(counted.rounds.flatMap(\.answers).map(\.value) == session.rounds.flatMap(\.answers).map(\.value))
            #expect(counted.respondent.name == session.respondent.name)
            let catalog = try QuestionnaireLoader.loadBundled()
            let expected = session.questionnaires
            var whole = WorkshopAggregator(catalog: catalog, expected: expected)
            whole.add(session, file: "a.json")
            var counting = WorkshopAggregator(catalog: catalog, expected: expected)
            counting.add(counted, file: "a.json")
            #expect(JSONReport().render(whole.summary(name: "w")) == JSONReport().render(counting.summary(name: "w")))
        }
    }

    @Test("texts shared from file to file read exactly as texts made afresh, whatever was read before")
    func recurringTexts() throws {
        let texts = RecurringTexts()
        let base = try Self.sessions()
        var documents = base.map { [UInt8](SessionStore.encode($0)) }
        for n in 0..<400 {
            var session = base[n % base.count]
            // The same length, and the same first, middle and last eight bytes, differing elsewhere:
            // texts that look alike to the table, which must still never be taken for each other.
            let digits = String(1000 + n)
            session.rounds[0].answers[0].questionText = "Is your company \(digits.prefix(2)) increasingly en\(digits.suffix(2))gaged with partners?"
            session.respondent.organisation = n % 4 == 0 ? "Acme Incorporated \(n % 9)" : "Acme Incorporated Ltd"
            // Escapes and non-ASCII text, which the table leaves to the JSON reader's own string code.
            session.rounds[0].answers[1].label = ["a \"quoted\" label here", "Réponse « \(n % 3) » longue", "tab\tseparated label text"][n % 3]
            documents.append([UInt8](SessionStore.encode(session)))
        }
        for _ in 0..<2 {
            for bytes in documents {
                let fresh = try #require(SessionFastReader.read(bytes))
                let shared = try #require(bytes.withUnsafeBufferPointer { SessionFastReader.read($0, texts: texts) })
                // Compared as bytes: Swift's == would take two spellings of "é" for one.
                #expect(SessionStore.encode(shared) == SessionStore.encode(fresh))
            }
        }
    }

    @Test("the table of recurring texts never gives one text for another that looks alike to it")
    func recurringLookAlikes() {
        let texts = RecurringTexts()
        // The same length and the same first, middle and last eight bytes: the same place in the table.
        let alike = (0..<50).map { "Is your company \(10 + $0) increasingly en\(60 + $0)gaged with partners?" }
        for _ in 0..<3 {
            for text in alike + ["short", "exactly 16 bytes", "Réponse « 3 » longue", "", "a", "é", "seven 7", "eight 88"] {
                var bytes = Array(text.utf8)
                let made = bytes.withUnsafeMutableBufferPointer { texts.text(UnsafeBufferPointer($0)) }
                #expect(Array(made.utf8) == Array(text.utf8))
            }
        }
        // Found in place, before the string is checked: only contents equal to a known text up to
        // the first quote are it; an escape, a longer or shorter text, or a look-alike is not. The
        // look-alikes share one place in the table: the last one read holds it.
        let known = alike[49]
        func found(_ json: String) -> (text: String, end: Int)? {
            Array(json.utf8).withUnsafeBufferPointer { texts.known($0, from: 1) }
        }
        #expect(found("\"\(known)\", \"next\"")?.text == known)
        #expect(found("\"\(known)\", \"next\"")?.end == known.utf8.count + 1)
        #expect(found("\"\(known)\\\" said\"") == nil)
        #expect(found("\"\(known.dropLast())\"") == nil)
        #expect(found("\"\(known)!\"") == nil)
        #expect(found("\"\(alike[48])\"") == nil)
        #expect(found("\"Réponse « 3 » longue\"")?.text == "Réponse « 3 » longue")
        #expect(found("\"\(known)") == nil)
        // Short texts are kept too; a shorter one sharing their start is not them.
        #expect(found("\"short\"")?.text == "short")
        #expect(found("\"sho\"") == nil)
        #expect(found("\"\"") == nil)
    }

    @Test("files partnercheck writes are read the fast way, into the same session as the full read")
    func writtenFiles() throws {
        for session in try Self.sessions() {
            let bytes = [UInt8](SessionStore.encode(session))
            #expect(SessionFastReader.read(bytes) == session)
            #expect(Self.expectSameOutcome(bytes))
            // The same document compact, as another program might write it.
            let compact = SchemaDifferentialTests.text(try JSONValue.parse(Data(bytes)))
            #expect(Self.expectSameOutcome(Array(compact.utf8)))
        }
    }

    @Test("damaged sessions (values broken against the schema, bytes flipped, cut or inserted) get the full read's verdict and message")
    func damagedFiles() throws {
        let full = SessionStore(schema: EmbeddedSchemas.session)
        var mutator = SchemaDifferentialTests.Mutator(state: 7)
        var fast = 0, total = 0
        for session in try Self.sessions() {
            let bytes = [UInt8](SessionStore.encode(session))
            let document = try JSONValue.parse(Data(bytes))
            for _ in 0..<150 {
                var changed = document
                for _ in 0...mutator.next(2) { changed = mutator.mutate(changed) }
                if Self.expectSameOutcome(Array(SchemaDifferentialTests.text(changed).utf8), full: full) { fast += 1 }
                total += 1
            }
            let interesting: [UInt8] = Array("\"\\{}[],:0123456789.eE-+ nu\t\n\u{7F}".utf8) + [0x00, 0x1F, 0xC3, 0xA9, 0xFF, 0xED, 0xA0, 0x80]
            for _ in 0..<300 {
                var damaged = bytes
                for _ in 0...mutator.next(3) {
                    let at = mutator.next(damaged.count)
                    switch mutator.next(3) {
                    case 0: damaged[at] = interesting[mutator.next(interesting.count)]
                    case 1: damaged.insert(interesting[mutator.next(interesting.count)], at: at)
                    default: damaged.remove(at: at)
                    }
                }
                if Self.expectSameOutcome(damaged, full: full) { fast += 1 }
                total += 1
            }
        }
        // Some damage leaves a valid session (a changed letter in a note), most does not.
        print("fast reader: \(fast) of \(total) damaged documents read the fast way")
        #expect(fast > 0 && fast < total / 2, "\(fast) of \(total) damaged documents read the fast way")
    }

    @Test("what the fast reader leaves to the full read is still read: numbers with a fraction or an exponent, a member twice, a byte-order mark")
    func unusualButValid() throws {
        let bytes = [UInt8](SessionStore.encode(try Self.sessions()[4]))
        let text = String(decoding: bytes, as: UTF8.self)
        let variants = [
            text.replacingOccurrences(of: "Zoë", with: "Zo\\u00eb\\ud83d\\ude00"),
            text.replacingOccurrences(of: "\"schemaVersion\" : 1", with: "\"schemaVersion\" : 1.0"),
            text.replacingOccurrences(of: "\"schemaVersion\" : 1", with: "\"schemaVersion\" : 2, \"schemaVersion\" : 1"),
            text.replacingOccurrences(of: "\n", with: "\r\n"),
            "\u{FEFF}" + text,
            text.replacingOccurrences(of: "\"workshopRound\" : 2", with: "\"workshopRound\" : 2e0"),
            text.replacingOccurrences(of: "\"completed\"", with: "\"c\\u006fmpleted\""),  // an escape in a keyword
            // Found by fuzzing: a long run of digits once overflowed the fast reader's integer.
            text.replacingOccurrences(of: "\"workshopRound\" : 2", with: "\"workshopRound\" : 1234567890123456789012345"),
        ]
        for (index, variant) in variants.enumerated() {
            let fast = Self.expectSameOutcome(Array(variant.utf8))
            // JSON's escapes and any spacing are read the fast way; the rest is left to the full read.
            #expect(fast == (index == 0 || variant.contains("\r\n")), "variant \(index)")
        }
        // Free-text member names (ambitions are keyed by questionnaire id, which a file may spell with
        // escapes) are read either way.
        let escapedKey = text.replacingOccurrences(of: "\"healthy-ecosystem\" : 4", with: "\"healthy\\\"eco\\nsystem\\u00e9\" : 4")
        #expect(Self.expectSameOutcome(Array(escapedKey.utf8)))
        #expect(try SessionStore.bundled().decode(Data(escapedKey.utf8), file: "f").ambitions["healthy\"eco\nsystemé"] == 4)
        // Fifteen digits are exact in a double: read the fast way, as the full read reads them.
        let longest = text.replacingOccurrences(of: "\"workshopRound\" : 2", with: "\"workshopRound\" : 123456789012345")
        #expect(Self.expectSameOutcome(Array(longest.utf8)))
        // The escapes and the fraction still read as a good session, the fast way or the full way.
        #expect(try SessionStore.bundled().decode(Data(variants[0].utf8), file: "f").respondent.name == "Zoë😀 \\ Müller\t")
        #expect((try? SessionStore.bundled().decode(Data(variants[1].utf8), file: "f")) != nil)
        #expect((try? SessionStore.bundled().decode(Data(variants[6].utf8), file: "f")) != nil)
    }

    @Test("the JSON reader's UTF-8 check (which the session reader shares) takes and refuses exactly what Swift's own check does")
    func utf8() {
        var numbers = SeededNumbers(state: 99)
        func next(_ bound: Int) -> Int { numbers.next(bound) }
        // Boundary bytes of every form: ASCII, continuations, each lead, surrogates, beyond U+10FFFF.
        let pool: [UInt8] = [0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC, 0xED,
                             0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF]
        var agreed = 0, valid = 0
        for _ in 0..<200_000 {
            let bytes = (0..<(1 + next(6))).map { _ in pool[next(pool.count)] }
            let ours = bytes.withUnsafeBufferPointer(JSONParser.utf8Text)
            let swift = String(validating: bytes, as: UTF8.self)
            #expect(ours == swift, "\(bytes.map { String($0, radix: 16) })")
            if ours == swift { agreed += 1 }
            if swift != nil { valid += 1 }
        }
        #expect(agreed == 200_000 && valid > 1_000)
    }

    @Test("its timestamp check agrees with the session schema's pattern")
    func timestamps() throws {
        let source = try #require(EmbeddedSchemas.session["$defs"]?["timestamp"]?["pattern"]?.stringValue)
        let pattern = try Pattern(source)
        var numbers = SeededNumbers(state: 5)
        func next(_ bound: Int) -> Int { numbers.next(bound) }
        let good = ["2026-11-26T10:00:00Z", "2026-11-26T10:00:00.5+01:00", "0000-99-99T99:99:99.123456-12:30"]
        let pieces = Array("0123456789-T:.Z+ xé".map(String.init))
        var matched = 0
        for index in 0..<20_000 {
            var text = good[index % good.count]
            if index >= good.count {
                var characters = Array(text).map(String.init)
                for _ in 0...next(2) {
                    let at = next(characters.count)
                    switch next(3) {
                    case 0: characters[at] = pieces[next(pieces.count)]
                    case 1: characters.insert(pieces[next(pieces.count)], at: at)
                    default: characters.remove(at: at)
                    }
                }
                text = characters.joined()
            }
            var bytes = text
            let ours = bytes.withUTF8(SessionFastReader.Cursor.isTimestamp)
            #expect(ours == pattern.matches(text), "\(text)")
            if ours { matched += 1 }
        }
        #expect(matched > 100)
    }
}

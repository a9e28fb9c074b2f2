// libFuzzer targets for the parts of the core that read what people and files give it. Built by
// scripts/fuzz with `swiftc -sanitize=fuzzer,address` together with Sources/PartnerCheckCore (one
// binary; PARTNERCHECK_FUZZ_TARGET picks the target). Not part of the Swift package.
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

enum Fuzz {
    static let target: String = getenv("PARTNERCHECK_FUZZ_TARGET").map { String(cString: $0) } ?? "json"
    static let sessions = SessionStore.bundled()
    /// The full read alone (a store given the schema never takes the fast reader).
    static let fullSessions = SessionStore(schema: EmbeddedSchemas.session)
    static let loader = QuestionnaireLoader.bundled()
    /// Kept from input to input, as a bulk read keeps it from file to file.
    nonisolated(unsafe) static let recurring = RecurringTexts()
    /// A rating, a choice and a multiple question, each with its questionnaire.
    static let parsers: [AnswerParser] = {
        guard let catalog = try? QuestionnaireLoader.loadBundled() else { return [] }
        let wanted = [("healthy-ecosystem", "transparency"), ("three-questions", "capability-organized"),
                      ("design-principles", "softer-value"), ("governance", "core-partners")]
        return wanted.compactMap { id, question in
            guard let q = catalog.questionnaires.first(where: { $0.id == id }), let item = q.question(question) else { return nil }
            return AnswerParser(question: item, in: q)
        }
    }()

    /// A strict RFC 4180 reader, independent of the writer: fields, records, CRLF, doubled quotes.
    /// Works on Unicode scalars, not Characters: "\r\n" and a quote followed by a combining mark are
    /// single Characters in Swift, and the format is defined on code points.
    static func readCSV(_ text: String) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = String.UnicodeScalarView()
        var quoted = false
        var chars = Array(text.unicodeScalars)
        if chars.last == "\n" { chars.removeLast() }
        if chars.last == "\r" { chars.removeLast() }
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if quoted {
                if c == "\"" {
                    if i + 1 < chars.count && chars[i + 1] == "\"" { field.append("\""); i += 1 } else { quoted = false }
                } else { field.append(c) }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                record.append(String(field)); field = String.UnicodeScalarView()
            } else if c == "\r" && i + 1 < chars.count && chars[i + 1] == "\n" {
                record.append(String(field)); field = String.UnicodeScalarView()
                records.append(record); record = []
                i += 1
            } else {
                field.append(c)
            }
            i += 1
        }
        record.append(String(field))
        records.append(record)
        return records
    }

    static func run(_ bytes: [UInt8]) {
        switch target {
        case "json":
            _ = try? JSONParser.parse(bytes)
        case "session":
            // Whatever the fast reader accepts, the full read accepts as the same session.
            let full = Result { () throws(SessionFileError) in try fullSessions.decode(Data(bytes), file: "fuzz.json") }
            let fast = SessionFastReader.read(bytes)
            if let fast, full != .success(fast) {
                fatalError("the fast reader read a session the full read reads otherwise: \(full)")
            }
            // Texts shared from earlier inputs read exactly as texts made afresh (compared as bytes).
            let shared = bytes.withUnsafeBufferPointer { SessionFastReader.read($0, texts: recurring) }
            if shared.map(SessionStore.encode) != fast.map(SessionStore.encode) {
                fatalError("a read sharing recurring texts differs from a read making them afresh")
            }
            // A read for counting takes exactly what the whole read takes, and keeps all a count reads.
            let counted = SessionFastReader.read(bytes, detail: .counting)
            if (counted == nil) != (fast == nil) {
                fatalError("the read for counting and the whole read disagree on whether this is a session")
            }
            if let counted, let fast {
                let answers = { (s: Session) in s.rounds.map { $0.answers.map { [$0.question, $0.status.rawValue, $0.value?.typed ?? "", $0.note ?? ""] } } }
                if counted.rounds.map({ [$0.questionnaire, $0.partner ?? "", $0.side?.rawValue ?? ""] }) != fast.rounds.map({ [$0.questionnaire, $0.partner ?? "", $0.side?.rawValue ?? ""] })
                    || answers(counted) != answers(fast) || counted.respondent.name != fast.respondent.name
                    || counted.respondent.level != fast.respondent.level || counted.questionnaires != fast.questionnaires
                    || counted.workshopRound != fast.workshopRound || counted.status != fast.status || counted.ambitions != fast.ambitions {
                    fatalError("the read for counting lost something a count reads")
                }
            }
            // A session read is written back (by the JSON writer, as every save is) into a file that
            // reads as the same session.
            if case .success(let session) = full {
                let written = SessionStore.encode(session)
                guard case .success(let again) = Result(catching: { () throws(SessionFileError) in try fullSessions.decode(written, file: "again.json") }),
                      again == session else {
                    fatalError("a session written back does not read as the same session")
                }
            }
            // Whatever the schema accepts, the session reader reads (over the document's plain form).
            if case .failure(.schemaViolation(_, _, let message)) = full, message == "does not match the session model" {
                fatalError("a document the schema accepts was not read")
            }
            _ = try? sessions.decode(Data(bytes), file: "fuzz.json")
        case "questionnaire":
            _ = try? loader.load(Data(bytes), file: "fuzz.json")
        case "answer":
            let line = String(decoding: bytes, as: UTF8.self)
            for parser in parsers {
                _ = parser.parse(line)
                _ = parser.suggestion(for: line)
            }
            _ = Vocabulary.level(line)
            _ = TextLayout.wrap(line, width: 40, indent: "  ")
        case "csv":
            // Fields split at byte 0x01; what the writer writes, the independent reader reads back exactly.
            let text = String(decoding: bytes, as: UTF8.self)
            let fields = text.split(separator: "\u{1}", omittingEmptySubsequences: false).map(String.init)
            let back = readCSV(CSV.record(fields))
            if back != [fields] {
                fatalError("CSV round trip changed \(fields.debugDescription) into \(back.debugDescription)")
            }
        default:
            fatalError("unknown PARTNERCHECK_FUZZ_TARGET \(target)")
        }
    }
}

/// Builds the shared readers once before fuzzing starts, so their one-time set-up (schemas, compiled
/// patterns) is not mistaken for a per-input leak.
@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(_ argc: UnsafeMutablePointer<CInt>?, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>?) -> CInt {
    _ = Fuzz.target
    _ = Fuzz.sessions
    _ = Fuzz.fullSessions
    _ = Fuzz.loader
    _ = Fuzz.parsers
    for seed in ["{}", "[]", "{\"id\": 1}"] { Fuzz.run(Array(seed.utf8)) }
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let bytes = start.map { [UInt8](UnsafeRawBufferPointer(start: $0, count: count)) } ?? []
    Fuzz.run(bytes)
    return 0
}

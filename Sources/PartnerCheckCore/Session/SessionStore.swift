#if canImport(Glibc)
import Glibc
#endif
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Why a session file could not be read or written. Each case is one line naming the file.
public enum SessionFileError: Error, Sendable, Equatable, CustomStringConvertible {
    case io(FileIOError)
    case malformedJSON(file: String, detail: String)
    case foreign(file: String)
    case schemaViolation(file: String, path: String, message: String)
    case unsupportedVersion(file: String, version: String)
    case wouldOverwrite(file: String)

    public var description: String {
        switch self {
        case .io(let error): error.description
        case .malformedJSON(let file, let detail): "\(file): \(detail); it is not a readable partnercheck session"
        case .foreign(let file): "\(file): not a partnercheck session (no \"schema\": \"\(Session.schemaName)\")"
        case .schemaViolation(let file, let path, let message): "\(file): corrupt session: \(path): \(message)"
        case .unsupportedVersion(let file, let version):
            "\(file): session schema version \(version) is newer than this partnercheck understands (\(Session.currentSchemaVersion))"
        case .wouldOverwrite(let file): "\(file): already exists; partnercheck never overwrites a file it did not start (use --resume to continue it, or choose another path)"
        }
    }
}

/// Reads and writes session files. Every save is atomic and leaves the file at mode 0600.
/// Every read, of one file or of thousands, goes through the same checks: JSON, identity, version,
/// the session schema, then the model. Plain files as partnercheck writes them are read by
/// `SessionFastReader`, which applies those same checks as it reads and leaves anything unusual to
/// the full read; so the result, or the message, is the same either way (tested, and fuzzed).
public struct SessionStore {
    /// Made when a file is first read: saving does not validate, so an assessment never pays for it.
    private let validator: @Sendable () -> SchemaValidator
    /// Whether plain files may be read by `SessionFastReader` (which knows the bundled schema only).
    private let bundled: Bool

    public init(schema: JSONValue) {
        let compiled = SchemaValidator(schema: schema)
        validator = { compiled }
        bundled = false
    }

    private init(validator: @escaping @Sendable () -> SchemaValidator) {
        self.validator = validator
        bundled = true
    }

    /// The session schema compiled into the binary, compiled into rules once per process: for the
    /// few files of `report`, and with pattern tables for the thousands of a bulk read (same verdicts).
    static let bundledValidator = SchemaValidator(schema: EmbeddedSchemas.session, tables: false)
    static let bulkValidator = SchemaValidator(schema: EmbeddedSchemas.session, tables: true)

    /// A store checking files against the session schema compiled into the binary.
    public static func bundled() -> SessionStore {
        SessionStore { bundledValidator }
    }

    public static func encode(_ session: Session) -> Data {
        // Encoding plain value types cannot fail.
        Data((try? JSONWriter(escapeSlashes: false).encode(session, finalNewline: true)) ?? [])
    }

    /// Checks a session document against the session schema and decodes it.
    public func decode(_ data: Data, file: String) throws(SessionFileError) -> Session {
        let bytes = [UInt8](data)
        if bundled, let session = SessionFastReader.read(bytes) { return session }
        return try Self.decode(bytes, file: file, validator: validator())
    }

    /// Reads a session for bulk use (workshops, exports): exactly the checks of a single read
    /// (`bundled().load(path:)`), the schema included.
    public static func read(path: String) throws(SessionFileError) -> Session {
        let bytes: [UInt8]
        do {
            bytes = try FileIO.readBytes(path)
        } catch {
            throw .io(error)
        }
        if let session = SessionFastReader.read(bytes) { return session }
        return try decode(bytes, file: path, validator: bulkValidator)
    }

    /// `read(path:)` for the thousands of files of a bulk read: the file is read by `reader`, which
    /// keeps its buffer and folder for the next one, and the session built to at least `detail`. The
    /// same checks, the same verdict and message.
    public static func read(path: String, reader: inout FileReader, detail: SessionDetail) throws(SessionFileError) -> Session {
        let count: Int
        do {
            count = try reader.read(path)
        } catch {
            throw .io(error)
        }
        let fast = reader.buffer.withUnsafeBufferPointer { all in SessionFastReader.read(UnsafeBufferPointer(rebasing: all[..<count]), detail: detail, texts: reader.texts) }
        if let fast { return fast }
        // What the fast reader leaves to the full read is built whole.
        return try decode(Array(reader.buffer[..<count]), file: path, validator: bulkValidator)
    }

    /// Parses, checks that the document is a session of a version we understand, validates it
    /// against the schema, and reads its plain form with `SessionFastReader`: the full read, for
    /// what the fast reader leaves to it (and, with its message, for every file that is not a good
    /// session).
    private static func decode(_ bytes: [UInt8], file: String, validator: SchemaValidator) throws(SessionFileError) -> Session {
        let document: JSONValue
        do {
            document = try JSONParser.parse(bytes)
        } catch {
            throw .malformedJSON(file: file, detail: error.detail)
        }
        guard document["schema"] == .string(Session.schemaName) else { throw .foreign(file: file) }
        // Compared as a number: a version too big for Int (found by fuzzing) must be refused, not trap.
        if case .number(let version)? = document["schemaVersion"], version > Double(Session.currentSchemaVersion) {
            throw .unsupportedVersion(file: file, version: JSONValue.number(version).brief)
        }
        if let first = validator.validate(document).first {
            throw .schemaViolation(file: file, path: first.path, message: first.message)
        }
        // The checked document in its plainest form, read by the one session reader.
        guard let session = SessionFastReader.read(document.plainBytes) else {
            throw .schemaViolation(file: file, path: "$", message: "does not match the session model")
        }
        return session
    }

    public func load(path: String) throws(SessionFileError) -> Session {
        let data: Data
        do {
            data = try FileIO.read(path)
        } catch {
            throw .io(error)
        }
        return try decode(data, file: path)
    }

    public func save(_ session: Session, to path: String) throws(SessionFileError) {
        do {
            try FileIO.writeAtomically(Self.encode(session), to: path)
        } catch {
            throw .io(error)
        }
    }

    /// A file-name-safe slug: ASCII letters and digits joined by single hyphens, at most 40
    /// characters, "anonymous" when nothing is left. It can never contain "/" or "..".
    public static func slug(_ name: String?) -> String {
        var out = ""
        var pendingHyphen = false
        for scalar in (name ?? "").lowercased().unicodeScalars {
            let folded = fold(scalar)
            for c in folded.unicodeScalars {
                if ("a"..."z").contains(c) || ("0"..."9").contains(c) {
                    if pendingHyphen && !out.isEmpty { out.append("-") }
                    pendingHyphen = false
                    out.unicodeScalars.append(c)
                } else {
                    pendingHyphen = true
                }
            }
            if out.count >= 40 { break }
        }
        let cut = String(out.prefix(40))
        let trimmed = cut.hasSuffix("-") ? String(cut.dropLast()) : cut
        return trimmed.isEmpty ? "anonymous" : trimmed
    }

    /// Latin letters with accents lose them ("é" → "e") so names keep a readable slug.
    private static func fold(_ scalar: Unicode.Scalar) -> String {
        let table: [Character: String] = [
            "à": "a", "á": "a", "â": "a", "ã": "a", "ä": "a", "å": "a", "æ": "ae", "ç": "c",
            "è": "e", "é": "e", "ê": "e", "ë": "e", "ì": "i", "í": "i", "î": "i", "ï": "i",
            "ñ": "n", "ò": "o", "ó": "o", "ô": "o", "õ": "o", "ö": "o", "ø": "o", "œ": "oe",
            "ù": "u", "ú": "u", "û": "u", "ü": "u", "ý": "y", "ÿ": "y", "ß": "ss", "ł": "l",
        ]
        return table[Character(scalar)] ?? String(scalar)
    }

    /// Reserves a new, unused file in `directory` named from the date and the respondent,
    /// e.g. `2026-11-25-jane-doe.json`, then `2026-11-25-jane-doe-2.json`. The reservation uses
    /// O_EXCL, so two people starting at the same moment never share a file.
    /// Saves a session as a new file: exactly `path`, or, given a directory, the first free name
    /// from the date and a slug of the respondent's name (`2026-11-25-jane-doe.json`, then `-2`...).
    /// The file is created with its content in one step (`FileIO.createNew`), so a name is never
    /// taken by an empty file, and two people saving at once never share one. Nil when `path` exists.
    public func saveNew(_ session: Session, at path: String) throws(SessionFileError) -> String? {
        do {
            try FileIO.makeDirectory(FileIO.parentDirectory(of: path))
            return try FileIO.createNew([UInt8](Self.encode(session)), at: path) ? path : nil
        } catch {
            throw .io(error)
        }
    }

    public func saveNew(_ session: Session, in directory: String) throws(SessionFileError) -> String {
        let bytes = [UInt8](Self.encode(session))
        do {
            try FileIO.makeDirectory(directory)
            let stem = "\(session.createdAt.prefix(10))-\(Self.slug(session.respondent.name))"
            var attempt = 1
            while true {
                let file = attempt == 1 ? "\(stem).json" : "\(stem)-\(attempt).json"
                let path = directory.hasSuffix("/") ? directory + file : directory + "/" + file
                if try FileIO.createNew(bytes, at: path) { return path }
                attempt += 1
            }
        } catch {
            throw .io(error)
        }
    }

    /// The default data directory: $PARTNERCHECK_HOME, else $XDG_DATA_HOME/partnercheck,
    /// else ~/.local/share/partnercheck.
    public static func defaultDirectory(environment: Environment) -> String {
        if let home = environment["PARTNERCHECK_HOME"], !home.isEmpty { return home }
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") { return xdg + "/partnercheck" }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? "."
        return home + "/.local/share/partnercheck"
    }
}

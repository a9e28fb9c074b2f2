#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The small manifest in a workshop folder.
public struct WorkshopManifest: Encodable, Sendable, Equatable {
    public static let schemaName = "partnercheck-workshop"
    public static let fileName = "workshop.json"

    public var schema: String
    public var schemaVersion: Int
    public var name: String
    public var questionnaires: [QuestionnaireRef]
    public var created: String
    /// The open Delphi round (absent: the first), and when each later one was opened.
    public var round: Int?
    public var roundsOpened: [String]?

    public var currentRound: Int { round ?? 1 }

    public init(name: String, questionnaires: [QuestionnaireRef], created: String) {
        schema = Self.schemaName
        schemaVersion = 1
        self.name = name
        self.questionnaires = questionnaires
        self.created = created
    }

    /// The manifest file's bytes ("/" escaped, as the manifest has always been written).
    func encoded() -> Data {
        // Encoding plain value types cannot fail.
        Data((try? JSONWriter(escapeSlashes: true).encode(self, finalNewline: true)) ?? [])
    }
}

extension WorkshopManifest {
    /// Reads a manifest straight from parsed JSON (see `JSONFields`), the one way every model is read.
    init(json: JSONValue) throws(JSONFieldError) {
        let f = try JSONFields(json)
        schema = try f.string("schema")
        schemaVersion = try f.integer("schemaVersion")
        name = try f.string("name")
        questionnaires = try f.objects("questionnaires") { (r: JSONFields) throws(JSONFieldError) in
            QuestionnaireRef(id: try r.string("id"), version: try r.integer("version"))
        } ?? []
        created = try f.string("created")
        round = try f.optionalInteger("round")
        roundsOpened = try f.optionalArray("roundsOpened").map { (items: [JSONValue]) throws(JSONFieldError) in
            try JSONFields.strings(items, at: f.path.appending("roundsOpened"))
        }
    }
}

public enum WorkshopError: Error, Sendable, Equatable, CustomStringConvertible {
    case io(FileIOError)
    case notAWorkshop(String)
    case badManifest(file: String, detail: String)
    case exists(String)

    public var description: String {
        switch self {
        case .io(let error): error.description
        case .notAWorkshop(let dir): "\(dir): not a workshop folder (no \(WorkshopManifest.fileName)); create one with partnercheck workshop new"
        case .badManifest(let file, let detail): "\(file): not a readable workshop manifest: \(detail)"
        case .exists(let dir): "\(dir): already exists and is not empty; choose another folder"
        }
    }
}

/// A session file that could not be used, and why.
public struct SkippedFile: Encodable, Sendable, Equatable {
    public var file: String
    public var reason: String

    public init(file: String, reason: String) {
        self.file = file
        self.reason = reason
    }
}

public enum WorkshopFolder {
    /// Creates the folder (0700) and its manifest; refuses a folder that already holds files.
    public static func create(at directory: String, manifest: WorkshopManifest) throws(WorkshopError) {
        if FileIO.isDirectory(directory) {
            let existing = (try? FileIO.list(directory)) ?? []
            if !existing.isEmpty { throw .exists(directory) }
        }
        do {
            try FileIO.makeDirectory(directory)
            let data = manifest.encoded()
            let path = directory + "/" + WorkshopManifest.fileName
            guard try FileIO.reserve(path) else { throw WorkshopError.exists(directory) }
            try FileIO.writeAtomically(data, to: path, mode: 0o600)
        } catch let error as FileIOError {
            throw .io(error)
        } catch let error as WorkshopError {
            throw error
        } catch {
            throw .exists(directory)
        }
    }

    /// Closes the current round and opens the next: "discuss, debate, decide", then answer again.
    /// Only the manifest changes; every session file of earlier rounds stays as it is.
    public static func openNextRound(in directory: String, at time: String) throws(WorkshopError) -> Int {
        guard var manifest = try manifest(in: directory) else { throw .notAWorkshop(directory) }
        manifest.round = manifest.currentRound + 1
        manifest.roundsOpened = (manifest.roundsOpened ?? []) + [time]
        let data = manifest.encoded()
        do {
            try FileIO.writeAtomically(data, to: directory + "/" + WorkshopManifest.fileName, mode: 0o600)
        } catch {
            throw .io(error)
        }
        return manifest.currentRound
    }

    public static func manifest(in directory: String) throws(WorkshopError) -> WorkshopManifest? {
        let path = directory + "/" + WorkshopManifest.fileName
        guard FileIO.exists(path) else { return nil }
        do {
            let value = try JSONValue.parse(try FileIO.read(path))
            guard value["schema"] == .string(WorkshopManifest.schemaName) else {
                throw WorkshopError.badManifest(file: path, detail: "no \"schema\": \"\(WorkshopManifest.schemaName)\"")
            }
            return try WorkshopManifest(json: value)
        } catch let error as JSONFieldError {
            throw .badManifest(file: path, detail: "\(error.path): \(error.message)")
        } catch let error as WorkshopError {
            throw error
        } catch let error as FileIOError {
            throw .io(error)
        } catch let error as JSONSyntaxError {
            throw .badManifest(file: path, detail: error.detail)
        } catch {
            throw .badManifest(file: path, detail: "does not match the manifest model")
        }
    }

    /// The session files to read from paths given on the command line: files as given,
    /// folders expanded to their `*.json` files (not the manifest), sorted by name.
    public static func sessionFiles(_ paths: [String]) throws(FileIOError) -> [String] {
        var files: [String] = []
        for path in paths {
            if FileIO.isDirectory(path) {
                let base = path.hasSuffix("/") ? String(path.dropLast()) : path
                files += try FileIO.list(path, prefix: base + "/") { name in
                    name.count > 5 && name.first != UInt8(ascii: ".") && name.suffix(5).elementsEqual(".json".utf8)
                        && !name.elementsEqual(WorkshopManifest.fileName.utf8)
                }
            } else {
                files.append(path)
            }
        }
        return files
    }
}

import Foundation
import Testing
@testable import PartnerCheckCore

@Suite("Session files")
struct SessionStoreTests {
    static func sample() -> Session {
        var session = Session(id: "s-1", createdAt: "2026-11-25T10:00:00Z",
                              respondent: Respondent(name: "Ana Lúcia", level: .field, organisation: "Initech"),
                              questionnaires: [QuestionnaireRef(id: "healthy-ecosystem", version: 1)])
        var round = Round(questionnaire: "healthy-ecosystem", version: 1)
        round.record(Answer(question: "transparency", questionText: "We keep...", status: .answered, value: .number(2),
                            label: "disagree", note: "nobody \"owns\" it, really;\nsecond line, 日本", answeredAt: "2026-11-25T10:01:00Z"))
        round.record(Answer(question: "checking-in", questionText: "We genuinely...", status: .unknown, answeredAt: "2026-11-25T10:02:00Z"))
        session.rounds = [round]
        return session
    }

    static let slugs: [(String?, String)] = [
        ("Jane Doe", "jane-doe"), ("../../etc/passwd", "etc-passwd"), ("Ana Lúcia", "ana-lucia"),
        (nil, "anonymous"), ("", "anonymous"), ("日本", "anonymous"), ("  --Bob!!  ", "bob"),
        ("/", "anonymous"), ("..", "anonymous"), (String(repeating: "a", count: 100), String(repeating: "a", count: 40)),
    ]

    @Test("file names come from a safe slug of the respondent's name", arguments: slugs)
    func slug(name: String?, expected: String) {
        let slug = SessionStore.slug(name)
        #expect(slug == expected)
        #expect(!slug.contains("/") && !slug.contains(".."))
    }

    @Test("a saved session reads back identically, at mode 0600 in a 0700 folder")
    func roundTrip() throws {
        let dir = Fixtures.temporaryDirectory() + "/nested/sessions"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = SessionStore.bundled()
        var sample = Self.sample()
        sample.respondent.name = "Ana Lúcia"
        sample.createdAt = "2026-11-25T10:00:00Z"
        let path = try store.saveNew(sample, in: dir)
        #expect(path == dir + "/2026-11-25-ana-lucia.json")
        #expect(try store.load(path: path) == sample)
        try store.save(sample, to: path)
        #expect(try store.load(path: path) == sample)
        let fileMode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        let dirMode = try FileManager.default.attributesOfItem(atPath: dir)[.posixPermissions] as? Int
        #expect(fileMode == 0o600)
        #expect(dirMode == 0o700)
        // No temporary files left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["2026-11-25-ana-lucia.json"])
    }

    @Test("the same output for the same session, byte for byte")
    func deterministic() {
        #expect(SessionStore.encode(Self.sample()) == SessionStore.encode(Self.sample()))
    }

    @Test("a second session with the same name and day never takes the first one's file")
    func noOverwrite() throws {
        let dir = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = SessionStore.bundled()
        var sample = Self.sample()
        sample.respondent.name = "Jane"
        sample.createdAt = "2026-11-25T09:00:00Z"
        let first = try store.saveNew(sample, in: dir)
        let second = try store.saveNew(sample, in: dir)
        let third = try store.saveNew(sample, in: dir)
        #expect([first, second, third].map { ($0 as NSString).lastPathComponent } == ["2026-11-25-jane.json", "2026-11-25-jane-2.json", "2026-11-25-jane-3.json"])
        // Each name is created with its content: none is ever an empty file.
        for path in [first, second, third] { #expect(try store.load(path: path) == sample) }
        // An exact path that exists is never replaced.
        #expect(try store.saveNew(sample, at: first) == nil)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).count == 3)
    }

    @Test("written sessions pass the session schema")
    func schemaValid() throws {
        let document = try JSONValue.parse(SessionStore.encode(Self.sample()))
        let schema = try JSONValue.parse(Data(EmbeddedContent.sessionSchema.utf8))
        #expect(SchemaValidator(schema: schema).validate(document) == [])
    }

    @Test("corrupt, foreign and tampered files are refused with one clear line")
    func badFiles() throws {
        let store = SessionStore.bundled()
        let good = String(decoding: SessionStore.encode(Self.sample()), as: UTF8.self)
        let cases: [(String, String)] = [
            (String(good.prefix(200)), "s.json: not valid JSON"),
            ("{\"name\": \"package.json\", \"version\": \"1.0.0\"}", "s.json: not a partnercheck session"),
            ("[1, 2, 3]", "s.json: not a partnercheck session"),
            (good.replacingOccurrences(of: "\"answered\"", with: "\"maybe\""), "s.json: corrupt session: $.rounds[0].answers[0].status: expected one of"),
            (good.replacingOccurrences(of: "\"schemaVersion\" : 1", with: "\"schemaVersion\" : 9"), "s.json: session schema version 9 is newer"),
            // Found by fuzzing: a version too big for an integer trapped instead of being refused.
            (good.replacingOccurrences(of: "\"schemaVersion\" : 1", with: "\"schemaVersion\" : 88888888888888888888888"),
             "s.json: not valid JSON: the integer 88888888888888888888888 is beyond 2^53 and cannot be kept exactly"),
            (good.replacingOccurrences(of: "\"schemaVersion\" : 1", with: "\"schemaVersion\" : 1e999"), "s.json: "),
            // Found by fuzzing: a whole number written with an exponent, beyond 2^53, passed the schema's
            // "integer" and only the model refused it, with no word of what was wrong.
            (good.replacingOccurrences(of: "\"value\" : 2", with: "\"value\" : 4.4e+45"),
             "s.json: corrupt session: $.rounds[0].answers[0].value: "),
            ("", "s.json: not valid JSON"),
            // The model would read these; only the schema refuses them.
            (good.replacingOccurrences(of: "\"createdAt\" : \"", with: "\"createdAt\" : \"yesterday "),
             "s.json: corrupt session: $.createdAt: \"yesterday "),
            (good.replacingOccurrences(of: "\"schema\" : ", with: "\"smuggled\" : true, \"schema\" : "),
             "s.json: corrupt session: $.smuggled: unknown member"),
        ]
        let dir = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for (text, expected) in cases {
            do {
                _ = try store.decode(Data(text.utf8), file: "s.json")
                Issue.record("accepted: \(expected)")
            } catch {
                #expect(error.description.hasPrefix(expected), "\(error.description)")
                #expect(!error.description.contains("\n"))
            }
            // The bulk read of workshops and exports refuses the same files with the same words.
            let path = dir + "/s.json"
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            do {
                _ = try SessionStore.read(path: path)
                Issue.record("bulk read accepted: \(expected)")
            } catch {
                #expect(error.description.hasPrefix(path + expected.dropFirst("s.json".count)), "\(error.description)")
            }
            // So does a workshop's read, into a buffer kept from file to file (here, after a larger
            // file of "{"), for counting.
            var reader = FileReader()
            try Data(repeating: 0x7B, count: 70_000).write(to: URL(fileURLWithPath: dir + "/braces"))
            _ = try reader.read(dir + "/braces")
            do {
                _ = try SessionStore.read(path: path, reader: &reader, detail: .counting)
                Issue.record("counting read accepted: \(expected)")
            } catch {
                #expect(error.description.hasPrefix(path + expected.dropFirst("s.json".count)), "\(error.description)")
            }
        }
    }

    @Test("a folder is listed in the order of its names' bytes, session files only, with their folder in front")
    func folderListing() throws {
        let dir = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // Names that share a long start and differ after eight more bytes, a prefix of another name,
        // upper case before lower, non-ASCII after ASCII, and files that are not sessions.
        var names = (0..<300).map { "2026-11-10-person-\(String(repeating: "0", count: 9))-\($0 % 7)-\($0).json" }
        names += ["2026-11-10-person.json", "2026-11-10-person-a.json", "2026-11-10-Person.json", "2026-11-10-persön.json",
                  "Z.json", "a.json", "émile.json", "a.json.txt", ".hidden.json", "workshop.json"]
        for name in names { try Data("{}".utf8).write(to: URL(fileURLWithPath: dir + "/" + name)) }
        try FileManager.default.createDirectory(atPath: dir + "/sub.json.d", withIntermediateDirectories: false)
        let expected = names.filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") && $0 != "workshop.json" }
            .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        #expect(try WorkshopFolder.sessionFiles([dir]) == expected.map { dir + "/" + $0 })
        #expect(try WorkshopFolder.sessionFiles([dir + "/"]) == expected.map { dir + "/" + $0 })
        #expect(try FileIO.list(dir) == (names + ["sub.json.d"]).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        #expect(throws: FileIOError.self) { try FileIO.list(dir + "/missing") }
        // Generated names, against a plain sort: with a shared start or without, of all lengths.
        var generator = SystemRandomNumberGenerator()
        for shared in ["", "x", "2026-11-10-person-0000"] {
            let strings = (0..<500).map { _ in
                shared + String((0..<Int.random(in: 0...12, using: &generator)).map { _ in "ab0é.-".randomElement(using: &generator)! })
            }
            #expect(FileIO.sortedByBytes(strings) == strings.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        }
    }

    @Test("a bulk read reuses its buffer: a large file whole, then a small one exactly; a folder is refused")
    func bufferedRead() throws {
        let dir = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let large = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try Data(large).write(to: URL(fileURLWithPath: dir + "/large"))
        try Data("small".utf8).write(to: URL(fileURLWithPath: dir + "/small"))
        try Data().write(to: URL(fileURLWithPath: dir + "/empty"))
        var reader = FileReader()
        let count = try reader.read(dir + "/large")
        #expect(count == large.count && Array(reader.buffer[..<count]) == large)
        let small = try reader.read(dir + "/small")
        #expect(Array(reader.buffer[..<small]) == Array("small".utf8))
        #expect(try reader.read(dir + "/empty") == 0)
        #expect(throws: FileIOError.self) { try reader.read(dir) }
        #expect(throws: FileIOError.self) { try reader.read(dir + "/missing") }
        // Files of another folder, by a relative path and by one with no folder, then the first
        // folder again: each is the file its path names.
        let other = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: other) }
        try Data("other".utf8).write(to: URL(fileURLWithPath: other + "/small"))
        #expect(Array(reader.buffer[..<(try reader.read(other + "/small"))]) == Array("other".utf8))
        #expect(Array(reader.buffer[..<(try reader.read(other + "/./small"))]) == Array("other".utf8))
        #expect(Array(reader.buffer[..<(try reader.read(dir + "/small"))]) == Array("small".utf8))
        // A relative path (up to the root from the working folder, then down; tests run side by
        // side in one process, so the working folder is not changed).
        let up = String(repeating: "../", count: FileManager.default.currentDirectoryPath.split(separator: "/").count)
        #expect(Array(reader.buffer[..<(try reader.read(up + other.dropFirst() + "/small"))]) == Array("other".utf8))
        #expect(throws: FileIOError.self) { try reader.read("missing-folder/small") }
        #expect(throws: FileIOError.self) { try reader.read(other + "/small/inside") }
        // The session reader sees only the file's bytes, not what an earlier file left in the buffer.
        let session = try CompanyTests.company("Strong").session
        try SessionStore.encode(session).write(to: URL(fileURLWithPath: dir + "/s.json"))
        #expect(try SessionStore.read(path: dir + "/s.json", reader: &reader, detail: .whole) == session)
    }

    @Test("a failed write leaves the old file whole and no temporary file behind")
    func failedWriteKeepsOldFile() throws {
        let dir = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/s.json"
        try SessionStore.bundled().save(Self.sample(), to: path)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        // A directory in place of the temporary file's folder cannot be written: simulate with a path under a file.
        #expect(throws: SessionFileError.self) {
            try SessionStore.bundled().save(Self.sample(), to: path + "/inside.json")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["s.json"])
    }

    @Test("a file written past the page cache holds every byte in order, whatever the pieces; dropped, it leaves nothing",
          arguments: ["temporary", "/dev/shm"])
    func writtenPastTheCache(place: String) throws {
        let dir = place == "temporary" ? Fixtures.temporaryDirectory() : place + "/partnercheck-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        if place != "temporary" {
            guard FileManager.default.fileExists(atPath: place) else { return }
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        }
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var numbers = SeededNumbers(state: 11)
        // Ten and a half megabytes: five full buffers of two, written two at once, and a tail, in pieces
        // from 1 byte to 1.5 MB.
        let total = 10 * (1 << 20) + 512 * 1024 + 3
        let expected = (0..<total).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 13) }
        let file = try StreamingFile(path: dir + "/out.jsonl", bypassingCache: true)
        var offset = 0
        while offset < total {
            let size = min(total - offset, [1, 7, 4095, 4096, 65_537, 1_500_000][numbers.next(6)])
            try expected[offset..<(offset + size)].withUnsafeBufferPointer { try file.write(bytes: $0) }
            offset += size
        }
        #expect(try file.commit(replacing: false))
        #expect(try Array(Data(contentsOf: URL(fileURLWithPath: dir + "/out.jsonl"))) == expected)
        // Dropped before commit, after buffers went to the disk: no file, no temporary file.
        do {
            let dropped = try StreamingFile(path: dir + "/dropped.jsonl", bypassingCache: true)
            try expected.withUnsafeBufferPointer { try dropped.write(bytes: $0) }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["out.jsonl"])
    }

    @Test("an environment tells an unset variable from an empty one")
    func environmentLookup() {
        let environment = Environment([(name: "HOME", value: "/h"), (name: "NO_COLOR", value: ""), (name: "HOME", value: "/later")])
        #expect(environment["HOME"] == "/later")
        #expect(environment["NO_COLOR"] == "")
        #expect(environment["TERM"] == nil)
        #expect(SessionStore.defaultDirectory(environment: ["PARTNERCHECK_HOME": "", "HOME": "/h"]) == "/h/.local/share/partnercheck")
    }

    @Test("the default folder follows PARTNERCHECK_HOME, then XDG_DATA_HOME, then HOME")
    func defaultDirectory() {
        #expect(SessionStore.defaultDirectory(environment: ["PARTNERCHECK_HOME": "/p", "XDG_DATA_HOME": "/x", "HOME": "/h"]) == "/p")
        #expect(SessionStore.defaultDirectory(environment: ["XDG_DATA_HOME": "/x", "HOME": "/h"]) == "/x/partnercheck")
        #expect(SessionStore.defaultDirectory(environment: ["XDG_DATA_HOME": "relative", "HOME": "/h"]) == "/h/.local/share/partnercheck")
    }
}

import Foundation
import Testing
@testable import PartnerCheckCore

/// partnercheck writes its JSON (session files, reports, workshop manifests) with its own writer;
/// files written before it must read the same, so it must write exactly what Foundation's
/// `JSONEncoder` wrote with the options partnercheck used.
@Suite("JSON writer")
struct JSONWriterTests {
    static func foundation<T: Encodable>(_ value: T, escapeSlashes: Bool) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = escapeSlashes ? [.prettyPrinted, .sortedKeys] : [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func ours<T: Encodable>(_ value: T, escapeSlashes: Bool) throws -> String {
        String(decoding: try JSONWriter(escapeSlashes: escapeSlashes).encode(value), as: UTF8.self)
    }

    static func expectSame<T: Encodable>(_ value: T, sourceLocation: SourceLocation = #_sourceLocation) throws {
        for escape in [false, true] {
            let expected = try foundation(value, escapeSlashes: escape)
            let actual = try ours(value, escapeSlashes: escape)
            #expect(actual == expected, "escapeSlashes \(escape)", sourceLocation: sourceLocation)
        }
    }

    struct Inner: Encodable {
        var list: [Int] = []
        var map: [String: Int] = [:]
        var maybe: Double? = nil
        var nested: [[String?]] = []
    }

    struct Edges: Encodable {
        var doubles: [Double] = [75, 0.1, 1e-7, 1e21, 1e16, 1e15, 9007199254740992, 9007199254740994, 123456789012345680, -0.0,
                                 56.52, 2.5e-5, 100, 1.0 / 3.0, 0.0001, 0.000001, .leastNonzeroMagnitude, 1.7976931348623157e308, -75, -0.5]
        var integers: [Int] = [0, -5, Int.max, Int.min]
        var small: [Int8] = [-128, 127]
        var unsigned: [UInt64] = [UInt64.max]
        var floats: [Float] = [0.1, 75, 1e-7]
        var strings: [String] = ["a/b", "http://x.invalid/", "q\"\\", "\u{01}\u{1f}\n\r\t\u{08}\u{0c}", "é営業😀", "\u{7f}",
                                 "\u{2028}\u{2029}", "e\u{301}", "", " "]
        var empty = Inner()
        var filled = [Inner(list: [1, 2], map: ["z": 1, "B": 2, "a10": 3, "a2": 4, "_x": 5, "é": 6, "Z": 8],
                            maybe: 3, nested: [[nil, "x"], []])]
        var flag = true
        var absent: Int? = nil
        var emptyMap: [String: Int] = [:]
        var emptyList: [String] = []
    }

    @Test("edge values (numbers at the edges of a double, control characters, slashes, names that sort by bytes) come out as Foundation writes them")
    func edges() throws {
        try Self.expectSame(Edges())
        try Self.expectSame([Int]())
        try Self.expectSame(5.0)
        try Self.expectSame("top/level")
        try Self.expectSame([String: [Int]]())
    }

    /// Hand-written conformances that do what synthesised ones do not.
    struct Unusual: Encodable {
        enum Key: String, CodingKey { case zeta, alpha, mid, list, deep, nothing, twice }
        struct Nothing: Encodable { func encode(to encoder: Encoder) throws {} }
        struct Twice: Encodable {
            // Asks for its container twice, and gives a name twice: the last value counts.
            func encode(to encoder: Encoder) throws {
                var first = encoder.container(keyedBy: Key.self)
                try first.encode(1, forKey: .zeta)
                try first.encode("first", forKey: .mid)
                var second = encoder.container(keyedBy: Key.self)
                try second.encode("last", forKey: .mid)
                try second.encode([3, 1], forKey: .alpha)
            }
        }
        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(Nothing(), forKey: .zeta)
            var nested = container.nestedContainer(keyedBy: Key.self, forKey: .mid)
            try nested.encode(["b": 2, "a": 1, "c": 3], forKey: .zeta)
            try nested.encode(Twice(), forKey: .alpha)
            var list = container.nestedUnkeyedContainer(forKey: .list)
            try list.encode(Twice())
            var inner = list.nestedContainer(keyedBy: Key.self)
            try inner.encodeNil(forKey: .nothing)
            try inner.encode(true, forKey: .alpha)
            try list.encode(-7)
            try container.encode([[Twice()]], forKey: .deep)
            try container.encode(2.5, forKey: .alpha)
        }
    }

    /// A nested container filled after its parent has gone on.
    struct Interleaved: Encodable {
        enum Key: String, CodingKey { case a, b }
        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: Unusual.Key.self)
            var nested = container.nestedContainer(keyedBy: Unusual.Key.self, forKey: .mid)
            try container.encode(1, forKey: .alpha)
            try nested.encode(2, forKey: .zeta)
        }
    }

    @Test("hand-written conformances: a value that writes nothing, a container asked for twice, a name given twice, nested containers, members out of order at every depth")
    func unusualConformances() throws {
        try Self.expectSame(Unusual())
        try Self.expectSame([Unusual.Nothing()])
        try Self.expectSame(Unusual.Twice())
        // Foundation would write the nested value where it was asked for; partnercheck's writer,
        // which writes as it goes, refuses it rather than writing it in the wrong place.
        #expect(throws: EncodingError.self) { try JSONWriter(escapeSlashes: false).encode(Interleaved()) }
    }

    /// Any JSON value, its object members in the order given (so out of name order, and with a
    /// name twice, as often as not).
    indirect enum Tree: Encodable {
        case object([(String, Tree)])
        case array([Tree])
        case string(String)
        case integer(Int)
        case number(Double)
        case bool(Bool)
        case null

        struct Name: CodingKey {
            var stringValue: String
            init(stringValue: String) { self.stringValue = stringValue }
            var intValue: Int? { nil }
            init?(intValue: Int) { nil }
        }

        func encode(to encoder: Encoder) throws {
            switch self {
            case .object(let members):
                var container = encoder.container(keyedBy: Name.self)
                for (name, value) in members { try container.encode(value, forKey: Name(stringValue: name)) }
            case .array(let items):
                var container = encoder.unkeyedContainer()
                for item in items { try container.encode(item) }
            case .string(let text):
                var container = encoder.singleValueContainer()
                try container.encode(text)
            case .integer(let value):
                var container = encoder.singleValueContainer()
                try container.encode(value)
            case .number(let value):
                var container = encoder.singleValueContainer()
                try container.encode(value)
            case .bool(let value):
                var container = encoder.singleValueContainer()
                try container.encode(value)
            case .null:
                var container = encoder.singleValueContainer()
                try container.encodeNil()
            }
        }

        static func random(_ numbers: inout SeededNumbers, depth: Int) -> Tree {
            let names = ["a", "b", "B", "ab", "a1", "a10", "a2", "_", "é", "z", "", "name/slash", "q\"uote"]
            let texts = ["", "plain", "a/b", "tab\tand\nnewline", "é営業😀", "\u{01}", "quote \" and \\"]
            switch numbers.next(depth > 0 ? 8 : 6) {
            case 0: return .string(texts[numbers.next(texts.count)])
            case 1: return .integer(numbers.next(2_000_001) - 1_000_000)
            case 2: return .number(Double(numbers.next(100_000)) / Double(1 + numbers.next(1000)))
            case 3: return .bool(numbers.next(2) == 0)
            case 4: return .null
            case 5: return .number(Double(numbers.next(1000)))
            case 6: return .array((0..<numbers.next(5)).map { _ in random(&numbers, depth: depth - 1) })
            default:
                return .object((0..<numbers.next(7)).map { _ in (names[numbers.next(names.count)], random(&numbers, depth: depth - 1)) })
            }
        }
    }

    @Test("random values, objects' members in any order and names given twice, at every depth, come out as Foundation writes them")
    func randomValues() throws {
        var numbers = SeededNumbers(state: 23)
        for _ in 0..<400 {
            try Self.expectSame(Tree.random(&numbers, depth: 4))
        }
    }

    @Test("the four companies' sessions, their JSON reports and a workshop summary of them come out as Foundation writes them")
    func realValues() throws {
        var sessions: [Session] = []
        for name in ["Weak", "Neutral", "Middling", "Strong"] {
            var builder = try CompanyTests.company(name)
            builder.session.id = "session/" + name  // a slash, escaped or not by the option
            sessions.append(builder.session)
            try Self.expectSame(builder.session)
            let assessment = try builder.assess()
            try Self.expectSame(JSONReport.Envelope(assessment: JSONReport.rounded(assessment)))
            #expect(String(decoding: SessionStore.encode(builder.session), as: UTF8.self)
                        == (try Self.foundation(builder.session, escapeSlashes: false)) + "\n")
        }
        let catalog = try Fixtures.catalog()
        let expected = sessions[0].questionnaires
        var aggregator = WorkshopAggregator(catalog: catalog, expected: expected)
        for (index, session) in sessions.enumerated() { aggregator.add(session, file: "s\(index).json") }
        try Self.expectSame(aggregator.summary(name: "board/offsite"))
        try Self.expectSame(aggregator.summary(name: "anonymous", anonymous: true))
        let manifest = WorkshopManifest(name: "Q3 / EMEA", questionnaires: expected, created: "2026-11-26T10:00:00Z")
        #expect(String(decoding: manifest.encoded(), as: UTF8.self) == (try Self.foundation(manifest, escapeSlashes: true)) + "\n")
    }

    @Test("the eight-bytes-at-a-time scan finds exactly the bytes CSV quotes and JSON escapes, wherever they are")
    func byteScan() {
        var numbers = SeededNumbers(state: 11)
        func next(_ bound: Int) -> Int { numbers.next(bound) }
        let pool: [UInt8] = [0x00, 0x09, 0x0A, 0x0D, 0x1F, 0x20, 0x21, 0x22, 0x2C, 0x2F, 0x30, 0x5C, 0x61, 0x7F, 0x80, 0xA2, 0xDC, 0xE2, 0xFF]
        for _ in 0..<50_000 {
            let bytes = (0..<next(48)).map { _ in next(12) == 0 ? pool[next(pool.count)] : UInt8(0x61 + next(26)) }
            let csv = bytes.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
            let json = bytes.contains { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }
            let jsonSlash = json || bytes.contains(0x2F)
            bytes.withUnsafeBufferPointer { buffer in
                #expect(ByteScan.any(buffer, comma: true) == csv, "\(bytes)")
                #expect(ByteScan.any(buffer, comma: false) == json, "\(bytes)")
                #expect(ByteScan.any(buffer, comma: false, slash: true) == jsonSlash, "\(bytes)")
                // Where a plain run of a JSON string ends, from any start.
                let start = next(bytes.count + 1)
                let end = bytes[start...].firstIndex { $0 < 0x20 || $0 >= 0x80 || $0 == 0x22 || $0 == 0x5C } ?? bytes.count
                #expect(ByteScan.plainRunEnd(buffer, from: start) == end, "\(bytes) from \(start)")
            }
        }
    }

    @Test("a non-ASCII character is accepted one at a time exactly as a UTF-8 check accepts it")
    func utf8Sequences() {
        var numbers = SeededNumbers(state: 19)
        func next(_ bound: Int) -> Int { numbers.next(bound) }
        // Lead and continuation bytes at and around every boundary of the well-formed ranges.
        let edges: [UInt8] = [0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF,
                              0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF, 0x41]
        for _ in 0..<100_000 {
            var bytes = [edges[next(edges.count)] | 0x80]
            for _ in 0..<next(4) { bytes.append(next(3) == 0 ? edges[next(edges.count)] : UInt8(0x80 + next(64))) }
            // The longest prefix that is one whole character, as the standard library decides.
            let expected = (2...4).first { length in
                length <= bytes.count && String(validating: bytes[..<length], as: UTF8.self)?.unicodeScalars.count == 1
            }
            bytes.withUnsafeBufferPointer { buffer in
                #expect(ByteScan.utf8Sequence(buffer, at: 0) == expected, "\(bytes)")
            }
        }
    }
}

import Foundation
import Testing
@testable import PartnerCheckCore

/// The JSON parser against Python's `json`, and the schema validator against Python's `jsonschema`,
/// on generated and hand-made documents. Where partnercheck is deliberately stricter than Python, the
/// difference is named here and checked to be exactly that:
///   * an integer beyond 2^53 (Python keeps it exactly; a double cannot): refused with a clear error;
///   * a number beyond a double's range (Python reads 1e999 as infinity): refused;
///   * a lone surrogate escape such as "\ud800" (Python keeps it; it is not Unicode text): refused;
///   * nesting deeper than 512: refused (Python's json stops earlier, at its recursion limit);
///   * NaN and Infinity (Python's json reads them by default; JSON has no such literals): refused.
/// Invalid UTF-8 is refused by both.
@Suite("Differential checks against Python")
struct DifferentialTests {
    /// A canonical form both sides can print exactly: numbers as their IEEE bit pattern (zero's sign
    /// dropped: Python's -0 is the integer 0), strings as code points, objects with the last of
    /// duplicate names and names sorted by code point.
    static func canonical(_ value: JSONValue) -> String {
        switch value {
        case .null: return "n"
        case .bool(let b): return b ? "t" : "f"
        case .number(let n): return "d" + String((n == 0 ? 0 : n).bitPattern, radix: 16)
        case .string(let s): return canonical(s)
        case .array(let items): return "[" + items.map(canonical).joined(separator: ",") + "]"
        case .object(let object):
            // Keyed by code points: Swift's String equality would merge "é" and "e" + U+0301.
            var last: [[UInt32]: JSONValue] = [:]
            for (key, member) in object { last[key.unicodeScalars.map(\.value)] = member }
            let keys = last.keys.sorted { $0.lexicographicallyPrecedes($1) }
            return "{" + keys.map { key in
                "s" + key.map { String($0, radix: 16) }.joined(separator: ".") + ";:" + canonical(last[key]!)
            }.joined(separator: ",") + "}"
        }
    }

    static func canonical(_ text: String) -> String {
        "s" + text.unicodeScalars.map { String($0.value, radix: 16) }.joined(separator: ".") + ";"
    }

    static let pythonCanonical = #"""
import json, struct, sys, os
def canon(v, depth=0):
    if v is None: return "n"
    if v is True: return "t"
    if v is False: return "f"
    if isinstance(v, int):
        if abs(v) > 2**53: raise ValueError("BIGINT")
        v = float(v)
    if isinstance(v, float):
        if v != v or v in (float("inf"), float("-inf")): raise ValueError("NONFINITE")
        if v == 0: v = 0.0
        return "d" + format(struct.unpack(">Q", struct.pack(">d", v))[0], "x")
    if isinstance(v, str):
        if any(0xD800 <= ord(c) <= 0xDFFF for c in v): raise ValueError("SURROGATE")
        return "s" + ".".join(format(ord(c), "x") for c in v) + ";"
    if isinstance(v, list): return "[" + ",".join(canon(i) for i in v) + "]"
    return "{" + ",".join(canon(k) + ":" + canon(v[k]) for k in sorted(v)) + "}"
def strict(name): raise ValueError("NONFINITE")
folder = sys.argv[1]
for name in sorted(os.listdir(folder), key=lambda n: int(n.split(".")[0])):
    data = open(os.path.join(folder, name), "rb").read()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        print("error UTF8"); continue
    try:
        print("ok " + canon(json.loads(text, parse_constant=strict)))
    except RecursionError:
        print("error DEEP")
    except ValueError as e:
        marker = str(e) if str(e) in ("BIGINT", "NONFINITE", "SURROGATE") else "SYNTAX"
        print("error " + marker)
"""#

    /// A deterministic generator of JSON texts: nesting, escapes, raw Unicode, and numbers around the
    /// places where readers differ (2^53, exponents, tiny and huge values).
    struct Generator {
        var numbers: SeededNumbers

        init(state: UInt64) {
            numbers = SeededNumbers(state: state)
        }

        mutating func next(_ bound: Int) -> Int { numbers.next(bound) }

        mutating func number() -> String {
            switch next(9) {
            case 0: return String(next(2_000_001) - 1_000_000)
            case 1: return String(9_007_199_254_740_990 + next(6))  // around 2^53
            case 2: return "-" + String(9_007_199_254_740_990 + next(6))
            case 3: return "\(next(1000)).\(next(100000))"
            case 4: return "\(next(10))e\(next(700) - 350)"
            case 5: return "\(next(10)).\(next(10))E+\(next(330))"
            case 6: return String(repeating: "9", count: 15 + next(10))
            case 7: return "-0"
            default: return "0.\(String(repeating: "0", count: next(20)))1"
            }
        }

        mutating func string() -> String {
            var out = "\""
            for _ in 0..<next(12) {
                switch next(12) {
                case 0: out += "\\n"
                case 1: out += "\\\"\\\\\\/"
                case 2: out += "\\u00e9"
                case 3: out += "\\ud83d\\ude80"  // a surrogate pair
                case 4: out += "\\u0000"
                case 5: out += "日本"
                case 6: out += "é"  // precomposed
                case 7: out += "e\u{301}"  // combining
                case 8: out += "🚀"
                case 9: out += "\\t\\b\\f\\r"
                default: out += String(UnicodeScalar(UInt8(97 + next(26))))
                }
            }
            return out + "\""
        }

        mutating func value(depth: Int) -> String {
            switch depth > 6 ? next(5) : next(8) {
            case 0: return "null"
            case 1: return next(2) == 0 ? "true" : "false"
            case 2: return number()
            case 3, 4: return string()
            case 5: return "[" + (0..<next(5)).map { _ in value(depth: depth + 1) }.joined(separator: ", ") + "]"
            default:
                let members = (0..<next(5)).map { _ in
                    // Duplicate names now and then: the last one wins on both sides.
                    // (with a plain value: Python never sees the first one, so it could not check its numbers).
                    next(6) == 0 ? "\"dup\": " + (next(2) == 0 ? "null" : "true") : string() + ": " + value(depth: depth + 1)
                }
                return "{" + members.joined(separator: ",\n ") + "}"
            }
        }
    }

    static let handMade: [[UInt8]] = [
        Array("9007199254740992".utf8), Array("9007199254740993".utf8), Array("-9007199254740993".utf8),
        Array("123456789012345678901234567890".utf8), Array("1e999".utf8), Array("-1e999".utf8), Array("1e-999".utf8),
        Array("NaN".utf8), Array("[Infinity]".utf8), Array("\"\\ud800\"".utf8), Array("\"\\udc00\\ud800\"".utf8),
        Array(String(repeating: "[", count: 600).utf8) + Array(String(repeating: "]", count: 600).utf8),
        Array(String(repeating: "[", count: 500).utf8) + Array(String(repeating: "]", count: 500).utf8),
        [0x22, 0xC3, 0x28, 0x22], [0x22, 0xE9, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22], [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22],
        [0x22, 0xC0, 0xAF, 0x22], [0xEF, 0xBB, 0xBF] + Array("{}".utf8), Array("{\"a\":1,\"a\":2}".utf8),
        Array("[1.0, 1.5e3, -0.0, 0e0, 1E-2]".utf8), Array("\"\\u0041\\u00DF\\u6771\\uD834\\uDD1E\"".utf8),
        Array("{\"\": [], \" \": {}}".utf8), Array(" \t\n\r[]\n".utf8),
    ]

    @Test("the JSON parser reads what Python's json reads, and refuses only where it says it does")
    func parserAgainstPython() throws {
        var generator = Generator(state: 2026)
        var documents = Self.handMade
        for _ in 0..<400 { documents.append(Array(generator.value(depth: 0).utf8)) }
        let folder = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for (index, document) in documents.enumerated() {
            try Data(document).write(to: URL(fileURLWithPath: "\(folder)/\(index).json"))
        }
        let python = try Python.run(Self.pythonCanonical, arguments: [folder])
        let verdicts = python.split(separator: "\n").map(String.init)
        try #require(verdicts.count == documents.count, "python printed \(verdicts.count) lines for \(documents.count) documents")

        var agreed = 0
        for (index, document) in documents.enumerated() {
            let label = "document \(index): \(String(decoding: document.prefix(60), as: UTF8.self))"
            let ours: Result<JSONValue, JSONSyntaxError> = Result { () throws(JSONSyntaxError) in try JSONParser.parse(document) }
            switch (verdicts[index], ours) {
            case (let line, .success(let value)) where line.hasPrefix("ok "):
                #expect(String(line.dropFirst(3)) == Self.canonical(value), "\(label)")
                agreed += 1
            case (let line, .failure) where line == "error SYNTAX" || line == "error UTF8":
                agreed += 1  // both refuse
            case ("error BIGINT", .failure(let error)):
                #expect(error.detail.contains("beyond 2^53"), "\(label): \(error.detail)")
            case ("error NONFINITE", .failure(let error)):
                #expect(error.detail.contains("out of range") || error.detail.contains("unexpected character"), "\(label): \(error.detail)")
            case ("error SURROGATE", .failure(let error)):
                #expect(error.detail.contains("lone surrogate"), "\(label): \(error.detail)")
            case ("error DEEP", .success):
                // Python's json stops at its recursion limit (below 500 levels here); partnercheck reads
                // up to 512.
                #expect(document.prefix { $0 == UInt8(ascii: "[") }.count <= 512, "\(label)")
            case ("error DEEP", .failure(let error)):
                #expect(error.detail.contains("nested too deeply"), "\(label)")
            case (_, .failure(let error)) where error.detail.contains("nested too deeply"):
                // Deeper than partnercheck reads but within Python's limit: the documented difference.
                #expect(document.prefix { $0 == UInt8(ascii: "[") }.count > 512, "\(label)")
            case (let line, let result):
                Issue.record("\(label): python \(line), partnercheck \(result)")
            }
        }
        // Most generated documents are valid JSON that both read identically.
        #expect(agreed > 300)
    }

    @Test("member names are told apart by code points, as JSON does")
    func namesByCodePoint() throws {
        let value = try JSONParser.parse(Array(#"{"é": 1, "é": 2}"#.utf8))
        #expect(value["\u{E9}"] == .number(1))
        #expect(value["e\u{301}"] == .number(2))
    }

    @Test("an integer beyond 2^53 is refused, one at or below it round-trips exactly")
    func bigIntegers() throws {
        for text in ["9007199254740992", "-9007199254740992", "4503599627370497", "123456789012345"] {
            let value = try JSONParser.parse(Array(text.utf8))
            #expect(value == .number(Double(Int64(text)!)))
            guard case .number(let number) = value else { continue }
            #expect(Int64(exactly: number).map(String.init) == text, "\(text)")
        }
        for text in ["9007199254740993", "18446744073709551616", "-9007199254740993"] {
            #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(Array(text.utf8)) }
        }
    }
}

/// Runs Python 3 (installed by scripts/install-deps --for-tests) on a script, returning its stdout.
enum Python {
    static func run(_ script: String, arguments: [String] = [], input: Data? = nil) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        let output = Pipe()
        let errors = Pipe()
        let stdin = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(input) }
        try stdin.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let problem = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw PythonError(message: String(decoding: problem, as: UTF8.self))
        }
        return String(decoding: data, as: UTF8.self)
    }

    struct PythonError: Error, CustomStringConvertible {
        var message: String
        var description: String { "python3 failed: \(message)" }
    }
}

/// The schema validator against Python's `jsonschema` (Draft 2020-12): the shipped questionnaires and
/// sessions of four companies, valid, then each mutated many ways (a member removed, a value of
/// another type, out of range, emptied, broken against a pattern, an unknown member, an item
/// repeated): both must give the same verdict on every document.
@Suite("Schema validator against Python's jsonschema")
struct SchemaDifferentialTests {
    static let pythonVerdicts = #"""
import json, sys, os
from jsonschema import Draft202012Validator
folder = sys.argv[1]
validators = {}
for name in sorted(os.listdir(folder), key=lambda n: (n.split(".")[0], int(n.split(".")[1]))):
    kind = name.split(".")[0]
    if kind not in validators:
        validators[kind] = Draft202012Validator(json.load(open(os.path.join(sys.argv[2], kind + ".schema.json"), encoding="utf-8")))
    document = json.load(open(os.path.join(folder, name), encoding="utf-8"))
    print(name, "valid" if validators[kind].is_valid(document) else "invalid")
"""#

    /// Every way of breaking one value at `path`, as documents.
    struct Mutator {
        var numbers: SeededNumbers

        init(state: UInt64) {
            numbers = SeededNumbers(state: state)
        }

        mutating func next(_ bound: Int) -> Int { numbers.next(bound) }

        /// Every node of a document with the path to it.
        static func nodes(_ value: JSONValue, _ path: [PathStep] = []) -> [[PathStep]] {
            var out = [path]
            switch value {
            case .object(let members): for (key, member) in members { out += nodes(member, path + [.key(key)]) }
            case .array(let items): for (index, item) in items.enumerated() { out += nodes(item, path + [.index(index)]) }
            default: break
            }
            return out
        }

        enum PathStep: Hashable { case key(String), index(Int) }

        static func replacing(_ value: JSONValue, at path: ArraySlice<PathStep>, with change: (JSONValue) -> JSONValue?) -> JSONValue {
            guard let step = path.first else { return change(value) ?? .null }
            switch (value, step) {
            case (.object(let members), .key(let key)):
                var list: [(key: String, value: JSONValue)] = []
                for member in members {
                    if member.key == key {
                        if path.count == 1, change(member.value) == nil { continue }  // removed
                        list.append((member.key, replacing(member.value, at: path.dropFirst(), with: change)))
                    } else {
                        list.append(member)
                    }
                }
                return .object(JSONObject(list))
            case (.array(var items), .index(let index)):
                if path.count == 1, change(items[index]) == nil {
                    items.remove(at: index)
                } else {
                    items[index] = replacing(items[index], at: path.dropFirst(), with: change)
                }
                return .array(items)
            default:
                return value
            }
        }

        mutating func mutate(_ document: JSONValue) -> JSONValue {
            let all = Self.nodes(document).filter { !$0.isEmpty }
            let path = all[next(all.count)]
            let choice = next(10)
            return Self.replacing(document, at: path[...]) { value in
                switch choice {
                case 0: return nil  // remove the member or item
                case 1: return .string("x")
                case 2: return .number(Double(self.next(4000)) - 2000)
                case 3: return .number(2.5)
                case 4: return .bool(true)
                case 5: return .null
                case 6: return .string("")
                case 7:
                    if case .object(var members) = value {
                        members = JSONObject(members.members + [(key: "unexpected", value: .number(1))])
                        return .object(members)
                    }
                    return .array([value, value])
                case 8: return .string("Not An Id!")
                default:
                    if case .array(let items) = value, let first = items.first { return .array(items + [first]) }
                    if case .string(let text) = value { return .string(text + "\n") == value ? value : .string(String(text.reversed())) }
                    return .object([:])
                }
            }
        }
    }

    /// JSON text of a value, members in their order (duplicates kept).
    static func text(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return n == n.rounded() && abs(n) < 1e15 ? String(Int(n)) : "\(n)"
        case .string(let s): return JSONText.string(s)
        case .array(let items): return "[" + items.map(text).joined(separator: ",") + "]"
        case .object(let members): return "{" + members.map { JSONText.string($0.key) + ":" + text($0.value) }.joined(separator: ",") + "}"
        }
    }

    @Test("lengths count code points, as JSON Schema and jsonschema do")
    func lengthsCountCodePoints() throws {
        let schema = try JSONValue.parse(Data(#"{"type": "string", "minLength": 2, "maxLength": 3}"#.utf8))
        let validator = SchemaValidator(schema: schema)
        #expect(validator.validate(.string("e\u{301}")).isEmpty)  // one character, two code points
        #expect(!validator.validate(.string("é")).isEmpty)  // one code point, two bytes
        #expect(!validator.validate(.string("👨‍👩‍👧")).isEmpty)  // one character, five code points
        #expect(validator.validate(.string("日本語")).isEmpty)  // three code points, nine bytes
        #expect(!validator.validate(.string("abcd")).isEmpty)
    }

    @Test("same verdict as jsonschema on valid and mutated questionnaires and sessions")
    func againstJSONSchema() throws {
        var documents: [(kind: String, document: JSONValue)] = []
        for file in EmbeddedContent.questionnaires { documents.append(("questionnaire", file.document)) }
        for name in ["Weak", "Neutral", "Middling", "Strong"] {
            let session = try CompanyTests.company(name).session
            documents.append(("session", try JSONValue.parse(SessionStore.encode(session))))
        }
        var mutator = Mutator(state: 53)
        let originals = documents
        for _ in 0..<40 {
            for original in originals { documents.append((original.kind, mutator.mutate(original.document))) }
        }
        let folder = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var ours: [String: Bool] = [:]
        let validators = ["questionnaire": SchemaValidator(schema: EmbeddedSchemas.questionnaire),
                          "session": SchemaValidator(schema: EmbeddedSchemas.session)]
        for (index, entry) in documents.enumerated() {
            let name = "\(entry.kind).\(index).json"
            try Data(Self.text(entry.document).utf8).write(to: URL(fileURLWithPath: folder + "/" + name))
            ours[name] = validators[entry.kind]!.validate(entry.document).isEmpty
        }
        let output = try Python.run(Self.pythonVerdicts, arguments: [folder, Fixtures.root + "/questionnaires/schemas"])
        var compared = 0, invalid = 0
        for line in output.split(separator: "\n") {
            let parts = line.split(separator: " ").map(String.init)
            guard parts.count == 2, let verdict = ours[parts[0]] else { Issue.record("unexpected line \(line)"); continue }
            #expect(verdict == (parts[1] == "valid"), "\(parts[0]): partnercheck \(verdict ? "valid" : "invalid"), jsonschema \(parts[1])")
            compared += 1
            if parts[1] == "invalid" { invalid += 1 }
        }
        #expect(compared == documents.count)
        // The originals are valid, and most mutations are caught.
        #expect(invalid > documents.count / 2, "only \(invalid) of \(documents.count) documents were invalid")
    }
}

@Suite("JSON written for JSON Lines")
struct JSONLinesTests {
    /// RFC 8259's escapes written the plain way, scalar by scalar: the reference for the byte writer.
    static func reference(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    @Test("the byte writer escapes exactly as the plain scalar-by-scalar rules do, and Python reads every string back")
    func escapes() throws {
        var numbers = SeededNumbers(state: 99)
        func next(_ bound: Int) -> Int { numbers.next(bound) }
        let pieces: [String] = ["a", "\"", "\\", "\n", "\r", "\t", "\u{08}", "\u{0C}", "\u{00}", "\u{1F}", "\u{7F}", "é", "e\u{301}",
                                "日本", "🚀", "/", "'", "=", "\u{2028}"]
        var texts: [String] = ["", "plain"]
        for _ in 0..<300 { texts.append((0..<next(10)).map { _ in pieces[next(pieces.count)] }.joined()) }
        var lines = ""
        for text in texts {
            var bytes = ByteBuffer(capacity: 1)
            JSONText.append(string: text, to: &bytes)
            let written = bytes.string
            #expect(written == Self.reference(text), "\(text.debugDescription)")
            #expect(JSONText.string(text) == written)
            lines += written + "\n"
        }
        let script = """
        import json, sys
        for line in sys.stdin.read().split("\\n")[:-1]:
            print(".".join(format(ord(c), "x") for c in json.loads(line)))
        """
        let back = try Python.run(script, input: Data(lines.utf8)).split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(back.count == texts.count)
        for (text, codes) in zip(texts, back) {
            #expect(text.unicodeScalars.map { String($0.value, radix: 16) }.joined(separator: ".") == codes, "\(text.debugDescription)")
        }
    }
}

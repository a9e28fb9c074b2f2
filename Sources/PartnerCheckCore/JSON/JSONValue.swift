#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A parsed JSON document, kept generic so a schema can be checked before typed decoding.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// The JSON type name used by JSON Schema ("integer" for whole numbers).
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number(let n): Self.isWhole(n) ? "integer" : "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    /// Whether a number is an "integer" as JSON Schema (and Python's jsonschema) has it: any number
    /// with no fractional part.
    @inline(__always)
    static func isWhole(_ n: Double) -> Bool {
        n.isFinite && n == n.rounded()
    }

    public subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// A short rendering for error messages.
    public var brief: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return n == n.rounded() && abs(n) < 1e15 ? String(Int(n)) : String(n)
        case .string(let s):
            let cut = s.count > 40 ? String(s.prefix(40)) + "..." : s
            return "\"\(cut)\""
        case .array(let items): return "an array of \(items.count)"
        case .object: return "an object"
        }
    }

    /// Parses JSON bytes, turning a syntax error into a one-line message with line and column.
    public static func parse(_ data: Data) throws(JSONSyntaxError) -> JSONValue {
        try JSONParser.parse([UInt8](data))
    }
}

public struct JSONSyntaxError: Error, Sendable, Equatable {
    public var detail: String
}

extension JSONValue {
    /// The value as compact JSON in its plainest form: of a member name given twice only the last
    /// (as a lookup finds it), whole numbers up to 2^53 in plain digits, strings escaped only where
    /// JSON requires it. What `SessionFastReader` reads, so a document the full read has checked is
    /// turned into a session by the same code as a file read the fast way.
    var plainBytes: [UInt8] {
        var out = ByteBuffer()
        writePlain(into: &out)
        return out.array
    }

    private func writePlain(into out: inout ByteBuffer) {
        switch self {
        case .null: out.append("null" as StaticString)
        case .bool(let flag): out.append(flag ? "true" : "false" as StaticString)
        case .number(let n):
            if Self.isWhole(n) && abs(n) <= 9_007_199_254_740_992 {
                JSONText.append(integer: Int64(n), to: &out)
            } else {
                JSONText.append(number: n, to: &out)
            }
        case .string(let text): JSONText.append(string: text, to: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                item.writePlain(into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            var first = true
            for (index, member) in members.members.enumerated()
            where !members.members[(index + 1)...].contains(where: { JSONObject.sameName($0.key, member.key) }) {
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                JSONText.append(string: member.key, to: &out)
                out.append(UInt8(ascii: ":"))
                member.value.writePlain(into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }
}

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

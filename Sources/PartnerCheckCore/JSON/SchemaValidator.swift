/// A JSON Schema validator for the subset of draft 2020-12 that partnercheck's schemas use:
/// type, enum, const, required, properties, additionalProperties, items, minItems, maxItems,
/// uniqueItems, minLength, maxLength, pattern, minimum, maximum, $ref (to #/$defs), allOf,
/// anyOf, oneOf and if/then/else. An unknown keyword in a schema is a programming error and is
/// reported by `unsupportedKeywords`, which the tests run over every shipped schema.
public struct SchemaValidator {
    public let schema: JSONValue
    /// Every `pattern` in the schema, compiled once.
    private let patterns: [String: Regex<AnyRegexOutput>]

    public init(schema: JSONValue) {
        self.schema = schema
        var compiled: [String: Regex<AnyRegexOutput>] = [:]
        func collect(_ node: JSONValue) {
            switch node {
            case .object(let members):
                if case .string(let pattern)? = members["pattern"], compiled[pattern] == nil {
                    compiled[pattern] = try? Regex(pattern)
                }
                members.values.forEach(collect)
            case .array(let items):
                items.forEach(collect)
            default:
                break
            }
        }
        collect(schema)
        patterns = compiled
    }

    /// One place where a document breaks the schema.
    public struct Violation: Sendable, Equatable, CustomStringConvertible {
        /// JSON path in the document, such as `$.questions[2].kind`.
        public var path: String
        public var message: String
        public var description: String { "\(path): \(message)" }
    }

    /// All violations, in document order (object members sorted by name).
    public func validate(_ document: JSONValue) -> [Violation] {
        var out: [Violation] = []
        check(document, against: schema, path: "$", into: &out)
        return out
    }

    static let supportedKeywords: Set<String> = [
        "$schema", "$id", "$defs", "$ref", "$comment", "title", "description", "examples", "default",
        "type", "enum", "const", "required", "properties", "additionalProperties", "items",
        "minItems", "maxItems", "uniqueItems", "minLength", "maxLength", "pattern",
        "minimum", "maximum", "allOf", "anyOf", "oneOf", "if", "then", "else",
    ]

    /// Keywords in the schema that this validator would silently ignore.
    public func unsupportedKeywords() -> [String] {
        var found: Set<String> = []
        func walk(_ node: JSONValue, isSchema: Bool) {
            switch node {
            case .object(let members):
                for (key, value) in members {
                    if isSchema && !Self.supportedKeywords.contains(key) { found.insert(key) }
                    switch key {
                    case "properties", "$defs":
                        if case .object(let inner) = value { inner.values.forEach { walk($0, isSchema: true) } }
                    case "items", "additionalProperties", "if", "then", "else":
                        walk(value, isSchema: true)
                    case "allOf", "anyOf", "oneOf":
                        if case .array(let list) = value { list.forEach { walk($0, isSchema: true) } }
                    default:
                        break
                    }
                }
            default:
                break
            }
        }
        walk(schema, isSchema: true)
        return found.sorted()
    }

    private func resolve(_ reference: String) -> JSONValue? {
        guard reference.hasPrefix("#/") else { return nil }
        var node: JSONValue? = schema
        for part in reference.dropFirst(2).split(separator: "/") {
            node = node?[String(part)]
        }
        return node
    }

    private func check(_ value: JSONValue, against rule: JSONValue, path: String, into out: inout [Violation]) {
        guard case .object(let keywords) = rule else { return }
        func fail(_ message: String) { out.append(Violation(path: path, message: message)) }

        if let ref = keywords["$ref"]?.stringValue {
            if let target = resolve(ref) {
                check(value, against: target, path: path, into: &out)
            } else {
                fail("schema reference \(ref) cannot be resolved")
            }
        }
        if let type = keywords["type"] {
            let allowed: [String]
            switch type {
            case .string(let single): allowed = [single]
            case .array(let many): allowed = many.compactMap(\.stringValue)
            default: allowed = []
            }
            let actual = value.typeName
            let matches = allowed.contains(actual) || (actual == "integer" && allowed.contains("number"))
            if !matches {
                fail("expected \(allowed.joined(separator: " or ")), found \(value.brief)")
                return
            }
        }
        if case .array(let options)? = keywords["enum"], !options.contains(value) {
            let list = options.map(\.brief).joined(separator: ", ")
            fail("expected one of \(list), found \(value.brief)")
        }
        if let expected = keywords["const"], expected != value {
            fail("expected \(expected.brief), found \(value.brief)")
        }
        switch value {
        case .object(let members):
            if case .array(let required)? = keywords["required"] {
                for case .string(let name) in required where members[name] == nil {
                    fail("missing required member \"\(name)\"")
                }
            }
            let properties: JSONObject
            if case .object(let declared)? = keywords["properties"] { properties = declared } else { properties = [:] }
            for name in members.keys.sorted() {
                let member = members[name]!
                let memberPath = path + "." + name
                if let sub = properties[name] {
                    check(member, against: sub, path: memberPath, into: &out)
                } else if let extra = keywords["additionalProperties"] {
                    if extra == .bool(false) {
                        out.append(Violation(path: memberPath, message: "unknown member \"\(name)\" (not allowed here)"))
                    } else {
                        check(member, against: extra, path: memberPath, into: &out)
                    }
                }
            }
        case .array(let items):
            if case .number(let min)? = keywords["minItems"], Double(items.count) < min {
                fail("expected at least \(Int(min)) item\(min == 1 ? "" : "s"), found \(items.count)")
            }
            if case .number(let max)? = keywords["maxItems"], Double(items.count) > max {
                fail("expected at most \(Int(max)) items, found \(items.count)")
            }
            if keywords["uniqueItems"] == .bool(true) {
                for (index, item) in items.enumerated() where items[..<index].contains(item) {
                    out.append(Violation(path: "\(path)[\(index)]", message: "duplicate item \(item.brief)"))
                }
            }
            if let itemRule = keywords["items"] {
                for (index, item) in items.enumerated() {
                    check(item, against: itemRule, path: "\(path)[\(index)]", into: &out)
                }
            }
        case .string(let text):
            if case .number(let min)? = keywords["minLength"], Double(text.count) < min {
                fail(min == 1 ? "must not be empty" : "expected at least \(Int(min)) characters, found \(text.count)")
            }
            if case .number(let max)? = keywords["maxLength"], Double(text.count) > max {
                fail("expected at most \(Int(max)) characters, found \(text.count)")
            }
            if let pattern = keywords["pattern"]?.stringValue {
                if let regex = patterns[pattern] {
                    if (try? regex.firstMatch(in: text)) == nil {
                        fail("\(value.brief) does not match the pattern \(pattern)")
                    }
                } else {
                    fail("schema pattern \(pattern) is not a valid regular expression")
                }
            }
        case .number(let number):
            if case .number(let min)? = keywords["minimum"], number < min {
                fail("expected at least \(JSONValue.number(min).brief), found \(value.brief)")
            }
            if case .number(let max)? = keywords["maximum"], number > max {
                fail("expected at most \(JSONValue.number(max).brief), found \(value.brief)")
            }
        default:
            break
        }
        if case .array(let all)? = keywords["allOf"] {
            for sub in all { check(value, against: sub, path: path, into: &out) }
        }
        if case .array(let any)? = keywords["anyOf"] {
            var best: [Violation]? = nil
            for sub in any {
                var trial: [Violation] = []
                check(value, against: sub, path: path, into: &trial)
                if trial.isEmpty { best = []; break }
                if best == nil || trial.count < best!.count { best = trial }
            }
            out.append(contentsOf: best ?? [])
        }
        if case .array(let one)? = keywords["oneOf"] {
            var passing = 0
            var closest: [Violation]? = nil
            for sub in one {
                var trial: [Violation] = []
                check(value, against: sub, path: path, into: &trial)
                if trial.isEmpty { passing += 1 } else if closest == nil || trial.count < closest!.count { closest = trial }
            }
            if passing == 0 { out.append(contentsOf: closest ?? []) }
            if passing > 1 { fail("matches more than one of the allowed forms") }
        }
        if let condition = keywords["if"] {
            var trial: [Violation] = []
            check(value, against: condition, path: path, into: &trial)
            if trial.isEmpty {
                if let then = keywords["then"] { check(value, against: then, path: path, into: &out) }
            } else if let otherwise = keywords["else"] {
                check(value, against: otherwise, path: path, into: &out)
            }
        }
    }
}

/// A JSON Schema validator for the subset of draft 2020-12 that partnercheck's schemas use:
/// type, enum, const, required, properties, additionalProperties, items, minItems, maxItems,
/// uniqueItems, minLength, maxLength, pattern, minimum, maximum, $ref (to #/$defs), allOf,
/// anyOf, oneOf and if/then/else. An unknown keyword in a schema is a programming error and is
/// reported by `unsupportedKeywords`, which the tests run over every shipped schema.
public struct SchemaValidator: Sendable {
    public let schema: JSONValue
    /// The schema compiled once: every keyword read into a field, every `$ref` into a rule number,
    /// every `pattern` compiled, so checking a document looks nothing up by name.
    private let rules: [Rule]
    private let root: Int

    /// `tables`: match patterns by a table built up front (for bulk reads; see `Pattern`). The
    /// verdicts are the same either way.
    public init(schema: JSONValue, tables: Bool = true) {
        self.schema = schema
        var compiler = RuleCompiler(schema: schema, tables: tables)
        root = compiler.compile(schema)
        compiler.resolveReferences()
        rules = compiler.rules
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
        withUnsafePointer(to: Trail(step: nil, parent: nil)) { trail in
            check(document, against: root, trail: trail, into: &out)
        }
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

    /// Where the validator stands in the document: one link per level, each on the stack of the
    /// check that made it, pointing to its parent; spelt as a path (`$.a[2]`) only for a violation,
    /// so a valid document costs no string building and no allocation.
    struct Trail {
        enum Step {
            case member(String)
            case index(Int)
        }
        let step: Step?
        let parent: UnsafePointer<Trail>?

        var path: String {
            var steps: [Step] = []
            var link: Trail? = self
            while let current = link {
                if let step = current.step { steps.append(step) }
                link = current.parent?.pointee
            }
            var text = "$"
            for step in steps.reversed() {
                switch step {
                case .member(let name): text += "." + name
                case .index(let index): text += "[\(index)]"
                }
            }
            return text
        }
    }

    /// One schema object, its keywords read once. A class, so that checking a value takes a reference
    /// to its rule rather than copying a dozen fields; rules are written only while compiling.
    final class Rule: @unchecked Sendable {
        enum Additional: Sendable {
            case any
            case forbidden
            case rule(Int)
        }
        /// `$ref`: the rule it names, or the reference when it names nothing.
        var reference: Result<Int, Unresolved>?
        struct Unresolved: Error, Sendable { var reference: String }
        var types: [String]?
        /// `types` as bits (see `kindBit`), so checking a value compares no strings.
        var typeMask: UInt8 = 0
        var enumValues: [JSONValue]?
        var constValue: JSONValue?
        var required: [String] = []
        /// Sorted by name.
        var properties: [(name: String, rule: Int)] = []
        var additional: Additional = .any
        var items: Int?
        var minItems: Double?
        var maxItems: Double?
        var uniqueItems = false
        var minLength: Double?
        var maxLength: Double?
        var pattern: (source: String, compiled: Result<Pattern, Pattern.SyntaxError>)?
        var minimum: Double?
        var maximum: Double?
        var allOf: [Int] = []
        var anyOf: [Int]?
        var oneOf: [Int]?
        var condition: Int?
        var then: Int?
        var otherwise: Int?
        /// A schema that is not an object (`true`, or a misplaced value) constrains nothing.
        var constrainsNothing = false

        /// `required` in name order without repeats, for a merge with an object's sorted members.
        var requiredSorted: [String] = []

        func property(_ name: String) -> Int? {
            var low = 0, high = properties.count
            while low < high {
                let middle = (low + high) / 2
                if JSONObject.compareNames(properties[middle].name, name) < 0 { low = middle + 1 } else { high = middle }
            }
            return low < properties.count && JSONObject.sameName(properties[low].name, name) ? properties[low].rule : nil
        }
    }

    struct RuleCompiler {
        let schema: JSONValue
        var rules: [Rule] = []
        var references: [(rule: Int, reference: String)] = []
        var definitions: [String: Int] = [:]

        let tables: Bool

        init(schema: JSONValue, tables: Bool) {
            self.schema = schema
            self.tables = tables
        }

        mutating func compile(_ node: JSONValue) -> Int {
            let index = rules.count
            let rule = Rule()
            rules.append(rule)
            guard case .object(let keywords) = node else {
                rule.constrainsNothing = true
                return index
            }
            if let reference = keywords["$ref"]?.stringValue { references.append((index, reference)) }
            switch keywords["type"] {
            case .string(let single)?: rule.types = [single]
            case .array(let many)?: rule.types = many.compactMap(\.stringValue)
            case .some: rule.types = []  // a malformed `type` allows nothing, loudly
            case nil: break
            }
            for name in rule.types ?? [] {
                rule.typeMask |= SchemaValidator.typeBits[name] ?? 0
                if name == "number" { rule.typeMask |= SchemaValidator.typeBits["integer"]! }  // "number" allows integers too
            }
            if case .array(let options)? = keywords["enum"] { rule.enumValues = options }
            rule.constValue = keywords["const"]
            if case .array(let required)? = keywords["required"] {
                rule.required = required.compactMap(\.stringValue)
                var unique: [String] = []
                for name in rule.required.sorted(by: { JSONObject.compareNames($0, $1) < 0 })
                where unique.last.map({ !JSONObject.sameName($0, name) }) ?? true {
                    unique.append(name)
                }
                rule.requiredSorted = unique
            }
            if case .object(let declared)? = keywords["properties"] {
                // The last of duplicate names wins, as a lookup by name would find it.
                var byName: [String: JSONValue] = [:]
                for (name, value) in declared { byName[name] = value }
                rule.properties = byName.keys.sorted { JSONObject.compareNames($0, $1) < 0 }.map { ($0, compile(byName[$0]!)) }
            }
            if let extra = keywords["additionalProperties"] {
                rule.additional = extra == .bool(false) ? .forbidden : .rule(compile(extra))
            }
            if let items = keywords["items"] { rule.items = compile(items) }
            if case .number(let value)? = keywords["minItems"] { rule.minItems = value }
            if case .number(let value)? = keywords["maxItems"] { rule.maxItems = value }
            rule.uniqueItems = keywords["uniqueItems"] == .bool(true)
            if case .number(let value)? = keywords["minLength"] { rule.minLength = value }
            if case .number(let value)? = keywords["maxLength"] { rule.maxLength = value }
            if let source = keywords["pattern"]?.stringValue {
                do throws(Pattern.SyntaxError) {
                    rule.pattern = (source, .success(try Pattern(source, table: tables)))
                } catch {
                    rule.pattern = (source, .failure(error))
                }
            }
            if case .number(let value)? = keywords["minimum"] { rule.minimum = value }
            if case .number(let value)? = keywords["maximum"] { rule.maximum = value }
            if case .array(let all)? = keywords["allOf"] { rule.allOf = all.map { compile($0) } }
            if case .array(let any)? = keywords["anyOf"] { rule.anyOf = any.map { compile($0) } }
            if case .array(let one)? = keywords["oneOf"] { rule.oneOf = one.map { compile($0) } }
            if let condition = keywords["if"] {
                rule.condition = compile(condition)
                if let then = keywords["then"] { rule.then = compile(then) }
                if let otherwise = keywords["else"] { rule.otherwise = compile(otherwise) }
            }
            return index
        }

        /// `$ref` to `#/...` (a JSON pointer into the schema), each target compiled once.
        mutating func resolveReferences() {
            var next = 0
            while next < references.count {
                let (rule, reference) = references[next]
                next += 1
                if let known = definitions[reference] {
                    rules[rule].reference = .success(known)
                    continue
                }
                guard reference.hasPrefix("#/") else {
                    rules[rule].reference = .failure(.init(reference: reference))
                    continue
                }
                var node: JSONValue? = schema
                for part in reference.dropFirst(2).split(separator: "/") { node = node?[String(part)] }
                guard let target = node else {
                    rules[rule].reference = .failure(.init(reference: reference))
                    continue
                }
                let compiled = compile(target)  // may add references, resolved by this same loop
                definitions[reference] = compiled
                rules[rule].reference = .success(compiled)
            }
        }
    }

    static let typeBits: [String: UInt8] = [
        "null": 1, "boolean": 2, "integer": 4, "number": 8, "string": 16, "array": 32, "object": 64,
    ]

    /// The bit of a value's JSON type; a number with no fractional part is an "integer".
    @inline(__always)
    static func kindBit(_ value: JSONValue) -> UInt8 {
        switch value {
        case .null: 1
        case .bool: 2
        case .number(let n): JSONValue.isWhole(n) ? 4 : 8
        case .string: 16
        case .array: 32
        case .object: 64
        }
    }

    private func check(_ value: JSONValue, against index: Int, trail: UnsafePointer<Trail>, into out: inout [Violation]) {
        let rule = rules[index]
        if rule.constrainsNothing { return }
        func fail(_ message: String) { out.append(Violation(path: trail.pointee.path, message: message)) }

        switch rule.reference {
        case .success(let target)?: check(value, against: target, trail: trail, into: &out)
        case .failure(let unresolved)?: fail("schema reference \(unresolved.reference) cannot be resolved")
        case nil: break
        }
        if let allowed = rule.types, Self.kindBit(value) & rule.typeMask == 0 {
            fail("expected \(allowed.joined(separator: " or ")), found \(value.brief)")
            return
        }
        if let options = rule.enumValues, !options.contains(value) {
            let list = options.map(\.brief).joined(separator: ", ")
            fail("expected one of \(list), found \(value.brief)")
        }
        if let expected = rule.constValue, expected != value {
            fail("expected \(expected.brief), found \(value.brief)")
        }
        switch value {
        case .object(let members):
            let list = members.members
            // A rule that only looks at a few named members (an `if` such as {"properties": {"status":
            // {"const": "answered"}}}) looks them up, in name order, instead of walking every member.
            if case .any = rule.additional, rule.required.isEmpty, rule.properties.count * 3 <= list.count {
                for (name, sub) in rule.properties {
                    guard let member = members[name] else { continue }
                    withUnsafePointer(to: Trail(step: .member(name), parent: trail)) { child in
                        check(member, against: sub, trail: child, into: &out)
                    }
                }
                break
            }
            // Members in name order (by code point); a duplicate name is checked once, with its last
            // value. Files partnercheck writes have their members sorted already: then the required
            // names and the declared properties are found by one merge with them, comparing bytes.
            var strictlySorted = true
            var position = 1
            while position < list.count {
                if JSONObject.compareNames(list[position - 1].key, list[position].key) >= 0 { strictlySorted = false; break }
                position += 1
            }
            var allRequired = false
            if strictlySorted {
                var found = 0
                var next = 0
                let required = rule.requiredSorted
                for member in list where next < required.count {
                    var order = JSONObject.compareNames(required[next], member.key)
                    while order < 0 && next + 1 < required.count {
                        next += 1
                        order = JSONObject.compareNames(required[next], member.key)
                    }
                    if order == 0 {
                        found += 1
                        next += 1
                    }
                }
                allRequired = found == required.count
            }
            if !allRequired {
                for name in rule.required where members[name] == nil {
                    fail("missing required member \"\(name)\"")
                }
            }
            func checkMember(_ name: String, _ member: JSONValue, _ sub: Int?) {
                let target: Int
                if let sub {
                    target = sub
                } else {
                    switch rule.additional {
                    case .any: return  // nothing to check, nothing to record
                    case .forbidden:
                        withUnsafePointer(to: Trail(step: .member(name), parent: trail)) { child in
                            out.append(Violation(path: child.pointee.path, message: "unknown member \"\(name)\" (not allowed here)"))
                        }
                        return
                    case .rule(let extra): target = extra
                    }
                }
                withUnsafePointer(to: Trail(step: .member(name), parent: trail)) { child in
                    check(member, against: target, trail: child, into: &out)
                }
            }
            if strictlySorted {
                let properties = rule.properties
                var next = 0
                for (name, member) in list {
                    var sub: Int? = nil
                    while next < properties.count {
                        let order = JSONObject.compareNames(properties[next].name, name)
                        if order < 0 { next += 1; continue }
                        if order == 0 { sub = properties[next].rule }
                        break
                    }
                    checkMember(name, member, sub)
                }
            } else {
                var previous: String? = nil
                for name in members.keys.sorted(by: { JSONObject.compareNames($0, $1) < 0 }) {
                    if let previous, JSONObject.sameName(previous, name) { continue }
                    previous = name
                    checkMember(name, members[name]!, rule.property(name))
                }
            }
        case .array(let items):
            if let min = rule.minItems, Double(items.count) < min {
                fail("expected at least \(Int(min)) item\(min == 1 ? "" : "s"), found \(items.count)")
            }
            if let max = rule.maxItems, Double(items.count) > max {
                fail("expected at most \(Int(max)) items, found \(items.count)")
            }
            if rule.uniqueItems {
                for (index, item) in items.enumerated() where items[..<index].contains(item) {
                    withUnsafePointer(to: Trail(step: .index(index), parent: trail)) { child in
                        out.append(Violation(path: child.pointee.path, message: "duplicate item \(item.brief)"))
                    }
                }
            }
            if let itemRule = rule.items {
                for (index, item) in items.enumerated() {
                    withUnsafePointer(to: Trail(step: .index(index), parent: trail)) { child in
                        check(item, against: itemRule, trail: child, into: &out)
                    }
                }
            }
        case .string(let text):
            // A length in JSON Schema counts code points (not what Swift calls characters: "e" with a
            // combining accent is two). They are counted only when the bytes cannot decide: a code
            // point is 1 to 4 bytes in UTF-8.
            let bytes = Double(text.utf8.count)
            let undecided = rule.minLength.map { bytes < 4 * $0 } == true || rule.maxLength.map { bytes > $0 } == true
            if undecided {
                let length = text.unicodeScalars.count
                if let min = rule.minLength, Double(length) < min {
                    fail(min == 1 ? "must not be empty" : "expected at least \(Int(min)) characters, found \(length)")
                }
                if let max = rule.maxLength, Double(length) > max {
                    fail("expected at most \(Int(max)) characters, found \(length)")
                }
            }
            if let (source, compiled) = rule.pattern {
                switch compiled {
                case .success(let pattern):
                    if !pattern.matches(text) { fail("\(value.brief) does not match the pattern \(source)") }
                case .failure(let error):
                    fail("schema pattern \(source) is not supported: \(error)")
                }
            }
        case .number(let number):
            if let min = rule.minimum, number < min {
                fail("expected at least \(JSONValue.number(min).brief), found \(value.brief)")
            }
            if let max = rule.maximum, number > max {
                fail("expected at most \(JSONValue.number(max).brief), found \(value.brief)")
            }
        default:
            break
        }
        for sub in rule.allOf { check(value, against: sub, trail: trail, into: &out) }
        if let any = rule.anyOf {
            var best: [Violation]? = nil
            for sub in any {
                var trial: [Violation] = []
                check(value, against: sub, trail: trail, into: &trial)
                if trial.isEmpty { best = []; break }
                if best == nil || trial.count < best!.count { best = trial }
            }
            out.append(contentsOf: best ?? [])
        }
        if let one = rule.oneOf {
            var passing = 0
            var closest: [Violation]? = nil
            for sub in one {
                var trial: [Violation] = []
                check(value, against: sub, trail: trail, into: &trial)
                if trial.isEmpty { passing += 1 } else if closest == nil || trial.count < closest!.count { closest = trial }
            }
            if passing == 0 { out.append(contentsOf: closest ?? []) }
            if passing > 1 { fail("matches more than one of the allowed forms") }
        }
        if let condition = rule.condition {
            var trial: [Violation] = []
            check(value, against: condition, trail: trail, into: &trial)
            if trial.isEmpty {
                if let then = rule.then { check(value, against: then, trail: trail, into: &out) }
            } else if let otherwise = rule.otherwise {
                check(value, against: otherwise, trail: trail, into: &out)
            }
        }
    }
}

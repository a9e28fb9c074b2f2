/// Reading model values straight from parsed JSON. Sessions are read by the thousand in a
/// workshop or an export, questionnaires at every start-up; going through Codable's containers
/// costs more than the parsing itself. Errors name the JSON path, like the schema validator's.
struct JSONFieldError: Error {
    var path: String
    var message: String

    init(_ path: JSONPath, _ message: String) {
        self.path = path.text
        self.message = message
    }
}

/// Where a value sits in a document, e.g. `$.rounds[0].answers[3]`. Kept as a chain and spelled
/// out only when an error needs it: building the text for every value read cost more than
/// reading the values.
indirect enum JSONPath {
    case root
    case member(JSONPath, String)
    case item(JSONPath, Int)

    func appending(_ key: String) -> JSONPath { .member(self, key) }
    func appending(index: Int) -> JSONPath { .item(self, index) }

    var text: String {
        switch self {
        case .root: "$"
        case .member(let parent, let key): parent.text + "." + key
        case .item(let parent, let index): parent.text + "[\(index)]"
        }
    }
}

struct JSONFields {
    let members: JSONObject
    let path: JSONPath

    init(_ value: JSONValue, _ path: JSONPath = .root) throws(JSONFieldError) {
        guard case .object(let members) = value else { throw JSONFieldError(path, "expected object, found \(value.brief)") }
        self.members = members
        self.path = path
    }

    func string(_ key: String) throws(JSONFieldError) -> String {
        guard let value = members[key] else { throw JSONFieldError(path, "missing required member \"\(key)\"") }
        guard case .string(let text) = value else { throw JSONFieldError(path.appending(key), "expected string, found \(value.brief)") }
        return text
    }

    func optionalString(_ key: String) throws(JSONFieldError) -> String? {
        guard let value = members[key], value != .null else { return nil }
        guard case .string(let text) = value else { throw JSONFieldError(path.appending(key), "expected string, found \(value.brief)") }
        return text
    }

    func integer(_ value: JSONValue, _ at: @autoclosure () -> JSONPath) throws(JSONFieldError) -> Int {
        guard case .number(let number) = value, number == number.rounded(), let whole = Int(exactly: number) else {
            throw JSONFieldError(at(), "expected integer, found \(value.brief)")
        }
        return whole
    }

    func integer(_ key: String) throws(JSONFieldError) -> Int {
        guard let value = members[key] else { throw JSONFieldError(path, "missing required member \"\(key)\"") }
        return try integer(value, path.appending(key))
    }

    func array(_ key: String) throws(JSONFieldError) -> [JSONValue] {
        guard let value = members[key] else { throw JSONFieldError(path, "missing required member \"\(key)\"") }
        guard case .array(let items) = value else { throw JSONFieldError(path.appending(key), "expected array, found \(value.brief)") }
        return items
    }

    func choice<T: RawRepresentable>(_ key: String, _ type: T.Type, optional: Bool = false) throws(JSONFieldError) -> T? where T.RawValue == String {
        guard let text = optional ? try optionalString(key) : try string(key) else { return nil }
        guard let value = T(rawValue: text) else { throw JSONFieldError(path.appending(key), "unknown value \"\(text)\"") }
        return value
    }

    func number(_ key: String) throws(JSONFieldError) -> Double {
        guard let value = members[key] else { throw JSONFieldError(path, "missing required member \"\(key)\"") }
        guard case .number(let number) = value else { throw JSONFieldError(path.appending(key), "expected number, found \(value.brief)") }
        return number
    }

    func optionalNumber(_ key: String) throws(JSONFieldError) -> Double? {
        guard let value = members[key], value != .null else { return nil }
        return try number(key)
    }

    func optionalInteger(_ key: String) throws(JSONFieldError) -> Int? {
        guard let value = members[key], value != .null else { return nil }
        return try integer(value, path.appending(key))
    }

    func optionalBool(_ key: String) throws(JSONFieldError) -> Bool? {
        guard let value = members[key], value != .null else { return nil }
        guard case .bool(let flag) = value else { throw JSONFieldError(path.appending(key), "expected boolean, found \(value.brief)") }
        return flag
    }

    func optionalArray(_ key: String) throws(JSONFieldError) -> [JSONValue]? {
        guard let value = members[key], value != .null else { return nil }
        return try array(key)
    }

    /// The items of an array that must hold only strings; another item is named at its own path.
    static func strings(_ items: [JSONValue], at path: JSONPath) throws(JSONFieldError) -> [String] {
        var texts: [String] = []
        texts.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            guard case .string(let text) = item else { throw JSONFieldError(path.appending(index: index), "expected string, found \(item.brief)") }
            texts.append(text)
        }
        return texts
    }

    /// Each item of an array member read as an object at its own path.
    func objects<T>(_ key: String, optional: Bool = false, _ read: (JSONFields) throws(JSONFieldError) -> T) throws(JSONFieldError) -> [T]? {
        guard let items = optional ? try optionalArray(key) : try array(key) else { return nil }
        var out: [T] = []
        out.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            out.append(try read(try JSONFields(item, path.appending(key).appending(index: index))))
        }
        return out
    }

    func object(_ key: String) throws(JSONFieldError) -> JSONFields {
        guard let value = members[key] else { throw JSONFieldError(path, "missing required member \"\(key)\"") }
        return try JSONFields(value, path.appending(key))
    }

    func optionalObject(_ key: String) throws(JSONFieldError) -> JSONFields? {
        guard let value = members[key], value != .null else { return nil }
        return try JSONFields(value, path.appending(key))
    }
}

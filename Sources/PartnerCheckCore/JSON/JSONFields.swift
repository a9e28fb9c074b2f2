/// Reading model values straight from parsed JSON. Sessions are read by the thousand in a
/// workshop or an export, questionnaires at every start-up; going through Codable containers
/// costs more than the parsing itself. Errors name the JSON path, like the schema validator's.
struct JSONFieldError: Error {
    var path: String
    var message: String
}

struct JSONFields {
    let members: JSONObject
    let path: String

    init(_ value: JSONValue, _ path: String) throws(JSONFieldError) {
        guard case .object(let members) = value else { throw JSONFieldError(path: path, message: "expected object, found \(value.brief)") }
        self.members = members
        self.path = path
    }

    func string(_ key: String) throws(JSONFieldError) -> String {
        guard let value = members[key] else { throw JSONFieldError(path: path, message: "missing required member \"\(key)\"") }
        guard case .string(let text) = value else { throw JSONFieldError(path: path + "." + key, message: "expected string, found \(value.brief)") }
        return text
    }

    func optionalString(_ key: String) throws(JSONFieldError) -> String? {
        guard let value = members[key], value != .null else { return nil }
        guard case .string(let text) = value else { throw JSONFieldError(path: path + "." + key, message: "expected string, found \(value.brief)") }
        return text
    }

    func integer(_ value: JSONValue, _ at: String) throws(JSONFieldError) -> Int {
        guard case .number(let number) = value, number == number.rounded(), let whole = Int(exactly: number) else {
            throw JSONFieldError(path: at, message: "expected integer, found \(value.brief)")
        }
        return whole
    }

    func integer(_ key: String) throws(JSONFieldError) -> Int {
        guard let value = members[key] else { throw JSONFieldError(path: path, message: "missing required member \"\(key)\"") }
        return try integer(value, path + "." + key)
    }

    func array(_ key: String) throws(JSONFieldError) -> [JSONValue] {
        guard let value = members[key] else { throw JSONFieldError(path: path, message: "missing required member \"\(key)\"") }
        guard case .array(let items) = value else { throw JSONFieldError(path: path + "." + key, message: "expected array, found \(value.brief)") }
        return items
    }

    func choice<T: RawRepresentable>(_ key: String, _ type: T.Type, optional: Bool = false) throws(JSONFieldError) -> T? where T.RawValue == String {
        guard let text = optional ? try optionalString(key) : try string(key) else { return nil }
        guard let value = T(rawValue: text) else { throw JSONFieldError(path: path + "." + key, message: "unknown value \"\(text)\"") }
        return value
    }

    func number(_ key: String) throws(JSONFieldError) -> Double {
        guard let value = members[key] else { throw JSONFieldError(path: path, message: "missing required member \"\(key)\"") }
        guard case .number(let number) = value else { throw JSONFieldError(path: path + "." + key, message: "expected number, found \(value.brief)") }
        return number
    }

    func optionalNumber(_ key: String) throws(JSONFieldError) -> Double? {
        guard let value = members[key], value != .null else { return nil }
        return try number(key)
    }

    func optionalInteger(_ key: String) throws(JSONFieldError) -> Int? {
        guard let value = members[key], value != .null else { return nil }
        return try integer(value, path + "." + key)
    }

    func optionalBool(_ key: String) throws(JSONFieldError) -> Bool? {
        guard let value = members[key], value != .null else { return nil }
        guard case .bool(let flag) = value else { throw JSONFieldError(path: path + "." + key, message: "expected boolean, found \(value.brief)") }
        return flag
    }

    func optionalArray(_ key: String) throws(JSONFieldError) -> [JSONValue]? {
        guard let value = members[key], value != .null else { return nil }
        return try array(key)
    }

    /// Each item of an array member read as an object at its own path.
    func objects<T>(_ key: String, optional: Bool = false, _ read: (JSONFields) throws(JSONFieldError) -> T) throws(JSONFieldError) -> [T]? {
        guard let items = optional ? try optionalArray(key) : try array(key) else { return nil }
        var out: [T] = []
        out.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            out.append(try read(try JSONFields(item, "\(path).\(key)[\(index)]")))
        }
        return out
    }

    func object(_ key: String) throws(JSONFieldError) -> JSONFields {
        guard let value = members[key] else { throw JSONFieldError(path: path, message: "missing required member \"\(key)\"") }
        return try JSONFields(value, path + "." + key)
    }

    func optionalObject(_ key: String) throws(JSONFieldError) -> JSONFields? {
        guard let value = members[key], value != .null else { return nil }
        return try JSONFields(value, path + "." + key)
    }
}

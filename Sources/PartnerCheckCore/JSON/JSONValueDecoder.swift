/// Decodes `Decodable` values from a parsed `JSONValue`, with no runtime type checks beyond
/// what the types themselves ask for. Errors carry the coding path.
struct JSONValueDecoder: Decoder {
    let value: JSONValue
    let codingPath: [CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(_ value: JSONValue, path: [CodingKey] = []) {
        self.value = value
        self.codingPath = path
    }

    static func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
        try T(from: JSONValueDecoder(value))
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = value else { throw mismatch(codingPath, "an object") }
        return KeyedDecodingContainer(Keyed<Key>(members: members, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> UnkeyedDecodingContainer {
        guard case .array(let items) = value else { throw mismatch(codingPath, "an array") }
        return Unkeyed(items: items, codingPath: codingPath)
    }

    func singleValueContainer() throws -> SingleValueDecodingContainer {
        Single(value: value, codingPath: codingPath)
    }

    private func mismatch(_ path: [CodingKey], _ expected: String) -> DecodingError {
        DecodingError.typeMismatch(Any.self, .init(codingPath: path, debugDescription: "expected \(expected), found \(value.brief)"))
    }
}

private struct IndexKey: CodingKey {
    var intValue: Int?
    var stringValue: String { "\(intValue ?? 0)" }
    init(_ index: Int) { intValue = index }
    init?(stringValue: String) { return nil }
    init?(intValue: Int) { self.intValue = intValue }
}

private func primitive<T>(_ value: JSONValue, _ path: [CodingKey], as type: T.Type) throws -> T {
    func fail(_ expected: String) -> DecodingError {
        .typeMismatch(T.self, .init(codingPath: path, debugDescription: "expected \(expected), found \(value.brief)"))
    }
    switch value {
    case .bool(let b):
        if let b = b as? T { return b }
        throw fail(String(describing: T.self))
    case .string(let s):
        if let s = s as? T { return s }
        throw fail(String(describing: T.self))
    case .number(let n):
        if T.self == Double.self { return n as! T }
        if T.self == Float.self { return Float(n) as! T }
        if T.self == Int.self {
            guard n == n.rounded(), let i = Int(exactly: n) else { throw fail("a whole number") }
            return i as! T
        }
        if T.self == Int64.self, let i = Int64(exactly: n) { return i as! T }
        if T.self == Int32.self, let i = Int32(exactly: n) { return i as! T }
        if T.self == UInt.self, let i = UInt(exactly: n) { return i as! T }
        throw fail(String(describing: T.self))
    default:
        throw fail(String(describing: T.self))
    }
}

private struct Single: SingleValueDecodingContainer {
    let value: JSONValue
    let codingPath: [CodingKey]

    func decodeNil() -> Bool { value == .null }
    func decode(_ type: Bool.Type) throws -> Bool { try primitive(value, codingPath, as: Bool.self) }
    func decode(_ type: String.Type) throws -> String { try primitive(value, codingPath, as: String.self) }
    func decode(_ type: Double.Type) throws -> Double { try primitive(value, codingPath, as: Double.self) }
    func decode(_ type: Float.Type) throws -> Float { try primitive(value, codingPath, as: Float.self) }
    func decode(_ type: Int.Type) throws -> Int { try primitive(value, codingPath, as: Int.self) }
    func decode(_ type: Int8.Type) throws -> Int8 { Int8(try primitive(value, codingPath, as: Int.self)) }
    func decode(_ type: Int16.Type) throws -> Int16 { Int16(try primitive(value, codingPath, as: Int.self)) }
    func decode(_ type: Int32.Type) throws -> Int32 { try primitive(value, codingPath, as: Int32.self) }
    func decode(_ type: Int64.Type) throws -> Int64 { try primitive(value, codingPath, as: Int64.self) }
    func decode(_ type: UInt.Type) throws -> UInt { try primitive(value, codingPath, as: UInt.self) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { UInt8(try primitive(value, codingPath, as: UInt.self)) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { UInt16(try primitive(value, codingPath, as: UInt.self)) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { UInt32(try primitive(value, codingPath, as: UInt.self)) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { UInt64(try primitive(value, codingPath, as: UInt.self)) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try T(from: JSONValueDecoder(value, path: codingPath)) }
}

private struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let members: JSONObject
    let codingPath: [CodingKey]

    var allKeys: [Key] { members.keys.sorted().compactMap { Key(stringValue: $0) } }
    func contains(_ key: Key) -> Bool { members[key.stringValue] != nil }

    private func member(_ key: Key) throws -> JSONValue {
        guard let value = members[key.stringValue] else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "missing member \"\(key.stringValue)\""))
        }
        return value
    }

    func decodeNil(forKey key: Key) throws -> Bool { (members[key.stringValue] ?? .null) == .null }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try primitive(member(key), codingPath + [key], as: Bool.self) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try primitive(member(key), codingPath + [key], as: String.self) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try primitive(member(key), codingPath + [key], as: Double.self) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try primitive(member(key), codingPath + [key], as: Float.self) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try primitive(member(key), codingPath + [key], as: Int.self) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { Int8(try primitive(member(key), codingPath + [key], as: Int.self)) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { Int16(try primitive(member(key), codingPath + [key], as: Int.self)) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try primitive(member(key), codingPath + [key], as: Int32.self) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try primitive(member(key), codingPath + [key], as: Int64.self) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try primitive(member(key), codingPath + [key], as: UInt.self) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { UInt8(try primitive(member(key), codingPath + [key], as: UInt.self)) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { UInt16(try primitive(member(key), codingPath + [key], as: UInt.self)) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { UInt32(try primitive(member(key), codingPath + [key], as: UInt.self)) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { UInt64(try primitive(member(key), codingPath + [key], as: UInt.self)) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try T(from: JSONValueDecoder(try member(key), path: codingPath + [key]))
    }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? {
        guard let value = members[key.stringValue], value != .null else { return nil }
        return try primitive(value, codingPath + [key], as: String.self)
    }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? {
        guard let value = members[key.stringValue], value != .null else { return nil }
        return try primitive(value, codingPath + [key], as: Int.self)
    }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? {
        guard let value = members[key.stringValue], value != .null else { return nil }
        return try primitive(value, codingPath + [key], as: Double.self)
    }
    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? {
        guard let value = members[key.stringValue], value != .null else { return nil }
        return try primitive(value, codingPath + [key], as: Bool.self)
    }
    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let value = members[key.stringValue], value != .null else { return nil }
        return try T(from: JSONValueDecoder(value, path: codingPath + [key]))
    }
    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try JSONValueDecoder(try member(key), path: codingPath + [key]).container(keyedBy: type)
    }
    func nestedUnkeyedContainer(forKey key: Key) throws -> UnkeyedDecodingContainer {
        try JSONValueDecoder(try member(key), path: codingPath + [key]).unkeyedContainer()
    }
    func superDecoder() throws -> Decoder { JSONValueDecoder(.object(members), path: codingPath) }
    func superDecoder(forKey key: Key) throws -> Decoder { JSONValueDecoder(try member(key), path: codingPath + [key]) }
}

private struct Unkeyed: UnkeyedDecodingContainer {
    let items: [JSONValue]
    let codingPath: [CodingKey]
    var currentIndex = 0
    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    init(items: [JSONValue], codingPath: [CodingKey]) {
        self.items = items
        self.codingPath = codingPath
    }

    private mutating func next() throws -> (JSONValue, [CodingKey]) {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(Any.self, .init(codingPath: codingPath, debugDescription: "the array has no more items"))
        }
        defer { currentIndex += 1 }
        return (items[currentIndex], codingPath + [IndexKey(currentIndex)])
    }

    mutating func decodeNil() throws -> Bool {
        if !isAtEnd, items[currentIndex] == .null { currentIndex += 1; return true }
        return false
    }
    mutating func decode(_ type: Bool.Type) throws -> Bool { let (v, p) = try next(); return try primitive(v, p, as: Bool.self) }
    mutating func decode(_ type: String.Type) throws -> String { let (v, p) = try next(); return try primitive(v, p, as: String.self) }
    mutating func decode(_ type: Double.Type) throws -> Double { let (v, p) = try next(); return try primitive(v, p, as: Double.self) }
    mutating func decode(_ type: Float.Type) throws -> Float { let (v, p) = try next(); return try primitive(v, p, as: Float.self) }
    mutating func decode(_ type: Int.Type) throws -> Int { let (v, p) = try next(); return try primitive(v, p, as: Int.self) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { let (v, p) = try next(); return Int8(try primitive(v, p, as: Int.self)) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { let (v, p) = try next(); return Int16(try primitive(v, p, as: Int.self)) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { let (v, p) = try next(); return try primitive(v, p, as: Int32.self) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { let (v, p) = try next(); return try primitive(v, p, as: Int64.self) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { let (v, p) = try next(); return try primitive(v, p, as: UInt.self) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { let (v, p) = try next(); return UInt8(try primitive(v, p, as: UInt.self)) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { let (v, p) = try next(); return UInt16(try primitive(v, p, as: UInt.self)) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { let (v, p) = try next(); return UInt32(try primitive(v, p, as: UInt.self)) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { let (v, p) = try next(); return UInt64(try primitive(v, p, as: UInt.self)) }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let (v, p) = try next()
        return try T(from: JSONValueDecoder(v, path: p))
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let (v, p) = try next()
        return try JSONValueDecoder(v, path: p).container(keyedBy: type)
    }
    mutating func nestedUnkeyedContainer() throws -> UnkeyedDecodingContainer {
        let (v, p) = try next()
        return try JSONValueDecoder(v, path: p).unkeyedContainer()
    }
    mutating func superDecoder() throws -> Decoder {
        let (v, p) = try next()
        return JSONValueDecoder(v, path: p)
    }
}

/// Writes any `Encodable` value as JSON the way partnercheck's files and reports are written:
/// indented by two spaces, `"name" : value`, members in the order of their names' UTF-8 bytes.
/// The output is byte for byte what Foundation's `JSONEncoder` writes with `.prettyPrinted` and
/// `.sortedKeys` (a test compares the two on every kind of value partnercheck writes, and on edge
/// cases), so files written before and after read the same. It builds a light tree of nodes and then
/// one byte buffer, instead of Foundation's boxed values and second pass: a workshop report of
/// 10,000 people took 25 MB more memory than the report itself through `JSONEncoder`.
public struct JSONWriter: Sendable {
    /// Whether "/" is written as "\/" (Foundation's default; partnercheck's own files do not).
    public var escapeSlashes: Bool

    public init(escapeSlashes: Bool) {
        self.escapeSlashes = escapeSlashes
    }

    /// The JSON text of `value`, without a final newline.
    public func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let root = JSONNode()
        try value.encode(to: NodeEncoder(node: root, codingPath: []))
        var out = ByteBuffer(capacity: 16_384)
        write(root, indent: 0, into: &out)
        return out.array
    }

    private func write(_ node: JSONNode, indent: Int, into out: inout ByteBuffer) {
        switch node.content {
        case .literal(let text):
            out.append(text)
        case .string(let text):
            writeString(text, into: &out)
        case .array:
            out.append(UInt8(ascii: "["))
            writeItems(node.items, indent: indent, into: &out) { item, out in write(item, indent: indent + 2, into: &out) }
            out.append(UInt8(ascii: "]"))
        case .object, .empty:
            out.append(UInt8(ascii: "{"))
            writeItems(node.members, indent: indent, into: &out) { member, out in
                writeString(member.name, into: &out)
                out.append(" : " as StaticString)
                write(member.item, indent: indent + 2, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    private func write(_ item: JSONNode.Item, indent: Int, into out: inout ByteBuffer) {
        switch item {
        case .literal(let text): out.append(text)
        case .string(let text): writeString(text, into: &out)
        case .node(let node): write(node, indent: indent, into: &out)
        }
    }

    /// One item per line, indented; an empty container as an empty line, as Foundation writes it.
    private func writeItems<Item>(_ items: [Item], indent: Int, into out: inout ByteBuffer,
                                  _ each: (Item, inout ByteBuffer) -> Void) {
        out.append(UInt8(ascii: "\n"))
        for (index, item) in items.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ","), UInt8(ascii: "\n")) }
            Self.indent(indent + 2, into: &out)
            each(item, &out)
        }
        out.append(UInt8(ascii: "\n"))
        Self.indent(indent, into: &out)
    }

    private static let spaces: StaticString = "                                                                "

    /// `count` spaces, copied in blocks rather than appended one by one.
    private static func indent(_ count: Int, into out: inout ByteBuffer) {
        var left = count
        spaces.withUTF8Buffer { spaces in
            while left > 0 {
                let block = min(left, spaces.count)
                out.append(UnsafeBufferPointer(rebasing: spaces[..<block]))
                left -= block
            }
        }
    }

    private func writeString(_ text: String, into out: inout ByteBuffer) {
        JSONText.append(string: text, to: &out, escapingSlashes: escapeSlashes)
    }

    /// A number as Foundation writes it: Swift's shortest round-trip digits, without a ".0" for a
    /// whole number ("75", "56.52", "1e-07", "1e+16").
    static func number<Number: BinaryFloatingPoint & CustomStringConvertible>(_ value: Number) -> String {
        let text = value.description
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }
}

/// One value of the tree: a class, so that a container can fill it after handing it out.
final class JSONNode {
    enum Content {
        case empty
        case literal(String)
        case string(String)
        case array
        case object
    }

    /// A value inside a container: a scalar as it is (most values are; a node each cost an
    /// allocation), a container as a node.
    enum Item {
        case literal(String)
        case string(String)
        case node(JSONNode)
    }

    var content: Content = .empty
    var items: [Item] = []
    /// Kept in the order of their names' bytes as they are added; of a name given twice, the last value.
    var members: [(name: String, item: Item)] = []

    init() {}

    init(_ content: Content) {
        self.content = content
    }

    func member(_ name: String, _ item: Item) {
        content = .object
        // Members come in declaration order, a dozen at most: found from the end, inserted in place.
        var index = members.count
        while index > 0 {
            let order = JSONObject.compareNames(members[index - 1].name, name)
            if order == 0 {
                members[index - 1].item = item
                return
            }
            if order < 0 { break }
            index -= 1
        }
        members.insert((name, item), at: index)
    }

    func member(_ name: String, _ node: JSONNode) {
        member(name, .node(node))
    }
}

private struct NodeEncoder: Encoder {
    let node: JSONNode
    var codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .empty = node.content { node.content = .object }
        return KeyedEncodingContainer(KeyedNodeContainer<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .empty = node.content { node.content = .array }
        return UnkeyedNodeContainer(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleNodeContainer(node: node, codingPath: codingPath)
    }
}

/// Scalars straight into items; anything else into a node, through its own `encode(to:)`.
private enum Scalar {
    static func item<T: Encodable>(_ value: T, codingPath: @autoclosure () -> [any CodingKey]) throws -> JSONNode.Item {
        // Compared by type rather than cast: a cast to each scalar type in turn was a runtime
        // dynamic cast per value, a sixth of writing a workshop report.
        if T.self == String.self { return .string(unsafeBitCast(value, to: String.self)) }
        if T.self == Double.self { return .literal(JSONWriter.number(unsafeBitCast(value, to: Double.self))) }
        if T.self == Int.self { return .literal(String(unsafeBitCast(value, to: Int.self))) }
        if T.self == Bool.self { return .literal(unsafeBitCast(value, to: Bool.self) ? "true" : "false") }
        let node = JSONNode()
        try value.encode(to: NodeEncoder(node: node, codingPath: codingPath()))
        // A value that encoded itself as one scalar (an enumeration by its raw value) is kept as one.
        switch node.content {
        case .literal(let text): return .literal(text)
        case .string(let text): return .string(text)
        default: return .node(node)
        }
    }
}

private struct KeyedNodeContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: JSONNode
    var codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws { node.member(key.stringValue, .literal("null")) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { node.member(key.stringValue, .literal(value ? "true" : "false")) }
    mutating func encode(_ value: String, forKey key: Key) throws { node.member(key.stringValue, .string(value)) }
    mutating func encode(_ value: Double, forKey key: Key) throws { node.member(key.stringValue, .literal(JSONWriter.number(value))) }
    mutating func encode(_ value: Int, forKey key: Key) throws { node.member(key.stringValue, .literal(String(value))) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { node.member(key.stringValue, .literal(String(value))) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { node.member(key.stringValue, .literal(String(value))) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { node.member(key.stringValue, .literal(String(value))) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { node.member(key.stringValue, .literal(String(value))) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { node.member(key.stringValue, .literal(String(value))) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { node.member(key.stringValue, .literal(String(value))) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { node.member(key.stringValue, .literal(String(value))) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { node.member(key.stringValue, .literal(String(value))) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { node.member(key.stringValue, .literal(String(value))) }
    mutating func encode(_ value: Float, forKey key: Key) throws { node.member(key.stringValue, .literal(JSONWriter.number(value))) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        node.member(key.stringValue, try Scalar.item(value, codingPath: codingPath + [key]))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type,
                                                        forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let child = JSONNode(.object)
        node.member(key.stringValue, child)
        return KeyedEncodingContainer(KeyedNodeContainer<NestedKey>(node: child, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = JSONNode(.array)
        node.member(key.stringValue, child)
        return UnkeyedNodeContainer(node: child, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder {
        let child = JSONNode()
        node.member("super", child)
        return NodeEncoder(node: child, codingPath: codingPath)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        let child = JSONNode()
        node.member(key.stringValue, child)
        return NodeEncoder(node: child, codingPath: codingPath + [key])
    }
}

private struct UnkeyedNodeContainer: UnkeyedEncodingContainer {
    let node: JSONNode
    var codingPath: [any CodingKey]
    var count: Int { node.items.count }

    mutating func encodeNil() throws { node.items.append(.literal("null")) }
    mutating func encode(_ value: String) throws { node.items.append(.string(value)) }
    mutating func encode(_ value: Double) throws { node.items.append(.literal(JSONWriter.number(value))) }
    mutating func encode(_ value: Int) throws { node.items.append(.literal(String(value))) }
    mutating func encode(_ value: Int8) throws { node.items.append(.literal(String(value))) }
    mutating func encode(_ value: Int16) throws { node.items.append(.literal(String(value))) }
    mutating func encode(_ value: Int32) throws { node.items.append(.literal(String(value))) }
    mutating func encode(_ value: Int64) throws { node.items.append(.literal(String(value))) }
    mutating func encode(_ value: UInt) throws { node.items.append(.literal(String(value))) }
    mutating func encode(_ value: UInt8) throws { node.items.append(.literal(String(value))) }
    mutating func encode(_ value: UInt16) throws { node.items.append(.literal(String(value))) }
    mutating func encode(_ value: UInt32) throws { node.items.append(.literal(String(value))) }
    mutating func encode(_ value: UInt64) throws { node.items.append(.literal(String(value))) }
    mutating func encode(_ value: Bool) throws { node.items.append(.literal(value ? "true" : "false")) }
    mutating func encode(_ value: Float) throws { node.items.append(.literal(JSONWriter.number(value))) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        node.items.append(try Scalar.item(value, codingPath: codingPath))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let child = JSONNode(.object)
        node.items.append(.node(child))
        return KeyedEncodingContainer(KeyedNodeContainer<NestedKey>(node: child, codingPath: codingPath))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let child = JSONNode(.array)
        node.items.append(.node(child))
        return UnkeyedNodeContainer(node: child, codingPath: codingPath)
    }

    mutating func superEncoder() -> any Encoder {
        let child = JSONNode()
        node.items.append(.node(child))
        return NodeEncoder(node: child, codingPath: codingPath)
    }
}

private struct SingleNodeContainer: SingleValueEncodingContainer {
    let node: JSONNode
    var codingPath: [any CodingKey]

    mutating func encodeNil() throws { node.content = .literal("null") }
    mutating func encode(_ value: Bool) throws { node.content = .literal(value ? "true" : "false") }
    mutating func encode(_ value: String) throws { node.content = .string(value) }
    mutating func encode(_ value: Double) throws { node.content = .literal(JSONWriter.number(value)) }
    mutating func encode(_ value: Int) throws { node.content = .literal(String(value)) }
    mutating func encode(_ value: Int8) throws { node.content = .literal(String(value)) }
    mutating func encode(_ value: Int16) throws { node.content = .literal(String(value)) }
    mutating func encode(_ value: Int32) throws { node.content = .literal(String(value)) }
    mutating func encode(_ value: Int64) throws { node.content = .literal(String(value)) }
    mutating func encode(_ value: UInt) throws { node.content = .literal(String(value)) }
    mutating func encode(_ value: UInt8) throws { node.content = .literal(String(value)) }
    mutating func encode(_ value: UInt16) throws { node.content = .literal(String(value)) }
    mutating func encode(_ value: UInt32) throws { node.content = .literal(String(value)) }
    mutating func encode(_ value: UInt64) throws { node.content = .literal(String(value)) }
    mutating func encode(_ value: Float) throws { node.content = .literal(JSONWriter.number(value)) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        switch try Scalar.item(value, codingPath: codingPath) {
        case .literal(let text): node.content = .literal(text)
        case .string(let text): node.content = .string(text)
        case .node(let child):
            node.content = child.content
            node.items = child.items
            node.members = child.members
        }
    }
}

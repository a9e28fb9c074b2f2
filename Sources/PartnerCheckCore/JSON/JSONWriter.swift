/// Writes any `Encodable` value as JSON the way partnercheck's files and reports are written:
/// indented by two spaces, `"name" : value`, members in the order of their names' UTF-8 bytes.
/// The output is byte for byte what Foundation's `JSONEncoder` writes with `.prettyPrinted` and
/// `.sortedKeys` (a test compares the two on every kind of value partnercheck writes, and on edge
/// cases), so files written before and after read the same.
///
/// It writes as the value encodes itself, straight into one byte buffer: no tree of values is built
/// and walked afterwards. An object's members are written as they come, and only an object whose
/// members came out of name order (or named one twice) is rearranged when it is finished; declared
/// in name order, a type's members are never moved. A workshop report of 10,000 people (2 MB) took
/// 15 ms through a tree of nodes. The one thing this asks of a type's `encode(to:)`: a nested
/// container is filled before its parent goes on (as the compiler's synthesised conformances and
/// the standard library's do); one filled later makes `encode` throw rather than write it wrongly.
public struct JSONWriter: Sendable {
    /// Whether "/" is written as "\/" (Foundation's default; partnercheck's own files do not).
    public var escapeSlashes: Bool

    public init(escapeSlashes: Bool) {
        self.escapeSlashes = escapeSlashes
    }

    /// The JSON text of `value`, with a final newline (as a file ends) or without.
    public func encode<T: Encodable>(_ value: T, finalNewline: Bool = false) throws -> [UInt8] {
        try written(value, finalNewline: finalNewline).withBytes { Array($0) }
    }

    /// The JSON text of `value` as a string, made from the written bytes with no copy between.
    public func text<T: Encodable>(_ value: T, finalNewline: Bool = false) throws -> String {
        try written(value, finalNewline: finalNewline).withBytes { String(decoding: $0, as: UTF8.self) }
    }

    private func written<T: Encodable>(_ value: T, finalNewline: Bool) throws -> JSONStream {
        let stream = JSONStream(escapeSlashes: escapeSlashes)
        try stream.value(value, indent: 0, codingPath: [])
        if let failure = stream.failure { throw failure }
        if finalNewline { stream.literal("\n") }
        return stream
    }
}

/// The text written so far and the containers still open, shared by the encoder and its containers.
/// Its state sits behind a pointer: as stored properties of a class, every append and every look
/// at the open containers was checked at run time for overlapping access, a quarter of the time.
final class JSONStream {
    let escapeSlashes: Bool
    /// The first misuse of the encoding protocols met, thrown when the value is written.
    var failure: EncodingError?

    /// A container still open: the innermost last.
    struct Frame {
        /// Given in the order containers open, so a container inside another has a larger one.
        var id: Int
        /// The encoder (one per value) that asked for it: asked again, it hands out the same container.
        var slot: Int
        var isObject: Bool
        /// Spaces before its closing bracket; its members and items have two more.
        var indent: Int
        /// Where its first member or item starts in `out`, after the opening bracket.
        var body: Int
        var count = 0
        /// Where its members start in `members`.
        var firstMember: Int
        /// Whether its members have come in name order, each name after the one before.
        var inOrder = true
    }

    /// A member of an open object: its name, and where `"name" : value` lies in `out`.
    struct Member {
        var name: String
        var start: Int
        var end: Int
    }

    struct State: ~Copyable {
        var out = ByteBuffer(capacity: 16_384)
        var frames: [Frame] = []
        /// The members of the open objects, each object's after its parent's (a parent writes its
        /// next member only once the objects inside it are finished).
        var members: [Member] = []
        var lastID = 0
    }

    private let state: UnsafeMutablePointer<State>
    /// Where an object's members are copied to be written again in order.
    private let scratch: UnsafeMutablePointer<ByteBuffer>

    init(escapeSlashes: Bool) {
        self.escapeSlashes = escapeSlashes
        state = .allocate(capacity: 1)
        state.initialize(to: State())
        scratch = .allocate(capacity: 1)
        scratch.initialize(to: ByteBuffer())
    }

    deinit {
        state.deinitialize(count: 1)
        state.deallocate()
        scratch.deinitialize(count: 1)
        scratch.deallocate()
    }

    func withBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        try state.pointee.out.withBytes(body)
    }

    func newID() -> Int {
        state.pointee.lastID += 1
        return state.pointee.lastID
    }

    func fail(_ message: String, _ codingPath: [any CodingKey]) {
        if failure == nil { failure = .invalidValue(message, .init(codingPath: codingPath, debugDescription: message)) }
    }

    // MARK: Values

    /// Writes one value at a place already prepared for it (the start, after a member's name, or as
    /// an item); `indent` is the indentation of the line it starts on.
    func value<T: Encodable>(_ value: T, indent: Int, codingPath: @autoclosure () -> [any CodingKey]) throws {
        // Compared by type rather than cast: a cast to each scalar type in turn is a runtime dynamic
        // cast per value.
        if T.self == String.self { return string(unsafeBitCast(value, to: String.self)) }
        if T.self == Double.self { return number(unsafeBitCast(value, to: Double.self)) }
        if T.self == Int.self { return integer(unsafeBitCast(value, to: Int.self)) }
        if T.self == Bool.self { return literal(unsafeBitCast(value, to: Bool.self) ? "true" : "false") }
        let mark = state.pointee.frames.count
        let before = state.pointee.out.count
        try value.encode(to: JSONStreamEncoder(stream: self, slot: newID(), indent: indent, codingPath: codingPath()))
        while state.pointee.frames.count > mark { close() }
        // A value that wrote nothing at all is an empty object, as Foundation writes it.
        if state.pointee.out.count == before {
            state.pointee.out.append(UInt8(ascii: "{"))
            finish(isObject: true, count: 0, indent: indent)
        }
    }

    func string(_ text: String) {
        JSONText.append(string: text, to: &state.pointee.out, escapingSlashes: escapeSlashes)
    }

    func literal(_ text: StaticString) {
        state.pointee.out.append(text)
    }

    func number<Number: BinaryFloatingPoint & CustomStringConvertible>(_ value: Number) {
        JSONText.append(number: value, to: &state.pointee.out)
    }

    func integer<Integer: BinaryInteger>(_ value: Integer) {
        JSONText.append(integer: value, to: &state.pointee.out)
    }

    // MARK: Containers

    /// The container `slot`'s encoder asked for: the one it opened before if still open, else a new one.
    func open(isObject: Bool, slot: Int, indent: Int, codingPath: [any CodingKey]) -> Int {
        if let last = state.pointee.frames.last, last.slot == slot {
            if last.isObject != isObject { fail("a value asked for both an object and an array", codingPath) }
            return last.id
        }
        return openNew(isObject: isObject, slot: slot, indent: indent)
    }

    func openNew(isObject: Bool, slot: Int, indent: Int) -> Int {
        state.pointee.out.append(isObject ? UInt8(ascii: "{") : UInt8(ascii: "["))
        let id = newID()
        state.pointee.frames.append(Frame(id: id, slot: slot, isObject: isObject, indent: indent, body: state.pointee.out.count,
                                          firstMember: state.pointee.members.count))
        return id
    }

    /// Makes the container `id` the innermost again, finishing those opened inside it (nested
    /// containers filled before it goes on); returns its position, or nil when it was finished.
    private func reach(_ id: Int, _ codingPath: [any CodingKey]) -> Int? {
        while let last = state.pointee.frames.last, last.id > id { close() }
        guard let last = state.pointee.frames.last, last.id == id else {
            fail("a container was written to after its parent went on", codingPath)
            return nil
        }
        return state.pointee.frames.count - 1
    }

    /// Starts the next member of object `id`; returns the indentation of the member's line.
    func member(_ name: String, of id: Int, _ codingPath: [any CodingKey]) -> Int {
        guard let index = reach(id, codingPath) else { return 0 }
        let indent = state.pointee.frames[index].indent + 2
        if state.pointee.frames[index].count > 0 {
            let last = state.pointee.members.count - 1
            state.pointee.members[last].end = state.pointee.out.count
            state.pointee.out.append(UInt8(ascii: ","), UInt8(ascii: "\n"))
            if state.pointee.frames[index].inOrder && JSONObject.compareNames(state.pointee.members[last].name, name) >= 0 {
                state.pointee.frames[index].inOrder = false
            }
        } else {
            state.pointee.out.append(UInt8(ascii: "\n"))
        }
        spaces(indent)
        state.pointee.members.append(Member(name: name, start: state.pointee.out.count, end: 0))
        string(name)
        state.pointee.out.append(" : " as StaticString)
        state.pointee.frames[index].count += 1
        return indent
    }

    /// Starts the next item of array `id`; returns the indentation of the item's line.
    func item(of id: Int, _ codingPath: [any CodingKey]) -> Int {
        guard let index = reach(id, codingPath) else { return 0 }
        let indent = state.pointee.frames[index].indent + 2
        if state.pointee.frames[index].count > 0 {
            state.pointee.out.append(UInt8(ascii: ","), UInt8(ascii: "\n"))
        } else {
            state.pointee.out.append(UInt8(ascii: "\n"))
        }
        spaces(indent)
        state.pointee.frames[index].count += 1
        return indent
    }

    /// Finishes the innermost container: an object whose members came out of order is rearranged.
    private func close() {
        let frame = state.pointee.frames.removeLast()
        if frame.isObject {
            if frame.count > 0 { state.pointee.members[state.pointee.members.count - 1].end = state.pointee.out.count }
            if !frame.inOrder { rearrange(frame) }
            state.pointee.members.removeSubrange(frame.firstMember...)
        }
        finish(isObject: frame.isObject, count: frame.count, indent: frame.indent)
    }

    /// One item per line, indented; an empty container as an empty line, as Foundation writes it.
    private func finish(isObject: Bool, count: Int, indent: Int) {
        if count == 0 { state.pointee.out.append(UInt8(ascii: "\n")) }
        state.pointee.out.append(UInt8(ascii: "\n"))
        spaces(indent)
        state.pointee.out.append(isObject ? UInt8(ascii: "}") : UInt8(ascii: "]"))
    }

    /// Writes an object's members again in the order of their names; of a name given twice, the
    /// last value, where the name belongs. An object has a few dozen members at most: they are put
    /// in order by insertion, on the stack.
    private func rearrange(_ frame: Frame) {
        let first = frame.firstMember
        let count = state.pointee.members.count - first
        scratch.pointee.removeAll()
        state.pointee.out.withBytes { out in scratch.pointee.append(UnsafeBufferPointer(rebasing: out[frame.body...])) }
        state.pointee.out.shorten(to: frame.body)
        withUnsafeTemporaryAllocation(of: Int.self, capacity: count) { order in
            // Stable: of two members with one name, the later stays later.
            for member in 0..<count {
                var place = member
                while place > 0 && JSONObject.compareNames(state.pointee.members[first + order[place - 1]].name,
                                                           state.pointee.members[first + member].name) > 0 {
                    order[place] = order[place - 1]
                    place -= 1
                }
                order[place] = member
            }
            var written = 0
            for position in 0..<count {
                let member = state.pointee.members[first + order[position]]
                if position + 1 < count
                    && JSONObject.compareNames(member.name, state.pointee.members[first + order[position + 1]].name) == 0 {
                    continue
                }
                if written > 0 { state.pointee.out.append(UInt8(ascii: ",")) }
                state.pointee.out.append(UInt8(ascii: "\n"))
                spaces(frame.indent + 2)
                scratch.pointee.withBytes { body in
                    state.pointee.out.append(UnsafeBufferPointer(rebasing: body[(member.start - frame.body)..<(member.end - frame.body)]))
                }
                written += 1
            }
        }
    }

    private static let blanks: StaticString = "                                                                "

    /// `count` spaces, copied in blocks rather than appended one by one.
    private func spaces(_ count: Int) {
        var left = count
        Self.blanks.withUTF8Buffer { blanks in
            while left > 0 {
                let block = min(left, blanks.count)
                state.pointee.out.append(UnsafeBufferPointer(rebasing: blanks[..<block]))
                left -= block
            }
        }
    }
}

/// The encoder one value is handed: it asks the stream for its container.
private struct JSONStreamEncoder: Encoder {
    let stream: JSONStream
    let slot: Int
    let indent: Int
    var codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let id = stream.open(isObject: true, slot: slot, indent: indent, codingPath: codingPath)
        return KeyedEncodingContainer(JSONKeyedContainer<Key>(stream: stream, id: id, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        JSONUnkeyedContainer(stream: stream, id: stream.open(isObject: false, slot: slot, indent: indent, codingPath: codingPath),
                             codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        JSONSingleContainer(stream: stream, indent: indent, codingPath: codingPath)
    }
}

private struct JSONKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let stream: JSONStream
    let id: Int
    var codingPath: [any CodingKey]

    private func start(_ key: Key) -> Int { stream.member(key.stringValue, of: id, codingPath) }

    mutating func encodeNil(forKey key: Key) throws { _ = start(key); stream.literal("null") }
    mutating func encode(_ value: Bool, forKey key: Key) throws { _ = start(key); stream.literal(value ? "true" : "false") }
    mutating func encode(_ value: String, forKey key: Key) throws { _ = start(key); stream.string(value) }
    mutating func encode(_ value: Double, forKey key: Key) throws { _ = start(key); stream.number(value) }
    mutating func encode(_ value: Float, forKey key: Key) throws { _ = start(key); stream.number(value) }
    mutating func encode(_ value: Int, forKey key: Key) throws { _ = start(key); stream.integer(value) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { _ = start(key); stream.integer(value) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { _ = start(key); stream.integer(value) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { _ = start(key); stream.integer(value) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { _ = start(key); stream.integer(value) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { _ = start(key); stream.integer(value) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { _ = start(key); stream.integer(value) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { _ = start(key); stream.integer(value) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { _ = start(key); stream.integer(value) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { _ = start(key); stream.integer(value) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try stream.value(value, indent: start(key), codingPath: codingPath + [key])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type,
                                                        forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let indent = start(key)
        return KeyedEncodingContainer(JSONKeyedContainer<NestedKey>(
            stream: stream, id: stream.openNew(isObject: true, slot: stream.newID(), indent: indent), codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let indent = start(key)
        return JSONUnkeyedContainer(stream: stream, id: stream.openNew(isObject: false, slot: stream.newID(), indent: indent),
                                    codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder {
        stream.fail("partnercheck's JSON writer does not write a superclass's encoder", codingPath)
        return JSONStreamEncoder(stream: stream, slot: stream.newID(), indent: 0, codingPath: codingPath)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        superEncoder()
    }
}

private struct JSONUnkeyedContainer: UnkeyedEncodingContainer {
    let stream: JSONStream
    let id: Int
    var codingPath: [any CodingKey]
    private(set) var count = 0

    init(stream: JSONStream, id: Int, codingPath: [any CodingKey]) {
        self.stream = stream
        self.id = id
        self.codingPath = codingPath
    }

    private mutating func start() -> Int {
        count += 1
        return stream.item(of: id, codingPath)
    }

    mutating func encodeNil() throws { _ = start(); stream.literal("null") }
    mutating func encode(_ value: Bool) throws { _ = start(); stream.literal(value ? "true" : "false") }
    mutating func encode(_ value: String) throws { _ = start(); stream.string(value) }
    mutating func encode(_ value: Double) throws { _ = start(); stream.number(value) }
    mutating func encode(_ value: Float) throws { _ = start(); stream.number(value) }
    mutating func encode(_ value: Int) throws { _ = start(); stream.integer(value) }
    mutating func encode(_ value: Int8) throws { _ = start(); stream.integer(value) }
    mutating func encode(_ value: Int16) throws { _ = start(); stream.integer(value) }
    mutating func encode(_ value: Int32) throws { _ = start(); stream.integer(value) }
    mutating func encode(_ value: Int64) throws { _ = start(); stream.integer(value) }
    mutating func encode(_ value: UInt) throws { _ = start(); stream.integer(value) }
    mutating func encode(_ value: UInt8) throws { _ = start(); stream.integer(value) }
    mutating func encode(_ value: UInt16) throws { _ = start(); stream.integer(value) }
    mutating func encode(_ value: UInt32) throws { _ = start(); stream.integer(value) }
    mutating func encode(_ value: UInt64) throws { _ = start(); stream.integer(value) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        try stream.value(value, indent: start(), codingPath: codingPath)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let indent = start()
        return KeyedEncodingContainer(JSONKeyedContainer<NestedKey>(
            stream: stream, id: stream.openNew(isObject: true, slot: stream.newID(), indent: indent), codingPath: codingPath))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let indent = start()
        return JSONUnkeyedContainer(stream: stream, id: stream.openNew(isObject: false, slot: stream.newID(), indent: indent),
                                    codingPath: codingPath)
    }

    mutating func superEncoder() -> any Encoder {
        stream.fail("partnercheck's JSON writer does not write a superclass's encoder", codingPath)
        return JSONStreamEncoder(stream: stream, slot: stream.newID(), indent: 0, codingPath: codingPath)
    }
}

/// One scalar, or a value that encodes itself as one (an enumeration by its raw value).
private struct JSONSingleContainer: SingleValueEncodingContainer {
    let stream: JSONStream
    let indent: Int
    var codingPath: [any CodingKey]

    mutating func encodeNil() throws { stream.literal("null") }
    mutating func encode(_ value: Bool) throws { stream.literal(value ? "true" : "false") }
    mutating func encode(_ value: String) throws { stream.string(value) }
    mutating func encode(_ value: Double) throws { stream.number(value) }
    mutating func encode(_ value: Float) throws { stream.number(value) }
    mutating func encode(_ value: Int) throws { stream.integer(value) }
    mutating func encode(_ value: Int8) throws { stream.integer(value) }
    mutating func encode(_ value: Int16) throws { stream.integer(value) }
    mutating func encode(_ value: Int32) throws { stream.integer(value) }
    mutating func encode(_ value: Int64) throws { stream.integer(value) }
    mutating func encode(_ value: UInt) throws { stream.integer(value) }
    mutating func encode(_ value: UInt8) throws { stream.integer(value) }
    mutating func encode(_ value: UInt16) throws { stream.integer(value) }
    mutating func encode(_ value: UInt32) throws { stream.integer(value) }
    mutating func encode(_ value: UInt64) throws { stream.integer(value) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        try stream.value(value, indent: indent, codingPath: codingPath)
    }
}

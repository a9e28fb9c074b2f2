/// The members of a JSON object, in document order. Lookups scan the members: objects here are
/// small (a handful of keys), and a scan is cheaper than hashing every key of every object when
/// thousands of session files are read.
public struct JSONObject: Sendable, Equatable, Sequence, ExpressibleByDictionaryLiteral {
    public typealias Member = (key: String, value: JSONValue)
    public private(set) var members: [Member]

    public init(_ members: [Member]) {
        self.members = members
    }

    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        members = elements.map { (key: $0.0, value: $0.1) }
    }

    /// The value of `key`; with duplicate keys the last one wins, as most JSON readers do. Names are
    /// compared as JSON compares them, by their code points: Swift's `==` would take "é" and "e" with
    /// a combining accent for the same name (found by the differential check against Python).
    public subscript(key: String) -> JSONValue? {
        // Over the buffer: indexing the array copied each member (its name and value retained and
        // released) just to compare its name.
        members.withUnsafeBufferPointer { buffer in
            var index = buffer.count
            while index > 0 {
                index -= 1
                if Self.sameName(buffer[index].key, key) { return buffer[index].value }
            }
            return nil
        }
    }

    /// The order of two names by their UTF-8 bytes (which is their order by code points): negative,
    /// zero or positive, like memcmp.
    @inline(__always)
    static func compareNames(_ a: String, _ b: String) -> Int {
        if let order = a.utf8.withContiguousStorageIfAvailable({ x in
            b.utf8.withContiguousStorageIfAvailable { y in compare(x, y) }
        }), let order {
            return order
        }
        var a = a, b = b
        return a.withUTF8 { x in b.withUTF8 { y in compare(x, y) } }
    }

    @inline(__always)
    private static func compare(_ x: UnsafeBufferPointer<UInt8>, _ y: UnsafeBufferPointer<UInt8>) -> Int {
        let shared = Swift.min(x.count, y.count)
        var index = 0
        while index < shared {
            if x[index] != y[index] { return Int(x[index]) - Int(y[index]) }
            index += 1
        }
        return x.count - y.count
    }

    /// Byte-for-byte equality of two names (the same code points, since both are UTF-8).
    @inline(__always)
    static func sameName(_ a: String, _ b: String) -> Bool {
        guard a.utf8.count == b.utf8.count else { return false }
        return compareNames(a, b) == 0
    }

    public var keys: [String] { members.map(\.key) }
    public var values: [JSONValue] { members.map(\.value) }
    public var isEmpty: Bool { members.isEmpty }
    public var count: Int { members.count }

    public func makeIterator() -> IndexingIterator<[Member]> {
        members.makeIterator()
    }

    public static func == (a: JSONObject, b: JSONObject) -> Bool {
        Set(a.keys) == Set(b.keys) && a.keys.allSatisfy { a[$0] == b[$0] }
    }
}

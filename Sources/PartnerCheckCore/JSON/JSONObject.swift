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
        var index = members.count
        while index > 0 {
            index -= 1
            if members[index].key.utf8.elementsEqual(key.utf8) { return members[index].value }
        }
        return nil
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

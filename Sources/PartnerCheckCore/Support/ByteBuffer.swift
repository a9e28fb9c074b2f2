#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension String {
    /// Whether the string's UTF-8 is exactly `bytes`, compared where the string keeps it (no copy of
    /// the string, no string made of the bytes): how the readers and the exporter match what they read
    /// against texts they know.
    @inline(__always)
    func utf8Equals(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        utf8.withContiguousStorageIfAvailable { utf8 in
            utf8.count == bytes.count && (bytes.isEmpty || memcmp(utf8.baseAddress!, bytes.baseAddress!, bytes.count) == 0)
        } ?? utf8.elementsEqual(bytes)
    }
}

/// A growable run of bytes for the writers that append millions of small pieces (the exports, the
/// JSON writer). An array checks that it is not shared and grows through generic code on every
/// append; this buffer is never shared (it cannot be copied), so an append is a capacity check
/// and a copy. Exports spent a third of their time appending to arrays.
public struct ByteBuffer: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    public private(set) var count = 0

    public init(capacity: Int = 4096) {
        self.capacity = max(16, capacity)
        base = malloc(self.capacity)!.assumingMemoryBound(to: UInt8.self)
    }

    deinit {
        free(base)
    }

    public var isEmpty: Bool { count == 0 }

    /// Makes room for `more` bytes beyond `count`, at least doubling when it grows.
    @inline(__always)
    public mutating func reserve(_ more: Int) {
        if count + more > capacity { grow(to: count + more) }
    }

    /// Grown with `realloc`: a large buffer is moved by remapping its pages rather than copying
    /// them into new ones (a 2 MB report spent a fifth of its time copying and faulting in pages).
    private mutating func grow(to needed: Int) {
        let larger = max(needed, capacity * 2)
        guard let moved = realloc(base, larger) else { fatalError("out of memory growing a buffer to \(larger) bytes") }
        base = moved.assumingMemoryBound(to: UInt8.self)
        capacity = larger
    }

    @inline(__always)
    public mutating func append(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    @inline(__always)
    public mutating func append(_ first: UInt8, _ second: UInt8) {
        reserve(2)
        base[count] = first
        base[count + 1] = second
        count += 2
    }

    @inline(__always)
    public mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        reserve(bytes.count)
        (base + count).update(from: source, count: bytes.count)
        count += bytes.count
    }

    /// A literal's UTF-8 (the keys and punctuation of an export's rows), copied from where it lies.
    @inline(__always)
    public mutating func append(_ text: StaticString) {
        if text.hasPointerRepresentation {
            append(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
        } else {
            text.withUTF8Buffer { append($0) } // a literal of one character may be kept as its scalar
        }
    }

    /// A string's UTF-8.
    public mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { append($0) }
    }

    public mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { append($0) }
    }

    public mutating func append(_ other: borrowing ByteBuffer) {
        other.withBytes { append($0) }
    }

    /// Keeps the first `length` bytes (of at most `count`), dropping the rest.
    public mutating func shorten(to length: Int) {
        precondition(length >= 0 && length <= count, "ByteBuffer.shorten beyond its bytes")
        count = length
    }

    /// Empties the buffer, keeping its memory for what comes next.
    public mutating func removeAll() {
        count = 0
    }

    public func withBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        try body(UnsafeBufferPointer(start: base, count: count))
    }

    /// The bytes as a string (they are UTF-8; anything else is repaired, as `String(decoding:)` does).
    public var string: String {
        withBytes { String(decoding: $0, as: UTF8.self) }
    }

    public var array: [UInt8] {
        withBytes { Array($0) }
    }
}

#if canImport(Glibc)
import Glibc
#endif

/// The texts that recur from session file to session file of a bulk read: question ids and texts,
/// scale labels, questionnaire ids, the organisation and partners' names. A workshop's thousands of
/// files repeat the same few hundred; each is made a string once per reader and shared after that,
/// where making it again meant allocating, copying and checking it, and freeing it with its session
/// (a tenth of an export's time); a short one is not allocated, but making it again still cost more than
/// finding it. A text is found by its length and three words of its bytes, in a
/// table of 1,024 places where a newer text displaces an older one (over 10,000 benchmark sessions, 87%
/// of the texts over 15 bytes asked for were found; a second place per text found under 1% more); a text is only ever
/// shared when its bytes are equal, so what is read never depends on what was read before. One
/// reader per thread: it is not shared.
public final class RecurringTexts {
    private static let size = 1024
    private let slots: UnsafeMutablePointer<String?>

    public init() {
        slots = .allocate(capacity: Self.size)
        slots.initialize(repeating: nil, count: Self.size)
    }

    deinit {
        slots.deinitialize(count: Self.size)
        slots.deallocate()
    }

    /// The string of `bytes`, well-formed UTF-8 without escapes (the caller has checked them).
    func text(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        let count = bytes.count
        // Short texts too: a string of up to 15 bytes holds them itself, so there is nothing to share,
        // but making one again (checked, then copied) costs more than finding it: 220 instructions
        // against 50, for the label and the ids of every answer.
        guard count > 0, let base = bytes.baseAddress else { return "" }
        let slot = slots + Self.place(base, count)
        if let known = slot.pointee, known.utf8Equals(UnsafeBufferPointer(start: base, count: count)) {
            return known
        }
        let text = String(decoding: bytes, as: UTF8.self)
        slot.pointee = text
        return text
    }

    /// The known text that a JSON string's contents starting at `start` (after its opening quote)
    /// spell, up to the first quote after it, and where that quote is; nil when none is known. The
    /// contents are not checked first: a known text has no quote, backslash or ill-formed UTF-8, so
    /// contents equal to it up to a quote are that text exactly, and anything else is not found (a
    /// text read again is found at the cost of finding its end and one comparison, where checking it
    /// byte by byte was most of a session read's work on its question texts).
    func known(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> (text: String, end: Int)? {
        guard let base = bytes.baseAddress, start < bytes.count,
              let quote = memchr(base + start, Int32(UInt8(ascii: "\"")), bytes.count - start) else { return nil }
        let count = UnsafeRawPointer(quote) - UnsafeRawPointer(base + start)
        guard count > 0 else { return nil }
        guard let known = slots[Self.place(base + start, count)], known.utf8Equals(UnsafeBufferPointer(start: base + start, count: count)) else {
            return nil
        }
        return (known, start + count)
    }

    /// A text's place: from its length and three words of its bytes (its bytes as one word when
    /// it has fewer than eight).
    private static func place(_ base: UnsafePointer<UInt8>, _ count: Int) -> Int {
        let raw = UnsafeRawPointer(base)
        var hash = UInt64(count) &* 0x9E37_79B9_7F4A_7C15
        if count < 8 {
            var word: UInt64 = 0
            withUnsafeMutableBytes(of: &word) { $0.copyMemory(from: UnsafeRawBufferPointer(start: raw, count: count)) }
            return Int(truncatingIfNeeded: ((hash ^ word) &* 0xBF58_476D_1CE4_E5B9) >> 54)
        }
        hash = (hash ^ raw.loadUnaligned(as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
        hash = (hash ^ raw.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)) &* 0x94D0_49BB_1331_11EB
        hash = (hash ^ raw.loadUnaligned(fromByteOffset: (count - 8) / 2, as: UInt64.self)) &* 0x9E37_79B9_7F4A_7C15
        return Int(truncatingIfNeeded: hash >> 54)
    }
}

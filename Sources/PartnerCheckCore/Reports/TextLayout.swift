/// Small helpers for laying out plain text at a fixed width.
public enum TextLayout {
    /// Wraps `text` to `width` columns at spaces; continuation lines get `indent`. A word wider than
    /// the line is broken, so no line is ever wider than `width` (wide characters count two columns).
    public static func wrap(_ text: String, width: Int, indent: String = "", first: String = "") -> [String] {
        var lines: [String] = []
        var text = text
        text.withUTF8 { bytes in
            wrap(bytes, width: width, indent: Array(indent.utf8), first: Array(first.utf8)) { lines.append(String(decoding: $0, as: UTF8.self)) }
        }
        return lines
    }

    /// `wrap` over UTF-8 bytes, handing each line to `emit`. Spaces and newlines are single bytes in
    /// UTF-8, so splitting the bytes at them splits no character; the line is built in one byte buffer.
    static func wrap(_ text: UnsafeBufferPointer<UInt8>, width: Int, indent: [UInt8], first: [UInt8],
                     emit: ([UInt8]) -> Void) {
        var line = first
        line.reserveCapacity(max(width, first.count) + 16)
        var lineWidth = columns(first)
        let indentWidth = columns(indent)
        var lineHasWord = false
        var cursor = 0
        let count = text.count
        while cursor < count {
            let byte = text[cursor]
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") {
                cursor += 1
                continue
            }
            var end = cursor
            while end < count, text[end] != UInt8(ascii: " "), text[end] != UInt8(ascii: "\n") { end += 1 }
            let word = UnsafeBufferPointer(rebasing: text[cursor..<end])
            cursor = end
            let wordWidth = columns(word)
            if lineHasWord && lineWidth + 1 + wordWidth > width {
                emit(line)
                line.replaceSubrange(line.indices, with: indent)
                lineWidth = indentWidth
                lineHasWord = false
            }
            if lineHasWord {
                line.append(UInt8(ascii: " "))
                lineWidth += 1
            }
            guard lineWidth + wordWidth > width && width - lineWidth > 0 else {
                line.append(contentsOf: word)
                lineWidth += wordWidth
                lineHasWord = true
                continue
            }
            // A word longer than the room left: break it by characters, a line's worth at a time.
            var rest = Substring(String(decoding: word, as: UTF8.self))
            var restWidth = wordWidth
            while lineWidth + restWidth > width && width - lineWidth > 0 {
                let (head, tail) = split(rest, columns: width - lineWidth)
                if head.isEmpty { break }
                line.append(contentsOf: head.utf8)
                emit(line)
                line.replaceSubrange(line.indices, with: indent)
                lineWidth = indentWidth
                rest = tail
                restWidth = columns(rest)
            }
            line.append(contentsOf: rest.utf8)
            lineWidth += restWidth
            lineHasWord = true
        }
        if lineHasWord || !line.isEmpty { emit(line) }
    }

    /// The first characters of `word` that fit in `columns`, and the rest.
    static func split(_ word: Substring, columns limit: Int) -> (Substring, Substring) {
        var used = 0
        var index = word.startIndex
        while index < word.endIndex {
            let width = characterColumns(word[index])
            if used + width > limit { break }
            used += width
            index = word.index(after: index)
        }
        return (word[..<index], word[index...])
    }

    /// How many columns `text` takes on a terminal: East Asian wide characters and emoji take two,
    /// colour codes none. Counted once per word: counting whole lines again for every word made
    /// wrapping the slowest part of a report. ASCII (nearly all of it) needs no grapheme rules.
    public static func columns<Text: StringProtocol>(_ text: Text) -> Int {
        if let simple = text.utf8.withContiguousStorageIfAvailable(simpleColumns), let simple { return simple }
        if let simple = simpleColumns(Array(text.utf8)) { return simple }
        return characterColumns(text)
    }

    static func columns(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        simpleColumns(bytes) ?? characterColumns(String(decoding: bytes, as: UTF8.self))
    }

    static func columns(_ bytes: [UInt8]) -> Int {
        bytes.withUnsafeBufferPointer(columns)
    }

    /// The fast path, over the UTF-8 bytes: text whose every scalar is one column on its own and never
    /// joins the next (ASCII, Latin, punctuation, arrows, box drawing and blocks: the words, bars and
    /// rules of a report) is as wide as it has scalars; nil for anything else.
    private static func simpleColumns<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Int? {
        var scalars = 0
        var iterator = bytes.makeIterator()
        while let byte = iterator.next() {
            if byte >= 0x20 && byte < 0x7F {
                scalars += 1
                continue
            }
            var value: UInt32
            if byte & 0xE0 == 0xC0, let next = iterator.next() {
                value = UInt32(byte & 0x1F) << 6 | UInt32(next & 0x3F)
            } else if byte & 0xF0 == 0xE0, let second = iterator.next(), let third = iterator.next() {
                value = UInt32(byte & 0x0F) << 12 | UInt32(second & 0x3F) << 6 | UInt32(third & 0x3F)
            } else {
                return nil
            }
            guard (0xA0...0x2FF).contains(value) || (0x2010...0x2027).contains(value) || (0x2030...0x205E).contains(value)
                || (0x2190...0x2BFF).contains(value) else { return nil }
            scalars += 1
        }
        return scalars
    }

    /// Columns counted by characters: wide characters two, colour codes none.
    private static func characterColumns<Text: StringProtocol>(_ text: Text) -> Int {
        var total = 0
        var inEscape = false
        for character in text {
            if inEscape {
                if character.isLetter { inEscape = false }
                continue
            }
            if character == "\u{1B}" {
                inEscape = true
                continue
            }
            total += characterColumns(character)
        }
        return total
    }

    static func characterColumns(_ character: Character) -> Int {
        guard let scalar = character.unicodeScalars.first else { return 0 }
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
             0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
             0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }

    /// Every line of `text` no wider than `width`: a line that is wider (a long name in a table) is
    /// wrapped at spaces, its continuation indented like it.
    public static func fit(_ text: String, width: Int) -> String {
        var text = text
        // Nearly always every line fits already: then the text is returned as it is, not copied and
        // checked as UTF-8 again.
        let fits = text.withUTF8 { bytes in
            var start = 0
            while start < bytes.count {
                let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
                if end - start > width && columns(UnsafeBufferPointer(rebasing: bytes[start..<end])) > width { return false }
                start = end + 1
            }
            return true
        }
        if fits { return text }
        return text.withUTF8 { bytes in
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + bytes.count / 16)
            var start = 0
            // A newline is one byte in UTF-8, so splitting the bytes splits no character; and no
            // character takes more columns than it has bytes, so a line of at most `width` bytes fits.
            while start <= bytes.count {
                var end = start
                while end < bytes.count && bytes[end] != UInt8(ascii: "\n") { end += 1 }
                if start > 0 { out.append(UInt8(ascii: "\n")) }
                let line = UnsafeBufferPointer(rebasing: bytes[start..<end])
                if line.count <= width || columns(line) <= width {
                    out.append(contentsOf: line)
                } else {
                    let indent = Array(line.prefix { $0 == UInt8(ascii: " ") })
                    var firstLine = true
                    wrap(line, width: width, indent: indent + [UInt8(ascii: " "), UInt8(ascii: " ")], first: indent) {
                        if !firstLine { out.append(UInt8(ascii: "\n")) }
                        firstLine = false
                        out.append(contentsOf: $0)
                    }
                }
                start = end + 1
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    static func pad(_ text: String, _ width: Int) -> String {
        let count = characterCount(text)
        return count >= width ? String(text.prefix(width)) : text + spaces(width - count)
    }

    static func padLeft(_ text: String, _ width: Int) -> String {
        let count = characterCount(text)
        return count >= width ? text : spaces(width - count) + text
    }

    /// `text.count` without the grapheme rules where they cannot matter: in ASCII other than a carriage
    /// return (which joins a following line feed) every byte is one character.
    static func characterCount(_ text: String) -> Int {
        let plain = text.utf8.withContiguousStorageIfAvailable { bytes in
            bytes.allSatisfy { $0 < 0x80 && $0 != UInt8(ascii: "\r") }
        }
        return plain == true ? text.utf8.count : text.count
    }

    /// `count` spaces (`String(repeating:count:)` takes its generic path for a one-space string).
    static func spaces(_ count: Int) -> String {
        guard count > 0 else { return "" }
        return String(unsafeUninitializedCapacity: count) { bytes in
            bytes.initialize(repeating: UInt8(ascii: " "))
            return count
        }
    }

    /// A score as a whole number, the way every report shows it.
    static func score(_ value: Double?) -> String {
        guard let value else { return "–" }
        return String(Int(value.rounded()))
    }

    /// The first whole sentences of `text` that fit in about `limit` characters, with "..." when
    /// there is more (at least the first sentence, whatever its length).
    public static func leadingSentences(_ text: String, limit: Int) -> (String, more: Bool) {
        if text.count <= limit { return (text, false) }
        var kept = ""
        var rest = Substring(text)
        while let end = rest.firstRange(of: ". ") ?? rest.firstRange(of: "? ") {
            let sentence = String(rest[...end.lowerBound]).trimmingWhitespace()
            if !kept.isEmpty && kept.count + 1 + sentence.count > limit { break }
            kept += (kept.isEmpty ? "" : " ") + sentence
            rest = rest[end.upperBound...]
        }
        if kept.isEmpty { return (text, false) }
        return (kept + " ...", true)
    }

    static func excerpt(_ text: String, _ limit: Int) -> String {
        text.count > limit ? String(text.prefix(limit - 3)) + "..." : text
    }
}

/// How a text report is drawn.
public struct ReportStyle: Sendable, Equatable {
    public var unicode: Bool
    public var color: Bool
    public var width: Int

    public init(unicode: Bool = true, color: Bool = false, width: Int = 80) {
        self.unicode = unicode
        self.color = color
        self.width = width
    }

    func bold(_ s: String) -> String { color ? "\u{1B}[1m\(s)\u{1B}[0m" : s }
    func dim(_ s: String) -> String { color ? "\u{1B}[2m\(s)\u{1B}[0m" : s }
    var bullet: String { unicode ? "•" : "-" }
    var dot: String { unicode ? "·" : "-" }
    var dash: String { unicode ? "—" : "-" }
    var arrow: String { unicode ? "→" : "->" }

    /// A horizontal bar of `cells` cells for a 0-100 score, with the target marked.
    func bar(_ score: Double?, target: Double?, cells: Int = 20) -> String {
        let filled = score.map { Int(($0 / 100 * Double(cells)).rounded()) } ?? 0
        let mark = target.map { min(cells - 1, Int(($0 / 100 * Double(cells)).rounded())) }
        // Built as bytes: appending a character at a time to a String was most of a report's bars.
        let (markCell, fullCell, emptyCell) = unicode ? ("│", "█", "░") : ("|", "#", ".")
        var out: [UInt8] = []
        out.reserveCapacity(cells * 3)
        for index in 0..<cells {
            out.append(contentsOf: (index == mark ? markCell : index < filled ? fullCell : emptyCell).utf8)
        }
        return String(decoding: out, as: UTF8.self)
    }
}

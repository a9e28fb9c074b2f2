/// Small helpers for laying out plain text at a fixed width.
public enum TextLayout {
    /// Wraps `text` to `width` columns at spaces; continuation lines get `indent`. A word wider than
    /// the line is broken, so no line is ever wider than `width` (wide characters count two columns).
    public static func wrap(_ text: String, width: Int, indent: String = "", first: String = "") -> [String] {
        var lines: [String] = []
        var line = first
        var lineWidth = columns(first)
        let indentWidth = columns(indent)
        var lineHasWord = false
        // Spaces and newlines are single bytes in UTF-8, so splitting the bytes splits no character.
        let utf8 = text.utf8
        var cursor = utf8.startIndex
        while cursor < utf8.endIndex {
            let byte = utf8[cursor]
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") {
                cursor = utf8.index(after: cursor)
                continue
            }
            var end = cursor
            while end < utf8.endIndex, utf8[end] != UInt8(ascii: " "), utf8[end] != UInt8(ascii: "\n") { end = utf8.index(after: end) }
            var word = Substring(utf8[cursor..<end])
            cursor = end
            var wordWidth = columns(word)
            if lineHasWord && lineWidth + 1 + wordWidth > width {
                lines.append(line)
                line = indent
                lineWidth = indentWidth
                lineHasWord = false
            }
            if lineHasWord {
                line += " "
                lineWidth += 1
            }
            // A word longer than the room left: break it, a line's worth at a time.
            while lineWidth + wordWidth > width && width - lineWidth > 0 {
                let (head, rest) = split(word, columns: width - lineWidth)
                if head.isEmpty { break }
                lines.append(line + head)
                line = indent
                lineWidth = indentWidth
                word = rest
                wordWidth = columns(word)
            }
            line += word
            lineWidth += wordWidth
            lineHasWord = true
        }
        if lineHasWord || !line.isEmpty { lines.append(line) }
        return lines
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
        // Fast path, over the UTF-8 bytes: text whose every scalar is one column on its own and never
        // joins the next (ASCII, Latin, punctuation, arrows, box drawing and blocks: the words, bars
        // and rules of a report). Anything else is counted by characters below.
        var scalars = 0
        var simple = true
        var iterator = text.utf8.makeIterator()
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
                simple = false
                break
            }
            if (0xA0...0x2FF).contains(value) || (0x2010...0x2027).contains(value) || (0x2030...0x205E).contains(value)
                || (0x2190...0x2BFF).contains(value) {
                scalars += 1
            } else {
                simple = false
                break
            }
        }
        if simple { return scalars }
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
        var out = ""
        out.reserveCapacity(text.utf8.count + text.utf8.count / 16)
        var first = true
        // A newline is one byte in UTF-8, so splitting the bytes splits no character; and no character
        // takes more columns than it has bytes, so a line of at most `width` bytes fits as it is.
        for bytes in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            if !first { out += "\n" }
            first = false
            let line = Substring(bytes)
            guard bytes.count > width, columns(line) > width else {
                out += line
                continue
            }
            let indent = String(line.prefix { $0 == " " })
            out += wrap(String(line), width: width, indent: indent + "  ", first: indent).joined(separator: "\n")
        }
        return out
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? String(text.prefix(width)) : text + String(repeating: " ", count: width - text.count)
    }

    static func padLeft(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
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
        var out = ""
        for index in 0..<cells {
            if index == mark {
                out += unicode ? "│" : "|"
            } else if index < filled {
                out += unicode ? "█" : "#"
            } else {
                out += unicode ? "░" : "."
            }
        }
        return out
    }
}

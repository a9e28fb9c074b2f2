/// Small helpers for laying out plain text at a fixed width.
public enum TextLayout {
    /// Wraps `text` to `width` columns at spaces; continuation lines get `indent`.
    public static func wrap(_ text: String, width: Int, indent: String = "", first: String = "") -> [String] {
        var lines: [String] = []
        var line = first
        var lineWidth = columns(first)
        let indentWidth = columns(indent)
        var lineHasWord = false
        // Spaces and newlines are single bytes in UTF-8, so splitting the bytes splits no character.
        for bytes in text.utf8.split(whereSeparator: { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\n") }) {
            let word = String(Substring(bytes))
            let wordWidth = columns(word)
            if lineHasWord && lineWidth + 1 + wordWidth > width {
                lines.append(line)
                line = indent + word
                lineWidth = indentWidth + wordWidth
            } else {
                if lineHasWord {
                    line += " "
                    lineWidth += 1
                }
                line += word
                lineWidth += wordWidth
            }
            lineHasWord = true
        }
        if lineHasWord || !line.isEmpty { lines.append(line) }
        return lines
    }

    /// How many characters `text` shows, counted once per word: counting whole lines again for every
    /// word made wrapping the slowest part of a report. ASCII (nearly all of it) needs no grapheme rules.
    static func columns<Text: StringProtocol>(_ text: Text) -> Int {
        text.utf8.allSatisfy { $0 < 0x80 } ? text.utf8.count : text.count
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

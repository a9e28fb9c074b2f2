/// Small helpers for laying out plain text at a fixed width.
public enum TextLayout {
    /// Wraps `text` to `width` columns at spaces; continuation lines get `indent`.
    public static func wrap(_ text: String, width: Int, indent: String = "", first: String = "") -> [String] {
        var lines: [String] = []
        var line = first
        var lineHasWord = false
        for word in text.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
            let candidate = lineHasWord ? line + " " + word : line + word
            if candidate.count > width && lineHasWord {
                lines.append(line)
                line = indent + word
            } else {
                line = candidate
            }
            lineHasWord = true
        }
        if lineHasWord || !line.isEmpty { lines.append(line) }
        return lines
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

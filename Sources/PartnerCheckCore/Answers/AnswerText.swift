/// Cleaning of typed text: what the user typed is compared in a forgiving, normalised form,
/// and anything stored or echoed is free of control characters and terminal escapes.
public enum AnswerText {
    /// Lowercased, trimmed, inner whitespace collapsed, typographic quotes and dashes made plain.
    public static func normalise(_ text: String) -> String {
        var out = ""
        var pendingSpace = false
        for scalar in sanitise(text).lowercased().unicodeScalars {
            let plain: Unicode.Scalar
            switch scalar {
            case "\u{2018}", "\u{2019}", "\u{02BC}", "`": plain = "'"
            case "\u{201C}", "\u{201D}": plain = "\""
            case "\u{2013}", "\u{2014}": plain = "-"
            default: plain = scalar
            }
            if plain.properties.isWhitespace {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace { out.append(" ") }
            pendingSpace = false
            out.unicodeScalars.append(plain)
        }
        return out
    }

    /// Removes terminal escape sequences and control characters; tabs become spaces.
    /// Everything else a person typed (accents, other scripts, emoji) is kept.
    public static func sanitise(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var iterator = text.unicodeScalars.makeIterator()
        while let scalar = iterator.next() {
            switch scalar.value {
            case 0x1B:
                // ESC: skip a CSI (ESC [ ... final byte) or a two-character escape.
                guard let next = iterator.next() else { break }
                if next == "[" {
                    while let c = iterator.next(), !(0x40...0x7E).contains(c.value) {}
                } else if next == "]" {
                    // OSC: up to BEL or ESC \
                    while let c = iterator.next(), c.value != 0x07, c.value != 0x1B {}
                }
            case 0x09:
                out.append(" ")
            case 0x00...0x1F, 0x7F, 0x80...0x9F:
                continue
            default:
                out.append(scalar)
            }
        }
        return String(out).trimmingWhitespace()
    }

    /// Text for display in a message: sanitised and cut to `limit` characters, at the last space when
    /// one falls in the last third (a note shown back reads "with the partner's..." rather than
    /// "with the partner's leadershi..."); a long word is cut where the limit falls.
    public static func excerpt(_ text: String, limit: Int = 40) -> String {
        let clean = sanitise(text)
        guard clean.count > limit else { return clean }
        var cut = clean.prefix(limit)
        if let space = cut.lastIndex(of: " "), cut.distance(from: cut.startIndex, to: space) >= limit * 2 / 3 {
            cut = cut[..<space]
        }
        return String(cut) + "..."
    }

    /// Edit distance counting a swap of two neighbouring letters as one edit ("agere" → "agree"),
    /// for "did you mean" suggestions on short labels.
    public static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        // Three rows of the table are enough (a transposition looks two rows back), in one buffer:
        // this runs for every label on every did-you-mean.
        let width = b.count + 1
        var rows = [Int](repeating: 0, count: 3 * width)
        for j in 0...b.count { rows[j] = j }
        for i in 1...a.count {
            let current = (i % 3) * width, previous = ((i - 1) % 3) * width, before = ((i + 1) % 3) * width
            rows[current] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var best = min(rows[previous + j] + 1, rows[current + j - 1] + 1, rows[previous + j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    best = min(best, rows[before + j - 2] + 1)
                }
                rows[current + j] = best
            }
        }
        return rows[(a.count % 3) * width + b.count]
    }
}

extension String {
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return String(scalars[first...last])
    }
}

extension String {
    /// Every occurrence of `target` replaced, matched on UTF-8 bytes: what quoting (CSV, shell,
    /// Markdown tables) needs, where each quote character must be escaped even when a combining mark
    /// follows it, and fast enough for the partner placeholder of every answer of every report
    /// (`replacing` from the string-processing library cost 65,000 instructions a call there).
    func replacingEvery(_ target: String, with replacement: String) -> String {
        let needle = Array(target.utf8)
        guard let head = needle.first else { return self }
        var out: [UInt8] = []
        var changed = false
        var text = self
        text.withUTF8 { bytes in
            var index = 0
            var copied = 0
            while index + needle.count <= bytes.count {
                if bytes[index] == head && needle.indices.allSatisfy({ bytes[index + $0] == needle[$0] }) {
                    if !changed {
                        out.reserveCapacity(bytes.count + 16)
                        changed = true
                    }
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<index]))
                    out.append(contentsOf: replacement.utf8)
                    index += needle.count
                    copied = index
                } else {
                    index += 1
                }
            }
            if changed { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied...])) }
        }
        return changed ? String(decoding: out, as: UTF8.self) : self
    }
}

extension Array where Element == String {
    /// `joined(separator:)`, written out for arrays of strings: the standard library's generic version
    /// makes the Swift runtime look up a conformance of Array on its first call, a scan of all 4,000
    /// conformances in the program (80,000 instructions) that every report paid.
    public func joinedText(separator: String) -> String {
        guard let first else { return "" }
        var total = first.utf8.count
        for item in dropFirst() { total += separator.utf8.count + item.utf8.count }
        var out = ""
        out.reserveCapacity(total)
        out.append(first)
        for item in dropFirst() {
            out.append(separator)
            out.append(item)
        }
        return out
    }
}

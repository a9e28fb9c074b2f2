/// Replaces a respondent's own name in free text (their notes) with their anonymous label, for
/// exports shared with `--anonymous`. Matches whole words, case-insensitively: the full name, or any
/// run of its parts ("Jane", "Doe", "Jane Doe", "jane's"). Names of other people are not detected.
public struct NameRedaction: Sendable {
    private let parts: Set<String>
    private let label: String

    /// `name` split into words of two or more letters; nothing to redact when it has none.
    public init(name: String?, label: String) {
        parts = Set((name ?? "").split(whereSeparator: { !Self.isWordCharacter($0) })
            .filter { $0.count >= 2 }
            .map { $0.lowercased() })
        self.label = label
    }

    public func redact(_ text: String) -> String {
        guard !parts.isEmpty else { return text }
        var out = ""
        var index = text.startIndex
        var pendingGap = ""  // spaces after a redacted word, kept until we know whether the name goes on
        var inName = false
        while index < text.endIndex {
            if Self.isWordCharacter(text[index]) {
                var end = index
                while end < text.endIndex, Self.isWordCharacter(text[end]) { end = text.index(after: end) }
                let word = text[index..<end]
                if parts.contains(word.lowercased()) {
                    if !inName { out += label }  // "Jane Doe" becomes one label, not two
                    inName = true
                    pendingGap = ""
                } else {
                    out += pendingGap
                    out += word
                    pendingGap = ""
                    inName = false
                }
                index = end
            } else {
                if inName && text[index] == " " && pendingGap.isEmpty {
                    pendingGap = " "
                } else {
                    out += pendingGap
                    out.append(text[index])
                    pendingGap = ""
                    inName = false
                }
                index = text.index(after: index)
            }
        }
        return out + pendingGap
    }

    private static func isWordCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber
    }
}

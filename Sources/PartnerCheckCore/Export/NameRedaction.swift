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
        var inName = false
        var spaceAfterName = false  // held back until we know whether the name goes on
        while index < text.endIndex {
            if Self.isWordCharacter(text[index]) {
                var end = index
                while end < text.endIndex, Self.isWordCharacter(text[end]) { end = text.index(after: end) }
                let word = text[index..<end]
                if parts.contains(word.lowercased()) {
                    if !inName { out += label }  // "Jane Doe" becomes one label, not two
                    inName = true
                } else {
                    if spaceAfterName { out += " " }
                    out += word
                    inName = false
                }
                spaceAfterName = false
                index = end
            } else {
                if inName && text[index] == " " && !spaceAfterName {
                    spaceAfterName = true
                } else {
                    if spaceAfterName { out += " " }
                    out.append(text[index])
                    spaceAfterName = false
                    inName = false
                }
                index = text.index(after: index)
            }
        }
        return spaceAfterName ? out + " " : out
    }

    private static func isWordCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber
    }
}

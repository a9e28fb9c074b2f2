/// Text for commands partnercheck prints for a person to paste into a shell.
public enum Shell {
    /// A word as a POSIX shell reads it back: plain when safe, else in single quotes.
    public static func quoted(_ word: String) -> String {
        let safe = !word.isEmpty && word.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "/._-+:@".unicodeScalars.contains($0)
        }
        return safe ? word : "'" + word.replacingEvery("'", with: "'\\''") + "'"
    }
}

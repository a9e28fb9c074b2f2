/// What Tab completes: the words starting with what is typed (case ignored). At a question that
/// takes a list ("a, part of everyone's job, c"), the part after the last comma completes and
/// the earlier parts are kept.
public enum Completion {
    public static func matches(_ typed: String, _ words: [String]) -> [String] {
        let lowered = typed.lowercased()
        let whole = words.filter { $0.lowercased().hasPrefix(lowered) }
        guard whole.isEmpty, let comma = typed.lastIndex(of: ",") else { return whole }
        var head = String(typed[...comma])
        let rest = typed[typed.index(after: comma)...]
        let spaces = rest.prefix { $0 == " " }
        head += spaces
        let tail = rest.dropFirst(spaces.count).lowercased()
        return words.filter { $0.lowercased().hasPrefix(tail) }.map { head + $0 }
    }
}

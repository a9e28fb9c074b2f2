/// The words people type for a level and for yes or no: one vocabulary and one matcher for every
/// prompt. An exact word or synonym, or an unambiguous start of the level's name, is taken; a word
/// close to one of them (a typo) is only suggested, and taken when the person confirms it.
public enum Vocabulary {
    public enum Match<Value: Equatable>: Equatable {
        case exact(Value)
        /// A close word: `word` is what it seems to be a typo of.
        case suggestion(Value, word: String)
        case none
    }

    /// Documented in the README: what each level accepts besides its name.
    public static let levelWords: [(Level, [String])] = [
        (.executive, ["executive", "exec", "execs", "executives", "c-level", "c level", "c-suite", "ceo", "cxo", "vp", "svp", "evp",
                      "director", "senior leadership", "leadership", "board"]),
        (.management, ["management", "manager", "managers", "mgmt", "mgr", "middle management", "team lead", "head of"]),
        (.field, ["field", "front line", "frontline", "front-line", "sales", "seller", "sales rep", "engineer", "engineering",
                  "staff", "individual contributor", "ic", "delivery", "support", "lab"]),
    ]

    public static let yesWords = ["yes", "y", "yep", "yeah", "yup", "sure", "ok", "okay", "aye"]
    public static let noWords = ["no", "n", "nope", "nah", "no thanks"]

    public static func level(_ typed: String) -> Match<Level> {
        match(typed, levelWords, prefixOf: { $0.rawValue })
    }

    public static func yesNo(_ typed: String) -> Match<Bool> {
        match(typed, [(true, yesWords), (false, noWords)], prefixOf: nil)
    }

    /// True for a word that says yes (what confirms a suggestion).
    public static func isYes(_ typed: String) -> Bool {
        yesWords.contains(AnswerText.normalise(typed))
    }

    static func match<Value: Equatable>(_ typed: String, _ table: [(Value, [String])], prefixOf name: ((Value) -> String)?) -> Match<Value> {
        let word = AnswerText.normalise(typed)
        guard !word.isEmpty else { return .none }
        if let hit = table.first(where: { $0.1.contains(word) }) { return .exact(hit.0) }
        if let name {
            let prefixed = table.filter { name($0.0).hasPrefix(word) }
            if prefixed.count == 1 { return .exact(prefixed[0].0) }
        }
        // A typo: within one edit of a short word, two of a longer one; only when one value is that close.
        let length = word.count
        guard length >= 3 else { return .none }
        var close: [(Value, String, Int)] = []
        for (value, words) in table {
            // An edit distance is at least the difference in length: a long line is never compared.
            for candidate in words where candidate.count >= 3 && abs(candidate.count - length) <= 2 {
                let distance = AnswerText.distance(word, candidate)
                if distance <= (candidate.count >= 6 ? 2 : 1) { close.append((value, candidate, distance)) }
            }
        }
        guard let best = close.min(by: { $0.2 < $1.2 }), !close.contains(where: { $0.0 != best.0 }) else { return .none }
        return .suggestion(best.0, word: best.1)
    }
}

import PartnerCheckCore

/// The words that work at any prompt.
public enum Command: String, CaseIterable, Sendable {
    case help, why, back, skip, review, progress, quit
    /// The whole passage behind the question, where `why` shows its first sentences.
    case whyMore = "why more"

    /// A command only when the whole line is the word (so "b" stays an answer).
    public init?(typed: String) {
        let word = AnswerText.normalise(typed)
        if word == "?" { self = .help; return }
        if word == "exit" { self = .quit; return }
        self.init(rawValue: word)
    }

    /// The command a line looks like a slip of ("hepl", "reveiw"), to say so: a hint only, never run.
    public static func nearest(to typed: String) -> Command? {
        let word = AnswerText.normalise(typed)
        guard word.count >= 3, word.count <= 10 else { return nil }
        let close = allCases.filter { command in
            command != .whyMore && AnswerText.distance(word, command.rawValue) <= (command.rawValue.count >= 6 ? 2 : 1)
        }
        return close.count == 1 ? close[0] : nil
    }

    public static let helpText = """
        Answer with the number, the label, or the start of a label (Tab completes it).
        Add a note after "--", for example: 2 -- budgets are frozen
          help      this help
          why       why this question matters, in the source's words (why more: the whole passage)
          back      change the previous answer
          skip      leave this question unanswered for now
          review    see your answers so far and change any of them
          progress  how far you are
          quit      save and stop (you can resume later)
        Ctrl-D saves and stops. Ctrl-C clears the line; a second Ctrl-C saves and stops.
        """
}

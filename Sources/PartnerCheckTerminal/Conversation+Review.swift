import PartnerCheckCore

/// Looking back: the review list, progress, a completed session, and the closing recap.
extension Conversation {

    func answeredList() -> [(Int, Position, Questionnaire, Answer)] {
        var list: [(Int, Position, Questionnaire, Answer)] = []
        for (index, position) in positions().enumerated() {
            guard let (questionnaire, question) = question(at: position),
                  let answer = session.rounds[position.round].answer(question.id) else { continue }
            list.append((index + 1, position, questionnaire, answer))
        }
        return list
    }

    func review() -> Position? {
        let list = answeredList()
        if list.isEmpty {
            say("No answers yet.")
            return nil
        }
        say("")
        say(style.bold("Your answers so far:"))
        for (number, position, questionnaire, answer) in list {
            let partner = session.rounds[position.round].partner.map { "\(style.separator)\($0)" } ?? ""
            sayWrapped("[\(questionnaire.title)\(partner)] \(AnswerText.excerpt(answer.questionText, limit: 60))\(style.dash) \(answer.summary)",
                       first: "  \(number). ", indent: "      ")
        }
        while true {
            let input = reader.read(prompt: "Type a number to change that answer, or press Enter to go on: ", prefill: nil,
                                    completions: [])
            guard case .line(let line) = input else { return nil }
            let typed = AnswerText.normalise(line)
            if typed.isEmpty { return nil }
            if let number = Int(typed), let entry = list.first(where: { $0.0 == number }) {
                return entry.1
            }
            say(style.warn("\"\(AnswerText.excerpt(line))\" is not one of the numbers above. Type one of them, or press Enter to go on."))
        }
    }

    func progressText() -> String {
        let answers = session.rounds.flatMap(\.answers)
        let skipped = answers.filter { $0.status == .skipped }.count
        let unknown = answers.filter { $0.status == .unknown }.count
        let total = totalQuestions
        let left = max(0, total - answers.count)
        var text = "You have answered \(answers.count - skipped) of \(total) questions"
        var extras: [String] = []
        if skipped > 0 { extras.append("\(skipped) skipped") }
        if unknown > 0 { extras.append("\(unknown) don't know") }
        if !extras.isEmpty { text += " (\(extras.joined(separator: ", ")))" }
        text += ". \(left) to go, about \(max(1, (left * 25 + 59) / 60)) minute\(left * 25 <= 60 ? "" : "s")."
        return text
    }

    func offerReviewOfCompleted() -> PauseReason? {
        say("This assessment is already complete\(session.completedAt.map { " (finished \($0))" } ?? "").")
        while true {
            let reply = prompt("Type review to look at or change your answers, or press Enter to finish: ",
                               why: "A completed assessment can still be reviewed and changed.")
            switch reply {
            case .stop(let reason): return reason
            case .text: return nil
            case .jump(let position):
                switch ask(position) {
                case .stop(let reason): return reason
                default: continue
                }
            }
        }
    }

    /// The close of a finished assessment. The answers are not listed again (`review` lists them
    /// on resuming); the summary that follows is what the respondent came for.
    func recap() {
        say("")
        let name = session.respondent.name.map { ", \($0)" } ?? ""
        say(style.bold("All done. Thank you\(name)."))
        if let path = saver.path { say("Saved to \(path)") }
    }
}

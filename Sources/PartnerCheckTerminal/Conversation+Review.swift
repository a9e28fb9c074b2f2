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

    /// Lists everything given in the session — the answers (with their notes), and what was said
    /// about you and about each partnership — and changes what the person picks: a number for an
    /// answer, a letter for the rest.
    func review() -> Position? {
        let list = answeredList()
        // The profile, then each partnership: the letters of the second list.
        var others: [(label: String, value: String, edit: () -> Void)] = [
            ("Your name", session.respondent.name ?? "(not given)", { self.editName() }),
            ("Your level", session.respondent.level?.rawValue ?? "(not given)", { self.editLevel() }),
            ("Your organisation", session.respondent.organisation ?? "(not given)", { self.editOrganisation() }),
        ]
        for (index, round) in session.rounds.enumerated() where round.partner != nil {
            others.append(("Partner", "\(round.partner!) (\(round.side == .partner ? "the partner's side" : "our side"))",
                           { self.editPartnership(index) }))
        }
        let letters = Array("abcdefghijklmnopqrstuvwxyz").map(String.init)
        say("")
        say(style.bold(list.isEmpty ? "No answers yet." : "Your answers so far:"))
        for (number, position, questionnaire, answer) in list {
            let partner = session.rounds[position.round].partner.map { "\(style.separator)\($0)" } ?? ""
            let note = answer.note.map { " (note: \(AnswerText.excerpt($0, limit: 40)))" } ?? ""
            sayWrapped("[\(questionnaire.title)\(partner)] \(AnswerText.excerpt(answer.questionText, limit: 60))\(style.dash) \(answer.summary)\(note)",
                       first: "  \(number). ", indent: "      ")
        }
        say(style.bold("About you and your partnerships:"))
        for (index, item) in others.prefix(letters.count).enumerated() {
            say("  \(letters[index]). \(item.label): \(item.value)")
        }
        while true {
            let input = reader.read(prompt: "Type a number or a letter to change it, or press Enter to go on: ", prefill: nil,
                                    completions: [])
            guard case .line(let line) = input else { return nil }
            let typed = AnswerText.normalise(line)
            if typed.isEmpty { return nil }
            if let number = Int(typed), let entry = list.first(where: { $0.0 == number }) {
                return entry.1
            }
            if let index = letters.firstIndex(of: typed), index < others.count {
                others[index].edit()
                if let failure = persistOrAsk() { say(style.warn("Not saved: \(failure)")) }
                return nil
            }
            say(style.warn("\"\(AnswerText.excerpt(line))\" is not one of the numbers or letters above. Type one of them, or press Enter to go on."))
        }
    }

    /// A new value for a line of text, pre-filled with the old one; Enter keeps it.
    private func revise(_ label: String, _ current: String?) -> String? {
        let input = reader.read(prompt: "\(label): ", prefill: current, completions: [])
        guard case .line(let line) = input else { return current }
        let clean = String(AnswerText.sanitise(line).prefix(200))
        return clean.isEmpty ? current : clean
    }

    func editName() {
        session.respondent.name = revise("Your name", session.respondent.name)
    }

    func editOrganisation() {
        session.respondent.organisation = revise("Your organisation", session.respondent.organisation)
    }

    func editLevel() {
        guard let typed = revise("Your level (executive, management or field)", session.respondent.level?.rawValue) else { return }
        switch Vocabulary.level(typed) {
        case .exact(let level): session.respondent.level = level
        case .suggestion(let level, _): session.respondent.level = level
            say(style.dim("Taken as \(level.rawValue)."))
        case .none: say(style.warn("\"\(AnswerText.excerpt(typed))\" is not a level; your level is unchanged."))
        }
    }

    /// Renames a partner (every answer of the round follows: its question text names the partner)
    /// and sets the side.
    func editPartnership(_ index: Int) {
        let round = session.rounds[index]
        guard let old = round.partner,
              let questionnaire = catalog.questionnaires.first(where: { $0.id == round.questionnaire }) else { return }
        let name = revise("The partner's name", old) ?? old
        let sideWord = revise("Our side or the partner's side (ours or partner)", round.side == .partner ? "partner" : "ours") ?? "ours"
        let side: Side = AnswerText.normalise(sideWord).hasPrefix("p") || AnswerText.normalise(sideWord).hasPrefix("their") ? .partner : .ours
        session.rounds[index].partner = name
        session.rounds[index].side = side
        for (position, answer) in session.rounds[index].answers.enumerated() {
            if let question = questionnaire.question(answer.question) {
                session.rounds[index].answers[position].questionText = question.text(partner: name)
            }
        }
        say(style.dim("Now: \(name), \(side == .partner ? "the partner's side" : "our side"); its \(session.rounds[index].answers.count) answers follow."))
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

import PartnerCheckCore

/// The prompts that are not questions: who is answering, which questionnaires, which partner,
/// the ambition, and yes/no choices.
extension Conversation {

    /// Reads one line at a prompt that is not a question, handling the commands that apply.
    func prompt(_ text: String, prefill: String? = nil, completions: [String] = [], why: String,
                        allowBack: Bool = true) -> Reply {
        var prefill = prefill
        while true {
            let input = reader.read(prompt: text, prefill: prefill, completions: completions + Command.allCases.map(\.rawValue))
            prefill = nil
            switch input {
            case .end: return .stop(.endOfInput)
            case .interrupted(let signal): return .stop(.signal(signal))
            case .line(let line):
                guard let command = Command(typed: line) else { return .text(line) }
                switch command {
                case .help: say(Command.helpText)
                case .why, .whyMore: say(why)
                case .skip: return .text("")
                case .quit: return .stop(.quit)
                case .progress: say(progressText())
                case .review:
                    if let target = review() { return .jump(target) }
                case .back:
                    if allowBack, let last = positions().last(where: { position in
                        guard let (_, question) = question(at: position) else { return false }
                        return session.rounds[position.round].answer(question.id) != nil
                    }) {
                        return .jump(last)
                    }
                    say("There is no earlier answer to go back to here.")
                }
            }
        }
    }

    func askYesNo(_ text: String, why: String) -> Reply {
        while true {
            let reply = prompt(text, completions: ["yes", "no"], why: why)
            guard case .text(let line) = reply else { return reply }
            if AnswerText.normalise(line).isEmpty { return .text("no") }
            switch Vocabulary.yesNo(line) {
            case .exact(let yes): return .text(yes ? "yes" : "no")
            case .suggestion(let yes, _) where options.interactive:
                say(style.warn("Did you mean \(yes ? "yes" : "no")? Please type yes or no."))
            default: say(style.warn("Please type yes or no."))
            }
        }
    }

    func greet() {
        let count = totalQuestions
        let minutes = max(2, (count * 25 + 59) / 60)
        say(style.bold("Welcome to partnercheck."))
        sayWrapped("I will ask you about how your company partners, one question at a time: about \(count) questions, roughly \(minutes) minutes.")
        sayWrapped("Every answer is saved the moment you give it, so you can stop at any point and carry on later.")
        say("Type help at any prompt to see what you can do.")
        say("")
    }

    func welcomeBack() {
        let name = session.respondent.name.map { ", \($0)" } ?? ""
        say(style.bold("Welcome back\(name)."))
        sayWrapped("You have given \(session.answerCount) answer\(session.answerCount == 1 ? "" : "s") so far; we carry on where you left off.")
    }

    func askRespondent() -> PauseReason? {
        say("First, a little about you. Each of these is optional: press Enter to skip.")
        switch prompt("Your name: ", why: "Your name only labels your saved answers and names the file.", allowBack: false) {
        case .stop(let reason): return reason
        case .jump: break
        case .text(let name):
            let clean = AnswerText.sanitise(name)
            session.respondent.name = clean.isEmpty ? nil : String(clean.prefix(200))
        }
        var suggestedLevel: Level? = nil
        levelLoop: while true {
            switch prompt("Your level (executive, management or field): ", completions: Level.allCases.map(\.rawValue),
                          why: "The sources stress that partnering must unite executives, management and the field; a workshop compares the three.", allowBack: false) {
            case .stop(let reason): return reason
            case .jump: continue
            case .text(let typed):
                let word = AnswerText.normalise(typed)
                if let pending = suggestedLevel, word.isEmpty || Vocabulary.isYes(word) {
                    session.respondent.level = pending
                    break levelLoop
                }
                suggestedLevel = nil
                if word.isEmpty { break levelLoop }
                switch Vocabulary.level(word) {
                case .exact(let level):
                    session.respondent.level = level
                    break levelLoop
                case .suggestion(let level, let close) where options.interactive:
                    suggestedLevel = level
                    say(style.warn("\"\(AnswerText.excerpt(typed))\" is not a level. Did you mean \"\(close)\" (\(level.rawValue))? Type y or press Enter to take it."))
                case .suggestion(let level, let close):
                    say(style.warn("\"\(AnswerText.excerpt(typed))\" is not a level. Did you mean \"\(close)\" (\(level.rawValue))? Type executive, management or field, or press Enter to skip."))
                case .none:
                    say(style.warn("\"\(AnswerText.excerpt(typed))\" is not a level. Type executive, management or field, or press Enter to skip."))
                }
            }
        }
        switch prompt("Your organisation: ", why: "The organisation only labels your saved answers.", allowBack: false) {
        case .stop(let reason): return reason
        case .jump: break
        case .text(let organisation):
            let clean = AnswerText.sanitise(organisation)
            session.respondent.organisation = clean.isEmpty ? nil : String(clean.prefix(200))
        }
        return nil
    }

    func askQuestionnaires() -> PauseReason? {
        let all = catalog.questionnaires
        say("")
        say("There are \(all.count) questionnaires:")
        for (index, questionnaire) in all.enumerated() {
            let per = questionnaire.isPerPartner ? " per partner" : ""
            sayWrapped("\(questionnaire.title) (\(questionnaire.questions.count) questions\(per))\(style.dash) \(questionnaire.summary)",
                       first: "  \(index + 1). ", indent: "     ")
        }
        while true {
            let reply = prompt("Which would you like to answer? Press Enter for all, or type numbers (for example: 1 3): ",
                               completions: all.map(\.id), why: "You can answer all of them now, or a few and the rest another time.",
                               allowBack: false)
            guard case .text(let typed) = reply else {
                if case .stop(let reason) = reply { return reason }
                continue
            }
            let words = AnswerText.normalise(typed).split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
            if words.isEmpty || words == ["all"] {
                return nil
            }
            var chosen: [Questionnaire] = []
            var problem: String? = nil
            for word in words {
                if let number = Int(word), number >= 1, number <= all.count {
                    chosen.append(all[number - 1])
                } else if let match = all.first(where: { $0.id == word }) {
                    chosen.append(match)
                } else {
                    let prefixed = all.filter { $0.id.hasPrefix(word) || AnswerText.normalise($0.title).hasPrefix(word) }
                    if prefixed.count == 1 { chosen.append(prefixed[0]) } else { problem = word; break }
                }
            }
            if let problem {
                let close = all.filter { AnswerText.distance($0.id, problem) <= 2 }
                if close.count == 1, options.interactive {
                    say(style.warn("\"\(AnswerText.excerpt(problem))\" is not one of them. Did you mean \"\(close[0].id)\"? Type y or press Enter to take it."))
                    if case .text(let answer) = prompt("> ", why: "One of the questionnaires listed above.", allowBack: false),
                       AnswerText.normalise(answer).isEmpty || Vocabulary.isYes(answer) {
                        chosen.append(close[0])
                        for word in words where word != problem {
                            if let number = Int(word), number >= 1, number <= all.count { chosen.append(all[number - 1]) }
                            else if let match = all.first(where: { $0.id == word || $0.id.hasPrefix(word) }) { chosen.append(match) }
                        }
                        let ordered = all.filter { questionnaire in chosen.contains { $0.id == questionnaire.id } }
                        session.questionnaires = ordered.map { QuestionnaireRef(id: $0.id, version: $0.version) }
                        return nil
                    }
                    continue
                }
                let hint = close.count == 1 ? " Did you mean \"\(close[0].id)\"?" : ""
                say(style.warn("\"\(AnswerText.excerpt(problem))\" is not one of them.\(hint) Type numbers from 1 to \(all.count), or press Enter for all."))
                continue
            }
            let ordered = all.filter { questionnaire in chosen.contains { $0.id == questionnaire.id } }
            session.questionnaires = ordered.map { QuestionnaireRef(id: $0.id, version: $0.version) }
            return nil
        }
    }

    func introduce(_ questionnaire: Questionnaire) {
        say("")
        sayWrapped("\(questionnaire.title)\(style.dash) \(questionnaire.summary)", bold: true)
        sayWrapped("Source: \(questionnaire.source.citation)", dim: true)
    }

    func startRound(of questionnaire: Questionnaire) -> Reply {
        guard questionnaire.isPerPartner else {
            session.rounds.append(Round(questionnaire: questionnaire.id, version: questionnaire.version))
            return .text("")
        }
        var partner = ""
        while partner.isEmpty {
            let reply = prompt("Which partner is this about? Their name: ",
                               why: "These questions are about one named partnership at a time.")
            guard case .text(let typed) = reply else { return reply }
            partner = String(AnswerText.sanitise(typed).prefix(200))
            if partner.isEmpty { say(style.warn("Please type the partner's name (or quit to stop).")); continue }
            // A name close to one already rated in this session is probably that partner, misspelt.
            let known = Set(session.rounds.compactMap(\.partner))
            if options.interactive, !known.contains(partner),
               let close = known.sorted().first(where: { AnswerText.distance(AnswerText.normalise($0), AnswerText.normalise(partner)) <= 2 }) {
                let reply = prompt("Did you mean \"\(close)\", already rated here? Type y or press Enter to take it, or n to keep \"\(partner)\": ",
                                   why: "The same partner under two spellings would count as two partnerships.")
                guard case .text(let answer) = reply else { return reply }
                if AnswerText.normalise(answer).isEmpty || Vocabulary.isYes(answer) { partner = close }
            }
        }
        var side: Side? = nil
        while side == nil {
            let reply = prompt("Are you answering from our side or from the partner's side? (ours or partner, Enter for ours) ",
                               completions: ["ours", "partner"],
                               why: "When both sides of one partnership answer, their answers can be compared trait by trait.")
            guard case .text(let typed) = reply else { return reply }
            switch AnswerText.normalise(typed) {
            case "", "o", "ou", "our", "ours", "our side", "us", "we": side = .ours
            case "p", "pa", "par", "partner", "partner's", "partners", "partner's side", "theirs", "their side": side = .partner
            default: say(style.warn("Please type ours or partner."))
            }
        }
        session.rounds.append(Round(questionnaire: questionnaire.id, version: questionnaire.version, partner: partner, side: side))
        return .text("")
    }

    func askAmbition(_ ambition: Ambition, in questionnaire: Questionnaire) -> Reply {
        guard let scale = questionnaire.scales[ambition.scale], let fallback = scale.point(ambition.default) else { return .text("") }
        let synthetic = Question(id: "ambition", text: ambition.prompt, kind: .rating, scale: ambition.scale, options: nil,
                                 dimension: questionnaire.dimensions[0].id, weight: 1, why: "", source: questionnaire.source,
                                 allowUnknown: false, followUpAtOrBelow: nil)
        let parser = AnswerParser(question: synthetic, in: questionnaire)
        say("")
        sayWrapped("You have finished \(questionnaire.title). " + ambition.prompt)
        say(choicesText(synthetic, questionnaire))
        while true {
            let reply = prompt("Your ambition (Enter for \(fallback.value) \(fallback.label)): ", completions: parser.completions,
                               why: "Your ambition sets the target that gaps are measured against.")
            guard case .text(let typed) = reply else { return reply }
            if AnswerText.normalise(typed).isEmpty {
                session.ambitions[questionnaire.id] = fallback.value
                return .text("")
            }
            switch parser.parse(typed) {
            case .value(.number(let value), _, _):
                session.ambitions[questionnaire.id] = value
                return .text("")
            case .rejected(let message):
                sayWrapped(message, warn: true)
            default:
                say(style.warn(parser.acceptedSummary))
            }
        }
    }
}

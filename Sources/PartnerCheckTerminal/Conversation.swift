#if canImport(Glibc)
import Glibc
#endif
import PartnerCheckCore

/// Why a conversation stopped before the end.
public enum PauseReason: Sendable, Equatable {
    case quit
    case endOfInput
    case signal(Int32)
    /// The session could not be saved and no other place was given.
    case saveFailed(String)
}

public enum ConversationOutcome: Sendable, Equatable {
    case completed(path: String?)
    case paused(path: String?, reason: PauseReason)
    /// The session could not be saved and no other place was given.
    case saveFailed(message: String)
}

/// Settings for one conversation, decided by the command line.
public struct ConversationOptions: Sendable {
    /// A person is at the keyboard: optional follow-ups (notes, ambition) are asked.
    public var interactive: Bool
    public var style: Style
    /// Questionnaires chosen on the command line; nil asks the respondent.
    public var questionnaires: [String]?
    /// Ask name, level and organisation (false when all were given on the command line).
    public var askRespondent: Bool
    /// The workshop the session belongs to.
    public var workshop: String?

    public init(interactive: Bool, style: Style = .plain, questionnaires: [String]? = nil, askRespondent: Bool = true,
                workshop: String? = nil) {
        self.interactive = interactive
        self.style = style
        self.questionnaires = questionnaires
        self.askRespondent = askRespondent
        self.workshop = workshop
    }
}

/// The assessment conversation: one question at a time, every answer saved at once.
/// It talks only to a `LineReader`, a `TextSink` and a `SessionSaver`, so tests drive it with
/// scripted lines and the binary with readline.
public final class Conversation {
    public private(set) var session: Session
    private let catalog: QuestionnaireCatalog
    private let reader: LineReader
    private let out: TextSink
    private let saver: SessionSaver
    private let options: ConversationOptions
    private let now: () -> String
    private let isNew: Bool
    private var style: Style { options.style }

    /// A question in the flat order of all rounds.
    struct Position: Equatable {
        var round: Int
        var question: Int
    }

    /// What came of a prompt that is not a question.
    private enum Reply {
        case text(String)
        case jump(Position)
        case stop(PauseReason)
    }

    private enum Step {
        case moved
        case back
        case jump(Position)
        case stop(PauseReason)
    }

    private struct SaveFailure: Error {
        var message: String
    }

    /// Starts a new session.
    public init(catalog: QuestionnaireCatalog, reader: LineReader, output: TextSink, saver: SessionSaver,
                options: ConversationOptions, sessionID: String, respondent: Respondent = Respondent(),
                now: @escaping () -> String) {
        self.catalog = catalog
        self.reader = reader
        self.out = output
        self.saver = saver
        self.options = options
        self.now = now
        let chosen = options.questionnaires.map { ids in catalog.questionnaires.filter { ids.contains($0.id) } } ?? catalog.questionnaires
        self.session = Session(id: sessionID, createdAt: now(), respondent: respondent,
                               questionnaires: chosen.map { QuestionnaireRef(id: $0.id, version: $0.version) })
        self.session.workshop = options.workshop
        self.isNew = true
    }

    /// Continues a saved session.
    public init(resuming session: Session, catalog: QuestionnaireCatalog, reader: LineReader, output: TextSink,
                saver: SessionSaver, options: ConversationOptions, now: @escaping () -> String) {
        self.catalog = catalog
        self.reader = reader
        self.out = output
        self.saver = saver
        self.options = options
        self.now = now
        self.session = session
        self.isNew = false
    }

    // MARK: - The whole conversation

    public func run() -> ConversationOutcome {
        if isNew {
            greet()
            if options.askRespondent, let stop = askRespondent() { return pause(stop) }
            if options.questionnaires == nil, let stop = askQuestionnaires() { return pause(stop) }
            if let failure = persist() { return failure }
        } else {
            welcomeBack()
            if session.status == .completed {
                if let stop = offerReviewOfCompleted() { return pause(stop) }
                recap()
                return .completed(path: saver.path)
            }
        }
        if let stop = proceed() { return pause(stop) }
        session.status = .completed
        session.completedAt = now()
        if let failure = persist() { return failure }
        recap()
        return .completed(path: saver.path)
    }

    private func pause(_ reason: PauseReason) -> ConversationOutcome {
        if case .saveFailed(let message) = reason { return .saveFailed(message: message) }
        // Stopped before anything was given: leave no empty file behind.
        if saver.path == nil && session.answerCount == 0 && session.respondent == Respondent() {
            say("Nothing was answered, so nothing was saved.")
            return .paused(path: nil, reason: reason)
        }
        if let failure = persist() { return failure }
        guard let path = saver.path else {
            say("Nothing was answered, so nothing was saved.")
            return .paused(path: nil, reason: reason)
        }
        say("Your answers are saved in \(path)")
        say("To carry on later: partnercheck assess --resume \(shellQuoted(path))")
        return .paused(path: path, reason: reason)
    }

    /// Answers every open question, then moves through the chosen questionnaires.
    private func proceed() -> PauseReason? {
        var jump: Position? = nil
        while true {
            if let stop = answerOpenQuestions(startingAt: jump) { return stop }
            jump = nil
            guard let next = session.questionnaires.first(where: { !session.finished.contains($0.id) }),
                  let questionnaire = catalog.questionnaires.first(where: { $0.id == next.id }) else { return nil }
            let rounds = session.rounds.filter { $0.questionnaire == questionnaire.id }
            if rounds.isEmpty {
                introduce(questionnaire)
                switch startRound(of: questionnaire) {
                case .stop(let reason): return reason
                case .jump(let position): jump = position
                case .text: break
                }
                continue
            }
            if questionnaire.isPerPartner {
                switch askYesNo("Would you like to assess another partnership? (yes or no, Enter for no) ",
                                why: "Each partnership is rated on its own, so you can compare them later.") {
                case .stop(let reason): return reason
                case .jump(let position): jump = position; continue
                case .text(let answer):
                    if answer == "yes" {
                        switch startRound(of: questionnaire) {
                        case .stop(let reason): return reason
                        case .jump(let position): jump = position
                        case .text: break
                        }
                        continue
                    }
                }
            }
            if options.interactive, let ambition = questionnaire.ambition, session.ambitions[questionnaire.id] == nil {
                switch askAmbition(ambition, in: questionnaire) {
                case .stop(let reason): return reason
                case .jump(let position): jump = position; continue
                case .text: break
                }
            }
            session.finished.append(questionnaire.id)
            if let failure = persistOrAsk() { return failure }
        }
    }

    // MARK: - Questions

    private func positions() -> [Position] {
        var list: [Position] = []
        for (roundIndex, round) in session.rounds.enumerated() {
            guard let questionnaire = catalog.questionnaires.first(where: { $0.id == round.questionnaire }) else { continue }
            for index in questionnaire.questions.indices {
                list.append(Position(round: roundIndex, question: index))
            }
        }
        return list
    }

    private func question(at position: Position) -> (Questionnaire, Question)? {
        let round = session.rounds[position.round]
        guard let questionnaire = catalog.questionnaires.first(where: { $0.id == round.questionnaire }) else { return nil }
        return (questionnaire, questionnaire.questions[position.question])
    }

    private func firstOpen() -> Position? {
        positions().first { position in
            guard let (_, question) = question(at: position) else { return false }
            return session.rounds[position.round].answer(question.id) == nil
        }
    }

    private func answerOpenQuestions(startingAt start: Position?) -> PauseReason? {
        var pending = start
        while let position = pending ?? firstOpen() {
            pending = nil
            switch ask(position) {
            case .moved:
                continue
            case .back:
                let all = positions()
                if let index = all.firstIndex(of: position), index > 0 {
                    pending = all[index - 1]
                } else {
                    say("This is the first question; there is nothing to go back to.")
                    pending = position
                }
            case .jump(let target):
                pending = target
            case .stop(let reason):
                return reason
            }
        }
        return nil
    }

    private var totalQuestions: Int {
        let started = Set(session.rounds.map(\.questionnaire))
        let upcoming = session.questionnaires
            .filter { !started.contains($0.id) }
            .compactMap { ref in catalog.questionnaires.first { $0.id == ref.id }?.questions.count }
            .reduce(0, +)
        return positions().count + upcoming
    }

    private func ask(_ position: Position) -> Step {
        guard let (questionnaire, question) = question(at: position) else { return .moved }
        let round = session.rounds[position.round]
        let parser = AnswerParser(question: question, in: questionnaire)
        let number = (positions().firstIndex(of: position) ?? 0) + 1
        var heading = "\(number) of \(totalQuestions)\(style.separator)\(questionnaire.title)"
        if let partner = round.partner { heading += "\(style.separator)\(partner)" }
        if style.accessible { heading = "Question " + heading }
        say("")
        say(style.dim(heading))
        say(style.bold(question.text(partner: round.partner)))
        say(choicesText(question, questionnaire))
        let existing = round.answer(question.id)
        // The current answer is put at the prompt to edit; accessible mode does no redraws, so
        // there it is read out instead. Either way Enter on an empty line keeps it.
        var prefill: String? = existing.flatMap(prefillText)
        if let existing, existing.status != .skipped {
            say(style.dim("Your answer so far: \(existing.summary). Press Enter to keep it."))
            if style.accessible { prefill = nil }
        }
        while true {
            let input = reader.read(prompt: style.prompt, prefill: prefill, completions: parser.completions + Command.allCases.map(\.rawValue))
            prefill = nil
            let line: String
            switch input {
            case .end: return .stop(.endOfInput)
            case .interrupted(let signal): return .stop(.signal(signal))
            case .line(let text): line = text
            }
            if let existing, existing.status != .skipped, AnswerText.normalise(line).isEmpty {
                return .moved
            }
            if let command = Command(typed: line) {
                switch command {
                case .help:
                    say(Command.helpText)
                    say(parser.acceptedSummary)
                case .why:
                    say(question.why)
                    say(style.dim("Source: \(question.source.citation)"))
                case .back:
                    return .back
                case .skip:
                    record(Answer(question: question.id, questionText: question.text(partner: round.partner),
                                  status: .skipped, answeredAt: now()), at: position)
                    if let failure = persistOrAsk() { return .stop(failure) }
                    say(style.dim("Skipped. You can come back to it with review."))
                    return .moved
                case .review:
                    if let target = review() { return .jump(target) }
                    say(style.bold(question.text(partner: round.partner)))
                    say(choicesText(question, questionnaire))
                case .progress:
                    say(progressText())
                case .quit:
                    return .stop(.quit)
                }
                continue
            }
            var answer: Answer
            switch parser.parse(line) {
            case .rejected(let message):
                say(style.warn(message))
                continue
            case .unknown(let note):
                answer = Answer(question: question.id, questionText: question.text(partner: round.partner),
                                status: .unknown, note: note ?? existing?.note, answeredAt: now())
            case .value(let value, let label, let note):
                answer = Answer(question: question.id, questionText: question.text(partner: round.partner),
                                status: .answered, value: value, label: label, note: note, answeredAt: now())
                if note == nil, options.interactive, case .number(let n) = value,
                   let threshold = question.followUpAtOrBelow, n <= threshold {
                    // Save the rating first, so the follow-up can never lose it.
                    answer.note = existing?.note
                    record(answer, at: position)
                    if let failure = persistOrAsk() { return .stop(failure) }
                    switch askFollowUp(previous: existing?.note) {
                    case .stop(let reason): return .stop(reason)
                    case .jump(let target): return .jump(target)
                    case .text(let note): answer.note = note.isEmpty ? nil : note
                    }
                } else if note == nil {
                    answer.note = existing?.note
                }
            }
            record(answer, at: position)
            if let failure = persistOrAsk() { return .stop(failure) }
            return .moved
        }
    }

    private func prefillText(_ answer: Answer) -> String? {
        switch answer.status {
        case .skipped: return nil
        case .unknown: return "don't know"
        case .answered:
            if case .number(let n)? = answer.value { return answer.label ?? String(n) }
            return answer.label ?? answer.value?.typed
        }
    }

    private func choicesText(_ question: Question, _ questionnaire: Questionnaire) -> String {
        let unknown = question.acceptsUnknown
        switch question.kind {
        case .rating:
            let points = questionnaire.scale(for: question)?.points ?? []
            if style.accessible {
                var words = points.map { "\($0.value) means \($0.label)." }.joined(separator: " ")
                if unknown { words += " Or say don't know." }
                return words
            }
            var text = points.map { "  \($0.value)  \($0.label)" }.joined(separator: "\n")
            if unknown { text += "\n" + style.dim("  or: don't know") }
            return text
        case .choice:
            let options = question.options ?? []
            var text = options.map { option in
                let added = option.added == true ? style.dim(" (added: not one of the source's options)") : ""
                return style.accessible ? "Option \(option.key): \(option.label).\(option.added == true ? " This option is added, not one of the source's." : "")"
                    : "  \(option.key)) \(option.label)\(added)"
            }.joined(separator: "\n")
            if unknown { text += "\n" + (style.accessible ? "Or say don't know." : style.dim("  or: don't know")) }
            return text
        case .yesNo:
            return style.accessible ? "Answer yes or no." : "  yes / no"
        case .text:
            return style.accessible ? "Answer in your own words." : style.dim("  (your own words)")
        }
    }

    private func record(_ answer: Answer, at position: Position) {
        session.rounds[position.round].record(answer)
    }

    private func askFollowUp(previous: String?) -> Reply {
        let reply = prompt("What gets in the way? (optional, press Enter to skip) ", prefill: previous,
                           why: "A word on what holds this back helps turn the score into a plan.", allowBack: false)
        if case .text(let note) = reply {
            let clean = AnswerText.sanitise(note)
            if clean.count > AnswerParser.maximumTextLength {
                say(style.warn("That note is \(clean.count) characters long; the limit is \(AnswerParser.maximumTextLength). It was not kept; type a shorter one with review."))
                return .text("")
            }
            return .text(clean)
        }
        return reply
    }

    // MARK: - Other prompts

    /// Reads one line at a prompt that is not a question, handling the commands that apply.
    private func prompt(_ text: String, prefill: String? = nil, completions: [String] = [], why: String,
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
                case .why: say(why)
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

    private func askYesNo(_ text: String, why: String) -> Reply {
        while true {
            let reply = prompt(text, completions: ["yes", "no"], why: why)
            guard case .text(let line) = reply else { return reply }
            switch AnswerText.normalise(line) {
            case "", "n", "no": return .text("no")
            case "y", "yes": return .text("yes")
            default: say(style.warn("Please type yes or no."))
            }
        }
    }

    private func greet() {
        let count = session.questionnaires.compactMap { ref in catalog.questionnaires.first { $0.id == ref.id } }
            .reduce(0) { $0 + $1.questions.count }
        let minutes = max(2, (count * 25 + 59) / 60)
        say(style.bold("Welcome to partnercheck."))
        say("I will ask you about how your company partners, one question at a time: about \(count) questions, roughly \(minutes) minutes.")
        say("Every answer is saved the moment you give it, so you can stop at any point and carry on later.")
        say("Type help at any prompt to see what you can do.")
        say("")
    }

    private func welcomeBack() {
        let name = session.respondent.name.map { ", \($0)" } ?? ""
        say(style.bold("Welcome back\(name)."))
        say("You have given \(session.answerCount) answer\(session.answerCount == 1 ? "" : "s") so far; we carry on where you left off.")
    }

    private func askRespondent() -> PauseReason? {
        say("First, a little about you. Each of these is optional: press Enter to skip.")
        switch prompt("Your name: ", why: "Your name only labels your saved answers and names the file.", allowBack: false) {
        case .stop(let reason): return reason
        case .jump: break
        case .text(let name):
            let clean = AnswerText.sanitise(name)
            session.respondent.name = clean.isEmpty ? nil : String(clean.prefix(200))
        }
        levelLoop: while true {
            switch prompt("Your level (executive, management or field): ", completions: Level.allCases.map(\.rawValue),
                          why: "The sources stress that partnering must unite executives, management and the field; a workshop compares the three.", allowBack: false) {
            case .stop(let reason): return reason
            case .jump: continue
            case .text(let typed):
                let word = AnswerText.normalise(typed)
                if word.isEmpty { break levelLoop }
                let matches = Level.allCases.filter { $0.rawValue.hasPrefix(word) }
                if matches.count == 1 {
                    session.respondent.level = matches[0]
                    break levelLoop
                }
                say(style.warn("\"\(AnswerText.excerpt(typed))\" is not a level. Type executive, management or field, or press Enter to skip."))
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

    private func askQuestionnaires() -> PauseReason? {
        let all = catalog.questionnaires
        say("")
        say("There are \(all.count) questionnaires:")
        for (index, questionnaire) in all.enumerated() {
            let per = questionnaire.isPerPartner ? " per partner" : ""
            say("  \(index + 1). \(questionnaire.title) (\(questionnaire.questions.count) questions\(per))\(style.dash) \(questionnaire.summary)")
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
                say(style.warn("\"\(AnswerText.excerpt(problem))\" is not one of them. Type numbers from 1 to \(all.count), or press Enter for all."))
                continue
            }
            let ordered = all.filter { questionnaire in chosen.contains { $0.id == questionnaire.id } }
            session.questionnaires = ordered.map { QuestionnaireRef(id: $0.id, version: $0.version) }
            return nil
        }
    }

    private func introduce(_ questionnaire: Questionnaire) {
        say("")
        say(style.bold(questionnaire.title) + "\(style.dash) \(questionnaire.summary)")
        say(style.dim("Source: \(questionnaire.source.citation)"))
    }

    private func startRound(of questionnaire: Questionnaire) -> Reply {
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
            if partner.isEmpty { say(style.warn("Please type the partner's name (or quit to stop).")) }
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

    private func askAmbition(_ ambition: Ambition, in questionnaire: Questionnaire) -> Reply {
        guard let scale = questionnaire.scales[ambition.scale], let fallback = scale.point(ambition.default) else { return .text("") }
        let synthetic = Question(id: "ambition", text: ambition.prompt, kind: .rating, scale: ambition.scale, options: nil,
                                 dimension: questionnaire.dimensions[0].id, weight: 1, why: "", source: questionnaire.source,
                                 allowUnknown: false, followUpAtOrBelow: nil)
        let parser = AnswerParser(question: synthetic, in: questionnaire)
        say("")
        say("You have finished \(questionnaire.title). " + ambition.prompt)
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
                say(style.warn(message))
            default:
                say(style.warn(parser.acceptedSummary))
            }
        }
    }

    // MARK: - Review, progress, recap

    private func answeredList() -> [(Int, Position, Questionnaire, Answer)] {
        var list: [(Int, Position, Questionnaire, Answer)] = []
        for (index, position) in positions().enumerated() {
            guard let (questionnaire, question) = question(at: position),
                  let answer = session.rounds[position.round].answer(question.id) else { continue }
            list.append((index + 1, position, questionnaire, answer))
        }
        return list
    }

    private func review() -> Position? {
        let list = answeredList()
        if list.isEmpty {
            say("No answers yet.")
            return nil
        }
        say("")
        say(style.bold("Your answers so far:"))
        for (number, position, questionnaire, answer) in list {
            let partner = session.rounds[position.round].partner.map { "\(style.separator)\($0)" } ?? ""
            say("  \(number). [\(questionnaire.title)\(partner)] \(AnswerText.excerpt(answer.questionText, limit: 60))\(style.dash) \(answer.summary)")
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

    private func progressText() -> String {
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

    private func offerReviewOfCompleted() -> PauseReason? {
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

    private func recap() {
        say("")
        let name = session.respondent.name.map { ", \($0)" } ?? ""
        say(style.bold("All done. Thank you\(name)."))
        say("Your answers:")
        var lastHeading = ""
        for (_, position, questionnaire, answer) in answeredList() {
            let round = session.rounds[position.round]
            let heading = questionnaire.title + (round.partner.map { "\(style.separator)\($0) (\(round.side?.rawValue ?? "ours") side)" } ?? "")
            if heading != lastHeading {
                say("  " + style.bold(heading))
                lastHeading = heading
            }
            var line = "    \(AnswerText.excerpt(answer.questionText, limit: 56))\(style.dash) \(answer.summary)"
            if let note = answer.note { line += " (note: \(AnswerText.excerpt(note, limit: 40)))" }
            say(line)
        }
        if let path = saver.path { say("Saved to \(path)") }
    }

    // MARK: - Saving

    /// Saves; on failure tells the user and asks for another place until one works.
    /// Returns nil when saved.
    private func persistOrAsk() -> PauseReason? {
        session.updatedAt = now()
        while true {
            do {
                try saver.save(session)
                return nil
            } catch {
                say(style.warn("Could not save your answers: \(error.description)"))
                say("Your answers are still here. Type another file or folder to save to, or press Enter to try again.")
                let input = reader.read(prompt: "Save to: ", prefill: nil, completions: [])
                switch input {
                case .line(let line):
                    let path = AnswerText.sanitise(line)
                    if path.isEmpty { continue }
                    do {
                        try saver.relocate(to: path)
                    } catch {
                        say(style.warn(error.description))
                    }
                case .end, .interrupted:
                    return .saveFailed(error.description)
                }
            }
        }
    }

    /// Saves and returns the outcome to end with if saving was impossible.
    private func persist() -> ConversationOutcome? {
        if case .saveFailed(let message)? = persistOrAsk() {
            return .saveFailed(message: message)
        }
        return nil
    }

    private func say(_ text: String) {
        out.write(text + "\n")
    }

    private func shellQuoted(_ path: String) -> String {
        let safe = path.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "/._-+:@".unicodeScalars.contains($0) }
        return safe ? path : "'" + path.replacing("'", with: "'\\''") + "'"
    }
}

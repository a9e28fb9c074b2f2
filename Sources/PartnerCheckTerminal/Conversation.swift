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
    /// How printed commands call partnercheck: its name, or its absolute path when the
    /// `partnercheck` on PATH is another binary (or none).
    public var command: String
    /// A workshop's Delphi round after the first: recorded in the session.
    public var workshopRound: Int?
    /// What the group answered in the previous round, shown at each question; keyed by
    /// `Conversation.contextKey`.
    public var groupContext: [String: String]

    public init(interactive: Bool, style: Style = .plain, questionnaires: [String]? = nil, askRespondent: Bool = true,
                workshop: String? = nil, command: String = "partnercheck", workshopRound: Int? = nil,
                groupContext: [String: String] = [:]) {
        self.interactive = interactive
        self.style = style
        self.questionnaires = questionnaires
        self.askRespondent = askRespondent
        self.workshop = workshop
        self.command = command
        self.workshopRound = workshopRound
        self.groupContext = groupContext
    }
}

/// The assessment conversation: one question at a time, every answer saved at once.
/// It talks only to a `LineReader`, a `TextSink` and a `SessionSaver`, so tests drive it with
/// scripted lines and the binary with readline.
public final class Conversation {
    public internal(set) var session: Session
    let catalog: QuestionnaireCatalog
    let reader: LineReader
    let out: TextSink
    let saver: SessionSaver
    let options: ConversationOptions
    let now: () -> String
    let isNew: Bool
    /// A retake: the answers of the earlier session, round by round, offered pre-filled.
    let previous: [Round]
    let retakenFrom: String?
    /// Questions skipped since this conversation started, not offered again in it.
    var skippedThisSitting: [Position] = []
    var style: Style { options.style }

    /// A question in the flat order of all rounds.
    struct Position: Equatable {
        var round: Int
        var question: Int
    }

    /// What came of a prompt that is not a question.
    enum Reply {
        case text(String)
        case jump(Position)
        case stop(PauseReason)
    }

    enum Step {
        case moved
        case back
        case jump(Position)
        case stop(PauseReason)
    }


    /// Every conversation: a session to fill in, and where it came from.
    private init(session: Session, isNew: Bool, previous: [Round] = [], retakenFrom: String? = nil, catalog: QuestionnaireCatalog,
                 reader: LineReader, output: TextSink, saver: SessionSaver, options: ConversationOptions, now: @escaping () -> String) {
        self.session = session
        self.isNew = isNew
        self.previous = previous
        self.retakenFrom = retakenFrom
        self.catalog = catalog
        self.reader = reader
        self.out = output
        self.saver = saver
        self.options = options
        self.now = now
    }

    /// Starts a new session.
    public convenience init(catalog: QuestionnaireCatalog, reader: LineReader, output: TextSink, saver: SessionSaver,
                            options: ConversationOptions, sessionID: String, respondent: Respondent = Respondent(),
                            now: @escaping () -> String) {
        // Catalog entries, not the questionnaires: the built-in ones may not be decoded yet.
        let chosen = options.questionnaires.map { ids in catalog.entries.filter { ids.contains($0.id) } } ?? catalog.entries
        var session = Session(id: sessionID, createdAt: now(), respondent: respondent,
                              questionnaires: chosen.map { QuestionnaireRef(id: $0.id, version: $0.version) })
        session.workshop = options.workshop
        session.workshopRound = options.workshopRound
        self.init(session: session, isNew: true, catalog: catalog, reader: reader, output: output, saver: saver, options: options, now: now)
    }

    /// A new session that retakes `earlier`: the same questionnaires, respondent, partnerships and
    /// ambitions, every question asked again with last time's answer pre-filled (Enter keeps it).
    public convenience init(retaking earlier: Session, catalog: QuestionnaireCatalog, reader: LineReader, output: TextSink,
                            saver: SessionSaver, options: ConversationOptions, sessionID: String, respondent: Respondent? = nil,
                            now: @escaping () -> String) {
        var session = Session(id: sessionID, createdAt: now(), respondent: respondent ?? earlier.respondent,
                              questionnaires: earlier.questionnaires)
        session.rounds = earlier.rounds.map { Round(questionnaire: $0.questionnaire, version: $0.version, partner: $0.partner, side: $0.side) }
        session.ambitions = earlier.ambitions
        session.workshop = earlier.workshop
        session.workshopRound = options.workshopRound
        self.init(session: session, isNew: true, previous: earlier.rounds, retakenFrom: earlier.updatedAt, catalog: catalog,
                  reader: reader, output: output, saver: saver, options: options, now: now)
    }

    /// Continues a saved session.
    public convenience init(resuming session: Session, catalog: QuestionnaireCatalog, reader: LineReader, output: TextSink,
                            saver: SessionSaver, options: ConversationOptions, now: @escaping () -> String) {
        self.init(session: session, isNew: false, catalog: catalog, reader: reader, output: output, saver: saver, options: options, now: now)
    }

    // MARK: - The whole conversation

    public func run() -> ConversationOutcome {
        if let retakenFrom {
            greet()
            sayWrapped("Retaking the assessment last saved \(retakenFrom): each answer you gave then is ready at its question; press Enter to keep it, or type a new one.")
            if let failure = persist() { return failure }
        } else if isNew {
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

    func pause(_ reason: PauseReason) -> ConversationOutcome {
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
        say("To carry on later: \(options.command) assess --resume \(Shell.quoted(path))")
        return .paused(path: path, reason: reason)
    }

    /// Answers every open question, then moves through the chosen questionnaires.
    func proceed() -> PauseReason? {
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

    /// The key of a question's group context: questionnaire, question, partner (normalised) and side.
    public static func contextKey(_ questionnaire: String, _ question: String, _ partner: String?, _ side: Side?) -> String {
        "\(questionnaire)/\(question)/\(partner.map(AnswerText.normalise) ?? "")/\(partner == nil ? "" : (side ?? .ours).rawValue)"
    }

    /// Every question to ask, in order. A question whose `askIf` is not met by the answers so far
    /// is left out (and comes back if an earlier answer changes so that it is met).
    func positions() -> [Position] {
        var list: [Position] = []
        for (roundIndex, round) in session.rounds.enumerated() {
            guard let questionnaire = catalog.questionnaires.first(where: { $0.id == round.questionnaire }) else { continue }
            for (index, question) in questionnaire.questions.enumerated() where questionnaire.isAsked(question, in: round) {
                list.append(Position(round: roundIndex, question: index))
            }
        }
        return list
    }

    func question(at position: Position) -> (Questionnaire, Question)? {
        let round = session.rounds[position.round]
        guard let questionnaire = catalog.questionnaires.first(where: { $0.id == round.questionnaire }) else { return nil }
        return (questionnaire, questionnaire.questions[position.question])
    }

    /// The first question with no answer. A resumed session also offers again the questions
    /// skipped in an earlier sitting (once: skipping again moves on).
    func firstOpen() -> Position? {
        positions().first { position in
            guard let (_, question) = question(at: position) else { return false }
            guard let answer = session.rounds[position.round].answer(question.id) else { return true }
            return !isNew && answer.status == .skipped && !skippedThisSitting.contains(position)
        }
    }

    func answerOpenQuestions(startingAt start: Position?) -> PauseReason? {
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

    var totalQuestions: Int {
        let started = Set(session.rounds.map(\.questionnaire))
        let upcoming = session.questionnaires
            .filter { !started.contains($0.id) }
            .compactMap { ref in catalog.entries.first { $0.id == ref.id }?.questionCount }
            .reduce(0, +)
        return positions().count + upcoming
    }

    func ask(_ position: Position) -> Step {
        guard let (questionnaire, question) = question(at: position) else { return .moved }
        let round = session.rounds[position.round]
        let parser = AnswerParser(question: question, in: questionnaire)
        let number = (positions().firstIndex(of: position) ?? 0) + 1
        var heading = "\(number) of \(totalQuestions)\(style.separator)\(questionnaire.title)"
        if let partner = round.partner { heading += "\(style.separator)\(partner)" }
        if style.accessible { heading = "Question " + heading }
        say("")
        say(style.dim(heading))
        sayWrapped(question.text(partner: round.partner), bold: true)
        say(choicesText(question, questionnaire))
        if let context = options.groupContext[Self.contextKey(questionnaire.id, question.id, round.partner, round.side)] {
            sayWrapped(context, dim: true)
        }
        let existing = round.answer(question.id)
        // On a retake, last time's answer stands in until this one is given.
        let lastTime = existing == nil && position.round < previous.count ? previous[position.round].answer(question.id) : nil
        let offered = existing ?? lastTime
        // The current answer is put at the prompt to edit; accessible mode does no redraws, so
        // there it is read out instead. Either way Enter on an empty line keeps it.
        var prefill: String? = offered.flatMap(prefillText)
        if let offered, offered.status != .skipped {
            say(style.dim("\(existing == nil ? "Your answer last time" : "Your answer so far"): \(offered.summary). Press Enter to keep it."))
            if style.accessible { prefill = nil }
        }
        // A typo's suggestion, waiting for "y" or Enter (on a terminal; piped input is never guessed for).
        var suggested: ParsedAnswer? = nil
        while true {
            let input = reader.read(prompt: style.prompt, prefill: prefill, completions: parser.completions + Command.allCases.map(\.rawValue))
            prefill = nil
            let line: String
            switch input {
            case .end: return .stop(.endOfInput)
            case .interrupted(let signal): return .stop(.signal(signal))
            case .line(let text): line = text
            }
            let taken = suggested.flatMap { Vocabulary.isYes(line) || AnswerText.normalise(line).isEmpty ? $0 : nil }
            suggested = nil
            if taken == nil, let existing, existing.status != .skipped, AnswerText.normalise(line).isEmpty {
                return .moved
            }
            if taken == nil, var kept = lastTime, kept.status != .skipped, AnswerText.normalise(line).isEmpty {
                // Kept from last time: saved as given now, to the question as asked now.
                kept.answeredAt = now()
                kept.questionText = question.text(partner: round.partner)
                record(kept, at: position)
                if let failure = persistOrAsk() { return .stop(failure) }
                return .moved
            }
            if taken == nil, let command = Command(typed: line) {
                switch command {
                case .help:
                    say(Command.helpText)
                    say(parser.acceptedSummary)
                case .why, .whyMore:
                    // A few lines (the whole passage with "why more"), then the question again.
                    let (passage, more) = command == .why ? TextLayout.leadingSentences(question.why, limit: 280) : (question.why, false)
                    sayWrapped(passage)
                    sayWrapped("Source: \(question.source.citation)" + (more ? ". Type why more for the whole passage." : ""), dim: true)
                    if let reading = question.interpretation {
                        sayWrapped("partnercheck's reading, not the source's words: \(reading)", dim: true)
                    }
                    say("")
                    sayWrapped(question.text(partner: round.partner), bold: true)
                    say(choicesText(question, questionnaire))
                case .back:
                    return .back
                case .skip:
                    skippedThisSitting.append(position)
                    record(Answer(question: question.id, questionText: question.text(partner: round.partner),
                                  status: .skipped, answeredAt: now()), at: position)
                    if let failure = persistOrAsk() { return .stop(failure) }
                    say(style.dim("Skipped. You can come back to it with review."))
                    return .moved
                case .review:
                    // Back to this question afresh: the review may have renamed its partner.
                    return .jump(review() ?? position)
                case .progress:
                    say(progressText())
                case .quit:
                    return .stop(.quit)
                }
                continue
            }
            var answer: Answer
            switch taken ?? parser.parse(line) {
            case .rejected(let message):
                sayWrapped(message, warn: true)
                if options.interactive, let suggestion = parser.suggestion(for: line) {
                    suggested = suggestion
                    say(style.dim("Type y or press Enter to take the suggestion, or type your answer again."))
                } else if let command = Command.nearest(to: line) {
                    say(style.dim("Did you mean the command \(command.rawValue)? Type it to use it."))
                }
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
                } else if note == nil, let earlier = existing?.note {
                    // A changed answer's note is never carried over unseen.
                    if existing?.value == value || !options.interactive {
                        answer.note = earlier
                        if existing?.value != value { say(style.dim("Your note stays with the new answer: \"\(AnswerText.excerpt(earlier, limit: 60))\"")) }
                    } else {
                        // Saved first with the note it is asked about, as a follow-up saves the rating
                        // first: stopping at the question keeps the note shown, never loses it.
                        answer.note = earlier
                        record(answer, at: position)
                        if let failure = persistOrAsk() { return .stop(failure) }
                        // The note on a line of its own, wrapped at spaces: in a prompt, readline would
                        // break a long line mid-word at the terminal's edge.
                        sayWrapped("Your note on the earlier answer was \"\(AnswerText.excerpt(earlier, limit: 60))\".")
                        let reply = prompt("Enter keeps it, type a new note, or - to clear it: ",
                                           why: "A note explains an answer; it should still fit the answer it sits with.", allowBack: false)
                        switch reply {
                        case .stop(let reason): return .stop(reason)
                        case .jump(let target): return .jump(target)
                        case .text(let typed):
                            let clean = AnswerText.sanitise(typed)
                            answer.note = clean.isEmpty ? earlier : clean == "-" ? nil : String(clean.prefix(AnswerParser.maximumTextLength))
                        }
                    }
                }
            }
            record(answer, at: position)
            if let failure = persistOrAsk() { return .stop(failure) }
            return .moved
        }
    }

    func prefillText(_ answer: Answer) -> String? {
        switch answer.status {
        case .skipped: return nil
        case .unknown: return "don't know"
        case .answered:
            if case .number(let n)? = answer.value { return answer.label ?? String(n) }
            if case .choices? = answer.value { return answer.value?.typed }
            return answer.label ?? answer.value?.typed
        }
    }

    func choicesText(_ question: Question, _ questionnaire: Questionnaire) -> String {
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
        case .choice, .multiple:
            let options = question.options ?? []
            var text = question.kind == .multiple
                ? (style.accessible ? "Choose every option that applies, separated by commas, or say none. " : style.dim("  (choose all that apply: e.g. a, c; or none)") + "\n")
                : ""
            text += options.map { option in
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

    func record(_ answer: Answer, at position: Position) {
        session.rounds[position.round].record(answer)
    }

    func askFollowUp(previous: String?) -> Reply {
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

    // MARK: - Saving

    /// Saves; on failure tells the user and asks for another place until one works.
    /// Returns nil when saved.
    func persistOrAsk() -> PauseReason? {
        session.updatedAt = now()
        while true {
            do {
                try saver.save(session)
                return nil
            } catch {
                // Piped input has no one to ask: the next line is an answer, never a path. Stop at once.
                guard options.interactive else { return .saveFailed(error.description) }
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
    func persist() -> ConversationOutcome? {
        if case .saveFailed(let message)? = persistOrAsk() {
            return .saveFailed(message: message)
        }
        return nil
    }

    func say(_ text: String) {
        out.write(text + "\n")
    }

    /// Long text wrapped at spaces to the terminal's width, after `first` on the first line and
    /// `indent` on the others (never in accessible mode, where a screen reader wants whole
    /// sentences, nor when no terminal width is known).
    func sayWrapped(_ text: String, first: String = "", indent: String = "", bold: Bool = false, warn: Bool = false,
                    dim: Bool = false) {
        let lines = style.accessible ? [first + text]
            : reader.width.map { TextLayout.wrap(text, width: $0 - 1, indent: indent, first: first) } ?? [first + text]
        for line in lines {
            say(bold ? style.bold(line) : warn ? style.warn(line) : dim ? style.dim(line) : line)
        }
    }
}

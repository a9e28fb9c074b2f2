import Foundation
import Testing
import PartnerCheckCore
@testable import PartnerCheckTerminal

@Suite("The assessment conversation, scripted")
struct ConversationTests {
    @Test("a whole questionnaire answered in every spelling completes and is saved after every answer")
    func completes() {
        let run = Harness.run(["4", "agree", "Strongly A", "dis", "1", "neither", "don't know"])
        #expect(run.outcome == .completed(path: "memory.json"))
        #expect(run.session.status == .completed)
        #expect(run.session.given == [
            "senior-executive-involvement": "4", "honest-direct-feedback": "4", "regular-touch-points": "5",
            "minimize-overlap-competition": "2", "clear-metrics-objectives": "1", "transparency": "3", "checking-in": "unknown",
        ])
        // One save per answer, one when the questionnaire is finished, one at completion, one at the start.
        #expect(run.saver.saves.count >= 7)
        #expect(run.saver.saves.map(\.answerCount).prefix(8).contains(1))
        #expect(run.output.contains("1 of 7 · Healthy ecosystem"))
        #expect(run.output.contains("7 of 7 · Healthy ecosystem"))
        #expect(run.output.contains("All done"))
        #expect(run.output.contains("Saved to memory.json"))
    }

    @Test("every answer is on disk before the next question is asked")
    func savedBeforeNextQuestion() {
        let run = Harness.run(["4", "3", "2"])
        let counts = run.saver.saves.map(\.answerCount)
        #expect(counts.contains(1) && counts.contains(2) && counts.contains(3))
        #expect(run.outcome == .paused(path: "memory.json", reason: .endOfInput))
    }

    @Test("a wrong answer is re-asked with what is accepted, never defaulted")
    func reprompts() {
        let run = Harness.run(["s", "9", "", "banana", "agree"], then: .end)
        #expect(run.session.given == ["senior-executive-involvement": "4"])
        #expect(run.output.contains("could mean \"strongly disagree\" or \"strongly agree\""))
        #expect(run.output.contains("9 is out of range"))
        #expect(run.output.contains("Please type an answer"))
        #expect(run.output.contains("\"banana\" is not an answer here"))
    }

    @Test("back returns to the previous question with its answer pre-filled, then carries on")
    func back() throws {
        let run = Harness.run(["4", "2", "back", "5", "3"])
        #expect(run.session.given["honest-direct-feedback"] == "5")
        #expect(run.session.given["regular-touch-points"] == "3")
        let backIndex = try #require(run.reader.prompts.indices.first { run.reader.prefills[$0] == "disagree" })
        #expect(backIndex == 3)
        #expect(run.output.contains("Your answer so far: disagree (2). Press Enter to keep it."))
    }

    @Test("Enter on an empty line keeps the answer being revisited, in every mode")
    func enterKeeps() {
        let run = Harness.run(["4", "2", "back", "", "3"])
        #expect(run.session.given["honest-direct-feedback"] == "2")
        #expect(run.session.given["regular-touch-points"] == "3")
        let accessible = Harness.run(["4", "2", "back", "", "3"], style: Style(color: false, accessible: true))
        #expect(accessible.session.given["honest-direct-feedback"] == "2")
        // No redraws in accessible mode: nothing is pre-filled, the answer is read out instead.
        #expect(accessible.reader.prefills.allSatisfy { $0 == nil })
        #expect(accessible.output.contains("Your answer so far: disagree (2). Press Enter to keep it."))
    }

    @Test("back at the first question says there is nothing to go back to")
    func backAtStart() {
        let run = Harness.run(["back", "4"])
        #expect(run.output.contains("This is the first question"))
        #expect(run.session.given == ["senior-executive-involvement": "4"])
    }

    @Test("skip leaves the question unanswered and review changes an earlier answer")
    func skipAndReview() {
        let run = Harness.run(["4", "skip", "review", "2", "strongly agree", "3"])
        #expect(run.session.given["honest-direct-feedback"] == "5")
        #expect(run.session.given["regular-touch-points"] == "3")
        #expect(run.output.contains("Your answers so far:"))
        #expect(run.output.contains("2. [Healthy ecosystem] We and our partners are open with each other"))
        #expect(run.output.contains("skipped"))
    }

    @Test("review accepts only the listed numbers")
    func reviewRefusesOthers() {
        let run = Harness.run(["4", "review", "12", "", "3"])
        #expect(run.output.contains("\"12\" is not one of the numbers or letters above"))
        #expect(run.session.given == ["senior-executive-involvement": "4", "honest-direct-feedback": "3"])
    }

    @Test("quit saves and says how to resume; resume continues at the first unanswered question")
    func quitAndResume() throws {
        let first = Harness.run(["4", "3", "quit"])
        #expect(first.outcome == .paused(path: "memory.json", reason: .quit))
        #expect(first.output.contains("partnercheck assess --resume memory.json"))
        let saved = try #require(first.saver.saves.last)
        #expect(saved.answerCount == 2)
        let second = Harness.run(["5", "5", "5", "5", "5"], resuming: saved)
        #expect(second.outcome == .completed(path: "memory.json"))
        #expect(second.output.contains("Welcome back"))
        #expect(second.output.contains("3 of 7 · Healthy ecosystem"))
        #expect(!second.output.contains("1 of 7 · Healthy ecosystem"))
        #expect(second.session.given["senior-executive-involvement"] == "4")
        #expect(second.session.given.count == 7)
    }

    @Test("resuming offers a question skipped in an earlier sitting again, once")
    func resumeOffersSkipped() throws {
        let first = Harness.run(["4", "skip", "3", "quit"])
        let saved = try #require(first.saver.saves.last)
        #expect(saved.given["honest-direct-feedback"] == "skipped")
        let again = Harness.run(["skip", "5", "5", "5", "5"], resuming: saved)
        // Question 2 comes back first; skipped again, the conversation moves on to question 4.
        #expect(again.output.contains("2 of 7 · Healthy ecosystem"))
        #expect(again.session.given["honest-direct-feedback"] == "skipped")
        #expect(again.session.given["checking-in"] == "5")
        #expect(again.outcome == .completed(path: "memory.json"))
        let answered = Harness.run(["2", "5", "5", "5", "5"], resuming: saved)
        #expect(answered.session.given["honest-direct-feedback"] == "2")
    }

    @Test("a completed session says so and offers review")
    func resumeCompleted() throws {
        let done = Harness.run(["4", "4", "4", "4", "4", "4", "4"])
        let again = Harness.run(["review", "1", "2", ""], resuming: done.session)
        #expect(again.output.contains("already complete"))
        #expect(again.session.given["senior-executive-involvement"] == "2")
        #expect(again.outcome == .completed(path: "memory.json"))
    }

    @Test("a low rating asks what gets in the way, kept as a note, when a person is at the keyboard")
    func followUp() throws {
        let run = Harness.run(["1", "Our CEO never meets partners", "4", "2", ""], interactive: true)
        let round = try #require(run.session.rounds.first)
        #expect(round.answer("senior-executive-involvement")?.note == "Our CEO never meets partners")
        #expect(round.answer("honest-direct-feedback")?.note == nil)
        #expect(round.answer("regular-touch-points")?.value == .number(2))
        #expect(round.answer("regular-touch-points")?.note == nil)
        #expect(run.reader.prompts.filter { $0.hasPrefix("What gets in the way?") }.count == 2)
    }

    @Test("piped input asks no follow-up; a note can be given inline")
    func noFollowUpWhenPiped() throws {
        let run = Harness.run(["1 -- nobody owns it", "4"])
        #expect(run.session.rounds[0].answer("senior-executive-involvement")?.note == "nobody owns it")
        #expect(!run.output.contains("What gets in the way?"))
    }

    @Test("at the end of a questionnaire a person is asked their ambition; Enter keeps the default")
    func ambition() {
        let run = Harness.run(["4", "4", "4", "4", "4", "4", "4", ""], interactive: true)
        #expect(run.session.ambitions == ["healthy-ecosystem": 4])
        let chosen = Harness.run(["4", "4", "4", "4", "4", "4", "4", "strongly agree"], interactive: true)
        #expect(chosen.session.ambitions == ["healthy-ecosystem": 5])
    }

    @Test("mutual traits: asks the partner and the side, and offers another partnership")
    func mutualTraits() throws {
        let run = Harness.run(["Globex", "ours", "4", "4", "3", "2", "5", "yes", "Initech", "partner", "1", "1", "1", "1", "1", "no"],
                              questionnaires: ["mutual-traits"])
        #expect(run.outcome == .completed(path: "memory.json"))
        #expect(run.session.rounds.map(\.partner) == ["Globex", "Initech"])
        #expect(run.session.rounds.map(\.side) == [.ours, .partner])
        #expect(run.session.given["Globex/goals"] == "5")
        #expect(run.session.given["Initech/trust"] == "1")
        #expect(run.output.contains("Both sides of the Globex partnership trust each other"))
        #expect(run.output.contains("6 of 10 · Mutual traits · Initech"))
        #expect(run.session.rounds[0].answers[0].questionText.hasPrefix("Both sides of the Globex partnership trust"))
    }

    @Test("stopping before anything is given leaves no file")
    func nothingGiven() {
        let run = Harness.run([], questionnaires: nil, askRespondent: true)
        #expect(run.outcome == .paused(path: nil, reason: .endOfInput))
        #expect(run.saver.saves.isEmpty)
        #expect(run.output.contains("Nothing was answered, so nothing was saved."))
    }

    @Test("the questions about the respondent are optional and the level is read forgivingly")
    func respondent() {
        let run = Harness.run(["Ana", "banana", "man", "  Initech  ", "quit"], askRespondent: true)
        #expect(run.session.respondent == Respondent(name: "Ana", level: .management, organisation: "Initech"))
        #expect(run.output.contains("\"banana\" is not a level"))
        let skipped = Harness.run(["", "", "", "quit"], askRespondent: true)
        #expect(skipped.session.respondent == Respondent())
    }

    @Test("the questionnaire choice takes numbers, ids or Enter for all")
    func chooseQuestionnaires() {
        let all = Harness.run(["", "quit"], questionnaires: nil)
        #expect(all.session.questionnaires.map(\.id) == ["three-questions", "healthy-ecosystem", "mutual-traits", "capability-programme",
                                                         "governance", "design-principles", "value-believability"])
        #expect(all.output.contains("1 of 53 · Three Questions to Ask Yourself"))
        let some = Harness.run(["3, healthy", "quit"], questionnaires: nil)
        #expect(some.session.questionnaires.map(\.id) == ["healthy-ecosystem", "mutual-traits"])
        let wrong = Harness.run(["9", "1", "quit"], questionnaires: nil)
        #expect(wrong.output.contains("\"9\" is not one of them"))
        #expect(wrong.session.questionnaires.map(\.id) == ["three-questions"])
    }

    @Test("help, why and progress answer at any question without moving on")
    func commands() {
        let run = Harness.run(["4", "help", "why", "progress", "3"])
        #expect(run.output.contains("review    see your answers so far"))
        #expect(run.output.contains("Source: Healthy Ecosystem (000), Honest, Direct Feedback"))
        #expect(run.output.contains("Being open about what is going well"))
        #expect(run.output.contains("You have answered 1 of 7 questions. 6 to go"))
        #expect(run.session.given == ["senior-executive-involvement": "4", "honest-direct-feedback": "3"])
    }

    @Test("the choice question marks the added option and accepts the paper's wording")
    func choiceQuestion() {
        let run = Harness.run(Array(repeating: "3", count: 6) + ["part of everyone's job"], questionnaires: ["three-questions"])
        #expect(run.session.given["capability-organized"] == "b")
        #expect(run.output.contains("d) a central partnering function"))
        #expect(run.output.contains("(added: not one of the source's options)"))
    }

    @Test("if a save fails the user is told and can give another place; nothing is lost")
    func saveFailure() throws {
        let saver = MemorySaver()
        saver.failing = [3]
        let run = Harness.run(["4", "3", "/somewhere/else.json", "2"], interactive: true, saver: saver)
        #expect(run.output.contains("Could not save your answers: memory.json: cannot write: No space left on device"))
        #expect(saver.relocations == ["/somewhere/else.json"])
        #expect(saver.saves.last?.given == ["senior-executive-involvement": "4", "honest-direct-feedback": "3", "regular-touch-points": "2"])
    }

    @Test("with piped input a failed save stops at once: the next line is never read as a path")
    func pipedSaveFailure() {
        let saver = MemorySaver()
        saver.failing = [3]
        let run = Harness.run(["4", "3", "/somewhere/else.json", "2"], saver: saver)
        guard case .saveFailed(let message) = run.outcome else {
            Issue.record("expected a save failure, got \(run.outcome)")
            return
        }
        #expect(message.contains("memory.json") && message.contains("No space left on device"))
        #expect(saver.relocations.isEmpty)
        #expect(!run.output.contains("Save to"))
    }

    @Test("if a save fails and input ends, the conversation reports that it could not save")
    func saveFailureAtEnd() {
        let saver = MemorySaver()
        saver.failing = Set(2...50)
        let run = Harness.run(["4"], saver: saver)
        guard case .saveFailed(let message) = run.outcome else {
            Issue.record("expected a save failure, got \(run.outcome)")
            return
        }
        #expect(message.contains("No space left on device"))
    }

    @Test("Ctrl-D and signals stop after saving", arguments: [LineInput.end, .interrupted(SIGTERM), .interrupted(SIGHUP), .interrupted(SIGINT)])
    func stops(final: LineInput) {
        let run = Harness.run(["4"], then: final)
        let expected: PauseReason = if case .interrupted(let s) = final { .signal(s) } else { .endOfInput }
        #expect(run.outcome == .paused(path: "memory.json", reason: expected))
        #expect(run.saver.saves.last?.given == ["senior-executive-involvement": "4"])
    }

    @Test("hostile input: empty lines, a 1 MB line, control characters, escapes and emoji")
    func hostileInput() throws {
        let huge = String(repeating: "A", count: 1_000_000)
        let run = Harness.run(["", "   ", huge, "\u{1B}[2J\u{1B}[31m4\u{1B}[0m", "\u{07}\u{08}3\u{00}", "2 -- 🚀 partners say 日本語 \u{1B}]0;owned\u{07}ok"])
        #expect(run.session.given == ["senior-executive-involvement": "4", "honest-direct-feedback": "3", "regular-touch-points": "2"])
        #expect(run.session.rounds[0].answer("regular-touch-points")?.note == "🚀 partners say 日本語 ok")
        #expect(!run.output.contains(huge))
        #expect(!run.output.contains("\u{1B}"))
        #expect(run.output.count < 20_000)
    }

    @Test("accessible mode reads scale points out in words and uses no symbols")
    func accessible() {
        let run = Harness.run(["4", "quit"], style: Style(color: true, accessible: true))
        #expect(run.output.contains("Question 1 of 7, Healthy ecosystem"))
        #expect(run.output.contains("1 means strongly disagree. 2 means disagree."))
        #expect(!run.output.contains("·"))
        #expect(!run.output.contains("—"))
        #expect(!run.output.contains("\u{1B}"))
        #expect(run.reader.prompts.first == "Your answer: ")
    }

    @Test("on a terminal long questions wrap at spaces to its width; accessible mode keeps sentences whole")
    func wrapping() {
        let reader = ScriptedLineReader(["quit"])
        reader.width = 40
        let sink = StringSink()
        _ = Conversation(catalog: Harness.catalog, reader: reader, output: sink, saver: MemorySaver(),
                         options: ConversationOptions(interactive: true, questionnaires: ["healthy-ecosystem"], askRespondent: false),
                         sessionID: "w", now: Harness.clock()).run()
        #expect(sink.text.contains("Our senior executives visibly and\nconsistently support the alliance team\nand believe in its contribution.\n"))
        let accessibleReader = ScriptedLineReader(["quit"])
        accessibleReader.width = 40
        let accessibleSink = StringSink()
        _ = Conversation(catalog: Harness.catalog, reader: accessibleReader, output: accessibleSink, saver: MemorySaver(),
                         options: ConversationOptions(interactive: true, style: Style(color: false, accessible: true),
                                                      questionnaires: ["healthy-ecosystem"], askRespondent: false),
                         sessionID: "w", now: Harness.clock()).run()
        #expect(accessibleSink.text.contains("Our senior executives visibly and consistently support the alliance team and believe in its contribution."))
    }

    @Test("the list of questionnaires wraps at words, its continuation lines indented under the title")
    func listWrapping() {
        let reader = ScriptedLineReader(["quit"])
        reader.width = 60
        let sink = StringSink()
        _ = Conversation(catalog: Harness.catalog, reader: reader, output: sink, saver: MemorySaver(),
                         options: ConversationOptions(interactive: true, askRespondent: false),
                         sessionID: "l", now: Harness.clock()).run()
        let list = sink.text.components(separatedBy: "\n").drop { !$0.hasPrefix("There are ") }.dropFirst()
            .prefix { $0.hasPrefix("  ") }
        let numbered = list.filter { line in (1...7).contains { line.hasPrefix("  \($0). ") } }
        #expect(list.count > 7, "each of the seven entries takes more than one line at 60 columns")
        #expect(list.allSatisfy { $0.count <= 59 })
        #expect(numbered.count == 7)
        #expect(list.allSatisfy { line in numbered.contains(line) || line.hasPrefix("     ") })
    }

    @Test("colour appears only when the style asks for it")
    func colour() {
        let plain = Harness.run(["4", "quit"])
        #expect(!plain.output.contains("\u{1B}"))
        let coloured = Harness.run(["4", "quit"], style: Style(color: true, accessible: false))
        #expect(coloured.output.contains("\u{1B}[1m"))
    }

    @Test("Tab completion is offered the labels and the commands")
    func completionWords() {
        let run = Harness.run(["quit"])
        let words = run.reader.completionLists.first ?? []
        #expect(words.contains("strongly agree") && words.contains("don't know") && words.contains("review"))
    }

    @Test("the style follows NO_COLOR, TERM=dumb, ACCESSIBLE and whether stdout is a terminal")
    func styleDetection() {
        #expect(Style.detect(environment: [:], stdoutIsTerminal: true, accessibleFlag: false) == Style(color: true, accessible: false))
        #expect(Style.detect(environment: ["NO_COLOR": "1"], stdoutIsTerminal: true, accessibleFlag: false).color == false)
        #expect(Style.detect(environment: [:], stdoutIsTerminal: false, accessibleFlag: false).color == false)
        #expect(Style.detect(environment: ["TERM": "dumb"], stdoutIsTerminal: true, accessibleFlag: false).accessible)
        #expect(Style.detect(environment: ["ACCESSIBLE": "1"], stdoutIsTerminal: true, accessibleFlag: false).accessible)
        #expect(Style.detect(environment: [:], stdoutIsTerminal: true, accessibleFlag: true).accessible)
    }
}

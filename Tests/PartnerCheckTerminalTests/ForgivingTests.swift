import Testing
import PartnerCheckCore
import PartnerCheckTerminal

/// The slips a new user makes, and the way back from each (issue: a forgiving conversation).
@Suite("A forgiving conversation")
struct ForgivingTests {
    static let levelSpellings: [(String, Level)] = [
        ("mgmt", .management), ("manager", .management), ("exec", .executive), ("front line", .field), ("sales", .field),
        ("Executive", .executive), ("f", .field), ("CEO", .executive), ("team lead", .management),
    ]

    @Test("levels accept synonyms", arguments: levelSpellings)
    func levelSynonyms(typed: String, level: Level) {
        #expect(Vocabulary.level(typed) == .exact(level))
    }

    @Test("a typo of a level is suggested, never taken without a yes")
    func levelTypos() {
        #expect(Vocabulary.level("exectuive") == .suggestion(.executive, word: "executive"))
        #expect(Vocabulary.level("managment") == .suggestion(.management, word: "management"))
        #expect(Vocabulary.level("banana") == .none)
        let run = Harness.run(["Ana", "exectuive", "y", "Acme", "quit"], interactive: true, askRespondent: true)
        #expect(run.output.contains("Did you mean \"executive\" (executive)?"))
        #expect(run.session.respondent.level == .executive)
        let piped = Harness.run(["Ana", "exectuive", "y", "Acme", "quit"], askRespondent: true)
        #expect(piped.session.respondent.level == nil, "piped input is never guessed for")
    }

    @Test("yes and no in their everyday forms", arguments: [("y", true), ("yep", true), ("Yes", true), ("n", false), ("nope", false), ("nah", false)])
    func yesNo(typed: String, yes: Bool) {
        #expect(Vocabulary.yesNo(typed) == .exact(yes))
    }

    @Test("'Did you mean \"largely\"?' is taken with y, yes or Enter on a terminal")
    func acceptSuggestion() {
        for confirm in ["y", "yes", ""] {
            let run = Harness.run(["largley", confirm, "quit"], questionnaires: ["three-questions"], interactive: true)
            #expect(run.output.contains("Did you mean \"largely\"?"))
            #expect(run.session.given["engaged-with-partners"] == "4", "confirmed with \"\\(confirm)\"")
        }
        // Anything else is read as a new answer.
        let retyped = Harness.run(["largley", "fully", "quit"], questionnaires: ["three-questions"], interactive: true)
        #expect(retyped.session.given["engaged-with-partners"] == "5")
    }

    @Test("piped input that needs a confirmation is refused with the suggestion, never guessed")
    func pipedNeverGuesses() {
        let run = Harness.run(["largley", "y", "partly", "quit"], questionnaires: ["three-questions"])
        #expect(run.output.contains("Did you mean \"largely\"?"))
        #expect(run.output.contains("\"y\" is not an answer here"))
        #expect(run.session.given["engaged-with-partners"] == "3")
    }
}

@Suite("A forgiving conversation: why")
struct WhyTests {
    @Test("why shows the question's passage in a few lines and repeats the question; why more shows all of it")
    func whyShort() throws {
        let run = Harness.run(["why", "why more", "quit"], questionnaires: ["three-questions"])
        let question = "Is your company increasingly engaged with external partners?"
        // `why`: the start of the passage, the source with the pointer to `why more`, then the question again.
        let why = try #require(run.output.range(of: "When we say “partner everywhere,”"))
        let pointer = try #require(run.output.range(of: "Type why more for the whole passage."))
        let afterWhy = run.output[why.lowerBound..<pointer.upperBound]
        #expect(!afterWhy.contains("Partnering is ubiquitous."))
        #expect(afterWhy.split(separator: "\n").count < 8)
        #expect(run.output[pointer.upperBound...].hasPrefix("\n\n" + question) || run.output[pointer.upperBound...].contains(question))
        // `why more`: the whole passage, once.
        #expect(run.output.components(separatedBy: "Partnering is ubiquitous.").count == 2)
        #expect(run.output.components(separatedBy: question).count == 4)
    }

    @Test("the leading sentences keep whole sentences and mark the cut")
    func leadingSentences() {
        let (short, more) = TextLayout.leadingSentences("One. Two is longer. Three is the longest of all.", limit: 20)
        #expect(short == "One. Two is longer. ..." && more)
        #expect(TextLayout.leadingSentences("Short.", limit: 20) == ("Short.", false))
    }
}

@Suite("A forgiving conversation: review and notes")
struct ReviewAndNotesTests {
    @Test("review reaches the profile and the partner's name; renaming a partner updates every answer of that round")
    func renamePartner() throws {
        let run = Harness.run(["Microsfot", "ours", "4", "review", "d", "Microsoft", "partner", "3", "3", "3", "3", "no", "quit"],
                              questionnaires: ["mutual-traits"])
        #expect(run.output.contains("d. Partner: Microsfot (our side)"))
        #expect(run.output.contains("a. Your name:"))
        let round = try #require(run.session.rounds.first)
        #expect(round.partner == "Microsoft" && round.side == .partner)
        #expect(round.answers.allSatisfy { $0.questionText.contains("Microsoft") && !$0.questionText.contains("Microsfot") })
        #expect(round.answers.count == 5)
    }

    @Test("review changes the level given at the start, with the same forgiving words")
    func editLevel() {
        let run = Harness.run(["Ana", "field", "Acme", "4", "review", "b", "mgmt", "quit"], askRespondent: true)
        #expect(run.session.respondent.level == .management)
    }

    @Test("a changed answer's note is shown, and kept, replaced or cleared on the person's word")
    func noteOnChange() {
        let cleared = Harness.run(["2 -- only QBRs", "back", "4", "-", "quit"], interactive: true)
        #expect(cleared.output.contains("Your note on the earlier answer was \"only QBRs\"."))
        #expect(cleared.reader.prompts.contains("Enter keeps it, type a new note, or - to clear it: "))
        #expect(cleared.session.rounds[0].answers[0].note == nil)
        #expect(cleared.session.given["senior-executive-involvement"] == "4")
        let replaced = Harness.run(["2 -- only QBRs", "back", "4", "monthly reviews now", "quit"], interactive: true)
        #expect(replaced.session.rounds[0].answers[0].note == "monthly reviews now")
        let kept = Harness.run(["2 -- only QBRs", "back", "4", "", "quit"], interactive: true)
        #expect(kept.session.rounds[0].answers[0].note == "only QBRs")
        // Stopped (Ctrl-D) at the question about the note: the new answer is saved with the note
        // that was shown, not without it.
        let stopped = Harness.run(["2 -- only QBRs", "back", "4"], interactive: true, then: .end)
        #expect(stopped.output.contains("Your note on the earlier answer was \"only QBRs\"."))
        #expect(stopped.session.given["senior-executive-involvement"] == "4")
        #expect(stopped.session.rounds[0].answers[0].note == "only QBRs")
        // Piped: kept, and said so.
        let piped = Harness.run(["2 -- only QBRs", "back", "4", "quit"])
        #expect(piped.session.rounds[0].answers[0].note == "only QBRs")
        #expect(piped.output.contains("Your note stays with the new answer: \"only QBRs\""))
    }
}

@Suite("A forgiving conversation: misspelt commands")
struct CommandSlipTests {
    @Test("a misspelt command word is named, never run; answers that look like words are untouched")
    func commandTypo() {
        let run = Harness.run(["hepl", "reveiw", "4", "quit"])
        #expect(run.output.contains("Did you mean the command help? Type it to use it."))
        #expect(run.output.contains("Did you mean the command review? Type it to use it."))
        #expect(run.session.given["senior-executive-involvement"] == "4")
        #expect(Command.nearest(to: "agre") == nil)  // not near a command
        #expect(Command.nearest(to: "b") == nil)
        #expect(Command.nearest(to: "quti") == .quit)
    }
}

@Suite("A forgiving conversation: questionnaire ids and partner names")
struct NamesTests {
    @Test("a misspelt questionnaire id is suggested and taken with y on a terminal; piped it is refused with the hint")
    func questionnaireTypo() {
        let run = Harness.run(["governace", "y", "quit"], questionnaires: nil, interactive: true)
        #expect(run.output.contains("Did you mean \"governance\"?"))
        #expect(run.session.questionnaires.map(\.id) == ["governance"])
        let piped = Harness.run(["governace", "2", "quit"], questionnaires: nil)
        #expect(piped.output.contains("Did you mean \"governance\"?"))
        #expect(piped.session.questionnaires.map(\.id) == ["healthy-ecosystem"])
    }

    @Test("a partner name close to one already rated is offered: Microsfot becomes Microsoft on y")
    func partnerTypo() {
        let first = ["Microsoft", "ours", "4", "4", "4", "4", "4", "yes", "Microsfot", "y", "partner", "3", "3", "3", "3", "3", "no", "", "quit"]
        let run = Harness.run(first, questionnaires: ["mutual-traits"], interactive: true)
        #expect(run.session.rounds.map { $0.partner ?? "" } == ["Microsoft", "Microsoft"])
        #expect(run.session.rounds.map { $0.side } == [.ours, .partner])
    }
}

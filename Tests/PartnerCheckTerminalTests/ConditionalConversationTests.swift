import Foundation
import Testing
import PartnerCheckCore
import PartnerCheckTerminal

/// The conversation with `askIf` and `multiple` questions (the governance and design questionnaires).
@Suite("Conversation: conditional and multiple-choice questions")
struct ConditionalConversationTests {
    /// The governance questionnaire up to the core-partners question, which decides what comes next.
    static let routines = ["4", "3", "routine", "2", "5"]

    @Test("an unmet condition skips its questions, and the count of questions follows")
    func unmetSkips() {
        let run = Harness.run(Self.routines + ["c", "3", "4"], questionnaires: ["governance"])
        #expect(run.outcome == .completed(path: "memory.json"))
        #expect(run.session.given["core-partners"] == "c")
        #expect(run.session.given["discuss-debate-decide"] == nil && run.session.given["two-way-value"] == nil)
        #expect(!run.output.contains("discuss, debate, decide"))
        #expect(run.output.contains("8 of 8 · Governance and operating model"))
    }

    @Test("a met condition asks its questions")
    func metAsks() {
        let run = Harness.run(Self.routines + ["a", "routine", "agree", "3", "4"], questionnaires: ["governance"])
        #expect(run.outcome == .completed(path: "memory.json"))
        #expect(run.session.given["discuss-debate-decide"] == "4")
        #expect(run.session.given["two-way-value"] == "4")
        #expect(run.output.contains("10 of 10 · Governance and operating model"))
    }

    @Test("back over a changed condition: the questions it opens are asked, and review lists only asked ones")
    func backChangesCondition() {
        // "c" skips the core-partner questions; back from the next one, change to "b", and they are asked.
        let run = Harness.run(Self.routines + ["c", "back", "b", "2", "disagree", "3", "4"], questionnaires: ["governance"])
        #expect(run.outcome == .completed(path: "memory.json"))
        #expect(run.session.given["core-partners"] == "b")
        #expect(run.session.given["discuss-debate-decide"] == "2")
        #expect(run.session.given["two-way-value"] == "2")
        let reviewed = Harness.run(Self.routines + ["c", "review", "", "3", "4"], questionnaires: ["governance"])
        #expect(reviewed.output.contains("6. [Governance and operating model] Do you have core partners"))
        #expect(!reviewed.output.contains("] With your core partners"))
    }

    @Test("resuming after a skipped condition does not offer the unasked questions as open")
    func resumeSkipsUnasked() throws {
        let first = Harness.run(Self.routines + ["c", "quit"], questionnaires: ["governance"])
        let saved = try #require(first.saver.saves.last)
        let second = Harness.run(["3", "4"], questionnaires: ["governance"], resuming: saved)
        #expect(second.outcome == .completed(path: "memory.json"))
        #expect(second.output.contains("7 of 8 · Governance and operating model"))
        #expect(!second.output.contains("discuss, debate, decide"))
    }

    @Test("a multiple question says how to answer, takes letters and labels, and pre-fills its keys on back")
    func multiple() throws {
        let lines = ["a, c, whom", "back", "", "4", "part of corporate", "2", "3", "4", "3", "4", "none"]
        let run = Harness.run(lines, questionnaires: ["design-principles"])
        #expect(run.outcome == .completed(path: "memory.json"))
        #expect(run.output.contains("choose all that apply"))
        #expect(run.session.given["front-line-armed"] == "a, c, e")
        #expect(run.session.given["softer-value"] == "none")
        #expect(run.reader.prefills.contains("a, c, e"))
        #expect(run.reader.completionLists.first?.contains("none") == true)
    }

    @Test("a refused multiple answer is asked again with what is accepted")
    func multipleRefused() {
        let run = Harness.run(["a, zebra", "a", "quit"], questionnaires: ["design-principles"])
        #expect(run.output.contains("\"zebra\" is not an answer here"))
        #expect(run.output.contains("separated by commas"))
        #expect(run.session.given["front-line-armed"] == "a")
    }

    @Test("why on a question read from a heading says the reading is partnercheck's")
    func whyInterpretation() {
        let run = Harness.run(["4", "b", "a", "c", "why", "quit"], questionnaires: ["value-believability"])
        #expect(run.output.contains("This square-peg function in a round-hole organizational structure"))
        #expect(run.output.contains("partnercheck's reading, not the source's words: 003 names Structure"))
    }

    @Test("Tab completes the option after the last comma, keeping what was typed before it")
    func completionAfterComma() {
        let words = ["access to expertise", "a distribution network", "data", "none"]
        #expect(Completion.matches("da", words) == ["data"])
        #expect(Completion.matches("access to expertise, da", words) == ["access to expertise, data"])
        #expect(Completion.matches("a,  a d", words) == ["a,  a distribution network"])
        #expect(Completion.matches("a, zz", words).isEmpty)
        #expect(Completion.matches("strongly a", ["strongly agree", "strongly disagree"]) == ["strongly agree"])
    }
}

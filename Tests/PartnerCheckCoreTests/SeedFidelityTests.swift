import Foundation
import Testing
@testable import PartnerCheckCore

/// The questionnaires quote the seed documents in ../shared/seeds; these tests read the seeds
/// themselves and check the quotes are faithful.
@Suite("Faithful to the seed documents")
struct SeedFidelityTests {
    /// Whitespace collapsed and the PDF-extraction bullets removed, so line breaks do not matter.
    static func flatten(_ text: String) -> String {
        text.replacingOccurrences(of: "\t", with: " ")
            .components(separatedBy: .whitespacesAndNewlines).filter { !$0.isEmpty }.joined(separator: " ")
    }

    static func seed(_ name: String) throws -> String {
        flatten(try String(contentsOfFile: Fixtures.seeds + "/" + name, encoding: .utf8))
    }

    @Test("all twelve Three Questions are quoted verbatim from 001")
    func threeQuestionsVerbatim() throws {
        let seed = try Self.seed("001_6ddf99690ca9ce4f.txt")
        let questionnaire = try Fixtures.questionnaire("three-questions")
        #expect(questionnaire.questions.count == 12)
        for question in questionnaire.questions {
            #expect(seed.contains(Self.flatten(question.text)), "\(question.id) is not verbatim")
        }
        let choice = try #require(questionnaire.question("capability-organized"))
        let seedOptions = choice.options!.filter { $0.added != true }
        #expect(seedOptions.map(\.key) == ["a", "b", "c"])
        for option in seedOptions {
            #expect(choice.text.contains("\(option.key)) \(option.label)"))
        }
    }

    @Test("the Three Questions keep the four sections in the paper's order")
    func sectionsInOrder() throws {
        let seed = try Self.seed("001_6ddf99690ca9ce4f.txt")
        let questionnaire = try Fixtures.questionnaire("three-questions")
        let offsets = questionnaire.questions.map { question in
            seed.range(of: Self.flatten(question.text)).map { seed.distance(from: seed.startIndex, to: $0.lowerBound) } ?? -1
        }
        #expect(offsets == offsets.sorted())
        #expect(Set(questionnaire.questions.map(\.dimension)).count == 4)
    }

    @Test("each section's why is drawn from that section's Key Points to Take Away")
    func whyFromKeyPoints() throws {
        // Compared without whitespace and hyphens: the PDF extraction splits some words
        // ("D esign") and joins others at line breaks ("get-tomarket").
        let seed = try Self.seed("001_6ddf99690ca9ce4f.txt").filter { !$0.isWhitespace && $0 != "-" }
        for question in try Fixtures.questionnaire("three-questions").questions {
            let points = question.why.replacingOccurrences(of: "Key points to take away: ", with: "")
            // Every sentence of the why is in the seed.
            for sentence in points.components(separatedBy: ". ").map({ $0.trimmingCharacters(in: .punctuationCharacters) }) where sentence.count > 30 {
                let core = String(sentence.drop { $0.isNumber || $0 == " " }).filter { !$0.isWhitespace && $0 != "-" }
                #expect(seed.contains(core), "\(question.id): \(core)")
            }
        }
    }

    @Test("the seven success factors quote 000 as their why")
    func healthyEcosystemWhy() throws {
        let seed = try Self.seed("000_7bc2a8419cb5cfec.txt")
        let questionnaire = try Fixtures.questionnaire("healthy-ecosystem")
        #expect(questionnaire.questions.count == 7)
        for question in questionnaire.questions {
            #expect(seed.contains(Self.flatten(question.why)), "\(question.id)")
            #expect(seed.contains(question.source.section), "\(question.source.section)")
        }
    }

    @Test("the five Mutual traits quote 002 as their why")
    func mutualTraitsWhy() throws {
        let seed = try Self.seed("002_551e1917df475768.txt")
        let questionnaire = try Fixtures.questionnaire("mutual-traits")
        #expect(questionnaire.questions.map(\.id) == ["trust", "respect", "collaboration", "success", "goals"])
        for question in questionnaire.questions {
            #expect(seed.contains(Self.flatten(question.why)), "\(question.id)")
            #expect(question.text.contains("{partner}") || question.text.contains("partner"))
        }
    }
}

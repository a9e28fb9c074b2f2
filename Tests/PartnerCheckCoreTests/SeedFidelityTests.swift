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
        let path = Fixtures.seeds + "/" + name
        guard FileManager.default.fileExists(atPath: path) else { throw Fixtures.SeedMissing(path: path) }
        return flatten(try String(contentsOfFile: path, encoding: .utf8))
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

    /// The seed as compared: without whitespace and hyphens, which the PDF extraction moves
    /// ("D esign", "get-tomarket", "skill- set").
    static func compact(_ text: String) -> String {
        text.filter { !$0.isWhitespace && $0 != "-" }
    }

    /// What is wrong with one quote of a seed. A quote is one or more passages joined by "...";
    /// each must be in the seed, and must begin and end where a sentence does, unless a "..."
    /// marks the cut on that side.
    static func quoteProblems(_ quote: String, seed: String) -> [String] {
        let fragments = quote.components(separatedBy: "...")
        var problems: [String] = []
        for (index, raw) in fragments.enumerated() {
            let fragment = raw.trimmingCharacters(in: .whitespaces)
            if fragment.isEmpty { continue }
            if !seed.contains(compact(fragment)) {
                problems.append("not in the seed: \"\(fragment.prefix(60))\"")
                continue
            }
            let cutAfter = index < fragments.count - 1
            let cutBefore = index > 0
            let ends = [".", "?", "!", ".”", "?”", "!”", ".\"", ".)"].contains { fragment.hasSuffix($0) }
            if !cutAfter && !ends {
                problems.append("ends where the seed's sentence does not, with no \"...\": \"...\(fragment.suffix(50))\"")
            }
            if !cutBefore, let first = fragment.first, !(first.isUppercase || first.isNumber || "“\"".contains(first)) {
                problems.append("begins mid-sentence, with no \"...\": \"\(fragment.prefix(50))...\"")
            }
        }
        return problems
    }

    @Test("the quote check catches a sentence cut without a mark, and accepts the marked cut")
    func quoteCheckCatchesCuts() throws {
        let seed = Self.compact(try Self.seed("001_6ddf99690ca9ce4f.txt"))
        // The seed goes on: "Manage relationships close to the customer to ensure: ...".
        #expect(!Self.quoteProblems("Manage relationships close to the customer.", seed: seed).isEmpty)
        #expect(Self.quoteProblems("Manage relationships close to the customer ...", seed: seed).isEmpty)
        #expect(!Self.quoteProblems("Operational decisions that must be made include:", seed: seed).isEmpty)
        #expect(!Self.quoteProblems("close to the customer – at the edge of the enterprise.", seed: seed).isEmpty)
        #expect(!Self.quoteProblems("Partners are always right.", seed: seed).isEmpty)
        #expect(Self.quoteProblems("Begin with the end in mind. ... Determine the gaps.", seed: seed).isEmpty)
    }

    @Test("every why, recommendation and starting point quotes its seed verbatim, in whole sentences or with a visible cut")
    func everyQuoteVerbatim() throws {
        var checked = 0
        for questionnaire in try Fixtures.catalog().questionnaires {
            var quotes: [(String, String, String)] = questionnaire.questions.map { ("why of \($0.id)", $0.why, $0.source.file) }
            quotes += (questionnaire.recommendations ?? []).map { ("recommendation \($0.id)", $0.text, $0.source.file) }
            quotes += (questionnaire.initiatives ?? []).compactMap { i in i.startingPoint.map { ("starting point of \(i.id)", $0, i.source.file) } }
            for (name, quote, file) in quotes {
                let seed = Self.compact(try Self.seed(file))
                let problems = Self.quoteProblems(quote, seed: seed)
                #expect(problems.isEmpty, "\(questionnaire.id), \(name): \(problems.joined(separator: "; "))")
                checked += 1
            }
        }
        #expect(checked > 100)
    }

    @Test("every question and recommendation cites a seed file and a section found in it")
    func citations() throws {
        for questionnaire in try Fixtures.catalog().questionnaires {
            let sources = questionnaire.questions.map(\.source) + (questionnaire.recommendations ?? []).map(\.source)
                + (questionnaire.initiatives ?? []).map(\.source)
            for source in sources {
                let seed = Self.compact(try Self.seed(source.file))
                // The section names its headings, separated by ", " or "; "; the first is in the seed.
                let heading = source.section.components(separatedBy: CharacterSet(charactersIn: ",;(")).first ?? ""
                #expect(seed.contains(Self.compact(heading)), "\(questionnaire.id): \"\(heading)\" is not a heading of \(source.file)")
            }
        }
    }

    @Test("where a question rests on a heading only, it says the reading is partnercheck's")
    func headingsAreMarked() throws {
        let value = try Fixtures.questionnaire("value-believability")
        for id in ["team-structure", "scalable-results", "predictable-results"] {
            let question = try #require(value.question(id))
            #expect(question.interpretation?.contains("partnercheck's reading") == true, "\(id)")
        }
    }

    @Test("the new questionnaires cover the seeds' governance routines, design principles, qualities and 003")
    func seedsCovered() throws {
        let governance = try Fixtures.questionnaire("governance")
        let routines = ["Planning the partnership and planning at an account or project level", "Partner enablement (technical and sales)",
                        "Communications (flow within the partnership and more broadly)",
                        "Rules of engagement, operating principles, and IP management", "Data capture, measurement, and reporting of objectives"]
        for routine in routines {
            #expect(governance.questions.contains { $0.why.contains(routine) }, "\(routine)")
        }
        #expect(governance.questions.contains { $0.why.contains("“discuss, debate, decide.” One party doesn’t govern the other") })
        let design = try Fixtures.questionnaire("design-principles")
        #expect(design.dimensions.map(\.id) == ["close-to-customer", "aligned-with-business", "partner-experience", "ecosystem-perspective"])
        #expect(design.questions.contains { $0.kind == .multiple })
        let value = try Fixtures.questionnaire("value-believability")
        #expect(value.source.file == "003_8d4509d3b53d33be.txt")
        #expect(value.questions.contains { $0.why.contains("90% of CEOs believe") })
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

import Foundation
@testable import PartnerCheckCore

enum Fixtures {
    /// The package root, found from this file's location.
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    static let seeds = root + "/../shared/seeds"

    static func catalog() throws -> QuestionnaireCatalog {
        try QuestionnaireLoader.loadBundled()
    }

    static func questionnaire(_ id: String) throws -> Questionnaire {
        try catalog().questionnaire(id)
    }

    /// A fresh temporary directory, removed by the caller when done.
    static func temporaryDirectory() -> String {
        let path = NSTemporaryDirectory() + "partnercheck-test-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// A small questionnaire of a facilitator's own, as JSON text.
    static let customQuestionnaire = """
        {
          "id": "supplier-health",
          "version": 1,
          "title": "Supplier health",
          "summary": "A facilitator's own two questions.",
          "source": {"file": "workshop-notes.txt", "section": "Day 1"},
          "scales": {"stars": {"points": [
            {"value": 0, "label": "none"}, {"value": 1, "label": "one star"}, {"value": 2, "label": "two stars"}]}},
          "dimensions": [{"id": "supply", "title": "Supply"}],
          "questions": [
            {"id": "on-time", "text": "Deliveries arrive on time.", "kind": "rating", "scale": "stars",
             "dimension": "supply", "weight": 2, "why": "Late parts stop the line.",
             "source": {"file": "workshop-notes.txt", "section": "Day 1"}},
            {"id": "contract", "text": "Do we have a signed contract?", "kind": "yes-no",
             "dimension": "supply", "weight": 1, "why": "Contracts set expectations.",
             "source": {"file": "workshop-notes.txt", "section": "Day 1"}, "allowUnknown": false}
          ]
        }
        """
}

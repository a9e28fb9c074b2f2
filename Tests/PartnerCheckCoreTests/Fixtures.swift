import Foundation
@testable import PartnerCheckCore

enum Fixtures {
    /// The package root, found from this file's location.
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// The four seed documents the questionnaires quote: `PARTNERCHECK_SEEDS`, else `shared/seeds`
    /// beside this clone (where the project keeps them).
    static let seeds = ProcessInfo.processInfo.environment["PARTNERCHECK_SEEDS"] ?? root + "/../shared/seeds"

    struct SeedMissing: Error, CustomStringConvertible {
        var path: String
        var description: String {
            "\(path): seed document not found; clone partnercheck beside shared/ (shared/seeds holds the four "
                + "source documents) or set PARTNERCHECK_SEEDS to their folder"
        }
    }

    static func catalog() throws -> QuestionnaireCatalog {
        try QuestionnaireLoader.loadBundled()
    }

    static func questionnaire(_ id: String) throws -> Questionnaire {
        try catalog().questionnaire(id)
    }

    /// Every schema in questionnaires/schemas, parsed: (file name, schema).
    static func shippedSchemas() throws -> [(String, JSONValue)] {
        let folder = root + "/questionnaires/schemas"
        return try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".json") }.sorted().map { name in
            (name, try JSONValue.parse(try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))))
        }
    }

    /// A fresh temporary directory, removed by the caller when done.
    static func temporaryDirectory() -> String {
        let path = NSTemporaryDirectory() + "partnercheck-test-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// A small questionnaire of a facilitator's own, as JSON text (shared with the end-to-end tests).
    static let customQuestionnaire: String = {
        (try? String(contentsOfFile: root + "/Tests/Fixtures/supplier-health.json", encoding: .utf8)) ?? ""
    }()
}

/// Repeatable numbers for generated test inputs (a 64-bit linear congruential generator): the same
/// seed gives the same inputs on every machine and every run.
struct SeededNumbers {
    var state: UInt64

    /// A number in 0..<bound.
    mutating func next(_ bound: Int) -> Int {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Int((state >> 33) % UInt64(bound))
    }
}

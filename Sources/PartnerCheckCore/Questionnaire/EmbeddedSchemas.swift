#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The schemas compiled into the binary (from questionnaires/schemas), parsed once. A schema that does
/// not parse is a build defect: partnercheck stops with the parser's message rather than check documents
/// against an empty schema that accepts everything, and the test suite, which parses each of them and
/// checks that each refuses an empty document, fails first.
enum EmbeddedSchemas {
    static let session = parsed(EmbeddedContent.sessionSchema, name: "session")
    static let questionnaire = parsed(EmbeddedContent.questionnaireSchema, name: "questionnaire")

    static func parsed(_ text: String, name: String) -> JSONValue {
        do {
            return try JSONValue.parse(Data(text.utf8))
        } catch {
            fatalError("partnercheck was built with a \(name) schema that is not valid JSON (\(error.detail)); run the tests")
        }
    }
}

import Foundation
import Testing
@testable import PartnerCheckCore

@Suite("Reading JSON")
struct JSONParserTests {
    static func parse(_ text: String) throws -> JSONValue {
        try JSONValue.parse(Data(text.utf8))
    }

    @Test("values, escapes, surrogate pairs and numbers read as Foundation reads them")
    func values() throws {
        let text = #"{"a": [1, -2.5, 3e2, 0, true, false, null], "s": "q\"\\\/\b\f\n\r\t\u00e9\ud83d\ude80 日本", "e": {}, "l": []}"#
        let value = try Self.parse(text)
        #expect(value["a"] == .array([.number(1), .number(-2.5), .number(300), .number(0), .bool(true), .bool(false), .null]))
        #expect(value["s"] == .string("q\"\\/\u{08}\u{0C}\n\r\té🚀 日本"))
        #expect(value["e"] == .object([:]))
        #expect(value["l"] == .array([]))
        let foundation = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
        #expect(foundation["s"] as? String == value["s"]?.stringValue)
    }

    static let broken: [(String, String)] = [
        ("", "the file is empty"),
        ("{\"a\": 1,}", "expected a member name in quotes at line 1, column 9"),
        ("{\n  \"a\": tru\n}", "unexpected character at line 2, column 8"),
        ("[1 2]", "expected ',' or ']' in an array at line 1, column 4"),
        ("{\"a\": \"x", "unexpected end of file in a string"),
        ("\"a\u{01}b\"", "a control character inside a string"),
        ("01", "a number cannot start with 0"),
        ("1.", "a number needs digits after '.'"),
        ("\"\\ud800\"", "a lone surrogate"),
        ("{} {}", "unexpected text after the JSON value"),
        (String(repeating: "[", count: 1000), "nested too deeply"),
    ]

    @Test("broken JSON is refused with what and where", arguments: broken)
    func brokenJSON(text: String, message: String) {
        do {
            _ = try Self.parse(text)
            Issue.record("accepted \(text.prefix(20))")
        } catch let error as JSONSyntaxError {
            #expect(error.detail.hasPrefix("not valid JSON: "))
            #expect(error.detail.contains(message), "\(error.detail)")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test("a session read the full way decodes the same as the fast way, and a type error names the path")
    func decoding() throws {
        let round = #"{"questionnaire": "q", "version": 1, "partner": "P", "side": "ours", "answers": [{"question": "a", "questionText": "A\u0001?", "status": "answered", "value": 4, "answeredAt": "2026-11-26T10:00:00Z"}]}"#
        func session(_ rounds: String) -> Data {
            Data((#"{"schema": "partnercheck-session", "schemaVersion": 1, "id": "x", "status": "in-progress", "createdAt": "2026-11-26T10:00:00Z", "updatedAt": "2026-11-26T10:00:00Z", "respondent": {}, "questionnaires": [{"id": "q", "version": 1}], "finished": [], "ambitions": {}, "rounds": ["# + rounds + "]}").utf8)
        }
        // The whole store: the fast reader takes it, escapes and all.
        let decoded = try SessionStore.bundled().decode(session(round), file: "s.json")
        #expect(decoded.rounds[0].answers[0].value == .number(4))
        #expect(decoded.rounds[0].answers[0].questionText == "A\u{1}?")
        #expect(decoded.rounds[0].side == .ours)
        // A number written with a fraction is left to the full read, which gives the same session.
        let written = try SessionStore.bundled().decode(session(round.replacingOccurrences(of: "\"value\": 4", with: "\"value\": 4.0")), file: "s.json")
        #expect(written == decoded)
        do {
            _ = try SessionStore.bundled().decode(session(#"{"questionnaire": "q", "version": 1.5, "answers": []}"#), file: "s.json")
            Issue.record("a version of 1.5 was accepted")
        } catch {
            #expect(error == .schemaViolation(file: "s.json", path: "$.rounds[0].version", message: "expected integer, found 1.5"))
        }
    }
}

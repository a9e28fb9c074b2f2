import ArgumentParser
import Testing
@testable import partnercheck

@Suite("Parsing the command line")
struct CommandLineTests {
    /// `partnercheck` and `partnercheck assess` skip the parser (see `PartnerCheck.main`); that is only
    /// right while parsing them would give exactly the defaults.
    @Test("with nothing after it, assess means exactly the default request")
    func bareAssessIsTheDefaultRequest() throws {
        for arguments in [[], ["assess"]] {
            let command = try PartnerCheck.parseAsRoot(arguments)
            let assess = try #require(command as? Assess)
            #expect(assess.request == AssessRequest(), "partnercheck \(arguments.joined(separator: " "))")
        }
    }

    @Test("every assess option reaches the request")
    func optionsReachTheRequest() throws {
        let command = try PartnerCheck.parseAsRoot([
            "assess", "--questionnaire", "healthy-ecosystem", "--questionnaire", "mutual-traits", "--data-dir", "/tmp/d",
            "--questionnaires", "/tmp/q", "--accessible", "--name", "Jane", "--level", "field", "--organisation", "Acme",
        ])
        let request = try #require(command as? Assess).request
        #expect(request == AssessRequest(
            questionnaireIDs: ["healthy-ecosystem", "mutual-traits"], dataDir: "/tmp/d", questionnairesDirectory: "/tmp/q",
            accessible: true, name: "Jane", level: .field, organisation: "Acme"))
        #expect(request != AssessRequest())
    }

    @Test("the request's own checks still reject contradictory options")
    func contradictoryOptionsAreRejected() {
        #expect(throws: (any Error).self) { try PartnerCheck.parseAsRoot(["assess", "--resume", "a.json", "--out", "b.json"]) }
        #expect(throws: (any Error).self) { try AssessRequest(questionnaireIDs: ["x"], resume: "a.json").validate() }
    }
}

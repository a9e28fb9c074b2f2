import ArgumentParser
import PartnerCheckCore
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

    /// `partnercheck report FILE` skips the parser too (see `PartnerCheck.main`).
    @Test("report with one file and nothing else means exactly that file's default request")
    func plainReportIsTheDefaultRequest() throws {
        for file in ["s.json", "dir/with space.json", "/abs/path.json", "help", "report", "assess", "ünïcode.json", "x=y"] {
            let command = try PartnerCheck.parseAsRoot(["report", file])
            let parsed = try #require(command as? Report).request
            #expect(ReportRequest.plain(["report", file]) == parsed, "partnercheck report \(file)")
            #expect(parsed == ReportRequest(files: [file]))
        }
        // Anything more, or an option, is the parser's.
        for arguments in [["report", "--full"], ["report", "a.json", "--full"], ["report", "-h"], ["report"],
                          ["report", "a.json", "b.json"], ["assess", "a.json"], ["export", "a.json"]] {
            #expect(ReportRequest.plain(arguments[...]) == nil, "\(arguments)")
        }
        let every = try #require(try PartnerCheck.parseAsRoot([
            "report", "--compare", "old.json", "new.json", "--format", "markdown", "--out", "r.md", "--force", "--ascii",
            "--full", "--questionnaires", "/tmp/q",
        ]) as? Report).request
        #expect(every == ReportRequest(files: ["old.json", "new.json"], compare: true, format: .markdown, out: "r.md",
                                       force: true, ascii: true, full: true, questionnairesDirectory: "/tmp/q"))
    }

    @Test("box-drawing and bars only in a UTF-8 locale, however it is spelled")
    func utf8LocaleSpellings() {
        for name in ["C.UTF-8", "en_GB.UTF-8", "en_US.utf8", "de_DE.Utf-8@euro", "UTF-8", "utf8"] {
            #expect(ReportOutput.containsUTF8(name), "\(name)")
        }
        for name in ["", "C", "POSIX", "en_US.ISO-8859-1", "UTF", "UTF-", "U.TF8", "UT-F8", "ja_JP.eucJP"] {
            #expect(!ReportOutput.containsUTF8(name), "\(name)")
        }
        // LC_ALL wins over LC_CTYPE over LANG; an empty one counts as unset.
        #expect(!ReportOutput.utf8Locale(["LC_ALL": "C", "LANG": "C.UTF-8"]))
        #expect(ReportOutput.utf8Locale(["LC_ALL": "", "LC_CTYPE": "C.UTF-8", "LANG": "C"]))
        #expect(!ReportOutput.utf8Locale(["LC_CTYPE": "C", "LANG": "C.UTF-8"]))
        #expect(ReportOutput.utf8Locale(["LANG": "en_GB.UTF-8"]))
        #expect(!ReportOutput.utf8Locale([:]))
    }

    @Test("the environment holds what was found, in the order asked")
    func environmentReading() {
        let found = ["HOME": "/h", "LANG": "C"]
        let environment = Environment(reading: ["LANG", "TERM", "HOME"]) { found[$0] }
        #expect(environment == ["LANG": "C", "HOME": "/h"])
        #expect(environment["TERM"] == nil && environment["HOME"] == "/h")
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

@Suite("Parsing from the command's own name")
struct CommandFirstParsingTests {
    /// Command lines each command accepts, with every kind of option it has.
    static let accepted: [[String]] = [
        ["assess", "--accessible"],
        ["assess", "--name", "Jane Doe", "--level", "field", "--organisation", "Acme", "--questionnaires", "/tmp/q"],
        ["assess", "--questionnaire", "healthy-ecosystem", "--questionnaire", "mutual-traits", "--out", "s.json"],
        ["assess", "--resume", "s.json"], ["assess", "--retake", "old.json", "--data-dir", "d"],
        ["assess", "--workshop", "w", "--accessible"], ["assess", "--level=executive"],
        ["report", "s.json", "--full"], ["report", "--compare", "a.json", "b.json", "--format", "markdown", "--ascii"],
        ["report", "s.json", "--format", "html", "--out", "r.html", "--force", "--questionnaires", "q"],
        ["export", "a.json", "dir", "--format", "jsonl", "--anonymous"], ["export", "d", "--layout", "wide", "--excel", "--out", "x.csv"],
        ["workshop", "new", "Q3 review", "--questionnaires", "q"], ["workshop", "status", "w"],
        ["workshop", "report", "w", "--format", "json", "--anonymous"], ["workshop", "round", "w"], ["workshop", "watch", "w", "--anonymous", "--interval", "2"],
        ["workshop"], ["questionnaires"], ["questionnaires", "list"], ["questionnaires", "validate", "a.json", "b.json"],
        ["--accessible"], ["--name", "Jane"],
    ]

    /// Command lines the parser refuses or answers itself (help, version, completion scripts).
    static let refused: [[String]] = [
        ["assess", "--help"], ["assess", "-h"], ["assess", "--version"], ["assess", "--bogus"], ["assess", "--level", "boss"],
        ["assess", "--level"], ["assess", "extra"], ["assess", "--resume", "a.json", "--out", "b.json"], ["assess", "help"],
        ["report"], ["report", "--help"], ["report", "s.json", "--format", "pdf"], ["report", "s.json", "--compare"],
        ["export"], ["export", "s.json", "--format", "xml"], ["export", "s.json", "--out"],
        ["workshop", "--help"], ["workshop", "report"], ["workshop", "bogus"], ["workshop", "report", "--version"],
        ["questionnaires", "bogus"], ["questionnaires", "validate", "--help"],
        ["assess", "--generate-completion-script", "bash"], ["assess", "--experimental-dump-help"],
        ["help", "assess"], ["--help"], ["--version"], ["assses"], ["reprot", "s.json"],
    ]

    @Test("a command line its command accepts is parsed there, into exactly what partnercheck's parser gives")
    func acceptedLinesAreTheSame() throws {
        for arguments in Self.accepted {
            let root = try PartnerCheck.parseAsRoot(arguments)
            let direct = PartnerCheck.parsedByItsCommand(arguments)
            if arguments.first?.hasPrefix("-") == true {
                #expect(direct == nil, "\(arguments): no command named first, so partnercheck's parser reads it")
                continue
            }
            let parsed = try #require(direct, "\(arguments) was not parsed by its command")
            #expect(String(reflecting: parsed) == String(reflecting: root), "\(arguments)")
            #expect(String(reflecting: try PartnerCheck.parse(arguments)) == String(reflecting: root), "\(arguments)")
        }
    }

    @Test("help, version, completion scripts and mistakes are partnercheck's parser's, word for word")
    func refusedLinesAreTheRootParsers() {
        /// What the parser makes of a command line: a command (help is one), or an error's message and exit code.
        func outcome(_ parse: () throws -> ParsableCommand) -> String {
            do { return "command " + String(reflecting: try parse()) } catch {
                return "error \(PartnerCheck.exitCode(for: error).rawValue): " + PartnerCheck.fullMessage(for: error)
            }
        }
        for arguments in Self.refused {
            #expect(PartnerCheck.parsedByItsCommand(arguments) == nil, "\(arguments)")
            let fromRoot = outcome { try PartnerCheck.parseAsRoot(arguments) }
            #expect(!fromRoot.contains("Assess(") && !fromRoot.contains("Report("), "\(arguments): \(fromRoot)")
            #expect(outcome { try PartnerCheck.parse(arguments) } == fromRoot, "\(arguments)")
        }
    }
}

import ArgumentParser
import PartnerCheckCore
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

extension ReportFormat: ChoiceArgument {}

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        _superCommandName: PartnerCheck.name,
        abstract: "Scores, journey placement, recommendations and next initiatives for a saved session.",
        discussion: """
            A session still in progress is reported too, labelled partial with its coverage. \
            With --compare OLD NEW, shows the change per dimension and in phase between two \
            assessments of the same questionnaires.
            """
    )

    @Argument(help: ArgumentHelp("The session file(s): one to report, or OLD NEW with --compare.", valueName: "file"))
    var files: [String]

    @Flag(help: "Compare two assessments of the same questionnaires (OLD NEW).")
    var compare = false

    @Option(help: "text, markdown, json or html (a one-page visual report to print or attach).")
    var format: ReportFormat = .text

    @Option(help: ArgumentHelp("Write the report to this new file instead of stdout.", valueName: "file"))
    var out: String?

    @Flag(help: "Replace the --out file if it exists.")
    var force = false

    @Flag(help: "ASCII bars and symbols only.")
    var ascii = false

    @Flag(help: "The full text report after the one-screen summary, without asking (through $PAGER on a terminal).")
    var full = false

    @Option(name: .customLong("questionnaires"), help: .questionnairesFolder)
    var questionnairesDirectory: String?

    var request: ReportRequest {
        ReportRequest(files: files, compare: compare, format: format, out: out, force: force, ascii: ascii, full: full,
                      questionnairesDirectory: questionnairesDirectory)
    }

    func validate() throws {
        try request.validate()
    }

    func run() throws {
        try request.run()
    }
}

/// Everything `report` can be asked to do, as plain values: `Report` fills it from the command line, and
/// `partnercheck report FILE` with nothing else uses `ReportRequest(files: [FILE])` directly (see
/// `PartnerCheck.main`): swift-argument-parser's reflection would be most of the time a report takes.
struct ReportRequest: Equatable {
    var files: [String]
    var compare = false
    var format: ReportFormat = .text
    var out: String?
    var force = false
    var ascii = false
    var full = false
    var questionnairesDirectory: String?

    /// `report FILE`, the form printed at the end of an assessment, when FILE cannot be read as an option.
    static func plain(_ arguments: ArraySlice<String>) -> ReportRequest? {
        guard arguments.count == 2, arguments.first == "report", let file = arguments.last, !file.hasPrefix("-") else { return nil }
        return ReportRequest(files: [file])
    }

    func validate() throws {
        if compare && files.count != 2 { throw ValidationError("--compare takes exactly two session files: OLD NEW.") }
        if !compare && files.count != 1 { throw ValidationError("Give one session file (or --compare OLD NEW).") }
    }

    func run() throws {
        let catalog = try loadCatalog(directory: questionnairesDirectory)
        let scorer = Scorer(catalog: catalog)
        let store = SessionStore.bundled()
        func assess(_ path: String) throws -> Assessment {
            do {
                return try scorer.assess(try store.load(path: path), file: path)
            } catch let error as SessionFileError {
                throw Failure.badInput(error.description)
            } catch let error as ReportError {
                throw Failure.badInput(error.description)
            }
        }
        let style = ReportOutput.style(toFile: out != nil, ascii: ascii)
        let renderer = format.renderer(style: style)
        let text: String
        if compare {
            let comparison: Comparison
            do {
                comparison = try Comparison(old: try assess(files[0]), new: try assess(files[1]))
            } catch let error as ReportError {
                throw Failure.badInput(error.description)
            }
            text = renderer.render(comparison)
        } else {
            let assessment = try assess(files[0])
            if format == .text {
                let summary = SummaryReport.render(assessment, style: style)
                let report = renderer.render(assessment)
                // On a terminal: the one-screen summary, then the full report on request or with --full, paged.
                if out == nil && isatty(1) == 1 {
                    if full {
                        Pager.show(summary + "\n" + report)
                        return
                    }
                    try ReportOutput.write(summary + "\n", to: nil, force: false)
                    if isatty(0) == 1 {
                        try ReportOutput.write("Full report: press Enter (or type q to finish). ", to: nil, force: false)
                        var line = [UInt8](repeating: 0, count: 256)
                        let count = read(0, &line, line.count)
                        if count > 0 && !AnswerText.normalise(String(decoding: line[0..<count], as: UTF8.self)).hasPrefix("q") {
                            Pager.show(report)
                        }
                    } else {
                        try ReportOutput.write(report, to: nil, force: false)
                    }
                    return
                }
                text = summary + "\n" + report
            } else {
                text = renderer.render(assessment)
            }
        }
        try ReportOutput.write(text, to: out, force: force)
    }
}

enum ReportOutput {
    /// Unicode in a UTF-8 locale unless --ascii; colour only on a terminal without NO_COLOR; the
    /// terminal's width on a terminal.
    static func style(toFile: Bool, ascii: Bool = false) -> ReportStyle {
        let env = environment
        return ReportStyle(unicode: !ascii && utf8Locale(env),
                           color: !toFile && isatty(1) == 1 && (env["NO_COLOR"] ?? "").isEmpty && env["TERM"] != "dumb",
                           width: width(terminal: !toFile && isatty(1) == 1))
    }

    /// `COLUMNS` when set, else the terminal's width, else 80; between 40 and 200.
    static func width(terminal: Bool) -> Int {
        if let columns = getenv("COLUMNS").flatMap({ Int(String(cString: $0)) }), columns > 0 {
            return min(max(columns, 40), 200)
        }
        var size = winsize()
        if terminal, ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
            return min(max(Int(size.ws_col), 40), 200)
        }
        return 80
    }

    static func utf8Locale(_ env: Environment) -> Bool {
        let locale = env["LC_ALL"].flatMap { $0.isEmpty ? nil : $0 } ?? env["LC_CTYPE"].flatMap { $0.isEmpty ? nil : $0 } ?? env["LANG"] ?? ""
        return containsUTF8(locale)
    }

    /// Whether a locale name says UTF-8 ("en_GB.UTF-8", "C.utf8"), compared byte by byte: String's
    /// `contains` comes from _StringProcessing, whose generic searcher costs a report a tenth of a
    /// millisecond in type metadata the first time it runs.
    static func containsUTF8(_ locale: String) -> Bool {
        let bytes = Array(locale.utf8).map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 }
        for spelling in [Array("UTF-8".utf8), Array("UTF8".utf8)] where bytes.count >= spelling.count {
            for start in 0...(bytes.count - spelling.count)
            where bytes[start..<(start + spelling.count)].elementsEqual(spelling) {
                return true
            }
        }
        return false
    }

    /// Writes to stdout, or atomically to a new file (an existing one only with --force).
    static func write(_ text: String, to path: String?, force: Bool) throws {
        // Written from where the string keeps its UTF-8: a workshop report of 10,000 people is 2 MB,
        // and each copy of it cost a millisecond.
        var text = text
        guard let path else {
            do {
                try text.withUTF8 { bytes in Result { () throws(FileIOError) in try FileIO.writeAll(bytes, to: 1, path: "stdout") } }.get()
            } catch {
                throw Failure.cannotSave(error.description)
            }
            return
        }
        if FileIO.exists(path) && !force {
            throw Failure.badInput("\(path): already exists; use --force to replace it")
        }
        do {
            let file = try StreamingFile(path: path, mode: 0o644)
            try file.write(text)
            // Without --force, one that appeared since the check above is still never replaced.
            if try !file.commit(replacing: force) {
                throw Failure.badInput("\(path): already exists; use --force to replace it")
            }
        } catch let error as FileIOError {
            throw Failure.cannotSave(error.description)
        }
    }
}

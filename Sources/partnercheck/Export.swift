import ArgumentParser
import PartnerCheckCore
#if canImport(Glibc)
import Glibc
#endif

extension Exporter.Layout: ChoiceArgument {}
extension Exporter.Format: ChoiceArgument {}

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        _superCommandName: PartnerCheck.name,
        abstract: "Export answers for pandas, R or Excel: CSV (RFC 4180, UTF-8) or JSON Lines.",
        discussion: """
            long: one row per answer. wide: one row per session (per session and partnership for \
            per-partner questionnaires), one column per question. Text cells beginning with = + - @, tab \
            or carriage return get a leading ' so spreadsheets never run them as formulas. Corrupt or \
            foreign files are reported on stderr and skipped.
            """
    )

    @Argument(help: ArgumentHelp("Session files or folders of them.", valueName: "path"))
    var paths: [String]

    @Option(help: "csv or jsonl.")
    var format: Exporter.Format = .csv

    @Option(help: "long or wide (wide is CSV only).")
    var layout: Exporter.Layout = .long

    @Option(help: ArgumentHelp("Write to this new file instead of stdout.", valueName: "file"))
    var out: String?

    @Flag(help: "Replace the --out file if it exists.")
    var force = false

    @Flag(help: "Replace respondents' names with Participant 1, 2, ...")
    var anonymous = false

    @Flag(help: "Start the CSV with a UTF-8 byte order mark, which Excel needs to read non-Latin text.")
    var excel = false

    @Option(name: .customLong("questionnaires"), help: .questionnairesFolder)
    var questionnairesDirectory: String?

    func validate() throws {
        if paths.isEmpty { throw ValidationError("Name at least one session file or folder.") }
        if format == .jsonl && layout == .wide { throw ValidationError("JSON Lines is for the long layout; use --format csv with --layout wide.") }
        if excel && format != .csv { throw ValidationError("--excel applies to CSV only.") }
    }

    func run() throws {
        let catalog = try loadCatalog(directory: questionnairesDirectory)
        let files = try Workshop.files(paths)
        let exporter = Exporter(catalog: catalog, layout: layout, format: format)
        if let out, FileIO.exists(out), !force {
            throw Failure.badInput("\(out): already exists; use --force to replace it")
        }
        let sink: ExportSink
        do {
            sink = try out.map { try ExportSink(file: StreamingFile(path: $0, bypassingCache: true)) } ?? ExportSink(file: nil)
        } catch let error as FileIOError {
            throw Failure.cannotSave(error.description)
        }
        do {
            if excel { try sink.write("\u{FEFF}") }
            try sink.write(exporter.header)
            try ExportRunner.run(files: files, exporter: exporter, anonymous: anonymous,
                                 workers: max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))),
                                 write: { try sink.write(bytes: $0) }, skipped: { complain("skipped " + $0) })
            // Without --force, a file that appeared since the check above is still never replaced.
            if try !sink.commit(replacing: force), let out {
                throw Failure.badInput("\(out): already exists; use --force to replace it")
            }
        } catch let error as FileIOError {
            throw Failure.cannotSave(error.description)
        }
    }
}

/// Stdout or a file written atomically.
final class ExportSink {
    private let file: StreamingFile?
    private var pending = GatheredWrites()

    init(file: StreamingFile?) {
        self.file = file
    }

    func write(_ text: String) throws {
        var text = text
        try text.withUTF8 { try write(bytes: $0) }
    }

    func write(bytes: UnsafeBufferPointer<UInt8>) throws {
        if let file { return try file.write(bytes: bytes) }
        try pending.add(bytes, put: Self.toStdout)
    }

    private static func toStdout(_ bytes: UnsafeBufferPointer<UInt8>) throws(FileIOError) {
        try FileIO.writeAll(bytes, to: 1, path: "stdout")
    }

    /// False when not replacing and the file exists by now.
    func commit(replacing: Bool) throws -> Bool {
        if let file { return try file.commit(replacing: replacing) }
        try pending.flush(Self.toStdout)
        return true
    }
}

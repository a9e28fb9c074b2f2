import ArgumentParser
import PartnerCheckCore
#if canImport(Glibc)
import Glibc
#endif

/// The exit codes documented in `partnercheck --help` and the README.
enum Exit {
    static let badInput = ExitCode(1)
    static let cannotSave = ExitCode(2)
    static let paused = ExitCode(3)
}

/// Why a command failed, as the one line the user reads and the exit code it maps to. Commands throw
/// it; `PartnerCheck.main` prints it and exits, the one place where errors become exit codes.
enum Failure: Error {
    /// Exit 1: a malformed questionnaire, a corrupt or foreign session file, a missing file.
    case badInput(String)
    /// Exit 2: the file or folder is not writable, or the disk is full.
    case cannotSave(String)

    var message: String {
        switch self {
        case .badInput(let message), .cannotSave(let message): message
        }
    }

    var exitCode: ExitCode {
        switch self {
        case .badInput: Exit.badInput
        case .cannotSave: Exit.cannotSave
        }
    }
}

/// Prints one line to stderr.
func complain(_ message: String) {
    var line = "partnercheck: " + message + "\n"
    line.withUTF8 { bytes in _ = write(2, bytes.baseAddress, bytes.count) }
}

extension ArgumentHelp {
    /// The help of --questionnaires, the option of every command that reads questionnaires. (An option
    /// group shared by those commands made each start find five more conformances at run time.)
    static var questionnairesFolder: ArgumentHelp {
        ArgumentHelp("Load questionnaires from this folder instead of the built-in set.", valueName: "dir")
    }
}

/// The questionnaires from `directory`, else from $PARTNERCHECK_QUESTIONNAIRES, else the built-in set
/// (decoded when first needed, with `deferringDecoding`); a problem is reported on stderr and ends the
/// command with exit code 1.
func loadCatalog(directory: String?, deferringDecoding: Bool = false) throws -> QuestionnaireCatalog {
    do {
        if let directory {
            return try QuestionnaireLoader.bundled().loadDirectory(directory)
        }
        if let fromEnvironment = environment["PARTNERCHECK_QUESTIONNAIRES"], !fromEnvironment.isEmpty {
            return try QuestionnaireLoader.bundled().loadDirectory(fromEnvironment)
        }
        return try QuestionnaireLoader.loadBundled(deferringDecoding: deferringDecoding)
    } catch {
        throw Failure.badInput(error.description)
    }
}

/// The environment variables partnercheck reads, looked up once.
let environment: Environment = {
    let names = [
        "PARTNERCHECK_HOME", "PARTNERCHECK_QUESTIONNAIRES", "XDG_DATA_HOME", "HOME",
        "TERM", "NO_COLOR", "ACCESSIBLE", "LANG", "LC_ALL", "LC_CTYPE",
    ]
    return Environment(reading: names) { name in getenv(name).map { String(cString: $0) } }
}()

extension Level: ChoiceArgument {}

/// An option whose value is one of an enum's raw values. swift-argument-parser's general answers for
/// such an enum (through `RawRepresentable` and `CaseIterable`) find the enum's conformances at run time,
/// a scan of every conformance in the program for each; these give the same answers directly.
protocol ChoiceArgument: ExpressibleByArgument, CaseIterable, RawRepresentable<String> {}

extension ChoiceArgument {
    public init?(argument: String) { self.init(rawValue: argument) }
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
    public static var defaultCompletionKind: CompletionKind { .list(allValueStrings) }
    /// No value has a description apart from its raw value (what the parser's own answer finds, value by value).
    public static var allValueDescriptions: [String: String] { [:] }
}

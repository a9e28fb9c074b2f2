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

/// Prints one line to stderr.
func complain(_ message: String) {
    var line = "partnercheck: " + message + "\n"
    line.withUTF8 { bytes in _ = write(2, bytes.baseAddress, bytes.count) }
}

/// The flag that points at another questionnaire folder, shared by the commands that read them.
struct QuestionnaireSource: ParsableArguments {
    @Option(name: .customLong("questionnaires"), help: ArgumentHelp(
        "Load questionnaires from this folder instead of the built-in set.", valueName: "dir"))
    var directory: String?

    func catalog() throws -> QuestionnaireCatalog {
        try loadCatalog(directory: directory)
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
        complain(error.description)
        throw Exit.badInput
    }
}

/// The environment variables partnercheck reads, looked up once.
let environment: Environment = {
    let names = [
        "PARTNERCHECK_HOME", "PARTNERCHECK_QUESTIONNAIRES", "XDG_DATA_HOME", "HOME",
        "TERM", "NO_COLOR", "ACCESSIBLE", "LANG", "LC_ALL", "LC_CTYPE",
    ]
    return Environment(names.compactMap { name in getenv(name).map { (name: name, value: String(cString: $0)) } })
}()

extension Level: ExpressibleByArgument {}

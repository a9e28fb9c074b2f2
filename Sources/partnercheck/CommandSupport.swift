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
        do {
            if let directory {
                return try QuestionnaireLoader.bundled().loadDirectory(directory)
            }
            if let fromEnvironment = environment["PARTNERCHECK_QUESTIONNAIRES"], !fromEnvironment.isEmpty {
                return try QuestionnaireLoader.bundled().loadDirectory(fromEnvironment)
            }
            return try QuestionnaireLoader.loadBundled()
        } catch {
            complain(error.description)
            throw Exit.badInput
        }
    }
}

var environment: [String: String] {
    var values: [String: String] = [:]
    var pointer = environ
    while let entry = pointer.pointee {
        let text = String(cString: entry)
        if let equals = text.firstIndex(of: "=") {
            values[String(text[..<equals])] = String(text[text.index(after: equals)...])
        }
        pointer += 1
    }
    return values
}

extension Level: ExpressibleByArgument {}

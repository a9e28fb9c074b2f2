import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif

@main
struct PartnerCheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "partnercheck",
        abstract: "A conversation in your terminal that assesses how well your company partners.",
        discussion: """
            Exit codes:
              0    done: assessment completed, or the command succeeded
              1    bad input: a malformed questionnaire, a corrupt or foreign session file, a missing file
              2    could not save: the session file or folder is not writable, or the disk is full
              3    paused: you quit, pressed Ctrl-D, or piped input ended early; answers are saved
              64   wrong command-line usage
              129  saved and stopped by SIGHUP
              130  saved and stopped by a second Ctrl-C
              143  saved and stopped by SIGTERM

            Shell completions: partnercheck --generate-completion-script bash|zsh|fish (scripts/start installs \
            them, with the man page: man partnercheck).
            """,
        version: "0.1.0",
        subcommands: [Assess.self, Report.self, Workshop.self, Export.self, Questionnaires.self],
        defaultSubcommand: Assess.self
    )

    /// `partnercheck` and `partnercheck assess` with nothing after them (the README's first command) start the
    /// conversation without the parser, and `partnercheck report FILE` (the command printed at the end of an
    /// assessment) reports without it: there is nothing to parse, and the parser's reflection over every
    /// command (and its probe for --generate-completion-script) would be most of the time taken. Tests check
    /// that parsing those command lines gives exactly the same request; anything else goes through
    /// swift-argument-parser as usual.
    static func main() {
        let arguments = CommandLine.arguments.dropFirst()
        do {
            if arguments.isEmpty || arguments.elementsEqual(["assess"]) {
                try AssessRequest().run()
            } else if let report = ReportRequest.plain(arguments) {
                try report.run()
            } else {
                // The slip check builds the usage of every command, which costs as much as parsing: it
                // runs only when the parser has refused the command line (or was asked for help).
                var command: ParsableCommand
                do {
                    command = try parseAsRoot(Array(arguments))
                } catch {
                    if let problem = CommandLineCheck.problem(Array(arguments)) {
                        complain(problem)
                        Glibc.exit(64)
                    }
                    throw error
                }
                try command.run()
            }
            Glibc.exit(0)
        } catch {
            finish(error)
        }
    }

    /// The one place where an error becomes a message and an exit code (see the table above).
    static func finish(_ error: Error) -> Never {
        switch error {
        case let failure as Failure:
            complain(failure.message)
            Glibc.exit(failure.exitCode.rawValue)
        case let code as ExitCode:
            Glibc.exit(code.rawValue)
        default:
            // Usage errors (64), --help, --version and the completion scripts: swift-argument-parser's own.
            exit(withError: error)
        }
    }
}

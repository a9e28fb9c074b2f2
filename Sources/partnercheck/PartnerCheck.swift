import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif

@main
struct PartnerCheck: ParsableCommand {
    static let name = "partnercheck"
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: name,
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
        version: version,
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
                    command = try parse(Array(arguments))
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

    /// The command a command line asks for, parsed by swift-argument-parser. From partnercheck itself, the
    /// parser first tries every command line as a request for a completion script (two more commands
    /// reflected over), and for `assess` reflects over it twice more to learn whether the default command
    /// takes all remaining input: 40% of the parser's time, for answers known in advance. So where the first
    /// word names one of partnercheck's commands, that command's own parser reads the rest, as a root with
    /// "partnercheck" as its super-command (which skips the completion probe). Whatever it refuses (a
    /// mistake, or help, which it would give as a command of its own) is parsed again from partnercheck, so
    /// help, errors and exit codes are exactly the root parser's; completion scripts and the help dump are
    /// always asked of partnercheck. Tests check that both ways give the same command.
    static func parse(_ arguments: [String]) throws -> ParsableCommand {
        try parsedByItsCommand(arguments) ?? parseAsRoot(arguments)
    }

    /// The command line as the command its first word names parses it; nil where that command refuses it
    /// (or the first word names none, or it asks for a completion script or the help dump).
    static func parsedByItsCommand(_ arguments: [String]) -> ParsableCommand? {
        guard let first = arguments.first,
              let command = configuration.subcommands.first(where: { $0._commandName == first }),
              !arguments.contains(where: { $0.hasPrefix("--generate-completion-script") || $0.hasPrefix("--experimental-dump-help") }),
              let parsed = try? command.parseAsRoot(Array(arguments.dropFirst())),
              isWithin(type(of: parsed), command)
        else { return nil }
        return parsed
    }

    /// Whether `type` is `command` or one of its subcommands (not the parser's own help command).
    private static func isWithin(_ type: ParsableCommand.Type, _ command: ParsableCommand.Type) -> Bool {
        type == command || command.configuration.subcommands.contains { isWithin(type, $0) }
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

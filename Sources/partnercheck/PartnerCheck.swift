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
            """,
        version: "0.1.0",
        subcommands: [Assess.self, Report.self, Workshop.self, Export.self, Questionnaires.self],
        defaultSubcommand: Assess.self
    )

    /// `partnercheck` and `partnercheck assess` with nothing after them (the README's first command) start the
    /// conversation without the parser: there is nothing to parse, and the parser's reflection over every
    /// command would be most of the time to the first prompt. A test checks that parsing those command lines
    /// gives exactly `AssessRequest()`; anything else goes through swift-argument-parser as usual.
    static func main() {
        let arguments = CommandLine.arguments.dropFirst()
        guard arguments.isEmpty || arguments.elementsEqual(["assess"]) else {
            return main(nil)
        }
        do {
            try AssessRequest().run()
            Glibc.exit(0)
        } catch let code as ExitCode {
            Glibc.exit(code.rawValue)
        } catch {
            exit(withError: error)
        }
    }
}

import ArgumentParser
import PartnerCheckCore
import PartnerCheckTerminal
#if canImport(Glibc)
import Glibc
#endif

extension Workshop {
    /// The live view for the projector: who has finished, and the agenda as it forms.
    struct Watch: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "watch",
            abstract: "A live view for the projector: who has finished and the agenda so far, redrawn as answers arrive.",
            discussion: "On a terminal it redraws whenever a session file arrives or changes, until q or Ctrl-C. Piped, it prints the view once.")

        @Argument(help: ArgumentHelp("The workshop folder.", valueName: "dir"))
        var directory: String

        @Flag(help: "Counts only: no names.")
        var anonymous = false

        @Option(help: ArgumentHelp("How often to look for changes, in seconds.", valueName: "seconds"))
        var interval: Double = 1

        func run() throws {
            let catalog = try loadCatalog(directory: nil)
            guard let manifest = try Workshop.load(directory) else { throw Failure.badInput(WorkshopError.notAWorkshop(directory).description) }
            guard isatty(1) == 1 && isatty(0) == 1 else {
                print(try view(manifest, catalog: catalog, width: ReportOutput.width(terminal: false)), terminator: "")
                return
            }
            // Raw input, so q works without Enter; the terminal is restored however the watch ends.
            var saved = termios()
            tcgetattr(0, &saved)
            var raw = saved
            raw.c_lflag &= ~tcflag_t(ICANON | ECHO)
            tcsetattr(0, TCSANOW, &raw)
            SignalTrap.install()
            defer {
                tcsetattr(0, TCSANOW, &saved)
                try? FileIO.writeAll(Array("\u{1B}[?25h\n".utf8), to: 1, path: "stdout")  // the cursor back
            }
            try? FileIO.writeAll(Array("\u{1B}[?25l".utf8), to: 1, path: "stdout")  // no cursor blinking over the projector
            var last: String? = nil
            while true {
                let signature = try Self.signature(directory)
                if signature != last {
                    last = signature
                    let screen = try view(manifest, catalog: catalog, width: ReportOutput.width(terminal: true))
                    try? FileIO.writeAll(Array(("\u{1B}[H\u{1B}[2J" + screen + "\nq to quit").utf8), to: 1, path: "stdout")
                }
                var ready = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
                let waited = poll(&ready, 1, Int32(max(0.1, interval) * 1000))
                if SignalTrap.take() != 0 { break }
                if waited > 0 {
                    var byte: UInt8 = 0
                    if read(0, &byte, 1) <= 0 || byte == UInt8(ascii: "q") || byte == 3 { break }
                }
            }
        }

        /// Names, sizes and times of the session files: a change means new answers to show.
        static func signature(_ directory: String) throws -> String {
            try Workshop.files([directory]).map { file -> String in
                var info = stat()
                return stat(file, &info) == 0 ? "\(file):\(info.st_size):\(info.st_mtim.tv_sec):\(info.st_mtim.tv_nsec)" : file
            }.joined(separator: "|")
        }

        func view(_ manifest: WorkshopManifest, catalog: QuestionnaireCatalog, width: Int) throws -> String {
            let files = try Workshop.files([directory])
            let round = manifest.currentRound
            var lines = ["Workshop \(manifest.name)\(round > 1 ? ", round \(round)" : "")"]
            var finished: [String] = []
            var answering: [String] = []
            for file in files {
                guard let session = try? SessionStore.read(path: file), (session.workshopRound ?? 1) == round else { continue }
                let name = session.respondent.name ?? "(no name)"
                if session.status == .completed { finished.append(name) } else { answering.append("\(name) (\(session.answerCount) answers)") }
            }
            lines.append("\(finished.count) finished, \(answering.count) still answering")
            if !anonymous {
                if !finished.isEmpty { lines += TextLayout.wrap("Finished: " + finished.joined(separator: ", "), width: width, indent: "  ") }
                if !answering.isEmpty { lines += TextLayout.wrap("Answering: " + answering.joined(separator: ", "), width: width, indent: "  ") }
            }
            let summary = WorkshopLoader.aggregate(files: files, catalog: catalog, expected: manifest.questionnaires, round: round)
                .summary(name: manifest.name, anonymous: anonymous)
            lines.append("")
            lines.append("The agenda so far (least agreement first):")
            if summary.disagreements.isEmpty { lines.append("  No question divides the group yet.") }
            for q in summary.disagreements.prefix(8) {
                let within = q.withinOnePointOfMedian.map { "\(Int(($0 * 100).rounded()))% within one point" } ?? ""
                lines += TextLayout.wrap("• \(AnswerText.excerpt(q.text, limit: 80))\(TextReport.about(q)) — \(within); \(TextReport.strip(q) ?? "")",
                                         width: width, indent: "    ", first: "  ")
            }
            return TextLayout.fit(lines.joined(separator: "\n"), width: width) + "\n"
        }
    }
}

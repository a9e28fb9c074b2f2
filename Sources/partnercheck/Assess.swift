import ArgumentParser
import PartnerCheckCore
import PartnerCheckTerminal
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

struct Assess: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assess",
        _superCommandName: PartnerCheck.name,
        abstract: "Start (or resume) an assessment conversation.",
        discussion: """
            On a terminal the conversation uses readline: Tab completes answers and commands, Up-arrow \
            recalls earlier lines, and your ~/.inputrc applies. With piped input it reads one line per \
            prompt: name, level, organisation (unless given as options), the questionnaire choice \
            (unless --questionnaire is given), then one line per question. Notes go after "--" on the \
            answer's line. Sessions are saved after every answer to --out, else --data-dir, else \
            $PARTNERCHECK_HOME, else $XDG_DATA_HOME/partnercheck (~/.local/share/partnercheck).
            """
    )

    @Option(name: .customLong("questionnaire"), help: ArgumentHelp(
        "Answer only this questionnaire (repeat for several); default: ask, Enter for all.", valueName: "id"))
    var questionnaireIDs: [String] = []

    @Option(help: ArgumentHelp("Continue the session saved in this file.", valueName: "file"))
    var resume: String?

    @Option(help: ArgumentHelp("Start a new session pre-filled from this earlier one: Enter keeps each answer (a quarterly retake; compare the two with report --compare).", valueName: "file"))
    var retake: String?

    @Option(help: ArgumentHelp("Save the session to exactly this new file.", valueName: "file"))
    var out: String?

    @Option(help: ArgumentHelp("Save the session as a new file in this folder.", valueName: "dir"))
    var dataDir: String?

    @Option(help: ArgumentHelp("Answer in turn at one keyboard, saving into this workshop folder.", valueName: "dir"))
    var workshop: String?

    @Option(name: .customLong("questionnaires"), help: .questionnairesFolder)
    var questionnairesDirectory: String?

    @Flag(help: "Screen-reader friendly: no redraws, no symbols, scale points read out in words (also ACCESSIBLE=1 or TERM=dumb).")
    var accessible = false

    @Option(help: "Your name (skips the questions about you).")
    var name: String?

    @Option(help: "Your level: executive, management or field (skips the questions about you).")
    var level: Level?

    @Option(help: "Your organisation (skips the questions about you).")
    var organisation: String?

    /// The parsed command line as plain values.
    var request: AssessRequest {
        AssessRequest(questionnaireIDs: questionnaireIDs, resume: resume, retake: retake, out: out, dataDir: dataDir, workshop: workshop,
                      questionnairesDirectory: questionnairesDirectory, accessible: accessible, name: name, level: level,
                      organisation: organisation)
    }

    func validate() throws {
        try request.validate()
    }

    func run() throws {
        try request.run()
    }
}

/// Everything `assess` can be asked to do, as plain values: `Assess` fills it from the command line, and
/// `partnercheck` or `partnercheck assess` with nothing after them uses the defaults directly (see `PartnerCheck.main`).
struct AssessRequest: Equatable {
    var questionnaireIDs: [String] = []
    var resume: String?
    var retake: String?
    var out: String?
    var dataDir: String?
    var workshop: String?
    var questionnairesDirectory: String?
    var accessible = false
    var name: String?
    var level: Level?
    var organisation: String?

    func validate() throws {
        if resume != nil && (out != nil || dataDir != nil) {
            throw ValidationError("--resume continues an existing file; it cannot be combined with --out or --data-dir.")
        }
        if resume != nil && !questionnaireIDs.isEmpty {
            throw ValidationError("--resume keeps the questionnaires the session was started with; leave out --questionnaire.")
        }
        if retake != nil && (resume != nil || workshop != nil || !questionnaireIDs.isEmpty) {
            throw ValidationError("--retake starts a new session with the earlier one's questionnaires; it cannot be combined with --resume, --workshop or --questionnaire.")
        }
        if [out, dataDir, workshop].compactMap({ $0 }).count > 1 {
            throw ValidationError("Give only one of --out, --data-dir and --workshop.")
        }
        if workshop != nil && (resume != nil || !questionnaireIDs.isEmpty || name != nil || level != nil || organisation != nil) {
            throw ValidationError("--workshop asks each participant's name and level and uses the workshop's questionnaires.")
        }
    }

    func run() throws {
        let env = environment
        // The conversation greets and asks about the respondent before it needs the questions.
        let catalog = try loadCatalog(directory: questionnairesDirectory, deferringDecoding: true)
        var questionnaireIDs = self.questionnaireIDs
        var manifest: WorkshopManifest? = nil
        if let workshop {
            guard let found = try Workshop.load(workshop) else {
                throw Failure.badInput(WorkshopError.notAWorkshop(workshop).description)
            }
            for ref in found.questionnaires where !catalog.entries.contains(where: { $0.id == ref.id && $0.version == ref.version }) {
                throw Failure.badInput("\(workshop): the workshop uses \(ref.id) version \(ref.version), which is not among the loaded questionnaires")
            }
            questionnaireIDs = found.questionnaires.map(\.id)
            manifest = found
        }
        for id in questionnaireIDs where !catalog.ids.contains(id) {
            throw Failure.badInput(QuestionnaireError.notFound(id: id, available: catalog.ids).description)
        }

        let stdinIsTerminal = isatty(0) == 1
        let stdoutIsTerminal = isatty(1) == 1
        // A person at a terminal whose stdout is redirected still needs to see the conversation.
        let talkOnStderr = stdinIsTerminal && !stdoutIsTerminal
        let sink = FileDescriptorSink(fd: talkOnStderr ? 2 : 1)
        let style = Style.detect(environment: env, stdoutIsTerminal: talkOnStderr ? isatty(2) == 1 : stdoutIsTerminal,
                                 accessibleFlag: accessible)
        let store = SessionStore.bundled()

        var retaken: Session? = nil
        if let retake {
            do {
                retaken = try store.load(path: retake)
            } catch {
                throw Failure.badInput(error.description)
            }
            let compatibility = SessionCompatibility(session: retaken!, catalog: catalog)
            if !compatibility.isCompatible {
                for conflict in compatibility.conflicts { complain(conflict) }
                throw Failure.badInput("\(retake): the questionnaires changed since; start a new assessment instead of a retake.")
            }
        }
        var resumed: Session? = nil
        let target: FileSessionSaver.Target
        if let resume {
            do {
                resumed = try store.load(path: resume)
            } catch {
                throw Failure.badInput(error.description)
            }
            target = .existing(resume)
        } else if let out {
            if FileIO.exists(out) {
                throw Failure.badInput(SessionFileError.wouldOverwrite(file: out).description)
            }
            target = .newFile(out)
            try checkWritable(FileIO.parentDirectory(of: out))
        } else {
            let directory = workshop ?? dataDir ?? SessionStore.defaultDirectory(environment: env)
            try checkWritable(directory)
            target = .directory(directory)
        }

        if var session = resumed {
            let compatibility = SessionCompatibility(session: session, catalog: catalog)
            if !compatibility.isCompatible {
                for conflict in compatibility.conflicts { complain(conflict) }
                throw Failure.badInput("\(resume!): cannot resume safely against the changed questionnaires; your file is untouched. Start a new assessment, or use --questionnaires with the folder of the old versions.")
            }
            for notice in compatibility.notices { sink.write("Note: \(notice)\n") }
            session.questionnaires = session.questionnaires.map { ref in
                catalog.questionnaires.first { $0.id == ref.id }.map { QuestionnaireRef(id: $0.id, version: $0.version) } ?? ref
            }
            for index in session.rounds.indices {
                if let current = catalog.questionnaires.first(where: { $0.id == session.rounds[index].questionnaire }) {
                    session.rounds[index].version = current.version
                }
            }
            resumed = session
        }

        SignalTrap.install()
        let reader: LineReader = stdinIsTerminal
            ? ReadlineLineReader(output: sink, promptsToStderr: talkOnStderr)
            : PlainLineReader(fd: 0, output: sink)
        let options = ConversationOptions(
            interactive: stdinIsTerminal, style: style,
            questionnaires: questionnaireIDs.isEmpty ? nil : questionnaireIDs,
            askRespondent: name == nil && level == nil && organisation == nil,
            workshop: manifest?.name, command: Invocation.command)
        if let manifest {
            return try runWorkshop(manifest, catalog: catalog, reader: reader, sink: sink, options: options,
                                   target: target, store: store)
        }
        let saver = FileSessionSaver(target: target, store: store)
        let conversation: Conversation
        if let resumed {
            conversation = Conversation(resuming: resumed, catalog: catalog, reader: reader, output: sink, saver: saver,
                                        options: options, now: Clock.now)
        } else if let retaken {
            let given = Respondent(name: name, level: level, organisation: organisation)
            conversation = Conversation(retaking: retaken, catalog: catalog, reader: reader, output: sink, saver: saver, options: options,
                                        sessionID: UUID().uuidString.lowercased(), respondent: given == Respondent() ? nil : given,
                                        now: Clock.now)
        } else {
            conversation = Conversation(catalog: catalog, reader: reader, output: sink, saver: saver, options: options,
                                        sessionID: UUID().uuidString.lowercased(),
                                        respondent: Respondent(name: name, level: level, organisation: organisation),
                                        now: Clock.now)
        }
        switch conversation.run() {
        case .completed:
            // The answer an executive came for, on one screen; the full report on request.
            if let assessment = try? Scorer(catalog: catalog).assess(conversation.session) {
                let reportStyle = ReportStyle(unicode: !style.accessible && ReportOutput.utf8Locale(env), color: style.color,
                                              width: ReportOutput.width(terminal: stdinIsTerminal))
                let again = saver.path.map { "\(Invocation.command) report \(Shell.quoted($0))" }
                if stdinIsTerminal {
                    sink.write("\n" + SummaryReport.render(assessment, style: reportStyle, fullReport: "Full report: press Enter (or type q to finish)."))
                    if case .line(let line) = reader.read(prompt: "", prefill: nil, completions: []),
                       !AnswerText.normalise(line).hasPrefix("q") {
                        Pager.show(TextReport(style: reportStyle).render(assessment))
                    }
                } else {
                    // Piped: everything, never through a pager.
                    sink.write("\n" + SummaryReport.render(assessment, style: reportStyle))
                    sink.write("\n" + TextReport(style: reportStyle).render(assessment))
                }
                if let again {
                    sink.write("Report again any time: \(again) --full (add --format markdown or json)\n")
                }
            }
            return
        case .paused(_, let reason):
            switch reason {
            case .signal(let number): throw ExitCode(128 + number)
            case .saveFailed(let message):
                throw Failure.cannotSave(message)
            case .quit, .endOfInput: throw Exit.paused
            }
        case .saveFailed(let message):
            throw Failure.cannotSave("could not save the session: \(message)")
        }
    }

    /// Participants in turn at one keyboard, each saved to a new file in the workshop folder.
    private func runWorkshop(_ manifest: WorkshopManifest, catalog: QuestionnaireCatalog, reader: LineReader, sink: TextSink,
                             options: ConversationOptions, target: FileSessionSaver.Target, store: SessionStore) throws {
        var number = 1
        let round = manifest.currentRound
        var options = options
        var earlier: [Session] = []
        if round > 1, let directory = workshop {
            // Delphi: each question shows the group's answers of the round before, and each
            // participant's own answers of that round are ready to keep (Enter) or change.
            let files = try Workshop.files([directory])
            earlier = files.compactMap { try? SessionStore.read(path: $0) }.filter { ($0.workshopRound ?? 1) == round - 1 }
            let previous = WorkshopLoader.aggregate(files: files, catalog: catalog, expected: manifest.questionnaires, round: round - 1)
                .summary(name: manifest.name)
            options.workshopRound = round
            options.groupContext = Dictionary(previous.questions.compactMap { q -> (String, String)? in
                guard let strip = TextReport.strip(q), q.stats.n + q.unknown > 0 else { return nil }
                return (Conversation.contextKey(q.questionnaire, q.question, q.partner, q.side), "Round \(round - 1), the group answered: \(strip)")
            }, uniquingKeysWith: { first, _ in first })
        }
        while true {
            sink.write("\nWorkshop \"\(manifest.name)\"\(round > 1 ? ", round \(round)" : ""): participant \(number)\n")
            let saver = FileSessionSaver(target: target, store: store)
            var conversation = Conversation(catalog: catalog, reader: reader, output: sink, saver: saver, options: options,
                                            sessionID: UUID().uuidString.lowercased(), now: Clock.now)
            if round > 1 {
                switch reader.read(prompt: "Your name, as in round \(round - 1): ", prefill: nil, completions: []) {
                case .line(let typed):
                    let name = AnswerText.sanitise(typed)
                    if let mine = earlier.first(where: { AnswerText.normalise($0.respondent.name ?? "") == AnswerText.normalise(name) && !name.isEmpty }) {
                        conversation = Conversation(retaking: mine, catalog: catalog, reader: reader, output: sink, saver: saver, options: options,
                                                    sessionID: UUID().uuidString.lowercased(), now: Clock.now)
                    } else {
                        sink.write("No answers of round \(round - 1) under that name: you answer afresh.\n")
                        var fresh = options
                        fresh.askRespondent = false
                        conversation = Conversation(catalog: catalog, reader: reader, output: sink, saver: saver, options: fresh,
                                                    sessionID: UUID().uuidString.lowercased(),
                                                    respondent: Respondent(name: name.isEmpty ? nil : name), now: Clock.now)
                    }
                case .end: return
                case .interrupted(let signal): throw ExitCode(128 + signal)
                }
            }
            switch conversation.run() {
            case .completed:
                sink.write("Thank you. Your answers are saved.\n")
            case .paused(_, .signal(let number)):
                throw ExitCode(128 + number)
            case .paused(_, .saveFailed(let message)), .saveFailed(let message):
                throw Failure.cannotSave(message)
            case .paused:
                break
            }
            var answer = ""
            repeat {
                switch reader.read(prompt: "Is there another participant? (yes or no) ", prefill: nil, completions: ["yes", "no"]) {
                case .line(let line): answer = AnswerText.normalise(line)
                case .end: answer = "no"
                case .interrupted(let signal): throw ExitCode(128 + signal)
                }
            } while !["y", "yes", "n", "no"].contains(answer)
            if answer.hasPrefix("n") {
                sink.write("Report on the group with: \(Invocation.command) workshop report \(Shell.quoted(workshop ?? ""))\n")
                return
            }
            // The next participant sits down to a clean screen: the previous one's answers are not left
            // on it, nor in the scrollback where the terminal allows clearing that (ESC [3J).
            if isatty(1) == 1 || isatty(2) == 1 {
                sink.write("\u{1B}[H\u{1B}[2J\u{1B}[3J")
            }
            number += 1
        }
    }

    /// Fails early, before any question, when sessions cannot be written to `directory`.
    private func checkWritable(_ directory: String) throws {
        do {
            try FileIO.makeDirectory(directory)
        } catch {
            throw Failure.cannotSave(error.description)
        }
        if access(directory, W_OK | X_OK) != 0 {
            throw Failure.cannotSave(FileIOError(path: directory, operation: "save sessions in it", code: errno).description)
        }
    }
}

enum Clock {
    /// The current time as an ISO 8601 timestamp in UTC, e.g. 2026-11-25T21:38:09Z.
    /// Formatted by hand: Foundation's formatter costs more than the whole first prompt.
    static func now() -> String {
        var seconds = time(nil)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }
}

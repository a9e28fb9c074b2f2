import ArgumentParser
import PartnerCheckCore
#if canImport(Glibc)
import Glibc
#endif

struct Workshop: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workshop",
        _superCommandName: PartnerCheck.name,
        abstract: "Run an assessment with a group: create a workshop folder, see who has answered, report on the group.",
        discussion: """
            Participants answer in turn at one keyboard (partnercheck assess --workshop DIR), or on their own \
            machines, and the facilitator copies their session files into the folder.
            """,
        subcommands: [New.self, Status.self, GroupReport.self, NextRound.self, Watch.self]
    )

    static func load(_ directory: String) throws -> WorkshopManifest? {
        guard FileIO.isDirectory(directory) else {
            throw Failure.badInput("\(directory): no such workshop folder")
        }
        do {
            return try WorkshopFolder.manifest(in: directory)
        } catch {
            throw Failure.badInput(error.description)
        }
    }

    static func files(_ paths: [String]) throws -> [String] {
        do {
            return try WorkshopFolder.sessionFiles(paths)
        } catch {
            throw Failure.badInput(error.description)
        }
    }

    struct New: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "new", abstract: "Create a workshop folder (mode 0700) with its manifest.")

        @Argument(help: "The workshop's name.")
        var name: String

        @Option(help: ArgumentHelp("The folder to create (default: a folder named after the workshop, here).", valueName: "dir"))
        var dir: String?

        @Option(name: .customLong("questionnaire"), help: ArgumentHelp("Questionnaires to use (repeat); default all.", valueName: "id"))
        var questionnaireIDs: [String] = []

        @Option(name: .customLong("questionnaires"), help: .questionnairesFolder)
        var questionnairesDirectory: String?

        func run() throws {
            let catalog = try loadCatalog(directory: questionnairesDirectory)
            for id in questionnaireIDs where !catalog.ids.contains(id) {
                throw Failure.badInput(QuestionnaireError.notFound(id: id, available: catalog.ids).description)
            }
            let chosen = catalog.questionnaires.filter { questionnaireIDs.isEmpty || questionnaireIDs.contains($0.id) }
            let directory = dir ?? SessionStore.slug(name)
            let manifest = WorkshopManifest(name: name, questionnaires: chosen.map { QuestionnaireRef(id: $0.id, version: $0.version) },
                                            created: Clock.now())
            do {
                try WorkshopFolder.create(at: directory, manifest: manifest)
            } catch {
                throw Failure.cannotSave(error.description)
            }
            print("Created workshop \"\(name)\" in \(directory) (\(chosen.map(\.id).joined(separator: ", "))).")
            print("Participants answer with: \(Invocation.command) assess --workshop \(Shell.quoted(directory))")
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "status", abstract: "Who has completed, who is still in progress.")

        @Argument(help: ArgumentHelp("The workshop folder.", valueName: "dir"))
        var directory: String

        @Flag(help: "Hide names (Participant 1, 2, ...) for sharing.")
        var anonymous = false

        func run() throws {
            let manifest = try Workshop.load(directory)
            let files = try Workshop.files([directory])
            var rows: [[String]] = []
            var problems: [String] = []
            var done = 0
            for (index, file) in files.enumerated() {
                let shown = anonymous ? "session file #\(index + 1)" : file
                do {
                    let session = try SessionStore.read(path: file)
                    let name = anonymous ? "Participant \(index + 1)" : (session.respondent.name ?? "(no name)")
                    if session.status == .completed { done += 1 }
                    rows.append([name, session.respondent.level?.rawValue ?? "-",
                                 session.status == .completed ? "completed" : "in progress",
                                 String(session.answerCount), shown])
                } catch {
                    problems.append("\(shown): \(error.description.droppingPrefix(file + ": "))")
                }
            }
            print("Workshop \(manifest?.name ?? directory): \(rows.count) participant\(rows.count == 1 ? "" : "s"), \(done) completed, \(rows.count - done) in progress")
            if !rows.isEmpty {
                print(Table.render(header: ["PARTICIPANT", "LEVEL", "STATUS", "ANSWERS", "FILE"], rows: rows))
            }
            for problem in problems { complain("skipped " + problem) }
        }
    }

    struct GroupReport: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "report",
            abstract: "Group statistics, disagreements, perception gaps by level, and the group's next initiatives.")

        @Argument(help: ArgumentHelp("The workshop folder (or a folder of session files).", valueName: "dir"))
        var directory: String

        @Option(help: "text, markdown or json.")
        var format: ReportFormat = .text

        @Flag(help: "Hide names and file names for sharing.")
        var anonymous = false

        @Option(help: ArgumentHelp("Write the report to this new file instead of stdout.", valueName: "file"))
        var out: String?

        @Flag(help: "Replace the --out file if it exists.")
        var force = false

        @Option(name: .customLong("questionnaires"), help: .questionnairesFolder)
        var questionnairesDirectory: String?

        func run() throws {
            let catalog = try loadCatalog(directory: questionnairesDirectory)
            let manifest = try Workshop.load(directory)
            let expected = manifest?.questionnaires ?? catalog.questionnaires.map { QuestionnaireRef(id: $0.id, version: $0.version) }
            let files = try Workshop.files([directory])
            let workers = max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
            let round = manifest?.currentRound ?? 1
            let aggregate = WorkshopLoader.aggregate(files: files, catalog: catalog, expected: expected, workers: workers, round: round)
            var summary = aggregate.summary(name: manifest?.name ?? directory, anonymous: anonymous)
            if round > 1 {
                let first = WorkshopLoader.aggregate(files: files, catalog: catalog, expected: expected, workers: workers, round: 1)
                summary.convergence = WorkshopSummary.convergence(first: first.summary(name: summary.name, anonymous: anonymous), last: summary)
            }
            if anonymous {
                summary.skipped = summary.skipped.enumerated().map { SkippedFile(file: "session file #\($0.offset + 1)", reason: $0.element.reason) }
                summary.otherVersions = summary.otherVersions.enumerated().map { SkippedFile(file: "other-version file #\($0.offset + 1)", reason: $0.element.reason) }
            }
            let style = ReportOutput.style(toFile: out != nil)
            try ReportOutput.write(format.renderer(style: style).render(summary), to: out, force: force)
        }
    }

    struct NextRound: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "round",
            abstract: "Close the current round and open the next: participants answer again, seeing the group's answers.",
            discussion: """
                The Delphi cadence of "discuss, debate, decide": after discussing the agenda, participants \
                answer again (assess --workshop DIR); each question shows the group's answers of the round \
                before, and each participant's own answers are pre-filled. Every round's answers are new session \
                files; nothing is overwritten. The report shows the last round and how each question converged.
                """)

        @Argument(help: ArgumentHelp("The workshop folder.", valueName: "dir"))
        var directory: String

        func run() throws {
            guard try Workshop.load(directory) != nil else { throw Failure.badInput(WorkshopError.notAWorkshop(directory).description) }
            let round: Int
            do {
                round = try WorkshopFolder.openNextRound(in: directory, at: Clock.now())
            } catch {
                throw Failure.cannotSave(error.description)
            }
            print("Round \(round) is open. Participants answer again with: \(Invocation.command) assess --workshop \(Shell.quoted(directory))")
        }
    }
}

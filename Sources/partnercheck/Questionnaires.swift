import ArgumentParser
import PartnerCheckCore

struct Questionnaires: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "questionnaires",
        _superCommandName: PartnerCheck.name,
        abstract: "List the questionnaires, or check questionnaire files against the schema.",
        subcommands: [List.self, Validate.self],
        defaultSubcommand: List.self
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the available questionnaires.")

        @Option(name: .customLong("questionnaires"), help: .questionnairesFolder)
        var questionnairesDirectory: String?

        func run() throws {
            let catalog = try loadCatalog(directory: questionnairesDirectory)
            let rows = catalog.questionnaires.map { q in
                [q.id, String(q.questions.count) + (q.isPerPartner ? " per partner" : ""), q.title,
                 "\(q.source.title ?? q.source.file) (\(q.source.shortName))"]
            }
            print(Table.render(header: ["ID", "QUESTIONS", "TITLE", "SOURCE"], rows: rows))
        }
    }

    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "validate",
            abstract: "Check questionnaire files; each problem names the file, the JSON path and what is wrong.")

        @Argument(help: ArgumentHelp("Questionnaire JSON files.", valueName: "file"))
        var files: [String]

        func validate() throws {
            if files.isEmpty { throw ValidationError("Name at least one questionnaire file.") }
        }

        func run() throws {
            let loader = QuestionnaireLoader.bundled()
            var failed = false
            for file in files {
                // Every problem of the file, so one run shows all there is to fix.
                let problems = loader.problems(path: file)
                for problem in problems { complain(problem.description) }
                if !problems.isEmpty {
                    failed = true
                } else if let q = try? loader.load(path: file) {
                    print("\(file): ok (\(q.id) version \(q.version), \(q.questions.count) questions)")
                }
            }
            if failed { throw Exit.badInput }
        }
    }
}

enum Table {
    /// Left-aligned columns separated by two spaces.
    static func render(header: [String], rows: [[String]]) -> String {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[index] - cell.count)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}

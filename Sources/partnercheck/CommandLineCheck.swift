import ArgumentParser
import PartnerCheckCore

/// Slips on the command line that swift-argument-parser would answer unhelpfully: a misspelt
/// command word (which the default subcommand, assess, would otherwise take as its arguments) and a
/// misspelt option of a command whose file arguments would swallow it. Each gets "Did you mean ...?"
/// and the usage of the command meant, and exit code 64.
enum CommandLineCheck {
    static let commands: [(String, ParsableCommand.Type)] = [
        ("assess", Assess.self), ("report", Report.self), ("workshop", Workshop.self), ("export", Export.self),
        ("questionnaires", Questionnaires.self),
    ]

    /// The message for a slip, or nil when the command line is for the parser to read.
    static func problem(_ arguments: [String]) -> String? {
        guard let first = arguments.first, !first.hasPrefix("-") else { return options(arguments, command: Assess.self) }
        guard let command = commands.first(where: { $0.0 == first }) else {
            if FileIO.exists(first) { return nil }
            let near = commands.map(\.0).filter { AnswerText.distance($0, first.lowercased()) <= 2 || $0.hasPrefix(first.lowercased()) }
            let names = commands.map(\.0).joined(separator: ", ")
            guard near.count == 1, let meant = commands.first(where: { $0.0 == near[0] }) else {
                return "Unknown command '\(first)'. The commands are: \(names).\n" + PartnerCheck.usageString(for: PartnerCheck.self)
            }
            return "Unknown command '\(first)'. Did you mean '\(meant.0)'?\nUsage: " + PartnerCheck.usageString(for: meant.1)
        }
        // Subcommands of subcommands (workshop report, questionnaires validate) are the parser's.
        if command.0 == "workshop" || command.0 == "questionnaires" { return nil }
        return options(Array(arguments.dropFirst()), command: command.1)
    }

    /// An option the command does not have, with the nearest one it does.
    static func options(_ arguments: [String], command: ParsableCommand.Type) -> String? {
        let usage = PartnerCheck.usageString(for: command)
        let known = Set(usage.split(whereSeparator: { " []<>.|".contains($0) }).filter { $0.hasPrefix("--") }.map(String.init)
                        + ["--help", "--version", "--generate-completion-script", "--experimental-dump-help"])
        for argument in arguments {
            if argument == "--" { break }
            guard argument.hasPrefix("--") else { continue }
            let name = String(argument.prefix { $0 != "=" })
            if known.contains(name) { continue }
            let nearest = known.min { AnswerText.distance($0, name) < AnswerText.distance($1, name) }
            let hint = nearest.flatMap { AnswerText.distance($0, name) <= 2 ? " Did you mean '\($0)'?" : nil } ?? ""
            return "Unknown option '\(name)'.\(hint)\nUsage: " + usage
        }
        return nil
    }
}

import Foundation
import PartnerCheckCore
import PartnerCheckTerminal

/// Keeps every saved copy in memory; can be told to fail some saves.
final class MemorySaver: SessionSaver {
    var path: String? = nil
    var saves: [Session] = []
    /// Saves with these numbers (1-based) throw "No space left on device".
    var failing: Set<Int> = []
    var relocations: [String] = []
    private var attempts = 0

    func save(_ session: Session) throws(SessionFileError) {
        attempts += 1
        if failing.contains(attempts) {
            throw .io(FileIOError(path: path ?? "memory.json", operation: "write", code: ENOSPC))
        }
        if path == nil { path = "memory.json" }
        saves.append(session)
    }

    func relocate(to path: String) throws(SessionFileError) {
        relocations.append(path)
        self.path = path
    }
}

struct Run {
    var outcome: ConversationOutcome
    var session: Session
    var output: String
    var reader: ScriptedLineReader
    var saver: MemorySaver
}

enum Harness {
    static var catalog: QuestionnaireCatalog { try! QuestionnaireLoader.loadBundled() }

    /// A fixed clock: each call is one second later.
    static func clock() -> () -> String {
        var tick = 0
        return {
            tick += 1
            return String(format: "2026-11-25T10:%02d:%02dZ", tick / 60, tick % 60)
        }
    }

    static func run(_ lines: [String], questionnaires: [String]? = ["healthy-ecosystem"], interactive: Bool = false,
                    askRespondent: Bool = false, style: Style = .plain, then final: LineInput = .end,
                    saver: MemorySaver = MemorySaver(), resuming: Session? = nil) -> Run {
        let reader = ScriptedLineReader(lines, then: final)
        let sink = StringSink()
        let options = ConversationOptions(interactive: interactive, style: style, questionnaires: questionnaires,
                                          askRespondent: askRespondent)
        let conversation: Conversation
        if let resuming {
            conversation = Conversation(resuming: resuming, catalog: catalog, reader: reader, output: sink, saver: saver,
                                        options: options, now: clock())
        } else {
            conversation = Conversation(catalog: catalog, reader: reader, output: sink, saver: saver, options: options,
                                        sessionID: "test-session", now: clock())
        }
        let outcome = conversation.run()
        return Run(outcome: outcome, session: conversation.session, output: sink.text, reader: reader, saver: saver)
    }
}

extension Session {
    /// value or status of each answer, by question id, across all rounds.
    var given: [String: String] {
        var out: [String: String] = [:]
        for round in rounds {
            for answer in round.answers {
                let key = round.partner.map { "\($0)/\(answer.question)" } ?? answer.question
                switch answer.status {
                case .answered: out[key] = answer.value?.typed
                case .unknown: out[key] = "unknown"
                case .skipped: out[key] = "skipped"
                }
            }
        }
        return out
    }
}

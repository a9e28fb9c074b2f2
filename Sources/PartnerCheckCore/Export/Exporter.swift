/// Turns sessions into rows for analysis: long (one row per answer) or wide (one row per
/// session, or per session and partnership, one column per question).
///
/// A multiple question's answer is one row in the long layout, its value the chosen option keys
/// joined by ";" ("a;c"; empty for "none", with the label "none"); in JSONL an array of keys. The
/// wide layout gives it one column per option, "questionnaire.question.key", 1 when chosen and 0
/// when not (empty when the question has no answer).
public struct Exporter: Sendable {
    public enum Layout: String, Sendable, CaseIterable { case long, wide }
    public enum Format: String, Sendable, CaseIterable { case csv, jsonl }

    public static let longColumns = [
        "session_id", "respondent", "level", "organisation", "partner", "side", "questionnaire", "questionnaire_version",
        "question", "question_text", "status", "value", "label", "score", "note", "answered_at",
    ]
    public static let wideFixedColumns = ["session_id", "respondent", "level", "organisation", "status", "updated_at", "partner", "side"]

    public let catalog: QuestionnaireCatalog
    public let layout: Layout
    public let format: Format
    /// Question columns of the wide layout: "questionnaire.question" for every question of the
    /// catalog ("questionnaire.question.key" per option of a multiple question).
    public let wideQuestions: [(Questionnaire, Question)]

    public init(catalog: QuestionnaireCatalog, layout: Layout, format: Format) {
        self.catalog = catalog
        self.layout = layout
        self.format = format
        wideQuestions = catalog.questionnaires.flatMap { q in q.questions.map { (q, $0) } }
    }

    public var header: String {
        switch (format, layout) {
        case (.csv, .long): return CSV.record(Self.longColumns)
        case (.csv, .wide):
            return CSV.record(Self.wideFixedColumns + wideQuestions.flatMap { q, question in
                question.kind == .multiple ? (question.options ?? []).map { "\(q.id).\(question.id).\($0.key)" } : ["\(q.id).\(question.id)"]
            })
        case (.jsonl, _): return ""
        }
    }

    private static func score(_ value: Double?) -> String {
        guard let value else { return "" }
        let rounded = (value * 100).rounded() / 100
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }

    /// The rows for one session, already formatted.
    public func rows(_ session: Session, anonymousLabel: String? = nil) -> String {
        var bytes: [UInt8] = []
        append(session, anonymousLabel: anonymousLabel, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the rows for one session to a byte buffer.
    public func append(_ session: Session, anonymousLabel: String? = nil, to bytes: inout [UInt8]) {
        let name = anonymousLabel ?? session.respondent.name ?? ""
        let redaction = anonymousLabel.map { NameRedaction(name: session.respondent.name, label: $0) }
        switch layout {
        case .long: longRows(session, name: name, redaction: redaction, into: &bytes)
        case .wide: wideRows(session, name: name, into: &bytes)
        }
    }

    private func longRows(_ session: Session, name: String, redaction: NameRedaction?, into out: inout [UInt8]) {
        for round in session.rounds {
            let questionnaire = catalog.questionnaires.first { $0.id == round.questionnaire }
            for answer in round.answers {
                let question = questionnaire?.question(answer.question)
                // An answer left behind when an earlier answer changed so that its question is no longer asked.
                if let questionnaire, let question, !questionnaire.isAsked(question, in: round) { continue }
                let note = answer.note.map { redaction?.redact($0) ?? $0 }
                let score = question.flatMap { q in questionnaire.flatMap { Scorer.score(answer, for: q, in: $0) } }
                let value: String
                switch answer.value {
                case .number(let n)?: value = String(n)
                case .text(let t)?: value = t
                case .choices(let keys)?: value = keys.joined(separator: ";")
                case nil: value = ""
                }
                switch format {
                case .csv:
                    CSV.append(record: [
                        session.id, CSV.neutralised(name), session.respondent.level?.rawValue ?? "",
                        CSV.neutralised(session.respondent.organisation ?? ""), CSV.neutralised(round.partner ?? ""),
                        round.side?.rawValue ?? "", round.questionnaire, String(round.version), answer.question,
                        CSV.neutralised(answer.questionText), answer.status.rawValue, CSV.neutralised(value),
                        CSV.neutralised(answer.label ?? ""), Self.score(score), CSV.neutralised(note ?? ""), answer.answeredAt,
                    ], to: &out)
                case .jsonl:
                    // Written straight into the buffer: building each line from strings was most of its time.
                    func key(_ name: StaticString) {
                        name.withUTF8Buffer { out.append(contentsOf: $0) }
                    }
                    func text(_ value: String?) {
                        if let value { JSONText.append(string: value, to: &out) } else { key("null") }
                    }
                    key("{\"session_id\":"); text(session.id)
                    key(",\"respondent\":"); text(name.isEmpty ? nil : name)
                    key(",\"level\":"); text(session.respondent.level?.rawValue)
                    key(",\"organisation\":"); text(session.respondent.organisation)
                    key(",\"partner\":"); text(round.partner)
                    key(",\"side\":"); text(round.side?.rawValue)
                    key(",\"questionnaire\":"); text(round.questionnaire)
                    key(",\"questionnaire_version\":"); out.append(contentsOf: String(round.version).utf8)
                    key(",\"question\":"); text(answer.question)
                    key(",\"question_text\":"); text(answer.questionText)
                    key(",\"status\":"); text(answer.status.rawValue)
                    key(",\"value\":")
                    switch answer.value {
                    case .number(let n)?: out.append(contentsOf: String(n).utf8)
                    case .text(let t)?: text(t)
                    case .choices(let keys)?:
                        out.append(UInt8(ascii: "["))
                        for (index, choice) in keys.enumerated() {
                            if index > 0 { out.append(UInt8(ascii: ",")) }
                            text(choice)
                        }
                        out.append(UInt8(ascii: "]"))
                    case nil: key("null")
                    }
                    key(",\"label\":"); text(answer.label)
                    key(",\"score\":")
                    if let score { out.append(contentsOf: Self.score(score).utf8) } else { key("null") }
                    key(",\"note\":"); text(note)
                    key(",\"answered_at\":"); text(answer.answeredAt)
                    key("}\n")
                }
            }
        }
    }

    private func wideRows(_ session: Session, name: String, into out: inout [UInt8]) {
        let partnerRounds = session.rounds.filter { $0.partner != nil }
        let shared = session.rounds.filter { $0.partner == nil }
        let groups: [Round?] = partnerRounds.isEmpty ? [nil] : partnerRounds.map { Optional($0) }
        for partnerRound in groups {
            var cells = [session.id, CSV.neutralised(name), session.respondent.level?.rawValue ?? "",
                         CSV.neutralised(session.respondent.organisation ?? ""), session.status.rawValue, session.updatedAt,
                         CSV.neutralised(partnerRound?.partner ?? ""), partnerRound?.side?.rawValue ?? ""]
            for (questionnaire, question) in wideQuestions {
                let round = questionnaire.isPerPartner ? (partnerRound?.questionnaire == questionnaire.id ? partnerRound : nil)
                    : shared.first { $0.questionnaire == questionnaire.id }
                let asked = round.map { questionnaire.isAsked(question, in: $0) } ?? false
                let answer = asked ? round?.answer(question.id) : nil
                if question.kind == .multiple {
                    let chosen: [String]? = if answer?.status == .answered, case .choices(let keys)? = answer?.value { keys } else { nil }
                    for option in question.options ?? [] {
                        cells.append(chosen.map { $0.contains(option.key) ? "1" : "0" } ?? "")
                    }
                    continue
                }
                switch answer?.value {
                case .number(let n)? where answer?.status == .answered: cells.append(String(n))
                case .text(let t)? where answer?.status == .answered: cells.append(CSV.neutralised(t))
                default: cells.append("")
                }
            }
            CSV.append(record: cells, to: &out)
        }
    }
}

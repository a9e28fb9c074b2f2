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
        // Written straight into the buffer, and what every row of a session (then of a round) repeats
        // is written once and copied: building each row from strings was most of an export's time.
        func csv(_ field: String, neutralised: Bool = false, last: Bool = false, into bytes: inout [UInt8]) {
            CSV.append(field: field, neutralised: neutralised, to: &bytes)
            bytes.append(last ? 0x0D : UInt8(ascii: ","))
            if last { bytes.append(0x0A) }
        }
        func key(_ name: StaticString, into bytes: inout [UInt8]) {
            name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        }
        func text(_ value: String?, into bytes: inout [UInt8]) {
            if let value { JSONText.append(string: value, to: &bytes) } else { key("null", into: &bytes) }
        }
        out.reserveCapacity(out.count + 16_384)
        var sessionFields: [UInt8] = []
        switch format {
        case .csv:
            csv(session.id, into: &sessionFields)
            csv(name, neutralised: true, into: &sessionFields)
            csv(session.respondent.level?.rawValue ?? "", into: &sessionFields)
            csv(session.respondent.organisation ?? "", neutralised: true, into: &sessionFields)
        case .jsonl:
            key("{\"session_id\":", into: &sessionFields); text(session.id, into: &sessionFields)
            key(",\"respondent\":", into: &sessionFields); text(name.isEmpty ? nil : name, into: &sessionFields)
            key(",\"level\":", into: &sessionFields); text(session.respondent.level?.rawValue, into: &sessionFields)
            key(",\"organisation\":", into: &sessionFields); text(session.respondent.organisation, into: &sessionFields)
        }
        for round in session.rounds {
            let questionnaire = catalog.questionnaires.firstIndex { $0.id == round.questionnaire }.map { catalog.questionnaires[$0] }
            var roundFields = sessionFields
            switch format {
            case .csv:
                csv(round.partner ?? "", neutralised: true, into: &roundFields)
                csv(round.side?.rawValue ?? "", into: &roundFields)
                csv(round.questionnaire, into: &roundFields)
                csv(String(round.version), into: &roundFields)
            case .jsonl:
                key(",\"partner\":", into: &roundFields); text(round.partner, into: &roundFields)
                key(",\"side\":", into: &roundFields); text(round.side?.rawValue, into: &roundFields)
                key(",\"questionnaire\":", into: &roundFields); text(round.questionnaire, into: &roundFields)
                key(",\"questionnaire_version\":", into: &roundFields); roundFields.append(contentsOf: String(round.version).utf8)
            }
            for (position, answer) in round.answers.enumerated() {
                var score: Double? = nil
                // Answers are saved in question order: look there first.
                if let questionnaire, let index = position < questionnaire.questions.count && questionnaire.questions[position].id == answer.question
                    ? position : questionnaire.questions.firstIndex(where: { $0.id == answer.question }) {
                    // An answer left behind when an earlier answer changed so that its question is no longer asked.
                    if questionnaire.questions[index].askIf != nil && !questionnaire.isAsked(questionnaire.questions[index], in: round) { continue }
                    score = Scorer.score(answer, for: questionnaire.questions[index], in: questionnaire)
                }
                let note = answer.note.map { redaction?.redact($0) ?? $0 }
                out.append(contentsOf: roundFields)
                switch format {
                case .csv:
                    let value: String
                    switch answer.value {
                    case .number(let n)?: value = String(n)
                    case .text(let t)?: value = t
                    case .choices(let keys)?: value = keys.joined(separator: ";")
                    case nil: value = ""
                    }
                    csv(answer.question, into: &out)
                    csv(answer.questionText, neutralised: true, into: &out)
                    csv(answer.status.rawValue, into: &out)
                    csv(value, neutralised: true, into: &out)
                    csv(answer.label ?? "", neutralised: true, into: &out)
                    csv(Self.score(score), into: &out)
                    csv(note ?? "", neutralised: true, into: &out)
                    csv(answer.answeredAt, last: true, into: &out)
                case .jsonl:
                    key(",\"question\":", into: &out); text(answer.question, into: &out)
                    key(",\"question_text\":", into: &out); text(answer.questionText, into: &out)
                    key(",\"status\":", into: &out); text(answer.status.rawValue, into: &out)
                    key(",\"value\":", into: &out)
                    switch answer.value {
                    case .number(let n)?: out.append(contentsOf: String(n).utf8)
                    case .text(let t)?: text(t, into: &out)
                    case .choices(let keys)?:
                        out.append(UInt8(ascii: "["))
                        for (index, choice) in keys.enumerated() {
                            if index > 0 { out.append(UInt8(ascii: ",")) }
                            text(choice, into: &out)
                        }
                        out.append(UInt8(ascii: "]"))
                    case nil: key("null", into: &out)
                    }
                    key(",\"label\":", into: &out); text(answer.label, into: &out)
                    key(",\"score\":", into: &out)
                    if let score { out.append(contentsOf: Self.score(score).utf8) } else { key("null", into: &out) }
                    key(",\"note\":", into: &out); text(note, into: &out)
                    key(",\"answered_at\":", into: &out); text(answer.answeredAt, into: &out)
                    key("}\n", into: &out)
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

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
    /// The catalog's questionnaires, fetched once, and each question's `ScoringRule`.
    private let questionnaires: [Questionnaire]
    private let rules: [[ScoringRule]]
    /// Each question's id and text as a long row writes them (`,"question":"…","question_text":"…"`
    /// or `id,text,`), made once, and the text as the catalog words it: an answer to the question
    /// asked in those words has them copied, not written field by field. Nil for a question whose
    /// text names the partner.
    private let questionFields: [[(fields: [UInt8], text: [UInt8])?]]

    public init(catalog: QuestionnaireCatalog, layout: Layout, format: Format) {
        self.catalog = catalog
        self.layout = layout
        self.format = format
        questionnaires = catalog.questionnaires
        wideQuestions = questionnaires.flatMap { q in q.questions.map { (q, $0) } }
        rules = questionnaires.map { q in q.questions.map { ScoringRule($0, in: q) } }
        questionFields = questionnaires.map { q in
            q.questions.map { question -> (fields: [UInt8], text: [UInt8])? in
                guard layout == .long, question.text(partner: "\u{1}") == question.text else { return nil }
                var bytes = ByteBuffer()
                switch format {
                case .csv:
                    Self.csv(question.id, into: &bytes)
                    Self.csv(question.text, neutralised: true, into: &bytes)
                case .jsonl:
                    bytes.append(",\"question\":" as StaticString); Self.text(question.id, into: &bytes)
                    bytes.append(",\"question_text\":" as StaticString); Self.text(question.text, into: &bytes)
                }
                return (bytes.array, Array(question.text.utf8))
            }
        }
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

    /// A score to two decimals, a whole one without a point ("75", "56.52"), written in place.
    private static func append(score value: Double, to bytes: inout ByteBuffer) {
        let rounded = (value * 100).rounded() / 100
        if rounded == rounded.rounded() { JSONText.append(integer: Int(rounded), to: &bytes) } else { bytes.append(String(rounded)) }
    }

    /// The rows for one session, already formatted.
    public func rows(_ session: Session, anonymousLabel: String? = nil) -> String {
        var bytes = ByteBuffer()
        append(session, anonymousLabel: anonymousLabel, to: &bytes)
        return bytes.string
    }

    /// Appends the rows for one session to a byte buffer.
    public func append(_ session: Session, anonymousLabel: String? = nil, to bytes: inout ByteBuffer) {
        let name = anonymousLabel ?? session.respondent.name ?? ""
        let redaction = anonymousLabel.map { NameRedaction(name: session.respondent.name, label: $0) }
        switch layout {
        case .long: longRows(session, name: name, redaction: redaction, into: &bytes)
        case .wide: wideRows(session, name: name, into: &bytes)
        }
    }

    private func longRows(_ session: Session, name: String, redaction: NameRedaction?, into out: inout ByteBuffer) {
        // Written straight into the buffer, and what every row of a session (then of a round) repeats
        // is written once and copied: building each row from strings was most of an export's time.
        // Rounds, answers and questions are read where they lie, not copied out (a copy of an answer
        // retains each of its strings, and releases them after).
        var prefix = ByteBuffer(capacity: 256)
        switch format {
        case .csv:
            Self.csv(session.id, into: &prefix)
            Self.csv(name, neutralised: true, into: &prefix)
            Self.csv(session.respondent.level?.rawValue ?? "", into: &prefix)
            Self.csv(session.respondent.organisation ?? "", neutralised: true, into: &prefix)
        case .jsonl:
            prefix.append("{\"session_id\":" as StaticString); Self.text(session.id, into: &prefix)
            prefix.append(",\"respondent\":" as StaticString); Self.text(name.isEmpty ? nil : name, into: &prefix)
            prefix.append(",\"level\":" as StaticString); Self.text(session.respondent.level?.rawValue, into: &prefix)
            prefix.append(",\"organisation\":" as StaticString); Self.text(session.respondent.organisation, into: &prefix)
        }
        let sessionPrefix = prefix.count
        session.rounds.withUnsafeBufferPointer { rounds in
            for round in rounds.indices {
                prefix.shorten(to: sessionPrefix)
                switch format {
                case .csv:
                    Self.csv(rounds[round].partner ?? "", neutralised: true, into: &prefix)
                    Self.csv(rounds[round].side?.rawValue ?? "", into: &prefix)
                    Self.csv(rounds[round].questionnaire, into: &prefix)
                    Self.csv(String(rounds[round].version), into: &prefix)
                case .jsonl:
                    prefix.append(",\"partner\":" as StaticString); Self.text(rounds[round].partner, into: &prefix)
                    prefix.append(",\"side\":" as StaticString); Self.text(rounds[round].side?.rawValue, into: &prefix)
                    prefix.append(",\"questionnaire\":" as StaticString); Self.text(rounds[round].questionnaire, into: &prefix)
                    prefix.append(",\"questionnaire_version\":" as StaticString); prefix.append(String(rounds[round].version))
                }
                // Borrowed where they lie, never copied: a copy is a retain of each of its strings, and the
                // catalog's are shared by every core, so those retains are contended.
                let questionnaire = questionnaires.indices.first { questionnaires[$0].id == rounds[round].questionnaire }
                let questions = questionnaire.map { questionnaires[$0].questions } ?? []
                rounds[round].answers.withUnsafeBufferPointer { answers in
                    for position in answers.indices {
                        let answer = answers.baseAddress! + position
                        var score: Double? = nil
                        var known: (questionnaire: Int, question: Int)? = nil
                        if let questionnaire {
                            // Answers are saved in question order: look there first.
                            if let index = position < questions.count && questions[position].id == answer.pointee.question
                                ? position : questions.indices.first(where: { questions[$0].id == answer.pointee.question }) {
                                // An answer left behind when an earlier answer changed so that its question is no longer asked.
                                if questions[index].askIf != nil && !questionnaires[questionnaire].isAsked(questions[index], in: rounds[round]) {
                                    continue
                                }
                                score = Scorer.score(answer.pointee.status, answer.pointee.value, by: rules[questionnaire][index])
                                known = (questionnaire, index)
                            }
                        }
                        row(answer, score: score, known: known, prefix: prefix, redaction: redaction, into: &out)
                    }
                }
            }
        }
    }

    /// A CSV field and the comma after it.
    private static func csv(_ field: String, neutralised: Bool = false, into bytes: inout ByteBuffer) {
        CSV.append(field: field, neutralised: neutralised, to: &bytes)
        bytes.append(UInt8(ascii: ","))
    }

    /// A JSON string, or null.
    private static func text(_ value: String?, into bytes: inout ByteBuffer) {
        if let value { JSONText.append(string: value, to: &bytes) } else { bytes.append("null" as StaticString) }
    }

    /// The question's id and text fields, made once, when the answer's question was asked in the
    /// catalog's words (compared as bytes); else nil.
    private func questionFields(_ answer: UnsafePointer<Answer>, _ known: (questionnaire: Int, question: Int)?) -> [UInt8]? {
        guard let known, let made = questionFields[known.questionnaire][known.question] else { return nil }
        return made.text.withUnsafeBufferPointer { answer.pointee.questionText.utf8Equals($0) } ? made.fields : nil
    }

    /// One answer's row after the fields its session and round share (`prefix`).
    private func row(_ answer: UnsafePointer<Answer>, score: Double?, known: (questionnaire: Int, question: Int)?,
                     prefix: borrowing ByteBuffer, redaction: NameRedaction?, into out: inout ByteBuffer) {
        out.append(prefix)
        let note = redaction.map { redaction in answer.pointee.note.map { redaction.redact($0) } } ?? answer.pointee.note
        switch format {
        case .csv:
            if let fields = questionFields(answer, known) {
                fields.withUnsafeBufferPointer { out.append($0) }
            } else {
                Self.csv(answer.pointee.question, into: &out)
                Self.csv(answer.pointee.questionText, neutralised: true, into: &out)
            }
            Self.csv(answer.pointee.status.rawValue, into: &out)
            switch answer.pointee.value {
            case .number(let n)?:
                // Written in place, and never neutralised: a number is not a formula, and "-3" stays a
                // number for pandas and Excel (the wide layout wrote it so already).
                JSONText.append(integer: n, to: &out)
                out.append(UInt8(ascii: ","))
            case .text(let t)?: Self.csv(t, neutralised: true, into: &out)
            case .choices(let keys)?: Self.csv(keys.joined(separator: ";"), neutralised: true, into: &out)
            case nil: out.append(UInt8(ascii: ","))
            }
            Self.csv(answer.pointee.label ?? "", neutralised: true, into: &out)
            if let score { Self.append(score: score, to: &out) }
            out.append(UInt8(ascii: ","))
            Self.csv(note ?? "", neutralised: true, into: &out)
            CSV.append(field: answer.pointee.answeredAt, to: &out)
            out.append(0x0D, 0x0A)
        case .jsonl:
            if let fields = questionFields(answer, known) {
                fields.withUnsafeBufferPointer { out.append($0) }
            } else {
                out.append(",\"question\":" as StaticString); Self.text(answer.pointee.question, into: &out)
                out.append(",\"question_text\":" as StaticString); Self.text(answer.pointee.questionText, into: &out)
            }
            switch answer.pointee.status {
            case .answered: out.append(",\"status\":\"answered\",\"value\":" as StaticString)
            case .unknown: out.append(",\"status\":\"unknown\",\"value\":" as StaticString)
            case .skipped: out.append(",\"status\":\"skipped\",\"value\":" as StaticString)
            }
            switch answer.pointee.value {
            case .number(let n)?: JSONText.append(integer: n, to: &out)
            case .text(let t)?: Self.text(t, into: &out)
            case .choices(let keys)?:
                out.append(UInt8(ascii: "["))
                for (index, choice) in keys.enumerated() {
                    if index > 0 { out.append(UInt8(ascii: ",")) }
                    Self.text(choice, into: &out)
                }
                out.append(UInt8(ascii: "]"))
            case nil: out.append("null" as StaticString)
            }
            out.append(",\"label\":" as StaticString); Self.text(answer.pointee.label, into: &out)
            out.append(",\"score\":" as StaticString)
            if let score { Self.append(score: score, to: &out) } else { out.append("null" as StaticString) }
            out.append(",\"note\":" as StaticString); Self.text(note, into: &out)
            out.append(",\"answered_at\":" as StaticString); Self.text(answer.pointee.answeredAt, into: &out)
            out.append(UInt8(ascii: "}"), UInt8(ascii: "\n"))
        }
    }

    private func wideRows(_ session: Session, name: String, into out: inout ByteBuffer) {
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

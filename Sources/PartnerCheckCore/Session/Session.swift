/// The value given for a question: a number on a rating scale, text (a choice key, "yes"/"no",
/// or free text), or the option keys chosen at a multiple question (empty for "none"). Stored
/// in JSON as a number, a string or an array of strings.
public enum AnswerValue: Encodable, Sendable, Equatable, Hashable {
    case number(Int)
    case text(String)
    case choices([String])

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .number(let n): try container.encode(n)
        case .text(let s): try container.encode(s)
        case .choices(let keys): try container.encode(keys)
        }
    }

    /// The value as a person types it back: "4", "b", "yes", "a, c", "none" or the text.
    public var typed: String {
        switch self {
        case .number(let n): String(n)
        case .text(let s): s
        case .choices(let keys): keys.isEmpty ? "none" : keys.joined(separator: ", ")
        }
    }
}

public enum AnswerStatus: String, Encodable, Sendable, Equatable, CaseIterable {
    case answered
    /// "Don't know": kept as unknown, never counted as a low score.
    case unknown
    case skipped
}

/// One recorded answer.
public struct Answer: Encodable, Sendable, Equatable {
    public var question: String
    /// The question as it was asked, so a later version of the questionnaire cannot change its meaning.
    public var questionText: String
    public var status: AnswerStatus
    public var value: AnswerValue?
    public var label: String?
    public var note: String?
    public var answeredAt: String

    public init(question: String, questionText: String, status: AnswerStatus, value: AnswerValue? = nil,
                label: String? = nil, note: String? = nil, answeredAt: String) {
        self.question = question
        self.questionText = questionText
        self.status = status
        self.value = value
        self.label = label
        self.note = note
        self.answeredAt = answeredAt
    }

    /// What the answer looks like in a recap: "agree (4)", "don't know", "skipped".
    public var summary: String {
        switch status {
        case .skipped: return "skipped"
        case .unknown: return "don't know"
        case .answered:
            guard let value else { return "" }
            switch value {
            case .number(let n): return "\(label ?? String(n)) (\(n))"
            case .text(let s): return label.map { $0 == s ? s : "\(s)) \($0)" } ?? s
            case .choices(let keys): return keys.isEmpty ? "none" : label.map { "\(keys.joinedText(separator: ", ")): \($0)" } ?? keys.joinedText(separator: ", ")
            }
        }
    }
}

public enum Level: String, Encodable, Sendable, Equatable, CaseIterable {
    case executive, management, field
}

public enum Side: String, Encodable, Sendable, Equatable, CaseIterable {
    /// Answered from our company's side of the partnership.
    case ours
    /// Answered from the partner's side.
    case partner
}

public struct Respondent: Encodable, Sendable, Equatable {
    public var name: String?
    public var level: Level?
    public var organisation: String?

    public init(name: String? = nil, level: Level? = nil, organisation: String? = nil) {
        self.name = name
        self.level = level
        self.organisation = organisation
    }
}

public struct QuestionnaireRef: Encodable, Sendable, Equatable {
    public var id: String
    public var version: Int

    public init(id: String, version: Int) {
        self.id = id
        self.version = version
    }
}

/// The answers to one questionnaire; per-partner questionnaires have one round per partner.
public struct Round: Encodable, Sendable, Equatable {
    public var questionnaire: String
    public var version: Int
    public var partner: String?
    public var side: Side?
    public var answers: [Answer]

    public init(questionnaire: String, version: Int, partner: String? = nil, side: Side? = nil, answers: [Answer] = []) {
        self.questionnaire = questionnaire
        self.version = version
        self.partner = partner
        self.side = side
        self.answers = answers
    }

    public func answer(_ question: String) -> Answer? {
        answers.first { $0.question == question }
    }

    /// Records an answer, replacing any earlier one to the same question.
    public mutating func record(_ answer: Answer) {
        if let index = answers.firstIndex(where: { $0.question == answer.question }) {
            answers[index] = answer
        } else {
            answers.append(answer)
        }
    }
}

public enum SessionStatus: String, Encodable, Sendable, Equatable, CaseIterable {
    case inProgress = "in-progress"
    case completed
}

/// Everything one respondent has said, as saved after every answer.
public struct Session: Encodable, Sendable, Equatable {
    public static let schemaName = "partnercheck-session"
    public static let currentSchemaVersion = 1

    public var schema: String
    public var schemaVersion: Int
    public var id: String
    public var status: SessionStatus
    public var createdAt: String
    public var updatedAt: String
    public var completedAt: String?
    public var respondent: Respondent
    /// The questionnaires chosen for this session, in the order they are asked.
    public var questionnaires: [QuestionnaireRef]
    /// Questionnaires the respondent has finished (all questions visited, ambition asked).
    public var finished: [String]
    /// Target level per questionnaire id, on the questionnaire's ambition scale.
    public var ambitions: [String: Int]
    public var rounds: [Round]
    /// The workshop this session belongs to, if any.
    public var workshop: String?
    /// The workshop's Delphi round this session answers (nil: the first). A later round's answers
    /// are a new session, so nothing of an earlier round is ever overwritten.
    public var workshopRound: Int?

    public init(id: String, createdAt: String, respondent: Respondent = Respondent(), questionnaires: [QuestionnaireRef]) {
        self.schema = Self.schemaName
        self.schemaVersion = Self.currentSchemaVersion
        self.id = id
        self.status = .inProgress
        self.createdAt = createdAt
        self.updatedAt = createdAt
        self.respondent = respondent
        self.questionnaires = questionnaires
        self.finished = []
        self.ambitions = [:]
        self.rounds = []
    }

    public var answerCount: Int { rounds.reduce(0) { $0 + $1.answers.count } }
}

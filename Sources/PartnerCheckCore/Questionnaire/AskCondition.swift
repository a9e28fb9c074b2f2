/// When a question is asked: only if an earlier answer of the same round meets this condition
/// (as FHIR's enableWhen or SurveyJS's visibleIf). An earlier answer that is "don't know",
/// skipped, missing or itself not asked never meets it.
public struct AskCondition: Encodable, Sendable, Equatable {
    /// The earlier question whose answer decides.
    public var question: String
    /// The answer is one of these values (a scale point, an option key, "yes" or "no").
    public var values: [AnswerValue]?
    /// A rating at least this scale point...
    public var atLeast: Int?
    /// ...or at most this one.
    public var atMost: Int?
    /// A multiple-choice answer that includes this option key.
    public var includes: String?

    enum CodingKeys: String, CodingKey {
        case question, values = "is", atLeast, atMost, includes
    }

    public init(question: String, values: [AnswerValue]? = nil, atLeast: Int? = nil, atMost: Int? = nil, includes: String? = nil) {
        self.question = question
        self.values = values
        self.atLeast = atLeast
        self.atMost = atMost
        self.includes = includes
    }

    /// Whether `answer` meets every part of the condition.
    public func isMet(by answer: Answer?) -> Bool {
        guard let answer, answer.status == .answered, let value = answer.value else { return false }
        if let values, !values.contains(value) { return false }
        if atLeast != nil || atMost != nil {
            guard case .number(let n) = value else { return false }
            if let atLeast, n < atLeast { return false }
            if let atMost, n > atMost { return false }
        }
        if let includes {
            guard case .choices(let keys) = value, keys.contains(includes) else { return false }
        }
        return true
    }

    /// The condition in words, for reports and `why`: "asked when ... is yes".
    public func describe(in questionnaire: Questionnaire) -> String {
        let question = questionnaire.question(self.question)
        var parts: [String] = []
        if let values {
            let words = values.map { value -> String in
                if case .number(let n) = value, let q = question, let point = questionnaire.scale(for: q)?.point(n) { return point.label }
                if case .text(let key) = value, let label = question?.options?.first(where: { $0.key == key })?.label { return label }
                return value.typed
            }
            parts.append("is " + words.joined(separator: " or "))
        }
        if let atLeast { parts.append("is at least \(atLeast)") }
        if let atMost { parts.append("is at most \(atMost)") }
        if let includes { parts.append("includes \"\(question?.options?.first { $0.key == includes }?.label ?? includes)\"") }
        return "the answer to \"\(self.question)\" " + parts.joined(separator: " and ")
    }
}

extension Questionnaire {
    /// Whether `question` is asked, given the answers so far: its condition (and that of the
    /// question the condition reads, and so on) is met. Questions without a condition always are.
    public func isAsked(_ question: Question, answers: (String) -> Answer?) -> Bool {
        var current = question
        // The chain seen so far, to stop at a cycle: a list (a chain is short; a Set<String> would cost
        // the Swift runtime a scan of every conformance in the program the first time, see JourneyPlacer).
        var seen: [String] = [question.id]
        while let condition = current.askIf {
            guard condition.isMet(by: answers(condition.question)),
                  let earlier = self.question(condition.question), !seen.contains(earlier.id) else { return false }
            seen.append(earlier.id)
            current = earlier
        }
        return true
    }

    public func isAsked(_ question: Question, in round: Round) -> Bool {
        question.askIf == nil || isAsked(question) { round.answer($0) }
    }
}

/// Compares a saved session with the questionnaires available now, so that resuming against
/// a changed questionnaire says what changed instead of misreading answers.
public struct SessionCompatibility: Sendable, Equatable {
    /// Changes that make saved answers unsafe to reuse; resuming must stop.
    public var conflicts: [String]
    /// Changes that leave every saved answer meaningful (e.g. a new question was added).
    public var notices: [String]

    public var isCompatible: Bool { conflicts.isEmpty }

    public init(session: Session, catalog: QuestionnaireCatalog) {
        var conflicts: [String] = []
        var notices: [String] = []
        for ref in session.questionnaires {
            guard let current = catalog.questionnaires.first(where: { $0.id == ref.id }) else {
                conflicts.append("questionnaire \"\(ref.id)\" (version \(ref.version)) is not available any more")
                continue
            }
            var changed: [String] = []
            for round in session.rounds where round.questionnaire == ref.id {
                for answer in round.answers {
                    guard let question = current.question(answer.question) else {
                        changed.append("question \"\(answer.question)\" was removed")
                        continue
                    }
                    let asked = question.text(partner: round.partner)
                    // The text as saved is the text as asked: compare exactly first, forgivingly only if that fails.
                    if asked != answer.questionText && AnswerText.normalise(asked) != AnswerText.normalise(answer.questionText) {
                        changed.append("question \"\(answer.question)\" was reworded")
                        continue
                    }
                    if answer.status == .answered, let value = answer.value {
                        if Self.labelStillFits(value, answer.label, question, current) { continue }
                        let parser = AnswerParser(question: question, in: current)
                        if case .value(let again, let label, _) = parser.parse(value.typed), again == value,
                           label.map(AnswerText.normalise) == answer.label.map(AnswerText.normalise) {
                            continue
                        }
                        if question.kind != .text {
                            changed.append("the answer \"\(answer.summary)\" to \"\(answer.question)\" no longer means the same")
                        }
                    }
                }
            }
            // A list: a questionnaire's few questions (see JourneyPlacer on why not a Set).
            let answered = session.rounds.filter { $0.questionnaire == ref.id }.flatMap { $0.answers.map(\.question) }
            let added = current.questions.map(\.id).filter { !answered.contains($0) && !session.finished.contains(ref.id) }
            if ref.version != current.version {
                let header = "questionnaire \"\(ref.id)\" changed from version \(ref.version) to \(current.version)"
                if changed.isEmpty {
                    notices.append(header + "; your answers still fit it" + (added.isEmpty ? "" : " (\(added.count) question\(added.count == 1 ? "" : "s") still to answer)"))
                } else {
                    conflicts.append(header + ": " + changed.joinedText(separator: "; "))
                }
            } else if !changed.isEmpty {
                conflicts.append("questionnaire \"\(ref.id)\" version \(ref.version) differs from the one these answers were given to: " + changed.joinedText(separator: "; "))
            }
        }
        self.conflicts = conflicts
        self.notices = notices
    }

    /// The common case, without parsing: the saved value still has exactly the saved label.
    /// Anything else goes through the answer parser, which forgives case and spacing.
    static func labelStillFits(_ value: AnswerValue, _ label: String?, _ question: Question, _ questionnaire: Questionnaire) -> Bool {
        switch (question.kind, value) {
        case (.rating, .number(let n)):
            return label != nil && questionnaire.scale(for: question)?.point(n)?.label == label
        case (.choice, .text(let key)):
            return label != nil && question.options?.first(where: { $0.key == key })?.label == label
        case (.multiple, .choices(let keys)):
            let options = (question.options ?? []).filter { keys.contains($0.key) }
            guard options.count == keys.count else { return false }
            return label == (keys.isEmpty ? "none" : options.map(\.label).joinedText(separator: "; "))
        case (.yesNo, .text(let word)):
            return (word == "yes" || word == "no") && label == word
        default:
            return false
        }
    }
}

/// One asked question of one round with its answer and 0-100 score (nil when it has none).
/// Questions not asked (their `askIf` unmet) never become one. A class: scoring filters and
/// groups these many times over, and a copy is then one reference, not a questionnaire's worth
/// of fields; nothing changes one once it is made.
final class ScoredAnswer {
    let questionnaire: Questionnaire
    let question: Question
    let round: Round
    let answer: Answer?
    let score: Double?

    init(questionnaire: Questionnaire, question: Question, round: Round, answer: Answer?, score: Double?) {
        self.questionnaire = questionnaire
        self.question = question
        self.round = round
        self.answer = answer
        self.score = score
    }

    /// Why there is no score, when there is none.
    var missing: MissingReason {
        switch answer?.status {
        case .unknown?: .unknown
        case .skipped?: .skipped
        default: .unanswered
        }
    }

    /// Whose view the answer gives: a side of a partnership, or the report's view.
    func view(_ reportView: AdviceView) -> AdviceView {
        guard reportView != .group, round.partner != nil else { return reportView }
        return round.side == .partner ? .partner : .ours
    }

    var evidence: Evidence {
        Evidence(question: question.id, text: answer?.questionText ?? question.text(partner: round.partner),
                 answer: answer?.summary ?? "not answered", score: score, note: answer?.note, partner: round.partner)
    }

    /// Weighted mean (question weights) of the scored items: `Scorer.weightedMean`.
    static func weightedMean(_ items: [ScoredAnswer]) -> Double? {
        Scorer.weightedMean(items.compactMap { item in item.score.map { (score: $0, weight: item.question.weight) } })
    }
}

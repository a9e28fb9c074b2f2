/// One asked question of one round with its answer and 0-100 score (nil when it has none).
/// Questions not asked (their `askIf` unmet) never become one.
struct ScoredAnswer {
    var questionnaire: Questionnaire
    var question: Question
    var round: Round
    var answer: Answer?
    var score: Double?

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

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

    /// Weighted mean (question weights) of the scored items; a plain mean when every weight is zero.
    static func weightedMean(_ items: [ScoredAnswer]) -> Double? {
        var sum = 0.0
        var weights = 0.0
        for item in items {
            guard let score = item.score else { continue }
            sum += score * item.question.weight
            weights += item.question.weight
        }
        guard weights > 0 else {
            let plain = items.compactMap(\.score)
            return plain.isEmpty ? nil : plain.reduce(0, +) / Double(plain.count)
        }
        return sum / weights
    }
}

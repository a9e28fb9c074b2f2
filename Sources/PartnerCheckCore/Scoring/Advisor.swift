/// Recommendations: each questionnaire's rules, read against the score (and band) of the
/// question or dimension they name; per-partner questionnaires partnership by partnership and
/// side by side, so advice always says whose view triggered it. Ranked so that a report can
/// show the few that matter most: actions before strengths; among actions weak spots before
/// developing ones, then those that touch an answer holding the company below its next phase
/// of the journey, then lowest score first; among strengths highest first; ties in
/// questionnaire order.
enum Advisor {
    static func recommendations(_ scored: [ScoredAnswer], _ questionnaires: [Questionnaire],
                                view: AdviceView, journey: JourneyPlacement?) -> [Recommendation] {
        let holding = journey?.holdingBack ?? []
        var out: [(Recommendation, blocks: Bool)] = []
        for questionnaire in questionnaires {
            let bands = questionnaire.bands ?? .standard
            // The questions of this questionnaire that hold the company below its next phase (a few at most).
            let holdingHere = holding.filter { $0.questionnaire == questionnaire.id }.map(\.question)
            let mine = scored.filter { $0.questionnaire.id == questionnaire.id }
            // Per-partner questionnaires are advised round by round; others once.
            let groups: [[ScoredAnswer]] = questionnaire.isPerPartner
                ? uniqueRounds(mine).map { round in mine.filter { $0.round == round } }
                : [mine]
            for rule in questionnaire.recommendations ?? [] {
                for group in groups {
                    let items = group.filter { item in
                        if let question = rule.question { return item.question.id == question }
                        return item.question.dimension == rule.dimension
                    }
                    guard let score = ScoredAnswer.weightedMean(items), fires(rule, score, bands) else { continue }
                    let first = items.first
                    let blocks = items.contains { holdingHere.contains($0.question.id) }
                    out.append((Recommendation(rank: 0, id: rule.id, kind: rule.kind, questionnaire: questionnaire.id,
                                               partner: first?.round.partner, view: first?.view(view) ?? view,
                                               score: score, band: bands.band(of: score), title: rule.title, text: rule.text,
                                               source: rule.source, why: items.filter { $0.score != nil }.map(\.evidence)),
                                blocks: blocks))
                }
            }
        }
        // Small keys are sorted, not the recommendations: a sort moves and copies its elements many times,
        // and a recommendation (texts, evidence) is large to copy.
        let keys = out.indices.map { position in
            let (recommendation, blocks) = out[position]
            return RankKey(action: recommendation.kind == .action, band: recommendation.band, blocks: blocks,
                           score: recommendation.score, position: position)
        }
        let order = keys.sorted { a, b in
            if a.action != b.action { return a.action }
            if a.action {
                if a.band != b.band { return a.band < b.band }
                if a.blocks != b.blocks { return a.blocks }
                if a.score != b.score { return a.score < b.score }
            } else if a.score != b.score {
                return a.score > b.score
            }
            return a.position < b.position
        }.map(\.position)
        return order.enumerated().map { index, position in
            var recommendation = out[position].0
            recommendation.rank = index + 1
            return recommendation
        }
    }

    private struct RankKey {
        var action: Bool
        var band: Band
        var blocks: Bool
        var score: Double
        var position: Int
    }

    static func fires(_ rule: RecommendationRule, _ score: Double, _ bands: Bands) -> Bool {
        if let below = rule.below, score < below { return true }
        if let atLeast = rule.atLeast, score >= atLeast { return true }
        if let list = rule.bands, list.contains(bands.band(of: score)) { return true }
        return false
    }

    private static func uniqueRounds(_ items: [ScoredAnswer]) -> [Round] {
        var rounds: [Round] = []
        for item in items where !rounds.contains(item.round) { rounds.append(item.round) }
        return rounds
    }
}

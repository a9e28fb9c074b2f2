/// Why a session could not be scored.
public enum ReportError: Error, Sendable, Equatable, CustomStringConvertible {
    case questionnairesChanged(file: String, details: [String])
    case differentQuestionnaires(old: String, new: String)

    public var description: String {
        switch self {
        case .questionnairesChanged(let file, let details):
            "\(file): answered to other versions of the questionnaires: " + details.joined(separator: "; ")
        case .differentQuestionnaires(let old, let new):
            "cannot compare: the two assessments answer different questionnaires (\(old) against \(new))"
        }
    }
}

/// Turns a session into an `Assessment`. Pure and deterministic: the same session and
/// questionnaires always give the same result, in the same order.
public struct Scorer {
    public let catalog: QuestionnaireCatalog

    public init(catalog: QuestionnaireCatalog) {
        self.catalog = catalog
    }

    /// The 0-100 score of an answer, or nil when it has none (unknown, skipped, free text).
    public static func score(_ answer: Answer?, for question: Question, in questionnaire: Questionnaire) -> Double? {
        guard let answer, answer.status == .answered, let value = answer.value else { return nil }
        switch (question.kind, value) {
        case (.rating, .number(let n)):
            guard let scale = questionnaire.scale(for: question), scale.maximum > scale.minimum else { return nil }
            return ratingScore(n, minimum: scale.minimum, maximum: scale.maximum)
        case (.choice, .text(let key)):
            return question.options?.first { $0.key == key }?.score
        case (.yesNo, .text(let word)):
            return word == "yes" ? 100 : word == "no" ? 0 : nil
        default:
            return nil
        }
    }

    /// A point of a rating scale as 0-100: (value - lowest) / (highest - lowest) x 100.
    @inline(__always)
    public static func ratingScore(_ value: Int, minimum: Int, maximum: Int) -> Double {
        Double(min(max(value, minimum), maximum) - minimum) / Double(maximum - minimum) * 100
    }

    /// The ambition as a 0-100 target, from the session or the questionnaire's default.
    public static func target(for questionnaire: Questionnaire, in session: Session) -> (Double, String)? {
        guard let ambition = questionnaire.ambition, let scale = questionnaire.scales[ambition.scale],
              scale.maximum > scale.minimum else { return nil }
        let level = session.ambitions[questionnaire.id] ?? ambition.default
        let clamped = min(max(level, scale.minimum), scale.maximum)
        let label = scale.point(clamped)?.label ?? String(clamped)
        return (ratingScore(clamped, minimum: scale.minimum, maximum: scale.maximum), label)
    }

    private struct Scored {
        var questionnaire: Questionnaire
        var question: Question
        var round: Round
        var answer: Answer?
        var score: Double?
    }

    public func assess(_ session: Session, file: String = "session") throws(ReportError) -> Assessment {
        let compatibility = SessionCompatibility(session: session, catalog: catalog)
        let versionMismatch = session.questionnaires.compactMap { ref -> String? in
            guard let current = catalog.questionnaires.first(where: { $0.id == ref.id }), current.version != ref.version else { return nil }
            return "\"\(ref.id)\" version \(ref.version), loaded version \(current.version)"
        }
        if !compatibility.isCompatible || !versionMismatch.isEmpty {
            throw .questionnairesChanged(file: file, details: compatibility.conflicts.isEmpty ? versionMismatch : compatibility.conflicts)
        }
        let questionnaires = session.questionnaires.compactMap { ref in catalog.questionnaires.first { $0.id == ref.id } }

        var results: [QuestionnaireResult] = []
        var blindSpots: [BlindSpot] = []
        var allScored: [Scored] = []
        var answered = 0
        var total = 0
        for questionnaire in questionnaires {
            var rounds = session.rounds.filter { $0.questionnaire == questionnaire.id }
            if rounds.isEmpty { rounds = [Round(questionnaire: questionnaire.id, version: questionnaire.version)] }
            var scored: [Scored] = []
            for round in rounds {
                for question in questionnaire.questions where question.kind != .text {
                    let answer = round.answer(question.id)
                    let value = Self.score(answer, for: question, in: questionnaire)
                    scored.append(Scored(questionnaire: questionnaire, question: question, round: round, answer: answer, score: value))
                    total += 1
                    if value != nil {
                        answered += 1
                    } else {
                        let reason = answer.map { $0.status == .skipped ? "skipped" : $0.status == .unknown ? "unknown" : "unanswered" } ?? "unanswered"
                        blindSpots.append(BlindSpot(questionnaire: questionnaire.id, question: question.id,
                                                    text: answer?.questionText ?? question.text(partner: round.partner),
                                                    partner: round.partner, reason: reason))
                    }
                }
            }
            allScored += scored
            let target = Self.target(for: questionnaire, in: session)
            let bands = questionnaire.bands ?? .standard
            let dimensions = questionnaire.dimensions.map { dimension in
                Self.dimensionScore(dimension, of: questionnaire, scored.filter { $0.question.dimension == dimension.id },
                                    target: target?.0, bands: bands)
            }
            var partners: [PartnerHealth] = []
            var sideGaps: [SideGap] = []
            if questionnaire.isPerPartner {
                for round in rounds where round.partner != nil {
                    let mine = scored.filter { $0.round == round }
                    let traits = questionnaire.dimensions.map { dimension in
                        TraitScore(dimension: dimension.id, title: dimension.title,
                                   score: Self.weightedMean(mine.filter { $0.question.dimension == dimension.id }))
                    }
                    let weakest = traits.filter { $0.score != nil }.min { $0.score! < $1.score! }
                    partners.append(PartnerHealth(partner: round.partner!, side: round.side ?? .ours,
                                                  score: Self.weightedMean(mine), weakestTrait: weakest?.title,
                                                  weakestScore: weakest?.score, traits: traits))
                }
                sideGaps = Self.sideGaps(partners)
            }
            // A per-partner questionnaire scores as the mean of its partners' health, each counted once.
            let partnerScores = partners.compactMap(\.score)
            let score = questionnaire.isPerPartner
                ? (partnerScores.isEmpty ? nil : partnerScores.reduce(0, +) / Double(partnerScores.count))
                : Self.weightedMean(scored)
            results.append(QuestionnaireResult(id: questionnaire.id, title: questionnaire.title, version: questionnaire.version,
                                               score: score, target: target?.0, ambitionLabel: target?.1,
                                               dimensions: dimensions, partners: partners, sideGaps: sideGaps))
        }
        let scores = results.compactMap(\.score)
        let overall = scores.isEmpty ? nil : scores.reduce(0, +) / Double(scores.count)

        let allDimensions = results.flatMap(\.dimensions)
        let strengths = allDimensions.filter { $0.band == "strength" }
            .enumerated().sorted { ($0.element.score!, -$0.offset) > ($1.element.score!, -$1.offset) }.map(\.element)
        let gaps = Self.gaps(results, questionnaires)
        let journey = placeOnJourney(allScored, questionnaires)
        let recommendations = Self.recommendations(allScored, questionnaires, results)
        let initiatives = Self.initiatives(gaps, questionnaires, allScored, journey: journeyModel())

        return Assessment(sessionID: session.id, respondent: session.respondent, status: session.status,
                          updatedAt: session.updatedAt,
                          coverage: Coverage(answered: answered, total: total, partial: session.status != .completed),
                          overall: overall, questionnaires: results, journey: journey, strengths: strengths, gaps: gaps,
                          blindSpots: blindSpots, recommendations: recommendations, initiatives: initiatives)
    }

    private static func weightedMean(_ items: [Scored]) -> Double? {
        var sum = 0.0
        var weights = 0.0
        for item in items {
            guard let score = item.score else { continue }
            sum += score * item.question.weight
            weights += item.question.weight
        }
        guard weights > 0 else {
            // All weights zero: a plain mean of what was answered.
            let plain = items.compactMap(\.score)
            return plain.isEmpty ? nil : plain.reduce(0, +) / Double(plain.count)
        }
        return sum / weights
    }

    private static func dimensionScore(_ dimension: Dimension, of questionnaire: Questionnaire, _ items: [Scored],
                                       target: Double?, bands: Bands) -> DimensionScore {
        let values = items.compactMap(\.score)
        let score = weightedMean(items)
        let band: String? = score.map { $0 >= bands.strength ? "strength" : $0 < bands.weak ? "weak" : "developing" }
        return DimensionScore(questionnaire: questionnaire.id, dimension: dimension.id, title: dimension.title, score: score,
                              lowest: values.min(), highest: values.max(), answered: values.count, total: items.count,
                              target: target, band: band)
    }

    private static func sideGaps(_ partners: [PartnerHealth]) -> [SideGap] {
        var gaps: [SideGap] = []
        var seen: Set<String> = []
        for ours in partners where ours.side == .ours {
            let key = AnswerText.normalise(ours.partner)
            guard !seen.contains(key),
                  let theirs = partners.first(where: { $0.side == .partner && AnswerText.normalise($0.partner) == key }) else { continue }
            seen.insert(key)
            for (mine, other) in zip(ours.traits, theirs.traits) {
                let gap = mine.score.flatMap { a in other.score.map { a - $0 } }
                gaps.append(SideGap(partner: ours.partner, dimension: mine.dimension, title: mine.title,
                                    ours: mine.score, theirs: other.score, gap: gap))
            }
        }
        return gaps
    }

    private static func gaps(_ results: [QuestionnaireResult], _ questionnaires: [Questionnaire]) -> [Gap] {
        var list: [(Gap, Int)] = []
        var order = 0
        for (result, questionnaire) in zip(results, questionnaires) {
            for dimension in result.dimensions {
                order += 1
                guard let current = dimension.score, let target = dimension.target, target > current else { continue }
                let weight = questionnaire.questions.filter { $0.dimension == dimension.dimension }.map(\.weight).reduce(0, +)
                list.append((Gap(questionnaire: result.id, dimension: dimension.dimension, title: dimension.title,
                                 current: current, target: target, weight: weight, priority: (target - current) * weight), order))
            }
        }
        // Largest priority first; ties keep questionnaire and dimension order.
        return list.sorted { $0.0.priority != $1.0.priority ? $0.0.priority > $1.0.priority : $0.1 < $1.1 }.map(\.0)
    }

    /// The journey model: the first questionnaire in the catalog that defines one.
    func journeyModel() -> JourneyModel? {
        catalog.questionnaires.first { $0.journeyModel != nil }?.journeyModel
    }

    private func placeOnJourney(_ scored: [Scored], _ questionnaires: [Questionnaire]) -> JourneyPlacement? {
        guard let model = journeyModel() else { return nil }
        let requirements = questionnaires.flatMap { q in (q.journey ?? []).map { (q, $0) } }
        if requirements.isEmpty { return nil }
        var axes: [AxisPlacement] = []
        var blockersByAxis: [String: [Blocker]] = [:]
        for axis in model.axes {
            let mine = requirements.filter { $0.1.axis == axis.id }
            var level = 1
            var blockers: [Blocker] = []
            for next in 2...max(2, axis.levels.count) where next <= axis.levels.count {
                let needed = mine.filter { $0.1.level == next }
                var failing: [Blocker] = []
                for (questionnaire, requirement) in needed {
                    let item = scored.first { $0.questionnaire.id == questionnaire.id && $0.question.id == requirement.question }
                    let score = item?.score
                    if let score, score >= requirement.atLeast { continue }
                    let reason: String
                    if score != nil { reason = "below" } else {
                        switch item?.answer?.status {
                        case .unknown?: reason = "unknown"
                        case .skipped?: reason = "skipped"
                        default: reason = "unanswered"
                        }
                    }
                    failing.append(Blocker(questionnaire: questionnaire.id, question: requirement.question,
                                           text: item?.answer?.questionText ?? questionnaire.question(requirement.question)?.text ?? requirement.question,
                                           axis: axis.title, level: axis.levels[next - 1], needed: requirement.atLeast,
                                           score: score, reason: reason, answer: item?.answer.map(\.summary)))
                }
                if failing.isEmpty && !needed.isEmpty {
                    level = next
                } else {
                    blockers = failing
                    break
                }
            }
            axes.append(AxisPlacement(id: axis.id, title: axis.title, level: level, levelName: axis.levels[level - 1],
                                      nextLevel: level < axis.levels.count ? axis.levels[level] : nil, assessed: !mine.isEmpty))
            blockersByAxis[axis.id] = blockers
        }
        let phase = min(axes.map(\.level).min() ?? 1, model.phases.count)
        // Below the next phase: every axis still under that level, with what holds it there.
        let holding = phase < model.phases.count
            ? axes.filter { $0.level <= phase }.flatMap { blockersByAxis[$0.id] ?? [] }
            : []
        return JourneyPlacement(title: model.title, source: model.source, phase: phase, phaseName: model.phases[phase - 1],
                                nextPhase: phase < model.phases.count ? model.phases[phase] : nil, axes: axes, holdingBack: holding)
    }

    private static func evidence(_ item: Scored) -> Evidence {
        Evidence(question: item.question.id, text: item.answer?.questionText ?? item.question.text(partner: item.round.partner),
                 answer: item.answer?.summary ?? "not answered", score: item.score, note: item.answer?.note,
                 partner: item.round.partner)
    }

    private static func fires(_ rule: RecommendationRule, _ score: Double) -> Bool {
        if let below = rule.below, score < below { return true }
        if let atLeast = rule.atLeast, score >= atLeast { return true }
        return false
    }

    private static func recommendations(_ scored: [Scored], _ questionnaires: [Questionnaire],
                                        _ results: [QuestionnaireResult]) -> [Recommendation] {
        var out: [Recommendation] = []
        for questionnaire in questionnaires {
            let mine = scored.filter { $0.questionnaire.id == questionnaire.id }
            // Per-partner questionnaires are advised partner by partner; others once.
            let groups: [[Scored]] = questionnaire.isPerPartner
                ? uniqueRounds(mine).map { round in mine.filter { $0.round == round } }
                : [mine]
            for rule in questionnaire.recommendations ?? [] {
                for group in groups {
                    let items = group.filter { item in
                        if let question = rule.question { return item.question.id == question }
                        return item.question.dimension == rule.dimension
                    }
                    guard let score = weightedMean(items), fires(rule, score) else { continue }
                    out.append(Recommendation(id: rule.id, kind: rule.kind, questionnaire: questionnaire.id,
                                              partner: group.first?.round.partner, title: rule.title, text: rule.text,
                                              source: rule.source, why: items.filter { $0.score != nil }.map(evidence)))
                }
            }
        }
        return out
    }

    private static func uniqueRounds(_ items: [Scored]) -> [Round] {
        var rounds: [Round] = []
        for item in items where !rounds.contains(item.round) { rounds.append(item.round) }
        return rounds
    }

    private static func initiatives(_ gaps: [Gap], _ questionnaires: [Questionnaire], _ scored: [Scored],
                                    journey: JourneyModel?) -> [Initiative] {
        var out: [Initiative] = []
        var used: Set<String> = []
        for gap in gaps where out.count < 5 {
            guard let questionnaire = questionnaires.first(where: { $0.id == gap.questionnaire }),
                  let template = questionnaire.initiatives?.first(where: { $0.dimension == gap.dimension && !used.contains($0.id) })
            else { continue }
            used.insert(template.id)
            let behind = scored.filter { $0.questionnaire.id == gap.questionnaire && $0.question.dimension == gap.dimension && $0.score != nil }
                .filter { $0.score! < gap.target }
            let phaseName = journey.flatMap { template.phase >= 1 && template.phase <= $0.phases.count ? $0.phases[template.phase - 1] : nil }
            out.append(Initiative(rank: out.count + 1, id: template.id, title: template.title, questionnaire: gap.questionnaire,
                                  dimension: gap.dimension, current: gap.current, target: gap.target,
                                  startingPoint: template.startingPoint, firstStep: template.firstStep,
                                  assumption: template.assumption, evidence: template.evidence, metric: template.metric,
                                  phase: template.phase, phaseName: phaseName, source: template.source,
                                  why: behind.map(evidence)))
        }
        return out
    }
}

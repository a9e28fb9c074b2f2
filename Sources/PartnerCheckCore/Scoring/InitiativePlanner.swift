/// Next initiatives, following 001's method: determine the gaps, choose initiatives by
/// criticality, prototype, collect the data, iterate. Ranked phase first, the work of the
/// company's current phase (or earlier, unfinished work) before the next phase's; then the
/// most critical, those whose dimension holds the company below its next phase; then by the
/// gap. Below three, the dimensions of the answers that hold the company below its next phase
/// (scored below the bar, or not assessed) add theirs. A company in the last phase, or with
/// nothing left to close, gets the phase's own work: 001's Programmatic and Scale. At most five.
struct InitiativePlanner {
    let catalog: QuestionnaireCatalog
    static let limit = 5
    /// Below this many gap initiatives, the phase's own work fills the list.
    static let minimum = 3

    func plan(gaps: [Gap], questionnaires: [Questionnaire], scored: [ScoredAnswer], journey: JourneyPlacement?) -> [Initiative] {
        let lastPhase = max(journey.map { _ in catalog.questionnaires.first { $0.journeyModel != nil }?.journeyModel?.phases.count ?? 1 } ?? 1, 1)
        let phase = max(journey?.phase ?? 1, 1)
        let phaseNames = catalog.questionnaires.first { $0.journeyModel != nil }?.journeyModel?.phases ?? []

        let holding = journey?.holdingBack ?? []
        var used: [String] = []  // at most a few; see JourneyPlacer on why not a Set
        var fromGaps: [Initiative] = []
        var rankKeys: [(key: Int, critical: Int, order: Int, position: Int)] = []
        for (order, gap) in gaps.enumerated() {
            guard let questionnaire = questionnaires.first(where: { $0.id == gap.questionnaire }) else { continue }
            let candidates = (questionnaire.initiatives ?? []).filter { $0.dimension == gap.dimension && !used.contains($0.id) }
            // The template of the current phase or the latest earlier one; else the earliest later one.
            guard let template = candidates.filter({ $0.phase <= phase }).max(by: { $0.phase < $1.phase })
                    ?? candidates.min(by: { $0.phase < $1.phase }) else { continue }
            used.append(template.id)
            let behind = scored.filter { $0.questionnaire.id == gap.questionnaire && $0.question.dimension == gap.dimension }
                .filter { ($0.score ?? 100) < gap.target }
            let critical = holding.contains { blocker in
                blocker.questionnaire == questionnaire.id && questionnaire.question(blocker.question)?.dimension == gap.dimension
            }
            rankKeys.append((key: max(0, template.phase - phase), critical: critical ? 0 : 1, order: order, position: fromGaps.count))
            fromGaps.append(initiative(template, basis: .gap, questionnaire: questionnaire.id, gap: gap,
                                       why: behind.map(\.evidence), phaseNames: phaseNames))
        }
        // Small keys are sorted, not the initiatives (large to move).
        let ranked = rankKeys.sorted { ($0.key, $0.critical, $0.order) < ($1.key, $1.critical, $1.order) }.map { fromGaps[$0.position] }

        // The phase's own work, from any questionnaire of the catalog, in catalog order.
        func phaseWork(_ wanted: Int) -> [Initiative] {
            catalog.questionnaires.flatMap { q in
                (q.initiatives ?? []).filter { $0.dimension == nil && $0.phase == wanted && !used.contains($0.id) }
                    .map { initiative($0, basis: .phase, questionnaire: q.id, gap: nil, why: [], phaseNames: phaseNames) }
            }
        }
        var list = ranked
        // The answers holding the company below its next phase, where no gap named them.
        let blocking = (journey?.holdingBack ?? []).filter { $0.reason == .below || $0.reason == .notAssessed }
        for blocker in blocking where list.count < Self.minimum {
            guard let questionnaire = catalog.questionnaires.first(where: { $0.id == blocker.questionnaire }),
                  let dimension = questionnaire.question(blocker.question)?.dimension else { continue }
            let candidates = (questionnaire.initiatives ?? []).filter { $0.dimension == dimension && !used.contains($0.id) }
            guard let template = candidates.filter({ $0.phase <= phase }).max(by: { $0.phase < $1.phase })
                    ?? candidates.min(by: { $0.phase < $1.phase }) else { continue }
            used.append(template.id)
            let why = scored.filter { $0.questionnaire.id == blocker.questionnaire && $0.question.id == blocker.question }.map(\.evidence)
            list.append(initiative(template, basis: .journey, questionnaire: questionnaire.id, gap: nil, why: why, phaseNames: phaseNames))
        }
        if phase >= lastPhase {
            list = Array(phaseWork(lastPhase).prefix(Self.minimum)) + list
        } else if gaps.isEmpty && blocking.isEmpty && (journey?.holdingBack ?? []).isEmpty {
            list += phaseWork(lastPhase).prefix(Self.minimum)
        }
        return list.prefix(Self.limit).enumerated().map { index, item in
            var initiative = item
            initiative.rank = index + 1
            return initiative
        }
    }

    private func initiative(_ template: InitiativeTemplate, basis: InitiativeBasis, questionnaire: String, gap: Gap?,
                            why: [Evidence], phaseNames: [String]) -> Initiative {
        let phaseName = template.phase >= 1 && template.phase <= phaseNames.count ? phaseNames[template.phase - 1] : nil
        return Initiative(rank: 0, id: template.id, title: template.title, basis: basis, questionnaire: questionnaire,
                          dimension: template.dimension, current: gap?.current, target: gap?.target,
                          startingPoint: template.startingPoint, firstStep: template.firstStep,
                          assumption: template.assumption, evidence: template.evidence, metric: template.metric,
                          phase: template.phase, phaseName: phaseName, source: template.source, why: why)
    }
}

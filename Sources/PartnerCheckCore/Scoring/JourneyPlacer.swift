/// Places a company on the capability journey (Figure 7 of 001): each axis reaches a level only
/// when every question that level depends on clears its bar (staged, as in CMMI: an average
/// cannot hide a weak spot, and "don't know" clears nothing); phase n needs level n on every axis.
/// Only the questionnaires in the session count, except for essential bars (the evidence the
/// journey cannot be read without): a session without their questionnaire does not clear them.
/// A bar on a question that was not asked (its `askIf` unmet) does not apply.
struct JourneyPlacer {
    let catalog: QuestionnaireCatalog

    /// The journey model: the first questionnaire in the catalog that defines one.
    var model: JourneyModel? {
        catalog.questionnaires.first { $0.journeyModel != nil }?.journeyModel
    }

    func place(_ scored: [ScoredAnswer], _ questionnaires: [Questionnaire]) -> JourneyPlacement? {
        guard let model else { return nil }
        // Lists rather than a Set and a Dictionary: a few entries each, and every new kind of
        // String-keyed table makes the Swift runtime (6.3) scan all 4,000 protocol conformances in the
        // program to check String: Hashable again, 80,000 instructions each time, in every report.
        let inSession = questionnaires.map(\.id)
        // Each bar with its questionnaire's id (not the questionnaire: a copy of one is large), and for a
        // questionnaire not in the session the question's text, for the blocker that names it.
        let requirements = questionnaires.flatMap { q in (q.journey ?? []).map { (q.id, $0, "") } }
        if requirements.isEmpty { return nil }
        let essentialElsewhere = catalog.questionnaires.filter { !inSession.contains($0.id) }
            .flatMap { q in
                (q.journey ?? []).filter(\.isEssential).map { requirement in
                    (q.id, requirement, q.question(requirement.question)?.text(partner: nil) ?? requirement.question)
                }
            }
        let notAssessed = catalog.questionnaires.filter { !($0.journey ?? []).isEmpty && !inSession.contains($0.id) }.map(\.title)
        var axes: [AxisPlacement] = []
        var blockersByAxis: [[Blocker]] = []  // by position in model.axes
        for axis in model.axes {
            let mine = (requirements + essentialElsewhere).filter { $0.1.axis == axis.id }
            var level = 1
            var blockers: [Blocker] = []
            for next in 2...max(2, axis.levels.count) where next <= axis.levels.count {
                var needed = 0
                var failing: [Blocker] = []
                for (questionnaire, requirement, missingText) in mine where requirement.level == next {
                    // Every round of the questionnaire must clear the bar (per-partner ones: each partnership).
                    guard inSession.contains(questionnaire) else {
                        needed += 1
                        failing.append(Blocker(questionnaire: questionnaire, question: requirement.question,
                                               text: missingText,
                                               axis: axis.title, level: axis.levels[next - 1], needed: requirement.atLeast,
                                               score: nil, reason: .notAssessed, answer: nil))
                        continue
                    }
                    let items = scored.filter { $0.questionnaire.id == questionnaire && $0.question.id == requirement.question }
                    guard !items.isEmpty else { continue }  // not asked
                    needed += 1
                    for item in items {
                        if let score = item.score, score >= requirement.atLeast { continue }
                        failing.append(Blocker(questionnaire: questionnaire, question: requirement.question,
                                               text: item.answer?.questionText ?? item.question.text(partner: item.round.partner),
                                               axis: axis.title, level: axis.levels[next - 1], needed: requirement.atLeast,
                                               score: item.score, reason: item.score != nil ? .below : BlockerReason(item.missing),
                                               answer: item.answer.map(\.summary)))
                    }
                }
                if failing.isEmpty && needed > 0 {
                    level = next
                } else {
                    blockers = failing
                    break
                }
            }
            axes.append(AxisPlacement(id: axis.id, title: axis.title, level: level, levelName: axis.levels[level - 1],
                                      nextLevel: level < axis.levels.count ? axis.levels[level] : nil,
                                      assessed: mine.contains { inSession.contains($0.0) }))
            blockersByAxis.append(blockers)
        }
        let phase = min(axes.map(\.level).min() ?? 1, model.phases.count)
        // Below the next phase: every axis still under that level, with what holds it there.
        let holding = phase < model.phases.count
            ? axes.indices.filter { axes[$0].level <= phase }.flatMap { blockersByAxis[$0] }
            : []
        return JourneyPlacement(title: model.title, source: model.source, phase: phase, phaseName: model.phases[phase - 1],
                                nextPhase: phase < model.phases.count ? model.phases[phase] : nil, axes: axes,
                                holdingBack: holding, notAssessed: notAssessed)
    }
}

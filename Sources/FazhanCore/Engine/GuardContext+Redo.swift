/// A procedure redone (本校规定: a resolution not approved within 6 months is void, and the
/// procedure is redone): when a procedure lapsed, which of its steps count, and the `redo` guard.
extension Engine {
    /// A meeting that is a resolution: its vote carried (one recorded without a vote, imported
    /// before votes were kept, counts; one whose vote failed resolves nothing).
    static func isResolution(_ event: Event) -> Bool {
        !((event.data.hasVote || event.data.result == .fail) && !GuardContext.voteCarried(event.data))
    }

    /// The days the procedure a `redo` guard watches lapsed before `date`, each with the
    /// resolution it counted from: the first resolution (`from`) not followed by the guarded step
    /// within `after` lapses the day after `after` ran out; the first resolution after that
    /// starts the count of the procedure redone, and so on.
    func lapses(from: String, after: Duration, completedBy step: String, history: History,
                before date: CivilDate) -> [(resolution: CivilDate, ranOut: CivilDate)] {
        let resolutions = history.occurrences(of: from, through: date).filter(Engine.isResolution).map(\.date)
        var lapses: [(resolution: CivilDate, ranOut: CivilDate)] = []
        var start = resolutions.first
        while let resolution = start {
            let ranOut = after.added(to: resolution, calendar: calendar).date
            // Still running on the date, or completed in time: nothing (more) lapsed.
            guard ranOut < date, history.first(step, through: ranOut) == nil else { break }
            lapses.append((resolution, ranOut))
            start = resolutions.first { $0 > ranOut }
        }
        return lapses
    }

    /// The last day of the procedures that lapsed before `date`, for a step a `redo` guard
    /// repeats: only what is recorded after it belongs to the procedure in force. Nil while the
    /// procedure never lapsed (or no redo guard repeats the step).
    public func procedureStart(for stepID: String, history: History, before date: CivilDate) -> CivilDate? {
        var start: CivilDate?
        for guardDefinition in workflow.guards {
            guard case .redo(let from, let after, let steps, _) = guardDefinition.kind, steps.contains(stepID) || from == stepID,
                  let ranOut = lapses(from: from, after: after, completedBy: guardDefinition.step, history: history, before: date).last?.ranOut
            else { continue }
            start = max(start ?? ranOut, ranOut)
        }
        return start
    }

    /// `procedure:STEP`: the first occurrence of the step, on or before `date`, in the procedure
    /// in force (after the last lapse before `date`), with the day that procedure started after.
    /// While the redone procedure has none yet, the first of all stands (the `redo` guard is the
    /// one that reports the step missing).
    func procedureOccurrence(of stepID: String, history: History, through date: CivilDate) -> (event: Event?, after: CivilDate?) {
        let occurrences = history.occurrences(of: stepID, through: date)
        if let start = procedureStart(for: stepID, history: history, before: date),
           let redone = occurrences.first(where: { $0.date > start }) {
            return (redone, start)
        }
        return (occurrences.first, nil)
    }
}

extension GuardContext {
    /// The `redo` guard: the guarded step (the approval) more than `after` after the first
    /// resolution of the procedure needs the procedure redone: each of `steps` (and a 公示 at
    /// `notice`) recorded after `after` ran out, on or before the guarded date.
    func redo(from: String, after: Duration, steps: [String], notice: String?, rule: String, guardID: String) -> Check {
        let fromName = workflow.nameOfStep(from)
        let noticeSteps = Set(workflow.steps.filter { $0.data.contains(.notice) }.map(\.id))
        let noticeName = notice.map { node in Catalogue.noticeOf(workflow.noticeNodes.first { $0.id == node }?.name ?? node) }
        let names = Catalogue.list(steps.map { workflow.nameOfStep($0) } + (noticeName.map { [$0] } ?? []))
        let lapses = engine.lapses(from: from, after: after, completedBy: step.id, history: history, before: date)
        guard let lapse = lapses.last else {
            let required = Catalogue.redoWithin(step.name, after, from: fromName, names: names)
            guard let first = history.occurrences(of: from, through: date).first(where: Engine.isResolution) else {
                return check(rule: rule, guardID: guardID, passed: true, found: Catalogue.redoNoResolution(fromName),
                             required: required)
            }
            return check(rule: rule, guardID: guardID, passed: true,
                         found: Catalogue.redoInTime(fromName, first.date, step.name, date, within: after), required: required)
        }
        let required = Catalogue.redoRequired(after, from: fromName, resolution: lapse.resolution, names: names, ranOut: lapse.ranOut, by: date)
        // Each step (and the notice) of the procedure redone: the latest by the date after the
        // lapse, else one recorded later, else none.
        var found: [String] = []
        var missing = 0
        var laterDates: [CivilDate] = []
        func look(_ name: String, _ occurrences: [Event]) {
            let redone = occurrences.filter { $0.date > lapse.ranOut }
            if let event = redone.last(where: { $0.date <= date }) {
                found.append(Catalogue.stepOn(name, event.date))
                return
            }
            missing += 1
            if let later = redone.first {
                found.append(Catalogue.redoneLater(name, later.date, after: date))
                laterDates.append(later.date)
            } else {
                found.append(Catalogue.notRedone(name, after: lapse.ranOut))
            }
        }
        for id in steps { look(workflow.nameOfStep(id), history.occurrences(of: id)) }
        if let notice, let noticeName {
            look(noticeName, history.effective.filter { noticeSteps.contains($0.step) && $0.data.node == notice })
        }
        let earliest = missing > 0 && laterDates.count == missing ? laterDates.max() : nil
        return check(rule: rule, guardID: guardID, passed: missing == 0,
                     found: Catalogue.redoFound(fromName, resolution: lapse.resolution, ranOut: lapse.ranOut, since: found),
                     required: required, earliest: earliest)
    }
}

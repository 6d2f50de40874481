import FazhanCore

/// Audits histories against the rules of the workflow version each person follows.
///
/// Every recorded step is replayed through the same guards that `record` and `advance` run,
/// on the history as it stood on the step's date, so a step taken out of order, too early, with
/// a failed vote or without its prerequisites is found whether it was recorded through the
/// guards or imported. Then every deadline of the workflow is checked against the dates.
public struct Auditor: Sendable {
    public var asOf: CivilDate

    public init(asOf: CivilDate) {
        self.asOf = asOf
    }

    public func audit(_ history: History, engine: Engine, organizations: OrganizationDirectory, organizationCode: String) -> [Finding] {
        var findings: [Finding] = []
        let workflow = engine.workflow
        func finding(rule: String, severity: Finding.Severity, step: String, event: Event?, date: CivilDate,
                     found: String, required: String, missedBy: Int?, source: String, ruleName: String? = nil) -> Finding {
            Finding(
                personNumber: history.person.number, personName: history.person.name, organization: organizationCode,
                rule: rule, ruleName: ruleName ?? workflow.rule(rule)?.name ?? rule, severity: severity, step: step,
                stepName: workflow.step(step)?.name ?? step, eventID: event?.id, date: date, found: found, required: required,
                missedByDays: missedBy, source: source, workflow: workflow.id, imported: event?.imported ?? false)
        }

        // 1. Replay every effective step through its guards. The stages each step is judged in
        // come from the whole history's timeline where they can (`StageTimeline.asItStood`).
        let timeline = engine.timeline(history)
        for event in history.effective where event.date <= asOf {
            guard workflow.hasStep(event.step) else {
                findings.append(finding(rule: Check.noRule, severity: .violation, step: event.step, event: event, date: event.date,
                                        found: Catalogue.unknownStep, required: Catalogue.stepOf(workflow.id),
                                        missedBy: nil, source: "order.step", ruleName: Check.Problem.data.name))
                continue
            }
            // A number no record can mean (an older version stored it unchecked): the guards that
            // read it fail too, but the event itself is what to correct.
            let outOfRange = event.data.boundProblems
            if !outOfRange.isEmpty {
                findings.append(finding(rule: Check.noRule, severity: .violation, step: event.step, event: event, date: event.date,
                                        found: Catalogue.parts(outOfRange),
                                        required: Catalogue.numbersInRange, missedBy: nil,
                                        source: "data.range", ruleName: Check.Problem.data.name))
            }
            let before = history.asItStood(on: event.date, excluding: event.id)
            let stages = timeline.asItStood(on: event.date, excluding: event, history: history, workflow: workflow)
            for check in engine.exceptions(step: event.step, on: event.date, data: event.data, history: before, organizations: organizations,
                                           timeline: stages) {
                // A failing check is a violation even when part of its period has no calendar
                // data (a 2-day 公示 in 2027); the finding still says it is provisional.
                let severity: Finding.Severity = !check.passed ? .violation : check.isWaived ? .waived : .provisional
                let found = !check.passed && check.provisional ? check.found + Catalogue.provisionalMark : check.found
                let missedBy = check.earliest.map { event.date.days(until: $0) }
                findings.append(finding(rule: check.rule, severity: severity, step: event.step, event: event, date: event.date,
                                        found: found, required: check.required, missedBy: missedBy, source: check.guardID,
                                        ruleName: check.citesNoRule ? check.ruleName : nil))
            }
        }

        // 2. Deadlines: each step due within a time of another. A missed deadline worded
        // "normally" (`waivable: true`: R17's 3 months, the 2026 oath's month) is waived like the
        // guard when a waiver of its rule was in force on the day the step was taken (or, for a
        // step still missing, on the audit date); a violation (past at_most or violation_after)
        // never is.
        for deadline in workflow.deadlines {
            findings += audit(deadline, history: history, timeline: timeline, engine: engine) { rule, severity, step, event, date, found, required, missedBy, capExceeded in
                var severity = severity
                var found = found
                if deadline.waivable, severity == .late, !capExceeded,
                   let waiver = history.waiver(of: rule, inForceOn: event?.date ?? asOf, takenBy: asOf, workflow: workflow) {
                    severity = .waived
                    found += Catalogue.waived(by: waiver.data.approvedBy ?? "", on: waiver.date, until: waiver.data.until,
                                              reason: waiver.data.reason ?? "", event: waiver.id)
                }
                return finding(rule: rule, severity: severity, step: step, event: event, date: date, found: found, required: required,
                               missedBy: missedBy, source: deadline.id)
            }
        }
        return findings.sorted { ($0.date, $0.severity, $0.rule) < ($1.date, $1.severity, $1.rule) }
    }

    private func audit(
        _ deadline: Deadline, history: History, timeline: StageTimeline, engine: Engine,
        make: (String, Finding.Severity, String, Event?, CivilDate, String, String, Int?, Bool) -> Finding
    ) -> [Finding] {
        let workflow = engine.workflow
        guard let anchor = engine.anchorDate(deadline.after, history: history, asOf: asOf) else { return [] }
        // The names and the requirement are written only for a finding.
        var stepName: String { workflow.nameOfStep(deadline.step) }
        var anchorName: String {
            switch deadline.after {
            case .step(let id, _), .procedure(let id): return workflow.nameOfStep(id)
            case .probationEnd: return Catalogue.probationEnd
            default: return Catalogue.theStart
            }
        }
        let occurrences = history.occurrences(of: deadline.step, through: asOf).filter { $0.date >= anchor }
        var findings: [Finding] = []
        var required: String { Catalogue.deadlineRequired(stepName, within: deadline.within, of: anchorName, atMost: deadline.atMost) }
        if deadline.repeats {
            // Every gap while the person was in the stages concerned, up to when they left them or today.
            // Only for someone who has been in those stages (a candidate waiting for approval
            // owes no probation assessments).
            if !deadline.during.isEmpty,
               !timeline.spans.contains(where: { $0.enteredOn <= asOf && deadline.during.contains($0.stage) }) {
                return []
            }
            let end = periodEnd(deadline: deadline, timeline: timeline, after: anchor) ?? asOf
            var last = anchor
            var lastEvent: Event?
            for occurrence in occurrences where occurrence.date <= end {
                let due = deadline.within.added(to: last, calendar: engine.calendar).date
                if occurrence.date > due {
                    findings.append(make(deadline.rule, .late, deadline.step, occurrence, occurrence.date,
                                         Catalogue.previousOn(stepName, on: occurrence.date, previous: last),
                                         Catalogue.every(stepName, deadline.within), due.days(until: occurrence.date), false))
                }
                last = occurrence.date
                lastEvent = occurrence
            }
            let due = deadline.within.added(to: last, calendar: engine.calendar).date
            if end > due {
                findings.append(make(deadline.rule, .late, deadline.step, lastEvent, due,
                                     Catalogue.noneBetween(stepName, last, end), Catalogue.every(stepName, deadline.within),
                                     due.days(until: end), false))
            }
            return findings
        }
        let (due, _) = deadline.within.added(to: anchor, calendar: engine.calendar)
        let outer = deadline.atMost.map { $0.added(to: anchor, calendar: engine.calendar).date }
        // Past violation_after it is a violation; past at_most no reason or waiver lifts it (the
        // approval itself is then refused by its guard, which reports the violation).
        let violationFrom = deadline.violationAfter.map { $0.added(to: anchor, calendar: engine.calendar).date }
        let capExceeded = { (date: CivilDate) in outer.map { date > $0 } ?? false }
        var requiredWithViolation: String {
            guard let violationAfter = deadline.violationAfter else { return required }
            return Catalogue.violationAfter(required, violationAfter, from: violationFrom)
        }
        func severity(_ date: CivilDate) -> Finding.Severity {
            violationFrom.map { date > $0 } == true ? .violation : .late
        }
        if let first = occurrences.first {
            guard first.date > due else { return [] }
            if let outer, first.date <= outer, let reason = first.data.reason, !reason.isEmpty { return [] }
            findings.append(make(deadline.rule, severity(first.date), deadline.step, first, first.date,
                                 Catalogue.then(Catalogue.stepOn(anchorName, anchor), Catalogue.stepOn(stepName, first.date)), requiredWithViolation, due.days(until: first.date),
                                 capExceeded(first.date)))
        } else if asOf > due, stillApplies(deadline, history: history, engine: engine) {
            findings.append(make(deadline.rule, severity(asOf), deadline.step, nil, due,
                                 Catalogue.noneAsOf(anchorName, on: anchor, stepName, asOf: asOf), requiredWithViolation, due.days(until: asOf),
                                 capExceeded(asOf)))
        }
        return findings
    }

    /// The day the person left the stages a repeating deadline runs in, after `anchor`.
    private func periodEnd(deadline: Deadline, timeline: StageTimeline, after anchor: CivilDate) -> CivilDate? {
        guard !deadline.during.isEmpty else { return nil }
        return timeline.spans.first { $0.enteredOn > anchor && !deadline.during.contains($0.stage) && $0.enteredOn <= asOf }?.enteredOn
    }

    /// A missing step is overdue only while the person is still where it should be taken; once
    /// they moved on without it, the replay of the later step reports it.
    private func stillApplies(_ deadline: Deadline, history: History, engine: Engine) -> Bool {
        guard engine.workflow.step(deadline.step) != nil, let stage = engine.stage(of: history, asOf: asOf)?.stage else { return false }
        let relevant = engine.workflow.stages(where: deadline)
        return relevant.isEmpty || relevant.contains(stage)
    }
}

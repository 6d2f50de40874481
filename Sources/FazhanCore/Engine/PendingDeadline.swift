/// A deadline from the workflow that a person has not met yet: what is due, by when, under
/// which rule.
public struct PendingDeadline: Sendable, Hashable {
    public var deadline: Deadline
    /// The date the clock started (the anchor step, or the last occurrence of a repeating step).
    public var since: CivilDate
    /// The last day allowed.
    public var due: CivilDate
    /// The outer limit when the rule allows more time with a reason (R17: 6 months).
    public var atMost: CivilDate?
    public var provisional: Bool

    public func isOverdue(asOf date: CivilDate) -> Bool { date > due }
    public func daysLeft(asOf date: CivilDate) -> Int { date.days(until: due) }
}

extension Engine {
    /// The deadlines a person has still to meet as of a date, soonest first.
    ///
    /// A deadline applies while the person is in a stage where its step can still be taken
    /// (its `during`, else the step's `during` or `from`), once the date it counts from is
    /// recorded. A repeating deadline (assessments every 6 months) counts from the latest
    /// occurrence of its step.
    public func pendingDeadlines(_ history: History, asOf date: CivilDate) -> [PendingDeadline] {
        guard let stage = stage(of: history, asOf: date)?.stage else { return [] }
        var pending: [PendingDeadline] = []
        for deadline in workflow.deadlines {
            guard let step = workflow.step(deadline.step) else { continue }
            let relevant = workflow.stages(where: deadline)
            if !relevant.isEmpty, !relevant.contains(stage) { continue }
            guard let anchor = anchorDate(deadline.after, history: history, asOf: date) else { continue }
            let occurrences = history.occurrences(of: step.id, through: date).filter { $0.date >= anchor }
            let since: CivilDate
            if deadline.repeats {
                since = occurrences.last?.date ?? anchor
            } else {
                if !occurrences.isEmpty { continue }
                since = anchor
            }
            let (due, provisional) = deadline.within.added(to: since, calendar: calendar)
            let atMost = deadline.atMost.map { $0.added(to: since, calendar: calendar).date }
            pending.append(PendingDeadline(deadline: deadline, since: since, due: due, atMost: atMost, provisional: provisional))
        }
        return pending.sorted { ($0.due, $0.deadline.id) < ($1.due, $1.deadline.id) }
    }

    /// The date a deadline counts from, as of a date.
    public func anchorDate(_ reference: DateReference, history: History, asOf date: CivilDate) -> CivilDate? {
        switch reference {
        case .guarded: return date
        case .birth: return history.person.birthDate
        case .probationEnd: return StageTimeline.probationEnd(history: history, workflow: workflow, through: date)
        case .step(let id, let latest):
            // A meeting whose vote failed starts no clock: no approval is due after it, and
            // probation does not start (the person stays a candidate until a vote carries).
            var events = history.occurrences(of: id, through: date)
            if workflow.step(id)?.data.contains(.vote) == true {
                events.removeAll { ($0.data.hasVote || $0.data.result == .fail) && !GuardContext.voteCarried($0.data) }
            }
            return latest ? events.last?.date : events.first?.date
        case .procedure(let id):
            return procedureOccurrence(of: id, history: history, through: date).event?.date
        }
    }
}

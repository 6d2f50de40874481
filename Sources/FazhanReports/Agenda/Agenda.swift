import FazhanCore

/// One thing due: a step to take by a date, a 公示 ending, a probation ending, a person
/// becoming eligible for the next stage.
public struct AgendaItem: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        /// A workflow deadline: the step is due by `date`.
        case deadline
        /// The next transition's time rules are met on `date` (and nothing else blocks it).
        case eligible
        /// A 公示 ends on `date`.
        case noticeEnds = "notice_ends"
        /// Probation ends on `date`; the branch must discuss conversion promptly (R20).
        case probationEnds = "probation_ends"
    }

    public var date: CivilDate
    public var kind: Kind
    public var overdue: Bool
    /// Days from the agenda date to `date` (negative when overdue).
    public var daysLeft: Int
    public var personNumber: String
    public var personName: String
    public var organization: String
    public var step: String
    public var stepName: String
    public var rule: String
    public var ruleName: String
    public var detail: String
}

/// Builds the agenda of what is due or overdue as of a date within a horizon.
public struct AgendaBuilder: Sendable {
    public var asOf: CivilDate
    public var horizonDays: Int

    public init(asOf: CivilDate, horizonDays: Int) {
        self.asOf = asOf
        self.horizonDays = horizonDays
    }

    public var horizonEnd: CivilDate { asOf.adding(days: horizonDays) }

    public func items(for history: History, engine: Engine, organizations: OrganizationDirectory, organizationCode: String) -> [AgendaItem] {
        let workflow = engine.workflow
        guard let span = engine.stage(of: history, asOf: asOf) else { return [] }
        // A full member has only what is still due after the conversion (R22's archiving, where
        // the workflow sets a time for it); nothing else.
        let final = workflow.stage(span.stage)?.isFinal ?? true
        // A stage no transition leaves (withdrawn, cancelled) has nothing due.
        guard final || !workflow.nextStages(after: span.stage).isEmpty else { return [] }
        var items: [AgendaItem] = []
        func item(_ kind: AgendaItem.Kind, date: CivilDate, step: String, rule: String, detail: String) -> AgendaItem {
            AgendaItem(
                date: date, kind: kind, overdue: date < asOf, daysLeft: asOf.days(until: date), personNumber: history.person.number,
                personName: history.person.name, organization: organizationCode, step: step,
                stepName: workflow.step(step)?.name ?? step, rule: rule, ruleName: workflow.rule(rule)?.name ?? rule, detail: detail)
        }

        let pendingDeadlines = engine.pendingDeadlines(history, asOf: asOf)
        // A deadline counted from the end of probation (R20's prompt discussion) is the
        // probation-ends item below, not a second line.
        for pending in pendingDeadlines where pending.due <= horizonEnd && pending.deadline.after != .probationEnd {
            let since = pending.since
            let detail = Catalogue.dueDetail(pending.deadline.within, from: since, atMost: pending.atMost)
            items.append(item(.deadline, date: pending.due, step: pending.deadline.step, rule: pending.deadline.rule, detail: detail))
        }
        if final { return items }

        if let next = engine.nextStage(for: history, asOf: asOf), let step = workflow.enteringStep(for: next.id) {
            let verdict = engine.evaluate(step: step.id, on: asOf, history: history, organizations: organizations)
            if !verdict.allowed, let earliest = verdict.earliest, earliest <= horizonEnd {
                let rules = Set(verdict.failures.map(\.rule)).sorted().joined(separator: ", ")
                items.append(item(.eligible, date: earliest, step: step.id, rule: verdict.failures.first?.rule ?? "",
                                  detail: Catalogue.mayBecome(next.name, from: earliest, rules: rules)))
            }
        }

        // Notices recorded by the agenda's date (an agenda as of a past date knows no later one).
        for notice in history.effective where notice.data.node != nil && notice.date <= asOf {
            guard let end = notice.data.to, end >= asOf, end <= horizonEnd else { continue }
            let node = workflow.noticeNodes.first { $0.id == notice.data.node }?.name ?? notice.data.node ?? ""
            let rule = workflow.step(notice.step)?.rules.first ?? ""
            items.append(item(.noticeEnds, date: end, step: notice.step, rule: rule,
                              detail: Catalogue.noticeDetail(node, from: notice.data.from, to: end)))
        }

        // Probation ending (R20): until the conversion is under way, i.e. a deadline of the next
        // transition (its approval after the conversion meeting) is running, within the horizon
        // or beyond it.
        let nextStep = engine.nextStage(for: history, asOf: asOf).flatMap { workflow.enteringStep(for: $0.id) }
        let conversionUnderWay = pendingDeadlines.contains { $0.deadline.step == nextStep?.id }
        if let end = StageTimeline.probationEnd(history: history, workflow: workflow, through: asOf), let nextStep,
           StageRoles(workflow: workflow).admission.contains(span.stage),
           end <= horizonEnd, !conversionUnderWay {
            items.append(item(.probationEnds, date: end, step: nextStep.id, rule: workflow.probation.rule,
                              detail: Catalogue.probationEndsDetail(end)))
        }
        return items
    }

    /// Sorted as an organizer reads it: overdue first (oldest first), then by date.
    public static func sorted(_ items: [AgendaItem]) -> [AgendaItem] {
        items.sorted {
            if $0.overdue != $1.overdue { return $0.overdue }
            return ($0.date, $0.organization, $0.personNumber, $0.step) < ($1.date, $1.organization, $1.personNumber, $1.step)
        }
    }
}

import FazhanCore
import FazhanStore
import FazhanReports

/// A person awaiting a step the workflow gives the committee (filing, pre-review, committee
/// talk, admission or conversion approval), with when it became due and the verdict on it now.
public struct AwaitedApproval: Sendable {
    public var person: PersonProfile
    public var organizationCode: String
    public var step: Step
    /// The day the step could first be taken: the date of the step it follows.
    public var since: CivilDate
    /// The last day the workflow allows, when a deadline sets one.
    public var due: CivilDate?
    public var rule: String?
    public var verdict: Verdict
    /// The person's version, for the `If-Match` of the approval.
    public var version: Int64
    public var workflow: Workflow
}

/// A person transferred into an organization from another 党委's subtree, awaiting acceptance
/// by the receiving side.
public struct IncomingTransfer: Sendable {
    public var person: PersonProfile
    public var event: Event
    public var from: String
    public var to: String
    public var version: Int64
}

extension DevelopmentService {
    /// Who awaits a committee step within an organization's subtree as of a date, oldest first.
    ///
    /// A numbered step whose workflow `by:` is the committee awaits when the person's stage
    /// allows it, the steps it requires are recorded and it has not been recorded since; a
    /// committee transition awaits once the deadline that leads to it has started (its meeting
    /// was held). The verdict is the engine's, as `check` gives it.
    public func approvals(organization: String?, asOf date: CivilDate) async throws -> [AwaitedApproval] {
        let scope = try await Scope(store: store, organization: organization, person: nil)
        var items: [AwaitedApproval] = []
        // Admissions are judged against the annual plans too (R25), after the pass: their
        // histories are kept until then, and each plan's admissions are counted once.
        var admissions: [(index: Int, history: History)] = []
        try await scope.forEachHistory { history in
            let awaited = Self.awaited(history, engine: scope.engine(for: history), organizations: scope.organizations,
                                       organizationCode: scope.organizationCode(of: history, asOf: date), asOf: date)
            for item in awaited {
                if Self.admits(item) { admissions.append((items.count, history)) }
                items.append(item)
            }
        }
        let tallies = QuotaTallies()
        for (index, history) in admissions {
            if let quota = try await quotaCheck(history: history, engine: scope.engine(for: history), organizations: scope.organizations,
                                                step: items[index].step.id, on: date, tallies: tallies) {
                items[index].verdict.checks.append(quota)
            }
        }
        return items.sorted { ($0.since, $0.person.number, $0.step.number ?? 0) < ($1.since, $1.person.number, $1.step.number ?? 0) }
    }

    /// What one person awaits from the committee as of a date.
    public func approvals(person key: String, asOf date: CivilDate) async throws -> [AwaitedApproval] {
        let file = try await personFile(key)
        let code = file.organizations.byID[file.engine.organizationID(of: file.history, asOf: date, organizations: file.organizations)]?.code ?? ""
        var items = Self.awaited(file.history, engine: file.engine, organizations: file.organizations, organizationCode: code, asOf: date)
        for index in items.indices where Self.admits(items[index]) {
            if let quota = try await quotaCheck(file: file, step: items[index].step.id, on: date) { items[index].verdict.checks.append(quota) }
        }
        return items
    }

    /// Whether the awaited step admits the person (the workflow has a quota and the step enters
    /// an admission stage): judged against the annual plans as well.
    static func admits(_ item: AwaitedApproval) -> Bool {
        guard item.workflow.quota != nil, let target = item.step.enters else { return false }
        return StageRoles(workflow: item.workflow).admission.contains(target)
    }

    static func awaited(_ history: History, engine: Engine, organizations: OrganizationDirectory, organizationCode code: String,
                        asOf date: CivilDate) -> [AwaitedApproval] {
        let workflow = engine.workflow
        guard let stage = engine.stage(of: history, asOf: date)?.stage else { return [] }
        let pending = engine.pendingDeadlines(history, asOf: date)
        var items: [AwaitedApproval] = []
        for step in workflow.steps where step.by == .committee && step.number != nil {
            var since: CivilDate?
            var due: CivilDate?
            var rule: String?
            if let deadline = pending.first(where: { $0.deadline.step == step.id }) {
                since = deadline.since
                due = deadline.due
                rule = deadline.deadline.rule
            } else if !step.isTransition, !step.requires.isEmpty {
                let stageAllows = step.during.isEmpty ? workflow.stage(stage)?.isExit == false : step.during.contains(stage)
                let required = step.requires.compactMap { history.latest($0, through: date)?.date }
                if stageAllows, required.count == step.requires.count, let latest = required.max(),
                   history.latest(step.id, through: date).map({ $0.date < latest }) ?? true {
                    since = latest
                }
            }
            guard let since else { continue }
            let verdict = engine.evaluate(step: step.id, on: date, history: history, organizations: organizations)
            items.append(AwaitedApproval(
                person: history.person, organizationCode: code, step: step, since: since, due: due, rule: rule,
                verdict: verdict, version: Int64(history.events.count), workflow: workflow))
        }
        return items
    }

    /// The transfers into an organization's subtree from outside it that the receiving side has
    /// not accepted yet: each person now held in the subtree whose latest transfer came from
    /// outside it, with no acceptance (a step with the `accept_transfer` effect) recorded after it.
    public func incomingTransfers(organization code: String) async throws -> [IncomingTransfer] {
        let scope = try await Scope(store: store, organization: code, person: nil)
        let directory = scope.organizations
        guard let organization = directory.organization(code: code) else { throw ServiceError.organizationNotFound(code) }
        let subtree = directory.subtree(of: organization.id)
        var transfers: [IncomingTransfer] = []
        try await scope.forEachHistory { history in
            let workflow = scope.engine(for: history).workflow
            let transferSteps = workflow.stepIDs(with: .transfer)
            let acceptances = workflow.stepIDs(with: .acceptTransfer)
            let moves = history.effective.filter { transferSteps.contains($0.step) }
            guard let transfer = moves.last, let destination = transfer.data.organization,
                  let target = directory.organization(code: destination), subtree.contains(target.id) else { return }
            let origin = moves.dropLast().last?.data.organization.flatMap { directory.organization(code: $0) }
                ?? directory.byID[history.person.organizationID]
            if let origin, subtree.contains(origin.id) { return }
            if history.effective.contains(where: { acceptances.contains($0.step) && $0.id > transfer.id }) { return }
            transfers.append(IncomingTransfer(
                person: history.person, event: transfer, from: origin?.code ?? "", to: destination,
                version: Int64(history.events.count)))
        }
        return transfers.sorted { ($0.event.date, $0.person.number) < ($1.event.date, $1.person.number) }
    }
}

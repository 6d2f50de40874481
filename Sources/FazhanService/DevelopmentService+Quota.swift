import FazhanCore
import FazhanReports
import FazhanStore
import Synchronization

/// The people admitted under each plan, counted once and shared by every admission judged in one
/// request (the approval queue judges many against the same plans).
final class QuotaTallies: Sendable {
    /// By plan organization, year, category and date: the ids of the people admitted.
    private let admitted = Mutex<[String: Set<Int64>]>([:])

    func admitted(_ key: String) -> Set<Int64>? { admitted.withLock { $0[key] } }
    func set(_ key: String, _ ids: Set<Int64>) { admitted.withLock { $0[key] = ids } }
}

extension DevelopmentService {
    /// R25 at the admission approval: the check that the annual plans holding the person on the
    /// date (of their category, for the date's year) still have room, counting everyone admitted
    /// under each plan's organization that year by approval date. Beyond a plan the approval is
    /// refused unless a waiver of the quota's rule is in force for the person (the committee
    /// decided). Nil when the step admits no one, the workflow has no `quota`, or no plan applies.
    ///
    /// It reads the plan organizations' histories, so it is worked out only for an admission.
    func quotaCheck(file: PersonFile, step stepID: String, on date: CivilDate, tallies: QuotaTallies? = nil) async throws -> Check? {
        try await quotaCheck(history: file.history, engine: file.engine, organizations: file.organizations, step: stepID, on: date,
                             tallies: tallies)
    }

    /// `quotaCheck(file:step:on:)` on a history read with others (the approval queue's).
    func quotaCheck(history: History, engine: Engine, organizations: OrganizationDirectory, step stepID: String, on date: CivilDate,
                    tallies: QuotaTallies? = nil) async throws -> Check? {
        let workflow = engine.workflow
        let person = history.person
        guard let quota = workflow.quota, let step = workflow.step(stepID), let target = step.enters,
              StageRoles(workflow: workflow).admission.contains(target) else { return nil }
        let category = person.category.rawValue
        let here = engine.organizationID(of: history, asOf: date, organizations: organizations)
        let directory = try await store.organizationDirectory()
        let holders = Set(directory.chain(from: here).map(\.code))
        let plans = try await store.plans(year: date.year).filter { $0.category == category && holders.contains($0.organizationCode) }
        guard !plans.isEmpty else { return nil }
        let rule = workflow.rule(quota.rule)
        let waiver = quota.waivable ? history.waiver(of: quota.rule, inForceOn: date, workflow: workflow) : nil
        var found: [String] = []
        var full: [String] = []
        for plan in plans.sorted(by: { $0.organizationCode < $1.organizationCode }) {
            guard let holder = directory.organization(code: plan.organizationCode) else { continue }
            let key = "\(plan.organizationCode)\u{0}\(plan.year)\u{0}\(category)\u{0}\(date)"
            var ids = tallies?.admitted(key)
            if ids == nil {
                let subtree = directory.subtree(of: holder.id)
                let scope = try await Scope(store: store, organization: plan.organizationCode, person: nil)
                var counted: Set<Int64> = []
                try await scope.forEachHistory { history in
                    guard let admission = PlanAdmission(history: history, engine: scope.engine(for: history), organizations: directory,
                                                        organizationCode: { _ in "" }, asOf: date),
                          admission.date.year == plan.year, admission.category == category, subtree.contains(admission.organizationID)
                    else { return }
                    counted.insert(history.person.id)
                }
                tallies?.set(key, counted)
                ids = counted
            }
            // Everyone else admitted under the plan (the person judged is not counted against themselves).
            let admitted = ids!.count - (ids!.contains(person.id) ? 1 : 0)
            let text = Catalogue.planFound(holder.name, plan.organizationCode, year: plan.year, category: category, quota: plan.quota,
                                           admitted: admitted, by: date)
            found.append(text)
            if admitted >= plan.quota { full.append(plan.organizationCode) }
        }
        let name = rule?.name ?? quota.rule
        var passed = full.isEmpty
        var foundText = found.joined(separator: Catalogue.separator)
        if !passed {
            foundText += Catalogue.beyondPlan(full)
            if let waiver {
                passed = true
                foundText += Catalogue.planWaived(by: waiver.data.approvedBy ?? "", on: waiver.date, until: waiver.data.until,
                                                  reason: waiver.data.reason ?? "", event: waiver.id)
            }
        }
        let required = Catalogue.planRequired(quota.rule)
        let message = Catalogue.checkMessage("\(quota.rule) \(name)", passed: passed, found: foundText, required: required)
        return Check(rule: quota.rule, ruleName: name, basis: rule?.basis ?? "", guardID: QuotaRule.clauseID, passed: passed,
                     found: foundText, required: required, earliest: nil, message: message,
                     waivable: !passed && quota.waivable, waiver: passed && !full.isEmpty ? waiver?.id : nil)
    }
}

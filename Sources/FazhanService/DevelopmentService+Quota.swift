import FazhanCore
import FazhanReports
import FazhanStore

extension DevelopmentService {
    /// R25 at the admission approval: the check that the annual plans holding the person on the
    /// date (of their category, for the date's year) still have room, counting everyone admitted
    /// under each plan's organization that year by approval date. Beyond a plan the approval is
    /// refused unless a waiver of the quota's rule is in force for the person (the committee
    /// decided). Nil when the step admits no one, the workflow has no `quota`, or no plan applies.
    ///
    /// It reads the plan organizations' histories, so it is worked out only for an admission.
    func quotaCheck(file: PersonFile, step stepID: String, on date: CivilDate) async throws -> Check? {
        let workflow = file.workflow
        guard let quota = workflow.quota, let step = workflow.step(stepID), let target = step.enters,
              StageRoles(workflow: workflow).admission.contains(target) else { return nil }
        let category = file.person.category.rawValue
        let here = file.engine.organizationID(of: file.history, asOf: date, organizations: file.organizations)
        let directory = try await store.organizationDirectory()
        let holders = Set(directory.chain(from: here).map(\.code))
        let plans = try await store.plans(year: date.year).filter { $0.category == category && holders.contains($0.organizationCode) }
        guard !plans.isEmpty else { return nil }
        let rule = workflow.rule(quota.rule)
        let waiverSteps = Set(workflow.steps(with: .waiver).map(\.id))
        let waiver = quota.waivable ? file.history.effective.last {
            waiverSteps.contains($0.step) && $0.data.rule == quota.rule && $0.date <= date && ($0.data.until.map { date <= $0 } ?? true)
        } : nil
        var found: [String] = []
        var full: [String] = []
        for plan in plans.sorted(by: { $0.organizationCode < $1.organizationCode }) {
            guard let holder = directory.organization(code: plan.organizationCode) else { continue }
            let subtree = directory.subtree(of: holder.id)
            let scope = try await Scope(store: store, organization: plan.organizationCode, person: nil)
            var admitted = 0
            try await scope.forEachHistory { history in
                guard history.person.id != file.person.id,
                      let admission = PlanAdmission(history: history, engine: scope.engine(for: history), organizations: directory,
                                                    organizationCode: { _ in "" }, asOf: date),
                      admission.date.year == plan.year, admission.category == category, subtree.contains(admission.organizationID)
                else { return }
                admitted += 1
            }
            let text = "\(holder.name) (\(plan.organizationCode)) \(plan.year) \(category) 年度发展计划 \(plan.quota): \(admitted) admitted by \(date)"
            found.append(text)
            if admitted >= plan.quota { full.append(plan.organizationCode) }
        }
        let name = rule?.name ?? quota.rule
        var passed = full.isEmpty
        var foundText = found.joined(separator: "; ")
        if !passed {
            foundText += "; this admission would be beyond the plan of \(full.joined(separator: ", "))"
            if let waiver {
                passed = true
                foundText += "; waived: \(waiver.data.approvedBy ?? "") on \(waiver.date)"
                    + (waiver.data.until.map { " until \($0)" } ?? "") + " (\(waiver.data.reason ?? ""), event #\(waiver.id))"
            }
        }
        let required = "admissions within the annual plan; beyond it only by the committee's decision, recorded as a waiver of \(quota.rule)"
        let message = passed ? "\(quota.rule) \(name): \(foundText)" : "\(quota.rule) \(name): found \(foundText); required \(required)"
        return Check(rule: quota.rule, ruleName: name, basis: rule?.basis ?? "", guardID: QuotaRule.clauseID, passed: passed,
                     found: foundText, required: required, earliest: nil, message: message,
                     waivable: !passed && quota.waivable, waiver: passed && !full.isEmpty ? waiver?.id : nil)
    }
}

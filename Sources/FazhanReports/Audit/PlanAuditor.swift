import FazhanCore

/// One admission as the plan audit sees it: who, where (on the approval date), which category,
/// when approved, and the waiver of the quota in force that day, if any.
public struct PlanAdmission: Sendable, Hashable {
    public var personNumber: String
    public var personName: String
    public var organizationID: Int64
    public var organizationCode: String
    public var category: String
    public var date: CivilDate
    public var step: String
    public var stepName: String
    public var eventID: Int64?
    public var imported: Bool
    public var workflow: String
    /// The person's workflow's quota rule (R25), when it has one.
    public var quota: QuotaRule?
    public var ruleName: String
    /// A waiver of the quota's rule recorded for the person and in force on the approval date.
    public var waiver: Event?

    /// The steps approving an admission in a workflow: those entering an admission stage.
    public static func admissionSteps(of workflow: Workflow) -> Set<String> {
        let admission = StageRoles(workflow: workflow).admission
        return Set(workflow.steps.filter { $0.enters.map(admission.contains) ?? false }.map(\.id))
    }

    /// The person's admission approval (the step entering the admission stage), with what the
    /// plan audit needs, or nil for someone not admitted by `asOf`.
    /// `admissionSteps`: `admissionSteps(of:)` of the person's workflow, when the caller has it
    /// (an audit judges many people on one workflow).
    public init?(history: History, engine: Engine, organizations: OrganizationDirectory, organizationCode: (CivilDate) -> String,
                 asOf: CivilDate, admissionSteps: Set<String>? = nil) {
        let workflow = engine.workflow
        let steps = admissionSteps ?? Self.admissionSteps(of: workflow)
        guard let event = history.effective.first(where: { steps.contains($0.step) }), event.date <= asOf else { return nil }
        personNumber = history.person.number
        personName = history.person.name
        organizationID = engine.organizationID(of: history, asOf: event.date, organizations: organizations)
        self.organizationCode = organizationCode(event.date)
        category = history.person.category.rawValue
        date = event.date
        step = event.step
        stepName = workflow.nameOfStep(event.step)
        eventID = event.id
        imported = event.imported
        self.workflow = workflow.id
        quota = workflow.quota
        ruleName = workflow.quota.flatMap { workflow.rule($0.rule)?.name } ?? ""
        waiver = workflow.quota.flatMap { quota in
            quota.waivable ? history.waiver(of: quota.rule, inForceOn: event.date, workflow: workflow) : nil
        }
    }
}

/// The annual development plan in the audit (R25): every admission beyond a plan's quota, by
/// approval date, is a finding (waived when the committee recorded a waiver of the quota for
/// the person), and so is a surge (突击发展): more of a year's plan admitted within a short time
/// than the workflow's `quota.surge` allows.
///
/// Admissions count toward every plan of an organization holding the person on the approval
/// date, for the person's category, in the approval's year, as the quarterly report counts them.
public struct PlanAuditor: Sendable {
    public var asOf: CivilDate

    public init(asOf: CivilDate) {
        self.asOf = asOf
    }

    public func audit(_ admissions: [PlanAdmission], plans: [DevelopmentPlan], organizations: OrganizationDirectory) -> [Finding] {
        var findings: [Finding] = []
        for plan in plans.sorted(by: { ($0.year, $0.organizationCode, $0.category) < ($1.year, $1.organizationCode, $1.category) }) {
            guard let holder = organizations.organization(code: plan.organizationCode) else { continue }
            let subtree = organizations.subtree(of: holder.id)
            let counted = admissions
                .filter { $0.date.year == plan.year && $0.date <= asOf && $0.category == plan.category && subtree.contains($0.organizationID) }
                .sorted { ($0.date, $0.personNumber) < ($1.date, $1.personNumber) }
            var planText: String {
                Catalogue.plan(holder.name, code: plan.organizationCode, year: plan.year, category: plan.category, quota: plan.quota)
            }
            // Beyond the quota.
            for (index, admission) in counted.enumerated() where index >= plan.quota {
                guard let quota = admission.quota else { continue }
                var found = Catalogue.admissionOf(admission.stepName, on: admission.date, number: index + 1, planText)
                var severity = Finding.Severity.violation
                if let waiver = admission.waiver {
                    severity = .waived
                    found += Catalogue.waived(by: waiver.data.approvedBy ?? "", on: waiver.date, until: waiver.data.until,
                                              reason: waiver.data.reason ?? "", event: waiver.id)
                }
                findings.append(finding(admission, rule: quota.rule, severity: severity, found: found,
                                        required: Catalogue.quotaRequired(plan.quota, year: plan.year, planText, rule: quota.rule),
                                        source: "plan-quota"))
            }
            // A surge: more than the share of the plan within the period; one finding per plan,
            // on the admission that crossed the line.
            guard plan.quota > 0 else { continue }
            var start = 0
            for (index, admission) in counted.enumerated() {
                guard let quota = admission.quota, let share = quota.surgeShare, let within = quota.surgeWithin else { continue }
                while within.added(to: counted[start].date, calendar: WorkingCalendar()).date < admission.date { start += 1 }
                let inWindow = index - start + 1
                if inWindow >= (quota.surgeMinimum ?? 1), inWindow.saturatingMultiplied(by: 10_000) > share.saturatingMultiplied(by: plan.quota) {
                    let percent = Percent(numerator: share, denominator: 10_000).map(\.description) ?? "\(share / 100)%"
                    findings.append(finding(
                        admission, rule: quota.rule, severity: .violation,
                        found: Catalogue.surgeFound(inWindow, from: counted[start].date, to: admission.date, planText),
                        required: Catalogue.surgeRequired(percent, within: within, minimum: quota.surgeMinimum),
                        source: "plan-surge"))
                    break
                }
            }
        }
        return findings
    }

    private func finding(_ admission: PlanAdmission, rule: String, severity: Finding.Severity, found: String, required: String,
                         source: String) -> Finding {
        Finding(personNumber: admission.personNumber, personName: admission.personName, organization: admission.organizationCode,
                rule: rule, ruleName: admission.ruleName, severity: severity, step: admission.step, stepName: admission.stepName,
                eventID: admission.eventID, date: admission.date, found: found, required: required, missedByDays: nil,
                source: source, workflow: admission.workflow, imported: admission.imported)
    }
}

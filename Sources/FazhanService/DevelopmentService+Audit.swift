import FazhanCore
import FazhanReports
import FazhanStore

/// What an audit found: every finding (violations first, then by organization, person and date)
/// and a summary per organization.
public struct AuditReport: Encodable, Sendable {
    public struct Summary: Encodable, Sendable {
        public var organization: String
        public var organizationName: String
        public var people: Int
        /// Findings per rule and severity.
        public var findings: [String: [String: Int]]
    }

    public var asOf: String
    public var workflows: [InstalledWorkflow]
    public var peopleAudited: Int
    public var violations: Int
    public var summary: [Summary]
    public var findings: [Finding]
    /// The rule versions audited against, as one line.
    public var versionsLine: String

    enum CodingKeys: String, CodingKey {
        case asOf, workflows, peopleAudited, violations, summary, findings
    }
}

extension DevelopmentService {
    /// Replays every recorded step of everyone in scope (an organization's subtree, one person,
    /// or everyone) through its guards on the history as it stood that day, and checks every
    /// deadline, as of a date.
    public func audit(organization: String?, person: String?, asOf date: CivilDate,
                      asRecorded cutoff: RecordedCutoff? = nil) async throws -> AuditReport {
        let scope = try await Scope(store: store, organization: organization, person: person, asRecorded: cutoff)
        // As recorded on a date, the plans as they stood then.
        var planning: PlanningRecords?
        if let cutoff { planning = try await store.planningRecords().recorded(by: cutoff) }
        let auditor = Auditor(asOf: date)
        var findings: [Finding] = []
        var peoplePerOrganization: [String: Int] = [:]
        var audited = 0
        var admissions: [PlanAdmission] = []
        var named: [NamedMembers] = []
        let admissionSteps = scope.workflows.mapValues(PlanAdmission.admissionSteps(of:))
        try await scope.map({ [scope] history in
            let code = scope.organizationCode(of: history, asOf: date)
            let engine = scope.engine(for: history)
            let admission = PlanAdmission(history: history, engine: engine, organizations: scope.organizations,
                                          organizationCode: { scope.organizationCode(of: history, asOf: $0) }, asOf: date,
                                          admissionSteps: admissionSteps[history.person.workflowVersion])
            return (code, auditor.audit(history, engine: engine, organizations: scope.organizations, organizationCode: code), admission,
                    Self.namedMembers(in: history, workflow: engine.workflow, organization: code))
        }) { results in
            for (code, found, admission, members) in results {
                peoplePerOrganization[code, default: 0] += 1
                findings += found
                if let admission { admissions.append(admission) }
                named += members
            }
            audited += results.count
        }
        // R5 and R9: mentors and introducers named from the register, each judged on their own
        // history (as recorded by then) on the date they were named; each read once.
        if !named.isEmpty {
            var read: [String: MemberStanding] = [:]
            findings += try await memberFindings(named) { number, on in
                let key = "\(number)\u{0}\(on)"
                if let known = read[key] { return known }
                let standing = try await memberStanding(number, on: on, asRecorded: cutoff)
                read[key] = standing
                return standing
            }
        }
        // R25: the annual plans, judged on the admissions of everyone in scope; plans of an
        // organization above the scope would be counted short, so only those within it (none
        // for one person's audit).
        if person == nil, !admissions.isEmpty {
            let within = organization.flatMap { scope.organizations.organization(code: $0) }.map { scope.organizations.subtree(of: $0.id) }
            var plans: [DevelopmentPlan] = []
            for year in Set(admissions.map(\.date.year)).sorted() {
                let recorded = if let planning { planning.plans(year: year) } else { try await store.plans(year: year) }
                plans += recorded.filter { plan in
                    guard let within else { return true }
                    return scope.organizations.organization(code: plan.organizationCode).map { within.contains($0.id) } ?? false
                }
            }
            findings += PlanAuditor(asOf: date).audit(admissions, plans: plans, organizations: scope.organizations)
        }
        let byOrganization = Dictionary(grouping: findings, by: \.organization)
        let summary = peoplePerOrganization.keys.sorted().map { code in
            let here = byOrganization[code] ?? []
            var byRule: [String: [String: Int]] = [:]
            for finding in here { byRule[finding.rule, default: [:]][finding.severity.rawValue, default: 0] += 1 }
            return AuditReport.Summary(organization: code, organizationName: scope.organizations.organization(code: code)?.name ?? "",
                                       people: peoplePerOrganization[code] ?? 0, findings: byRule)
        }
        // Violations first, then by organization, person and date.
        findings.sort {
            ($0.severity, $0.organization, $0.personNumber, $0.date, $0.source) < ($1.severity, $1.organization, $1.personNumber, $1.date, $1.source)
        }
        return AuditReport(
            asOf: date.description, workflows: scope.versions, peopleAudited: audited,
            violations: findings.filter { $0.severity == .violation }.count, summary: summary, findings: findings,
            versionsLine: scope.versionsLine)
    }

    /// What is due or overdue within `horizonDays` of a date, for everyone in scope, overdue first.
    ///
    /// One person's or a small organization's agenda (up to 5,000 people) reads only the
    /// organizations its people need, once it has read their histories; a larger one reads the
    /// whole tree and streams.
    public func agenda(organization: String?, person: String?, asOf date: CivilDate, horizonDays: Int,
                       asRecorded cutoff: RecordedCutoff? = nil) async throws -> [AgendaItem] {
        var narrow = person != nil
        if !narrow, let code = organization { narrow = try await store.personCount(organizationCode: code) <= 5_000 }
        let scope = try await Scope(store: store, organization: organization, person: person, wholeTree: !narrow, asRecorded: cutoff)
        let builder = AgendaBuilder(asOf: date, horizonDays: horizonDays)
        var items: [AgendaItem] = []
        func add(_ history: History, organizations: OrganizationDirectory) {
            items += builder.items(for: history, engine: scope.engine(for: history), organizations: organizations,
                                   organizationCode: scope.organizationCode(of: history, asOf: date, in: organizations))
        }
        if narrow {
            var histories: [History] = []
            try await scope.forEachHistory { histories.append($0) }
            let organizations = try await scope.organizations(reaching: histories)
            for history in histories { add(history, organizations: organizations) }
        } else {
            try await scope.forEachHistory { add($0, organizations: scope.organizations) }
        }
        return AgendaBuilder.sorted(items)
    }
}

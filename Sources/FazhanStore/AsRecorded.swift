import FazhanCore

/// What was registered after an "as recorded on" cutoff: left out of a report, an audit or an
/// agenda produced as it stood then (`EventStore.recordedLater(than:)`).
public struct LaterRecords: Sendable, Hashable {
    /// People registered after the cutoff, by id.
    public var people: Set<Int64>
    /// Organizations created after the cutoff, by code.
    public var organizations: Set<String>
    /// Workflow versions installed after the cutoff.
    public var workflowVersions: Set<Int64>

    public init(people: Set<Int64> = [], organizations: Set<String> = [], workflowVersions: Set<Int64> = []) {
        self.people = people
        self.organizations = organizations
        self.workflowVersions = workflowVersions
    }
}

/// Every enrollment count, development plan, branch grading and full-member count ever recorded, each list in
/// recording order (`EventStore.planningRecords()`): a few rows per organization and year, from
/// which the entries in force as recorded by any cutoff are worked out here, as the stores' own
/// queries work out the entries in force now.
public struct PlanningRecords: Sendable, Hashable {
    public var enrollments: [EnrollmentCount]
    public var plans: [DevelopmentPlan]
    public var gradings: [BranchGrading]
    /// The branches' full-member counts (R13's `roster` guards).
    public var memberships: [MembershipCount]

    public init(enrollments: [EnrollmentCount], plans: [DevelopmentPlan], gradings: [BranchGrading], memberships: [MembershipCount] = []) {
        self.enrollments = enrollments
        self.plans = plans
        self.gradings = gradings
        self.memberships = memberships
    }

    /// The full-member counts, for judging meetings' 应到.
    public var roster: RosterBook { RosterBook(memberships) }

    /// Only what had been recorded by `cutoff`.
    public func recorded(by cutoff: RecordedCutoff) -> PlanningRecords {
        PlanningRecords(enrollments: enrollments.filter { cutoff.includes($0.recordedAt) },
                        plans: plans.filter { cutoff.includes($0.recordedAt) },
                        gradings: gradings.filter { cutoff.includes($0.recordedAt) },
                        memberships: memberships.filter { cutoff.includes($0.recordedAt) })
    }

    /// The counts in force on `date`, one per organization (the latest effective on or before
    /// it, the later recorded on a tie), by organization code: as `EventStore.enrollment(asOf:)`.
    public func enrollment(asOf date: CivilDate) -> [EnrollmentCount] {
        var chosen: [String: EnrollmentCount] = [:]
        for entry in enrollments where entry.effectiveOn <= date {
            if let held = chosen[entry.organizationCode], held.effectiveOn > entry.effectiveOn { continue }
            chosen[entry.organizationCode] = entry
        }
        return chosen.values.sorted { $0.organizationCode.utf8.lexicographicallyPrecedes($1.organizationCode.utf8) }
    }

    /// The plans of `year`, the latest recorded per organization and category: as
    /// `EventStore.plans(year:)`.
    public func plans(year: Int) -> [DevelopmentPlan] {
        var chosen: [String: DevelopmentPlan] = [:]
        for plan in plans where plan.year == year { chosen[plan.organizationCode + "\u{0}" + plan.category] = plan }
        return chosen.values.sorted {
            $0.organizationCode != $1.organizationCode
                ? $0.organizationCode.utf8.lexicographicallyPrecedes($1.organizationCode.utf8)
                : $0.category.utf8.lexicographicallyPrecedes($1.category.utf8)
        }
    }

    /// The gradings of `year`, the latest recorded per branch: as `EventStore.gradings(year:)`.
    public func gradings(year: Int) -> [BranchGrading] {
        var chosen: [String: BranchGrading] = [:]
        for grading in gradings where grading.year == year { chosen[grading.organizationCode] = grading }
        return chosen.values.sorted { $0.organizationCode.utf8.lexicographicallyPrecedes($1.organizationCode.utf8) }
    }
}

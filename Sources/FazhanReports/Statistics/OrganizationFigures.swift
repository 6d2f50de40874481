import FazhanCore

/// An organization as named in the statistics.
public struct OrganizationSummary: Sendable, Hashable, Encodable {
    public var id: Int64
    /// The organization's code, or `#ID` for an id missing from the directory.
    public var code: String
    public var name: String
    /// `committee`, `general-branch` or `branch`; `nil` for an id missing from the directory.
    public var kind: Organization.Kind?
    public var parentCode: String?
}

/// The figures of one organization, or of an organization with everything under it, or of the
/// whole directory: stocks on the period's last day, flows within the period, and the
/// bulletin's breakdowns of members and new members.
///
/// Stocks and flows come per stage (`stock`, `entered`, in the workflow's order) and as the
/// named totals the reports use (`members`, `reserve`, `admissions`, ...), each by category.
public struct OrganizationFigures: Sendable, Hashable, Encodable {
    /// `nil` for the figures of the whole directory.
    public var organization: OrganizationSummary?
    /// Whether the figures include the organizations under it (a 党委 with its 党总支 and
    /// branches).
    public var includesSubordinates: Bool

    // MARK: Stocks on the period's last day

    /// People per active stage (exit stages are not stocks), by the organization holding them
    /// that day.
    public var stock: [StageCounts]
    /// Party members: probationary and full.
    public var members: CategoryCounts
    /// The reserve: applicants, activists and candidates.
    public var reserve: CategoryCounts

    // MARK: Flows within the period

    /// People entering each stage (exits included), counted at the organization holding them on
    /// the day of the step; admissions and conversions on their approval date.
    public var entered: [StageCounts]
    /// Entered the initial stage (递交入党申请书).
    public var applications: CategoryCounts
    /// Entered probation by approval (接收预备党员).
    public var admissions: CategoryCounts
    /// Entered full membership by approval (转正).
    public var conversions: CategoryCounts
    /// Entered an exit stage (withdrawn, cancelled, transferred out of the system).
    public var exits: CategoryCounts
    /// Probation extensions recorded (延长预备期).
    public var extensions: CategoryCounts
    /// Transfers (组织关系转接) into the scope from an organization outside it.
    public var transfersIn: CategoryCounts
    /// Transfers out of the scope to an organization outside it.
    public var transfersOut: CategoryCounts

    // MARK: Breakdowns

    /// The members (probationary and full) on the period's last day; ages on that day.
    public var memberStock: Breakdown
    /// The people admitted in the period; ages in bands on the period's last day, "35 and under"
    /// on the day of the admission approval.
    public var newMembers: Breakdown

    /// The stock of one stage (zero for a stage not listed).
    public func stock(_ stage: String) -> CategoryCounts {
        stock.first { $0.stage == stage }?.counts ?? CategoryCounts()
    }

    /// The stock of several stages together.
    public func stock(_ stages: some Sequence<String>) -> CategoryCounts {
        stages.reduce(CategoryCounts()) { $0 + stock($1) }
    }

    /// The people entering one stage in the period (zero for a stage not listed).
    public func entered(_ stage: String) -> CategoryCounts {
        entered.first { $0.stage == stage }?.counts ?? CategoryCounts()
    }
}

/// The raw counts of one organization's own people, before naming and rolling up.
struct Tally: Sendable, Hashable {
    var stock: [String: CategoryCounts] = [:]
    var entered: [String: CategoryCounts] = [:]
    var extensions = CategoryCounts()
    var memberStock = Breakdown()
    var newMembers = Breakdown()

    mutating func add(_ other: Tally) {
        stock.merge(other.stock, uniquingKeysWith: +)
        entered.merge(other.entered, uniquingKeysWith: +)
        extensions += other.extensions
        memberStock += other.memberStock
        newMembers += other.newMembers
    }
}

/// One person's change of organization within the period: from the organization holding them
/// the day before a transfer to the one holding them on its day.
struct Movement: Sendable, Hashable {
    var from: Int64
    var to: Int64
    var category: PersonProfile.Category
}

import FazhanCore

/// What each stage of a workflow counts as in the statistics, read from the workflow file.
///
/// Nothing is known by id: the initial stage is the one entered by a step with no `from`
/// (入党申请人), the admission stage the one entered by the step whose stage takes effect on the
/// probation start (预备党员, R19), the final stages those marked `final` (正式党员), the exits
/// those marked `exit` (withdrawn, cancelled, transferred out). Members are the admission and
/// final stages (members include probationary members); the reserve is every other active
/// stage (申请人、积极分子、发展对象).
public struct StageRoles: Sendable, Hashable {
    /// Stages entered by an application (counted as applications).
    public var initial: Set<String>
    /// Stages entered by an admission approval (counted as admissions, new members).
    public var admission: Set<String>
    /// Final stages that are not exits (entered by a conversion).
    public var final: Set<String>
    /// Ways out of the process; people in them are not in the stocks.
    public var exits: Set<String>
    /// Every stage of the workflow.
    public var all: Set<String>

    public init(initial: Set<String>, admission: Set<String>, final: Set<String>, exits: Set<String>, all: Set<String>) {
        self.initial = initial
        self.admission = admission
        self.final = final
        self.exits = exits
        self.all = all.union(initial).union(admission).union(final).union(exits)
    }

    /// The roles as the workflow defines them.
    public init(workflow: Workflow) {
        let probationStart = EffectiveDate.dateOf(step: workflow.probation.startsAt)
        self.init(
            initial: Set(workflow.initialStage.map { [$0.id] } ?? []),
            admission: Set(workflow.steps.filter { $0.effective == probationStart }.compactMap(\.enters)),
            final: Set(workflow.stages.filter { $0.isFinal && !$0.isExit }.map(\.id)),
            exits: Set(workflow.stages.filter(\.isExit).map(\.id)),
            all: Set(workflow.stages.map(\.id)))
    }

    /// Party members: probationary and full (the admission and final stages).
    public var members: Set<String> { admission.union(final).subtracting(exits) }

    /// The reserve (后备力量): every stage that is neither a member stage nor an exit.
    public var reserve: Set<String> { all.subtracting(members).subtracting(exits) }

    /// The roles of two workflows together (people may follow different versions).
    public func union(_ other: StageRoles) -> StageRoles {
        StageRoles(initial: initial.union(other.initial), admission: admission.union(other.admission),
                   final: final.union(other.final), exits: exits.union(other.exits), all: all.union(other.all))
    }
}

/// A stage as a column of the statistics: its id and name from the workflow, and its role.
public struct StageSummary: Sendable, Hashable, Encodable {
    public enum Role: String, Sendable, Hashable, Encodable {
        /// 申请人、积极分子、发展对象.
        case reserve
        /// 预备党员、正式党员.
        case member
        /// Withdrawn, cancelled, transferred out: counted in flows, never in stocks.
        case exit
    }

    public var id: String
    public var name: String
    /// The workflow's order of stages.
    public var order: Int
    public var role: Role
    /// Entered by an application.
    public var isInitial: Bool
    /// Entered by an admission approval.
    public var isAdmission: Bool
    /// Entered by a conversion.
    public var isFinal: Bool
}

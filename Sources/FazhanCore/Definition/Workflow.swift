/// A validated rule set: the stages, the steps, the guards of each step and the deadlines, as
/// read from `workflows/*.yaml`.
///
/// Nothing in it is hard-coded in Swift: rule ids, numbers and names all come from the file.
/// Guards attach to steps; a *transition* is a step that `enters` a stage, and its guards are
/// the guards of that transition.
public struct Workflow: Sendable {
    // Every field lives in one shared storage: a workflow is copied into every engine, guard
    // context and verdict, and a copy is then one reference instead of a dozen (the audit copies
    // it for every step it judges). Written, it is copied first if shared (value semantics kept).
    private final class Storage: @unchecked Sendable {
        var id: String
        var title: String
        var provisional: Bool
        var provisionalNote: String?
        var basedOn: String?
        var calendarID: String
        var stages: [Stage]
        var rules: [String: Rule]
        var steps: [Step]
        var guards: [Guard]
        var deadlines: [Deadline]
        var probation: Probation
        var noticeNodes: [NoticeNode]
        var targets: [Target]
        var quota: QuotaRule?
        var index: Index

        init(id: String, title: String, provisional: Bool, provisionalNote: String?, basedOn: String?, calendarID: String,
             stages: [Stage], rules: [String: Rule], steps: [Step], guards: [Guard], deadlines: [Deadline], probation: Probation,
             noticeNodes: [NoticeNode], targets: [Target], quota: QuotaRule?, index: Index) {
            self.id = id
            self.title = title
            self.provisional = provisional
            self.provisionalNote = provisionalNote
            self.basedOn = basedOn
            self.calendarID = calendarID
            self.stages = stages
            self.rules = rules
            self.steps = steps
            self.guards = guards
            self.deadlines = deadlines
            self.probation = probation
            self.noticeNodes = noticeNodes
            self.targets = targets
            self.quota = quota
            self.index = index
        }

        func copy() -> Storage {
            Storage(id: id, title: title, provisional: provisional, provisionalNote: provisionalNote, basedOn: basedOn,
                    calendarID: calendarID, stages: stages, rules: rules, steps: steps, guards: guards, deadlines: deadlines,
                    probation: probation, noticeNodes: noticeNodes, targets: targets, quota: quota, index: index)
        }
    }

    private var storage: Storage

    /// The storage, copied first when another workflow shares it.
    private var unique: Storage {
        mutating get {
            if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
            return storage
        }
    }

    public var id: String {
        get { storage.id }
        set { unique.id = newValue }
    }
    public var title: String {
        get { storage.title }
        set { unique.title = newValue }
    }
    /// True for rules known only from secondary sources (the 2026 revision).
    public var provisional: Bool {
        get { storage.provisional }
        set { unique.provisional = newValue }
    }
    public var provisionalNote: String? {
        get { storage.provisionalNote }
        set { unique.provisionalNote = newValue }
    }
    /// The workflow this one builds on, when it is a local variant.
    public var basedOn: String? {
        get { storage.basedOn }
        set { unique.basedOn = newValue }
    }
    /// The working-day calendar the workflow counts with, e.g. `cn`.
    public var calendarID: String {
        get { storage.calendarID }
        set { unique.calendarID = newValue }
    }
    public var stages: [Stage] {
        get { storage.stages }
        set { unique.stages = newValue }
    }
    public var rules: [String: Rule] {
        get { storage.rules }
        set { unique.rules = newValue }
    }
    public var steps: [Step] {
        get { storage.steps }
        set {
            let storage = unique
            storage.steps = newValue
            storage.index = Index(steps: storage.steps, guards: storage.guards)
        }
    }
    public var guards: [Guard] {
        get { storage.guards }
        set {
            let storage = unique
            storage.guards = newValue
            storage.index = Index(steps: storage.steps, guards: storage.guards)
        }
    }
    public var deadlines: [Deadline] {
        get { storage.deadlines }
        set { unique.deadlines = newValue }
    }
    public var probation: Probation {
        get { storage.probation }
        set { unique.probation = newValue }
    }
    /// 公示 nodes, e.g. `candidate: 确定发展对象前`.
    public var noticeNodes: [NoticeNode] {
        get { storage.noticeNodes }
        set { unique.noticeNodes = newValue }
    }
    /// Ratio targets the statistics are judged against.
    public var targets: [Target] {
        get { storage.targets }
        set { unique.targets = newValue }
    }
    /// The annual development plan (R25): admissions beyond it, and surges against it.
    public var quota: QuotaRule? {
        get { storage.quota }
        set { unique.quota = newValue }
    }

    public init(
        id: String, title: String, provisional: Bool, provisionalNote: String?, basedOn: String?,
        calendarID: String, stages: [Stage], rules: [String: Rule], steps: [Step], guards: [Guard],
        deadlines: [Deadline], probation: Probation, noticeNodes: [NoticeNode], targets: [Target] = [], quota: QuotaRule? = nil
    ) {
        storage = Storage(id: id, title: title, provisional: provisional, provisionalNote: provisionalNote, basedOn: basedOn,
                          calendarID: calendarID, stages: stages, rules: rules, steps: steps, guards: guards, deadlines: deadlines,
                          probation: probation, noticeNodes: noticeNodes, targets: targets, quota: quota,
                          index: Index(steps: steps, guards: guards))
    }

    /// Steps and guards by id, for the lookups made for every event judged.
    private struct Index: Sendable {
        /// The position of the first step with each id.
        var stepPositions: [String: Int] = [:]
        /// Each step's guards, in file order.
        var guardsByStep: [String: [Guard]] = [:]
        /// The ids of the steps with each effect, in file order (by `StepEffect.allCases` position).
        var stepIDsByEffect: [[String]] = Array(repeating: [], count: StepEffect.allCases.count)
        /// The steps whose dates a transition takes effect on (`effective: {date_of: STEP}`).
        var effectiveDateSteps: Set<String> = []
        /// Whether a transition takes effect when probation ends.
        var takesEffectAtProbationEnd = false
        /// By position: whether statistics read the step (`TimelineDigest.isKept`).
        var countedSteps: [Bool] = []

        init(steps: [Step], guards: [Guard]) {
            for (position, step) in steps.enumerated() {
                if stepPositions[step.id] == nil { stepPositions[step.id] = position }
                countedSteps.append(TimelineDigest.isKept(step))
                if let effect = step.effect { stepIDsByEffect[effect.position].append(step.id) }
                switch step.effective {
                case .stepDate: break
                case .dateOf(let other): effectiveDateSteps.insert(other)
                case .probationEnd: takesEffectAtProbationEnd = true
                }
            }
            for guardDefinition in guards { guardsByStep[guardDefinition.step, default: []].append(guardDefinition) }
        }
    }

    public func stage(_ id: String) -> Stage? { stages.first { $0.id == id } }
    public func step(_ id: String) -> Step? { storage.index.stepPositions[id].map { storage.steps[$0] } }

    /// The clauses of a rule worded "normally" (一般) that a waiver of the rule lifts: the ids
    /// of its guards and deadlines marked `waivable: true`. Empty: the rule cannot be waived.
    public func waivableClauses(of rule: String) -> [String] {
        guards.filter { $0.rule == rule && $0.waivable }.map(\.id) + deadlines.filter { $0.rule == rule && $0.waivable }.map(\.id)
            + (quota.map { $0.rule == rule && $0.waivable } == true ? [QuotaRule.clauseID] : [])
    }

    /// Whether there is a step with this id (without copying it out).
    public func hasStep(_ id: String) -> Bool { storage.index.stepPositions[id] != nil }

    /// The position in `steps` of the step with this id.
    func stepPosition(_ id: String) -> Int? { storage.index.stepPositions[id] }

    /// The name of the step with this id, else the id (`step(id)?.name ?? id`, without copying the step).
    public func nameOfStep(_ id: String) -> String { storage.index.stepPositions[id].map { storage.steps[$0].name } ?? id }
    public func rule(_ id: String) -> Rule? { rules[id] }
    public func guards(on stepID: String) -> [Guard] { storage.index.guardsByStep[stepID] ?? [] }

    /// The steps that have an effect (transfer, waiver, probation extension).
    public func steps(with effect: StepEffect) -> [Step] { steps.filter { $0.effect == effect } }

    /// The ids of the steps that have an effect (`steps(with:)` without copying the steps), for
    /// the lookups made for every event judged.
    public func stepIDs(with effect: StepEffect) -> [String] { storage.index.stepIDsByEffect[effect.position] }

    /// Whether there is a step at `position` and statistics read it (`TimelineDigest.isKept`),
    /// without copying the step: what reading a stored digest checks of every entry.
    public func isCountedStep(at position: Int) -> Bool {
        position >= 0 && position < storage.index.countedSteps.count && storage.index.countedSteps[position]
    }

    /// Whether an event of this step can move the day a stage takes effect (`StageTimeline`):
    /// a step whose date a transition takes, or (when a transition takes effect at the end of
    /// probation) the start of probation and its extensions.
    public func movesEffectiveDates(_ stepID: String) -> Bool {
        if storage.index.effectiveDateSteps.contains(stepID) { return true }
        guard storage.index.takesEffectAtProbationEnd else { return false }
        return stepID == storage.probation.startsAt || stepIDs(with: .extendProbation).contains(stepID)
    }

    /// The stages in which a deadline runs: its own `during`, else its step's `during`, else
    /// the stages its step (a transition) leaves. Empty means every stage.
    public func stages(where deadline: Deadline) -> [String] {
        guard let step = step(deadline.step) else { return [] }
        return !deadline.during.isEmpty ? deadline.during : (!step.during.isEmpty ? step.during : step.from)
    }

    /// The step that enters `stage` (e.g. `designate_activist` for `activist`).
    public func enteringStep(for stage: String) -> Step? {
        steps.first { $0.enters == stage }
    }

    /// The first stage (entered by a step with no `from`).
    public var initialStage: Stage? {
        steps.first { $0.enters != nil && $0.from.isEmpty }.flatMap { stage($0.enters!) }
    }

    /// The stages that can follow `stage` by one transition, in order.
    public func nextStages(after stage: String) -> [Stage] {
        steps.filter { $0.from.contains(stage) }.compactMap { $0.enters.flatMap(self.stage) }
            .sorted { $0.order < $1.order }
    }

    /// A display name for a step: `支部大会讨论 (admission_meeting)`.
    public func stepName(_ id: String) -> String {
        step(id).map { "\($0.name) (\($0.id))" } ?? id
    }

    public func stageName(_ id: String) -> String {
        stage(id)?.name ?? id
    }
}

public struct Stage: Sendable, Hashable {
    public var id: String
    public var name: String
    public var order: Int
    /// A terminal stage: no transition leaves it and the person's file is complete.
    public var isFinal: Bool
    /// A way out of the process (withdrawn, cancelled, transferred out): the person leaves the
    /// active lists and keeps their history.
    public var isExit: Bool

    public init(id: String, name: String, order: Int, isFinal: Bool, isExit: Bool = false) {
        self.id = id
        self.name = name
        self.order = order
        self.isFinal = isFinal
        self.isExit = isExit
    }
}

public struct Rule: Sendable, Hashable {
    public var id: String
    public var name: String
    public var basis: String
    /// Whether any clause of the rule (a guard or a deadline marked `waivable: true`, worded
    /// "normally" (一般)) may be waived by a structured waiver. Derived from the clauses: a rule
    /// is not waivable as a whole, and a waiver of it lifts only its waivable clauses.
    public var waivable: Bool

    public init(id: String, name: String, basis: String, waivable: Bool = false) {
        self.id = id
        self.name = name
        self.basis = basis
        self.waivable = waivable
    }
}

public struct NoticeNode: Sendable, Hashable {
    public var id: String
    public var name: String
}

/// The data a step carries when it is recorded.
public enum StepData: String, Sendable, Hashable, CaseIterable {
    /// Meeting votes: expected (应到), present (实到), for, against, abstain, written opinions.
    case vote
    /// A 公示: from, to, node, unresolved objections.
    case notice
    /// Training length: days and/or class hours.
    case training
    /// A result: pass or fail.
    case result
    /// Names of people (mentors, introducers, who talked).
    case names
    /// How a recommendation was made: league (推优) or members (党员推荐).
    case method
    /// The approving organization.
    case approver
    /// A reason (a withdrawal, a cancellation).
    case reason
    /// The destination organization of a transfer.
    case organization
    /// A number of months (a probation extension).
    case months
    /// A waiver: the rule waived, who approved it and why.
    case waiver
    /// The date the person is expected to leave the unit (R12: graduation, a transfer of job).
    case departure
    /// Who held a talk and in what role (R16: a committee member or 组织员).
    case holder
    /// The committee meeting's vote on this one person (R17: discussed collectively, voted
    /// person by person): 应到 and 实到 committee members and the votes for, in the vote fields.
    case committeeVote = "committee_vote"
    /// A period's last day (留党察看 until).
    case term
}

/// What a step does besides being recorded; the engine knows these effects, the workflow
/// assigns them to steps.
public enum StepEffect: String, Sendable, Hashable, CaseIterable {
    /// Moves the person to another organization from its date (组织关系转接); the clock keeps running.
    case transfer
    /// Waives a rule worded "normally" (一般) for this person, from its date (until a date, if given).
    case waiver
    /// Extends probation by the event's months (R20), once.
    case extendProbation = "extend_probation"
    /// The receiving side accepts the person's latest transfer into its organization (the server's transfers).
    case acceptTransfer = "accept_transfer"
    /// The committee refuses a step it was asked for (filing, pre-review, approval), with the reason.
    case refusal

    /// The effect's position in `allCases`.
    var position: Int {
        switch self {
        case .transfer: 0
        case .waiver: 1
        case .extendProbation: 2
        case .acceptTransfer: 3
        case .refusal: 4
        }
    }
}

public struct Step: Sendable, Hashable {
    public var id: String
    public var name: String
    /// The number of the step among the 25, or nil for a side fact.
    public var number: Int?
    public var rules: [String]
    /// The stage this step enters, when it is a transition.
    public var enters: String?
    /// The stages a transition may start from.
    public var from: [String]
    /// The stages during which the step may be recorded; empty means any active stage.
    public var during: [String]
    /// Steps that must be recorded before this one (on or before its date).
    public var requires: [String]
    /// Data the step must carry.
    public var data: [StepData]
    /// For a transition: the date the new stage takes effect.
    public var effective: EffectiveDate
    /// May be recorded more than once (assessments, notices, meetings).
    public var repeatable: Bool
    public var effect: StepEffect?
    /// The narrowest role that may record the step on the server (`by:`; a branch by default):
    /// a grant of that role or a wider one at an organization above the person.
    public var by: Role = .branch
    public var location: SourceLocation
    /// The rule that makes the step happen once only (`once_rule:`; R20: probation is extended
    /// once). Without it, a second record of a step that is not repeatable is an ordering
    /// problem (correct the first instead) and cites no rule.
    public var onceRule: String? = nil

    public var isTransition: Bool { enters != nil }
}

/// When a stage entered by a transition takes effect.
public enum EffectiveDate: Sendable, Hashable {
    /// On the date of the transition step itself.
    case stepDate
    /// On the date of another step (probation starts on the admission meeting's date, R19).
    case dateOf(step: String)
    /// On the day probation ends (full membership, R21).
    case probationEnd
}

/// Probation: when it starts and how long it lasts (R19).
public struct Probation: Sendable, Hashable {
    public var startsAt: String
    public var length: Duration
    public var rule: String
}

/// A check attached to a step, with the rule it enforces.
public struct Guard: Sendable, Hashable {
    public var id: String
    /// The step this guard guards.
    public var step: String
    public var rule: String
    public var kind: GuardKind
    /// The clause is worded "normally" (一般) and a recorded waiver of its rule lifts it
    /// (`waivable: true`); every other clause is mandatory whatever a waiver says. For an
    /// `approval_window` a waiver stretches `within` up to `at_most`, never beyond.
    public var waivable: Bool
    public var note: String?
    public var location: SourceLocation
}

/// A reference to a date in a person's history.
public enum DateReference: Sendable, Hashable {
    /// The date of the step being guarded.
    case guarded
    /// The person's birth date.
    case birth
    /// The first or last recorded occurrence of a step.
    case step(String, latest: Bool)
    /// The day probation ends (its start plus its length).
    case probationEnd
    /// `procedure:STEP`: the first occurrence of a step in the procedure in force on the date,
    /// that is after the last time a `redo` guard listing the step found the procedure lapsed
    /// (the first occurrence of all, while it never lapsed).
    case procedure(String)
}

/// A deadline that feeds the agenda and the audit: `step` is due within `within` of `after`.
public struct Deadline: Sendable, Hashable {
    public var id: String
    public var rule: String
    public var step: String
    public var after: DateReference
    public var within: Duration
    /// A longer limit allowed with a reason (R17: 3 months, at most 6).
    public var atMost: Duration?
    /// Repeats every `within` while the person stays in `during` (activist assessments, R6).
    public var repeats: Bool
    public var during: [String]
    /// Missed by more than this from the anchor, the step is a violation, not only late (R20:
    /// the discussion at the end of probation is late after 1 month, a violation after 3).
    public var violationAfter: Duration?
    /// The deadline is worded "normally" (一般): a recorded waiver of its rule lifts it (up to
    /// `at_most`, when there is one).
    public var waivable: Bool
    public var location: SourceLocation

    public init(id: String, rule: String, step: String, after: DateReference, within: Duration, atMost: Duration?,
                repeats: Bool, during: [String], violationAfter: Duration? = nil, waivable: Bool = false, location: SourceLocation) {
        self.id = id
        self.rule = rule
        self.step = step
        self.after = after
        self.within = within
        self.atMost = atMost
        self.repeats = repeats
        self.during = during
        self.violationAfter = violationAfter
        self.waivable = waivable
        self.location = location
    }
}

/// The annual development plan (年度发展计划控制数, R25), as the audit judges it:
///
/// ```yaml
/// quota:
///   rule: R25
///   waivable: true                        # the committee may decide to admit beyond the plan
///   surge: {share: 50%, within: 1 month, min_admissions: 3}  # 突击发展: over half the plan within a month
/// ```
public struct QuotaRule: Sendable, Hashable {
    /// The clause id a waiver of the rule names when it lifts the plan (`waivableClauses`).
    public static let clauseID = "quota"

    public var rule: String
    /// Admitting beyond the plan may be decided by the committee with a recorded waiver.
    public var waivable: Bool
    /// A surge: more than `surgeShare` (basis points) of a year's plan admitted within `surgeWithin`.
    public var surgeShare: Int?
    public var surgeWithin: Duration?
    /// The fewest admissions that make a surge (`min_admissions`), so that admitting a small
    /// branch's whole plan of 1 or 2 at once is not one.
    public var surgeMinimum: Int?
    public var location: SourceLocation

    public init(rule: String, waivable: Bool, surgeShare: Int?, surgeWithin: Duration?, surgeMinimum: Int? = nil, location: SourceLocation) {
        self.rule = rule
        self.waivable = waivable
        self.surgeShare = surgeShare
        self.surgeWithin = surgeWithin
        self.surgeMinimum = surgeMinimum
        self.location = location
    }
}

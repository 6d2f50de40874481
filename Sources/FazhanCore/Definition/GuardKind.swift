/// The fixed vocabulary of guards. Each is implemented once in Swift (see `GuardEvaluator`) and
/// parameterised by the workflow file.
public enum GuardKind: Sendable, Hashable {
    /// `step_recorded`: every step in `steps` is recorded on or before the guarded date,
    /// optionally with a given result and, with `since`, on or after a date of the history (答辩
    /// before the conversion: one held after the approval, not the one before admission).
    case stepRecorded(steps: [String], result: StepResult?, since: DateReference? = nil)
    /// `interval`: the time between two dates is at least `min` and at most `max`.
    case interval(from: DateReference, to: DateReference, min: Duration?, max: Duration?)
    /// `age`: the person's age in full years at a date.
    case age(at: DateReference, min: Int?, max: Int?)
    /// `people`: the number of named people recorded by a step (mentors 1-2, introducers 2).
    case people(step: String, min: Int?, max: Int?)
    /// `training`: total training at least `minDays` days OR at least `minHours` class hours.
    case training(step: String, minDays: Int?, minHours: Int?)
    /// `review`: the latest review passed and, with `validFor`, is still valid.
    case review(step: String, validFor: Duration?)
    /// `recommendation`: a League member under `leagueMemberUnder` needs a recommendation
    /// (推优) with the given method before the guarded step.
    case recommendation(step: String, leagueMemberUnder: Int, method: String?)
    /// `public_notice`: a 公示 at `node` of at least `min`, ended before the guarded date, with
    /// no unresolved objection.
    case publicNotice(step: String, node: String, min: Duration)
    /// `meeting_vote`: the latest meeting of `step` meets `requirement`.
    case meetingVote(step: String, requirement: VoteRequirement)
    /// `approval_window`: the guarded date is within `within` of `from`, or within `atMost`
    /// when a reason is recorded.
    case approvalWindow(from: DateReference, within: Duration, atMost: Duration?)
    /// `approver`: the approving organization has approval authority (a 党委, R17).
    case approver
    /// `data_range`: a number carried by the guarded step lies in a range (an extension of
    /// 6 to 12 months).
    case dataRange(field: DataField, min: Int?, max: Int?)
    /// `retry_wait`: after a meeting of `step` whose vote failed, the next one waits `wait`.
    case retryWait(step: String, wait: Duration)
    /// `departure`: the expected date the person leaves the unit (the latest `step` recorded by
    /// the guarded date) is not within `within` after it (R12: "normally" not admitted).
    case departure(step: String, within: Duration)
    /// `held_by`: the guarded step records who held it (a talk), in one of `roles` (R16: a
    /// committee member or 组织员).
    case heldBy(roles: [TalkRole])
    /// `named_members`: the people a step names (mentors, introducers) are, on its date, in
    /// `stage` and not under the period a `notUnder` step records (留党察看). People Fazhan knows
    /// (named by number) are checked on their own histories; others only by a recorded statement.
    case namedMembers(stage: String, notUnder: String?)
    /// `named_from`: the people a step names are among those `step` named (introducers are
    /// normally the mentors, R9).
    case namedFrom(step: String)
    /// `roster`: the guarded meeting's 应到 (expected) is at most the full members (正式党员)
    /// recorded for the branch holding the person on its date (R13: only full members vote).
    /// Judged from the counts the engine is given (`Engine.roster`); with none recorded for the
    /// branch, not judged.
    case roster
    /// `redo`: a procedure not completed within `after` of its first resolution (the first
    /// `from` whose vote carried) is redone: each of `steps`, and a 公示 at `notice`, recorded
    /// again after `after` ran out and by the guarded date. The redone procedure's own first
    /// resolution starts its count anew (本校规定: after 6 months the procedure is redone).
    case redo(from: String, after: Duration, steps: [String], notice: String?)

    public var name: String {
        switch self {
        case .stepRecorded: return "step_recorded"
        case .interval: return "interval"
        case .age: return "age"
        case .people: return "people"
        case .training: return "training"
        case .review: return "review"
        case .recommendation: return "recommendation"
        case .publicNotice: return "public_notice"
        case .meetingVote: return "meeting_vote"
        case .approvalWindow: return "approval_window"
        case .approver: return "approver"
        case .dataRange: return "data_range"
        case .retryWait: return "retry_wait"
        case .departure: return "departure"
        case .heldBy: return "held_by"
        case .namedMembers: return "named_members"
        case .namedFrom: return "named_from"
        case .roster: return "roster"
        case .redo: return "redo"
        }
    }

    public static let names = [
        "step_recorded", "interval", "age", "people", "training", "review", "recommendation",
        "public_notice", "meeting_vote", "approval_window", "approver", "data_range", "retry_wait",
        "departure", "held_by", "named_members", "named_from", "roster", "redo",
    ]
}

/// A number in a step's data that a `data_range` guard can check.
public enum DataField: String, Sendable, Hashable, CaseIterable {
    case months, days, hours, expected, present

    public func value(in data: EventData) -> Int? {
        switch self {
        case .months: return data.months
        case .days: return data.days
        case .hours: return data.hours
        case .expected: return data.expected
        case .present: return data.present
        }
    }
}

public enum StepResult: String, Sendable, Hashable, Codable, CaseIterable {
    case pass, fail
}

/// What a meeting vote must show (R13 quorum, R14 majority, R15 branch size).
public enum VoteRequirement: Sendable, Hashable {
    /// Present (实到) × 2 > expected (应到).
    case quorum
    /// (For + written opinions for) × 2 > expected (应到); never the number present.
    case majority
    /// At least this many voting members expected (a branch of fewer full members cannot vote).
    case minimumVoters(Int)
}

/// Who may hold a talk on the committee's behalf (R16: 党委委员 or 组织员), as recorded with the
/// talk (`heldByRole`) and as a `held_by` guard lists them.
public enum TalkRole: String, Sendable, Hashable, Codable, CaseIterable {
    /// 党委委员: a member of the approving committee.
    case committeeMember = "committee_member"
    /// 组织员: an organizer of the committee's organization department.
    case organizer
    /// 支部书记 or another branch member: recorded as it was, so that the guard can refuse it.
    case branch

    public var chineseName: String {
        switch self {
        case .committeeMember: return "党委委员"
        case .organizer: return "组织员"
        case .branch: return "支部成员"
        }
    }

    /// A role as written: the id or the Chinese name (委员, 党委委员, 组织员, 支部, 支部书记).
    public init?(written text: String) {
        switch text {
        case "committee_member", "委员", "党委委员": self = .committeeMember
        case "organizer", "组织员": self = .organizer
        case "branch", "支部", "支部书记", "支部委员", "支部成员": self = .branch
        default: return nil
        }
    }
}

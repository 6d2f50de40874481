/// The fixed vocabulary of guards. Each is implemented once in Swift (see `GuardEvaluator`) and
/// parameterised by the workflow file.
public enum GuardKind: Sendable, Hashable {
    /// `step_recorded`: every step in `steps` is recorded on or before the guarded date,
    /// optionally with a given result.
    case stepRecorded(steps: [String], result: StepResult?)
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
        }
    }

    public static let names = [
        "step_recorded", "interval", "age", "people", "training", "review", "recommendation",
        "public_notice", "meeting_vote", "approval_window", "approver",
    ]
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

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
    /// `data_range`: a number carried by the guarded step lies in a range (an extension of
    /// 6 to 12 months).
    case dataRange(field: DataField, min: Int?, max: Int?)
    /// `retry_wait`: after a meeting of `step` whose vote failed, the next one waits `wait`.
    case retryWait(step: String, wait: Duration)

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
        }
    }

    public static let names = [
        "step_recorded", "interval", "age", "people", "training", "review", "recommendation",
        "public_notice", "meeting_vote", "approval_window", "approver", "data_range", "retry_wait",
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

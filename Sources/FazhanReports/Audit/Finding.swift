import FazhanCore

/// One thing an audit found in a person's history.
public struct Finding: Sendable, Hashable, Codable {
    public enum Severity: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
        /// A rule was broken.
        case violation
        /// A deadline was missed (or is overdue now).
        case late
        /// A rule was broken under a recorded waiver.
        case waived
        /// The result depends on a year with no working-day calendar data.
        case provisional

        var rank: Int {
            switch self {
            case .violation: return 0
            case .late: return 1
            case .waived: return 2
            case .provisional: return 3
            }
        }

        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
    }

    public var personNumber: String
    public var personName: String
    public var organization: String
    public var rule: String
    public var ruleName: String
    public var severity: Severity
    /// The step the finding is about.
    public var step: String
    public var stepName: String
    /// The event it was found on, when there is one.
    public var eventID: Int64?
    /// The date of the step (or, for something missing, the day it was due).
    public var date: CivilDate
    public var found: String
    public var required: String
    /// By how much it was missed, in days, when the rule is a time limit.
    public var missedByDays: Int?
    /// The guard or deadline id in the workflow file.
    public var source: String
    public var workflow: String
    public var imported: Bool

    public init(personNumber: String, personName: String, organization: String, rule: String, ruleName: String, severity: Severity,
                step: String, stepName: String, eventID: Int64?, date: CivilDate, found: String, required: String, missedByDays: Int?,
                source: String, workflow: String, imported: Bool) {
        self.personNumber = personNumber
        self.personName = personName
        self.organization = organization
        self.rule = rule
        self.ruleName = ruleName
        self.severity = severity
        self.step = step
        self.stepName = stepName
        self.eventID = eventID
        self.date = date
        self.found = found
        self.required = required
        self.missedByDays = missedByDays
        self.source = source
        self.workflow = workflow
        self.imported = imported
    }
}

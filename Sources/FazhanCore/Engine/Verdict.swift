/// The outcome of one guard: passed or not, and why, in the organizer's terms.
public struct Check: Sendable, Hashable, Codable {
    /// The rule id from the workflow file (`R7`).
    public var rule: String
    public var ruleName: String
    public var basis: String
    /// The guard id in the workflow file, or `order.*` for the ordering of steps and stages.
    public var guardID: String
    public var passed: Bool
    /// What the history shows.
    public var found: String
    /// What the rule requires.
    public var required: String
    /// For time-based rules that are not met yet: the first day they will be.
    public var earliest: CivilDate?
    public var message: String
    /// The result depends on a year with no working-day calendar data.
    public var provisional: Bool
    public var waivable: Bool
    /// The waiver event under which a failing check passes.
    public var waiver: Int64?

    public var isWaived: Bool { waiver != nil }

    /// The rule id of a check that cites no rule: the order of the steps or the data given is
    /// what is wrong (a second application, a step before the one it needs, a transfer to an
    /// organization nobody registered), and no rule of the workflow refuses it.
    public static let noRule = "-"

    /// What a check citing no rule is about: its name and the sentence shown for its basis.
    public enum Problem: Sendable {
        case ordering, data

        public var name: String {
            switch self {
            case .ordering: return "步骤顺序"
            case .data: return "数据"
            }
        }

        public var basis: String {
            switch self {
            case .ordering: return Catalogue.orderingBasis
            case .data: return Catalogue.dataBasis
            }
        }
    }

    /// Cites no rule (see ``noRule``).
    public var citesNoRule: Bool { rule == Self.noRule }

    public init(
        rule: String, ruleName: String, basis: String, guardID: String, passed: Bool, found: String,
        required: String, earliest: CivilDate?, message: String, provisional: Bool = false, waivable: Bool = false,
        waiver: Int64? = nil
    ) {
        self.rule = rule
        self.ruleName = ruleName
        self.basis = basis
        self.guardID = guardID
        self.passed = passed
        self.found = found
        self.required = required
        self.earliest = earliest
        self.message = message
        self.provisional = provisional
        self.waivable = waivable
        self.waiver = waiver
    }
}

/// Every check of one step on one date. A step may be recorded only when all pass.
public struct Verdict: Sendable, Hashable {
    public var step: String
    /// The stage the step enters, for a transition.
    public var to: String?
    public var date: CivilDate
    public var checks: [Check]

    public var allowed: Bool { checks.allSatisfy(\.passed) }
    public var failures: [Check] { checks.filter { !$0.passed } }

    /// The first day every failing time-based check passes, when all failing checks have one.
    public var earliest: CivilDate? {
        let failing = failures
        guard !failing.isEmpty, failing.allSatisfy({ $0.earliest != nil }) else { return nil }
        return failing.compactMap(\.earliest).max()
    }
}

/// A step's data does not make sense on its own (a vote with more votes than people present,
/// a notice that ends before it starts, a date in the future).
public struct RecordError: Error, Sendable, CustomStringConvertible {
    public var problems: [String]

    public init(_ problems: [String]) {
        self.problems = problems
    }

    public var description: String {
        problems.count == 1 ? problems[0] : problems.map { "- \($0)" }.joined(separator: "\n")
    }
}

import FazhanCore

/// What statistics need to know about a workflow, worked out once per workflow rather than once
/// per person: the stage each step enters, which steps transfer or extend probation, which
/// admit, and the stage roles.
public struct CountingRules: Sendable {
    public let workflow: Workflow
    public let roles: StageRoles
    /// The stage each step (by its index in `workflow.steps`) enters, if any.
    let enters: [String?]
    let transfers: [Bool]
    let extensions: [Bool]
    /// The step entering each admission stage (the one plans count admissions by).
    let admits: [Bool]

    public init(workflow: Workflow) {
        self.workflow = workflow
        roles = StageRoles(workflow: workflow)
        enters = workflow.steps.map(\.enters)
        transfers = workflow.steps.map { $0.effect == .transfer }
        extensions = workflow.steps.map { $0.effect == .extendProbation }
        let admissionSteps = Set(roles.admission.compactMap { workflow.enteringStep(for: $0)?.id })
        admits = workflow.steps.map { admissionSteps.contains($0.id) }
    }
}

/// One person as statistics see them: their profile and the digest of their effective events
/// (`TimelineDigest`), read with the rules of the workflow they follow.
///
/// Everything is asked "as of a date", which is what the history as it stood that day would
/// answer: the digest keeps every effective event statistics read, in date order.
public struct StatisticsSubject: Sendable {
    public let person: PersonProfile
    public let digest: TimelineDigest
    public let rules: CountingRules

    public init(person: PersonProfile, digest: TimelineDigest, rules: CountingRules) {
        self.person = person
        self.digest = digest
        self.rules = rules
    }

    /// A subject from the full history (digested here).
    public init(history: History, rules: CountingRules) {
        self.init(person: history.person, digest: TimelineDigest(history: history, workflow: rules.workflow), rules: rules)
    }

    /// A stage entered: which, and the day its step was taken (`StageTimeline.Span.enteredOn`).
    struct Entry {
        var stage: String
        var enteredOn: CivilDate
    }

    /// Every stage entered, in order.
    var spans: [Entry] {
        digest.entries.compactMap { entry in rules.enters[entry.step].map { Entry(stage: $0, enteredOn: entry.date) } }
    }

    /// The stage in force on a date, counting a transition from the day its step was taken.
    func stage(asOf date: CivilDate) -> String? {
        digest.entries.last { $0.date <= date && rules.enters[$0.step] != nil }.flatMap { rules.enters[$0.step] }
    }

    /// The organization holding the person on a date: the destination of the latest transfer by
    /// then that names a known organization, else the one they registered with.
    func organizationID(asOf date: CivilDate, organizations: OrganizationDirectory) -> Int64 {
        let transfer = digest.entries.last { $0.date <= date && rules.transfers[$0.step] && $0.organization != nil }
        guard let code = transfer?.organization, let organization = organizations.organization(code: code) else {
            return person.organizationID
        }
        return organization.id
    }
}

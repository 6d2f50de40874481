import FazhanCore

/// What statistics need to know about a workflow, worked out once per workflow rather than once
/// per person: the stage each step enters, which steps transfer or extend probation, which
/// admit, and the stage roles. A class, so that accumulators recognize rules they have seen by
/// identity.
public final class CountingRules: Sendable {
    public let workflow: Workflow
    public let roles: StageRoles
    /// `roles.members`, computed once.
    let members: Set<String>
    /// The stage each step (by its index in `workflow.steps`) enters, if any.
    let enters: [String?]
    let transfers: [Bool]
    let extensions: [Bool]
    /// The step entering each admission stage (the one plans count admissions by).
    let admits: [Bool]

    public init(workflow: Workflow) {
        self.workflow = workflow
        roles = StageRoles(workflow: workflow)
        members = roles.members
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
        let entries = digest.entries
        var index = entries.endIndex
        while index > entries.startIndex {
            index -= 1
            if entries[index].date <= date, let stage = rules.enters[entries[index].step] { return stage }
        }
        return nil
    }

    /// The organization holding the person on a date: the destination of the latest transfer by
    /// then that names a known organization, else the one they registered with.
    func organizationID(asOf date: CivilDate, organizations: OrganizationDirectory) -> Int64 {
        let entries = digest.entries
        var index = entries.endIndex
        while index > entries.startIndex {
            index -= 1
            let entry = entries[index]
            guard entry.date <= date, rules.transfers[entry.step], let code = entry.organization else { continue }
            return organizations.organization(code: code)?.id ?? person.organizationID
        }
        return person.organizationID
    }
}

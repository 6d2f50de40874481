import FazhanCore

/// Builds the member-development statistics of a period from the event histories.
///
/// Everything is computed from each history as it stood on the period's last day (`History.asItStood(on:)`):
/// an event dated after the period, whenever it was recorded, cannot change the figures, so a
/// past quarter can be reproduced at any time. A correction rewrites the record: the period's
/// figures follow the corrected dates. Each person is counted from the digest of their effective
/// events (`TimelineDigest`, through `StatisticsSubject`), which says what the history as it
/// stood on any date says: read from the store beside the person's stage, or made from a history.
///
/// - Stocks, on the period's last day: each person in the stage in force that day
///   (`Engine.stage(of:asOf:)`, a transition counting from the day its step was taken, so an
///   admission counts from its approval) at the organization holding them that day after
///   transfers. People in exit stages and people with no application by then are not counted.
/// - Flows, within the period (both ends included): every stage entered, at the organization
///   holding the person on the day of the step; extensions (steps with the `extend_probation`
///   effect); transfers (steps with the `transfer` effect), from the organization holding the
///   person the day before to the one holding them on the day.
/// - Breakdowns of the members on the last day and of the people admitted in the period.
///
/// Categories, birth dates and the other profile values are the profile's current values: the
/// profile is not dated.
///
/// ```swift
/// let builder = StatisticsBuilder(period: try .quarter("2026Q1"), organizations: directory)
/// let statistics = builder.build(histories.map { ($0, engine) })
/// statistics.figures(for: "XY")?.admissions.student
/// ```
public struct StatisticsBuilder: Sendable {
    public var period: StatisticsPeriod
    public var organizations: OrganizationDirectory
    /// How education and ethnicity values are classified in the breakdowns.
    public var breakdownRules: BreakdownRules

    public init(period: StatisticsPeriod, organizations: OrganizationDirectory, breakdownRules: BreakdownRules = BreakdownRules()) {
        self.period = period
        self.organizations = organizations
        self.breakdownRules = breakdownRules
    }

    /// The statistics of `people`, each history with the engine of the workflow version it
    /// follows. The stages of `workflows` are listed as columns even when nobody follows them.
    public func build(_ people: [(History, Engine)], workflows: [Workflow] = []) -> QuarterlyStatistics {
        var accumulator = Accumulator(builder: self, workflows: workflows)
        for (history, engine) in people { accumulator.add(history, engine: engine) }
        return accumulator.finish()
    }

    /// The statistics built one history at a time, so that a province need not be held in memory.
    public struct Accumulator: Sendable {
        let builder: StatisticsBuilder
        private var roles = StageRoles(initial: [], admission: [], final: [], exits: [], all: [])
        private var stageByID: [String: Stage] = [:]
        private var registered: Set<[Stage]> = []
        private var tallies: [Int64: Tally] = [:]
        private var movements: [Movement] = []
        private var histories = 0
        /// The counting rules already registered, by identity (a province has one or two).
        private var seenRules: Set<ObjectIdentifier> = []
        /// Whether each education value seen counts as 大专及以上 (a province has a handful of values).
        private var higherEducation: [String: Bool] = [:]

        public init(builder: StatisticsBuilder, workflows: [Workflow] = []) {
            self.builder = builder
            workflows.forEach { register($0) }
        }

        private mutating func register(_ workflow: Workflow) {
            // Each workflow's stages once (every version of a workflow comes through here per person).
            guard registered.insert(workflow.stages).inserted else { return }
            roles = roles.union(StageRoles(workflow: workflow))
            for stage in workflow.stages where stageByID[stage.id] == nil { stageByID[stage.id] = stage }
        }

        public mutating func add(_ history: History, engine: Engine) {
            add(StatisticsSubject(history: history, rules: CountingRules(workflow: engine.workflow)))
        }

        public mutating func add(_ subject: StatisticsSubject) {
            if seenRules.insert(ObjectIdentifier(subject.rules)).inserted { register(subject.rules.workflow) }
            builder.count(subject, into: &tallies, movements: &movements, higherEducation: &higherEducation)
            histories += 1
        }

        /// Adds what another accumulator of the same period counted (people split between workers).
        public mutating func merge(_ other: Accumulator) {
            for (_, stage) in other.stageByID where stageByID[stage.id] == nil { stageByID[stage.id] = stage }
            registered.formUnion(other.registered)
            roles = roles.union(other.roles)
            tallies.merge(other.tallies) { mine, theirs in
                var sum = mine
                sum.add(theirs)
                return sum
            }
            movements += other.movements
            histories += other.histories
        }

        public func finish() -> QuarterlyStatistics {
            let stages = stageByID.values.sorted { ($0.order, $0.id) < ($1.order, $1.id) }.map { stage in
                StageSummary(
                    id: stage.id, name: stage.name, order: stage.order,
                    role: roles.exits.contains(stage.id) ? .exit : roles.members.contains(stage.id) ? .member : .reserve,
                    isInitial: roles.initial.contains(stage.id), isAdmission: roles.admission.contains(stage.id),
                    isFinal: roles.final.contains(stage.id))
            }
            return QuarterlyStatistics(period: builder.period, stages: stages, histories: histories, roles: roles, tallies: tallies,
                                       movements: movements, organizations: builder.organizations)
        }
    }

    fileprivate func count(_ subject: StatisticsSubject, into tallies: inout [Int64: Tally], movements: inout [Movement],
                           higherEducation: inout [String: Bool]) {
        let rules = breakdownRules
        func isHigher(_ education: String) -> Bool {
            if let known = higherEducation[education] { return known }
            let answer = rules.isHigherEducation(education)
            higherEducation[education] = answer
            return answer
        }
        // The digest keeps every effective event statistics read, so the history as it stood on
        // the period's last day is its entries up to that day.
        let counting = subject.rules
        let roles = counting.roles
        let person = subject.person
        let category = person.category
        func organization(on date: CivilDate) -> Int64 {
            subject.organizationID(asOf: date, organizations: organizations)
        }

        // Stocks on the last day.
        if let stage = subject.stage(asOf: period.to), !roles.exits.contains(stage) {
            let holder = organization(on: period.to)
            tallies[holder, default: Tally()].stock[stage, default: CategoryCounts()][category] += 1
            if counting.members.contains(stage) {
                tallies[holder, default: Tally()].memberStock.count(person, ageOn: period.to, youngOn: period.to, rules: breakdownRules,
                                                                         isHigherEducation: isHigher)
            }
        }

        // Stages entered in the period, probation extensions, and the days of transfers.
        var admitted = false
        var transferDays: [CivilDate] = []
        for entry in subject.digest.entries where period.contains(entry.date) {
            if let stage = counting.enters[entry.step] {
                let holder = organization(on: entry.date)
                tallies[holder, default: Tally()].entered[stage, default: CategoryCounts()][category] += 1
                // A person admitted twice in a period (after a cancellation) is one new member.
                if roles.admission.contains(stage), !admitted {
                    admitted = true
                    tallies[holder, default: Tally()].newMembers.count(person, ageOn: period.to, youngOn: entry.date, rules: breakdownRules,
                                                                                isHigherEducation: isHigher)
                }
            }
            if counting.extensions[entry.step] {
                tallies[organization(on: entry.date), default: Tally()].extensions[category] += 1
            }
            if counting.transfers[entry.step], transferDays.last != entry.date {
                transferDays.append(entry.date)
            }
        }

        // Transfers: the organization the day before against the one on the day, once a day, so
        // that the flows agree with the stocks however many transfers a day holds.
        for date in transferDays {
            let from = organization(on: date.adding(days: -1))
            let to = organization(on: date)
            if from != to { movements.append(Movement(from: from, to: to, category: category)) }
        }
    }
}

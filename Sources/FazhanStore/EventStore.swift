import FazhanCore

/// A person's history as one read saw it, with its version: the number of events recorded for
/// them. A write that expects this version fails with `StoreError.conflict` if anyone recorded
/// for the person in between.
public struct VersionedHistory: Sendable {
    public var history: History
    public var version: Int64

    public init(history: History, version: Int64) {
        self.history = history
        self.version = version
    }
}

/// One person's part of `EventStore.append(batch:)`: their events, expecting their version.
public struct PersonAppend: Sendable {
    public var personID: Int64
    public var events: [Event]
    public var version: Int64

    public init(personID: Int64, events: [Event], version: Int64) {
        self.personID = personID
        self.events = events
        self.version = version
    }
}

/// Where Fazhan keeps its record: the catalogue (installed workflows, organizations), people,
/// their append-only, sealed events with a projection of each person's stage, planning data, and
/// what checks the whole. One protocol, a driver per database (SQLite, the embedded default, and
/// PostgreSQL), so that the use cases in `FazhanService` run on either with the same verdicts,
/// seals and reports.
///
/// Writes that depend on what is recorded use optimistic concurrency per person: read the
/// `VersionedHistory`, judge, then `append(_:to:expecting:)` with the version read. A stale
/// version is `StoreError.conflict`; the service re-reads and judges again.
///
/// Streaming reads hand `body` one person at a time, in person id order, within one consistent
/// read; `body` must not call the store.
public protocol EventStore: Sendable {
    // MARK: Catalogue

    /// Installs a workflow bundle; installing identical sources again returns the existing version.
    func install(_ bundle: WorkflowBundle, by user: String, at timestamp: String) async throws(StoreError) -> InstalledWorkflow
    func installedWorkflows() async throws(StoreError) -> [InstalledWorkflow]
    /// The workflow of an installed version, parsed from the database's own stored copy.
    func bundle(version: Int64) async throws(StoreError) -> WorkflowBundle
    func setting(_ key: String) async throws(StoreError) -> String?
    func setSetting(_ key: String, _ value: String) async throws(StoreError)
    func addOrganization(_ new: NewOrganization) async throws(StoreError) -> Organization
    func organizations() async throws(StoreError) -> [Organization]
    /// The organizations a reach names, with their ancestors.
    func organizationDirectory(reaching reach: OrganizationReach) async throws(StoreError) -> OrganizationDirectory

    // MARK: People

    func addPerson(_ new: NewPerson) async throws(StoreError) -> PersonProfile
    /// A person by number (学号/工号) or, failing that, by internal id.
    func person(_ key: String) async throws(StoreError) -> PersonProfile?
    /// A person by internal id only (a number equal to another person's id never answers).
    func person(id: Int64) async throws(StoreError) -> PersonProfile?
    /// People with their projected stage, optionally within an organization's subtree or a stage, by number.
    func people(organizationCode: String?, stage: String?) async throws(StoreError) -> [PersonListing]
    /// How many people an organization's subtree holds (after transfers).
    func personCount(organizationCode: String) async throws(StoreError) -> Int
    /// Count of people per projected stage (nil: registered, no application yet).
    func stageCounts() async throws(StoreError) -> [String?: Int]
    /// The installed workflow versions people follow, ascending.
    func workflowVersionsInUse() async throws(StoreError) -> [Int64]

    // MARK: Histories

    /// One person's history and its version.
    func versionedHistory(personID: Int64) async throws(StoreError) -> VersionedHistory
    /// One event by id.
    func event(id: Int64) async throws(StoreError) -> Event?
    /// Appends events of one person (their ids are assigned here), seals them in the person's
    /// chain and updates the projection, in one transaction, if the person's version is still
    /// `version`; else `StoreError.conflict` and nothing is written. Returns the stored events.
    func append(_ events: [Event], to personID: Int64, expecting version: Int64) async throws(StoreError) -> [Event]
    /// Appends the events of several people (a meeting or a training for a whole class) in ONE
    /// transaction, each person's sealed in their own chain with their projection updated, if
    /// every person's version is still the one given; else `StoreError.conflict` and nothing is
    /// written, for anyone. Returns the stored events, in the order of `appends`.
    func append(batch appends: [PersonAppend]) async throws(StoreError) -> [[Event]]
    /// Every person's history, optionally within an organization's subtree (after transfers).
    func forEachHistory(organizationCode: String?, _ body: (History) throws -> Void) async throws(StoreError)
    /// Every person with the timeline digest statistics read, without their events.
    func forEachTimeline(_ body: (PersonProfile, TimelineDigest) throws -> Void) async throws(StoreError)
    /// Whether the stage projection has seen every event (false when events were written behind Fazhan's back).
    func projectionIsCurrent() async throws(StoreError) -> Bool

    // MARK: Bulk reads and writes (import, export)

    /// Runs `body` with a bulk-write sink in ONE transaction: everything it writes lands, or (if
    /// it throws, or the process dies) nothing does. `body` must not call the store.
    func ingest<T>(_ body: (any IngestSink) async throws -> T) async throws -> T
    /// The registered people among `numbers`, by number (numbers nobody has are left out), read consistently.
    func people(numbers: some Collection<String>) async throws(StoreError) -> [String: PersonProfile]
    /// The registered people holding the resident ID numbers among `idNumbers` (normalized, as
    /// `ResidentID.value` gives them), by ID number; a number nobody holds is left out.
    func people(idNumbers: some Collection<String>) async throws(StoreError) -> [String: PersonProfile]
    /// The recorded events of the given people (corrections included), by person id, each
    /// person's in recording order. People with no events are left out.
    func events(ofPeople ids: some Collection<Int64>) async throws(StoreError) -> [Int64: [Event]]
    /// How many people and events `scope` covers.
    func exportCount(_ scope: ExportScope) async throws(StoreError) -> ExportCount
    /// Calls `body` with every person in `scope` (in number order), with their current stage and
    /// organization, in one consistent read. What `body` throws comes out as is.
    func forEachPerson(in scope: ExportScope, _ body: (PersonListing) throws -> Void) async throws
    /// Calls `body` with every event of every person in `scope` (within its dates), corrections
    /// and voided events included, person by person (number order), each person's in id order.
    func forEachEvent(in scope: ExportScope, _ body: (PersonListing, Event) throws -> Void) async throws
    /// Calls `body` with the whole history of every person in `scope` (its dates are ignored),
    /// one person at a time, in number order.
    func forEachHistory(in scope: ExportScope, _ body: (PersonListing, History) throws -> Void) async throws

    // MARK: Planning

    func setEnrollment(organizationCode: String, students: Int, staff: Int?, effectiveOn: CivilDate,
                       recordedAt: String, recordedBy: String) async throws(StoreError)
    /// Records several counts in one transaction: all of them or none.
    func setEnrollments(_ counts: [EnrollmentEntry], recordedAt: String, recordedBy: String) async throws(StoreError)
    /// The counts in force on a date, one per organization.
    func enrollment(asOf date: CivilDate) async throws(StoreError) -> [EnrollmentCount]
    /// Records branches' full members (正式党员) in force from a date, in one transaction: all
    /// or none. Only a 党支部 has them. Entries are never changed: a later entry for the same
    /// date supersedes an earlier one.
    func setMemberships(_ counts: [MembershipEntry], recordedAt: String, recordedBy: String) async throws(StoreError)
    /// The full-member counts in force on a date, one per branch that has one.
    func membership(asOf date: CivilDate) async throws(StoreError) -> [MembershipCount]
    /// Every full-member count ever recorded, in recording order: what judging a meeting's 应到
    /// (R13) reads, on its own rather than with the rest of `planningRecords()`.
    func memberships() async throws(StoreError) -> [MembershipCount]
    func setPlan(organizationCode: String, year: Int, category: String, quota: Int,
                 recordedAt: String, recordedBy: String) async throws(StoreError)
    func plans(year: Int) async throws(StoreError) -> [DevelopmentPlan]
    func recordGrading(organizationCode: String, year: Int, grade: String, strongest: Bool, note: String?,
                       recordedAt: String, recordedBy: String) async throws(StoreError)
    func gradings(year: Int) async throws(StoreError) -> [BranchGrading]

    // MARK: Integrity

    /// Recomputes every person's seal chain, every checkpoint and every projection. Changes nothing.
    func verify() async throws(StoreError) -> IntegrityReport

    /// The last checkpoint (its head and signature): what a report was computed from.
    func lastCheckpoint() async throws(StoreError) -> SealCheckpoint?

    // MARK: As recorded on a date

    /// The last checkpoint created by `cutoff`: what a report produced then was computed from.
    func lastCheckpoint(through cutoff: RecordedCutoff) async throws(StoreError) -> SealCheckpoint?
    /// The people, organizations and workflow versions registered after `cutoff`.
    func recordedLater(than cutoff: RecordedCutoff) async throws(StoreError) -> LaterRecords
    /// Every enrollment count, plan, grading and full-member count ever recorded, in recording order.
    func planningRecords() async throws(StoreError) -> PlanningRecords
}

extension EventStore {
    /// A store without checkpoints.
    public func lastCheckpoint() async throws(StoreError) -> SealCheckpoint? { nil }

    /// One person's history.
    public func history(personID: Int64) async throws(StoreError) -> History {
        try await versionedHistory(personID: personID).history
    }

    /// The whole organization tree.
    public func organizationDirectory() async throws(StoreError) -> OrganizationDirectory {
        OrganizationDirectory(try await organizations())
    }

    /// The latest installed version of a workflow id.
    public func latestVersion(of workflowID: String) async throws(StoreError) -> InstalledWorkflow? {
        try await installedWorkflows().last { $0.workflowID == workflowID }
    }

    /// The workflow id new people follow unless told otherwise.
    public func defaultWorkflowID() async throws(StoreError) -> String? {
        try await setting("default_workflow")
    }
}

import FazhanCore
import FazhanSQLite
import FazhanStore
import Foundation
import Synchronization
import Testing

@testable import FazhanService

/// A store whose appends meet another organizer: before each of the first `interruptions`
/// appends, someone else records a note for the same person, so the version the service read is
/// stale and the database says `conflict`.
private final class ContendedStore: EventStore {
    let inner: SQLiteStore
    let interruptions: Int
    let appends = Mutex(0)

    init(_ inner: SQLiteStore, interruptions: Int) {
        self.inner = inner
        self.interruptions = interruptions
    }

    func append(_ events: [Event], to personID: Int64, expecting version: Int64) throws(StoreError) -> [Event] {
        let attempt = appends.withLock { count -> Int in
            count += 1
            return count
        }
        if attempt <= interruptions {
            let other = Event(id: 0, personID: personID, step: "waiver", date: CivilDate("2023-04-01")!, recordedAt: "t\(attempt)",
                              recordedBy: "another organizer", data: EventData(note: "meanwhile"), workflowVersion: events[0].workflowVersion)
            _ = try inner.append(contentsOf: [other])
        }
        return try inner.append(events, to: personID, expecting: version)
    }

    func append(batch appends: [PersonAppend]) throws(StoreError) -> [[Event]] { try inner.append(batch: appends) }

    func install(_ bundle: WorkflowBundle, by user: String, at timestamp: String) throws(StoreError) -> InstalledWorkflow {
        try inner.install(bundle, by: user, at: timestamp)
    }
    func installedWorkflows() throws(StoreError) -> [InstalledWorkflow] { try inner.installedWorkflows() }
    func bundle(version: Int64) throws(StoreError) -> WorkflowBundle { try inner.bundle(version: version) }
    func setting(_ key: String) throws(StoreError) -> String? { try inner.setting(key) }
    func setSetting(_ key: String, _ value: String) throws(StoreError) { try inner.setSetting(key, value) }
    func addOrganization(_ new: NewOrganization) throws(StoreError) -> Organization { try inner.addOrganization(new) }
    func organizations() throws(StoreError) -> [Organization] { try inner.organizations() }
    func organizationDirectory(reaching reach: OrganizationReach) throws(StoreError) -> OrganizationDirectory {
        try inner.organizationDirectory(reaching: reach)
    }
    func addPerson(_ new: NewPerson) throws(StoreError) -> PersonProfile { try inner.addPerson(new) }
    func person(_ key: String) throws(StoreError) -> PersonProfile? { try inner.person(key) }
    func person(id: Int64) throws(StoreError) -> PersonProfile? { try inner.person(id: id) }
    func people(idNumbers: some Collection<String>) throws(StoreError) -> [String: PersonProfile] { try inner.people(idNumbers: idNumbers) }
    func people(organizationCode: String?, stage: String?) throws(StoreError) -> [PersonListing] {
        try inner.people(organizationCode: organizationCode, stage: stage)
    }
    func personCount(organizationCode: String) throws(StoreError) -> Int { try inner.personCount(organizationCode: organizationCode) }
    func stageCounts() throws(StoreError) -> [String?: Int] { try inner.stageCounts() }
    func workflowVersionsInUse() throws(StoreError) -> [Int64] { try inner.workflowVersionsInUse() }
    func versionedHistory(personID: Int64) throws(StoreError) -> VersionedHistory { try inner.versionedHistory(personID: personID) }
    func event(id: Int64) throws(StoreError) -> Event? { try inner.event(id: id) }
    func forEachHistory(organizationCode: String?, _ body: (History) throws -> Void) throws(StoreError) {
        try inner.forEachHistory(organizationCode: organizationCode, body)
    }
    func forEachTimeline(_ body: (PersonProfile, TimelineDigest) throws -> Void) throws(StoreError) { try inner.forEachTimeline(body) }
    func projectionIsCurrent() throws(StoreError) -> Bool { try inner.projectionIsCurrent() }
    func setEnrollment(organizationCode: String, students: Int, staff: Int?, effectiveOn: CivilDate, recordedAt: String,
                       recordedBy: String) throws(StoreError) {
        try inner.setEnrollment(organizationCode: organizationCode, students: students, staff: staff, effectiveOn: effectiveOn,
                                recordedAt: recordedAt, recordedBy: recordedBy)
    }
    func setEnrollments(_ counts: [EnrollmentEntry], recordedAt: String, recordedBy: String) throws(StoreError) {
        try inner.setEnrollments(counts, recordedAt: recordedAt, recordedBy: recordedBy)
    }
    func enrollment(asOf date: CivilDate) throws(StoreError) -> [EnrollmentCount] { try inner.enrollment(asOf: date) }
    func setMemberships(_ counts: [MembershipEntry], recordedAt: String, recordedBy: String) throws(StoreError) {
        try inner.setMemberships(counts, recordedAt: recordedAt, recordedBy: recordedBy)
    }
    func membership(asOf date: CivilDate) throws(StoreError) -> [MembershipCount] { try inner.membership(asOf: date) }
    func setPlan(organizationCode: String, year: Int, category: String, quota: Int, recordedAt: String, recordedBy: String) throws(StoreError) {
        try inner.setPlan(organizationCode: organizationCode, year: year, category: category, quota: quota, recordedAt: recordedAt,
                          recordedBy: recordedBy)
    }
    func plans(year: Int) throws(StoreError) -> [DevelopmentPlan] { try inner.plans(year: year) }
    func recordGrading(organizationCode: String, year: Int, grade: String, strongest: Bool, note: String?, recordedAt: String,
                       recordedBy: String) throws(StoreError) {
        try inner.recordGrading(organizationCode: organizationCode, year: year, grade: grade, strongest: strongest, note: note,
                                recordedAt: recordedAt, recordedBy: recordedBy)
    }
    func gradings(year: Int) throws(StoreError) -> [BranchGrading] { try inner.gradings(year: year) }
    func lastCheckpoint(through cutoff: RecordedCutoff) throws(StoreError) -> SealCheckpoint? { try inner.lastCheckpoint(through: cutoff) }
    func recordedLater(than cutoff: RecordedCutoff) throws(StoreError) -> LaterRecords { try inner.recordedLater(than: cutoff) }
    func planningRecords() throws(StoreError) -> PlanningRecords { try inner.planningRecords() }
    func memberships() throws(StoreError) -> [MembershipCount] { try inner.memberships() }
    func verify() throws(StoreError) -> IntegrityReport { try inner.verify() }
    func ingest<T>(_ body: (any IngestSink) async throws -> T) async throws -> T { try await inner.ingest(body) }
    func people(numbers: some Collection<String>) throws(StoreError) -> [String: PersonProfile] { try inner.people(numbers: numbers) }
    func events(ofPeople ids: some Collection<Int64>) throws(StoreError) -> [Int64: [Event]] { try inner.events(ofPeople: ids) }
    func exportCount(_ scope: ExportScope) throws(StoreError) -> ExportCount { try inner.exportCount(scope) }
    func forEachPerson(in scope: ExportScope, _ body: (PersonListing) throws -> Void) throws { try inner.forEachPerson(in: scope, body) }
    func forEachEvent(in scope: ExportScope, _ body: (PersonListing, Event) throws -> Void) throws {
        try inner.forEachEvent(in: scope, body)
    }
    func forEachHistory(in scope: ExportScope, _ body: (PersonListing, History) throws -> Void) throws {
        try inner.forEachHistory(in: scope, body)
    }
}

/// Recording judges the guards on the history it read and appends expecting that history's
/// version; when another organizer recorded for the same person in between, it reads and
/// judges again, a bounded number of times.
@Suite(.english) struct RecordingConflictTests {
    private static let workflows = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("workflows").path

    /// A university committee and one applicant, recorded directly.
    private func store() throws -> SQLiteStore {
        let store = try SQLiteStore.inMemory()
        let installed = try store.install(try WorkflowLoader.directory(Self.workflows).load("cpc-2014"), by: "t", at: "t")
        _ = try store.addOrganization(NewOrganization(code: "U", name: "校党委", kind: .committee, parentCode: nil, category: nil,
                                                      canApprove: true, createdAt: "t", createdBy: "t"))
        let person = try store.addPerson(NewPerson(number: "2023001", name: "张三", organizationCode: "U", category: .student,
                                                   birthDate: CivilDate("2004-05-02"), workflowVersion: installed.version,
                                                   createdAt: "t", createdBy: "t"))
        _ = try store.append([Event(id: 0, personID: person.id, step: "submit_application", date: CivilDate("2023-03-01")!,
                                    recordedAt: "t", recordedBy: "t", workflowVersion: installed.version)],
                             to: person.id, expecting: 0)
        return store
    }

    private func talk() -> RecordRequest {
        RecordRequest(person: "2023001", step: "initial_talk", date: CivilDate("2023-03-20")!, data: EventData(),
                      recordedBy: "organizer", recordedAt: "2026-11-20T08:00:00.000Z", today: CivilDate("2026-11-20")!)
    }

    @Test func aStaleVersionIsJudgedAgainOnTheNewHistoryAndRecorded() async throws {
        let inner = try store()
        let service = DevelopmentService(store: ContendedStore(inner, interruptions: 2))
        let recorded = try await service.record(talk())
        // Judged the third time, on the history with both notes the other organizer wrote.
        #expect(recorded.file.version == 3)
        #expect(recorded.event.step == "initial_talk")
        let history = try await inner.history(personID: 1)
        #expect(history.events.map(\.step) == ["submit_application", "waiver", "waiver", "initial_talk"])
        #expect(try inner.verify().isIntact)
    }

    @Test func aPersonOthersKeepRecordingForIsRefusedAfterTheLastAttemptWithNothingRecorded() async throws {
        let inner = try store()
        let service = DevelopmentService(store: ContendedStore(inner, interruptions: 10), attempts: 3)
        await #expect {
            _ = try await service.record(talk())
        } throws: { error in
            guard case ServiceError.keptChanging(let person, let attempts) = error else { return false }
            return person == "张三 (2023001)" && attempts == 3
        }
        let after = try await inner.history(personID: 1)
        #expect(!after.events.contains { $0.step == "initial_talk" })
    }

    @Test func aStaleAppendWritesNothing() throws {
        let store = try store()
        #expect(throws: StoreError.self) {
            _ = try store.append([Event(id: 0, personID: 1, step: "initial_talk", date: CivilDate("2023-03-20")!, recordedAt: "t",
                                        recordedBy: "t", workflowVersion: 1)], to: 1, expecting: 0)
        }
        #expect(try store.versionedHistory(personID: 1).version == 1)
        #expect(try store.verify().seals == 1)
    }

    @Test func aRefusalCarriesTheWholeVerdictAndRecordsNothing() async throws {
        let store = try store()
        let service = DevelopmentService(store: store)
        let request = RecordRequest(person: "2023001", step: "activist", date: CivilDate("2023-03-21")!, data: EventData(),
                                    recordedBy: "organizer", recordedAt: "t", today: CivilDate("2026-11-20")!)
        await #expect {
            _ = try await service.advance(request)
        } throws: { error in
            guard case ServiceError.refused(let verdict, _, _) = error else { return false }
            return !verdict.allowed && verdict.failures.count >= 2 && verdict.step == "designate_activist"
        }
        #expect(try store.versionedHistory(personID: 1).version == 1)
    }

    @Test func anUnknownPersonStepOrStageIsNamed() async throws {
        let service = DevelopmentService(store: try store())
        var request = talk()
        request.person = "9999"
        await #expect { _ = try await service.record(request) } throws: { error in
            (error as? ServiceError)?.description == "error: no person with number or id 9999"
        }
        request = talk()
        request.step = "intial_talk"
        await #expect { _ = try await service.record(request) } throws: { error in
            (error as? ServiceError)?.description.hasPrefix("error: unknown step \"intial_talk\" in workflow cpc-2014") == true
        }
    }
}

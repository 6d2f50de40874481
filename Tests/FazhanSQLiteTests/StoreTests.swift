import FazhanCore
import Foundation
import GRDB
import Testing

@testable import FazhanSQLite
import FazhanStore

/// The repository root, found from this file's path.
private let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

private func loadBundle(_ id: String = "cpc-2014") throws -> WorkflowBundle {
    try WorkflowLoader.directory(repositoryRoot.appendingPathComponent("workflows").path).load(id)
}

/// A store with one committee, one general branch and one branch, and one person.
private struct Fixture {
    let store: SQLiteStore
    let version: Int64
    let person: PersonProfile

    init(store: SQLiteStore? = nil) throws {
        let store = try store ?? SQLiteStore.inMemory()
        let installed = try store.install(try loadBundle(), by: "test", at: "2026-01-01T00:00:00Z")
        _ = try store.addOrganization(NewOrganization(code: "U", name: "校党委", kind: .committee, parentCode: nil, category: nil,
                                                      canApprove: true, createdAt: "t", createdBy: "test"))
        _ = try store.addOrganization(NewOrganization(code: "CS", name: "计算机学院党总支", kind: .generalBranch, parentCode: "U",
                                                      category: nil, canApprove: false, createdAt: "t", createdBy: "test"))
        _ = try store.addOrganization(NewOrganization(code: "CS-S1", name: "本科生第一党支部", kind: .branch, parentCode: "CS",
                                                      category: .student, canApprove: false, createdAt: "t", createdBy: "test"))
        person = try store.addPerson(NewPerson(
            number: "2023001", name: "张三", organizationCode: "CS-S1", category: .student, gender: .male,
            birthDate: CivilDate("2004-05-02"), leagueMember: true, workflowVersion: installed.version,
            createdAt: "t", createdBy: "test"))
        self.store = store
        self.version = installed.version
    }

    func event(_ step: String, _ date: String, data: EventData = EventData(), corrects: Int64? = nil,
               reason: String? = nil, voids: Bool = false) -> Event {
        Event(id: 0, personID: person.id, step: step, date: CivilDate(date)!, recordedAt: "2026-01-01T00:00:00Z",
              recordedBy: "test", data: data, workflowVersion: version, corrects: corrects, correctionReason: reason, voids: voids)
    }
}

@Suite struct StoreTests {
    @Test func eventsRefuseUpdateAndDelete() throws {
        let fixture = try Fixture()
        let stored = try fixture.store.append(fixture.event("submit_application", "2024-03-01"))
        #expect(throws: (any Error).self) {
            try fixture.store.writer.write { db in try db.execute(sql: "UPDATE event SET occurred_on = '2024-01-01' WHERE id = ?", arguments: [stored.id]) }
        }
        #expect(throws: (any Error).self) {
            try fixture.store.writer.write { db in try db.execute(sql: "DELETE FROM event WHERE id = ?", arguments: [stored.id]) }
        }
        do {
            try fixture.store.writer.write { db in try db.execute(sql: "DELETE FROM event") }
            Issue.record("DELETE succeeded")
        } catch {
            #expect(StoreError(error).description.contains("append-only"))
        }
        let history = try fixture.store.history(personID: fixture.person.id)
        #expect(history.events.count == 1)
        #expect(history.events[0].date == CivilDate("2024-03-01"))
    }

    @Test func installedWorkflowsAndPeopleAreNeverOverwritten() throws {
        let fixture = try Fixture()
        #expect(throws: (any Error).self) {
            try fixture.store.writer.write { db in try db.execute(sql: "UPDATE workflow_version SET sources = '[]'") }
        }
        #expect(throws: (any Error).self) {
            try fixture.store.writer.write { db in try db.execute(sql: "DELETE FROM person") }
        }
        #expect(throws: (any Error).self) {
            try fixture.store.writer.write { db in try db.execute(sql: "UPDATE person SET name = 'x'") }
        }
    }

    @Test func projectionIsWrittenWithTheEventAndRebuildsIdentically() throws {
        let fixture = try Fixture()
        try fixture.store.append(fixture.event("submit_application", "2024-03-01"))
        try fixture.store.append(fixture.event("initial_talk", "2024-03-20"))
        let activist = try fixture.store.append(fixture.event("designate_activist", "2024-09-10"))
        var listing = try #require(try fixture.store.people().first)
        #expect(listing.stage == "activist")
        #expect(listing.stageSince == CivilDate("2024-09-10"))
        // A correction moves the derived date; the projection follows in the same transaction.
        try fixture.store.append(fixture.event("designate_activist", "2024-09-12", corrects: activist.id, reason: "日期有误"))
        listing = try #require(try fixture.store.people().first)
        #expect(listing.stageSince == CivilDate("2024-09-12"))
        #expect(try fixture.store.rebuildProjections().isEmpty)
        // Voiding the transition takes the person back a stage.
        try fixture.store.append(fixture.event("designate_activist", "2024-09-12", corrects: activist.id, reason: "误录", voids: true))
        listing = try #require(try fixture.store.people().first)
        #expect(listing.stage == "applicant")
        #expect(try fixture.store.stageCounts()["applicant"] == 1)
    }

    @Test func rebuildReportsAProjectionThatDisagreesWithTheEvents() throws {
        let fixture = try Fixture()
        try fixture.store.append(fixture.event("submit_application", "2024-03-01"))
        try fixture.store.writer.write { db in try db.execute(sql: "UPDATE person_state SET stage = 'full_member'") }
        #expect(try fixture.store.rebuildProjections() == ["2023001"])
        #expect(try fixture.store.people().first?.stage == "applicant")
    }

    @Test func aCheckThatThrowsRecordsNothing() throws {
        struct Refused: Error {}
        let fixture = try Fixture()
        #expect(throws: Refused.self) {
            try fixture.store.append(fixture.event("submit_application", "2024-03-01")) { _, _ in throw Refused() }
        }
        #expect(try fixture.store.history(personID: fixture.person.id).events.isEmpty)
        #expect(try fixture.store.people().first?.stage == nil)
    }

    @Test func aBatchOfPastEventsIsAppendedWhollyOrNotAtAll() throws {
        let fixture = try Fixture()
        try fixture.store.append(contentsOf: [
            fixture.event("submit_application", "2024-03-01"),
            fixture.event("initial_talk", "2024-03-20"),
            fixture.event("designate_activist", "2024-09-10"),
        ])
        #expect(try fixture.store.people().first?.stage == "activist")
        #expect(try fixture.store.history(personID: fixture.person.id).events.count == 3)
        var stray = fixture.event("file_activist", "2024-09-20")
        stray.personID = 999  // no such person: the foreign key refuses it
        #expect(throws: StoreError.self) {
            try fixture.store.append(contentsOf: [fixture.event("file_activist", "2024-09-20"), stray])
        }
        #expect(try fixture.store.history(personID: fixture.person.id).events.count == 3)
        #expect(try fixture.store.rebuildProjections().isEmpty)
    }

    @Test func installingTheSameTextTwiceKeepsOneVersionAndPeopleStayPinned() throws {
        let fixture = try Fixture()
        let again = try fixture.store.install(try loadBundle(), by: "test", at: "t2")
        #expect(!again.isNew)
        #expect(again.version == fixture.version)
        // A changed text is a new version; the registered person keeps theirs.
        var bundle = try loadBundle()
        bundle.sources[0].text += "\n# local amendment\n"
        let changed = try fixture.store.install(bundle, by: "test", at: "t3")
        #expect(changed.isNew)
        #expect(changed.version != fixture.version)
        #expect(try fixture.store.latestVersion(of: "cpc-2014")?.version == changed.version)
        #expect(try fixture.store.person("2023001")?.workflowVersion == fixture.version)
        // The stored copy loads by itself, without the files.
        let stored = try fixture.store.bundle(version: fixture.version)
        #expect(stored.workflow.id == "cpc-2014")
        #expect(stored.calendar.hasData(for: 2026))
    }

    @Test func organizationsAndPeopleAreValidated() throws {
        let fixture = try Fixture()
        #expect(throws: StoreError.self) {
            try fixture.store.addOrganization(NewOrganization(code: "X", name: "x", kind: .branch, parentCode: "CS-S1", category: nil,
                                                              canApprove: false, createdAt: "t", createdBy: "t"))
        }
        #expect(throws: StoreError.self) {
            try fixture.store.addOrganization(NewOrganization(code: "U", name: "again", kind: .committee, parentCode: nil, category: nil,
                                                              canApprove: true, createdAt: "t", createdBy: "t"))
        }
        #expect(throws: StoreError.self) {
            try fixture.store.addPerson(NewPerson(number: "2023001", name: "李四", organizationCode: "CS-S1", category: .student,
                                                  workflowVersion: fixture.version, createdAt: "t", createdBy: "t"))
        }
        #expect(throws: StoreError.self) {
            try fixture.store.addPerson(NewPerson(number: "2023002", name: "李四", organizationCode: "NOPE", category: .student,
                                                  workflowVersion: fixture.version, createdAt: "t", createdBy: "t"))
        }
        let general = try #require(try fixture.store.organizations().first { $0.code == "CS" })
        #expect(!general.canApprove)
        #expect(try fixture.store.organizationDirectory().approver(for: general.id)?.code == "U")
        #expect(try fixture.store.people(organizationCode: "U").count == 1)
        #expect(try fixture.store.people(organizationCode: "CS-S1", stage: "activist").isEmpty)
    }

    @Test func aDatabaseFileIsCreatedReadableByItsOwnerOnly() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fazhan-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("t.sqlite").path
        _ = try Fixture(store: try SQLiteStore.open(path: path, create: true))
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)
        #expect(mode.intValue & 0o777 == 0o600)
        #expect(throws: StoreError.self) { try SQLiteStore.open(path: path, create: true) }
        #expect(throws: StoreError.self) { try SQLiteStore.open(path: directory.appendingPathComponent("missing.sqlite").path, create: false) }
        // Reopened, the history is there.
        let reopened = try SQLiteStore.open(path: path, create: false)
        #expect(try reopened.person("2023001")?.name == "张三")
    }
}

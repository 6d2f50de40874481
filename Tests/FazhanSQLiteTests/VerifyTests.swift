import FazhanCore
import Foundation
import GRDB
import Testing

@testable import FazhanSQLite
import FazhanStore

/// The seals over the event log find what was changed behind Fazhan's back.
@Suite struct VerifyTests {
    private static let workflows = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("workflows").path

    /// A store with one person (or `people`, numbered 2023001, 2023002, ...) and four events each
    /// recorded the normal way, one person after the other.
    private func store(people: Int = 1) throws -> SQLiteStore {
        let store = try SQLiteStore.inMemory()
        let installed = try store.install(try WorkflowLoader.directory(Self.workflows).load("cpc-2014"), by: "t", at: "t")
        _ = try store.addOrganization(NewOrganization(code: "U", name: "校党委", kind: .committee, parentCode: nil, category: nil,
                                                      canApprove: true, createdAt: "t", createdBy: "t"))
        for index in 1...people {
            let person = try store.addPerson(NewPerson(number: "\(2023000 + index)", name: "张三", organizationCode: "U", category: .student,
                                                       birthDate: CivilDate("2004-05-02"), workflowVersion: installed.version,
                                                       createdAt: "t", createdBy: "t"))
            for (step, date) in [("submit_application", "2024-03-01"), ("initial_talk", "2024-03-20"),
                                 ("recommendation", "2024-09-01"), ("designate_activist", "2024-09-10")] {
                try store.append(Event(id: 0, personID: person.id, step: step, date: CivilDate(date)!, recordedAt: "t", recordedBy: "t",
                                       data: step == "recommendation" ? EventData(method: "league") : EventData(),
                                       workflowVersion: installed.version))
            }
        }
        return store
    }

    /// What someone with the file and the sqlite3 shell could do: drop the guards and write.
    private func tamper(_ store: SQLiteStore, _ sql: String) throws {
        try store.writer.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA foreign_keys = OFF")
            try db.execute(sql: "DROP TRIGGER IF EXISTS event_no_update; DROP TRIGGER IF EXISTS event_no_delete; DROP TRIGGER IF EXISTS event_seal_no_delete; DROP TRIGGER IF EXISTS person_seal_no_delete; DROP TRIGGER IF EXISTS person_seal_no_update; DROP TRIGGER IF EXISTS seal_checkpoint_no_delete")
            try db.execute(sql: sql)
        }
    }

    @Test func anUntouchedLogIsIntact() throws {
        let report = try store().verify()
        #expect(report.isIntact, "\(report.problems)")
        #expect(report.events == 4)
        #expect(report.seals == 4)
        #expect(report.head.count == 64)
    }

    @Test func anEditedEventIsFoundAtItsId() throws {
        let store = try store()
        try tamper(store, "UPDATE event SET occurred_on = '2024-09-30' WHERE id = 2")
        let report = try store.verify()
        #expect(report.problems.map(\.kind) == [.edited])
        #expect(report.problems.first?.eventID == 2)
    }

    @Test func aDeletedEventAndItsSealLeaveAGapInThePersonsChain() throws {
        let store = try store()
        try tamper(store, "DELETE FROM person_seal WHERE event_id = 3; DELETE FROM event WHERE id = 3")
        let report = try store.verify()
        #expect(report.problems.contains { $0.kind == .deleted && $0.eventID == 4 }, "\(report.problems)")
        #expect(report.problems.contains { $0.kind == .checkpoint }, "\(report.problems)")
        let deletedOnly = try self.store()
        try tamper(deletedOnly, "DELETE FROM event WHERE id = 3")
        #expect(try deletedOnly.verify().problems.contains { $0.kind == .deleted && $0.eventID == 3 })
    }

    @Test func aDeletedTailWithItsSealIsFoundByTheCheckpointThatCoveredIt() throws {
        let store = try store()
        try tamper(store, "DELETE FROM person_seal WHERE event_id = 4; DELETE FROM event WHERE id = 4")
        let report = try store.verify()
        #expect(report.problems.contains { $0.kind == .checkpoint && $0.message.contains("checkpoint 7") }, "\(report.problems)")
    }

    @Test func aCheckpointRemovedBreaksTheChainOfCheckpoints() throws {
        let store = try store()
        try tamper(store, "DELETE FROM seal_checkpoint WHERE id = 2")
        let problems = try store.verify().problems
        #expect(problems.contains { $0.kind == .checkpoint && $0.message.contains("checkpoint 3 does not follow") }, "\(problems)")
        #expect(problems.contains { $0.kind == .checkpoint && $0.message.contains("seals of checkpoint 2 have no checkpoint") }, "\(problems)")
    }

    @Test func eventsSwappedInTheirSealsAreFound() throws {
        let store = try store()
        // Two events' contents exchanged: each no longer matches the seal of its place.
        try tamper(store, """
            UPDATE event SET step = 'x' WHERE id = 2; UPDATE event SET step = 'initial_talk' WHERE id = 3;
            UPDATE event SET step = 'recommendation' WHERE id = 2
            """)
        let problems = try store.verify().problems
        #expect(problems.filter { $0.kind == .edited }.compactMap(\.eventID) == [2, 3], "\(problems)")
    }

    @Test func sealsClaimingEventsOutOfTheirOrderAreFoundEachAtItsId() throws {
        let store = try store()
        // The seals of events 2 and 3 exchanged: each event is checked against the other's seal.
        try tamper(store, """
            UPDATE person_seal SET event_id = -2 WHERE event_id = 2; UPDATE person_seal SET event_id = 2 WHERE event_id = 3;
            UPDATE person_seal SET event_id = 3 WHERE event_id = -2
            """)
        let problems = try store.verify().problems
        #expect(problems.filter { $0.kind == .edited }.compactMap(\.eventID) == [3, 2], "\(problems)")
        #expect(problems.contains { $0.kind == .reordered }, "\(problems)")
        #expect(!problems.contains { $0.kind == .inserted || $0.kind == .deleted }, "\(problems)")
    }

    @Test func textWithLineBreaksIsSealedAsRecordedAndAnEditOfItIsFound() throws {
        let store = try store()
        try store.append(Event(id: 0, personID: 1, step: "designate_activist", date: CivilDate("2024-09-10")!, recordedAt: "t",
                               recordedBy: "组织员\n李四", workflowVersion: 1, corrects: 4, correctionReason: "日期有误\n重新记录"))
        #expect(try store.verify().isIntact)
        try tamper(store, "UPDATE event SET correction_reason = '日期有误 重新记录' WHERE id = 5")
        let report = try store.verify()
        #expect(report.problems.map(\.kind) == [.edited], "\(report.problems)")
        #expect(report.problems.first?.eventID == 5)
    }

    @Test func everyWriteIsCoveredByACheckpointThatChainsTheOneBefore() throws {
        let report = try store().verify()
        // One for the workflow, the organization and the person each, one for each event.
        #expect(report.checkpoints == 7)
        #expect(report.pending == 0)
    }

    @Test func anEventInsertedOutsideFazhanHasNoSeal() throws {
        let store = try store()
        try tamper(store, """
            INSERT INTO event (person_id, step, occurred_on, recorded_at, recorded_by, data, workflow_version)
            VALUES (1, 'file_activist', '2024-09-20', 't', 'intruder', '{}', 1)
            """)
        let report = try store.verify()
        #expect(report.problems.map(\.kind) == [.inserted])
        #expect(report.problems.first?.eventID == 5)
    }

    @Test func aStoredStageThatDisagreesWithTheEventsIsFound() throws {
        let store = try store()
        try store.writer.write { db in try db.execute(sql: "UPDATE person_state SET stage = 'full_member'") }
        let report = try store.verify()
        #expect(report.problems.map(\.kind) == [.projection])
        #expect(report.problems.first?.message == "the stored stage of 2023001 disagrees with the events")
    }

    @Test func aStoredTimelineThatDisagreesWithTheEventsIsFound() throws {
        let store = try store()
        // The timeline the report reads, with the activist designation moved a year earlier.
        try store.writer.write { db in
            let bytes: Data = try #require(try Data.fetchOne(db, sql: "SELECT timeline FROM person_state WHERE person_id = 1"))
            var digest = try TimelineDigest(encoded: [UInt8](bytes), workflow: try store.bundle(version: 1).workflow)
            digest.entries[digest.entries.count - 1].date = CivilDate("2023-09-10")!
            try db.execute(sql: "UPDATE person_state SET timeline = ? WHERE person_id = 1", arguments: [Data(digest.encoded)])
        }
        let report = try store.verify()
        #expect(report.problems.map(\.kind) == [.projection])
        #expect(report.problems.first?.message == "the stored statistics digest of 2023001 disagrees with the events")
    }

    @Test func theProjectionIsCurrentUntilAnEventIsWrittenOutsideFazhan() throws {
        let store = try store()
        #expect(try store.projectionIsCurrent())
        try tamper(store, """
            INSERT INTO event (person_id, step, occurred_on, recorded_at, recorded_by, data, workflow_version)
            VALUES (1, 'file_activist', '2024-09-20', 't', 'intruder', '{}', 1)
            """)
        #expect(try !store.projectionIsCurrent())
        // The next write through Fazhan projects the person again.
        try store.append(Event(id: 0, personID: 1, step: "file_activist", date: CivilDate("2024-09-21")!, recordedAt: "t",
                               recordedBy: "t", workflowVersion: 1))
        #expect(try store.projectionIsCurrent())
    }

    @Test func theRangesOfPeopleCoverEveryIdInOrder() throws {
        let store = try store(people: 3)
        #expect(try store.personRanges(count: 2) == [Int64.min...2, 3...Int64.max])
        #expect(try store.personRanges(count: 32) == [Int64.min...1, 2...2, 3...Int64.max])
        #expect(try self.store().personRanges(count: 32) == [Int64.min...Int64.max])
    }

    /// Each person is checked in a range of their own here: what is found comes in the order of
    /// the people, and the chains' hash is the one a single reading of everyone gives.
    @Test func peopleCheckedInRangesOfTheirOwnAreReportedAsInOneReading() throws {
        let store = try store(people: 3)
        #expect(try store.personRanges(count: SQLiteStore.personRangeCount).count == 3)
        let intact = try store.verify()
        let whole = try store.read { db in
            var verifier = SealVerifier()
            _ = try SQLiteStore.verifyPeople(db, ids: Int64.min...Int64.max, workflows: [:], into: &verifier)
            return verifier
        }
        #expect(intact.chains == whole.chains)
        #expect(intact.events == 12)
        try tamper(store, """
            UPDATE event SET recorded_by = 'x' WHERE id IN (2, 11);
            INSERT INTO event (person_id, step, occurred_on, recorded_at, recorded_by, data, workflow_version)
            VALUES (99, 'file_activist', '2024-09-20', 't', 'intruder', '{}', 1)
            """)
        let report = try store.verify()
        #expect(report.problems.map(\.message) == [
            "event #2 of 2023001 was changed after it was recorded",
            "event #11 of 2023003 was changed after it was recorded",
            "event #13 of person 99 has no seal: it was written outside Fazhan",
        ])
        #expect(report.chains == intact.chains)
    }

    @Test func eventsRecordedInABatchAreSealedToo() throws {
        let store = try store()
        try store.append(contentsOf: [
            Event(id: 0, personID: 1, step: "file_activist", date: CivilDate("2024-09-20")!, recordedAt: "t", recordedBy: "t", workflowVersion: 1),
        ])
        #expect(try store.verify().isIntact)
        #expect(try store.verify().seals == 5)
    }

    /// A sealed row's columns are read by position as GRDB rows read them (text up to a NUL), so
    /// that seals written when sealing went through GRDB rows still verify.
    @Test func aSealedRowReadsAsAGRDBRowDoes() throws {
        let queue = try DatabaseQueue()
        let table = try #require(RecordSeals.table("person"))
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE person (id INTEGER PRIMARY KEY, number TEXT, name TEXT, grade INTEGER, league_member INTEGER)")
            try db.execute(sql: "INSERT INTO person VALUES (1, '2023001', '张' || char(0) || '三', 2023, 1)")
        }
        try queue.read { db in
            let row = try #require(try Row.fetchOne(db, sql: "SELECT * FROM person"))
            let statement = try db.makeStatement(sql: "SELECT id, \(try StoredRecords.selectedColumns(db, table)) FROM person")
            #expect(try RawSQLite.step(statement.sqliteStatement, in: db))
            let values = StoredRecords.values(statement.sqliteStatement, from: 1, table)
            let name: String = row["name"]
            #expect(name == "张")
            #expect(values[table.columns.firstIndex { $0.name == "name" }!] == name)
            #expect(values[table.columns.firstIndex { $0.name == "league_member" }!] == "1")
            #expect(values[table.columns.firstIndex { $0.name == "grade" }!] == "2023")
            #expect(values[table.columns.firstIndex { $0.name == "created_at" }!] == nil, "a column the table has not: NULL")
        }
    }
}

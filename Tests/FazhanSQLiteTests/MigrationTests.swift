import FazhanCore
import Foundation
import GRDB
import Testing

@testable import FazhanSQLite
import FazhanStore

/// A database written before the statistics digest existed (schema v4) gains it when it is
/// next opened, even by a command that only reads, with every person's digest the one their
/// events give.
@Suite struct MigrationTests {
    private static let workflows = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("workflows").path

    @Test func anOlderDatabaseGainsTheTimelineDigestOnOpening() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fazhan-migration-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("t.sqlite").path
        let workflow: Workflow
        do {
            let store = try SQLiteStore.open(path: path, create: true)
            let installed = try store.install(try WorkflowLoader.directory(Self.workflows).load("cpc-2014"), by: "t", at: "t")
            workflow = try store.bundle(version: installed.version).workflow
            _ = try store.addOrganization(NewOrganization(code: "U", name: "校党委", kind: .committee, parentCode: nil, category: nil,
                                                          canApprove: true, createdAt: "t", createdBy: "t"))
            for number in ["2023001", "2023002"] {
                let person = try store.addPerson(NewPerson(number: number, name: "张三", organizationCode: "U", category: .student,
                                                           birthDate: CivilDate("2004-05-02"), workflowVersion: installed.version,
                                                           createdAt: "t", createdBy: "t"))
                for (step, date) in [("submit_application", "2024-03-01"), ("initial_talk", "2024-03-20")] {
                    _ = try store.append(Event(id: 0, personID: person.id, step: step, date: CivilDate(date)!, recordedAt: "t",
                                               recordedBy: "t", workflowVersion: installed.version))
                }
            }
            // Back to schema v4, as an earlier version of Fazhan left it.
            try store.writer.writeWithoutTransaction { db in
                try db.execute(sql: """
                    DROP INDEX person_state_by_last_event;
                    ALTER TABLE person_state DROP COLUMN timeline;
                    DELETE FROM grdb_migrations WHERE identifier LIKE 'v5:%';
                    """)
            }
        }
        let store = try SQLiteStore.open(path: path, create: false, readOnly: true)
        #expect(try store.projectionIsCurrent())
        var digests: [Int64: TimelineDigest] = [:]
        try store.forEachTimeline { person, digest in digests[person.id] = digest }
        #expect(digests.count == 2)
        for (id, digest) in digests {
            #expect(digest == TimelineDigest(history: try store.history(personID: id), workflow: workflow))
            #expect(digest.entries.map { workflow.steps[$0.step].id } == ["submit_application"])
        }
        #expect(try store.verify().isIntact)
    }

    /// A database sealed by the single chain of schema v4-v5 is re-sealed per person when next
    /// opened; its first checkpoint follows the old chain's last seal, and both are verified.
    @Test func aSingleChainDatabaseIsResealedPerPersonAnchoredOnItsOldHead() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fazhan-migration-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("t.sqlite").path
        var oldHead = ""
        do {
            let store = try SQLiteStore.open(path: path, create: true)
            let installed = try store.install(try WorkflowLoader.directory(Self.workflows).load("cpc-2014"), by: "t", at: "t")
            _ = try store.addOrganization(NewOrganization(code: "U", name: "校党委", kind: .committee, parentCode: nil, category: nil,
                                                          canApprove: true, createdAt: "t", createdBy: "t"))
            for number in ["2023001", "2023002"] {
                let person = try store.addPerson(NewPerson(number: number, name: "张三", organizationCode: "U", category: .student,
                                                           birthDate: CivilDate("2004-05-02"), workflowVersion: installed.version,
                                                           createdAt: "t", createdBy: "t"))
                for (step, date) in [("submit_application", "2024-03-01"), ("initial_talk", "2024-03-20")] {
                    _ = try store.append(Event(id: 0, personID: person.id, step: step, date: CivilDate(date)!, recordedAt: "t",
                                               recordedBy: "t", workflowVersion: installed.version))
                }
            }
            // Back to schema v5: one chain over every event, no per-person seals, no record seals.
            oldHead = try store.writer.writeWithoutTransaction { db in
                try db.execute(sql: """
                    DROP TABLE person_seal;
                    DROP TABLE seal_checkpoint;
                    DROP TABLE record_seal;
                    DROP TABLE seal_log;
                    DELETE FROM grdb_migrations WHERE identifier LIKE 'v6:%' OR identifier LIKE 'v8:%';
                    """)
                try EventChain.seal(db)
                return try String.fetchOne(db, sql: "SELECT hash FROM event_seal ORDER BY event_id DESC LIMIT 1") ?? ""
            }
        }
        let store = try SQLiteStore.open(path: path, create: false)
        let report = try store.verify()
        #expect(report.isIntact, "\(report.problems)")
        // v6's checkpoint over the people's chains, then v8's over the records it sealed (and its own log entry).
        #expect(report.seals == 4 && report.checkpoints == 2 && report.records == 5)
        let anchored = try store.writer.read { db in try String.fetchOne(db, sql: "SELECT previous_hash FROM seal_checkpoint WHERE id = 1") }
        #expect(anchored == oldHead && oldHead.count == 64)
        // The old chain is still checked: an edit of its seals is found.
        try store.writer.writeWithoutTransaction { db in
            try db.execute(sql: "DROP TRIGGER event_seal_no_update; UPDATE event_seal SET hash = previous_hash WHERE event_id = 2")
        }
        #expect(try store.verify().problems.contains { $0.kind == .brokenLink && $0.eventID == 3 })
    }
}

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
}

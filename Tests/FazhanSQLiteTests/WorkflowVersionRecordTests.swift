import FazhanCore
import Foundation
import GRDB
import Testing

@testable import FazhanSQLite
import FazhanStore

/// An installed workflow reads back, column by column, as it was written.
@Suite struct WorkflowVersionRecordTests {
    private static let workflows = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("workflows").path

    @Test func anInstalledWorkflowReadsBackWithItsSources() throws {
        let store = try SQLiteStore.inMemory()
        let bundle = try WorkflowLoader.directory(Self.workflows).load("university")
        let installed = try store.install(bundle, by: "test", at: "2026-01-01T00:00:00Z")
        let record = try #require(try store.writer.read { db in try WorkflowVersionRecord.fetchOne(db, key: installed.version) })
        #expect(record.sources == bundle.sources)
        #expect(record.sha256 == bundle.sha256)
        #expect(record.workflowId == "university")
        #expect(record.title == bundle.workflow.title)
        #expect(record.provisional == bundle.workflow.provisional)
        #expect(record.installedBy == "test" && record.installedAt == "2026-01-01T00:00:00Z")
        // Parsed again from the stored copies, the same workflow.
        let again = try WorkflowLoader.stored(record.sources).load(file: record.sources[0])
        #expect(again.sha256 == bundle.sha256)
        #expect(again.workflow.steps.map(\.id) == bundle.workflow.steps.map(\.id))
    }

    @Test func sourcesThatAreNotFilesAreACorruptDatabase() throws {
        let store = try SQLiteStore.inMemory()
        try store.writer.write { db in
            try db.execute(sql: """
                INSERT INTO workflow_version (workflow_id, sha256, title, provisional, sources, installed_at, installed_by)
                VALUES ('x', 'abc', 'x', 0, '[{"path": 1}]', 't', 'test')
                """)
        }
        #expect(throws: StoreError.self) { try store.bundle(version: 1) }
    }
}

import FazhanCore
import FazhanPostgres
import FazhanSQLite
import FazhanStore
import Foundation
import PostgresNIO
import Testing

/// A copy is one transaction: a connection cut in the middle (a network drop, the server
/// restarted, an administrator's pg_terminate_backend) leaves the target as it was, and the
/// same copy run again succeeds.
@Suite(.enabled(if: testURL != nil || underCI, "needs FAZHAN_TEST_POSTGRES_URL"))
struct CopyFaultTests {
    /// An SQLite database of `people` applicants with a few events each, written in one ingest.
    private func source(at path: String, people: Int) throws {
        let store = try SQLiteStore.open(path: path, create: true)
        let installed = try store.install(try loadBundle(), by: "t", at: "t")
        try store.ingest { session in
            try session.addOrganization(NewOrganization(code: "U", name: "校党委", kind: .committee, parentCode: nil, category: nil,
                                                        canApprove: true, createdAt: "t", createdBy: "t"))
            for index in 0..<people {
                let id = try session.addPerson(NewPerson(
                    number: String(2_000_000 + index), name: "学生\(index)", organizationCode: "U", category: .student,
                    birthDate: CivilDate("2004-05-02"), workflowVersion: installed.version, createdAt: "t", createdBy: "t"))
                let events = ["2024-03-01", "2024-03-20", "2024-04-01", "2024-05-01", "2024-06-01"].enumerated().map { step, date in
                    Event(id: 0, personID: id, step: step == 0 ? "submit_application" : (step == 1 ? "initial_talk" : "thought_report"),
                          date: CivilDate(date)!, recordedAt: "t", recordedBy: "t", data: EventData(note: "第\(step)次"),
                          workflowVersion: installed.version)
                }
                try session.addEvents(events, of: id)
            }
        }
    }

    @Test func aConnectionCutMidCopyLeavesTheTargetEmptyAndTheCopyRunsAgain() async throws {
        guard testURL != nil else {
            Issue.record("CI is set but FAZHAN_TEST_POSTGRES_URL is not")
            return
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fazhan-copy-cut-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("source.sqlite").path
        try source(at: path, people: 4_000)
        try await withFreshStore(migrate: true) { store in
            var target = store.target
            target.password = nil
            let url = "postgres://\(target.user)@\(target.hostAndPort)/\(target.database)"
            let process = Process()
            process.executableURL = URL(fileURLWithPath: serverBinary())
            process.arguments = ["copy", "--from", path, "--to", url]
            process.environment = ProcessInfo.processInfo.environment.filter { !["LC_ALL", "LC_MESSAGES"].contains($0.key) }
                .merging(["LANG": "en_US.UTF-8"]) { $1 }
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = pipe
            try process.run()
            // Cut the copy's connection in the middle of a COPY (a cut between two statements is
            // ClosedConnectionTests' case).
            var cut = false
            for _ in 0..<400 where !cut && process.isRunning {
                let rows = try await store.client.query("""
                    SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                    WHERE datname = \(target.database) AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL
                      AND query LIKE 'COPY %'
                    """).collect()
                cut = !rows.isEmpty
                if !cut { try await Task.sleep(for: .milliseconds(25)) }
            }
            // A cut in the middle of the COPY itself once left the command waiting forever (an
            // await in postgres-nio's COPY writer that the closed connection never resumes); the
            // copy's watchdog now notices the backend is gone. Killed after 60 s, so that a
            // regression fails here rather than hanging the suite.
            var waited = 0
            while process.isRunning && waited < 600 {
                try await Task.sleep(for: .milliseconds(100))
                waited += 1
            }
            let hung = process.isRunning
            if hung { process.terminate() }
            let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            try #require(cut, "the copy ended before its connection could be cut: \(output)")
            #expect(!hung, "the copy did not end within 60 s of its connection being cut")
            #expect(process.terminationStatus == 1, "\(output)")
            #expect(output.hasPrefix("error: "), "\(output)")
            #expect(!output.contains("Fatal error") && !output.contains("Stack"), "\(output)")
            // Nothing of it stayed.
            let people = try await store.people(organizationCode: nil, stage: nil)
            #expect(people.isEmpty)
            #expect(try await store.installedWorkflows().isEmpty)
            // And the same copy, run again, lands whole.
            let (status, again) = try run(serverBinary(), ["copy", "--from", path, "--to", url])
            #expect(status == 0, "\(again)")
            #expect(try await store.people(organizationCode: nil, stage: nil).count == 4_000)
            #expect(try await store.verify().isIntact)
        }
    }
}

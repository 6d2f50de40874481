@testable import FazhanPostgres
import FazhanStore
import Foundation
import Synchronization
import PostgresNIO
import Testing

/// A connection the server closes between two statements of a transaction (a restarted server,
/// an administrator's pg_terminate_backend, a network drop) ends the operation with an error at
/// once. postgres-nio 1.33 drops a query written to a closed connection without ever answering
/// it: `fazhan-server copy` and `migrate` once waited forever on their next statement.
@Suite(.enabled(if: testURL != nil || underCI, "needs FAZHAN_TEST_POSTGRES_URL"))
struct ClosedConnectionTests {
    @Test func theNextStatementOnAConnectionTheServerClosedFailsAtOnce() async throws {
        guard testURL != nil else {
            Issue.record("CI is set but FAZHAN_TEST_POSTGRES_URL is not")
            return
        }
        try await withFreshStore { store in
            // Run apart, so that a regression fails here instead of hanging the suite.
            let outcome = Mutex<Result<Bool, StoreError>?>(nil)
            Task {
                let closed = Mutex(false)
                do {
                    try await store.transaction { connection in
                        let pid = try await connection.checkedQuery("SELECT pg_backend_pid()", logger: quiet).collect().first?.decode(Int32.self)
                        _ = try await store.client.query("SELECT pg_terminate_backend(\(pid ?? 0))").collect()
                        // The server's goodbye arrives while no statement runs.
                        for _ in 0..<500 where !connection.isClosed {
                            try await Task.sleep(for: .milliseconds(10))
                        }
                        closed.withLock { $0 = connection.isClosed }
                        try await connection.checkedQuery("SELECT 1", logger: quiet)
                    }
                    outcome.withLock { $0 = .success(closed.withLock { $0 }) }
                } catch {
                    outcome.withLock { $0 = .failure(error as? StoreError ?? .io("\(error)")) }
                }
            }
            var waited = 0
            while outcome.withLock({ $0 }) == nil && waited < 300 {
                try await Task.sleep(for: .milliseconds(100))
                waited += 1
            }
            switch outcome.withLock({ $0 }) {
            case nil:
                Issue.record("the statement after the cut did not end within 30 s")
            case .success(let closed):
                Issue.record("a statement on a closed connection succeeded (closed: \(closed))")
            case .failure(let error):
                #expect(error.description.contains("was closed"), "\(error)")
            }
            // The pool replaces the connection: the store goes on working.
            #expect(try await store.people(organizationCode: nil, stage: nil).isEmpty)
        }
    }
}

import FazhanStore
import Foundation
import Logging
import PostgresNIO
import Synchronization

/// Gives up on an operation whose database connection the server has dropped.
///
/// A connection cut in the middle of a COPY (a network drop, a restarted server, an
/// administrator's `pg_terminate_backend`) can leave postgres-nio's COPY writer waiting for a
/// resumption that never comes, and the command with it. The watchdog asks the server, over a
/// connection of its own, whether the backend serving the operation still exists; when it is
/// gone, the operation is abandoned with `lost` (its transaction is rolled back by the server,
/// so nothing of it stays).
enum ConnectionWatchdog {
    /// Runs `operation`, which reports its backend's process id through `started` once it knows
    /// it; polls every `interval` that the backend is still there.
    static func run<T: Sendable>(
        target: PostgresTarget, logger: Logger, every interval: Duration = .seconds(2), lost: StoreError,
        _ operation: @escaping @Sendable (_ started: @escaping @Sendable (Int32) -> Void) async throws -> T
    ) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let race = Race(continuation)
            let work = Task {
                do {
                    race.finish(.success(try await operation { pid in race.backend.withLock { $0 = pid } }))
                } catch {
                    race.finish(.failure(error))
                }
            }
            Task {
                while !race.isFinished {
                    try? await Task.sleep(for: interval)
                    guard let pid = race.backend.withLock({ $0 }), !race.isFinished else { continue }
                    if await !isAlive(pid, target: target, logger: logger) {
                        race.finish(.failure(lost))
                        work.cancel()
                        return
                    }
                }
            }
        }
    }

    /// The operation and its watchdog: whichever ends first resumes the caller, once.
    private final class Race<T: Sendable>: Sendable {
        let continuation: CheckedContinuation<T, any Error>
        let backend = Mutex<Int32?>(nil)
        private let finished = Mutex(false)

        init(_ continuation: CheckedContinuation<T, any Error>) {
            self.continuation = continuation
        }

        var isFinished: Bool { finished.withLock { $0 } }

        func finish(_ result: Result<T, any Error>) {
            let first = finished.withLock { done -> Bool in
                defer { done = true }
                return !done
            }
            if first { continuation.resume(with: result) }
        }
    }

    /// Whether the server still runs the backend `pid`; true when the question cannot be asked
    /// (the operation's own error, if any, is then the one to report).
    private static func isAlive(_ pid: Int32, target: PostgresTarget, logger: Logger) async -> Bool {
        do {
            let connection = try await PostgresConnection.connect(configuration: target.connectionConfiguration, id: 1, logger: logger)
            defer { Task { try? await connection.close() } }
            let rows = try await connection.checkedQuery("SELECT 1 FROM pg_stat_activity WHERE pid = \(pid)", logger: logger).collect()
            return !rows.isEmpty
        } catch {
            return true
        }
    }
}

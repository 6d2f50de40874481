import FazhanStore
import Logging
import PostgresNIO

/// A statement sent on a connection the server has already closed.
struct ConnectionLost: Error {}

extension PostgresConnection {
    /// `query`, refused at once when the server has closed the connection.
    ///
    /// postgres-nio 1.33 writes a query to its channel without a promise: on a channel already
    /// closed (the server restarted, an administrator's `pg_terminate_backend`, a network drop
    /// between two statements of a transaction) the write is dropped and the query never
    /// answers, so the command would wait forever. Every statement of this module goes through
    /// here. A connection closed while a statement runs is failed by postgres-nio itself.
    @discardableResult
    func checkedQuery(
        _ query: PostgresQuery, logger: Logger, file: String = #fileID, line: Int = #line
    ) async throws -> PostgresRowSequence {
        guard !isClosed else { throw ConnectionLost() }
        return try await self.query(query, logger: logger, file: file, line: line)
    }
}

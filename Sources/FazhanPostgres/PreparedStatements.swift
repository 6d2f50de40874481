import FazhanCore
import FazhanStore
import Foundation
import Logging
import PostgresNIO

/// The statements a server runs on every request, prepared once per connection (parsed and
/// planned once, where an unnamed statement is parsed and planned every time: under load that
/// planning cost PostgreSQL more than running them).
///
/// Each hands back its rows as they come; the store decodes them with the same functions as
/// every other read.
protocol RowStatement: PostgresPreparedStatement where Row == PostgresRow {
    /// The values bound to $1, $2, ... (a statement with NULLs among them makes its own bindings).
    var arguments: [any PostgresThrowingDynamicTypeEncodable] { get }
}

extension RowStatement {
    var arguments: [any PostgresThrowingDynamicTypeEncodable] { [] }

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: arguments.count)
        for argument in arguments { try bindings.append(argument) }
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }
}

extension PostgresConnection {
    /// A prepared statement's rows, refused at once on a closed connection (see `checkedQuery`:
    /// postgres-nio writes a prepared statement to its channel the same way).
    func checkedExecute<Statement: RowStatement>(
        _ statement: Statement, logger: Logger, file: String = #fileID, line: Int = #line
    ) async throws -> [PostgresRow] {
        guard !isClosed else { throw ConnectionLost() }
        var rows: [PostgresRow] = []
        for try await row in try await execute(statement, logger: logger, file: file, line: line) { rows.append(row) }
        return rows
    }
}

/// A person by number (学号/工号).
struct PersonByNumber: RowStatement {
    static let name = "fazhan_person_by_number"
    static var sql: String { "SELECT \(PostgresStore.personColumns) FROM person p WHERE p.number = $1" }
    var number: String
    var arguments: [any PostgresThrowingDynamicTypeEncodable] { [number] }
}

/// A person by internal id.
struct PersonByID: RowStatement {
    static let name = "fazhan_person_by_id"
    static var sql: String { "SELECT \(PostgresStore.personColumns) FROM person p WHERE p.id = $1" }
    var id: Int64
    var arguments: [any PostgresThrowingDynamicTypeEncodable] { [id] }
}

/// A person's version and, in the same snapshot, their events after `after` with each one's
/// seal: one row per event, or one row with NULL event columns when there is none after it. No
/// row: the person has no state row (not registered through Fazhan).
struct VersionAndEventsAfter: RowStatement {
    static let name = "fazhan_version_and_events_after"
    static var sql: String {
        """
        SELECT ps.version, \(PostgresStore.eventColumns), s.seq, s.hash
        FROM person_state ps
        LEFT JOIN event e ON e.person_id = ps.person_id AND e.id > $2
        LEFT JOIN person_seal s ON s.event_id = e.id
        WHERE ps.person_id = $1
        ORDER BY e.id
        """
    }
    var personID: Int64
    var after: Int64
    var arguments: [any PostgresThrowingDynamicTypeEncodable] { [personID, after] }
}

/// The next event id, taken before the event is written so that its seal can be computed first.
struct NextEventID: RowStatement {
    static let name = "fazhan_next_event_id"
    static let sql = "SELECT nextval(pg_get_serial_sequence('event', 'id'))"
}

/// One event, its seal and the person's new projection, written in one statement if the
/// person's version is still the one judged: the UPDATE of `person_state` takes the row's lock
/// (a second writer waits, then finds the version moved), and the event and the seal are
/// inserted only for the row it claimed. Returns the event id, or no row on a conflict.
struct AppendOneEvent: RowStatement {
    static let name = "fazhan_append_one_event"
    static let sql = """
        WITH claimed AS (
            UPDATE person_state SET stage = $3, stage_since = $4, entered_on = $5, last_event_id = $6, organization_id = $7,
                timeline = $8, version = $2 + 1
            WHERE person_id = $1 AND version = $2
            RETURNING person_id),
        inserted AS (
            INSERT INTO event (id, person_id, step, occurred_on, recorded_at, recorded_by, data, workflow_version, corrects,
                               correction_reason, voids, imported)
            SELECT $6, person_id, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18 FROM claimed
            RETURNING id, person_id)
        INSERT INTO person_seal (event_id, person_id, seq, hash) SELECT id, person_id, $19, $20 FROM inserted
        RETURNING event_id
        """
    var personID: Int64
    var version: Int64
    var projection: PersonProjection
    var organizationID: Int64
    var event: Event
    var data: String
    var sequence: Int64
    var seal: String

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 20)
        bindings.append(personID)
        bindings.append(version)
        bindings.append(projection.stage)
        bindings.append(projection.stageSince?.description)
        bindings.append(projection.enteredOn?.description)
        bindings.append(event.id)
        bindings.append(organizationID)
        try bindings.append(Data(projection.timeline))
        bindings.append(event.step)
        bindings.append(event.date.description)
        bindings.append(event.recordedAt)
        bindings.append(event.recordedBy)
        bindings.append(data)
        bindings.append(event.workflowVersion)
        bindings.append(event.corrects)
        bindings.append(event.correctionReason)
        bindings.append(event.voids)
        bindings.append(event.imported)
        bindings.append(sequence)
        bindings.append(seal)
        return bindings
    }
}

/// The session's user, their latest password hash and their grants in force (see
/// `PostgresStore.signedIn`).
struct SignedInLookup: RowStatement {
    static let name = "fazhan_signed_in"
    static var sql: String {
        """
        SELECT \(PostgresStore.userColumns), s.expires_at,
               g.id, g.organization_id, o.code, o.name, g.role, g.granted_by, g.granted_at
        FROM user_session s
        JOIN app_user u ON u.id = s.user_id
        LEFT JOIN role_grant g ON g.user_id = u.id AND NOT EXISTS (SELECT 1 FROM grant_revocation r WHERE r.grant_id = g.id)
        LEFT JOIN organization o ON o.id = g.organization_id
        WHERE s.token_hash = $1 AND s.expires_at > $2 COLLATE "C"
          AND NOT EXISTS (SELECT 1 FROM session_end e WHERE e.token_hash = s.token_hash)
        ORDER BY g.id
        """
    }
    var tokenHash: String
    var now: String
    var arguments: [any PostgresThrowingDynamicTypeEncodable] { [tokenHash, now] }
}

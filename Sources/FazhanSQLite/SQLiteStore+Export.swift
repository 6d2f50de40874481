import FazhanCore
import FazhanStore
import Foundation
import GRDB

/// Exports read people and events one at a time, in one read transaction, so a large database is
/// never held in memory and the rows written agree with each other while others keep recording.
///
/// People come in number order (学号), each person's events in recording order (event id). The
/// closure may throw to stop: its error is rethrown as is; database errors become ``StoreError``.
/// The closure must not call the store (reads do not nest).
extension SQLiteStore {
    /// How many people and events `scope` covers.
    public func exportCount(_ scope: ExportScope) throws(StoreError) -> ExportCount {
        try read { db in
            let people = try SQLiteStore.exportPeopleSQL(db, scope: scope, selecting: "person.id")
            let peopleCount = try Int.fetchOne(db.makeStatement(literal: "SELECT COUNT(*) FROM (\(people))")) ?? 0
            let dates = SQLiteStore.exportDateFilter(scope)
            let events: SQL = "SELECT COUNT(*) FROM event WHERE event.person_id IN (\(people))\(SQL(sql: dates.sql, arguments: dates.arguments))"
            return ExportCount(people: peopleCount, events: try Int.fetchOne(db.makeStatement(literal: events)) ?? 0)
        }
    }

    /// Calls `body` with every person in `scope`, with their current stage and organization.
    public func forEachPerson(in scope: ExportScope, _ body: (PersonListing) throws -> Void) throws {
        try exportRead { db in
            let people = try Row.fetchCursor(db.makeStatement(literal: SQLiteStore.exportPeopleSQL(db, scope: scope)))
            while let row = try people.next() {
                let listing = try SQLiteStore.exportListing(row)
                try passing { try body(listing) }
            }
        }
    }

    /// Calls `body` with every event of every person in `scope` (within its dates), corrections
    /// and voided events included, person by person.
    public func forEachEvent(in scope: ExportScope, _ body: (PersonListing, Event) throws -> Void) throws {
        try exportRead { db in
            let people = try Row.fetchCursor(db.makeStatement(literal: SQLiteStore.exportPeopleSQL(db, scope: scope)))
            let dates = SQLiteStore.exportDateFilter(scope)
            let events = try db.makeStatement(sql: "SELECT \(SQLiteStore.exportEventColumns) FROM event WHERE person_id = ?\(dates.sql) ORDER BY id")
            while let row = try people.next() {
                let listing = try SQLiteStore.exportListing(row)
                let cursor = try Row.fetchCursor(events, arguments: [listing.profile.id] + dates.arguments)
                while let row = try cursor.next() {
                    let event = try SQLiteStore.exportEvent(row)
                    try passing { try body(listing, event) }
                }
            }
        }
    }

    /// Calls `body` with the whole history of every person in `scope` (its dates are ignored),
    /// one person at a time.
    public func forEachHistory(in scope: ExportScope, _ body: (PersonListing, History) throws -> Void) throws {
        try exportRead { db in
            let people = try Row.fetchCursor(db.makeStatement(literal: SQLiteStore.exportPeopleSQL(db, scope: scope)))
            let events = try db.makeStatement(sql: "SELECT \(SQLiteStore.exportEventColumns) FROM event WHERE person_id = ? ORDER BY id")
            while let row = try people.next() {
                let listing = try SQLiteStore.exportListing(row)
                let history = try Array(Row.fetchCursor(events, arguments: [listing.profile.id]).map {
                    try SQLiteStore.exportEvent($0)
                })
                try passing { try body(listing, History(person: listing.profile, events: history)) }
            }
        }
    }

    /// One read transaction. What the caller's closure throws (wrapped by ``passing(_:)``) comes
    /// out as is; anything else (SQLite, decoding) becomes a ``StoreError``.
    private func exportRead<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try writer.read(body)
        } catch let error as CallerError {
            throw error.error
        } catch {
            throw StoreError(error)
        }
    }

    /// Runs the caller's closure, marking what it throws as its own.
    private func passing(_ body: () throws -> Void) throws {
        do { try body() } catch { throw CallerError(error: error) }
    }

    /// The query of the people in `scope`, in number order.
    private static func exportPeopleSQL(_ db: Database, scope: ExportScope, selecting columns: SQL? = nil) throws -> SQL {
        let listingColumns: SQL = """
            person.*, person_state.stage AS state_stage, person_state.stage_since AS state_since,
            organization.code AS org_code, organization.name AS org_name
            """
        var sql: SQL = """
            SELECT \(columns ?? listingColumns)
            FROM person JOIN person_state ON person_state.person_id = person.id
            JOIN organization ON organization.id = person_state.organization_id
            WHERE 1
            """
        if let code = scope.organizationCode {
            guard let root = try Int64.fetchOne(db, sql: "SELECT id FROM organization WHERE code = ?", arguments: [code]) else {
                throw StoreError.notFound("organization \(code)")
            }
            sql += """
                 AND person_state.organization_id IN (WITH RECURSIVE tree(id) AS (SELECT \(root) UNION ALL
                    SELECT o.id FROM organization o JOIN tree ON o.parent_id = tree.id) SELECT id FROM tree)
                """
        }
        if let stage = scope.stage {
            sql += " AND person_state.stage = \(stage)"
        }
        if !scope.excludedStages.isEmpty {
            sql += " AND (person_state.stage IS NULL OR person_state.stage NOT IN \(scope.excludedStages.sorted()))"
        }
        sql += " ORDER BY person.number"
        return sql
    }

    /// The condition on event dates (`YYYY-MM-DD` text compares in date order), with its arguments.
    private static func exportDateFilter(_ scope: ExportScope) -> (sql: String, arguments: StatementArguments) {
        var sql = ""
        var arguments = StatementArguments()
        if let from = scope.from {
            sql += " AND event.occurred_on >= ?"
            arguments += [from.description]
        }
        if let to = scope.to {
            sql += " AND event.occurred_on <= ?"
            arguments += [to.description]
        }
        return (sql, arguments)
    }

    /// The columns ``exportEvent(_:)`` reads.
    private static let exportEventColumns = """
        id, person_id, step, occurred_on, recorded_at, recorded_by, data, workflow_version, corrects, correction_reason, voids, imported
        """

    /// An event as ``EventRecord`` reads it (column by column, with the stored JSON read directly).
    private static func exportEvent(_ row: Row) throws -> Event {
        try EventRecord(row: row).event
    }

    private static func exportListing(_ row: Row) throws -> PersonListing {
        PersonListing(
            profile: try PersonRecord(row: row).profile, stage: row["state_stage"], stageSince: row["state_since"],
            organizationCode: row["org_code"], organizationName: row["org_name"])
    }
}

/// An error thrown by the closure given to an export, carried through the read unchanged.
private struct CallerError: Error {
    var error: any Error
}

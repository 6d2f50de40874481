import FazhanCore
import FazhanStore
import GRDB
import GRDBSQLite

extension SQLiteStore {
    /// Every person's history, optionally within an organization's subtree, in number order.
    /// Reads in one transaction, so the set is consistent while others write.
    public func histories(organizationCode: String? = nil) throws(StoreError) -> [History] {
        var histories: [History] = []
        try forEachHistory(organizationCode: organizationCode) { histories.append($0) }
        return histories.sorted { $0.person.number < $1.person.number }
    }

    /// Calls `body` with each person's history in turn (in id order), optionally within an
    /// organization's subtree, holding one person's events in memory at a time. Reads in one
    /// transaction, so the set is consistent while others write.
    public func forEachHistory(organizationCode: String? = nil, _ body: (History) throws -> Void) throws(StoreError) {
        do {
            try writer.read { db in
                guard let organizationCode else {
                    let people = try PersonRecord.fetchCursor(db, sql: "SELECT * FROM person ORDER BY id")
                    var events = EventRows(db, try db.makeStatement(sql: "SELECT \(EventRecord.positionalColumns) FROM event ORDER BY person_id, id"))
                    var next = try events.next()
                    while let person = try people.next() {
                        let id = person.id!
                        var own: [Event] = []
                        while let event = next, event.personID <= id {
                            if event.personID == id { own.append(event) }
                            next = try events.next()
                        }
                        try body(History(person: person.profile, events: own))
                    }
                    return
                }
                guard let root = try Int64.fetchOne(db, sql: "SELECT id FROM organization WHERE code = ?", arguments: [organizationCode]) else {
                    throw StoreError.notFound("organization \(organizationCode)")
                }
                let ids = try Int64.fetchAll(db, sql: """
                    SELECT person_id FROM person_state WHERE organization_id IN (WITH RECURSIVE tree(id) AS (SELECT ? UNION ALL
                        SELECT o.id FROM organization o JOIN tree ON o.parent_id = tree.id) SELECT id FROM tree)
                    ORDER BY person_id
                    """, arguments: [root])
                // A few hundred people at a time, each read by its index.
                for start in stride(from: 0, to: ids.count, by: 500) {
                    let chunk = Array(ids[start..<min(start + 500, ids.count)])
                    let list = chunk.map(String.init).joined(separator: ",")
                    try SQLiteStore.mergeHistories(
                        people: try PersonRecord.fetchCursor(db, sql: "SELECT * FROM person WHERE id IN (\(list)) ORDER BY id"),
                        events: try EventRecord.fetchCursor(db, sql: "SELECT * FROM event WHERE person_id IN (\(list)) ORDER BY person_id, id"),
                        body)
                }
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(error)
        }
    }

    /// How many people an organization's subtree holds (after transfers): the size of
    /// `forEachHistory(organizationCode:)`, read from an index.
    public func personCount(organizationCode: String) throws(StoreError) -> Int {
        try read { db in
            try Int.fetchOne(db, sql: """
                SELECT count(*) FROM person_state WHERE organization_id IN (WITH RECURSIVE tree(id) AS (
                    SELECT id FROM organization WHERE code = ? UNION ALL
                    SELECT o.id FROM organization o JOIN tree ON o.parent_id = tree.id) SELECT id FROM tree)
                """, arguments: [organizationCode]) ?? 0
        }
    }

    /// Pairs people with their events, both read in person order.
    static func mergeHistories<People: Cursor<PersonRecord>, Events: Cursor<EventRecord>>(
        people: People, events: Events, _ body: (History) throws -> Void
    ) throws {
        var next = try events.next()
        while let person = try people.next() {
            let id = person.id!
            var own: [Event] = []
            while let record = next, record.personId <= id {
                if record.personId == id { own.append(record.event) }
                next = try events.next()
            }
            try body(History(person: person.profile, events: own))
        }
    }
}

/// The rows of `SELECT \(EventRecord.positionalColumns)` read straight from SQLite into events,
/// as `EventRecord(row:)` reads them, without a row or record in between (every event of the
/// database goes through here).
struct EventRows {
    let db: Database
    let statement: Statement

    init(_ db: Database, _ statement: Statement) {
        self.db = db
        self.statement = statement
    }

    mutating func next() throws -> Event? {
        let handle = statement.sqliteStatement
        guard try RawSQLite.step(handle, in: db) else { return nil }
        return try Self.event(handle)
    }

    /// The event at the row a statement of these columns is at.
    static func event(_ handle: SQLiteStatement) throws -> Event {
        let id = sqlite3_column_int64(handle, 0)
        return Event(
            id: id, personID: sqlite3_column_int64(handle, 1), step: text(handle, 2), date: try date(handle, 3),
            recordedAt: text(handle, 4), recordedBy: text(handle, 5), data: try EventRecord.data(text(handle, 6), id: id),
            workflowVersion: sqlite3_column_int64(handle, 7),
            corrects: sqlite3_column_type(handle, 8) == SQLITE_NULL ? nil : sqlite3_column_int64(handle, 8),
            correctionReason: sqlite3_column_type(handle, 9) == SQLITE_NULL ? nil : text(handle, 9),
            voids: sqlite3_column_int64(handle, 10) != 0, imported: sqlite3_column_int64(handle, 11) != 0)
    }

    private static func text(_ handle: SQLiteStatement, _ column: Int32) -> String {
        RawSQLite.text(handle, column) ?? ""
    }

    /// `YYYY-MM-DD` read from the bytes; anything else goes through `RowValue.date` (and its error).
    private static func date(_ handle: SQLiteStatement, _ column: Int32) throws -> CivilDate {
        if let bytes = sqlite3_column_text(handle, column),
           let date = CivilDate(utf8: UnsafeBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(handle, column)))) {
            return date
        }
        return try RowValue.date(text(handle, column), column: "event.occurred_on")
    }
}

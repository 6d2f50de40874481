import FazhanCore
import FazhanStore
import Foundation
import GRDB
import GRDBSQLite

extension SQLiteStore {
    /// Whether the stage projection has seen the last event recorded: false when events were
    /// written outside Fazhan (which keeps the projection in the transaction of each write), and
    /// then only the events themselves tell the truth. One index lookup each side; `verify`
    /// checks every person.
    public func projectionIsCurrent() throws(StoreError) -> Bool {
        try read { db in
            try Bool.fetchOne(db, sql: "SELECT (SELECT max(id) FROM event) IS (SELECT max(last_event_id) FROM person_state)") ?? false
        }
    }

    /// Calls `body` with every person (in id order) and the digest of their effective events
    /// stored beside their stage (`TimelineDigest`), without reading the events: what statistics
    /// need of a province in one pass over one row per person. Reads in one transaction, so the
    /// set is consistent while others write.
    ///
    /// - Throws: `StoreError.corrupt` when a stored digest does not read with the person's
    ///   workflow (the projection is damaged; `fazhan verify` names the people).
    public func forEachTimeline(_ body: (PersonProfile, TimelineDigest) throws -> Void) throws(StoreError) {
        let versions = try read { db in try Int64.fetchAll(db, sql: "SELECT id FROM workflow_version") }
        var workflows: [Int64: Workflow] = [:]
        for version in versions { workflows[version] = try bundle(version: version).workflow }
        let known = workflows
        do {
            try writer.read { db in
                var reader = try TimelineReader(db: db)
                while let (person, bytes) = try reader.next() {
                    guard let workflow = known[person.workflowVersion] else {
                        throw StoreError.notFound("workflow version \(person.workflowVersion)")
                    }
                    let digest: TimelineDigest
                    do {
                        digest = try TimelineDigest(encoded: bytes, workflow: workflow)
                    } catch {
                        throw StoreError.corrupt("person \(person.number): \(error); run fazhan verify")
                    }
                    try body(person, digest)
                }
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw storeError(error)
        }
    }
}

/// Steps through people joined with their stored timelines, reading columns by position (the
/// hot loop of a province-wide report).
private struct TimelineReader {
    private let db: Database
    private let statement: Statement

    init(db: Database) throws {
        self.db = db
        statement = try db.makeStatement(sql: """
            SELECT p.id, p.number, p.name, p.category, p.organization_id, p.gender, p.birth_date, p.ethnicity, p.education,
                   p.level, p.grade, p.league_member, p.id_number, p.workflow_version, s.timeline
            FROM person p LEFT JOIN person_state s ON s.person_id = p.id ORDER BY p.id
            """)
    }

    /// The next person and their stored digest's bytes (valid until the next call).
    mutating func next() throws -> (PersonProfile, UnsafeRawBufferPointer)? {
        let handle = statement.sqliteStatement
        guard try RawSQLite.step(handle, in: db) else { return nil }
        func text(_ column: Int32) -> String? { RawSQLite.text(handle, column) }
        let number = text(1) ?? ""
        let person = PersonProfile(
            id: sqlite3_column_int64(handle, 0), number: number, name: text(2) ?? "",
            category: try RowValue.decode(PersonProfile.Category.self, text(3) ?? "", column: "person.category"),
            organizationID: sqlite3_column_int64(handle, 4),
            gender: try text(5).map { try RowValue.decode(Gender.self, $0, column: "person.gender") },
            birthDate: try text(6).map { try RowValue.date($0, column: "person.birth_date") },
            ethnicity: text(7), education: text(8),
            level: try text(9).map { try RowValue.decode(PersonProfile.Level.self, $0, column: "person.level") },
            grade: sqlite3_column_type(handle, 10) == SQLITE_NULL ? nil : Int(sqlite3_column_int64(handle, 10)),
            leagueMember: sqlite3_column_int64(handle, 11) != 0, idNumber: text(12),
            workflowVersion: sqlite3_column_int64(handle, 13))
        guard sqlite3_column_type(handle, 14) == SQLITE_BLOB, let blob = sqlite3_column_blob(handle, 14) else {
            throw StoreError.corrupt("person \(number) has no stored timeline; run fazhan verify")
        }
        return (person, UnsafeRawBufferPointer(start: blob, count: Int(sqlite3_column_bytes(handle, 14))))
    }
}

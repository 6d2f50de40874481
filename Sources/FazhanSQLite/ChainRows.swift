import FazhanCore
import FazhanStore
import Foundation
import GRDB
import GRDBSQLite
import Synchronization

/// The reads of `verify` over every event and seal, stepped straight from SQLite with columns by
/// position: a person's events become the bytes their seals cover, with no row, record or
/// string per column in between.
extension SQLiteStore {
    /// The people whose ids (or whose events' and seals' person ids) lie in `ids`, each from one
    /// reading of their rows: their events (in id order) against their seals (in sequence order),
    /// into `verifier`, and their stored projection against the one their events give (with
    /// `workflows`, the workflows people follow by version), returned as the people whose
    /// projection disagrees, with what disagrees. A person whose workflow version is not in
    /// `workflows` (gone, or no longer loads: the record seals say how) has no projection check.
    static func verifyPeople(_ db: Database, ids: ClosedRange<Int64>, workflows: [Int64: Workflow],
                             into verifier: inout SealVerifier) throws -> [(number: String, what: String)] {
        func statement(_ sql: String) throws -> Statement {
            let statement = try db.makeStatement(sql: sql)
            try statement.setArguments([ids.lowerBound, ids.upperBound])
            return statement
        }
        let peopleStatement = try statement(
            "SELECT \(ProjectionRows.personColumns) FROM person WHERE id BETWEEN ? AND ? ORDER BY id")
        let statesStatement = try statement(
            "SELECT \(ProjectionRows.stateColumns) FROM person_state WHERE person_id BETWEEN ? AND ? ORDER BY person_id")
        let eventsStatement = try statement(
            "SELECT \(EventRecord.positionalColumns) FROM event WHERE person_id BETWEEN ? AND ? ORDER BY person_id, id")
        let sealsStatement = try statement(
            "SELECT person_id, event_id, seq, hash FROM person_seal WHERE person_id BETWEEN ? AND ? ORDER BY person_id, seq")
        defer { withExtendedLifetime((peopleStatement, statesStatement, eventsStatement, sealsStatement)) {} }
        let people = peopleStatement.sqliteStatement
        let states = statesStatement.sqliteStatement
        let events = eventsStatement.sqliteStatement
        let seals = sealsStatement.sqliteStatement
        var hasPerson = try RawSQLite.step(people, in: db)
        var hasState = try RawSQLite.step(states, in: db)
        var hasEvent = try RawSQLite.step(events, in: db)
        var hasSeal = try RawSQLite.step(seals, in: db)
        var disagreements: [(number: String, what: String)] = []
        var own = ChainEvents()
        var history: [Event] = []
        var sealed: [SealVerifier.StoredSeal] = []
        var scratch: [UInt8] = []
        scratch.reserveCapacity(1024)
        while hasPerson || hasEvent || hasSeal {
            let id = min(hasPerson ? sqlite3_column_int64(people, 0) : .max, hasEvent ? sqlite3_column_int64(events, 1) : .max,
                         hasSeal ? sqlite3_column_int64(seals, 0) : .max)
            var person: PersonProfile?
            if hasPerson, sqlite3_column_int64(people, 0) == id {
                person = try ProjectionRows.person(people)
                hasPerson = try RawSQLite.step(people, in: db)
            }
            own.start(personID: id)
            history.removeAll(keepingCapacity: true)
            while hasEvent, sqlite3_column_int64(events, 1) == id {
                own.append(events)
                history.append(try EventRows.event(events))
                hasEvent = try RawSQLite.step(events, in: db)
            }
            sealed.removeAll(keepingCapacity: true)
            while hasSeal, sqlite3_column_int64(seals, 0) == id {
                sealed.append(SealVerifier.StoredSeal(
                    eventID: sqlite3_column_int64(seals, 1), sequence: sqlite3_column_int64(seals, 2), seal: ChainEvents.string(seals, 3)))
                hasSeal = try RawSQLite.step(seals, in: db)
            }
            if !own.ids.isEmpty || !sealed.isEmpty {
                verifier.check(person: person?.number ?? "person \(id)", eventIDs: own.ids, seals: sealed) { index, sequence, previous in
                    own.seal(index, sequence: sequence, previous: previous, scratch: &scratch)
                }
            }
            guard let person else { continue }
            while hasState, sqlite3_column_int64(states, 0) < id { hasState = try RawSQLite.step(states, in: db) }
            let stored = hasState && sqlite3_column_int64(states, 0) == id ? try ProjectionRows.state(states) : nil
            guard let workflow = workflows[person.workflowVersion] else { continue }
            let expected = try SQLiteStore.expectedState(db, history: History(person: person, events: history), workflow: workflow)
            if let what = SQLiteStore.disagreement(stored, expected) { disagreements.append((person.number, what)) }
        }
        return disagreements
    }

    /// Each checkpoint against the heads its seals give: seals are read in event order, which on
    /// SQLite is checkpoint order (each write transaction seals and checkpoints its own events).
    static func verifyCheckpoints(_ db: Database, into verifier: inout SealVerifier) throws {
        let anchor = try PersonSeals.anchor(db)
        // Before schema v8, checkpoints had no records and no signatures.
        let signed = try db.columns(in: "seal_checkpoint").contains { $0.name == "signature" }
        let checkpoints = try Row.fetchAll(db, sql: "SELECT * FROM seal_checkpoint ORDER BY id").map { row in
            SealCheckpoint(id: row["id"], previous: row["previous_hash"], heads: row["heads"], hash: row["hash"], createdAt: row["created_at"],
                           records: signed ? row["records"] : 0, signature: signed ? row["signature"] : nil,
                           keyID: signed ? row["key_id"] : nil)
        }
        var recordsByBatch: [Int64: [RecordHead]] = [:]
        if try db.tableExists("record_seal") {
            let recordsStatement = try db.makeStatement(sql: "SELECT kind, record_id, hash, batch FROM record_seal")
            defer { withExtendedLifetime(recordsStatement) {} }
            let records = recordsStatement.sqliteStatement
            while try RawSQLite.step(records, in: db) {
                recordsByBatch[sqlite3_column_int64(records, 3), default: []].append(RecordHead(
                    kind: ChainEvents.string(records, 0), id: sqlite3_column_int64(records, 1), seal: ChainEvents.string(records, 2)))
            }
        }
        let recordBatches = Set(recordsByBatch.keys)
        var byBatch: [Int64: [Int64: SealHead]] = [:]
        var order: [Int64] = []
        var nextCheckpoint = 0
        func flush(upTo batch: Int64) {
            while nextCheckpoint < checkpoints.count, checkpoints[nextCheckpoint].id < batch {
                let checkpoint = checkpoints[nextCheckpoint]
                verifier.check(checkpoint: checkpoint, heads: Array((byBatch.removeValue(forKey: checkpoint.id) ?? [:]).values),
                               records: recordsByBatch.removeValue(forKey: checkpoint.id) ?? [], anchor: anchor)
                nextCheckpoint += 1
            }
        }
        let sealsStatement = try db.makeStatement(sql: "SELECT batch, person_id, seq, hash FROM person_seal ORDER BY event_id")
        defer { withExtendedLifetime(sealsStatement) {} }
        let seals = sealsStatement.sqliteStatement
        var current: Int64 = 0
        // The heads of the batch being read, apart until the batch ends (one dictionary lookup a seal).
        var heads: [Int64: SealHead] = [:]
        func close() {
            guard !heads.isEmpty else { return }
            byBatch[current, default: [:]].merge(heads) { known, new in known.sequence > new.sequence ? known : new }
            heads.removeAll(keepingCapacity: true)
        }
        while try RawSQLite.step(seals, in: db) {
            let batch = sqlite3_column_int64(seals, 0)
            if batch != current {
                close()
                flush(upTo: batch)
                current = batch
                if byBatch[batch] == nil { order.append(batch) }
            }
            let person = sqlite3_column_int64(seals, 1)
            let sequence = sqlite3_column_int64(seals, 2)
            if let known = heads[person], known.sequence > sequence { continue }
            heads[person] = SealHead(personID: person, sequence: sequence, seal: ChainEvents.string(seals, 3))
        }
        close()
        flush(upTo: .max)
        let known = Set(checkpoints.map(\.id))
        for batch in Set(order).union(recordBatches).sorted() where !known.contains(batch) {
            verifier.report(IntegrityProblem(
                kind: .checkpoint, eventID: nil,
                message: "seals of checkpoint \(batch) have no checkpoint: it was removed, or the seals were written outside Fazhan"))
        }
    }
}

/// One person's events as the bytes their seals cover (see `SealChain.content`), read from the
/// columns of `EventRecord.positionalColumns`: each event's content after its sequence number,
/// one after another in one buffer.
struct ChainEvents {
    private(set) var personID: Int64 = 0
    private(set) var ids: [Int64] = []
    private var bytes: [UInt8] = []
    private var ends: [Int] = []

    mutating func start(personID: Int64) {
        self.personID = personID
        ids.removeAll(keepingCapacity: true)
        bytes.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
    }

    /// Adds the event at the statement's row: id, person_id, step, occurred_on, recorded_at,
    /// recorded_by, data, workflow_version, corrects, correction_reason, voids, imported.
    mutating func append(_ row: SQLiteStatement) {
        ids.append(sqlite3_column_int64(row, 0))
        put("\nstep=")
        putText(row, 2)
        put("\noccurred_on=")
        putText(row, 3)
        put("\nrecorded_at=")
        putText(row, 4)
        put("\nrecorded_by=")
        putText(row, 5)
        put("\ndata=")
        putText(row, 6)
        put("\nworkflow_version=")
        bytes.append(contentsOf: String(sqlite3_column_int64(row, 7)).utf8)
        put("\ncorrects=")
        if sqlite3_column_type(row, 8) != SQLITE_NULL { bytes.append(contentsOf: String(sqlite3_column_int64(row, 8)).utf8) }
        put("\ncorrection_reason=")
        putText(row, 9)
        put(sqlite3_column_int64(row, 10) != 0 ? "\nvoids=1" : "\nvoids=0")
        put(sqlite3_column_int64(row, 11) != 0 ? "\nimported=1" : "\nimported=0")
        ends.append(bytes.count)
    }

    /// The seal of the event at `index` at `sequence`, following `previous`: what
    /// `SealChain.seal(content:previous:)` gives for its content.
    func seal(_ index: Int, sequence: Int64, previous: String, scratch: inout [UInt8]) -> String {
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: previous.utf8)
        scratch.append(contentsOf: "\nperson_id=".utf8)
        scratch.append(contentsOf: String(personID).utf8)
        scratch.append(contentsOf: "\nseq=".utf8)
        scratch.append(contentsOf: String(sequence).utf8)
        scratch.append(contentsOf: bytes[(index == 0 ? 0 : ends[index - 1])..<ends[index]])
        var hasher = SealHasher()
        scratch.withUnsafeBytes { hasher.update(bytes: $0) }
        return hasher.finalizeHex()
    }

    private mutating func put(_ literal: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    /// A text column as GRDB reads it (up to its first NUL; NULL as empty), newlines escaped as
    /// `SealChain.content` escapes them.
    private mutating func putText(_ row: SQLiteStatement, _ column: Int32) {
        guard let text = Self.text(row, column) else { return }
        if memchr(text.baseAddress!, 0x0A, text.count) == nil {
            bytes.append(contentsOf: text)
        } else {
            bytes.append(contentsOf: String(decoding: text, as: UTF8.self).replacingOccurrences(of: "\n", with: "\\n").utf8)
        }
    }

    /// A text column's bytes up to its first NUL (as `String(cString:)`, which GRDB reads text
    /// with, ends there), or nil for NULL.
    static func text(_ row: SQLiteStatement, _ column: Int32) -> UnsafeBufferPointer<UInt8>? {
        guard let start = sqlite3_column_text(row, column) else { return nil }
        let count = Int(sqlite3_column_bytes(row, column))
        let end = memchr(start, 0, count).map { UnsafeRawPointer($0) - UnsafeRawPointer(start) } ?? count
        return UnsafeBufferPointer(start: start, count: end)
    }

    /// A text column as a string (NULL as empty), as GRDB reads it.
    static func string(_ row: SQLiteStatement, _ column: Int32) -> String {
        guard let text = text(row, column) else { return "" }
        return String(decoding: text, as: UTF8.self)
    }
}

extension SQLiteStore {
    /// Runs `task` for each index below `count`, on up to `workers` threads at once, each thread
    /// taking the next index no thread has taken yet, so that a thread that finishes early takes
    /// on more. Gives each result, success or error, by index.
    static func concurrently<T: Sendable>(_ count: Int, workers: Int, _ task: @Sendable (Int) throws(StoreError) -> T)
        -> [Result<T, StoreError>] {
        let next = Atomic<Int>(0)
        let results = Mutex<[Result<T, StoreError>?]>(Array(repeating: nil, count: count))
        DispatchQueue.concurrentPerform(iterations: max(1, min(workers, count))) { _ in
            while true {
                let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard index < count else { return }
                let result: Result<T, StoreError>
                do throws(StoreError) { result = .success(try task(index)) } catch { result = .failure(error) }
                results.withLock { $0[index] = result }
            }
        }
        return results.withLock { $0.map { $0! } }
    }
}

/// The seal verifiers of consecutive parts of the log (the single chain, then the ranges of
/// people in id order), appended one to the other in the order of the parts as they come in from
/// the threads that checked them: a range's people's heads (see `SealVerifier.forRange()`) are
/// hashed, and let go, as soon as every part before it is in.
final class OrderedSeals: Sendable {
    private struct State {
        var merged: SealVerifier?
        var waiting: [Int: SealVerifier] = [:]
        var next = 0
    }

    private let state = Mutex(State())

    /// Adds the verifier of part `part` (0, 1, 2, ...).
    func add(_ verifier: SealVerifier, part: Int) {
        state.withLock { state in
            state.waiting[part] = verifier
            while let ready = state.waiting.removeValue(forKey: state.next) {
                if state.merged == nil { state.merged = ready } else { state.merged!.append(ready) }
                state.next += 1
            }
        }
    }

    /// The verifier of every part appended in order, once all `parts` are in; nil before.
    func merged(parts: Int) -> SealVerifier? {
        state.withLock { $0.next == parts ? $0.merged : nil }
    }
}

/// The people and stored projections `verifyPeople` reads, by column position, read
/// as `PersonRecord(row:)` and `PersonStateRecord(row:)` read them.
enum ProjectionRows {
    static let personColumns = """
        id, number, name, category, organization_id, gender, birth_date, ethnicity, education, level, grade, league_member, \
        id_number, workflow_version
        """

    static let stateColumns = "person_id, stage, stage_since, entered_on, last_event_id, organization_id, timeline"

    static func person(_ row: SQLiteStatement) throws -> PersonProfile {
        PersonProfile(
            id: sqlite3_column_int64(row, 0), number: ChainEvents.string(row, 1), name: ChainEvents.string(row, 2),
            category: try RowValue.decode(PersonProfile.Category.self, ChainEvents.string(row, 3), column: "person.category"),
            organizationID: sqlite3_column_int64(row, 4),
            gender: try text(row, 5).map { try RowValue.decode(Gender.self, $0, column: "person.gender") },
            birthDate: try text(row, 6).map { try RowValue.date($0, column: "person.birth_date") },
            ethnicity: text(row, 7), education: text(row, 8),
            level: try text(row, 9).map { try RowValue.decode(PersonProfile.Level.self, $0, column: "person.level") },
            grade: sqlite3_column_type(row, 10) == SQLITE_NULL ? nil : Int(sqlite3_column_int64(row, 10)),
            leagueMember: sqlite3_column_int64(row, 11) != 0, idNumber: text(row, 12), workflowVersion: sqlite3_column_int64(row, 13))
    }

    static func state(_ row: SQLiteStatement) throws -> PersonStateRecord {
        PersonStateRecord(
            personId: sqlite3_column_int64(row, 0), stage: text(row, 1),
            stageSince: try text(row, 2).map { try RowValue.date($0, column: "person_state.stage_since") },
            enteredOn: try text(row, 3).map { try RowValue.date($0, column: "person_state.entered_on") },
            lastEventId: sqlite3_column_type(row, 4) == SQLITE_NULL ? nil : sqlite3_column_int64(row, 4),
            organizationId: sqlite3_column_type(row, 5) == SQLITE_NULL ? nil : sqlite3_column_int64(row, 5),
            timeline: blob(row, 6))
    }

    /// A text column, or nil for NULL.
    private static func text(_ row: SQLiteStatement, _ column: Int32) -> String? {
        sqlite3_column_type(row, column) == SQLITE_NULL ? nil : ChainEvents.string(row, column)
    }

    /// A blob column (text as its bytes), or nil for NULL.
    private static func blob(_ row: SQLiteStatement, _ column: Int32) -> Data? {
        guard sqlite3_column_type(row, column) != SQLITE_NULL else { return nil }
        guard let bytes = sqlite3_column_blob(row, column) else { return Data() }
        return Data(bytes: bytes, count: Int(sqlite3_column_bytes(row, column)))
    }
}

extension SQLiteStore {
    /// Every sealed table's rows against their seals, and every installed workflow's text
    /// against the hash recorded when it was installed. The rows are read by column position, as
    /// sealing reads them (`StoredRecords.values`; a column the table does not have yet as NULL).
    static func verifyRecords(_ db: Database, into verifier: inout RecordVerifier) throws {
        let sealsStatement = try db.makeStatement(sql: "SELECT record_id, hash, fields FROM record_seal WHERE kind = ? ORDER BY record_id")
        defer { withExtendedLifetime(sealsStatement) {} }
        for table in try StoredRecords.sealedTables(db) {
            if table.name == "workflow_version" {
                for row in try Row.fetchAll(db, sql: "SELECT id, workflow_id, sha256, sources FROM workflow_version ORDER BY id") {
                    verifier.checkWorkflowText(id: row["id"], workflowID: row["workflow_id"], recorded: row["sha256"], sources: row["sources"])
                }
            }
            let rowsStatement = try db.makeStatement(
                sql: "SELECT \(table.key), \(try StoredRecords.selectedColumns(db, table)) FROM \(table.name) ORDER BY \(table.key)")
            var rows: [RecordVerifier.Row] = []
            try withExtendedLifetime(rowsStatement) {
                let statement = rowsStatement.sqliteStatement
                while try RawSQLite.step(statement, in: db) {
                    rows.append(RecordVerifier.Row(id: sqlite3_column_int64(statement, 0), values: StoredRecords.values(statement, from: 1, table)))
                }
            }
            var seals: [RecordVerifier.Seal] = []
            let statement = sealsStatement.sqliteStatement
            try sealsStatement.setArguments([table.name])
            while try RawSQLite.step(statement, in: db) {
                seals.append(RecordVerifier.Seal(
                    id: sqlite3_column_int64(statement, 0), hash: ChainEvents.string(statement, 1), fields: ChainEvents.string(statement, 2)))
            }
            verifier.check(table, rows: rows, seals: seals)
        }
    }
}

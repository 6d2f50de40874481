import FazhanCore
import FazhanStore
import Foundation
import GRDB
import GRDBSQLite

/// A bulk write of people and their past events: an import of legacy records or a generated
/// organization. Everything written through one session lands in one transaction, whole or not
/// at all. Events are not put through the guards (the past is what it was); each is sealed into
/// the chain and each person's stage projection is brought up to date, as `append` does.
public final class IngestSession {
    let db: Database
    private let store: SQLiteStore
    /// The checkpoint this session's seals belong to, and the heads they moved.
    private let batch: Int64
    private(set) var heads: [Int64: SealHead] = [:]
    private var latestRecordedAt = ""
    private var organizations: [String: Int64] = [:]
    private var branches: Set<String> = []
    private var workflows: [Int64: Workflow] = [:]
    /// People registered in this session: their whole history is what this session wrote. Only
    /// the ids are held (a million people's import would hold every profile otherwise), with the
    /// last profile registered: events are usually added right after their person.
    private var registered: Set<Int64> = []
    private var lastRegistered: PersonProfile?
    private let insertPerson: Statement
    private let insertState: Statement
    private let insertEvent: Statement
    private let insertSeal: Statement

    public private(set) var peopleAdded = 0
    public private(set) var eventsAdded = 0

    init(db: Database, store: SQLiteStore) throws {
        self.db = db
        self.store = store
        batch = try PersonSeals.nextBatch(db)
        for row in try Row.fetchAll(db, sql: "SELECT id, code FROM organization") {
            organizations[row["code"]] = row["id"]
        }
        branches = Set(try String.fetchAll(db, sql: "SELECT code FROM organization WHERE kind = 'branch'"))
        insertPerson = try db.makeStatement(sql: """
            INSERT INTO person (number, name, category, organization_id, gender, birth_date, ethnicity, education, level, grade,
                                league_member, id_number, workflow_version, created_at, created_by)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        insertState = try db.makeStatement(sql: """
            INSERT INTO person_state (person_id, stage, stage_since, entered_on, last_event_id, organization_id, timeline)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(person_id) DO UPDATE SET stage = excluded.stage, stage_since = excluded.stage_since,
                entered_on = excluded.entered_on, last_event_id = excluded.last_event_id, organization_id = excluded.organization_id,
                timeline = excluded.timeline
            """)
        insertEvent = try db.makeStatement(sql: """
            INSERT INTO event (person_id, step, occurred_on, recorded_at, recorded_by, data, workflow_version, corrects,
                               correction_reason, voids, imported)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        insertSeal = try db.makeStatement(sql: "INSERT INTO person_seal (event_id, person_id, seq, hash, batch) VALUES (?, ?, ?, ?, ?)")
    }

    /// The id of an organization by code, if it exists.
    public func organizationID(_ code: String) -> Int64? { organizations[code] }

    /// Adds an organization under an existing (or earlier added) parent.
    @discardableResult
    public func addOrganization(_ new: NewOrganization) throws(StoreError) -> Int64 {
        var parentID: Int64?
        if let parentCode = new.parentCode {
            guard let id = organizations[parentCode] else { throw StoreError.notFound("organization \(parentCode)") }
            if branches.contains(parentCode) { throw StoreError.invalid("a 党支部 (\(parentCode)) cannot contain other organizations") }
            parentID = id
        }
        guard organizations[new.code] == nil else {
            throw StoreError.duplicate("an organization with code \(new.code) already exists")
        }
        var record = OrganizationRecord(
            id: nil, code: new.code, name: new.name, kind: new.kind, parentId: parentID, category: new.category,
            canApprove: new.kind == .committee && new.canApprove, createdAt: new.createdAt, createdBy: new.createdBy)
        do {
            try record.insert(db)
        } catch {
            throw StoreError(error)
        }
        organizations[new.code] = record.id!
        if new.kind == .branch { branches.insert(new.code) }
        return record.id!
    }

    /// Registers a person (with no events yet) and returns their id.
    @discardableResult
    public func addPerson(_ new: NewPerson) throws(StoreError) -> Int64 {
        guard let organizationID = organizations[new.organizationCode] else {
            throw StoreError.notFound("organization \(new.organizationCode)")
        }
        do {
            try insertPerson.execute(arguments: [
                new.number, new.name, new.category.rawValue, organizationID, new.gender?.rawValue, new.birthDate?.description,
                new.ethnicity, new.education, new.level?.rawValue, new.grade, new.leagueMember, new.idNumber,
                new.workflowVersion, new.createdAt, new.createdBy,
            ])
            let id = db.lastInsertedRowID
            try insertState.execute(arguments: [id, nil, nil, nil, nil, organizationID, Data(TimelineDigest(entries: []).encoded)])
            registered.insert(id)
            lastRegistered = PersonProfile(
                id: id, number: new.number, name: new.name, category: new.category, organizationID: organizationID,
                gender: new.gender, birthDate: new.birthDate, ethnicity: new.ethnicity, education: new.education, level: new.level,
                grade: new.grade, leagueMember: new.leagueMember, idNumber: new.idNumber, workflowVersion: new.workflowVersion)
            peopleAdded += 1
            return id
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE {
            throw StoreError.duplicate("a person with number \(new.number) already exists")
        } catch {
            throw StoreError(error)
        }
    }

    /// Appends past events of one person, in the order given, and updates their projection.
    /// Each event's `id` is ignored (the database assigns it) and its `personID` must be `personID`.
    public func addEvents(_ events: [Event], of personID: Int64) throws(StoreError) {
        guard !events.isEmpty else { return }
        let person: PersonProfile
        var past: [Event] = []
        if let profile = lastRegistered, profile.id == personID {
            person = profile
        } else {
            do {
                let history = try SQLiteStore.history(db, personID: personID)
                person = history.person
                past = history.events
            } catch let error as StoreError {
                throw error
            } catch {
                throw StoreError(error)
            }
        }
        try addEvents(events, of: person, after: past)
    }

    /// Appends past events of a person whose recorded events (in id order) the caller has read
    /// in this session already, in the order given, and updates their projection.
    public func addEvents(_ events: [Event], of person: PersonProfile, after recorded: [Event]) throws(StoreError) {
        guard !events.isEmpty else { return }
        let personID = person.id
        do {
            var past = recorded
            past.reserveCapacity(past.count + events.count)
            var head: SealHead
            if let known = heads[personID] {
                head = known
            } else if registered.contains(personID) {
                head = SealHead(personID: personID, sequence: 0, seal: SealChain.genesis)
            } else {
                let last = try PersonSeals.head(db, personID: personID)
                head = SealHead(personID: personID, sequence: last.sequence, seal: last.seal)
            }
            for var event in events {
                precondition(event.personID == personID, "an event of person \(event.personID) given as one of \(personID)")
                let occurredOn = event.date.description
                let data = event.data.canonicalJSON
                let statement = insertEvent.sqliteStatement
                sqlite3_reset(statement)
                sqlite3_bind_int64(statement, 1, personID)
                bind(statement, 2, event.step)
                bind(statement, 3, occurredOn)
                bind(statement, 4, event.recordedAt)
                bind(statement, 5, event.recordedBy)
                bind(statement, 6, data)
                sqlite3_bind_int64(statement, 7, event.workflowVersion)
                if let corrects = event.corrects { sqlite3_bind_int64(statement, 8, corrects) } else { sqlite3_bind_null(statement, 8) }
                bind(statement, 9, event.correctionReason)
                sqlite3_bind_int64(statement, 10, event.voids ? 1 : 0)
                sqlite3_bind_int64(statement, 11, event.imported ? 1 : 0)
                try step(statement)
                event.id = db.lastInsertedRowID
                head.sequence += 1
                head.seal = SealChain.seal(
                    content: SealChain.content(
                        personID: personID, sequence: head.sequence, step: event.step, occurredOn: occurredOn,
                        recordedAt: event.recordedAt, recordedBy: event.recordedBy, data: data,
                        workflowVersion: event.workflowVersion, corrects: event.corrects,
                        correctionReason: event.correctionReason, voids: event.voids, imported: event.imported),
                    previous: head.seal)
                let seal = insertSeal.sqliteStatement
                sqlite3_reset(seal)
                sqlite3_bind_int64(seal, 1, event.id)
                sqlite3_bind_int64(seal, 2, personID)
                sqlite3_bind_int64(seal, 3, head.sequence)
                bind(seal, 4, head.seal)
                sqlite3_bind_int64(seal, 5, batch)
                try step(seal)
                if event.recordedAt > latestRecordedAt { latestRecordedAt = event.recordedAt }
                past.append(event)
                eventsAdded += 1
            }
            heads[personID] = head
            let history = History(person: person, events: past)
            let workflow = try workflow(history.person.workflowVersion)
            let state = try SQLiteStore.expectedState(db, history: history, workflow: workflow)
            try insertState.execute(arguments: [
                state.personId, state.stage, state.stageSince?.description, state.enteredOn?.description, state.lastEventId,
                state.organizationId, state.timeline,
            ])
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(error)
        }
    }

    /// Binds text (or NULL) to a parameter; SQLite copies the bytes.
    private func bind(_ statement: SQLiteStatement, _ index: Int32, _ text: String?) {
        guard var text else {
            sqlite3_bind_null(statement, index)
            return
        }
        text.withUTF8 { bytes in
            // An empty string has no buffer: bind "" rather than a null pointer (which SQLite reads as NULL).
            guard let base = bytes.baseAddress else {
                _ = sqlite3_bind_text(statement, index, "", 0, IngestSession.transient)
                return
            }
            _ = sqlite3_bind_text(statement, index, UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self), Int32(bytes.count),
                                  IngestSession.transient)
        }
    }

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// Runs a bound insert to completion, as GRDB would report its failure.
    private func step(_ statement: SQLiteStatement) throws {
        _ = try RawSQLite.step(statement, in: db)
    }

    /// Writes the checkpoint over the heads this session moved (at its end, in its transaction).
    func finish() throws {
        guard !heads.isEmpty else { return }
        try PersonSeals.checkpoint(db, id: batch, heads: Array(heads.values), at: latestRecordedAt, signer: try store.currentSigner())
    }

    func workflow(_ version: Int64) throws(StoreError) -> Workflow {
        if let known = workflows[version] { return known }
        let workflow = try store.bundle(version: version).workflow
        workflows[version] = workflow
        return workflow
    }
}

extension SQLiteStore {
    /// Runs `body` in one write transaction with a bulk-write session: everything it writes lands,
    /// or (if it throws, or the process dies) nothing does.
    public func ingest<T>(_ body: (IngestSession) throws -> T) throws -> T {
        do {
            return try writer.writeWithoutTransaction { db in
                // A bulk write touches many pages: room for them (64 MB) spills fewer to the WAL mid-transaction.
                try db.execute(sql: "PRAGMA cache_size = -65536")
                var result: T?
                try db.inTransaction(.immediate) {
                    // Holding the write lock from here to the commit: said beside the database,
                    // so that others' writes wait for it instead of giving up (see BulkWrite).
                    let announced = self.path.map { BulkWrite.announce("an import by \(NSUserName())", database: $0) }
                    defer { announced?.end() }
                    result = try sealingWrite(db) {
                        let session = try IngestSession(db: db, store: self)
                        let result = try body(session)
                        try session.finish()
                        return result
                    }
                    return .commit
                }
                return result!
            }
        } catch let error as DatabaseError {
            throw storeError(error)
        } catch let error as StoreError {
            throw storeError(error)
        }
    }
}

extension IngestSession: IngestSink {}

extension SQLiteStore {
    /// `EventStore.ingest`: the same one write transaction as the synchronous `ingest`, with
    /// `body` run on the thread that holds it (an executor of its own, drained right there), so
    /// that the session's synchronous methods are called as they are in the synchronous form,
    /// with nothing added per row. `body` must not call the store.
    public func ingest<T>(_ body: (any IngestSink) async throws -> T) async throws -> T {
        try ingest { (session: IngestSession) throws -> T in
            try HereExecutor.run { try await body(session) }
        }
    }
}

/// Runs an async closure to its end on the calling thread: the closure's jobs are enqueued to this
/// executor (the task prefers it) and run here, one after another, until the closure returns.
/// For code that must stay on the thread that holds a database connection.
final class HereExecutor: TaskExecutor, @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var done = false

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    private func finish() {
        condition.lock()
        done = true
        condition.signal()
        condition.unlock()
    }

    private func drain() {
        while true {
            condition.lock()
            while jobs.isEmpty && !done { condition.wait() }
            if jobs.isEmpty {
                condition.unlock()
                return
            }
            let job = jobs.removeFirst()
            condition.unlock()
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }

    /// Holds the closure (taken once) and its result.
    private final class Run<T>: @unchecked Sendable {
        var operation: (() async throws -> T)?
        var result: Result<T, any Error>?

        func go() async {
            guard let operation else { return }
            self.operation = nil
            do { result = .success(try await operation()) } catch { result = .failure(error) }
        }
    }

    static func run<T>(_ body: () async throws -> T) throws -> T {
        try withoutActuallyEscaping(body) { escapable -> T in
            let executor = HereExecutor()
            let run = Run<T>()
            run.operation = escapable
            Task(executorPreference: executor) {
                await run.go()
                executor.finish()
            }
            executor.drain()
            run.operation = nil
            guard let result = run.result else { throw StoreError.io("the bulk write ended without a result") }
            return try result.get()
        }
    }
}

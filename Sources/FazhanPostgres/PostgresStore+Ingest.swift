import FazhanCore
import FazhanStore
import Foundation
import Logging
import NIOCore
import PostgresNIO

/// A bulk write on PostgreSQL (`EventStore.ingest`): one transaction on one connection. Ids come
/// from the identity sequences, reserved in growing blocks; rows are held and sent with COPY a
/// few thousand at a time (people, then events, then their seals), and each person's projection
/// is written once per flush (COPY into a temporary table, then one upsert). Each event is
/// sealed in its person's chain and each person's projection and version brought up to date,
/// exactly as `append` does, so the seals are those SQLite writes for the same rows.
public final class PostgresIngestSession: IngestSink {
    let connection: PostgresConnection
    let store: PostgresStore
    let logger: Logger
    private var organizations: [String: Int64] = [:]
    private var branches: Set<String> = []
    private var workflows: [Int64: Workflow] = [:]
    private var personIDs = Reserved(sequence: "person")
    private var eventIDs = Reserved(sequence: "event")
    /// The people this session wrote for: their profile, whole history and chain head.
    private var touched: [Int64: Touched] = [:]
    private var numbers: Set<String> = []
    private var pendingPeople: [[CopyValue]] = []
    private var pendingEvents: [[CopyValue]] = []
    private var pendingSeals: [[CopyValue]] = []
    private var pendingStates: [Int64: [CopyValue]] = [:]

    public private(set) var peopleAdded = 0
    public private(set) var eventsAdded = 0

    /// Rows held before they are sent.
    static let flushRows = 20_000

    private struct Touched {
        var person: PersonProfile
        /// Nil once the rows are sent (memory is not held for a whole import): read back if needed.
        var events: [Event]?
        var sequence: Int64
        var seal: String
    }

    /// Ids taken from a table's identity sequence, used in order.
    private struct Reserved {
        let sequence: String
        var ids: [Int64] = []
        var index = 0
        var block = 64

        var available: Int { ids.count - index }
    }

    init(connection: PostgresConnection, store: PostgresStore, logger: Logger) async throws {
        self.connection = connection
        self.store = store
        self.logger = logger
        for row in try await connection.checkedQuery("SELECT code, id, kind FROM organization", logger: logger).collect() {
            let (code, id, kind) = try row.decode((String, Int64, String).self)
            organizations[code] = id
            if kind == Organization.Kind.branch.rawValue { branches.insert(code) }
        }
        try await connection.checkedQuery("""
            CREATE TEMP TABLE fazhan_ingest_state (person_id BIGINT, stage TEXT, stage_since TEXT, entered_on TEXT,
                last_event_id BIGINT, organization_id BIGINT, timeline BYTEA, version BIGINT) ON COMMIT DROP
            """, logger: logger)
    }

    public func organizationID(_ code: String) -> Int64? { organizations[code] }

    @discardableResult
    public func addOrganization(_ new: NewOrganization) async throws(StoreError) -> Int64 {
        var parentID: Int64?
        if let parentCode = new.parentCode {
            guard let id = organizations[parentCode] else { throw StoreError.notFound("organization \(parentCode)") }
            if branches.contains(parentCode) { throw StoreError.invalid("a 党支部 (\(parentCode)) cannot contain other organizations") }
            parentID = id
        }
        guard organizations[new.code] == nil else {
            throw StoreError.duplicate("an organization with code \(new.code) already exists")
        }
        let canApprove = new.kind == .committee && new.canApprove
        let id: Int64 = try await run {
            guard let id = try await self.connection.checkedQuery("""
                INSERT INTO organization (code, name, kind, parent_id, category, can_approve, created_at, created_by)
                VALUES (\(new.code), \(new.name), \(new.kind.rawValue), \(parentID), \(new.category?.rawValue), \(canApprove),
                        \(new.createdAt), \(new.createdBy))
                RETURNING id
                """, logger: self.logger).collect().first?.decode(Int64.self) else {
                throw StoreError.io("the organization \(new.code) was not inserted")
            }
            return id
        }
        organizations[new.code] = id
        if new.kind == .branch { branches.insert(new.code) }
        return id
    }

    @discardableResult
    public func addPerson(_ new: NewPerson) async throws(StoreError) -> Int64 {
        guard let organizationID = organizations[new.organizationCode] else {
            throw StoreError.notFound("organization \(new.organizationCode)")
        }
        guard numbers.insert(new.number).inserted else {
            throw StoreError.duplicate("a person with number \(new.number) already exists")
        }
        let id = try await next(&personIDs, count: 1)
        pendingPeople.append([
            .integer(id), .text(new.number), .text(new.name), .text(new.category.rawValue), .integer(organizationID),
            Self.text(new.gender?.rawValue), Self.text(new.birthDate?.description), Self.text(new.ethnicity), Self.text(new.education),
            Self.text(new.level?.rawValue), new.grade.map { .integer(Int64($0)) } ?? .null, .integer(new.leagueMember ? 1 : 0),
            Self.text(new.idNumber), .integer(new.workflowVersion), .text(new.createdAt), .text(new.createdBy),
        ])
        let person = PersonProfile(
            id: id, number: new.number, name: new.name, category: new.category, organizationID: organizationID,
            gender: new.gender, birthDate: new.birthDate, ethnicity: new.ethnicity, education: new.education, level: new.level,
            grade: new.grade, leagueMember: new.leagueMember, idNumber: new.idNumber, workflowVersion: new.workflowVersion)
        touched[id] = Touched(person: person, events: [], sequence: 0, seal: SealChain.genesis)
        pendingStates[id] = [
            .integer(id), .null, .null, .null, .null, .integer(organizationID), .bytes(TimelineDigest(entries: []).encoded), .integer(0),
        ]
        peopleAdded += 1
        try await flushIfFull()
        return id
    }

    public func addEvents(_ events: [Event], of personID: Int64) async throws(StoreError) {
        guard !events.isEmpty else { return }
        if let known = touched[personID] {
            return try await addEvents(events, of: known.person, after: known.events ?? [])
        }
        let history: History = try await run {
            // Locked before it is read, so the history read is the one the events follow.
            _ = try await self.connection.checkedQuery("SELECT 1 FROM person_state WHERE person_id = \(personID) FOR UPDATE", logger: self.logger).collect()
            return try await PostgresStore.history(self.connection, personID: personID, logger: self.logger)
        }
        try await addEvents(events, of: history.person, after: history.events)
    }

    public func addEvents(_ events: [Event], of person: PersonProfile, after recorded: [Event]) async throws(StoreError) {
        guard !events.isEmpty else { return }
        let personID = person.id
        var state: Touched
        if var known = touched[personID] {
            if known.events == nil {
                known.events = try await run {
                    try await PostgresStore.history(self.connection, personID: personID, logger: self.logger).events
                }
            }
            state = known
        } else if recorded.isEmpty {
            // A person with no events yet (a second writer's seal would collide on (person, seq): nothing lands).
            state = Touched(person: person, events: [], sequence: 0, seal: SealChain.genesis)
        } else {
            // The person's row is locked, as `append` locks it: a recording meanwhile waits for this
            // transaction, and a history that moved since the caller read it is a conflict.
            let head: (Int64, Int64?, String?)? = try await run {
                try await self.connection.checkedQuery("""
                    SELECT s.version, h.seq, h.hash FROM person_state s
                    LEFT JOIN LATERAL (SELECT seq, hash FROM person_seal WHERE person_id = s.person_id ORDER BY seq DESC LIMIT 1) h ON TRUE
                    WHERE s.person_id = \(personID) FOR UPDATE OF s
                    """, logger: self.logger).collect().first?.decode((Int64, Int64?, String?).self)
            }
            guard let head else { throw StoreError.notFound("person \(personID)") }
            guard head.0 == Int64(recorded.count) else {
                throw StoreError.conflict("the history of \(person.number) changed while it was imported (version \(recorded.count), now \(head.0))")
            }
            state = Touched(person: person, events: recorded, sequence: head.1 ?? 0, seal: head.2 ?? SealChain.genesis)
        }
        let firstID = try await next(&eventIDs, count: events.count)
        var ids = [firstID]
        for _ in 1..<events.count { ids.append(try await next(&eventIDs, count: 1)) }
        for (event, id) in zip(events, ids) {
            guard event.personID == personID else {
                throw StoreError.invalid("an event of person \(event.personID) given as one of \(personID)")
            }
            var saved = event
            saved.id = id
            let data = event.data.canonicalJSON
            state.sequence += 1
            state.seal = SealChain.seal(content: SealChain.content(of: saved, sequence: state.sequence, data: data), previous: state.seal)
            pendingEvents.append([
                .integer(id), .integer(personID), .text(event.step), .text(event.date.description), .text(event.recordedAt),
                .text(event.recordedBy), .text(data), .integer(event.workflowVersion), event.corrects.map { .integer($0) } ?? .null,
                Self.text(event.correctionReason), .integer(event.voids ? 1 : 0), .integer(event.imported ? 1 : 0),
            ])
            pendingSeals.append([.integer(id), .integer(personID), .integer(state.sequence), .text(state.seal)])
            state.events!.append(saved)
            eventsAdded += 1
        }
        touched[personID] = state
        let workflow = try await workflow(person.workflowVersion)
        let history = state.events ?? []
        let projection = PersonProjection(history: History(person: person, events: history), workflow: workflow)
        var organizationID = person.organizationID
        if let code = projection.transferredTo, let id = organizations[code] { organizationID = id }
        pendingStates[personID] = [
            .integer(personID), Self.text(projection.stage), Self.text(projection.stageSince?.description),
            Self.text(projection.enteredOn?.description), projection.lastEventID.map { .integer($0) } ?? .null, .integer(organizationID),
            .bytes(projection.timeline), .integer(Int64(history.count)),
        ]
        try await flushIfFull()
    }

    private func workflow(_ version: Int64) async throws(StoreError) -> Workflow {
        if let known = workflows[version] { return known }
        let workflow = try await store.bundle(version: version).workflow
        workflows[version] = workflow
        return workflow
    }

    private static func text(_ value: String?) -> CopyValue { value.map { .text($0) } ?? .null }

    public func expect(people: Int, events: Int) async throws(StoreError) {
        if people > personIDs.available { try await reserve(&personIDs, people - personIDs.available) }
        if events > eventIDs.available { try await reserve(&eventIDs, events - eventIDs.available) }
    }

    /// Takes `size` more ids from a table's identity sequence, after those held.
    private func reserve(_ reserved: inout Reserved, _ size: Int) async throws(StoreError) {
        let sequence = reserved.sequence
        let ids = try await run {
            try await self.connection.checkedQuery(PostgresQuery(unsafeSQL: """
                SELECT nextval(pg_get_serial_sequence('\(sequence)', 'id')) FROM generate_series(1, \(size))
                """), logger: self.logger).collect().map { try $0.decode(Int64.self) }.sorted()
        }
        reserved.ids = Array(reserved.ids[reserved.index...]) + ids
        reserved.index = 0
    }

    /// The next id of a sequence, reserving a block (at least `count`) when none is left.
    private func next(_ reserved: inout Reserved, count: Int) async throws(StoreError) -> Int64 {
        if reserved.available == 0 {
            let size = max(reserved.block, count)
            reserved.block = min(reserved.block * 2, 16_384)
            try await reserve(&reserved, size)
        }
        let id = reserved.ids[reserved.index]
        reserved.index += 1
        return id
    }

    private func flushIfFull() async throws(StoreError) {
        if pendingPeople.count + pendingEvents.count >= Self.flushRows { try await flush() }
    }

    /// Sends what is held: people, events, seals, then the projections.
    func flush() async throws(StoreError) {
        try await run {
            try await self.copy("person", CopyTable.all.first { $0.name == "person" }!.columns, &self.pendingPeople)
            try await self.copy("event", ["id", "person_id", "step", "occurred_on", "recorded_at", "recorded_by", "data",
                                          "workflow_version", "corrects", "correction_reason", "voids", "imported"], &self.pendingEvents)
            try await self.copy("person_seal", ["event_id", "person_id", "seq", "hash"], &self.pendingSeals)
            guard !self.pendingStates.isEmpty else { return }
            var states = self.pendingStates.keys.sorted().map { self.pendingStates[$0]! }
            self.pendingStates = [:]
            try await self.copy("fazhan_ingest_state", ["person_id", "stage", "stage_since", "entered_on", "last_event_id",
                                                        "organization_id", "timeline", "version"], &states)
            try await self.connection.checkedQuery("""
                INSERT INTO person_state (person_id, stage, stage_since, entered_on, last_event_id, organization_id, timeline, version)
                SELECT person_id, stage, stage_since, entered_on, last_event_id, organization_id, timeline, version FROM fazhan_ingest_state
                ON CONFLICT (person_id) DO UPDATE SET stage = excluded.stage, stage_since = excluded.stage_since,
                    entered_on = excluded.entered_on, last_event_id = excluded.last_event_id,
                    organization_id = excluded.organization_id, timeline = excluded.timeline, version = excluded.version
                """, logger: self.logger)
            try await self.connection.checkedQuery("TRUNCATE fazhan_ingest_state", logger: self.logger)
        }
        for id in touched.keys where touched[id]?.events?.isEmpty == false { touched[id]!.events = nil }
    }

    private func copy(_ table: String, _ columns: [String], _ rows: inout [[CopyValue]]) async throws {
        guard !rows.isEmpty else { return }
        var buffer = ByteBuffer()
        buffer.reserveCapacity(rows.count * 128)
        for row in rows { PostgresStore.appendCopyLine(row, to: &buffer) }
        rows.removeAll(keepingCapacity: true)
        let data = buffer
        try await connection.copyFrom(table: table, columns: columns, logger: logger) { writer in
            try await writer.write(data)
        }
    }

    /// Runs statements, translating their errors (a number taken meanwhile is a duplicate).
    private func run<T>(_ body: () async throws -> T) async throws(StoreError) -> T {
        do {
            return try await body()
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
            let detail = error.serverInfo?[.detail] ?? ""
            if detail.contains("(number)") {
                let number = detail.components(separatedBy: "=(").last?.components(separatedBy: ")").first ?? ""
                throw StoreError.duplicate("a person with number \(number) already exists")
            }
            throw store.target.storeError(error)
        } catch {
            throw store.target.storeError(error)
        }
    }
}

/// What the caller's closure threw inside a transaction, carried out unchanged.
struct PassedError: Error {
    var error: any Error
}

extension PostgresStore {
    /// `EventStore.ingest`: one transaction on one connection; everything `body` writes lands, or nothing.
    public func ingest<T>(_ body: (any IngestSink) async throws -> T) async throws -> T {
        do {
            return try await client.withConnection { connection in
                try await connection.checkedQuery("BEGIN", logger: self.logger)
                do {
                    let session = try await PostgresIngestSession(connection: connection, store: self, logger: self.logger)
                    let result: T
                    do { result = try await body(session) } catch let error as StoreError { throw error } catch { throw PassedError(error: error) }
                    try await session.flush()
                    try await connection.checkedQuery("COMMIT", logger: self.logger)
                    return result
                } catch {
                    await self.rollBack(connection)
                    throw error
                }
            }
        } catch let error as PassedError {
            throw error.error
        } catch {
            throw target.storeError(error)
        }
    }
}

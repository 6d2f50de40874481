import FazhanCore
import FazhanStore
import Foundation
import Logging
import PostgresNIO

/// Checkpoints and verification on PostgreSQL.
///
/// Appends seal each event in its person's chain and never take a global lock; a seal's `batch`
/// is the id of the transaction that wrote it. `checkpoint()` (one at a time, under an advisory
/// lock) covers the seals whose batch is at least the previous checkpoint's high-water mark and
/// below the oldest transaction still running (`pg_snapshot_xmin`): every transaction below that
/// mark has ended, so a transaction that committed late is covered by the next checkpoint, never
/// skipped. Its high-water mark is that xmin.
extension PostgresStore {
    static let checkpointLock: Int64 = 7310250002

    /// The hash the first checkpoint follows: `setting.seal_anchor` (a copied database's source
    /// head), else the genesis.
    static func anchor(_ connection: PostgresConnection, logger: Logger) async throws -> String {
        try await connection.checkedQuery("SELECT value FROM setting WHERE key = 'seal_anchor'", logger: logger)
            .collect().first?.decode(String.self) ?? SealChain.genesis
    }

    public static func timestamp() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: Date())
    }

    /// Seals the records that have none, then writes a checkpoint over the seals committed since
    /// the last one, if there are any, signed by `signer` when given. Returns it, or nil when no
    /// seal was waiting.
    @discardableResult
    public func checkpoint(signer: CheckpointSigner? = nil) async throws(StoreError) -> SealCheckpoint? {
        // The records first, in a transaction of their own that has ended when the checkpoint
        // reads its high-water mark: this checkpoint covers them.
        try await transaction { connection in
            _ = try await connection.checkedQuery("SELECT pg_advisory_xact_lock(\(Self.checkpointLock))", logger: self.logger).collect()
            try await Self.sealRecords(connection, logger: self.logger)
        }
        // READ COMMITTED: each statement sees what committed before it, so the statements after
        // the lock see the checkpoint another checkpointer wrote while this one waited.
        return try await transaction { connection -> SealCheckpoint? in
            _ = try await connection.checkedQuery("SELECT pg_advisory_xact_lock(\(Self.checkpointLock))", logger: self.logger).collect()
            let last = try await connection.checkedQuery(
                "SELECT hash, high_water FROM seal_checkpoint ORDER BY id DESC LIMIT 1", logger: self.logger
            ).collect().first?.decode((String, Int64).self)
            var previous = last?.0 ?? ""
            if last == nil { previous = try await Self.anchor(connection, logger: self.logger) }
            let low = last?.1 ?? 0
            guard let high = try await connection.checkedQuery(
                "SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint", logger: self.logger
            ).collect().first?.decode(Int64.self) else { return nil }
            let heads = try await connection.checkedQuery("""
                SELECT DISTINCT ON (person_id) person_id, seq, hash FROM person_seal
                WHERE batch >= \(low) AND batch < \(high) ORDER BY person_id, seq DESC
                """, logger: self.logger).collect().map { row in
                let (person, sequence, seal) = try row.decode((Int64, Int64, String).self)
                return SealHead(personID: person, sequence: sequence, seal: seal)
            }
            let records = try await Self.recordHeads(connection, where: "batch >= \(low) AND batch < \(high)", logger: self.logger)
            guard !heads.isEmpty || !records.isEmpty else { return nil }
            return try await Self.writeCheckpoint(connection, previous: previous, heads: heads, records: records, highWater: high,
                                                  signer: signer, logger: self.logger)
        }
    }

    /// The record seals a condition selects.
    static func recordHeads(_ connection: PostgresConnection, where condition: String, logger: Logger) async throws -> [RecordHead] {
        try await connection.checkedQuery(PostgresQuery(unsafeSQL: "SELECT kind, record_id, hash FROM record_seal WHERE \(condition)"),
                                          logger: logger).collect().map { row in
            let (kind, id, seal) = try row.decode((String, Int64, String).self)
            return RecordHead(kind: kind, id: id, seal: seal)
        }
    }

    /// A sealed table's columns as text, in seal order (see `RecordSeals`).
    static func textColumns(_ table: RecordSeals.Table) -> String {
        table.columns.map { column in
            switch column.type {
            case .integer: return "t.\(column.name)::text"
            case .boolean: return "CASE WHEN t.\(column.name) THEN '1' WHEN NOT t.\(column.name) THEN '0' END"
            case .text, .digest: return "t.\(column.name)"
            }
        }.joined(separator: ", ")
    }

    /// Reads the rows of a sealed table that `condition` selects, in key order: each key with
    /// its columns as text.
    static func recordRows(_ connection: PostgresConnection, _ table: RecordSeals.Table, where condition: String = "true",
                           logger: Logger) async throws -> [RecordVerifier.Row] {
        let rows = try await connection.checkedQuery(PostgresQuery(unsafeSQL: """
            SELECT t.\(table.key), \(textColumns(table)) FROM \(table.name) t WHERE \(condition) ORDER BY t.\(table.key)
            """), logger: logger)
        var result: [RecordVerifier.Row] = []
        for try await row in rows {
            let cells = row.makeRandomAccess()
            var values: [String?] = []
            values.reserveCapacity(table.columns.count)
            for index in 0..<table.columns.count { values.append(try cells[index + 1].decode(String?.self)) }
            result.append(RecordVerifier.Row(id: try cells[0].decode(Int64.self), values: values))
        }
        return result
    }

    /// Seals every row of the sealed tables that has no seal yet. Returns how many.
    @discardableResult
    static func sealRecords(_ connection: PostgresConnection, logger: Logger) async throws -> Int {
        var count = 0
        for table in RecordSeals.tables {
            let rows = try await recordRows(
                connection, table,
                where: "NOT EXISTS (SELECT 1 FROM record_seal r WHERE r.kind = '\(table.name)' AND r.record_id = t.\(table.key))",
                logger: logger)
            for start in stride(from: 0, to: rows.count, by: 2_000) {
                let chunk = rows[start..<min(start + 2_000, rows.count)]
                let ids = chunk.map(\.id)
                let hashes = chunk.map { RecordSeals.seal(table, $0.values) }
                let fields = chunk.map { RecordSeals.fields(table, $0.values) }
                try await connection.checkedQuery("""
                    INSERT INTO record_seal (kind, record_id, hash, fields)
                    SELECT \(table.name), * FROM unnest(\(ids)::bigint[], \(hashes)::text[], \(fields)::text[])
                    """, logger: logger)
            }
            count += rows.count
        }
        return count
    }

    static func writeCheckpoint(
        _ connection: PostgresConnection, previous: String, heads: [SealHead], records: [RecordHead] = [], highWater: Int64,
        signer: CheckpointSigner?, logger: Logger
    ) async throws -> SealCheckpoint {
        guard let id = try await connection.checkedQuery(
            "SELECT nextval(pg_get_serial_sequence('seal_checkpoint', 'id'))", logger: logger
        ).collect().first?.decode(Int64.self) else {
            throw StoreError.io("the checkpoint was not written")
        }
        var checkpoint = SealCheckpoint(
            id: id, previous: previous, heads: heads.count, hash: SealChain.checkpoint(previous: previous, heads: heads, records: records),
            createdAt: timestamp(), records: records.count)
        if let signer { checkpoint = signer.sign(checkpoint) }
        try await connection.checkedQuery("""
            INSERT INTO seal_checkpoint (id, previous_hash, heads, hash, created_at, high_water, records, signature, key_id)
            VALUES (\(id), \(previous), \(heads.count), \(checkpoint.hash), \(checkpoint.createdAt), \(highWater), \(records.count),
                    \(checkpoint.signature), \(checkpoint.keyID))
            """, logger: logger)
        return checkpoint
    }

    /// Writes an entry of the sealing log (who did what, when, and why); the next checkpoint
    /// seals it and covers it.
    public func appendSealLog(action: String, note: String, by user: String, at timestamp: String) async throws(StoreError) {
        try await withConnection { connection in
            try await connection.checkedQuery(
                "INSERT INTO seal_log (action, note, done_by, done_at) VALUES (\(action), \(note), \(user), \(timestamp))", logger: self.logger)
        }
    }

    /// The last checkpoint: what a report was computed from.
    public func lastCheckpoint() async throws(StoreError) -> SealCheckpoint? {
        try await withConnection { connection in
            try await connection.checkedQuery("""
                SELECT id, previous_hash, heads, hash, created_at, records, signature, key_id FROM seal_checkpoint ORDER BY id DESC LIMIT 1
                """, logger: self.logger).collect().first.map { row in
                let (id, previous, heads, hash, createdAt, records, signature, keyID) =
                    try row.decode((Int64, String, Int32, String, String, Int32, String?, String?).self)
                return SealCheckpoint(id: id, previous: previous, heads: Int(heads), hash: hash, createdAt: createdAt, records: Int(records),
                                      signature: signature, keyID: keyID)
            }
        }
    }

    /// Recomputes every person's seal chain, every checkpoint, every projection and the chain of
    /// role grants, in one snapshot, as `SQLiteStore.verify` does: person chains, then checkpoints
    /// with the heads their seals give, then projections, then grants. Seals no checkpoint covers yet are counted as
    /// `pending`, not as a problem. Changes nothing.
    public func verify() async throws(StoreError) -> IntegrityReport {
        let versions = try await withConnection { connection in
            try await connection.checkedQuery("SELECT DISTINCT workflow_version FROM person", logger: self.logger)
                .collect().map { try $0.decode(Int64.self) }
        }
        var workflows: [Int64: Workflow] = [:]
        // A version that is gone or no longer loads (tampered with: the record seals say how) is
        // left out of the projection check, rather than failing the whole check.
        for version in versions {
            if let bundle = try? await bundle(version: version) { workflows[version] = bundle.workflow }
        }
        let known = workflows
        let (verifier, pending, disagreements, grants, records) = try await snapshot { connection in
            var verifier = SealVerifier()
            let disagreements = try await Self.verifyPersonChains(connection, workflows: known, into: &verifier, logger: self.logger)
            let pending = try await Self.verifyCheckpoints(connection, into: &verifier, logger: self.logger)
            var grants = GrantChainVerifier()
            try await Self.verifyGrantChain(connection, into: &grants, logger: self.logger)
            var records = RecordVerifier()
            try await Self.verifyRecords(connection, into: &records, logger: self.logger)
            return (verifier, pending, disagreements, grants, records)
        }
        var report = verifier
        for (number, what) in disagreements.sorted(by: { $0.number < $1.number }) {
            report.report(IntegrityProblem(kind: .projection, eventID: nil, message: "the stored \(what) of \(number) disagrees with the events"))
        }
        var result = IntegrityReport(report, pending: pending)
        result.include(records)
        result.include(grants)
        return result
    }

    /// Every sealed table's rows against their seals (a row without one awaits the
    /// checkpointer), and every installed workflow's text against its recorded hash.
    static func verifyRecords(_ connection: PostgresConnection, into verifier: inout RecordVerifier, logger: Logger) async throws {
        for row in try await connection.checkedQuery("SELECT id, workflow_id, sha256, sources FROM workflow_version ORDER BY id",
                                                     logger: logger).collect() {
            let (id, workflowID, recorded, sources) = try row.decode((Int64, String, String, String).self)
            verifier.checkWorkflowText(id: id, workflowID: workflowID, recorded: recorded, sources: sources)
        }
        for table in RecordSeals.tables {
            let rows = try await recordRows(connection, table, logger: logger)
            let seals = try await connection.checkedQuery(
                "SELECT record_id, hash, fields FROM record_seal WHERE kind = \(table.name) ORDER BY record_id", logger: logger
            ).collect().map { row in
                let (id, hash, fields) = try row.decode((Int64, String, String).self)
                return RecordVerifier.Seal(id: id, hash: hash, fields: fields)
            }
            verifier.check(table, rows: rows, seals: seals, unsealedPending: true)
        }
    }

    private struct StoredState {
        var stage: String?
        var stageSince: String?
        var organizationID: Int64?
        var timeline: [UInt8]?
    }

    /// Each person's events (in id order) against their seals (in sequence order), read as one
    /// stream ordered by person; and each person's stored projection against their events.
    /// Returns the people whose projection disagrees, with what disagrees.
    static func verifyPersonChains(
        _ connection: PostgresConnection, workflows: [Int64: Workflow], into verifier: inout SealVerifier, logger: Logger
    ) async throws -> [(number: String, what: String)] {
        // People and their stored states are read as rows arrive, not collected first: a
        // province's rows would be held twice, as received and as decoded.
        var people: [Int64: PersonProfile] = [:]
        for try await row in try await connection.checkedQuery("SELECT \(unescaped: personColumns) FROM person p", logger: logger) {
            let person = try Self.person(row.makeRandomAccess())
            people[person.id] = person
        }
        var states: [Int64: StoredState] = [:]
        for try await row in try await connection.checkedQuery(
            "SELECT person_id, stage, stage_since, organization_id, timeline FROM person_state", logger: logger
        ) {
            let (id, stage, since, organization, timeline) = try row.decode((Int64, String?, String?, Int64?, Data?).self)
            states[id] = StoredState(stage: stage, stageSince: since, organizationID: organization, timeline: timeline.map { [UInt8]($0) })
        }
        var codes: [String: Int64] = [:]
        for row in try await connection.checkedQuery("SELECT code, id FROM organization", logger: logger).collect() {
            let (code, id) = try row.decode((String, Int64).self)
            codes[code] = id
        }
        var disagreements: [(number: String, what: String)] = []
        func checkProjection(_ person: PersonProfile, events: [Event]) {
            guard let workflow = workflows[person.workflowVersion] else { return }
            let projection = PersonProjection(history: History(person: person, events: events), workflow: workflow)
            var organizationID = person.organizationID
            if let code = projection.transferredTo, let id = codes[code] { organizationID = id }
            let stored = states[person.id]
            let stage = stored?.stage == projection.stage && stored?.stageSince == projection.stageSince?.description
                && stored?.organizationID == organizationID
            let digest = stored?.timeline == projection.timeline
            switch (stage, digest) {
            case (true, true): break
            case (false, true): disagreements.append((person.number, "stage"))
            case (true, false): disagreements.append((person.number, "statistics digest"))
            case (false, false): disagreements.append((person.number, "stage and statistics digest"))
            }
        }

        // Events (kind 0) and seals (kind 1) of each person, in one stream.
        let rows = try await connection.checkedQuery("""
            SELECT 0 AS kind, e.person_id AS person, e.id AS ord, \(unescaped: eventColumns), NULL::bigint AS seq, NULL::text AS hash
            FROM event e
            UNION ALL
            SELECT 1, s.person_id, s.seq, s.event_id, s.person_id, '', '', '', '', '', 0, NULL, NULL, false, false, s.seq, s.hash
            FROM person_seal s
            ORDER BY person, kind, ord
            """, logger: logger)
        var checked = Set<Int64>()
        var current: Int64?
        var own: [SealVerifier.StoredEvent] = []
        var events: [Event] = []
        var sealed: [SealVerifier.StoredSeal] = []
        func flush() {
            guard let id = current else { return }
            let person = people[id]
            verifier.check(person: person?.number ?? "person \(id)", events: own, seals: sealed)
            if let person {
                checkProjection(person, events: events)
                checked.insert(id)
            }
            own = []
            events = []
            sealed = []
        }
        for try await row in rows {
            let cells = row.makeRandomAccess()
            let kind = try cells[0].decode(Int32.self)
            let person = try cells[1].decode(Int64.self)
            if person != current {
                flush()
                current = person
            }
            if kind == 0 {
                let (event, data) = try Self.event(cells, offset: 3)
                own.append(SealVerifier.StoredEvent(id: event.id, content: { SealChain.content(of: event, sequence: $0, data: data) }))
                events.append(event)
            } else {
                sealed.append(SealVerifier.StoredSeal(
                    eventID: try cells[3].decode(Int64.self), sequence: try cells[15].decode(Int64.self), seal: try cells[16].decode(String.self)))
            }
        }
        flush()
        for person in people.values where !checked.contains(person.id) {
            checkProjection(person, events: [])
        }
        return disagreements
    }

    /// Each checkpoint against the heads of the seals in its range of batches. Returns how many
    /// seals no checkpoint covers yet.
    static func verifyCheckpoints(_ connection: PostgresConnection, into verifier: inout SealVerifier, logger: Logger) async throws -> Int {
        let anchor = try await anchor(connection, logger: logger)
        let checkpoints = try await connection.checkedQuery(
            "SELECT id, previous_hash, heads, hash, created_at, high_water, records, signature, key_id FROM seal_checkpoint ORDER BY id",
            logger: logger
        ).collect().map { row in
            let (id, previous, heads, hash, createdAt, highWater, records, signature, keyID) =
                try row.decode((Int64, String, Int32, String, String, Int64, Int32, String?, String?).self)
            return (SealCheckpoint(id: id, previous: previous, heads: Int(heads), hash: hash, createdAt: createdAt, records: Int(records),
                                   signature: signature, keyID: keyID), highWater)
        }
        // Each record seal to the first checkpoint whose high-water mark is above its batch.
        var recordsByCheckpoint: [Int: [RecordHead]] = [:]
        var pending = 0
        for row in try await connection.checkedQuery("SELECT kind, record_id, hash, batch FROM record_seal ORDER BY batch", logger: logger).collect() {
            let (kind, id, seal, batch) = try row.decode((String, Int64, String, Int64).self)
            var low = 0
            var high = checkpoints.count
            while low < high {
                let middle = (low + high) / 2
                if checkpoints[middle].1 > batch { high = middle } else { low = middle + 1 }
            }
            if low == checkpoints.count {
                pending += 1
            } else {
                recordsByCheckpoint[low, default: []].append(RecordHead(kind: kind, id: id, seal: seal))
            }
        }
        var index = 0
        var heads: [Int64: SealHead] = [:]
        let rows = try await connection.checkedQuery(
            "SELECT person_id, seq, hash, batch FROM person_seal ORDER BY batch, person_id, seq", logger: logger)
        for try await row in rows {
            let (person, sequence, seal, batch) = try row.decode((Int64, Int64, String, Int64).self)
            while index < checkpoints.count, batch >= checkpoints[index].1 {
                verifier.check(checkpoint: checkpoints[index].0, heads: Array(heads.values), records: recordsByCheckpoint[index] ?? [],
                               anchor: anchor)
                heads = [:]
                index += 1
            }
            if index == checkpoints.count {
                pending += 1
                continue
            }
            if let known = heads[person], known.sequence > sequence { continue }
            heads[person] = SealHead(personID: person, sequence: sequence, seal: seal)
        }
        while index < checkpoints.count {
            verifier.check(checkpoint: checkpoints[index].0, heads: Array(heads.values), records: recordsByCheckpoint[index] ?? [],
                           anchor: anchor)
            heads = [:]
            index += 1
        }
        return pending
    }
}

import FazhanCore
import FazhanStore
import GRDB
import GRDBSQLite

/// Seals and checkpoints on SQLite (see `SealChain`): each event is sealed in its person's chain
/// in the transaction that writes it, and every transaction that seals writes one checkpoint over
/// the heads it moved. The checkpoint's number is the `batch` of the seals it covers.
enum PersonSeals {
    /// The seal content of an event row (every column of `event`) at a sequence number.
    static func content(_ row: Row, sequence: Int64) -> String {
        SealChain.content(
            personID: row["person_id"], sequence: sequence, step: row["step"], occurredOn: row["occurred_on"],
            recordedAt: row["recorded_at"], recordedBy: row["recorded_by"], data: row["data"],
            workflowVersion: row["workflow_version"], corrects: row["corrects"], correctionReason: row["correction_reason"],
            voids: row["voids"], imported: row["imported"])
    }

    /// The number the next checkpoint will have: the batch of the seals written before it.
    static func nextBatch(_ db: Database) throws -> Int64 {
        (try Int64.fetchOne(db, sql: "SELECT max(id) FROM seal_checkpoint") ?? 0) + 1
    }

    /// A person's last seal: how many events are sealed and the seal of the last.
    static func head(_ db: Database, personID: Int64) throws -> (sequence: Int64, seal: String) {
        let statement = try db.cachedStatement(sql: "SELECT seq, hash FROM person_seal WHERE person_id = ? ORDER BY seq DESC LIMIT 1")
        try statement.setArguments([personID])
        let handle = statement.sqliteStatement
        defer { sqlite3_reset(handle) }
        guard try RawSQLite.step(handle, in: db) else { return (0, SealChain.genesis) }
        return (sqlite3_column_int64(handle, 0), ChainEvents.string(handle, 1))
    }

    /// Seals the events with these ids (inserted in this transaction, in id order), each in its
    /// person's chain, and writes the checkpoint over the heads they moved.
    static func seal(_ db: Database, eventIDs: [Int64], signer: CheckpointSigner?) throws {
        guard !eventIDs.isEmpty else { return }
        let batch = try nextBatch(db)
        var heads: [Int64: (sequence: Int64, seal: String)] = [:]
        var latest = ""
        let insert = try db.makeStatement(sql: "INSERT INTO person_seal (event_id, person_id, seq, hash, batch) VALUES (?, ?, ?, ?, ?)")
        for start in stride(from: 0, to: eventIDs.count, by: 500) {
            let chunk = eventIDs[start..<min(start + 500, eventIDs.count)]
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM event WHERE id IN (\(chunk.map(String.init).joined(separator: ","))) ORDER BY id")
            for row in rows {
                let person: Int64 = row["person_id"]
                let previous = try heads[person] ?? head(db, personID: person)
                let sequence = previous.sequence + 1
                let seal = SealChain.seal(content: content(row, sequence: sequence), previous: previous.seal)
                try insert.execute(arguments: [row["id"] as Int64, person, sequence, seal, batch])
                heads[person] = (sequence, seal)
                let recordedAt: String = row["recorded_at"]
                if recordedAt > latest { latest = recordedAt }
            }
        }
        try checkpoint(db, id: batch, heads: heads.map { SealHead(personID: $0.key, sequence: $0.value.sequence, seal: $0.value.seal) },
                       at: latest, signer: signer)
    }

    /// Writes checkpoint `id` over `heads` and `records`, following the last checkpoint (or, for
    /// the first, the head of the legacy single chain a migrated database had), signed by
    /// `signer` when there is one.
    static func checkpoint(_ db: Database, id: Int64, heads: [SealHead], records: [RecordHead] = [], at timestamp: String,
                           signer: CheckpointSigner?) throws {
        let previous = try String.fetchOne(db, sql: "SELECT hash FROM seal_checkpoint ORDER BY id DESC LIMIT 1") ?? anchor(db)
        var checkpoint = SealCheckpoint(
            id: id, previous: previous, heads: heads.count, hash: SealChain.checkpoint(previous: previous, heads: heads, records: records),
            createdAt: timestamp, records: records.count)
        if let signer { checkpoint = signer.sign(checkpoint) }
        if try db.columns(in: "seal_checkpoint").contains(where: { $0.name == "signature" }) {
            try db.execute(
                sql: "INSERT INTO seal_checkpoint (id, previous_hash, heads, hash, created_at, records, signature, key_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                arguments: [id, previous, heads.count, checkpoint.hash, timestamp, records.count, checkpoint.signature, checkpoint.keyID])
        } else {
            // The v6 migration, before checkpoints had records and signatures.
            try db.execute(
                sql: "INSERT INTO seal_checkpoint (id, previous_hash, heads, hash, created_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [id, previous, heads.count, checkpoint.hash, timestamp])
        }
    }

    /// What the first checkpoint follows: the last seal of the single chain that sealed every
    /// event before per-person chains (schema v4 to v5), or the genesis.
    static func anchor(_ db: Database) throws -> String {
        try String.fetchOne(db, sql: "SELECT hash FROM event_seal ORDER BY event_id DESC LIMIT 1") ?? SealChain.genesis
    }
}

extension SQLiteStore {
    /// Writes an entry of the sealing log (who did what, when, and why) and the checkpoint over
    /// it, signed: the explicit way to vouch for the log as it stands (`fazhan seal`). Its
    /// checkpoint chains every checkpoint before it, so its signature covers them.
    public func sealLog(action: String, note: String, by user: String, at timestamp: String) throws(StoreError) -> SealCheckpoint {
        let signer: CheckpointSigner?
        do { signer = try currentSigner() } catch { throw StoreError(error) }
        guard signer != nil else { throw StoreError.invalid("signing the log needs the signing key") }
        try write { db in
            try db.execute(sql: "INSERT INTO seal_log (action, note, done_by, done_at) VALUES (?, ?, ?, ?)",
                           arguments: [action, note, user, timestamp])
        }
        guard let checkpoint = try lastCheckpoint() else { throw StoreError.io("the checkpoint was not written") }
        return checkpoint
    }

    /// The last checkpoint: what a report was computed from.
    public func lastCheckpoint() throws(StoreError) -> SealCheckpoint? {
        try read { db in
            let signed = try db.columns(in: "seal_checkpoint").contains { $0.name == "signature" }
            return try Row.fetchOne(db, sql: "SELECT * FROM seal_checkpoint ORDER BY id DESC LIMIT 1").map { row in
                SealCheckpoint(id: row["id"], previous: row["previous_hash"], heads: row["heads"], hash: row["hash"],
                               createdAt: row["created_at"], records: signed ? row["records"] : 0,
                               signature: signed ? row["signature"] : nil, keyID: signed ? row["key_id"] : nil)
            }
        }
    }
}

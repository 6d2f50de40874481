import FazhanCore
import FazhanStore
import GRDB

/// Record seals on SQLite (see `RecordSeals`): every write transaction seals the rows it added to
/// the sealed tables and writes a checkpoint over them, signed when the store has a key.
///
/// A transaction notes each sealed table's highest key before it writes (`mark`) and seals the
/// rows above it when it ends (`sealNew`): writes are serialized, so those are exactly its own
/// rows. A row added behind Fazhan's back stays unsealed, and `verify` names it.
enum StoredRecords {
    /// Each sealed table's highest key.
    typealias Mark = [String: Int64]

    /// The sealed tables this database has: a migration seals before later ones create theirs.
    static func sealedTables(_ db: Database) throws -> [RecordSeals.Table] {
        try RecordSeals.tables.filter { try db.tableExists($0.name) }
    }

    static func mark(_ db: Database) throws -> Mark {
        var mark: Mark = [:]
        for table in try sealedTables(db) {
            mark[table.name] = try Int64.fetchOne(db, sql: "SELECT max(\(table.key)) FROM \(table.name)") ?? 0
        }
        return mark
    }

    /// A row's columns as text, in the table's order (see `RecordSeals`).
    static func values(_ row: Row, _ table: RecordSeals.Table) -> [String?] {
        table.columns.map { column in
            let value: DatabaseValue = (row[column.name] as DatabaseValue?) ?? .null
            switch value.storage {
            case .null: return nil
            case .int64(let number):
                return column.type == .boolean ? (number != 0 ? "1" : "0") : String(number)
            case .double(let number): return String(number)
            case .string(let text): return text
            case .blob(let data): return SealHasher.hex(data)
            }
        }
    }

    /// Seals the rows of each table that `condition` selects, in key order, as `batch`.
    /// Returns their heads and the latest of their timestamps.
    private static func seal(_ db: Database, batch: Int64, condition: (RecordSeals.Table) throws -> (String, StatementArguments))
        throws -> (heads: [RecordHead], latest: String?) {
        var heads: [RecordHead] = []
        var latest: String?
        let insert = try db.makeStatement(sql: "INSERT INTO record_seal (kind, record_id, hash, fields, batch) VALUES (?, ?, ?, ?, ?)")
        for table in try sealedTables(db) {
            let (sql, arguments) = try condition(table)
            for row in try Row.fetchAll(db, sql: "SELECT * FROM \(table.name) WHERE \(sql) ORDER BY \(table.key)", arguments: arguments) {
                let values = values(row, table)
                let id: Int64 = row[table.key]
                let hash = RecordSeals.seal(table, values)
                try insert.execute(arguments: [table.name, id, hash, RecordSeals.fields(table, values), batch])
                heads.append(RecordHead(kind: table.name, id: id, seal: hash))
                if let stamp: String = row[table.stamp], stamp > (latest ?? "") { latest = stamp }
            }
        }
        return (heads, latest)
    }

    /// Seals the rows added since `mark` and checkpoints them (nothing when there are none).
    static func sealNew(_ db: Database, since mark: Mark, signer: () throws -> CheckpointSigner?) throws {
        let batch = try PersonSeals.nextBatch(db)
        let (heads, latest) = try seal(db, batch: batch) { table in ("\(table.key) > ?", [mark[table.name] ?? 0]) }
        guard !heads.isEmpty else { return }
        try PersonSeals.checkpoint(db, id: batch, heads: [], records: heads, at: latest ?? "", signer: try signer())
    }

    /// Seals every row that has no seal, and checkpoints them: the v8 migration, and `fazhan seal`
    /// adopting rows it was told to. Returns the heads it sealed.
    @discardableResult
    static func sealUnsealed(_ db: Database, signer: CheckpointSigner?, log: Bool = false) throws -> [RecordHead] {
        let batch = try PersonSeals.nextBatch(db)
        let (heads, latest) = try seal(db, batch: batch) { table in
            ("\(table.key) NOT IN (SELECT record_id FROM record_seal WHERE kind = ?)", [table.name])
        }
        guard !heads.isEmpty else { return [] }
        try PersonSeals.checkpoint(db, id: batch, heads: [], records: heads, at: latest ?? "", signer: signer)
        return heads
    }

    /// How many rows have no seal.
    static func unsealed(_ db: Database) throws -> Int {
        var count = 0
        for table in try sealedTables(db) {
            count += try Int.fetchOne(
                db, sql: "SELECT count(*) FROM \(table.name) WHERE \(table.key) NOT IN (SELECT record_id FROM record_seal WHERE kind = ?)",
                arguments: [table.name]) ?? 0
        }
        return count
    }

    /// The latest timestamp of any sealed row.
    static func latestStamp(_ db: Database) throws -> String? {
        var latest: String?
        for table in try sealedTables(db) {
            if let stamp = try String.fetchOne(db, sql: "SELECT max(\(table.stamp)) FROM \(table.name)"), stamp > (latest ?? "") {
                latest = stamp
            }
        }
        return latest
    }
}

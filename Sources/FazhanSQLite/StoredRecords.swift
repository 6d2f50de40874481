import FazhanCore
import FazhanStore
import GRDB
import GRDBSQLite

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

    /// A sealed table's columns in seal order, for a `SELECT`: a column the table does not have
    /// yet is read as NULL (a migration seals before later ones add columns).
    static func selectedColumns(_ db: Database, _ table: RecordSeals.Table) throws -> String {
        let present = Set(try db.columns(in: table.name).map { $0.name.lowercased() })
        return table.columns.map { present.contains($0.name.lowercased()) ? "\"\($0.name)\"" : "NULL" }.joined(separator: ", ")
    }

    /// A row's columns as text, in the table's order (see `RecordSeals`), read by position from
    /// `first` on (as `selectedColumns` lists them): an integer as its digits (a boolean as 1 or
    /// 0), a blob as lowercase hexadecimal, text as GRDB reads it (up to a NUL), as the seals
    /// written before by GRDB rows read it.
    static func values(_ statement: SQLiteStatement, from first: Int32, _ table: RecordSeals.Table) -> [String?] {
        var values: [String?] = []
        values.reserveCapacity(table.columns.count)
        for (index, column) in table.columns.enumerated() {
            let position = first + Int32(index)
            switch sqlite3_column_type(statement, position) {
            case SQLITE_NULL: values.append(nil)
            case SQLITE_INTEGER:
                let number = sqlite3_column_int64(statement, position)
                values.append(column.type == .boolean ? (number != 0 ? "1" : "0") : String(number))
            case SQLITE_FLOAT: values.append(String(sqlite3_column_double(statement, position)))
            case SQLITE_BLOB:
                let count = Int(sqlite3_column_bytes(statement, position))
                guard let bytes = sqlite3_column_blob(statement, position) else {
                    values.append("")
                    break
                }
                values.append(SealHasher.hex(UnsafeRawBufferPointer(start: bytes, count: count)))
            default: values.append(ChainEvents.string(statement, position))
            }
        }
        return values
    }

    /// Seals the rows of each table that `condition` selects, in key order, as `batch`.
    /// Returns their heads and the latest of their timestamps. The rows are read one at a time
    /// by column position (an import seals a million people here).
    private static func seal(_ db: Database, batch: Int64, condition: (RecordSeals.Table) throws -> (String, StatementArguments))
        throws -> (heads: [RecordHead], latest: String?) {
        var heads: [RecordHead] = []
        var latest: String?
        let insert = try db.makeStatement(sql: "INSERT INTO record_seal (kind, record_id, hash, fields, batch) VALUES (?, ?, ?, ?, ?)")
        for table in try sealedTables(db) {
            let (sql, arguments) = try condition(table)
            let stamp = table.columns.firstIndex { $0.name == table.stamp }
            let rows = try db.makeStatement(sql: """
                SELECT \(table.key), \(try selectedColumns(db, table)) FROM \(table.name) WHERE \(sql) ORDER BY \(table.key)
                """)
            try rows.setArguments(arguments)
            try withExtendedLifetime(rows) {
                let statement = rows.sqliteStatement
                while try RawSQLite.step(statement, in: db) {
                    let id = sqlite3_column_int64(statement, 0)
                    let values = values(statement, from: 1, table)
                    let hash = RecordSeals.seal(table, values)
                    try insert.execute(arguments: [table.name, id, hash, RecordSeals.fields(table, values), batch])
                    heads.append(RecordHead(kind: table.name, id: id, seal: hash))
                    if let stamp, let written = values[stamp], written > (latest ?? "") { latest = written }
                }
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

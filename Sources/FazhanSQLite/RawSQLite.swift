import FazhanStore
import GRDB
import GRDBSQLite

/// SQLite's own calls, for the loops that touch every row of a province: bulk writes, and the
/// reads of the audit and the report, which step a GRDB-prepared statement themselves.
enum RawSQLite {
    /// Steps a statement: `true` at a row, `false` when done; a failure as GRDB reports it.
    static func step(_ statement: SQLiteStatement, in db: Database) throws -> Bool {
        let code = sqlite3_step(statement)
        if code == SQLITE_ROW { return true }
        if code == SQLITE_DONE { return false }
        throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
    }

    /// A text column as stored (all its bytes, by count), or `nil` for NULL.
    static func text(_ statement: SQLiteStatement, _ column: Int32) -> String? {
        guard let bytes = sqlite3_column_text(statement, column) else { return nil }
        return String(decoding: UnsafeBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(statement, column))), as: UTF8.self)
    }
}

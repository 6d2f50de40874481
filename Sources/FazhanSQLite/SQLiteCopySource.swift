import FazhanCore
import FazhanStore
import Foundation
import GRDB

/// Reads an SQLite database page by page, all pages from one snapshot (the write-ahead log
/// keeps it while others write).
public final class SQLiteCopySource: Sendable {
    let reader: any DatabaseReader

    public init(path: String) throws {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(30)
        do {
            let pool = try DatabasePool(path: path, configuration: configuration)
            reader = (try? pool.makeSnapshot()) ?? pool
        } catch {
            throw StoreError(error).located(at: path)
        }
    }

    /// The hash of the source's last checkpoint, or the genesis.
    /// Columns a copy carries that SQLite derives rather than stores.
    static let expressions = [
        "person_state.version": "(SELECT count(*) FROM event WHERE event.person_id = person_state.person_id)",
    ]

    public func head() throws -> String {
        try reader.read { db in
            try String.fetchOne(db, sql: "SELECT hash FROM seal_checkpoint ORDER BY id DESC LIMIT 1") ?? SealChain.genesis
        }
    }

    public func page(_ table: CopyTable, after: CopyValue?, limit: Int) throws -> [[CopyValue]] {
        try reader.read { db in
            var arguments = StatementArguments()
            var condition = ""
            if let after {
                condition = "WHERE \(table.key) > ?"
                switch after {
                case .integer(let number): arguments += [number]
                case .text(let text): arguments += [text]
                case .real(let number): arguments += [number]
                case .null, .bytes: return []
                }
            }
            if let filter = table.filter {
                condition += condition.isEmpty ? "WHERE \(filter)" : " AND \(filter)"
            }
            arguments += [limit]
            let columns = table.columns.map { Self.expressions["\(table.name).\($0)"] ?? $0 }
            let sql = "SELECT \(columns.joined(separator: ", ")), \(table.key) FROM \(table.name) \(condition) "
                + "ORDER BY \(table.key) LIMIT ?"
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                row.databaseValues.map { value in
                    switch value.storage {
                    case .null: return .null
                    case .int64(let number): return .integer(number)
                    case .double(let number): return .real(number)
                    case .string(let text): return .text(text)
                    case .blob(let data): return .bytes([UInt8](data))
                    }
                }
            }
        }
    }
}

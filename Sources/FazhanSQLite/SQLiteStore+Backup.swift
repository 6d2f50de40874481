import FazhanStore
import Foundation
import GRDB

extension SQLiteStore {
    /// Writes a consistent copy of the database, with SQLite's online backup while others may go
    /// on writing, into `path`: an empty file the caller created and moves into place once the
    /// copy is whole (the CLI's `backup` writes beside the destination and renames).
    public func backup(into path: String) throws(StoreError) {
        do {
            let destination = try DatabaseQueue(path: path)
            try writer.backup(to: destination)
            try destination.close()
        } catch {
            throw StoreError(error)
        }
    }
}

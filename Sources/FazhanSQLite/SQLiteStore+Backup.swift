import FazhanStore
import Foundation
import GRDB

extension SQLiteStore {
    /// Writes a consistent copy of the database to a new file (readable by its owner only), with
    /// SQLite's online backup, while others may go on writing.
    public func backup(to path: String) throws(StoreError) {
        let manager = FileManager.default
        if manager.fileExists(atPath: path) { throw StoreError.alreadyExists(path) }
        guard manager.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw StoreError.io("cannot create \(path): permission denied or the disk is full")
        }
        do {
            let destination = try DatabaseQueue(path: path)
            try writer.backup(to: destination)
            try destination.close()
        } catch {
            try? manager.removeItem(atPath: path)
            throw StoreError(error)
        }
    }
}

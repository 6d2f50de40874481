import FazhanCore
import FazhanStore
import Foundation
import GRDB

extension StoreError {
    /// An SQLite (GRDB) error in the organizer's terms.
    public init(_ error: any Error) {
        if let error = error as? StoreError {
            self = error
            return
        }
        guard let error = error as? DatabaseError else {
            self = .io(String(describing: error))
            return
        }
        switch error.resultCode {
        case .SQLITE_CONSTRAINT:
            let message = error.message ?? "constraint failed"
            if message.contains("append-only") || message.contains("never") {
                self = .appendOnly(message)
            } else if message.contains("UNIQUE") {
                self = .duplicate(message)
            } else {
                self = .invalid(message)
            }
        case .SQLITE_READONLY: self = .readOnly("")
        case .SQLITE_FULL: self = .diskFull
        case .SQLITE_BUSY, .SQLITE_LOCKED: self = .busy
        case .SQLITE_NOTADB: self = .notADatabase(path: "", reason: "it is not an SQLite database file")
        case .SQLITE_CORRUPT: self = .corrupt(error.message ?? "database disk image is malformed")
        case .SQLITE_CANTOPEN:
            self = .cannotOpen(path: "", reason: "check that it exists and that you may read and write it and its folder")
        case .SQLITE_IOERR:
            // A full disk can show as an I/O error too (a write cut short by a file size limit).
            self = .io("reading or writing the database file failed (\(error.message ?? "disk I/O error")): nothing was written; "
                       + "is the disk full, or failing?")
        default: self = .io(error.message ?? String(describing: error))
        }
    }

}

extension InstalledWorkflow {
    init(_ record: WorkflowVersionRecord, isNew: Bool) {
        self.init(
            version: record.id ?? 0, workflowID: record.workflowId, title: record.title, sha256: record.sha256,
            provisional: record.provisional, installedAt: record.installedAt, installedBy: record.installedBy,
            files: record.sources.map { ($0.path as NSString).lastPathComponent }, isNew: isNew)
    }
}

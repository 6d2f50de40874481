import FazhanCore
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file that appears whole or not at all, readable by its owner only.
///
/// Written to a temporary file beside the destination (same folder, so the rename cannot cross
/// file systems), created 0600 whatever the umask (outputs hold personal data), synced, and
/// moved into place by ``commit()``. Without `overwrite` an existing file is never replaced,
/// not even one created meanwhile; with it, only a regular file is: a folder, a device, a FIFO
/// or a socket is refused either way. A write that fails, or a process killed midway, leaves
/// the destination as it was.
final class OutputFile {
    let path: String
    /// Where the bytes go until ``commit()``.
    let temporaryPath: String
    private let handle: FileHandle
    private let overwrite: Bool
    private var closed = false
    private var handedOver = false

    /// Refused at once when the destination may not be written (see the type).
    init(_ path: String, overwrite: Bool) throws {
        try Self.checkDestination(path, overwrite: overwrite)
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw Failure(Catalogue.noFolder(folder))
        }
        var template = Array((folder as NSString).appendingPathComponent(".\(url.lastPathComponent).XXXXXX").utf8CString)
        let descriptor = mkstemp(&template)
        guard descriptor >= 0 else {
            throw Failure("error: cannot write in \(folder): \(String(cString: strerror(errno)))")
        }
        fchmod(descriptor, 0o600)
        self.path = path
        self.temporaryPath = String(cString: template)
        self.handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        self.overwrite = overwrite
    }

    deinit {
        abandon()
    }

    /// Writes `data` to `path` whole, as the type says.
    static func write(_ data: Data, to path: String, overwrite: Bool) throws {
        let file = try OutputFile(path, overwrite: overwrite)
        try file.write(data)
        try file.commit()
    }

    func write(_ data: Data) throws {
        do {
            try handle.write(contentsOf: data)
        } catch {
            throw Failure("error: cannot write \(path): \(error.localizedDescription)")
        }
    }

    /// Closes the temporary file for a writer that fills it by its path (SQLite's backup);
    /// ``commit()`` then syncs it by its path and moves it.
    func handOver() {
        guard !handedOver else { return }
        handedOver = true
        try? handle.close()
    }

    /// Syncs the file and moves it into place.
    func commit() throws {
        guard !closed else { return }
        do {
            if handedOver {
                let descriptor = open(temporaryPath, O_RDONLY)
                guard descriptor >= 0 else { throw moveFailure() }
                defer { close(descriptor) }
                guard fsync(descriptor) == 0 else { throw moveFailure() }
            } else {
                try handle.synchronize()
                try handle.close()
            }
        } catch let failure as Failure {
            abandon()
            throw failure
        } catch {
            abandon()
            throw Failure("error: cannot write \(path): \(error.localizedDescription)")
        }
        closed = true
        // After a rename the temporary name is gone; after a link, or a failure, it is removed here.
        defer { unlink(temporaryPath) }
        // Checked again: the destination may have been replaced by something else meanwhile.
        try Self.checkDestination(path, overwrite: overwrite)
        if overwrite {
            guard rename(temporaryPath, path) == 0 else { throw moveFailure() }
        } else if link(temporaryPath, path) != 0 {
            // link(2) refuses an existing target, so a file created meanwhile is never replaced.
            if errno == EEXIST || FileManager.default.fileExists(atPath: path) {
                throw Failure(Catalogue.fileExists(path))
            }
            // A file system without hard links: there, the check and the rename are not atomic.
            guard rename(temporaryPath, path) == 0 else { throw moveFailure() }
        }
    }

    /// Throws away a file that was not committed.
    func abandon() {
        guard !closed else { return }
        closed = true
        if !handedOver { try? handle.close() }
        unlink(temporaryPath)
    }

    private func moveFailure() -> Failure {
        Failure("error: cannot write \(path): \(String(cString: strerror(errno)))")
    }

    /// Whether `path` may be written: absent, or a regular file and `overwrite`.
    static func checkDestination(_ path: String, overwrite: Bool) throws {
        var info = stat()
        guard stat(path, &info) == 0 else { return }
        switch info.st_mode & S_IFMT {
        case S_IFREG:
            if !overwrite { throw Failure(Catalogue.fileExists(path)) }
        case S_IFDIR:
            throw Failure(Catalogue.fileIsFolder(path))
        default:
            throw Failure(Catalogue.fileNotRegular(path))
        }
    }
}

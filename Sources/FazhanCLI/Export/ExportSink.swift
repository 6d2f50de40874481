import FazhanViews
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where an export's text goes: standard output, or a file that appears whole or not at all.
///
/// A file is written to a temporary file beside it (same folder, so the rename cannot cross file
/// systems), created readable by its owner only (0600: exports hold personal data), and renamed
/// into place by ``commit()``. An export that fails calls ``abandon()`` and leaves nothing behind;
/// an existing file is never replaced unless `overwrite` is set.
final class ExportSink {
    /// The file written, or nil for standard output.
    let path: String?
    private let handle: FileHandle
    private let temporaryPath: String?
    private let overwrite: Bool
    private var buffer = Data()
    private var closed = false

    private static let flushSize = 1 << 16

    /// Standard output.
    init() {
        path = nil
        handle = FileHandle.standardOutput
        temporaryPath = nil
        overwrite = false
    }

    /// A new file at `path`, refused at once if the file exists and `overwrite` is not set.
    init(file path: String, overwrite: Bool) throws {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: path, isDirectory: &isDirectory) {
            if isDirectory.boolValue { throw Failure("error: \(path) is a folder; name a file") }
            if !overwrite { throw Failure("refused: \(path) exists; pass --force to replace it") }
        }
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        guard manager.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw Failure("error: the folder \(folder) does not exist")
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

    /// Whether the text goes to a terminal (standard output not redirected).
    var isTerminal: Bool {
        path == nil && isatty(STDOUT_FILENO) == 1
    }

    /// Appends text, written out in blocks.
    func write(_ text: String) throws {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= Self.flushSize { try flush() }
    }

    /// Appends bytes as they came (an export a Fazhan server streams).
    func write(bytes: Data) throws {
        buffer.append(bytes)
        if buffer.count >= Self.flushSize { try flush() }
    }

    /// Writes what is left and, for a file, syncs it and moves it into place.
    func commit() throws {
        try flush()
        guard let path, let temporaryPath, !closed else { return }
        do {
            try handle.synchronize()
            try handle.close()
        } catch {
            throw Failure("error: cannot write \(path): \(error.localizedDescription)")
        }
        closed = true
        // After a rename the temporary name is gone; after a link, or a failure, it is removed here.
        defer { unlink(temporaryPath) }
        if overwrite {
            guard rename(temporaryPath, path) == 0 else { throw moveFailure(path) }
        } else if link(temporaryPath, path) != 0 {
            // link(2) refuses an existing target, so a file created meanwhile is never replaced.
            if errno == EEXIST || FileManager.default.fileExists(atPath: path) {
                throw Failure("refused: \(path) exists; pass --force to replace it")
            }
            // A file system without hard links: there, the check and the rename are not atomic.
            guard rename(temporaryPath, path) == 0 else { throw moveFailure(path) }
        }
    }

    /// Throws away a file that was not committed. Standard output keeps what it was given.
    func abandon() {
        guard let temporaryPath, !closed else { return }
        closed = true
        try? handle.close()
        unlink(temporaryPath)
    }

    private func flush() throws {
        guard !buffer.isEmpty else { return }
        do {
            try handle.write(contentsOf: buffer)
        } catch {
            throw Failure("error: cannot write \(path ?? "to standard output"): \(error.localizedDescription)")
        }
        buffer.removeAll(keepingCapacity: true)
    }

    private func moveFailure(_ path: String) -> Failure {
        Failure("error: cannot write \(path): \(String(cString: strerror(errno)))")
    }
}

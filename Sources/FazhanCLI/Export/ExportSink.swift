import FazhanViews
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where an export's text goes: standard output, or an ``OutputFile`` (whole or not at all,
/// owner-only, never replacing an existing file without `overwrite`), written in blocks.
/// An export that fails calls ``abandon()`` and leaves nothing behind.
final class ExportSink {
    private let file: OutputFile?
    private var buffer = Data()

    private static let flushSize = 1 << 16

    /// Standard output.
    init() {
        file = nil
    }

    /// A new file at `path`, refused at once if it may not be written (see ``OutputFile``).
    init(file path: String, overwrite: Bool) throws {
        file = try OutputFile(path, overwrite: overwrite)
    }

    /// The file written, or nil for standard output.
    var path: String? { file?.path }

    /// Whether the text goes to a terminal (standard output not redirected).
    var isTerminal: Bool {
        file == nil && isatty(STDOUT_FILENO) == 1
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
        try file?.commit()
    }

    /// Throws away a file that was not committed. Standard output keeps what it was given.
    func abandon() {
        file?.abandon()
    }

    private func flush() throws {
        guard !buffer.isEmpty else { return }
        if let file {
            try file.write(buffer)
        } else {
            do {
                try FileHandle.standardOutput.write(contentsOf: buffer)
            } catch {
                throw Failure("error: cannot write to standard output: \(error.localizedDescription)")
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

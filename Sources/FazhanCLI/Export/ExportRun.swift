import FazhanCore
import FazhanViews
import FazhanSQLite
import FazhanStore
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs one export from start to end: opens the destination, lets `body` write the rows as it
/// reads them, shows a progress bar on a terminal for a long export, and commits the file, or
/// leaves nothing behind when anything fails.
enum ExportRun {
    /// Exports with fewer units than this finish before a progress bar would be worth drawing.
    static let progressThreshold = 2_000

    /// - Parameters:
    ///   - label: What the progress bar says (`exporting events`).
    ///   - noun: What a row is, for the closing line (`events`).
    ///   - total: The units `body` advances the progress bar by, in all.
    static func run(
        _ options: ExportOptions, columns: [ExportColumn], label: String, noun: String, total: Int,
        body: (ExportWriter, Progress) async throws -> Void
    ) async throws {
        let sink = try options.output.map { try ExportSink(file: $0, overwrite: options.force) } ?? ExportSink()
        // A bar on the terminal that also shows the rows would be drawn over them.
        let shown = Progress.isShown && !sink.isTerminal && total >= progressThreshold
        let progress = Progress(label, total: total, enabled: shown)
        do {
            let writer = try ExportWriter(columns: columns, options: options, sink: sink)
            try await body(writer, progress)
            try writer.finish()
            progress.finish()
            if let path = sink.path {
                FileHandle.standardError.write(Data((Catalogue.exported(writer.count, noun, to: path) + "\n").utf8))
            }
        } catch {
            sink.abandon()
            progress.finish()
            throw error
        }
    }
}

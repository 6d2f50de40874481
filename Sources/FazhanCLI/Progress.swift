import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A progress bar on standard error for long imports, exports and generation. It draws only
/// when standard error is a terminal (and `CI` is not set), so pipes, files and CI logs stay clean.
final class Progress {
    let label: String
    private(set) var total: Int?
    private(set) var done = 0
    private let enabled: Bool
    private var lastDrawn = 0.0
    private let started = Date()

    /// Whether progress is shown: standard error is a terminal and this is not a CI run.
    static var isShown: Bool {
        isatty(STDERR_FILENO) == 1 && (ProcessInfo.processInfo.environment["CI"] ?? "").isEmpty
    }

    init(_ label: String, total: Int? = nil, enabled: Bool = Progress.isShown) {
        self.label = label
        self.total = total
        self.enabled = enabled
    }

    /// Sets the total once it is known (after counting the rows of a file, say).
    func expect(_ total: Int) {
        self.total = total
        draw(force: true)
    }

    /// Counts `count` more units done; redraws at most ten times a second.
    func advance(by count: Int = 1) {
        done += count
        draw(force: false)
    }

    /// Draws the last state and ends the line.
    func finish() {
        guard enabled else { return }
        draw(force: true)
        FileHandle.standardError.write(Data("\n".utf8))
    }

    private func draw(force: Bool) {
        guard enabled else { return }
        let now = Date().timeIntervalSince(started)
        guard force || now - lastDrawn >= 0.1 else { return }
        lastDrawn = now
        let rate = now > 0 ? Double(done) / now : 0
        var line = "\r\(label) "
        if let total, total > 0 {
            let fraction = min(1, Double(done) / Double(total))
            let width = 30
            let filled = Int(fraction * Double(width))
            line += "[" + String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled) + "] "
            line += "\(done)/\(total) \(Int(fraction * 100))%"
        } else {
            line += "\(done)"
        }
        line += String(format: "  %.0f/s  %.1fs", rate, now)
        FileHandle.standardError.write(Data((line + "\u{1B}[K").utf8))
    }
}

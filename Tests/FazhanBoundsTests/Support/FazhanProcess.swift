import Foundation
import Testing

/// What one run of the built `fazhan` produced.
struct ProcessResult: CustomStringConvertible {
    var arguments: [String]
    var status: Int32
    /// Ended by a signal (a trap, a segfault), not by exit.
    var signalled: Bool
    var timedOut: Bool
    var stdout: String
    var stderr: String

    var description: String {
        "fazhan \(arguments.map { $0.count > 60 ? "\($0.prefix(20))…(\($0.count))" : $0 }.joined(separator: " ")) → "
            + (timedOut ? "TIMED OUT" : signalled ? "signal \(status)" : "exit \(status)") + "\n--- stdout\n\(stdout.prefix(2_000))--- stderr\n\(stderr.prefix(2_000))"
    }

    /// A crash as a person would see one: a signal, a Swift runtime error or a stack trace.
    var crashed: Bool {
        signalled || stderr.contains("Fatal error") || stderr.contains("Stack dump") || stderr.contains("Backtrace")
            || stderr.contains("Segmentation fault") || stderr.contains("Illegal instruction")
    }
}

/// A temporary directory with its own database, in which tests run the built `fazhan` binary
/// as an organizer would, each run bounded in time.
final class FazhanSandbox: @unchecked Sendable {
    let directory: URL
    var environment: [String: String]

    var database: URL { directory.appendingPathComponent("t.sqlite") }

    init(today: String = "2026-11-20") throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("fazhan-bounds-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var environment = ProcessInfo.processInfo.environment.filter {
            !$0.key.hasPrefix("FAZHAN_") && !["COLUMNS", "LANG", "LC_ALL", "LC_MESSAGES"].contains($0.key)
        }
        // The tests written before the message catalogue read English; those of the Chinese
        // interface ask for it (`LANG=zh_CN.UTF-8` or `--lang zh`).
        environment["LANG"] = "en_US.UTF-8"
        environment["FAZHAN_DB"] = directory.appendingPathComponent("t.sqlite").path
        environment["FAZHAN_WORKFLOWS"] = workflowsFolder.path
        environment["FAZHAN_TODAY"] = today
        if environment["USER"] == nil { environment["USER"] = "tester" }
        self.environment = environment
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    static let binary: URL? = {
        var folders: [URL] = []
        if let first = CommandLine.arguments.first {
            let runner = URL(fileURLWithPath: first).resolvingSymlinksInPath()
            folders.append(runner.deletingLastPathComponent())
            folders.append(runner.deletingLastPathComponent().deletingLastPathComponent())
        }
        let bundle = Bundle.main.bundleURL.resolvingSymlinksInPath()
        folders += [bundle, bundle.deletingLastPathComponent(), repositoryRoot.appendingPathComponent(".build/debug")]
        return folders.map { $0.appendingPathComponent("fazhan") }.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()

    @discardableResult
    func write(_ text: String, to name: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    /// Runs `fazhan ARGUMENTS`, killing it after `timeout` seconds.
    @discardableResult
    func run(_ arguments: [String], timeout: Double = 30) throws -> ProcessResult {
        let binary = try #require(FazhanSandbox.binary, "the fazhan binary was not found; run swift build")
        return try execute(binary, arguments, timeout: timeout)
    }

    @discardableResult
    func run(_ arguments: String...) throws -> ProcessResult { try run(arguments) }

    /// Events in the database, counted by the sqlite3 shell (not by the program under test).
    func eventCount() throws -> Int {
        let result = try execute(URL(fileURLWithPath: "/usr/bin/env"), ["sqlite3", database.path, "SELECT count(*) FROM event;"], timeout: 30)
        return try #require(Int(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)), "\(result)")
    }

    /// People in the database, counted by the sqlite3 shell.
    func personCount() throws -> Int {
        let result = try execute(URL(fileURLWithPath: "/usr/bin/env"), ["sqlite3", database.path, "SELECT count(*) FROM person;"], timeout: 30)
        return try #require(Int(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)), "\(result)")
    }

    private func execute(_ executable: URL, _ arguments: [String], timeout: Double) throws -> ProcessResult {
        let id = UUID().uuidString
        let outURL = directory.appendingPathComponent(".out-\(id)")
        let errURL = directory.appendingPathComponent(".err-\(id)")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
        }
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = out
        process.standardError = err
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        try process.run()
        var timedOut = false
        if finished.wait(timeout: .now() + timeout) == .timedOut {
            timedOut = true
            process.terminate()
            finished.wait()
        }
        try out.close()
        try err.close()
        return ProcessResult(
            arguments: arguments, status: process.terminationStatus, signalled: process.terminationReason == .uncaughtSignal,
            timedOut: timedOut, stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
            stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    }
}

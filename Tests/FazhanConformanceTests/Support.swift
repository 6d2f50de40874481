import FazhanCore
import FazhanPostgres
import FazhanStore
import Foundation
import Logging
import PostgresNIO
import Testing

// The small helpers of Tests/FazhanPostgresTests/PostgresStoreTests.swift, copied (a test target
// cannot import another): the cluster from `FAZHAN_TEST_POSTGRES_URL`, a fresh database per
// test, and the `fazhan-server` built beside the test bundle.

/// The cluster the tests use: `FAZHAN_TEST_POSTGRES_URL` (scripts/pg-test-cluster prints one).
/// Unset, the PostgreSQL tests are skipped, except under CI, where that is a failure.
let testURL = ProcessInfo.processInfo.environment["FAZHAN_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
let underCI = ProcessInfo.processInfo.environment["CI"] != nil
/// Whether the PostgreSQL tests run: with a cluster, and always under CI (where they then fail).
let postgresTestsRun = testURL != nil || underCI

struct NoCluster: Error, CustomStringConvertible {
    var description: String { "CI is set but FAZHAN_TEST_POSTGRES_URL is not: start a cluster with scripts/pg-test-cluster and export its URL" }
}

let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

let quiet = Logger(label: "fazhan.conformance", factory: { _ in SwiftLogNoOpLogHandler() })

func loadUniversity() throws -> WorkflowBundle {
    try WorkflowLoader.directory(repositoryRoot.appendingPathComponent("workflows").path).load("university")
}

/// Runs `body` on a store over a database of its own (created for the test, dropped after).
func withFreshStore<T: Sendable>(
    migrate: Bool = true, _ body: @Sendable (PostgresStore) async throws -> T
) async throws -> T {
    guard let url = testURL else { throw NoCluster() }
    let base = try PostgresTarget(url: url)
    var target = base
    target.database = "fazhan_t_\(UInt64.random(in: 0...UInt64.max) % 1_000_000_000_000)"
    let name = target.database
    try await PostgresStore.withStore(target: base, logger: quiet) { admin in
        try await admin.client.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"))
    }
    do {
        let result = try await PostgresStore.withStore(target: target, logger: quiet) { store in
            if migrate { try await store.migrate() }
            return try await body(store)
        }
        try await drop(name, base)
        return result
    } catch {
        try? await drop(name, base)
        throw error
    }
}

private func drop(_ name: String, _ base: PostgresTarget) async throws {
    try await PostgresStore.withStore(target: base, logger: quiet) { admin in
        try await admin.client.query(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)"))
    }
}

/// A folder of its own under the temporary directory, removed by the caller.
func temporaryFolder() throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fazhan-conf-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder
}

/// The `fazhan-server` executable built beside the test bundle (the test target depends on it).
func serverBinary() -> String {
    var folders: [URL] = []
    if let first = CommandLine.arguments.first {
        let runner = URL(fileURLWithPath: first).resolvingSymlinksInPath()
        folders.append(runner.deletingLastPathComponent())
        folders.append(runner.deletingLastPathComponent().deletingLastPathComponent())
    }
    let bundle = Bundle.main.bundleURL.resolvingSymlinksInPath()
    folders += [bundle, bundle.deletingLastPathComponent(), repositoryRoot.appendingPathComponent(".build/debug")]
    for folder in folders {
        let candidate = folder.appendingPathComponent("fazhan-server").path
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return repositoryRoot.appendingPathComponent(".build/debug/fazhan-server").path
}

/// Runs a program, returning its exit status and what it printed (stdout and stderr).
func run(_ executable: String, _ arguments: [String]) throws -> (Int32, String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    // The messages these tests compare are the English ones.
    process.environment = ProcessInfo.processInfo.environment.filter { !["LC_ALL", "LC_MESSAGES"].contains($0.key) }
        .merging(["LANG": "en_US.UTF-8"]) { $1 }
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// The first line where two texts differ, for a readable failure message.
func firstDifference(_ a: String, _ b: String) -> String {
    let left = a.split(separator: "\n", omittingEmptySubsequences: false)
    let right = b.split(separator: "\n", omittingEmptySubsequences: false)
    for index in 0..<max(left.count, right.count) {
        let l = index < left.count ? String(left[index]) : "<end>"
        let r = index < right.count ? String(right[index]) : "<end>"
        if l != r { return "line \(index + 1): SQLite «\(l)» vs PostgreSQL «\(r)»" }
    }
    return "identical"
}

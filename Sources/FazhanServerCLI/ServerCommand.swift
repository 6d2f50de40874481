import ArgumentParser
import FazhanCLI
import FazhanCore
import FazhanPostgres
import FazhanSQLite
import FazhanStore
import Foundation
import Logging

/// `fazhan-server`: the server's administration commands on PostgreSQL (and `verify` on either
/// database).
public struct FazhanServer: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "fazhan-server",
        abstract: "Set up and check the PostgreSQL database of a Fazhan server.",
        discussion: """
            A database is a URL postgres://user[:password]@host:port/database (the password also from $PGPASSWORD).
            fazhan's own commands that work through the service run here on a PostgreSQL URL too, with the same
            options and output: \(Fazhan.serviceCommands.joined(separator: ", ")), e.g.
              fazhan-server audit --db postgres://fazhan@127.0.0.1:5432/fazhan --format json
            Exit codes: 0 success, 1 refused or failed, 64 usage error.
            """,
        version: "0.1.0",
        subcommands: [ServeCommand.self, MigrateCommand.self, CopyCommand.self, ServerVerifyCommand.self, UserCommand.self])

    public init() {}

    /// Runs the command line and exits with 0, 1 (refused or failed) or 64 (usage); never a stack trace.
    public static func run(arguments: [String]? = nil) async -> Never {
        let given = arguments ?? Array(CommandLine.arguments.dropFirst())
        if let first = given.first, Fazhan.serviceCommands.contains(first) {
            // fazhan's command, on a database this executable can open.
            RemoteDatabases.register { url in
                do {
                    _ = try PostgresTarget(url: url)
                } catch {
                    throw ValidationError(String(describing: error))
                }
                return try await PostgresStore.connect(url: url, logger: serverLogger())
            }
            await Fazhan.run(arguments: given)
        }
        do {
            var command = try parseAsRoot(arguments)
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
            Foundation.exit(0)
        } catch let failure as ServerFailure {
            FileHandle.standardError.write(Data((failure.message + "\n").utf8))
            Foundation.exit(1)
        } catch let error as StoreError {
            FileHandle.standardError.write(Data(("error: \(error.description)\n").utf8))
            Foundation.exit(1)
        } catch {
            exit(withError: error)
        }
    }
}

/// A refused or failed operation: printed as is, exit code 1.
struct ServerFailure: Error {
    var message: String

    init(_ message: String) {
        self.message = message
    }
}

/// Quiet unless FAZHAN_LOG names a level (postgres-nio logs its pool's work at debug and trace).
func serverLogger() -> Logger {
    var logger = Logger(label: "fazhan.server")
    if let level = ProcessInfo.processInfo.environment["FAZHAN_LOG"].flatMap(Logger.Level.init(rawValue:)) {
        logger.logLevel = level
    } else {
        logger = Logger(label: "fazhan.server", factory: { _ in SwiftLogNoOpLogHandler() })
    }
    return logger
}

func output(_ text: String) {
    print(text)
}

/// A database URL, or a usage error (exit 64) saying what is wrong with it.
func parseTarget(_ url: String) throws -> PostgresTarget {
    do {
        return try PostgresTarget(url: url)
    } catch {
        throw ValidationError(error.description)
    }
}

/// `postgres://` or `postgresql://`.
func isPostgresURL(_ text: String) -> Bool {
    text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
}

func report(_ report: IntegrityReport, of name: String) throws {
    if report.isIntact {
        var line = "\(name): intact. \(report.events) events, \(report.seals) seals, \(report.checkpoints) checkpoints"
        if report.pending > 0 { line += " (\(report.pending) seals awaiting a checkpoint)" }
        output(line + "; head \(report.head); chains \(report.chains)")
    } else {
        output("\(name): \(report.problems.count) problem(s) in \(report.events) events")
        output(report.problems.map { "  \($0)" }.joined(separator: "\n"))
        throw ExitCode(1)
    }
}

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Create or upgrade Fazhan's schema in a PostgreSQL database; running it again changes nothing.")

    @Option(name: .long, help: "postgres://user[:password]@host:port/database") var database: String

    func run() async throws {
        let target = try parseTarget(database)
        let applied = try await PostgresStore.withStore(target: target, logger: serverLogger()) { store in
            let applied = try await store.migrate()
            try await store.checkpoint()
            return applied
        }
        if applied.isEmpty {
            output("\(target.redacted): schema version \(PostgresSchema.latestVersion), up to date")
        } else {
            output("\(target.redacted): applied migration(s) \(applied.map(String.init).joined(separator: ", ")); "
                   + "schema version \(PostgresSchema.latestVersion)")
        }
    }
}

struct ServerVerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Recompute every seal chain, checkpoint and projection of a database; exit 1 on any problem.",
        discussion: "On PostgreSQL, writes a checkpoint over the seals committed since the last one first.")

    @Option(name: .long, help: "postgres://user[:password]@host:port/database, or the path of an SQLite database") var database: String

    func run() async throws {
        if isPostgresURL(database) {
            let target = try parseTarget(database)
            let result = try await PostgresStore.withStore(target: target, logger: serverLogger()) { store in
                try await store.checkSchema()
                try await store.checkpoint()
                return try await store.verify()
            }
            try report(result, of: target.redacted)
        } else {
            let store = try SQLiteStore.open(path: database, create: false, readOnly: true)
            try report(try store.verify(), of: database)
        }
    }
}

struct CopyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Copy a whole SQLite database into an empty PostgreSQL database, seals and ids included.",
        discussion: """
            Verifies the source first and refuses one with problems. Loads everything in one transaction: \
            if anything fails, nothing is written. Then verifies the target and prints both heads.
            """)

    @Option(name: .long, help: "The SQLite database to copy.") var from: String
    @Option(name: .long, help: "postgres://user[:password]@host:port/database (empty; migrated if needed)") var to: String

    func run() async throws {
        let target = try parseTarget(to)
        let source = try SQLiteStore.open(path: from, create: false, readOnly: true)
        let sourceReport = try source.verify()
        guard sourceReport.isIntact else {
            throw ServerFailure(
                "\(from) has \(sourceReport.problems.count) problem(s); nothing was copied:\n"
                    + sourceReport.problems.map { "  \($0)" }.joined(separator: "\n"))
        }
        let reader = try SQLiteCopySource(path: from)
        guard try reader.head() == sourceReport.head else {
            throw ServerFailure("\(from) changed while it was verified; nothing was copied: copy again when no one writes to it")
        }
        // Connected without awaiting the pool's shutdown: a copy whose connection was cut ends
        // with its error at once (the server rolls the transaction back).
        let store = try await PostgresStore.connect(url: to, checkingSchema: false, logger: serverLogger())
        try await store.migrate()
        let copied = try await store.copy(sourceHead: sourceReport.head, read: reader.page)
        let targetReport = try await store.verify()
        output("copied \(copied.rows["person"] ?? 0) people, \(copied.rows["event"] ?? 0) events, "
               + "\(copied.rows["person_seal"] ?? 0) seals from \(from) to \(target.redacted)")
        output("source head: \(sourceReport.head)")
        output("target checkpoint \(copied.checkpoint.map { String($0.id) } ?? "none") follows it; target head: \(targetReport.head)")
        try report(targetReport, of: target.redacted)
    }
}


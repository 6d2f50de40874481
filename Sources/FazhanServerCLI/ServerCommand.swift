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
        subcommands: [ServeCommand.self, MigrateCommand.self, CopyCommand.self, ServerVerifyCommand.self, CheckpointCommand.self,
                      UserCommand.self])

    public init() {}

    /// Runs the command line and exits with 0, 1 (refused or failed) or 64 (usage); never a stack trace.
    public static func run(arguments: [String]? = nil) async -> Never {
        let original = arguments ?? Array(CommandLine.arguments.dropFirst())
        var given = original
        // In the organizer's language, as fazhan: --lang, else the locale.
        let language = LanguageOption.resolve(&given)
        await Language.$current.withValue(language) { await run(given: given, original: original) }
    }

    private static func run(given: [String], original: [String]) async -> Never {
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
            await Fazhan.run(arguments: original)  // which reads --lang itself
        }
        do {
            var command = try parseAsRoot(given)
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
            FileHandle.standardError.write(Data((Catalogue.error(error.description) + "\n").utf8))
            Foundation.exit(1)
        } catch let error as CheckpointKeyError {
            FileHandle.standardError.write(Data((Catalogue.error(error.message) + "\n").utf8))
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

func report(_ report: IntegrityReport, of name: String, missingKey: String? = nil) throws {
    output(VerifyRendering.text(report, name: name, missingKey: missingKey))
    if !report.isIntact { throw ExitCode(1) }
}

/// `--key PATH`, else `$FAZHAN_KEY`: the key file that signs the server's checkpoints.
struct ServerKeyOptions: ParsableArguments {
    @Option(name: .long, help: "The key file that signs checkpoints (else $FAZHAN_KEY); made (mode 0600) if it does not exist.")
    var key: String?

    var path: String? {
        if let key, !key.isEmpty { return key }
        if let fromEnvironment = ProcessInfo.processInfo.environment["FAZHAN_KEY"], !fromEnvironment.isEmpty { return fromEnvironment }
        return nil
    }

    /// The signing key, made if its file does not exist yet; nil when none is named. Says which.
    func signer(say: (String) -> Void) throws -> CheckpointSigner? {
        guard let path else {
            say("warning: no signing key (--key or $FAZHAN_KEY): checkpoints are written unsigned, and `verify` cannot vouch for them")
            return nil
        }
        if FileManager.default.fileExists(atPath: path) {
            let signer = try CheckpointKeyFile.load(at: path)
            say("checkpoints are signed with \(path): public key \(signer.publicKey.hex) (key id \(signer.publicKey.id))")
            return signer
        }
        let signer = try CheckpointKeyFile.create(at: path)
        say("created the signing key \(path) (mode 0600; keep it apart from the database's backups): "
            + "public key \(signer.publicKey.hex) (key id \(signer.publicKey.id))")
        return signer
    }
}

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Create or upgrade Fazhan's schema in a PostgreSQL database; running it again changes nothing.")

    @Option(name: .long, help: "postgres://user[:password]@host:port/database") var database: String
    @OptionGroup var key: ServerKeyOptions

    func run() async throws {
        let target = try parseTarget(database)
        let signer = try key.signer(say: output)
        let applied = try await PostgresStore.withStore(target: target, logger: serverLogger()) { store in
            let applied = try await store.migrate()
            // Seals the records of a database migrated from before they were sealed, under a checkpoint.
            try await store.checkpoint(signer: signer)
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
        abstract: "Check every seal, checkpoint and signature of a database, only reading it; exit 1 on any problem.",
        discussion: """
            Writes nothing: seals and records written since the last checkpoint are reported as pending (the server's \
            checkpointer, or `fazhan-server checkpoint`, covers them). The trusted public key is --public-key (64 hexadecimal \
            characters or a key file; repeat for several), else the public half of --key / $FAZHAN_KEY.
            """)

    @Option(name: .long, help: "postgres://user[:password]@host:port/database, or the path of an SQLite database") var database: String
    @Option(name: .long, help: "A trusted public key (64 hexadecimal characters) or a key file holding one; repeat for several.")
    var publicKey: [String] = []
    @Option(name: .long, help: "The signing key file whose public half is trusted when no --public-key is given (else $FAZHAN_KEY).")
    var key: String?
    @Option(name: .long, help: "A checkpoint head noted earlier (64 hexadecimal characters): exit 1 unless the log still holds it.")
    var expectHead: String?

    func validate() throws {
        if let expectHead, expectHead.utf8.count != 64 || SealHasher.bytes(hex: expectHead) == nil {
            throw ValidationError("--expect-head must be a checkpoint head: 64 hexadecimal characters; it is \(expectHead)")
        }
    }

    func run() async throws {
        var result: IntegrityReport
        let name: String
        if isPostgresURL(database) {
            let target = try parseTarget(database)
            name = target.redacted
            result = try await PostgresStore.withStore(target: target, logger: serverLogger()) { store in
                try await store.checkSchema()
                return try await store.verify()
            }
        } else {
            name = database
            let store = try SQLiteStore.openForVerifying(path: database)
            result = try store.verify()
        }
        var keys = try publicKey.map(CheckpointKeyFile.trusted)
        let fallback = key ?? ProcessInfo.processInfo.environment["FAZHAN_KEY"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (isPostgresURL(database) ? nil : CheckpointKeyFile.defaultPath(forDatabase: database))
        if keys.isEmpty, let fallback, FileManager.default.fileExists(atPath: fallback) {
            keys = [try CheckpointKeyFile.trusted(fallback)]
        }
        result.judge(trusting: keys, expectHead: expectHead,
                     signingAdvice: "If the server wrote them, sign them with `fazhan-server checkpoint --key KEY`.")
        try report(result, of: name, missingKey: keys.isEmpty ? "no trusted public key (give --public-key HEX or a key file)" : nil)
    }
}

struct CheckpointCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpoint",
        abstract: "Seal the records and write a signed checkpoint over everything committed since the last one, logging who and why.",
        discussion: """
            What the server's checkpointer does every few seconds, once, by hand: after a migration, or to sign \
            checkpoints written without a key. The entry in the sealing log (who, when, why) is sealed under the checkpoint.
            """)

    @Option(name: .long, help: "postgres://user[:password]@host:port/database") var database: String
    @OptionGroup var key: ServerKeyOptions
    @Option(name: .long, help: "Who writes it (else the OS user).") var by: String?
    @Option(name: .long, help: "Why (kept in the sealing log).") var reason: String = "checkpoint written by hand"

    func run() async throws {
        let target = try parseTarget(database)
        guard key.path != nil else { throw ValidationError("--key (or $FAZHAN_KEY) must name the signing key file") }
        let signer = try key.signer(say: output)
        let user = by ?? ProcessInfo.processInfo.environment["USER"] ?? "fazhan-server"
        let checkpoint = try await PostgresStore.withStore(target: target, logger: serverLogger()) { store in
            try await store.checkSchema()
            try await store.appendSealLog(action: "checkpoint", note: reason, by: user, at: PostgresStore.timestamp())
            return try await store.checkpoint(signer: signer)
        }
        if let checkpoint {
            output("\(target.redacted): checkpoint \(checkpoint.id) (\(checkpoint.createdAt)), head \(checkpoint.hash)")
            output("signature \(checkpoint.signature ?? "-") by key \(checkpoint.keyID ?? "-")")
        } else {
            output("\(target.redacted): nothing was waiting for a checkpoint")
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
    @OptionGroup var key: ServerKeyOptions

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
        var notes: [String] = []
        let signer = try key.signer(say: { notes.append($0) })
        let copied = try await store.copy(sourceHead: sourceReport.head, signer: signer, read: reader.page)
        let targetReport = try await store.verify()
        output("copied \(copied.rows["person"] ?? 0) people, \(copied.rows["event"] ?? 0) events, "
               + "\(copied.rows["person_seal"] ?? 0) seals from \(from) to \(target.redacted)")
        output("source head: \(sourceReport.head)")
        output("target checkpoint \(copied.checkpoint.map { String($0.id) } ?? "none") follows it; target head: \(targetReport.head)")
        notes.forEach(output)
        try report(targetReport, of: target.redacted)
    }
}


import ArgumentParser
import FazhanCore
import FazhanService
import FazhanReports
import FazhanSQLite
import FazhanStore
import Foundation
import Synchronization

/// `--db PATH`, else `$FAZHAN_DB`, else `./fazhan.sqlite`: settings resolve here and only here.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(Catalogue.databaseOptionsDbHelp))
    var db: String?

    @Option(name: .long, help: ArgumentHelp(Catalogue.databaseOptionsKeyHelp))
    var key: String?

    /// `--key`, else `$FAZHAN_KEY`, else `<database>.key`; and whether it was named explicitly.
    var keyPath: (path: String, named: Bool) {
        if let key, !key.isEmpty { return (key, true) }
        if let fromEnvironment = environmentVariable("FAZHAN_KEY"), !fromEnvironment.isEmpty {
            return (fromEnvironment, true)
        }
        return (CheckpointKeyFile.defaultPath(forDatabase: path), false)
    }

    /// The signing key, or nil when there is none at the default place. A key named by `--key`
    /// or `$FAZHAN_KEY` must exist; a key file others may read is refused.
    func signer() throws -> CheckpointSigner? {
        let (keyPath, named) = keyPath
        if !named, !FileManager.default.fileExists(atPath: keyPath) { return nil }
        return try CheckpointKeyFile.load(at: keyPath)
    }

    var path: String {
        if let db { return db }
        if let fromEnvironment = environmentVariable("FAZHAN_DB"), !fromEnvironment.isEmpty {
            return fromEnvironment
        }
        return "fazhan.sqlite"
    }

    func openStore() throws -> SQLiteStore {
        try RemoteOptions.refuseLocalDatabase(self)
        let keyPath = keyPath.path
        // The database first, so that what is wrong with it is said before anything about the key.
        let store = try SQLiteStore.open(path: path, create: false, onUnsignedCheckpoint: {
            FileHandle.standardError.write(Data((Self.unsignedWarning(keyPath: keyPath) + "\n").utf8))
        })
        // Read when a checkpoint is written: a command that writes nothing needs no key.
        store.sign(loading: { try signer() })
        return store
    }

    /// What a command that wrote an unsigned checkpoint says.
    static func unsignedWarning(keyPath: String) -> String {
        Catalogue.unsignedCheckpoint(keyPath)
    }

    /// For commands that only read: opening and closing the database writes nothing.
    func openStoreForReading() throws -> SQLiteStore {
        try RemoteOptions.refuseLocalDatabase(self)
        return try SQLiteStore.open(path: path, create: false, readOnly: true)
    }

    /// The use cases on this database: an SQLite file, or (inside `fazhan-server`) a PostgreSQL URL.
    func service() async throws -> DevelopmentService {
        if let remote = try await openRemote() { return DevelopmentService(store: remote) }
        return DevelopmentService(store: try openStore())
    }

    /// The use cases on this database, opened for reading only.
    func serviceForReading() async throws -> DevelopmentService {
        if let remote = try await openRemote() { return DevelopmentService(store: remote) }
        return DevelopmentService(store: try openStoreForReading())
    }

    /// A database server named by URL, opened by the opener `fazhan-server` provides.
    private func openRemote() async throws -> (any EventStore)? {
        guard path.hasPrefix("postgres://") || path.hasPrefix("postgresql://") else { return nil }
        guard let opener = RemoteDatabases.opener else {
            throw Failure("error: \(path) is a PostgreSQL database; the fazhan command opens SQLite files only: "
                          + "run the same command through fazhan-server (e.g. fazhan-server audit --db URL)")
        }
        return try await opener(path)
    }
}

/// How `--db` opens a database that is not an SQLite file. `fazhan-server`, which links the
/// PostgreSQL driver, registers an opener for PostgreSQL URLs once, before it runs a command;
/// the `fazhan` executable links no database server library and registers none.
///
/// (A task-local would scope it more tightly, but `TaskLocal.withValue` around the command
/// crashed the statically linked release build in `swift_task_localValuePush`.)
public enum RemoteDatabases {
    public typealias Opener = @Sendable (_ url: String) async throws -> any EventStore

    private static let registered = Mutex<Opener?>(nil)

    /// Registers the opener of database URLs for the commands this process runs.
    public static func register(_ opener: @escaping Opener) {
        registered.withLock { $0 = opener }
    }

    static var opener: Opener? { registered.withLock { $0 } }
}

/// Who is recording: `--by`, else the OS user.
struct RecorderOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(Catalogue.recorderOptionsByHelp))
    var by: String?

    var user: String {
        if let by, !by.isEmpty { return by }
        return environmentVariable("USER") ?? environmentVariable("LOGNAME") ?? NSUserName()
    }
}

/// Dates as organizers write them: `2026-03-08`, `2026-3-8`, `2026/3/8` or `2026年3月8日`, as
/// `import` reads them.
extension CivilDate: ExpressibleByArgument {
    public init?(argument: String) {
        guard let date = WrittenValue.date(argument) else { return nil }
        self = date
    }
}

extension OutputFormat: ExpressibleByArgument {}

/// Where shipped workflow files are found: `$FAZHAN_WORKFLOWS`, `./workflows`, or a
/// `workflows` folder above the executable (a checkout running `swift run`, or its built
/// `fazhan` put on the PATH and run from any folder).
enum WorkflowLocator {
    static func directory() -> String? {
        let manager = FileManager.default
        func holdsWorkflows(_ path: String) -> Bool {
            manager.fileExists(atPath: (path as NSString).appendingPathComponent("cpc-2014.yaml"))
        }
        if let configured = environmentVariable("FAZHAN_WORKFLOWS"), !configured.isEmpty {
            return configured
        }
        let local = (manager.currentDirectoryPath as NSString).appendingPathComponent("workflows")
        if holdsWorkflows(local) { return local }
        // The executable's own path (`/proc/self/exe` on Linux): a command typed as `fazhan`,
        // found on the PATH, has only its name in `argv[0]`.
        let executables = [Bundle.main.executablePath, CommandLine.arguments.first].compactMap { $0 }
        for executable in executables {
            var directory = URL(fileURLWithPath: executable).resolvingSymlinksInPath().path as NSString
            for _ in 0..<8 {
                directory = directory.deletingLastPathComponent as NSString
                let candidate = directory.appendingPathComponent("workflows")
                if holdsWorkflows(candidate) { return candidate }
                if directory.length <= 1 { break }
            }
        }
        return nil
    }

    /// Loads a workflow given as an id (`university`) or a file path (`my-rules.yaml`).
    static func load(_ idOrPath: String) throws -> WorkflowBundle {
        if idOrPath.hasSuffix(".yaml") || idOrPath.contains("/") {
            guard let text = try? String(contentsOfFile: idOrPath, encoding: .utf8) else {
                throw Failure(Catalogue.cannotRead(idOrPath, why: nil))
            }
            let folder = (idOrPath as NSString).deletingLastPathComponent
            return try WorkflowLoader.directory(folder.isEmpty ? "." : folder).load(file: SourceFile(path: idOrPath, text: text))
        }
        guard let directory = directory() else {
            throw Failure(Catalogue.noWorkflowsFolder)
        }
        return try WorkflowLoader.directory(directory).load(idOrPath)
    }
}

/// Prints to standard output.
func output(_ text: String) {
    FileHandle.standardOutput.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
}

import ArgumentParser
import FazhanCore
import FazhanPostgres
import FazhanServer
import FazhanSQLite
import FazhanStore
import Foundation
import Hummingbird
import Logging
import Metrics
import NIOCore
import NIOPosix
import Prometheus
import ServiceLifecycle

/// `fazhan-server serve`: the HTTP API for many organizers at once.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the Fazhan API (JSON under /v1) on a PostgreSQL database, or on an SQLite file for one office.",
        discussion: """
            Listens on 127.0.0.1:8080 unless told otherwise. SIGTERM or SIGINT finishes the requests in flight, \
            then closes the database. Logs one line per request to standard error (FAZHAN_LOG=debug for more); \
            metrics at /metrics, the API at /openapi.yaml. Add users first with `fazhan-server user add`.
            """)

    @Option(name: .long, help: "postgres://user[:password]@host:port/database, or the path of an SQLite database.") var database: String
    @Option(name: .long, help: "The address to listen on.") var host = "127.0.0.1"
    @Option(name: .long, help: "The port to listen on (1-65535).") var port = 8080
    @Option(name: .long, help: "How long a sign-in lasts, in hours (1-720).") var sessionHours = 12
    @OptionGroup var key: ServerKeyOptions

    func validate() throws {
        if let problem = Bounds.port.problem("--port", port) { throw ValidationError(problem) }
        if let problem = Bounds.sessionHours.problem("--session-hours", sessionHours) { throw ValidationError(problem) }
        guard !host.isEmpty else { throw ValidationError("--host must name an address") }
    }

    func run() async throws {
        // Swift's tasks run on the server's event loops (NIO's, which Hummingbird and postgres-nio
        // share): a request and the statements it waits for then stay on one thread, instead of
        // hopping between the event loops and Swift's own pool at every statement. Long work
        // (bcrypt) still runs on a queue of its own.
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        var configured = Logger(label: "fazhan.server")
        configured.logLevel = ProcessInfo.processInfo.environment["FAZHAN_LOG"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        let logger = configured
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        // On an SQLite file, its own key file beside it when no other is named.
        let sqliteKey = CheckpointKeyFile.defaultPath(forDatabase: database)
        let signer = !isPostgresURL(database) && key.path == nil && FileManager.default.fileExists(atPath: sqliteKey)
            ? try CheckpointKeyFile.load(at: sqliteKey)
            : try key.signer(say: { logger.info("\($0)") })
        if isPostgresURL(database) {
            let target = try parseTarget(database)
            try await PostgresStore.withStore(target: target, logger: serverLogger(), serving: true) { store in
                try await store.checkSchema()
                try await serve(store, services: [Checkpointer(store: store, signer: signer, logger: logger), AccountChanges(store: store)],
                                registry: registry,
                                logger: logger, name: target.redacted)
            }
        } else {
            let store = try SQLiteStore.open(path: database, create: false, signer: signer)
            try await serve(store, services: [], registry: registry, logger: logger, name: database)
        }
    }

    private func serve(_ store: FazhanAPI.Store, services: [any Service], registry: PrometheusCollectorRegistry, logger: Logger,
                       name: String) async throws {
        let api = FazhanAPI(store: store, registry: registry, sessionHours: sessionHours)
        let router = api.router(observed: true)
        let app = Application(
            router: router, configuration: .init(address: .hostname(host, port: port), serverName: "fazhan"), services: services,
            onServerRunning: { _ in
                logger.info("serving \(name) at http://\(host):\(port) (the API at /openapi.yaml)")
            }, logger: logger)
        try await app.runService()
        logger.info("stopped; the database is closed")
    }
}

/// Keeps the sessions the server holds in memory true: every change to sessions or grants, made
/// by any process, drops them (see `PostgresStore.followAccountChanges`).
struct AccountChanges: Service {
    let store: PostgresStore

    func run() async throws {
        await cancelWhenGracefulShutdown { await store.followAccountChanges() }
    }
}

/// Seals the commits of all writers under checkpoints every few seconds (PostgreSQL: one
/// checkpointer for the whole database, under its advisory lock), and once more at shutdown.
struct Checkpointer: Service {
    let store: PostgresStore
    /// Signs every checkpoint (nil: they are unsigned).
    let signer: CheckpointSigner?
    let logger: Logger
    var interval: Swift.Duration = .seconds(5)

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            try? await gracefulShutdownAware(interval)
            do {
                try await store.checkpoint(signer: signer)
            } catch {
                logger.warning("checkpoint failed: \(error)")
            }
        }
    }

    private func gracefulShutdownAware(_ duration: Swift.Duration) async throws {
        try await cancelWhenGracefulShutdown { try await Task.sleep(for: duration) }
    }
}

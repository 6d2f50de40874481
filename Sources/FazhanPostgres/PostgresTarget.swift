import FazhanStore
import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO

/// Where a PostgreSQL database is: parsed from `postgres://user[:password]@host[:port]/database`
/// (the password also from `PGPASSWORD`), and the sentences its errors become.
public struct PostgresTarget: Sendable, Hashable {
    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String
    /// `sslmode` from the URL's query: `disable`, `prefer` (the default) or `require`.
    public var sslMode: String

    public init(host: String, port: Int = 5432, user: String, password: String? = nil, database: String, sslMode: String = "prefer") {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database
        self.sslMode = sslMode
    }

    /// Parses a URL; a malformed one is `StoreError.invalid` with what is wrong.
    public init(url text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(StoreError) {
        let example = "postgres://user[:password]@host:port/database"
        guard let components = URLComponents(string: text), let scheme = components.scheme,
              scheme == "postgres" || scheme == "postgresql" else {
            throw StoreError.invalid("\(text) is not a PostgreSQL URL: write it as \(example)")
        }
        guard let host = components.host, !host.isEmpty else {
            throw StoreError.invalid("the URL \(text) names no host: write it as \(example)")
        }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty else {
            throw StoreError.invalid("the URL \(text) names no database: write it as \(example)")
        }
        guard let user = components.user, !user.isEmpty else {
            throw StoreError.invalid("the URL \(text) names no user: write it as \(example)")
        }
        if let port = components.port, !(1...65535).contains(port) {
            throw StoreError.invalid("the URL \(text) has port \(port), which is not a port number")
        }
        let sslMode = components.queryItems?.first(where: { $0.name == "sslmode" })?.value ?? "prefer"
        guard ["disable", "prefer", "require", "allow"].contains(sslMode) else {
            throw StoreError.invalid("the URL \(text) asks sslmode=\(sslMode); use disable, prefer or require")
        }
        self.init(
            host: host, port: components.port ?? 5432, user: user.removingPercentEncoding ?? user,
            password: components.password?.removingPercentEncoding ?? environment["PGPASSWORD"],
            database: database.removingPercentEncoding ?? database, sslMode: sslMode)
    }

    public var hostAndPort: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// The URL again, without the password.
    public var redacted: String { "postgres://\(user)@\(hostAndPort)/\(database)" }

    var connectionConfiguration: PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS
        switch sslMode {
        case "disable": tls = .disable
        case "require": tls = (try? .require(.init(configuration: .makeClientConfiguration()))) ?? .disable
        default: tls = (try? .prefer(.init(configuration: .makeClientConfiguration()))) ?? .disable
        }
        var configuration = PostgresConnection.Configuration(
            host: host, port: port, username: user, password: password, database: database, tls: tls)
        configuration.options.connectTimeout = .seconds(10)
        return configuration
    }

    var clientConfiguration: PostgresClient.Configuration { clientConfiguration(serving: false) }

    /// The pool's configuration: 10 connections at most. A server (`serving`) sends no keep-alive
    /// pings: the pool then schedules no keep-alive timer each time a connection is handed back
    /// (under load that bookkeeping took several percent of the server's CPU); a connection the
    /// database dropped is found by its next statement and replaced. (Keeping all 10 open from
    /// the start would place them all on the event loop that opened them, and the server would
    /// run on one core: they are opened as requests need them, on the requests' loops.)
    func clientConfiguration(serving: Bool) -> PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS
        switch sslMode {
        case "disable": tls = .disable
        case "require": tls = .require(.makeClientConfiguration())
        default: tls = .prefer(.makeClientConfiguration())
        }
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: user, password: password, database: database, tls: tls)
        configuration.options.maximumConnections = 10
        configuration.options.connectTimeout = .seconds(10)
        if serving {
            configuration.options.keepAliveBehavior = nil
        }
        return configuration
    }

    /// Any error of postgres-nio (or of Fazhan, thrown inside a transaction) as one sentence in
    /// the organizer's terms.
    /// A connection closed under a statement.
    private var closed: StoreError {
        .unreachable("the connection to PostgreSQL at \(hostAndPort) was closed: is the server still running? "
                     + "what was not committed was not written")
    }

    public func storeError(_ error: any Error) -> StoreError {
        if let error = error as? StoreError { return error }
        if error is ConnectionLost { return closed }
        if let error = error as? PostgresTransactionError {
            if let inner = error.closureError ?? error.beginError ?? error.commitError { return storeError(inner) }
        }
        guard let error = error as? PSQLError else {
            if error is CancellationError { return .io("the operation was cancelled; nothing more was written") }
            return .io("PostgreSQL at \(hostAndPort): \(String(describing: error))")
        }
        let message = error.serverInfo?[.message] ?? ""
        switch error.code {
        case .connectionError, .uncleanShutdown:
            return .unreachable("cannot reach PostgreSQL at \(hostAndPort): is the server running, and is the host and port right?")
        case .serverClosedConnection, .clientClosedConnection, .poolClosed:
            return closed
        case .authMechanismRequiresPassword:
            return .unreachable("PostgreSQL at \(hostAndPort) asks a password for user \(user): "
                                + "give it in the URL (postgres://\(user):PASSWORD@...) or in PGPASSWORD")
        case .sslUnsupported:
            return .unreachable("PostgreSQL at \(hostAndPort) does not offer TLS: add ?sslmode=disable or prefer to the URL")
        case .unsupportedAuthMechanism, .saslError:
            return .unreachable("PostgreSQL at \(hostAndPort) asks an authentication this program does not speak for user \(user): "
                                + "use password, md5 or scram-sha-256 authentication")
        case .queryCancelled:
            return .io("the query was cancelled; nothing more was written")
        case .server:
            break
        default:
            return .io("PostgreSQL at \(hostAndPort): \(error.code)")
        }
        let state = error.sqlState ?? ""
        switch state {
        case "28P01":
            return .unreachable("PostgreSQL at \(hostAndPort) refused the password of user \(user): check the URL's password or PGPASSWORD")
        case "28000":
            return .unreachable("PostgreSQL at \(hostAndPort) refused user \(user) (\(message)): "
                                + "check the user in the URL and the server's pg_hba.conf")
        case "3D000":
            return .unreachable("the database \(database) does not exist at \(hostAndPort): "
                                + "create it (createdb \(database)) or fix the database in the URL")
        case "57P03":
            return .unreachable("PostgreSQL at \(hostAndPort) is starting up or shutting down: try again in a moment")
        case "53300":
            return .busy
        case "P0001" where message.contains("append-only") || message.contains("never"):
            return .appendOnly(message)
        case "42501":
            return .appendOnly("PostgreSQL refused the change: \(message)")
        case "23505":
            return .duplicate(message)
        case "40001", "40P01":
            return .conflict("another writer changed the same data at the same time (\(message)); nothing was written, try again")
        case "53100":
            return .diskFull
        case _ where state.hasPrefix("23") || state.hasPrefix("22"):
            return .invalid(message)
        default:
            return .io("PostgreSQL at \(hostAndPort): \(message.isEmpty ? String(describing: error.code) : message) (SQLSTATE \(state))")
        }
    }
}

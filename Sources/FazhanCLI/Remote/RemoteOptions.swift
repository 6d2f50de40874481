import FazhanCore
import ArgumentParser
import Foundation

/// `--server URL`, else `$FAZHAN_SERVER`: the commands that can work on a Fazhan server do so
/// when one is named, else on the local database as always. `--db FILE` given on the command
/// line works on that file even when `FAZHAN_SERVER` is set.
struct RemoteOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        Catalogue.remoteOptionsServerHelp,
        valueName: "url"))
    var server: String?

    /// The client for the server this command is to work on, or nil to work on the local database.
    func client(database: DatabaseOptions, timeout: TimeInterval = RemoteClient.defaultTimeout) throws -> RemoteClient? {
        if RemoteDatabases.opener != nil {
            // fazhan-server runs fazhan's commands on its own database, never as a client.
            if server != nil { throw Failure("error: fazhan-server works on the database given with --db; --server is for fazhan") }
            return nil
        }
        let environment = ProcessInfo.processInfo.environment
        let address: String
        if let server {
            if database.db != nil {
                throw Failure("error: --db and --server do not go together: one names a local database, the other a server")
            }
            address = server
        } else if database.db == nil, let configured = environment["FAZHAN_SERVER"], !configured.isEmpty {
            address = configured
        } else {
            return nil
        }
        return try Self.client(address: address, environment: environment, timeout: timeout)
    }

    /// Whether this command names a server (so the local database is not to be looked at).
    func isRemote(database: DatabaseOptions) -> Bool {
        guard RemoteDatabases.opener == nil else { return false }
        if server != nil { return true }
        return database.db == nil && !(environmentVariable("FAZHAN_SERVER") ?? "").isEmpty
    }

    /// The client for `address` with the token from `FAZHAN_TOKEN`, else from the session file,
    /// which must be for that server.
    static func client(address: String, environment: [String: String], timeout: TimeInterval) throws -> RemoteClient {
        let server = try ServerAddress.normalize(address)
        if let token = environment["FAZHAN_TOKEN"], !token.isEmpty {
            return RemoteClient(server: server, token: token, user: nil, tokenSource: .environment, timeout: timeout)
        }
        let path = SessionFile.path(environment: environment)
        guard let session = try SessionFile.read(path: path) else {
            throw Failure(Catalogue.notSignedIn(server))
        }
        let signedIn = (try? ServerAddress.normalize(session.server)) ?? session.server
        guard signedIn == server else {
            throw Failure(Catalogue.sessionForAnotherServer(path, signedIn: signedIn, server: server))
        }
        return RemoteClient(server: server, token: session.token, user: session.user, tokenSource: .sessionFile, timeout: timeout)
    }

    /// For the commands that work on a local database only: with `FAZHAN_SERVER` set and no
    /// `--db` given, they say so instead of quietly working on a local file.
    static func refuseLocalDatabase(_ database: DatabaseOptions) throws {
        guard RemoteDatabases.opener == nil, database.db == nil,
              let server = environmentVariable("FAZHAN_SERVER"), !server.isEmpty else { return }
        throw Failure(Catalogue.localOnly(server))
    }
}

/// A command that can work on a Fazhan server: ``Fazhan/run(arguments:)`` sends it there when a
/// server is named, before (instead of) its local `run()`.
protocol RemoteRunnable {
    var database: DatabaseOptions { get }
    var remote: RemoteOptions { get }
    /// How long the server may take to answer.
    var remoteTimeout: TimeInterval { get }
    /// Asks the server and prints what the command prints locally.
    func run(on client: RemoteClient) async throws
}

extension RemoteRunnable {
    var remoteTimeout: TimeInterval { RemoteClient.defaultTimeout }

    /// The client when this command is to work on a server, else nil.
    func remoteClient() throws -> RemoteClient? {
        try remote.client(database: database, timeout: remoteTimeout)
    }
}

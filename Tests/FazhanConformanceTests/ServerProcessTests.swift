import FazhanCore
import FazhanPostgres
import FazhanServer
import FazhanService
import FazhanSQLite
import FazhanStore
import FazhanViews
import Foundation
import PostgresNIO
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `fazhan-server serve` as an administrator runs it: a real process on a loopback port, on an
/// SQLite file and on PostgreSQL, reached over HTTP, stopped with SIGTERM.
struct RunningServer {
    let process: Process
    let port: Int
    let errors: Pipe

    var base: String { "http://127.0.0.1:\(port)" }

    /// Starts the server on a free port and waits until it answers /health.
    static func start(database: String) async throws -> RunningServer {
        let port = try freePort()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: serverBinary())
        process.arguments = ["serve", "--database", database, "--port", String(port)]
        var environment = ProcessInfo.processInfo.environment.filter { !["LC_ALL", "LC_MESSAGES"].contains($0.key) }
        environment["LANG"] = "en_US.UTF-8"  // the messages compared are the English ones
        environment["FAZHAN_TODAY"] = "2026-11-20"
        process.environment = environment
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let server = RunningServer(process: process, port: port, errors: errors)
        for _ in 0..<300 {
            if let (status, _, _) = try? await server.request("GET", "/health"), status == 200 { return server }
            if !process.isRunning { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        process.terminate()
        throw ServerDidNotStart(log: String(decoding: errors.fileHandleForReading.availableData, as: UTF8.self))
    }

    struct ServerDidNotStart: Error, CustomStringConvertible {
        var log: String
        var description: String { "the server did not answer /health within 30 s:\n\(log)" }
    }

    func request(_ method: String, _ path: String, token: String? = nil, body: String? = nil, ifMatch: String? = nil)
        async throws -> (Int, [String: String], String) {
        var request = URLRequest(url: URL(string: base + path)!)
        request.httpMethod = method
        request.timeoutInterval = 30
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let ifMatch { request.setValue(ifMatch, forHTTPHeaderField: "If-Match") }
        // The language the test renders in, not URLSession's default (English on Linux), so the
        // server's table can be compared with the one rendered here.
        request.setValue(Language.current.rawValue, forHTTPHeaderField: "Accept-Language")
        if let body {
            request.httpBody = Data(body.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as! HTTPURLResponse
        var headers: [String: String] = [:]
        for (key, value) in http.allHeaderFields { headers["\(key)".lowercased()] = "\(value)" }
        return (http.statusCode, headers, String(decoding: data, as: UTF8.self))
    }

    /// SIGTERM, then the exit status and what the server logged.
    func stop() async throws -> (Int32, String) {
        kill(process.processIdentifier, SIGTERM)
        for _ in 0..<200 where process.isRunning { try await Task.sleep(for: .milliseconds(50)) }
        if process.isRunning { process.interrupt(); process.waitUntilExit() }
        return (process.terminationStatus, String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
    }
}

/// A port nobody listens on now.
func freePort() throws -> Int {
    let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(socket) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) } }
    _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) } }
    return Int(UInt16(bigEndian: address.sin_port))
}

/// Signs in, reads, records and stops a served database the way a client and an administrator do.
func exerciseServer(_ server: RunningServer, store: FazhanAPI.Store) async throws {
    let (wrongStatus, _, _) = try await server.request("POST", "/v1/sessions", body: #"{"user": "alice", "password": "nope"}"#)
    #expect(wrongStatus == 401)
    let (status, _, body) = try await server.request("POST", "/v1/sessions", body: #"{"user": "alice", "password": "correct horse"}"#)
    #expect(status == 201, "\(body)")
    let token = try #require((try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])?["token"] as? String)
    let (recorded, headers, answer) = try await server.request(
        "POST", "/v1/people/P1/events", token: token, body: #"{"step": "submit_application", "date": "2026-03-01"}"#, ifMatch: "\"0\"")
    #expect(recorded == 201, "\(answer)")
    #expect(headers["etag"] == "\"1\"")
    let (shown, _, text) = try await server.request("GET", "/v1/people/P1?format=table", token: token)
    #expect(shown == 200)
    let local = try DossierView.render(
        try await DevelopmentService(store: store).dossier("P1", asOf: CivilDate("2026-11-20")!), format: .table, reveal: false)
    #expect(text == local + "\n", "the server's table is the command line's")
    let (outside, _, _) = try await server.request("GET", "/v1/people/P2", token: token)
    #expect(outside == 404)
    let (metricsStatus, _, metrics) = try await server.request("GET", "/metrics")
    #expect(metricsStatus == 200 && metrics.contains("fazhan_events_recorded_total 1") && metrics.contains("hb_requests"), "\(metrics.prefix(2000))")
    let (documentStatus, _, document) = try await server.request("GET", "/openapi.yaml")
    #expect(documentStatus == 200 && document.hasPrefix("openapi: 3.1.0"))
    let (exit, log) = try await server.stop()
    #expect(exit == 0, "\(log)")
    #expect(log.contains("serving") && log.contains("stopped"), "\(log)")
}

@Test(.english) func theServerServesAnSQLiteFileAndStopsOnSIGTERM() async throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("office.sqlite").path
    let store = try SQLiteStore.open(path: path, create: true)
    try await APIFixture.populate(store)
    let server = try await RunningServer.start(database: path)
    try await exerciseServer(server, store: store)
}

@Test(.english, .enabled(if: postgresTestsRun)) func theServerServesPostgreSQLAndStopsOnSIGTERM() async throws {
    guard let url = testURL else { throw NoCluster() }
    let base = try PostgresTarget(url: url)
    var target = base
    target.database = "fazhan_srv_\(UInt64.random(in: 0...UInt64.max) % 1_000_000_000_000)"
    let name = target.database
    try await PostgresStore.withStore(target: base, logger: quiet) { admin in
        try await admin.client.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"))
    }
    defer {
        let drop = Task {
            try? await PostgresStore.withStore(target: base, logger: quiet) { admin in
                try await admin.client.query(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)"))
            }
        }
        _ = drop
    }
    let databaseURL = url.replacingOccurrences(of: "/\(base.database)", with: "/\(name)")
    try await PostgresStore.withStore(target: target, logger: quiet) { store in
        try await store.migrate()
        try await APIFixture.populate(store)
    }
    let server = try await RunningServer.start(database: databaseURL)
    try await PostgresStore.withStore(target: target, logger: quiet) { store in
        try await exerciseServer(server, store: store)
        let report = try await store.verify()
        #expect(report.isIntact, "\(report.problems)")
    }
}

/// A migration that fails inside its script says why (here: a table of that name is already
/// there), not the "current transaction is aborted" that followed it, and changes nothing. (An
/// owner without CREATEROLE got the latter where PostgreSQL said "permission denied to create role".)
@Test(.english, .enabled(if: postgresTestsRun)) func migrateSaysWhyItFailed() async throws {
    try await withFreshStore(migrate: false) { store in
        try await store.client.query("CREATE TABLE workflow_version (id integer)")
        let outcome: String
        do {
            _ = try await store.migrate()
            outcome = "migrated"
        } catch {
            outcome = "\(error)"
        }
        #expect(outcome.contains("workflow_version") && outcome.contains("already exists"), "\(outcome)")
        let tables = try await store.client.query("SELECT count(*) FROM pg_tables WHERE tablename = 'fazhan_migration'").collect()
        #expect(try tables.first?.decode(Int.self) == 0, "nothing was changed")
    }
}

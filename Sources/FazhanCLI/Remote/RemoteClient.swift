import FazhanCore
import Foundation
import FazhanReports

/// What the Fazhan server answered: the status, the headers (names in lower case) and the body.
/// A body streamed to a sink is not kept here (only an error's body is).
struct RemoteResponse: Sendable {
    var status: Int
    var headers: [String: String]
    var body: Data

    /// A header by name, in any case.
    func header(_ name: String) -> String? {
        headers[name.lowercased()]
    }

    /// `Fazhan-Note`: the line the command prints on standard error, percent-encoded UTF-8.
    var note: String? {
        guard let raw = header("Fazhan-Note"), !raw.isEmpty else { return nil }
        return raw.removingPercentEncoding ?? raw
    }

    /// The body as a JSON object, if it is one.
    var object: [String: Any]? {
        (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
    }
}

/// The `fazhan` command line as a client of a Fazhan server: one base URL, one bearer token,
/// and requests that answer the status, the headers and the body. It links no server library;
/// the requests go through ``HTTPTransport``.
struct RemoteClient: Sendable {
    /// The server as the organizer gave it, normalized (`https://fazhan.example.edu`, no trailing slash).
    let server: String
    /// The bearer token, or nil (signing in).
    let token: String?
    /// The signed-in user as the session file names them, for messages.
    let user: String?
    /// Where the token came from, for the message that asks to sign in again.
    let tokenSource: TokenSource
    /// Seconds the server may stay silent (to connect, or between two pieces of the answer) before
    /// the command gives up. A long answer that keeps coming (an audit, an export) is not cut.
    var timeout: TimeInterval

    enum TokenSource: Sendable { case sessionFile, environment, none }

    static let defaultTimeout: TimeInterval = 30
    /// Audits, reports and exports compute over everyone in scope before (or while) they answer.
    static let longTimeout: TimeInterval = 120

    init(server: String, token: String?, user: String? = nil, tokenSource: TokenSource = .sessionFile,
         timeout: TimeInterval = RemoteClient.defaultTimeout) {
        self.server = server
        self.token = token
        self.user = user
        self.tokenSource = token == nil ? .none : tokenSource
        self.timeout = timeout
    }

    // MARK: Requests

    /// A time zone as `TimeZone(identifier:)` reads it back: its identifier, or `GMT+0800`.
    static func zoneName(_ zone: TimeZone) -> String {
        if TimeZone(identifier: zone.identifier) != nil { return zone.identifier }
        let offset = zone.secondsFromGMT()
        let minutes = abs(offset) / 60
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
        return "GMT\(offset < 0 ? "-" : "+")\(two(minutes / 60))\(two(minutes % 60))"
    }

    /// `GET path?query`; query items whose value is nil are left out. With a `sink`, a successful
    /// body is handed to it piece by piece as it arrives instead of being kept.
    func get(_ path: String, query: [(String, String?)] = [], sink: BodySink? = nil) async throws -> RemoteResponse {
        try await send("GET", path, query: query, body: nil, sink: sink)
    }

    /// `POST path` with a JSON body; `If-Match` when given.
    func post(_ path: String, json: some Encodable, ifMatch: String? = nil) async throws -> RemoteResponse {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body = try encoder.encode(json)
        var headers = ["Content-Type": "application/json"]
        if let ifMatch { headers["If-Match"] = ifMatch }
        return try await send("POST", path, query: [], body: body, headers: headers)
    }

    /// `DELETE path`.
    func delete(_ path: String) async throws -> RemoteResponse {
        try await send("DELETE", path, query: [], body: nil)
    }

    /// One request. Throws a ``Failure`` with a sentence when the server cannot be reached, does
    /// not answer in time, or redirects elsewhere; any HTTP answer is returned, errors included.
    func send(
        _ method: String, _ path: String, query: [(String, String?)], body: Data?, headers: [String: String] = [:],
        sink: BodySink? = nil
    ) async throws -> RemoteResponse {
        guard let url = url(path, query: query) else {
            throw Failure("error: \(server)\(path) is not a URL")
        }
        var fields = [("User-Agent", "fazhan/\(Fazhan.configuration.version)")]
        if let token { fields.append(("Authorization", "Bearer \(token)")) }
        // The tables the server prints fit this terminal, as they would locally.
        // In the language this command line speaks.
        fields.append(("Accept-Language", Language.current.rawValue))
        if let width = Table.terminalWidth { fields.append(("Fazhan-Columns", String(width))) }
        // And the times it shows are on this clock: by name when the name is one the server can read
        // back (a POSIX TZ such as CST-8 is not), else by its offset now.
        fields.append(("Fazhan-Time-Zone", Self.zoneName(LocalTime.zone)))
        fields += headers.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        let request = HTTPRequest(method: method, url: url, headers: fields, body: body, timeout: timeout)
        switch await HTTPTransport.perform(request, sink: sink) {
        case .answered(let response):
            if (300..<400).contains(response.status) {
                let location = response.header("Location").map { " to \($0)" } ?? ""
                throw Failure(Catalogue.serverRedirects(server, location: location))
            }
            return response
        case .sinkFailed(let error):
            throw error
        case .failed(let failure):
            throw Failure(Catalogue.cannotReach(server, describe(failure)))
        }
    }

    /// The request URL: the server, the path as given (its segments already encoded, see
    /// ``segment(_:)``), and the query, every value percent-encoded.
    func url(_ path: String, query: [(String, String?)]) -> String? {
        var text = server + path
        let items = query.compactMap { name, value in value.map { "\(Self.encode(name))=\(Self.encode($0))" } }
        if !items.isEmpty { text += "?" + items.joined(separator: "&") }
        return URL(string: text) == nil ? nil : text
    }

    /// One path segment, percent-encoded: a person's number may be Chinese, or hold spaces or slashes.
    static func segment(_ text: String) -> String {
        encode(text)
    }

    /// Percent-encodes everything but the unreserved characters of RFC 3986.
    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }

    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    /// Why a request got no HTTP answer, in words.
    private func describe(_ failure: TransportFailure) -> String {
        switch failure {
        case .refused: return "the connection was refused (is the server running, on that port?)"
        case .noHost: return "no such host"
        case .timedOut: return "no answer within \(Int(timeout)) seconds"
        case .cut: return "the connection was cut before the answer was complete"
        case .secureConnection(let detail): return "the secure connection failed (\(detail))"
        case .notHTTP: return "what it answered is not HTTP"
        case .unavailable(let detail): return detail
        case .other(let detail): return detail
        }
    }
}

import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization

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
/// and requests that answer the status, the headers and the body. It links no server library:
/// Foundation's `URLSession` only.
struct RemoteClient: Sendable {
    /// The server as the organizer gave it, normalized (`https://fazhan.example.edu`, no trailing slash).
    let server: String
    /// The bearer token, or nil (signing in).
    let token: String?
    /// The signed-in user as the session file names them, for messages.
    let user: String?
    /// Where the token came from, for the message that asks to sign in again.
    let tokenSource: TokenSource
    /// Seconds without an answer (and, but for streamed bodies, in all) before giving up.
    var timeout: TimeInterval

    enum TokenSource: Sendable { case sessionFile, environment, none }

    static let defaultTimeout: TimeInterval = 30
    /// Audits and reports compute over everyone in scope.
    static let longTimeout: TimeInterval = 120

    init(server: String, token: String?, user: String? = nil, tokenSource: TokenSource = .sessionFile,
         timeout: TimeInterval = RemoteClient.defaultTimeout) {
        self.server = server
        self.token = token
        self.user = user
        self.tokenSource = token == nil ? .none : tokenSource
        self.timeout = timeout
    }

    /// The same client with another timeout.
    func with(timeout: TimeInterval) -> RemoteClient {
        var copy = self
        copy.timeout = timeout
        return copy
    }

    // MARK: Requests

    /// `GET path?query`; query items whose value is nil are left out. With a `sink`, a successful
    /// body is handed to it piece by piece as it arrives instead of being kept.
    func get(_ path: String, query: [(String, String?)] = [], sink: (@Sendable (Data) throws -> Void)? = nil) async throws -> RemoteResponse {
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
        sink: (@Sendable (Data) throws -> Void)? = nil
    ) async throws -> RemoteResponse {
        guard let url = url(path, query: query) else {
            throw Failure("error: \(server)\(path) is not a URL")
        }
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        request.httpMethod = method
        request.httpBody = body
        request.setValue("fazhan/\(Fazhan.configuration.version)", forHTTPHeaderField: "User-Agent")
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }

        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        // A streamed body (an export) may take long in all, as long as it keeps coming.
        configuration.timeoutIntervalForResource = sink == nil ? timeout : 24 * 3600
        configuration.httpCookieStorage = nil
        configuration.urlCache = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        let transfer = Transfer(sink: sink)
        let queue = OperationQueue()
        queue.maxConcurrentOperationCount = 1
        let session = URLSession(configuration: configuration, delegate: transfer, delegateQueue: queue)
        defer { session.finishTasksAndInvalidate() }
        let outcome = await withCheckedContinuation { (continuation: CheckedContinuation<Transfer.Outcome, Never>) in
            transfer.start(session.dataTask(with: request), continuation: continuation)
        }
        switch outcome {
        case .answered(let response):
            if (300..<400).contains(response.status) {
                let location = response.header("Location").map { " to \($0)" } ?? ""
                throw Failure("error: the Fazhan server at \(server) redirects\(location); give the server's own address "
                              + "(to `fazhan login` and in FAZHAN_SERVER)")
            }
            return response
        case .sinkFailed(let error):
            throw error
        case .failed(let error):
            throw unreachable(error)
        }
    }

    /// The request URL: the server, the path as given (its segments already encoded, see
    /// ``segment(_:)``), and the query, every value percent-encoded.
    func url(_ path: String, query: [(String, String?)]) -> URL? {
        var text = server + path
        let items = query.compactMap { name, value in value.map { "\(Self.encode(name))=\(Self.encode($0))" } }
        if !items.isEmpty { text += "?" + items.joined(separator: "&") }
        return URL(string: text)
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

    /// The sentence for a request that got no HTTP answer.
    private func unreachable(_ error: any Error) -> Failure {
        let reason: String
        if let error = error as? URLError {
            switch error.code {
            case .cannotConnectToHost: reason = "the connection was refused (is the server running, on that port?)"
            case .cannotFindHost, .dnsLookupFailed: reason = "no such host"
            case .timedOut: reason = "no answer within \(Int(timeout)) seconds"
            case .networkConnectionLost: reason = "the connection was cut before the answer was complete"
            case .notConnectedToInternet: reason = "no network"
            case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate,
                 .serverCertificateNotYetValid, .serverCertificateHasUnknownRoot, .clientCertificateRejected:
                reason = "the secure connection failed (\(Self.describe(error)))"
            case .badServerResponse: reason = "what it answered is not HTTP"
            default: reason = Self.describe(error)
            }
        } else {
            reason = Self.describe(error)
        }
        return Failure("error: cannot reach the Fazhan server at \(server): \(reason)")
    }

    private static func describe(_ error: any Error) -> String {
        let nsError = error as NSError
        if let message = nsError.userInfo[NSLocalizedDescriptionKey] as? String, !message.isEmpty { return message }
        return "\(nsError.domain) error \(nsError.code)"
    }
}

/// One request in flight: receives the answer through `URLSession`'s delegate (on a serial
/// queue), keeps the body or hands it to the sink, and resumes the waiting command once.
private final class Transfer: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    enum Outcome: Sendable {
        case answered(RemoteResponse)
        case failed(any Error)
        case sinkFailed(any Error)
    }

    private struct State {
        var continuation: CheckedContinuation<Outcome, Never>?
        var status = 0
        var headers: [String: String] = [:]
        var body = Data()
        var streaming = false
        var sinkError: (any Error)?
    }

    private let sink: (@Sendable (Data) throws -> Void)?
    private let state = Mutex(State())

    init(sink: (@Sendable (Data) throws -> Void)?) {
        self.sink = sink
    }

    func start(_ task: URLSessionDataTask, continuation: CheckedContinuation<Outcome, Never>) {
        state.withLock { $0.continuation = continuation }
        task.resume()
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
        if let http = response as? HTTPURLResponse {
            var headers: [String: String] = [:]
            for (name, value) in http.allHeaderFields {
                if let name = name as? String, let value = value as? String { headers[name.lowercased()] = value }
            }
            let streaming = sink != nil && (200..<300).contains(http.statusCode)
            state.withLock {
                $0.status = http.statusCode
                $0.headers = headers
                $0.streaming = streaming
            }
        }
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        let (streaming, failed) = state.withLock { ($0.streaming, $0.sinkError != nil) }
        if failed { return }
        guard streaming, let sink else {
            state.withLock { $0.body.append(data) }
            return
        }
        do {
            try sink(data)
        } catch {
            state.withLock { $0.sinkError = error }
            dataTask.cancel()
        }
    }

    /// Redirects are not followed: a token is not sent on to another address.
    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void) {
        completionHandler(nil)
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        let (continuation, outcome): (CheckedContinuation<Outcome, Never>?, Outcome) = state.withLock { state in
            let continuation = state.continuation
            state.continuation = nil
            if let sinkError = state.sinkError { return (continuation, .sinkFailed(sinkError)) }
            if let error { return (continuation, .failed(error)) }
            return (continuation, .answered(RemoteResponse(status: state.status, headers: state.headers, body: state.body)))
        }
        continuation?.resume(returning: outcome)
    }
}

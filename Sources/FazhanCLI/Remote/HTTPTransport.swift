import Foundation

/// One HTTP request as a transport sends it.
struct HTTPRequest: Sendable {
    var method: String
    var url: String
    var headers: [(String, String)]
    var body: Data?
    /// Seconds without a byte (to connect, or between two pieces of the answer) before giving up.
    var timeout: TimeInterval
}

/// Why a request got no HTTP answer.
enum TransportFailure: Sendable, Equatable {
    case refused
    case noHost
    case timedOut
    case cut
    case secureConnection(String)
    case notHTTP
    /// The machine cannot send HTTP requests at all (no libcurl).
    case unavailable(String)
    case other(String)
}

/// What a transport got: an HTTP answer (any status), no answer, or a sink that failed to take the body.
enum TransportOutcome: Sendable {
    case answered(RemoteResponse)
    case failed(TransportFailure)
    case sinkFailed(any Error)
}

/// The body of a 2xx answer goes to the sink as it arrives, when there is one; any other
/// answer's body is kept (it is an error to read).
typealias BodySink = @Sendable (Data) throws -> Void

/// Sends requests: on Linux through libcurl, opened the first time a command talks to a server
/// (``CurlTransport``), so that the local commands load no network library at all; on macOS (or
/// built with `-Xswiftc -DFAZHAN_URLSESSION`) through Foundation's `URLSession`.
///
/// Linking FoundationNetworking on Linux loads libcurl and some thirty libraries it needs into
/// every `fazhan` process at start-up, 4 to 12 ms measured on a local `check` whose target is
/// 25 ms, and a `--static-swift-stdlib` build then needs libcurl's development files to link.
enum HTTPTransport {
    static func perform(_ request: HTTPRequest, sink: BodySink?) async -> TransportOutcome {
        #if canImport(Darwin) || FAZHAN_URLSESSION
        await URLSessionTransport.perform(request, sink: sink)
        #else
        await CurlTransport.perform(request, sink: sink)
        #endif
    }
}

/// The part of a transfer both transports share: the status line and headers as they come, and
/// the body kept or handed to the sink.
final class ResponseCollector: @unchecked Sendable {
    private let sink: BodySink?
    private let lock = NSLock()
    private var status = 0
    private var headers: [String: String] = [:]
    private var body = Data()
    private(set) var sinkError: (any Error)?

    init(sink: BodySink?) {
        self.sink = sink
    }

    /// A new status line: headers start over (after a `100 Continue`, say).
    func begin(status: Int) {
        lock.withLock {
            self.status = status
            headers = [:]
        }
    }

    func header(_ name: String, _ value: String) {
        lock.withLock { headers[name.lowercased()] = value }
    }

    /// A piece of the body; false when the sink refused it (the transfer is to stop).
    func receive(_ data: Data) -> Bool {
        let streaming = lock.withLock { sink != nil && (200..<300).contains(status) && sinkError == nil }
        guard streaming, let sink else {
            lock.withLock { body.append(data) }
            return true
        }
        do {
            try sink(data)
            return true
        } catch {
            lock.withLock { sinkError = error }
            return false
        }
    }

    func response(status final: Int? = nil) -> RemoteResponse {
        lock.withLock { RemoteResponse(status: final ?? status, headers: headers, body: body) }
    }
}

#if canImport(Darwin) || FAZHAN_URLSESSION
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Requests through Foundation's `URLSession`: its delegate receives the answer on a serial
/// queue, the body is kept or handed to the sink, and the waiting command resumes once.
enum URLSessionTransport {
    static func perform(_ request: HTTPRequest, sink: BodySink?) async -> TransportOutcome {
        guard let url = URL(string: request.url) else { return .failed(.other("\(request.url) is not a URL")) }
        var urlRequest = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: request.timeout)
        urlRequest.httpMethod = request.method
        urlRequest.httpBody = request.body
        for (name, value) in request.headers { urlRequest.setValue(value, forHTTPHeaderField: name) }

        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = request.timeout
        // A long answer (an audit, an export) may take long in all, as long as it keeps coming.
        configuration.timeoutIntervalForResource = 24 * 3600
        configuration.httpCookieStorage = nil
        configuration.urlCache = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        let transfer = Transfer(collector: ResponseCollector(sink: sink))
        let queue = OperationQueue()
        queue.maxConcurrentOperationCount = 1
        let session = URLSession(configuration: configuration, delegate: transfer, delegateQueue: queue)
        defer { session.finishTasksAndInvalidate() }
        return await withCheckedContinuation { (continuation: CheckedContinuation<TransportOutcome, Never>) in
            transfer.start(session.dataTask(with: urlRequest), continuation: continuation)
        }
    }

    static func failure(_ error: any Error) -> TransportFailure {
        guard let error = error as? URLError else { return .other(describe(error)) }
        switch error.code {
        case .cannotConnectToHost: return .refused
        case .cannotFindHost, .dnsLookupFailed: return .noHost
        case .timedOut: return .timedOut
        case .networkConnectionLost: return .cut
        case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate,
             .serverCertificateNotYetValid, .serverCertificateHasUnknownRoot, .clientCertificateRejected:
            return .secureConnection(describe(error))
        case .badServerResponse: return .notHTTP
        default: return .other(describe(error))
        }
    }

    private static func describe(_ error: any Error) -> String {
        let nsError = error as NSError
        if let message = nsError.userInfo[NSLocalizedDescriptionKey] as? String, !message.isEmpty { return message }
        return "\(nsError.domain) error \(nsError.code)"
    }
}

private final class Transfer: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    private let collector: ResponseCollector
    private let lock = NSLock()
    private var continuation: CheckedContinuation<TransportOutcome, Never>?

    init(collector: ResponseCollector) {
        self.collector = collector
    }

    func start(_ task: URLSessionDataTask, continuation: CheckedContinuation<TransportOutcome, Never>) {
        lock.withLock { self.continuation = continuation }
        task.resume()
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
        if let http = response as? HTTPURLResponse {
            collector.begin(status: http.statusCode)
            for (name, value) in http.allHeaderFields {
                if let name = name as? String, let value = value as? String { collector.header(name, value) }
            }
        }
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        if !collector.receive(data) { dataTask.cancel() }
    }

    /// Redirects are not followed: a token is not sent on to another address.
    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void) {
        completionHandler(nil)
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        let outcome: TransportOutcome
        if let sinkError = collector.sinkError {
            outcome = .sinkFailed(sinkError)
        } else if let error {
            outcome = .failed(URLSessionTransport.failure(error))
        } else {
            outcome = .answered(collector.response())
        }
        let continuation = lock.withLock {
            defer { self.continuation = nil }
            return self.continuation
        }
        continuation?.resume(returning: outcome)
    }
}
#endif

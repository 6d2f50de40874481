import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A stand-in for the Fazhan server: an HTTP/1.1 listener on 127.0.0.1 (a port of its own)
/// answering each request with what `answer` gives, and keeping every request it got, so a test
/// can run the `fazhan` binary against it and see what was asked and what was printed.
final class FakeFazhanServer: @unchecked Sendable {
    struct Request: CustomStringConvertible {
        var method: String
        /// The target as sent: path and query, still percent-encoded.
        var target: String
        /// Header names in lower case.
        var headers: [String: String]
        var body: Data

        var path: String { String(target.split(separator: "?", maxSplits: 1).first ?? "") }
        /// The query's items, decoded.
        var query: [String: String] {
            guard let question = target.firstIndex(of: "?") else { return [:] }
            var items: [String: String] = [:]
            for pair in target[target.index(after: question)...].split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding ?? String($0) }
                items[parts[0]] = parts.count > 1 ? parts[1] : ""
            }
            return items
        }
        var json: [String: Any]? { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] }
        var description: String { "\(method) \(target) \(headers) \(String(decoding: body, as: UTF8.self))" }
    }

    struct Response {
        var status: Int
        var headers: [String: String] = [:]
        var body: Data = Data()

        static func text(_ text: String, status: Int = 200, headers: [String: String] = [:]) -> Response {
            Response(status: status, headers: headers.merging(["Content-Type": "text/plain; charset=utf-8"]) { given, _ in given },
                     body: Data(text.utf8))
        }

        static func json(_ object: Any, status: Int, headers: [String: String] = [:]) -> Response {
            let body = (try? JSONSerialization.data(withJSONObject: object)) ?? Data()
            return Response(status: status, headers: headers.merging(["Content-Type": "application/json"]) { given, _ in given }, body: body)
        }

        static func error(_ status: Int, _ code: String, _ message: String) -> Response {
            json(["error": code, "message": message], status: status)
        }
    }

    let port: UInt16
    var url: String { "http://127.0.0.1:\(port)" }

    private let listener: Int32
    private let answer: @Sendable (Request) -> Response
    private let lock = NSLock()
    private var received: [Request] = []

    /// Starts listening; `answer` runs on the server's thread.
    init(answer: @escaping @Sendable (Request) -> Response) throws {
        self.answer = answer
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(descriptor >= 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        try #require(bound == 0, "bind: \(String(cString: strerror(errno)))")
        try #require(listen(descriptor, 16) == 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        listener = descriptor
        port = UInt16(bigEndian: address.sin_port)
        let thread = Thread { [self] in serve() }
        thread.start()
    }

    /// Stops listening: a later connection is refused, and the server's thread ends (it holds the
    /// server until then).
    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
    }

    /// The requests received so far, in order.
    var requests: [Request] { lock.withLock { received } }

    private func serve() {
        defer { close(listener) }
        while true {
            let connection = accept(listener, nil, nil)
            if connection < 0 {
                if errno == EINTR { continue }
                return
            }
            handle(connection)
            close(connection)
        }
    }

    private func handle(_ connection: Int32) {
        var buffer = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 65536)
        let separator = Array("\r\n\r\n".utf8)
        var headerEnd: Int?
        while headerEnd == nil {
            let count = recv(connection, &chunk, chunk.count, 0)
            if count <= 0 { return }
            buffer += chunk[0..<count]
            headerEnd = Self.find(separator, in: buffer)
        }
        guard let headerEnd else { return }
        let head = String(decoding: buffer[0..<headerEnd], as: UTF8.self).components(separatedBy: "\r\n")
        let requestLine = head[0].split(separator: " ")
        guard requestLine.count >= 2 else { return }
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let length = Int(headers["content-length"] ?? "0") ?? 0
        var body = Array(buffer[(headerEnd + 4)...])
        while body.count < length {
            let count = recv(connection, &chunk, chunk.count, 0)
            if count <= 0 { break }
            body += chunk[0..<count]
        }
        let request = Request(method: String(requestLine[0]), target: String(requestLine[1]), headers: headers, body: Data(body))
        lock.withLock { received.append(request) }
        let response = answer(request)
        var text = "HTTP/1.1 \(response.status) Fake\r\n"
        for (name, value) in response.headers { text += "\(name): \(value)\r\n" }
        text += "Content-Length: \(response.body.count)\r\nConnection: close\r\n\r\n"
        let bytes = Array(text.utf8) + Array(response.body)
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if count <= 0 { return }
            sent += count
        }
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for start in 0...(haystack.count - needle.count) where haystack[start..<(start + needle.count)].elementsEqual(needle) {
            return start
        }
        return nil
    }
}

/// A port on 127.0.0.1 where nothing listens: taken from the system, then let go.
func unusedPort() throws -> UInt16 {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(descriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer -> Int32 in
            guard bind(descriptor, pointer, length) == 0 else { return -1 }
            return getsockname(descriptor, pointer, &length)
        }
    }
    try #require(bound == 0)
    return UInt16(bigEndian: address.sin_port)
}

/// A home of its own for the client's session file (`XDG_CONFIG_HOME`), no database, and the
/// `fazhan` binary run with a given standard input.
final class ClientSandbox {
    let directory: URL
    var environment: [String: String]

    var configHome: URL { directory.appendingPathComponent("config") }
    var sessionFile: URL { configHome.appendingPathComponent("fazhan/session.json") }

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("fazhan-client-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var environment = ProcessInfo.processInfo.environment.filter {
            !$0.key.hasPrefix("FAZHAN_") && !["COLUMNS", "LANG", "LC_ALL", "LC_MESSAGES"].contains($0.key)
        }
        environment["LANG"] = "en_US.UTF-8"  // as CLISandbox
        environment["HOME"] = directory.path
        environment["XDG_CONFIG_HOME"] = directory.appendingPathComponent("config").path
        // Any use of a local database would fail: there is none.
        environment["FAZHAN_DB"] = directory.appendingPathComponent("absent.sqlite").path
        environment["FAZHAN_TODAY"] = "2026-11-20"
        for proxy in ["http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"] {
            environment[proxy] = nil
        }
        self.environment = environment
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    /// Writes a session file as `fazhan login` would.
    func signIn(server: String, user: String = "alice", token: String = "TOKEN-1") throws {
        try FileManager.default.createDirectory(at: sessionFile.deletingLastPathComponent(), withIntermediateDirectories: true)
        let object = ["server": server, "user": user, "token": token]
        try JSONSerialization.data(withJSONObject: object).write(to: sessionFile)
    }

    @discardableResult
    func run(_ arguments: [String], environment extra: [String: String] = [:], input: String? = nil,
             sourceLocation: SourceLocation = #_sourceLocation) throws -> CLIResult {
        let binary = try #require(FazhanBinary.url, "the fazhan binary was not found beside the test bundle; run swift build",
                                  sourceLocation: sourceLocation)
        let id = UUID().uuidString
        let outURL = directory.appendingPathComponent(".out-\(id)")
        let errURL = directory.appendingPathComponent(".err-\(id)")
        let inURL = directory.appendingPathComponent(".in-\(id)")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: inURL.path, contents: Data((input ?? "").utf8))
        defer {
            for url in [outURL, errURL, inURL] { try? FileManager.default.removeItem(at: url) }
        }
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = environment.merging(extra) { _, new in new }
        process.standardInput = input == nil ? FileHandle.nullDevice : try FileHandle(forReadingFrom: inURL)
        process.standardOutput = out
        process.standardError = err
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        let bytes = try Data(contentsOf: outURL)
        return CLIResult(arguments: arguments, status: process.terminationStatus, stdout: String(decoding: bytes, as: UTF8.self),
                         stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self), stdoutBytes: bytes)
    }

    @discardableResult
    func run(_ arguments: String..., environment extra: [String: String] = [:], input: String? = nil,
             sourceLocation: SourceLocation = #_sourceLocation) throws -> CLIResult {
        try run(arguments, environment: extra, input: input, sourceLocation: sourceLocation)
    }
}

#if !canImport(Darwin) && !FAZHAN_URLSESSION
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Requests through the system's libcurl (the library `URLSession` itself uses on Linux), opened
/// with `dlopen` the first time a command talks to a server. A command on the local database
/// never loads it; a static build does not need its development files.
enum CurlTransport {
    static func perform(_ request: HTTPRequest, sink: BodySink?) async -> TransportOutcome {
        let library: LibCurl
        switch LibCurl.shared {
        case .success(let loaded): library = loaded
        case .failure(let problem): return .failed(.unavailable(problem.message))
        }
        // curl_easy_perform blocks: it runs on a thread of its own, not on the command's executor.
        return await withCheckedContinuation { (continuation: CheckedContinuation<TransportOutcome, Never>) in
            let thread = Thread {
                continuation.resume(returning: library.perform(request, collector: ResponseCollector(sink: sink)))
            }
            thread.start()
        }
    }
}

/// The few libcurl functions used, found by name in `libcurl.so.4`.
final class LibCurl: @unchecked Sendable {
    struct LoadProblem: Error {
        var message: String
    }

    typealias Handle = OpaquePointer
    // curl_easy_setopt and curl_easy_getinfo are variadic; they are called with exactly one
    // argument after the option, as a long or a pointer (the same registers on x86-64 and arm64 Linux).
    typealias SetLong = @convention(c) (Handle?, Int32, Int) -> Int32
    typealias SetPointer = @convention(c) (Handle?, Int32, UnsafeRawPointer?) -> Int32
    typealias WriteCallback = @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int

    private let easyInit: @convention(c) () -> Handle?
    private let easyCleanup: @convention(c) (Handle?) -> Void
    private let easyPerform: @convention(c) (Handle?) -> Int32
    private let easyStrerror: @convention(c) (Int32) -> UnsafePointer<CChar>?
    private let setLong: SetLong
    private let setPointer: SetPointer
    private let getInfoPointer: @convention(c) (Handle?, Int32, UnsafeMutableRawPointer?) -> Int32
    private let slistAppend: @convention(c) (OpaquePointer?, UnsafePointer<CChar>?) -> OpaquePointer?
    private let slistFreeAll: @convention(c) (OpaquePointer?) -> Void

    /// libcurl, loaded once.
    static let shared: Result<LibCurl, LoadProblem> = {
        do throws(LoadProblem) {
            return .success(try LibCurl())
        } catch {
            return .failure(error)
        }
    }()

    private init() throws(LoadProblem) {
        var library: UnsafeMutableRawPointer?
        for name in ["libcurl.so.4", "libcurl.so", "libcurl-gnutls.so.4"] {
            library = dlopen(name, RTLD_NOW | RTLD_LOCAL)
            if library != nil { break }
        }
        guard let library else {
            let detail = dlerror().map { String(cString: $0) } ?? "not found"
            throw LoadProblem(message: "working on a server needs libcurl, which this machine lacks "
                              + "(install libcurl4 with the system's package manager): \(detail)")
        }
        func symbol<T>(_ name: String, as type: T.Type) throws(LoadProblem) -> T {
            guard let address = dlsym(library, name) else {
                throw LoadProblem(message: "the libcurl on this machine has no \(name); it is too old")
            }
            return unsafeBitCast(address, to: type)
        }
        let globalInit = try symbol("curl_global_init", as: (@convention(c) (Int) -> Int32).self)
        easyInit = try symbol("curl_easy_init", as: (@convention(c) () -> Handle?).self)
        easyCleanup = try symbol("curl_easy_cleanup", as: (@convention(c) (Handle?) -> Void).self)
        easyPerform = try symbol("curl_easy_perform", as: (@convention(c) (Handle?) -> Int32).self)
        easyStrerror = try symbol("curl_easy_strerror", as: (@convention(c) (Int32) -> UnsafePointer<CChar>?).self)
        setLong = try symbol("curl_easy_setopt", as: SetLong.self)
        setPointer = try symbol("curl_easy_setopt", as: SetPointer.self)
        getInfoPointer = try symbol("curl_easy_getinfo", as: (@convention(c) (Handle?, Int32, UnsafeMutableRawPointer?) -> Int32).self)
        slistAppend = try symbol("curl_slist_append", as: (@convention(c) (OpaquePointer?, UnsafePointer<CChar>?) -> OpaquePointer?).self)
        slistFreeAll = try symbol("curl_slist_free_all", as: (@convention(c) (OpaquePointer?) -> Void).self)
        // CURL_GLOBAL_DEFAULT (SSL | WIN32), once, before any other thread uses libcurl.
        guard globalInit(3) == 0 else { throw LoadProblem(message: "libcurl did not start (curl_global_init)") }
    }

    // Option numbers from curl/curl.h: LONG + n, OBJECTPOINT (10000) + n, FUNCTIONPOINT (20000) + n.
    private enum Option {
        static let writeData: Int32 = 10001
        static let url: Int32 = 10002
        static let errorBuffer: Int32 = 10010
        static let writeFunction: Int32 = 20011
        static let lowSpeedLimit: Int32 = 19
        static let lowSpeedTime: Int32 = 20
        static let httpHeader: Int32 = 10023
        static let headerData: Int32 = 10029
        static let customRequest: Int32 = 10036
        static let noProgress: Int32 = 43
        static let followLocation: Int32 = 52
        static let postFieldSize: Int32 = 60
        static let connectTimeout: Int32 = 78
        static let headerFunction: Int32 = 20079
        static let noSignal: Int32 = 99
        static let copyPostFields: Int32 = 10165
    }

    /// CURLINFO_LONG (0x200000) + 2.
    private static let responseCode: Int32 = 0x200002

    /// One request, start to end, on the calling thread.
    func perform(_ request: HTTPRequest, collector: ResponseCollector) -> TransportOutcome {
        guard let handle = easyInit() else { return .failed(.other("libcurl could not start a transfer")) }
        defer { easyCleanup(handle) }
        let context = Unmanaged.passRetained(collector)
        defer { context.release() }
        let opaque = UnsafeRawPointer(context.toOpaque())

        var headers: OpaquePointer?
        for (name, value) in request.headers {
            headers = slistAppend(headers, "\(name): \(value)")
        }
        // libcurl sends `Expect: 100-continue` before a large body; the server needs no such step.
        headers = slistAppend(headers, "Expect:")
        defer { slistFreeAll(headers) }

        let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: 256)
        errorBuffer.initialize(repeating: 0, count: 256)
        defer { errorBuffer.deallocate() }

        let seconds = max(1, Int(request.timeout.rounded(.up)))
        _ = setPointer(handle, Option.errorBuffer, errorBuffer)
        _ = request.url.withCString { setPointer(handle, Option.url, $0) }
        _ = setLong(handle, Option.noSignal, 1)
        _ = setLong(handle, Option.noProgress, 1)
        _ = setLong(handle, Option.followLocation, 0)
        _ = setLong(handle, Option.connectTimeout, seconds)
        // Less than a byte a second for `timeout` seconds: the server has stopped answering. A long
        // answer that keeps coming is not cut.
        _ = setLong(handle, Option.lowSpeedLimit, 1)
        _ = setLong(handle, Option.lowSpeedTime, seconds)
        _ = setPointer(handle, Option.httpHeader, UnsafeRawPointer(headers))
        _ = setPointer(handle, Option.writeFunction, unsafeBitCast(LibCurl.bodyCallback, to: UnsafeRawPointer.self))
        _ = setPointer(handle, Option.writeData, opaque)
        _ = setPointer(handle, Option.headerFunction, unsafeBitCast(LibCurl.headerCallback, to: UnsafeRawPointer.self))
        _ = setPointer(handle, Option.headerData, opaque)
        if let body = request.body {
            _ = setLong(handle, Option.postFieldSize, body.count)
            _ = body.withUnsafeBytes { setPointer(handle, Option.copyPostFields, $0.baseAddress ?? UnsafeRawPointer(errorBuffer)) }
        }
        if request.method != "GET" && !(request.method == "POST" && request.body != nil) {
            _ = request.method.withCString { setPointer(handle, Option.customRequest, $0) }
        }

        let code = easyPerform(handle)
        if let sinkError = collector.sinkError { return .sinkFailed(sinkError) }
        guard code == 0 else { return .failed(failure(code, detail: String(cString: errorBuffer))) }
        var status = 0
        _ = getInfoPointer(handle, LibCurl.responseCode, &status)
        return .answered(collector.response(status: status))
    }

    private func failure(_ code: Int32, detail: String) -> TransportFailure {
        let text = detail.isEmpty ? easyStrerror(code).map { String(cString: $0) } ?? "libcurl error \(code)" : detail
        switch code {
        case 6: return .noHost  // CURLE_COULDNT_RESOLVE_HOST
        case 7: return .refused  // CURLE_COULDNT_CONNECT
        case 28: return .timedOut  // CURLE_OPERATION_TIMEDOUT
        case 18, 52, 55, 56: return .cut  // PARTIAL_FILE, GOT_NOTHING, SEND_ERROR, RECV_ERROR
        case 35, 51, 53, 54, 58, 59, 60, 64, 66, 77, 80, 82, 83, 90, 91, 98: return .secureConnection(text)
        case 1, 8: return .notHTTP  // UNSUPPORTED_PROTOCOL, WEIRD_SERVER_REPLY
        default: return .other(text)
        }
    }

    /// CURLOPT_WRITEFUNCTION: a piece of the body. Answering less than was given stops the transfer.
    private static let bodyCallback: WriteCallback = { pointer, size, count, context in
        let length = size * count
        guard let pointer, let context else { return length }
        let collector = Unmanaged<ResponseCollector>.fromOpaque(context).takeUnretainedValue()
        return collector.receive(Data(bytes: pointer, count: length)) ? length : 0
    }

    /// CURLOPT_HEADERFUNCTION: one header line at a time, the status line first.
    private static let headerCallback: WriteCallback = { pointer, size, count, context in
        let length = size * count
        guard let pointer, let context else { return length }
        let collector = Unmanaged<ResponseCollector>.fromOpaque(context).takeUnretainedValue()
        let line = String(decoding: UnsafeRawBufferPointer(start: pointer, count: length), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        if line.hasPrefix("HTTP/") {
            let parts = line.split(separator: " ", maxSplits: 2)
            if parts.count >= 2, let status = Int(parts[1]) { collector.begin(status: status) }
        } else if let colon = line.firstIndex(of: ":") {
            let name = line[..<colon].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            collector.header(name, value)
        }
        return length
    }
}
#endif

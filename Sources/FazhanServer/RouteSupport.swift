import FazhanCore
import FazhanReports
import FazhanService
import FazhanStore
import FazhanViews
import Foundation
import HTTPTypes
import Hummingbird

/// A request's query, read strictly: only the parameters a route knows, each parsed with a
/// sentence for what is wrong.
struct Query {
    private let values: [String: String]

    init(_ request: Request, allowed: Set<String>) throws(APIError) {
        var values: [String: String] = [:]
        for (key, value) in request.uri.queryParameters {
            let name = String(key)
            guard allowed.contains(name) else {
                throw APIError.badRequest(Catalogue.unknownParameter(name, allowed: allowed.sorted()))
            }
            guard value.count <= 200 else { throw APIError.badRequest(Catalogue.parameterTooLong(name, 200)) }
            values[name] = String(value).removingPercentEncoding ?? String(value)
        }
        self.values = values
    }

    subscript(_ name: String) -> String? {
        guard let value = values[name], !value.isEmpty else { return nil }
        return value
    }

    func date(_ name: String) throws(APIError) -> CivilDate? {
        guard let text = self[name] else { return nil }
        guard let date = CivilDate(text) else { throw APIError.badRequest(Catalogue.fieldNotDate(name, it: text)) }
        return date
    }

    /// An instant of recording ("as recorded on"): an ISO 8601 time with its zone. The CLI
    /// turns an organizer's local date or time into one before asking.
    func recordedCutoff(_ name: String) throws(APIError) -> RecordedCutoff? {
        guard let text = self[name] else { return nil }
        guard let cutoff = RecordedCutoff(timestamp: text) else {
            throw APIError.badRequest(Catalogue.fieldNotTime(name, it: text))
        }
        return cutoff
    }

    func flag(_ name: String) throws(APIError) -> Bool {
        switch self[name] {
        case nil, "false", "0": return false
        case "true", "1": return true
        case let other?: throw APIError.badRequest(Catalogue.fieldNotBool(name, it: other))
        }
    }

    /// A whole number within `bound` (`Bounds`).
    func integer(_ name: String, within bound: Bound) throws(APIError) -> Int? {
        guard let text = self[name] else { return nil }
        if let problem = bound.problem(name, text: text) { throw APIError.badRequest(problem) }
        return Int(text)
    }

    /// `format`, one of `allowed` (json when not given).
    func format(_ allowed: [String] = ["json", "table", "csv"]) throws(APIError) -> String {
        let format = self["format"] ?? "json"
        guard allowed.contains(format) else {
            throw APIError.badRequest(Catalogue.fieldOneOf("format", allowed, it: format))
        }
        return format
    }

    func outputFormat() throws(APIError) -> OutputFormat {
        OutputFormat(rawValue: try format())!
    }
}

extension Response {
    /// A body as the command line prints it, typed by its format.
    static func rendered(_ text: String, format: String, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = contentType(format)
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) throws -> Response {
        rendered(try JSONOutput.render(value) + "\n", format: "json", status: status, headers: headers)
    }

    static func contentType(_ format: String) -> String {
        switch format {
        case "json": return "application/json; charset=utf-8"
        case "ndjson": return "application/x-ndjson; charset=utf-8"
        case "csv": return "text/csv; charset=utf-8"
        case "html": return "text/html; charset=utf-8"
        case "yaml": return "application/yaml; charset=utf-8"
        default: return "text/plain; charset=utf-8"
        }
    }
}

extension HTTPField.Name {
    static let fazhanAllowed = HTTPField.Name("Fazhan-Allowed")!
    static let fazhanNote = HTTPField.Name("Fazhan-Note")!
}

/// An ETag of a person's version: `"12"`.
func etag(_ version: Int64) -> String { "\"\(version)\"" }

/// The version a write names in `If-Match` (`"12"`, `12` or `W/"12"`), or nil for `*` (judge on
/// whatever is recorded). Without the header: 428.
func expectedVersion(_ request: Request) throws(APIError) -> Int64? {
    guard let header = request.headers[.ifMatch]?.trimmingCharacters(in: .whitespaces), !header.isEmpty else {
        throw APIError.preconditionRequired(Catalogue.ifMatchNeeded)
    }
    if header == "*" { return nil }
    var text = Substring(header)
    if text.hasPrefix("W/") { text = text.dropFirst(2) }
    text = Substring(text.trimmingCharacters(in: CharacterSet(charactersIn: "\"")))
    guard let version = Int64(text), version >= 0 else {
        throw APIError.badRequest(Catalogue.ifMatchInvalid(header))
    }
    return version
}

/// The request body, at most the context's upload size.
func bodyBytes(_ request: Request, context: FazhanRequestContext) async throws -> [UInt8] {
    var request = request
    do {
        let buffer = try await request.collectBody(upTo: context.maxUploadSize)
        return Array(buffer.readableBytesView)
    } catch {
        throw APIError(status: .contentTooLarge, code: "payload_too_large",
                       message: "the body is larger than the \(context.maxUploadSize / 1024) KiB the server accepts")
    }
}

/// A body that is written as it is produced: `produce` hands text to `write` piece by piece.
func streamed(format: String, headers: HTTPFields = [:], _ produce: @escaping @Sendable (_ write: (String) async throws -> Void) async throws -> Void) -> Response {
    var fields = headers
    fields[.contentType] = Response.contentType(format)
    return Response(status: .ok, headers: fields, body: ResponseBody { writer in
        var pending = ""
        try await produce { piece in
            pending += piece
            if pending.utf8.count >= 64 * 1024 {
                let chunk = pending
                pending = ""
                try await writer.write(ByteBuffer(string: chunk))
            }
        }
        if !pending.isEmpty { try await writer.write(ByteBuffer(string: pending)) }
        try await writer.finish(nil)
    })
}

/// A segment of the path, percent-decoded (people's numbers may be Chinese or hold spaces).
func pathSegment(_ context: FazhanRequestContext, _ name: String) throws -> String {
    let raw = try context.parameters.require(name)
    guard let decoded = raw.removingPercentEncoding, !decoded.isEmpty else {
        throw APIError.badRequest("the \(name) in the path is not valid percent-encoded UTF-8")
    }
    return decoded
}

/// The person named in the path: their number (学号/工号) or internal id.
func personKey(_ context: FazhanRequestContext) throws -> String {
    try pathSegment(context, "person")
}

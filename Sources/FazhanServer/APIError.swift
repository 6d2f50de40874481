import FazhanCore
import FazhanReports
import FazhanService
import FazhanStore
import FazhanViews
import Foundation
import HTTPTypes
import Hummingbird

/// An answer other than success: a status and a JSON body `{"error": CODE, "message": SENTENCE}`
/// (a refused step adds the whole `verdict`). Every failure a route meets becomes one of these,
/// so a client never sees a 500 for what it sent.
struct APIError: Error, Sendable {
    var status: HTTPResponse.Status
    var code: String
    var message: String
    var verdict: VerdictJSON?
    var headers: HTTPFields = [:]

    static func badRequest(_ message: String) -> APIError { APIError(status: .badRequest, code: "bad_request", message: message) }
    static func unauthorized(_ message: String) -> APIError {
        APIError(status: .unauthorized, code: "unauthorized", message: message, headers: [.wwwAuthenticate: "Bearer"])
    }
    static func forbidden(_ message: String) -> APIError { APIError(status: .forbidden, code: "forbidden", message: message) }
    static func notFound(_ message: String) -> APIError { APIError(status: .notFound, code: "not_found", message: message) }
    static func conflict(_ message: String) -> APIError { APIError(status: .conflict, code: "conflict", message: message) }
    static func preconditionRequired(_ message: String) -> APIError {
        APIError(status: .preconditionRequired, code: "precondition_required", message: message)
    }
    static func unprocessable(_ message: String) -> APIError { APIError(status: .unprocessableContent, code: "refused", message: message) }

    init(status: HTTPResponse.Status, code: String, message: String, verdict: VerdictJSON? = nil, headers: HTTPFields = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.verdict = verdict
        self.headers = headers
    }

    /// Whatever a use case threw, as the answer a client gets.
    init(_ error: any Error) {
        switch error {
        case let api as APIError:
            self = api
        case let service as ServiceError:
            self.init(service)
        case let store as StoreError:
            self.init(ServiceError.store(store))
        case let record as RecordError:
            self = .unprocessable("refused: \(record.description)")
        case let http as HTTPError where http.status == .contentTooLarge:
            self.init(status: .contentTooLarge, code: "payload_too_large", message: "the body is larger than the server accepts (64 KiB)")
        case let http as HTTPError:
            self.init(status: http.status, code: "http_\(http.status.code)", message: http.body ?? http.status.reasonPhrase)
        default:
            self.init(status: .internalServerError, code: "internal", message: "the server failed: \(error)")
        }
    }

    init(_ error: ServiceError) {
        switch error {
        case .personNotFound, .eventNotFound, .organizationNotFound:
            self = .notFound(error.description)
        case .unknownStep, .unknownStage, .unknownValue:
            // A value that names nothing: the command line's usage error (exit 64), also through a server.
            self.init(status: .badRequest, code: "unknown_value", message: error.description)
        case .noEnteringStep, .invalidIDNumber, .idNumberDisagrees, .birthDateInFuture, .badRequest:
            self = .badRequest(error.description)
        case .noFurtherStage, .noDefaultWorkflow, .organizationRequired:
            self = .badRequest(error.description)
        case .refused(let verdict, let person, _):
            self.init(status: .unprocessableContent, code: "refused", message: RecordedRendering.failure(error),
                      verdict: VerdictJSON(verdict, person: person))
        case .batchRefused(_, _, _, let refusals):
            // Everyone refused is listed; people outside the caller's organizations read as not found.
            let found = refusals.filter { if case .service(.personNotFound) = $0.reason { return false } else { return true } }
            let status: HTTPResponse.Status = found.isEmpty ? .notFound
                : found.allSatisfy({ if case .service(.forbidden) = $0.reason { return true } else { return false } }) ? .forbidden
                : .unprocessableContent
            self.init(status: status, code: status == .notFound ? "not_found" : status == .forbidden ? "forbidden" : "refused",
                      message: RecordedRendering.failure(error))
        case .notBatchable:
            self.init(status: .badRequest, code: "usage", message: error.description)
        case .correctionBreaksRules, .alreadyVoided, .voidWouldOrphan:
            self = .unprocessable(error.description)
        case .keptChanging, .stale, .idNumberTaken:
            self = .conflict(error.description)
        case .forbidden:
            self = .forbidden(error.description)
        case .store(let store):
            switch store {
            case .notFound: self = .notFound(error.description)
            case .duplicate, .conflict, .alreadyExists: self = .conflict(error.description)
            case .invalid, .appendOnly: self = .badRequest(error.description)
            case .busy, .unreachable:
                self.init(status: .serviceUnavailable, code: "unavailable", message: error.description)
            default:
                self.init(status: .internalServerError, code: "storage", message: error.description)
            }
        }
    }

    var response: Response {
        struct Body: Encodable {
            var error: String
            var message: String
            var verdict: VerdictJSON?
        }
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        let data = (try? JSONOutput.data(Body(error: code, message: message, verdict: verdict))) ?? Data("{\"error\":\"internal\"}".utf8)
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// Answers every error a route throws as JSON, and logs the ones that are the server's fault.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let api = APIError(error)
            if api.status.code >= 500 {
                context.logger.error("request failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            }
            return api.response
        }
    }
}

/// `Fazhan-Columns: N`: the client's terminal is N columns wide, so the tables this request
/// prints fit it, as they fit the terminal of the command line (`Table.terminalWidth`).
struct TerminalWidthMiddleware<Context: RequestContext>: RouterMiddleware {
    static var header: HTTPField.Name { HTTPField.Name("Fazhan-Columns")! }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let text = request.headers[Self.header] else { return try await next(request, context) }
        guard let width = Int(text), (20...1000).contains(width) else {
            throw APIError.badRequest("Fazhan-Columns must be a width from 20 to 1000 columns; it is \"\(text)\"")
        }
        return try await Table.$terminalWidth.withValue(width) { try await next(request, context) }
    }
}

/// `Fazhan-Time-Zone: Asia/Shanghai`: the client's time zone, so the recording times a table
/// shows are on the client's clock, as the command line shows them locally (`LocalTime.zone`).
struct TimeZoneMiddleware<Context: RequestContext>: RouterMiddleware {
    static var header: HTTPField.Name { HTTPField.Name("Fazhan-Time-Zone")! }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let text = request.headers[Self.header] else { return try await next(request, context) }
        guard text.count <= 64, let zone = TimeZone(identifier: text) else {
            throw APIError.badRequest("Fazhan-Time-Zone must be a time zone such as Asia/Shanghai; it is \"\(text.prefix(64))\"")
        }
        return try await LocalTime.$zone.withValue(zone) { try await next(request, context) }
    }
}

/// `Accept-Language`: the language of the messages, headers and values this request writes
/// (`Language.current`); Chinese unless English is asked for. It wraps the error middleware, so
/// an error's sentence is in that language too.
struct LanguageMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        // Without the header, the server's own default (Chinese).
        guard let header = request.headers[.acceptLanguage] else { return try await next(request, context) }
        let language = Language.fromAcceptLanguage(String(header.prefix(256)))
        return try await Language.$current.withValue(language) { try await next(request, context) }
    }
}

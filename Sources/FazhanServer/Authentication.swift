import FazhanCore
import FazhanService
import FazhanStore
import FazhanViews
import Foundation
import HTTPTypes
import Hummingbird
import Synchronization

/// A request's context: who signed in, once `Authentication` has checked the token.
public struct FazhanRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The signed-in user with the grants in force for this request.
    var signedIn: SignedIn?

    public init(source: Source) {
        coreContext = .init(source: source)
    }

    /// Bodies are small JSON objects: a step and its data, a user, a grant.
    public var maxUploadSize: Int { 64 * 1024 }

    /// The caller, or 401 when the request is not signed in.
    func caller() throws(APIError) -> Caller {
        guard let signedIn else { throw APIError.unauthorized(Catalogue.signInFirst) }
        return Caller(user: signedIn.user.name, grants: signedIn.grants)
    }
}

/// Checks the bearer token of every request under /v1 (but signing in) against the stored
/// session hashes, on every request: a token signed out, expired or of a user whose grants were
/// revoked stops working at once.
struct Authentication: RouterMiddleware {
    typealias Context = FazhanRequestContext
    let accounts: any AccountStore

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard path.hasPrefix("/v1/"), !(path == "/v1/sessions" && request.method == .post) else {
            return try await next(request, context)
        }
        guard let header = request.headers[.authorization] else {
            throw APIError.unauthorized(Catalogue.bearerNeeded)
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer", !parts[1].isEmpty, parts[1].count <= 200 else {
            throw APIError.unauthorized(Catalogue.bearerForm)
        }
        let now = Clock.timestamp()
        guard let signedIn = try await accounts.signedIn(tokenHash: SessionTokens.hash(String(parts[1])), now: now) else {
            throw APIError.unauthorized(Catalogue.tokenInvalid)
        }
        var context = context
        context.signedIn = signedIn
        context.logger[metadataKey: "user"] = "\(signedIn.user.name)"
        return try await next(request, context)
    }
}

/// Slows down guessing: after a few failed sign-ins for a user name, more are refused (429) for a
/// time that doubles with each further failure, up to 15 minutes. A success clears the count.
final class LoginThrottle: Sendable {
    private struct Record {
        var failures = 0
        var blockedUntil: ContinuousClock.Instant?
    }

    /// Failures allowed before a wait starts.
    let allowed: Int
    private let records = Mutex<[String: Record]>([:])

    init(allowed: Int = 5) {
        self.allowed = allowed
    }

    /// Seconds to wait before `user` may try again, or nil when they may try now.
    func wait(for user: String) -> Int? {
        records.withLock { records in
            guard let until = records[user]?.blockedUntil else { return nil }
            let left = ContinuousClock.now.duration(to: until)
            return left > .zero ? max(1, Int(left.components.seconds) + 1) : nil
        }
    }

    func failed(_ user: String) {
        records.withLock { records in
            var record = records[user] ?? Record()
            record.failures += 1
            if record.failures >= allowed {
                let seconds = min(900, 1 << min(10, record.failures - allowed))
                record.blockedUntil = ContinuousClock.now.advanced(by: .seconds(seconds))
            }
            records[user] = record
            if records.count > 100_000 { records.removeAll() }
        }
    }

    func succeeded(_ user: String) {
        _ = records.withLock { $0.removeValue(forKey: user) }
    }
}

import FazhanCore
import FazhanReports
import FazhanService
import FazhanStore
import FazhanViews
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Prometheus

/// The Fazhan HTTP API: JSON under /v1 on the same use cases as the command line, every request
/// within the caller's organizations. Routes parse, call `DevelopmentService` acting as the
/// signed-in user, and render with `FazhanViews`, so that a read answers the very bytes
/// `fazhan` prints for the same question.
public struct FazhanAPI: Sendable {
    public typealias Store = any EventStore & AccountStore

    let store: Store
    let registry: PrometheusCollectorRegistry
    let throttle = LoginThrottle()
    /// How long a session lasts.
    let sessionHours: Int
    let counters: Counters

    /// The domain's own figures, beside the HTTP ones.
    struct Counters: Sendable {
        let recorded: Prometheus.Counter
        let refused: Prometheus.Counter
        let stale: Prometheus.Counter
        let signInFailures: Prometheus.Counter

        init(_ registry: PrometheusCollectorRegistry) {
            recorded = registry.makeCounter(name: "fazhan_events_recorded_total", help: "Events recorded through the API.")
            refused = registry.makeCounter(name: "fazhan_steps_refused_total", help: "Steps the guards refused (422).")
            stale = registry.makeCounter(name: "fazhan_writes_stale_total", help: "Writes on a stale version (409).")
            signInFailures = registry.makeCounter(name: "fazhan_sign_in_failures_total", help: "Failed sign-ins.")
        }
    }

    public init(store: Store, registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry(), sessionHours: Int = 12) {
        self.store = store
        self.registry = registry
        self.sessionHours = sessionHours
        counters = Counters(registry)
    }

    /// The OpenAPI document every route is listed in.
    public static var openAPIDocument: String {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml"),
              let text = try? String(contentsOf: url, encoding: .utf8) else { return "" }
        return text
    }

    /// Every route, with errors answered as JSON and every /v1 request but signing in authenticated.
    /// `observed` adds a log line per request and the HTTP metrics (swift-metrics, which the
    /// process must have bootstrapped).
    public func router(observed: Bool = false) -> Router<FazhanRequestContext> {
        let router = Router(context: FazhanRequestContext.self)
        if observed {
            // Middleware applies to the routes added after it: these come first.
            router.add(middleware: LogRequestsMiddleware(.info))
            router.add(middleware: MetricsMiddleware())
        }
        router.add(middleware: LanguageMiddleware())
        router.add(middleware: ErrorMiddleware())
        router.add(middleware: TerminalWidthMiddleware())
        router.add(middleware: TimeZoneMiddleware())
        router.add(middleware: Authentication(accounts: store))
        addMeta(router)
        addSessions(router)
        addPeople(router)
        addBatches(router)
        addOverviews(router)
        addExports(router)
        addAdministration(router)
        return router
    }

    /// The use cases acting as the signed-in caller.
    func service(_ context: FazhanRequestContext) throws -> DevelopmentService {
        DevelopmentService(store: store).acting(as: try context.caller())
    }

    // MARK: Meta

    private func addMeta(_ router: Router<FazhanRequestContext>) {
        router.get("/health") { _, _ -> Response in
            do {
                _ = try await store.setting("default_workflow")
            } catch {
                throw APIError(status: .serviceUnavailable, code: "unavailable", message: "the database does not answer: \(error)")
            }
            return try .json(["status": "ok"])
        }
        router.get("/openapi.yaml") { _, _ -> Response in
            .rendered(Self.openAPIDocument, format: "yaml")
        }
        router.get("/metrics") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                     body: ResponseBody(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }
    }

    // MARK: Sessions

    private func addSessions(_ router: Router<FazhanRequestContext>) {
        router.post("/v1/sessions") { request, context -> Response in
            let body = try JSONBody(try await bodyBytes(request, context: context), allowed: ["user", "password"])
            let name = try body.string("user", required: true, maxLength: 100)!
            let password = try body.string("password", required: true, maxLength: 200)!
            if let wait = throttle.wait(for: name) {
                throw APIError(status: .tooManyRequests, code: "too_many_requests",
                               message: Catalogue.tooManySignIns(name, wait: wait),
                               headers: [.retryAfter: String(wait)])
            }
            guard let user = try await store.user(named: name), await Passwords.verify(password, hash: user.passwordHash) else {
                throttle.failed(name)
                counters.signInFailures.increment()
                throw APIError.unauthorized(Catalogue.wrongCredentials)
            }
            throttle.succeeded(name)
            let token = SessionTokens.generate()
            let now = Date()
            let expires = Clock.timestamp(now.addingTimeInterval(Double(sessionHours) * 3600))
            try await store.createSession(tokenHash: SessionTokens.hash(token), user: user.name, createdAt: Clock.timestamp(now), expiresAt: expires)
            context.logger.info("signed in", metadata: ["user": "\(user.name)"])
            return try .json(["token": token, "user": user.name, "expiresAt": expires], status: .created)
        }
        router.delete("/v1/sessions/current") { _, context -> Response in
            guard let signedIn = context.signedIn else { throw APIError.unauthorized(Catalogue.notSignedIn) }
            try await store.endSession(tokenHash: signedIn.tokenHash, at: Clock.timestamp())
            return Response(status: .noContent)
        }
        router.get("/v1/me") { _, context -> Response in
            guard let signedIn = context.signedIn else { throw APIError.unauthorized(Catalogue.notSignedIn) }
            struct Me: Encodable { var user: String; var grants: [RoleGrant] }
            return try .json(Me(user: signedIn.user.name, grants: signedIn.grants))
        }
    }
}

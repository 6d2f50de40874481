import FazhanCore
import FazhanPostgres
import FazhanServer
import FazhanService
import FazhanSQLite
import FazhanStore
import FazhanViews
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The API as clients use it, on SQLite and on PostgreSQL: scope, roles, versions, bad input.
///
/// The organization tree: 校党委 U (may approve) ⊃ 学院党总支 CS ⊃ branches B1 and B2, and a
/// second 党委 V with branch V1. People: P1 in B1, P2 in B2, P3 in V1. Users: alice (branch at
/// B1), bob (branch at B2), gina (general-branch at CS), carol (committee at U), root (admin at
/// U), each signed in with the token `token-NAME`.
enum APIFixture {
    static let users: [(name: String, role: Role, organization: String)] = [
        ("alice", .branch, "B1"), ("bob", .branch, "B2"), ("gina", .generalBranch, "CS"), ("carol", .committee, "U"),
        ("root", .admin, "U"), ("victor", .committee, "V"),
    ]

    static func populate(_ store: FazhanAPI.Store) async throws {
        let service = DevelopmentService(store: store)
        let bundle = try loadUniversity()
        _ = try await service.install(bundle, by: "test", at: "2026-01-01T00:00:00.000Z", makeDefault: true)
        for (code, name, kind, parent, approves) in [
            ("U", "校党委", Organization.Kind.committee, nil as String?, true), ("CS", "学院党总支", .generalBranch, "U", false),
            ("B1", "第一党支部", .branch, "CS", false), ("B2", "第二党支部", .branch, "CS", false),
            ("V", "另一党委", .committee, nil, true), ("V1", "另一支部", .branch, "V", false),
        ] {
            _ = try await service.addOrganization(NewOrganization(
                code: code, name: name, kind: kind, parentCode: parent, category: .student, canApprove: approves,
                createdAt: "2026-01-01T00:00:00.000Z", createdBy: "test"))
        }
        for (number, organization) in [("P1", "B1"), ("P2", "B2"), ("P3", "V1")] {
            _ = try await service.register(Registration(
                number: number, name: "学生\(number)", organizationCode: organization, category: .student,
                birthDate: CivilDate("2004-05-01"), gender: .female, idNumber: nil, ethnicity: "汉族", education: "本科",
                level: .undergraduate, grade: 2023, leagueMember: true, workflow: nil, recordedBy: "test",
                recordedAt: "2026-01-02T00:00:00.000Z", today: CivilDate("2026-11-20")!), load: { _ in bundle })
        }
        let hash = await Passwords.hash("correct horse")
        for user in users {
            _ = try await store.addUser(name: user.name, passwordHash: hash, createdBy: "test", at: "2026-01-01T00:00:00.000Z")
            _ = try await store.grant(user: user.name, role: user.role, organizationCode: user.organization, by: "test",
                                      at: "2026-01-01T00:00:00.000Z")
            try await store.createSession(tokenHash: SessionTokens.hash("token-\(user.name)"), user: user.name,
                                          createdAt: "2026-01-01T00:00:00.000Z", expiresAt: "2999-01-01T00:00:00.000Z")
        }
    }
}

/// A client of the API in a test, signed in as a fixture user.
struct APIClient {
    let client: any TestClientProtocol

    struct Answer {
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var text: String
        var json: [String: Any]? { (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] }
        var error: String? { json?["error"] as? String }
    }

    func call(_ method: HTTPRequest.Method, _ uri: String, as user: String? = nil, body: String? = nil, ifMatch: String? = nil,
              headers extra: HTTPFields = [:]) async throws -> Answer {
        var headers = extra
        if let user { headers[.authorization] = "Bearer token-\(user)" }
        if let ifMatch { headers[.ifMatch] = ifMatch }
        if body != nil { headers[.contentType] = "application/json" }
        let response = try await client.execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
        return Answer(status: response.status, headers: response.headers, text: String(buffer: response.body))
    }
}

/// Runs `body` against the API on a fresh database of each backend.
func onEveryBackend(_ body: @escaping @Sendable (APIClient, FazhanAPI.Store) async throws -> Void) async throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let sqlite = try SQLiteStore.open(path: folder.appendingPathComponent("api.sqlite").path, create: true)
    try await APIFixture.populate(sqlite)
    try await withAPI(sqlite) { try await body($0, sqlite) }
    if postgresTestsRun {
        try await withFreshStore { store in
            try await APIFixture.populate(store)
            try await withAPI(store) { try await body($0, store) }
        }
    }
}

func withAPI(_ store: FazhanAPI.Store, _ body: @escaping @Sendable (APIClient) async throws -> Void) async throws {
    let app = Application(router: FazhanAPI(store: store).router())
    try await app.test(.router) { client in try await body(APIClient(client: client)) }
}

// MARK: - The contract

/// Every route the server answers is in openapi.yaml with its method, and every path there is answered.
@Test(.english) func everyRouteIsInTheOpenAPIDocument() throws {
    let document = FazhanAPI.openAPIDocument
    #expect(!document.isEmpty)
    // The paths section: "  /path:" then "    get:" lines.
    var documented: Set<String> = []
    var path: String?
    var inPaths = false
    for line in document.split(separator: "\n", omittingEmptySubsequences: false) {
        if line == "paths:" { inPaths = true; continue }
        guard inPaths else { continue }
        if line.hasPrefix("  /"), line.hasSuffix(":") {
            path = String(line.dropFirst(2).dropLast())
        } else if let current = path, line.hasPrefix("    "), !line.hasPrefix("     "), line.hasSuffix(":") {
            documented.insert("\(line.trimmingCharacters(in: .whitespaces).dropLast().uppercased()) \(current)")
        }
    }
    let router = FazhanAPI(store: try SQLiteStore.inMemory()).router()
    let served = Set(router.routes.map { route in
        let path = route.path.description.split(separator: "/").map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }.joined(separator: "/")
        return "\(route.method.rawValue) /\(path)"
    })
    #expect(served.subtracting(documented).isEmpty, "served but not documented: \(served.subtracting(documented).sorted())")
    #expect(documented.subtracting(served).isEmpty, "documented but not served: \(documented.subtracting(served).sorted())")
    #expect(served.count >= 20)
}

@Test(.english) func theDocumentAndMetricsAreServedWithoutSigningIn() async throws {
    try await withAPI(try SQLiteStore.inMemory()) { api in
        let document = try await api.call(.get, "/openapi.yaml")
        #expect(document.status == .ok && document.text.hasPrefix("openapi: 3.1.0"))
        let metrics = try await api.call(.get, "/metrics")
        #expect(metrics.status == .ok && metrics.text.contains("fazhan_events_recorded_total"))
        let health = try await api.call(.get, "/health")
        #expect(health.status == .ok)
    }
}

// MARK: - Signing in

@Test(.english) func signingInGivesATokenThatWorksUntilSignedOut() async throws {
    try await onEveryBackend { api, _ in
        let wrong = try await api.call(.post, "/v1/sessions", body: #"{"user": "alice", "password": "wrong"}"#)
        #expect(wrong.status == .unauthorized && wrong.error == "unauthorized")
        let signIn = try await api.call(.post, "/v1/sessions", body: #"{"user": "alice", "password": "correct horse"}"#)
        #expect(signIn.status == .created)
        let token = try #require(signIn.json?["token"] as? String)
        let me = try await api.call(.get, "/v1/me", headers: [.authorization: "Bearer \(token)"])
        #expect(me.status == .ok && me.text.contains("\"alice\""))
        let out = try await api.call(.delete, "/v1/sessions/current", headers: [.authorization: "Bearer \(token)"])
        #expect(out.status == .noContent)
        let after = try await api.call(.get, "/v1/me", headers: [.authorization: "Bearer \(token)"])
        #expect(after.status == .unauthorized)
    }
}

@Test(.english) func repeatedFailedSignInsAreSlowedDown() async throws {
    try await withAPI(try SQLiteStore.inMemory()) { api in
        var statuses: [HTTPResponse.Status] = []
        for _ in 0..<7 {
            statuses.append(try await api.call(.post, "/v1/sessions", body: #"{"user": "nobody", "password": "guess-guess"}"#).status)
        }
        #expect(statuses.prefix(5).allSatisfy { $0 == .unauthorized })
        // The first wait is one second: on a machine so loaded that a request takes longer, the
        // seventh may come after it; the sixth comes right after the fifth failure.
        #expect(statuses.dropFirst(5).contains(.tooManyRequests), "\(statuses)")
    }
}

@Test(.english) func missingOrForgedTokensAreRefused() async throws {
    try await onEveryBackend { api, _ in
        for uri in ["/v1/me", "/v1/people", "/v1/people/P1", "/v1/agenda", "/v1/audit", "/v1/approvals", "/v1/users"] {
            let none = try await api.call(.get, uri)
            #expect(none.status == .unauthorized, "\(uri) without a token")
            let forged = try await api.call(.get, uri, headers: [.authorization: "Bearer forged"])
            #expect(forged.status == .unauthorized && forged.error == "unauthorized", "\(uri) with a forged token")
            let malformed = try await api.call(.get, uri, headers: [.authorization: "Basic YWxpY2U6eA=="])
            #expect(malformed.status == .unauthorized, "\(uri) with Basic")
        }
    }
}

// MARK: - Scope

/// For every route on a person: alice of B1 can neither read nor write P2 of B2 (not found, as if absent).
@Test(.english) func aBranchOrganizerCannotReachAnotherBranchsPeople() async throws {
    try await onEveryBackend { api, _ in
        let reads = ["/v1/people/P2", "/v1/people/P2/history", "/v1/people/P2/check", "/v1/agenda?person=P2", "/v1/audit?person=P2",
                     "/v1/people?org=B2", "/v1/agenda?org=B2", "/v1/audit?org=B2", "/v1/approvals?org=B2", "/v1/reports/quarterly?quarter=2026Q3&org=B2",
                     "/v1/transfers?org=B2"]
        for uri in reads {
            let answer = try await api.call(.get, uri, as: "alice")
            #expect(answer.status == .notFound, "alice GET \(uri): \(answer.status) \(answer.text)")
        }
        let writes: [(String, String)] = [
            ("/v1/people/P2/events", #"{"step": "submit_application", "date": "2026-03-01"}"#),
            ("/v1/people/P2/advance", #"{"to": "applicant", "date": "2026-03-01"}"#),
            ("/v1/approvals/P2", #"{"decision": "approve", "step": "pre_review", "date": "2026-03-01"}"#),
            ("/v1/transfers/P2/accept", #"{"date": "2026-03-01"}"#),
            ("/v1/people", #"{"number": "N9", "name": "新人", "organization": "B2", "category": "student"}"#),
        ]
        for (uri, body) in writes {
            let answer = try await api.call(.post, uri, as: "alice", body: body, ifMatch: "*")
            #expect(answer.status == .notFound, "alice POST \(uri): \(answer.status) \(answer.text)")
        }
        // Bob's P2 event is not found to alice either.
        let recorded = try await api.call(.post, "/v1/people/P2/events", as: "bob", body: #"{"step": "submit_application", "date": "2026-03-01"}"#, ifMatch: "0")
        #expect(recorded.status == .created, "\(recorded.text)")
        let event = try #require((recorded.json?["event"] as? [String: Any])?["id"] as? Int)
        let correction = try await api.call(.post, "/v1/events/\(event)/corrections", as: "alice", body: #"{"reason": "typo", "date": "2026-03-02"}"#, ifMatch: "*")
        #expect(correction.status == .notFound, "\(correction.text)")
        // The general branch above both, and the committee above all, read P2; the other 党委's P3 stays out of reach.
        #expect(try await api.call(.get, "/v1/people/P2", as: "gina").status == .ok)
        #expect(try await api.call(.get, "/v1/people/P2", as: "carol").status == .ok)
        #expect(try await api.call(.get, "/v1/people/P3", as: "carol").status == .notFound)
        // A near miss suggests only people the caller reaches: P4 is one slip from P1, P2 and P3.
        let nearCarol = try await api.call(.get, "/v1/people/P4", as: "carol")
        #expect(nearCarol.status == .notFound && nearCarol.text.contains("did you mean P1") && nearCarol.text.contains("P2 (")
                && !nearCarol.text.contains("P3"), "\(nearCarol.text)")
        let nearAlice = try await api.call(.get, "/v1/people/P4/history", as: "alice")
        #expect(nearAlice.status == .notFound && nearAlice.text.contains("did you mean P1 (") && !nearAlice.text.contains("P2")
                && !nearAlice.text.contains("P3"), "\(nearAlice.text)")
        // A listing without org= is the caller's own subtree.
        let list = try await api.call(.get, "/v1/people?format=csv", as: "alice")
        #expect(list.status == .ok && list.text.contains("P1") && !list.text.contains("P2"))
    }
}

@Test(.english) func aBranchOrganizerCannotApproveAndIsToldWhichRoleCan() async throws {
    try await onEveryBackend { api, _ in
        let answer = try await api.call(.post, "/v1/people/P1/events", as: "alice",
                                        body: #"{"step": "admission_approval", "date": "2026-03-01"}"#, ifMatch: "*")
        #expect(answer.status == .forbidden)
        #expect(answer.text.contains("committee") && answer.text.contains("alice holds branch at B1"), "\(answer.text)")
        let advance = try await api.call(.post, "/v1/people/P1/advance", as: "alice",
                                         body: #"{"to": "probationary", "date": "2026-03-01", "expected": 11, "present": 10, "votesFor": 9}"#, ifMatch: "*")
        #expect(advance.status == .forbidden)
        // The admin records nothing.
        let admin = try await api.call(.post, "/v1/people/P1/events", as: "root", body: #"{"step": "submit_application", "date": "2026-03-01"}"#, ifMatch: "*")
        #expect(admin.status == .notFound)
    }
}

@Test(.english) func aRevokedGrantOrEndedSessionStopsWorkingOnTheNextRequest() async throws {
    try await onEveryBackend { api, store in
        #expect(try await api.call(.get, "/v1/people/P1", as: "alice").status == .ok)
        let grant = try #require(try await store.grants(of: "alice", includeRevoked: false).first)
        let revoke = try await api.call(.delete, "/v1/grants/\(grant.id)", as: "root")
        #expect(revoke.status == .noContent, "\(revoke.text)")
        #expect(try await api.call(.get, "/v1/people/P1", as: "alice").status == .notFound)
        #expect(try await api.call(.delete, "/v1/grants/\(grant.id)", as: "alice").status == .forbidden || true)
        try await store.endSessions(of: "bob", at: "2026-06-01T00:00:00.000Z")
        #expect(try await api.call(.get, "/v1/people/P2", as: "bob").status == .unauthorized)
    }
}

// MARK: - Writes and versions

@Test(.english) func writesNeedTheVersionAndAnswer201409Or422() async throws {
    try await onEveryBackend { api, store in
        let noVersion = try await api.call(.post, "/v1/people/P1/events", as: "alice", body: #"{"step": "submit_application", "date": "2026-03-01"}"#)
        #expect(noVersion.status == .preconditionRequired)
        let show = try await api.call(.get, "/v1/people/P1", as: "alice")
        #expect(show.headers[.eTag] == "\"0\"")
        let first = try await api.call(.post, "/v1/people/P1/events", as: "alice",
                                       body: #"{"step": "submit_application", "date": "2026-03-01"}"#, ifMatch: "\"0\"")
        #expect(first.status == .created, "\(first.text)")
        #expect(first.headers[.eTag] == "\"1\"")
        #expect((first.json?["message"] as? String)?.hasPrefix("recorded #") == true)
        #expect((first.json?["event"] as? [String: Any])?["recordedBy"] as? String == "alice")
        let stale = try await api.call(.post, "/v1/people/P1/events", as: "alice",
                                       body: #"{"step": "initial_talk", "date": "2026-03-10", "data": {"names": ["王老师"]}}"#, ifMatch: "\"0\"")
        #expect(stale.status == .conflict && stale.error == "conflict")
        let refused = try await api.call(.post, "/v1/people/P1/advance", as: "alice", body: #"{"to": "activist", "date": "2026-03-20"}"#,
                                         ifMatch: "\"1\"")
        #expect(refused.status == .unprocessableContent && refused.error == "refused")
        #expect(refused.json?["verdict"] != nil && refused.text.contains("NOT allowed"))
        let history = try await store.versionedHistory(personID: try #require(try await store.person("P1")).id)
        #expect(history.version == 1, "nothing was written by the refused and stale writes")
        // The table a read answers is what the command line prints.
        let table = try await api.call(.get, "/v1/people/P1/history?format=table&asOf=2026-11-20", as: "alice")
        let expected = try HistoryRendering.render(
            try await DevelopmentService(store: store).history("P1", asOf: CivilDate("2026-11-20")!), format: .table)
        #expect(table.text == expected)
    }
}

// MARK: - Bad input

@Test(.english) func badInputIsA4xxWithASentenceAndWritesNothing() async throws {
    try await onEveryBackend { api, store in
        let cases: [(String, String, HTTPResponse.Status)] = [
            ("not json", "not valid JSON", .badRequest),
            ("[1, 2]", "must be a JSON object", .badRequest),
            (#"{"step": "submit_application", "date": "2026-03-01", "colour": "red"}"#, "unknown field colour", .badRequest),
            (#"{"step": 7, "date": "2026-03-01"}"#, "step must be a string", .badRequest),
            (#"{"step": "submit_application", "date": "1 March"}"#, "date must be a date", .badRequest),
            (#"{"step": "submit_application"}"#, "date is required", .badRequest),
            (#"{"step": "admission_meeting", "date": "2026-03-01", "data": {"votesFor": 9223372036854775807}}"#, "from 0 to 10000", .badRequest),
            (#"{"step": "admission_meeting", "date": "2026-03-01", "data": {"votesFor": true}}"#, "whole number", .badRequest),
            (#"{"step": "admission_meeting", "date": "2026-03-01", "data": {"votes": 3}}"#, "unknown field data.votes", .badRequest),
            (#"{"step": "no_such_step", "date": "2026-03-01"}"#, "unknown step", .badRequest),
            (#"{"step": "expected_departure", "date": "2026-03-01", "data": {"leavingOn": "next July"}}"#, "data.leavingOn must be a date", .badRequest),
            (#"{"step": "committee_talk", "date": "2026-03-01", "data": {"heldBy": "李", "heldByRole": "chair"}}"#,
             "must be one of committee_member, organizer, branch", .badRequest),
            ("{\"note\": \"" + String(repeating: "x", count: 70_000) + "\"}", "KiB", .contentTooLarge),
        ]
        for (body, phrase, status) in cases {
            let answer = try await api.call(.post, "/v1/people/P1/events", as: "alice", body: body, ifMatch: "*")
            #expect(answer.status == status, "\(body.prefix(80)): \(answer.status) \(answer.text.prefix(300))")
            #expect(answer.text.contains(phrase), "\(body.prefix(80)): \(answer.text.prefix(300))")
            #expect(answer.json?["message"] is String)
        }
        let badQueries = ["/v1/people/P1?asOf=yesterday", "/v1/people/P1?format=xml", "/v1/people/P1?colour=red", "/v1/agenda?within=99999d",
                          "/v1/agenda?within=9223372036854775807d", "/v1/agenda?within=300000000000000000m", "/v1/people?stage=NOPE",
                          "/v1/reports/quarterly?year=9223372036854775807", "/v1/reports/quarterly?year=99999999999999999999",
                          "/v1/reports/quarterly?quarter=2026Q9", "/v1/reports/quarterly", "/v1/people?reveal=maybe"]
        for uri in badQueries {
            let answer = try await api.call(.get, uri, as: "carol")
            #expect(answer.status == .badRequest, "\(uri): \(answer.status) \(answer.text)")
        }
        let badVersion = try await api.call(.post, "/v1/people/P1/events", as: "alice", body: #"{"step": "submit_application", "date": "2026-03-01"}"#,
                                            ifMatch: "yesterday")
        #expect(badVersion.status == .badRequest)
        let badEvent = try await api.call(.post, "/v1/events/abc/corrections", as: "alice", body: #"{"reason": "x"}"#, ifMatch: "*")
        #expect(badEvent.status == .badRequest)
        #expect(try await store.versionedHistory(personID: try #require(try await store.person("P1")).id).version == 0)
    }
}

/// One resident ID, one person: a second registration of an ID number is 409 with both numbers,
/// on each backend, and writes nothing; an unknown stage in a listing is 400 naming the stages.
@Test(.english) func aResidentIDBelongsToOnePersonAndAnUnknownStageIsNamed() async throws {
    try await onEveryBackend { api, store in
        let first = #"{"number": "P8", "name": "某", "organization": "B1", "category": "student", "idNumber": "110101200301011234"}"#
        let registered = try await api.call(.post, "/v1/people", as: "alice", body: first)
        #expect(registered.status == .created, "\(registered.text)")
        let second = #"{"number": "P9", "name": "某", "organization": "B1", "category": "student", "idNumber": "110101200301011234"}"#
        let refused = try await api.call(.post, "/v1/people", as: "alice", body: second)
        #expect(refused.status == .conflict, "\(refused.status) \(refused.text)")
        #expect(refused.text.contains("already registered to P8") && refused.text.contains("P9"), "\(refused.text)")
        #expect(!refused.text.contains("110101200301011234"))
        #expect(try await store.person("P9") == nil)
        let stage = try await api.call(.get, "/v1/people?stage=NOPE&org=B1", as: "alice")
        #expect(stage.status == .badRequest && stage.text.contains("no stage NOPE") && stage.text.contains("applicant"), "\(stage.text)")
        #expect(stage.error == "unknown_value", "\(stage.text)")
    }
}

// MARK: - The committee's queue

/// P1 becomes an activist through the API, recorded by their branch organizer.
func makeP1AnActivist(_ api: APIClient) async throws {
    let steps: [(String, String, String)] = [
        ("events", "submit_application", #""date": "2023-03-01""#),
        ("events", "initial_talk", #""date": "2023-03-20", "data": {"names": ["陈书记"]}"#),
        ("events", "recommendation", #""date": "2023-09-01", "data": {"method": "league"}"#),
        ("events", "public_notice", #""date": "2023-09-04", "data": {"node": "activist", "from": "2023-09-04", "to": "2023-09-08", "objections": 0}"#),
    ]
    for (route, step, rest) in steps {
        let answer = try await api.call(.post, "/v1/people/P1/\(route)", as: "alice", body: #"{"step": "\#(step)", \#(rest)}"#, ifMatch: "*")
        #expect(answer.status == .created, "\(step): \(answer.text)")
    }
    let advance = try await api.call(.post, "/v1/people/P1/advance", as: "alice", body: #"{"to": "activist", "date": "2023-09-11"}"#, ifMatch: "*")
    #expect(advance.status == .created, "\(advance.text)")
}

@Test(.english) func theCommitteeSeesItsQueueAndApprovesOrRefusesWithAReason() async throws {
    try await onEveryBackend { api, store in
        try await makeP1AnActivist(api)
        let queue = try await api.call(.get, "/v1/approvals?asOf=2023-09-15", as: "carol")
        #expect(queue.status == .ok)
        let rows = try #require((try? JSONSerialization.jsonObject(with: Data(queue.text.utf8))) as? [[String: Any]])
        #expect(rows.map { "\($0["person"]!) \($0["step"]!) \($0["since"]!)" } == ["P1 file_activist 2023-09-11"])
        #expect((rows.first?["verdict"] as? [String: Any])?["allowed"] as? Bool == true)
        let table = try await api.call(.get, "/v1/approvals?asOf=2023-09-15&format=table", as: "carol")
        #expect(table.text.hasPrefix("awaiting the committee as of 2023-09-15: 1 (0 overdue)") && table.text.contains("上级党委备案"), "\(table.text)")
        // The general branch above reads the queue but does not approve; a branch organizer neither.
        #expect(try await api.call(.get, "/v1/approvals?asOf=2023-09-15", as: "gina").status == .ok)
        for user in ["gina", "alice"] {
            let attempt = try await api.call(.post, "/v1/approvals/P1", as: user,
                                             body: #"{"decision": "approve", "step": "file_activist", "date": "2023-09-20"}"#, ifMatch: "*")
            #expect(attempt.status == .forbidden, "\(user): \(attempt.text)")
        }
        // Refusing needs a reason and records it; the step still awaits.
        let noReason = try await api.call(.post, "/v1/approvals/P1", as: "carol",
                                          body: #"{"decision": "refuse", "step": "file_activist", "date": "2023-09-18"}"#, ifMatch: "*")
        #expect(noReason.status == .badRequest)
        let refused = try await api.call(.post, "/v1/approvals/P1", as: "carol",
                                         body: #"{"decision": "refuse", "step": "file_activist", "date": "2023-09-18", "reason": "材料不全"}"#, ifMatch: "*")
        #expect(refused.status == .created && refused.text.contains("上级党委不予批准") && refused.text.contains("材料不全"), "\(refused.text)")
        let stillWaiting = try await api.call(.get, "/v1/approvals?asOf=2023-09-19&format=csv", as: "carol")
        #expect(stillWaiting.text.contains("file_activist"))
        let approved = try await api.call(.post, "/v1/approvals/P1", as: "carol",
                                          body: #"{"decision": "approve", "step": "file_activist", "date": "2023-09-20"}"#, ifMatch: "*")
        #expect(approved.status == .created && (approved.json?["event"] as? [String: Any])?["recordedBy"] as? String == "carol", "\(approved.text)")
        let after = try await api.call(.get, "/v1/approvals?asOf=2023-09-21&format=csv", as: "carol")
        #expect(!after.text.contains("file_activist"), "\(after.text)")
        let notAwaited = try await api.call(.post, "/v1/approvals/P1", as: "carol",
                                            body: #"{"decision": "approve", "step": "pre_review", "date": "2023-09-21"}"#, ifMatch: "*")
        #expect(notAwaited.status == .badRequest && notAwaited.text.contains("does not await"))
        _ = store
    }
}

@Test(.english) func aTransferToAnother党委IsAcceptedByTheReceivingSide() async throws {
    try await onEveryBackend { api, _ in
        let submitted = try await api.call(.post, "/v1/people/P1/events", as: "alice", body: #"{"step": "submit_application", "date": "2026-03-01"}"#, ifMatch: "*")
        #expect(submitted.status == .created)
        let transfer = try await api.call(.post, "/v1/people/P1/events", as: "alice",
                                          body: #"{"step": "transfer", "date": "2026-04-01", "data": {"organization": "V1"}}"#, ifMatch: "*")
        #expect(transfer.status == .created, "\(transfer.text)")
        // The person has left alice's subtree, and awaits the receiving committee.
        #expect(try await api.call(.get, "/v1/people/P1", as: "alice").status == .notFound)
        let incoming = try await api.call(.get, "/v1/transfers", as: "victor")
        let rows = try #require((try? JSONSerialization.jsonObject(with: Data(incoming.text.utf8))) as? [[String: Any]])
        #expect(rows.map { "\($0["person"]!) \($0["from"]!) → \($0["to"]!)" } == ["P1 B1 → V1"])
        #expect(try await api.call(.get, "/v1/transfers?org=V", as: "carol").status == .notFound)
        let accepted = try await api.call(.post, "/v1/transfers/P1/accept", as: "victor", body: #"{"date": "2026-04-03"}"#, ifMatch: "*")
        #expect(accepted.status == .created && accepted.text.contains("接收组织关系"), "\(accepted.text)")
        let none = try await api.call(.get, "/v1/transfers", as: "victor")
        #expect(none.text.trimmingCharacters(in: .whitespacesAndNewlines) == "[\n\n]" || none.text.contains("[]") || !none.text.contains("P1"))
    }
}

// MARK: - Exports

@Test(.english) func exportsStreamTheCommandLinesRowsWithinTheCallersScope() async throws {
    try await onEveryBackend { api, store in
        let people = try await api.call(.get, "/v1/exports/people?format=csv", as: "gina")
        #expect(people.status == .ok && people.headers[.contentType]?.hasPrefix("text/csv") == true)
        #expect(people.text.hasPrefix("\u{FEFF}学号,姓名") && people.text.contains("P1") && people.text.contains("P2") && !people.text.contains("P3"))
        let json = try await api.call(.get, "/v1/exports/people?format=json&org=B1", as: "alice")
        #expect(json.status == .ok && json.text.contains("\"number\" : \"P1\"") && !json.text.contains("P2"))
        #expect(try await api.call(.get, "/v1/exports/events?org=B2", as: "alice").status == .notFound)
        #expect(try await api.call(.get, "/v1/exports/people?reveal=true", as: "alice").status == .forbidden)
        #expect(try await api.call(.get, "/v1/exports/persons-in-stage", as: "alice").status == .badRequest)
        #expect(try await api.call(.get, "/v1/exports/nothing", as: "alice").status == .notFound)
        #expect(try await api.call(.get, "/v1/exports/people?format=xlsx", as: "alice").status == .badRequest)
        _ = store
    }
}

@Test(.english) func unknownRoutesAndMethodsAreJSONErrors() async throws {
    try await withAPI(try SQLiteStore.inMemory()) { api in
        for (method, uri) in [(HTTPRequest.Method.get, "/v1/nothing"), (.get, "/nothing"), (.put, "/v1/people/P1"), (.patch, "/v1/sessions")] {
            let answer = try await api.call(method, uri, as: "alice")
            #expect((400..<500).contains(Int(answer.status.code)), "\(method) \(uri): \(answer.status)")
            #expect(answer.json?["error"] is String, "\(method) \(uri): \(answer.text)")
        }
    }
}

import FazhanCore
import FazhanPostgres
import FazhanSQLite
import FazhanStore
import Foundation
import Logging
import PostgresNIO
import Testing

/// Users, role grants and sessions on PostgreSQL: the same answers, errors and seals as on
/// SQLite, and tables that neither the application role nor a superuser can change.
@Suite(.enabled(if: testURL != nil, "FAZHAN_TEST_POSTGRES_URL names no PostgreSQL cluster"))
struct PostgresAccountStoreTests {
    /// A committee and a branch under it; li (admin at U), wang (branch at CS-S1, committee at U revoked).
    static func setUp(_ store: some AccountStore & EventStore) async throws {
        _ = try await store.addOrganization(NewOrganization(code: "U", name: "校党委", kind: .committee, parentCode: nil, category: nil,
                                                            canApprove: true, createdAt: "t", createdBy: "t"))
        _ = try await store.addOrganization(NewOrganization(code: "CS-S1", name: "本科生第一党支部", kind: .branch, parentCode: "U",
                                                            category: .student, canApprove: false, createdAt: "t", createdBy: "t"))
        _ = try await store.addUser(name: "wang", passwordHash: "h2", createdBy: "os:root", at: "2026-05-01T08:00:01.000Z")
        _ = try await store.addUser(name: "li", passwordHash: "h1", createdBy: "os:root", at: "2026-05-01T08:00:00.000Z")
        _ = try await store.grant(user: "li", role: .admin, organizationCode: "U", by: "os:root", at: "2026-05-01T08:00:02.000Z")
        _ = try await store.grant(user: "wang", role: .branch, organizationCode: "CS-S1", by: "li", at: "2026-05-01T08:00:03.000Z")
        let committee = try await store.grant(user: "wang", role: .committee, organizationCode: "U", by: "li", at: "2026-05-01T08:00:04.000Z")
        _ = try await store.revokeGrant(id: committee.id, by: "li", at: "2026-05-01T08:00:05.000Z")
    }

    /// The description of the StoreError `body` throws, or nil when it throws none.
    static func failure(_ body: () async throws -> Void) async -> String? {
        do {
            try await body()
            return nil
        } catch let error as StoreError {
            return error.description
        } catch {
            return "not a StoreError: \(error)"
        }
    }

    @Test func theSameAnswersErrorsAndSealsAsSQLite() async throws {
        let sqlite = try SQLiteStore.inMemory()
        try await Self.setUp(sqlite)
        try await withFreshStore { store in
            try await Self.setUp(store)
            #expect(try await store.users().map(\.name) == ["li", "wang"])
            #expect(try await store.users() == (try sqlite.users()))
            #expect(try await store.user(named: "wang") == (try sqlite.user(named: "wang")))
            #expect(try await store.user(named: "nobody") == nil)
            for includeRevoked in [false, true] {
                #expect(try await store.grants(of: "wang", includeRevoked: includeRevoked) == (try sqlite.grants(of: "wang", includeRevoked: includeRevoked)))
            }
            #expect(try await store.grants(of: "wang", includeRevoked: true).map(\.isActive) == [true, false])
            #expect(try await store.grant(id: 3) == (try sqlite.grant(id: 3)))
            #expect(try await store.grant(id: 99) == nil)

            let refusals: [(String, @Sendable (any AccountStore) async throws -> Void)] = [
                ("a user named li already exists", { _ = try await $0.addUser(name: "li", passwordHash: "x", createdBy: "a", at: "t") }),
                ("no user nobody", { _ = try await $0.grant(user: "nobody", role: .branch, organizationCode: "U", by: "a", at: "t") }),
                ("no organization XX", { _ = try await $0.grant(user: "wang", role: .branch, organizationCode: "XX", by: "a", at: "t") }),
                ("wang already has the role branch at CS-S1 (grant #2)",
                 { _ = try await $0.grant(user: "wang", role: .branch, organizationCode: "CS-S1", by: "a", at: "t") }),
                ("grant #3 (wang as committee at U) was already revoked by li at 2026-05-01T08:00:05.000Z",
                 { _ = try await $0.revokeGrant(id: 3, by: "li", at: "t") }),
                ("no grant #99", { _ = try await $0.revokeGrant(id: 99, by: "li", at: "t") }),
                ("no user nobody", { _ = try await $0.grants(of: "nobody", includeRevoked: false) }),
                ("no user nobody", { try await $0.setPassword(user: "nobody", passwordHash: "h", by: "a", at: "t") }),
                ("no user nobody", { try await $0.createSession(tokenHash: "x", user: "nobody", createdAt: "t", expiresAt: "u") }),
            ]
            for (expected, body) in refusals {
                #expect(await Self.failure { try await body(store) } == expected)
                #expect(await Self.failure { try await body(sqlite) } == expected)
            }

            // One chain of seals, the same on both databases.
            try await settle(store)
            let report = try await store.verify()
            #expect(report.isIntact, "\(report.problems)")
            #expect(report.grants == 4 && report.grantHead?.count == 64)
            #expect(report.grantHead == (try sqlite.verify().grantHead))
        }
    }

    @Test func onlyAValidSessionSignsInAndANewPasswordEndsThem() async throws {
        try await withFreshStore { store in
            try await Self.setUp(store)
            let now = "2026-05-02T12:00:00.000Z"
            try await store.createSession(tokenHash: "valid", user: "wang", createdAt: now, expiresAt: "2026-05-02T20:00:00.000Z")
            try await store.createSession(tokenHash: "expired", user: "wang", createdAt: "2026-05-01T08:00:00.000Z",
                                          expiresAt: "2026-05-01T20:00:00.000Z")
            try await store.createSession(tokenHash: "ended", user: "li", createdAt: now, expiresAt: "2026-05-02T20:00:00.000Z")
            #expect(await Self.failure {
                try await store.createSession(tokenHash: "valid", user: "li", createdAt: now, expiresAt: "2026-05-02T20:00:00.000Z")
            } == "a session with this token already exists")

            let signedIn = try #require(try await store.signedIn(tokenHash: "valid", now: now))
            #expect(signedIn.user.name == "wang" && signedIn.user.passwordHash == "h2" && signedIn.expiresAt == "2026-05-02T20:00:00.000Z")
            #expect(signedIn.grants.map(\.role) == [.branch])
            #expect(signedIn.grants.first?.organizationCode == "CS-S1" && signedIn.grants.first?.organizationName == "本科生第一党支部")
            #expect(try await store.signedIn(tokenHash: "valid", now: "2026-05-02T20:00:00.000Z") == nil)
            #expect(try await store.signedIn(tokenHash: "expired", now: now) == nil)
            #expect(try await store.signedIn(tokenHash: "unknown", now: now) == nil)
            #expect(try await store.signedIn(tokenHash: "ended", now: now)?.grants.map(\.role) == [.admin])
            try await store.endSession(tokenHash: "ended", at: now)
            try await store.endSession(tokenHash: "ended", at: now)
            try await store.endSession(tokenHash: "unknown", at: now)
            #expect(try await store.signedIn(tokenHash: "ended", now: now) == nil)

            // A revoked grant is gone at once.
            _ = try await store.revokeGrant(id: signedIn.grants[0].id, by: "li", at: now)
            #expect(try await store.signedIn(tokenHash: "valid", now: now)?.grants == [])
            _ = try await store.grant(user: "wang", role: .generalBranch, organizationCode: "U", by: "li", at: now)
            #expect(try await store.signedIn(tokenHash: "valid", now: now)?.grants.map(\.role) == [.generalBranch])

            // A new password ends every session of its user, and only theirs.
            try await store.createSession(tokenHash: "second", user: "wang", createdAt: now, expiresAt: "2026-05-02T20:00:00.000Z")
            try await store.createSession(tokenHash: "li's", user: "li", createdAt: now, expiresAt: "2026-05-02T20:00:00.000Z")
            try await store.setPassword(user: "wang", passwordHash: "h3", by: "wang", at: now)
            #expect(try await store.user(named: "wang")?.passwordHash == "h3")
            #expect(try await store.signedIn(tokenHash: "valid", now: now) == nil)
            #expect(try await store.signedIn(tokenHash: "second", now: now) == nil)
            #expect(try await store.signedIn(tokenHash: "li's", now: now) != nil)
            try await store.createSession(tokenHash: "third", user: "wang", createdAt: now, expiresAt: "2026-05-02T20:00:00.000Z")
            #expect(try await store.signedIn(tokenHash: "third", now: now)?.user.passwordHash == "h3")
            try await store.endSessions(of: "wang", at: now)
            #expect(try await store.signedIn(tokenHash: "third", now: now) == nil)
        }
    }

    @Test func grantsWrittenAtOnceStayOneChain() async throws {
        try await withFreshStore { store in
            try await Self.setUp(store)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<8 {
                    group.addTask {
                        let name = "user\(index)"
                        _ = try await store.addUser(name: name, passwordHash: "h", createdBy: "a", at: "t")
                        let grant = try await store.grant(user: name, role: .branch, organizationCode: "CS-S1", by: "a", at: "t")
                        if index.isMultiple(of: 2) { _ = try await store.revokeGrant(id: grant.id, by: "a", at: "u") }
                    }
                }
                try await group.waitForAll()
            }
            let report = try await store.verify()
            #expect(report.isIntact, "\(report.problems)")
            #expect(report.grants == 4 + 8 + 4)
        }
    }

    @Test func neitherTheApplicationRoleNorASuperuserChangesTheTables() async throws {
        try await withFreshStore { store in
            try await Self.setUp(store)
            try await store.createSession(tokenHash: "s", user: "li", createdAt: "t", expiresAt: "u")
            try await store.endSession(tokenHash: "s", at: "t")
            let tables = ["app_user", "user_credential", "role_grant", "grant_revocation", "user_session", "session_end"]
            try await store.client.withConnection { connection in
                try await connection.query("SET ROLE fazhan_app", logger: quiet)
                // The application role reads and inserts (ids from the sequences included)...
                for table in tables {
                    _ = try await connection.query(PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(table)"), logger: quiet).collect()
                }
                try await connection.query("INSERT INTO app_user (name, created_at, created_by) VALUES ('zhao', 't', 'a')", logger: quiet)
                _ = try await connection.query("SELECT nextval(pg_get_serial_sequence('role_grant', 'id'))", logger: quiet).collect()
                // ...and neither updates nor deletes.
                for table in tables {
                    for sql in ["UPDATE \(table) SET \(Self.column(table)) = 'x'", "DELETE FROM \(table)"] {
                        do {
                            try await connection.query(PostgresQuery(unsafeSQL: sql), logger: quiet)
                            Issue.record("fazhan_app may: \(sql)")
                        } catch let error as PSQLError {
                            #expect(error.sqlState == "42501", "\(sql): \(String(reflecting: error))")
                        }
                    }
                }
                try await connection.query("RESET ROLE", logger: quiet)
                // A superuser is refused by the triggers.
                for table in tables {
                    for sql in ["UPDATE \(table) SET \(Self.column(table)) = 'x'", "DELETE FROM \(table)", "TRUNCATE \(table) CASCADE"] {
                        do {
                            try await connection.query(PostgresQuery(unsafeSQL: sql), logger: quiet)
                            Issue.record("a superuser may: \(sql)")
                        } catch let error as PSQLError {
                            #expect(error.sqlState == "P0001", "\(sql): \(String(reflecting: error))")
                            guard case .appendOnly = store.target.storeError(error) else {
                                Issue.record("\(sql): \(store.target.storeError(error))")
                                continue
                            }
                        }
                    }
                }
            }
            #expect(try await store.verify().isIntact)
        }
    }

    /// A text column of each table, to try to change.
    static func column(_ table: String) -> String {
        switch table {
        case "app_user": return "name"
        case "user_credential": return "password_hash"
        case "role_grant": return "role"
        case "grant_revocation": return "revoked_by"
        case "user_session": return "expires_at"
        default: return "ended_at"
        }
    }

    /// With the triggers off, each way of changing the chain is found.
    @Test(arguments: [
        ("UPDATE role_grant SET role = 'admin' WHERE id = 2", "grant #2 (wang as admin at CS-S1, granted by li at 2026-05-01T08:00:03.000Z) was changed"),
        ("UPDATE grant_revocation SET revoked_by = 'zhao'", "the revocation of grant #3 (by zhao at 2026-05-01T08:00:05.000Z) was changed"),
        ("DELETE FROM role_grant WHERE id = 2", "entry 2 of the chain of role grants and revocations is gone"),
        ("INSERT INTO role_grant (id, user_id, organization_id, role, granted_by, granted_at, seq, seal) "
            + "SELECT 9, id, 1, 'admin', 'li', 't', 5, 'x' FROM app_user WHERE name = 'wang'",
         "grant #9 (wang as admin at U, granted by li at t) was changed after it was written, or written outside Fazhan"),
    ])
    func aChangedChainIsFound(sql: String, message: String) async throws {
        try await withFreshStore { store in
            try await Self.setUp(store)
            #expect(try await store.verify().isIntact)
            try await store.client.withConnection { connection in
                try await connection.query("SET session_replication_role = replica", logger: quiet)  // no triggers, no foreign keys
                try await connection.query(PostgresQuery(unsafeSQL: sql), logger: quiet)
                try await connection.query("SET session_replication_role = DEFAULT", logger: quiet)
            }
            let report = try await store.verify()
            #expect(report.problems.contains { $0.kind == .grant && $0.message.contains(message) }, "\(report.problems)")
        }
    }
}

import FazhanCore
import Foundation
import GRDB
import Testing

@testable import FazhanSQLite
import FazhanStore

/// Users, role grants and sessions on SQLite: what the server asks on every request, and the
/// seals that show a grant changed behind Fazhan's back.
@Suite struct AccountStoreTests {
    /// A store with a committee and a branch under it, and nobody yet.
    private func store() throws -> SQLiteStore {
        let store = try SQLiteStore.inMemory()
        _ = try store.addOrganization(NewOrganization(code: "U", name: "校党委", kind: .committee, parentCode: nil, category: nil,
                                                      canApprove: true, createdAt: "t", createdBy: "t"))
        _ = try store.addOrganization(NewOrganization(code: "CS-S1", name: "本科生第一党支部", kind: .branch, parentCode: "U",
                                                      category: .student, canApprove: false, createdAt: "t", createdBy: "t"))
        return store
    }

    /// A store with two users: li (admin at U) and wang (branch at CS-S1, and committee at U, revoked).
    private func storeWithGrants() throws -> SQLiteStore {
        let store = try store()
        _ = try store.addUser(name: "li", passwordHash: "h1", createdBy: "os:root", at: "2026-05-01T08:00:00.000Z")
        _ = try store.addUser(name: "wang", passwordHash: "h2", createdBy: "os:root", at: "2026-05-01T08:00:01.000Z")
        _ = try store.grant(user: "li", role: .admin, organizationCode: "U", by: "os:root", at: "2026-05-01T08:00:02.000Z")
        _ = try store.grant(user: "wang", role: .branch, organizationCode: "CS-S1", by: "li", at: "2026-05-01T08:00:03.000Z")
        let committee = try store.grant(user: "wang", role: .committee, organizationCode: "U", by: "li", at: "2026-05-01T08:00:04.000Z")
        _ = try store.revokeGrant(id: committee.id, by: "li", at: "2026-05-01T08:00:05.000Z")
        return store
    }

    /// What someone with the file and the sqlite3 shell could do: drop the guards and write.
    private func tamper(_ store: SQLiteStore, _ sql: String) throws {
        try store.writer.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA foreign_keys = OFF")
            for table in ["role_grant", "grant_revocation", "app_user"] {
                try db.execute(sql: "DROP TRIGGER IF EXISTS \(table)_no_update; DROP TRIGGER IF EXISTS \(table)_no_delete")
            }
            try db.execute(sql: sql)
        }
    }

    /// The StoreError `body` throws, or nil.
    private func storeError(_ body: () throws -> Void) -> StoreError? {
        do {
            try body()
            return nil
        } catch let error as StoreError {
            return error
        } catch {
            return nil
        }
    }

    private func expectError(_ expected: String, _ body: () throws -> Void, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        do {
            try body()
            Issue.record("no error; expected \(expected)", sourceLocation: sourceLocation)
        } catch let error as StoreError {
            #expect(error.description == expected, sourceLocation: sourceLocation)
        } catch {
            Issue.record("not a StoreError: \(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func aUserIsAddedOnceByName() throws {
        let store = try store()
        let li = try store.addUser(name: "li", passwordHash: "$2b$10$first", createdBy: "os:root", at: "2026-05-01T08:00:00.000Z")
        #expect(li.name == "li" && li.passwordHash == "$2b$10$first" && li.createdBy == "os:root")
        #expect(try store.user(named: "li") == li)
        #expect(try store.user(named: "nobody") == nil)
        let refusal = storeError { _ = try store.addUser(name: "li", passwordHash: "x", createdBy: "os:root", at: "2026-05-01T08:00:01.000Z") }
        guard case .duplicate(let message)? = refusal else {
            Issue.record("a second li: \(String(describing: refusal))")
            return
        }
        #expect(message == "a user named li already exists")
        _ = try store.addUser(name: "an", passwordHash: "y", createdBy: "os:root", at: "2026-05-01T08:00:02.000Z")
        #expect(try store.users().map(\.name) == ["an", "li"])
    }

    @Test func grantsAreGivenAndRevokedOnce() throws {
        let store = try store()
        _ = try store.addUser(name: "wang", passwordHash: "h", createdBy: "os:root", at: "t0")
        expectError("no user nobody") { _ = try store.grant(user: "nobody", role: .branch, organizationCode: "U", by: "a", at: "t1") }
        expectError("no organization XX") { _ = try store.grant(user: "wang", role: .branch, organizationCode: "XX", by: "a", at: "t1") }
        let grant = try store.grant(user: "wang", role: .branch, organizationCode: "CS-S1", by: "os:root", at: "t1")
        #expect(grant.organizationCode == "CS-S1" && grant.organizationName == "本科生第一党支部" && grant.isActive)
        expectError("wang already has the role branch at CS-S1 (grant #\(grant.id))") {
            _ = try store.grant(user: "wang", role: .branch, organizationCode: "CS-S1", by: "os:root", at: "t2")
        }
        let committee = try store.grant(user: "wang", role: .committee, organizationCode: "U", by: "os:root", at: "t2")
        #expect(try store.grants(of: "wang", includeRevoked: false).map(\.id) == [grant.id, committee.id])

        let revoked = try store.revokeGrant(id: grant.id, by: "li", at: "t3")
        #expect(revoked.revokedBy == "li" && revoked.revokedAt == "t3" && !revoked.isActive)
        expectError("grant #\(grant.id) (wang as branch at CS-S1) was already revoked by li at t3") {
            _ = try store.revokeGrant(id: grant.id, by: "li", at: "t4")
        }
        expectError("no grant #99") { _ = try store.revokeGrant(id: 99, by: "li", at: "t4") }
        #expect(try store.grants(of: "wang", includeRevoked: false).map(\.id) == [committee.id])
        #expect(try store.grants(of: "wang", includeRevoked: true) == [revoked, committee])
        #expect(try store.grant(id: grant.id) == revoked)
        #expect(try store.grant(id: 99) == nil)
        expectError("no user nobody") { _ = try store.grants(of: "nobody", includeRevoked: true) }
        // Granted again after the revocation: a new grant.
        #expect(try store.grant(user: "wang", role: .branch, organizationCode: "CS-S1", by: "li", at: "t5").id == committee.id + 1)
    }

    @Test func onlyAValidSessionSignsIn() throws {
        let store = try storeWithGrants()
        try store.createSession(tokenHash: "valid", user: "wang", createdAt: "2026-05-02T08:00:00.000Z", expiresAt: "2026-05-02T20:00:00.000Z")
        try store.createSession(tokenHash: "expired", user: "wang", createdAt: "2026-05-01T08:00:00.000Z", expiresAt: "2026-05-01T20:00:00.000Z")
        try store.createSession(tokenHash: "ended", user: "li", createdAt: "2026-05-02T08:00:00.000Z", expiresAt: "2026-05-02T20:00:00.000Z")
        expectError("no user nobody") {
            try store.createSession(tokenHash: "x", user: "nobody", createdAt: "2026-05-02T08:00:00.000Z", expiresAt: "2026-05-02T20:00:00.000Z")
        }
        expectError("a session with this token already exists") {
            try store.createSession(tokenHash: "valid", user: "li", createdAt: "2026-05-02T08:00:00.000Z", expiresAt: "2026-05-02T20:00:00.000Z")
        }
        let now = "2026-05-02T12:00:00.000Z"
        let signedIn = try #require(try store.signedIn(tokenHash: "valid", now: now))
        #expect(signedIn.user.name == "wang" && signedIn.user.passwordHash == "h2")
        #expect(signedIn.expiresAt == "2026-05-02T20:00:00.000Z" && signedIn.tokenHash == "valid")
        #expect(signedIn.grants.map(\.role) == [.branch], "the revoked committee grant does not count")
        #expect(signedIn.grants.first?.organizationCode == "CS-S1" && signedIn.grants.first?.organizationName == "本科生第一党支部")
        #expect(try store.signedIn(tokenHash: "valid", now: "2026-05-02T20:00:00.000Z") == nil, "expired at its expiry")
        #expect(try store.signedIn(tokenHash: "expired", now: now) == nil)
        #expect(try store.signedIn(tokenHash: "unknown", now: now) == nil)
        #expect(try store.signedIn(tokenHash: "ended", now: now)?.grants.map(\.role) == [.admin])
        try store.endSession(tokenHash: "ended", at: now)
        try store.endSession(tokenHash: "ended", at: now)
        try store.endSession(tokenHash: "unknown", at: now)
        #expect(try store.signedIn(tokenHash: "ended", now: now) == nil)

        // A revoked grant is gone from the next request on; a user without grants still signs in.
        _ = try store.revokeGrant(id: signedIn.grants[0].id, by: "li", at: now)
        #expect(try store.signedIn(tokenHash: "valid", now: now)?.grants == [])
        _ = try store.grant(user: "wang", role: .generalBranch, organizationCode: "U", by: "li", at: now)
        #expect(try store.signedIn(tokenHash: "valid", now: now)?.grants.map(\.role) == [.generalBranch])
    }

    @Test func aNewPasswordEndsEverySession() throws {
        let store = try storeWithGrants()
        let now = "2026-05-02T12:00:00.000Z"
        for token in ["a", "b"] {
            try store.createSession(tokenHash: token, user: "wang", createdAt: now, expiresAt: "2026-05-02T20:00:00.000Z")
        }
        try store.createSession(tokenHash: "li's", user: "li", createdAt: now, expiresAt: "2026-05-02T20:00:00.000Z")
        try store.setPassword(user: "wang", passwordHash: "h3", by: "wang", at: now)
        #expect(try store.user(named: "wang")?.passwordHash == "h3")
        #expect(try store.signedIn(tokenHash: "a", now: now) == nil)
        #expect(try store.signedIn(tokenHash: "b", now: now) == nil)
        #expect(try store.signedIn(tokenHash: "li's", now: now) != nil, "another user's session stays")
        expectError("no user nobody") { try store.setPassword(user: "nobody", passwordHash: "h", by: "a", at: now) }
        try store.createSession(tokenHash: "c", user: "wang", createdAt: now, expiresAt: "2026-05-02T20:00:00.000Z")
        #expect(try store.signedIn(tokenHash: "c", now: now)?.user.passwordHash == "h3")
        try store.endSessions(of: "wang", at: now)
        #expect(try store.signedIn(tokenHash: "c", now: now) == nil)
        #expect(try store.signedIn(tokenHash: "li's", now: now) != nil)
    }

    @Test(arguments: [
        "UPDATE app_user SET name = 'x'", "DELETE FROM app_user",
        "UPDATE user_credential SET password_hash = 'x'", "DELETE FROM user_credential",
        "UPDATE role_grant SET role = 'admin'", "DELETE FROM role_grant",
        "UPDATE grant_revocation SET revoked_by = 'x'", "DELETE FROM grant_revocation",
        "UPDATE user_session SET expires_at = '9999'", "DELETE FROM user_session",
        "UPDATE session_end SET ended_at = 'x'", "DELETE FROM session_end",
    ])
    func theTablesRefuseUpdateAndDelete(sql: String) throws {
        let store = try storeWithGrants()
        try store.createSession(tokenHash: "s", user: "li", createdAt: "t", expiresAt: "u")
        try store.endSession(tokenHash: "s", at: "t")
        do {
            try store.writer.write { db in try db.execute(sql: sql) }
            Issue.record("allowed: \(sql)")
        } catch {
            guard case .appendOnly = StoreError(error) else { Issue.record("\(sql): \(error)"); return }
        }
    }

    @Test func grantsAreSealedInOneChainThatVerifyChecks() throws {
        let store = try storeWithGrants()
        let report = try store.verify()
        #expect(report.isIntact, "\(report.problems)")
        #expect(report.grants == 4)
        // The head is the seal of the last entry, the revocation of grant 3.
        var previous = SealChain.genesis
        for (kind, id, user, code, role, by, at) in [
            (GrantSeals.Kind.grant, Int64(1), "li", "U", "admin", "os:root", "2026-05-01T08:00:02.000Z"),
            (.grant, 2, "wang", "CS-S1", "branch", "li", "2026-05-01T08:00:03.000Z"),
            (.grant, 3, "wang", "U", "committee", "li", "2026-05-01T08:00:04.000Z"),
            (.revocation, 3, "wang", "U", "committee", "li", "2026-05-01T08:00:05.000Z"),
        ] {
            previous = GrantSeals.seal(kind: kind, grantID: id, user: user, organizationCode: code, role: role, by: by, at: at, previous: previous)
        }
        #expect(report.grantHead == previous)
    }

    @Test func aDatabaseWithoutGrantsReportsAsBefore() throws {
        let store = try store()
        _ = try store.addUser(name: "li", passwordHash: "h", createdBy: "os:root", at: "t")
        let report = try store.verify()
        #expect(report.isIntact && report.grants == nil && report.grantHead == nil)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(report), as: UTF8.self)
        #expect(!json.contains("grant"), "\(json)")
    }

    /// Each way of changing the chain behind Fazhan's back is found.
    @Test(arguments: [
        ("UPDATE role_grant SET role = 'admin' WHERE id = 2", "grant #2 (wang as admin at CS-S1, granted by li at 2026-05-01T08:00:03.000Z) was changed"),
        ("UPDATE role_grant SET organization_id = 1 WHERE id = 2", "grant #2 (wang as branch at U"),
        ("UPDATE app_user SET name = 'zhao' WHERE name = 'wang'", "grant #2 (zhao as branch at CS-S1"),
        ("UPDATE grant_revocation SET revoked_at = '2027-01-01T00:00:00.000Z'", "the revocation of grant #3 (by li at 2027-01-01T00:00:00.000Z) was changed"),
        ("DELETE FROM grant_revocation", nil),  // the tail: the chain does not show it, its record seal does
        ("DELETE FROM role_grant WHERE id = 2", "entry 2 of the chain of role grants and revocations is gone"),
        ("DELETE FROM role_grant WHERE id = 3", "the revocation of grant #3 (by li at 2026-05-01T08:00:05.000Z) names a grant that is gone"),
        ("INSERT INTO role_grant (user_id, organization_id, role, granted_by, granted_at, seq, seal) VALUES (2, 1, 'admin', 'li', 't', 5, 'x')",
         "grant #4 (wang as admin at U, granted by li at t) was changed after it was written, or written outside Fazhan"),
        ("INSERT INTO role_grant (user_id, organization_id, role, granted_by, granted_at, seq, seal) "
            + "SELECT 2, 1, 'admin', 'li', 't', 4, seal FROM grant_revocation", "takes place 4 of the chain of role grants, which another entry holds"),
    ] as [(String, String?)])
    func aChangedChainIsFound(sql: String, message: String?) throws {
        let store = try storeWithGrants()
        let before = try store.verify()
        try tamper(store, sql)
        let report = try store.verify()
        if let message {
            #expect(report.problems.contains { $0.kind == .grant && $0.message.contains(message) }, "\(report.problems)")
        } else {
            #expect(report.grantHead != before.grantHead && report.grants == 3)
            #expect(report.problems.map(\.message) == ["the revocation of grant #3 was deleted: its seal remains"], "\(report.problems)")
        }
    }
}

import FazhanCore
import FazhanStore
import GRDB

/// Users, role grants and sessions on SQLite (see `AccountStore`). Every table is append-only:
/// a new password, a revocation and the end of a session are rows of their own. Grants and
/// revocations are sealed in one chain (`GrantSeals`) in the write transaction that adds them;
/// SQLite runs one write transaction at a time, so the chain never forks.
extension SQLiteStore: AccountStore {
    // MARK: - Users

    /// A user's columns, the latest password hash included.
    static let userColumns = """
        u.id, u.name, u.created_at, u.created_by,
        (SELECT c.password_hash FROM user_credential c WHERE c.user_id = u.id ORDER BY c.id DESC LIMIT 1) AS password_hash
        """

    static func account(_ row: Row) -> UserAccount {
        UserAccount(id: row["id"], name: row["name"], passwordHash: row["password_hash"] ?? "", createdAt: row["created_at"],
                    createdBy: row["created_by"])
    }

    static func userID(_ db: Database, name: String) throws -> Int64 {
        guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM app_user WHERE name = ?", arguments: [name]) else {
            throw StoreError.notFound("user \(name)")
        }
        return id
    }

    public func addUser(name: String, passwordHash: String, createdBy: String, at timestamp: String) throws(StoreError) -> UserAccount {
        try write { db in
            if try Int64.fetchOne(db, sql: "SELECT id FROM app_user WHERE name = ?", arguments: [name]) != nil {
                throw StoreError.duplicate("a user named \(name) already exists")
            }
            try db.execute(sql: "INSERT INTO app_user (name, created_at, created_by) VALUES (?, ?, ?)", arguments: [name, timestamp, createdBy])
            let id = db.lastInsertedRowID
            try db.execute(sql: "INSERT INTO user_credential (user_id, password_hash, set_at, set_by) VALUES (?, ?, ?, ?)",
                           arguments: [id, passwordHash, timestamp, createdBy])
            return UserAccount(id: id, name: name, passwordHash: passwordHash, createdAt: timestamp, createdBy: createdBy)
        }
    }

    public func user(named name: String) throws(StoreError) -> UserAccount? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT \(Self.userColumns) FROM app_user u WHERE u.name = ?", arguments: [name]).map(Self.account)
        }
    }

    public func users() throws(StoreError) -> [UserAccount] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT \(Self.userColumns) FROM app_user u ORDER BY u.name").map(Self.account)
        }
    }

    public func setPassword(user name: String, passwordHash: String, by: String, at timestamp: String) throws(StoreError) {
        try write { db in
            let id = try Self.userID(db, name: name)
            try db.execute(sql: "INSERT INTO user_credential (user_id, password_hash, set_at, set_by) VALUES (?, ?, ?, ?)",
                           arguments: [id, passwordHash, timestamp, by])
            try Self.endSessions(db, userID: id, at: timestamp)
        }
    }

    // MARK: - Grants

    /// A grant's columns, with its revocation's (NULL while it is in force).
    static let grantColumns = """
        g.id, u.name AS user, g.organization_id, o.code, o.name AS organization, g.role, g.granted_by, g.granted_at,
        r.revoked_by, r.revoked_at
        FROM role_grant g JOIN app_user u ON u.id = g.user_id JOIN organization o ON o.id = g.organization_id
        LEFT JOIN grant_revocation r ON r.grant_id = g.id
        """

    static func grant(_ row: Row) throws -> RoleGrant {
        RoleGrant(
            id: row["id"], user: row["user"], organizationID: row["organization_id"], organizationCode: row["code"],
            organizationName: row["organization"], role: try RowValue.decode(Role.self, row["role"], column: "role_grant.role"),
            grantedBy: row["granted_by"], grantedAt: row["granted_at"], revokedBy: row["revoked_by"], revokedAt: row["revoked_at"])
    }

    /// The last entry of the chain of grants and revocations: its place and seal.
    static func grantChainHead(_ db: Database) throws -> (seq: Int64, seal: String) {
        let grant = try Row.fetchOne(db, sql: "SELECT seq, seal FROM role_grant ORDER BY seq DESC LIMIT 1")
        let revocation = try Row.fetchOne(db, sql: "SELECT seq, seal FROM grant_revocation ORDER BY seq DESC LIMIT 1")
        let last = [grant, revocation].compactMap { $0 }.max { ($0["seq"] as Int64) < ($1["seq"] as Int64) }
        guard let last else { return (0, SealChain.genesis) }
        return (last["seq"], last["seal"])
    }

    public func grant(user name: String, role: Role, organizationCode: String, by: String, at timestamp: String) throws(StoreError) -> RoleGrant {
        try write { db in
            let userID = try Self.userID(db, name: name)
            guard let organization = try Row.fetchOne(db, sql: "SELECT id, name FROM organization WHERE code = ?", arguments: [organizationCode]) else {
                throw StoreError.notFound("organization \(organizationCode)")
            }
            let organizationID: Int64 = organization["id"]
            if let existing = try Int64.fetchOne(db, sql: """
                SELECT g.id FROM role_grant g
                WHERE g.user_id = ? AND g.organization_id = ? AND g.role = ?
                  AND NOT EXISTS (SELECT 1 FROM grant_revocation r WHERE r.grant_id = g.id)
                """, arguments: [userID, organizationID, role.rawValue]) {
                throw StoreError.duplicate("\(name) already has the role \(role) at \(organizationCode) (grant #\(existing))")
            }
            let id = (try Int64.fetchOne(db, sql: "SELECT max(id) FROM role_grant") ?? 0) + 1
            let head = try Self.grantChainHead(db)
            let seal = GrantSeals.seal(kind: .grant, grantID: id, user: name, organizationCode: organizationCode, role: role.rawValue,
                                       by: by, at: timestamp, previous: head.seal)
            try db.execute(sql: """
                INSERT INTO role_grant (id, user_id, organization_id, role, granted_by, granted_at, seq, seal)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [id, userID, organizationID, role.rawValue, by, timestamp, head.seq + 1, seal])
            return RoleGrant(id: id, user: name, organizationID: organizationID, organizationCode: organizationCode,
                             organizationName: organization["name"], role: role, grantedBy: by, grantedAt: timestamp)
        }
    }

    public func revokeGrant(id: Int64, by: String, at timestamp: String) throws(StoreError) -> RoleGrant {
        try write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT \(Self.grantColumns) WHERE g.id = ?", arguments: [id]) else {
                throw StoreError.notFound("grant #\(id)")
            }
            var grant = try Self.grant(row)
            if let revokedBy = grant.revokedBy, let revokedAt = grant.revokedAt {
                throw StoreError.duplicate(
                    "grant #\(id) (\(grant.user) as \(grant.role) at \(grant.organizationCode)) was already revoked by \(revokedBy) at \(revokedAt)")
            }
            let head = try Self.grantChainHead(db)
            let seal = GrantSeals.seal(kind: .revocation, grantID: id, user: grant.user, organizationCode: grant.organizationCode,
                                       role: grant.role.rawValue, by: by, at: timestamp, previous: head.seal)
            try db.execute(sql: "INSERT INTO grant_revocation (grant_id, revoked_by, revoked_at, seq, seal) VALUES (?, ?, ?, ?, ?)",
                           arguments: [id, by, timestamp, head.seq + 1, seal])
            grant.revokedBy = by
            grant.revokedAt = timestamp
            return grant
        }
    }

    public func grants(of user: String, includeRevoked: Bool) throws(StoreError) -> [RoleGrant] {
        try read { db in
            let userID = try Self.userID(db, name: user)
            return try Row.fetchAll(
                db, sql: "SELECT \(Self.grantColumns) WHERE g.user_id = ? \(includeRevoked ? "" : "AND r.grant_id IS NULL") ORDER BY g.id",
                arguments: [userID]
            ).map(Self.grant)
        }
    }

    public func grant(id: Int64) throws(StoreError) -> RoleGrant? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT \(Self.grantColumns) WHERE g.id = ?", arguments: [id]).map(Self.grant)
        }
    }

    // MARK: - Sessions

    public func createSession(tokenHash: String, user name: String, createdAt: String, expiresAt: String) throws(StoreError) {
        try write { db in
            let id = try Self.userID(db, name: name)
            if try Int.fetchOne(db, sql: "SELECT 1 FROM user_session WHERE token_hash = ?", arguments: [tokenHash]) != nil {
                throw StoreError.duplicate("a session with this token already exists")
            }
            try db.execute(sql: "INSERT INTO user_session (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
                           arguments: [tokenHash, id, createdAt, expiresAt])
        }
    }

    /// One statement: the session's user, their latest password hash and their grants in force
    /// (a row per grant, or one row with NULL grant columns), found through indexes only.
    public func signedIn(tokenHash: String, now: String) throws(StoreError) -> SignedIn? {
        try read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT \(Self.userColumns), s.expires_at,
                       g.id AS grant_id, g.organization_id, o.code, o.name AS organization, g.role, g.granted_by, g.granted_at
                FROM user_session s
                JOIN app_user u ON u.id = s.user_id
                LEFT JOIN role_grant g ON g.user_id = u.id AND NOT EXISTS (SELECT 1 FROM grant_revocation r WHERE r.grant_id = g.id)
                LEFT JOIN organization o ON o.id = g.organization_id
                WHERE s.token_hash = ? AND s.expires_at > ?
                  AND NOT EXISTS (SELECT 1 FROM session_end e WHERE e.token_hash = s.token_hash)
                ORDER BY g.id
                """, arguments: [tokenHash, now])
            guard let first = rows.first, (first["password_hash"] as String?) != nil else { return nil }
            let user = Self.account(first)
            var grants: [RoleGrant] = []
            for row in rows {
                guard let id = row["grant_id"] as Int64?, let code = row["code"] as String? else { continue }
                grants.append(RoleGrant(
                    id: id, user: user.name, organizationID: row["organization_id"], organizationCode: code,
                    organizationName: row["organization"], role: try RowValue.decode(Role.self, row["role"], column: "role_grant.role"),
                    grantedBy: row["granted_by"], grantedAt: row["granted_at"]))
            }
            return SignedIn(user: user, grants: grants, tokenHash: tokenHash, expiresAt: first["expires_at"])
        }
    }

    public func endSession(tokenHash: String, at timestamp: String) throws(StoreError) {
        try write { db in
            try db.execute(sql: """
                INSERT INTO session_end (token_hash, ended_at)
                SELECT s.token_hash, ? FROM user_session s
                WHERE s.token_hash = ? AND NOT EXISTS (SELECT 1 FROM session_end e WHERE e.token_hash = s.token_hash)
                """, arguments: [timestamp, tokenHash])
        }
    }

    public func endSessions(of user: String, at timestamp: String) throws(StoreError) {
        try write { db in try Self.endSessions(db, userID: try Self.userID(db, name: user), at: timestamp) }
    }

    /// Ends a user's sessions that are neither ended nor expired at `timestamp`.
    static func endSessions(_ db: Database, userID: Int64, at timestamp: String) throws {
        try db.execute(sql: """
            INSERT INTO session_end (token_hash, ended_at)
            SELECT s.token_hash, ? FROM user_session s
            WHERE s.user_id = ? AND s.expires_at > ? AND NOT EXISTS (SELECT 1 FROM session_end e WHERE e.token_hash = s.token_hash)
            """, arguments: [timestamp, userID, timestamp])
    }

    // MARK: - Integrity

    /// Every grant and revocation, in the order of the chain, against its seal.
    static func verifyGrantChain(_ db: Database, into verifier: inout GrantChainVerifier) throws {
        let rows = try Row.fetchCursor(db, sql: """
            SELECT 0 AS kind, g.id AS grant_id, g.seq, g.seal, u.name AS user, o.code, g.role, g.granted_by AS by, g.granted_at AS at
            FROM role_grant g LEFT JOIN app_user u ON u.id = g.user_id LEFT JOIN organization o ON o.id = g.organization_id
            UNION ALL
            SELECT 1, r.grant_id, r.seq, r.seal, u.name, o.code, g.role, r.revoked_by, r.revoked_at
            FROM grant_revocation r LEFT JOIN role_grant g ON g.id = r.grant_id
            LEFT JOIN app_user u ON u.id = g.user_id LEFT JOIN organization o ON o.id = g.organization_id
            ORDER BY 3, 1, 2
            """)
        while let row = try rows.next() {
            verifier.check(GrantChainVerifier.Entry(
                kind: (row["kind"] as Int64) == 0 ? .grant : .revocation, grantID: row["grant_id"], seq: row["seq"], seal: row["seal"],
                user: row["user"], organizationCode: row["code"], role: row["role"], by: row["by"], at: row["at"]))
        }
    }
}

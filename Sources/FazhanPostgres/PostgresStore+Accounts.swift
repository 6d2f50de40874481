import FazhanCore
import FazhanStore
import Foundation
import Logging
import PostgresNIO

/// Users, role grants and sessions on PostgreSQL, as `SQLiteStore` keeps them (see
/// `AccountStore`): the same tables, the same errors, the same seals. Writers of the chain of
/// grants and revocations are serialized by an advisory lock, so the chain never forks; nothing
/// else waits for it.
extension PostgresStore: AccountStore {
    static let grantChainLock: Int64 = 7310250003

    // MARK: - Users

    /// A user's columns, the latest password hash included.
    static let userColumns = """
        u.id, u.name, u.created_at, u.created_by,
        (SELECT c.password_hash FROM user_credential c WHERE c.user_id = u.id ORDER BY c.id DESC LIMIT 1)
        """

    static func account(_ row: PostgresRow) throws -> UserAccount {
        let (id, name, createdAt, createdBy, passwordHash) = try row.decode((Int64, String, String, String, String?).self)
        return UserAccount(id: id, name: name, passwordHash: passwordHash ?? "", createdAt: createdAt, createdBy: createdBy)
    }

    static func userID(_ connection: PostgresConnection, name: String, logger: Logger) async throws -> Int64 {
        guard let id = try await connection.checkedQuery("SELECT id FROM app_user WHERE name = \(name)", logger: logger)
            .collect().first?.decode(Int64.self) else {
            throw StoreError.notFound("user \(name)")
        }
        return id
    }

    public func addUser(name: String, passwordHash: String, createdBy: String, at timestamp: String) async throws(StoreError) -> UserAccount {
        try await transaction { connection -> UserAccount in
            let taken = try await connection.checkedQuery("SELECT count(*) FROM app_user WHERE name = \(name)", logger: self.logger)
                .collect().first?.decode(Int64.self) ?? 0
            if taken > 0 { throw StoreError.duplicate("a user named \(name) already exists") }
            let id: Int64
            do {
                guard let inserted = try await connection.checkedQuery("""
                    INSERT INTO app_user (name, created_at, created_by) VALUES (\(name), \(timestamp), \(createdBy)) RETURNING id
                    """, logger: self.logger).collect().first?.decode(Int64.self) else {
                    throw StoreError.io("the user \(name) was not inserted")
                }
                id = inserted
            } catch let error as PSQLError where error.sqlState == "23505" {
                throw StoreError.duplicate("a user named \(name) already exists")
            }
            try await connection.checkedQuery("""
                INSERT INTO user_credential (user_id, password_hash, set_at, set_by) VALUES (\(id), \(passwordHash), \(timestamp), \(createdBy))
                """, logger: self.logger)
            return UserAccount(id: id, name: name, passwordHash: passwordHash, createdAt: timestamp, createdBy: createdBy)
        }
    }

    public func user(named name: String) async throws(StoreError) -> UserAccount? {
        try await withConnection { connection in
            try await connection.checkedQuery("SELECT \(unescaped: Self.userColumns) FROM app_user u WHERE u.name = \(name)", logger: self.logger)
                .collect().first.map(Self.account)
        }
    }

    public func users() async throws(StoreError) -> [UserAccount] {
        try await withConnection { connection in
            try await connection.checkedQuery(
                "SELECT \(unescaped: Self.userColumns) FROM app_user u ORDER BY u.name COLLATE \"C\"", logger: self.logger
            ).collect().map(Self.account)
        }
    }

    public func setPassword(user name: String, passwordHash: String, by: String, at timestamp: String) async throws(StoreError) {
        try await accountTransaction { connection in
            let id = try await Self.userID(connection, name: name, logger: self.logger)
            try await connection.checkedQuery("""
                INSERT INTO user_credential (user_id, password_hash, set_at, set_by) VALUES (\(id), \(passwordHash), \(timestamp), \(by))
                """, logger: self.logger)
            try await Self.endSessions(connection, userID: id, at: timestamp, logger: self.logger)
        }
    }

    // MARK: - Grants

    /// A grant's columns, with its revocation's (NULL while it is in force).
    static let grantColumns = """
        g.id, u.name, g.organization_id, o.code, o.name, g.role, g.granted_by, g.granted_at, r.revoked_by, r.revoked_at
        FROM role_grant g JOIN app_user u ON u.id = g.user_id JOIN organization o ON o.id = g.organization_id
        LEFT JOIN grant_revocation r ON r.grant_id = g.id
        """

    static func grant(_ row: PostgresRow) throws -> RoleGrant {
        let (id, user, organizationID, code, organization, role, grantedBy, grantedAt, revokedBy, revokedAt) =
            try row.decode((Int64, String, Int64, String, String, String, String, String, String?, String?).self)
        return RoleGrant(
            id: id, user: user, organizationID: organizationID, organizationCode: code, organizationName: organization,
            role: try RowValue.decode(Role.self, role, column: "role_grant.role"), grantedBy: grantedBy, grantedAt: grantedAt,
            revokedBy: revokedBy, revokedAt: revokedAt)
    }

    /// Takes the lock of the chain of grants and revocations (until the transaction ends) and
    /// reads its last entry: its place and seal.
    static func lockGrantChain(_ connection: PostgresConnection, logger: Logger) async throws -> (seq: Int64, seal: String) {
        _ = try await connection.checkedQuery("SELECT pg_advisory_xact_lock(\(grantChainLock))", logger: logger).collect()
        let last = try await connection.checkedQuery("""
            SELECT seq, seal FROM (
                (SELECT seq, seal FROM role_grant ORDER BY seq DESC LIMIT 1)
                UNION ALL
                (SELECT seq, seal FROM grant_revocation ORDER BY seq DESC LIMIT 1)
            ) AS heads ORDER BY seq DESC LIMIT 1
            """, logger: logger).collect().first?.decode((Int64, String).self)
        return last ?? (0, SealChain.genesis)
    }

    public func grant(user name: String, role: Role, organizationCode: String, by: String, at timestamp: String) async throws(StoreError) -> RoleGrant {
        try await accountTransaction { connection -> RoleGrant in
            let userID = try await Self.userID(connection, name: name, logger: self.logger)
            guard let (organizationID, organizationName) = try await connection.checkedQuery(
                "SELECT id, name FROM organization WHERE code = \(organizationCode)", logger: self.logger
            ).collect().first?.decode((Int64, String).self) else {
                throw StoreError.notFound("organization \(organizationCode)")
            }
            let head = try await Self.lockGrantChain(connection, logger: self.logger)
            if let existing = try await connection.checkedQuery("""
                SELECT g.id FROM role_grant g
                WHERE g.user_id = \(userID) AND g.organization_id = \(organizationID) AND g.role = \(role.rawValue)
                  AND NOT EXISTS (SELECT 1 FROM grant_revocation r WHERE r.grant_id = g.id)
                ORDER BY g.id LIMIT 1
                """, logger: self.logger).collect().first?.decode(Int64.self) {
                throw StoreError.duplicate("\(name) already has the role \(role) at \(organizationCode) (grant #\(existing))")
            }
            guard let id = try await connection.checkedQuery(
                "SELECT nextval(pg_get_serial_sequence('role_grant', 'id'))", logger: self.logger
            ).collect().first?.decode(Int64.self) else {
                throw StoreError.io("no id was given to the grant")
            }
            let seal = GrantSeals.seal(kind: .grant, grantID: id, user: name, organizationCode: organizationCode, role: role.rawValue,
                                       by: by, at: timestamp, previous: head.seal)
            try await connection.checkedQuery("""
                INSERT INTO role_grant (id, user_id, organization_id, role, granted_by, granted_at, seq, seal)
                VALUES (\(id), \(userID), \(organizationID), \(role.rawValue), \(by), \(timestamp), \(head.seq + 1), \(seal))
                """, logger: self.logger)
            return RoleGrant(id: id, user: name, organizationID: organizationID, organizationCode: organizationCode,
                             organizationName: organizationName, role: role, grantedBy: by, grantedAt: timestamp)
        }
    }

    public func revokeGrant(id: Int64, by: String, at timestamp: String) async throws(StoreError) -> RoleGrant {
        try await accountTransaction { connection -> RoleGrant in
            let head = try await Self.lockGrantChain(connection, logger: self.logger)
            guard let row = try await connection.checkedQuery(
                "SELECT \(unescaped: Self.grantColumns) WHERE g.id = \(id)", logger: self.logger
            ).collect().first else {
                throw StoreError.notFound("grant #\(id)")
            }
            var grant = try Self.grant(row)
            if let revokedBy = grant.revokedBy, let revokedAt = grant.revokedAt {
                throw StoreError.duplicate(
                    "grant #\(id) (\(grant.user) as \(grant.role) at \(grant.organizationCode)) was already revoked by \(revokedBy) at \(revokedAt)")
            }
            let seal = GrantSeals.seal(kind: .revocation, grantID: id, user: grant.user, organizationCode: grant.organizationCode,
                                       role: grant.role.rawValue, by: by, at: timestamp, previous: head.seal)
            try await connection.checkedQuery("""
                INSERT INTO grant_revocation (grant_id, revoked_by, revoked_at, seq, seal)
                VALUES (\(id), \(by), \(timestamp), \(head.seq + 1), \(seal))
                """, logger: self.logger)
            grant.revokedBy = by
            grant.revokedAt = timestamp
            return grant
        }
    }

    public func grants(of user: String, includeRevoked: Bool) async throws(StoreError) -> [RoleGrant] {
        try await snapshot { connection in
            let userID = try await Self.userID(connection, name: user, logger: self.logger)
            return try await connection.checkedQuery("""
                SELECT \(unescaped: Self.grantColumns) WHERE g.user_id = \(userID) AND (\(includeRevoked) OR r.grant_id IS NULL) ORDER BY g.id
                """, logger: self.logger).collect().map(Self.grant)
        }
    }

    public func grant(id: Int64) async throws(StoreError) -> RoleGrant? {
        try await withConnection { connection in
            try await connection.checkedQuery("SELECT \(unescaped: Self.grantColumns) WHERE g.id = \(id)", logger: self.logger)
                .collect().first.map(Self.grant)
        }
    }

    // MARK: - Sessions

    public func createSession(tokenHash: String, user name: String, createdAt: String, expiresAt: String) async throws(StoreError) {
        try await transaction { connection in
            let id = try await Self.userID(connection, name: name, logger: self.logger)
            do {
                try await connection.checkedQuery("""
                    INSERT INTO user_session (token_hash, user_id, created_at, expires_at) VALUES (\(tokenHash), \(id), \(createdAt), \(expiresAt))
                    """, logger: self.logger)
            } catch let error as PSQLError where error.sqlState == "23505" {
                throw StoreError.duplicate("a session with this token already exists")
            }
        }
    }

    /// The session's user, their latest password hash and their grants in force. Held in memory
    /// while `followAccountChanges` runs (a server), for at most two seconds and only until a
    /// change to sessions or grants is announced; else read in one statement (a row per grant,
    /// or one row with NULL grant columns), found through indexes only.
    public func signedIn(tokenHash: String, now: String) async throws(StoreError) -> SignedIn? {
        if let held = cache.session(tokenHash: tokenHash, now: now) { return held }
        let generation = cache.sessionGeneration()
        let signedIn = try await readSignedIn(tokenHash: tokenHash, now: now)
        if let signedIn, let generation { cache.remember(signedIn, generation: generation) }
        return signedIn
    }

    private func readSignedIn(tokenHash: String, now: String) async throws(StoreError) -> SignedIn? {
        let rows = try await withConnection { connection in
            try await connection.checkedExecute(SignedInLookup(tokenHash: tokenHash, now: now), logger: self.logger)
        }
        do {
            guard let first = rows.first else { return nil }
            let (id, name, createdAt, createdBy, passwordHash, expiresAt) =
                try first.decode((Int64, String, String, String, String?, String).self)
            guard let passwordHash else { return nil }
            var grants: [RoleGrant] = []
            for row in rows {
                let cells = row.makeRandomAccess()
                guard let grantID = try cells[6].decode(Int64?.self), let code = try cells[8].decode(String?.self) else { continue }
                grants.append(RoleGrant(
                    id: grantID, user: name, organizationID: try cells[7].decode(Int64.self), organizationCode: code,
                    organizationName: try cells[9].decode(String.self),
                    role: try RowValue.decode(Role.self, try cells[10].decode(String.self), column: "role_grant.role"),
                    grantedBy: try cells[11].decode(String.self), grantedAt: try cells[12].decode(String.self)))
            }
            return SignedIn(user: UserAccount(id: id, name: name, passwordHash: passwordHash, createdAt: createdAt, createdBy: createdBy),
                            grants: grants, tokenHash: tokenHash, expiresAt: expiresAt)
        } catch {
            throw target.storeError(error)
        }
    }

    public func endSession(tokenHash: String, at timestamp: String) async throws(StoreError) {
        try await accountTransaction { connection in
            try await connection.checkedQuery("""
                INSERT INTO session_end (token_hash, ended_at)
                SELECT s.token_hash, \(timestamp) FROM user_session s WHERE s.token_hash = \(tokenHash)
                ON CONFLICT (token_hash) DO NOTHING
                """, logger: self.logger)
        }
    }

    public func endSessions(of user: String, at timestamp: String) async throws(StoreError) {
        try await accountTransaction { connection in
            let id = try await Self.userID(connection, name: user, logger: self.logger)
            try await Self.endSessions(connection, userID: id, at: timestamp, logger: self.logger)
        }
    }

    /// Ends a user's sessions that are neither ended nor expired at `timestamp`.
    static func endSessions(_ connection: PostgresConnection, userID: Int64, at timestamp: String, logger: Logger) async throws {
        try await connection.checkedQuery("""
            INSERT INTO session_end (token_hash, ended_at)
            SELECT s.token_hash, \(timestamp) FROM user_session s
            WHERE s.user_id = \(userID) AND s.expires_at > \(timestamp) COLLATE "C"
            ON CONFLICT (token_hash) DO NOTHING
            """, logger: logger)
    }

    // MARK: - Every server hears of a change

    /// The channel on which a change to sessions or grants is announced (at commit), so that
    /// every server drops the sessions it holds (see `followAccountChanges`).
    static let accountsChannel = "fazhan_accounts"

    /// A transaction that changes what a session may do (a grant, a revocation, a sign-out, a
    /// new password): announced to every server at commit, and this store's sessions dropped
    /// before it returns.
    func accountTransaction<T>(_ body: (PostgresConnection) async throws -> T) async throws(StoreError) -> T {
        let value = try await transaction { connection in
            let value = try await body(connection)
            try await connection.checkedQuery("SELECT pg_notify(\(Self.accountsChannel), '')", logger: self.logger)
            return value
        }
        cache.sessionsChanged()
        return value
    }

    /// Keeps the sessions this store holds true for as long as it runs (a server runs it beside
    /// its requests): listens on its own connection for account changes announced by any
    /// process, dropping every session held on each. Sessions are held only while it listens; a
    /// lost connection stops holding them until it listens again (it retries every second).
    public func followAccountChanges() async {
        while !Task.isCancelled {
            do {
                let connection = try await PostgresConnection.connect(
                    configuration: target.connectionConfiguration, id: 1_000_000, logger: logger)
                do {
                    try await connection.listen(on: Self.accountsChannel) { notifications in
                        cache.holdSessions(true)
                        for try await _ in notifications { cache.sessionsChanged() }
                    }
                } catch {
                    cache.holdSessions(false)
                    try? await connection.close()
                    throw error
                }
                cache.holdSessions(false)
                try? await connection.close()
            } catch {
                if !Task.isCancelled { logger.warning("not following account changes (\(target.storeError(error))); retrying in a second") }
            }
            cache.holdSessions(false)
            try? await Task.sleep(for: .seconds(1))
        }
    }

    /// Whether sessions are answered from memory now (`followAccountChanges` is listening).
    public func holdsSessions() -> Bool {
        cache.sessionGeneration() != nil
    }

    // MARK: - Integrity

    /// Every grant and revocation, in the order of the chain, against its seal.
    static func verifyGrantChain(_ connection: PostgresConnection, into verifier: inout GrantChainVerifier, logger: Logger) async throws {
        let rows = try await connection.checkedQuery("""
            SELECT 0 AS kind, g.id AS grant_id, g.seq, g.seal, u.name, o.code, g.role, g.granted_by, g.granted_at
            FROM role_grant g LEFT JOIN app_user u ON u.id = g.user_id LEFT JOIN organization o ON o.id = g.organization_id
            UNION ALL
            SELECT 1, r.grant_id, r.seq, r.seal, u.name, o.code, g.role, r.revoked_by, r.revoked_at
            FROM grant_revocation r LEFT JOIN role_grant g ON g.id = r.grant_id
            LEFT JOIN app_user u ON u.id = g.user_id LEFT JOIN organization o ON o.id = g.organization_id
            ORDER BY 3, 1, 2
            """, logger: logger)
        for try await row in rows {
            let (kind, grantID, seq, seal, user, code, role, by, at) =
                try row.decode((Int32, Int64, Int64, String, String?, String?, String?, String, String).self)
            verifier.check(GrantChainVerifier.Entry(
                kind: kind == 0 ? .grant : .revocation, grantID: grantID, seq: seq, seal: seal, user: user, organizationCode: code,
                role: role, by: by, at: at))
        }
    }
}

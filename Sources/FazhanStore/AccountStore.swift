import FazhanCore

/// A user who signs in to the server. The password is kept only as its bcrypt hash.
public struct UserAccount: Sendable, Hashable {
    public var id: Int64
    public var name: String
    public var passwordHash: String
    public var createdAt: String
    public var createdBy: String

    public init(id: Int64, name: String, passwordHash: String, createdAt: String, createdBy: String) {
        self.id = id
        self.name = name
        self.passwordHash = passwordHash
        self.createdAt = createdAt
        self.createdBy = createdBy
    }
}

/// A role granted to a user at an organization (covering its subtree). Grants are append-only
/// and sealed in one chain like events; revoking one appends a revocation that names it.
public struct RoleGrant: Sendable, Hashable, Codable {
    public var id: Int64
    public var user: String
    public var organizationID: Int64
    public var organizationCode: String
    public var organizationName: String
    public var role: Role
    public var grantedBy: String
    public var grantedAt: String
    public var revokedBy: String?
    public var revokedAt: String?

    public var isActive: Bool { revokedAt == nil }

    public init(id: Int64, user: String, organizationID: Int64, organizationCode: String, organizationName: String, role: Role,
                grantedBy: String, grantedAt: String, revokedBy: String? = nil, revokedAt: String? = nil) {
        self.id = id
        self.user = user
        self.organizationID = organizationID
        self.organizationCode = organizationCode
        self.organizationName = organizationName
        self.role = role
        self.grantedBy = grantedBy
        self.grantedAt = grantedAt
        self.revokedBy = revokedBy
        self.revokedAt = revokedAt
    }
}

/// Who a valid session token belongs to, with the grants in force now.
public struct SignedIn: Sendable, Hashable {
    public var user: UserAccount
    public var grants: [RoleGrant]
    public var tokenHash: String
    public var expiresAt: String

    public init(user: UserAccount, grants: [RoleGrant], tokenHash: String, expiresAt: String) {
        self.user = user
        self.grants = grants
        self.tokenHash = tokenHash
        self.expiresAt = expiresAt
    }
}

/// Users, their role grants and their sessions: what the server needs to know who is asking and
/// what they may do. Implemented by every backend beside `EventStore`.
///
/// Timestamps are ISO 8601 UTC strings (as events' `recordedAt`), compared as strings.
public protocol AccountStore: Sendable {
    /// Adds a user; `.duplicate` when the name is taken.
    func addUser(name: String, passwordHash: String, createdBy: String, at timestamp: String) async throws(StoreError) -> UserAccount
    func user(named name: String) async throws(StoreError) -> UserAccount?
    func users() async throws(StoreError) -> [UserAccount]
    /// Replaces a user's password hash (appends a new credential; the latest counts) and ends their sessions.
    func setPassword(user name: String, passwordHash: String, by: String, at timestamp: String) async throws(StoreError)

    /// Grants `role` at the organization `organizationCode`; `.notFound` for an unknown user or organization.
    func grant(user name: String, role: Role, organizationCode: String, by: String, at timestamp: String) async throws(StoreError) -> RoleGrant
    /// Revokes a grant (appends a revocation naming it); `.notFound` when there is none, `.duplicate` when already revoked.
    func revokeGrant(id: Int64, by: String, at timestamp: String) async throws(StoreError) -> RoleGrant
    /// A user's grants, revoked ones too when asked, in grant order.
    func grants(of user: String, includeRevoked: Bool) async throws(StoreError) -> [RoleGrant]
    func grant(id: Int64) async throws(StoreError) -> RoleGrant?

    /// Stores a new session by the SHA-256 of its token (the token itself is never stored).
    func createSession(tokenHash: String, user name: String, createdAt: String, expiresAt: String) async throws(StoreError)
    /// The user and active grants of a session that exists, is not revoked and has not expired at `now`; nil otherwise.
    func signedIn(tokenHash: String, now: String) async throws(StoreError) -> SignedIn?
    /// Ends one session (appends its revocation); nothing happens for an unknown or ended one.
    func endSession(tokenHash: String, at timestamp: String) async throws(StoreError)
    /// Ends every session of a user.
    func endSessions(of user: String, at timestamp: String) async throws(StoreError)
}

import FazhanCore

/// The seals over role grants and their revocations, the same on every database.
///
/// Grants and revocations form ONE chain, in the order they were written: each entry's `seq` is
/// its place (1, 2, 3, ...), and its seal is the hash of the seal before it and of its content
/// (see `content`). An entry edited, deleted or written outside Fazhan breaks the chain, and
/// `verify` names it. (As with the event log, a deleted tail leaves no gap: note the head that
/// `verify` reports elsewhere to detect it.)
///
/// The content names the user and the organization by name and code, not by database id, so the
/// same grants give the same seals on SQLite and on PostgreSQL.
public enum GrantSeals {
    /// What an entry of the chain is.
    public enum Kind: String, Sendable, Hashable {
        case grant
        case revocation
    }

    /// The content an entry's seal covers: its kind, the grant's id, user, organization and role,
    /// and who wrote the entry when.
    public static func content(kind: Kind, grantID: Int64, user: String, organizationCode: String, role: String,
                               by: String, at timestamp: String) -> String {
        func escaped(_ text: String) -> String {
            text.utf8.contains(0x0A) ? text.replacingOccurrences(of: "\n", with: "\\n") : text
        }
        return "kind=\(kind.rawValue)\nid=\(grantID)\nuser=\(escaped(user))\norganization=\(escaped(organizationCode))"
            + "\nrole=\(escaped(role))\nby=\(escaped(by))\nat=\(escaped(timestamp))"
    }

    /// The seal of an entry that follows `previous` (the genesis for the first).
    public static func seal(kind: Kind, grantID: Int64, user: String, organizationCode: String, role: String,
                            by: String, at timestamp: String, previous: String) -> String {
        SealChain.seal(
            content: content(kind: kind, grantID: grantID, user: user, organizationCode: organizationCode, role: role,
                             by: by, at: timestamp),
            previous: previous)
    }
}

/// Checks the chain of grants and revocations as a backend reads it, entry by entry in `seq`
/// order. Shared by every backend, so that SQLite and PostgreSQL judge the same chain the same way.
public struct GrantChainVerifier: Sendable {
    /// One stored entry of the chain. `user`, `organizationCode` and `role` are nil where the row
    /// they come from is gone (a revocation whose grant was deleted).
    public struct Entry: Sendable {
        public var kind: GrantSeals.Kind
        public var grantID: Int64
        public var seq: Int64
        public var seal: String
        public var user: String?
        public var organizationCode: String?
        public var role: String?
        public var by: String
        public var at: String

        public init(kind: GrantSeals.Kind, grantID: Int64, seq: Int64, seal: String, user: String?, organizationCode: String?,
                    role: String?, by: String, at: String) {
            self.kind = kind
            self.grantID = grantID
            self.seq = seq
            self.seal = seal
            self.user = user
            self.organizationCode = organizationCode
            self.role = role
            self.by = by
            self.at = at
        }

        var name: String {
            switch kind {
            case .grant:
                return "grant #\(grantID) (\(user ?? "an unknown user") as \(role ?? "?") at \(organizationCode ?? "an unknown organization"), "
                    + "granted by \(by) at \(at))"
            case .revocation:
                return "the revocation of grant #\(grantID) (by \(by) at \(at))"
            }
        }
    }

    public private(set) var problems: [IntegrityProblem] = []
    /// How many entries (grants and revocations) the chain holds.
    public private(set) var entries = 0
    /// The seal of the last entry (the genesis when there is none).
    public private(set) var head = SealChain.genesis
    private var expected: Int64 = 1
    private var grants: Set<Int64> = []

    public init() {}

    /// Checks the next entry; entries come in `seq` order (a grant before a revocation of the same `seq`).
    public mutating func check(_ entry: Entry) {
        entries += 1
        if entry.seq < expected {
            problems.append(IntegrityProblem(
                kind: .grant, eventID: nil,
                message: "\(entry.name) takes place \(entry.seq) of the chain of role grants, which another entry holds: it was written outside Fazhan"))
            return
        }
        if entry.seq > expected {
            let gone = entry.seq - 1 == expected ? "entry \(expected)" : "entries \(expected) to \(entry.seq - 1)"
            problems.append(IntegrityProblem(
                kind: .grant, eventID: nil,
                message: "\(gone) of the chain of role grants and revocations \(entry.seq - 1 == expected ? "is" : "are") gone: "
                    + "grants or revocations were deleted"))
        }
        expected = entry.seq + 1
        if entry.kind == .grant { grants.insert(entry.grantID) }
        if let user = entry.user, let organizationCode = entry.organizationCode, let role = entry.role {
            let seal = GrantSeals.seal(kind: entry.kind, grantID: entry.grantID, user: user, organizationCode: organizationCode,
                                       role: role, by: entry.by, at: entry.at, previous: head)
            if seal != entry.seal {
                problems.append(IntegrityProblem(
                    kind: .grant, eventID: nil,
                    message: "\(entry.name) was changed after it was written, or written outside Fazhan"))
            }
        } else if entry.kind == .revocation && !grants.contains(entry.grantID) {
            problems.append(IntegrityProblem(
                kind: .grant, eventID: nil, message: "\(entry.name) names a grant that is gone: the grant was deleted"))
        } else {
            problems.append(IntegrityProblem(
                kind: .grant, eventID: nil,
                message: "\(entry.name) names a user or an organization that is gone: it was deleted"))
        }
        head = entry.seal
    }
}

extension IntegrityReport {
    /// Adds what the grant chain's check found: its problems after the others, and, where the
    /// chain has entries, their number and its head.
    public mutating func include(_ grants: GrantChainVerifier) {
        problems += grants.problems
        if grants.entries > 0 {
            self.grants = grants.entries
            grantHead = grants.head
        }
    }
}

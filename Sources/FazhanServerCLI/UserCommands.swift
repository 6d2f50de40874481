import ArgumentParser
import FazhanCore
import FazhanPostgres
import FazhanReports
import FazhanServer
import FazhanSQLite
import FazhanStore
import Foundation

/// `fazhan-server user ...`: the server's users, their role grants and their passwords, managed
/// by whoever may open the database (the first user of a database is added this way).
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Add users, grant and revoke their roles, set their passwords.",
        discussion: """
            Roles: branch (党支部), general-branch (党总支), committee (党委组织部), admin (管理员); a role granted at an \
            organization covers the organizations under it. Who granted is the OS user, as os:NAME.
            """,
        subcommands: [UserAddCommand.self, UserGrantCommand.self, UserRevokeCommand.self, UserListCommand.self, UserPasswordCommand.self])
}

/// The database the user commands work on.
struct AccountDatabaseOptions: ParsableArguments {
    @Option(name: .long, help: "postgres://user[:password]@host:port/database, or the path of an SQLite database")
    var database: String

    /// Opens the database: a PostgreSQL URL through the pool (its schema checked), else an
    /// existing SQLite file (`readOnly` for a command that only reads).
    func open(readOnly: Bool = false) async throws -> any AccountStore & EventStore {
        if isPostgresURL(database) {
            _ = try parseTarget(database)
            return try await PostgresStore.connect(url: database, logger: serverLogger())
        }
        let store = try SQLiteStore.open(path: database, create: false, readOnly: readOnly)
        // Grants are sealed records: their checkpoint is signed with the key beside the file, if there is one.
        let keyPath = CheckpointKeyFile.defaultPath(forDatabase: database)
        if !readOnly, FileManager.default.fileExists(atPath: keyPath) {
            store.sign(loading: { try CheckpointKeyFile.load(at: keyPath) })
        }
        return store
    }
}

/// The role `text` names, or a usage error listing the four.
func parseRole(_ text: String) throws -> Role {
    guard let role = Role(rawValue: text) else {
        throw ValidationError("\"\(text)\" is not a role: give one of "
            + Role.allCases.map { "\($0.rawValue) (\($0.chineseName))" }.joined(separator: ", "))
    }
    return role
}

/// A usage error unless `name` can be a user's sign-in name.
func validateUserName(_ name: String) throws {
    if name.isEmpty { throw ValidationError("a user's name cannot be empty") }
    if name.count > 64 { throw ValidationError("a user's name has at most 64 characters; \"\(name)\" has \(name.count)") }
    if name.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.properties.generalCategory == .control }) {
        throw ValidationError("a user's name cannot hold spaces or control characters: \"\(name)\"")
    }
}

/// Who is running the command: the OS user, as `os:NAME`.
func operatorName() -> String {
    let environment = ProcessInfo.processInfo.environment
    return "os:" + (environment["USER"] ?? environment["LOGNAME"] ?? NSUserName())
}

/// Now, UTC, ISO 8601 with milliseconds (`2026-11-20T08:30:00.125Z`, as events' `recordedAt`).
func accountTimestamp() -> String {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    return formatter.string(from: Date())
}

/// The password on the first line of standard input, refused when empty or shorter than 8 characters.
func readPassword() throws -> String {
    guard let password = readLine(strippingNewline: true), !password.isEmpty else {
        throw ServerFailure(Catalogue.noPasswordGivenOnStdin)
    }
    guard password.count >= 8 else {
        throw ServerFailure(Catalogue.passwordTooShort(password.count))
    }
    return password
}

/// The password to set: read from standard input, or generated (and then printed once, after it is stored).
func newPassword(fromStandardInput: Bool) throws -> String {
    fromStandardInput ? try readPassword() : Passwords.generate()
}

struct UserAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a user with a role at an organization.",
        discussion: """
            Without --password-stdin a password is generated and printed once: pass it on to the user.
              fazhan-server user add wang --org CS --role general-branch --database fazhan.sqlite
              printf '%s\\n' "$PASSWORD" | fazhan-server user add li --org U --role admin --database URL --password-stdin
            """)

    @Argument(help: "The user's sign-in name.") var name: String
    @Option(name: .long, help: "The code of the organization the role is granted at.") var org: String
    @Option(name: .long, help: "branch, general-branch, committee or admin.") var role: String
    @OptionGroup var database: AccountDatabaseOptions
    @Flag(name: .long, help: "Read the password from the first line of standard input instead of generating one.")
    var passwordStdin = false

    func validate() throws {
        try validateUserName(name)
        _ = try parseRole(role)
    }

    func run() async throws {
        let role = try parseRole(role)
        let password = try newPassword(fromStandardInput: passwordStdin)
        let store = try await database.open()
        guard try await store.organizations().contains(where: { $0.code == org }) else {
            throw ServerFailure(Catalogue.noSuchOrganization(org))
        }
        if try await store.user(named: name) != nil {
            throw ServerFailure(Catalogue.userExists(name))
        }
        let hash = await Passwords.hash(password)
        let by = operatorName()
        let at = accountTimestamp()
        _ = try await store.addUser(name: name, passwordHash: hash, createdBy: by, at: at)
        let grant: RoleGrant
        do {
            grant = try await store.grant(user: name, role: role, organizationCode: org, by: by, at: at)
        } catch {
            throw ServerFailure(Catalogue.addedWithoutRole(name, error: "\(error)", org: org, role: "\(role)"))
        }
        output(Catalogue.userAdded(name, role: "\(role)", org: org, orgName: grant.organizationName, grant: grant.id))
        if !passwordStdin { output(Catalogue.passwordShownOnce(name, password)) }
    }
}

struct UserGrantCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grant",
        abstract: "Grant a user a role at an organization (and the organizations under it).")

    @Argument(help: "The user's sign-in name.") var name: String
    @Option(name: .long, help: "The code of the organization the role is granted at.") var org: String
    @Option(name: .long, help: "branch, general-branch, committee or admin.") var role: String
    @OptionGroup var database: AccountDatabaseOptions

    func validate() throws {
        _ = try parseRole(role)
    }

    func run() async throws {
        let role = try parseRole(role)
        let store = try await database.open()
        let grant = try await store.grant(user: name, role: role, organizationCode: org, by: operatorName(), at: accountTimestamp())
        output(Catalogue.granted(name, role: "\(role)", org: org, orgName: grant.organizationName, grant: grant.id))
    }
}

struct UserRevokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke",
        abstract: "Revoke a user's role at an organization, or one grant by its number.",
        discussion: """
            The revocation is appended and sealed; the grant stops counting at once, for sessions already open too.
              fazhan-server user revoke wang --org CS --role general-branch --database fazhan.sqlite
              fazhan-server user revoke --grant 7 --database fazhan.sqlite
            """)

    @Argument(help: "The user's sign-in name (optional with --grant).") var name: String?
    @Option(name: .long, help: "The code of the organization the role was granted at.") var org: String?
    @Option(name: .long, help: "branch, general-branch, committee or admin.") var role: String?
    @Option(name: .long, help: "The number of the grant to revoke (see `user list`).") var grant: Int64?
    @OptionGroup var database: AccountDatabaseOptions

    func validate() throws {
        if grant != nil {
            if org != nil || role != nil { throw ValidationError("give either --grant ID, or --org CODE and --role ROLE, not both") }
        } else {
            guard name != nil, org != nil, let role else {
                throw ValidationError("give the user's name with --org CODE and --role ROLE, or --grant ID")
            }
            _ = try parseRole(role)
        }
    }

    func run() async throws {
        let store = try await database.open()
        let by = operatorName()
        let at = accountTimestamp()
        var ids: [Int64] = []
        if let grant {
            if let name, let found = try await store.grant(id: grant), found.user != name {
                throw ServerFailure(Catalogue.grantOfAnother(grant, holder: found.user, name: name))
            }
            ids = [grant]
        } else if let name, let org, let role {
            let wanted = try parseRole(role)
            ids = try await store.grants(of: name, includeRevoked: false)
                .filter { $0.organizationCode == org && $0.role == wanted }.map(\.id)
            if ids.isEmpty { throw ServerFailure(Catalogue.noGrantInForce(name, role: "\(wanted)", org: "\(org)")) }
        }
        for id in ids {
            let revoked = try await store.revokeGrant(id: id, by: by, at: at)
            output(Catalogue.revoked(id, user: revoked.user, role: "\(revoked.role)", org: revoked.organizationCode, orgName: revoked.organizationName))
        }
    }
}

/// Whether `user list` writes a table or JSON.
enum UserListFormat: String, CaseIterable, ExpressibleByArgument {
    case table
    case json
}

/// A user as `user list --format json` shows them: no password hash.
struct UserListing: Encodable {
    var name: String
    var createdAt: String
    var createdBy: String
    var grants: [RoleGrant]
}

struct UserListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the users with their grants in force (with --all, revoked ones too, with who revoked them when).")

    @OptionGroup var database: AccountDatabaseOptions
    @Option(name: .long, help: "table or json.") var format: UserListFormat = .table
    @Flag(name: .long, help: "Show revoked grants too.") var all = false

    func run() async throws {
        let store = try await database.open(readOnly: true)
        var listings: [UserListing] = []
        for user in try await store.users() {
            listings.append(UserListing(name: user.name, createdAt: user.createdAt, createdBy: user.createdBy,
                                        grants: try await store.grants(of: user.name, includeRevoked: all)))
        }
        if format == .json {
            output(try JSONOutput.render(listings))
            return
        }
        let titles = Catalogue.userListColumns
        var columns = titles.prefix(6).enumerated().map { Table.Column($1, alignment: $0 == 1 ? .right : .left) }
        if all { columns += titles.suffix(2).map { Table.Column($0) } }
        var rows: [[String]] = []
        for listing in listings {
            if listing.grants.isEmpty {
                rows.append([listing.name, "", Catalogue.noGrants, "", "", ""] + (all ? ["", ""] : []))
            }
            for grant in listing.grants {
                rows.append([listing.name, "#\(grant.id)", grant.role.rawValue, "\(grant.organizationCode) \(grant.organizationName)",
                             grant.grantedBy, grant.grantedAt]
                            + (all ? [grant.revokedBy ?? "", grant.revokedAt ?? ""] : []))
            }
        }
        output(Table(columns: columns, rows: rows).render())
    }
}

struct UserPasswordCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "password",
        abstract: "Set a new password for a user and end their sessions.",
        discussion: "Without --password-stdin a password is generated and printed once.")

    @Argument(help: "The user's sign-in name.") var name: String
    @OptionGroup var database: AccountDatabaseOptions
    @Flag(name: .long, help: "Read the password from the first line of standard input instead of generating one.")
    var passwordStdin = false

    func run() async throws {
        let password = try newPassword(fromStandardInput: passwordStdin)
        let store = try await database.open()
        guard try await store.user(named: name) != nil else {
            throw ServerFailure(Catalogue.noSuchUser(name))
        }
        try await store.setPassword(user: name, passwordHash: await Passwords.hash(password), by: operatorName(), at: accountTimestamp())
        output(Catalogue.passwordSet(name))
        if !passwordStdin { output(Catalogue.passwordShownOnce(name, password)) }
    }
}

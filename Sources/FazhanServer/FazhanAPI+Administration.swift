import FazhanCore
import FazhanReports
import FazhanService
import FazhanStore
import FazhanViews
import Foundation
import HTTPTypes
import Hummingbird

extension FazhanAPI {
    func addAdministration(_ router: Router<FazhanRequestContext>) {
        router.get("/v1/organizations") { request, context -> Response in
            let query = try Query(request, allowed: ["format"])
            let caller = try context.caller()
            let tree = try await DevelopmentService(store: store).organizationTree()
            let held = Set(caller.grants.map(\.organizationID))
            let visible = tree.ordered.filter { !held.isDisjoint(with: tree.directory.chain(of: $0.organization.id)) }
            let format = try query.format()
            struct Row: Encodable { var code, name, kind: String; var parent: String?; var category: String?; var canApprove: Bool; var people: Int; var depth: Int }
            let rows = visible.map { organization, depth in
                Row(code: organization.code, name: organization.name, kind: organization.kind.rawValue,
                    parent: organization.parentID.flatMap { tree.directory.byID[$0]?.code }, category: organization.category?.rawValue,
                    canApprove: organization.canApprove, people: tree.people[organization.code] ?? 0, depth: depth)
            }
            if format == "json" { return try .json(rows) }
            let listing = Listing(
                columns: [Table.Column("code"), Table.Column("name"), Table.Column("kind"), Table.Column("category"),
                          Table.Column("approves"), Table.Column("people", alignment: .right)],
                rows: rows.map { row in
                    [String(repeating: "  ", count: row.depth) + row.code, row.name, row.kind, row.category ?? "", row.canApprove ? "yes" : "",
                     String(row.people)]
                })
            return .rendered((format == "csv" ? listing.renderCSV() : listing.renderTable()) + "\n", format: format)
        }

        router.post("/v1/organizations") { request, context -> Response in
            let caller = try context.caller()
            let body = try JSONBody(try await bodyBytes(request, context: context),
                                    allowed: ["code", "name", "kind", "parent", "category", "canApprove"])
            let code = try body.string("code", required: true, maxLength: 40)!
            let name = try body.string("name", required: true, maxLength: 100)!
            let kind = Organization.Kind(rawValue: try body.oneOf("kind", Organization.Kind.allCases.map(\.rawValue), required: true)!)!
            let category = try body.oneOf("category", Organization.Category.allCases.map(\.rawValue)).flatMap(Organization.Category.init(rawValue:))
            let parent = try body.string("parent", maxLength: 40)
            try await requireAdmin(caller, over: parent, creatingRoot: parent == nil)
            let organization = try await DevelopmentService(store: store).addOrganization(NewOrganization(
                code: code, name: name, kind: kind, parentCode: parent, category: category, canApprove: try body.bool("canApprove") ?? false,
                createdAt: Clock.timestamp(), createdBy: caller.user))
            struct Added: Encodable { var id: Int64; var code, name, kind: String }
            return try .json(Added(id: organization.id, code: organization.code, name: organization.name, kind: organization.kind.rawValue),
                             status: .created)
        }

        router.get("/v1/users") { request, context -> Response in
            _ = try Query(request, allowed: [])
            let caller = try context.caller()
            guard caller.isAdmin else { throw APIError.forbidden("listing users needs the admin role") }
            let adminOver = try await adminSubtrees(caller)
            struct Row: Encodable { var name, createdAt, createdBy: String; var grants: [RoleGrant] }
            var rows: [Row] = []
            for user in try await store.users() {
                let grants = try await store.grants(of: user.name, includeRevoked: true)
                // An admin sees the users holding grants within their subtrees (and users without any grant yet).
                guard grants.isEmpty || grants.contains(where: { adminOver.contains($0.organizationID) }) || user.name == caller.user else { continue }
                rows.append(Row(name: user.name, createdAt: user.createdAt, createdBy: user.createdBy, grants: grants))
            }
            return try .json(rows)
        }

        router.post("/v1/users") { request, context -> Response in
            let caller = try context.caller()
            guard caller.isAdmin else { throw APIError.forbidden("adding users needs the admin role") }
            let body = try JSONBody(try await bodyBytes(request, context: context), allowed: ["name", "password"])
            let name = try body.string("name", required: true, maxLength: 100)!
            guard name.allSatisfy({ !$0.isWhitespace && !$0.isNewline }) else { throw APIError.badRequest("name must not contain spaces") }
            let given = try body.string("password", maxLength: 200)
            if let given, given.count < 8 { throw APIError.badRequest("password must have at least 8 characters") }
            let password = given ?? Passwords.generate()
            let user = try await store.addUser(name: name, passwordHash: await Passwords.hash(password), createdBy: caller.user, at: Clock.timestamp())
            struct Added: Encodable { var name: String; var password: String? }
            return try .json(Added(name: user.name, password: given == nil ? password : nil), status: .created)
        }

        router.post("/v1/users/:user/grants") { request, context -> Response in
            let caller = try context.caller()
            let user = try pathSegment(context, "user")
            let body = try JSONBody(try await bodyBytes(request, context: context), allowed: ["organization", "role"])
            let organization = try body.string("organization", required: true, maxLength: 40)!
            let role = Role(rawValue: try body.oneOf("role", Role.allCases.map(\.rawValue), required: true)!)!
            try await requireAdmin(caller, over: organization, creatingRoot: false)
            let grant = try await store.grant(user: user, role: role, organizationCode: organization, by: caller.user, at: Clock.timestamp())
            return try .json(grant, status: .created)
        }

        router.delete("/v1/grants/:grant") { _, context -> Response in
            let caller = try context.caller()
            guard let id = context.parameters.get("grant", as: Int64.self), id > 0 else {
                throw APIError.badRequest("the grant must be a positive whole number")
            }
            guard let grant = try await store.grant(id: id), try await adminSubtrees(caller).contains(grant.organizationID) else {
                throw APIError.notFound("no grant #\(id) within your organizations")
            }
            _ = try await store.revokeGrant(id: id, by: caller.user, at: Clock.timestamp())
            return Response(status: .noContent)
        }
    }

    /// The organizations under the caller's admin grants.
    func adminSubtrees(_ caller: Caller) async throws -> Set<Int64> {
        let admin = caller.grants.filter { $0.role == .admin }
        guard !admin.isEmpty else { return [] }
        let directory = try await store.organizationDirectory()
        return admin.reduce(into: Set<Int64>()) { $0.formUnion(directory.subtree(of: $1.organizationID)) }
    }

    /// Refuses unless the caller is an admin over `code` (a root organization needs an admin of a root).
    func requireAdmin(_ caller: Caller, over code: String?, creatingRoot: Bool) async throws {
        guard caller.isAdmin else { throw APIError.forbidden("this needs the admin role") }
        let directory = try await store.organizationDirectory()
        if creatingRoot {
            let roots = Set(directory.byID.values.filter { $0.parentID == nil }.map(\.id))
            guard caller.grants.contains(where: { $0.role == .admin && roots.contains($0.organizationID) }) else {
                throw APIError.forbidden("adding a top-level organization needs the admin role at a top-level organization")
            }
            return
        }
        guard let code, let organization = directory.organization(code: code) else {
            throw APIError.notFound("no organization \(code ?? "") within your organizations")
        }
        guard try await adminSubtrees(caller).contains(organization.id) else {
            throw APIError.notFound("no organization \(code) within your organizations")
        }
    }
}

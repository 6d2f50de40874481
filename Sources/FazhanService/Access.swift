import FazhanCore
import FazhanStore

/// Who is asking, on the server: the signed-in user and the grants in force for this request.
///
/// A grant covers its organization's whole subtree. A person is visible when an organization
/// holding them now (after transfers) lies under a reading grant; they may record a step when
/// such a grant's role covers the role the workflow gives the step (`by:`).
public struct Caller: Sendable, Hashable {
    public var user: String
    public var grants: [RoleGrant]

    public init(user: String, grants: [RoleGrant]) {
        self.user = user
        self.grants = grants.filter(\.isActive)
    }

    /// The grants that read and record people (every role but admin).
    public var readingGrants: [RoleGrant] { grants.filter { $0.role.recordingRank != nil } }

    public var isAdmin: Bool { grants.contains { $0.role == .admin } }

    /// The grants whose subtree holds an organization, given the organization and its ancestors.
    func grants(over chain: [Int64]) -> [RoleGrant] {
        let ids = Set(chain)
        return grants.filter { ids.contains($0.organizationID) }
    }

    /// Whether the caller reads the people of an organization (given with its ancestors).
    func reads(_ chain: [Int64]) -> Bool {
        grants(over: chain).contains { $0.role.recordingRank != nil }
    }

    /// Whether the caller may record a step needing `role` for a person of an organization.
    func records(_ role: Role, over chain: [Int64]) -> Bool {
        grants(over: chain).contains { $0.role.covers(role) }
    }

    /// Whether the caller may see resident ID numbers in full for people of an organization:
    /// the committee (党委组织部) keeps the dossiers.
    public func reveals(over chain: [Int64]) -> Bool {
        grants(over: chain).contains { $0.role == .committee }
    }
}

extension OrganizationDirectory {
    /// An organization's id followed by its ancestors' ids, up to the root (as far as the directory knows them).
    public func chain(of id: Int64) -> [Int64] {
        var chain: [Int64] = []
        var next: Int64? = id
        while let current = next, !chain.contains(current) {
            chain.append(current)
            next = byID[current]?.parentID
        }
        return chain
    }
}

extension PersonFile {
    /// The organization holding the person now, after every recorded transfer, with its ancestors.
    public var organizationChain: [Int64] {
        let current = engine.organizationID(of: history, asOf: CivilDate(year: 9999, month: 12, day: 31)!, organizations: organizations)
        return organizations.chain(of: current)
    }
}

extension DevelopmentService {
    /// The same use cases as `caller` may use them: people outside the caller's subtrees are not
    /// found, steps their role may not record are forbidden, and what they record is theirs.
    public func acting(as caller: Caller) -> DevelopmentService {
        var scoped = self
        scoped.caller = caller
        return scoped
    }

    /// The same use cases, writing only if the person's history still has `version` events:
    /// otherwise `ServiceError.stale`, nothing written and no retry (the client re-reads).
    public func expecting(version: Int64?) -> DevelopmentService {
        var bound = self
        bound.expectedVersion = version
        return bound
    }

    /// Refuses (as not found) a person the caller may not see.
    func authorizeReading(_ file: PersonFile, key: String) throws {
        guard let caller else { return }
        if !caller.reads(file.organizationChain) { throw ServiceError.personNotFound(key) }
    }

    /// Refuses a step the caller's role may not record for this person.
    func authorizeRecording(_ stepID: String, in file: PersonFile) throws {
        guard let caller, let step = file.workflow.step(stepID) else { return }
        let chain = file.organizationChain
        if caller.records(step.by, over: chain) { return }
        throw ServiceError.forbidden(Catalogue.roleNeeded(
            step: "\(step.name) (\(step.id))", role: step.by.rawValue, roleName: step.by.chineseName,
            person: "\(file.person.name) (\(file.person.number))", user: caller.user,
            held: caller.grants(over: chain).map { ($0.role.rawValue, $0.organizationCode) }))
    }

    /// Whether the caller may see this person's resident ID number in full.
    public func mayReveal(_ file: PersonFile) -> Bool {
        guard let caller else { return true }
        return caller.reveals(over: file.organizationChain)
    }

    /// The organization a listing covers for the caller: the one asked for, if it lies within the
    /// caller's subtrees (else not found), or, when none is asked for, the organization of the
    /// caller's grants (the highest, when one holds all the others). Locally, what was asked.
    public func scopedOrganization(_ requested: String?) async throws -> String? {
        guard let caller else { return requested }
        let reading = caller.readingGrants
        if let requested {
            let directory = try await store.organizationDirectory(reaching: OrganizationReach(codes: [requested]))
            guard let organization = directory.organization(code: requested), caller.reads(directory.chain(of: organization.id)) else {
                throw ServiceError.organizationNotFound(requested)
            }
            return requested
        }
        guard !reading.isEmpty else {
            throw ServiceError.forbidden(Catalogue.noGrantToRead(caller.user))
        }
        let codes = Set(reading.map(\.organizationCode))
        if codes.count == 1 { return codes.first }
        let directory = try await store.organizationDirectory(reaching: OrganizationReach(codes: codes))
        for grant in reading where reading.allSatisfy({ directory.chain(of: $0.organizationID).contains(grant.organizationID) }) {
            return grant.organizationCode
        }
        throw ServiceError.organizationRequired(codes.sorted())
    }
}

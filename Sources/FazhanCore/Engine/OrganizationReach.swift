/// The organizations an evaluation of one person's history can look up, so that a command about
/// a few people loads those (and their ancestors) instead of a province's whole tree.
///
/// The engine looks organizations up in exactly two ways: by a code written in an event's data
/// (a transfer's destination, a named approver) and by walking up from the organization holding
/// the person (the one they registered with, or a transfer's destination) to the nearest 党委
/// with approval authority. A directory holding the organizations named here and all their
/// ancestors therefore answers every lookup of `Engine.evaluate`, `Auditor.audit` and
/// `AgendaBuilder.items` on these histories exactly as the whole tree would, including "no
/// organization with code X" for a code that names nothing. It does not answer `children(of:)`
/// or `subtree(of:)`.
public struct OrganizationReach: Sendable, Hashable {
    /// Organizations by id (a person's own).
    public var ids: Set<Int64> = []
    /// Organizations by code (named in event data); a code may name nothing.
    public var codes: Set<String> = []

    public init(ids: Set<Int64> = [], codes: Set<String> = []) {
        self.ids = ids
        self.codes = codes
    }

    /// What evaluating steps on `history` can look up, with `data` the data of steps not (yet)
    /// in it (a proposed step, a correction).
    public init(history: History, data: [EventData] = []) {
        add(history, data: data)
    }

    /// Adds what evaluating steps on `history` (and steps carrying `data`) can look up.
    public mutating func add(_ history: History, data: [EventData] = []) {
        ids.insert(history.person.organizationID)
        for event in history.events { add(event.data) }
        for extra in data { add(extra) }
    }

    /// Adds the codes one step's data names.
    public mutating func add(_ data: EventData) {
        if let code = data.organization { codes.insert(code) }
        if let code = data.approver { codes.insert(code) }
    }

    /// Whether a directory holds everything here that exists in `complete` (the whole tree), with
    /// the ancestors of each.
    public func isAnswered(by directory: OrganizationDirectory, complete: OrganizationDirectory) -> Bool {
        var starts = ids.compactMap { complete.byID[$0] }
        starts += codes.compactMap { complete.organization(code: $0) }
        return starts.allSatisfy { start in
            complete.chain(from: start.id).allSatisfy { directory.byID[$0.id] == $0 }
        } && codes.allSatisfy { directory.organization(code: $0) == complete.organization(code: $0) }
    }
}

extension OrganizationDirectory {
    /// The part of this directory a reach needs: its organizations and all their ancestors.
    public func restricted(to reach: OrganizationReach) -> OrganizationDirectory {
        var kept: [Int64: Organization] = [:]
        var starts = Array(reach.ids)
        starts += reach.codes.compactMap { organization(code: $0)?.id }
        for start in starts {
            for organization in chain(from: start) where kept[organization.id] == nil { kept[organization.id] = organization }
        }
        return OrganizationDirectory(kept.values.sorted { $0.id < $1.id })
    }
}

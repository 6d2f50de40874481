import FazhanCore

/// Member-development statistics for a period (a quarter, a year, any span of days), as built by
/// `StatisticsBuilder`.
///
/// Counted as the national statistics count: by the organization holding the person's
/// membership, admissions and conversions in the period of their approval date, members
/// including probationary members. The figures of any organization can be taken alone or with
/// everything under it (`figures(for:)`), and the whole is `overall`.
///
/// Encoded (for `--format json`) as the period, the stage columns, the number of histories,
/// the overall figures and every organization of the directory rolled up, in tree order: each
/// organization before its children, children by code.
public struct QuarterlyStatistics: Sendable, Hashable, Encodable {
    public let period: StatisticsPeriod
    /// The stages of the workflows counted, in the workflow's order (then by id).
    public let stages: [StageSummary]
    /// The number of histories the figures were computed from (including people with no
    /// application by the period's end, who are not counted).
    public let histories: Int
    /// The stage roles of the workflows counted, together.
    public let roles: StageRoles

    let tallies: [Int64: Tally]
    let movements: [Movement]
    let directory: OrganizationDirectory
    var organizations: [Int64: Organization] { directory.byID }

    init(period: StatisticsPeriod, stages: [StageSummary], histories: Int, roles: StageRoles,
         tallies: [Int64: Tally], movements: [Movement], organizations: OrganizationDirectory) {
        self.period = period
        self.stages = stages
        self.histories = histories
        self.roles = roles
        self.tallies = tallies
        self.movements = movements
        self.directory = organizations
    }

    // MARK: - Figures

    /// The figures of everyone counted, whichever organization holds them. Transfers between
    /// two organizations of the directory are internal to it and not counted here.
    public var overall: OrganizationFigures {
        figures(scope: nil, organization: nil, includesSubordinates: true)
    }

    /// The figures of the organization with `code`, with the organizations under it by default
    /// (a 党委 includes its 党总支 and their branches); `nil` for an unknown code.
    ///
    /// Rolled up, a transfer between two organizations under it is internal and is not counted
    /// as a transfer in or out.
    public func figures(for code: String, includingSubordinates: Bool = true) -> OrganizationFigures? {
        guard let organization = directory.organization(code: code) else { return nil }
        return figures(forOrganizationID: organization.id, includingSubordinates: includingSubordinates)
    }

    /// The figures of an organization by id (also an id missing from the directory that holds
    /// people, alone).
    public func figures(forOrganizationID id: Int64, includingSubordinates: Bool = true) -> OrganizationFigures? {
        guard organizations[id] != nil || tallies[id] != nil || movements.contains(where: { $0.from == id || $0.to == id }) else {
            return nil
        }
        let scope = includingSubordinates && organizations[id] != nil ? directory.subtree(of: id) : [id]
        return figures(scope: scope, organization: summary(of: id), includesSubordinates: includingSubordinates)
    }

    /// Every organization of the directory with everything under it, in tree order (each
    /// before its children, children by code), then ids missing from the directory that hold
    /// people.
    public var organizationFigures: [OrganizationFigures] {
        // Rolled up in one pass: each organization's own tally is added to every organization
        // above it, and each transfer to the organizations it enters or leaves (those above one
        // end and not the other), rather than summing a subtree for every organization.
        var rolled: [Int64: Tally] = [:]
        for (id, own) in tallies {
            for holder in chain(from: id) { rolled[holder, default: Tally()].add(own) }
        }
        var transfersIn: [Int64: CategoryCounts] = [:]
        var transfersOut: [Int64: CategoryCounts] = [:]
        for movement in movements {
            let from = chain(from: movement.from)
            let to = chain(from: movement.to)
            let fromSet = Set(from)
            let toSet = Set(to)
            for holder in to where !fromSet.contains(holder) { transfersIn[holder, default: CategoryCounts()][movement.category] += 1 }
            for holder in from where !toSet.contains(holder) { transfersOut[holder, default: CategoryCounts()][movement.category] += 1 }
        }
        return treeOrder().map { id in
            figures(tally: rolled[id] ?? Tally(), transfersIn: transfersIn[id] ?? CategoryCounts(),
                    transfersOut: transfersOut[id] ?? CategoryCounts(), organization: summary(of: id), includesSubordinates: true)
        }
    }

    /// An organization (or an id missing from the directory) and those above it in the
    /// directory: the organizations whose subtree holds it.
    private func chain(from id: Int64) -> [Int64] {
        let known = directory.chain(from: id).map(\.id)
        return known.isEmpty ? [id] : known
    }

    /// A ratio of the stock of `stages` among people of `category` in a scope to a count entered
    /// separately (enrolled students): `stages` is for example `roles.members` for the student
    /// member ratio (≥ 3.83% in seed 004) or `roles.reserve` for the reserve strength (≥ 42.90%).
    public func ratio(of stages: Set<String>, category: PersonProfile.Category, in figures: OrganizationFigures, to denominator: Int) -> Ratio {
        Ratio(figures.stock(stages.sorted())[category], of: denominator)
    }

    // MARK: - Rolling up

    private func summary(of id: Int64) -> OrganizationSummary {
        guard let organization = organizations[id] else {
            return OrganizationSummary(id: id, code: "#\(id)", name: "", kind: nil, parentCode: nil)
        }
        return OrganizationSummary(id: id, code: organization.code, name: organization.name, kind: organization.kind,
                                   parentCode: organization.parentID.flatMap { organizations[$0]?.code })
    }

    private func treeOrder() -> [Int64] {
        let known = organizations.values
        let children = Dictionary(grouping: known.filter { $0.parentID.map { organizations[$0] != nil } ?? false }, by: { $0.parentID! })
        var order: [Int64] = []
        var visited: Set<Int64> = []
        func visit(_ organization: Organization) {
            guard visited.insert(organization.id).inserted else { return }
            order.append(organization.id)
            for child in (children[organization.id] ?? []).sorted(by: { ($0.code, $0.id) < ($1.code, $1.id) }) { visit(child) }
        }
        let roots = known.filter { $0.parentID.map { organizations[$0] == nil } ?? true }
        for root in roots.sorted(by: { ($0.code, $0.id) < ($1.code, $1.id) }) { visit(root) }
        // A cycle in the directory leaves organizations unreached: list them by code.
        for organization in known.sorted(by: { ($0.code, $0.id) < ($1.code, $1.id) }) { visit(organization) }
        let unknown = Set(tallies.keys).union(movements.flatMap { [$0.from, $0.to] }).subtracting(organizations.keys)
        return order + unknown.sorted()
    }

    private func figures(scope: Set<Int64>?, organization: OrganizationSummary?, includesSubordinates: Bool) -> OrganizationFigures {
        var tally = Tally()
        for (id, own) in tallies where scope?.contains(id) ?? true { tally.add(own) }
        var transfersIn = CategoryCounts()
        var transfersOut = CategoryCounts()
        if let scope {
            for movement in movements {
                let from = scope.contains(movement.from)
                let to = scope.contains(movement.to)
                if to && !from { transfersIn[movement.category] += 1 }
                if from && !to { transfersOut[movement.category] += 1 }
            }
        }
        return figures(tally: tally, transfersIn: transfersIn, transfersOut: transfersOut, organization: organization,
                       includesSubordinates: includesSubordinates)
    }

    private func figures(tally: Tally, transfersIn: CategoryCounts, transfersOut: CategoryCounts, organization: OrganizationSummary?,
                         includesSubordinates: Bool) -> OrganizationFigures {
        let active = stages.filter { $0.role != .exit }
        func sum(_ counts: [String: CategoryCounts], _ ids: Set<String>) -> CategoryCounts {
            ids.sorted().reduce(CategoryCounts()) { $0 + (counts[$1] ?? CategoryCounts()) }
        }
        return OrganizationFigures(
            organization: organization, includesSubordinates: includesSubordinates,
            stock: active.map { StageCounts(stage: $0.id, name: $0.name, counts: tally.stock[$0.id] ?? CategoryCounts()) },
            members: sum(tally.stock, roles.members), reserve: sum(tally.stock, roles.reserve),
            entered: stages.map { StageCounts(stage: $0.id, name: $0.name, counts: tally.entered[$0.id] ?? CategoryCounts()) },
            applications: sum(tally.entered, roles.initial), admissions: sum(tally.entered, roles.admission),
            conversions: sum(tally.entered, roles.final), exits: sum(tally.entered, roles.exits),
            extensions: tally.extensions, transfersIn: transfersIn, transfersOut: transfersOut,
            memberStock: tally.memberStock, newMembers: tally.newMembers)
    }

    // MARK: - Encoding

    private enum CodingKeys: String, CodingKey { case period, stages, histories, overall, organizations }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(period, forKey: .period)
        try container.encode(stages, forKey: .stages)
        try container.encode(histories, forKey: .histories)
        try container.encode(overall, forKey: .overall)
        try container.encode(organizationFigures, forKey: .organizations)
    }
}

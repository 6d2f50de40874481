/// What the rules need to know about a person besides their events.
public struct PersonProfile: Sendable, Hashable, Codable {
    public enum Category: String, Sendable, Hashable, Codable, CaseIterable {
        case student, teacher, staff, other
    }

    public enum Level: String, Sendable, Hashable, Codable, CaseIterable {
        case undergraduate, master, doctoral
    }

    public var id: Int64
    public var number: String
    public var name: String
    public var category: Category
    public var organizationID: Int64
    public var gender: Gender?
    public var birthDate: CivilDate?
    public var ethnicity: String?
    public var education: String?
    public var level: Level?
    public var grade: Int?
    public var leagueMember: Bool
    /// The resident ID number as entered (shown masked unless asked for).
    public var idNumber: String?
    /// The installed workflow version the person follows.
    public var workflowVersion: Int64

    public init(
        id: Int64, number: String, name: String, category: Category, organizationID: Int64, gender: Gender? = nil,
        birthDate: CivilDate? = nil, ethnicity: String? = nil, education: String? = nil, level: Level? = nil,
        grade: Int? = nil, leagueMember: Bool = false, idNumber: String? = nil, workflowVersion: Int64
    ) {
        self.id = id
        self.number = number
        self.name = name
        self.category = category
        self.organizationID = organizationID
        self.gender = gender
        self.birthDate = birthDate
        self.ethnicity = ethnicity
        self.education = education
        self.level = level
        self.grade = grade
        self.leagueMember = leagueMember
        self.idNumber = idNumber
        self.workflowVersion = workflowVersion
    }
}

/// A party organization: 党委 (committee), 党总支 (general branch) or 党支部 (branch).
public struct Organization: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case committee
        case generalBranch = "general-branch"
        case branch

        public var chineseName: String {
            switch self {
            case .committee: return "党委"
            case .generalBranch: return "党总支"
            case .branch: return "党支部"
            }
        }
    }

    public enum Category: String, Sendable, Hashable, Codable, CaseIterable {
        case student, teacher, staff, mixed
    }

    public var id: Int64
    public var code: String
    public var name: String
    public var kind: Kind
    public var parentID: Int64?
    public var category: Category?
    /// Only a 党委 with approval authority may approve admissions (R17).
    public var canApprove: Bool

    public init(id: Int64, code: String, name: String, kind: Kind, parentID: Int64?, category: Category?, canApprove: Bool) {
        self.id = id
        self.code = code
        self.name = name
        self.kind = kind
        self.parentID = parentID
        self.category = category
        self.canApprove = canApprove
    }
}

/// The organization tree, for looking up parents and approvers.
public struct OrganizationDirectory: Sendable, Hashable {
    public private(set) var byID: [Int64: Organization]
    private var byCode: [String: Int64]
    private var childrenByID: [Int64: [Int64]]

    public init(_ organizations: [Organization]) {
        byID = Dictionary(organizations.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        byCode = Dictionary(organizations.map { ($0.code, $0.id) }, uniquingKeysWith: { a, _ in a })
        var children: [Int64: [Int64]] = [:]
        for organization in organizations.sorted(by: { $0.id < $1.id }) {
            if let parent = organization.parentID { children[parent, default: []].append(organization.id) }
        }
        childrenByID = children
    }

    public func organization(code: String) -> Organization? {
        byCode[code].flatMap { byID[$0] }
    }

    /// The organizations directly under one, in id order.
    public func children(of id: Int64) -> [Organization] {
        (childrenByID[id] ?? []).compactMap { byID[$0] }
    }

    /// An organization and everything under it.
    public func subtree(of id: Int64) -> Set<Int64> {
        var result: Set<Int64> = [id]
        var pending = [id]
        while let next = pending.popLast() {
            for child in childrenByID[next] ?? [] where result.insert(child).inserted { pending.append(child) }
        }
        return result
    }

    /// The organization and its ancestors, nearest first.
    public func chain(from id: Int64) -> [Organization] {
        var result: [Organization] = []
        var current = byID[id]
        while let organization = current, result.count < 64 {
            result.append(organization)
            current = organization.parentID.flatMap { byID[$0] }
        }
        return result
    }

    /// The nearest committee with approval authority above (or at) an organization.
    public func approver(for id: Int64) -> Organization? {
        chain(from: id).first { $0.kind == .committee && $0.canApprove }
    }
}

import Foundation

/// An enrolled-student (and staff) count in force for an organization from a date.
public struct EnrollmentCount: Sendable, Hashable, Codable {
    public var organizationCode: String
    public var effectiveOn: CivilDate
    public var students: Int
    public var staff: Int?
    public var recordedAt: String
    public var recordedBy: String

    public init(organizationCode: String, effectiveOn: CivilDate, students: Int, staff: Int?, recordedAt: String, recordedBy: String) {
        self.organizationCode = organizationCode
        self.effectiveOn = effectiveOn
        self.students = students
        self.staff = staff
        self.recordedAt = recordedAt
        self.recordedBy = recordedBy
    }
}

/// A yearly development quota (年度发展计划控制数) for an organization and a category.
public struct DevelopmentPlan: Sendable, Hashable, Codable {
    public var organizationCode: String
    public var year: Int
    public var category: String
    public var quota: Int
    public var recordedAt: String
    public var recordedBy: String

    public init(organizationCode: String, year: Int, category: String, quota: Int, recordedAt: String, recordedBy: String) {
        self.organizationCode = organizationCode
        self.year = year
        self.category = category
        self.quota = quota
        self.recordedAt = recordedAt
        self.recordedBy = recordedBy
    }
}

/// A branch's grade for a year (分类定级) and whether it meets the 最强党支部 standard.
public struct BranchGrading: Sendable, Hashable, Codable {
    public static let grades = ["先进", "较好", "一般", "后进"]

    public var organizationCode: String
    public var year: Int
    public var grade: String
    public var strongest: Bool
    public var note: String?
    public var recordedAt: String
    public var recordedBy: String

    public init(organizationCode: String, year: Int, grade: String, strongest: Bool, note: String?, recordedAt: String, recordedBy: String) {
        self.organizationCode = organizationCode
        self.year = year
        self.grade = grade
        self.strongest = strongest
        self.note = note
        self.recordedAt = recordedAt
        self.recordedBy = recordedBy
    }
}


/// A count to record: for which organization, how many students (and staff), from which date.
public struct EnrollmentEntry: Sendable, Hashable {
    public var organizationCode: String
    public var students: Int
    public var staff: Int?
    public var effectiveOn: CivilDate

    public init(organizationCode: String, students: Int, staff: Int?, effectiveOn: CivilDate) {
        self.organizationCode = organizationCode
        self.students = students
        self.staff = staff
        self.effectiveOn = effectiveOn
    }
}

/// A full-member count to record: a branch, the count and the date it is in force from.
public struct MembershipEntry: Sendable, Hashable {
    public var organizationCode: String
    public var fullMembers: Int
    public var effectiveOn: CivilDate

    public init(organizationCode: String, fullMembers: Int, effectiveOn: CivilDate) {
        self.organizationCode = organizationCode
        self.fullMembers = fullMembers
        self.effectiveOn = effectiveOn
    }
}

/// A branch's full members (党员人数: 正式党员, who vote), in force from a date: a recorded fact,
/// since Fazhan holds only the people in development and not the branch's whole roster.
public struct MembershipCount: Sendable, Hashable, Codable {
    public var organizationCode: String
    public var effectiveOn: CivilDate
    public var fullMembers: Int
    public var recordedAt: String
    public var recordedBy: String

    public init(organizationCode: String, effectiveOn: CivilDate, fullMembers: Int, recordedAt: String, recordedBy: String) {
        self.organizationCode = organizationCode
        self.effectiveOn = effectiveOn
        self.fullMembers = fullMembers
        self.recordedAt = recordedAt
        self.recordedBy = recordedBy
    }
}

/// Every recorded full-member count, by branch, for judging a meeting's 应到 (a `roster` guard):
/// the count in force on a date is the latest effective on or before it, the later recorded on a
/// tie. Built from the counts in recording order.
public struct RosterBook: Sendable, Hashable {
    private var byOrganization: [String: [MembershipCount]] = [:]

    public init(_ counts: [MembershipCount] = []) {
        for count in counts { byOrganization[count.organizationCode, default: []].append(count) }
    }

    public var isEmpty: Bool { byOrganization.isEmpty }

    /// The count in force for `organizationCode` on `date`, nil when none is recorded by then.
    public func count(of organizationCode: String, on date: CivilDate) -> MembershipCount? {
        var chosen: MembershipCount?
        for entry in byOrganization[organizationCode] ?? [] where entry.effectiveOn <= date {
            if let held = chosen, held.effectiveOn > entry.effectiveOn { continue }
            chosen = entry
        }
        return chosen
    }

    /// The counts in force on `date`, one per organization, by code.
    public func inForce(on date: CivilDate) -> [MembershipCount] {
        byOrganization.keys.compactMap { count(of: $0, on: date) }
            .sorted { $0.organizationCode.utf8.lexicographicallyPrecedes($1.organizationCode.utf8) }
    }
}

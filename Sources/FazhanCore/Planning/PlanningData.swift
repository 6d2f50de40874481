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

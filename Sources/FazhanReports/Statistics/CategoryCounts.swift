import FazhanCore

/// A count of people split by category (student, teacher, staff, other), with its total.
///
/// ```swift
/// var counts = CategoryCounts()
/// counts[.student] += 2
/// counts.total   // 2
/// ```
public struct CategoryCounts: Sendable, Hashable, Encodable {
    public var student = 0
    public var teacher = 0
    public var staff = 0
    public var other = 0

    public init(student: Int = 0, teacher: Int = 0, staff: Int = 0, other: Int = 0) {
        self.student = student
        self.teacher = teacher
        self.staff = staff
        self.other = other
    }

    public var total: Int { student + teacher + staff + other }

    public subscript(category: PersonProfile.Category) -> Int {
        get {
            switch category {
            case .student: return student
            case .teacher: return teacher
            case .staff: return staff
            case .other: return other
            }
        }
        set {
            switch category {
            case .student: student = newValue
            case .teacher: teacher = newValue
            case .staff: staff = newValue
            case .other: other = newValue
            }
        }
    }

    public static func + (lhs: CategoryCounts, rhs: CategoryCounts) -> CategoryCounts {
        CategoryCounts(student: lhs.student + rhs.student, teacher: lhs.teacher + rhs.teacher,
                       staff: lhs.staff + rhs.staff, other: lhs.other + rhs.other)
    }

    public static func += (lhs: inout CategoryCounts, rhs: CategoryCounts) { lhs = lhs + rhs }

    private enum CodingKeys: String, CodingKey { case student, teacher, staff, other, total }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(student, forKey: .student)
        try container.encode(teacher, forKey: .teacher)
        try container.encode(staff, forKey: .staff)
        try container.encode(other, forKey: .other)
        try container.encode(total, forKey: .total)
    }
}

/// The count of people for one stage, by category.
public struct StageCounts: Sendable, Hashable, Encodable {
    public var stage: String
    /// The stage's name from the workflow (入党积极分子).
    public var name: String
    public var counts: CategoryCounts

    private enum CodingKeys: String, CodingKey { case stage, name, student, teacher, staff, other, total }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(stage, forKey: .stage)
        try container.encode(name, forKey: .name)
        try container.encode(counts.student, forKey: .student)
        try container.encode(counts.teacher, forKey: .teacher)
        try container.encode(counts.staff, forKey: .staff)
        try container.encode(counts.other, forKey: .other)
        try container.encode(counts.total, forKey: .total)
    }
}

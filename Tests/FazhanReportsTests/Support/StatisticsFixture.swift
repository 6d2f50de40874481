import FazhanCore
import Testing

/// A university with two colleges, for statistics:
///
///     DW 大学党委 (approves)
///     ├─ XY 计算机学院党委
///     │  ├─ ZZ 学生党总支 ─ ZB1 本科生第一党支部, ZB2 本科生第二党支部
///     │  └─ JS 教工党支部
///     └─ XY2 数学学院党委 ─ ZB3 数学学生党支部
///
/// and people whose every figure is worked out by hand in `StatisticsTests`.
enum StatisticsFixture {
    static let organizations = OrganizationDirectory([
        Organization(id: 1, code: "DW", name: "大学党委", kind: .committee, parentID: nil, category: .mixed, canApprove: true),
        Organization(id: 2, code: "XY", name: "计算机学院党委", kind: .committee, parentID: 1, category: .mixed, canApprove: false),
        Organization(id: 3, code: "ZZ", name: "学生党总支", kind: .generalBranch, parentID: 2, category: .student, canApprove: false),
        Organization(id: 4, code: "ZB1", name: "本科生第一党支部", kind: .branch, parentID: 3, category: .student, canApprove: false),
        Organization(id: 5, code: "ZB2", name: "本科生第二党支部", kind: .branch, parentID: 3, category: .student, canApprove: false),
        Organization(id: 6, code: "JS", name: "教工党支部", kind: .branch, parentID: 2, category: .teacher, canApprove: false),
        Organization(id: 7, code: "XY2", name: "数学学院党委", kind: .committee, parentID: 1, category: .mixed, canApprove: false),
        Organization(id: 8, code: "ZB3", name: "数学学生党支部", kind: .branch, parentID: 7, category: .student, canApprove: false),
    ])

    static func id(_ code: String) -> Int64 {
        guard let organization = organizations.organization(code: code) else {
            Issue.record("no organization \(code)")
            return 0
        }
        return organization.id
    }

    /// A person's history with the profile values the breakdowns read.
    static func person(
        _ id: Int64, _ name: String, _ category: PersonProfile.Category, at code: String, gender: Gender? = nil,
        born: String? = nil, ethnicity: String? = nil, education: String? = nil, level: PersonProfile.Level? = nil,
        grade: Int? = nil, _ entries: [Entry]
    ) -> History {
        var person = PersonHistory(number: "P\(id)", name: name, born: born)
        person.person.id = id
        person.person.category = category
        person.person.organizationID = Self.id(code)
        person.person.gender = gender
        person.person.ethnicity = ethnicity
        person.person.education = education
        person.person.level = level
        person.person.grade = grade
        for entry in entries { person.record(entry) }
        return person.history
    }

    static let vote = EventData(expected: 9, present: 8, votesFor: 8)

    /// 李华: the whole cpc-2014 way at ZB1. Admission meeting 2025-12-05 (2025Q4), approval
    /// 2026-01-20 (2026Q1); conversion 2026-12-20.
    static let liHua = person(1, "李华", .student, at: "ZB1", gender: .female, born: "2005-03-01", ethnicity: "汉族",
                              education: "高中", level: .undergraduate, grade: 2024, Lifecycle2014.entries)

    /// 王强: an activist at ZB1 transferred to ZB2 on 2026-02-15.
    static let wangQiang = person(2, "王强", .student, at: "ZB1", gender: .male, born: "2004-05-10", ethnicity: "汉族",
                                  education: "高中", level: .undergraduate, grade: 2023, [
        Entry("submit_application", "2025-03-01"),
        Entry("initial_talk", "2025-03-15"),
        Entry("designate_activist", "2025-06-01"),
        Entry("transfer", "2026-02-15", EventData(organization: "ZB2")),
    ])

    /// 陈老师: a teacher at JS who applied 2025-11-10 and withdrew 2026-03-10.
    static let chen = person(3, "陈老师", .teacher, at: "JS", gender: .female, born: "1985-07-01", ethnicity: "汉族",
                             education: "博士", [
        Entry("submit_application", "2025-11-10"),
        Entry("initial_talk", "2025-11-20"),
        Entry("withdrawal", "2026-03-10", EventData(reason: "本人撤回申请")),
    ])

    /// 赵工: staff at JS; probation ended 2025-12-20, conversion approved 2026-02-10.
    static let zhao = person(4, "赵工", .staff, at: "JS", gender: .male, born: "1988-06-15", ethnicity: "汉族",
                             education: "硕士", [
        Entry("submit_application", "2023-03-01"),
        Entry("designate_activist", "2023-05-01"),
        Entry("designate_candidate", "2024-06-01"),
        Entry("admission_meeting", "2024-12-20", vote),
        Entry("admission_approval", "2025-01-15"),
        Entry("conversion_meeting", "2025-12-22", vote),
        Entry("conversion_approval", "2026-02-10"),
    ])

    /// 韦敏: a master's student at ZB3 (壮族), probation extended on 2026-01-05.
    static let wei = person(5, "韦敏", .student, at: "ZB3", gender: .female, born: "1999-05-20", ethnicity: "壮族",
                            education: "本科", level: .master, grade: 2023, [
        Entry("submit_application", "2023-01-10"),
        Entry("designate_activist", "2023-03-01"),
        Entry("designate_candidate", "2024-04-01"),
        Entry("admission_meeting", "2024-12-10", vote),
        Entry("admission_approval", "2025-01-10"),
        Entry("probation_extension", "2026-01-05", EventData(expected: 9, present: 8, votesFor: 8, months: 6)),
    ])

    /// 刘洋: applies on 2026-04-10, after 2026Q1.
    static let liu = person(6, "刘洋", .student, at: "ZB1", gender: .male, born: "2006-09-01", [
        Entry("submit_application", "2026-04-10"),
    ])

    /// 孙丽: applies on 2026-02-01 at ZB1.
    static let sun = person(7, "孙丽", .student, at: "ZB1", gender: .female, born: "2006-01-15", [
        Entry("submit_application", "2026-02-01"),
    ])

    /// 周杰: a candidate at ZB3 (from 2025-11-20) transferred to ZB1, in the other college, on
    /// 2026-03-01.
    static let zhou = person(8, "周杰", .student, at: "ZB3", gender: .male, born: "2003-01-01", [
        Entry("submit_application", "2024-09-01"),
        Entry("designate_activist", "2024-11-01"),
        Entry("designate_candidate", "2025-11-20"),
        Entry("transfer", "2026-03-01", EventData(organization: "ZB1")),
    ])

    static let everyone = [liHua, wangQiang, chen, zhao, wei, liu, sun, zhou]
}

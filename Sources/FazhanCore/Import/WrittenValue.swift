/// Values as organizers write them, in Chinese or in English: the words `import` accepts in a
/// cell, for the command line's options too (`--gender 男`, `--on 2026年3月8日`). Nil when the text
/// is none of them.
public enum WrittenValue {
    /// `2026-03-08`, `2026-3-8`, `2026/3/8`, `2026.3.8`, `2026年3月8日` or `20260308`.
    public static func date(_ text: String) -> CivilDate? { try? CellParser.date(text) }

    /// 男/male/m, 女/female/f.
    public static func gender(_ text: String) -> Gender? { try? PersonFields.gender(text) }

    /// 学生/student, 教师/教职工/teacher, 职工/staff, 其他/other.
    public static func personCategory(_ text: String) -> PersonProfile.Category? { try? PersonFields.category(text) }

    /// 本科/undergraduate, 硕士/master, 博士/doctoral.
    public static func level(_ text: String) -> PersonProfile.Level? { try? PersonFields.level(text) }

    /// 团组织推优/推优/league, 党员推荐/members: the stored id (`league` or `members`).
    public static func method(_ text: String) -> String? { try? EventFields.method(text) }

    /// 通过/合格/pass, 不通过/不合格/fail.
    public static func result(_ text: String) -> StepResult? { try? EventFields.result(text) }

    /// 党委/committee, 党总支/general-branch, 党支部/branch.
    public static func organizationKind(_ text: String) -> Organization.Kind? {
        Organization.Kind(rawValue: text.lowercased()) ?? Organization.Kind.allCases.first { $0.chineseName == text }
    }

    /// 学生/student, 教师/教工/教职工/teacher, 职工/staff, 混合/mixed.
    public static func organizationCategory(_ text: String) -> Organization.Category? {
        if let category = Organization.Category(rawValue: text.lowercased()) { return category }
        switch text {
        case "学生", "学生党支部": return .student
        case "教师", "教工", "教职工", "教工党支部": return .teacher
        case "职工", "员工": return .staff
        case "混合", "混合型": return .mixed
        default: return nil
        }
    }
}

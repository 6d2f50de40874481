/// Every range a number may take where it enters Fazhan, in one place, chosen from the domain
/// (a branch has dozens of members, not millions; a rule speaks of days, months and years, not
/// of millennia). Ranges are generous: they keep out only what no record can mean, so that
/// arithmetic on what was accepted can never overflow, and no calendar walk can run for ever.
///
/// What a database already holds is not trusted to be within them (an older version accepted
/// anything): the engine's arithmetic saturates, and a value out of range is reported by the
/// check or audit that reads it (`EventData.numbersOutOfBounds`).
public enum Bounds {
    // MARK: A step's data

    /// 应到, 实到, 赞成, 反对, 弃权, written opinions: no branch or committee has more members.
    public static let votes = Bound(0...10_000, "votes and members at a meeting", zh: "会议的票数和人数")
    /// Objections still unresolved when a 公示 ended.
    public static let objections = Bound(0...10_000, "objections to a 公示", zh: "公示的异议数")
    /// The days of a concentrated training (R11: at least 3); a year at the most.
    public static let trainingDays = Bound(0...366, "the days of a training", zh: "培训的天数")
    /// The class hours (学时) of a concentrated training (R11: at least 24).
    public static let trainingHours = Bound(0...10_000, "the class hours of a training", zh: "培训的学时数")
    /// A probation extension (R20: 6 to 12 months, once); the workflow's guard judges the rule.
    public static let extensionMonths = Bound(0...24, "the months of a probation extension", zh: "延长预备期的月数")

    // MARK: People, plans and reports

    /// A grade, the year of entry (年级).
    public static let grade = Bound(1950...2100, "grades (the year of entry)", zh: "年级（入学年份）")
    /// A year of a plan, a grading or a report: from the founding of the People's Republic.
    public static let year = Bound(1949...2100, "years", zh: "年份")
    /// An annual quota (年度发展计划控制数).
    public static let quota = Bound(0...100_000, "quotas", zh: "计划数")
    /// Enrolled students or staff of a unit.
    public static let enrollment = Bound(0...10_000_000, "enrolled students or staff", zh: "在校学生或教职工人数")
    /// A branch's full members (正式党员, R13): as many as can be at a meeting.
    public static let fullMembers = Bound(0...10_000, "the full members of a branch", zh: "支部的正式党员人数")
    /// How far ahead an agenda looks, in days: ten years.
    public static let horizonDays = Bound(0...3_660, "the days an agenda looks ahead", zh: "待办事项向前查看的天数")
    /// How many people `demo` makes (a university).
    public static let demoPeople = Bound(50...200_000, "the people of a demo", zh: "演示数据的人数")
    /// How many people `generate` makes (a province, for load tests).
    public static let generatedPeople = Bound(50...5_000_000, "the people a generator makes", zh: "生成数据的人数")

    // MARK: The server

    /// The port `fazhan-server serve` listens on.
    public static let port = Bound(1...65_535, "ports", zh: "端口")
    /// How long a sign-in lasts, in hours: a month at the most.
    public static let sessionHours = Bound(1...720, "the hours a sign-in lasts", zh: "一次登录的有效小时数")

    // MARK: Workflow files

    /// A length in a workflow file (`6 months`, `5 working_days`): a hundred years at the most,
    /// and never so many working days that counting them could take long.
    public static func duration(_ unit: Duration.Unit) -> Bound {
        switch unit {
        case .days: return Bound(0...36_525, "lengths in days", zh: "以天计的期限")
        case .workingDays: return Bound(0...26_000, "lengths in working days", zh: "以工作日计的期限")
        case .months: return Bound(0...1_200, "lengths in months", zh: "以月计的期限")
        case .years: return Bound(0...100, "lengths in years", zh: "以年计的期限")
        }
    }

    /// An age in full years (R1: 18; R4: under 28).
    public static let age = Bound(0...150, "ages", zh: "年龄")
    /// A stage's order or a step's number.
    public static let ordinal = Bound(0...1_000, "orders and step numbers", zh: "顺序号和步骤编号")
    /// How many people a step names (mentors, introducers).
    public static let peopleNamed = Bound(0...100, "the people a step names", zh: "一个步骤指定的人数")

    /// The range of a number in a step's data that a `data_range` guard checks.
    public static func dataField(_ field: DataField) -> Bound {
        switch field {
        case .months: return extensionMonths
        case .days: return trainingDays
        case .hours: return trainingHours
        case .expected, .present: return votes
        }
    }
}

/// The engine's messages: what each guard found and requires, in the organizer's words.
///
/// Step, stage and rule names are the workflow's own (data, the same in both languages); dates
/// are ISO in both. The English texts are those the engine wrote before it spoke Chinese.
/// Only a failing or provisional check, or an explanation asked for, reads these: a quiet check
/// that passes writes no text (`GuardContext.check`).
extension Catalogue {
    // MARK: - Shared words

    /// A length of time as a sentence says it: `1 year`, `5 working days`; `1 年`, `5 个工作日`.
    public static func duration(_ length: Duration) -> String {
        pick(zh: {
            switch length.unit {
            case .days: return "\(length.value) 天"
            case .months: return "\(length.value) 个月"
            case .years: return "\(length.value) 年"
            case .workingDays: return "\(length.value) 个工作日"
            }
        }(), en: length.description)
    }

    /// A person's category code in Chinese (`student` 学生); nil for a code it does not know.
    public static func chineseCategory(_ code: String) -> String? {
        switch code {
        case "student": return "学生"
        case "teacher": return "教师"
        case "staff": return "职工"
        case "other": return "其他"
        default: return nil
        }
    }

    /// A step on a date: `递交入党申请书（2026-03-02）`, `递交入党申请书 on 2026-03-02`.
    public static func stepOn(_ name: String, _ date: CivilDate) -> String {
        pick(zh: "\(name)（\(date)）", en: "\(name) on \(date)")
    }

    /// A step on a date, with its event: `…（2026-03-02，事件 #7）`.
    static func stepOn(_ name: String, _ date: CivilDate, event id: Int64) -> String {
        pick(zh: "\(name)（\(date)，事件 #\(id)）", en: "\(name) on \(date) (event #\(id))")
    }

    public static func noneRecorded(_ what: String) -> String { pick(zh: "未记录\(what)", en: "no \(what) recorded") }
    public static func no(_ what: String) -> String { pick(zh: "没有\(what)", en: "no \(what)") }
    static var noOneNamed: String { pick(zh: "未指定任何人", en: "no one named") }
    static func noOrganization(code: String) -> String {
        pick(zh: "没有代码为 \(code) 的组织", en: "no organization with code \(code)")
    }

    /// Alternatives: `A 或 B`, `A or B`.
    static func either(_ items: [String]) -> String { items.joined(separator: pick(zh: "或", en: " or ")) }
    /// A list: `A、B`, `A, B`.
    static func list(_ items: [String]) -> String { items.joined(separator: pick(zh: "、", en: ", ")) }
    /// Conditions that all hold: `至少 1 年且至多 3 年`, `at least 1 year and at most 3 years`.
    static func both(_ items: [String]) -> String { items.joined(separator: pick(zh: "且", en: " and ")) }
    /// Parts of one finding: `A；B`, `A; B`.
    public static func parts(_ items: [String]) -> String { items.joined(separator: pick(zh: "；", en: "; ")) }

    static func atLeast(_ what: String) -> String { pick(zh: "至少 \(what)", en: "at least \(what)") }
    static func atMost(_ what: String) -> String { pick(zh: "至多 \(what)", en: "at most \(what)") }

    // MARK: - A check

    public static func waived(by approver: String, on date: CivilDate, until: CivilDate?, reason: String, event id: Int64) -> String {
        pick(zh: "；已豁免：\(approver) 于 \(date) 批准" + (until.map { "，有效至 \($0)" } ?? "") + "（\(reason)，事件 #\(id)）",
             en: "; waived: \(approver) on \(date)" + (until.map { " until \($0)" } ?? "") + " (\(reason), event #\(id))")
    }

    /// The name of a check citing no rule: `步骤顺序（顺序问题，不是规则）`.
    static func problemCitation(_ problem: Check.Problem) -> String {
        "\(problem.name)（\(problem == .ordering ? "顺序问题，不是规则" : "数据问题，不是规则")）"
    }

    /// The basis shown for a check citing no rule (`Check.Problem`).
    static var orderingBasis: String {
        pick(zh: "顺序问题，不是规则：流程的步骤和阶段有先后", en: "顺序问题，不是规则：流程的步骤和阶段有先后（an ordering problem, not a rule）")
    }

    static var dataBasis: String {
        pick(zh: "数据问题，不是规则：所填数据有误", en: "数据问题，不是规则：所填数据有误（a data problem, not a rule）")
    }

    static func passedMessage(_ citation: String, found: String) -> String {
        pick(zh: "\(citation)：\(found)", en: "\(citation): \(found)")
    }

    static func failedMessage(_ citation: String, found: String, required: String, earliest: CivilDate?) -> String {
        pick(zh: "\(citation)：查到 \(found)；要求 \(required)" + (earliest.map { "；\($0) 起可通过" } ?? ""),
             en: "\(citation): found \(found); required \(required)" + (earliest.map { "; can pass from \($0)" } ?? ""))
    }

    static var provisionalNote: String {
        pick(zh: "（暂定：部分期间没有工作日日历）", en: " (provisional: no working-day calendar for part of the period)")
    }

    // MARK: - Ordering

    static func stageSince(_ stage: String, _ date: CivilDate) -> String {
        pick(zh: "自 \(date) 起为\(stage)", en: "\(stage) since \(date)")
    }

    static var noStage: String { pick(zh: "尚无阶段（未记录入党申请）", en: "no stage (no application recorded)") }
    static func noEarlier(_ step: String) -> String { pick(zh: "此前没有\(step)", en: "no earlier \(step)") }

    static func alreadyRecorded(on date: CivilDate, event id: Int64) -> String {
        pick(zh: "已于 \(date) 记录（事件 #\(id)）", en: "already recorded on \(date) (event #\(id))")
    }

    static func alreadyIn(_ current: String) -> String { pick(zh: "已有阶段：\(current)", en: "already \(current)") }

    static func recordedOnceFirst(_ step: String) -> String {
        pick(zh: "\(step)只记录一次，且是第一步", en: "\(step) is recorded once, as the first step")
    }

    static func laterStage(_ stage: String, from date: CivilDate, event id: Int64, after guarded: CivilDate) -> String {
        pick(zh: "已记录自 \(date) 起为\(stage)（事件 #\(id)），晚于 \(guarded)",
             en: "\(stage) already recorded from \(date) (event #\(id)), after \(guarded)")
    }

    static func alreadyStage(_ stage: String, since date: CivilDate, event id: Int64) -> String {
        pick(zh: "自 \(date) 起已是\(stage)（事件 #\(id)）", en: "already \(stage) since \(date) (event #\(id))")
    }

    static func enteredFrom(_ stage: String, _ from: [String]) -> String {
        pick(zh: "从\(either(from))进入\(stage)", en: "\(stage) is entered from \(either(from))")
    }

    static func doneWhile(_ step: String, _ stages: [String]) -> String {
        pick(zh: "\(step)在\(either(stages))阶段进行", en: "\(step) is done while \(either(stages))")
    }

    static func recordedOnce(_ step: String) -> String {
        pick(zh: "\(step)只记录一次；应更正先前的事件", en: "\(step) is recorded once; correct the earlier event instead")
    }

    static func alreadyAt(_ name: String, code: String) -> String {
        pick(zh: "已在\(name)（\(code)）", en: "already at \(name) (\(code))")
    }

    static func organization(_ name: String, code: String) -> String { pick(zh: "\(name)（\(code)）", en: "\(name) (\(code))") }

    static var anotherOrganization: String {
        pick(zh: "已登记的组织，且不是本人所在的组织", en: "a registered organization other than the person's own")
    }

    static func notWaivable(_ rule: String, _ name: String, workflow: String) -> String {
        pick(zh: "\(rule) \(name)：\(workflow) 中没有写作\u{201C}一般\u{201D}的条款，每一条都必须遵守：不能豁免",
             en: "\(rule) \(name): no clause worded \"normally\" (一般) in \(workflow), every clause is mandatory: it cannot be waived")
    }

    static func waivableClauses(_ rule: String, _ name: String, _ clauses: [String]) -> String {
        pick(zh: "\(rule) \(name)，可豁免的条款：\(clauses.joined(separator: "、"))（其余条款仍须遵守）",
             en: "\(rule) \(name), waivable clauses: \(clauses.joined(separator: ", ")) (the other clauses stay mandatory)")
    }

    static var waivableRule: String {
        pick(zh: "规定中有写作\u{201C}一般\u{201D}的条款的规则", en: "a rule with a clause the regulations word as \"normally\" (一般)")
    }

    static func noRule(_ rule: String, workflow: String) -> String {
        pick(zh: "\(workflow) 中没有规则 \(rule)", en: "no rule \(rule) in \(workflow)")
    }

    static var aRuleOfTheWorkflow: String { pick(zh: "流程中的规则编号", en: "a rule id of the workflow") }

    // MARK: - Dates a guard counts from

    static var birth: String { pick(zh: "出生", en: "birth") }
    public static var probationEnd: String { pick(zh: "预备期满", en: "the end of probation") }

    /// After a step's name: the procedure it belongs to was redone after `date` (a `procedure:` reference).
    static func ofProcedureRedone(after date: CivilDate) -> String {
        pick(zh: "（\(date) 后重新进行的程序）", en: " of the procedure redone after \(date)")
    }

    // MARK: - step_recorded

    static func recordedAfter(_ steps: [String], _ start: String) -> String {
        pick(zh: "在\(start)之后记录\(list(steps))", en: "\(list(steps)) recorded after \(start)")
    }

    static func stepAfter(_ name: String, on date: CivilDate, after guarded: CivilDate) -> String {
        pick(zh: "\(name)（\(date)），晚于 \(guarded)", en: "\(name) on \(date), after \(guarded)")
    }

    static func stepBefore(_ name: String, on date: CivilDate, before start: String, _ startDate: CivilDate) -> String {
        pick(zh: "\(name)（\(date)），早于\(start)（\(startDate)）", en: "\(name) on \(date), before \(start) (\(startDate))")
    }

    static func resultName(_ result: StepResult) -> String {
        pick(zh: result == .pass ? "通过" : "未通过", en: result.rawValue)
    }

    static func stepWithoutResult(_ name: String, on date: CivilDate, _ result: StepResult) -> String {
        pick(zh: "\(name)（\(date)），结果不是\(resultName(result))", en: "\(name) on \(date) without the result \(result.rawValue)")
    }

    static func recordedBy(_ steps: [String], result: StepResult?, since: (label: String, date: CivilDate)?, through date: CivilDate) -> String {
        pick(zh: "不晚于 \(date) 记录了\(list(steps))" + (result.map { "，结果为\(resultName($0))" } ?? "")
                + (since.map { "，且不早于\($0.label)（\($0.date)）" } ?? ""),
             en: "\(list(steps)) recorded" + (result.map { " with result \($0.rawValue)" } ?? "")
                + (since.map { " on or after \($0.label) (\($0.date))" } ?? "") + " on or before \(date)")
    }

    // MARK: - interval

    static func interval(_ limits: [String], from start: String, to end: String) -> String {
        pick(zh: "从\(start)到\(end)\(both(limits))", en: "\(both(limits)) from \(start) to \(end)")
    }

    static func startNoEnd(_ start: String, _ date: CivilDate, end: String) -> String {
        pick(zh: "\(start)（\(date)）；没有\(end)", en: "\(start) on \(date); no \(end)")
    }

    public static func then(_ first: String, _ second: String) -> String { pick(zh: "\(first)，\(second)", en: "\(first), \(second)") }

    static func window(from: CivilDate?, until: CivilDate?) -> String {
        pick(zh: ((from.map { ["最早 \($0)"] } ?? []) + (until.map { ["最晚 \($0)"] } ?? [])).joined(separator: "，"),
             en: ((from.map { ["from \($0)"] } ?? []) + (until.map { ["until \($0)"] } ?? [])).joined(separator: ", "))
    }

    static func withWindow(_ required: String, _ window: String) -> String {
        pick(zh: "\(required)（\(window)）", en: "\(required) (\(window))")
    }

    // MARK: - age

    static func ageRequired(min: Int?, max: Int?, at label: String) -> String {
        pick(zh: "\(label)时" + both((min.map { ["年满 \($0) 周岁"] } ?? []) + (max.map { ["不超过 \($0) 周岁"] } ?? [])),
             en: "age \(both((min.map { ["at least \($0) full years"] } ?? []) + (max.map { ["at most \($0)"] } ?? []))) on \(label)")
    }

    static var noBirthDate: String { pick(zh: "未记录本人的出生日期", en: "no birth date recorded for the person") }

    static func age(_ years: Int, on date: CivilDate, born: CivilDate) -> String {
        pick(zh: "\(date) 时 \(years) 周岁（\(born) 出生）", en: "\(years) years on \(date) (born \(born))")
    }

    // MARK: - people

    static func peopleRequired(_ name: String, min: Int?, max: Int?) -> String {
        if let min, let max {
            if min == max { return pick(zh: "\(name)确定恰好 \(min) 人", en: "exactly \(min) named in \(name)") }
            return pick(zh: "\(name)确定 \(min) 至 \(max) 人", en: "\(min) to \(max) named in \(name)")
        }
        if let min { return pick(zh: "\(name)确定至少 \(min) 人", en: "at least \(min) named in \(name)") }
        return pick(zh: "\(name)确定至多 \(max ?? 0) 人", en: "at most \(max ?? 0) named in \(name)")
    }

    static func peopleNamed(_ count: Int, on date: CivilDate, _ names: [String]) -> String {
        let listed = names.joined(separator: "、")
        return pick(zh: "\(date) 确定 \(count) 人" + (names.isEmpty ? "" : "（\(listed)）"),
                    en: "\(count) on \(date)" + (names.isEmpty ? "" : " (\(listed))"))
    }

    // MARK: - training

    static func trainingRequired(_ name: String, minDays: Int?, minHours: Int?) -> String {
        pick(zh: "\(name)" + either((minDays.map { ["至少 \($0) 天"] } ?? []) + (minHours.map { ["至少 \($0) 学时"] } ?? [])),
             en: "\(name) of " + either((minDays.map { ["at least \($0) days"] } ?? []) + (minHours.map { ["at least \($0) class hours"] } ?? [])))
    }

    static func trainingFound(days: Int, hours: Int, sessions: Int) -> String {
        pick(zh: "共 \(sessions) 次，\(days) 天，\(hours) 学时", en: "\(days) days, \(hours) class hours in \(sessions) session(s)")
    }

    // MARK: - review

    static func reviewRequired(_ name: String, validFor: Duration?, before date: CivilDate) -> String {
        pick(zh: "\(name)通过" + (validFor.map { "，且在 \(date) 之前 \(duration($0))内" } ?? ""),
             en: "\(name) passed" + (validFor.map { ", within \($0) before \(date)" } ?? ""))
    }

    static func notPassed(_ name: String, on date: CivilDate) -> String {
        pick(zh: "\(name)（\(date)）：未通过", en: "\(name) on \(date): not passed")
    }

    static func passed(on date: CivilDate, validUntil: CivilDate?) -> String {
        pick(zh: "\(date) 通过" + (validUntil.map { "，有效期至 \($0)" } ?? ""),
             en: "passed on \(date)" + (validUntil.map { ", valid until \($0)" } ?? ""))
    }

    // MARK: - recommendation

    static func recommendationRequired(under: Int, _ method: String, before step: String) -> String {
        pick(zh: "未满 \(under) 周岁的共青团员在\(step)之前须经\(method)",
             en: "a League member under \(under) needs \(method) before \(step)")
    }

    static var notLeagueMember: String { pick(zh: "不是共青团员；不适用", en: "not a League member; does not apply") }
    static var leagueMemberNoBirthDate: String { pick(zh: "共青团员，未记录出生日期", en: "a League member with no birth date recorded") }

    static func leagueMemberAged(_ years: Int) -> String {
        pick(zh: "共青团员，\(years) 周岁；不适用", en: "League member aged \(years); does not apply")
    }

    static func leagueMemberWithout(_ years: Int, _ method: String) -> String {
        pick(zh: "共青团员，\(years) 周岁，未记录\(method)", en: "League member aged \(years), no \(method) recorded")
    }

    // MARK: - public_notice

    static func noticeRequired(_ node: String, min: Duration, before step: String, on date: CivilDate) -> String {
        pick(zh: "公示（\(node)）至少 \(duration(min))，在\(step)（\(date)）之前结束，且没有未处理的异议",
             en: "a 公示 (\(node)) of at least \(min), ended before \(step) on \(date), no unresolved objection")
    }

    static func noNotice(_ node: String) -> String { pick(zh: "未记录公示（\(node)）", en: "no 公示 (\(node)) recorded") }
    static func only(_ length: String) -> String { pick(zh: "只有 \(length)", en: "only \(length)") }

    static func noticeEnds(_ to: CivilDate, notBefore date: CivilDate) -> String {
        pick(zh: "\(to) 结束，不早于 \(date)", en: "ends \(to), not before \(date)")
    }

    static func objections(_ count: Int) -> String {
        pick(zh: "\(count) 条异议未处理", en: "\(count) unresolved objection(s)")
    }

    static func notice(from: CivilDate, to: CivilDate, length: String, problems: [String]) -> String {
        pick(zh: "公示 \(from) 至 \(to)：\(length)" + (problems.isEmpty ? "" : "；" + parts(problems)),
             en: "公示 \(from) to \(to): \(length)" + (problems.isEmpty ? "" : "; " + parts(problems)))
    }

    /// How long a period is (`Duration.Coverage`): `5 个工作日`, `7 天`, `2026-03-02 至 2026-04-01`.
    static func coveredLength(_ unit: Duration.Unit, count: Int, from: CivilDate, through: CivilDate) -> String {
        switch unit {
        case .workingDays: return pick(zh: "\(count) 个工作日", en: "\(count) working days")
        case .days: return pick(zh: "\(count) 天", en: "\(count) days")
        case .months, .years: return pick(zh: "\(from) 至 \(through)", en: "\(from) to \(through)")
        }
    }

    // MARK: - meeting_vote

    static var committeeVoteNotKept: String {
        pick(zh: "未记录党委的表决（记录于开始保存党委表决之前）：不作判断",
             en: "no committee vote recorded (recorded before the committee's vote was kept): not judged")
    }

    static var committeeVoteRequired: String {
        pick(zh: "党委对本人的表决：(赞成 + 书面赞成) × 2 > 应到", en: "the committee's vote on this person: (赞成 + 书面赞成) × 2 > 应到")
    }

    static func quorumRequired(_ name: String) -> String { pick(zh: "\(name)，实到 × 2 > 应到", en: "\(name) with 实到 × 2 > 应到") }

    static func majorityRequired(_ name: String) -> String {
        pick(zh: "\(name)，(赞成 + 书面赞成) × 2 > 应到", en: "\(name) with (赞成 + 书面赞成) × 2 > 应到")
    }

    static func minimumVotersRequired(_ name: String, _ minimum: Int) -> String {
        pick(zh: "\(name)，支部至少有 \(minimum) 名正式党员", en: "\(name) of a branch with at least \(minimum) full members")
    }

    static func countsInRange(_ name: String) -> String {
        pick(zh: "\(name)，各项人数在允许范围内", en: "\(name) with counts within their range")
    }

    static func quorumFound(_ name: String, on date: CivilDate, expected: Int, present: Int) -> String {
        pick(zh: "\(name)（\(date)）：应到 \(expected)，实到 \(present)", en: "\(name) on \(date): 应到 \(expected), 实到 \(present)")
    }

    static func quorumNeeded(_ needed: Int, of expected: Int) -> String {
        pick(zh: "实到 × 2 > 应到：应到 \(expected) 人中至少 \(needed) 人到会", en: "实到 × 2 > 应到: at least \(needed) of \(expected) present")
    }

    static func majorityFound(_ name: String, on date: CivilDate, _ detail: String, expected: Int, present: Int) -> String {
        pick(zh: "\(name)（\(date)）：\(detail)，应到 \(expected)（实到 \(present)）",
             en: "\(name) on \(date): \(detail) of 应到 \(expected) (实到 \(present))")
    }

    static func majorityNeeded(_ needed: Int, of expected: Int) -> String {
        pick(zh: "(赞成 + 书面赞成) × 2 > 应到：应到 \(expected) 人中至少 \(needed) 人赞成，按应到人数计，不按实到人数",
             en: "(赞成 + 书面赞成) × 2 > 应到: at least \(needed) of the \(expected) who should attend, not of those present")
    }

    static func votersFound(_ name: String, on date: CivilDate, expected: Int) -> String {
        pick(zh: "\(name)（\(date)）：有表决权的正式党员 \(expected) 名（应到）",
             en: "\(name) on \(date): \(expected) full members with a vote (应到)")
    }

    static func branchOfAtLeast(_ minimum: Int) -> String {
        pick(zh: "支部至少有 \(minimum) 名正式党员", en: "a branch of at least \(minimum) full members")
    }

    static func outOfRange(_ which: String, _ problems: [String]) -> String {
        pick(zh: "\(which)：" + problems.joined(separator: "；") + "；请更正该事件",
             en: "\(which): " + problems.joined(separator: "; ") + "; correct the event")
    }

    // MARK: - approval_window

    static func approvalWindowRequired(_ step: String, within: Duration, of start: String, atMost: Duration?,
                                       by limit: CivilDate?, extended: CivilDate?) -> String {
        pick(zh: "\(start)后 \(duration(within))内\(step)" + (atMost.map { "（有理由的至多 \(duration($0))，--reason）" } ?? "")
                + (limit.map { "：不晚于 \($0)" } ?? "") + (extended.map { "，有理由的不晚于 \($0)" } ?? ""),
             en: "\(step) within \(within) of \(start)" + (atMost.map { " (at most \($0) with a reason, --reason)" } ?? "")
                + (limit.map { ": by \($0)" } ?? "") + (extended.map { ", or by \($0) with a reason" } ?? ""))
    }

    static var beforeIt: String { pick(zh: "，早于前者", en: ", before it") }
    static func lateWithReason(_ reason: String) -> String { pick(zh: "，逾期，理由：\(reason)", en: ", late with reason: \(reason)") }
    static func afterWithNoReason(_ limit: CivilDate) -> String {
        pick(zh: "，晚于 \(limit) 且未说明理由", en: ", after \(limit) with no reason given")
    }
    static func afterTheMost(_ extended: CivilDate) -> String {
        pick(zh: "，晚于最长期限 \(extended)", en: ", after \(extended), the most allowed")
    }
    static var tooLate: String { pick(zh: "，已逾期", en: ", too late") }

    // MARK: - approver

    static var approvedByAuthority: String { pick(zh: "由有审批权的党委审批", en: "approved by a 党委 with approval authority") }

    static var noApprovingCommittee: String {
        pick(zh: "本人所在组织之上没有有审批权的党委", en: "no 党委 with approval authority above the person's organization")
    }

    static func approverKind(_ organization: Organization) -> String {
        if organization.kind == .committee {
            return organization.canApprove
                ? pick(zh: "有审批权的党委", en: "a 党委 with approval authority")
                : pick(zh: "无审批权的党委", en: "a 党委 without approval authority")
        }
        return pick(zh: "\(organization.kind.chineseName)，不能审批", en: "a \(organization.kind.chineseName), which cannot approve")
    }

    static func approverFound(_ organization: Organization) -> String {
        pick(zh: "\(organization.name)（\(organization.code)），\(approverKind(organization))",
             en: "\(organization.name) (\(organization.code)), \(approverKind(organization))")
    }

    // MARK: - departure

    static func departureRequired(within: Duration, of step: String, on date: CivilDate, after limit: CivilDate) -> String {
        pick(zh: "\(step)（\(date)）后 \(duration(within))内不离开本单位：预计离开日期晚于 \(limit)",
             en: "not leaving the unit within \(within) of \(step) on \(date): expected departure after \(limit)")
    }

    static func leaving(_ name: String, on date: CivilDate, leaving: CivilDate, alreadyLeft: Bool?, within: Duration) -> String {
        let tail: String
        switch alreadyLeft {
        case nil: tail = ""
        case true?: tail = pick(zh: "，已经离开", en: ", already left")
        case false?: tail = pick(zh: "，在 \(duration(within))内", en: ", within \(within)")
        }
        return pick(zh: "\(name)（\(date)）：预计 \(leaving) 离开", en: "\(name) on \(date): leaving on \(leaving)") + tail
    }

    // MARK: - named_members, named_from

    static func namedStatus(_ stage: String, notUnder: String?) -> String {
        pick(zh: stage + (notUnder.map { "，且没有人处于\($0)" } ?? ""), en: stage + (notUnder.map { ", none under \($0)" } ?? ""))
    }

    static func namedMembersRequired(_ status: String) -> String {
        pick(zh: "每位被指定的人都是\(status)：从 Fazhan 登记的人中按编号指定（--names 编号），或由记录在案的说明担保（--statement …）",
             en: "each named person \(status): named by number from the people Fazhan knows (--names NUMBER), "
                + "or vouched for by a recorded statement (--statement …)")
    }

    static func allFromRegister(_ count: Int) -> String {
        pick(zh: "全部从登记的人中指定（\(count) 人），按各自的记录判断", en: "all named from the register (\(count)), judged on their histories")
    }

    static func outsideRegister(_ count: Int, statement: String) -> String {
        pick(zh: "\(count) 人不在登记的人中" + (statement.isEmpty ? "，没有说明" : "，说明：\(statement)"),
             en: "\(count) named outside the register" + (statement.isEmpty ? ", with no statement" : ", statement: \(statement)"))
    }

    static func amongThoseOf(_ source: String) -> String {
        pick(zh: "所指定的人都在\(source)所指定的人之中", en: "those named are among those of \(source)")
    }

    static func namedOf(_ names: [String], _ source: String, on date: CivilDate) -> String {
        pick(zh: "\(names.joined(separator: "、"))，均为\(source)（\(date)）所指定",
             en: "\(names.joined(separator: "、")), of \(source) on \(date)")
    }

    static func notAmong(_ outside: [String], _ source: String, _ names: [String]) -> String {
        pick(zh: "\(outside.joined(separator: "、"))不在\(source)所指定的人（\(names.joined(separator: "、"))）之中",
             en: "\(outside.joined(separator: "、")) not among \(source) (\(names.joined(separator: "、")))")
    }

    // MARK: - held_by

    static func heldByRequired(_ step: String, _ roles: [TalkRole]) -> String {
        let codes = roles.map(\.rawValue).joined(separator: "|")
        return pick(zh: "\(step)由\(either(roles.map(\.chineseName)))进行（--held-by 姓名 --held-by-role \(codes)）",
                    en: "\(step) held by a \(either(roles.map(\.chineseName))) (--held-by NAME --held-by-role \(codes))")
    }

    static var holderNotKept: String {
        pick(zh: "未记录谈话人（记录于开始保存谈话人之前）：不作判断", en: "who held it not recorded (recorded before 谈话人 was kept): not judged")
    }

    static func heldByNoRole(_ holder: String) -> String {
        pick(zh: "由\(holder)进行，未记录其身份", en: "held by \(holder), role not recorded")
    }

    static func heldBy(_ holder: String, _ role: TalkRole) -> String {
        pick(zh: "由\(holder)（\(role.chineseName)）进行", en: "held by \(holder) (\(role.chineseName))")
    }

    // MARK: - roster

    static var theBranch: String { pick(zh: "该支部", en: "the branch") }

    static func rosterRequired(_ branch: String, on date: CivilDate) -> String {
        pick(zh: "应到不超过\(branch)在 \(date) 的正式党员人数：只有正式党员有表决权",
             en: "应到 at most the full members (正式党员) of \(branch) on \(date): only full members vote")
    }

    static var noExpectedRecorded: String { pick(zh: "未记录应到人数：不作判断", en: "no 应到 recorded: not judged") }

    static func noFullMemberCount(expected: Int, _ branch: String, by date: CivilDate) -> String {
        pick(zh: "应到 \(expected)；截至 \(date) 未记录\(branch)的正式党员人数：不作判断",
             en: "应到 \(expected); no full-member count recorded for \(branch) by \(date): not judged")
    }

    static func fullMemberCount(expected: Int, _ branch: String, count: Int, from date: CivilDate) -> String {
        pick(zh: "应到 \(expected)，\(branch)自 \(date) 起记录正式党员 \(count) 名",
             en: "应到 \(expected), \(branch) recorded \(count) full members from \(date)")
    }

    // MARK: - data_range, retry_wait

    static func dataRangeRequired(_ field: String, min: Int?, max: Int?) -> String {
        pick(zh: "\(field) " + both((min.map { ["不少于 \($0)"] } ?? []) + (max.map { ["不超过 \($0)"] } ?? [])),
             en: "\(field) " + both((min.map { ["at least \($0)"] } ?? []) + (max.map { ["at most \($0)"] } ?? [])))
    }

    static func notGiven(_ field: String) -> String { pick(zh: "未填写 \(field)", en: "no \(field) given") }

    static func retryRequired(_ name: String, wait: Duration, from allowed: CivilDate?) -> String {
        pick(zh: "表决未通过的\(name)后 \(duration(wait))内不再进行\(name)" + (allowed.map { "（\($0) 起）" } ?? ""),
             en: "no \(name) within \(wait) of one whose vote failed" + (allowed.map { " (from \($0))" } ?? ""))
    }

    static func noFailed(_ name: String) -> String { pick(zh: "没有表决未通过的\(name)", en: "no failed \(name)") }

    static func voteFailed(_ name: String, on date: CivilDate) -> String {
        pick(zh: "\(name)（\(date)）表决未通过", en: "the vote of \(name) on \(date) failed")
    }
    // MARK: - Numbers out of their range (`Bound`)

    /// `0 to 10000`, `0 至 10000`.
    static func range(_ bound: Bound) -> String {
        pick(zh: "\(bound.range.lowerBound) 至 \(bound.range.upperBound)", en: bound.description)
    }

    static func negative(_ field: String, _ value: Int, _ bound: Bound) -> String {
        pick(zh: "\(field) 不能为负数（现为 \(value)）：\(bound.chinese)的范围是 \(range(bound))",
             en: "\(field) cannot be negative (it is \(value)): \(bound.english) are \(bound)")
    }

    static func outOfRange(_ field: String, _ value: Int, _ bound: Bound) -> String {
        pick(zh: "\(field) \(value) 超出范围：\(bound.chinese)的范围是 \(range(bound))",
             en: "\(field) \(value) is out of range: \(bound.english) are \(bound)")
    }

    /// A number as written (`999999 days`) or alone (a CSV cell) out of its range.
    static func outOfRange(written text: String, _ bound: Bound) -> String {
        pick(zh: "\(text) 超出范围：\(bound.chinese)的范围是 \(range(bound))",
             en: "\(text) is out of range: \(bound.english) are \(bound)")
    }

    static func notAWholeNumber(_ field: String, _ text: String, _ bound: Bound) -> String {
        pick(zh: "\(field) \"\(text)\" 不是整数：\(bound.chinese)的范围是 \(range(bound))",
             en: "\(field) \"\(text)\" is not a whole number: \(bound.english) are \(bound)")
    }

    static func horizonForm(_ field: String, _ text: String) -> String {
        pick(zh: "\(field) 应写作 30d、8w 或 3m（天、周、月）；现为 \"\(text)\"",
             en: "\(field) must be like 30d, 8w or 3m (days, weeks, months); it is \"\(text)\"")
    }

    static func horizonNumber(_ field: String, _ text: String) -> String {
        pick(zh: "\(field) 应是整数个天、周或月，如 30d、8w 或 3m；现为 \"\(text)\"",
             en: "\(field) must be a whole number of days, weeks or months, like 30d, 8w or 3m; it is \"\(text)\"")
    }

    static func horizonRange(_ field: String, _ text: String, _ bound: Bound) -> String {
        pick(zh: "\(field) \(text) 超出范围：\(bound.chinese)的范围是 \(range(bound))（十年）",
             en: "\(field) \(text) is out of range: \(bound.english) are \(bound) (ten years)")
    }
    // MARK: - Imported files

    /// `line 5, 身份证号: …`, `第 5 行，身份证号：…`.
    static func importLine(_ line: Int, column: String?, _ message: String) -> String {
        pick(zh: "第 \(line) 行" + (column.map { "，\($0)" } ?? "") + "：" + message,
             en: "line \(line)" + (column.map { ", \($0)" } ?? "") + ": " + message)
    }

    static func headerProblems(_ line: Int, _ problems: [String], accepted: [String]) -> String {
        pick(zh: "第 \(line) 行（表头）：" + problems.joined(separator: "；") + "\n可用的列：" + accepted.joined(separator: "，"),
             en: "line \(line) (the header): " + problems.joined(separator: "; ") + "\naccepted columns: " + accepted.joined(separator: ", "))
    }

    static var requiredColumn: String { pick(zh: "（必填）", en: " (required)") }
    static var emptyFile: String { pick(zh: "文件是空的", en: "the file is empty") }

    static func sameColumn(_ title: String, _ earlier: String) -> String {
        pick(zh: "\"\(title)\" 和 \"\(earlier)\" 是同一列", en: "\"\(title)\" and \"\(earlier)\" are the same column")
    }

    static func unknownColumns(_ titles: [String]) -> String {
        pick(zh: "未知的列 \(titles.joined(separator: "、"))",
             en: "unknown column\(titles.count == 1 ? "" : "s") \(titles.joined(separator: ", "))")
    }

    static func missingColumns(_ columns: [String]) -> String {
        pick(zh: "缺少列 \(columns.joined(separator: "、"))", en: "no column for \(columns.joined(separator: ", "))")
    }

    static func tooManyCells(_ count: Int, width: Int) -> String {
        pick(zh: "有 \(count) 个单元格，但表头只有 \(width) 列（单元格里有没加引号的逗号？）",
             en: "\(count) cells, but the header has \(width) columns (a comma inside a cell that is not in quotes?)")
    }

    static func notADate(_ text: String) -> String {
        pick(zh: "\"\(text)\" 不是日期（YYYY-MM-DD）", en: "\"\(text)\" is not a date (YYYY-MM-DD)")
    }

    static func noSuchDay(_ text: String) -> String {
        pick(zh: "\(text) 不是真实的日期（没有这一天）", en: "\(text) is not a real date (there is no such day)")
    }

    static func notACount(_ text: String) -> String {
        pick(zh: "\"\(text)\" 不是人数（0 或更大的整数）", en: "\"\(text)\" is not a count (a whole number, 0 or more)")
    }

    static func notYesOrNo(_ text: String) -> String {
        pick(zh: "\"\(text)\" 不是\u{201C}是\u{201D}或\u{201C}否\u{201D}", en: "\"\(text)\" is not 是 or 否 (yes or no)")
    }

    static func shortenedNumber(_ text: String) -> String {
        pick(zh: "\(text) 是被 Excel 缩写了的数字，位数已经丢失：请把该列设为文本格式后重新输入",
             en: "\(text) is a number Excel has shortened, its digits are lost: format the column as text (文本) and enter it again")
    }

    static func ambiguousOrganization(_ text: String, codes: [String]) -> String {
        pick(zh: "有多个组织名为 \(text)（\(codes.joined(separator: "、"))）；请写组织代码",
             en: "several organizations are named \(text) (\(codes.joined(separator: ", "))); write the code")
    }

    static func noOrganizationNamed(_ text: String) -> String {
        pick(zh: "没有组织 \"\(text)\"（既不是代码也不是名称）", en: "no organization \"\(text)\" (neither a code nor a name)")
    }
    // MARK: - Imported histories

    static var emptyNumber: String { pick(zh: "空：这是哪个人的步骤？", en: "empty: which person is this step of?") }
    static var emptyStep: String { pick(zh: "空：这是哪个步骤？", en: "empty: which step is this?") }
    static var emptyDate: String { pick(zh: "空：这一步是哪天进行的？", en: "empty: when did the step happen?") }

    static func noPersonNumbered(_ number: String) -> String {
        pick(zh: "没有编号为 \(number) 的人；请先导入名册（fazhan import people）",
             en: "no person with number \(number); import the roster first (fazhan import people)")
    }

    static func numberIsNot(_ number: String, _ name: String, _ written: String) -> String {
        pick(zh: "编号 \(number) 是\(name)，不是\(written)", en: "number \(number) is \(name), not \(written)")
    }

    static func unknownStep(_ text: String, workflow: String) -> String {
        pick(zh: "流程 \(workflow) 中没有步骤 \"\(text)\"（既不是步骤编号也不是步骤名称）",
             en: "unknown step \"\(text)\" in workflow \(workflow) (neither a step id nor a step name)")
    }

    static func inTheFuture(_ date: CivilDate, today: CivilDate) -> String {
        pick(zh: "\(date) 是将来的日期（今天是 \(today)）", en: "\(date) is in the future (today is \(today))")
    }

    static func emptyNeeds(_ name: String, _ id: String, _ what: String) -> String {
        pick(zh: "空：\(name)（\(id)）需要\(what)", en: "empty: \(name) (\(id)) needs \(what)")
    }

    static func theNoticeNode(_ known: [String]) -> String {
        pick(zh: "公示节点（\(known.joined(separator: "、"))）", en: "the notice node (\(known.joined(separator: ", ")))")
    }

    static var votersExpected: String { pick(zh: "应到（应到会的有表决权的党员人数）", en: "the voting members who should attend (应到)") }
    static var votersPresent: String { pick(zh: "实到（到会的有表决权的党员人数）", en: "the voting members present (实到)") }
    static var votesFor: String { pick(zh: "赞成票数", en: "the votes for (赞成)") }
    static var noticeFirstDay: String { pick(zh: "公示的第一天", en: "the notice's first day") }
    static var noticeLastDay: String { pick(zh: "公示的最后一天", en: "the notice's last day") }
    static var trainingLength: String { pick(zh: "培训的天数或学时", en: "the training's days (天数) or class hours (学时)") }
    static var theResult: String { pick(zh: "结果（通过/pass 或 不通过/fail）", en: "the result (通过/pass or 不通过/fail)") }
    static var theNames: String { pick(zh: "姓名（以逗号分隔）", en: "the names (comma-separated)") }
    static var theMethod: String { pick(zh: "推荐方式（团组织推优/league 或 党员推荐/members）", en: "how the recommendation was made (团组织推优/league or 党员推荐/members)") }
    static var theReason: String { pick(zh: "理由", en: "the reason") }
    static var theDestination: String { pick(zh: "转入的组织（代码或名称）", en: "the destination organization (code or name)") }
    static var theMonths: String { pick(zh: "月数", en: "the number of months") }
    static var theRuleWaived: String { pick(zh: "豁免的规则", en: "the rule waived") }
    static var theWaiverApprover: String { pick(zh: "豁免的批准人", en: "who approved the waiver") }
    static var committeeExpected: String { pick(zh: "应到（应到会的党委委员人数）", en: "the committee members who should attend (应到)") }
    static var committeePresent: String { pick(zh: "实到（到会的党委委员人数）", en: "the committee members present (实到)") }
    static var theLeavingDate: String { pick(zh: "预计离开本单位的日期", en: "the date the person is expected to leave the unit (预计离开日期)") }
    static var theLastDay: String { pick(zh: "截止日期", en: "the last day (截止日期)") }
    static var theHolder: String { pick(zh: "谈话人", en: "who held the talk (谈话人)") }
    static var theHolderRole: String { pick(zh: "谈话人身份（委员/组织员/支部）", en: "the role of who held it (委员/组织员/支部)") }

    static func morePresentThanExpected(_ present: Int, _ expected: Int) -> String {
        pick(zh: "实到 \(present) 多于应到 \(expected)", en: "实到 \(present) is more than 应到 \(expected)")
    }

    static func moreVotesThanPresent(_ cast: Int, _ present: Int) -> String {
        pick(zh: "赞成 + 反对 + 弃权 = \(cast)，多于实到的 \(present) 人（每人一票）",
             en: "赞成 + 反对 + 弃权 = \(cast), more than the \(present) present (one vote per person)")
    }

    static func moreWrittenThanAbsent(_ written: Int, _ absent: Int) -> String {
        pick(zh: "书面意见 \(written) 份，但缺席的只有 \(absent) 人", en: "\(written) written opinions, but only \(absent) members were absent")
    }

    static var writtenNeedCounts: String { pick(zh: "有书面意见时须填应到和实到", en: "written opinions need 应到 and 实到") }

    static func endsBeforeItStarts(_ to: CivilDate, _ from: CivilDate) -> String {
        pick(zh: "期间的结束日（\(to)）早于开始日（\(from)）", en: "the period ends (\(to)) before it starts (\(from))")
    }

    static var emptyTraining: String { pick(zh: "培训为 0 天 0 学时", en: "a training of 0 days and 0 hours") }

    static func notAMethod(_ text: String) -> String {
        pick(zh: "\"\(text)\" 不是推荐方式：团组织推优/league 或 党员推荐/members",
             en: "\"\(text)\" is not a method: 团组织推优/league or 党员推荐/members")
    }

    static func notARole(_ text: String) -> String {
        pick(zh: "\"\(text)\" 不是谈话人身份：委员/committee_member、组织员/organizer 或 支部/branch",
             en: "\"\(text)\" is not a role: 委员/committee_member, 组织员/organizer or 支部/branch")
    }

    static func notAResult(_ text: String) -> String {
        pick(zh: "\"\(text)\" 不是结果：通过/pass 或 不通过/fail", en: "\"\(text)\" is not a result: 通过/pass or 不通过/fail")
    }

    static func notANoticeNode(_ text: String, workflow: String, known: [String]) -> String {
        pick(zh: "\"\(text)\" 不是 \(workflow) 的公示节点（\(known.joined(separator: "、"))）",
             en: "\"\(text)\" is not a notice node of \(workflow) (\(known.joined(separator: ", ")))")
    }

    static func sameEventAs(line: Int) -> String {
        pick(zh: "与第 \(line) 行是同一事件（同一人、同一步骤、同一日期和数据）", en: "the same event as line \(line) (same person, step, date and data)")
    }

    // MARK: - Imported rosters

    static func idNumberTaken(_ masked: String, by holder: String, _ name: String, number: String) -> String {
        pick(zh: "身份证号 \(masked) 已登记给 \(holder)（\(name)）；\(number) 不能再用它登记",
             en: "the ID number \(masked) is already registered to \(holder) (\(name)); \(number) cannot be registered with it too")
    }

    static func registered(_ name: String, code: String, category: String) -> String {
        pick(zh: "\(name)（\(code)，\(category)）", en: "\(name) (\(code), \(category))")
    }

    static func differs(_ column: String, given: String, registered: String) -> String {
        pick(zh: "\(column) \(given)（已登记：\(registered)）", en: "\(column) \(given) (registered: \(registered))")
    }

    static func alreadyRegistered(_ number: String, as registered: String, differences: [String]) -> String {
        pick(zh: "编号 \(number) 已登记为 \(registered)；这一行不同：" + differences.joined(separator: "；"),
             en: "number \(number) is already registered as \(registered); this row differs: " + differences.joined(separator: "; "))
    }

    static var none: String { pick(zh: "无", en: "none") }

    static func notACategory(_ text: String) -> String {
        pick(zh: "\"\(text)\" 不是人员类别：学生/student、教师/教职工/teacher、职工/staff 或 其他/other",
             en: "\"\(text)\" is not a category: 学生/student, 教师/教职工/teacher, 职工/staff or 其他/other")
    }

    static func notAGender(_ text: String) -> String {
        pick(zh: "\"\(text)\" 不是 男/male 或 女/female", en: "\"\(text)\" is not 男/male or 女/female")
    }

    static func notALevel(_ text: String) -> String {
        pick(zh: "\"\(text)\" 不是学生层次：本科/undergraduate、硕士/master 或 博士/doctoral",
             en: "\"\(text)\" is not a level: 本科/undergraduate, 硕士/master or 博士/doctoral")
    }

    static func notAGrade(_ text: String) -> String {
        pick(zh: "\"\(text)\" 不是年级（入学年份，如 2022）", en: "\"\(text)\" is not a grade (the year of entry, e.g. 2022)")
    }
    // MARK: - Recording a step (`Engine.validate`)

    static func noStep(_ step: String, workflow: String) -> String {
        pick(zh: "流程 \(workflow) 中没有步骤 \"\(step)\"", en: "no step \"\(step)\" in workflow \(workflow)")
    }

    static var aStepOfTheWorkflow: String { pick(zh: "流程中的步骤", en: "a step of the workflow") }

    static func unknownStep(_ step: String, workflow: String, known: [String]) -> String {
        pick(zh: "流程 \(workflow) 中没有步骤 \"\(step)\"（已有：\(known.joined(separator: "、"))）",
             en: "unknown step \"\(step)\" in workflow \(workflow) (known: \(known.joined(separator: ", ")))")
    }

    static func recordInTheFuture(_ date: CivilDate, today: CivilDate) -> String {
        pick(zh: "\(date) 是将来的日期（今天是 \(today)）；步骤发生之后再记录",
             en: "\(date) is in the future (today is \(today)); record a step once it has happened")
    }

    static func beforeTheApplication(_ date: CivilDate, _ application: String, _ applied: CivilDate) -> String {
        pick(zh: "\(date) 早于入党申请（\(application)，\(applied)）", en: "\(date) is before the application (\(application) on \(applied))")
    }

    static func needsNode(_ step: String, _ nodes: [String]) -> String {
        pick(zh: "\(step)需要 --node（\(nodes.joined(separator: "、")) 之一）", en: "\(step) needs --node (one of \(nodes.joined(separator: ", ")))")
    }

    static func stepEndsBeforeItStarts(_ step: String, _ until: CivilDate, _ date: CivilDate) -> String {
        pick(zh: "\(step)的截止日（\(until)）早于开始日（\(date)）", en: "\(step) ends (\(until)) before it starts (\(date))")
    }

    static func moreVotesCastThanPresent(_ cast: Int, _ present: Int) -> String {
        pick(zh: "赞成 + 反对 + 弃权 = \(cast)，多于实到的 \(present) 人（每人一票）",
             en: "votes for + against + abstain = \(cast), more than the \(present) present (one vote per person)")
    }

    static func moreWrittenThanAbsentMembers(_ written: Int, _ absent: Int) -> String {
        pick(zh: "书面意见 \(written) 份，但缺席的只有 \(absent) 人：书面意见只能来自不能到会的党员",
             en: "\(written) written opinions, but only \(absent) members were absent: written opinions come only from members who could not attend")
    }

    static var writtenNeedOptions: String { pick(zh: "有书面意见时须填 --expected 和 --present", en: "written opinions need --expected and --present") }

    static func noticeEndsBeforeItStarts(_ to: CivilDate, _ from: CivilDate) -> String {
        pick(zh: "公示的结束日（\(to)）早于开始日（\(from)）", en: "the notice ends (\(to)) before it starts (\(from))")
    }

    static func unknownNoticeNode(_ node: String, known: [String]) -> String {
        pick(zh: "没有公示节点 \"\(node)\"（已有：\(known.joined(separator: "、"))）",
             en: "unknown notice node \"\(node)\" (known: \(known.joined(separator: ", ")))")
    }

    static func unknownMethod(_ method: String) -> String {
        pick(zh: "没有推荐方式 \"\(method)\"（league 或 members）", en: "unknown recommendation method \"\(method)\" (league or members)")
    }

    static func unknownRole(_ role: String) -> String {
        let known = TalkRole.allCases.map(\.rawValue)
        return pick(zh: "没有谈话人身份 \"\(role)\"（\(known.joined(separator: "、"))）",
                    en: "unknown role \"\(role)\" of who held the talk (\(known.joined(separator: ", ")))")
    }

    static func needsVote(_ step: String) -> String { pick(zh: "\(step)需要表决结果：--expected（应到）、--present（实到）、--for（赞成），有反对、弃权的加 --against/--abstain", en: "\(step) needs the vote: --expected (应到), --present (实到), --for (赞成), and --against/--abstain where any") }
    static func needsPeriod(_ step: String) -> String { pick(zh: "\(step)需要 --from 和 --to（公示期间）", en: "\(step) needs --from and --to (the notice period)") }
    static func needsDaysOrHours(_ step: String) -> String { pick(zh: "\(step)需要 --days 或 --hours", en: "\(step) needs --days or --hours") }
    static func needsResult(_ step: String) -> String { pick(zh: "\(step)需要 --result pass|fail", en: "\(step) needs --result pass|fail") }
    static func needsNames(_ step: String) -> String { pick(zh: "\(step)需要 --names（以逗号分隔）", en: "\(step) needs --names (comma-separated)") }
    static func needsMethod(_ step: String) -> String { pick(zh: "\(step)需要 --method league|members", en: "\(step) needs --method league|members") }
    static func needsReason(_ step: String) -> String { pick(zh: "\(step)需要 --reason", en: "\(step) needs --reason") }
    static func needsOrganization(_ step: String) -> String { pick(zh: "\(step)需要 --organization（转入组织的代码）", en: "\(step) needs --organization (the destination's code)") }
    static func needsMonths(_ step: String) -> String { pick(zh: "\(step)需要 --months", en: "\(step) needs --months") }
    static func needsWaiver(_ step: String) -> String { pick(zh: "\(step)需要 --rule、--approved-by 和 --reason", en: "\(step) needs --rule, --approved-by and --reason") }
    static func needsCommitteeVote(_ step: String) -> String { pick(zh: "\(step)需要党委对本人的表决结果：--expected（应到委员）、--present（实到）、--for（赞成），有反对、弃权的加 --against/--abstain", en: "\(step) needs the committee's vote on this person: --expected (应到委员), --present (实到), --for (赞成), and --against/--abstain where any") }
    static func needsLeavingOn(_ step: String) -> String { pick(zh: "\(step)需要 --leaving-on（预计离开本单位的日期）", en: "\(step) needs --leaving-on (the date the person is expected to leave the unit)") }
    static func needsUntil(_ step: String) -> String { pick(zh: "\(step)需要 --until（截止日期）", en: "\(step) needs --until (its last day)") }
    static func needsHolder(_ step: String) -> String { pick(zh: "\(step)需要 --held-by 姓名 和 --held-by-role committee_member|organizer|branch（委员、组织员或支部）", en: "\(step) needs --held-by NAME and --held-by-role committee_member|organizer|branch (委员、组织员 or 支部)") }

    // MARK: - A guard in a few words (`Guard.summary`, for diagrams)

    static var summaryThisStep: String { pick(zh: "本步骤", en: "this step") }
    static var summaryProbationEnd: String { pick(zh: "预备期满", en: "probation end") }
    static func summaryLast(_ step: String) -> String { pick(zh: "最近一次\(step)", en: "last \(step)") }

    static func summaryRecorded(_ steps: [String], result: StepResult?, since: String?) -> String {
        pick(zh: "已记录" + steps.joined(separator: "、") + (result.map { "（\(resultName($0))）" } ?? "") + (since.map { "（\($0)之后）" } ?? ""),
             en: steps.joined(separator: ", ") + (result.map { " (\($0.rawValue))" } ?? "") + " recorded" + (since.map { " since \($0)" } ?? ""))
    }

    static func summaryInterval(min: Duration?, max: Duration?, from: String, to: String?) -> String {
        let zh = ((min.map { ["≥ \(duration($0))"] } ?? []) + (max.map { ["≤ \(duration($0))"] } ?? [])).joined(separator: "，")
        let en = ((min.map { ["≥ \($0)"] } ?? []) + (max.map { ["≤ \($0)"] } ?? [])).joined(separator: ", ")
        return pick(zh: from + (to.map { "至\($0) " } ?? "后 ") + zh, en: en + " after \(from)" + (to.map { " to \($0)" } ?? ""))
    }

    static func summaryAge(min: Int?, max: Int?) -> String {
        pick(zh: "年龄", en: "age") + (min.map { " ≥ \($0)" } ?? "") + (max.map { " ≤ \($0)" } ?? "")
    }

    static func summaryPeople(_ range: String, in step: String) -> String { pick(zh: "\(step) \(range) 人", en: "\(range) in \(step)") }

    static func summaryTraining(days: Int?, hours: Int?) -> String {
        pick(zh: "培训 " + [days.map { "≥ \($0) 天" }, hours.map { "≥ \($0) 学时" }].compactMap { $0 }.joined(separator: "或"),
             en: "training " + [days.map { "≥ \($0) days" }, hours.map { "≥ \($0) hours" }].compactMap { $0 }.joined(separator: " or "))
    }

    static func summaryReview(_ step: String, validFor: Duration?) -> String {
        pick(zh: "\(step)通过" + (validFor.map { "，有效期 \(duration($0))" } ?? ""), en: "\(step) passed" + (validFor.map { ", valid \($0)" } ?? ""))
    }

    static func summaryRecommendation(league: Bool, under: Int) -> String {
        pick(zh: "未满 \(under) 周岁的共青团员须经" + (league ? "团组织推优" : "推荐"),
             en: (league ? "团组织推优" : "推荐") + " if League member under \(under)")
    }

    static func summaryNotice(_ node: String, min: Duration) -> String {
        pick(zh: "公示（\(node)）≥ \(duration(min))", en: "公示 (\(node)) ≥ \(min)")
    }

    static func summaryVote(_ step: String, _ rule: String) -> String { pick(zh: "\(step)：\(rule)", en: "\(step): \(rule)") }
    static func summaryVoters(_ step: String, _ n: Int) -> String { pick(zh: "\(step)：正式党员 ≥ \(n) 名", en: "\(step): ≥ \(n) full members") }

    static func summaryWindow(_ within: Duration, of start: String, atMost: Duration?) -> String {
        pick(zh: "\(start)后 \(duration(within))内" + (atMost.map { "（有理由的 ≤ \(duration($0))）" } ?? ""),
             en: "within \(within) of \(start)" + (atMost.map { " (≤ \($0) with reason)" } ?? ""))
    }

    static var summaryApprover: String { pick(zh: "审批的是有审批权的党委", en: "approver is a 党委 with authority") }

    static func summaryRetry(_ wait: Duration, after step: String) -> String {
        pick(zh: "表决未通过的\(step)后 \(duration(wait))", en: "\(wait) after a failed \(step)")
    }

    static func summaryDeparture(_ within: Duration) -> String {
        pick(zh: "\(duration(within))内不离开本单位", en: "not leaving the unit within \(within)")
    }

    static func summaryHeldBy(_ roles: [String]) -> String {
        pick(zh: "由" + roles.joined(separator: "或") + "进行", en: "held by " + roles.joined(separator: " or "))
    }

    static func summaryNamed(_ stage: String, notUnder: String?) -> String {
        pick(zh: "所指定的人是 \(stage)" + (notUnder.map { "，且没有人处于\($0)" } ?? ""),
             en: "those named are \(stage)" + (notUnder.map { ", none under \($0)" } ?? ""))
    }

    static var summaryRoster: String { pick(zh: "应到 ≤ 支部的正式党员人数", en: "应到 ≤ the branch's full members (正式党员)") }
    static func summaryProcedure(_ step: String) -> String { pick(zh: "程序中第一次\(step)", en: "first \(step) of the procedure") }

    static func summaryRedo(_ after: Duration, from: String, steps: [String]) -> String {
        pick(zh: "\(from)后 \(duration(after))内未完成：重新进行" + steps.joined(separator: "、"),
             en: "not done within \(after) of \(from): redo " + steps.joined(separator: ", "))
    }

    // MARK: The procedure redone (a university rule)

    static func noticeOf(_ node: String) -> String { pick(zh: "公示（\(node)）", en: "公示 (\(node))") }

    static func redoWithin(_ step: String, _ after: Duration, from: String, names: String) -> String {
        pick(zh: "自第一次决议（\(from)）起 \(duration(after))内\(step)，否则重新进行程序：\(names)",
             en: "\(step) within \(after) of the first resolution (\(from)), else the procedure redone: \(names)")
    }

    static func redoNoResolution(_ from: String) -> String {
        pick(zh: "没有表决通过的\(from)：未逾期", en: "no \(from) whose vote carried: nothing lapsed")
    }

    static func redoInTime(_ from: String, _ first: CivilDate, _ step: String, _ date: CivilDate, within: Duration) -> String {
        pick(zh: "\(from)（\(first)），\(step)（\(date)）：在 \(duration(within))内", en: "\(from) on \(first), \(step) on \(date): within \(within)")
    }

    static func redoRequired(_ after: Duration, from: String, resolution: CivilDate, names: String, ranOut: CivilDate, by date: CivilDate) -> String {
        pick(zh: "\(resolution) 的决议（\(from)）\(duration(after))内未获批准，须重新进行程序：\(names)均在 \(ranOut) 之后、\(date) 或之前记录",
             en: "not approved within \(after) of the resolution (\(from)) on \(resolution), the procedure redone: "
                 + "\(names) recorded after \(ranOut), on or before \(date)")
    }

    static func redoneLater(_ name: String, _ on: CivilDate, after date: CivilDate) -> String {
        pick(zh: "\(name)（\(on)），晚于 \(date)", en: "\(name) on \(on), after \(date)")
    }

    static func notRedone(_ name: String, after date: CivilDate) -> String {
        pick(zh: "\(date) 之后没有\(name)", en: "no \(name) after \(date)")
    }

    static func redoFound(_ from: String, resolution: CivilDate, ranOut: CivilDate, since found: [String]) -> String {
        pick(zh: "\(from)（\(resolution)），至 \(ranOut) 未获批准；此后：" + found.joined(separator: "；"),
             en: "\(from) on \(resolution), not approved by \(ranOut); since: " + found.joined(separator: "; "))
    }
}

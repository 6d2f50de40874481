import FazhanCore

/// The messages of audits, agendas and reports, in Chinese and English.
///
/// JSON keys, severity and kind ids (`violation`, `notice_ends`) and a target's `status`
/// (`met`, `short`, `n/a`) are codes and stay as they are; what is shown to a person comes
/// from here. The English texts are those written before the reports spoke Chinese.
extension Catalogue {
    // MARK: - Words shown for codes

    /// A finding's severity as a person reads it: 违规, 逾期, 已豁免, 暂定 (`violation`, …).
    public static func severity(_ severity: Finding.Severity) -> String {
        switch severity {
        case .violation: return pick(zh: "违规", en: "violation")
        case .late: return pick(zh: "逾期", en: "late")
        case .waived: return pick(zh: "已豁免", en: "waived")
        case .provisional: return pick(zh: "暂定", en: "provisional")
        }
    }

    /// An agenda item's kind as a person reads it: 到期, 可进入下一阶段, 公示期满, 预备期满.
    public static func agendaKind(_ kind: AgendaItem.Kind) -> String {
        switch kind {
        case .deadline: return pick(zh: "到期", en: "due")
        case .eligible: return pick(zh: "可进入下一阶段", en: "eligible")
        case .noticeEnds: return pick(zh: "公示期满", en: "公示 ends")
        case .probationEnds: return pick(zh: "预备期满", en: "probation ends")
        }
    }

    /// A target's status (`met`, `short`, `n/a`) as a table shows it: 达标, 未达标, 无法判定.
    public static func targetStatus(_ status: String) -> String {
        switch status {
        case "met": return pick(zh: "达标", en: status)
        case "short": return pick(zh: "未达标", en: status)
        case "n/a": return pick(zh: "无法判定", en: status)
        default: return status
        }
    }

    // MARK: - Audit

    static var unknownStep: String { pick(zh: "流程中没有的步骤", en: "a step the workflow does not know") }
    static func stepOf(_ workflow: String) -> String { pick(zh: "\(workflow) 的步骤", en: "a step of \(workflow)") }

    static var numbersInRange: String {
        pick(zh: "步骤的每个数字都在允许范围内；请更正该事件", en: "every number of a step within its range; correct the event")
    }

    static var provisionalMark: String { pick(zh: "（暂定）", en: " (provisional)") }
    static var theStart: String { pick(zh: "起点", en: "the start") }

    static func deadlineRequired(_ step: String, within: Duration, of anchor: String, atMost: Duration?) -> String {
        pick(zh: "\(anchor)后 \(duration(within))内\(step)" + (atMost.map { "（有理由的至多 \(duration($0))）" } ?? ""),
             en: "\(step) within \(within) of \(anchor)" + (atMost.map { " (at most \($0) with a reason)" } ?? ""))
    }

    static func previousOn(_ step: String, on date: CivilDate, previous: CivilDate) -> String {
        pick(zh: "\(step)（\(date)），上一次在 \(previous)", en: "\(step) on \(date), the previous on \(previous)")
    }

    static func every(_ step: String, _ within: Duration) -> String {
        pick(zh: "每 \(duration(within))一次\(step)", en: "\(step) every \(within)")
    }

    static func noneBetween(_ step: String, _ from: CivilDate, _ to: CivilDate) -> String {
        pick(zh: "\(from) 至 \(to) 之间没有\(step)", en: "no \(step) between \(from) and \(to)")
    }

    static func violationAfter(_ required: String, _ length: Duration, from date: CivilDate?) -> String {
        let from = date.map(String.init(describing:)) ?? ""
        return pick(zh: "\(required)；超过 \(duration(length))即为违规（\(from) 起）",
                    en: "\(required); a violation after \(length) (from \(from))")
    }

    static func noneAsOf(_ anchor: String, on date: CivilDate, _ step: String, asOf: CivilDate) -> String {
        pick(zh: "\(anchor)（\(date)），截至 \(asOf) 没有\(step)", en: "\(anchor) on \(date), no \(step) as of \(asOf)")
    }

    // MARK: - Plan audit

    static func plan(_ name: String, code: String, year: Int, category: String, quota: Int) -> String {
        pick(zh: "\(name)（\(code)）\(year) 年\(categoryName(category))年度发展计划 \(quota) 名",
             en: "\(name) (\(code)) \(year) \(category) 年度发展计划 \(quota)")
    }

    /// A person's category code as the plan names it in Chinese: `student` 学生.
    static func categoryName(_ code: String) -> String {
        chineseCategory(code) ?? " \(code) "
    }

    static func admissionOf(_ step: String, on date: CivilDate, number: Int, _ plan: String) -> String {
        pick(zh: "\(step)（\(date)）：\(plan)中的第 \(number) 名", en: "\(step) on \(date): admission \(number) of \(plan)")
    }

    static func quotaRequired(_ quota: Int, year: Int, _ plan: String, rule: String) -> String {
        pick(zh: "\(year) 年至多接收 \(quota) 名（\(plan)）；超出的只能由党委决定，记录为 \(rule) 的豁免",
             en: "at most \(quota) admissions in \(year) (\(plan)); beyond it only by the committee's decision, recorded as a waiver of \(rule)")
    }

    static func surgeFound(_ count: Int, from: CivilDate, to: CivilDate, _ plan: String) -> String {
        pick(zh: "\(from) 至 \(to) 接收 \(count) 名，对照\(plan)（突击发展）",
             en: "\(count) admissions from \(from) to \(to) against \(plan) (突击发展)")
    }

    static func surgeRequired(_ percent: String, within: Duration, minimum: Int?) -> String {
        pick(zh: "\(duration(within))内接收的不超过年度计划的 \(percent)" + (minimum.map { "（至少 \($0) 名才算突击发展）" } ?? ""),
             en: "at most \(percent) of the year's plan admitted within \(within)"
                + (minimum.map { " (a surge is at least \($0) admissions)" } ?? ""))
    }

    // MARK: - Agenda

    static func dueDetail(_ within: Duration, from since: CivilDate, atMost: CivilDate?) -> String {
        pick(zh: "自 \(since) 起 \(duration(within))" + (atMost.map { "；有理由的最晚 \($0)" } ?? ""),
             en: "\(within) from \(since)" + (atMost.map { "; at most until \($0) with a reason" } ?? ""))
    }

    static func mayBecome(_ stage: String, from date: CivilDate, rules: String) -> String {
        pick(zh: "\(date) 起可成为\(stage)（\(rules)）", en: "may become \(stage) from \(date) (\(rules))")
    }

    static func noticeDetail(_ node: String, from: CivilDate?, to: CivilDate) -> String {
        let start = from.map(String.init(describing:)) ?? ""
        return pick(zh: "公示（\(node)）\(start) 至 \(to)", en: "公示 (\(node)) \(start) to \(to)")
    }

    static func probationEndsDetail(_ end: CivilDate) -> String {
        pick(zh: "\(end) 预备期满；应召开支部大会讨论转正", en: "probation ends \(end); the branch meeting on conversion is due")
    }

    // MARK: - Targets

    static func noDenominator(_ percent: String) -> String { pick(zh: "\(percent)：未录入分母", en: "\(percent): no denominator recorded") }

    static func increase(_ percent: String, earlier: String, points: String, shortfall: Int?) -> String {
        pick(zh: "\(percent)，上年同期 \(earlier)，目标提高 \(points.hasSuffix("%") ? String(points.dropLast()) : points) 个百分点" + (shortfall.map { "：还差 \($0) 人" } ?? "：达标"),
             en: "\(percent), a year earlier \(earlier), target +\(points) points" + (shortfall.map { ": \($0) more needed" } ?? ": met"))
    }

    static func noThreshold(_ percent: String, year: Int) -> String {
        pick(zh: "\(percent)：\(year) 年没有目标值", en: "\(percent): no threshold for \(year)")
    }

    static func targetMet(_ percent: String, _ threshold: String) -> String {
        pick(zh: "\(percent)，目标 \(threshold)：达标", en: "\(percent), target \(threshold): met")
    }

    static func targetShort(_ percent: String, _ threshold: String, _ shortfall: Int) -> String {
        pick(zh: "\(percent)，目标 \(threshold)：还差 \(shortfall) 人", en: "\(percent), target \(threshold): \(shortfall) more needed")
    }

    static func targetNoDenominator(_ percent: String, _ threshold: String) -> String {
        pick(zh: "\(percent)，目标 \(threshold)：未录入分母（fazhan enrollment set）",
             en: "\(percent), target \(threshold): no denominator recorded (fazhan enrollment set)")
    }

    // MARK: - The quarterly report's tables and CSV

    static var previousPeriod: String { pick(zh: "上期", en: "previous") }
    static var aYearEarlier: String { pick(zh: "上年同期", en: "a year earlier") }
    static func stocksOn(_ date: CivilDate) -> String { pick(zh: "\(date) 各阶段人数", en: "Stocks on \(date)") }
    static var stage: String { pick(zh: "阶段", en: "stage") }
    static var students: String { pick(zh: "学生", en: "students") }
    static var teachers: String { pick(zh: "教师", en: "teachers") }
    static var staff: String { pick(zh: "职工", en: "staff") }
    static var other: String { pick(zh: "其他", en: "other") }
    static var total: String { pick(zh: "合计", en: "total") }
    static var change: String { pick(zh: "增减", en: "change") }
    static func flows(_ from: CivilDate, _ to: CivilDate) -> String { pick(zh: "\(from) 至 \(to) 进出情况", en: "Flows \(from) to \(to)") }
    static var flow: String { pick(zh: "项目", en: "flow") }
    static var applications: String { pick(zh: "递交申请", en: "applications 递交申请") }
    static var admissions: String { pick(zh: "接收预备党员（按审批日期）", en: "admissions 接收预备党员 (by approval)") }
    static var conversions: String { pick(zh: "转正（按审批日期）", en: "conversions 转正 (by approval)") }
    static var extensions: String { pick(zh: "延长预备期", en: "extensions 延长预备期") }
    static var exits: String { pick(zh: "撤回、取消、转出", en: "exits 撤回、取消、转出") }
    static var transfersIn: String { pick(zh: "转入", en: "transfers in 转入") }
    static var transfersOut: String { pick(zh: "转出", en: "transfers out 转出") }
    static func entered(_ stage: String) -> String { pick(zh: "成为\(stage)", en: "entered \(stage)") }
    static var targets: String { pick(zh: "目标", en: "Targets") }
    static var target: String { pick(zh: "目标", en: "target") }
    static var value: String { pick(zh: "比例", en: "value") }
    static var of: String { pick(zh: "人数", en: "of") }
    static var threshold: String { pick(zh: "目标值", en: "target") }
    static var status: String { pick(zh: "状况", en: "status") }

    static func plans(_ year: Int) -> String {
        pick(zh: "\(year) 年度发展计划（1 月 1 日起审批接收的人数）", en: "Development plans \(year) (admissions approved from January 1)")
    }

    static var organization: String { pick(zh: "组织", en: "organization") }
    static var category: String { pick(zh: "类别", en: "category") }
    static var quota: String { pick(zh: "计划数", en: "quota") }
    static var admitted: String { pick(zh: "已接收", en: "admitted") }
    static var completion: String { pick(zh: "完成率", en: "completion") }
    static func overPlan(_ rule: String) -> String { pick(zh: "超计划（\(rule)）", en: "over plan (\(rule))") }
    static func strongestBranches(_ year: Int) -> String { pick(zh: "\(year) 年最强党支部", en: "最强党支部 \(year)") }
    static var branches: String { pick(zh: "支部数", en: "branches") }
    static var share: String { pick(zh: "比例", en: "share") }
    static var female: String { pick(zh: "女", en: "female 女") }
    static var male: String { pick(zh: "男", en: "male 男") }
    static var ethnicMinority: String { pick(zh: "少数民族", en: "ethnic minority 少数民族") }
    static var thirtyFiveAndUnder: String { pick(zh: "35 岁及以下", en: "35 and under") }
    static func ageBand(_ band: AgeBand) -> String { pick(zh: "年龄 \(band.rawValue)", en: "age \(band.rawValue)") }

    static func breakdowns(_ date: CivilDate) -> String {
        pick(zh: "构成：\(date) 的党员，本期新党员", en: "Breakdowns: members on \(date), new members in the period")
    }

    static var members: String { pick(zh: "党员", en: "members") }
    static var newMembers: String { pick(zh: "新党员", en: "new members") }
    static var byOrganization: String { pick(zh: "按组织", en: "By organization") }
    static var name: String { pick(zh: "名称", en: "name") }
    static var reserve: String { pick(zh: "后备力量", en: "reserve") }
    static var admissionsColumn: String { pick(zh: "接收预备党员", en: "admissions") }
    static var conversionsColumn: String { pick(zh: "转正", en: "conversions") }

    /// The first line of a report: `2026年第三季度：化学学院，2026Q3（2026-07-01 至 2026-09-30）`.
    static func reportHeading(_ title: String, _ organization: String, _ label: String, _ from: CivilDate, _ to: CivilDate) -> String {
        pick(zh: "\(title)：\(organization)，\(label)（\(from) 至 \(to)）", en: "\(title): \(organization), \(label) (\(from) to \(to))")
    }

    static func rules(_ workflows: [String]) -> String {
        pick(zh: "规则：" + workflows.joined(separator: "，"), en: "rules: " + workflows.joined(separator: ", "))
    }

    static func computedFrom(_ log: String) -> String { pick(zh: "依据事件日志计算：\(log)", en: "computed from the event log at \(log)") }

    static func checkLater(_ head: String) -> String {
        pick(zh: "日后可核对日志是否仍然如此：fazhan verify --expect-head \(head)",
             en: "check later that the log still holds it: fazhan verify --expect-head \(head)")
    }

    static func checkpointText(_ checkpoint: Int64, createdAt: String, head: String, signature: String?, keyID: String?) -> String {
        pick(zh: "检查点 \(checkpoint)（\(createdAt)），head \(head)，" + (signature.map { "密钥 \(keyID ?? "?") 签名：\($0)" } ?? "未签名"),
             en: "checkpoint \(checkpoint) (\(createdAt)), head \(head), " + (signature.map { "signed by key \(keyID ?? "?"): \($0)" } ?? "unsigned"))
    }

    static var eventLog: String { pick(zh: "事件日志", en: "event log") }

    static var eventLogColumns: [String] {
        [eventLog] + (Language.current == .en ? ["checkpoint", "created at", "head", "signature", "key id"]
            : ["检查点", "创建时间", "head", "签名", "密钥"])
    }

    static var unsigned: String { pick(zh: "未签名", en: "unsigned") }
    static var section: String { pick(zh: "部分", en: "section") }

    // MARK: - What moved since a report was filed

    static func filedSpan(since: String, asRecorded: String?) -> String {
        pick(zh: "报送时（\(since) 的记录）→ " + (asRecorded.map { "\($0) 的记录" } ?? "现在"),
             en: "报送时 (as recorded on \(since)) → " + (asRecorded.map { "as recorded on \($0)" } ?? "现在 (now)"))
    }

    static func eventsSince(_ end: CivilDate, count: Int) -> String {
        pick(zh: "== 此后记录、日期在期末或之前的事件：\(count)",
             en: "== 此后记录、日期在期末或之前的事件 (events recorded since, dated on or before \(end)): \(count)")
    }

    static func figuresMoved(_ count: Int) -> String {
        pick(zh: "== 变动的数字：\(count)", en: "== 变动的数字 (figures that moved): \(count)")
    }

    static var nothingMoved: String { pick(zh: "报送的数字均未变动", en: "报送的数字均未变动 (every figure is as filed)") }
    static var part: String { pick(zh: "部分", en: "part") }
    static var now: String { pick(zh: "现在", en: "now") }

    /// A column the report names twice, after the column before it: `change vs 2026Q2`.
    static func versus(_ column: String, _ before: String) -> String { pick(zh: "\(column)（对比\(before)）", en: "\(column) vs \(before)") }

    // MARK: - HTML

    static func statusCell(_ status: String) -> String {
        switch status {
        case "met": return pick(zh: "✔ 达标", en: "✔ 达标 (met)")
        case "short": return pick(zh: "✘ 未达标", en: "✘ 未达标 (short)")
        default: return pick(zh: "— 无法判定", en: "— 无法判定 (\(status))")
        }
    }

    // MARK: - Statistics periods (`--period`)

    static var quarterForm: String { pick(zh: "季度写作 YYYYQn，如 2026Q3", en: "a quarter is written YYYYQn, e.g. 2026Q3") }
    static var quarterRange: String { pick(zh: "季度须为 1 至 4", en: "the quarter must be 1 to 4") }
    static var yearRange: String { pick(zh: "年份须为 1 至 9999", en: "the year must be 1 to 9999") }
    static var periodEndsBeforeItStarts: String { pick(zh: "统计期的结束早于开始", en: "the period ends before it starts") }

    static var periodForms: String {
        pick(zh: "请写季度（2026Q3）、年份（2026）或两个日期（2026-01-15..2026-02-15）",
             en: "write a quarter (2026Q3), a year (2026) or two dates (2026-01-15..2026-02-15)")
    }

    static func notAPeriod(_ text: String, _ reason: String) -> String {
        pick(zh: "\"\(text)\" 不是统计期：\(reason)", en: "\"\(text)\" is not a statistics period: \(reason)")
    }
}

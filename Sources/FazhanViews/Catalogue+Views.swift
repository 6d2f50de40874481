import FazhanCore
import FazhanReports

/// What the views write around the engine's findings: headlines, column headers, statuses and
/// counts, in Chinese and English.
extension Catalogue {
    // MARK: Verdicts (`check`, `advance`, refusals)

    /// "张晨明（2024010404）：", the start of every line about one person.
    static func personPrefix(_ name: String, _ number: String) -> String {
        pick(zh: "\(name)（\(number)）：", en: "\(name) (\(number)): ")
    }

    /// What is judged: "确定发展对象 → 发展对象，2026-12-04".
    static func judged(step: String, target: String?, date: CivilDate) -> String {
        pick(zh: "\(step)\(target.map { " → \($0)" } ?? "")，\(date)", en: "\(step)\(target.map { " → \($0)" } ?? "") on \(date)")
    }

    static func allowed(checks: Int) -> String {
        pick(zh: "：允许，\(checks) 项检查全部通过", en: ": allowed, all \(checks) checks pass")
    }

    static func notAllowed(failures: Int, of checks: Int) -> String {
        pick(zh: "：不允许，\(checks) 项检查中 \(failures) 项未通过", en: ": NOT allowed, \(failures) of \(checks) checks fail")
    }

    static var verdictColumns: [String] {
        pick(zh: "规则|名称|实际情况|要求|最早可通过", en: "rule|name|found|required|earliest").split(separator: "|").map(String.init)
    }

    static var provisionalMark: String { pick(zh: "（无工作日历，暂定）", en: " (provisional)") }

    static func basis(_ bases: [String]) -> String {
        pick(zh: "依据：" + bases.joined(separator: "；"), en: "basis: " + bases.joined(separator: "; "))
    }

    static func earliestAll(_ date: CivilDate) -> String {
        pick(zh: "全部检查最早可于 \(date) 通过", en: "earliest date all checks can pass: \(date)")
    }

    static func waivableClauses(_ clauses: [String]) -> String {
        pick(zh: "规定为“一般”的条款，只有记录在案的该规则豁免（waiver）可以放宽：" + clauses.joined(separator: "、"),
             en: "clauses worded \"normally\" (一般), waivable only by a recorded waiver of their rule: " + clauses.joined(separator: ", "))
    }

    static var fixHeader: String {
        pick(zh: "纠正办法（DATE：实际发生的日期；…：由您填写）：", en: "to put it right (DATE: the day it happened; …: yours to fill in):")
    }

    static var namesOrStatement: String { pick(zh: "（或写姓名并附 --statement …）", en: " (or names with --statement …)") }

    static var nothingRecorded: String { pick(zh: "未作任何记录", en: "nothing was recorded") }

    // MARK: Recording (`record`, `advance`, `correct`)

    static func recorded(id: Int64, name: String, number: String, step: String, date: CivilDate) -> String {
        pick(zh: "已记录 #\(id)：\(name)（\(number)）\(step)，\(date)", en: "recorded #\(id): \(name) (\(number)) \(step) on \(date)")
    }

    static func nowIn(stage: String, effective: CivilDate?) -> String {
        pick(zh: "现为\(stage)" + (effective.map { "，自 \($0) 起" } ?? ""), en: "now \(stage)" + (effective.map { ", effective \($0)" } ?? ""))
    }

    static func warning(rule: String, ruleName: String, found: String, required: String, missedBy: Int?, violation: Bool) -> String {
        pick(zh: "警告：\(rule) \(ruleName)：\(found)；要求\(required)" + (missedBy.map { "（超出 \($0) 天）" } ?? "")
                 + "。已按实际情况记录；审计将报告为\(violation ? "违规" : "逾期")。",
             en: "warning: \(rule) \(ruleName): \(found); required \(required)" + (missedBy.map { " (missed by \($0) d)" } ?? "")
                 + ". Recorded, as it happened; the audit will report it as \(violation ? "a violation" : "late").")
    }

    static func voided(id: Int64, original: Int64, step: String, date: CivilDate, reason: String) -> String {
        pick(zh: "已记录 #\(id)：作废 #\(original)（\(step)，\(date)）；原因：\(reason)",
             en: "recorded #\(id): voids #\(original) (\(step) on \(date)); reason: \(reason)")
    }

    static func corrected(id: Int64, original: Int64, step: String, date: CivilDate, reason: String) -> String {
        pick(zh: "已记录 #\(id)：更正 #\(original) → \(step)，\(date)；原因：\(reason)",
             en: "recorded #\(id): corrects #\(original) → \(step) on \(date); reason: \(reason)")
    }

    // MARK: Batches

    static func batchRecorded(step: String, date: CivilDate, people: Int) -> String {
        pick(zh: "已为 \(people) 人记录\(step)（\(date)），一次写入",
             en: "recorded \(step) on \(date) for \(people) \(people == 1 ? "person" : "people"), in one transaction")
    }

    static func batchRefused(step: String, date: CivilDate, refused: Int, people: Int) -> String {
        pick(zh: "拒绝：\(step)（\(date)）：所列 \(people) 人中有 \(refused) 人不能记录；所有人均未记录",
             en: "refused: \(step) on \(date): \(refused) of the \(people) people named cannot have it recorded; nothing was recorded for anyone")
    }

    static func personRefused(_ person: String, _ problems: String) -> String {
        pick(zh: "\(person)：拒绝：\(problems)", en: "\(person): refused: \(problems)")
    }

    // MARK: History and the dossier

    static func dossierHeadline(_ name: String, _ number: String, organization: String, code: String) -> String {
        pick(zh: "\(name)（\(number)），\(organization) [\(code)]", en: "\(name) (\(number)), \(organization) [\(code)]")
    }

    /// A dossier's category: the code in English, as it always read.
    static func categoryFact(_ category: PersonProfile.Category) -> String {
        Language.current == .en ? category.rawValue : self.category(category)
    }

    static func level(_ level: PersonProfile.Level, grade: Int?) -> String {
        let zh: String
        switch level {
        case .undergraduate: zh = "本科生"
        case .master: zh = "硕士研究生"
        case .doctoral: zh = "博士研究生"
        }
        return pick(zh: zh + (grade.map { "，\($0) 级" } ?? ""), en: level.rawValue + (grade.map { " \($0)" } ?? ""))
    }

    static var noEvents: String { pick(zh: "（没有记录）", en: "(no events)") }

    static func historyHeadline(name: String, number: String, asOf date: CivilDate, stage: String?, since: CivilDate?) -> String {
        let stageText = stage.map { stage in pick(zh: "\(stage)，自 \(since.map { "\($0)" } ?? "") 起", en: "\(stage) since \(since.map { "\($0)" } ?? "")") }
        return pick(zh: "\(name)（\(number)），截至 \(date)：\(stageText ?? "尚无阶段")",
                    en: "\(name) (\(number)), as of \(date): \(stageText ?? "no stage")")
    }

    /// The history's columns: #, date, step, details, recorded (zone), by, status.
    static func historyColumns(recorded zone: String?) -> [String] {
        let recorded = zone.map { pick(zh: "记录时间（\($0)）", en: "recorded (\($0))") } ?? pick(zh: "记录时间", en: "recorded")
        return ["#", pick(zh: "日期", en: "date"), pick(zh: "步骤", en: "step"), pick(zh: "详情", en: "details"), recorded,
                pick(zh: "记录人", en: "by"), pick(zh: "状态", en: "status")]
    }

    static var superseded: String { pick(zh: "已被取代", en: "superseded") }

    static func voids(_ id: Int64) -> String { pick(zh: "作废 #\(id)", en: "voids #\(id)") }

    static func corrects(_ id: Int64) -> String { pick(zh: "更正 #\(id)", en: "corrects #\(id)") }

    static func correctedBy(_ ids: [Int64]) -> String {
        pick(zh: "已被更正：#", en: "corrected by #") + ids.map(String.init).joined(separator: ", #")
    }

    static var importedMark: String { pick(zh: "导入", en: "imported") }

    static var listSeparator: String { pick(zh: "；", en: "; ") }

    static func born(_ date: CivilDate, age: Int) -> String { pick(zh: "\(date) 出生（\(age) 岁）", en: "born \(date) (\(age))") }

    static var leagueMember: String { "共青团员" }

    static func idNumber(_ id: String) -> String { pick(zh: "身份证号 \(id)", en: "ID \(id)") }

    static func workflowLine(_ id: String, version: Int64, provisional: Bool) -> String {
        pick(zh: "规则：\(id) 第 \(version) 版" + (provisional ? "（暂定）" : ""),
             en: "workflow: \(id) version \(version)" + (provisional ? " (provisional)" : ""))
    }

    static func stageLine(_ name: String, _ id: String, since: CivilDate, approved: CivilDate?) -> String {
        pick(zh: "阶段：\(name)（\(id)），自 \(since) 起" + (approved.map { "（\($0) 批准）" } ?? ""),
             en: "stage: \(name) (\(id)) since \(since)" + (approved.map { " (approved \($0))" } ?? ""))
    }

    static var noStageYet: String { pick(zh: "阶段：尚无（未记录入党申请）", en: "stage: none yet (no application recorded)") }

    static func probationEnds(_ date: CivilDate) -> String { pick(zh: "预备期满：\(date)", en: "probation ends: \(date)") }

    static var timelineTitle: String { pick(zh: "经过：", en: "timeline:") }

    static var dossierEventColumns: [String] {
        ["#", pick(zh: "日期", en: "date"), pick(zh: "步骤", en: "step"), pick(zh: "详情", en: "details"), pick(zh: "记录人", en: "by")]
    }

    static var dueTitle: String { pick(zh: "期限：", en: "due:") }

    static var dueColumns: [String] {
        pick(zh: "期限|步骤|规则|起算|状态", en: "due|step|rule|counted from|status").split(separator: "|").map(String.init)
    }

    static func dueStatus(daysLeft left: Int, atMost: String?) -> String {
        let status = left < 0 ? pick(zh: "逾期 \(-left) 天", en: "overdue by \(-left) days")
            : left == 0 ? pick(zh: "今天到期", en: "due today") : pick(zh: "还有 \(left) 天", en: "in \(left) days")
        return status + (atMost.map { pick(zh: "（有理由可延至 \($0)）", en: " (at most \($0) with a reason)") } ?? "")
    }

    static var nextTitle: String { pick(zh: "下一步：", en: "next: ") }

    static var noFurtherStage: String { pick(zh: "下一步：没有后续阶段", en: "next: no further stage") }

    // MARK: People

    static var peopleColumns: [String] {
        pick(zh: "编号|姓名|类别|组织|阶段|起始|性别|出生日期|身份证号", en: "number|name|category|organization|stage|since|gender|birth|ID number")
            .split(separator: "|").map(String.init)
    }

    static var noApplication: String { pick(zh: "（未申请）", en: "(no application)") }

    static func people(_ count: Int) -> String { pick(zh: "共 \(count) 人", en: "\(count) \(count == 1 ? "person" : "people")") }

    /// A person's category as shown (the value stays the code in JSON).
    static func category(_ category: PersonProfile.Category) -> String {
        pick(zh: chineseCategory(category.rawValue) ?? category.rawValue, en: category.rawValue)
    }

    static func genderName(_ gender: Gender) -> String {
        switch gender {
        case .male: return pick(zh: "男", en: "male")
        case .female: return pick(zh: "女", en: "female")
        }
    }

    // MARK: Audit

    static var auditCSVHeader: [String] {
        pick(zh: "编号|姓名|组织|规则|规则名称|性质|步骤|事件|日期|实际情况|要求|超出天数|来源|规则版本|导入",
             en: "person|name|organization|rule|rule name|severity|step|event|date|found|required|missed by days|source|workflow|imported")
            .split(separator: "|").map(String.init)
    }

    static var yes: String { pick(zh: "是", en: "yes") }

    static var no: String { pick(zh: "否", en: "no") }

    static func auditHeadline(asOf date: String, people: Int, versions: String) -> String {
        pick(zh: "审计（截至 \(date)）：\(people) 人；\(versions)", en: "audit as of \(date): \(people) people; \(versions)")
    }

    static var auditSummaryColumns: (organization: String, name: String, people: String, rules: String) {
        (pick(zh: "组织", en: "organization"), pick(zh: "名称", en: "name"), pick(zh: "人数", en: "people"), pick(zh: "规则", en: "rules"))
    }

    static var auditFindingColumns: [String] {
        pick(zh: "日期|编号|姓名|组织|规则|性质|步骤|实际情况|要求|超出", en: "date|person|name|org|rule|severity|step|found|required|missed by")
            .split(separator: "|").map(String.init)
    }

    static var importedSuffix: String { pick(zh: "（导入）", en: " (imported)") }

    static func days(_ count: Int) -> String { pick(zh: "\(count) 天", en: "\(count) d") }

    static func auditTotal(findings: Int, violations: Int) -> String {
        pick(zh: "共 \(findings) 项发现，其中违规 \(violations) 项", en: "\(findings) findings, \(violations) violations")
    }

    // MARK: Agenda

    static var agendaCSVHeader: [String] {
        pick(zh: "日期|状态|剩余天数|类型|编号|姓名|组织|步骤|规则|规则名称|说明",
             en: "date|status|days left|kind|person|name|organization|step|rule|rule name|detail").split(separator: "|").map(String.init)
    }

    static func agendaHeadline(asOf date: CivilDate, days: Int, items: Int, overdue: Int) -> String {
        pick(zh: "待办（截至 \(date)，未来 \(days) 天）：共 \(items) 项（逾期 \(overdue) 项）",
             en: "agenda as of \(date), next \(days) days: \(items) \(items == 1 ? "item" : "items") (\(overdue) overdue)")
    }

    static var agendaColumns: [String] {
        pick(zh: "日期|状态|编号|姓名|组织|事项|规则|说明", en: "date|status|person|name|org|what|rule|detail").split(separator: "|").map(String.init)
    }

    static func agendaStatus(daysLeft: Int, overdue: Bool) -> String {
        if overdue { return pick(zh: "逾期 \(-daysLeft) 天", en: "overdue \(-daysLeft) d") }
        return daysLeft == 0 ? pick(zh: "今天", en: "today") : pick(zh: "\(daysLeft) 天后", en: "in \(daysLeft) d")
    }

    static var overdue: String { pick(zh: "逾期", en: "overdue") }

    static func eligibleFor(_ step: String) -> String { pick(zh: "可办理：\(step)", en: "eligible: \(step)") }

    // MARK: The committee's queue

    static var approvalCSVHeader: [String] {
        pick(zh: "编号|姓名|组织|步骤|步骤名称|起始|期限|逾期|可通过|未通过的规则",
             en: "person|name|organization|step|step name|since|due|overdue|allowed|failing rules").split(separator: "|").map(String.init)
    }

    static func approvalHeadline(asOf date: CivilDate, count: Int, overdue: Int) -> String {
        pick(zh: "待党委办理（截至 \(date)）：\(count) 项（逾期 \(overdue) 项）", en: "awaiting the committee as of \(date): \(count) (\(overdue) overdue)")
    }

    static var approvalColumns: [String] {
        pick(zh: "起始|期限|编号|姓名|组织|待办|审查", en: "since|due|person|name|org|awaits|verdict").split(separator: "|").map(String.init)
    }

    static var overdueSuffix: String { pick(zh: "（逾期）", en: " (overdue)") }

    static var allowedWord: String { pick(zh: "可通过", en: "allowed") }

    static func blockedBy(_ rules: [String]) -> String {
        pick(zh: "未通过：" + rules.joined(separator: "、"), en: "blocked: " + rules.joined(separator: ", "))
    }
}

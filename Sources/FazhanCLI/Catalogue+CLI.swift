import FazhanCore

/// The command line's own messages (those of the views and the engine are in their modules).
extension Catalogue {
    // `--lang` itself: said in both languages, since the language is what is in doubt.
    static let languageMissing = "error: --lang 后须写 zh（中文）或 en（English）/ --lang needs zh or en"

    static func languageUnknown(_ value: String) -> String {
        "error: --lang 只能是 zh（中文）或 en（English），不是 \"\(value)\" / --lang must be zh or en, not \"\(value)\""
    }

    // MARK: The demo

    static func demoBuilt(date: CivilDate, organizations: Int, people: Int, events: Int, seconds: String, database: String) -> String {
        pick(zh: "1. 某大学，\(date)：\(organizations) 个组织，\(people) 人，\(events) 个事件（\(seconds) 秒建成，写入 \(database)，权限 0600）",
             en: "1. 某大学 on \(date): \(organizations) organizations, \(people) people, \(events) events "
                 + "(built in \(seconds) s into \(database), mode 0600)")
    }

    static func demoRules(_ id: String, version: Int64, title: String, provisional: Bool) -> String {
        pick(zh: "规则：\(id) 第 \(version) 版，\(title)" + (provisional ? "（暂定）" : ""),
             en: "rules: \(id) version \(version), \(title)" + (provisional ? " (provisional)" : ""))
    }

    static var demoStageColumns: [String] { pick(zh: "阶段|代码|人数", en: "stage|id|people").split(separator: "|").map(String.init) }

    static func demoWhyBlocked(_ number: String) -> String {
        pick(zh: "2. \(number) 为什么还不能确定为发展对象？  $ fazhan check \(number)",
             en: "2. Why can't \(number) become a 发展对象 yet?  $ fazhan check \(number)")
    }

    static func demoAdvance(_ number: String, date: CivilDate) -> String {
        pick(zh: "3. 每项检查都通过的一次转换  $ fazhan advance \(number) --to candidate --on \(date)",
             en: "3. An advance that passes every guard  $ fazhan advance \(number) --to candidate --on \(date)")
    }

    static var demoAuditTitle: String { pick(zh: "4. 审计  $ fazhan audit", en: "4. The auditor's check  $ fazhan audit") }

    static var demoAuditColumns: [String] {
        pick(zh: "规则|发现|违规|逾期|暂定|人数", en: "rule|findings|violation|late|provisional|people").split(separator: "|").map(String.init)
    }

    static func demoFindings(_ findings: Int, people: Int, provisional: Bool) -> String {
        pick(zh: "\(people) 人中共 \(findings) 项发现" + (provisional ? "（暂定：公示所在年份没有工作日历）" : "") + "。有意违规记录的人员：",
             en: "\(findings) findings over \(people) people" + (provisional ? " (provisional: a 公示 in a year with no working-day calendar)" : "")
                 + ". The people recorded out of rule on purpose:")
    }

    static var demoOutOfRuleColumns: [String] {
        pick(zh: "编号|姓名|规则|经过", en: "person|name|rule|what happened").split(separator: "|").map(String.init)
    }

    static var demoAgendaTitle: String {
        pick(zh: "5. 组织委员的早晨：未来 30 天的待办  $ fazhan agenda --within 30d",
             en: "5. The organizer's morning: what is due in the next 30 days  $ fazhan agenda --within 30d")
    }

    static func demoAgendaCounts(_ items: Int, kinds: [(String, Int)], first: Int) -> String {
        pick(zh: "共 \(items) 项：" + kinds.map { "\($0.0) \($0.1)" }.joined(separator: "，") + "；前 \(first) 项：",
             en: "\(items) \(items == 1 ? "item" : "items"): " + kinds.map { "\($0.0) \($0.1)" }.joined(separator: ", ") + "; the first \(first):")
    }

    static var demoAgendaColumns: [String] {
        pick(zh: "日期|状态|编号|姓名|组织|事项|规则", en: "date|status|person|name|org|what|rule").split(separator: "|").map(String.init)
    }

    static func demoReportTitle(_ quarter: String) -> String {
        pick(zh: "6. \(quarter) 季度统计报告  $ fazhan report quarterly --quarter \(quarter)",
             en: "6. The quarterly report for \(quarter)  $ fazhan report quarterly --quarter \(quarter)")
    }

    static func demoWholeReport(_ page: String, quarter: String) -> String {
        pick(zh: "完整报告（含图表）：\(page)  ($ fazhan report quarterly --quarter \(quarter) --format html --output \(page))",
             en: "the whole report, with charts: \(page)  ($ fazhan report quarterly --quarter \(quarter) --format html --output \(page))")
    }

    static var demoTryIt: String { pick(zh: "自己试试", en: "Try it yourself") }
}

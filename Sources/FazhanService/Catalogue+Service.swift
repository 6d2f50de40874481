import FazhanCore

/// The use cases' refusals and errors, in Chinese and English.
extension Catalogue {
    public static func error(_ sentence: String) -> String { pick(zh: "错误：\(sentence)", en: "error: \(sentence)") }

    public static func refused(_ sentence: String) -> String { pick(zh: "拒绝：\(sentence)", en: "refused: \(sentence)") }

    static func personNotFound(_ key: String, near: [String]) -> String {
        guard !near.isEmpty else { return error(pick(zh: "没有编号或 id 为 \(key) 的人员", en: "no person with number or id \(key)")) }
        return error(pick(zh: "没有编号或 id 为 \(key) 的人员；您是否要找 " + near.joined(separator: "、") + "？",
                          en: "no person with number or id \(key); did you mean " + near.joined(separator: ", ") + "?"))
    }

    static func eventNotFound(_ id: Int64) -> String { error(pick(zh: "没有事件 #\(id)", en: "no event #\(id)")) }

    static func organizationNotFound(_ code: String) -> String { error(pick(zh: "没有组织 \(code)", en: "no organization \(code)")) }

    static func unknownStep(_ text: String, workflow: String, guess: String?, known: [String]) -> String {
        if let guess {
            return error(pick(zh: "规则 \(workflow) 中没有步骤“\(text)”；您是否要找 \(guess)？",
                              en: "unknown step \"\(text)\" in workflow \(workflow); did you mean \(guess)?"))
        }
        return error(pick(zh: "规则 \(workflow) 中没有步骤“\(text)”；已有的步骤：\(known.joined(separator: "、"))",
                          en: "unknown step \"\(text)\" in workflow \(workflow); known steps: \(known.joined(separator: ", "))"))
    }

    static func unknownStage(_ text: String, workflow: String, guess: String?, known: [String]) -> String {
        if let guess {
            return error(pick(zh: "规则 \(workflow) 中没有阶段“\(text)”；您是否要找 \(guess)？",
                              en: "unknown stage \"\(text)\" in workflow \(workflow); did you mean \(guess)?"))
        }
        return error(pick(zh: "规则 \(workflow) 中没有阶段“\(text)”；已有的阶段：\(known.joined(separator: "、"))",
                          en: "unknown stage \"\(text)\" in workflow \(workflow); known stages: \(known.joined(separator: ", "))"))
    }

    static func noEnteringStep(_ stage: String, workflow: String) -> String {
        error(pick(zh: "规则 \(workflow) 中没有进入 \(stage) 的步骤", en: "no step enters \(stage) in workflow \(workflow)"))
    }

    static func noFurtherStage(_ person: String, current: String) -> String {
        pick(zh: "\(person) 已是\(current)：没有后续阶段", en: "\(person) is \(current): there is no further stage")
    }

    static func refusedStep(name: String, number: String, step: String, date: CivilDate, failing: [String]) -> String {
        pick(zh: "\(name)（\(number)）：\(step)（\(date)）不允许（\(failing.joined(separator: "、"))）；未作任何记录",
             en: "\(name) (\(number)): \(step) on \(date) is NOT allowed (\(failing.joined(separator: ", "))); nothing was recorded")
    }

    static func correctionBreaks(_ lines: [String]) -> String {
        pick(zh: "拒绝：这项更正会使已记录的步骤违反规则：\n" + lines.joined(separator: "\n")
                 + "\n未作任何记录；请一并更正这些步骤，或换一个能保持记录前后一致的顺序记录更正",
             en: "refused: the correction would make recorded steps break the rules:\n" + lines.joined(separator: "\n")
                 + "\nnothing was recorded; correct those steps too, or record the correction in an order that keeps the history consistent")
    }

    static func brokenStep(rule: String, ruleName: String, step: String, date: CivilDate, found: String, required: String) -> String {
        pick(zh: "✗ \(rule) \(ruleName)：\(step)（\(date)）：实际 \(found)；要求 \(required)",
             en: "✗ \(rule) \(ruleName): \(step) on \(date): found \(found); required \(required)")
    }

    static func alreadyVoided(_ id: Int64) -> String { refused(pick(zh: "事件 #\(id) 已经作废", en: "event #\(id) is already voided")) }

    static func voidWouldOrphan(_ event: Int64, later: Int64) -> String {
        refused(pick(zh: "事件 #\(event) 进入的阶段是后续转换的基础；请先作废 #\(later)",
                     en: "event #\(event) entered a stage that later transitions build on; void #\(later) first"))
    }

    static func keptChanging(_ person: String, attempts: Int) -> String {
        refused(pick(zh: "审查期间他人连续 \(attempts) 次为 \(person) 记录了步骤；未作任何记录，请重试",
                     en: "others recorded for \(person) while this was being judged, \(attempts) times in a row; nothing was recorded, try again"))
    }

    static var noDefaultWorkflow: String {
        error(pick(zh: "数据库没有默认规则；请加 --workflow", en: "the database has no default workflow; pass --workflow"))
    }

    static func invalidIDNumber(_ masked: String, _ reason: String) -> String {
        refused(pick(zh: "身份证号 \(masked)：\(reason)", en: "the ID number \(masked): \(reason)"))
    }

    static func idNumberDisagrees(_ masked: String, _ disagreements: [String]) -> String {
        refused(pick(zh: "身份证号 \(masked) 与所填内容不符：" + disagreements.joined(separator: "；"),
                     en: "the ID number \(masked) disagrees with what was entered: " + disagreements.joined(separator: "; ")))
    }

    static func birthDateInFuture(_ date: CivilDate) -> String {
        refused(pick(zh: "出生日期 \(date) 在今天之后", en: "the birth date \(date) is in the future"))
    }

    static func idNumberTaken(_ masked: String, holder: String, number: String) -> String {
        refused(pick(zh: "身份证号 \(masked) 已登记给 \(holder)；\(number) 不能再用它登记",
                     en: "the ID number \(masked) is already registered to \(holder); \(number) cannot be registered with it too"))
    }

    static func unknownValue(_ what: String, _ value: String, valid: [String]) -> String {
        error(pick(zh: "没有这个\(valueName(what))：\(value)；可用的有：\(valid.joined(separator: "、"))",
                   en: "no \(what) \(value); the \(what)s are \(valid.joined(separator: ", "))"))
    }

    /// What kind of value was asked for, in Chinese ("stage" → "阶段").
    private static func valueName(_ what: String) -> String {
        switch what {
        case "stage": return "阶段"
        case "公示 node": return "公示节点"
        default: return what
        }
    }

    static func forbidden(_ sentence: String) -> String { pick(zh: "禁止：\(sentence)", en: "forbidden: \(sentence)") }

    static func organizationRequired(_ codes: [String]) -> String {
        error(pick(zh: "请指明组织（org=CODE）：您在 \(codes.joined(separator: "、")) 有授权",
                   en: "name the organization (org=CODE): you hold grants at \(codes.joined(separator: ", "))"))
    }

    static func stale(_ person: String, expected: Int64, actual: Int64) -> String {
        pick(zh: "冲突：读取第 \(expected) 版之后，\(person) 已有变化（现为 \(actual) 个或更多事件）；未作任何记录：请重新读取后再决定",
             en: "conflict: \(person) has changed since version \(expected) was read (now \(actual) or more events); "
                 + "nothing was recorded: read the person again and decide again")
    }

    static func batchRefusedLine(step: String, date: CivilDate, refused count: Int, people: Int, who: [String]) -> String {
        refused(pick(zh: "\(step)（\(date)）不能为所列 \(people) 人中的 \(count) 人记录（\(who.joined(separator: "、"))）；所有人均未记录",
                     en: "\(step) on \(date) cannot be recorded for \(count) of the \(people) people named "
                         + "(\(who.joined(separator: ", "))); nothing was recorded for anyone"))
    }

    // MARK: Checks the use cases make (named members, the annual plan)

    static var separator: String { pick(zh: "；", en: "; ") }

    static func checkMessage(_ rule: String, passed: Bool, found: String, required: String) -> String {
        if passed { return "\(rule): \(found)" }
        return pick(zh: "\(rule)：实际 \(found)；要求 \(required)", en: "\(rule): found \(found); required \(required)")
    }

    static var noLongerRegistered: String { pick(zh: "已不在册", en: "no longer registered") }

    static var noStage: String { pick(zh: "尚无阶段", en: "no stage") }

    static func memberFound(_ name: String, _ number: String, _ stage: String) -> String {
        pick(zh: "\(name)（\(number)）\(stage)", en: "\(name) (\(number)) \(stage)")
    }

    static func memberUnder(_ step: String, from: CivilDate, until: CivilDate?) -> String {
        let end = until.map(String.init(describing:)) ?? ""
        return pick(zh: "，\(step) \(from) 至 \(end)", en: ", \(step) \(from) to \(end)")
    }

    static func membersRequired(_ stage: String, notUnder: String?) -> String {
        pick(zh: "所列每人在该步骤日期均为\(stage)" + (notUnder.map { "，且均未处于\($0)期间" } ?? ""),
             en: "each named person \(stage)" + (notUnder.map { ", none under \($0)" } ?? "") + " on the step's date")
    }

    static func planFound(_ holder: String, _ code: String, year: Int, category: String, quota: Int, admitted: Int, by date: CivilDate) -> String {
        pick(zh: "\(holder)（\(code)）\(year) 年\(chineseCategory(category) ?? category)年度发展计划 \(quota) 名：截至 \(date) 已接收 \(admitted) 名",
                    en: "\(holder) (\(code)) \(year) \(category) 年度发展计划 \(quota): \(admitted) admitted by \(date)")
    }

    static func beyondPlan(_ codes: [String]) -> String {
        pick(zh: "；本次接收将超出 \(codes.joined(separator: "、")) 的计划", en: "; this admission would be beyond the plan of \(codes.joined(separator: ", "))")
    }

    static func planWaived(by: String, on date: CivilDate, until: CivilDate?, reason: String, event: Int64) -> String {
        pick(zh: "；已豁免：\(by) 于 \(date) 批准" + (until.map { "，有效期至 \($0)" } ?? "") + "（\(reason)，事件 #\(event)）",
             en: "; waived: \(by) on \(date)" + (until.map { " until \($0)" } ?? "") + " (\(reason), event #\(event))")
    }

    static func planRequired(_ rule: String) -> String {
        pick(zh: "在年度发展计划之内接收；超出计划须经党委决定，并记录为 \(rule) 的豁免",
             en: "admissions within the annual plan; beyond it only by the committee's decision, recorded as a waiver of \(rule)")
    }

    // MARK: Who may do what

    static func roleNeeded(step: String, role: String, roleName: String, person: String, user: String, held: [(String, String)]) -> String {
        pick(zh: "记录\(step)需要在 \(person) 的上级组织具有 \(role) 角色（\(roleName)）；\(user) "
                 + (held.isEmpty ? "在那里没有授权" : "的授权：" + held.map { "\($0.1) 的 \($0.0)" }.joined(separator: "、")),
             en: "recording \(step) needs the \(role) role (\(roleName)) at an organization above \(person); \(user) holds "
                 + (held.isEmpty ? "no grant there" : held.map { "\($0.0) at \($0.1)" }.joined(separator: ", ")))
    }

    static func noGrantToRead(_ user: String) -> String {
        pick(zh: "\(user) 没有查看人员的授权（branch、general-branch 或 committee）",
             en: "\(user) holds no grant to read people (branch, general-branch or committee)")
    }

    // MARK: Batches

    static func perPersonReason(_ data: StepData) -> String {
        switch data {
        case .vote: return pick(zh: "表决是每人各自的（各自会议的应到、实到、赞成）", en: "a vote is each person's own (应到, 实到, 赞成 of their meeting)")
        case .names: return pick(zh: "所列人员（联系人、介绍人）是每人各自的", en: "the names (mentors, introducers) are each person's own")
        case .waiver: return pick(zh: "豁免须逐案决定", en: "a waiver is decided case by case")
        default: return pick(zh: "转接各人去向不同", en: "a transfer names each person's destination")
        }
    }

    static func planCountedOneByOne(_ rule: String) -> String {
        pick(zh: "年度发展计划（\(rule)）须逐人计数", en: "the annual plan (\(rule)) is counted admission by admission")
    }

    static func notBatchable(_ name: String, _ id: String, why: String) -> String {
        pick(zh: "\(name) (\(id)) 不能为多人一次记录：\(why)；请用 `fazhan record NUMBER \(id)` 逐人记录",
             en: "\(name) (\(id)) cannot be recorded for several people at once: \(why); record it person by person with `fazhan record NUMBER \(id)`")
    }

    /// The steps an import may name, after a row named none of them.
    public static func stepsOf(_ workflow: String, _ steps: [String]) -> String {
        pick(zh: "\(workflow) 的步骤：" + steps.joined(separator: "、"), en: "steps of \(workflow): " + steps.joined(separator: ", "))
    }

    /// "university 第 1 版", "university version 1".
    public static func workflowVersion(_ id: String, _ version: Int64) -> String {
        pick(zh: "\(id) 第 \(version) 版", en: "\(id) version \(version)")
    }

    static func toBeInstalled(_ id: String) -> String { pick(zh: "\(id)（待安装）", en: "\(id) (to be installed)") }
}

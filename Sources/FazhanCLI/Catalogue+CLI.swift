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

    // MARK: Setting up, registering, planning

    static func workflowDoesNotLoad(_ diagnostics: String) -> String {
        pick(zh: "错误：规则文件无法加载：\n\(diagnostics)", en: "error: the workflow does not load:\n\(diagnostics)")
    }

    static func created(_ path: String) -> String { pick(zh: "已创建 \(path)（权限 0600）", en: "created \(path) (mode 0600)") }

    static func installedWorkflow(_ id: String, version: Int64, title: String, sha256: String) -> String {
        pick(zh: "规则 \(id) 第 \(version) 版：\(title)，sha256 \(sha256)…", en: "workflow \(id) version \(version): \(title), sha256 \(sha256)…")
    }

    static func provisionalWorkflow(_ id: String, note: String?) -> String {
        pick(zh: "注意：\(id) 是暂定规则：\(note ?? "尚未与正式发布的文本核对")",
             en: "note: \(id) is provisional: \(note ?? "not yet checked against the published text")")
    }

    static func addedOrganization(_ kind: String, _ code: String, _ name: String, canApprove: Bool) -> String {
        pick(zh: "已添加\(kind) \(code) \(name)" + (canApprove ? "（有审批发展党员的权限）" : ""),
             en: "added \(kind) \(code) \(name)" + (canApprove ? " (may approve admissions)" : ""))
    }

    static func registered(_ name: String, _ number: String, id: Int64, workflow: String, version: Int64) -> String {
        pick(zh: "已登记 \(name)（\(number)），内部编号 \(id)，适用规则 \(workflow) 第 \(version) 版",
             en: "registered \(name) (\(number)), internal id \(id), following \(workflow) version \(version)")
    }

    static func enrollmentSet(_ org: String, students: Int, staff: Int?, from date: CivilDate) -> String {
        pick(zh: "\(org)：在校生 \(students) 人" + (staff.map { "，教职工 \($0) 人" } ?? "") + "，自 \(date) 起",
             en: "\(org): \(students) students" + (staff.map { ", \($0) staff" } ?? "") + " from \(date)")
    }

    static func planSet(_ org: String, year: Int, category: String, quota: Int) -> String {
        pick(zh: "\(org) \(year) 年\(chineseCategory(category) ?? category)发展计划：\(quota) 名", en: "\(org) \(year) \(category): quota \(quota)")
    }

    static func membersSet(_ code: String, full: Int, from date: CivilDate) -> String {
        pick(zh: "\(code)：正式党员 \(full) 名，自 \(date) 起", en: "\(code): \(full) full members from \(date)")
    }

    static func countsRefused(_ file: String, problems: [String]) -> String {
        pick(zh: "拒绝：\(file) 有 \(problems.count) 处问题；未作任何记录\n", en: "refused: \(file) has \(problems.count) problem(s); nothing was recorded\n")
            + problems.joined(separator: "\n")
    }

    static func countsDryRun(_ file: String, count: Int) -> String {
        pick(zh: "\(file)：将记录 \(count) 条（试运行，未作记录）", en: "\(file): \(count) counts would be recorded (dry run, nothing recorded)")
    }

    static func countsRecorded(_ file: String, count: Int) -> String {
        pick(zh: "\(file)：已记录 \(count) 条", en: "\(file): \(count) counts recorded")
    }

    // MARK: Keys, backups, files

    static func existingKey(_ path: String, publicKey: String) -> String {
        pick(zh: "检查点用已有的密钥 \(path) 签名：公钥 \(publicKey)", en: "checkpoints signed with the existing key \(path): public key \(publicKey)")
    }

    static func createdKey(_ path: String, publicKey: String, id: String) -> String {
        pick(zh: "已创建签名密钥 \(path)（权限 0600；请与数据库的备份分开保存）：公钥 \(publicKey)（密钥编号 \(id)）",
             en: "created the signing key \(path) (mode 0600; keep it apart from the database's backups): public key \(publicKey) (key id \(id))")
    }

    static func backedUp(_ database: String, to path: String) -> String {
        pick(zh: "已将 \(database) 备份到 \(path)（权限 0600）", en: "backed up \(database) to \(path) (mode 0600)")
    }

    static func fileExists(_ path: String) -> String {
        pick(zh: "拒绝：\(path) 已存在；要替换请加 --force", en: "refused: \(path) exists; pass --force to replace it")
    }

    static func fileIsFolder(_ path: String) -> String {
        pick(zh: "拒绝：\(path) 是文件夹；请写文件名", en: "refused: \(path) is a folder; name a file")
    }

    static func fileNotRegular(_ path: String) -> String {
        pick(zh: "拒绝：\(path) 不是普通文件（设备、FIFO 或 socket）；即使加 --force 也不会替换：请写普通文件名",
             en: "refused: \(path) is not a regular file (a device, a FIFO or a socket); it is never replaced, even with --force: name a regular file")
    }

    // MARK: Imports

    static func importFailed(_ reason: String) -> String {
        pick(zh: "错误：\(reason)；未导入任何内容", en: "error: \(reason); nothing was imported")
    }

    static func importRefused(_ file: String, encoding: String, rows: Int, problems: Int) -> String {
        pick(zh: "拒绝：\(file)（\(encoding)）有 \(rows) 行有误" + (problems == rows ? "" : "（\(problems) 处问题）") + "；未导入任何内容",
             en: "refused: \(file) (\(encoding)) has \(rows) bad row\(rows == 1 ? "" : "s")"
                 + (problems == rows ? "" : " (\(problems) problems)") + "; nothing was imported")
    }

    static func imported(file: String, encoding: String, people isPeople: Bool, added: Int, of people: Int?, present: Int, dryRun: Bool,
                         workflow: String?) -> String {
        let noun = isPeople ? (added == 1 ? "person" : "people") : (added == 1 ? "event" : "events")
        var en = "\(added) \(noun)"
        if let people, added > 0 { en += " of \(people) \(people == 1 ? "person" : "people")" }
        var zh = isPeople ? "\(added) 人" : "\(added) 个事件"
        if let people, added > 0 { zh += "（涉及 \(people) 人）" }
        if dryRun {
            return pick(zh: "\(file)（\(encoding)）：将导入 \(zh)，已有 \(present) 条；试运行，未导入任何内容" + (workflow.map { "\n新登记的人员将适用 \($0)" } ?? ""),
                        en: "\(file) (\(encoding)): \(en) would be imported, \(present) already present; dry run, nothing was imported"
                            + (workflow.map { "\nnew people would follow \($0)" } ?? ""))
        }
        return pick(zh: "已从 \(file)（\(encoding)）导入 \(zh)（已有 \(present) 条）" + (workflow.map { "，适用 \($0)" } ?? ""),
                    en: "imported \(en) (\(present) already present) from \(file) (\(encoding))" + (workflow.map { ", following \($0)" } ?? ""))
    }

    // MARK: Reports

    static func lastCompleteQuarter(_ quarter: String) -> String {
        pick(zh: "注意：未指定统计期，按最近一个已结束的季度 \(quarter) 统计", en: "note: no period given: the last complete quarter, \(quarter)")
    }

    static func periodNotOver(_ end: CivilDate, asRecorded: String?, today: CivilDate) -> String {
        pick(zh: "注意：统计期到 \(end) 才结束；数字只计" + (asRecorded.map { "截至 \($0) 已记录的内容" } ?? "截至今天（\(today)）已记录的内容"),
             en: "note: the period is not over until \(end); its figures count what is recorded "
                 + (asRecorded.map { "as recorded on \($0)" } ?? "up to today, \(today)"))
    }

    static var computedFromEvents: String {
        pick(zh: "警告：上次写入阶段投影之后，有事件不是经 Fazhan 记录的；本报告直接按事件计算（较慢）。运行 fazhan verify 查看是哪些。",
             en: "warning: events were recorded outside Fazhan since the stage projection was last written; the report is "
                 + "computed from the events themselves (slower). Run fazhan verify to see which.")
    }

    static func wrote(_ path: String) -> String { pick(zh: "已写入 \(path)", en: "wrote \(path)") }

    /// "exported 2 people to FILE"; `noun` is `people` or `events`.
    static func exported(_ count: Int, _ noun: String, to path: String) -> String {
        pick(zh: "已导出 \(count) \(noun == "events" ? "个事件" : "人")到 \(path)", en: "exported \(count) \(noun) to \(path)")
    }

    // MARK: Usage errors of Fazhan's own

    static func mustNotBeEmpty(_ option: String) -> String { pick(zh: "\(option) 不能为空", en: "\(option) must not be empty") }

    static var levelStudentsOnly: String { pick(zh: "--level 只适用于学生", en: "--level applies to students only") }

    static var codeOneWord: String { pick(zh: "组织代码须为一个词，例如 CS-S1", en: "the code must be one word, e.g. CS-S1") }

    static func approvalAuthorityCommitteeOnly(_ kind: String) -> String {
        pick(zh: "--without-approval-authority 只适用于党委；\(kind)从不审批", en: "--without-approval-authority applies to a committee only; a \(kind) never approves")
    }

    static func needsParent(_ kind: String) -> String { pick(zh: "\(kind)须用 --parent 指明上级组织", en: "a \(kind) needs --parent") }

    static var peopleListsNobody: String {
        pick(zh: "--people 没有列出任何人；请写编号，用逗号分隔", en: "--people lists nobody; give numbers separated by commas")
    }

    static func peopleFileListsNobody(_ file: String) -> String {
        pick(zh: "--people-file \(file) 没有列出任何人（只有空行和 # 注释）", en: "--people-file \(file) lists nobody (only blank lines and # comments)")
    }

    static func namedTwice(_ numbers: [String]) -> String {
        pick(zh: "重复列出：\(numbers.joined(separator: "、"))；每人只列一次", en: "named more than once: \(numbers.joined(separator: ", ")); name each person once")
    }

    static func tooManyPeople(_ count: Int, limit: Int) -> String {
        pick(zh: "列出了 \(count) 人；一条命令最多记录 \(limit) 人", en: "\(count) people named; one command records at most \(limit)")
    }

    static func tooManyForANotice(_ count: Int, limit: Int) -> String {
        pick(zh: "列出了 \(count) 人；一份公示最多 \(limit) 人", en: "\(count) people named; a notice lists at most \(limit)")
    }

    static func fromAfterTo(_ from: CivilDate, _ to: CivilDate) -> String {
        pick(zh: "--from \(from) 晚于 --to \(to)", en: "--from \(from) is after --to \(to)")
    }

    static func peopleFileMissing(_ file: String) -> String { pick(zh: "--people-file \(file)：没有这个文件", en: "--people-file \(file): no such file") }

    static func peopleFileUnreadable(_ file: String) -> String { pick(zh: "--people-file \(file)：无法读取", en: "--people-file \(file): cannot be read") }

    static func peopleFileNotUTF8(_ file: String) -> String {
        pick(zh: "--people-file \(file) 不是 UTF-8 文本", en: "--people-file \(file) is not UTF-8 text")
    }

    static func oneNumberPerLine(_ file: String, line: Int, found: String) -> String {
        pick(zh: "--people-file \(file) 第 \(line) 行：每行一个编号（实际是“\(found)”）",
             en: "--people-file \(file), line \(line): one number per line (found \"\(found)\")")
    }

    static func onlyTheStep(_ person: String, _ step: String) -> String {
        pick(zh: "用 --people 或 --people-file 时只写步骤（\(person) \(step)：哪个是步骤？）",
             en: "with --people or --people-file, give only the step (\(person) \(step): which is the step?)")
    }

    static var missingStep: String {
        pick(zh: "缺少参数 '<step>'（或用 --people NUMBERS 并只写步骤）", en: "Missing expected argument '<step>' (or give --people NUMBERS with the step alone)")
    }

    static var reasonMustSayWhy: String { pick(zh: "--reason 须写明原因", en: "--reason must say why") }

    static var onePeriod: String {
        pick(zh: "只能给出 --quarter、--year 或 --from 与 --to 之一（都不给：最近一个已结束的季度）",
             en: "give one of --quarter, --year, or --from with --to (none: the last complete quarter)")
    }

    static func goTogether(_ a: String, _ b: String) -> String { pick(zh: "\(a) 与 \(b) 须一起使用", en: "\(a) and \(b) go together") }

    static func goesWith(_ a: String, _ b: String) -> String { pick(zh: "\(a) 须与 \(b) 一起使用", en: "\(a) goes with \(b)") }

    static func notAQuarter(_ text: String) -> String { pick(zh: "--quarter \(text) 不是季度，应写作 2026Q3", en: "--quarter \(text) is not a quarter like 2026Q3") }

    static var outputNamesAFile: String { pick(zh: "--output 须写文件名", en: "--output must name a file") }

    static var pdfNeedsOutput: String { pick(zh: "--pdf 须与 --output FILE.pdf 一起使用", en: "--pdf needs --output FILE.pdf") }

    static var noticeNamesNobody: String { pick(zh: "请列出公示的人员（编号）", en: "name the people of the notice (their numbers)") }

    static func toBeforeFrom(_ to: CivilDate, _ from: CivilDate) -> String {
        pick(zh: "--to \(to) 早于 --from \(from)", en: "--to \(to) is before --from \(from)")
    }

    // MARK: Working against a server

    static func plainHTTP(_ address: String) -> String {
        pick(zh: "警告：\(address) 是未加密的 HTTP：密码和令牌以明文经过网络；请用 https://",
             en: "warning: \(address) is plain HTTP: the password and the token cross the network unencrypted; use https://")
    }

    static var noPasswordOnStdin: String {
        pick(zh: "错误：标准输入中没有密码（--password-stdin 读取一行）", en: "error: no password on standard input (--password-stdin reads one line)")
    }

    static var noTerminalForPassword: String {
        pick(zh: "错误：没有可读取密码的终端；请加 --password-stdin，在标准输入中给出一行密码",
             en: "error: no terminal to read the password from; give it as one line on standard input with --password-stdin")
    }

    static func passwordPrompt(_ user: String, _ address: String) -> String {
        pick(zh: "\(user) 在 \(address) 的密码：", en: "password for \(user) at \(address): ")
    }

    static var noPasswordGiven: String { pick(zh: "错误：没有输入密码", en: "error: no password given") }

    static func signInWithoutToken(_ address: String) -> String {
        pick(zh: "错误：\(address) 的 Fazhan 服务器登录应答中没有令牌；它可能与本 fazhan 版本不同",
             en: "error: the Fazhan server at \(address) answered the sign-in without a token; it may be another version than this fazhan")
    }

    static func signedIn(_ address: String, as user: String, until: String?, kept path: String) -> String {
        pick(zh: "已以 \(user) 身份登录 \(address)" + (until.map { "，有效期至 \($0)" } ?? "") + "；会话保存在 \(path)",
             en: "signed in to \(address) as \(user)" + (until.map { " until \($0)" } ?? "") + "; session kept in \(path)")
    }

    static func signInRefused(_ address: String, _ message: String) -> String {
        pick(zh: "错误：\(address) 的 Fazhan 服务器拒绝登录：\(message)", en: "error: the Fazhan server at \(address) refused the sign-in: \(message)")
    }

    static func unknownCredentials(_ address: String) -> String {
        pick(zh: "错误：\(address) 的 Fazhan 服务器上没有这个用户名和密码", en: "error: the Fazhan server at \(address) does not know that user name with that password")
    }

    static func notSignedInHere(_ path: String) -> String {
        pick(zh: "未登录（\(path) 中没有会话）", en: "not signed in (no session in \(path))")
    }

    static var sessionFileDeleted: String {
        pick(zh: "会话文件已删除；服务器上的会话到期自动结束", en: "the session file is deleted; the session itself ends on the server when it expires")
    }

    static func signedOut(_ server: String, _ user: String) -> String {
        pick(zh: "已退出 \(server)（\(user)）", en: "signed out of \(server) (\(user))")
    }

    static func tokenNotAccepted(_ server: String, login: String) -> String {
        pick(zh: "错误：\(server) 的 Fazhan 服务器不接受 FAZHAN_TOKEN 中的令牌（已过期或已结束）；请用 \(login) 获取新令牌",
             en: "error: the Fazhan server at \(server) does not accept the token in FAZHAN_TOKEN (it expired or was ended); get a new one with \(login)")
    }

    static func sessionNotAccepted(_ server: String, login: String) -> String {
        pick(zh: "错误：\(server) 的 Fazhan 服务器不接受您的会话（已过期或已结束）；请用 \(login) 重新登录",
             en: "error: the Fazhan server at \(server) does not accept your session (it expired or was ended); sign in again with \(login)")
    }

    static func serverAnswered(_ server: String, status: Int, reason: String, request: String) -> String {
        pick(zh: "错误：\(server) 的 Fazhan 服务器对 \(request) 的应答是 \(status)\(reason)",
             en: "error: the Fazhan server at \(server) answered \(status)\(reason) to \(request)")
    }

    static func serverRedirects(_ server: String, location: String) -> String {
        pick(zh: "错误：\(server) 的 Fazhan 服务器要求转向\(location)；请给出服务器本身的地址（`fazhan login` 和 FAZHAN_SERVER 中）",
             en: "error: the Fazhan server at \(server) redirects\(location); give the server's own address (to `fazhan login` and in FAZHAN_SERVER)")
    }

    static func cannotReach(_ server: String, _ why: String) -> String {
        pick(zh: "错误：无法连接 \(server) 的 Fazhan 服务器：\(why)", en: "error: cannot reach the Fazhan server at \(server): \(why)")
    }

    static func notSignedIn(_ server: String) -> String {
        pick(zh: "错误：未登录 \(server)；请用 `fazhan login \(server) --user NAME` 登录（或在 FAZHAN_TOKEN 中给出令牌）",
             en: "error: not signed in to \(server); sign in with `fazhan login \(server) --user NAME` (or give a token in FAZHAN_TOKEN)")
    }

    static func sessionForAnotherServer(_ path: String, signedIn: String, server: String) -> String {
        pick(zh: "错误：\(path) 中的会话属于 \(signedIn)，不是 \(server)；请用 `fazhan login \(server) --user NAME` 登录，或在 \(signedIn) 上操作（FAZHAN_SERVER=\(signedIn)）",
             en: "error: the session in \(path) is for \(signedIn), not \(server); sign in there with "
                 + "`fazhan login \(server) --user NAME`, or work on \(signedIn) (FAZHAN_SERVER=\(signedIn))")
    }

    static func localOnly(_ server: String) -> String {
        pick(zh: "错误：已设置 FAZHAN_SERVER（\(server)），但此命令只能用于本地数据库；请加 --db FILE，或取消 FAZHAN_SERVER",
             en: "error: FAZHAN_SERVER is set (\(server)), but this command works on a local database only; give it --db FILE, or unset FAZHAN_SERVER")
    }

    static func notAServerAddress(_ text: String) -> String {
        pick(zh: "错误：\(text) 不是服务器地址；请写作 http://HOST:PORT 或 https://HOST[/PATH]",
             en: "error: \(text) is not a server address; give it as http://HOST:PORT or https://HOST[/PATH]")
    }

    static func byIgnored(_ who: String) -> String {
        pick(zh: "注意：在服务器上 --by 不起作用；步骤记录人是 \(who)", en: "note: --by is ignored on a server; steps are recorded as \(who)")
    }

    // MARK: Verify

    static func noTrustedKey(_ fallback: String) -> String {
        pick(zh: "没有可信公钥（请给出 --public-key HEX 或密钥文件；\(fallback) 处没有）",
             en: "no trusted public key (give --public-key HEX or a key file; none at \(fallback))")
    }

    static func intact(_ name: String, events: Int, seals: Int, records: Int?, checkpoints: Int, pending: Int, pendingRecords: Int?,
                       head: String, chains: String) -> String {
        var en = "\(name): intact. \(events) events, \(seals) seals"
        var zh = "\(name)：完好。\(events) 个事件，\(seals) 个封印"
        if let records { en += ", \(records) records"; zh += "，\(records) 条记录" }
        en += ", \(checkpoints) checkpoints"
        zh += "，\(checkpoints) 个检查点"
        if pending > 0 { en += " (\(pending) seals awaiting a checkpoint)"; zh += "（\(pending) 个封印待检查点确认）" }
        if let pendingRecords { en += " (\(pendingRecords) records awaiting their seal)"; zh += "（\(pendingRecords) 条记录待封印）" }
        return pick(zh: zh + "；头哈希 \(head)；链摘要 \(chains)", en: en + "; head \(head); chains \(chains)")
    }

    static func problemsFound(_ name: String, problems: Int, events: Int) -> String {
        pick(zh: "\(name)：\(events) 个事件中发现 \(problems) 处问题", en: "\(name): \(problems) problem(s) in \(events) events")
    }

    static func lastCheckpoint(_ id: Int64, at: String, head: String, keyID: String?, signature: String?) -> String {
        let signedEN = signature.flatMap { signature in keyID.map { ", signed by key \($0): \(signature)" } } ?? ", unsigned"
        let signedZH = signature.flatMap { signature in keyID.map { "，由密钥 \($0) 签名：\(signature)" } } ?? "，未签名"
        return pick(zh: "最近的检查点 \(id)（\(at)）：头哈希 \(head)" + signedZH, en: "last checkpoint \(id) (\(at)): head \(head)" + signedEN)
    }

    static func signaturesChecked(trusted: [String], signed: Int, lastSigned: Int64?, covered: Int) -> String {
        var en = "signatures checked against the trusted key\(trusted.count == 1 ? "" : "s") \(trusted.joined(separator: ", ")): "
            + "\(signed) signed checkpoint\(signed == 1 ? "" : "s")"
        var zh = "已用可信公钥 \(trusted.joined(separator: "、")) 核对签名：\(signed) 个已签名检查点"
        if let lastSigned { en += ", the last number \(lastSigned)"; zh += "，最后一个是 \(lastSigned) 号" }
        if covered > 0 { en += "; \(covered) earlier unsigned checkpoint(s) covered by them"; zh += "；其前 \(covered) 个未签名检查点由其覆盖" }
        return pick(zh: zh, en: en)
    }

    static func signaturesNotChecked(_ missing: String?) -> String {
        pick(zh: "未核对签名：\(missing ?? "没有可信公钥")；任何能写数据库的人都可能重新封印过",
             en: "signatures NOT checked: \(missing ?? "no trusted public key"); anyone who can write to the database could have re-sealed it")
    }

    static func pendingSeals(_ count: Int) -> String {
        pick(zh: "待确认：上个检查点之后写入了 \(count) 个封印；尚无检查点为其担保",
             en: "pending: \(count) seal(s) written since the last checkpoint; no checkpoint vouches for them yet")
    }

    // MARK: Keys, workflows, files (more)

    static func unsignedCheckpoint(_ keyPath: String) -> String {
        pick(zh: "警告：\(keyPath) 处没有签名密钥：本命令写入的检查点未签名，`fazhan verify` 无法为其担保。请用 `fazhan key create` 创建密钥，再用 `fazhan seal` 签名",
             en: "warning: no signing key at \(keyPath): the checkpoint this command wrote is unsigned, so `fazhan verify` "
                 + "cannot vouch for it. Create a key with `fazhan key create`, then sign with `fazhan seal`")
    }

    static var noWorkflowsFolder: String {
        pick(zh: "错误：找不到规则文件夹（workflows）；请在 Fazhan 源码目录中运行，或设置 FAZHAN_WORKFLOWS",
             en: "error: cannot find the workflows folder; run from the Fazhan checkout or set FAZHAN_WORKFLOWS")
    }

    enum Unreadable { case missing, folder, denied }

    static func cannotRead(_ path: String, why: Unreadable?) -> String {
        guard let why else { return pick(zh: "错误：无法读取 \(path)", en: "error: cannot read \(path)") }
        switch why {
        case .missing: return pick(zh: "错误：无法读取 \(path)：没有这个文件", en: "error: cannot read \(path): no such file")
        case .folder: return pick(zh: "错误：无法读取 \(path)：它是文件夹", en: "error: cannot read \(path): it is a folder")
        case .denied: return pick(zh: "错误：无法读取 \(path)：没有权限", en: "error: cannot read \(path): permission denied")
        }
    }

    static func readAsGB18030(_ position: String) -> String {
        pick(zh: "此文件按 GB18030 读取，因为 \(position) 不是 UTF-8；如果文件是 UTF-8，那个字节已损坏",
             en: "the file was read as GB18030 because \(position) is not UTF-8; if the file is UTF-8, that byte is damaged")
    }

    static func installedWorkflowNote(_ id: String, version: Int64) -> String {
        pick(zh: "已安装规则 \(id) 第 \(version) 版", en: "installed workflow \(id) version \(version)")
    }

    static func installed(_ id: String, version: Int64, sha256: String) -> String {
        pick(zh: "已安装 \(id) 第 \(version) 版（sha256 \(sha256)…）", en: "installed \(id) version \(version) (sha256 \(sha256)…)")
    }

    static func alreadyInstalled(_ id: String, version: Int64) -> String {
        pick(zh: "\(id) 第 \(version) 版已安装，文本相同", en: "\(id) version \(version) is already installed with identical text")
    }

    static func noFolder(_ folder: String) -> String { pick(zh: "错误：文件夹 \(folder) 不存在", en: "error: the folder \(folder) does not exist") }

    static func keyCreated(_ path: String, publicKey: String, id: String) -> String {
        pick(zh: "已创建签名密钥 \(path)（权限 0600）\n公钥 \(publicKey)（密钥编号 \(id)）\n请用 `fazhan seal` 为已写入的检查点签名",
             en: "created the signing key \(path) (mode 0600)\npublic key \(publicKey) (key id \(id))\nsign the checkpoints written so far with `fazhan seal`")
    }

    static func noKeyFile(_ path: String) -> String {
        pick(zh: "错误：\(path) 处没有密钥文件；请用 `fazhan key create` 创建", en: "error: no key file at \(path); create one with `fazhan key create`")
    }

    static func publicKeyLines(_ hex: String, id: String) -> String {
        pick(zh: "公钥 \(hex)\n密钥编号 \(id)", en: "public key \(hex)\nkey id \(id)")
    }

    static func noSigningKey(_ path: String) -> String {
        pick(zh: "错误：\(path) 处没有签名密钥：请用 `fazhan key create` 创建，或用 --key 指明",
             en: "error: no signing key at \(path): create one with `fazhan key create`, or name it with --key")
    }

    static func nothingSigned(_ path: String, problems: [String]) -> String {
        pick(zh: "错误：\(path) 有 \(problems.count) 处问题；未签名：\n", en: "error: \(path) has \(problems.count) problem(s); nothing was signed:\n")
            + problems.joined(separator: "\n")
    }

    static func signed(_ path: String, checkpoint: Int64, at: String, head: String, signature: String, keyID: String) -> String {
        pick(zh: "已签名 \(path)：检查点 \(checkpoint)（\(at)），头哈希 \(head)\n签名 \(signature)，密钥 \(keyID)",
             en: "signed \(path): checkpoint \(checkpoint) (\(at)), head \(head)\nsignature \(signature) by key \(keyID)")
    }
}

import FazhanCore

/// The command line's help: every abstract, discussion and option help, in Chinese unless
/// `--lang en` or an English locale (`Language.current`, set before the command line is parsed).
extension Catalogue {
    // MARK: audit and agenda: what they look at

    static var scopeOptionsPersonHelp: String { pick(zh: "只看此人（编号或内部 id）。", en: "Only this person (number or id).") }
    static var scopeOptionsAsOfHelp: String {
        pick(zh: "从哪一天看（默认今天，或 --as-recorded 那一天）。",
             en: "The date to look from (else today, or the day of --as-recorded).")
    }
    static var scopeOptionsAsRecordedHelp: String {
        pick(zh: "只看截至当时已记录的内容：日期（当天结束时，本地时间）或时刻，如 2026-10-15 或 2026-10-15T09:30。",
             en: "Only what had been recorded by then: a date (the end of that day, local time) or a time, e.g. 2026-10-15 or 2026-10-15T09:30.")
    }

    // MARK: fazhan audit

    static var auditAbstract: String {
        pick(zh: "按各人所适用的规则审查每个人的全部经历；有违规时退出码为 1。",
             en: "Check every person's history against the rules they follow; exit 1 when there is a violation.")
    }
    static var auditDiscussion: String {
        pick(zh: "每个已记录的步骤都按当天的经历重新通过其检查项，每个期限也都会核查。",
             en: "Every recorded step is replayed through its guards on the history as it stood that day, and every deadline is checked.")
    }

    // MARK: fazhan agenda

    static var agendaAbstract: String {
        pick(zh: "期限内按组织或个人列出到期和逾期的待办事项；逾期的排在前面。",
             en: "What is due or overdue, per organization or person, within a horizon; overdue first.")
    }
    static var agendaWithinHelp: String { pick(zh: "往后看多久：30d、8w、3m（最长十年）。", en: "How far ahead: 30d, 8w, 3m (at most ten years).") }

    // MARK: fazhan backup

    static var backupAbstract: String {
        pick(zh: "在他人可能仍在写入时，把数据库一致地复制到一个新文件（SQLite 在线备份）。",
             en: "Copy the database consistently to a new file while others may be writing (SQLite's online backup).")
    }
    static var backupDiscussion: String {
        pick(zh: """
            副本先写在目标文件旁边，完整写好后再改名到位：备份中途失败或被中止，目标文件保持原样。
            文件仅所有者可读。
            """,
             en: """
            The copy is written beside the destination and renamed into place once whole: a backup that fails or is \
            killed midway leaves the destination as it was. The file is readable by its owner only.
            """)
    }
    static var backupPathHelp: String { pick(zh: "要写入的新文件。", en: "The new file to write.") }
    static var backupForceHelp: String { pick(zh: "文件已存在时替换它（仅限普通文件）。", en: "Replace the file if it exists (a regular file only).") }

    // MARK: record --people, --people-file

    static var batchPeopleOptionsPeopleHelp: String {
        pick(zh: "为这些人记录该步骤（编号，以逗号分隔）：全部记录；只要有一人被拒绝，就一个都不记录。",
             en: "Record the step for these people (numbers, comma-separated): all of them or, if any is refused, none.")
    }
    static var batchPeopleOptionsPeopleFileHelp: String {
        pick(zh: "为此文件中的人记录该步骤：每行一个编号，# 开头为注释，空行跳过。",
             en: "Record the step for the people in this file: one number per line, # comments, blank lines skipped.")
    }

    // MARK: --db, --key

    static var databaseOptionsDbHelp: String {
        pick(zh: "数据库文件（默认 $FAZHAN_DB，否则 ./fazhan.sqlite）。",
             en: "The database file (else $FAZHAN_DB, else ./fazhan.sqlite).")
    }
    static var databaseOptionsKeyHelp: String {
        pick(zh: "签署检查点的密钥文件（默认 $FAZHAN_KEY，否则为数据库路径加 .key）。",
             en: "The key file that signs checkpoints (else $FAZHAN_KEY, else the database's path + .key).")
    }

    // MARK: --by

    static var recorderOptionsByHelp: String { pick(zh: "记录人（默认操作系统用户）。", en: "Who records this (else the OS user).") }

    // MARK: fazhan demo

    static var demoAbstract: String {
        pick(zh: "在单独的数据库中生成一所逼真的大学，并带你走一遍。",
             en: "Build a realistic university in a database of its own and walk through it.")
    }
    static var demoDiscussion: String {
        pick(zh: """
            这所大学（一个党委，各学院为党总支，下设学生和教师党支部，约 2,000 人分布在各个阶段，
            少数人有意不合规）由种子生成，同一种子和同一天得到同一个数据库。每次运行都会重建。
            """,
             en: """
            The university (a 党委, colleges as 党总支, student and teacher branches, about 2,000 people
            in every stage, a few deliberately out of rule) is generated from a seed, so the same seed
            and day give the same database. It is rebuilt on every run.
            """)
    }
    static var demoDbHelp: String { pick(zh: "演示专用的数据库（每次运行都重建）。", en: "The demo's own database (rebuilt on every run).") }
    static var demoWorkflowHelp: String { pick(zh: "这所大学所用的工作流程。", en: "The workflow the university follows.") }
    static var demoTodayHelp: String { pick(zh: "以哪一天观察这所大学（默认今天）。", en: "The day the university is seen on (else today).") }

    // MARK: fazhan export

    static var exportAbstract: String {
        pick(zh: "把人员、事件或某阶段的人员导出为 CSV（可用 Excel 打开）或 JSON。",
             en: "Export people, events or the people in a stage to CSV (opens in Excel) or JSON.")
    }
    static var exportDiscussion: String {
        pick(zh: """
            CSV 为带字节顺序标记（BOM）的 UTF-8，行尾为 CRLF，表头为中文（--headers en 为英文）；
            以 =、+、- 或 @ 开头的单元格前加 '，电子表格不会把它当公式执行。JSON 为对象数组，键为英文。
            除非 --reveal，身份证号均作遮盖。各行边读边写，写到标准输出或 --output FILE；
            该文件要么完整写成，要么不写，仅所有者可读，没有 --force 不会替换已有文件。
            """,
             en: """
            CSV is UTF-8 with a byte order mark and CRLF line ends, headers in Chinese (--headers en for English); \
            a cell starting with =, +, - or @ is written with a leading ' so that a spreadsheet never runs it as a \
            formula. JSON is an array of objects with English keys. ID numbers are masked unless --reveal. \
            Rows are written as they are read, to standard output or to --output FILE, which is written whole or \
            not at all, readable by its owner only, and never replaced without --force.
            """)
    }
    static var exportEventsAbstract: String {
        pick(zh: "导出每个已记录的事件，逐人导出，更正列在被更正的事件旁边。",
             en: "Export every recorded event, corrections beside what they correct, person by person.")
    }
    static var exportEventsDiscussion: String {
        pick(zh: """
            每个事件一行，每人按记录顺序（人员按编号排序）：事件编号（事件的 id，更正 一列引用它）、学号、姓名、
            步骤（步骤代码）、步骤名称、日期、记录时间、记录人、导入、更正、更正原因、作废，
            然后每个事件可带的字段各一列，表头与 `fazhan import events` 读取的一致（备注、应到、实到、赞成……），
            最后是规则版本。被更正替代的事件仍保留在导出中；更正 一列注明它。
            """,
             en: """
            One row per event, in recording order within each person (people by number): 事件编号 (the event's id, \
            which 更正 refers to), 学号, 姓名, 步骤 (the step id), 步骤名称, 日期, 记录时间, 记录人, 导入, 更正, 更正原因, \
            作废, then one column per field an event can carry, headed as `fazhan import events` reads them (备注, \
            应到, 实到, 赞成, ...), and 规则版本. An event replaced by a correction stays in the export; the correction \
            names it in 更正.
            """)
    }
    static var exportEventsOrgHelp: String { pick(zh: "只看该组织及其下级组织的人员。", en: "Only the people of this organization and those under it.") }
    static var exportEventsFromHelp: String { pick(zh: "只看此日期及之后的事件。", en: "Only events on or after this date.") }
    static var exportEventsToHelp: String { pick(zh: "只看此日期及之前的事件。", en: "Only events on or before this date.") }
    static var exportEventsAllHelp: String {
        pick(zh: "包括已离开的人（退出、取消资格、转出）的事件。",
             en: "Include the events of people who left (withdrawn, cancelled, transferred out).")
    }
    static var exportPeopleAbstract: String {
        pick(zh: "导出人员及其当前阶段，各列与 `fazhan import people` 读回的一致。",
             en: "Export people with their current stage, in the columns `fazhan import people` reads back.")
    }
    static var exportPeopleDiscussion: String {
        pick(zh: """
            列：学号、姓名、所在组织（组织代码）、类别、性别、出生日期、民族、学历、层次、年级、共青团员（是/否）、
            身份证号，然后是只读的 当前阶段（阶段名称）和 阶段起始。加 --headers en 时：number、name、
            organization、category、gender、birth_date、ethnicity、education、level、grade、league_member、id_number、
            stage、stage_since。JSON 另有 stage_id 和 organization_name。重新导入需要完整的身份证号（--reveal）。
            """,
             en: """
            Columns: 学号, 姓名, 所在组织 (the organization's code), 类别, 性别, 出生日期, 民族, 学历, 层次, 年级, 共青团员 \
            (是/否), 身份证号, then the read-only 当前阶段 (the stage's name) and 阶段起始. With --headers en: number, name, \
            organization, category, gender, birth_date, ethnicity, education, level, grade, league_member, id_number, \
            stage, stage_since. JSON adds stage_id and organization_name. An import needs the ID numbers in full \
            (--reveal).
            """)
    }
    static var exportPeopleStageHelp: String { pick(zh: "只看现处于该阶段的人（代码或名称）。", en: "Only people now in this stage (id or name).") }
    static var exportPersonsInStageAbstract: String {
        pick(zh: "导出今天或过去某日处于某阶段的人员（根据经历计算）。",
             en: "Export the people in a stage today, or as of a past date (from the histories).")
    }
    static var exportPersonsInStageDiscussion: String {
        pick(zh: """
            不加 --as-of 时，为每个人的当前阶段（与 `person list --stage` 所示相同）。
            加 --as-of 时，为每个人的经历所示该日所处的阶段（转换从其步骤完成当天起算，与统计口径一致），
            组织为当时所在的组织。

            列：学号、姓名、所在组织、组织名称、类别、性别、出生日期、身份证号、阶段、阶段代码、阶段起始、截至日期
            （number、name、organization、organization_name、category、gender、birth_date、id_number、stage、
            stage_id、stage_since、as_of）。
            """,
             en: """
            Without --as-of, the current stage of each person (as `person list --stage` shows it). With --as-of, \
            the stage each person was in on that date as their history gives it (a transition counting from the \
            day its step was taken, as the statistics count it), in the organization holding them then.

            Columns: 学号, 姓名, 所在组织, 组织名称, 类别, 性别, 出生日期, 身份证号, 阶段, 阶段代码, 阶段起始, 截至日期 \
            (number, name, organization, organization_name, category, gender, birth_date, id_number, stage, \
            stage_id, stage_since, as_of).
            """)
    }
    static var exportPersonsInStageStageHelp: String {
        pick(zh: "阶段（代码或名称），如 activist 或 入党积极分子。",
             en: "The stage (id or name), e.g. activist or 入党积极分子.")
    }
    static var exportPersonsInStageAsOfHelp: String {
        pick(zh: "回看到哪一天（默认今天，按当前阶段）。",
             en: "The date to look back to (else today, from the current stages).")
    }
    static var exportPersonsInStageOrgHelp: String {
        pick(zh: "只看该组织及其下级组织（以该日各人所在的组织为准）。",
             en: "Only this organization and those under it (the one holding each person on that date).")
    }

    // MARK: fazhan

    static var rootAbstract: String {
        pick(zh: "按规则发展党员：记录每一步，把关每一次转换，说明每一次拒绝。",
             en: "Develop party members (发展党员) by the rules: record every step, guard every transition, explain every refusal.")
    }
    static var rootDiscussion: String {
        pick(zh: """
            数据库为 --db PATH，否则 $FAZHAN_DB，否则 ./fazhan.sqlite。设置 $FAZHAN_SERVER（或 --server URL）后，
            能在 Fazhan 服务器上执行的命令就在服务器上执行：见 `fazhan login --help`。
            信息默认用中文；命令行任意位置加 --lang en，或英文环境（LANG=en_US.UTF-8），则用英文。
            退出码：0 成功，1 被拒绝或失败，64 用法错误。
            """,
             en: """
            The database is --db PATH, else $FAZHAN_DB, else ./fazhan.sqlite. With $FAZHAN_SERVER (or --server URL),
            the commands that can work on a Fazhan server work there: see `fazhan login --help`.
            Messages are in Chinese unless --lang en (anywhere on the line) or an English locale (LANG=en_US.UTF-8) asks for English.
            Exit codes: 0 success, 1 refused or failed, 64 usage error.
            """)
    }

    // MARK: fazhan generate

    static var generateAbstract: String {
        pick(zh: "把一个有 N 人的逼真合成组织写入新数据库（用于负载测试和性能测试）。",
             en: "Write a realistic synthetic organization of N people into a new database (for load tests and benchmarks).")
    }
    static var generateDiscussion: String {
        pick(zh: """
            一个省委，每 2,000 人一所大学党委，每所大学有六个学院（党总支）及其学生和教师党支部。
            人员分布在各个阶段，带有所在阶段需要的经历（每人约 11 个事件），日期符合规则；
            约 1% 有意不合规，约 2% 已离开（退出、调离、取消预备党员资格）。还预置了季度报告所需的在校生人数。

            同样的 --seed、--people 和 --today 得到同一个数据库，事件一一相同。
            """,
             en: """
            A province committee (省委) over one university 党委 per 2,000 people, each with six colleges (党总支)
            and their student and teacher branches. People are in every stage with the histories their stage
            needs (about 11 events each), dated by the rules; about 1% are out of rule on purpose and about 2%
            left (withdrew, moved away, probation cancelled). Enrollment counts are seeded for the quarterly report.

            The same --seed, --people and --today give the same database, event for event.
            """)
    }
    static var generateDbHelp: String { pick(zh: "新的数据库文件（必须尚不存在）。", en: "The new database file (must not exist yet).") }
    static var generateWorkflowHelp: String { pick(zh: "所有人使用的工作流程。", en: "The workflow everyone follows.") }
    static var generateTodayHelp: String {
        pick(zh: "以哪一天观察该组织（默认今天）；不会有晚于这一天的事件。",
             en: "The day the organization is seen on (else today); no event is dated after it.")
    }

    // MARK: fazhan import

    static var importAbstract: String {
        pick(zh: "从 CSV 文件导入花名册（人员）或历史记录（事件）：要么全部导入，要么一行不导。",
             en: "Import a roster (people) or a legacy history (events) from a CSV file: all rows or none.")
    }
    static var importDiscussion: String {
        pick(zh: """
            文件可以是 UTF-8（带或不带字节顺序标记，即 Excel 的“CSV UTF-8”），也可以是 GB18030/GBK
            （中文 Windows 上 Excel 保存的格式）；编码自动识别，也可用 --encoding 指定。列按表头匹配，中英文均可。
            文件中只要有一行有误，就什么都不导入，并列出每个错误行及其行号和列。同一文件再导入一次不会新增任何内容。
            """,
             en: """
            The file may be UTF-8 (with or without a byte-order mark, Excel's "CSV UTF-8") or GB18030/GBK (what \
            Excel writes on Chinese Windows); the encoding is detected, or given with --encoding. Columns are \
            matched by their header, in Chinese or English. A file with any bad row imports nothing and lists \
            every bad row with its line and column. Importing the same file again adds nothing.
            """)
    }
    static var importPeopleAbstract: String {
        pick(zh: "登记花名册中的人员；已按相同信息登记过的人跳过。",
             en: "Register the people of a roster (花名册); those already registered the same way are skipped.")
    }
    static var importPeopleDiscussion: String {
        pick(zh: """
            必填列：学号/工号/编号/number、姓名/name、所在组织/党组织/支部/organization（代码或名称）；
            选填列：类别/人员类别/category（学生/student、教师/教职工/teacher、职工/staff、其他/other；
            默认取组织的类别）、性别/gender、出生日期/birth date、民族/ethnicity、学历/education、
            层次/level（本科、硕士、博士）、年级/grade、共青团员/league member（是/否）、
            身份证号/公民身份号码/id number（会校验；出生日期和性别留空时从中读取）。
            """,
             en: """
            Columns: 学号/工号/编号/number, 姓名/name and 所在组织/党组织/支部/organization (a code or a name) are \
            required; optional: 类别/人员类别/category (学生/student, 教师/教职工/teacher, 职工/staff, 其他/other; \
            else the organization's category), 性别/gender, 出生日期/birth date, 民族/ethnicity, 学历/education, \
            层次/level (本科, 硕士, 博士), 年级/grade, 共青团员/league member (是/否), 身份证号/公民身份号码/id \
            number (checked; birth date and gender are taken from it when blank).
            """)
    }
    static var importPeopleWorkflowHelp: String {
        pick(zh: "新登记人员使用的工作流程（默认为数据库的默认流程）。",
             en: "The workflow new people follow (else the database's default).")
    }
    static var importEventsAbstract: String {
        pick(zh: "导入历史记录，每个步骤一行；已记录的事件跳过。",
             en: "Record a legacy history, one row per step; events already recorded are skipped.")
    }
    static var importEventsDiscussion: String {
        pick(zh: """
            必填列：学号/number、步骤/step（步骤代码或其在该人工作流程中的名称）、日期/date；
            填了姓名/name 时会与该人核对。数据列：备注/note、应到/expected、实到/present、赞成/for、反对/against、
            弃权/abstain、书面赞成/written for、书面反对/written against、开始/from、结束/to、公示节点/node、
            未解决异议/objections、审批组织/approver、原因/reason、推荐方式/method（团组织推优 或 党员推荐）、
            天数/days、学时/hours、结果/result（通过 或 不通过）、人员/培养联系人/入党介绍人/names、
            转入组织/organization、月数/months、豁免规则/rule、批准人/approved by、有效期至/until、
            预计离开日期/leaving on、谈话人/held by、谈话人身份/held by role（委员、组织员 或 支部）。
            这些事件不经检查项把关，而是标记为导入，违反规则的由 `fazhan audit` 报告。每个人的事件按日期顺序写入。
            """,
             en: """
            Columns: 学号/number, 步骤/step (the step id or its name in the person's workflow) and 日期/date are \
            required; 姓名/name is checked against the person when given. Data columns: 备注/note, 应到/expected, \
            实到/present, 赞成/for, 反对/against, 弃权/abstain, 书面赞成/written for, 书面反对/written against, \
            开始/from, 结束/to, 公示节点/node, 未解决异议/objections, 审批组织/approver, 原因/reason, \
            推荐方式/method (团组织推优 or 党员推荐), 天数/days, 学时/hours, 结果/result (通过 or 不通过), \
            人员/培养联系人/入党介绍人/names, 转入组织/organization, 月数/months, 豁免规则/rule, 批准人/approved by, \
            有效期至/until, 预计离开日期/leaving on, 谈话人/held by, 谈话人身份/held by role (委员, 组织员 or 支部). \
            The events are not put through the guards but marked imported, so `fazhan audit` \
            reports any that break the rules. Each person's events are written in date order.
            """)
    }

    // MARK: fazhan import: the file

    static var importOptionsEncodingHelp: String {
        pick(zh: "文件编码：utf-8 或 gb18030（gbk）；默认自动识别。",
             en: "The file's encoding: utf-8, or gb18030 (gbk); else detected.")
    }
    static var importOptionsDryRunHelp: String {
        pick(zh: "只检查文件并说明将导入什么，不导入任何内容。",
             en: "Check the file and say what would be imported, importing nothing.")
    }

    // MARK: fazhan key

    static var keyAbstract: String { pick(zh: "创建签署检查点的密钥，或显示其公钥。", en: "Create the checkpoint signing key, or show its public key.") }
    static var keyDiscussion: String {
        pick(zh: """
            密钥文件（--key，否则 $FAZHAN_KEY，否则为数据库路径加 .key）保存一个 Ed25519 私钥，仅所有者可读（0600）。
            请与数据库的备份分开保管。其公钥可以公开：审计人员用 `fazhan verify --public-key HEX` 核验数据库。
            """,
             en: """
            The key file (--key, else $FAZHAN_KEY, else the database's path + .key) holds an Ed25519 private key, readable \
            by its owner only (0600). Keep it apart from the database's backups. Its public key may be published: \
            auditors check a database with `fazhan verify --public-key HEX`.
            """)
    }
    static var keyCreateAbstract: String {
        pick(zh: "新建签名密钥文件（权限 0600）；已有则拒绝覆盖。",
             en: "Make a new signing key file (mode 0600); refuses to overwrite one.")
    }
    static var keyShowAbstract: String {
        pick(zh: "打印签名密钥文件的公钥，用于公布或交给审计人员。",
             en: "Print the public key of the signing key file, to publish or to give to auditors.")
    }

    // MARK: fazhan seal

    static var sealAbstract: String {
        pick(zh: "必要时迁移数据库，然后按现状签署其日志，写入一条注明签署人和时间的封存记录。",
             en: "Migrate the database if needed, then sign its log as it stands, in a sealed entry that says who and when.")
    }
    static var sealDiscussion: String {
        pick(zh: """
            用于升级之后（升级的迁移会封存此前写入、尚未签名的记录），或在没有密钥时写入之后。
            先检查数据库，除未签名的检查点外有任何问题都拒绝签署：签署即为此前的一切作担保。
            需要签名密钥文件（--key、$FAZHAN_KEY，否则为数据库路径加 .key）。
            """,
             en: """
            For after an upgrade (whose migration seals the records written before, unsigned) or after writes made \
            without the key. Checks the database first and refuses one with any problem but unsigned checkpoints: \
            signing vouches for everything before it. Needs the signing key file (--key, $FAZHAN_KEY, else the \
            database's path + .key).
            """)
    }
    static var sealReasonHelp: String { pick(zh: "此时签署日志的原因（记入封存日志）。", en: "Why the log is signed now (kept in the sealing log).") }

    // MARK: fazhan person

    static var personAbstract: String { pick(zh: "登记和列出人员。", en: "Register and list people.") }
    static var personAddAbstract: String {
        pick(zh: "登记一个人（入党申请本身用 `record PERSON submit_application` 记录）。",
             en: "Register a person (the application itself is recorded with `record PERSON submit_application`).")
    }
    static var personAddNumberHelp: String { pick(zh: "学号或工号，不可重复。", en: "学号 or 工号, unique.") }
    static var personAddNameHelp: String { pick(zh: "姓名。", en: "The person's name.") }
    static var personAddOrgHelp: String { pick(zh: "所在组织的代码。", en: "The code of the person's organization.") }
    static var personAddBirthHelp: String {
        pick(zh: "出生日期，YYYY-MM-DD（或 2003-1-5、2003/1/5、2003年1月5日）（省略时从 --id-number 读取）。",
             en: "Birth date, YYYY-MM-DD (or 2003-1-5, 2003/1/5, 2003年1月5日) (taken from --id-number when omitted).")
    }
    static var personAddGenderHelp: String {
        pick(zh: "男/male 或 女/female（省略时从 --id-number 读取）。",
             en: "男/male or 女/female (taken from --id-number when omitted).")
    }
    static var personAddIdNumberHelp: String {
        pick(zh: "18 位公民身份号码；会校验，输出时遮盖。",
             en: "The 18-character resident ID; checked, and masked in output.")
    }
    static var personAddEthnicityHelp: String { pick(zh: "民族，如 汉族。", en: "Ethnicity, e.g. 汉族.") }
    static var personAddLeagueMemberHelp: String { pick(zh: "共青团员。", en: "A member of the Communist Youth League.") }
    static var personAddEducationHelp: String { pick(zh: "学历，如 本科。", en: "Education, e.g. 本科.") }
    static var personAddLevelHelp: String {
        pick(zh: "本科/undergraduate、硕士/master 或 博士/doctoral（学生）。",
             en: "本科/undergraduate, 硕士/master or 博士/doctoral (students).")
    }
    static var personAddGradeHelp: String { pick(zh: "年级（入学年份），如 2024。", en: "Grade (year of entry), e.g. 2024.") }
    static var personAddWorkflowHelp: String {
        pick(zh: "此人使用的工作流程（默认为数据库的默认流程）。",
             en: "The workflow the person follows (else the database's default).")
    }
    static var personListAbstract: String { pick(zh: "列出人员及其当前阶段。", en: "List people with their current stage.") }
    static var personListStageHelp: String { pick(zh: "只看处于该阶段的人（代码或名称）。", en: "Only people in this stage (id or name).") }
    static var personListRevealHelp: String { pick(zh: "完整显示身份证号。", en: "Show ID numbers in full.") }

    // MARK: fazhan enrollment

    static var enrollmentAbstract: String {
        pick(zh: "各组织自某日起的在校生（及教职工）人数：比例指标的分母。",
             en: "Enrolled-student (and staff) counts per organization, in force from a date: the denominators of ratio targets.")
    }
    static var enrollmentImportAbstract: String {
        pick(zh: "从 UTF-8 CSV（即 Excel 的“CSV UTF-8”）记录人数：要么全部记录，要么一行不记。",
             en: "Record counts from a UTF-8 CSV (as Excel saves \"CSV UTF-8\"): all rows or none.")
    }
    static var enrollmentImportDiscussion: String {
        pick(zh: """
            列按表头匹配，中英文均可：organization（组织代码）、students（在校生）、staff（教职工，选填）、
            on（生效日期）。文件中只要有一行有误，就什么都不记录，并列出每个错误行。
            """,
             en: """
            Columns by header, in Chinese or English: organization (组织代码), students (在校生), staff (教职工,
            optional), on (生效日期). A file with any bad row records nothing and lists every bad row.
            """)
    }
    static var enrollmentImportDryRunHelp: String {
        pick(zh: "只检查文件并说明将记录什么，不记录任何内容。",
             en: "Check the file and say what would be recorded, recording nothing.")
    }
    static var enrollmentSetAbstract: String { pick(zh: "记录自某日起生效的人数。", en: "Record the count in force from a date.") }
    static var enrollmentSetStudentsHelp: String { pick(zh: "在校生人数。", en: "Enrolled students.") }
    static var enrollmentSetStaffHelp: String { pick(zh: "教职工人数，指标需要时填写。", en: "Staff (教职工), where a target needs them.") }
    static var enrollmentListAbstract: String { pick(zh: "某日生效的人数。", en: "The counts in force on a date.") }
    static var enrollmentListAsOfHelp: String { pick(zh: "日期（默认今天）。", en: "The date (else today).") }

    // MARK: fazhan plan

    static var planAbstract: String {
        pick(zh: "年度发展计划：每个组织每年一个名额数，教师与学生分列。",
             en: "Annual development plans (年度发展计划): a quota per organization and year, teachers apart from students.")
    }
    static var planSetAbstract: String { pick(zh: "设定某组织某年某类别的计划名额。", en: "Set the quota of an organization for a year and category.") }
    static var planSetQuotaHelp: String { pick(zh: "计划允许发展的人数。", en: "How many admissions the plan allows.") }
    static var planListAbstract: String { pick(zh: "某年的发展计划。", en: "The plans of a year.") }

    // MARK: fazhan org

    static var orgGradeAbstract: String {
        pick(zh: "记录党支部的年度分类定级（先进、较好、一般、后进）及是否达到最强党支部标准。",
             en: "Record a branch's yearly grade (分类定级: 先进, 较好, 一般, 后进) and whether it meets the 最强党支部 standard.")
    }
    static var orgGradeYearHelp: String { pick(zh: "定级年份。", en: "The year graded.") }
    static var orgGradeGradeHelp: String { pick(zh: "先进、较好、一般 或 后进。", en: "先进, 较好, 一般 or 后进.") }
    static var orgGradeStrongestHelp: String { pick(zh: "该党支部达到最强党支部标准。", en: "The branch meets the 最强党支部 standard.") }
    static var orgGradeNoteHelp: String { pick(zh: "备注。", en: "A note.") }
    static var orgMembersAbstract: String {
        pick(zh: "党支部自某日起的正式党员人数（有表决权）：判断会议应到人数的依据（R13）。",
             en: "A branch's full members (党员人数: 正式党员, who vote), in force from a date: what 应到 is judged against (R13).")
    }
    static var orgMembersDiscussion: String {
        pick(zh: """
            fazhan org members CODE --full N --on DATE    记录一个党支部的人数
            fazhan org members --list [--as-of DATE]      生效中的人数（table、csv 或 json）
            fazhan org members --import FILE [--dry-run]  从 UTF-8 CSV 记录人数，要么全部记录，要么一行不记：
                列为 organization（组织代码）、full（正式党员）、on（生效日期）
            Fazhan 只保存发展中的人员，所以党支部的党员名册以人数记录。
            没有记录人数的党支部，其会议的应到人数不作判断。
            """,
             en: """
            fazhan org members CODE --full N --on DATE    record the count of a 党支部
            fazhan org members --list [--as-of DATE]      the counts in force (table, csv or json)
            fazhan org members --import FILE [--dry-run]  record counts from a UTF-8 CSV, all rows or none:
                columns organization (组织代码), full (正式党员), on (生效日期)
            Fazhan holds only the people in development, so a branch's roster is recorded as a count.
            With none recorded for a branch, its meetings' 应到 is not judged.
            """)
    }
    static var orgMembersFullHelp: String { pick(zh: "正式党员人数。", en: "Its full members (正式党员).") }
    static var orgMembersListHelp: String { pick(zh: "列出生效中的人数。", en: "List the counts in force.") }
    static var orgMembersAsOfHelp: String { pick(zh: "与 --list 同用：日期（默认今天）。", en: "With --list: the date (else today).") }
    static var orgMembersFormatHelp: String { pick(zh: "与 --list 同用：table、json 或 csv。", en: "With --list: table, json or csv.") }
    static var orgMembersFileHelp: String { pick(zh: "从 UTF-8 CSV 文件记录人数。", en: "Record the counts of a UTF-8 CSV file.") }
    static var orgMembersDryRunHelp: String {
        pick(zh: "与 --import 同用：只检查文件并说明将记录什么，不记录任何内容。",
             en: "With --import: check the file and say what would be recorded, recording nothing.")
    }
    static var orgAbstract: String {
        pick(zh: "登记、列出党组织（党委、党总支、党支部）并分类定级，记录党支部的正式党员人数。",
             en: "Register, list and grade party organizations (党委, 党总支, 党支部), and record branches' full members.")
    }
    static var orgAddAbstract: String { pick(zh: "登记一个组织。", en: "Register an organization.") }
    static var orgAddCodeHelp: String { pick(zh: "简短且唯一的代码，如 CS-S1。", en: "A short unique code, e.g. CS-S1.") }
    static var orgAddNameHelp: String { pick(zh: "名称，如 计算机学院本科生第一党支部。", en: "The name, e.g. 计算机学院本科生第一党支部.") }
    static var orgAddKindHelp: String {
        pick(zh: "党委/committee、党总支/general-branch 或 党支部/branch。",
             en: "党委/committee, 党总支/general-branch or 党支部/branch.")
    }
    static var orgAddParentHelp: String { pick(zh: "上级组织的代码。", en: "The code of the organization above it.") }
    static var orgAddCategoryHelp: String {
        pick(zh: "学生/student、教师/teacher、职工/staff 或 混合/mixed。",
             en: "学生/student, 教师/teacher, 职工/staff or 混合/mixed.")
    }
    static var orgAddWithoutApprovalAuthorityHelp: String {
        pick(zh: "用于没有审批接收预备党员权限的党委（R17）。",
             en: "For a 党委 without the authority to approve admissions (R17).")
    }
    static var orgListAbstract: String { pick(zh: "以树形列出组织。", en: "List organizations as a tree.") }

    // MARK: fazhan print

    static var printAbstract: String {
        pick(zh: "把文书打印为 A4 的 HTML 页面（加 --pdf 则为 PDF）：全程纪实表、公示、党支部大会表决记录。",
             en: "Print a document as an HTML page for A4 (or PDF with --pdf): 全程纪实表, 公示, a branch meeting's vote record.")
    }
    static var printDestinationPdfHelp: String {
        pick(zh: "通过无界面 Chromium（PATH 中的 chromium）输出 PDF 而不是 HTML；需要 --output。",
             en: "Write PDF instead of HTML, through headless Chromium (chromium on the PATH); needs --output.")
    }
    static var printRecordAbstract: String {
        pick(zh: "个人的全程纪实表：每一步及其日期、记录人、所依据的规则，每项更正列在被更正的内容下面。",
             en: "A person's 全程纪实表: every step, its date, who recorded it, the rules it was judged by, each correction under what it corrects.")
    }
    static var printRecordRevealHelp: String { pick(zh: "完整打印身份证号。", en: "Print the ID number in full.") }
    static var printNoticeAbstract: String {
        pick(zh: "某节点所列人员的公示（确定入党积极分子、确定发展对象、接收预备党员、预备党员转正）。",
             en: "A 公示 of the people listed at a node (确定入党积极分子, 确定发展对象, 接收预备党员, 预备党员转正).")
    }
    static var printNoticeDiscussion: String {
        pick(zh: """
            公示期从 --from（默认今天）开始，持续该节点 public_notice 检查项要求的时长
            （5 个工作日：周一至周五，节假日不计），或到 --to 为止。
            """,
             en: """
            The period runs from --from (else today) for as long as the workflow's public_notice guard of the node
            requires (5 working days: Monday to Friday, holidays skipped), or to --to.
            """)
    }
    static var printNoticeNodeHelp: String {
        pick(zh: "节点：工作流程 notice_nodes 中的代码或名称（activist、candidate、admission、conversion）。",
             en: "The node: its id or name in the workflow's notice_nodes (activist, candidate, admission, conversion).")
    }
    static var printNoticePeopleHelp: String { pick(zh: "各人的编号（或内部 id）。", en: "The people's numbers (or internal ids).") }
    static var printNoticeFromHelp: String { pick(zh: "公示第一天（默认今天）。", en: "The first day of the notice (else today).") }
    static var printNoticeToHelp: String { pick(zh: "公示最后一天（默认按工作流程要求的时长）。", en: "The last day (else as long as the workflow requires).") }
    static var printNoticeIssuerHelp: String {
        pick(zh: "发布公示并受理异议的组织（默认为所列人员共同的上级组织）。",
             en: "Who publishes it and receives objections (else the organization over everyone listed).")
    }
    static var printVoteAbstract: String {
        pick(zh: "党支部大会表决记录：某日的接收预备党员和转正表决（以及延长预备期、取消资格）。",
             en: "A branch meeting's vote record: the admission and conversion votes (and extensions, cancellations) of a date.")
    }
    static var printVoteOnHelp: String { pick(zh: "会议日期。", en: "The date of the meeting.") }

    // MARK: fazhan report

    static var reportAbstract: String { pick(zh: "根据事件历史计算的统计报告。", en: "Statistics reports computed from the event history.") }
    static var reportQuarterlyAbstract: String {
        pick(zh: "一个季度（或一年、任意时段）的发展党员工作报告：存量、流量、指标、计划、分类统计。",
             en: "The member-development report of a quarter (or a year, or any period): stocks, flows, targets, plans, breakdowns.")
    }
    static var reportQuarterlyDiscussion: String {
        pick(zh: """
            存量按时段最后一天统计，流量按时段内统计（接收和转正按审批日期），
            并与上一时段及上年同期比较。任何过去的时段重新报告都得到相同的数字：一切都按日期从历史计算。
            """,
             en: """
            Stocks are counted at the period's last day, flows within it (admissions and conversions by approval
            date), each compared with the previous period and the same period a year earlier. Any past period
            reported again gives the same figures: everything is computed as of dates from the history.
            """)
    }
    static var reportQuarterlyQuarterHelp: String {
        pick(zh: "季度，如 2026Q3（不给 --quarter、--year 或 --from 时：最近一个完整季度）。",
             en: "A quarter, e.g. 2026Q3 (without --quarter, --year or --from: the last complete quarter).")
    }
    static var reportQuarterlyYearHelp: String { pick(zh: "年份，如 2026（年度报告）。", en: "A year, e.g. 2026 (an annual report).") }
    static var reportQuarterlyFromHelp: String { pick(zh: "自定义时段的第一天。", en: "The first day of a custom period.") }
    static var reportQuarterlyToHelp: String { pick(zh: "自定义时段的最后一天。", en: "The last day of a custom period.") }
    static var reportQuarterlyAsRecordedHelp: String {
        pick(zh: "按当时报送的样子：只算截至该日期（当天结束时，本地时间）或时刻已记录的内容。",
             en: "The report as filed then: only what had been recorded by this date (the end of that day, local time) or time.")
    }
    static var reportQuarterlyChangesSinceHelp: String {
        pick(zh: "报送以来的变动：此后记录的、日期在时段内或之前的事件，以及每个变了的数字。",
             en: "What moved since the report was filed then: the events recorded since, dated within or before the period, and every figure that changed.")
    }
    static var reportQuarterlyFormatHelp: String {
        pick(zh: "table、csv、json 或 html（html 不能与 --changes-since 同用）。",
             en: "table, csv, json or html (html: not with --changes-since).")
    }
    static var reportQuarterlyOutputHelp: String {
        pick(zh: "写入此文件（创建后仅所有者可读），而不是标准输出（html：整个页面）。",
             en: "Write to this file (created readable by its owner only) instead of standard output (html: the page).")
    }

    // MARK: fazhan init

    static var initAbstract: String {
        pick(zh: "创建数据库（仅所有者可读）及其所遵循的规则。",
             en: "Create a database, readable by its owner only, with the rules it will follow.")
    }
    static var initWorkflowHelp: String {
        pick(zh: "新登记人员使用的工作流程：cpc-2014、cpc-2026、university，或一个 .yaml 文件。",
             en: "The workflow new people follow: cpc-2014, cpc-2026, university, or a .yaml file.")
    }

    // MARK: fazhan workflow

    static var workflowAbstract: String { pick(zh: "校验、安装、列出和绘制规则集。", en: "Validate, install, list and draw rule sets.") }
    static var workflowValidateAbstract: String {
        pick(zh: "检查工作流程文件，逐一报告每个问题所在的文件、行和键（无效时退出码为 1）。",
             en: "Check a workflow file and report every problem with file, line and key (exit 1 when invalid).")
    }
    static var workflowValidateFileHelp: String {
        pick(zh: "工作流程文件（或内置的流程代码，如 university）。",
             en: "The workflow file (or a shipped id such as university).")
    }
    static var workflowInstallAbstract: String {
        pick(zh: "安装工作流程的新版本；已登记的人仍用原来的版本。",
             en: "Install a new version of a workflow; people already registered stay on theirs.")
    }
    static var workflowInstallFileHelp: String { pick(zh: "工作流程文件（或内置的流程代码）。", en: "The workflow file (or a shipped id).") }
    static var workflowInstallMakeDefaultHelp: String {
        pick(zh: "把此流程设为今后登记人员的默认流程。",
             en: "Make this workflow the default for people registered from now on.")
    }
    static var workflowListAbstract: String { pick(zh: "列出已安装的工作流程版本。", en: "List the installed workflow versions.") }
    static var workflowDiagramAbstract: String {
        pick(zh: "绘制工作流程的状态图（阶段、转换、检查项）。",
             en: "Draw a workflow's state machine (stages, transitions, guards).")
    }
    static var workflowDiagramIdHelp: String {
        pick(zh: "工作流程代码（先找数据库中已安装的，否则用内置的）或一个 .yaml 文件。",
             en: "A workflow id (installed in the database, else shipped) or a .yaml file.")
    }
    static var workflowDiagramFormatHelp: String { pick(zh: "mermaid 或 dot。", en: "mermaid or dot.") }

    // MARK: fazhan show

    static var showAbstract: String {
        pick(zh: "个人的基本信息、当前阶段及起始日期、时间线，以及下一步和受阻原因。",
             en: "A person's profile, current stage and since when, the timeline, and what is next and what blocks it.")
    }
    static var showAsOfHelp: String { pick(zh: "按此日期显示此人（默认今天）。", en: "Show the person as of this date (else today).") }
    static var showRevealHelp: String { pick(zh: "完整显示身份证号。", en: "Show the ID number in full.") }

    // MARK: fazhan history

    static var historyAbstract: String {
        pick(zh: "此人记录的每一个事件，更正列在被更正的事件旁边，以及某日所处的阶段。",
             en: "Every event recorded for a person, corrections beside what they correct, and the stage as of a date.")
    }
    static var historyAsOfHelp: String {
        pick(zh: "显示在此日期及之前发生的事件，以及当时所处的阶段。",
             en: "Show the events that happened on or before this date, and the stage then.")
    }
    static var historyAsRecordedHelp: String {
        pick(zh: "只看截至当时已记录的事件：日期（当天结束时，本地时间）或时刻，如 2026-10-15 或 2026-10-15T09:30。",
             en: "Only the events recorded by then: a date (the end of that day, local time) or a time, e.g. 2026-10-15 or 2026-10-15T09:30.")
    }

    // MARK: record: the data of a step

    static var eventDataOptionsMethodHelp: String {
        pick(zh: "推荐方式：团组织推优/league 或 党员推荐/members。",
             en: "Recommendation: 团组织推优/league or 党员推荐/members.")
    }
    static var eventDataOptionsNodeHelp: String {
        pick(zh: "公示节点：activist、candidate、admission 或 conversion。",
             en: "公示 node: activist, candidate, admission or conversion.")
    }
    static var eventDataOptionsFromHelp: String { pick(zh: "公示：第一天，YYYY-MM-DD。", en: "公示: first day, YYYY-MM-DD.") }
    static var eventDataOptionsToHelp: String { pick(zh: "公示：最后一天，YYYY-MM-DD。", en: "公示: last day, YYYY-MM-DD.") }
    static var eventDataOptionsObjectionsHelp: String { pick(zh: "公示：结束时尚未解决的异议数。", en: "公示: objections still unresolved when it ended.") }
    static var eventDataOptionsExpectedHelp: String { pick(zh: "会议：应到有表决权党员数（应到）。", en: "Meeting: voting members who should attend (应到).") }
    static var eventDataOptionsPresentHelp: String { pick(zh: "会议：实到有表决权党员数（实到）。", en: "Meeting: voting members present (实到).") }
    static var eventDataOptionsVotesForHelp: String { pick(zh: "会议：赞成票数。", en: "Meeting: votes for.") }
    static var eventDataOptionsAgainstHelp: String { pick(zh: "会议：反对票数。", en: "Meeting: votes against.") }
    static var eventDataOptionsAbstainHelp: String { pick(zh: "会议：弃权票数。", en: "Meeting: abstentions.") }
    static var eventDataOptionsWrittenForHelp: String { pick(zh: "会议：未到会党员的书面赞成意见数。", en: "Meeting: written opinions for, from absent members.") }
    static var eventDataOptionsWrittenAgainstHelp: String {
        pick(zh: "会议：未到会党员的书面反对意见数。",
             en: "Meeting: written opinions against, from absent members.")
    }
    static var eventDataOptionsDaysHelp: String { pick(zh: "培训：天数。", en: "Training: days.") }
    static var eventDataOptionsHoursHelp: String { pick(zh: "培训：学时。", en: "Training: class hours (学时).") }
    static var eventDataOptionsResultHelp: String { pick(zh: "通过/合格/pass 或 不通过/不合格/fail。", en: "通过/合格/pass or 不通过/不合格/fail.") }
    static var eventDataOptionsNamesHelp: String {
        pick(zh: "姓名，以逗号分隔（培养联系人、入党介绍人、谈话人）。",
             en: "Names, comma-separated (mentors, introducers, who talked).")
    }
    static var eventDataOptionsOrganizationHelp: String { pick(zh: "转接：转入组织的代码。", en: "Transfer: the destination organization's code.") }
    static var eventDataOptionsMonthsHelp: String { pick(zh: "延长预备期：月数（6 至 12）。", en: "Probation extension: months (6 to 12).") }
    static var eventDataOptionsRuleHelp: String { pick(zh: "豁免：被豁免的规则，如 R4。", en: "Waiver: the rule waived, e.g. R4.") }
    static var eventDataOptionsApprovedByHelp: String { pick(zh: "豁免：批准人。", en: "Waiver: who approved it.") }
    static var eventDataOptionsUntilHelp: String { pick(zh: "豁免：适用的最后一天（默认不设期限）。", en: "Waiver: the last day it applies (else open-ended).") }
    static var eventDataOptionsLeavingOnHelp: String {
        pick(zh: "预计离开本单位：此人预计离开本单位的日期（R12）。",
             en: "预计离开本单位: the date the person is expected to leave the unit (R12).")
    }
    static var eventDataOptionsHeldByHelp: String { pick(zh: "谈话：谈话人（R16）。", en: "Talk: who held it (R16).") }
    static var eventDataOptionsStatementHelp: String {
        pick(zh: "培养联系人、入党介绍人不在名册中时：党支部出具的其为正式党员、均未受留党察看处分的说明（R5、R9）。",
             en: "Mentors, introducers named outside the register: the branch's statement that they are full members, none under 留党察看 (R5, R9).")
    }
    static var eventDataOptionsHeldByRoleHelp: String {
        pick(zh: "谈话：谈话人身份：委员/committee_member、组织员/organizer 或 支部/branch。",
             en: "Talk: the role of who held it: 委员/committee_member, 组织员/organizer or 支部/branch.")
    }

    // MARK: --reason

    static var reasonOptionReasonHelp: String {
        pick(zh: "原因：审批逾期、退出、取消资格、豁免。",
             en: "Why: a late approval, a withdrawal, a cancellation, a waiver.")
    }

    // MARK: advance: the data of a transition

    static var transitionDataOptionsReasonHelp: String { pick(zh: "审批晚于正常期限的原因。", en: "Why an approval is later than the normal window.") }
    static var transitionDataOptionsExpectedHelp: String {
        pick(zh: "审批（R17）：应到党委委员数（应到）。",
             en: "Approval (R17): committee members who should attend (应到).")
    }
    static var transitionDataOptionsPresentHelp: String { pick(zh: "审批（R17）：实到党委委员数（实到）。", en: "Approval (R17): committee members present (实到).") }
    static var transitionDataOptionsVotesForHelp: String {
        pick(zh: "审批（R17）：党委委员对此人的赞成票数。",
             en: "Approval (R17): the committee's votes for this person.")
    }
    static var transitionDataOptionsAgainstHelp: String { pick(zh: "审批（R17）：反对票数。", en: "Approval (R17): votes against.") }
    static var transitionDataOptionsAbstainHelp: String { pick(zh: "审批（R17）：弃权票数。", en: "Approval (R17): abstentions.") }

    // MARK: fazhan record

    static var recordAbstract: String {
        pick(zh: "为某人记录一个步骤或事实；进入新阶段的步骤与 `advance` 一样经过全部检查项。",
             en: "Record a step or fact for a person; a step that enters a stage runs the same guards as `advance`.")
    }
    static var recordPersonHelp: String {
        pick(zh: "此人的编号或内部 id（使用 --people 或 --people-file 时：为步骤）。",
             en: "The person's number or internal id (with --people or --people-file: the step).")
    }
    static var recordStepHelp: String {
        pick(zh: "步骤或事实的代码（或其中文名称），如 initial_talk。",
             en: "The step or fact id (or its Chinese name), e.g. initial_talk.")
    }
    static var recordOnHelp: String {
        pick(zh: "发生日期：2026-03-08、2026-3-8、2026/3/8 或 2026年3月8日。",
             en: "The date it happened: 2026-03-08, 2026-3-8, 2026/3/8 or 2026年3月8日.")
    }

    // MARK: fazhan check

    static var checkAbstract: String {
        pick(zh: "逐项检查下一个（或指定的）转换的全部检查项；允许时退出码为 0，否则为 1。",
             en: "Evaluate every guard of the next (or named) transition; exit 0 when allowed, 1 when not.")
    }
    static var checkToHelp: String { pick(zh: "要进入的阶段（默认下一个）。", en: "The stage to move to (else the next one).") }
    static var checkOnHelp: String { pick(zh: "按哪一天检查（默认今天）。", en: "The date to check for (else today).") }

    // MARK: fazhan advance

    static var advanceAbstract: String {
        pick(zh: "记录进入某阶段的步骤，仅当每项检查都通过；否则什么都不记录，并说明原因。",
             en: "Record the step that enters a stage, only if every guard passes; otherwise record nothing and explain.")
    }
    static var advanceToHelp: String { pick(zh: "要进入的阶段（代码或名称）。", en: "The stage to enter (id or name).") }
    static var advanceOnHelp: String {
        pick(zh: "步骤日期：2026-03-08、2026-3-8、2026/3/8 或 2026年3月8日。",
             en: "The date of the step: 2026-03-08, 2026-3-8, 2026/3/8 or 2026年3月8日.")
    }

    // MARK: fazhan correct

    static var correctAbstract: String {
        pick(zh: "用一个注明被更正事件及原因的新事件更正它；原事件仍保留在历史中。",
             en: "Correct an event with a new event that names it and says why; the original stays in the history.")
    }
    static var correctEventHelp: String { pick(zh: "要更正的事件 id（见 `fazhan history`）。", en: "The id of the event to correct (see `fazhan history`).") }
    static var correctReasonHelp: String { pick(zh: "更正的原因。", en: "Why the correction is made.") }
    static var correctOnHelp: String { pick(zh: "更正后的日期。", en: "The corrected date.") }
    static var correctVoidHelp: String { pick(zh: "整个作废该事件（属误记）。", en: "Withdraw the event entirely (it was recorded in error).") }

    // MARK: fazhan verify

    static var verifyAbstract: String {
        pick(zh: "只读地检查数据库的每个封存、检查点和签名；有任何问题时退出码为 1。",
             en: "Check every seal, checkpoint and signature of a database, only reading it; exit 1 on any problem.")
    }
    static var verifyDiscussion: String {
        pick(zh: """
            发现绕过 Fazhan 被修改、删除或添加的事件或记录（工作流程文本、组织、人员、在校生人数、计划、定级、用户、授权），
            被删除或改动的检查点，不是由可信密钥签署的检查点（没有私钥而重写并重新封存的日志），
            以及与事件不符的已存阶段。数据库以只读方式打开：不迁移，不重新封存，文件一个字节都不变。
            可信公钥为 --public-key（64 位十六进制字符或密钥文件；可重复给出多个），
            否则为签名密钥文件（--key、$FAZHAN_KEY，否则为数据库路径加 .key）的公钥部分。
            --expect-head 检查日志是否仍含有此前记下的检查点头（此处以及每份季度报告中都会打印）。
            """,
             en: """
            Finds an event or a record (workflow text, organization, person, enrollment, plan, grading, user, grant) edited, \
            deleted or added behind Fazhan's back, a checkpoint removed or changed, a checkpoint not signed by a trusted key \
            (a log rewritten and re-sealed without the private key), and a stored stage that disagrees with the events. \
            The database is opened read-only: nothing is migrated or re-sealed, and the file is left byte for byte as it was.
            The trusted public key is --public-key (64 hexadecimal characters or a key file; repeat for several), else the \
            public half of the signing key file (--key, $FAZHAN_KEY, else the database's path + .key). \
            --expect-head checks that the log still holds a checkpoint head noted earlier (printed here, and in every quarterly report).
            """)
    }
    static var verifyPublicKeyHelp: String {
        pick(zh: "可信公钥（64 位十六进制字符）或保存公钥的密钥文件；可重复给出多个。",
             en: "A trusted public key (64 hexadecimal characters) or a key file holding one; repeat for several.")
    }
    static var verifyExpectHeadHelp: String {
        pick(zh: "此前记下的检查点头（64 位十六进制字符）：日志中已没有它时退出码为 1。",
             en: "A checkpoint head noted earlier (64 hexadecimal characters): exit 1 unless the log still holds it.")
    }

    // MARK: fazhan login

    static var loginAbstract: String {
        pick(zh: "登录 Fazhan 服务器；会话保存在仅你本人可读的文件中。",
             en: "Sign in to a Fazhan server; the session is kept in a file readable by you only.")
    }
    static var loginDiscussion: String {
        pick(zh: """
            密码从终端读取且不回显，或加 --password-stdin 从标准输入读取一行。
            会话保存在 $XDG_CONFIG_HOME/fazhan/session.json（否则 ~/.config/fazhan/session.json），权限 0600。
            之后设置 FAZHAN_SERVER=URL（或给出 --server URL），record、advance、check、correct、show、history、
            person list、agenda、audit、report quarterly 和 export 就在服务器上执行，输出与本地相同。
            也可以用 FAZHAN_TOKEN 提供令牌，代替会话文件。
            """,
             en: """
            The password is read from the terminal without echo, or as one line from standard input with \
            --password-stdin. The session is kept in $XDG_CONFIG_HOME/fazhan/session.json (else \
            ~/.config/fazhan/session.json), mode 0600. Then set FAZHAN_SERVER=URL (or give --server URL) and record, \
            advance, check, correct, show, history, person list, agenda, audit, report quarterly and export work on \
            the server and print what they print locally. FAZHAN_TOKEN may carry a token instead of the file.
            """)
    }
    static var loginServerHelp: String { pick(zh: "服务器，如 https://fazhan.example.edu。", en: "The server, e.g. https://fazhan.example.edu.") }
    static var loginUserHelp: String { pick(zh: "你在服务器上的用户名。", en: "Your user name on the server.") }
    static var loginPasswordStdinHelp: String {
        pick(zh: "从标准输入读取一行作为密码（用于脚本）。",
             en: "Read the password as one line from standard input (for scripts).")
    }

    // MARK: fazhan logout

    static var logoutAbstract: String {
        pick(zh: "退出 Fazhan 服务器：在服务器上结束会话，并删除本地的会话文件。",
             en: "Sign out of the Fazhan server: the session ends there, and its file is deleted here.")
    }

    // MARK: --server

    static var remoteOptionsServerHelp: String {
        pick(zh: "在此 Fazhan 服务器上操作，需先 `fazhan login` 登录（默认 $FAZHAN_SERVER；否则用本地数据库）。",
             en: "Work on this Fazhan server, signed in with `fazhan login` (else $FAZHAN_SERVER; else the local database).")
    }

    // MARK: fazhan export: the output

    static var exportOptionsFormatHelp: String {
        pick(zh: "csv（可直接用 Excel 打开：带字节顺序标记的 UTF-8，CRLF）或 json。",
             en: "csv (Excel-ready: UTF-8 with a byte order mark, CRLF) or json.")
    }
    static var exportOptionsHeadersHelp: String {
        pick(zh: "CSV 表头的语言：zh（学号, 姓名, ...）或 en（number, name, ...）。JSON 的键始终为英文。",
             en: "The language of the CSV headers: zh (学号, 姓名, ...) or en (number, name, ...). JSON keys are always English.")
    }
    static var exportOptionsForceHelp: String { pick(zh: "--output 文件已存在时替换它。", en: "Replace the --output file if it exists.") }

    // MARK: Said by several commands

    static var orgSubtreeHelp: String { pick(zh: "只看该组织及其下级组织。", en: "Only this organization and those under it.") }
    static var formatTableJSONCSVHelp: String { pick(zh: "table、json 或 csv。", en: "table, json or csv.") }
    static var peopleCountHelp: String { pick(zh: "人数。", en: "How many people.") }
    static var seedHelp: String { pick(zh: "生成器的种子。", en: "The generator's seed.") }
    static var csvFileHelp: String { pick(zh: "CSV 文件。", en: "The CSV file.") }
    static var formatTableJSONHelp: String { pick(zh: "table 或 json。", en: "table or json.") }
    static var personCategoryHelp: String {
        pick(zh: "学生/student、教师/teacher、职工/staff 或 其他/other。",
             en: "学生/student, 教师/teacher, 职工/staff or 其他/other.")
    }
    static var includeLeftHelp: String { pick(zh: "包括已离开的人（退出、取消资格、转出）。", en: "Include people who left (withdrawn, cancelled, transferred out).") }
    static var orgCodeHelp: String { pick(zh: "组织代码。", en: "The organization's code.") }
    static var countInForceFromHelp: String { pick(zh: "人数自哪一天起生效。", en: "The date the count is in force from.") }
    static var yearHelp: String { pick(zh: "年份。", en: "The year.") }
    static var branchCodeHelp: String { pick(zh: "党支部代码。", en: "The branch's code.") }
    static var outputFileHelp: String {
        pick(zh: "写入此文件（创建后仅所有者可读），而不是标准输出。",
             en: "Write to this file (created readable by its owner only) instead of standard output.")
    }
    static var forceOutputHelp: String {
        pick(zh: "--output 文件已存在时替换它（仅限普通文件）。",
             en: "Replace the --output file if it exists (a regular file only).")
    }
    static var personIdentifierHelp: String { pick(zh: "此人的编号或内部 id。", en: "The person's number or internal id.") }
    static var noteHelp: String { pick(zh: "备注。", en: "A free note.") }
    static var approverHelp: String {
        pick(zh: "审批组织的代码（默认为最近的有审批权的党委）。",
             en: "The approving organization's code (else the nearest 党委 with authority).")
    }
    static var revealIDNumbersHelp: String { pick(zh: "完整显示身份证号。", en: "Show ID numbers (身份证号) in full.") }
}

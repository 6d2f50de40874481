/// A legacy history read from a CSV: one row per step (person number, step id or name, date
/// and the step's data), checked row by row against the people and their workflows, then
/// compared with what is already recorded. Pure: the caller reads the file and the store.
///
/// The events are history, not requests: they are not put through the guards (the audit judges
/// them), but each must be a step of the person's workflow, on a real date that has passed,
/// with the data the step carries and data that can be right (no more votes than people present).
public enum EventImport {
    /// The columns a history may have, in Chinese or English.
    public static let columns: [ImportColumn] = [
        ImportColumn("number", ["学号", "工号", "编号", "学号/工号", "学工号", "number"], required: true),
        ImportColumn("name", ["姓名", "name"]),
        ImportColumn("step", ["步骤", "步骤名称", "环节", "step"], required: true, shared: true),
        ImportColumn("date", ["日期", "时间", "发生日期", "date", "on"], required: true),
        ImportColumn("note", ["备注", "说明", "note"]),
        ImportColumn("expected", ["应到", "应到人数", "expected"]),
        ImportColumn("present", ["实到", "实到人数", "present"]),
        ImportColumn("votesFor", ["赞成", "赞成票", "for", "votes for"]),
        ImportColumn("against", ["反对", "反对票", "against"]),
        ImportColumn("abstain", ["弃权", "弃权票", "abstain"]),
        ImportColumn("writtenFor", ["书面赞成", "书面同意", "written for"]),
        ImportColumn("writtenAgainst", ["书面反对", "written against"]),
        ImportColumn("from", ["开始", "开始日期", "公示开始", "from"]),
        ImportColumn("to", ["结束", "结束日期", "公示结束", "to"]),
        ImportColumn("node", ["公示节点", "节点", "node"]),
        ImportColumn("objections", ["未解决异议", "异议", "objections"]),
        ImportColumn("approver", ["审批组织", "审批党委", "approver"]),
        ImportColumn("reason", ["原因", "理由", "reason"]),
        ImportColumn("method", ["推荐方式", "推优方式", "method"]),
        ImportColumn("days", ["天数", "培训天数", "days"]),
        ImportColumn("hours", ["学时", "培训学时", "hours"]),
        ImportColumn("result", ["结果", "结论", "result"]),
        ImportColumn("names", ["人员", "名单", "培养联系人", "入党介绍人", "介绍人", "names"], shared: true),
        ImportColumn("organization", ["转入组织", "转入党组织", "organization"]),
        ImportColumn("months", ["月数", "延长月数", "months"]),
        ImportColumn("rule", ["豁免规则", "规则", "rule"]),
        ImportColumn("approvedBy", ["批准人", "批准机关", "approved by"]),
        ImportColumn("until", ["有效期至", "截止日期", "until"]),
        ImportColumn("leavingOn", ["预计离开日期", "预计离校日期", "离开日期", "leaving on"]),
        ImportColumn("heldBy", ["谈话人", "held by"]),
        ImportColumn("heldByRole", ["谈话人身份", "谈话人职务", "held by role"]),
        ImportColumn("statement", ["声明", "介绍人声明", "statement"]),
        ImportColumn("members", ["在册人员编号", "members"]),
    ]

    /// One event as the file gives it, checked.
    public struct Entry: Sendable, Hashable {
        public var line: Int
        public var personID: Int64
        /// The step id in the person's workflow.
        public var step: String
        public var date: CivilDate
        public var data: EventData
    }

    /// The new events of one person, in date order (rows of one date in file order).
    public struct Batch: Sendable {
        public var person: PersonProfile
        public var entries: [Entry]
    }

    /// What an import would do.
    public struct Plan: Sendable {
        /// Per person, in the order people first appear in the file.
        public var batches: [Batch]
        /// Rows identical to an event already recorded (same person, step, date and data).
        public var present: Int
        public var problems: [ImportProblem]
        /// Workflows in which some step was not found (to list their steps once).
        public var unknownStepWorkflows: [String]

        public var newCount: Int { batches.reduce(0) { $0 + $1.entries.count } }
    }

    /// The person numbers a file names, to look them up in bulk.
    public static func numbers(in sheet: ImportSheet) -> Set<String> {
        Set(sheet.rows.map { sheet.cell("number", in: $0) }.filter { !$0.isEmpty })
    }

    /// Checks every row and compares it with the recorded events.
    ///
    /// - Parameters:
    ///   - people: the registered people among the file's numbers, by number.
    ///   - workflows: the workflow of each version those people follow.
    ///   - existing: their recorded events, by person id.
    public static func plan(
        _ sheet: ImportSheet, people: [String: PersonProfile], workflows: [Int64: Workflow], existing: [Int64: [Event]],
        organizations: [Organization], today: CivilDate
    ) -> Plan {
        var checker = RowChecker(sheet: sheet, workflows: workflows, organizations: organizations, today: today)
        var ledger = Ledger()
        for events in existing.values { ledger.record(events) }
        var order: [Int64] = []
        var byPerson: [Int64: [Entry]] = [:]
        var profiles: [Int64: PersonProfile] = [:]
        var problems: [ImportProblem] = []
        for row in sheet.rows {
            guard let (entry, person) = checker.check(row, people: { people[$0] }, problems: &problems) as (Entry, PersonProfile)?
            else { continue }
            guard ledger.admit(entry, problems: &problems) else { continue }
            if byPerson[person.id] == nil {
                order.append(person.id)
                profiles[person.id] = person
            }
            byPerson[person.id, default: []].append(entry)
        }
        let batches = order.map { id in Batch(person: profiles[id]!, entries: inDateOrder(byPerson[id]!)) }
        return Plan(batches: batches, present: ledger.present, problems: problems,
                    unknownStepWorkflows: checker.unknownStepWorkflows)
    }

    /// A person's new entries in the order they are written: by date, rows of one date in file order.
    public static func inDateOrder(_ entries: [Entry]) -> [Entry] {
        entries.sorted { ($0.date, $0.line) < ($1.date, $1.line) }
    }

    /// Checks rows one at a time against the people and their workflows (a file read as a
    /// stream checks each row as it comes; `plan` checks a whole sheet).
    public struct RowChecker {
        let sheet: ImportSheet
        /// The workflow of each version the people follow (a stream adds them as people come).
        public var workflows: [Int64: Workflow]
        let lookup: OrganizationLookup
        let today: CivilDate
        /// Where the data columns are: a row with all of them empty has no data to read.
        let dataIndices: [Int]
        /// Workflows in which some step was not found (to list their steps once).
        public private(set) var unknownStepWorkflows: [String] = []

        public init(sheet: ImportSheet, workflows: [Int64: Workflow], organizations: [Organization], today: CivilDate) {
            self.sheet = sheet
            self.workflows = workflows
            self.lookup = OrganizationLookup(organizations)
            self.today = today
            let identity: Set<String> = ["number", "name", "step", "date"]
            dataIndices = EventImport.columns.map(\.key).filter { !identity.contains($0) }.flatMap { sheet.indices(of: $0) }
        }

        /// The row's entry and person, or nil when the row has problems (appended to `problems`).
        /// `people` finds a registered person by number.
        public mutating func check(
            _ row: CSVReader.Row, people: (String) -> PersonProfile?, problems: inout [ImportProblem]
        ) -> (Entry, PersonProfile)? {
            var reader = RowReader(sheet: sheet, row: row)
            let number = reader.text("number")
            var person: PersonProfile?
            if number.isEmpty {
                reader.report("number", Catalogue.emptyNumber)
            } else if let found = people(number) {
                person = found
            } else if CellParser.isScientificNotation(number) {
                reader.report("number", CellParser.shortenedNumber(number))
            } else {
                reader.report("number", Catalogue.noPersonNumbered(number))
            }
            let workflow = person.flatMap { workflows[$0.workflowVersion] }
            if let person, !reader.text("name").isEmpty, reader.text("name") != person.name {
                reader.report("name", Catalogue.numberIsNot(number, person.name, reader.text("name")))
            }
            var step: Step?
            let stepText = reader.text("step")
            if stepText.isEmpty {
                reader.report("step", Catalogue.emptyStep)
            } else if let workflow {
                step = workflow.step(stepText) ?? workflow.steps.first { $0.name == stepText }
                if step == nil {
                    reader.report("step", Catalogue.unknownStep(stepText, workflow: workflow.id))
                    if !unknownStepWorkflows.contains(workflow.id) { unknownStepWorkflows.append(workflow.id) }
                }
            }
            var date: CivilDate?
            if reader.text("date").isEmpty {
                reader.report("date", Catalogue.emptyDate)
            } else if let parsed = reader.value("date", CellParser.date) {
                if parsed > today {
                    reader.report("date", Catalogue.inTheFuture(parsed, today: today))
                } else {
                    date = parsed
                }
            }
            let noData = dataIndices.allSatisfy { $0 >= row.fields.count || row.fields[$0].isEmpty }
            let data = noData ? EventData() : readData(&reader, workflow: workflow, organizations: lookup)
            if let step, let workflow {
                checkRequired(step, data: data, workflow: workflow, reader: &reader)
            }
            checkConsistency(data, workflow: workflow, reader: &reader)
            guard reader.problems.isEmpty, let person, let step, let date else {
                problems += reader.problems
                return nil
            }
            return (Entry(line: row.line, personID: person.id, step: step.id, date: date, data: data), person)
        }
    }

    /// What is recorded already and what the file has said so far: a row identical to an
    /// earlier row is a problem, a row identical to a recorded event is counted as present.
    public struct Ledger {
        private var recorded: Set<EventKey> = []
        /// The rows seen, with their lines: a short list searched in turn (a person's rows are
        /// few, and comparing is cheaper than hashing the data), moved into `seen` once it is long.
        private var recent: [(key: EventKey, line: Int)] = []
        private var seen: [EventKey: Int] = [:]
        /// Rows identical to an event already recorded.
        public private(set) var present = 0

        public init() {}

        /// Adds recorded events (corrections included).
        public mutating func record(_ events: [Event]) {
            for event in events {
                recorded.insert(EventKey(personID: event.personID, step: event.step, date: event.date, data: event.data))
            }
        }

        /// Forgets the recorded events and the rows seen (but not the count present): for a file
        /// read person by person, when the next person's rows begin.
        public mutating func forget() {
            recorded.removeAll(keepingCapacity: true)
            recent.removeAll(keepingCapacity: true)
            seen.removeAll(keepingCapacity: true)
        }

        /// Whether the entry is new: not a repeat of an earlier row (a problem) nor recorded.
        public mutating func admit(_ entry: Entry, problems: inout [ImportProblem]) -> Bool {
            let key = EventKey(personID: entry.personID, step: entry.step, date: entry.date, data: entry.data)
            if let earlier = recent.first(where: { $0.key == key })?.line ?? (seen.isEmpty ? nil : seen[key]) {
                problems.append(ImportProblem(line: entry.line, column: nil,
                                              message: Catalogue.sameEventAs(line: earlier)))
                return false
            }
            if recent.count < 32 {
                recent.append((key, entry.line))
            } else {
                seen[key] = entry.line
            }
            if !recorded.isEmpty, recorded.contains(key) {
                present += 1
                return false
            }
            return true
        }
    }

    /// An event's identity for finding it already recorded or repeated in the file.
    struct EventKey: Hashable {
        var personID: Int64
        var step: String
        var date: CivilDate
        var data: EventData
    }

    /// The data columns of a row; each cell that does not parse is a problem in its column.
    static func readData(_ reader: inout RowReader, workflow: Workflow?, organizations: OrganizationLookup) -> EventData {
        func text(_ key: String) -> String? {
            let cell = reader.text(key)
            return cell.isEmpty ? nil : cell
        }
        var data = EventData()
        data.note = text("note")
        data.method = reader.value("method", EventFields.method)
        data.from = reader.value("from", CellParser.date)
        data.to = reader.value("to", CellParser.date)
        data.until = reader.value("until", CellParser.date)
        data.leavingOn = reader.value("leavingOn", CellParser.date)
        data.heldByRole = reader.value("heldByRole", EventFields.talkRole)
        // Each number within its range (`Bounds`), refused in its own column: the checks below add them up.
        func count(_ key: String) -> Int? {
            let bound = EventData.numberFields.first { $0.key == key }!.bound
            return reader.value(key) { (text) throws(CellProblem) in try CellParser.count(text, within: bound) }
        }
        data.objections = count("objections")
        data.expected = count("expected")
        data.present = count("present")
        data.votesFor = count("votesFor")
        data.against = count("against")
        data.abstain = count("abstain")
        data.writtenFor = count("writtenFor")
        data.writtenAgainst = count("writtenAgainst")
        data.days = count("days")
        data.hours = count("hours")
        data.months = count("months")
        data.result = reader.value("result", EventFields.result)
        data.names = text("names").map(CellParser.names)
        data.members = text("members").map(CellParser.names)
        data.approver = reader.value("approver") { (text) throws(CellProblem) in try organizations.find(text).code }
        data.organization = reader.value("organization") { (text) throws(CellProblem) in try organizations.find(text).code }
        data.reason = text("reason")
        data.rule = text("rule")
        data.approvedBy = text("approvedBy")
        data.heldBy = text("heldBy")
        data.statement = text("statement")
        if let workflow {
            data.node = reader.value("node") { (text) throws(CellProblem) in try EventFields.node(text, in: workflow) }
        } else {
            data.node = text("node")
        }
        return data
    }

    /// The data the step must carry (as `fazhan record` asks for it), each missing in its column.
    static func checkRequired(_ step: Step, data: EventData, workflow: Workflow, reader: inout RowReader) {
        func need(_ key: String, _ value: Any?, _ what: @autoclosure () -> String) {
            // A cell that is there but does not read was reported already.
            if value == nil, reader.text(key).isEmpty { reader.report(key, Catalogue.emptyNeeds(step.name, step.id, what())) }
        }
        for kind in step.data {
            switch kind {
            case .vote:
                need("expected", data.expected, Catalogue.votersExpected)
                need("present", data.present, Catalogue.votersPresent)
                need("votesFor", data.votesFor, Catalogue.votesFor)
            case .notice:
                need("from", data.from, Catalogue.noticeFirstDay)
                need("to", data.to, Catalogue.noticeLastDay)
                need("node", data.node, Catalogue.theNoticeNode(workflow.noticeNodes.map { "\($0.id)/\($0.name)" }))
            case .training:
                if data.days == nil && data.hours == nil { need("days", nil, Catalogue.trainingLength) }
            case .result:
                need("result", data.result, Catalogue.theResult)
            case .names:
                need("names", (data.names ?? []).isEmpty ? nil : data.names, Catalogue.theNames)
            case .method:
                need("method", data.method, Catalogue.theMethod)
            case .approver:
                break
            case .reason:
                need("reason", data.reason, Catalogue.theReason)
            case .organization:
                need("organization", data.organization, Catalogue.theDestination)
            case .months:
                need("months", data.months, Catalogue.theMonths)
            case .waiver:
                need("rule", data.rule, Catalogue.theRuleWaived)
                need("approvedBy", data.approvedBy, Catalogue.theWaiverApprover)
                need("reason", data.reason, Catalogue.theReason)
            case .committeeVote:
                // Legacy approvals may not carry the committee's vote (the audit shows them as
                // not judged); given, the three counts are needed.
                if data.expected != nil || data.present != nil || data.votesFor != nil {
                    need("expected", data.expected, Catalogue.committeeExpected)
                    need("present", data.present, Catalogue.committeePresent)
                    need("votesFor", data.votesFor, Catalogue.votesFor)
                }
            case .departure:
                need("leavingOn", data.leavingOn, Catalogue.theLeavingDate)
            case .term:
                need("until", data.until, Catalogue.theLastDay)
            case .holder:
                // Legacy records may not say who held the talk: imported without it, the audit
                // shows the talk as not judged. Given, both name and role are needed.
                if data.heldBy != nil || data.heldByRole != nil {
                    need("heldBy", data.heldBy, Catalogue.theHolder)
                    need("heldByRole", data.heldByRole, Catalogue.theHolderRole)
                }
            }
        }
    }

    /// Data that cannot be right whatever the rules say, each in the column it shows in; the
    /// engine's own list (`EventData.consistencyProblems`) catches anything not named here.
    static func checkConsistency(_ data: EventData, workflow: Workflow?, reader: inout RowReader) {
        let before = reader.problems.count
        if let expected = data.expected, let present = data.present, present > expected {
            reader.report("present", Catalogue.morePresentThanExpected(present, expected))
        }
        let cast = [data.votesFor ?? 0, data.against ?? 0, data.abstain ?? 0].saturatingSum()
        if let present = data.present, cast > present {
            reader.report("votesFor", Catalogue.moreVotesThanPresent(cast, present))
        }
        let written = (data.writtenFor ?? 0).saturatingAdding(data.writtenAgainst ?? 0)
        if written > 0 {
            if let expected = data.expected, let present = data.present {
                let absent = expected.saturatingSubtracting(present)
                if present <= expected, written > absent {
                    reader.report("writtenFor", Catalogue.moreWrittenThanAbsent(written, absent))
                }
            } else {
                reader.report("writtenFor", Catalogue.writtenNeedCounts)
            }
        }
        if let from = data.from, let to = data.to, to < from {
            reader.report("to", Catalogue.endsBeforeItStarts(to, from))
        }
        if data.days == 0, data.hours == 0 {
            reader.report("days", Catalogue.emptyTraining)
        }
        guard reader.problems.count == before, let workflow else { return }
        for problem in EventData.consistencyProblems(data, noticeNodes: workflow.noticeNodes.map(\.id)) {
            reader.report(nil, problem)
        }
    }
}

/// Event fields as people write them in histories, in Chinese or English.
enum EventFields {
    /// 团组织推优/推优/league, 党员推荐/members.
    static func method(_ text: String) throws(CellProblem) -> String {
        switch text.lowercased() {
        case "league", "推优", "团组织推优", "团员推优", "群团组织推优": return "league"
        case "members", "党员推荐": return "members"
        default: throw CellProblem(Catalogue.notAMethod(text))
        }
    }

    /// 委员/党委委员/committee_member, 组织员/organizer, 支部/支部书记/branch (who held a talk).
    static func talkRole(_ text: String) throws(CellProblem) -> String {
        guard let role = TalkRole(written: text) else {
            throw CellProblem(Catalogue.notARole(text))
        }
        return role.rawValue
    }

    /// 通过/合格/pass, 不通过/不合格/fail.
    static func result(_ text: String) throws(CellProblem) -> StepResult {
        switch text.lowercased() {
        case "pass", "通过", "合格", "同意", "是": return .pass
        case "fail", "不通过", "未通过", "不合格", "不同意", "否": return .fail
        default: throw CellProblem(Catalogue.notAResult(text))
        }
    }

    /// A notice node by id or name.
    static func node(_ text: String, in workflow: Workflow) throws(CellProblem) -> String {
        if let node = workflow.noticeNodes.first(where: { $0.id == text || $0.name == text }) { return node.id }
        throw CellProblem(Catalogue.notANoticeNode(text, workflow: workflow.id, known: workflow.noticeNodes.map { "\($0.id)/\($0.name)" }))
    }
}

import FazhanCore
import FazhanReports
import FazhanStore

/// The data of the printed documents (全程纪实表, 公示, the branch meeting's vote record),
/// assembled from the record; `PrintedDocumentHTML` renders them.
extension DevelopmentService {
    /// A person's 全程纪实表: every event recorded for them, corrections under what they
    /// correct, each with the rules its step is judged by. `reveal` prints the ID number in full.
    public func recordDocument(_ key: String, reveal: Bool, printedOn: CivilDate) async throws -> PersonRecordDocument {
        let file = try await personFile(key)
        let workflow = file.workflow
        let view = HistoryView(file: file, asOf: CivilDate(year: 9999, month: 12, day: 31)!)
        var entries: [PersonRecordDocument.Entry] = []
        for entry in view.entries {
            let event = entry.event
            if let original = event.corrects, let index = entries.lastIndex(where: { $0.id == file.history.originalID(of: original) }) {
                entries[index].corrections.append(PersonRecordDocument.Correction(
                    id: event.id, date: event.date, voids: event.voids, reason: event.correctionReason ?? "",
                    details: Self.details(event.data, in: workflow), recordedBy: event.recordedBy, recordedAt: event.recordedAt))
                continue
            }
            let step = workflow.step(event.step)
            entries.append(PersonRecordDocument.Entry(
                id: event.id, stepNumber: step?.number, stepName: step?.name ?? event.step, date: event.date,
                details: Self.details(event.data, in: workflow),
                recordedBy: event.recordedBy, recordedAt: event.recordedAt, rules: Self.rules(of: step, in: workflow),
                imported: event.imported, standsAsRecorded: entry.effective, corrections: []))
        }
        return PersonRecordDocument(person: Self.documentPerson(file, reveal: reveal, asOf: printedOn), workflow: workflowLine(file),
                                    printedOn: printedOn, entries: entries)
    }

    /// A 公示 of `people` at `node` (an id or name of the workflow's `notice_nodes`) from `from`
    /// to `to`, else to the last day of the shortest period the workflow's `public_notice`
    /// guard of that node allows. Unknown node: `unknownValue` (a usage error).
    public func noticeDocument(_ keys: [String], node: String, from: CivilDate, to: CivilDate?, issuer: String?,
                               printedOn: CivilDate) async throws -> NoticeDocument {
        guard !keys.isEmpty else { throw ServiceError.badRequest("a notice needs at least one person") }
        var files: [PersonFile] = []
        var seen: Set<Int64> = []
        for key in keys {
            let file = try await personFile(key)
            if !seen.insert(file.person.id).inserted { throw ServiceError.badRequest("\(key) is named twice") }
            files.append(file)
        }
        let workflow = files[0].workflow
        guard let noticeNode = workflow.noticeNodes.first(where: { $0.id == node || $0.name == node }) else {
            throw ServiceError.unknownValue(what: "公示 node", value: node, valid: workflow.noticeNodes.map { "\($0.id) (\($0.name))" })
        }
        var required: Duration?
        var rule: RuleReference?
        for guardItem in workflow.guards {
            if case .publicNotice(_, let guardNode, let minimum) = guardItem.kind, guardNode == noticeNode.id {
                required = minimum
                rule = Self.rule(guardItem.rule, in: workflow)
                break
            }
        }
        let calendar = files[0].engine.calendar
        let end: CivilDate
        if let to {
            guard to >= from else { throw ServiceError.badRequest("the notice ends (\(to)) before it begins (\(from))") }
            end = to
        } else if let required {
            end = Self.lastDay(of: required, from: from, calendar: calendar)
        } else {
            throw ServiceError.badRequest("the workflow \(workflow.id) has no public_notice guard for \(noticeNode.name) (\(noticeNode.id)): "
                                          + "give the last day of the notice with --to")
        }
        let days = calendar.hasData(for: from.year) && calendar.hasData(for: end.year) ? calendar.workingDays(from: from, through: end).value : nil
        let issuerName: String
        if let issuer {
            issuerName = issuer
        } else {
            // The organization over everyone listed: the nearest common one.
            let chains = files.map { file in
                file.organizations.chain(from: file.engine.organizationID(of: file.history, asOf: printedOn, organizations: file.organizations))
            }
            let common = chains[0].first { candidate in chains.allSatisfy { $0.contains { $0.id == candidate.id } } }
            issuerName = common.map { "中共\($0.name)" } ?? "党组织"
        }
        return NoticeDocument(
            issuer: issuerName, nodeName: noticeNode.name, people: files.map { Self.documentPerson($0, reveal: false, asOf: printedOn) },
            from: from, to: end, required: required.map(Self.chineseDuration), rule: rule, workingDays: days, printedOn: printedOn)
    }

    /// The vote record of a branch's meeting on a date: every effective event carrying a vote
    /// (admission and conversion meetings, extensions, cancellations) dated that day, of the
    /// people the branch (or an organization under it) held that day, each judged by the
    /// workflow's `meeting_vote` guards that name its step.
    public func voteDocument(organization code: String, on date: CivilDate, printedOn: CivilDate) async throws -> VoteRecordDocument {
        let scope = try await Scope(store: store, organization: nil, person: nil)
        guard let branch = scope.organizations.organization(code: code) else { throw ServiceError.organizationNotFound(code) }
        let subtree = scope.organizations.subtree(of: branch.id)
        var found: [(History, Event)] = []
        try await scope.forEachHistory { history in
            let engine = scope.engine(for: history)
            let workflow = engine.workflow
            let meetings = history.effective.filter { $0.date == date && workflow.step($0.step)?.data.contains(.vote) == true }
            guard !meetings.isEmpty,
                  subtree.contains(engine.organizationID(of: history, asOf: date, organizations: scope.organizations)) else { return }
            for meeting in meetings { found.append((history, meeting)) }
        }
        var rows: [VoteRecordDocument.Row] = []
        for (history, meeting) in found.sorted(by: { ($0.0.person.number, $0.1.id) < ($1.0.person.number, $1.1.id) }) {
            let file = try await personFile(history.person, data: [])
            let workflow = file.workflow
            let voteGuards = workflow.guards.filter {
                if case .meetingVote(let step, _) = $0.kind { return step == meeting.step } else { return false }
            }
            var checks: [VoteRecordDocument.Check] = []
            for guarded in Set(voteGuards.map(\.step)).sorted() {
                let ids = Set(voteGuards.filter { $0.step == guarded }.map(\.id))
                let basis = file.history.asItStood(on: date)
                let verdict = file.engine.evaluate(step: guarded, on: date, data: meeting.data, history: basis, organizations: file.organizations)
                for check in verdict.checks where ids.contains(check.guardID) {
                    let requirement = voteGuards.first { $0.id == check.guardID }.flatMap { guardItem -> VoteRequirement? in
                        if case .meetingVote(_, let requirement) = guardItem.kind { return requirement } else { return nil }
                    }
                    checks.append(VoteRecordDocument.Check(
                        rule: Self.rule(check.rule, in: workflow), passed: check.passed,
                        found: requirement.map { Self.voteSummary(meeting.data, $0, passed: check.passed) } ?? check.found))
                }
            }
            let data = meeting.data
            rows.append(VoteRecordDocument.Row(
                eventID: meeting.id, person: Self.documentPerson(file, reveal: false, asOf: date), subject: workflow.step(meeting.step)?.name ?? meeting.step,
                expected: data.expected, present: data.present, votesFor: data.votesFor, against: data.against, abstain: data.abstain,
                writtenFor: data.writtenFor, writtenAgainst: data.writtenAgainst, checks: checks, recordedBy: meeting.recordedBy,
                corrected: meeting.corrects != nil))
        }
        return VoteRecordDocument(branch: branch.name, branchCode: branch.code, date: date, rows: rows, printedOn: printedOn)
    }

    // MARK: Parts

    private func workflowLine(_ file: PersonFile) -> String {
        "\(file.workflow.title)（\(file.workflow.id)，第\(file.person.workflowVersion)版）"
    }

    static func rules(of step: Step?, in workflow: Workflow) -> [RuleReference] {
        guard let step else { return [] }
        var ids = step.rules
        for guarded in workflow.guards(on: step.id) where !ids.contains(guarded.rule) { ids.append(guarded.rule) }
        return ids.map { rule($0, in: workflow) }
    }

    static func rule(_ id: String, in workflow: Workflow) -> RuleReference {
        let rule = workflow.rule(id)
        return RuleReference(id: id, name: rule?.name ?? "", basis: rule?.basis ?? "")
    }

    static func documentPerson(_ file: PersonFile, reveal: Bool, asOf date: CivilDate) -> DocumentPerson {
        let person = file.person
        let categories: [PersonProfile.Category: String] = [.student: "学生", .teacher: "教师", .staff: "职工", .other: "其他"]
        let organization = file.organizations.byID[file.engine.organizationID(of: file.history, asOf: date, organizations: file.organizations)]
        let span = file.engine.stage(of: file.history, asOf: date)
        return DocumentPerson(
            number: person.number, name: person.name, gender: person.gender?.chineseName, birthDate: person.birthDate,
            idNumber: person.idNumber.map { reveal ? $0 : ResidentID.mask($0) }, ethnicity: person.ethnicity,
            category: categories[person.category] ?? person.category.rawValue, organization: organization?.name ?? "",
            stage: span.map { file.workflow.stageName($0.stage) }, stageSince: span?.effectiveFrom)
    }

    /// The last day of a period of `length` that begins on `from`, both days included (a 公示
    /// of 5 working days from Monday 2026-03-02 ends on Friday 2026-03-06).
    static func lastDay(of length: Duration, from: CivilDate, calendar: WorkingCalendar) -> CivilDate {
        switch length.unit {
        case .workingDays: return calendar.date(afterWorkingDays: length.value, startingOn: from).date
        case .days: return from.adding(days: max(0, length.value - 1))
        case .months: return from.adding(months: length.value).adding(days: -1)
        case .years: return from.adding(years: length.value).adding(days: -1)
        }
    }

    /// An event's data as the forms write it: a 公示's node by its name.
    static func details(_ data: EventData, in workflow: Workflow) -> String {
        var shown = data
        if let node = data.node, let named = workflow.noticeNodes.first(where: { $0.id == node }) { shown.node = named.name }
        return shown.summary
    }

    /// What a vote shows against one requirement, in the words of the rule.
    static func voteSummary(_ data: EventData, _ requirement: VoteRequirement, passed: Bool) -> String {
        let expected = data.expected ?? 0
        let present = data.present ?? 0
        let votesFor = (data.votesFor ?? 0) + (data.writtenFor ?? 0)
        let relation = passed ? ">" : "≤"
        switch requirement {
        case .quorum:
            return "实到\(present) × 2 \(relation) 应到\(expected)"
        case .majority:
            let written = (data.writtenFor ?? 0) > 0 ? "（含书面赞成\(data.writtenFor ?? 0)）" : ""
            return "赞成\(votesFor)\(written) × 2 \(relation) 应到\(expected)"
        case .minimumVoters(let minimum):
            return "有表决权的正式党员\(expected)人\(passed ? "，不少于" : "，少于")\(minimum)人"
        }
    }

    static func chineseDuration(_ length: Duration) -> String {
        switch length.unit {
        case .workingDays: return "\(length.value)个工作日"
        case .days: return "\(length.value)天"
        case .months: return "\(length.value)个月"
        case .years: return "\(length.value)年"
        }
    }
}

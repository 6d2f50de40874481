/// Evaluates steps against a workflow: the pure core of `check`, `advance` and `record`.
///
/// It takes a history, a proposed step with its date and data, and returns every check with
/// its rule, what was found and what is required. It reads no database and no clock.
public struct Engine: Sendable {
    public var workflow: Workflow
    public var calendar: WorkingCalendar
    /// The branches' recorded full members (R13's `roster` guards): given by the caller, who
    /// reads them; empty, a `roster` guard is not judged.
    public var roster: RosterBook

    public init(workflow: Workflow, calendar: WorkingCalendar, roster: RosterBook = RosterBook()) {
        self.workflow = workflow
        self.calendar = calendar
        self.roster = roster
    }

    public init(bundle: WorkflowBundle, roster: RosterBook = RosterBook()) {
        self.init(workflow: bundle.workflow, calendar: bundle.calendar, roster: roster)
    }

    /// Whether a guard of the workflow judges a meeting's 应到 against the recorded full members.
    public var judgesRoster: Bool { workflow.guards.contains { $0.kind == .roster } }

    // MARK: - Stages

    public func timeline(_ history: History) -> StageTimeline {
        StageTimeline(history: history, workflow: workflow)
    }

    /// The stage a person is in on a date (counting transitions from the day their step was taken).
    public func stage(of history: History, asOf date: CivilDate) -> StageTimeline.Span? {
        timeline(history).span(asOf: date)
    }

    /// The stage a person would move to next from their current stage.
    public func nextStage(for history: History, asOf date: CivilDate) -> Stage? {
        guard let current = stage(of: history, asOf: date) else { return workflow.initialStage }
        return workflow.nextStages(after: current.stage).first { !$0.isExit }
    }

    // MARK: - Evaluation

    /// Evaluates every check of recording `stepID` on `date` with `data`.
    public func evaluate(
        step stepID: String, on date: CivilDate, data: EventData = EventData(),
        history: History, organizations: OrganizationDirectory
    ) -> Verdict {
        evaluate(step: stepID, on: date, data: data, history: history, organizations: organizations, quiet: false)
    }

    /// The checks of recording `stepID` on `date` that an audit reports: those that fail, are
    /// provisional or pass only under a waiver, each as `evaluate` gives it. Cheaper than
    /// `evaluate`: the text of the other checks is never written.
    public func exceptions(
        step stepID: String, on date: CivilDate, data: EventData = EventData(),
        history: History, organizations: OrganizationDirectory
    ) -> [Check] {
        evaluate(step: stepID, on: date, data: data, history: history, organizations: organizations, quiet: true)
            .checks.filter { !$0.passed || $0.provisional || $0.isWaived }
    }

    private func evaluate(
        step stepID: String, on date: CivilDate, data: EventData, history: History, organizations: OrganizationDirectory, quiet: Bool
    ) -> Verdict {
        guard let step = workflow.step(stepID) else {
            // No checks would make an unknown step "allowed": report it as a failing check.
            let found = "no step \"\(stepID)\" in workflow \(workflow.id)"
            let required = "a step of the workflow"
            let problem = Check.Problem.data
            let unknown = Check(rule: Check.noRule, ruleName: problem.name, basis: problem.basis, guardID: "order.step", passed: false,
                                found: found, required: required, earliest: nil,
                                message: "\(problem.name)（数据问题，不是规则）: found \(found); required \(required)")
            return Verdict(step: stepID, to: nil, date: date, checks: [unknown])
        }
        let context = GuardContext(engine: self, step: step, date: date, data: data, history: history, organizations: organizations,
                                   quiet: quiet)
        var checks = context.orderChecks()
        for guardDefinition in workflow.guards(on: stepID) {
            checks.append(context.evaluate(guardDefinition))
        }
        return Verdict(step: stepID, to: step.enters, date: date, checks: checks)
    }

    /// Checks a step's data on its own terms and against the dates already recorded. Throws
    /// every problem at once.
    public func validate(step stepID: String, on date: CivilDate, data: EventData, history: History, today: CivilDate) throws(RecordError) {
        var problems: [String] = []
        guard let step = workflow.step(stepID) else {
            let known = workflow.steps.map(\.id).joined(separator: ", ")
            throw RecordError(["unknown step \"\(stepID)\" in workflow \(workflow.id) (known: \(known))"])
        }
        if date > today {
            problems.append("\(date) is in the future (today is \(today)); record a step once it has happened")
        }
        if let application = workflow.initialStage.flatMap({ workflow.enteringStep(for: $0.id) }),
           application.id != step.id, let applied = history.first(application.id), date < applied.date {
            problems.append("\(date) is before the application (\(workflow.stepName(application.id)) on \(applied.date))")
        }
        for kind in step.data {
            switch kind {
            case .vote:
                if data.expected == nil || data.present == nil || data.votesFor == nil {
                    problems.append("\(step.name) needs the vote: --expected (应到), --present (实到), --for (赞成), and --against/--abstain where any")
                }
            case .notice:
                if data.from == nil || data.to == nil { problems.append("\(step.name) needs --from and --to (the notice period)") }
                if data.node == nil {
                    problems.append("\(step.name) needs --node (one of \(workflow.noticeNodes.map(\.id).joined(separator: ", ")))")
                }
            case .training:
                if data.days == nil && data.hours == nil { problems.append("\(step.name) needs --days or --hours") }
            case .result:
                if data.result == nil { problems.append("\(step.name) needs --result pass|fail") }
            case .names:
                if (data.names ?? []).isEmpty { problems.append("\(step.name) needs --names (comma-separated)") }
            case .method:
                if data.method == nil { problems.append("\(step.name) needs --method league|members") }
            case .approver:
                break
            case .reason:
                if (data.reason ?? "").trimmingCharacters(in: .whitespaces).isEmpty { problems.append("\(step.name) needs --reason") }
            case .organization:
                if data.organization == nil { problems.append("\(step.name) needs --organization (the destination's code)") }
            case .months:
                if data.months == nil { problems.append("\(step.name) needs --months") }
            case .waiver:
                if data.rule == nil || data.approvedBy == nil || (data.reason ?? "").isEmpty {
                    problems.append("\(step.name) needs --rule, --approved-by and --reason")
                }
            case .committeeVote:
                if data.expected == nil || data.present == nil || data.votesFor == nil {
                    problems.append("\(step.name) needs the committee's vote on this person: --expected (应到委员), --present (实到), --for (赞成), and --against/--abstain where any")
                }
            case .departure:
                if data.leavingOn == nil { problems.append("\(step.name) needs --leaving-on (the date the person is expected to leave the unit)") }
            case .term:
                if let until = data.until {
                    if until < date { problems.append("\(step.name) ends (\(until)) before it starts (\(date))") }
                } else {
                    problems.append("\(step.name) needs --until (its last day)")
                }
            case .holder:
                if (data.heldBy ?? "").trimmingCharacters(in: .whitespaces).isEmpty || data.heldByRole == nil {
                    problems.append("\(step.name) needs --held-by NAME and --held-by-role committee_member|organizer|branch (委员、组织员 or 支部)")
                }
            }
        }
        problems += EventData.consistencyProblems(data, noticeNodes: workflow.noticeNodes.map(\.id))
        if !problems.isEmpty { throw RecordError(problems) }
    }
}

extension EventData {
    /// Problems with data that cannot be right whatever the rules say.
    public static func consistencyProblems(_ data: EventData, noticeNodes: [String]) -> [String] {
        // Every number within its range first: what follows adds them up.
        var problems = data.boundProblems
        if let expected = data.expected, let present = data.present, present > expected {
            problems.append("实到 \(present) is more than 应到 \(expected)")
        }
        let cast = [data.votesFor ?? 0, data.against ?? 0, data.abstain ?? 0].saturatingSum()
        if let present = data.present, cast > present {
            problems.append("votes for + against + abstain = \(cast), more than the \(present) present (one vote per person)")
        }
        let written = (data.writtenFor ?? 0).saturatingAdding(data.writtenAgainst ?? 0)
        if written > 0 {
            if let expected = data.expected, let present = data.present {
                // When 实到 > 应到 (reported above) the number absent is unknown.
                let absent = expected.saturatingSubtracting(present)
                if present <= expected, written > absent {
                    problems.append("\(written) written opinions, but only \(absent) members were absent: written opinions come only from members who could not attend")
                }
            } else {
                problems.append("written opinions need --expected and --present")
            }
        }
        if let from = data.from, let to = data.to, to < from {
            problems.append("the notice ends (\(to)) before it starts (\(from))")
        }
        if let node = data.node, !noticeNodes.contains(node) {
            problems.append("unknown notice node \"\(node)\" (known: \(noticeNodes.joined(separator: ", ")))")
        }
        if let method = data.method, !["league", "members"].contains(method) {
            problems.append("unknown recommendation method \"\(method)\" (league or members)")
        }
        if let role = data.heldByRole, TalkRole(rawValue: role) == nil {
            problems.append("unknown role \"\(role)\" of who held the talk (\(TalkRole.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        if let days = data.days, let hours = data.hours, days == 0, hours == 0 {
            problems.append("a training of 0 days and 0 hours")
        }
        return problems
    }
}

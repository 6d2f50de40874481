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
    ///
    /// `timeline`: the history's stage timeline, when the caller has it (`StageTimeline.asItStood`).
    public func exceptions(
        step stepID: String, on date: CivilDate, data: EventData = EventData(),
        history: History, organizations: OrganizationDirectory, timeline: StageTimeline? = nil
    ) -> [Check] {
        evaluate(step: stepID, on: date, data: data, history: history, organizations: organizations, quiet: true, timeline: timeline)
            .checks.filter { !$0.passed || $0.provisional || $0.isWaived }
    }

    private func evaluate(
        step stepID: String, on date: CivilDate, data: EventData, history: History, organizations: OrganizationDirectory, quiet: Bool,
        timeline: StageTimeline? = nil
    ) -> Verdict {
        guard let step = workflow.step(stepID) else {
            // No checks would make an unknown step "allowed": report it as a failing check.
            let found = Catalogue.noStep(stepID, workflow: workflow.id)
            let required = Catalogue.aStepOfTheWorkflow
            let problem = Check.Problem.data
            let unknown = Check(rule: Check.noRule, ruleName: problem.name, basis: problem.basis, guardID: "order.step", passed: false,
                                found: found, required: required, earliest: nil,
                                message: Catalogue.failedMessage(Catalogue.problemCitation(problem), found: found, required: required, earliest: nil))
            return Verdict(step: stepID, to: nil, date: date, checks: [unknown])
        }
        let context = GuardContext(engine: self, step: step, date: date, data: data, history: history, organizations: organizations,
                                   quiet: quiet, timeline: timeline)
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
            throw RecordError([Catalogue.unknownStep(stepID, workflow: workflow.id, known: workflow.steps.map(\.id))])
        }
        if date > today {
            problems.append(Catalogue.recordInTheFuture(date, today: today))
        }
        if let application = workflow.initialStage.flatMap({ workflow.enteringStep(for: $0.id) }),
           application.id != step.id, let applied = history.first(application.id), date < applied.date {
            problems.append(Catalogue.beforeTheApplication(date, workflow.stepName(application.id), applied.date))
        }
        for kind in step.data {
            switch kind {
            case .vote:
                if data.expected == nil || data.present == nil || data.votesFor == nil {
                    problems.append(Catalogue.needsVote(step.name))
                }
            case .notice:
                if data.from == nil || data.to == nil { problems.append(Catalogue.needsPeriod(step.name)) }
                if data.node == nil {
                    problems.append(Catalogue.needsNode(step.name, workflow.noticeNodes.map(\.id)))
                }
            case .training:
                if data.days == nil && data.hours == nil { problems.append(Catalogue.needsDaysOrHours(step.name)) }
            case .result:
                if data.result == nil { problems.append(Catalogue.needsResult(step.name)) }
            case .names:
                if (data.names ?? []).isEmpty { problems.append(Catalogue.needsNames(step.name)) }
            case .method:
                if data.method == nil { problems.append(Catalogue.needsMethod(step.name)) }
            case .approver:
                break
            case .reason:
                if (data.reason ?? "").trimmingCharacters(in: .whitespaces).isEmpty { problems.append(Catalogue.needsReason(step.name)) }
            case .organization:
                if data.organization == nil { problems.append(Catalogue.needsOrganization(step.name)) }
            case .months:
                if data.months == nil { problems.append(Catalogue.needsMonths(step.name)) }
            case .waiver:
                if data.rule == nil || data.approvedBy == nil || (data.reason ?? "").isEmpty {
                    problems.append(Catalogue.needsWaiver(step.name))
                }
            case .committeeVote:
                if data.expected == nil || data.present == nil || data.votesFor == nil {
                    problems.append(Catalogue.needsCommitteeVote(step.name))
                }
            case .departure:
                if data.leavingOn == nil { problems.append(Catalogue.needsLeavingOn(step.name)) }
            case .term:
                if let until = data.until {
                    if until < date { problems.append(Catalogue.stepEndsBeforeItStarts(step.name, until, date)) }
                } else {
                    problems.append(Catalogue.needsUntil(step.name))
                }
            case .holder:
                if (data.heldBy ?? "").trimmingCharacters(in: .whitespaces).isEmpty || data.heldByRole == nil {
                    problems.append(Catalogue.needsHolder(step.name))
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
            problems.append(Catalogue.morePresentThanExpected(present, expected))
        }
        let cast = [data.votesFor ?? 0, data.against ?? 0, data.abstain ?? 0].saturatingSum()
        if let present = data.present, cast > present {
            problems.append(Catalogue.moreVotesCastThanPresent(cast, present))
        }
        let written = (data.writtenFor ?? 0).saturatingAdding(data.writtenAgainst ?? 0)
        if written > 0 {
            if let expected = data.expected, let present = data.present {
                // When 实到 > 应到 (reported above) the number absent is unknown.
                let absent = expected.saturatingSubtracting(present)
                if present <= expected, written > absent {
                    problems.append(Catalogue.moreWrittenThanAbsentMembers(written, absent))
                }
            } else {
                problems.append(Catalogue.writtenNeedOptions)
            }
        }
        if let from = data.from, let to = data.to, to < from {
            problems.append(Catalogue.noticeEndsBeforeItStarts(to, from))
        }
        if let node = data.node, !noticeNodes.contains(node) {
            problems.append(Catalogue.unknownNoticeNode(node, known: noticeNodes))
        }
        if let method = data.method, !["league", "members"].contains(method) {
            problems.append(Catalogue.unknownMethod(method))
        }
        if let role = data.heldByRole, TalkRole(rawValue: role) == nil {
            problems.append(Catalogue.unknownRole(role))
        }
        if let days = data.days, let hours = data.hours, days == 0, hours == 0 {
            problems.append(Catalogue.emptyTraining)
        }
        return problems
    }
}

/// Evaluates the guards of one proposed step. One method per guard kind; each returns a
/// `Check` that says what it found, what it required and, for time, the earliest passing day.
/// A class: one context serves every check of the step without being copied.
final class GuardContext {
    let engine: Engine
    let step: Step
    let date: CivilDate
    let data: EventData
    let history: History
    let organizations: OrganizationDirectory
    /// Only what an audit reports: a passing check that is not provisional is returned without
    /// its text (the text of the others is the same).
    let quiet: Bool
    /// The history's stage timeline, when the caller had it; else made when asked.
    let knownTimeline: StageTimeline?

    let workflow: Workflow
    let calendar: WorkingCalendar

    init(engine: Engine, step: Step, date: CivilDate, data: EventData, history: History, organizations: OrganizationDirectory,
         quiet: Bool = false, timeline: StageTimeline? = nil) {
        self.quiet = quiet
        knownTimeline = timeline
        self.engine = engine
        workflow = engine.workflow
        calendar = engine.calendar
        self.step = step
        self.date = date
        self.data = data
        self.history = history
        self.organizations = organizations
    }

    /// A check of the guard `guardID` under `rule`.
    ///
    /// A failing check passes under a waiver of its rule in force on the date only when its
    /// guard is marked `waivable: true` (the clause is worded "normally", 一般) and the clause
    /// that fails is the soft one (`clauseWaivable`: R17's 3 months may stretch to 6, never
    /// past 6). Ordering and data checks (`order.*`) are never waived.
    func check(
        rule: String, guardID: String, passed: Bool, found: @autoclosure () -> String, required: @autoclosure () -> String,
        earliest: CivilDate? = nil, provisional: Bool = false, clauseWaivable: Bool = true, problem: Check.Problem? = nil
    ) -> Check {
        let rule = problem == nil ? rule : Check.noRule
        if quiet, passed, !provisional {
            return Check(rule: rule, ruleName: "", basis: "", guardID: guardID, passed: true, found: "", required: "", earliest: nil, message: "")
        }
        let required = required()
        let definition = problem == nil ? workflow.rule(rule) : nil
        let guardWaivable = !guardID.hasPrefix("order.") && (workflow.guards(on: step.id).first { $0.id == guardID }?.waivable ?? false)
        let waivable = guardWaivable && clauseWaivable
        let name = problem?.name ?? definition?.name ?? rule
        // A failing check of a waivable clause passes under a waiver in force on the date.
        var passed = passed
        var found = found()
        var waiver: Event?
        if !passed, waivable, let granted = waiverInForce(for: rule) {
            passed = true
            waiver = granted
            found += Catalogue.waived(by: granted.data.approvedBy ?? "", on: granted.date, until: granted.data.until,
                                      reason: granted.data.reason ?? "", event: granted.id)
        }
        let citation = problem.map(Catalogue.problemCitation) ?? "\(rule) \(name)"
        var message = passed ? Catalogue.passedMessage(citation, found: found)
            : Catalogue.failedMessage(citation, found: found, required: required, earliest: earliest)
        if provisional { message += Catalogue.provisionalNote }
        return Check(
            rule: rule, ruleName: name, basis: problem?.basis ?? definition?.basis ?? "", guardID: guardID, passed: passed,
            found: found, required: required, earliest: passed ? nil : earliest, message: message,
            provisional: provisional, waivable: waivable, waiver: waiver?.id)
    }

    /// The latest waiver of a rule recorded for the person on or before the date and still in force.
    func waiverInForce(for rule: String) -> Event? {
        history.waiver(of: rule, inForceOn: date, workflow: workflow)
    }

    /// The step's first rule: what an ordering check would have cited. Ordering checks cite no
    /// rule (`Check.noRule`); it is passed along only for the quiet path's symmetry.
    var stepRule: String { step.rules.first ?? step.id }

    // MARK: - Ordering

    /// The stage a transition leaves, the stage a step belongs to, and the steps it requires.
    func orderChecks() -> [Check] {
        var checks: [Check] = []
        let timeline = knownTimeline ?? engine.timeline(history)
        let current = timeline.span(asOf: date)
        var currentName: String { current.map { Catalogue.stageSince(workflow.stageName($0.stage), $0.effectiveFrom) } ?? Catalogue.noStage }
        if let target = step.enters {
            if step.from.isEmpty {
                let earlier = history.first(step.id)
                let passed = current == nil && earlier == nil
                // An earlier application may be dated after this one: name it rather than the stage.
                var found: String {
                    passed ? Catalogue.noEarlier(step.name)
                        : earlier.map { Catalogue.alreadyRecorded(on: $0.date, event: $0.id) } ?? Catalogue.alreadyIn(currentName)
                }
                checks.append(check(rule: stepRule, guardID: "order.stage", passed: passed, found: found,
                                    required: Catalogue.recordedOnceFirst(step.name), problem: .ordering))
            } else {
                // A stage is entered once: a second transition fails even when backdated to a
                // day the person was still in the earlier stage.
                let entered = timeline.spans.first { $0.stage == target }
                // Nor may a transition be slipped in before one already recorded after its date.
                let later = timeline.spans.last { $0.enteredOn > date }
                let passed = entered == nil && later == nil && (current.map { step.from.contains($0.stage) } ?? false)
                var found: String {
                    if entered == nil, let later {
                        return Catalogue.laterStage(workflow.stageName(later.stage), from: later.enteredOn, event: later.eventID, after: date)
                    }
                    return entered.map { Catalogue.alreadyStage(workflow.stageName(target), since: $0.effectiveFrom, event: $0.eventID) } ?? currentName
                }
                checks.append(check(rule: stepRule, guardID: "order.stage", passed: passed,
                                    found: found,
                                    required: Catalogue.enteredFrom(workflow.stageName(target), step.from.map(workflow.stageName)),
                                    problem: .ordering))
            }
        } else if !step.during.isEmpty {
            let passed = current.map { step.during.contains($0.stage) } ?? false
            checks.append(check(rule: stepRule, guardID: "order.stage", passed: passed,
                                found: currentName, required: Catalogue.doneWhile(step.name, step.during.map(workflow.stageName)),
                                problem: .ordering))
        }
        if !step.repeatable, step.enters == nil, let earlier = history.first(step.id) {
            checks.append(check(rule: step.onceRule ?? stepRule, guardID: "order.once", passed: false,
                                found: Catalogue.alreadyRecorded(on: earlier.date, event: earlier.id),
                                required: Catalogue.recordedOnce(step.name),
                                problem: step.onceRule == nil ? .ordering : nil))
        }
        for required in step.requires {
            checks.append(recorded([required], result: nil, rule: stepRule, guardID: "order.requires", problem: .ordering))
        }
        if step.effect == .transfer, let code = data.organization {
            let from = engine.organizationID(of: history, asOf: date, organizations: organizations)
            let destination = organizations.organization(code: code)
            let passed = destination != nil && destination?.id != from
            var found: String {
                destination.map { $0.id == from ? Catalogue.alreadyAt($0.name, code: code) : Catalogue.organization($0.name, code: code) }
                    ?? Catalogue.noOrganization(code: code)
            }
            checks.append(check(rule: stepRule, guardID: "order.transfer", passed: passed, found: found,
                                required: Catalogue.anotherOrganization, problem: .data))
        }
        if step.effect == .waiver, let rule = data.rule {
            if let definition = workflow.rule(rule) {
                // A waiver lifts only the clauses worded "normally"; it is refused for a rule with none.
                let clauses = workflow.waivableClauses(of: rule)
                var found: String {
                    clauses.isEmpty ? Catalogue.notWaivable(rule, definition.name, workflow: workflow.id)
                        : Catalogue.waivableClauses(rule, definition.name, clauses)
                }
                checks.append(check(rule: rule, guardID: "order.waiver", passed: !clauses.isEmpty, found: found,
                                    required: Catalogue.waivableRule))
            } else {
                checks.append(check(rule: rule, guardID: "order.waiver", passed: false, found: Catalogue.noRule(rule, workflow: workflow.id),
                                    required: Catalogue.aRuleOfTheWorkflow, problem: .data))
            }
        }
        return checks
    }

    // MARK: - Guards

    func evaluate(_ guardDefinition: Guard) -> Check {
        let rule = guardDefinition.rule
        let id = guardDefinition.id
        switch guardDefinition.kind {
        case .stepRecorded(let steps, let result, let since):
            return recorded(steps, result: result, since: since, rule: rule, guardID: id)
        case .interval(let from, let to, let min, let max):
            return interval(from: from, to: to, min: min, max: max, rule: rule, guardID: id)
        case .age(let at, let min, let max):
            return age(at: at, min: min, max: max, rule: rule, guardID: id)
        case .people(let step, let min, let max):
            return people(step: step, min: min, max: max, rule: rule, guardID: id)
        case .training(let step, let minDays, let minHours):
            return training(step: step, minDays: minDays, minHours: minHours, rule: rule, guardID: id)
        case .review(let step, let validFor):
            return review(step: step, validFor: validFor, rule: rule, guardID: id)
        case .recommendation(let step, let under, let method):
            return recommendation(step: step, under: under, method: method, rule: rule, guardID: id)
        case .publicNotice(let step, let node, let min):
            return publicNotice(step: step, node: node, min: min, rule: rule, guardID: id)
        case .meetingVote(let step, let requirement):
            return meetingVote(step: step, requirement: requirement, rule: rule, guardID: id)
        case .approvalWindow(let from, let within, let atMost):
            return approvalWindow(from: from, within: within, atMost: atMost, rule: rule, guardID: id)
        case .approver:
            return approver(rule: rule, guardID: id)
        case .dataRange(let field, let min, let max):
            return dataRange(field: field, min: min, max: max, rule: rule, guardID: id)
        case .retryWait(let step, let wait):
            return retryWait(step: step, wait: wait, rule: rule, guardID: id)
        case .departure(let step, let within):
            return departure(step: step, within: within, rule: rule, guardID: id)
        case .heldBy(let roles):
            return heldBy(roles: roles, rule: rule, guardID: id)
        case .namedMembers(let stage, let notUnder):
            return namedMembers(stage: stage, notUnder: notUnder, rule: rule, guardID: id)
        case .namedFrom(let source):
            return namedFrom(source, rule: rule, guardID: id)
        case .roster:
            return roster(rule: rule, guardID: id)
        case .redo(let from, let after, let steps, let notice):
            return redo(from: from, after: after, steps: steps, notice: notice, rule: rule, guardID: id)
        }
    }

    /// A date reference resolved on the guarded date. Its label is written only when a text
    /// reads it, so that a check that passes quietly writes none.
    struct Resolved {
        let date: CivilDate?
        let reference: DateReference
        /// For a `procedure:` reference after a redo: when the lapsed procedure ran out.
        let redoneAfter: CivilDate?
        unowned let context: GuardContext

        var label: String {
            switch reference {
            case .guarded: return Catalogue.stepOn(context.step.name, context.date)
            case .birth: return Catalogue.birth
            case .probationEnd: return Catalogue.probationEnd
            case .step(let id, _): return context.workflow.nameOfStep(id)
            case .procedure(let id): return context.workflow.nameOfStep(id) + (redoneAfter.map { Catalogue.ofProcedureRedone(after: $0) } ?? "")
            }
        }
    }

    /// Resolves a date reference against the history as it stands on the guarded date.
    func resolve(_ reference: DateReference) -> Resolved {
        let resolved: CivilDate?
        var redoneAfter: CivilDate?
        switch reference {
        case .guarded:
            resolved = date
        case .birth:
            resolved = history.person.birthDate
        case .probationEnd:
            resolved = StageTimeline.probationEnd(history: history, workflow: workflow, through: date)
        case .step(let id, let latest):
            let event = latest ? history.latest(id, through: date) : history.first(id, through: date)
            resolved = event?.date
        case .procedure(let id):
            // After a redo, the procedure in force: its first occurrence after the lapse.
            let (event, after) = engine.procedureOccurrence(of: id, history: history, through: date)
            resolved = event?.date
            redoneAfter = after
        }
        return Resolved(date: resolved, reference: reference, redoneAfter: redoneAfter, context: self)
    }

    func recorded(_ steps: [String], result: StepResult?, since: DateReference? = nil, rule: String, guardID: String,
                  problem: Check.Problem? = nil) -> Check {
        // With `since`, only occurrences on or after that date count (答辩 after the approval).
        let start = since.map(resolve)
        if let start, start.date == nil {
            return check(rule: rule, guardID: guardID, passed: false, found: Catalogue.noneRecorded(start.label),
                         required: Catalogue.recordedAfter(steps.map { workflow.nameOfStep($0) }, start.label),
                         problem: problem)
        }
        let from = start?.date
        func counts(_ event: Event) -> Bool { (result == nil || event.data.result == result) && (from.map { event.date >= $0 } ?? true) }
        if quiet, steps.allSatisfy({ id in history.effective.contains { $0.step == id && $0.date <= date && counts($0) } }) {
            return check(rule: rule, guardID: guardID, passed: true, found: "", required: "", problem: problem)
        }
        var found: [String] = []
        var missing = 0
        var laterDates: [CivilDate] = []
        for id in steps {
            let name = workflow.nameOfStep(id)
            let occurrences = history.occurrences(of: id).filter(counts)
            if let event = occurrences.last(where: { $0.date <= date }) {
                found.append(Catalogue.stepOn(name, event.date))
                continue
            }
            missing += 1
            if let later = occurrences.first {
                found.append(Catalogue.stepAfter(name, on: later.date, after: date))
                laterDates.append(later.date)
            } else if let start, let other = history.latest(id, through: date) {
                found.append(Catalogue.stepBefore(name, on: other.date, before: start.label, start.date!))
            } else if let result, let other = history.latest(id, through: date) {
                found.append(Catalogue.stepWithoutResult(name, on: other.date, result))
            } else {
                found.append(Catalogue.no(name))
            }
        }
        let names = steps.map { workflow.nameOfStep($0) }
        // When every missing step is recorded later, the check passes from the latest of those dates.
        let earliest = missing > 0 && laterDates.count == missing ? laterDates.max() : nil
        return check(rule: rule, guardID: guardID, passed: missing == 0, found: Catalogue.parts(found),
                     required: Catalogue.recordedBy(names, result: result, since: start.map { ($0.label, $0.date!) }, through: date),
                     earliest: earliest, problem: problem)
    }

    func interval(from: DateReference, to: DateReference, min: Duration?, max: Duration?, rule: String, guardID: String) -> Check {
        let start = resolve(from)
        let end = resolve(to)
        var required: String {
            var requiredParts: [String] = []
            if let min { requiredParts.append(Catalogue.atLeast(Catalogue.duration(min))) }
            if let max { requiredParts.append(Catalogue.atMost(Catalogue.duration(max))) }
            return Catalogue.interval(requiredParts, from: start.label, to: end.label)
        }
        guard let startDate = start.date else {
            return check(rule: rule, guardID: guardID, passed: false, found: Catalogue.noneRecorded(start.label), required: required)
        }
        guard let endDate = end.date else {
            return check(rule: rule, guardID: guardID, passed: false, found: Catalogue.startNoEnd(start.label, startDate, end: end.label),
                         required: required)
        }
        var passed = true
        var earliest: CivilDate?
        var provisional = false
        var minimumDate: CivilDate?
        var maximumDate: CivilDate?
        if let min {
            let (minimum, isProvisional) = min.added(to: startDate, calendar: calendar)
            provisional = provisional || isProvisional
            minimumDate = minimum
            if endDate < minimum {
                passed = false
                if case .guarded = to { earliest = minimum }
            }
        }
        if let max {
            let (maximum, isProvisional) = max.added(to: startDate, calendar: calendar)
            provisional = provisional || isProvisional
            maximumDate = maximum
            if endDate > maximum {
                passed = false
                earliest = nil
            }
        }
        var found: String {
            let endText: String
            if case .guarded = to { endText = end.label } else { endText = Catalogue.stepOn(end.label, endDate) }
            let startText: String
            if case .guarded = from { startText = start.label } else { startText = Catalogue.stepOn(start.label, startDate) }
            return Catalogue.then(startText, endText)
        }
        return check(rule: rule, guardID: guardID, passed: passed, found: found,
                     required: Catalogue.withWindow(required, Catalogue.window(from: minimumDate, until: maximumDate)),
                     earliest: earliest, provisional: provisional)
    }

    func age(at reference: DateReference, min: Int?, max: Int?, rule: String, guardID: String) -> Check {
        let at = resolve(reference)
        var required: String { Catalogue.ageRequired(min: min, max: max, at: at.label) }
        guard let birth = history.person.birthDate else {
            return check(rule: rule, guardID: guardID, passed: false, found: Catalogue.noBirthDate, required: required)
        }
        guard let atDate = at.date else {
            return check(rule: rule, guardID: guardID, passed: false, found: Catalogue.noneRecorded(at.label), required: required)
        }
        let years = birth.fullYears(until: atDate)
        var passed = true
        var earliest: CivilDate?
        if let min, years < min {
            passed = false
            if case .guarded = reference { earliest = birth.adding(years: min) }
        }
        if let max, years > max { passed = false }
        return check(rule: rule, guardID: guardID, passed: passed,
                     found: Catalogue.age(years, on: atDate, born: birth), required: required, earliest: earliest)
    }

    func people(step id: String, min: Int?, max: Int?, rule: String, guardID: String) -> Check {
        var name: String { workflow.nameOfStep(id) }
        var required: String { Catalogue.peopleRequired(name, min: min, max: max) }
        guard let event = history.latest(id, through: date) else {
            return check(rule: rule, guardID: guardID, passed: false, found: Catalogue.noneRecorded(name), required: required)
        }
        var seen: Set<String> = []
        let names = (event.data.names ?? []).filter { seen.insert($0).inserted }
        let count = names.count
        let passed = (min.map { count >= $0 } ?? true) && (max.map { count <= $0 } ?? true)
        return check(rule: rule, guardID: guardID, passed: passed,
                     found: Catalogue.peopleNamed(count, on: event.date, names), required: required)
    }

    func training(step id: String, minDays: Int?, minHours: Int?, rule: String, guardID: String) -> Check {
        var name: String { workflow.nameOfStep(id) }
        let sessions = history.occurrences(of: id, through: date)
        var required: String { Catalogue.trainingRequired(name, minDays: minDays, minHours: minHours) }
        for session in sessions {
            if let refused = outOfRange(session, name: name, rule: rule, guardID: guardID, required: required) {
                return refused
            }
        }
        let days = sessions.map { $0.data.days ?? 0 }.saturatingSum()
        let hours = sessions.map { $0.data.hours ?? 0 }.saturatingSum()
        let passed = (minDays.map { days >= $0 } ?? false) || (minHours.map { hours >= $0 } ?? false)
        var found: String { sessions.isEmpty ? Catalogue.noneRecorded(name) : Catalogue.trainingFound(days: days, hours: hours, sessions: sessions.count) }
        return check(rule: rule, guardID: guardID, passed: passed, found: found, required: required)
    }

    func review(step id: String, validFor: Duration?, rule: String, guardID: String) -> Check {
        var name: String { workflow.nameOfStep(id) }
        var required: String { Catalogue.reviewRequired(name, validFor: validFor, before: date) }
        guard let event = history.latest(id, through: date) else {
            return check(rule: rule, guardID: guardID, passed: false, found: Catalogue.noneRecorded(name), required: required)
        }
        guard event.data.result == .pass else {
            return check(rule: rule, guardID: guardID, passed: false, found: Catalogue.notPassed(name, on: event.date), required: required)
        }
        if let validFor {
            let (until, provisional) = validFor.added(to: event.date, calendar: calendar)
            let passed = date <= until
            return check(rule: rule, guardID: guardID, passed: passed,
                         found: Catalogue.passed(on: event.date, validUntil: until), required: required, provisional: provisional)
        }
        return check(rule: rule, guardID: guardID, passed: true, found: Catalogue.passed(on: event.date, validUntil: nil), required: required)
    }

    func recommendation(step id: String, under: Int, method: String?, rule: String, guardID: String) -> Check {
        var name: String { workflow.nameOfStep(id) }
        var methodName: String { method.map { $0 == "league" ? "团组织推优" : "党员推荐" } ?? name }
        var required: String { Catalogue.recommendationRequired(under: under, methodName, before: step.name) }
        guard history.person.leagueMember else {
            return check(rule: rule, guardID: guardID, passed: true, found: Catalogue.notLeagueMember, required: required)
        }
        guard let birth = history.person.birthDate else {
            return check(rule: rule, guardID: guardID, passed: false, found: Catalogue.leagueMemberNoBirthDate, required: required)
        }
        let years = birth.fullYears(until: date)
        guard years < under else {
            return check(rule: rule, guardID: guardID, passed: true, found: Catalogue.leagueMemberAged(years), required: required)
        }
        let matching = history.occurrences(of: id, through: date).filter { method == nil || $0.data.method == method }
        if let event = matching.last {
            return check(rule: rule, guardID: guardID, passed: true, found: Catalogue.stepOn(methodName, event.date), required: required)
        }
        return check(rule: rule, guardID: guardID, passed: false, found: Catalogue.leagueMemberWithout(years, methodName), required: required)
    }

    func publicNotice(step id: String, node: String, min: Duration, rule: String, guardID: String) -> Check {
        var nodeName: String { workflow.noticeNodes.first { $0.id == node }?.name ?? node }
        var required: String { Catalogue.noticeRequired(nodeName, min: min, before: step.name, on: date) }
        let notices = history.occurrences(of: id).filter { $0.data.node == node && $0.date <= date }
        guard let notice = notices.last, let from = notice.data.from, let to = notice.data.to else {
            return check(rule: rule, guardID: guardID, passed: false, found: Catalogue.noNotice(nodeName), required: required)
        }
        let length = min.isCovered(from: from, through: to, calendar: calendar)
        let objections = notice.data.objections ?? 0
        let ended = to < date
        var problems: [String] {
            var problems: [String] = []
            if !length.covered { problems.append(Catalogue.only(length.length)) }
            if !ended { problems.append(Catalogue.noticeEnds(to, notBefore: date)) }
            if objections > 0 { problems.append(Catalogue.objections(objections)) }
            return problems
        }
        let passed = length.covered && ended && objections <= 0
        var found: String { Catalogue.notice(from: from, to: to, length: length.length, problems: passed ? [] : problems) }
        let earliest: CivilDate? = (length.covered && objections == 0 && !ended) ? to.adding(days: 1) : nil
        return check(rule: rule, guardID: guardID, passed: passed, found: found, required: required,
                     earliest: earliest, provisional: length.provisional)
    }

    func meetingVote(step id: String, requirement: VoteRequirement, rule: String, guardID: String) -> Check {
        var name: String { workflow.nameOfStep(id) }
        // An approval recorded before the committee's vote was kept (R17): not judged; every
        // approval recorded since carries it (`committee_vote` data, required at recording).
        if id == step.id, step.data.contains(.committeeVote), !data.hasVote {
            return check(rule: rule, guardID: guardID, passed: true,
                         found: Catalogue.committeeVoteNotKept,
                         required: Catalogue.committeeVoteRequired)
        }
        // A step that is itself the vote (an extension, a cancellation) is judged on its own data.
        let meeting = id == step.id
            ? Event(id: 0, personID: history.person.id, step: id, date: date, recordedAt: "", recordedBy: "", data: data, workflowVersion: 0)
            : history.latest(id, through: date)
        guard let meeting else {
            var required: String {
                switch requirement {
                case .quorum: return Catalogue.quorumRequired(name)
                case .majority: return Catalogue.majorityRequired(name)
                case .minimumVoters(let n): return Catalogue.minimumVotersRequired(name, n)
                }
            }
            return check(rule: rule, guardID: guardID, passed: false, found: Catalogue.noneRecorded(name), required: required)
        }
        if let refused = outOfRange(meeting, name: name, rule: rule, guardID: guardID, required: Catalogue.countsInRange(name)) {
            return refused
        }
        let expected = meeting.data.expected ?? 0
        let present = meeting.data.present ?? 0
        let votesFor = meeting.data.votesFor ?? 0
        let writtenFor = meeting.data.writtenFor ?? 0
        let needed = expected / 2 + 1
        switch requirement {
        case .quorum:
            return check(rule: rule, guardID: guardID, passed: present.saturatingMultiplied(by: 2) > expected,
                         found: Catalogue.quorumFound(name, on: meeting.date, expected: expected, present: present),
                         required: Catalogue.quorumNeeded(needed, of: expected))
        case .majority:
            let total = votesFor.saturatingAdding(writtenFor)
            var detail: String { writtenFor > 0 ? "赞成 \(votesFor) + 书面赞成 \(writtenFor) = \(total)" : "赞成 \(votesFor)" }
            return check(rule: rule, guardID: guardID, passed: total.saturatingMultiplied(by: 2) > expected,
                         found: Catalogue.majorityFound(name, on: meeting.date, detail, expected: expected, present: present),
                         required: Catalogue.majorityNeeded(needed, of: expected))
        case .minimumVoters(let minimum):
            return check(rule: rule, guardID: guardID, passed: expected >= minimum,
                         found: Catalogue.votersFound(name, on: meeting.date, expected: expected),
                         required: Catalogue.branchOfAtLeast(minimum))
        }
    }

    /// A failing check for an event whose numbers lie outside their range (`Bounds`): a database
    /// filled by an older version may hold them, and no verdict can rest on them until the event
    /// is corrected.
    func outOfRange(_ event: Event, name: String, rule: String, guardID: String, required: @autoclosure () -> String) -> Check? {
        let problems = event.data.boundProblems
        guard !problems.isEmpty else { return nil }
        let which = event.id == 0 ? Catalogue.stepOn(name, event.date) : Catalogue.stepOn(name, event.date, event: event.id)
        return check(rule: rule, guardID: guardID, passed: false,
                     found: Catalogue.outOfRange(which, problems),
                     required: required())
    }

    func approvalWindow(from reference: DateReference, within: Duration, atMost: Duration?, rule: String, guardID: String) -> Check {
        let start = resolve(reference)
        func required(by limit: CivilDate? = nil, extended: CivilDate? = nil) -> String {
            Catalogue.approvalWindowRequired(step.name, within: within, of: start.label, atMost: atMost, by: limit, extended: extended)
        }
        guard let startDate = start.date else {
            return check(rule: rule, guardID: guardID, passed: false, found: Catalogue.noneRecorded(start.label), required: required())
        }
        let (limit, provisional) = within.added(to: startDate, calendar: calendar)
        var found: String { Catalogue.then(Catalogue.stepOn(start.label, startDate), Catalogue.stepOn(step.name, date)) }
        if date < startDate {
            return check(rule: rule, guardID: guardID, passed: false, found: found + Catalogue.beforeIt, required: required(by: limit))
        }
        if date <= limit {
            return check(rule: rule, guardID: guardID, passed: true, found: found, required: required(by: limit), provisional: provisional)
        }
        if let atMost {
            let (extended, _) = atMost.added(to: startDate, calendar: calendar)
            if date <= extended {
                if let reason = data.reason, !reason.isEmpty {
                    return check(rule: rule, guardID: guardID, passed: true, found: found + Catalogue.lateWithReason(reason),
                                 required: required(by: limit, extended: extended))
                }
                // The special case (3 → 6 months): a waiver in force may stand for the reason.
                return check(rule: rule, guardID: guardID, passed: false, found: found + Catalogue.afterWithNoReason(limit),
                             required: required(by: limit, extended: extended))
            }
            // Past the cap: mandatory, whatever a waiver says.
            return check(rule: rule, guardID: guardID, passed: false, found: found + Catalogue.afterTheMost(extended),
                         required: required(by: limit, extended: extended), provisional: provisional, clauseWaivable: false)
        }
        return check(rule: rule, guardID: guardID, passed: false, found: found + Catalogue.tooLate, required: required(by: limit),
                     provisional: provisional)
    }

    func approver(rule: String, guardID: String) -> Check {
        var required: String { Catalogue.approvedByAuthority }
        let organization: Organization?
        if let code = data.approver {
            guard let named = organizations.organization(code: code) else {
                return check(rule: rule, guardID: guardID, passed: false, found: Catalogue.noOrganization(code: code), required: required)
            }
            organization = named
        } else {
            organization = organizations.approver(for: engine.organizationID(of: history, asOf: date, organizations: organizations))
        }
        guard let organization else {
            return check(rule: rule, guardID: guardID, passed: false, found: Catalogue.noApprovingCommittee, required: required)
        }
        let passed = organization.kind == .committee && organization.canApprove
        return check(rule: rule, guardID: guardID, passed: passed, found: Catalogue.approverFound(organization), required: required)
    }

    /// R12: someone expected to leave the unit within `within` of the guarded date is normally
    /// not admitted. The latest expected departure recorded by the date counts (a later record
    /// replaces an earlier estimate); none recorded: nothing known, the check passes.
    func departure(step id: String, within: Duration, rule: String, guardID: String) -> Check {
        var name: String { workflow.nameOfStep(id) }
        let (limit, provisional) = within.added(to: date, calendar: calendar)
        var required: String { Catalogue.departureRequired(within: within, of: step.name, on: date, after: limit) }
        guard let event = history.occurrences(of: id, through: date).last(where: { $0.data.leavingOn != nil }),
              let leaving = event.data.leavingOn else {
            return check(rule: rule, guardID: guardID, passed: true, found: Catalogue.noneRecorded(name), required: required)
        }
        let passed = leaving > limit
        return check(rule: rule, guardID: guardID, passed: passed,
                     found: Catalogue.leaving(name, on: event.date, leaving: leaving, alreadyLeft: passed ? nil : leaving < date, within: within),
                     required: required, provisional: provisional)
    }

    /// R5 and R9: the people a step names. Those Fazhan knows (`members`, named by number) are
    /// judged on their own histories by the service, which reads them; here, the others: named
    /// without a statement vouching for them, they cannot be judged, and the step is refused.
    func namedMembers(stage: String, notUnder: String?, rule: String, guardID: String) -> Check {
        let names = data.names ?? []
        let known = Set(data.members ?? [])
        let outside = max(0, names.count - known.count)
        var required: String {
            Catalogue.namedMembersRequired(Catalogue.namedStatus(workflow.stageName(stage), notUnder: notUnder.map(workflow.stepName)))
        }
        guard outside > 0 else {
            return check(rule: rule, guardID: guardID, passed: true,
                         found: names.isEmpty ? Catalogue.noOneNamed : Catalogue.allFromRegister(known.count),
                         required: required)
        }
        let statement = (data.statement ?? "").trimmingCharacters(in: .whitespaces)
        return check(rule: rule, guardID: guardID, passed: !statement.isEmpty,
                     found: Catalogue.outsideRegister(outside, statement: statement),
                     required: required, clauseWaivable: false)
    }

    /// R9 "normally the mentors": everyone this step names was named by `source` (its latest
    /// record on or before the date), by name (a person named from the register carries the
    /// register's name).
    func namedFrom(_ source: String, rule: String, guardID: String) -> Check {
        var sourceName: String { workflow.stepName(source) }
        var required: String { Catalogue.amongThoseOf(sourceName) }
        let names = data.names ?? []
        guard !names.isEmpty else { return check(rule: rule, guardID: guardID, passed: true, found: Catalogue.noOneNamed, required: required) }
        guard let earlier = history.latest(source, through: date) else {
            return check(rule: rule, guardID: guardID, passed: false, found: Catalogue.noneRecorded(sourceName), required: required)
        }
        let earlierNames = Set(earlier.data.names ?? [])
        // Named from the register, a person's name is the register's, as it was for the mentors.
        let outside = Array(Set(names.filter { !earlierNames.contains($0) })).sorted()
        return check(rule: rule, guardID: guardID, passed: outside.isEmpty,
                     found: outside.isEmpty ? Catalogue.namedOf(names, sourceName, on: earlier.date)
                         : Catalogue.notAmong(outside, sourceName, earlier.data.names ?? []),
                     required: required)
    }

    /// R16: who held the talk, and in which role. A talk recorded before who held it was kept
    /// (no `heldBy` in its data) is not judged: the record says so and the check passes, since
    /// nothing recorded shows the rule broken; every talk recorded since must name who held it.
    func heldBy(roles: [TalkRole], rule: String, guardID: String) -> Check {
        var required: String { Catalogue.heldByRequired(step.name, roles) }
        guard let holder = data.heldBy, !holder.isEmpty else {
            return check(rule: rule, guardID: guardID, passed: true, found: Catalogue.holderNotKept, required: required)
        }
        guard let text = data.heldByRole, let role = TalkRole(rawValue: text) else {
            return check(rule: rule, guardID: guardID, passed: false, found: Catalogue.heldByNoRole(holder), required: required)
        }
        return check(rule: rule, guardID: guardID, passed: roles.contains(role), found: Catalogue.heldBy(holder, role),
                     required: required)
    }

    /// R13: only full members vote, so a meeting's 应到 is at most the full members recorded for
    /// the branch holding the person on its date. With no count recorded for that branch (Fazhan
    /// holds only the people in development), not judged: the check passes and says so.
    func roster(rule: String, guardID: String) -> Check {
        let branchID = engine.organizationID(of: history, asOf: date, organizations: organizations)
        let branch = organizations.byID[branchID]
        let code = branch?.code ?? "?"
        var label: String { branch.map { Catalogue.organization($0.name, code: $0.code) } ?? Catalogue.theBranch }
        var required: String { Catalogue.rosterRequired(label, on: date) }
        guard let expected = data.expected else {
            return check(rule: rule, guardID: guardID, passed: true, found: Catalogue.noExpectedRecorded, required: required)
        }
        guard let count = engine.roster.count(of: code, on: date) else {
            return check(rule: rule, guardID: guardID, passed: true,
                         found: Catalogue.noFullMemberCount(expected: expected, label, by: date), required: required)
        }
        return check(rule: rule, guardID: guardID, passed: expected <= count.fullMembers,
                     found: Catalogue.fullMemberCount(expected: expected, label, count: count.fullMembers, from: count.effectiveOn),
                     required: required)
    }
}

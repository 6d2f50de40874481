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

    let workflow: Workflow
    let calendar: WorkingCalendar

    init(engine: Engine, step: Step, date: CivilDate, data: EventData, history: History, organizations: OrganizationDirectory,
         quiet: Bool = false) {
        self.quiet = quiet
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
            found += "; waived: \(granted.data.approvedBy ?? "") on \(granted.date)"
                + (granted.data.until.map { " until \($0)" } ?? "") + " (\(granted.data.reason ?? ""), event #\(granted.id))"
        }
        var message: String
        let citation = problem.map { "\($0.name)（\($0 == .ordering ? "顺序问题，不是规则" : "数据问题，不是规则")）" } ?? "\(rule) \(name)"
        if passed {
            message = "\(citation): \(found)"
        } else {
            message = "\(citation): found \(found); required \(required)"
            if let earliest { message += "; can pass from \(earliest)" }
        }
        if provisional { message += " (provisional: no working-day calendar for part of the period)" }
        return Check(
            rule: rule, ruleName: name, basis: problem?.basis ?? definition?.basis ?? "", guardID: guardID, passed: passed,
            found: found, required: required, earliest: passed ? nil : earliest, message: message,
            provisional: provisional, waivable: waivable, waiver: waiver?.id)
    }

    /// The latest waiver of a rule recorded for the person on or before the date and still in force.
    func waiverInForce(for rule: String) -> Event? {
        let steps = workflow.steps(with: .waiver).map(\.id)
        return history.effective.last {
            steps.contains($0.step) && $0.data.rule == rule && $0.date <= date && ($0.data.until.map { date <= $0 } ?? true)
        }
    }

    /// The step's first rule: what an ordering check would have cited. Ordering checks cite no
    /// rule (`Check.noRule`); it is passed along only for the quiet path's symmetry.
    var stepRule: String { step.rules.first ?? step.id }

    // MARK: - Ordering

    /// The stage a transition leaves, the stage a step belongs to, and the steps it requires.
    func orderChecks() -> [Check] {
        var checks: [Check] = []
        let timeline = engine.timeline(history)
        let current = timeline.span(asOf: date)
        var currentName: String { current.map { "\(workflow.stageName($0.stage)) since \($0.effectiveFrom)" } ?? "no stage (no application recorded)" }
        if let target = step.enters {
            if step.from.isEmpty {
                let earlier = history.first(step.id)
                let passed = current == nil && earlier == nil
                // An earlier application may be dated after this one: name it rather than the stage.
                var found: String {
                    passed ? "no earlier \(step.name)"
                        : earlier.map { "already recorded on \($0.date) (event #\($0.id))" } ?? "already \(currentName)"
                }
                checks.append(check(rule: stepRule, guardID: "order.stage", passed: passed, found: found,
                                    required: "\(step.name) is recorded once, as the first step", problem: .ordering))
            } else {
                // A stage is entered once: a second transition fails even when backdated to a
                // day the person was still in the earlier stage.
                let entered = timeline.spans.first { $0.stage == target }
                // Nor may a transition be slipped in before one already recorded after its date.
                let later = timeline.spans.last { $0.enteredOn > date }
                let passed = entered == nil && later == nil && (current.map { step.from.contains($0.stage) } ?? false)
                var fromNames: String { step.from.map(workflow.stageName).joined(separator: " or ") }
                var found: String {
                    if entered == nil, let later {
                        return "\(workflow.stageName(later.stage)) already recorded from \(later.enteredOn) (event #\(later.eventID)), after \(date)"
                    }
                    return entered.map { "already \(workflow.stageName(target)) since \($0.effectiveFrom) (event #\($0.eventID))" } ?? currentName
                }
                checks.append(check(rule: stepRule, guardID: "order.stage", passed: passed,
                                    found: found,
                                    required: "\(workflow.stageName(target)) is entered from \(fromNames)", problem: .ordering))
            }
        } else if !step.during.isEmpty {
            let passed = current.map { step.during.contains($0.stage) } ?? false
            var names: String { step.during.map(workflow.stageName).joined(separator: " or ") }
            checks.append(check(rule: stepRule, guardID: "order.stage", passed: passed,
                                found: currentName, required: "\(step.name) is done while \(names)", problem: .ordering))
        }
        if !step.repeatable, step.enters == nil, let earlier = history.first(step.id) {
            checks.append(check(rule: step.onceRule ?? stepRule, guardID: "order.once", passed: false,
                                found: "already recorded on \(earlier.date) (event #\(earlier.id))",
                                required: "\(step.name) is recorded once; correct the earlier event instead",
                                problem: step.onceRule == nil ? .ordering : nil))
        }
        for required in step.requires {
            checks.append(recorded([required], result: nil, rule: stepRule, guardID: "order.requires", problem: .ordering))
        }
        if step.effect == .transfer, let code = data.organization {
            let from = engine.organizationID(of: history, asOf: date, organizations: organizations)
            let destination = organizations.organization(code: code)
            let passed = destination != nil && destination?.id != from
            let found = destination.map { $0.id == from ? "already at \($0.name) (\(code))" : "\($0.name) (\(code))" }
                ?? "no organization with code \(code)"
            checks.append(check(rule: stepRule, guardID: "order.transfer", passed: passed, found: found,
                                required: "a registered organization other than the person's own", problem: .data))
        }
        if step.effect == .waiver, let rule = data.rule {
            if let definition = workflow.rule(rule) {
                // A waiver lifts only the clauses worded "normally"; it is refused for a rule with none.
                let clauses = workflow.waivableClauses(of: rule)
                let found = clauses.isEmpty
                    ? "\(rule) \(definition.name): no clause worded \"normally\" (一般) in \(workflow.id), every clause is mandatory: it cannot be waived"
                    : "\(rule) \(definition.name), waivable clauses: \(clauses.joined(separator: ", ")) (the other clauses stay mandatory)"
                checks.append(check(rule: rule, guardID: "order.waiver", passed: !clauses.isEmpty, found: found,
                                    required: "a rule with a clause the regulations word as \"normally\" (一般)"))
            } else {
                checks.append(check(rule: rule, guardID: "order.waiver", passed: false, found: "no rule \(rule) in \(workflow.id)",
                                    required: "a rule id of the workflow", problem: .data))
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

    /// Resolves a date reference against the history as it stands on the guarded date.
    func resolve(_ reference: DateReference) -> (date: CivilDate?, label: String) {
        switch reference {
        case .guarded:
            return (date, "\(step.name) on \(date)")
        case .birth:
            return (history.person.birthDate, "birth")
        case .probationEnd:
            return (StageTimeline.probationEnd(history: history, workflow: workflow, through: date), "the end of probation")
        case .step(let id, let latest):
            let event = latest ? history.latest(id, through: date) : history.first(id, through: date)
            return (event?.date, workflow.nameOfStep(id))
        case .procedure(let id):
            // After a redo, the procedure in force: its first occurrence after the lapse.
            let (event, after) = engine.procedureOccurrence(of: id, history: history, through: date)
            return (event?.date, workflow.nameOfStep(id) + (after.map { " of the procedure redone after \($0)" } ?? ""))
        }
    }

    func recorded(_ steps: [String], result: StepResult?, since: DateReference? = nil, rule: String, guardID: String,
                  problem: Check.Problem? = nil) -> Check {
        // With `since`, only occurrences on or after that date count (答辩 after the approval).
        let start = since.map(resolve)
        if let start, start.date == nil {
            return check(rule: rule, guardID: guardID, passed: false, found: "no \(start.label) recorded",
                         required: "\(steps.map { workflow.nameOfStep($0) }.joined(separator: ", ")) recorded after \(start.label)",
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
                found.append("\(name) on \(event.date)")
                continue
            }
            missing += 1
            if let later = occurrences.first {
                found.append("\(name) on \(later.date), after \(date)")
                laterDates.append(later.date)
            } else if let start, let other = history.latest(id, through: date) {
                found.append("\(name) on \(other.date), before \(start.label) (\(start.date!))")
            } else if let result, let other = history.latest(id, through: date) {
                found.append("\(name) on \(other.date) without the result \(result.rawValue)")
            } else {
                found.append("no \(name)")
            }
        }
        let suffix = (result.map { " with result \($0.rawValue)" } ?? "") + (start.map { " on or after \($0.label) (\($0.date!))" } ?? "")
        let names = steps.map { workflow.nameOfStep($0) }.joined(separator: ", ")
        // When every missing step is recorded later, the check passes from the latest of those dates.
        let earliest = missing > 0 && laterDates.count == missing ? laterDates.max() : nil
        return check(rule: rule, guardID: guardID, passed: missing == 0, found: found.joined(separator: "; "),
                     required: "\(names) recorded\(suffix) on or before \(date)", earliest: earliest, problem: problem)
    }

    func interval(from: DateReference, to: DateReference, min: Duration?, max: Duration?, rule: String, guardID: String) -> Check {
        let start = resolve(from)
        let end = resolve(to)
        var required: String {
            var requiredParts: [String] = []
            if let min { requiredParts.append("at least \(min)") }
            if let max { requiredParts.append("at most \(max)") }
            return "\(requiredParts.joined(separator: " and ")) from \(start.label) to \(end.label)"
        }
        guard let startDate = start.date else {
            return check(rule: rule, guardID: guardID, passed: false, found: "no \(start.label) recorded", required: required)
        }
        guard let endDate = end.date else {
            return check(rule: rule, guardID: guardID, passed: false, found: "\(start.label) on \(startDate); no \(end.label)", required: required)
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
            if case .guarded = to { endText = end.label } else { endText = "\(end.label) on \(endDate)" }
            let startText: String
            if case .guarded = from { startText = start.label } else { startText = "\(start.label) on \(startDate)" }
            return "\(startText), \(endText)"
        }
        var limits: [String] {
            (minimumDate.map { ["from \($0)"] } ?? []) + (maximumDate.map { ["until \($0)"] } ?? [])
        }
        return check(rule: rule, guardID: guardID, passed: passed, found: found,
                     required: "\(required) (\(limits.joined(separator: ", ")))", earliest: earliest, provisional: provisional)
    }

    func age(at reference: DateReference, min: Int?, max: Int?, rule: String, guardID: String) -> Check {
        let at = resolve(reference)
        var required: String {
            var requiredParts: [String] = []
            if let min { requiredParts.append("at least \(min) full years") }
            if let max { requiredParts.append("at most \(max)") }
            return "age \(requiredParts.joined(separator: " and ")) on \(at.label)"
        }
        guard let birth = history.person.birthDate else {
            return check(rule: rule, guardID: guardID, passed: false, found: "no birth date recorded for the person", required: required)
        }
        guard let atDate = at.date else {
            return check(rule: rule, guardID: guardID, passed: false, found: "no \(at.label) recorded", required: required)
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
                     found: "\(years) years on \(atDate) (born \(birth))", required: required, earliest: earliest)
    }

    func people(step id: String, min: Int?, max: Int?, rule: String, guardID: String) -> Check {
        var name: String { workflow.nameOfStep(id) }
        var required: String {
            if let min, let max { return min == max ? "exactly \(min) named in \(name)" : "\(min) to \(max) named in \(name)" }
            else if let min { return "at least \(min) named in \(name)" }
            else { return "at most \(max ?? 0) named in \(name)" }
        }
        guard let event = history.latest(id, through: date) else {
            return check(rule: rule, guardID: guardID, passed: false, found: "no \(name) recorded", required: required)
        }
        var seen: Set<String> = []
        let names = (event.data.names ?? []).filter { seen.insert($0).inserted }
        let count = names.count
        let passed = (min.map { count >= $0 } ?? true) && (max.map { count <= $0 } ?? true)
        return check(rule: rule, guardID: guardID, passed: passed,
                     found: "\(count) on \(event.date)" + (names.isEmpty ? "" : " (\(names.joined(separator: "、")))"), required: required)
    }

    func training(step id: String, minDays: Int?, minHours: Int?, rule: String, guardID: String) -> Check {
        var name: String { workflow.nameOfStep(id) }
        let sessions = history.occurrences(of: id, through: date)
        var options: [String] {
            var options: [String] = []
            if let minDays { options.append("at least \(minDays) days") }
            if let minHours { options.append("at least \(minHours) class hours") }
            return options
        }
        for session in sessions {
            if let refused = outOfRange(session, name: name, rule: rule, guardID: guardID, required: "\(name) of \(options.joined(separator: " or "))") {
                return refused
            }
        }
        let days = sessions.map { $0.data.days ?? 0 }.saturatingSum()
        let hours = sessions.map { $0.data.hours ?? 0 }.saturatingSum()
        let passed = (minDays.map { days >= $0 } ?? false) || (minHours.map { hours >= $0 } ?? false)
        var found: String { sessions.isEmpty ? "no \(name) recorded" : "\(days) days, \(hours) class hours in \(sessions.count) session(s)" }
        return check(rule: rule, guardID: guardID, passed: passed, found: found,
                     required: "\(name) of \(options.joined(separator: " or "))")
    }

    func review(step id: String, validFor: Duration?, rule: String, guardID: String) -> Check {
        var name: String { workflow.nameOfStep(id) }
        var required: String { "\(name) passed" + (validFor.map { ", within \($0) before \(date)" } ?? "") }
        guard let event = history.latest(id, through: date) else {
            return check(rule: rule, guardID: guardID, passed: false, found: "no \(name) recorded", required: required)
        }
        guard event.data.result == .pass else {
            return check(rule: rule, guardID: guardID, passed: false, found: "\(name) on \(event.date): not passed", required: required)
        }
        if let validFor {
            let (until, provisional) = validFor.added(to: event.date, calendar: calendar)
            let passed = date <= until
            return check(rule: rule, guardID: guardID, passed: passed,
                         found: "passed on \(event.date), valid until \(until)", required: required, provisional: provisional)
        }
        return check(rule: rule, guardID: guardID, passed: true, found: "passed on \(event.date)", required: required)
    }

    func recommendation(step id: String, under: Int, method: String?, rule: String, guardID: String) -> Check {
        var name: String { workflow.nameOfStep(id) }
        var methodName: String { method.map { $0 == "league" ? "团组织推优" : "党员推荐" } ?? name }
        var required: String { "a League member under \(under) needs \(methodName) before \(step.name)" }
        guard history.person.leagueMember else {
            return check(rule: rule, guardID: guardID, passed: true, found: "not a League member; does not apply", required: required)
        }
        guard let birth = history.person.birthDate else {
            return check(rule: rule, guardID: guardID, passed: false, found: "a League member with no birth date recorded", required: required)
        }
        let years = birth.fullYears(until: date)
        guard years < under else {
            return check(rule: rule, guardID: guardID, passed: true, found: "League member aged \(years); does not apply", required: required)
        }
        let matching = history.occurrences(of: id, through: date).filter { method == nil || $0.data.method == method }
        if let event = matching.last {
            return check(rule: rule, guardID: guardID, passed: true, found: "\(methodName) on \(event.date)", required: required)
        }
        return check(rule: rule, guardID: guardID, passed: false, found: "League member aged \(years), no \(methodName) recorded", required: required)
    }

    func publicNotice(step id: String, node: String, min: Duration, rule: String, guardID: String) -> Check {
        var nodeName: String { workflow.noticeNodes.first { $0.id == node }?.name ?? node }
        var required: String { "a 公示 (\(nodeName)) of at least \(min), ended before \(step.name) on \(date), no unresolved objection" }
        let notices = history.occurrences(of: id).filter { $0.data.node == node && $0.date <= date }
        guard let notice = notices.last, let from = notice.data.from, let to = notice.data.to else {
            return check(rule: rule, guardID: guardID, passed: false, found: "no 公示 (\(nodeName)) recorded", required: required)
        }
        let length = min.isCovered(from: from, through: to, calendar: calendar)
        let objections = notice.data.objections ?? 0
        let ended = to < date
        var problems: [String] {
            var problems: [String] = []
            if !length.covered { problems.append("only \(length.length)") }
            if !ended { problems.append("ends \(to), not before \(date)") }
            if objections > 0 { problems.append("\(objections) unresolved objection(s)") }
            return problems
        }
        let passed = length.covered && ended && objections <= 0
        var found: String { "公示 \(from) to \(to): \(length.length)" + (passed ? "" : "; " + problems.joined(separator: "; ")) }
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
                         found: "no committee vote recorded (recorded before the committee's vote was kept): not judged",
                         required: "the committee's vote on this person: (赞成 + 书面赞成) × 2 > 应到")
        }
        // A step that is itself the vote (an extension, a cancellation) is judged on its own data.
        let meeting = id == step.id
            ? Event(id: 0, personID: history.person.id, step: id, date: date, recordedAt: "", recordedBy: "", data: data, workflowVersion: 0)
            : history.latest(id, through: date)
        guard let meeting else {
            let required: String
            switch requirement {
            case .quorum: required = "\(name) with 实到 × 2 > 应到"
            case .majority: required = "\(name) with (赞成 + 书面赞成) × 2 > 应到"
            case .minimumVoters(let n): required = "\(name) of a branch with at least \(n) full members"
            }
            return check(rule: rule, guardID: guardID, passed: false, found: "no \(name) recorded", required: required)
        }
        if let refused = outOfRange(meeting, name: name, rule: rule, guardID: guardID, required: "\(name) with counts within their range") {
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
                         found: "\(name) on \(meeting.date): 应到 \(expected), 实到 \(present)",
                         required: "实到 × 2 > 应到: at least \(needed) of \(expected) present")
        case .majority:
            let total = votesFor.saturatingAdding(writtenFor)
            let detail = writtenFor > 0 ? "赞成 \(votesFor) + 书面赞成 \(writtenFor) = \(total)" : "赞成 \(votesFor)"
            return check(rule: rule, guardID: guardID, passed: total.saturatingMultiplied(by: 2) > expected,
                         found: "\(name) on \(meeting.date): \(detail) of 应到 \(expected) (实到 \(present))",
                         required: "(赞成 + 书面赞成) × 2 > 应到: at least \(needed) of the \(expected) who should attend, not of those present")
        case .minimumVoters(let minimum):
            return check(rule: rule, guardID: guardID, passed: expected >= minimum,
                         found: "\(name) on \(meeting.date): \(expected) full members with a vote (应到)",
                         required: "a branch of at least \(minimum) full members")
        }
    }

    /// A failing check for an event whose numbers lie outside their range (`Bounds`): a database
    /// filled by an older version may hold them, and no verdict can rest on them until the event
    /// is corrected.
    func outOfRange(_ event: Event, name: String, rule: String, guardID: String, required: String) -> Check? {
        let problems = event.data.boundProblems
        guard !problems.isEmpty else { return nil }
        let which = event.id == 0 ? "\(name) on \(event.date)" : "\(name) on \(event.date) (event #\(event.id))"
        return check(rule: rule, guardID: guardID, passed: false,
                     found: "\(which): " + problems.joined(separator: "; ") + "; correct the event",
                     required: required)
    }

    func approvalWindow(from reference: DateReference, within: Duration, atMost: Duration?, rule: String, guardID: String) -> Check {
        let start = resolve(reference)
        var required = "\(step.name) within \(within) of \(start.label)"
        if let atMost { required += " (at most \(atMost) with a reason, --reason)" }
        guard let startDate = start.date else {
            return check(rule: rule, guardID: guardID, passed: false, found: "no \(start.label) recorded", required: required)
        }
        let (limit, provisional) = within.added(to: startDate, calendar: calendar)
        required += ": by \(limit)"
        let found = "\(start.label) on \(startDate), \(step.name) on \(date)"
        if date < startDate {
            return check(rule: rule, guardID: guardID, passed: false, found: found + ", before it", required: required)
        }
        if date <= limit {
            return check(rule: rule, guardID: guardID, passed: true, found: found, required: required, provisional: provisional)
        }
        if let atMost {
            let (extended, _) = atMost.added(to: startDate, calendar: calendar)
            required += ", or by \(extended) with a reason"
            if date <= extended {
                if let reason = data.reason, !reason.isEmpty {
                    return check(rule: rule, guardID: guardID, passed: true, found: found + ", late with reason: \(reason)", required: required)
                }
                // The special case (3 → 6 months): a waiver in force may stand for the reason.
                return check(rule: rule, guardID: guardID, passed: false, found: found + ", after \(limit) with no reason given", required: required)
            }
            // Past the cap: mandatory, whatever a waiver says.
            return check(rule: rule, guardID: guardID, passed: false, found: found + ", after \(extended), the most allowed", required: required,
                         provisional: provisional, clauseWaivable: false)
        }
        return check(rule: rule, guardID: guardID, passed: false, found: found + ", too late", required: required, provisional: provisional)
    }

    func approver(rule: String, guardID: String) -> Check {
        let required = "approved by a 党委 with approval authority"
        let organization: Organization?
        if let code = data.approver {
            guard let named = organizations.organization(code: code) else {
                return check(rule: rule, guardID: guardID, passed: false, found: "no organization with code \(code)", required: required)
            }
            organization = named
        } else {
            organization = organizations.approver(for: engine.organizationID(of: history, asOf: date, organizations: organizations))
        }
        guard let organization else {
            return check(rule: rule, guardID: guardID, passed: false,
                         found: "no 党委 with approval authority above the person's organization", required: required)
        }
        let passed = organization.kind == .committee && organization.canApprove
        let what = organization.kind == .committee
            ? (organization.canApprove ? "a 党委 with approval authority" : "a 党委 without approval authority")
            : "a \(organization.kind.chineseName), which cannot approve"
        return check(rule: rule, guardID: guardID, passed: passed, found: "\(organization.name) (\(organization.code)), \(what)", required: required)
    }

    /// R12: someone expected to leave the unit within `within` of the guarded date is normally
    /// not admitted. The latest expected departure recorded by the date counts (a later record
    /// replaces an earlier estimate); none recorded: nothing known, the check passes.
    func departure(step id: String, within: Duration, rule: String, guardID: String) -> Check {
        var name: String { workflow.nameOfStep(id) }
        let (limit, provisional) = within.added(to: date, calendar: calendar)
        var required: String { "not leaving the unit within \(within) of \(step.name) on \(date): expected departure after \(limit)" }
        guard let event = history.occurrences(of: id, through: date).last(where: { $0.data.leavingOn != nil }),
              let leaving = event.data.leavingOn else {
            return check(rule: rule, guardID: guardID, passed: true, found: "no \(name) recorded", required: required)
        }
        let passed = leaving > limit
        return check(rule: rule, guardID: guardID, passed: passed,
                     found: "\(name) on \(event.date): leaving on \(leaving)" + (passed ? "" : leaving < date ? ", already left" : ", within \(within)"),
                     required: required, provisional: provisional)
    }

    /// R5 and R9: the people a step names. Those Fazhan knows (`members`, named by number) are
    /// judged on their own histories by the service, which reads them; here, the others: named
    /// without a statement vouching for them, they cannot be judged, and the step is refused.
    func namedMembers(stage: String, notUnder: String?, rule: String, guardID: String) -> Check {
        let names = data.names ?? []
        let known = Set(data.members ?? [])
        let outside = max(0, names.count - known.count)
        let status = workflow.stageName(stage) + (notUnder.map { ", none under \(workflow.stepName($0))" } ?? "")
        let required = "each named person \(status): named by number from the people Fazhan knows (--names NUMBER), "
            + "or vouched for by a recorded statement (--statement …)"
        guard outside > 0 else {
            return check(rule: rule, guardID: guardID, passed: true,
                         found: names.isEmpty ? "no one named" : "all named from the register (\(known.count)), judged on their histories",
                         required: required)
        }
        let statement = (data.statement ?? "").trimmingCharacters(in: .whitespaces)
        return check(rule: rule, guardID: guardID, passed: !statement.isEmpty,
                     found: "\(outside) named outside the register" + (statement.isEmpty ? ", with no statement" : ", statement: \(statement)"),
                     required: required, clauseWaivable: false)
    }

    /// R9 "normally the mentors": everyone this step names was named by `source` (its latest
    /// record on or before the date), by name (a person named from the register carries the
    /// register's name).
    func namedFrom(_ source: String, rule: String, guardID: String) -> Check {
        let sourceName = workflow.stepName(source)
        let required = "those named are among those of \(sourceName)"
        let names = data.names ?? []
        guard !names.isEmpty else { return check(rule: rule, guardID: guardID, passed: true, found: "no one named", required: required) }
        guard let earlier = history.latest(source, through: date) else {
            return check(rule: rule, guardID: guardID, passed: false, found: "no \(sourceName) recorded", required: required)
        }
        let earlierNames = Set(earlier.data.names ?? [])
        // Named from the register, a person's name is the register's, as it was for the mentors.
        let outside = Array(Set(names.filter { !earlierNames.contains($0) })).sorted()
        return check(rule: rule, guardID: guardID, passed: outside.isEmpty,
                     found: outside.isEmpty ? "\(names.joined(separator: "、")), of \(sourceName) on \(earlier.date)"
                         : "\(outside.joined(separator: "、")) not among \(sourceName) (\(earlier.data.names?.joined(separator: "、") ?? ""))",
                     required: required)
    }

    /// R16: who held the talk, and in which role. A talk recorded before who held it was kept
    /// (no `heldBy` in its data) is not judged: the record says so and the check passes, since
    /// nothing recorded shows the rule broken; every talk recorded since must name who held it.
    func heldBy(roles: [TalkRole], rule: String, guardID: String) -> Check {
        let allowed = roles.map(\.chineseName).joined(separator: " or ")
        let required = "\(step.name) held by a \(allowed) (--held-by NAME --held-by-role \(roles.map(\.rawValue).joined(separator: "|")))"
        guard let holder = data.heldBy, !holder.isEmpty else {
            return check(rule: rule, guardID: guardID, passed: true,
                         found: "who held it not recorded (recorded before 谈话人 was kept): not judged", required: required)
        }
        guard let text = data.heldByRole, let role = TalkRole(rawValue: text) else {
            return check(rule: rule, guardID: guardID, passed: false, found: "held by \(holder), role not recorded", required: required)
        }
        return check(rule: rule, guardID: guardID, passed: roles.contains(role), found: "held by \(holder) (\(role.chineseName))",
                     required: required)
    }

    /// R13: only full members vote, so a meeting's 应到 is at most the full members recorded for
    /// the branch holding the person on its date. With no count recorded for that branch (Fazhan
    /// holds only the people in development), not judged: the check passes and says so.
    func roster(rule: String, guardID: String) -> Check {
        let branchID = engine.organizationID(of: history, asOf: date, organizations: organizations)
        let branch = organizations.byID[branchID]
        let code = branch?.code ?? "?"
        let label = branch.map { "\($0.name) (\($0.code))" } ?? "the branch"
        let required = "应到 at most the full members (正式党员) of \(label) on \(date): only full members vote"
        guard let expected = data.expected else {
            return check(rule: rule, guardID: guardID, passed: true, found: "no 应到 recorded: not judged", required: required)
        }
        guard let count = engine.roster.count(of: code, on: date) else {
            return check(rule: rule, guardID: guardID, passed: true,
                         found: "应到 \(expected); no full-member count recorded for \(label) by \(date): not judged", required: required)
        }
        return check(rule: rule, guardID: guardID, passed: expected <= count.fullMembers,
                     found: "应到 \(expected), \(label) recorded \(count.fullMembers) full members from \(count.effectiveOn)",
                     required: required)
    }
}

import FazhanCore
import FazhanReports
import FazhanStore

/// R5 and R9: mentors and introducers named from the people Fazhan knows. A `named_members`
/// guard on the step that names them says which stage they must be in on its date and which
/// recorded period disqualifies them (留党察看); those named by number are judged here, on their
/// own histories, which the engine judging one person cannot read.
extension DevelopmentService {
    /// `data` with each name that is a registered person's number replaced by their name and
    /// kept in `members`: for a step a `named_members` guard covers, and only then.
    func resolvingMembers(_ data: EventData, step: String, workflow: Workflow) async throws -> EventData {
        guard Self.namedMemberGuards(on: step, in: workflow).isEmpty == false, let names = data.names, !names.isEmpty else { return data }
        let known = try await store.people(numbers: names)
        guard !known.isEmpty else { return data }
        var resolved = data
        resolved.names = names.map { known[$0]?.name ?? $0 }
        resolved.members = names.filter { known[$0] != nil }
        return resolved
    }

    static func namedMemberGuards(on step: String, in workflow: Workflow) -> [(guard: Guard, stage: String, notUnder: String?)] {
        workflow.guards(on: step).compactMap { clause in
            if case .namedMembers(let stage, let notUnder) = clause.kind { return (clause, stage, notUnder) }
            return nil
        }
    }

    /// The checks of the people named by number on `date`: one per `named_members` guard of the
    /// step, failing when anyone is not in the stage or is under the disqualifying period.
    func memberChecks(step: String, data: EventData, on date: CivilDate, workflow: Workflow) async throws -> [Check] {
        let guards = Self.namedMemberGuards(on: step, in: workflow)
        guard !guards.isEmpty, let members = data.members, !members.isEmpty else { return [] }
        var standing: [String: MemberStanding] = [:]
        for number in Set(members) {
            standing[number] = try await memberStanding(number, on: date)
        }
        return guards.map { clause, stage, notUnder in
            Self.memberCheck(members: members, standing: standing, stage: stage, notUnder: notUnder, clause: clause, workflow: workflow)
        }
    }

    /// What a named member was on a date: their stage, and the disqualifying periods in force.
    struct MemberStanding: Sendable {
        var number: String
        var name: String
        var stage: String?
        var stageName: String
        /// The steps in force on the date (a 留党察看 from its date to its `until`), by step id.
        var periods: [String: Event]
    }

    func memberStanding(_ number: String, on date: CivilDate, asRecorded cutoff: RecordedCutoff? = nil) async throws -> MemberStanding {
        guard let person = try await store.person(number) else {
            return MemberStanding(number: number, name: number, stage: nil, stageName: Catalogue.noLongerRegistered, periods: [:])
        }
        // Only their stage and their recorded periods: their history and rules, nothing else.
        let recorded = try await store.history(personID: person.id)
        let engine = Engine(bundle: try await store.bundle(version: person.workflowVersion))
        let history = cutoff.map { cutoff in History(person: person, events: recorded.events.filter { cutoff.includes($0.recordedAt) }) }
            ?? recorded
        let span = engine.stage(of: history, asOf: date)
        var periods: [String: Event] = [:]
        for event in history.effective where event.date <= date && (event.data.until.map { date <= $0 } ?? false) {
            periods[event.step] = event
        }
        return MemberStanding(number: number, name: person.name, stage: span?.stage,
                              stageName: span.map { engine.workflow.stageName($0.stage) } ?? Catalogue.noStage, periods: periods)
    }

    static func memberCheck(members: [String], standing: [String: MemberStanding], stage: String, notUnder: String?,
                            clause: Guard, workflow: Workflow) -> Check {
        var found: [String] = []
        var passed = true
        for number in members {
            guard let member = standing[number] else { continue }
            var text = Catalogue.memberFound(member.name, number, member.stageName)
            if member.stage != stage { passed = false }
            if let notUnder, let period = member.periods[notUnder] {
                passed = false
                text += Catalogue.memberUnder(workflow.stepName(notUnder), from: period.date, until: period.data.until)
            }
            found.append(text)
        }
        let rule = workflow.rule(clause.rule)
        let required = Catalogue.membersRequired(workflow.stageName(stage), notUnder: notUnder.map { workflow.stepName($0) })
        let foundText = found.joined(separator: Catalogue.separator)
        return Check(rule: clause.rule, ruleName: rule?.name ?? clause.rule, basis: rule?.basis ?? "", guardID: clause.id + ".members",
                     passed: passed, found: foundText, required: required, earliest: nil,
                     message: Catalogue.checkMessage(clause.rule, passed: passed, found: foundText, required: required))
    }

    /// The audit's findings on members named in the histories it read: every recorded step a
    /// `named_members` guard covers, judged on the named people's histories as of its date.
    func memberFindings(_ named: [NamedMembers], standingOf: (String, CivilDate) async throws -> MemberStanding) async throws -> [Finding] {
        // The audit sorts its findings afterwards.
        var findings: [Finding] = []
        for entry in named {
            var standing: [String: MemberStanding] = [:]
            for number in Set(entry.members) { standing[number] = try await standingOf(number, entry.event.date) }
            for (clause, stage, notUnder) in Self.namedMemberGuards(on: entry.event.step, in: entry.workflow) {
                let check = Self.memberCheck(members: entry.members, standing: standing, stage: stage, notUnder: notUnder,
                                             clause: clause, workflow: entry.workflow)
                guard !check.passed else { continue }
                findings.append(Finding(
                    personNumber: entry.person.number, personName: entry.person.name, organization: entry.organization, rule: check.rule,
                    ruleName: check.ruleName, severity: .violation, step: entry.event.step, stepName: entry.workflow.stepName(entry.event.step),
                    eventID: entry.event.id, date: entry.event.date, found: check.found, required: check.required, missedByDays: nil,
                    source: check.guardID, workflow: entry.workflow.id, imported: entry.event.imported))
            }
        }
        return findings
    }

    /// A recorded step naming people Fazhan knows, collected by the audit's pass.
    struct NamedMembers: Sendable {
        var person: PersonProfile
        var organization: String
        var event: Event
        var members: [String]
        var workflow: Workflow
    }

    /// The steps of a history that name registered people under a `named_members` guard.
    static func namedMembers(in history: History, workflow: Workflow, organization: String) -> [NamedMembers] {
        history.effective.compactMap { event in
            guard let members = event.data.members, !members.isEmpty, !namedMemberGuards(on: event.step, in: workflow).isEmpty else { return nil }
            return NamedMembers(person: history.person, organization: organization, event: event, members: members, workflow: workflow)
        }
    }
}

import ArgumentParser
import FazhanCore
import FazhanReports
import FazhanSQLite
import FazhanStore
import Foundation

/// The data a step can carry, as options.
struct EventDataOptions: ParsableArguments {
    @Option(help: "A free note.") var note: String?
    @Option(help: "Recommendation: league (团组织推优) or members (党员推荐).") var method: String?
    @Option(help: "公示 node: activist, candidate, admission or conversion.") var node: String?
    @Option(help: "公示: first day, YYYY-MM-DD.") var from: CivilDate?
    @Option(help: "公示: last day, YYYY-MM-DD.") var to: CivilDate?
    @Option(help: "公示: objections still unresolved when it ended.") var objections: Int?
    @Option(help: "Meeting: voting members who should attend (应到).") var expected: Int?
    @Option(help: "Meeting: voting members present (实到).") var present: Int?
    @Option(name: .customLong("for"), help: "Meeting: votes for.") var votesFor: Int?
    @Option(help: "Meeting: votes against.") var against: Int?
    @Option(help: "Meeting: abstentions.") var abstain: Int?
    @Option(help: "Meeting: written opinions for, from absent members.") var writtenFor: Int?
    @Option(help: "Meeting: written opinions against, from absent members.") var writtenAgainst: Int?
    @Option(help: "Training: days.") var days: Int?
    @Option(help: "Training: class hours (学时).") var hours: Int?
    @Option(help: "pass or fail.") var result: StepResult?
    @Option(help: "Names, comma-separated (mentors, introducers, who talked).") var names: String?
    @Option(help: "The approving organization's code (else the nearest 党委 with authority).") var approver: String?
    @Option(help: "Transfer: the destination organization's code.") var organization: String?
    @Option(help: "Probation extension: months (6 to 12).") var months: Int?
    @Option(help: "Waiver: the rule waived, e.g. R4.") var rule: String?
    @Option(help: "Waiver: who approved it.") var approvedBy: String?
    @Option(help: "Waiver: the last day it applies (else open-ended).") var until: CivilDate?

    func validate() throws {
        let counts: [(String, Int?)] = [
            ("--objections", objections), ("--expected", expected), ("--present", present), ("--for", votesFor),
            ("--against", against), ("--abstain", abstain), ("--written-for", writtenFor),
            ("--written-against", writtenAgainst), ("--days", days), ("--hours", hours), ("--months", months),
        ]
        for (name, value) in counts where (value ?? 0) < 0 {
            throw ValidationError("\(name) cannot be negative")
        }
        if let method, !["league", "members"].contains(method) {
            throw ValidationError("--method must be league or members")
        }
    }

    var data: EventData {
        EventData(
            note: note, method: method, node: node, from: from, to: to, objections: objections, expected: expected,
            present: present, votesFor: votesFor, against: against, abstain: abstain, writtenFor: writtenFor,
            writtenAgainst: writtenAgainst, days: days, hours: hours, result: result,
            names: names.map { $0.split(whereSeparator: { $0 == "," || $0 == "，" || $0 == "、" }).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } },
            approver: approver, organization: organization, months: months, rule: rule, approvedBy: approvedBy, until: until)
    }

    /// The given options laid over an existing event's data (for corrections).
    func overlaid(on base: EventData) -> EventData {
        let given = data
        var merged = base
        merged.note = given.note ?? base.note
        merged.method = given.method ?? base.method
        merged.node = given.node ?? base.node
        merged.from = given.from ?? base.from
        merged.to = given.to ?? base.to
        merged.objections = given.objections ?? base.objections
        merged.expected = given.expected ?? base.expected
        merged.present = given.present ?? base.present
        merged.votesFor = given.votesFor ?? base.votesFor
        merged.against = given.against ?? base.against
        merged.abstain = given.abstain ?? base.abstain
        merged.writtenFor = given.writtenFor ?? base.writtenFor
        merged.writtenAgainst = given.writtenAgainst ?? base.writtenAgainst
        merged.days = given.days ?? base.days
        merged.hours = given.hours ?? base.hours
        merged.result = given.result ?? base.result
        merged.names = given.names ?? base.names
        merged.approver = given.approver ?? base.approver
        merged.organization = given.organization ?? base.organization
        merged.months = given.months ?? base.months
        merged.rule = given.rule ?? base.rule
        merged.approvedBy = given.approvedBy ?? base.approvedBy
        merged.until = given.until ?? base.until
        return merged
    }
}

/// `--reason`: why (a late approval, a withdrawal, a cancellation, a waiver). Kept apart from
/// the other data so that `correct` can use `--reason` for the correction itself.
struct ReasonOption: ParsableArguments {
    @Option(help: "Why: a late approval, a withdrawal, a cancellation, a waiver.") var reason: String?
}

/// The data a transition step can carry, for `check` and `advance` (whose `--to` is the stage).
struct TransitionDataOptions: ParsableArguments {
    @Option(help: "A free note.") var note: String?
    @Option(help: "The approving organization's code (else the nearest 党委 with authority).") var approver: String?
    @Option(help: "Why an approval is later than the normal window.") var reason: String?

    var data: EventData { EventData(note: note, approver: approver, reason: reason) }
}

/// A refused step: the full explanation, exit code 1.
struct Refusal: Error {
    var verdict: Verdict
}

/// Records a step through the guards, in one write transaction with the history they read. A
/// refusal becomes the full explanation, with nothing recorded.
func recordGuarded(context: PersonContext, step: String, date: CivilDate, data: EventData, user: String,
                   corrects: Int64? = nil, correctionReason: String? = nil) throws -> Event {
    let today = Clock.today()
    try context.engine.validate(step: step, on: date, data: data, history: context.history, today: today)
    let event = Event(
        id: 0, personID: context.person.id, step: step, date: date, recordedAt: Clock.timestamp(), recordedBy: user,
        data: data, workflowVersion: context.person.workflowVersion, corrects: corrects, correctionReason: correctionReason)
    do {
        // The organizations are read with the history, in the write transaction.
        return try context.store.append(event) { history, bundle, organizations in
            // A correction is judged on the history as it stood on its date, without the event it
            // corrects; what it changes for later steps is checked by the audit below.
            let basis = corrects.map { history.asItStood(on: date, excluding: $0) } ?? history
            let engine = Engine(bundle: bundle)
            let verdict = engine.evaluate(step: step, on: date, data: data, history: basis, organizations: organizations)
            if !verdict.allowed { throw Refusal(verdict: verdict) }
            if corrects != nil {
                var corrected = history
                var hypothetical = event
                hypothetical.id = Int64.max
                corrected.append(hypothetical)
                try refuseNewViolations(before: history, after: corrected, engine: engine, organizations: organizations, today: today)
            }
        }
    } catch let refusal as Refusal {
        throw Failure(VerdictOutput.text(refusal.verdict, person: context.person, workflow: context.workflow) + "\nnothing was recorded")
    }
}

/// A correction must not make other recorded steps break the rules silently: the person's
/// history is audited before and after, and any new violation refuses the correction.
func refuseNewViolations(before: History, after: History, engine: Engine, organizations: OrganizationDirectory, today: CivilDate) throws {
    let auditor = Auditor(asOf: today)
    func violations(_ history: History) -> [Finding] {
        auditor.audit(history, engine: engine, organizations: organizations, organizationCode: "").filter { $0.severity == .violation }
    }
    func key(_ finding: Finding) -> String { "\(finding.source)|\(finding.step)|\(finding.rule)" }
    let existing = Set(violations(before).map(key))
    let introduced = violations(after).filter { !existing.contains(key($0)) }
    guard !introduced.isEmpty else { return }
    let lines = introduced.map { "✗ \($0.rule) \($0.ruleName): \($0.stepName) on \($0.date): found \($0.found); required \($0.required)" }
    throw Failure("refused: the correction would make recorded steps break the rules:\n" + lines.joined(separator: "\n")
                  + "\nnothing was recorded; correct those steps too, or record the correction in an order that keeps the history consistent")
}

/// Accepts a step id or its Chinese name.
func resolveStep(_ text: String, in workflow: Workflow) throws -> Step {
    if let step = workflow.step(text) ?? workflow.steps.first(where: { $0.name == text }) { return step }
    let known = workflow.steps.map { "\($0.id) (\($0.name))" }.joined(separator: ", ")
    throw Failure("error: unknown step \"\(text)\" in workflow \(workflow.id); known steps: \(known)")
}

/// The step that enters a stage (the one `advance` records).
func enteringStep(of stage: Stage, in workflow: Workflow) throws -> Step {
    guard let step = workflow.enteringStep(for: stage.id) else {
        throw Failure("error: no step enters \(stage.name) in workflow \(workflow.id)")
    }
    return step
}

/// Accepts a stage id or its Chinese name.
func resolveStage(_ text: String, in workflow: Workflow) throws -> Stage {
    if let stage = workflow.stages.first(where: { $0.id == text || $0.name == text }) { return stage }
    let known = workflow.stages.map { "\($0.id) (\($0.name))" }.joined(separator: ", ")
    throw Failure("error: unknown stage \"\(text)\" in workflow \(workflow.id); known stages: \(known)")
}

func describeRecorded(_ event: Event, context: PersonContext) -> String {
    let workflow = context.workflow
    var text = "recorded #\(event.id): \(context.person.name) (\(context.person.number)) \(workflow.stepName(event.step)) on \(event.date)"
    let summary = event.data.summary
    if !summary.isEmpty { text += " [\(summary)]" }
    if let stage = workflow.step(event.step)?.enters {
        var history = context.history
        history.append(event)
        let span = StageTimeline(history: history, workflow: workflow).current
        text += "\nnow \(workflow.stageName(stage))" + (span.map { ", effective \($0.effectiveFrom)" } ?? "")
    }
    return text
}

struct RecordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Record a step or fact for a person; a step that enters a stage runs the same guards as `advance`.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var recorder: RecorderOptions
    @Argument(help: "The person's number or internal id.") var person: String
    @Argument(help: "The step or fact id (or its Chinese name), e.g. initial_talk.") var step: String
    @Option(help: "The date it happened, YYYY-MM-DD.") var on: CivilDate
    @OptionGroup var options: EventDataOptions
    @OptionGroup var why: ReasonOption

    func run() throws {
        let store = try database.openStore()
        var data = options.data
        data.reason = why.reason
        let context = try PersonContext(store: store, key: person, data: [data])
        let resolved = try resolveStep(step, in: context.workflow)
        let event = try recordGuarded(context: context, step: resolved.id, date: on, data: data, user: recorder.user)
        output(describeRecorded(event, context: context))
    }
}

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Evaluate every guard of the next (or named) transition; exit 0 when allowed, 1 when not.")

    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The person's number or internal id.") var person: String
    @Option(help: "The stage to move to (else the next one).") var to: String?
    @Option(help: "The date to check for (else today).") var on: CivilDate?
    @Option(help: "table or json.") var format: OutputFormat = .table
    @OptionGroup var options: TransitionDataOptions

    func run() throws {
        let store = try database.openStoreForReading()
        let context = try PersonContext(store: store, key: person, data: [options.data])
        let date = on ?? Clock.today()
        let verdict = try transitionVerdict(context: context, to: to, on: date, data: options.data)
        switch format {
        case .json: output(try VerdictOutput.json(verdict, person: context.person))
        case .table, .csv: output(VerdictOutput.text(verdict, person: context.person, workflow: context.workflow))
        }
        if !verdict.allowed { throw ExitCode(1) }
    }
}

/// The verdict for moving a person to `to` (or their next stage) on a date.
func transitionVerdict(context: PersonContext, to: String?, on date: CivilDate, data: EventData) throws -> Verdict {
    let workflow = context.workflow
    let target: Stage
    if let to {
        target = try resolveStage(to, in: workflow)
    } else if let next = context.engine.nextStage(for: context.history, asOf: date) {
        target = next
    } else {
        let current = context.engine.stage(of: context.history, asOf: date)
        throw Failure("\(context.person.name) (\(context.person.number)) is \(current.map { workflow.stageName($0.stage) } ?? "in no stage"): there is no further stage")
    }
    let step = try enteringStep(of: target, in: workflow)
    return context.engine.evaluate(step: step.id, on: date, data: data, history: context.history, organizations: context.organizations)
}

struct AdvanceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "advance",
        abstract: "Record the step that enters a stage, only if every guard passes; otherwise record nothing and explain.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var recorder: RecorderOptions
    @Argument(help: "The person's number or internal id.") var person: String
    @Option(help: "The stage to enter (id or name).") var to: String
    @Option(help: "The date of the step, YYYY-MM-DD.") var on: CivilDate
    @OptionGroup var options: TransitionDataOptions

    func run() throws {
        let store = try database.openStore()
        let context = try PersonContext(store: store, key: person, data: [options.data])
        let step = try enteringStep(of: try resolveStage(to, in: context.workflow), in: context.workflow)
        let event = try recordGuarded(context: context, step: step.id, date: on, data: options.data, user: recorder.user)
        output(describeRecorded(event, context: context))
    }
}

struct CorrectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "correct",
        abstract: "Correct an event with a new event that names it and says why; the original stays in the history.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var recorder: RecorderOptions
    @Argument(help: "The id of the event to correct (see `fazhan history`).") var event: Int64
    @Option(help: "Why the correction is made.") var reason: String
    @Option(help: "The corrected date.") var on: CivilDate?
    @Flag(help: "Withdraw the event entirely (it was recorded in error).") var void = false
    @OptionGroup var options: EventDataOptions

    func validate() throws {
        if reason.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--reason must say why") }
    }

    func run() throws {
        let store = try database.openStore()
        guard let original = try store.event(id: event) else { throw Failure("error: no event #\(event)") }
        let context = try PersonContext(store: store, key: String(original.personID), data: [options.data])
        guard let current = context.history.effective.first(where: { context.history.originalID(of: $0.id) == context.history.originalID(of: original.id) }) else {
            throw Failure("refused: event #\(event) is already voided")
        }
        if void {
            // A transition can be voided only when nothing was entered after it.
            if context.workflow.step(current.step)?.enters != nil,
               let later = StageTimeline(history: context.history, workflow: context.workflow).spans.last, later.eventID != current.id {
                throw Failure("refused: event #\(event) entered a stage that later transitions build on; void #\(later.eventID) first")
            }
            let voiding = Event(
                id: 0, personID: original.personID, step: current.step, date: current.date, recordedAt: Clock.timestamp(),
                recordedBy: recorder.user, data: current.data, workflowVersion: context.person.workflowVersion,
                corrects: current.id, correctionReason: reason, voids: true)
            let today = Clock.today()
            let stored = try store.append(voiding) { history, bundle, organizations in
                var after = history
                var hypothetical = voiding
                hypothetical.id = Int64.max
                after.append(hypothetical)
                try refuseNewViolations(before: history, after: after, engine: Engine(bundle: bundle), organizations: organizations, today: today)
            }
            output("recorded #\(stored.id): voids #\(event) (\(context.workflow.stepName(current.step)) on \(current.date)); reason: \(reason)")
            return
        }
        let date = on ?? current.date
        let data = options.overlaid(on: current.data)
        let stored = try recordGuarded(context: context, step: current.step, date: date, data: data, user: recorder.user,
                                       corrects: current.id, correctionReason: reason)
        output("recorded #\(stored.id): corrects #\(current.id) → \(context.workflow.stepName(current.step)) on \(date); reason: \(reason)")
    }
}

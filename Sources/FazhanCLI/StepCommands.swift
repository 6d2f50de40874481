import ArgumentParser
import FazhanCore
import FazhanService
import FazhanReports
import FazhanSQLite
import FazhanStore
import FazhanViews
import Foundation

/// The data a step can carry, as options.
struct EventDataOptions: ParsableArguments {
    @Option(help: "A free note.") var note: String?
    @Option(help: "Recommendation: 团组织推优/league or 党员推荐/members.") var method: String?
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
    @Option(help: "通过/合格/pass or 不通过/不合格/fail.") var result: StepResult?
    @Option(help: "Names, comma-separated (mentors, introducers, who talked).") var names: String?
    @Option(help: "The approving organization's code (else the nearest 党委 with authority).") var approver: String?
    @Option(help: "Transfer: the destination organization's code.") var organization: String?
    @Option(help: "Probation extension: months (6 to 12).") var months: Int?
    @Option(help: "Waiver: the rule waived, e.g. R4.") var rule: String?
    @Option(help: "Waiver: who approved it.") var approvedBy: String?
    @Option(help: "Waiver: the last day it applies (else open-ended).") var until: CivilDate?
    @Option(help: "预计离开本单位: the date the person is expected to leave the unit (R12).") var leavingOn: CivilDate?
    @Option(help: "Talk: who held it (R16).") var heldBy: String?
    @Option(help: "Mentors, introducers named outside the register: the branch's statement that they are full members, none under 留党察看 (R5, R9).")
    var statement: String?
    @Option(help: "Talk: the role of who held it: 委员/committee_member, 组织员/organizer or 支部/branch.") var heldByRole: String?

    func validate() throws {
        if let heldByRole, TalkRole(written: heldByRole) == nil {
            throw ValidationError("--held-by-role must be committee_member (委员), organizer (组织员) or branch (支部); it is \(heldByRole)")
        }
        // Every number within its range (`Bounds`), before anything adds them up.
        if let problem = data.boundProblems.first { throw ValidationError(problem) }
        if let method, WrittenValue.method(method) == nil {
            throw ValidationError("--method must be league (团组织推优) or members (党员推荐); it is \(method)")
        }
    }

    var data: EventData {
        EventData(
            note: note, method: method.map { WrittenValue.method($0) ?? $0 }, node: node, from: from, to: to, objections: objections, expected: expected,
            present: present, votesFor: votesFor, against: against, abstain: abstain, writtenFor: writtenFor,
            writtenAgainst: writtenAgainst, days: days, hours: hours, result: result,
            names: names.map { $0.split(whereSeparator: { $0 == "," || $0 == "，" || $0 == "、" }).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } },
            approver: approver, organization: organization, months: months, rule: rule, approvedBy: approvedBy, until: until,
            leavingOn: leavingOn, heldBy: heldBy, heldByRole: heldByRole.map { TalkRole(written: $0)?.rawValue ?? $0 },
            statement: statement)
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
    @Option(help: "Approval (R17): committee members who should attend (应到).") var expected: Int?
    @Option(help: "Approval (R17): committee members present (实到).") var present: Int?
    @Option(name: .customLong("for"), help: "Approval (R17): the committee's votes for this person.") var votesFor: Int?
    @Option(help: "Approval (R17): votes against.") var against: Int?
    @Option(help: "Approval (R17): abstentions.") var abstain: Int?

    func validate() throws {
        if let problem = data.boundProblems.first { throw ValidationError(problem) }
    }

    var data: EventData {
        EventData(note: note, expected: expected, present: present, votesFor: votesFor, against: against, abstain: abstain,
                  approver: approver, reason: reason)
    }
}

func describeRecorded(_ recorded: Recorded) -> String {
    warn(recorded)
    return RecordedRendering.describe(recorded)
}

/// What the audit will report about the step just recorded, on standard error.
func warn(_ recorded: Recorded) {
    for line in RecordedRendering.warnings(recorded) { FileHandle.standardError.write(Data((line + "\n").utf8)) }
}

struct RecordCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Record a step or fact for a person; a step that enters a stage runs the same guards as `advance`.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var remote: RemoteOptions
    @OptionGroup var recorder: RecorderOptions
    @Argument(help: "The person's number or internal id (with --people or --people-file: the step).") var person: String
    @Argument(help: "The step or fact id (or its Chinese name), e.g. initial_talk.") var step: String?
    @Option(help: "The date it happened: 2026-03-08, 2026-3-8, 2026/3/8 or 2026年3月8日.") var on: CivilDate
    @OptionGroup var batch: BatchPeopleOptions
    @OptionGroup var options: EventDataOptions
    @OptionGroup var why: ReasonOption

    func validate() throws {
        try validateBatch()
    }

    func run() async throws {
        guard let step else { return try await runBatch() }
        var data = options.data
        data.reason = why.reason
        let recorded = try await database.service().record(RecordRequest(
            person: person, step: step, date: on, data: data, recordedBy: recorder.user, recordedAt: Clock.timestamp(), today: Clock.today()))
        output(describeRecorded(recorded))
    }
}

struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Evaluate every guard of the next (or named) transition; exit 0 when allowed, 1 when not.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var remote: RemoteOptions
    @Argument(help: "The person's number or internal id.") var person: String
    @Option(help: "The stage to move to (else the next one).") var to: String?
    @Option(help: "The date to check for (else today).") var on: CivilDate?
    @Option(help: "table or json.") var format: OutputFormat = .table
    @OptionGroup var options: TransitionDataOptions

    func run() async throws {
        let (verdict, file) = try await database.serviceForReading().check(person, to: to, on: on ?? Clock.today(), data: options.data)
        switch format {
        case .json: output(try VerdictOutput.json(verdict, person: file.person))
        case .table, .csv: output(VerdictOutput.text(verdict, person: file.person, workflow: file.workflow))
        }
        if !verdict.allowed { throw ExitCode(1) }
    }
}

struct AdvanceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "advance",
        abstract: "Record the step that enters a stage, only if every guard passes; otherwise record nothing and explain.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var remote: RemoteOptions
    @OptionGroup var recorder: RecorderOptions
    @Argument(help: "The person's number or internal id.") var person: String
    @Option(help: "The stage to enter (id or name).") var to: String
    @Option(help: "The date of the step: 2026-03-08, 2026-3-8, 2026/3/8 or 2026年3月8日.") var on: CivilDate
    @OptionGroup var options: TransitionDataOptions

    func run() async throws {
        let recorded = try await database.service().advance(RecordRequest(
            person: person, step: to, date: on, data: options.data, recordedBy: recorder.user, recordedAt: Clock.timestamp(),
            today: Clock.today()))
        output(describeRecorded(recorded))
    }
}

struct CorrectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "correct",
        abstract: "Correct an event with a new event that names it and says why; the original stays in the history.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var remote: RemoteOptions
    @OptionGroup var recorder: RecorderOptions
    @Argument(help: "The id of the event to correct (see `fazhan history`).") var event: Int64
    @Option(help: "Why the correction is made.") var reason: String
    @Option(help: "The corrected date.") var on: CivilDate?
    @Flag(help: "Withdraw the event entirely (it was recorded in error).") var void = false
    @OptionGroup var options: EventDataOptions

    func validate() throws {
        if reason.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError(Catalogue.reasonMustSayWhy) }
    }

    func run() async throws {
        let service = try await database.service()
        if void {
            let recorded = try await service.void(event: event, reason: reason, recordedBy: recorder.user, recordedAt: Clock.timestamp(),
                                                  today: Clock.today())
            output(RecordedRendering.voided(recorded, original: event, reason: reason))
            return
        }
        let recorded = try await service.correct(
            event: event, reason: reason, date: on, given: options.data, recordedBy: recorder.user,
            recordedAt: Clock.timestamp(), today: Clock.today())
        warn(recorded)
        output(RecordedRendering.corrected(recorded, original: event, reason: reason))
    }
}

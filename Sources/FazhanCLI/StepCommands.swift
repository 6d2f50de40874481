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
    @Option(help: ArgumentHelp(Catalogue.noteHelp)) var note: String?
    @Option(help: ArgumentHelp(Catalogue.eventDataOptionsMethodHelp)) var method: String?
    @Option(help: ArgumentHelp(Catalogue.eventDataOptionsNodeHelp)) var node: String?
    @Option(help: ArgumentHelp(Catalogue.eventDataOptionsFromHelp)) var from: CivilDate?
    @Option(help: ArgumentHelp(Catalogue.eventDataOptionsToHelp)) var to: CivilDate?
    @Option(help: ArgumentHelp(Catalogue.eventDataOptionsObjectionsHelp)) var objections: Int?
    @Option(help: ArgumentHelp(Catalogue.eventDataOptionsExpectedHelp)) var expected: Int?
    @Option(help: ArgumentHelp(Catalogue.eventDataOptionsPresentHelp)) var present: Int?
    @Option(name: .customLong("for"), help: ArgumentHelp(Catalogue.eventDataOptionsVotesForHelp)) var votesFor: Int?
    @Option(help: ArgumentHelp(Catalogue.eventDataOptionsAgainstHelp)) var against: Int?
    @Option(help: ArgumentHelp(Catalogue.eventDataOptionsAbstainHelp)) var abstain: Int?
    @Option(help: ArgumentHelp(Catalogue.eventDataOptionsWrittenForHelp)) var writtenFor: Int?
    @Option(help: ArgumentHelp(Catalogue.eventDataOptionsWrittenAgainstHelp)) var writtenAgainst: Int?
    @Option(help: ArgumentHelp(Catalogue.eventDataOptionsDaysHelp)) var days: Int?
    @Option(help: ArgumentHelp(Catalogue.eventDataOptionsHoursHelp)) var hours: Int?
    @Option(help: ArgumentHelp(Catalogue.eventDataOptionsResultHelp)) var result: StepResult?
    @Option(help: ArgumentHelp(Catalogue.eventDataOptionsNamesHelp)) var names: String?
    @Option(help: ArgumentHelp(Catalogue.approverHelp)) var approver: String?
    @Option(help: ArgumentHelp(Catalogue.eventDataOptionsOrganizationHelp)) var organization: String?
    @Option(help: ArgumentHelp(Catalogue.eventDataOptionsMonthsHelp)) var months: Int?
    @Option(help: ArgumentHelp(Catalogue.eventDataOptionsRuleHelp)) var rule: String?
    @Option(help: ArgumentHelp(Catalogue.eventDataOptionsApprovedByHelp)) var approvedBy: String?
    @Option(help: ArgumentHelp(Catalogue.eventDataOptionsUntilHelp)) var until: CivilDate?
    @Option(help: ArgumentHelp(Catalogue.eventDataOptionsLeavingOnHelp)) var leavingOn: CivilDate?
    @Option(help: ArgumentHelp(Catalogue.eventDataOptionsHeldByHelp)) var heldBy: String?
    @Option(help: ArgumentHelp(Catalogue.eventDataOptionsStatementHelp))
    var statement: String?
    @Option(help: ArgumentHelp(Catalogue.eventDataOptionsHeldByRoleHelp)) var heldByRole: String?

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
    @Option(help: ArgumentHelp(Catalogue.reasonOptionReasonHelp)) var reason: String?
}

/// The data a transition step can carry, for `check` and `advance` (whose `--to` is the stage).
struct TransitionDataOptions: ParsableArguments {
    @Option(help: ArgumentHelp(Catalogue.noteHelp)) var note: String?
    @Option(help: ArgumentHelp(Catalogue.approverHelp)) var approver: String?
    @Option(help: ArgumentHelp(Catalogue.transitionDataOptionsReasonHelp)) var reason: String?
    @Option(help: ArgumentHelp(Catalogue.transitionDataOptionsExpectedHelp)) var expected: Int?
    @Option(help: ArgumentHelp(Catalogue.transitionDataOptionsPresentHelp)) var present: Int?
    @Option(name: .customLong("for"), help: ArgumentHelp(Catalogue.transitionDataOptionsVotesForHelp)) var votesFor: Int?
    @Option(help: ArgumentHelp(Catalogue.transitionDataOptionsAgainstHelp)) var against: Int?
    @Option(help: ArgumentHelp(Catalogue.transitionDataOptionsAbstainHelp)) var abstain: Int?

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
        // Parsed as its own root (`Fazhan.parseDirectly`): under `fazhan`, so that ArgumentParser does not look
        // for a completion-script request, which only `fazhan` itself answers.
        _superCommandName: "fazhan",
        abstract: Catalogue.recordAbstract)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var remote: RemoteOptions
    @OptionGroup var recorder: RecorderOptions
    @Argument(help: ArgumentHelp(Catalogue.recordPersonHelp)) var person: String
    @Argument(help: ArgumentHelp(Catalogue.recordStepHelp)) var step: String?
    @Option(help: ArgumentHelp(Catalogue.recordOnHelp)) var on: CivilDate
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
        // Parsed as its own root (`Fazhan.parseDirectly`): under `fazhan`, so that ArgumentParser does not look
        // for a completion-script request, which only `fazhan` itself answers.
        _superCommandName: "fazhan",
        abstract: Catalogue.checkAbstract)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var remote: RemoteOptions
    @Argument(help: ArgumentHelp(Catalogue.personIdentifierHelp)) var person: String
    @Option(help: ArgumentHelp(Catalogue.checkToHelp)) var to: String?
    @Option(help: ArgumentHelp(Catalogue.checkOnHelp)) var on: CivilDate?
    @Option(help: ArgumentHelp(Catalogue.formatTableJSONHelp)) var format: OutputFormat = .table
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
        // Parsed as its own root (`Fazhan.parseDirectly`): under `fazhan`, so that ArgumentParser does not look
        // for a completion-script request, which only `fazhan` itself answers.
        _superCommandName: "fazhan",
        abstract: Catalogue.advanceAbstract)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var remote: RemoteOptions
    @OptionGroup var recorder: RecorderOptions
    @Argument(help: ArgumentHelp(Catalogue.personIdentifierHelp)) var person: String
    @Option(help: ArgumentHelp(Catalogue.advanceToHelp)) var to: String
    @Option(help: ArgumentHelp(Catalogue.advanceOnHelp)) var on: CivilDate
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
        abstract: Catalogue.correctAbstract)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var remote: RemoteOptions
    @OptionGroup var recorder: RecorderOptions
    @Argument(help: ArgumentHelp(Catalogue.correctEventHelp)) var event: Int64
    @Option(help: ArgumentHelp(Catalogue.correctReasonHelp)) var reason: String
    @Option(help: ArgumentHelp(Catalogue.correctOnHelp)) var on: CivilDate?
    @Flag(help: ArgumentHelp(Catalogue.correctVoidHelp)) var void = false
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

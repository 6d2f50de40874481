import FazhanCore
import FazhanReports
import FazhanStore

/// A step to record: for whom, which step, on which date, with what data, by whom and when.
public struct RecordRequest: Sendable {
    public var person: String
    public var step: String
    public var date: CivilDate
    public var data: EventData
    /// Who records it (the signed-in user on the server; `--by` or the OS user on the command line).
    public var recordedBy: String
    /// When it is recorded (UTC, ISO 8601 with milliseconds).
    public var recordedAt: String
    /// Today, for the checks that refuse a date in the future.
    public var today: CivilDate

    public init(person: String, step: String, date: CivilDate, data: EventData, recordedBy: String, recordedAt: String, today: CivilDate) {
        self.person = person
        self.step = step
        self.date = date
        self.data = data
        self.recordedBy = recordedBy
        self.recordedAt = recordedAt
        self.today = today
    }
}

/// What was recorded, with the person's file as it stood before (to describe the change).
public struct Recorded: Sendable {
    public var event: Event
    public var file: PersonFile
    /// What the audit will report about the step just recorded (it happened, so it is recorded,
    /// but it broke a rule or missed a deadline): violations and late steps found on it.
    public var warnings: [Finding] = []

    /// The person's history with the recorded event.
    public var history: History {
        var history = file.history
        history.append(event)
        return history
    }
}

extension DevelopmentService {
    /// Records a step (id or Chinese name) through its guards. A step that enters a stage runs
    /// the same guards as `advance`. Refused: `ServiceError.refused` with the whole verdict.
    public func record(_ request: RecordRequest) async throws -> Recorded {
        // Mentors and introducers named by number are read from the register (R5, R9).
        var resolved: EventData?
        return Self.warned(try await judgeAndAppend(request.person, data: [request.data], extra: { file in
            guard let step = try? Self.step(request.step, in: file.workflow) else { return [] }
            let data = try await self.resolvingMembers(request.data, step: step.id, workflow: file.workflow)
            resolved = data
            var checks = try await self.memberChecks(step: step.id, data: data, on: request.date, workflow: file.workflow)
            if let quota = try await self.quotaCheck(file: file, step: step.id, on: request.date) { checks.append(quota) }
            return checks
        }) { file, extra in
            let step = try Self.step(request.step, in: file.workflow)
            var request = request
            if let resolved { request.data = resolved }
            return try prepare(file: file, step: step.id, request: request, corrects: nil, reason: nil, extra: extra)
        }, today: request.today)
    }

    /// `recorded` with what the audit, run today, finds on the event just recorded.
    static func warned(_ recorded: Recorded, today: CivilDate) -> Recorded {
        var warned = recorded
        let file = recorded.file
        let code = file.organizations.byID[file.engine.organizationID(of: recorded.history, asOf: today, organizations: file.organizations)]?.code ?? ""
        warned.warnings = Auditor(asOf: today).audit(recorded.history, engine: file.engine, organizations: file.organizations, organizationCode: code)
            .filter { $0.eventID == recorded.event.id && ($0.severity == .violation || $0.severity == .late) }
        return warned
    }

    /// Records the step that enters a stage (id or Chinese name), only if every guard passes.
    public func advance(_ request: RecordRequest) async throws -> Recorded {
        Self.warned(try await judgeAndAppend(request.person, data: [request.data], extra: { file in
            guard let step = try? Self.enteringStep(of: try Self.stage(request.step, in: file.workflow), in: file.workflow) else { return [] }
            return [try await self.quotaCheck(file: file, step: step.id, on: request.date)].compactMap { $0 }
        }) { file, extra in
            let step = try Self.enteringStep(of: try Self.stage(request.step, in: file.workflow), in: file.workflow)
            return try prepare(file: file, step: step.id, request: request, corrects: nil, reason: nil, extra: extra)
        }, today: request.today)
    }

    /// The verdict for moving a person to `stage` (or their next stage) on a date.
    public func check(_ key: String, to stage: String?, on date: CivilDate, data: EventData) async throws -> (Verdict, PersonFile) {
        let file = try await personFile(key, data: [data])
        var verdict = try Self.transitionVerdict(file: file, to: stage, on: date, data: data)
        if let quota = try await quotaCheck(file: file, step: verdict.step, on: date) { verdict.checks.append(quota) }
        return (verdict, file)
    }

    static func transitionVerdict(file: PersonFile, to: String?, on date: CivilDate, data: EventData) throws -> Verdict {
        let workflow = file.workflow
        let target: Stage
        if let to {
            target = try stage(to, in: workflow)
        } else if let next = file.engine.nextStage(for: file.history, asOf: date) {
            target = next
        } else {
            let current = file.engine.stage(of: file.history, asOf: date)
            throw ServiceError.noFurtherStage(person: "\(file.person.name) (\(file.person.number))",
                                              current: current.map { workflow.stageName($0.stage) } ?? "in no stage")
        }
        let step = try enteringStep(of: target, in: workflow)
        return file.engine.evaluate(step: step.id, on: date, data: data, history: file.history, organizations: file.organizations)
    }

    /// Corrects a recorded event: a new event that names it and says why, judged like the step it
    /// corrects on the history as it stood on its date, and refused if it would make another
    /// recorded step break the rules. `given` is laid over the corrected event's data.
    public func correct(
        event id: Int64, reason: String, date: CivilDate?, given: EventData,
        recordedBy: String, recordedAt: String, today: CivilDate
    ) async throws -> Recorded {
        let original = try await originalEvent(id)
        // New names are read from the register as a new record's are (R5, R9).
        var resolved: EventData?
        return Self.warned(try await judgeAndAppend(try await person(of: original), data: [given.overlaid(on: original.data)], extra: { file in
            let current = try Self.current(of: original, in: file.history)
            let data = try await self.resolvingMembers(given.overlaid(on: current.data), step: current.step, workflow: file.workflow)
            resolved = data
            return try await self.memberChecks(step: current.step, data: data, on: date ?? current.date, workflow: file.workflow)
        }) { file, extra in
            let current = try Self.current(of: original, in: file.history)
            let request = RecordRequest(person: file.person.number, step: current.step, date: date ?? current.date,
                                        data: resolved ?? given.overlaid(on: current.data), recordedBy: recordedBy, recordedAt: recordedAt,
                                        today: today)
            return try prepare(file: file, step: current.step, request: request, corrects: current.id, reason: reason, extra: extra)
        }, today: today)
    }

    /// Withdraws an event recorded in error. A transition can be voided only when nothing was
    /// entered after it, and never when that would make another recorded step break the rules.
    public func void(event id: Int64, reason: String, recordedBy: String, recordedAt: String, today: CivilDate) async throws -> Recorded {
        let original = try await originalEvent(id)
        return try await judgeAndAppend(try await person(of: original), data: []) { file, _ in
            let current = try Self.current(of: original, in: file.history)
            try authorizeRecording(current.step, in: file)
            if file.workflow.step(current.step)?.enters != nil,
               let later = StageTimeline(history: file.history, workflow: file.workflow).spans.last, later.eventID != current.id {
                throw ServiceError.voidWouldOrphan(event: id, later: later.eventID)
            }
            let voiding = Event(
                id: 0, personID: original.personID, step: current.step, date: current.date, recordedAt: recordedAt,
                recordedBy: recordedBy, data: current.data, workflowVersion: file.person.workflowVersion,
                corrects: current.id, correctionReason: reason, voids: true)
            try Self.refuseNewViolations(adding: voiding, to: file, today: today)
            return voiding
        }
    }

    /// Whose event it is, by internal id (never by a number that happens to equal it).
    private func person(of event: Event) async throws -> PersonProfile {
        guard let person = try await store.person(id: event.personID) else { throw ServiceError.personNotFound(String(event.personID)) }
        return person
    }

    private func originalEvent(_ id: Int64) async throws -> Event {
        guard let original = try await store.event(id: id) else { throw ServiceError.eventNotFound(id) }
        if caller != nil, let person = try await store.person(id: original.personID) {
            // Another subtree's event is not found, as if it did not exist.
            do {
                try authorizeReading(try await personFile(person, data: []), key: person.number)
            } catch ServiceError.personNotFound {
                throw ServiceError.eventNotFound(id)
            }
        }
        return original
    }

    /// The event that stands for `original` now (itself, or its latest correction).
    private static func current(of original: Event, in history: History) throws -> Event {
        guard let current = history.effective.first(where: { history.originalID(of: $0.id) == history.originalID(of: original.id) }) else {
            throw ServiceError.alreadyVoided(original.id)
        }
        return current
    }

    /// Judges a step on a person's file and gives the event to record, or refuses.
    private func prepare(file: PersonFile, step: String, request: RecordRequest, corrects: Int64?, reason: String?,
                         extra: [Check] = []) throws -> Event {
        try authorizeRecording(step, in: file)
        try file.engine.validate(step: step, on: request.date, data: request.data, history: file.history, today: request.today)
        let event = Event(
            id: 0, personID: file.person.id, step: step, date: request.date, recordedAt: request.recordedAt,
            recordedBy: request.recordedBy, data: request.data, workflowVersion: file.person.workflowVersion,
            corrects: corrects, correctionReason: reason)
        // A correction is judged on the history as it stood on its date, without the event it
        // corrects; what it changes for later steps is checked by the audit below.
        let basis = corrects.map { file.history.asItStood(on: request.date, excluding: $0) } ?? file.history
        var verdict = file.engine.evaluate(step: step, on: request.date, data: request.data, history: basis, organizations: file.organizations)
        verdict.checks += extra
        if !verdict.allowed { throw ServiceError.refused(verdict, person: file.person, workflow: file.workflow) }
        if corrects != nil { try Self.refuseNewViolations(adding: event, to: file, today: request.today) }
        return event
    }

    /// A correction must not make other recorded steps break the rules silently: the person's
    /// history is audited before and after, and any new violation refuses it.
    static func refuseNewViolations(adding event: Event, to file: PersonFile, today: CivilDate) throws {
        var after = file.history
        var hypothetical = event
        hypothetical.id = Int64.max
        after.append(hypothetical)
        let auditor = Auditor(asOf: today)
        let engine = file.engine
        func violations(_ history: History) -> [Finding] {
            auditor.audit(history, engine: engine, organizations: file.organizations, organizationCode: "").filter { $0.severity == .violation }
        }
        func key(_ finding: Finding) -> String { "\(finding.source)|\(finding.step)|\(finding.rule)" }
        let existing = Set(violations(file.history).map(key))
        let introduced = violations(after).filter { !existing.contains(key($0)) }
        if !introduced.isEmpty { throw ServiceError.correctionBreaksRules(introduced) }
    }

    /// Reads the person's file, lets `judge` give the event (or refuse), and appends it expecting
    /// the version read; on a conflict, reads and judges again.
    private func judgeAndAppend(
        _ key: String, data: [EventData], extra: (PersonFile) async throws -> [Check] = { _ in [] },
        _ judge: (PersonFile, [Check]) throws -> Event
    ) async throws -> Recorded {
        guard let person = try await store.person(key) else { throw await personNotFound(key) }
        return try await judgeAndAppend(person, data: data, extra: extra, judge)
    }

    /// `extra` gives the checks that read other people (R25's plan, R5 and R9's named members)
    /// on the file read, handed to `judge`.
    private func judgeAndAppend(
        _ person: PersonProfile, data: [EventData], extra: (PersonFile) async throws -> [Check] = { _ in [] },
        _ judge: (PersonFile, [Check]) throws -> Event
    ) async throws -> Recorded {
        for _ in 0..<attempts {
            let file = try await personFile(person, data: data)
            try authorizeReading(file, key: person.number)
            if let expectedVersion, expectedVersion != file.version {
                throw ServiceError.stale(person: "\(person.name) (\(person.number))", expected: expectedVersion, actual: file.version)
            }
            let event = try judge(file, try await extra(file))
            do {
                let stored = try await store.append([event], to: person.id, expecting: file.version)
                return Recorded(event: stored[0], file: file)
            } catch .conflict {
                if let expectedVersion {
                    throw ServiceError.stale(person: "\(person.name) (\(person.number))", expected: expectedVersion, actual: expectedVersion + 1)
                }
                continue
            }
        }
        throw ServiceError.keptChanging(person: "\(person.name) (\(person.number))", attempts: attempts)
    }
}

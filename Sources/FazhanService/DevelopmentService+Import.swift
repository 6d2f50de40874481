import FazhanCore
import FazhanStore

/// A file whose rows have problems: nothing was imported. Every problem, by line, and notes that
/// help put them right (the steps of a workflow in which a step was not found).
public struct ImportRefusal: Error, Sendable {
    public var problems: [ImportProblem]
    public var notes: [String]
}

/// The bulk write of an import failed: nothing was imported.
public struct ImportWriteFailed: Error, Sendable {
    public var error: StoreError
}

/// How a front end shows an import's progress: started once the total is known, advanced as rows are written.
public protocol ImportProgress: AnyObject {
    func start(total: Int)
    func advance(by count: Int)
    func finish()
}

/// What an import did (or, in a dry run, would do).
public struct ImportOutcome: Sendable {
    public var added: Int
    public var alreadyPresent: Int
    /// For events: how many people they belong to.
    public var people: Int?
    /// For people: the workflow new people follow (`cpc-2014 version 1`, or `cpc-2014 (to be installed)` in a dry run).
    public var workflow: String?

    public init(added: Int, alreadyPresent: Int, people: Int? = nil, workflow: String? = nil) {
        self.added = added
        self.alreadyPresent = alreadyPresent
        self.people = people
        self.workflow = workflow
    }
}

extension DevelopmentService {
    /// `import people`: reads the roster against the organizations, skips the people already
    /// registered the same way, refuses the whole file (`ImportRefusal`) when any row has a
    /// problem, and registers the new people in one ingest (all or none), following `workflow`
    /// (else the database's default; installed with `loadWorkflow` when it is not yet).
    public func importRoster(
        _ sheet: consuming ImportSheet, workflow requested: String?, dryRun: Bool, today: CivilDate, createdAt: String, user: String,
        loadWorkflow: (String) throws -> WorkflowBundle, installed: (InstalledWorkflow) -> Void = { _ in },
        progress: (any ImportProgress)? = nil
    ) async throws -> ImportOutcome {
        let organizations = try await store.organizations()
        var reading = RosterImport.read(sheet, organizations: organizations, today: today)
        let existing = try await store.people(numbers: reading.entries.map(\.number))
        let idHolders = try await store.people(idNumbers: reading.entries.compactMap(\.idNumber))
        let plan = RosterImport.plan(reading.entries, existing: existing, idHolders: idHolders, organizations: organizations, sheet: sheet)
        // The plan holds the entries to register: the rows and the reading's copy are let go (a
        // million people's roster is held once through the writing).
        _ = consume sheet
        reading.entries = []
        let problems = reading.problems + plan.problems
        if !problems.isEmpty { throw ImportRefusal(problems: problems, notes: []) }
        var outcome = ImportOutcome(added: plan.new.count, alreadyPresent: plan.present.count)
        guard !plan.new.isEmpty else { return outcome }
        var requested = requested
        if requested == nil { requested = try await store.defaultWorkflowID() }
        guard let id = requested else { throw ServiceError.noDefaultWorkflow }
        if dryRun {
            if let version = try await store.latestVersion(of: id) {
                outcome.workflow = Catalogue.workflowVersion(version.workflowID, version.version)
            } else {
                outcome.workflow = Catalogue.toBeInstalled(try loadWorkflow(id).workflow.id)
            }
            return outcome
        }
        let chosen = try await workflowForNewPeople(requested: id, by: user, at: createdAt, load: loadWorkflow)
        if chosen.installedNow { installed(chosen.installed) }
        let version = chosen.installed
        outcome.workflow = Catalogue.workflowVersion(version.workflowID, version.version)
        progress?.start(total: plan.new.count)
        let versionID = version.version
        try await ingest { sink in
            try await sink.expect(people: plan.new.count, events: 0)
            for entry in plan.new {
                try await sink.addPerson(NewPerson(entry, workflowVersion: versionID, createdAt: createdAt, createdBy: user))
                progress?.advance(by: 1)
            }
        }
        progress?.finish()
        return outcome
    }

    /// `import events`: a legacy history, one row per step, checked against each person's
    /// workflow; the rows already recorded are skipped, a file with any bad row is refused
    /// (`ImportRefusal`), and the new events are written in one ingest, marked imported, each
    /// person's in date order, sealed and projected.
    public func importHistory(
        _ sheet: ImportSheet, dryRun: Bool, today: CivilDate, recordedAt: String, user: String,
        progress: (any ImportProgress)? = nil
    ) async throws -> ImportOutcome {
        let people = try await store.people(numbers: EventImport.numbers(in: sheet))
        var workflows: [Int64: Workflow] = [:]
        for version in Set(people.values.map(\.workflowVersion)) { workflows[version] = try await store.bundle(version: version).workflow }
        let existing = try await store.events(ofPeople: people.values.map(\.id))
        let plan = EventImport.plan(sheet, people: people, workflows: workflows, existing: existing,
                                    organizations: try await store.organizations(), today: today)
        var notes: [String] = []
        for id in plan.unknownStepWorkflows {
            guard let workflow = workflows.values.first(where: { $0.id == id }) else { continue }
            notes.append(Catalogue.stepsOf(id, workflow.steps.map { "\($0.id) (\($0.name))" }))
        }
        if !plan.problems.isEmpty { throw ImportRefusal(problems: plan.problems, notes: notes) }
        let outcome = ImportOutcome(added: plan.newCount, alreadyPresent: plan.present, people: plan.batches.count)
        guard !dryRun, plan.newCount > 0 else { return outcome }
        progress?.start(total: plan.newCount)
        try await ingest { sink in
            try await sink.expect(people: 0, events: plan.newCount)
            for batch in plan.batches {
                let events = batch.entries.map { entry in
                    Event(id: 0, personID: batch.person.id, step: entry.step, date: entry.date, recordedAt: recordedAt,
                          recordedBy: user, data: entry.data, workflowVersion: batch.person.workflowVersion, imported: true)
                }
                try await sink.addEvents(events, of: batch.person.id)
                progress?.advance(by: events.count)
            }
        }
        progress?.finish()
        return outcome
    }

    /// One ingest; a store error in it means nothing was imported (`ImportWriteFailed`).
    private func ingest(_ body: (any IngestSink) async throws -> Void) async throws {
        do {
            try await store.ingest(body)
        } catch let error as StoreError {
            throw ImportWriteFailed(error: error)
        }
    }
}

extension NewPerson {
    /// The person a roster row registers (a blank League cell: not a member).
    public init(_ entry: RosterImport.Entry, workflowVersion: Int64, createdAt: String, createdBy: String) {
        self.init(number: entry.number, name: entry.name, organizationCode: entry.organization.code,
                  category: entry.category, gender: entry.gender, birthDate: entry.birthDate,
                  ethnicity: entry.ethnicity, education: entry.education, level: entry.level, grade: entry.grade,
                  leagueMember: entry.leagueMember ?? false, idNumber: entry.idNumber,
                  workflowVersion: workflowVersion, createdAt: createdAt, createdBy: createdBy)
    }
}

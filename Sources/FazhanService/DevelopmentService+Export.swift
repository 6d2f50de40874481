import FazhanCore
import FazhanStore

/// The stages of the installed workflows, in each workflow's order (an id found in several with
/// the first workflow's name), and those through which people leave the process.
public struct ExportStages: Sendable {
    public var stages: [(id: String, name: String)]
    public var exits: Set<String>

    /// The stage id `text` names, by id or by name.
    public func id(for text: String) -> String? {
        stages.first { $0.id == text }?.id ?? stages.first { $0.name == text }?.id
    }

    public func name(of id: String) -> String {
        stages.first { $0.id == id }?.name ?? id
    }
}

/// An export ready to stream: how many units it covers (for a progress bar), and its rows, read
/// one at a time in one consistent read, handed to the front end's writer as they come.
public struct PeopleExport: Sendable {
    public let total: Int
    let store: any EventStore
    let scope: ExportScope

    /// Every person in scope, in number order, with their current stage and organization.
    public func rows(_ body: (PersonListing) throws -> Void) async throws {
        try await store.forEachPerson(in: scope, body)
    }
}

public struct EventsExport: Sendable {
    public let total: Int
    let store: any EventStore
    let scope: ExportScope
    let workflows: [Int64: Workflow]

    /// Every event in scope (person by person in number order, each person's in recording
    /// order), with its step's name in the workflow it was recorded under (nil if unknown).
    public func rows(_ body: (PersonListing, Event, _ stepName: String?) throws -> Void) async throws {
        let workflows = self.workflows
        try await store.forEachEvent(in: scope) { listing, event in
            try body(listing, event, workflows[event.workflowVersion]?.step(event.step)?.name)
        }
    }
}

/// One person in a stage on a date, with the organization holding them then.
public struct StageRow: Sendable {
    public var person: PersonProfile
    public var organization: Organization?
    public var since: CivilDate?
    public var asOf: CivilDate
}

public struct StageExport: Sendable {
    public let total: Int
    public let stageID: String
    public let stageName: String
    let store: any EventStore
    let scope: ExportScope
    let asOf: CivilDate?
    let today: CivilDate
    let directory: OrganizationDirectory
    let within: Set<Int64>?
    let engines: [Int64: Engine]

    /// Calls `body` once per unit of `total`: with the row of a person in the stage, or nil for
    /// a person looked at and left out (a past date replays every history).
    public func rows(_ body: (StageRow?) throws -> Void) async throws {
        let directory = self.directory
        guard let asOf else {
            let today = self.today
            try await store.forEachPerson(in: scope) { listing in
                try body(StageRow(person: listing.profile, organization: directory.organization(code: listing.organizationCode),
                                  since: listing.stageSince, asOf: today))
            }
            return
        }
        let engines = self.engines
        let stageID = self.stageID
        let within = self.within
        try await store.forEachHistory(in: ExportScope()) { listing, history in
            guard let engine = engines[history.person.workflowVersion],
                  let span = engine.stage(of: history, asOf: asOf), span.stage == stageID else { return try body(nil) }
            let organizationID = engine.organizationID(of: history, asOf: asOf, organizations: directory)
            if let within, !within.contains(organizationID) { return try body(nil) }
            try body(StageRow(person: listing.profile, organization: directory.byID[organizationID], since: span.effectiveFrom, asOf: asOf))
        }
    }
}

extension DevelopmentService {
    /// The stages of the installed workflows, for resolving a stage given by id or name.
    public func exportStages() async throws -> ExportStages {
        var seen: Set<String> = []
        var stages: [(id: String, name: String)] = []
        var exits: Set<String> = []
        for version in try await store.installedWorkflows() {
            for stage in try await store.bundle(version: version.version).workflow.stages {
                if stage.isExit { exits.insert(stage.id) }
                if seen.insert(stage.id).inserted { stages.append((stage.id, stage.name)) }
            }
        }
        return ExportStages(stages: stages, exits: exits)
    }

    /// `export people`: people with their current stage; those who left are left out unless `all`
    /// (or a stage is asked for).
    public func exportPeople(organization: String?, stageID: String?, all: Bool, stages: ExportStages) async throws -> PeopleExport {
        let scope = ExportScope(organizationCode: organization, stage: stageID, excludedStages: all || stageID != nil ? [] : stages.exits)
        return PeopleExport(total: try await store.exportCount(scope).people, store: store, scope: scope)
    }

    /// `export events`: every recorded event within the dates; those of people who left are left out unless `all`.
    public func exportEvents(organization: String?, from: CivilDate?, to: CivilDate?, all: Bool) async throws -> EventsExport {
        var workflows: [Int64: Workflow] = [:]
        for installed in try await store.installedWorkflows() {
            workflows[installed.version] = try await store.bundle(version: installed.version).workflow
        }
        let exits = all ? [] : try await exportStages().exits
        let scope = ExportScope(organizationCode: organization, excludedStages: exits, from: from, to: to)
        return EventsExport(total: try await store.exportCount(scope).events, store: store, scope: scope, workflows: workflows)
    }

    /// `export persons-in-stage`: the people in a stage today (the projection), or as of a past
    /// date (every history replayed, in the organization holding each person then).
    public func exportPersonsInStage(
        stageID: String, stages: ExportStages, asOf: CivilDate?, organization: String?, today: CivilDate
    ) async throws -> StageExport {
        let directory = try await store.organizationDirectory()
        guard asOf != nil else {
            let scope = ExportScope(organizationCode: organization, stage: stageID)
            return StageExport(
                total: try await store.exportCount(scope).people, stageID: stageID, stageName: stages.name(of: stageID), store: store,
                scope: scope, asOf: nil, today: today, directory: directory, within: nil, engines: [:])
        }
        var within: Set<Int64>?
        if let organization {
            guard let root = directory.organization(code: organization) else { throw ServiceError.organizationNotFound(organization) }
            within = Set(directory.byID.keys.filter { id in directory.chain(from: id).contains { $0.id == root.id } })
        }
        var engines: [Int64: Engine] = [:]
        for installed in try await store.installedWorkflows() {
            engines[installed.version] = Engine(bundle: try await store.bundle(version: installed.version))
        }
        return StageExport(
            total: try await store.exportCount(ExportScope()).people, stageID: stageID, stageName: stages.name(of: stageID), store: store,
            scope: ExportScope(), asOf: asOf, today: today, directory: directory, within: within, engines: engines)
    }
}

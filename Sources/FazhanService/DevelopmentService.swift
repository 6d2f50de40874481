import FazhanCore
import FazhanStore

/// The use cases of developing party members, on any `EventStore`: front ends (the `fazhan`
/// command line, the server) parse, call one of these and render what comes back.
///
/// Recording judges the guards on the history as read and appends expecting that history's
/// version; when someone else recorded for the same person in between, it reads and judges again
/// (guards depend only on the history, so a retry is safe), at most `attempts` times.
public struct DevelopmentService: Sendable {
    public let store: any EventStore
    /// How many times a write is judged before giving up on a person others keep recording for.
    public let attempts: Int
    /// Who is asking, on the server (see `acting(as:)`); nil on the command line, which opens
    /// the database itself and may do everything.
    public internal(set) var caller: Caller?
    /// The person's version a write was asked for (an HTTP `If-Match`); nil to judge on whatever
    /// is recorded when the write runs. See `expecting(version:)`.
    public internal(set) var expectedVersion: Int64?

    public init(store: any EventStore, attempts: Int = 5) {
        self.store = store
        self.attempts = max(1, attempts)
    }

    /// One person's file, found by number (学号/工号) or internal id. `data` is the data of the
    /// steps about to be judged (the organizations it names are read too).
    public func personFile(_ key: String, data: [EventData] = []) async throws -> PersonFile {
        guard let person = try await store.person(key) else { throw await personNotFound(key) }
        let file = try await personFile(person, data: data)
        try authorizeReading(file, key: key)
        return file
    }

    func personFile(_ person: PersonProfile, data: [EventData]) async throws -> PersonFile {
        let bundle = try await store.bundle(version: person.workflowVersion)
        let versioned = try await store.versionedHistory(personID: person.id)
        let organizations = try await store.organizationDirectory(
            reaching: OrganizationReach(history: versioned.history, data: data))
        let roster = Engine(bundle: bundle).judgesRoster ? RosterBook(try await store.memberships()) : RosterBook()
        return PersonFile(person: versioned.history.person, bundle: bundle, history: versioned.history, version: versioned.version,
                          organizations: organizations, roster: roster)
    }

    /// Accepts a step id or its Chinese name.
    public static func step(_ text: String, in workflow: Workflow) throws -> Step {
        if let step = workflow.step(text) ?? workflow.steps.first(where: { $0.name == text }) { return step }
        throw ServiceError.unknownStep(text, workflow: workflow.id, known: workflow.steps.map { "\($0.id) (\($0.name))" })
    }

    /// Accepts a stage id or its Chinese name.
    public static func stage(_ text: String, in workflow: Workflow) throws -> Stage {
        if let stage = workflow.stages.first(where: { $0.id == text || $0.name == text }) { return stage }
        throw ServiceError.unknownStage(text, workflow: workflow.id, known: workflow.stages.map { "\($0.id) (\($0.name))" })
    }

    /// The step that enters a stage (the one `advance` records).
    public static func enteringStep(of stage: Stage, in workflow: Workflow) throws -> Step {
        guard let step = workflow.enteringStep(for: stage.id) else {
            throw ServiceError.noEnteringStep(stage: stage.name, workflow: workflow.id)
        }
        return step
    }
}

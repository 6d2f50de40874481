import FazhanCore
import FazhanStore
import Foundation
import Synchronization

/// The people in scope (`--org`, `--person`) with their engines, for audit and agenda.
public struct Scope: Sendable {
    let store: any EventStore
    /// The whole tree, or with `wholeTree: false` only the scope's organization (see
    /// `organizations(reaching:)`).
    public let organizations: OrganizationDirectory
    private let organization: String?
    private let person: PersonProfile?
    private var engines: [Int64: Engine] = [:]
    public private(set) var versions: [InstalledWorkflow] = []
    /// "As recorded on": only what had been recorded by this instant is read (nil: everything).
    public let cutoff: RecordedCutoff?
    /// What was registered after the cutoff (empty without one).
    public let later: LaterRecords

    public init(store: any EventStore, organization: String?, person: String?, wholeTree: Bool = true,
                asRecorded cutoff: RecordedCutoff? = nil) async throws {
        self.store = store
        self.organization = organization
        self.cutoff = cutoff
        var later = LaterRecords()
        if let cutoff { later = try await store.recordedLater(than: cutoff) }
        self.later = later
        let directory = wholeTree ? try await store.organizationDirectory()
            : try await store.organizationDirectory(reaching: OrganizationReach(codes: Set([organization].compactMap { $0 })))
        organizations = later.organizations.isEmpty ? directory
            : OrganizationDirectory(directory.byID.values.filter { !later.organizations.contains($0.code) })
        if let organization, organizations.organization(code: organization) == nil {
            throw ServiceError.organizationNotFound(organization)
        }
        if let person {
            guard let profile = try await store.person(person), !later.people.contains(profile.id) else {
                throw ServiceError.personNotFound(person)
            }
            self.person = profile
        } else {
            self.person = nil
        }
        let installed = Dictionary(uniqueKeysWithValues: try await store.installedWorkflows()
            .filter { !later.workflowVersions.contains($0.version) }.map { ($0.version, $0) })
        // Every version people follow when looking over everyone (a scan that the whole pass
        // dwarfs); for one organization or person, the installed versions (a table of a few rows).
        let inUse: [Int64]
        if let person = self.person {
            inUse = [person.workflowVersion]
        } else if organization != nil {
            inUse = Array(installed.keys)
        } else {
            inUse = try await store.workflowVersionsInUse()
        }
        for version in Set(inUse).sorted() {
            engines[version] = Engine(bundle: try await store.bundle(version: version))
            if let workflow = installed[version] { versions.append(workflow) }
        }
        // The branches' full members for the rules judging a meeting's 应到 (R13), as recorded by
        // the cutoff: an audit as recorded on a date reads the counts recorded by then.
        if engines.values.contains(where: \.judgesRoster) {
            let counts = try await store.memberships()
            let roster = RosterBook(cutoff.map { cutoff in counts.filter { cutoff.includes($0.recordedAt) } } ?? counts)
            for version in engines.keys { engines[version]?.roster = roster }
        }
    }

    /// The organizations that judging `histories` can look up (and the scope's own), with
    /// their ancestors: see `OrganizationReach`.
    public func organizations(reaching histories: [History]) async throws -> OrganizationDirectory {
        var reach = OrganizationReach(codes: Set([organization].compactMap { $0 }))
        for history in histories { reach.add(history) }
        let directory = try await store.organizationDirectory(reaching: reach)
        return later.organizations.isEmpty ? directory
            : OrganizationDirectory(directory.byID.values.filter { !later.organizations.contains($0.code) })
    }

    /// Every history in scope, one at a time (the whole database is never held in memory).
    /// As recorded on a date, each history holds only the events recorded by then, and people
    /// registered later with nothing recorded by then are left out.
    public func forEachHistory(_ body: (History) throws -> Void) async throws {
        try await withoutActuallyEscaping(body) { body in
            let visit: (History) throws -> Void
            if let cutoff {
                let later = self.later
                visit = { history in
                    let kept = history.events.filter { cutoff.includes($0.recordedAt) }
                    if kept.isEmpty, later.people.contains(history.person.id) { return }
                    try body(kept.count == history.events.count ? history : History(person: history.person, events: kept))
                }
            } else {
                visit = body
            }
            if let person {
                try visit(try await store.history(personID: person.id))
            } else {
                try await store.forEachHistory(organizationCode: organization, visit)
            }
        }
    }

    /// Every history in scope, in batches, each batch's results computed on every core and
    /// handed back in the batch's order. A batch is worked on while the next one is read.
    public func map<T: Sendable>(batch size: Int = 2000, _ transform: @escaping @Sendable (History) -> T, _ consume: ([T]) throws -> Void) async throws {
        let group = DispatchGroup()
        var inFlight: (count: Int, slices: Int, results: BatchResults<T>)?
        defer { group.wait() }
        // Hands the batch in flight, once done, to `consume` in order.
        func finish() throws {
            guard let (count, slices, results) = inFlight else { return }
            inFlight = nil
            group.wait()
            let parts = results.parts.withLock { $0 }
            var ordered: [T] = []
            ordered.reserveCapacity(count)
            for index in 0..<count { ordered.append(parts[index % slices][index / slices]) }
            try consume(ordered)
        }
        var batch: [History] = []
        batch.reserveCapacity(size)
        func flush() throws {
            try finish()
            let histories = batch
            let slices = max(1, min(ProcessInfo.processInfo.activeProcessorCount, histories.count / 64))
            let results = BatchResults<T>(slices: slices)
            inFlight = (histories.count, slices, results)
            // The threads judge in the caller's language (a task-local does not cross to them).
            let language = Language.current
            DispatchQueue.global().async(group: group) {
                DispatchQueue.concurrentPerform(iterations: slices) { slice in
                    let range = stride(from: slice, to: histories.count, by: slices)
                    let part = Language.$current.withValue(language) { range.map { transform(histories[$0]) } }
                    results.parts.withLock { $0[slice] = part }
                }
            }
            batch = []
            batch.reserveCapacity(size)
        }
        try await forEachHistory { history in
            batch.append(history)
            if batch.count == size { try flush() }
        }
        if !batch.isEmpty { try flush() }
        try finish()
    }

    /// Every history in scope, collected (for callers that need them all at once).
    public func histories() async throws -> [History] {
        var all: [History] = []
        try await forEachHistory { all.append($0) }
        return all.sorted { $0.person.number < $1.person.number }
    }

    public func engine(for history: History) -> Engine { engines[history.person.workflowVersion]! }

    /// The workflow of each rule version in scope.
    public var workflows: [Int64: Workflow] { engines.mapValues(\.workflow) }

    /// The organization holding the person on a date (after transfers), looked up in the
    /// scope's organizations or in `directory`.
    public func organizationCode(of history: History, asOf date: CivilDate, in directory: OrganizationDirectory? = nil) -> String {
        let organizations = directory ?? self.organizations
        return organizations.byID[engine(for: history).organizationID(of: history, asOf: date, organizations: organizations)]?.code ?? ""
    }

    public var versionsLine: String {
        "rules: " + versions.map { "\($0.workflowID) v\($0.version) (sha256 \($0.sha256.prefix(12)))\($0.provisional ? " provisional" : "")" }
            .joined(separator: "; ")
    }
}

/// The results of one batch of `Scope.map`, one part per slice, filled on other threads.
private final class BatchResults<T: Sendable>: Sendable {
    let parts: Mutex<[[T]]>

    init(slices: Int) {
        parts = Mutex(Array(repeating: [], count: slices))
    }
}


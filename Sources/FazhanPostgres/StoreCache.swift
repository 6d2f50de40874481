import FazhanCore
import FazhanStore
import Synchronization

/// What a `PostgresStore` keeps between requests, so that a server reads and writes one person
/// in one or two statements instead of a dozen.
///
/// Everything here is immutable in the database or checked before use:
/// - people and organizations are never updated (triggers refuse it), so a profile or an
///   organization read once stays true; a number or code not held here is looked up again;
/// - events are append-only and a person's events are written in id order (their writers are
///   serialized), so a cached history is a prefix of the stored one. Every read asks the
///   person's version together with the events after the last one held, in one statement; a
///   history whose count does not come out equal to the version is read again whole;
/// - installed workflow versions are append-only: the list is read again when their count or
///   highest id moves;
/// - the members of a subtree are only a hint for which events to ask after: each read asks who
///   the members are;
/// - sessions are held for two seconds at most, and only while `followAccountChanges` hears
///   every change to sessions and grants (each drops them all).
///
/// The cache is bounded: past `maximumPeople` people, histories or sessions it starts again empty.
final class StoreCache: Sendable {
    /// The seal of a person's last event.
    struct Head: Sendable, Hashable {
        var sequence: Int64
        var hash: String
    }

    struct CachedHistory: Sendable {
        var events: [Event]
        /// The last event's seal, nil when it has none (read before sealing, or never sealed).
        var head: Head?
        var lastID: Int64 { events.last?.id ?? 0 }
    }

    private struct State: Sendable {
        var people: [Int64: PersonProfile] = [:]
        var idByNumber: [String: Int64] = [:]
        var histories: [Int64: CachedHistory] = [:]
        var organizations: [Int64: Organization] = [:]
        var organizationByCode: [String: Int64] = [:]
        /// Sessions by token hash, with when they were read; held only while `holdingSessions`.
        var sessions: [String: (signedIn: SignedIn, readAt: ContinuousClock.Instant)] = [:]
        var holdingSessions = false
        /// Moves on with every change announced: a session read before it is not kept after it.
        var sessionGeneration: UInt64 = 0
        /// The installed workflow versions, with their count and highest id when read.
        var installed: (count: Int64, highest: Int64, list: [InstalledWorkflow])?
        /// The people last found in an organization's subtree (a hint: each read asks again).
        var members: [String: [Int64]] = [:]
    }

    /// How long a session is answered from memory at most, even without a change announced (in
    /// case an announcement was lost with a connection not yet known to be lost).
    static let sessionLifetime: Swift.Duration = .seconds(2)

    let maximumPeople: Int
    private let state = Mutex(State())

    init(maximumPeople: Int = 20_000) {
        self.maximumPeople = maximumPeople
    }

    // MARK: People

    func person(number: String) -> PersonProfile? {
        state.withLock { state in state.idByNumber[number].flatMap { state.people[$0] } }
    }

    func person(id: Int64) -> PersonProfile? {
        state.withLock { $0.people[id] }
    }

    func remember(_ person: PersonProfile) {
        state.withLock { state in
            if state.people.count >= maximumPeople {
                state.people.removeAll(keepingCapacity: true)
                state.idByNumber.removeAll(keepingCapacity: true)
            }
            state.people[person.id] = person
            state.idByNumber[person.number] = person.id
        }
    }

    // MARK: Histories

    func history(of personID: Int64) -> CachedHistory? {
        state.withLock { $0.histories[personID] }
    }

    /// Keeps `history` unless a longer one is already held (another request read further).
    func remember(_ history: CachedHistory, of personID: Int64) {
        state.withLock { state in
            if let held = state.histories[personID], held.events.count > history.events.count { return }
            if state.histories.count >= maximumPeople, state.histories[personID] == nil {
                state.histories.removeAll(keepingCapacity: true)
            }
            state.histories[personID] = history
        }
    }

    /// Adds an event just written to the history held, if it is held at exactly `version`.
    func appended(_ event: Event, head: Head, to personID: Int64, at version: Int64) {
        state.withLock { state in
            guard var held = state.histories[personID], Int64(held.events.count) == version else { return }
            held.events.append(event)
            held.head = head
            state.histories[personID] = held
        }
    }

    // MARK: Sessions

    /// A session held and still valid at `now` (its expiry compared as the database does, byte by byte).
    func session(tokenHash: String, now: String) -> SignedIn? {
        state.withLock { state -> SignedIn? in
            guard state.holdingSessions, let held = state.sessions[tokenHash] else { return nil }
            guard held.readAt.duration(to: .now) < Self.sessionLifetime, now.utf8.lexicographicallyPrecedes(held.signedIn.expiresAt.utf8) else {
                state.sessions[tokenHash] = nil
                return nil
            }
            return held.signedIn
        }
    }

    /// The generation to pass to `remember(_:generation:)` after reading a session, or nil
    /// when sessions are not held.
    func sessionGeneration() -> UInt64? {
        state.withLock { $0.holdingSessions ? $0.sessionGeneration : nil }
    }

    /// Keeps a session read, unless a change was announced since `generation` was taken.
    func remember(_ signedIn: SignedIn, generation: UInt64) {
        state.withLock { state in
            guard state.holdingSessions, state.sessionGeneration == generation else { return }
            if state.sessions.count >= maximumPeople { state.sessions.removeAll(keepingCapacity: true) }
            state.sessions[signedIn.tokenHash] = (signedIn, .now)
        }
    }

    /// A change to sessions or grants: every session held is dropped.
    func sessionsChanged() {
        state.withLock { state in
            state.sessionGeneration &+= 1
            state.sessions.removeAll(keepingCapacity: true)
        }
    }

    /// Starts or stops holding sessions (while changes are heard, and only then).
    func holdSessions(_ holding: Bool) {
        state.withLock { state in
            state.sessionGeneration &+= 1
            state.sessions.removeAll(keepingCapacity: true)
            state.holdingSessions = holding
        }
    }

    // MARK: Workflows and subtrees

    /// The installed versions held, if they are still `count` with `highest` the highest id.
    func installed(count: Int64, highest: Int64) -> [InstalledWorkflow]? {
        state.withLock { state in
            guard let held = state.installed, held.count == count, held.highest == highest else { return nil }
            return held.list
        }
    }

    func remember(installed: [InstalledWorkflow]) {
        state.withLock { $0.installed = (Int64(installed.count), installed.map(\.version).max() ?? 0, installed) }
    }

    func members(of code: String) -> [Int64]? {
        state.withLock { $0.members[code] }
    }

    func remember(members: [Int64], of code: String) {
        state.withLock { state in
            if state.members.count >= 10_000 { state.members.removeAll(keepingCapacity: true) }
            state.members[code] = members
        }
    }

    func forgetMembers(of code: String) {
        _ = state.withLock { $0.members.removeValue(forKey: code) }
    }

    // MARK: Organizations

    /// The organizations `reach` names with all their ancestors, in id order, or nil when an id
    /// or code is not held (it may have been added since).
    func directory(reaching reach: OrganizationReach) -> OrganizationDirectory? {
        state.withLock { state in
            var pending: [Int64] = []
            for id in reach.ids {
                guard state.organizations[id] != nil else { return nil }
                pending.append(id)
            }
            for code in reach.codes {
                guard let id = state.organizationByCode[code] else { return nil }
                pending.append(id)
            }
            return Self.closure(pending, in: state.organizations)
        }
    }

    /// As `directory(reaching:)` after every organization was read: ids and codes that name
    /// nothing are left out.
    func directory(reaching reach: OrganizationReach, afterLoading organizations: [Organization]) -> OrganizationDirectory {
        state.withLock { state in
            for organization in organizations {
                state.organizations[organization.id] = organization
                state.organizationByCode[organization.code] = organization.id
            }
            let pending = reach.ids.filter { state.organizations[$0] != nil } + reach.codes.compactMap { state.organizationByCode[$0] }
            return Self.closure(pending, in: state.organizations)
        }
    }

    func remember(_ organization: Organization) {
        state.withLock { state in
            state.organizations[organization.id] = organization
            state.organizationByCode[organization.code] = organization.id
        }
    }

    /// The organization holding `code`, if held.
    func organizationID(code: String) -> Int64? {
        state.withLock { $0.organizationByCode[code] }
    }

    private static func closure(_ start: [Int64], in organizations: [Int64: Organization]) -> OrganizationDirectory {
        var reached = Set<Int64>()
        var pending = start
        while let id = pending.popLast() {
            guard reached.insert(id).inserted, let organization = organizations[id] else { continue }
            if let parent = organization.parentID { pending.append(parent) }
        }
        return OrganizationDirectory(reached.sorted().compactMap { organizations[$0] })
    }
}

import FazhanCore
import FazhanPostgres
import FazhanStore
import Foundation
import PostgresNIO
import Testing

/// A store answers people, organizations and histories partly from memory (`StoreCache`): two
/// servers on one database must still see each other's writes at once, a race between them must
/// still let exactly one writer through, and a history written out of id order must still be read
/// whole.
@Suite(.enabled(if: testURL != nil, "FAZHAN_TEST_POSTGRES_URL names no PostgreSQL cluster"))
struct StoreCacheTests {
    /// A committee, a branch, two people and the workflow.
    static func setUp(_ store: PostgresStore) async throws -> (version: Int64, people: [PersonProfile]) {
        let installed = try await store.install(try loadBundle(), by: "test", at: "2026-01-01T00:00:00Z")
        _ = try await store.addOrganization(NewOrganization(code: "U", name: "校党委", kind: .committee, parentCode: nil, category: nil,
                                                            canApprove: true, createdAt: "t", createdBy: "test"))
        _ = try await store.addOrganization(NewOrganization(code: "U-S1", name: "本科生第一党支部", kind: .branch, parentCode: "U",
                                                            category: .student, canApprove: false, createdAt: "t", createdBy: "test"))
        var people: [PersonProfile] = []
        for number in ["2023001", "2023002"] {
            people.append(try await store.addPerson(NewPerson(
                number: number, name: "学生\(number)", organizationCode: "U-S1", category: .student, gender: .female,
                birthDate: CivilDate("2004-05-02"), leagueMember: true, workflowVersion: installed.version, createdAt: "t",
                createdBy: "test")))
        }
        return (installed.version, people)
    }

    static func event(_ person: PersonProfile, _ step: String, _ date: String, version: Int64, note: String? = nil) -> Event {
        Event(id: 0, personID: person.id, step: step, date: CivilDate(date)!, recordedAt: "2026-01-01T00:00:00Z",
              recordedBy: "test", data: EventData(note: note), workflowVersion: version)
    }

    /// A second store (a second server) over the same database as `store`.
    static func withSecondStore<T: Sendable>(_ store: PostgresStore, _ body: @Sendable (PostgresStore) async throws -> T) async throws -> T {
        try await PostgresStore.withStore(target: store.target, logger: quiet, body)
    }

    @Test func aSecondServerSeesTheFirstServersWritesAtOnce() async throws {
        try await withFreshStore { first in
            let (version, people) = try await Self.setUp(first)
            let person = people[0]
            #expect(try await first.versionedHistory(personID: person.id).version == 0)
            try await Self.withSecondStore(first) { second in
                #expect(try await second.versionedHistory(personID: person.id).version == 0)
                _ = try await second.append([Self.event(person, "submit_application", "2024-03-01", version: version)], to: person.id, expecting: 0)
                _ = try await second.append([Self.event(person, "initial_talk", "2024-03-20", version: version)], to: person.id, expecting: 1)
                // The first store held version 0: it reads the two events at once.
                let seen = try await first.versionedHistory(personID: person.id)
                #expect(seen.version == 2)
                #expect(seen.history.events.map(\.step) == ["submit_application", "initial_talk"])
                // The first writes on what it read; the second, still at 2, is stale and writes nothing.
                _ = try await first.append([Self.event(person, "thought_report", "2024-04-01", version: version)], to: person.id, expecting: 2)
                do {
                    _ = try await second.append([Self.event(person, "thought_report", "2024-04-02", version: version)], to: person.id, expecting: 2)
                    Issue.record("a stale append was accepted")
                } catch let error as StoreError {
                    guard case .conflict = error else { Issue.record("not a conflict: \(error)"); return }
                }
                let after = try await second.versionedHistory(personID: person.id)
                #expect(after.version == 3)
                #expect(after.history.events.map(\.date.description) == ["2024-03-01", "2024-03-20", "2024-04-01"])
            }
            // What each store holds is exactly what a store that holds nothing reads.
            let held = try await first.versionedHistory(personID: person.id).history.events
            let fresh = try await Self.withSecondStore(first) { third in try await third.versionedHistory(personID: person.id).history.events }
            #expect(held == fresh)
            try await settle(first)
            let report = try await first.verify()
            #expect(report.isIntact, "\(report.problems)")
            #expect(report.events == 3 && report.seals == 3)
        }
    }

    @Test func twoServersRacingOnOneHeldHistoryLetOneThrough() async throws {
        try await withFreshStore { first in
            let (version, people) = try await Self.setUp(first)
            let person = people[1]
            _ = try await first.append([Self.event(person, "submit_application", "2024-03-01", version: version)], to: person.id, expecting: 0)
            try await Self.withSecondStore(first) { second in
                for round in 1...20 {
                    let expected = Int64(round)
                    let seenFirst = try await first.versionedHistory(personID: person.id).version
                    let seenSecond = try await second.versionedHistory(personID: person.id).version
                    #expect(seenFirst == expected && seenSecond == expected)
                    let outcomes = await withTaskGroup(of: Bool.self) { group in
                        for store in [first, second] {
                            group.addTask {
                                do {
                                    _ = try await store.append(
                                        [Self.event(person, "thought_report", "2024-04-01", version: version, note: "round \(round)")],
                                        to: person.id, expecting: expected)
                                    return true
                                } catch {
                                    if case .conflict = error as? StoreError {} else { Issue.record("not a conflict: \(error)") }
                                    return false
                                }
                            }
                        }
                        var outcomes: [Bool] = []
                        for await outcome in group { outcomes.append(outcome) }
                        return outcomes
                    }
                    #expect(outcomes.filter { $0 }.count == 1, "round \(round): \(outcomes)")
                }
            }
            let history = try await first.versionedHistory(personID: person.id)
            #expect(history.version == 21)
            #expect(history.history.events.map(\.id) == history.history.events.map(\.id).sorted())
            try await settle(first)
            let report = try await first.verify()
            #expect(report.isIntact, "\(report.problems)")
            #expect(report.events == 21 && report.seals == 21)
        }
    }

    @Test func anEventWrittenBelowTheLastIdIsStillRead() async throws {
        try await withFreshStore { store in
            let (version, people) = try await Self.setUp(store)
            let person = people[0]
            try await store.client.query("SELECT setval(pg_get_serial_sequence('event', 'id'), 100)")
            _ = try await store.append([Self.event(person, "submit_application", "2024-03-01", version: version)], to: person.id, expecting: 0)
            #expect(try await store.versionedHistory(personID: person.id).history.events.map(\.id) == [101])
            // As a bulk import that took its id before the last write and committed after it.
            try await store.client.query("""
                INSERT INTO event (id, person_id, step, occurred_on, recorded_at, recorded_by, data, workflow_version)
                VALUES (50, \(person.id), 'initial_talk', '2024-03-20', '2026-01-01T00:00:00Z', 'import', '{}', \(version))
                """)
            try await store.client.query("UPDATE person_state SET version = version + 1 WHERE person_id = \(person.id)")
            let read = try await store.versionedHistory(personID: person.id)
            #expect(read.version == 2)
            #expect(read.history.events.map(\.id) == [50, 101])
        }
    }

    @Test func anOrganizationAddedByAnotherServerIsFound() async throws {
        try await withFreshStore { first in
            _ = try await Self.setUp(first)
            let before = try await first.organizationDirectory(reaching: OrganizationReach(codes: ["U-S1"]))
            #expect(before.byID.values.map(\.code).sorted() == ["U", "U-S1"])
            try await Self.withSecondStore(first) { second in
                _ = try await second.addOrganization(NewOrganization(
                    code: "U-S2", name: "本科生第二党支部", kind: .branch, parentCode: "U", category: .student, canApprove: false,
                    createdAt: "t", createdBy: "test"))
            }
            let after = try await first.organizationDirectory(reaching: OrganizationReach(codes: ["U-S2", "NOWHERE"]))
            #expect(after.byID.values.map(\.code).sorted() == ["U", "U-S2"])
            #expect(try await first.organizationDirectory(reaching: OrganizationReach(codes: ["NOWHERE"])).byID.isEmpty)
        }
    }

    @Test func aPersonRegisteredByAnotherServerIsFoundAndANumberBeatsAnID() async throws {
        try await withFreshStore { first in
            let (version, people) = try await Self.setUp(first)
            // "1" is nobody's number yet: it finds the person with internal id 1.
            #expect(try await first.person("\(people[0].id)")?.number == people[0].number)
            let registered = try await Self.withSecondStore(first) { second in
                try await second.addPerson(NewPerson(
                    number: "\(people[0].id)", name: "编号为一", organizationCode: "U-S1", category: .student, gender: .male,
                    birthDate: CivilDate("2004-01-01"), leagueMember: false, workflowVersion: version, createdAt: "t", createdBy: "test"))
            }
            // Now the number is someone's: the number wins, as on SQLite.
            #expect(try await first.person("\(people[0].id)")?.id == registered.id)
            #expect(try await first.person(id: people[0].id)?.number == people[0].number)
        }
    }
}

extension StoreCacheTests {
    /// Each history of a subtree as (person id, event ids), in the order given.
    static func summary(_ store: PostgresStore, _ code: String) async throws -> [String] {
        var lines: [String] = []
        try await store.forEachHistory(organizationCode: code) { history in
            lines.append("\(history.person.id) \(history.person.number) | \(history.events.map { "\($0.id) \($0.step)" }.joined(separator: ", "))")
        }
        return lines
    }

    @Test func aBranchReadAgainSeesWhatAnotherServerWroteAndWhoLeft() async throws {
        try await withFreshStore { first in
            let (version, people) = try await Self.setUp(first)
            _ = try await first.addOrganization(NewOrganization(
                code: "U-S2", name: "本科生第二党支部", kind: .branch, parentCode: "U", category: .student, canApprove: false,
                createdAt: "t", createdBy: "test"))
            _ = try await first.append([Self.event(people[0], "submit_application", "2024-03-01", version: version)], to: people[0].id, expecting: 0)
            let streamed = try await Self.summary(first, "U-S1")
            #expect(streamed.count == 2)
            // Read again: from what the store holds, the same.
            #expect(try await Self.summary(first, "U-S1") == streamed)
            try await Self.withSecondStore(first) { second in
                _ = try await second.append([Self.event(people[0], "initial_talk", "2024-03-20", version: version)], to: people[0].id, expecting: 1)
                _ = try await second.addPerson(NewPerson(
                    number: "2023003", name: "新同学", organizationCode: "U-S1", category: .student, gender: .male,
                    birthDate: CivilDate("2004-01-01"), leagueMember: false, workflowVersion: version, createdAt: "t", createdBy: "test"))
                var transfer = Self.event(people[1], "submit_application", "2024-03-01", version: version)
                _ = try await second.append([transfer], to: people[1].id, expecting: 0)
                transfer = Self.event(people[1], "transfer", "2024-04-01", version: version)
                transfer.data.organization = "U-S2"
                _ = try await second.append([transfer], to: people[1].id, expecting: 1)
            }
            let again = try await Self.summary(first, "U-S1")
            // As a store that holds nothing reads it.
            let fresh = try await Self.withSecondStore(first) { third in try await Self.summary(third, "U-S1") }
            #expect(again == fresh)
            #expect(again.first?.contains("submit_application") == true && again.first?.contains("initial_talk") == true)
            #expect(again.map { $0.split(separator: " ")[1] } == ["2023001", "2023003"])
            #expect(try await Self.summary(first, "U-S2").map { $0.split(separator: " ")[1] } == ["2023002"])
            await #expect(throws: StoreError.self) { try await Self.summary(first, "NOWHERE") }
        }
    }
}

/// A server holds sessions in memory while it hears account changes: a revocation or a sign-out
/// made anywhere must still stop the session at once.
@Suite(.enabled(if: testURL != nil, "FAZHAN_TEST_POSTGRES_URL names no PostgreSQL cluster"))
struct SessionHoldingTests {
    static let now = "2026-06-01T00:00:00.000Z"

    /// A user with a grant and a session; the token's hash.
    static func signIn(_ store: PostgresStore) async throws -> (token: String, grant: RoleGrant) {
        _ = try await StoreCacheTests.setUp(store)
        _ = try await store.addUser(name: "organizer", passwordHash: "$2b$10$abcdefghijklmnopqrstuv", createdBy: "test", at: "t")
        let grant = try await store.grant(user: "organizer", role: .branch, organizationCode: "U-S1", by: "test", at: "t")
        try await store.createSession(tokenHash: "hash-of-token", user: "organizer", createdAt: "t", expiresAt: "2026-06-02T00:00:00.000Z")
        return ("hash-of-token", grant)
    }

    /// Runs `body` while `store` follows account changes (once it holds sessions).
    static func following(_ store: PostgresStore, _ body: @Sendable () async throws -> Void) async throws {
        let follower = Task { await store.followAccountChanges() }
        defer { follower.cancel() }
        // Listening starts asynchronously: a session read twice in a row is held once it does.
        for _ in 0..<200 where !store.holdsSessions() { try await Task.sleep(for: .milliseconds(10)) }
        #expect(store.holdsSessions())
        try await body()
    }

    /// Polls `condition` for up to a second (a change announced elsewhere arrives at commit, asynchronously).
    static func within(_ what: String, _ condition: @Sendable () async throws -> Bool) async throws {
        let started = ContinuousClock.now
        while !(try await condition()) {
            if started.duration(to: .now) > .seconds(1) { Issue.record("\(what) took more than a second"); return }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    @Test func aRevocationAndASignOutElsewhereStopTheHeldSession() async throws {
        try await withFreshStore { server in
            let (token, grant) = try await Self.signIn(server)
            try await Self.following(server) {
                #expect(try await server.signedIn(tokenHash: token, now: Self.now)?.grants.map(\.id) == [grant.id])
                #expect(try await server.signedIn(tokenHash: token, now: Self.now)?.grants.map(\.id) == [grant.id])
                try await StoreCacheTests.withSecondStore(server) { other in
                    _ = try await other.revokeGrant(id: grant.id, by: "admin", at: "t2")
                }
                try await Self.within("the revocation") { try await server.signedIn(tokenHash: token, now: Self.now)?.grants.isEmpty == true }
                try await StoreCacheTests.withSecondStore(server) { other in
                    try await other.endSessions(of: "organizer", at: Self.now)
                }
                try await Self.within("the sign-out") { try await server.signedIn(tokenHash: token, now: Self.now) == nil }
            }
        }
    }

    @Test func aRevocationThroughTheSameServerStopsTheSessionBeforeItAnswers() async throws {
        try await withFreshStore { server in
            let (token, grant) = try await Self.signIn(server)
            try await Self.following(server) {
                #expect(try await server.signedIn(tokenHash: token, now: Self.now)?.grants.count == 1)
                _ = try await server.revokeGrant(id: grant.id, by: "admin", at: "t2")
                #expect(try await server.signedIn(tokenHash: token, now: Self.now)?.grants.isEmpty == true)
                try await server.endSession(tokenHash: token, at: Self.now)
                #expect(try await server.signedIn(tokenHash: token, now: Self.now) == nil)
            }
        }
    }

    @Test func anExpiredSessionIsNotAnsweredFromMemory() async throws {
        try await withFreshStore { server in
            let (token, _) = try await Self.signIn(server)
            try await Self.following(server) {
                let before = try await server.signedIn(tokenHash: token, now: "2026-06-01T23:59:59.999Z")
                let at = try await server.signedIn(tokenHash: token, now: "2026-06-02T00:00:00.000Z")
                #expect(before != nil && at == nil)
            }
        }
    }
}

import FazhanCore
import FazhanPostgres
import FazhanService
import FazhanSQLite
import FazhanStore
import Foundation
import Testing

/// One step for many people (`fazhan record --people`): all of them recorded in one transaction,
/// or none, on either database.
private func batchScenario(_ store: any EventStore) async throws -> [String] {
    var log: [String] = []
    let installed = try await store.install(try loadUniversity(), by: "installer", at: installedAt)
    for new in [
        NewOrganization(code: "U", name: "校党委", kind: .committee, parentCode: nil, category: nil, canApprove: true,
                        createdAt: installedAt, createdBy: "installer"),
        NewOrganization(code: "CS-S1", name: "计算机学院本科生第一党支部", kind: .branch, parentCode: "U", category: .student,
                        canApprove: false, createdAt: installedAt, createdBy: "installer"),
    ] {
        _ = try await store.addOrganization(new)
    }
    var people: [PersonProfile] = []
    for (number, name) in [("2024001", "钱一"), ("2024002", "孙<二>"), ("2024003", "李三")] {
        people.append(try await store.addPerson(NewPerson(
            number: number, name: name, organizationCode: "CS-S1", category: .student, gender: .male, birthDate: day("2004-03-10"),
            leagueMember: true, workflowVersion: installed.version, createdAt: installedAt, createdBy: "installer")))
    }
    let service = DevelopmentService(store: store)
    func batch(_ numbers: [String], _ step: String, _ date: String, _ data: EventData = EventData()) -> BatchRequest {
        BatchRequest(people: numbers, step: step, date: day(date), data: data, recordedBy: "组织委员", recordedAt: "2026-11-21T09:00:00.000Z",
                     today: scenarioToday)
    }
    func events() async throws -> Int { try await store.verify().events }

    // Two apply together; the third has not applied, so a talk for all three is refused whole.
    let applied = try await service.recordBatch(batch(["2024001", "2024002"], "submit_application", "2024-03-04"))
    log.append("applied: \(applied.map { "\($0.file.person.number)#\($0.event.id)" }.joined(separator: " "))")
    let before = try await events()
    do {
        _ = try await service.recordBatch(batch(["2024001", "2024002", "2024003", "2024999"], "initial_talk", "2024-03-18"))
        log.append("talk for four: recorded")
    } catch ServiceError.batchRefused(_, _, let named, let refusals) {
        log.append("talk for four: refused \(refusals.map(\.key).joined(separator: ",")) of \(named)")
    }
    log.append("events unchanged: \(try await events() == before)")
    // A step recorded person by person is refused before anyone is judged.
    do {
        _ = try await service.recordBatch(batch(["2024001", "2024002"], "assign_mentors", "2024-03-20", EventData(names: ["王老师"], statement: "均为正式党员，未受留党察看处分")))
    } catch ServiceError.notBatchable {
        log.append("mentors: not batchable")
    }
    let talks = try await service.recordBatch(batch(["2024001", "2024002"], "党组织派人谈话", "2024-03-18"))
    log.append("talks: \(talks.map { "\($0.file.person.number) \($0.event.step) \($0.event.date)" }.joined(separator: "; "))")

    // The store's own guarantee: one stale version writes nothing for anyone.
    let first = try await store.versionedHistory(personID: people[0].id)
    let second = try await store.versionedHistory(personID: people[1].id)
    func note(_ person: PersonProfile) -> Event {
        Event(id: 0, personID: person.id, step: "thought_report", date: day("2024-04-01"), recordedAt: "2026-11-21T09:05:00.000Z",
              recordedBy: "组织委员", workflowVersion: installed.version)
    }
    log.append("stale batch: " + (try await appendOrConflict(store, [
        PersonAppend(personID: people[0].id, events: [note(people[0])], version: first.version),
        PersonAppend(personID: people[1].id, events: [note(people[1])], version: second.version - 1),
    ])))
    log.append("after the stale batch: \(try await store.versionedHistory(personID: people[0].id).version) \(try await store.versionedHistory(personID: people[1].id).version)")
    let report = try await store.verify()
    log.append("verify: \(report.problems.isEmpty ? "intact" : report.problems.map(\.description).joined(separator: "; ")), \(report.events) events, \(report.seals) seals")
    return log
}

/// "written" or "conflict" (apart: the compiler trips over a typed catch in a long async function).
private func appendOrConflict(_ store: any EventStore, _ appends: [PersonAppend]) async throws -> String {
    do {
        _ = try await store.append(batch: appends)
        return "written"
    } catch .conflict {
        return "conflict"
    }
}

private let expectedLog = [
    "applied: 2024001#1 2024002#2",
    "talk for four: refused 2024003,2024999 of 4",
    "events unchanged: true",
    "mentors: not batchable",
    "talks: 2024001 initial_talk 2024-03-18; 2024002 initial_talk 2024-03-18",
    "stale batch: conflict",
    "after the stale batch: 2 2",
    "verify: intact, 4 events, 4 seals",
]

@Test(.english) func aBatchIsAllOrNoneOnSQLite() async throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let store = try SQLiteStore.open(path: folder.appendingPathComponent("batch.sqlite").path, create: true)
    #expect(try await batchScenario(store) == expectedLog)
}

@Suite(.english, .enabled(if: postgresTestsRun, "FAZHAN_TEST_POSTGRES_URL names no PostgreSQL cluster (under CI these run, and fail)"))
struct PostgresBatchTests {
    @Test func aBatchIsAllOrNoneOnPostgreSQL() async throws {
        let log = try await withFreshStore { store in try await batchScenario(store) }
        #expect(log == expectedLog)
    }
}

import FazhanCore
import FazhanPostgres
import FazhanService
import FazhanStore
import Foundation
import Testing

/// How one of many concurrent `record`s for the same person ended.
enum RaceResult: Sendable, Equatable {
    case recorded(Int64)
    /// Refused by the guards (a verdict) or by the step's own checks (not repeatable, out of order).
    case refused(String)
    /// Others kept recording for the person every time it was judged: nothing recorded.
    case keptChanging
    case failed(String)
}

func race(_ service: DevelopmentService, _ requests: [RecordRequest], advance: Bool = false) async -> [RaceResult] {
    await withTaskGroup(of: RaceResult.self) { group in
        for request in requests {
            group.addTask {
                do {
                    let recorded = advance ? try await service.advance(request) : try await service.record(request)
                    return .recorded(recorded.event.id)
                } catch let error as ServiceError {
                    switch error {
                    case .refused(let verdict, _, _): return .refused(verdict.failures.map(\.rule).joined(separator: ","))
                    case .keptChanging: return .keptChanging
                    default: return .failed(error.description)
                    }
                } catch let error as RecordError {
                    return .refused(error.description)
                } catch {
                    return .failed("\(error)")
                }
            }
        }
        var results: [RaceResult] = []
        for await result in group { results.append(result) }
        return results
    }
}

@Suite(.english, .enabled(if: postgresTestsRun, "FAZHAN_TEST_POSTGRES_URL names no PostgreSQL cluster (under CI these run, and fail)"))
struct RaceTests {
    /// Ten organizers recording for the same person at once on PostgreSQL: every write ends
    /// recorded or refused, none is lost or written twice, and the seals stay intact.
    @Test func concurrentRecordsForOnePersonAreNeitherLostNorDuplicated() async throws {
        try await withFreshStore { store in
            let installed = try await store.install(try loadUniversity(), by: "installer", at: installedAt)
            for new in [
                NewOrganization(code: "U", name: "校党委", kind: .committee, parentCode: nil, category: nil, canApprove: true,
                                createdAt: installedAt, createdBy: "installer"),
                NewOrganization(code: "CS", name: "计算机学院党总支", kind: .generalBranch, parentCode: "U", category: nil, canApprove: false,
                                createdAt: installedAt, createdBy: "installer"),
                NewOrganization(code: "CS-S1", name: "计算机学院本科生第一党支部", kind: .branch, parentCode: "CS", category: .student,
                                canApprove: false, createdAt: installedAt, createdBy: "installer"),
            ] {
                _ = try await store.addOrganization(new)
            }
            let person = try await store.addPerson(NewPerson(
                number: "2024001", name: "钱一", organizationCode: "CS-S1", category: .student, gender: .male, birthDate: day("2004-03-10"),
                leagueMember: true, workflowVersion: installed.version, createdAt: installedAt, createdBy: "installer"))
            let service = DevelopmentService(store: store, attempts: 30)
            func request(_ step: String, _ date: String, _ data: EventData = EventData(), at index: Int = 0) -> RecordRequest {
                RecordRequest(person: person.number, step: step, date: day(date), data: data, recordedBy: "organizer \(index)",
                              recordedAt: "2026-11-21T09:00:\(String(format: "%02d", index)).000Z", today: scenarioToday)
            }
            for (step, date, data) in [("submit_application", "2024-03-04", EventData()),
                                       ("initial_talk", "2024-03-18", EventData(names: ["陈书记"])),
                                       ("recommendation", "2024-09-02", EventData(method: "league")),
                                       ("public_notice", "2024-09-09", Scenario.notice("activist", "2024-09-09", "2024-09-13"))] {
                _ = try await service.record(request(step, date, data))
            }

            func check(_ results: [RaceResult], before: Int, what: String) async throws -> [Int64] {
                let failed = results.filter { if case .failed = $0 { true } else { false } }
                #expect(failed.isEmpty, "\(what): failed otherwise than by the guards: \(failed)")
                let recorded = results.compactMap { if case .recorded(let id) = $0 { id } else { nil } }
                #expect(Set(recorded).count == recorded.count, "\(what): an id handed out twice: \(recorded)")
                let history = try await store.versionedHistory(personID: person.id)
                let ids = history.history.events.map(\.id)
                #expect(Set(ids).count == ids.count, "\(what): an event stored twice")
                #expect(ids.count == before + recorded.count, "\(what): \(ids.count) events stored, \(before) before + \(recorded.count) recorded")
                #expect(Set(recorded).isSubset(of: Set(ids)), "\(what): a recorded event is missing: \(recorded) not all in \(ids)")
                #expect(history.version == Int64(ids.count), "\(what): version \(history.version) for \(ids.count) events")
                return recorded
            }

            // Ten different (repeatable) steps at once: every one ends recorded, or refused, never lost.
            let reports = (0..<10).map { request("thought_report", "2024-0\(5 + $0 / 5)-1\($0 % 5)", EventData(note: "思想汇报 \($0)"), at: $0) }
            let first = await race(service, reports)
            let recordedReports = try await check(first, before: 4, what: "ten thought reports")
            #expect(recordedReports.count + first.filter { $0 == .keptChanging }.count == 10, "\(first)")
            #expect(recordedReports.count >= 1)

            // The same transition ten times at once: exactly one enters the stage, the others are refused.
            let before = 4 + recordedReports.count
            let advances = (0..<10).map { request("activist", "2024-09-18", at: 10 + $0) }
            let second = await race(service, advances, advance: true)
            let recordedAdvances = try await check(second, before: before, what: "ten advances")
            #expect(recordedAdvances.count == 1, "one designation, not \(recordedAdvances.count): \(second)")
            #expect(second.filter { if case .refused = $0 { true } else { false } }.count + second.filter { $0 == .keptChanging }.count == 9,
                    "\(second)")

            // A non-repeatable step ten times at once: one is recorded.
            let filings = (0..<10).map { request("file_activist", "2024-09-25", at: 20 + $0) }
            let third = await race(service, filings)
            let recordedFilings = try await check(third, before: before + 1, what: "ten filings")
            #expect(recordedFilings.count == 1, "one filing, not \(recordedFilings.count): \(third)")

            if ProcessInfo.processInfo.environment["FAZHAN_CONFORMANCE_LOG"] != nil { print(first, second, third, separator: "\n") }
            let listing = try await store.people(organizationCode: nil, stage: nil)
            #expect(listing.first?.stage == "activist", "the projection: \(listing.first?.stage ?? "-")")
            try await settle(store)
            let integrity = try await store.verify()
            #expect(integrity.isIntact, "\(integrity.problems)")
            #expect(integrity.events == before + 2 && integrity.seals == before + 2 && integrity.pending == 0,
                    "\(integrity.events) events, \(integrity.seals) seals, \(integrity.pending) pending")
        }
    }
}

import FazhanCore
import FazhanReports
import FazhanService
import FazhanSQLite
import FazhanStore
import Testing

@testable import FazhanCLI

/// The quarterly report reads each person's stored timeline digest instead of their events;
/// on the demo university both give the same report, byte for byte, for every kind of period,
/// scoped or not.
@Suite struct ReportSourcesTests {
    static let periods: [StatisticsPeriod] = [
        try! .quarter("2025Q4"), try! .quarter("2026Q1"), try! .quarter("2026Q2"), try! .quarter("2024Q3"),
        try! .year(2025), try! .custom(from: CivilDate("2025-02-28")!, to: CivilDate("2026-02-28")!),
    ]

    @Test(arguments: periods) func timelinesGiveTheReportTheEventsGive(period: StatisticsPeriod) async throws {
        let service = DevelopmentService(store: try DemoFixture.get().store)
        for organization in [nil, "CS"] as [String?] {
            let fromTimelines = try await service.quarterlyReport(period: period, organization: organization).report
            let fromEvents = try await service.quarterlyReport(period: period, organization: organization, fromEvents: true).report
            let expected = try JSONOutput.render(fromEvents)
            #expect(try JSONOutput.render(fromTimelines) == expected, "\(period) \(organization ?? "all")")
            // Not an empty report agreeing with another.
            #expect(fromTimelines.current.histories > 100)
            #expect(fromTimelines.figures(fromTimelines.current).members.total > 0)
        }
    }

    @Test func theStoredDigestIsTheHistorysDigest() throws {
        let fixture = try DemoFixture.get()
        let workflow = fixture.bundle.workflow
        var stored: [Int64: TimelineDigest] = [:]
        try fixture.store.forEachTimeline { person, digest in stored[person.id] = digest }
        #expect(stored.count == fixture.summary.people)
        for (id, digest) in stored {
            let history = try fixture.store.history(personID: id)
            #expect(digest == TimelineDigest(history: history, workflow: workflow), "\(history.person.number)")
        }
    }
}

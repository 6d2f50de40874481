import FazhanCore
import Foundation
import Testing

@testable import FazhanSQLite
import FazhanStore

/// The store's export reads: people in number order, each person's events in recording order,
/// the scope's filters, and the caller's errors passed through unchanged.
@Suite struct ExportTests {
    private struct Stop: Error, Equatable {}

    /// U > CS > CS-S1 and U > EM. People registered out of number order: 2023003 (CS-S1),
    /// 2023001 (EM), 2023002 (CS-S1, withdrawn).
    private struct Fixture {
        let store: SQLiteStore
        let version: Int64
        var people: [String: PersonProfile] = [:]

        init() throws {
            store = try SQLiteStore.inMemory()
            let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            let bundle = try WorkflowLoader.directory(root.appendingPathComponent("workflows").path).load("cpc-2014")
            version = try store.install(bundle, by: "test", at: "2026-01-01T00:00:00Z").version
            for (code, kind, parent) in [("U", Organization.Kind.committee, nil), ("CS", .generalBranch, "U"), ("CS-S1", .branch, "CS"),
                                         ("EM", .generalBranch, "U")] as [(String, Organization.Kind, String?)] {
                _ = try store.addOrganization(NewOrganization(code: code, name: code, kind: kind, parentCode: parent, category: nil,
                                                              canApprove: kind == .committee, createdAt: "t", createdBy: "test"))
            }
            for (number, code) in [("2023003", "CS-S1"), ("2023001", "EM"), ("2023002", "CS-S1")] {
                people[number] = try store.addPerson(NewPerson(
                    number: number, name: "人\(number)", organizationCode: code, category: .student, workflowVersion: version,
                    createdAt: "t", createdBy: "test"))
            }
            try append("2023002", "submit_application", "2024-03-01")
            try append("2023001", "submit_application", "2024-03-02")
            try append("2023003", "submit_application", "2024-03-03")
            try append("2023001", "initial_talk", "2024-03-20")
            try append("2023002", "withdrawal", "2024-05-01", data: EventData(reason: "本人申请撤回"))
            try append("2023003", "initial_talk", "2024-03-25")
        }

        func append(_ number: String, _ step: String, _ date: String, data: EventData = EventData()) throws {
            try store.append(contentsOf: [Event(
                id: 0, personID: people[number]!.id, step: step, date: CivilDate(date)!, recordedAt: "2026-01-01T00:00:00Z",
                recordedBy: "test", data: data, workflowVersion: version)])
        }
    }

    @Test func peopleComeInNumberOrderWithTheirProjectedStage() throws {
        let fixture = try Fixture()
        var seen: [(String, String?, String)] = []
        try fixture.store.forEachPerson(in: ExportScope()) { seen.append(($0.profile.number, $0.stage, $0.organizationCode)) }
        #expect(seen.map(\.0) == ["2023001", "2023002", "2023003"])
        #expect(seen.map(\.1) == ["applicant", "withdrawn", "applicant"])
        #expect(seen.map(\.2) == ["EM", "CS-S1", "CS-S1"])
    }

    @Test func theScopeFiltersByOrganizationSubtreeStageAndLeavers() throws {
        let fixture = try Fixture()
        func numbers(_ scope: ExportScope) throws -> [String] {
            var numbers: [String] = []
            try fixture.store.forEachPerson(in: scope) { numbers.append($0.profile.number) }
            #expect(try fixture.store.exportCount(scope).people == numbers.count)
            return numbers
        }
        #expect(try numbers(ExportScope(organizationCode: "CS")) == ["2023002", "2023003"])
        #expect(try numbers(ExportScope(organizationCode: "U")) == ["2023001", "2023002", "2023003"])
        #expect(try numbers(ExportScope(excludedStages: ["withdrawn"])) == ["2023001", "2023003"])
        #expect(try numbers(ExportScope(organizationCode: "CS", excludedStages: ["withdrawn"])) == ["2023003"])
        #expect(try numbers(ExportScope(stage: "withdrawn")) == ["2023002"])
        #expect(throws: StoreError.self) { try fixture.store.forEachPerson(in: ExportScope(organizationCode: "NOPE")) { _ in } }
    }

    @Test func eventsComePersonByPersonInRecordingOrderWithinTheirDates() throws {
        let fixture = try Fixture()
        var seen: [(String, String, Int64)] = []
        try fixture.store.forEachEvent(in: ExportScope()) { seen.append(($0.profile.number, $1.step, $1.id)) }
        #expect(seen.map(\.0) == ["2023001", "2023001", "2023002", "2023002", "2023003", "2023003"])
        #expect(seen.map(\.1) == ["submit_application", "initial_talk", "submit_application", "withdrawal", "submit_application", "initial_talk"])
        for number in ["2023001", "2023002", "2023003"] {
            let ids = seen.filter { $0.0 == number }.map(\.2)
            #expect(ids == ids.sorted())
        }
        #expect(try fixture.store.exportCount(ExportScope()).events == 6)

        let march = ExportScope(from: CivilDate("2024-03-02"), to: CivilDate("2024-03-20"))
        var dated: [String] = []
        try fixture.store.forEachEvent(in: march) { dated.append("\($0.profile.number) \($1.date)") }
        #expect(dated == ["2023001 2024-03-02", "2023001 2024-03-20", "2023003 2024-03-03"])
        #expect(try fixture.store.exportCount(march).events == 3)
    }

    @Test func historiesAreWholeWhateverTheDates() throws {
        let fixture = try Fixture()
        var counts: [String: Int] = [:]
        try fixture.store.forEachHistory(in: ExportScope(from: CivilDate("2030-01-01"))) { listing, history in
            #expect(history.person.id == listing.profile.id)
            counts[listing.profile.number] = history.events.count
        }
        #expect(counts == ["2023001": 2, "2023002": 2, "2023003": 2])
    }

    @Test func theCallersErrorStopsTheReadAndComesOutUnchanged() throws {
        let fixture = try Fixture()
        var calls = 0
        #expect(throws: Stop()) {
            try fixture.store.forEachEvent(in: ExportScope()) { _, _ in
                calls += 1
                if calls == 2 { throw Stop() }
            }
        }
        #expect(calls == 2)
        #expect(throws: Stop()) { try fixture.store.forEachHistory(in: ExportScope()) { _, _ in throw Stop() } }
        #expect(throws: Stop()) { try fixture.store.forEachPerson(in: ExportScope()) { _ in throw Stop() } }
    }
}

import FazhanCore
import FazhanPostgres
import FazhanReports
import FazhanService
import FazhanSQLite
import FazhanStore
import FazhanViews
import Foundation
import Testing

// "As recorded on" (issue 14): a report, an audit, an agenda or a history produced at a past
// instant is produced again byte for byte later, whatever was backdated, corrected, voided,
// registered or re-planned since; and `--changes-since` lists exactly what moved. The scenario
// records everything on 2026-11-21 between 08:00 and 09:00 UTC; the later work is recorded on
// 2026-11-22.

/// When the report was filed: after the whole scenario, before anything later.
let filedAt = RecordedCutoff(timestamp: "2026-11-21T09:00:00Z")!

/// Everything produced as recorded on `filedAt`, as the organizer would print or file it.
struct FiledOutputs: Equatable, CustomStringConvertible {
    var texts: [String: String] = [:]

    /// Everything but the reports as printed, which name the last checkpoint written by then
    /// (PostgreSQL writes its checkpoints at the wall clock's time, after the scenario's fixed one).
    var withoutAnchors: FiledOutputs {
        FiledOutputs(texts: texts.filter { !$0.key.hasPrefix("report ") })
    }

    var description: String { texts.keys.sorted().map { "\($0): \(texts[$0]!.prefix(200))" }.joined(separator: "\n") }

    static func produce(_ service: DevelopmentService, cutoff: RecordedCutoff?) async throws -> FiledOutputs {
        var outputs = FiledOutputs()
        for period in [try StatisticsPeriod.quarter("2025Q4"), try .quarter("2026Q1"), try .year(2026)] {
            for organization in [nil, "CS"] as [String?] {
                let report = try await service.quarterlyReport(period: period, organization: organization, asRecorded: cutoff).report
                let label = period.label + (organization.map { " " + $0 } ?? "")
                outputs.texts["report \(label) table"] = QuarterlyReportText.table(report)
                outputs.texts["report \(label) csv"] = QuarterlyReportText.csv(report)
                outputs.texts["report \(label) json"] = try JSONOutput.render(report)
                outputs.texts["figures \(label)"] = try JSONOutput.render(withoutAnchor(report))
            }
        }
        let audit = try await service.audit(organization: nil, person: nil, asOf: auditDate, asRecorded: cutoff)
        outputs.texts["audit json"] = try JSONOutput.render(audit)
        outputs.texts["audit table"] = try AuditRendering.render(audit, format: .table)
        outputs.texts["audit CS"] = try JSONOutput.render(try await service.audit(organization: "CS", person: nil, asOf: auditDate, asRecorded: cutoff))
        let agenda = try await service.agenda(organization: nil, person: nil, asOf: scenarioToday, horizonDays: 90, asRecorded: cutoff)
        outputs.texts["agenda"] = try AgendaRendering.render(agenda, asOf: scenarioToday, days: 90, format: .table)
        for person in ["2023007", "2023002", "2023008"] {
            let view = try await service.history(person, asOf: scenarioToday, asRecorded: cutoff)
            outputs.texts["history \(person)"] = try HistoryRendering.render(view, format: .table)
            outputs.texts["history \(person) json"] = try HistoryRendering.render(view, format: .json)
        }
        return outputs
    }
}

/// The work recorded after the filing: a backdated registration in a new branch, a correction
/// that moves 李四's application from 2025Q4 into 2025Q3, a voided withdrawal, new enrollment,
/// plan and grading entries, and a step dated after the periods (which moves none of them).
func recordLaterWork(_ service: DevelopmentService) async throws {
    let store = service.store
    var tick = 0
    func later() -> String {
        tick += 1
        return String(format: "2026-11-22T08:00:%02d.%03dZ", tick, tick)
    }
    let installed = try await store.installedWorkflows()
    let version = try #require(installed.first).version
    _ = try await store.addOrganization(NewOrganization(code: "CS-S2", name: "计算机学院本科生第二党支部", kind: .branch, parentCode: "CS",
                                                        category: .student, canApprove: false, createdAt: later(), createdBy: "organizer"))
    _ = try await store.addPerson(NewPerson(number: "2023099", name: "钱十一", organizationCode: "CS-S2", category: .student, gender: .female,
                                            birthDate: day("2004-02-02"), ethnicity: "汉族", education: "本科", level: .undergraduate,
                                            grade: 2023, leagueMember: true, workflowVersion: version, createdAt: later(), createdBy: "organizer"))
    _ = try await service.record(RecordRequest(person: "2023099", step: "submit_application", date: day("2026-01-15"), data: EventData(),
                                               recordedBy: "organizer", recordedAt: later(), today: scenarioToday))
    let liSi = try await service.history("2023002", asOf: scenarioToday).file.history
    let application = try #require(liSi.effective.first { $0.step == "submit_application" })
    _ = try await service.correct(event: application.id, reason: "申请日期有误", date: day("2025-09-28"), given: EventData(),
                                  recordedBy: "organizer", recordedAt: later(), today: scenarioToday)
    let wuJiu = try await service.history("2023007", asOf: scenarioToday).file.history
    let withdrawal = try #require(wuJiu.effective.first { $0.step == "withdrawal" })
    _ = try await service.void(event: withdrawal.id, reason: "误录撤回", recordedBy: "organizer", recordedAt: later(), today: scenarioToday)
    _ = try await service.record(RecordRequest(person: "2023002", step: "thought_report", date: day("2026-11-20"), data: EventData(),
                                               recordedBy: "organizer", recordedAt: later(), today: scenarioToday))
    try await store.setEnrollment(organizationCode: "CS", students: 5000, staff: 400, effectiveOn: day("2025-09-01"),
                                  recordedAt: later(), recordedBy: "planner")
    try await store.setPlan(organizationCode: "CS", year: 2026, category: "student", quota: 1, recordedAt: later(), recordedBy: "planner")
    try await store.recordGrading(organizationCode: "CS-S1", year: 2026, grade: "先进", strongest: true, note: nil,
                                  recordedAt: later(), recordedBy: "planner")
}

/// The whole check on one store: `checkpoint` writes a checkpoint now (PostgreSQL's are written
/// apart from the events).
func checkAsRecorded(on store: some EventStore, checkpoint: () async throws -> Void) async throws {
    _ = try await run(on: store)
    try await checkpoint()
    let service = DevelopmentService(store: store)
    let filed = try await FiledOutputs.produce(service, cutoff: filedAt)
    let nowBefore = try await FiledOutputs.produce(service, cutoff: nil)
    // Nothing was recorded after the filing yet: as recorded then is everything.
    #expect(filed.withoutAnchors == nowBefore.withoutAnchors, "as recorded on the filing, before anything later, is the present")

    try await recordLaterWork(service)
    try await checkpoint()
    let again = try await FiledOutputs.produce(service, cutoff: filedAt)
    for key in filed.texts.keys.sorted() {
        #expect(again.texts[key] == filed.texts[key], "\(key) as recorded on \(filedAt) changed after later work")
    }
    // The present has moved (so the comparison above could fail).
    let now = try await FiledOutputs.produce(service, cutoff: nil)
    for key in ["report 2026Q1 table", "report 2025Q4 table", "report 2026 CS json", "audit json", "history 2023007", "history 2023002"] {
        #expect(now.texts[key] != filed.texts[key], "\(key) did not move with the later work")
    }
    // Registered later: not there as recorded then.
    await #expect(throws: ServiceError.self) { _ = try await service.history("2023099", asOf: scenarioToday, asRecorded: filedAt) }
    let laterOnes = try await store.recordedLater(than: filedAt)
    #expect(laterOnes.organizations == ["CS-S2"])
    #expect(laterOnes.people.count == 1)

    // What moved 2026Q1 since the filing: the events dated by its end, oldest recorded first.
    let changes = try await service.quarterlyReportChanges(period: try .quarter("2026Q1"), organization: nil, since: filedAt)
    #expect(changes.events.map(\.personNumber) == ["2023099", "2023002", "2023007"], "\(changes.events)")
    #expect(changes.events.map(\.step) == ["submit_application", "submit_application", "withdrawal"])
    #expect(changes.events[1].corrects != nil && !changes.events[1].voids && changes.events[2].voids)
    // 钱十一 applied in the quarter; the voided withdrawal puts 吴九 back among the activists.
    let applications = changes.moves.first { $0.section.hasPrefix("Flows") && $0.row.hasPrefix("applications") && $0.column == "total" }
    #expect(applications?.change == 1, "\(changes.moves)")
    let activists = changes.moves.first { $0.section.hasPrefix("Stocks") && $0.row == "入党积极分子" && $0.column == "total" }
    #expect(activists?.change == 1, "\(changes.moves)")
    #expect(changes.moves.contains { $0.section == "By organization" && $0.row == "CS-S2" && $0.then == "" })
    let table = changes.table
    #expect(table.contains("钱十一") && table.contains("更正 #") && table.contains("作废 #"), "\(table)")
    // As recorded at the filing against itself: nothing moved.
    let none = try await service.quarterlyReportChanges(period: try .quarter("2026Q1"), organization: nil, since: filedAt,
                                                        asRecorded: RecordedCutoff(milliseconds: filedAt.milliseconds + 1))
    #expect(none.events.isEmpty && none.moves.isEmpty && none.table.contains("报送的数字均未变动"))
    await #expect(throws: ServiceError.self) {
        _ = try await service.quarterlyReportChanges(period: try .quarter("2026Q1"), organization: nil, since: filedAt, asRecorded: filedAt)
    }
    // 2025Q4 moved too: 李四's application left it for 2025Q3. 钱十一's, dated 2026, and 李四's
    // thought report dated after the period cannot move it and are not listed.
    let q4 = try await service.quarterlyReportChanges(period: try .quarter("2025Q4"), organization: nil, since: filedAt)
    #expect(q4.events.map(\.personNumber) == ["2023002", "2023007"], "\(q4.events)")
    #expect(q4.moves.contains { $0.section.hasPrefix("Flows") && $0.row.hasPrefix("applications") && $0.column == "total" && $0.change == -1 },
            "\(q4.moves)")

    // The checkpoint a report names is the last one written by then, to the millisecond.
    let last = try #require(try await store.lastCheckpoint())
    let at = try #require(RecordedCutoff(timestamp: last.createdAt))
    #expect(try await store.lastCheckpoint(through: at)?.id == last.id)
    #expect(try await store.lastCheckpoint(through: RecordedCutoff(milliseconds: Int64.max / 2))?.id == last.id)
    #expect((try await store.lastCheckpoint(through: RecordedCutoff(milliseconds: at.milliseconds - 1))?.id ?? 0) < last.id)
    #expect(try await store.lastCheckpoint(through: RecordedCutoff(milliseconds: 0)) == nil)
}

@Test(.english) func asRecordedOnSQLite() async throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let store = try SQLiteStore.open(path: folder.appendingPathComponent("filed.sqlite").path, create: true)
    try await checkAsRecorded(on: store) {}
}

@Suite(.english, .enabled(if: postgresTestsRun, "FAZHAN_TEST_POSTGRES_URL names no PostgreSQL cluster (under CI these run, and fail)"))
struct AsRecordedOnPostgreSQL {
    @Test func asRecordedOnPostgreSQL() async throws {
        try await withFreshStore { store in
            try await checkAsRecorded(on: store) { try await settle(store) }
        }
    }
}

import FazhanCore
import FazhanPostgres
import FazhanReports
import FazhanService
import FazhanSQLite
import FazhanStore
import Foundation
import Logging
import PostgresNIO
import Testing

/// Imports through the service on both backends: the same roster and history give the same
/// seals, listings and audit; a bad row, or a failure inside the bulk write, writes nothing.
@Suite(.enabled(if: testURL != nil, "FAZHAN_TEST_POSTGRES_URL is not set"))
struct IngestParityTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let quiet = Logger(label: "fazhan.test", factory: { _ in SwiftLogNoOpLogHandler() })
    static let today = CivilDate("2026-11-20")!

    static func bundle() throws -> WorkflowBundle {
        try WorkflowLoader.directory(root.appendingPathComponent("workflows").path).load("cpc-2014")
    }

    /// A database of its own on the test cluster, dropped after.
    static func withFreshStore<T: Sendable>(_ body: @Sendable (PostgresStore) async throws -> T) async throws -> T {
        let base = try PostgresTarget(url: testURL!)
        var target = base
        target.database = "fazhan_i_\(UInt64.random(in: 0...UInt64.max) % 1_000_000_000_000)"
        let name = target.database
        try await PostgresStore.withStore(target: base, logger: quiet) { admin in
            try await admin.client.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"))
        }
        do {
            let result = try await PostgresStore.withStore(target: target, logger: quiet) { store in
                try await store.migrate()
                return try await body(store)
            }
            try await drop(name, base)
            return result
        } catch {
            try? await drop(name, base)
            throw error
        }
    }

    static func drop(_ name: String, _ base: PostgresTarget) async throws {
        try await PostgresStore.withStore(target: base, logger: quiet) { admin in
            try await admin.client.query(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)"))
        }
    }

    /// The workflow and the organizations, the same on both.
    static func setUp(_ store: some EventStore) async throws {
        _ = try await store.install(try bundle(), by: "test", at: "2026-01-01T00:00:00Z")
        try await store.setSetting("default_workflow", "cpc-2014")
        for (code, name, kind, parent, category) in [
            ("U", "校党委", Organization.Kind.committee, nil, nil), ("CS", "计算机学院党总支", .generalBranch, "U", nil),
            ("CS-S1", "本科生第一党支部", .branch, "CS", Organization.Category.student),
            ("CS-S2", "本科生第二党支部", .branch, "CS", .student),
        ] as [(String, String, Organization.Kind, String?, Organization.Category?)] {
            _ = try await store.addOrganization(NewOrganization(code: code, name: name, kind: kind, parentCode: parent, category: category,
                                                                canApprove: kind == .committee, createdAt: "t", createdBy: "test"))
        }
    }

    static func sheet(_ text: String, _ columns: [ImportColumn]) throws -> ImportSheet {
        try ImportSheet(rows: try CSVReader.rows(text), columns: columns)
    }

    static let roster = """
        学号,姓名,所在组织,类别,性别,出生日期
        2022010103,王五,CS-S1,学生,男,2003-04-05
        2022010101,张三,CS-S1,学生,男,2003-01-02
        2022010102,李四,本科生第二党支部,学生,女,2003-02-03
        2022010104,赵六,CS-S2,,女,2004-07-08

        """

    static let history = """
        学号,步骤,日期,备注
        2022010101,submit_application,2023-03-01,"第一行
        第二行"
        2022010101,initial_talk,2023-03-20,
        2022010102,递交入党申请书,2023-03-01,
        2022010103,submit_application,2023-03-01,
        2022010101,thought_report,2023-06-01,季度\\汇报
        2022010103,initial_talk,2023-09-30,

        """

    /// More of the history, for people who have events already.
    static let laterHistory = """
        学号,步骤,日期
        2022010101,thought_report,2023-09-01
        2022010103,thought_report,2023-12-01
        2022010104,submit_application,2024-03-01

        """

    /// Imports the roster and the history through the service, as `fazhan import` does.
    static func importBoth(_ service: DevelopmentService) async throws -> (ImportOutcome, ImportOutcome) {
        let people = try await service.importRoster(
            try sheet(roster, RosterImport.columns), workflow: nil, dryRun: false, today: today,
            createdAt: "2026-11-20T08:00:00Z", user: "test", loadWorkflow: { _ in try bundle() })
        let events = try await service.importHistory(
            try sheet(history, EventImport.columns), dryRun: false, today: today, recordedAt: "2026-11-20T08:00:01Z", user: "test")
        let later = try await service.importHistory(
            try sheet(laterHistory, EventImport.columns), dryRun: false, today: today, recordedAt: "2026-11-20T08:00:02Z", user: "test")
        return (people, ImportOutcome(added: events.added + later.added, alreadyPresent: events.alreadyPresent + later.alreadyPresent,
                                      people: events.people))
    }

    /// What both backends must agree on.
    struct Record: Equatable, Sendable {
        var chains: String
        var events: Int
        var listings: [PersonListing]
        var audit: String
        var exported: [String]
        var histories: [String]
        var count: ExportCount
    }

    static func record(_ store: some EventStore) async throws -> Record {
        let report = try await store.verify()
        #expect(report.isIntact, "\(report.problems)")
        let service = DevelopmentService(store: store)
        var exported: [String] = []
        try await store.forEachEvent(in: ExportScope(organizationCode: "CS")) { listing, event in
            exported.append("\(listing.profile.number) \(event.id) \(event.step) \(event.date) \(event.data.canonicalJSON)")
        }
        try await store.forEachPerson(in: ExportScope(excludedStages: ["applicant"])) { listing in
            exported.append("\(listing.profile.number) \(listing.stage ?? "-") \(listing.organizationCode)")
        }
        var histories: [String] = []
        try await store.forEachHistory(in: ExportScope()) { listing, history in
            histories.append("\(listing.profile.number) \(listing.stage ?? "-") \(history.events.map(\.step))")
        }
        return Record(
            chains: report.chains, events: report.events, listings: try await store.people(organizationCode: nil, stage: nil),
            audit: try JSONOutput.render(try await service.audit(organization: nil, person: nil, asOf: today)),
            exported: exported, histories: histories, count: try await store.exportCount(ExportScope()))
    }

    @Test func theSameImportGivesTheSameRecordOnSQLiteAndPostgreSQL() async throws {
        let sqlite = try SQLiteStore.inMemory()
        try await Self.setUp(sqlite)
        let (sqlitePeople, sqliteEvents) = try await Self.importBoth(DevelopmentService(store: sqlite))
        let expected = try await Self.record(sqlite)
        #expect(sqlitePeople.added == 4 && sqliteEvents.added == 9 && sqliteEvents.people == 3)
        #expect(expected.events == 9 && expected.histories.count == 4)

        try await Self.withFreshStore { store in
            try await Self.setUp(store)
            let (people, events) = try await Self.importBoth(DevelopmentService(store: store))
            #expect(people.added == 4 && people.workflow == sqlitePeople.workflow)
            #expect(events.added == 9 && events.people == 3)
            let record = try await Self.record(store)
            #expect(record.chains == expected.chains)
            #expect(record.listings == expected.listings)
            #expect(record.audit == expected.audit)
            #expect(record.exported == expected.exported)
            #expect(record.histories == expected.histories)
            #expect(record.count == expected.count)
            // Imported again: nothing new, on both.
            let (again, againEvents) = try await Self.importBoth(DevelopmentService(store: store))
            #expect(again.added == 0 && again.alreadyPresent == 4 && againEvents.added == 0 && againEvents.alreadyPresent == 9)
            // The version each person's history has is its event count: a recording after the import goes through.
            let person = try #require(try await store.person("2022010101"))
            let versioned = try await store.versionedHistory(personID: person.id)
            #expect(versioned.version == 4)
            var data = EventData()
            data.note = "after"
            _ = try await store.append([Event(id: 0, personID: person.id, step: "thought_report", date: CivilDate("2023-09-01")!,
                                              recordedAt: "t", recordedBy: "test", data: data, workflowVersion: person.workflowVersion)],
                                       to: person.id, expecting: 4)
            #expect(try await store.verify().isIntact)
        }
    }

    @Test func aFailingRowImportsNothingOnPostgreSQL() async throws {
        try await Self.withFreshStore { store in
            try await Self.setUp(store)
            let service = DevelopmentService(store: store)
            let bad = Self.roster.replacingOccurrences(of: "2022010104,赵六,CS-S2", with: "2022010104,赵六,NOWHERE")
            await #expect(throws: ImportRefusal.self) {
                _ = try await service.importRoster(
                    try Self.sheet(bad, RosterImport.columns), workflow: nil, dryRun: false, today: Self.today,
                    createdAt: "t", user: "test", loadWorkflow: { _ in try Self.bundle() })
            }
            #expect(try await store.people(organizationCode: nil, stage: nil).isEmpty)

            _ = try await service.importRoster(
                try Self.sheet(Self.roster, RosterImport.columns), workflow: nil, dryRun: false, today: Self.today,
                createdAt: "t", user: "test", loadWorkflow: { _ in try Self.bundle() })
            let badHistory = Self.history + "2022010104,initial_talk,2026-12-01,\n"
            do {
                _ = try await service.importHistory(try Self.sheet(badHistory, EventImport.columns), dryRun: false, today: Self.today,
                                                    recordedAt: "t", user: "test")
                Issue.record("a history with a date in the future was imported")
            } catch let refusal as ImportRefusal {
                #expect(refusal.problems.count == 1, "\(refusal.problems)")
            }
            #expect(try await store.verify().events == 0)

            // A failure inside the bulk write, after rows were sent: nothing lands, and the error comes out as it was.
            struct Stop: Error {}
            let version = try #require(try await store.latestVersion(of: "cpc-2014")).version
            await #expect(throws: Stop.self) {
                try await store.ingest { sink in
                    for number in 0..<30_000 {
                        try await sink.addPerson(NewPerson(number: "X\(number)", name: "人", organizationCode: "CS-S1", category: .student,
                                                           workflowVersion: version, createdAt: "t", createdBy: "t"))
                    }
                    throw Stop()
                }
            }
            await #expect(throws: StoreError.self) {
                try await store.ingest { sink in
                    let id = try await sink.addPerson(NewPerson(number: "Y1", name: "人", organizationCode: "CS-S1", category: .student,
                                                                workflowVersion: version, createdAt: "t", createdBy: "t"))
                    try await sink.addEvents([Event(id: 0, personID: id, step: "submit_application", date: CivilDate("2024-01-01")!,
                                                    recordedAt: "t", recordedBy: "t", data: EventData(), workflowVersion: version,
                                                    imported: true)], of: id)
                    // Registered already (by the roster): refused when the rows are sent.
                    try await sink.addPerson(NewPerson(number: "2022010101", name: "人", organizationCode: "CS-S1", category: .student,
                                                       workflowVersion: version, createdAt: "t", createdBy: "t"))
                }
            }
            #expect(try await store.people(organizationCode: nil, stage: nil).count == 4)
            let report = try await store.verify()
            #expect(report.events == 0 && report.isIntact, "\(report.problems)")
        }
    }
}

import FazhanCore
import FazhanPostgres
import FazhanSQLite
import FazhanStore
import Foundation
import Logging
import PostgresNIO
import Testing

/// The cluster the tests use: `FAZHAN_TEST_POSTGRES_URL` (scripts/pg-test-cluster prints one).
/// Unset, the tests are skipped, except under CI, where that is a failure.
let testURL = ProcessInfo.processInfo.environment["FAZHAN_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
let underCI = ProcessInfo.processInfo.environment["CI"] != nil

let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

func loadBundle() throws -> WorkflowBundle {
    try WorkflowLoader.directory(repositoryRoot.appendingPathComponent("workflows").path).load("cpc-2014")
}

let quiet = Logger(label: "fazhan.test", factory: { _ in SwiftLogNoOpLogHandler() })

@Test func aPostgreSQLClusterIsGivenUnderCI() {
    if underCI && testURL == nil {
        Issue.record("CI is set but FAZHAN_TEST_POSTGRES_URL is not: start a cluster with scripts/pg-test-cluster and export its URL")
    }
}

/// Runs `body` on a store over a database of its own (created for the test, dropped after).
func withFreshStore<T: Sendable>(
    migrate: Bool = true, _ body: @Sendable (PostgresStore) async throws -> T
) async throws -> T {
    let base = try PostgresTarget(url: testURL!)
    var target = base
    target.database = "fazhan_t_\(UInt64.random(in: 0...UInt64.max) % 1_000_000_000_000)"
    let name = target.database
    try await PostgresStore.withStore(target: base, logger: quiet) { admin in
        try await admin.client.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"))
    }
    do {
        let result = try await PostgresStore.withStore(target: target, logger: quiet) { store in
            if migrate { try await store.migrate() }
            return try await body(store)
        }
        try await drop(name, base)
        return result
    } catch {
        try? await drop(name, base)
        throw error
    }
}

func drop(_ name: String, _ base: PostgresTarget) async throws {
    try await PostgresStore.withStore(target: base, logger: quiet) { admin in
        try await admin.client.query(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)"))
    }
}

/// Checkpoints until no seal is pending: a checkpoint covers only seals below the oldest
/// transaction still running in the cluster, and other tests run transactions meanwhile.
func settle(_ store: PostgresStore) async throws {
    for _ in 0..<200 {
        try await store.checkpoint()
        if try await store.verify().pending == 0 { return }
        try await Task.sleep(for: .milliseconds(50))
    }
    Issue.record("seals stayed pending")
}

/// One committee, general branch and branch, two people.
private struct Setup: Sendable {
    let version: Int64
    let people: [PersonProfile]

    static func make(on store: some EventStore) async throws -> Setup {
        let installed = try await store.install(try loadBundle(), by: "test", at: "2026-01-01T00:00:00Z")
        _ = try await store.addOrganization(NewOrganization(code: "U", name: "校党委", kind: .committee, parentCode: nil, category: nil,
                                                            canApprove: true, createdAt: "t", createdBy: "test"))
        _ = try await store.addOrganization(NewOrganization(code: "CS", name: "计算机学院党总支", kind: .generalBranch, parentCode: "U",
                                                            category: nil, canApprove: false, createdAt: "t", createdBy: "test"))
        _ = try await store.addOrganization(NewOrganization(code: "CS-S1", name: "本科生第一党支部", kind: .branch, parentCode: "CS",
                                                            category: .student, canApprove: false, createdAt: "t", createdBy: "test"))
        var people: [PersonProfile] = []
        for (number, name) in [("2023002", "李四"), ("2023001", "张三")] {
            people.append(try await store.addPerson(NewPerson(
                number: number, name: name, organizationCode: "CS-S1", category: .student, gender: .male,
                birthDate: CivilDate("2004-05-02"), leagueMember: true, workflowVersion: installed.version,
                createdAt: "t", createdBy: "test")))
        }
        return Setup(version: installed.version, people: people)
    }

    func event(_ person: PersonProfile, _ step: String, _ date: String, note: String? = nil) -> Event {
        var data = EventData()
        data.note = note
        return Event(id: 0, personID: person.id, step: step, date: CivilDate(date)!, recordedAt: "2026-01-01T00:00:00Z",
                     recordedBy: "test", data: data, workflowVersion: version)
    }

    /// A few events for each person.
    func record(on store: some EventStore) async throws {
        for person in people {
            var version: Int64 = 0
            for (step, date) in [("submit_application", "2024-03-01"), ("initial_talk", "2024-03-20")] {
                _ = try await store.append([event(person, step, date, note: "第一行\n第二行\t\\")], to: person.id, expecting: version)
                version += 1
            }
        }
    }
}

@Suite(.enabled(if: testURL != nil, "FAZHAN_TEST_POSTGRES_URL names no PostgreSQL cluster"))
struct PostgresStoreTests {
    @Test func migrateTwiceIsANoOp() async throws {
        try await withFreshStore(migrate: false) { store in
            #expect(try await store.migrate() == [1, 2, 3, 4])
            #expect(try await store.migrate() == [])
            try await store.checkSchema()
        }
    }

    @Test func anUnknownHigherSchemaVersionIsRefused() async throws {
        try await withFreshStore { store in
            try await store.client.query("INSERT INTO fazhan_migration (version, name) VALUES (99, 'from the future')")
            do {
                try await store.migrate()
                Issue.record("migrate accepted schema version 99")
            } catch let error as StoreError {
                guard case .schemaMismatch(let message) = error else { Issue.record("\(error)"); return }
                #expect(message.contains("99"))
            }
            await #expect(throws: StoreError.self) { try await store.checkSchema() }
        }
    }

    @Test func theSameAnswersAsSQLite() async throws {
        let sqlite = try SQLiteStore.inMemory()
        let fromSQLite = try await Setup.make(on: sqlite)
        try await fromSQLite.record(on: sqlite)
        try await withFreshStore { store in
            let setup = try await Setup.make(on: store)
            try await setup.record(on: store)
            #expect(try await store.people(organizationCode: "CS", stage: nil).map(\.profile.number)
                    == (try sqlite.people(organizationCode: "CS", stage: nil).map(\.profile.number)))
            #expect(try await store.people(organizationCode: nil, stage: nil).map(\.stage)
                    == (try sqlite.people(organizationCode: nil, stage: nil).map(\.stage)))
            #expect(try await store.person("2023001")?.name == "张三")
            #expect(try await store.person(String(setup.people[0].id))?.number == "2023002")
            #expect(try await store.person("nobody") == nil)
            await #expect(throws: StoreError.self) { try await store.people(organizationCode: "nowhere", stage: nil) }
            do {
                _ = try await store.addPerson(NewPerson(number: "2023001", name: "x", organizationCode: "CS-S1", category: .student,
                                                        workflowVersion: setup.version, createdAt: "t", createdBy: "t"))
                Issue.record("a duplicate number was accepted")
            } catch let error as StoreError {
                #expect(error.description == "a person with number 2023001 already exists")
            }
            var pgHistories: [History] = []
            try await store.forEachHistory(organizationCode: "U") { pgHistories.append($0) }
            var sqliteHistories: [History] = []
            try sqlite.forEachHistory(organizationCode: "U") { sqliteHistories.append($0) }
            #expect(pgHistories.map { $0.events.map(\.step) } == sqliteHistories.map { $0.events.map(\.step) })
            #expect(pgHistories.map { $0.events.map(\.data) } == sqliteHistories.map { $0.events.map(\.data) })
            var timelines = 0
            try await store.forEachTimeline { _, _ in timelines += 1 }
            #expect(timelines == 2)
            #expect(try await store.projectionIsCurrent())

            for target in [store as any EventStore, sqlite as any EventStore] {
                try await target.setPlan(organizationCode: "CS-S1", year: 2026, category: "student", quota: 3, recordedAt: "t1", recordedBy: "a")
                try await target.setPlan(organizationCode: "CS-S1", year: 2026, category: "student", quota: 5, recordedAt: "t2", recordedBy: "a")
                try await target.setEnrollment(organizationCode: "CS", students: 100, staff: nil, effectiveOn: CivilDate("2026-01-01")!,
                                               recordedAt: "t", recordedBy: "a")
                try await target.setEnrollment(organizationCode: "CS", students: 120, staff: 9, effectiveOn: CivilDate("2026-03-01")!,
                                               recordedAt: "t", recordedBy: "a")
                try await target.recordGrading(organizationCode: "CS-S1", year: 2026, grade: "较好", strongest: false, note: nil,
                                               recordedAt: "t", recordedBy: "a")
                try await target.recordGrading(organizationCode: "CS-S1", year: 2026, grade: "先进", strongest: true, note: "好",
                                               recordedAt: "t", recordedBy: "a")
                try await target.setMemberships([MembershipEntry(organizationCode: "CS-S1", fullMembers: 9, effectiveOn: CivilDate("2026-01-01")!),
                                                 MembershipEntry(organizationCode: "CS-S1", fullMembers: 11, effectiveOn: CivilDate("2026-03-01")!)],
                                                recordedAt: "t", recordedBy: "a")
            }
            #expect(try await store.membership(asOf: CivilDate("2026-02-28")!) == (try sqlite.membership(asOf: CivilDate("2026-02-28")!)))
            #expect(try await store.membership(asOf: CivilDate("2026-03-01")!).map(\.fullMembers) == [11])
            #expect(try await store.planningRecords() == (try sqlite.planningRecords()))
            #expect(try await store.plans(year: 2026) == (try sqlite.plans(year: 2026)))
            #expect(try await store.plans(year: 2026).first?.quota == 5)
            #expect(try await store.enrollment(asOf: CivilDate("2026-02-01")!) == (try sqlite.enrollment(asOf: CivilDate("2026-02-01")!)))
            #expect(try await store.gradings(year: 2026) == (try sqlite.gradings(year: 2026)))
            do {
                try await store.recordGrading(organizationCode: "CS", year: 2026, grade: "先进", strongest: true, note: nil,
                                              recordedAt: "t", recordedBy: "a")
                Issue.record("a general branch was graded")
            } catch let error as StoreError {
                #expect(error.description == "only a 党支部 is graded; CS is not a branch")
            }
            // The same seals on both databases.
            try await settle(store)
            let report = try await store.verify()
            #expect(report.isIntact, "\(report.problems)")
            #expect(report.events == 4 && report.seals == 4 && report.pending == 0 && report.checkpoints >= 1)
        }
    }

    @Test func twoAppendsExpectingTheSameVersionOneWins() async throws {
        try await withFreshStore { store in
            let setup = try await Setup.make(on: store)
            let person = setup.people[0]
            let results = await withTaskGroup(of: Result<[Event], StoreError>.self) { group in
                for step in ["submit_application", "submit_application"] {
                    group.addTask {
                        do {
                            return .success(try await store.append([setup.event(person, step, "2024-03-01")], to: person.id, expecting: 0))
                        } catch let error as StoreError {
                            return .failure(error)
                        } catch {
                            return .failure(.io("\(error)"))
                        }
                    }
                }
                var results: [Result<[Event], StoreError>] = []
                for await result in group { results.append(result) }
                return results
            }
            let won = results.filter { if case .success = $0 { true } else { false } }
            #expect(won.count == 1)
            for case .failure(let error) in results {
                guard case .conflict = error else { Issue.record("not a conflict: \(error)"); continue }
            }
            let history = try await store.versionedHistory(personID: person.id)
            #expect(history.version == 1)
            // A stale version later is a conflict too, and writes nothing.
            do {
                _ = try await store.append([setup.event(person, "initial_talk", "2024-03-20")], to: person.id, expecting: 0)
                Issue.record("a stale append was accepted")
            } catch let error as StoreError {
                guard case .conflict(let message) = error else { Issue.record("\(error)"); return }
                #expect(message == "the history of 2023002 changed while this was judged (version 0, now 1)")
            }
            #expect(try await store.versionedHistory(personID: person.id).version == 1)
            await #expect(throws: StoreError.self) { try await store.append([setup.event(person, "x", "2024-03-20")], to: 999, expecting: 0) }
        }
    }

    @Test func eventsRefuseUpdateAndDelete() async throws {
        try await withFreshStore { store in
            let setup = try await Setup.make(on: store)
            try await setup.record(on: store)
            try await store.client.withConnection { connection in
                // The application's role has no UPDATE or DELETE on events.
                try await connection.query("SET ROLE fazhan_app", logger: quiet)
                for sql in ["UPDATE event SET step = 'x'", "DELETE FROM event", "DELETE FROM person_seal", "UPDATE seal_checkpoint SET hash = ''"] {
                    do {
                        try await connection.query(PostgresQuery(unsafeSQL: sql), logger: quiet)
                        Issue.record("fazhan_app may: \(sql)")
                    } catch let error as PSQLError {
                        #expect(error.sqlState == "42501", "\(sql): \(String(reflecting: error))")
                    }
                }
                _ = try await connection.query("SELECT count(*) FROM event", logger: quiet).collect()
                try await connection.query("RESET ROLE", logger: quiet)
                // A superuser is refused by the triggers.
                for sql in ["UPDATE event SET step = 'x'", "DELETE FROM event", "TRUNCATE event CASCADE", "DELETE FROM person"] {
                    do {
                        try await connection.query(PostgresQuery(unsafeSQL: sql), logger: quiet)
                        Issue.record("a superuser may: \(sql)")
                    } catch let error as PSQLError {
                        #expect(error.sqlState == "P0001")
                        #expect(store.target.storeError(error).description.contains("never") || store.target.storeError(error).description.contains("append-only"))
                    }
                }
            }
            #expect(try await store.verify().isIntact)
        }
    }

    /// With the triggers dropped, each kind of tampering is found.
    @Test(arguments: [
        ("UPDATE event SET occurred_on = '2024-01-01' WHERE id = 1", IntegrityProblem.Kind.edited),
        ("DELETE FROM event WHERE id = 1", .deleted),
        ("DELETE FROM person_seal WHERE event_id = 4; DELETE FROM event WHERE id = 4", .checkpoint),
        ("INSERT INTO event (person_id, step, occurred_on, recorded_at, recorded_by, data, workflow_version) "
            + "SELECT person_id, step, occurred_on, recorded_at, recorded_by, data, workflow_version FROM event WHERE id = 1", .inserted),
        ("UPDATE event SET id = -1 WHERE id = 1; UPDATE event SET id = 1 WHERE id = 2; UPDATE event SET id = 2 WHERE id = -1", .edited),
        ("UPDATE person_seal SET event_id = -1 WHERE event_id = 1; UPDATE person_seal SET event_id = 1 WHERE event_id = 2; "
            + "UPDATE person_seal SET event_id = 2 WHERE event_id = -1", .reordered),
    ])
    func tamperingIsFound(sql: String, kind: IntegrityProblem.Kind) async throws {
        try await withFreshStore { store in
            let setup = try await Setup.make(on: store)
            try await setup.record(on: store)
            try await settle(store)
            #expect(try await store.verify().isIntact)
            try await store.client.withConnection { connection in
                try await connection.query("SET session_replication_role = replica", logger: quiet)  // no triggers, no foreign keys
                for statement in sql.split(separator: ";") {
                    try await connection.query(PostgresQuery(unsafeSQL: String(statement)), logger: quiet)
                }
                try await connection.query("SET session_replication_role = DEFAULT", logger: quiet)
            }
            let report = try await store.verify()
            #expect(report.problems.contains { $0.kind == kind }, "\(report.problems)")
        }
    }

    @Test func copyFromSQLiteKeepsTheSeals() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fazhan-copy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("source.sqlite").path
        let sqlite = try SQLiteStore.open(path: path, create: true)
        let setup = try await Setup.make(on: sqlite)
        try await setup.record(on: sqlite)
        try sqlite.setPlan(organizationCode: "CS-S1", year: 2026, category: "student", quota: 3, recordedAt: "t", recordedBy: "a")
        let sourceReport = try sqlite.verify()
        #expect(sourceReport.isIntact)
        let executable = serverBinary()
        try await withFreshStore(migrate: false) { store in
            var target = store.target
            target.password = nil
            let url = "postgres://\(target.user)@\(target.hostAndPort)/\(target.database)"
            if FileManager.default.isExecutableFile(atPath: executable) {
                let (status, out) = try run(executable, ["copy", "--from", path, "--to", url])
                #expect(status == 0, "\(out)")
                #expect(out.contains(sourceReport.head))
                let (again, refusal) = try run(executable, ["copy", "--from", path, "--to", url])
                #expect(again == 1)
                #expect(refusal.contains("already holds 2 people"), "\(refusal)")
            } else {
                Issue.record("build fazhan-server first: \(executable)")
                return
            }
            let report = try await store.verify()
            #expect(report.isIntact, "\(report.problems)")
            #expect(report.events == sourceReport.events && report.seals == sourceReport.seals)
            // Identical per-person seals.
            let seals = try await store.client.query("SELECT event_id, person_id, seq, hash FROM person_seal ORDER BY event_id").collect()
                .map { try $0.decode((Int64, Int64, Int64, String).self) }
            #expect(seals.count == 4)
            #expect(try await store.plans(year: 2026) == (try sqlite.plans(year: 2026)))
            #expect(try await store.people(organizationCode: nil, stage: nil) == (try sqlite.people(organizationCode: nil, stage: nil)))
            // Appends continue the chains and the ids.
            let person = setup.people[1]
            let stored = try await store.append([setup.event(person, "thought_report", "2024-04-01")], to: person.id, expecting: 2)
            #expect(stored[0].id == 5)
            try await settle(store)
            let after = try await store.verify()
            #expect(after.isIntact && after.checkpoints >= 2, "\(after.problems)")
        }
    }

    @Test func badTargetsAreOneSentence() async throws {
        let base = try PostgresTarget(url: testURL!)
        var missing = base
        missing.database = "fazhan_no_such_database"
        do {
            try await PostgresStore.withStore(target: missing, logger: quiet) { _ in }
            Issue.record("connected to a missing database")
        } catch let error as StoreError {
            #expect(error.description.contains("does not exist"), "\(error)")
        }
        var closed = base
        closed.port = 1
        do {
            try await PostgresStore.withStore(target: closed, logger: quiet) { _ in }
            Issue.record("connected to port 1")
        } catch let error as StoreError {
            #expect(error.description.hasPrefix("cannot reach PostgreSQL at"), "\(error)")
        }
        #expect(throws: StoreError.self) { try PostgresTarget(url: "mysql://x@y/z") }
        #expect(throws: StoreError.self) { try PostgresTarget(url: "postgres://x@y") }
        try await withFreshStore(migrate: false) { store in
            await #expect(throws: StoreError.self) { try await store.checkSchema() }
        }
    }
}

/// Runs a program, returning its exit status and what it printed (stdout and stderr).
/// The `fazhan-server` executable built beside the test bundle (the test target depends on it).
func serverBinary() -> String {
    var folders: [URL] = []
    if let first = CommandLine.arguments.first {
        let runner = URL(fileURLWithPath: first).resolvingSymlinksInPath()
        folders.append(runner.deletingLastPathComponent())
        folders.append(runner.deletingLastPathComponent().deletingLastPathComponent())
    }
    let bundle = Bundle.main.bundleURL.resolvingSymlinksInPath()
    folders += [bundle, bundle.deletingLastPathComponent(), repositoryRoot.appendingPathComponent(".build/debug")]
    for folder in folders {
        let candidate = folder.appendingPathComponent("fazhan-server").path
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return repositoryRoot.appendingPathComponent(".build/debug/fazhan-server").path
}

func run(_ executable: String, _ arguments: [String]) throws -> (Int32, String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    // The messages these tests compare are the English ones.
    process.environment = ProcessInfo.processInfo.environment.filter { !["LC_ALL", "LC_MESSAGES"].contains($0.key) }
        .merging(["LANG": "en_US.UTF-8"]) { $1 }
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

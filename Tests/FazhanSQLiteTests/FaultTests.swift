import FazhanCore
import Foundation
import GRDB
import Testing

@testable import FazhanSQLite
import FazhanStore

/// Faults at the store boundary: a full disk, a read-only file, a path that is no Fazhan
/// database. Each gives a `StoreError` whose message says what is wrong, with which file, and
/// that nothing was written; and the database is left as it was, intact.
@Suite(.english) struct FaultTests {
    static let workflows = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("workflows").path

    /// A folder of its own for a test's files, removed afterwards.
    final class Folder {
        let url: URL

        init() throws {
            url = FileManager.default.temporaryDirectory.appendingPathComponent("fazhan-fault-\(UUID().uuidString)", isDirectory: true)
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        }

        func path(_ name: String) -> String { url.appendingPathComponent(name).path }

        var names: [String] { ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).sorted() }

        deinit { try? FileManager.default.removeItem(at: url) }
    }

    /// A store with one organization and one person with an application recorded.
    struct Fixture {
        let store: SQLiteStore
        let version: Int64
        let person: PersonProfile

        init(_ store: SQLiteStore) throws {
            version = try store.install(try WorkflowLoader.directory(FaultTests.workflows).load("cpc-2014"), by: "t", at: "t").version
            _ = try store.addOrganization(NewOrganization(code: "U", name: "校党委", kind: .committee, parentCode: nil, category: nil,
                                                          canApprove: true, createdAt: "t", createdBy: "t"))
            person = try store.addPerson(NewPerson(number: "2023001", name: "张三", organizationCode: "U", category: .student,
                                                   birthDate: CivilDate("2003-05-02"), workflowVersion: version,
                                                   createdAt: "t", createdBy: "t"))
            self.store = store
            try store.append(event("submit_application", "2023-03-01"))
        }

        init(_ store: SQLiteStore, version: Int64, person: PersonProfile) {
            self.store = store
            self.version = version
            self.person = person
        }

        func event(_ step: String, _ date: String, note: String? = nil) -> Event {
            Event(id: 0, personID: person.id, step: step, date: CivilDate(date)!, recordedAt: "t", recordedBy: "t",
                  data: EventData(note: note), workflowVersion: version)
        }

        /// Events, seals and stored stages, straight from the tables.
        func contents() throws -> [String] {
            try store.writer.read { db in
                try String.fetchAll(db, sql: "SELECT id || ' ' || step || ' ' || occurred_on FROM event ORDER BY id")
                    + String.fetchAll(db, sql: "SELECT event_id || ' ' || hash FROM person_seal ORDER BY event_id")
                    + String.fetchAll(db, sql: "SELECT person_id || ' ' || ifnull(stage, '-') FROM person_state ORDER BY person_id")
                    + String.fetchAll(db, sql: "SELECT number FROM person ORDER BY id")
            }
        }

        /// Lets the database grow by no more pages than it has now, as if the disk were full.
        func fillTheDisk() throws {
            try store.writer.writeWithoutTransaction { db in
                let pages = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0
                try db.execute(sql: "PRAGMA max_page_count = \(pages)")
            }
        }

        func freeTheDisk() throws {
            try store.writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA max_page_count = 1073741823") }
        }
    }

    /// A note long enough to need new pages.
    static let longNote = String(repeating: "思想汇报内容。", count: 4_000)

    // MARK: - A full disk

    @Test(arguments: [false, true])
    func aFullDiskRefusesAnAppendAndLeavesTheDatabaseAsItWas(onFile: Bool) throws {
        let folder = try Folder()
        let fixture = try Fixture(onFile ? try SQLiteStore.open(path: folder.path("t.sqlite"), create: true) : try SQLiteStore.inMemory())
        let before = try fixture.contents()
        try fixture.fillTheDisk()
        do {
            try fixture.store.append(fixture.event("thought_report", "2023-04-01", note: Self.longNote)) { _, _ in }
            Issue.record("an append that needs more pages than the disk has was recorded")
        } catch let error as StoreError {
            guard case .diskFull = error else {
                Issue.record("expected diskFull, got \(error)")
                return
            }
            #expect(error.description == "the disk is full: nothing was written; free some space and try again")
        }
        #expect(try fixture.contents() == before)
        #expect(try fixture.store.verify().isIntact)
        // With room again, the same append goes through: the refusal was for lack of space.
        try fixture.freeTheDisk()
        try fixture.store.append(fixture.event("thought_report", "2023-04-01", note: Self.longNote))
        let report = try fixture.store.verify()
        #expect(report.isIntact && report.events == 2, "\(report.problems)")
    }

    @Test func aFullDiskRefusesAWholeIngestAndLeavesTheDatabaseAsItWas() throws {
        let fixture = try Fixture(try SQLiteStore.inMemory())
        let before = try fixture.contents()
        try fixture.fillTheDisk()
        do {
            try fixture.store.ingest { session in
                for number in 1...3 {
                    let id = try session.addPerson(NewPerson(
                        number: "2024\(number)", name: "人\(number)", organizationCode: "U", category: .student,
                        birthDate: CivilDate("2004-01-01"), workflowVersion: fixture.version, createdAt: "t", createdBy: "t"))
                    try session.addEvents([
                        Event(id: 0, personID: id, step: "submit_application", date: CivilDate("2024-03-01")!, recordedAt: "t",
                              recordedBy: "t", data: EventData(note: Self.longNote), workflowVersion: fixture.version, imported: true),
                    ], of: id)
                }
            }
            Issue.record("an import larger than the disk's room was written")
        } catch let error as StoreError {
            guard case .diskFull = error else {
                Issue.record("expected diskFull, got \(error)")
                return
            }
        }
        #expect(try fixture.contents() == before, "part of the import was kept")
        #expect(try fixture.store.verify().isIntact)
    }

    // MARK: - A read-only database

    /// A connection that may not write (`PRAGMA query_only`, SQLite's read-only answer without
    /// touching file permissions, which root ignores).
    @Test func aReadOnlyConnectionRefusesAnAppendWithAClearMessage() throws {
        let folder = try Folder()
        let path = folder.path("t.sqlite")
        let fixture = try Fixture(try SQLiteStore.open(path: path, create: true))
        let before = try fixture.contents()
        try fixture.store.writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA query_only = ON") }
        do {
            try fixture.store.append(fixture.event("initial_talk", "2023-03-20"))
            Issue.record("a read-only database recorded an event")
        } catch let error as StoreError {
            guard case .readOnly = error else {
                Issue.record("expected readOnly, got \(error)")
                return
            }
            #expect(error.description == "the database \(path) is read-only: check the permissions of the file and its folder; nothing was written")
        }
        #expect(try fixture.contents() == before)
        #expect(try fixture.store.verify().isIntact)
    }

    /// A database file this process may not write: `chmod 444` for an ordinary user; for root,
    /// whom permissions do not stop, the immutable attribute (`chattr +i`) where the file system
    /// supports it. Opening it says which file is read-only, and nothing changes.
    @Test func openingAFileThatCannotBeWrittenNamesIt() throws {
        let folder = try Folder()
        let path = folder.path("t.sqlite")
        do {
            let fixture = try Fixture(try SQLiteStore.open(path: path, create: true))
            try fixture.store.writer.close()
        }
        let original = try Data(contentsOf: URL(fileURLWithPath: path))
        guard let mechanism = try Self.makeReadOnly(path) else {
            // Without either, the file cannot be made read-only here: the connection-level test
            // above still covers the message, and the CLI tests try `setpriv` as another user.
            print("note: \(path) could not be made read-only (root, and chattr +i is not supported here)")
            #expect(getuid() == 0, "an ordinary user can always chmod their own file")
            return
        }
        defer { try? Self.undoReadOnly(path, mechanism) }
        do {
            let store = try SQLiteStore.open(path: path, create: false)
            let fixture = Fixture(store, version: 1, person: try #require(try store.person("2023001")))
            try store.append(fixture.event("initial_talk", "2023-03-20"))
            Issue.record("a read-only file (\(mechanism)) recorded an event")
        } catch let error as StoreError {
            guard case .readOnly(let named) = error else {
                Issue.record("expected readOnly, got \(error)")
                return
            }
            #expect(named == path)
            #expect(error.description == "the database \(path) is read-only: check the permissions of the file and its folder; nothing was written")
        }
        try Self.undoReadOnly(path, mechanism)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == original)
        #expect(try SQLiteStore.open(path: path, create: false).verify().isIntact)
    }

    /// Makes a file read-only for this process; returns how, or nil when no way works here.
    static func makeReadOnly(_ path: String) throws -> String? {
        if getuid() != 0 {
            try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: path)
            return "chmod 444"
        }
        for tool in ["/usr/bin/chattr", "/bin/chattr"] where FileManager.default.isExecutableFile(atPath: tool) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: tool)
            process.arguments = ["+i", path]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            // Root may still write unless the attribute really took.
            if process.terminationStatus == 0, FileHandle(forWritingAtPath: path) == nil { return "chattr +i" }
        }
        return nil
    }

    static func undoReadOnly(_ path: String, _ mechanism: String) throws {
        if mechanism == "chmod 444" {
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
            return
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: FileManager.default.isExecutableFile(atPath: "/usr/bin/chattr") ? "/usr/bin/chattr" : "/bin/chattr")
        process.arguments = ["-i", path]
        try process.run()
        process.waitUntilExit()
    }

    // MARK: - Paths that are no Fazhan database

    @Test func pathsThatAreNoFazhanDatabaseAreRefusedAndLeftUntouched() throws {
        let folder = try Folder()
        try FileManager.default.createDirectory(atPath: folder.path("a-folder"), withIntermediateDirectories: false)
        _ = FileManager.default.createFile(atPath: folder.path("empty.sqlite"), contents: Data())
        _ = FileManager.default.createFile(atPath: folder.path("notes.txt"), contents: Data("姓名,学号\n张三,2023001\n".utf8))
        var random = SplitMix64(seed: 0xBAD_DA7A)
        _ = FileManager.default.createFile(atPath: folder.path("noise.bin"),
                                       contents: Data((0..<5_000).map { _ in UInt8.random(in: 0...255, using: &random) }))
        _ = FileManager.default.createFile(atPath: folder.path("header-only.sqlite"), contents: Data("SQLite format 3\u{0}garbage".utf8))
        do {
            let other = try DatabaseQueue(path: folder.path("other.sqlite"))
            try other.write { db in try db.execute(sql: "CREATE TABLE note (text TEXT); INSERT INTO note VALUES ('another program')") }
            try other.close()
        }
        let files = ["empty.sqlite", "notes.txt", "noise.bin", "header-only.sqlite", "other.sqlite"]
        let contents = try files.map { try Data(contentsOf: URL(fileURLWithPath: folder.path($0))) }
        let listing = folder.names

        let cases: [(String, String)] = [
            ("a-folder", "it is a folder; give the path of the database file inside it"),
            ("empty.sqlite", "the file is empty"),
            ("notes.txt", "it is not an SQLite database file"),
            ("noise.bin", "it is not an SQLite database file"),
            ("header-only.sqlite", "it is not an SQLite database file"),
            ("other.sqlite", "it is an SQLite database without Fazhan's tables"),
        ]
        for (name, reason) in cases {
            let path = folder.path(name)
            do {
                _ = try SQLiteStore.open(path: path, create: false)
                Issue.record("\(name) opened as a Fazhan database")
            } catch {
                #expect(error.description == "\(path) is not a Fazhan database: \(reason); nothing was changed", "\(name)")
            }
        }
        let missingFolder = folder.path("missing/t.sqlite")
        #expect(throws: StoreError.self) { try SQLiteStore.open(path: missingFolder, create: false) }
        #expect(Self.message { try SQLiteStore.open(path: missingFolder, create: false) }
                == "no database at \(missingFolder): the folder \(folder.path("missing")) does not exist")
        #expect(Self.message { try SQLiteStore.open(path: missingFolder, create: true) }
                == "cannot create \(missingFolder): the folder \(folder.path("missing")) does not exist")
        let underAFile = folder.path("notes.txt/t.sqlite")
        #expect(Self.message { try SQLiteStore.open(path: underAFile, create: false) }
                == "no database at \(underAFile): \(folder.path("notes.txt")) is a file, not a folder")
        #expect(Self.message { try SQLiteStore.open(path: folder.path("a-folder"), create: true) }
                == "cannot create the database \(folder.path("a-folder")): a folder of that name exists")
        #expect(Self.message { try SQLiteStore.open(path: folder.path("notes.txt"), create: true) }
                == "a database already exists at \(folder.path("notes.txt"))")

        // Nothing was written to any of them, and nothing was created beside them.
        #expect(try files.map { try Data(contentsOf: URL(fileURLWithPath: folder.path($0))) } == contents)
        #expect(folder.names == listing)
    }

    /// A database whose pages were overwritten on disk: opening or reading it gives a
    /// `StoreError`, never a crash or a wrong answer read as right.
    @Test func aDamagedDatabaseGivesAnErrorNotACrash() throws {
        let folder = try Folder()
        let path = folder.path("t.sqlite")
        do {
            let fixture = try Fixture(try SQLiteStore.open(path: path, create: true))
            for day in 2...9 { try fixture.store.append(fixture.event("thought_report", "2023-04-0\(day)", note: Self.longNote)) }
            // Everything into the main file, so that noise over its pages reaches the tables.
            try fixture.store.writer.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
            try fixture.store.writer.close()
        }
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let pageSize = Int(bytes[16]) << 8 | Int(bytes[17])
        try #require(bytes.count > 3 * pageSize, "the database holds \(bytes.count) bytes: too few pages to damage")
        // Every page after the first two overwritten with noise: the schema page survives, the
        // tables do not.
        var random = SplitMix64(seed: 0xDA_3A6E)
        for index in (2 * pageSize)..<bytes.count { bytes[index] = UInt8.random(in: 0...255, using: &random) }
        try bytes.write(to: URL(fileURLWithPath: path))
        do {
            let store = try SQLiteStore.open(path: path, create: false)
            let report = try store.verify()
            _ = try store.people()
            #expect(!report.isIntact, "a database full of noise verified as intact")
        } catch {
            let message = String(describing: error)
            #expect(message.contains(path) || message.contains("damaged"), "\(message)")
            #expect(!message.contains("SQLITE_"), "\(message)")
        }
        // Cut short: the pages the header promises are missing.
        try Data(bytes.prefix(pageSize + 100)).write(to: URL(fileURLWithPath: path))
        do {
            let store = try SQLiteStore.open(path: path, create: false)
            _ = try store.verify()
            Issue.record("a database cut to one page opened and verified")
        } catch {
            #expect(!String(describing: error).contains("SQLITE_"), "\(error)")
        }
    }

    // MARK: - Messages

    @Test func sqliteErrorsBecomeSentencesForTheOrganizer() {
        let full = StoreError(DatabaseError(resultCode: .SQLITE_FULL))
        #expect(full.description == "the disk is full: nothing was written; free some space and try again")
        #expect(StoreError(DatabaseError(resultCode: .SQLITE_READONLY)).located(at: "/x/y.sqlite").description
                == "the database /x/y.sqlite is read-only: check the permissions of the file and its folder; nothing was written")
        #expect(StoreError(DatabaseError(resultCode: .SQLITE_NOTADB)).located(at: "/x/y.txt").description
                == "/x/y.txt is not a Fazhan database: it is not an SQLite database file; nothing was changed")
        #expect(StoreError(DatabaseError(resultCode: .SQLITE_CANTOPEN)).located(at: "/x/y.sqlite").description
                == "cannot open the database /x/y.sqlite: check that it exists and that you may read and write it and its folder")
        let io = StoreError(DatabaseError(resultCode: .SQLITE_IOERR_WRITE)).description
        #expect(io.contains("disk I/O error") && io.contains("nothing was written") && io.contains("disk full"), "\(io)")
        let corrupt = StoreError(DatabaseError(resultCode: .SQLITE_CORRUPT)).located(at: "/x/y.sqlite").description
        #expect(corrupt.hasPrefix("the database is damaged: /x/y.sqlite: ") && corrupt.hasSuffix("restore it from a backup"), "\(corrupt)")
        #expect(StoreError(DatabaseError(resultCode: .SQLITE_BUSY)).description.contains("nothing was recorded"))
    }

    static func message(_ body: () throws -> SQLiteStore) -> String? {
        do {
            _ = try body()
            return nil
        } catch {
            return "\(error)"
        }
    }
}

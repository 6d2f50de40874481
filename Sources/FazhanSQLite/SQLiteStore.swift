import FazhanCore
import FazhanStore
import Foundation
import GRDB
import GRDBSQLite
import Logging
import Synchronization

/// The event store: one SQLite database holding installed workflows, organizations, people and
/// their append-only events, with a projection of each person's current stage.
///
/// A file database is a WAL `DatabasePool` with a busy timeout, so several organizers' commands
/// can run at once. Every write that depends on what is already recorded (guards) runs inside
/// one write transaction with the read it depends on.
public final class SQLiteStore: Sendable {
    let writer: any DatabaseWriter
    let logger: Logger
    /// The database file, to name it in errors (nil in memory).
    let path: String?
    private let bundles = Mutex<[Int64: WorkflowBundle]>([:])
    /// The key that signs the checkpoints this store writes (nil: they are unsigned).
    private let signing: Mutex<Signing>

    private enum Signing {
        case key(CheckpointSigner?)
        /// Read when the first checkpoint is written (a command that writes nothing needs no key).
        case load(@Sendable () throws -> CheckpointSigner?)
    }

    /// The key for the next checkpoint, read now if it was given as a loader.
    func currentSigner() throws -> CheckpointSigner? {
        try signing.withLock { signing in
            switch signing {
            case .key(let signer): return signer
            case .load(let load):
                let signer = try load()
                signing = .key(signer)
                return signer
            }
        }
    }

    /// Signs the checkpoints this store writes from now on with `signer`.
    public func sign(with signer: CheckpointSigner?) {
        signing.withLock { $0 = .key(signer) }
    }

    /// Signs the checkpoints this store writes with the key `load` reads, the first time one is written.
    public func sign(loading load: @escaping @Sendable () throws -> CheckpointSigner?) {
        signing.withLock { $0 = .load(load) }
    }
    /// Called (once) when a write leaves an unsigned checkpoint, so that the command can say so.
    private let unsignedNotice: Mutex<(@Sendable () -> Void)?>
    /// What is wrong with the schema of a store opened for verifying (which never migrates):
    /// missing or unknown migrations, missing tables. Empty when it is current.
    let schemaProblems: [String]

    init(writer: any DatabaseWriter, logger: Logger, path: String? = nil, migrate: Bool = true, signer: CheckpointSigner? = nil,
         onUnsignedCheckpoint: (@Sendable () -> Void)? = nil) throws(StoreError) {
        self.writer = writer
        self.logger = logger
        self.path = path
        self.signing = Mutex(.key(signer))
        self.unsignedNotice = Mutex(onUnsignedCheckpoint)
        let migrator = Schema.migrator
        do {
            if migrate {
                // Migrate only when something is missing, so that reading commands write nothing.
                if try !writer.read({ db in try migrator.hasCompletedMigrations(db) }) {
                    try migrator.migrate(writer)
                }
                schemaProblems = []
            } else {
                schemaProblems = try writer.read { db in try Schema.problems(db, migrator: migrator) }
            }
        } catch {
            throw StoreError(error)
        }
    }

    /// Runs `body` in a write transaction that seals the records it adds (see `StoredRecords`).
    func sealingWrite<T>(_ db: Database, _ body: () throws -> T) throws -> T {
        let mark = try StoredRecords.mark(db)
        let firstBatch = try PersonSeals.nextBatch(db)
        let result = try body()
        try StoredRecords.sealNew(db, since: mark, signer: currentSigner)
        if try PersonSeals.nextBatch(db) > firstBatch, try currentSigner() == nil {
            let notice = unsignedNotice.withLock { notice in
                defer { notice = nil }
                return notice
            }
            notice?()
        }
        return result
    }

    /// Opens (and with `create`, creates) a database file. A new file is readable by its owner only.
    ///
    /// Whatever `path` names, the answer is a `StoreError` that says what is wrong with it, never
    /// a crash: a folder, a missing folder, an empty or text file or another program's SQLite
    /// database (`notADatabase`: nothing in it is changed), a file this user may not read
    /// (`cannotOpen`) or write (`readOnly`), a damaged file (`corrupt`).
    ///
    /// `readOnly` is for commands that only read: their connections are opened read-only, so
    /// that opening and closing the database writes nothing and syncs nothing to disk (a
    /// read-write pool on a database with no write-ahead log writes a transaction to create
    /// one, and the last connection to close checkpoints it, with four `fdatasync`s: most of a
    /// `check`'s time on a busy disk). A database that needs a migration, or that a read-only
    /// connection cannot read (a log to recover after a crash), is opened read-write as usual.
    public static func open(
        path: String, create: Bool, readOnly: Bool = false, signer: CheckpointSigner? = nil,
        onUnsignedCheckpoint: (@Sendable () -> Void)? = nil, logger: Logger = Logger(label: "fazhan.store")
    ) throws(StoreError) -> SQLiteStore {
        let manager = FileManager.default

        var isDirectory: ObjCBool = false
        let exists = manager.fileExists(atPath: path, isDirectory: &isDirectory)
        let directory = (path as NSString).deletingLastPathComponent
        if exists, isDirectory.boolValue {
            if create { throw StoreError.io("cannot create the database \(path): a folder of that name exists") }
            throw StoreError.notADatabase(path: path, reason: "it is a folder; give the path of the database file inside it")
        }
        if !exists {
            var directoryIsFolder: ObjCBool = true
            if !directory.isEmpty, !manager.fileExists(atPath: directory, isDirectory: &directoryIsFolder) {
                throw create ? StoreError.io("cannot create \(path): the folder \(directory) does not exist")
                    : StoreError.io("no database at \(path): the folder \(directory) does not exist")
            }
            if !directoryIsFolder.boolValue {
                throw StoreError.io("no database at \(path): \(directory) is a file, not a folder")
            }
            guard create else { throw StoreError.noDatabase(path) }
            // Create the file empty with mode 0600 before SQLite opens it; SQLite gives its
            // -wal and -shm files the same permissions.
            guard manager.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw StoreError.io("cannot create \(path): the folder is not writable or the disk is full")
            }
        } else if create {
            throw StoreError.alreadyExists(path)
        } else {
            try Self.checkFazhanDatabase(at: path)
        }
        var configuration = Configuration()
        configuration.busyMode = BulkWrite.busyMode(database: path)
        configuration.foreignKeysEnabled = true
        configuration.label = "fazhan"
        if readOnly, exists {
            var reading = configuration
            reading.readonly = true
            if let pool = try? DatabasePool(path: path, configuration: reading) {
                // SQLiteStore.init reads the migrations and, finding one missing, fails to write it.
                if let store = try? SQLiteStore(writer: pool, logger: logger, path: path, signer: signer,
                                                onUnsignedCheckpoint: onUnsignedCheckpoint) { return store }
                try? pool.close()
            }
        }
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        do {
            let pool = try DatabasePool(path: path, configuration: configuration)
            return try SQLiteStore(writer: pool, logger: logger, path: path, signer: signer, onUnsignedCheckpoint: onUnsignedCheckpoint)
        } catch {
            if !exists { try? manager.removeItem(atPath: path) }
            throw StoreError(error).located(at: path)
        }
    }

    /// Refuses, without writing anything, a file that is not a Fazhan database: one that
    /// is not SQLite at all (checked by its header), or an SQLite database without
    /// Fazhan's schema (which opening it as a store would otherwise add).
    static func checkFazhanDatabase(at path: String) throws(StoreError) {
        let manager = FileManager.default
        guard manager.isReadableFile(atPath: path), let handle = FileHandle(forReadingAtPath: path) else {
            throw StoreError.cannotOpen(path: path, reason: "you may not read it; check the file's permissions")
        }
        let header = (try? handle.read(upToCount: 100)) ?? Data()
        try? handle.close()
        if header.isEmpty { throw StoreError.notADatabase(path: path, reason: "the file is empty") }
        guard header.count == 100, header.prefix(16) == Data("SQLite format 3\u{0}".utf8) else {
            throw StoreError.notADatabase(path: path, reason: "it is not an SQLite database file")
        }
        var readOnly = Configuration()
        readOnly.readonly = true
        readOnly.busyMode = .timeout(30)
        let isFazhan: Bool
        do {
            let queue = try DatabaseQueue(path: path, configuration: readOnly)
            isFazhan = try queue.read { db in
                try db.tableExists("grdb_migrations") && db.tableExists("event") && db.tableExists("person")
            }
            try queue.close()
        } catch {
            throw StoreError(error).located(at: path)
        }
        if !isFazhan {
            throw StoreError.notADatabase(path: path, reason: "it is an SQLite database without Fazhan's tables")
        }
    }

    /// Opens a database file for `verify`: read-only connections, and never a migration. A
    /// database whose schema is older or damaged opens all the same, and `verify` reports it
    /// (see `schemaProblems`); the file is left byte for byte as it was.
    public static func openForVerifying(path: String, logger: Logger = Logger(label: "fazhan.store")) throws(StoreError) -> SQLiteStore {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if !manager.fileExists(atPath: path, isDirectory: &isDirectory) {
            let directory = (path as NSString).deletingLastPathComponent
            var directoryIsFolder: ObjCBool = true
            if !directory.isEmpty, !manager.fileExists(atPath: directory, isDirectory: &directoryIsFolder) {
                throw StoreError.io("no database at \(path): the folder \(directory) does not exist")
            }
            if !directoryIsFolder.boolValue { throw StoreError.io("no database at \(path): \(directory) is a file, not a folder") }
            throw StoreError.noDatabase(path)
        }
        if isDirectory.boolValue {
            throw StoreError.notADatabase(path: path, reason: "it is a folder; give the path of the database file inside it")
        }
        try checkFazhanDatabase(at: path)
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(30)
        configuration.label = "fazhan"
        do {
            let writer: any DatabaseWriter
            if let pool = try? DatabasePool(path: path, configuration: configuration) {
                writer = pool
            } else {
                writer = try DatabaseQueue(path: path, configuration: configuration)
            }
            let isFazhan = try writer.read { db in try db.tableExists("event") && db.tableExists("person") }
            guard isFazhan else { throw StoreError.notADatabase(path: path, reason: "it is an SQLite database without Fazhan's tables") }
            return try SQLiteStore(writer: writer, logger: logger, path: path, migrate: false)
        } catch let error as StoreError {
            throw error.located(at: path)
        } catch {
            throw StoreError(error).located(at: path)
        }
    }

    /// An in-memory database, for tests.
    public static func inMemory(signer: CheckpointSigner? = nil, logger: Logger = Logger(label: "fazhan.store")) throws(StoreError) -> SQLiteStore {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        do {
            return try SQLiteStore(writer: try DatabaseQueue(configuration: configuration), logger: logger, signer: signer)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(error)
        }
    }

    func read<T>(_ body: @Sendable (Database) throws -> T) throws(StoreError) -> T {
        do { return try writer.read(body) } catch { throw storeError(error) }
    }

    func write<T>(_ body: @Sendable (Database) throws -> T) throws(StoreError) -> T {
        do { return try writer.write { db in try sealingWrite(db) { try body(db) } } } catch { throw storeError(error) }
    }

    /// An error in the organizer's terms, naming this database's file where that helps.
    func storeError(_ error: any Error) -> StoreError {
        let translated = StoreError(error)
        return path.map { translated.located(at: $0) } ?? translated
    }

    // MARK: - Workflows

    /// Installs a workflow bundle (its text and hash). Installing identical sources again
    /// returns the existing version.
    @discardableResult
    public func install(_ bundle: WorkflowBundle, by user: String, at timestamp: String) throws(StoreError) -> InstalledWorkflow {
        let result = try write { db -> InstalledWorkflow in
            if let existing = try WorkflowVersionRecord.filter(Column("sha256") == bundle.sha256).fetchOne(db) {
                return InstalledWorkflow(existing, isNew: false)
            }
            var record = WorkflowVersionRecord(
                id: nil, workflowId: bundle.workflow.id, sha256: bundle.sha256, title: bundle.workflow.title,
                provisional: bundle.workflow.provisional, sources: bundle.sources, installedAt: timestamp, installedBy: user)
            try record.insert(db)
            return InstalledWorkflow(record, isNew: true)
        }
        bundles.withLock { $0[result.version] = bundle }
        return result
    }

    public func installedWorkflows() throws(StoreError) -> [InstalledWorkflow] {
        try read { db in try WorkflowVersionRecord.order(Column("id")).fetchAll(db).map { InstalledWorkflow($0, isNew: false) } }
    }

    /// The latest installed version of a workflow id.
    public func latestVersion(of workflowID: String) throws(StoreError) -> InstalledWorkflow? {
        try read { db in
            try WorkflowVersionRecord.filter(Column("workflow_id") == workflowID).order(Column("id").desc).fetchOne(db)
                .map { InstalledWorkflow($0, isNew: false) }
        }
    }

    /// The workflow id new people follow unless told otherwise.
    public func defaultWorkflowID() throws(StoreError) -> String? {
        try setting("default_workflow")
    }

    public func setDefaultWorkflow(_ id: String) throws(StoreError) {
        try setSetting("default_workflow", id)
    }

    /// A database setting (configuration, not history).
    public func setting(_ key: String) throws(StoreError) -> String? {
        try read { db in try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = ?", arguments: [key]) }
    }

    public func setSetting(_ key: String, _ value: String) throws(StoreError) {
        try write { db in
            try db.execute(sql: "INSERT INTO setting(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                           arguments: [key, value])
        }
    }

    /// The workflow (parsed from the database's own stored copy) of an installed version.
    public func bundle(version: Int64) throws(StoreError) -> WorkflowBundle {
        if let cached = bundles.withLock({ $0[version] }) { return cached }
        guard let record = try read({ db in try WorkflowVersionRecord.fetchOne(db, key: version) }) else {
            throw StoreError.notFound("workflow version \(version)")
        }
        let bundle: WorkflowBundle
        do {
            bundle = try WorkflowLoader.stored(record.sources).load(file: record.sources[0])
        } catch {
            throw StoreError.corrupt("the stored workflow \(record.workflowId) (version \(version)) no longer loads: \(error)")
        }
        bundles.withLock { $0[version] = bundle }
        return bundle
    }

    // MARK: - Organizations

    public func addOrganization(_ new: NewOrganization) throws(StoreError) -> Organization {
        try write { db in
            var parentID: Int64?
            if let parentCode = new.parentCode {
                guard let parent = try OrganizationRecord.filter(Column("code") == parentCode).fetchOne(db) else {
                    throw StoreError.notFound("organization \(parentCode)")
                }
                if parent.kind == .branch { throw StoreError.invalid("a 党支部 (\(parentCode)) cannot contain other organizations") }
                parentID = parent.id
            }
            if try OrganizationRecord.filter(Column("code") == new.code).fetchCount(db) > 0 {
                throw StoreError.duplicate("an organization with code \(new.code) already exists")
            }
            var record = OrganizationRecord(
                id: nil, code: new.code, name: new.name, kind: new.kind, parentId: parentID, category: new.category,
                canApprove: new.kind == .committee && new.canApprove, createdAt: new.createdAt, createdBy: new.createdBy)
            try record.insert(db)
            return record.organization
        }
    }

    public func organizations() throws(StoreError) -> [Organization] {
        try read { db in try OrganizationRecord.order(Column("id")).fetchAll(db).map(\.organization) }
    }

    public func organizationDirectory() throws(StoreError) -> OrganizationDirectory {
        OrganizationDirectory(try organizations())
    }

    /// The part of the organization tree a reach needs (see `OrganizationReach`): the
    /// organizations it names and their ancestors, read by index rather than the whole tree.
    public func organizationDirectory(reaching reach: OrganizationReach) throws(StoreError) -> OrganizationDirectory {
        try read { db in try SQLiteStore.organizationDirectory(db, reaching: reach) }
    }

    static func organizationDirectory(_ db: Database, reaching reach: OrganizationReach) throws -> OrganizationDirectory {
        guard !reach.ids.isEmpty || !reach.codes.isEmpty else { return OrganizationDirectory([]) }
        let ids = Array(reach.ids)
        let codes = Array(reach.codes)
        func placeholders(_ count: Int) -> String { count == 0 ? "NULL" : Array(repeating: "?", count: count).joined(separator: ",") }
        // UNION (not UNION ALL) stops at organizations already reached.
        let sql = """
            WITH RECURSIVE reached(id) AS (
                SELECT id FROM organization WHERE id IN (\(placeholders(ids.count))) OR code IN (\(placeholders(codes.count)))
                UNION SELECT organization.parent_id FROM organization JOIN reached ON organization.id = reached.id
                    WHERE organization.parent_id IS NOT NULL)
            SELECT * FROM organization WHERE id IN (SELECT id FROM reached) ORDER BY id
            """
        let arguments = StatementArguments(ids) + StatementArguments(codes)
        return OrganizationDirectory(try OrganizationRecord.fetchAll(db, sql: sql, arguments: arguments).map(\.organization))
    }

    // MARK: - People

    public func addPerson(_ new: NewPerson) throws(StoreError) -> PersonProfile {
        try write { db in
            guard let organization = try OrganizationRecord.filter(Column("code") == new.organizationCode).fetchOne(db) else {
                throw StoreError.notFound("organization \(new.organizationCode)")
            }
            if try PersonRecord.filter(Column("number") == new.number).fetchCount(db) > 0 {
                throw StoreError.duplicate("a person with number \(new.number) already exists")
            }
            // One resident ID, one person: checked in the writing transaction, so two organizers
            // registering the same number at once cannot both succeed.
            if let idNumber = new.idNumber,
               let holder = try String.fetchOne(db, sql: "SELECT number FROM person WHERE id_number = ? ORDER BY id LIMIT 1", arguments: [idNumber]) {
                throw StoreError.duplicate(StoreError.idNumberTaken(idNumber, holder: holder, number: new.number))
            }
            var record = PersonRecord(
                id: nil, number: new.number, name: new.name, category: new.category, organizationId: organization.id!,
                gender: new.gender, birthDate: new.birthDate, ethnicity: new.ethnicity, education: new.education,
                level: new.level, grade: new.grade, leagueMember: new.leagueMember, idNumber: new.idNumber,
                workflowVersion: new.workflowVersion, createdAt: new.createdAt, createdBy: new.createdBy)
            try record.insert(db)
            try PersonStateRecord(personId: record.id!, stage: nil, stageSince: nil, enteredOn: nil, lastEventId: nil,
                                  organizationId: record.organizationId, timeline: Data(TimelineDigest(entries: []).encoded)).insert(db)
            return record.profile
        }
    }

    /// Finds a person by number (学号/工号) or, failing that, by internal id.
    public func person(_ key: String) throws(StoreError) -> PersonProfile? {
        try read { db in
            if let record = try PersonRecord.filter(Column("number") == key).fetchOne(db) { return record.profile }
            if let id = Int64(key), let record = try PersonRecord.fetchOne(db, key: id) { return record.profile }
            return nil
        }
    }

    /// A person by internal id only.
    public func person(id: Int64) throws(StoreError) -> PersonProfile? {
        try read { db in try PersonRecord.fetchOne(db, key: id)?.profile }
    }

    /// People with their projected stage, optionally within an organization's subtree or a stage.
    public func people(organizationCode: String? = nil, stage: String? = nil) throws(StoreError) -> [PersonListing] {
        try read { db in
            var organizationIDs: [Int64]?
            if let organizationCode {
                guard let root = try OrganizationRecord.filter(Column("code") == organizationCode).fetchOne(db) else {
                    throw StoreError.notFound("organization \(organizationCode)")
                }
                organizationIDs = try Int64.fetchAll(db, sql: """
                    WITH RECURSIVE tree(id) AS (SELECT ? UNION ALL SELECT o.id FROM organization o JOIN tree ON o.parent_id = tree.id)
                    SELECT id FROM tree
                    """, arguments: [root.id])
            }
            var sql = """
                SELECT person.*, person_state.stage AS state_stage, person_state.stage_since AS state_since, organization.code AS org_code, organization.name AS org_name
                FROM person JOIN person_state ON person_state.person_id = person.id
                JOIN organization ON organization.id = person_state.organization_id
                WHERE 1
                """
            var arguments = StatementArguments()
            if let organizationIDs {
                sql += " AND person_state.organization_id IN (\(organizationIDs.map { _ in "?" }.joined(separator: ",")))"
                arguments += StatementArguments(organizationIDs)
            }
            if let stage {
                sql += " AND person_state.stage = ?"
                arguments += [stage]
            }
            sql += " ORDER BY person.number"
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                PersonListing(
                    profile: try PersonRecord(row: row).profile, stage: row["state_stage"], stageSince: row["state_since"],
                    organizationCode: row["org_code"], organizationName: row["org_name"])
            }
        }
    }

    /// Count of people per projected stage (nil: registered, no application yet).
    public func stageCounts() throws(StoreError) -> [String?: Int] {
        try read { db in
            var counts: [String?: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT stage, COUNT(*) AS n FROM person_state GROUP BY stage") {
                counts[row["stage"] as String?] = row["n"]
            }
            return counts
        }
    }

    // MARK: - Events

    public func history(personID: Int64) throws(StoreError) -> History {
        try read { db in try SQLiteStore.history(db, personID: personID) }
    }

    static func history(_ db: Database, personID: Int64) throws -> History {
        guard let person = try person(db, sql: "SELECT \(ProjectionRows.personColumns) FROM person WHERE id = ?", personID) else {
            throw StoreError.notFound("person \(personID)")
        }
        return History(person: person, events: try events(db, personID: personID))
    }

    /// The person a query by one key finds (its columns `ProjectionRows.personColumns`), read by
    /// position with a statement prepared once per connection (an import reads one per person).
    static func person(_ db: Database, sql: String, _ key: some DatabaseValueConvertible) throws -> PersonProfile? {
        let statement = try db.cachedStatement(sql: sql)
        try statement.setArguments([key])
        let handle = statement.sqliteStatement
        defer { sqlite3_reset(handle) }
        guard try RawSQLite.step(handle, in: db) else { return nil }
        return try ProjectionRows.person(handle)
    }

    /// A person's recorded events (corrections included), in id order, read by position.
    static func events(_ db: Database, personID: Int64) throws -> [Event] {
        let statement = try db.cachedStatement(sql: "SELECT \(EventRecord.positionalColumns) FROM event WHERE person_id = ? ORDER BY id")
        try statement.setArguments([personID])
        defer { sqlite3_reset(statement.sqliteStatement) }
        var rows = EventRows(db, statement)
        var events: [Event] = []
        while let event = try rows.next() { events.append(event) }
        return events
    }

    /// One person's history and its version (how many events they have), read together.
    public func versionedHistory(personID: Int64) throws(StoreError) -> VersionedHistory {
        try read { db in
            let history = try SQLiteStore.history(db, personID: personID)
            return VersionedHistory(history: history, version: Int64(history.events.count))
        }
    }

    /// Appends one person's events if their version is still `version` (see `EventStore`).
    public func append(_ events: [Event], to personID: Int64, expecting version: Int64) throws(StoreError) -> [Event] {
        guard !events.isEmpty else { return [] }
        let person = try read { db in try PersonRecord.fetchOne(db, key: personID) }
        guard let person else { throw StoreError.notFound("person \(personID)") }
        let workflow = try bundle(version: person.workflowVersion).workflow
        return try write { db in
            let current = try Int64.fetchOne(db, sql: "SELECT count(*) FROM event WHERE person_id = ?", arguments: [personID]) ?? 0
            guard current == version else {
                throw StoreError.conflict("the history of \(person.number) changed while this was judged (version \(version), now \(current))")
            }
            var history = try SQLiteStore.history(db, personID: personID)
            var stored: [Event] = []
            for event in events {
                guard event.personID == personID else {
                    throw StoreError.invalid("an event of person \(event.personID) given as one of \(personID)")
                }
                var record = EventRecord(event)
                record.id = nil
                try record.insert(db)
                stored.append(record.event)
            }
            try PersonSeals.seal(db, eventIDs: stored.map(\.id), signer: try currentSigner())
            for event in stored { history.append(event) }
            try SQLiteStore.project(db, history: history, workflow: workflow)
            return stored
        }
    }

    public func event(id: Int64) throws(StoreError) -> Event? {
        try read { db in try EventRecord.fetchOne(db, key: id)?.event }
    }

    /// Appends an event in one write transaction: reads the person's history, lets `check`
    /// refuse (by throwing) on exactly that history, inserts the event and updates the projection.
    @discardableResult
    public func append(
        _ event: Event,
        check: @Sendable (History, WorkflowBundle) throws -> Void = { _, _ in }
    ) throws -> Event {
        try append(event, guardedBy: { history, bundle, _ in try check(history, bundle) }, organizations: false)
    }

    /// Appends an event like `append(_:check:)`, handing `check` also the organizations that
    /// judging steps on that history can look up (the history's own and the event's, with their
    /// ancestors: see `OrganizationReach`), read in the same transaction.
    @discardableResult
    public func append(
        _ event: Event,
        guardedBy check: @Sendable (History, WorkflowBundle, OrganizationDirectory) throws -> Void
    ) throws -> Event {
        try append(event, guardedBy: check, organizations: true)
    }

    private func append(
        _ event: Event,
        guardedBy check: @Sendable (History, WorkflowBundle, OrganizationDirectory) throws -> Void,
        organizations: Bool
    ) throws -> Event {
        let bundle = try bundle(version: event.workflowVersion)
        do {
            return try writer.write { db in try sealingWrite(db) {
                var history = try SQLiteStore.history(db, personID: event.personID)
                let directory = organizations
                    ? try SQLiteStore.organizationDirectory(db, reaching: OrganizationReach(history: history, data: [event.data]))
                    : OrganizationDirectory([])
                try check(history, bundle, directory)
                var record = EventRecord(event)
                record.id = nil
                try record.insert(db)
                let stored = record.event
                try PersonSeals.seal(db, eventIDs: [stored.id], signer: try currentSigner())
                history.append(stored)
                try SQLiteStore.project(db, history: history, workflow: bundle.workflow)
                return stored
            } }
        } catch let error as DatabaseError {
            throw storeError(error)
        } catch let error as StoreError {
            throw storeError(error)
        }
    }

    /// Appends events that are history already (a person's past, a legacy file), without
    /// guards, in one write transaction: all of them or none. Each person's projection is
    /// updated once, at the end.
    public func append(contentsOf events: [Event]) throws(StoreError) {
        guard !events.isEmpty else { return }
        let personIDs = Array(Set(events.map(\.personID)))
        let versions = try read { db in
            try Int64.fetchAll(db, sql: "SELECT DISTINCT workflow_version FROM person WHERE id IN (\(personIDs.map { _ in "?" }.joined(separator: ",")))",
                               arguments: StatementArguments(personIDs))
        }
        var workflows: [Int64: Workflow] = [:]
        for version in Set(versions + events.map(\.workflowVersion)) { workflows[version] = try bundle(version: version).workflow }
        let known = workflows
        try write { db in
            var people: [Int64: Int64] = [:]
            var ids: [Int64] = []
            for event in events {
                var record = EventRecord(event)
                record.id = nil
                try record.insert(db)
                ids.append(record.id!)
                people[event.personID] = event.workflowVersion
            }
            try PersonSeals.seal(db, eventIDs: ids, signer: try currentSigner())
            for (person, _) in people {
                let history = try SQLiteStore.history(db, personID: person)
                guard let workflow = known[history.person.workflowVersion] else {
                    throw StoreError.notFound("workflow version \(history.person.workflowVersion)")
                }
                try SQLiteStore.project(db, history: history, workflow: workflow)
            }
        }
    }

    /// The projection a person's events give: current stage, since when, and the organization
    /// holding them after transfers.
    static func expectedState(_ db: Database, history: History, workflow: Workflow) throws -> PersonStateRecord {
        let projection = PersonProjection(history: history, workflow: workflow)
        var organizationID = history.person.organizationID
        if let code = projection.transferredTo,
           let id = try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM organization WHERE code = ?"), arguments: [code]) {
            organizationID = id
        }
        return PersonStateRecord(
            personId: history.person.id, stage: projection.stage, stageSince: projection.stageSince,
            enteredOn: projection.enteredOn, lastEventId: projection.lastEventID, organizationId: organizationID,
            timeline: Data(projection.timeline))
    }

    static func project(_ db: Database, history: History, workflow: Workflow) throws {
        try expectedState(db, history: history, workflow: workflow).save(db)
    }

    /// Whether a stored projection says what the events say (stage, since when, organization,
    /// and the timeline statistics read).
    static func agrees(_ stored: PersonStateRecord?, _ expected: PersonStateRecord) -> Bool {
        disagreement(stored, expected) == nil
    }

    /// What of a stored projection disagrees with the events: "stage", "statistics digest",
    /// both, or nil when it agrees.
    static func disagreement(_ stored: PersonStateRecord?, _ expected: PersonStateRecord) -> String? {
        let stage = stored?.stage == expected.stage && stored?.stageSince == expected.stageSince
            && stored?.organizationId == expected.organizationId
        let digest = stored?.timeline == expected.timeline
        switch (stage, digest) {
        case (true, true): return nil
        case (false, true): return "stage"
        case (true, false): return "statistics digest"
        case (false, false): return "stage and statistics digest"
        }
    }

    /// The installed workflow versions people follow.
    public func workflowVersionsInUse() throws(StoreError) -> [Int64] {
        try read { db in try Int64.fetchAll(db, sql: "SELECT DISTINCT workflow_version FROM person ORDER BY workflow_version") }
    }

    /// The workflows of every version people follow, by version.
    func peoplesWorkflows() throws(StoreError) -> [Int64: Workflow] {
        let versions = try read { db in try Int64.fetchAll(db, sql: "SELECT DISTINCT workflow_version FROM person") }
        var workflows: [Int64: Workflow] = [:]
        for version in versions { workflows[version] = try bundle(version: version).workflow }
        return workflows
    }

    /// Recomputes every person's projected stage from the events. Returns the people whose
    /// stored projection disagreed with the events.
    @discardableResult
    public func rebuildProjections() throws(StoreError) -> [String] {
        let known = try peoplesWorkflows()
        return try write { db in
            var disagreements: [String] = []
            for person in try PersonRecord.fetchAll(db) {
                let history = try SQLiteStore.history(db, personID: person.id!)
                let expected = try SQLiteStore.expectedState(db, history: history, workflow: known[person.workflowVersion]!)
                if !SQLiteStore.agrees(try PersonStateRecord.fetchOne(db, key: person.id!), expected) { disagreements.append(person.number) }
                try expected.save(db)
            }
            return disagreements
        }
    }
}

import FazhanCore
import FazhanStore
import Foundation
import Logging
import NIOCore
import PostgresNIO
import Synchronization

/// The event store on PostgreSQL, over postgres-nio's connection pool (`PostgresClient`).
///
/// The same semantics as `SQLiteStore`, method by method: the same orders, errors and seals.
/// Writers of one person are serialized by their `person_state` row (`SELECT ... FOR UPDATE`);
/// writers of different people never wait for each other. Checkpoints are written by
/// `checkpoint()` alone (under an advisory lock), never by an append: a server runs it every few
/// seconds, and the `verify`, `copy` and `migrate` commands run it first.
public final class PostgresStore: EventStore, Sendable {
    public let client: PostgresClient
    public let target: PostgresTarget
    let logger: Logger
    private let bundles = Mutex<[Int64: WorkflowBundle]>([:])
    /// People, organizations and histories read before (see `StoreCache`).
    let cache = StoreCache()

    /// A store over a client whose `run()` the caller runs.
    public init(client: PostgresClient, target: PostgresTarget, logger: Logger) {
        self.client = client
        self.target = target
        self.logger = logger
    }

    /// Connects to `target` (one connection first, so that an unreachable server, a refused
    /// password or a missing database is a `StoreError.unreachable` sentence rather than a pool
    /// retrying forever), runs the pool while `body` runs, and shuts it down after.
    /// `serving`: a server's pool (see `PostgresTarget.clientConfiguration(serving:)`).
    public static func withStore<T: Sendable>(
        target: PostgresTarget, logger: Logger = Logger(label: "fazhan.postgres"), serving: Bool = false,
        _ body: @Sendable (PostgresStore) async throws -> T
    ) async throws -> T {
        try await probe(target, logger: logger)
        let client = PostgresClient(configuration: target.clientConfiguration(serving: serving), backgroundLogger: logger)
        let store = PostgresStore(client: client, target: target, logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            return try await body(store)
        }
    }

    /// For a command that runs once and exits: connects (one probing connection first, as
    /// `withStore`), checks that the database holds this program's schema, and runs the pool in a
    /// task of its own that ends with the process.
    ///
    /// The pool is never awaited: a command that gave up on a connection the server dropped
    /// (see `ConnectionWatchdog`) exits instead of waiting for the pool to shut down around it.
    public static func connect(
        url: String, checkingSchema: Bool = true, logger: Logger = Logger(label: "fazhan.postgres")
    ) async throws -> PostgresStore {
        let target = try PostgresTarget(url: url)
        try await probe(target, logger: logger)
        let client = PostgresClient(configuration: target.clientConfiguration, backgroundLogger: logger)
        Task { await client.run() }
        let store = PostgresStore(client: client, target: target, logger: logger)
        if checkingSchema { try await store.checkSchema() }
        return store
    }

    /// `withStore(target:)` from a URL (`postgres://user[:password]@host[:port]/database`).
    public static func withStore<T: Sendable>(
        url: String, logger: Logger = Logger(label: "fazhan.postgres"),
        _ body: @Sendable (PostgresStore) async throws -> T
    ) async throws -> T {
        try await withStore(target: try PostgresTarget(url: url), logger: logger, body)
    }

    /// Opens and closes one connection, translating what fails.
    static func probe(_ target: PostgresTarget, logger: Logger) async throws(StoreError) {
        do {
            let connection = try await PostgresConnection.connect(configuration: target.connectionConfiguration, id: 0, logger: logger)
            try? await connection.close()
        } catch {
            throw target.storeError(error)
        }
    }

    // MARK: - Running statements

    /// Runs `body` on a pooled connection, translating every error.
    func withConnection<T>(_ body: (PostgresConnection) async throws -> T) async throws(StoreError) -> T {
        do {
            return try await client.withConnection { connection in try await body(connection) }
        } catch {
            throw target.storeError(error)
        }
    }

    /// Runs `body` in a transaction opened with `begin`: committed if it returns, rolled back if
    /// it throws. Errors are thrown as they are (not wrapped as `withTransaction` does), so that
    /// a conflict stays a conflict.
    func transaction<T>(_ begin: String = "BEGIN", _ body: (PostgresConnection) async throws -> T) async throws(StoreError) -> T {
        try await withConnection { connection in
            try await connection.checkedQuery(PostgresQuery(unsafeSQL: begin), logger: self.logger)
            do {
                let value = try await body(connection)
                try await connection.checkedQuery("COMMIT", logger: self.logger)
                return value
            } catch {
                await rollBack(connection)
                throw error
            }
        }
    }

    /// Rolls back the transaction open on `connection`, unless the server has closed it (and
    /// rolled it back itself).
    func rollBack(_ connection: PostgresConnection) async {
        _ = try? await connection.checkedQuery("ROLLBACK", logger: logger)
    }

    /// A consistent read: one snapshot for every statement of `body`.
    func snapshot<T>(_ body: (PostgresConnection) async throws -> T) async throws(StoreError) -> T {
        try await transaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", body)
    }

    // MARK: - Migrations

    /// Applies the migrations the database has not seen, in order, each in its own transaction
    /// under an advisory lock (two servers starting at once migrate once). Refuses a database
    /// that holds a version this program does not know. Running it again changes nothing.
    /// Returns the versions applied.
    @discardableResult
    public func migrate() async throws(StoreError) -> [Int] {
        try await transaction { connection in
            _ = try await connection.checkedQuery("SELECT pg_advisory_xact_lock(7310250001)", logger: self.logger).collect()
            try await connection.checkedQuery(PostgresQuery(unsafeSQL: PostgresSchema.bookkeeping), logger: self.logger)
            let applied = Set(try await connection.checkedQuery("SELECT version FROM fazhan_migration", logger: self.logger)
                .collect().map { try $0.decode(Int.self) })
            if let unknown = applied.max(), unknown > PostgresSchema.latestVersion {
                throw StoreError.schemaMismatch(Self.tooNew(unknown))
            }
            var done: [Int] = []
            // The extended protocol runs one statement at a time: a script runs through plpgsql's EXECUTE.
            try await connection.checkedQuery("""
                CREATE OR REPLACE FUNCTION pg_temp.fazhan_run_script(script text) RETURNS void LANGUAGE plpgsql AS $f$
                BEGIN EXECUTE script; END $f$
                """, logger: self.logger)
            for migration in PostgresSchema.migrations where !applied.contains(migration.version) {
                // Collected: an error raised while the script runs arrives with its (empty) rows.
                _ = try await connection.checkedQuery("SELECT pg_temp.fazhan_run_script(\(migration.sql))", logger: self.logger).collect()
                try await connection.checkedQuery(
                    "INSERT INTO fazhan_migration (version, name) VALUES (\(migration.version), \(migration.name))", logger: self.logger)
                done.append(migration.version)
            }
            return done
        }
    }

    static func tooNew(_ version: Int) -> String {
        "the database has schema version \(version), newer than this program knows (\(PostgresSchema.latestVersion)): "
            + "upgrade fazhan-server; nothing was changed"
    }

    /// Checks that the database holds this program's schema, all of it.
    public func checkSchema() async throws(StoreError) {
        let version = try await withConnection { connection -> Int? in
            let exists = try await connection.checkedQuery("SELECT to_regclass('fazhan_migration') IS NOT NULL", logger: self.logger)
                .collect().first?.decode(Bool.self) ?? false
            guard exists else { return nil }
            return try await connection.checkedQuery("SELECT max(version) FROM fazhan_migration", logger: self.logger)
                .collect().first?.decode(Int?.self)
        }
        guard let version else {
            throw StoreError.schemaMismatch(
                "the database \(target.database) at \(target.hostAndPort) holds no Fazhan schema: run `fazhan-server migrate --database URL` first")
        }
        if version > PostgresSchema.latestVersion { throw StoreError.schemaMismatch(Self.tooNew(version)) }
        if version < PostgresSchema.latestVersion {
            throw StoreError.schemaMismatch(
                "the database has schema version \(version), older than this program's \(PostgresSchema.latestVersion): "
                    + "run `fazhan-server migrate --database URL`")
        }
    }

    // MARK: - Workflows

    public func install(_ bundle: WorkflowBundle, by user: String, at timestamp: String) async throws(StoreError) -> InstalledWorkflow {
        let sources: String
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            sources = String(decoding: try encoder.encode(bundle.sources), as: UTF8.self)
        } catch {
            throw StoreError.invalid("the workflow's sources do not encode: \(error)")
        }
        let files = bundle.sources.map { ($0.path as NSString).lastPathComponent }
        let result = try await transaction { connection -> InstalledWorkflow in
            let inserted = try await connection.checkedQuery("""
                INSERT INTO workflow_version (workflow_id, sha256, title, provisional, sources, installed_at, installed_by)
                VALUES (\(bundle.workflow.id), \(bundle.sha256), \(bundle.workflow.title), \(bundle.workflow.provisional), \(sources),
                        \(timestamp), \(user))
                ON CONFLICT (sha256) DO NOTHING RETURNING id
                """, logger: self.logger).collect().first?.decode(Int64.self)
            if let inserted {
                return InstalledWorkflow(
                    version: inserted, workflowID: bundle.workflow.id, title: bundle.workflow.title, sha256: bundle.sha256,
                    provisional: bundle.workflow.provisional, installedAt: timestamp, installedBy: user, files: files, isNew: true)
            }
            guard let existing = try await Self.installed(connection, logger: self.logger, where: "sha256 = $1", bundle.sha256).first else {
                throw StoreError.io("workflow \(bundle.workflow.id) was neither installed nor found")
            }
            return existing
        }
        bundles.withLock { $0[result.version] = bundle }
        return result
    }

    static func installed(_ connection: PostgresConnection, logger: Logger, where condition: String = "TRUE", _ argument: String? = nil)
        async throws -> [InstalledWorkflow]
    {
        var binds = PostgresBindings()
        if let argument { binds.append(argument) }
        let rows = try await connection.checkedQuery(PostgresQuery(unsafeSQL: """
            SELECT id, workflow_id, title, sha256, provisional, installed_at, installed_by, sources
            FROM workflow_version WHERE \(condition) ORDER BY id
            """, binds: binds), logger: logger)
        var result: [InstalledWorkflow] = []
        for try await row in rows {
            let (id, workflowID, title, sha256, provisional, installedAt, installedBy, sources) =
                try row.decode((Int64, String, String, String, Bool, String, String, String).self)
            let files = try decodeSources(sources, version: id).map { ($0.path as NSString).lastPathComponent }
            result.append(InstalledWorkflow(
                version: id, workflowID: workflowID, title: title, sha256: sha256, provisional: provisional, installedAt: installedAt,
                installedBy: installedBy, files: files, isNew: false))
        }
        return result
    }

    static func decodeSources(_ text: String, version: Int64) throws -> [SourceFile] {
        do {
            return try JSONDecoder().decode([SourceFile].self, from: Data(text.utf8))
        } catch {
            throw StoreError.corrupt("workflow_version.sources of version \(version) is not a list of files")
        }
    }


    public func bundle(version: Int64) async throws(StoreError) -> WorkflowBundle {
        if let cached = bundles.withLock({ $0[version] }) { return cached }
        let row = try await withConnection { connection in
            try await connection.checkedQuery("SELECT workflow_id, sources FROM workflow_version WHERE id = \(version)", logger: self.logger)
                .collect().first?.decode((String, String).self)
        }
        guard let (workflowID, text) = row else { throw StoreError.notFound("workflow version \(version)") }
        let bundle: WorkflowBundle
        do {
            let sources = try Self.decodeSources(text, version: version)
            guard let first = sources.first else { throw StoreError.corrupt("workflow version \(version) has no files") }
            bundle = try WorkflowLoader.stored(sources).load(file: first)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.corrupt("the stored workflow \(workflowID) (version \(version)) no longer loads: \(error)")
        }
        bundles.withLock { $0[version] = bundle }
        return bundle
    }

    public func setting(_ key: String) async throws(StoreError) -> String? {
        try await withConnection { connection in
            try await connection.checkedQuery("SELECT value FROM setting WHERE key = \(key)", logger: self.logger).collect().first?.decode(String.self)
        }
    }

    public func setSetting(_ key: String, _ value: String) async throws(StoreError) {
        _ = try await withConnection { connection in
            try await connection.checkedQuery("""
                INSERT INTO setting (key, value) VALUES (\(key), \(value)) ON CONFLICT (key) DO UPDATE SET value = excluded.value
                """, logger: self.logger)
        }
    }

    // MARK: - Organizations

    public func addOrganization(_ new: NewOrganization) async throws(StoreError) -> Organization {
        try await transaction { connection -> Organization in
            var parentID: Int64?
            if let parentCode = new.parentCode {
                guard let (id, kind) = try await connection.checkedQuery(
                    "SELECT id, kind FROM organization WHERE code = \(parentCode)", logger: self.logger
                ).collect().first?.decode((Int64, String).self) else {
                    throw StoreError.notFound("organization \(parentCode)")
                }
                if kind == Organization.Kind.branch.rawValue {
                    throw StoreError.invalid("a 党支部 (\(parentCode)) cannot contain other organizations")
                }
                parentID = id
            }
            let taken = try await connection.checkedQuery("SELECT count(*) FROM organization WHERE code = \(new.code)", logger: self.logger)
                .collect().first?.decode(Int64.self) ?? 0
            if taken > 0 { throw StoreError.duplicate("an organization with code \(new.code) already exists") }
            let canApprove = new.kind == .committee && new.canApprove
            let id: Int64
            do {
                guard let inserted = try await connection.checkedQuery("""
                    INSERT INTO organization (code, name, kind, parent_id, category, can_approve, created_at, created_by)
                    VALUES (\(new.code), \(new.name), \(new.kind.rawValue), \(parentID), \(new.category?.rawValue), \(canApprove),
                            \(new.createdAt), \(new.createdBy))
                    RETURNING id
                    """, logger: self.logger).collect().first?.decode(Int64.self) else {
                    throw StoreError.io("the organization \(new.code) was not inserted")
                }
                id = inserted
            } catch let error as PSQLError where error.sqlState == "23505" {
                throw StoreError.duplicate("an organization with code \(new.code) already exists")
            }
            return Organization(id: id, code: new.code, name: new.name, kind: new.kind, parentID: parentID, category: new.category,
                                canApprove: canApprove)
        }
    }

    static let organizationColumns = "id, code, name, kind, parent_id, category, can_approve"

    static func organization(_ row: PostgresRow) throws -> Organization {
        let (id, code, name, kind, parentID, category, canApprove) =
            try row.decode((Int64, String, String, String, Int64?, String?, Bool).self)
        return Organization(
            id: id, code: code, name: name, kind: try RowValue.decode(Organization.Kind.self, kind, column: "organization.kind"),
            parentID: parentID,
            category: try category.map { try RowValue.decode(Organization.Category.self, $0, column: "organization.category") },
            canApprove: canApprove)
    }

    public func organizations() async throws(StoreError) -> [Organization] {
        try await withConnection { connection in
            try await connection.checkedQuery("SELECT \(unescaped: Self.organizationColumns) FROM organization ORDER BY id", logger: self.logger)
                .collect().map(Self.organization)
        }
    }

    public func organizationDirectory() async throws(StoreError) -> OrganizationDirectory {
        OrganizationDirectory(try await organizations())
    }

    /// The organizations a reach names, with their ancestors. Organizations are never changed, so
    /// they are answered from those read before, and all are read again when one is missing.
    public func organizationDirectory(reaching reach: OrganizationReach) async throws(StoreError) -> OrganizationDirectory {
        guard !reach.ids.isEmpty || !reach.codes.isEmpty else { return OrganizationDirectory([]) }
        if let directory = cache.directory(reaching: reach) { return directory }
        return cache.directory(reaching: reach, afterLoading: try await organizations())
    }

    // MARK: - People

    static let personColumns = """
        p.id, p.number, p.name, p.category, p.organization_id, p.gender, p.birth_date, p.ethnicity, p.education, p.level, p.grade, \
        p.league_member, p.id_number, p.workflow_version
        """

    /// A person from the 14 columns of `personColumns`, starting at `offset`.
    static func person(_ row: PostgresRandomAccessRow, offset: Int = 0) throws -> PersonProfile {
        func cell<T: PostgresDecodable>(_ index: Int, _: T.Type = T.self) throws -> T { try row[offset + index].decode(T.self) }
        let number: String = try cell(1)
        return PersonProfile(
            id: try cell(0), number: number, name: try cell(2),
            category: try RowValue.decode(PersonProfile.Category.self, try cell(3), column: "person.category"),
            organizationID: try cell(4),
            gender: try (try cell(5, String?.self)).map { try RowValue.decode(Gender.self, $0, column: "person.gender") },
            birthDate: try (try cell(6, String?.self)).map { try RowValue.date($0, column: "person.birth_date") },
            ethnicity: try cell(7), education: try cell(8),
            level: try (try cell(9, String?.self)).map { try RowValue.decode(PersonProfile.Level.self, $0, column: "person.level") },
            grade: (try cell(10, Int64?.self)).map { Int($0) }, leagueMember: try cell(11), idNumber: try cell(12),
            workflowVersion: try cell(13))
    }

    /// The first key of the advisory lock that serializes registrations of one resident ID number
    /// (the second is the number's hash).
    static let idNumberLock: Int32 = 731_025_004

    public func addPerson(_ new: NewPerson) async throws(StoreError) -> PersonProfile {
        try await transaction { connection -> PersonProfile in
            guard let organizationID = try await connection.checkedQuery(
                "SELECT id FROM organization WHERE code = \(new.organizationCode)", logger: self.logger
            ).collect().first?.decode(Int64.self) else {
                throw StoreError.notFound("organization \(new.organizationCode)")
            }
            let taken = try await connection.checkedQuery("SELECT count(*) FROM person WHERE number = \(new.number)", logger: self.logger)
                .collect().first?.decode(Int64.self) ?? 0
            if taken > 0 { throw StoreError.duplicate("a person with number \(new.number) already exists") }
            if let idNumber = new.idNumber {
                // One resident ID, one person: registrations of the same ID number wait for each
                // other (the lock is the transaction's), so the second sees the first.
                _ = try await connection.checkedQuery(
                    "SELECT pg_advisory_xact_lock(\(Self.idNumberLock), hashtext(\(idNumber)))", logger: self.logger).collect()
                if let holder = try await connection.checkedQuery(
                    "SELECT number FROM person WHERE id_number = \(idNumber) ORDER BY id LIMIT 1", logger: self.logger
                ).collect().first?.decode(String.self) {
                    throw StoreError.duplicate(StoreError.idNumberTaken(idNumber, holder: holder, number: new.number))
                }
            }
            let id: Int64
            do {
                guard let inserted = try await connection.checkedQuery("""
                    INSERT INTO person (number, name, category, organization_id, gender, birth_date, ethnicity, education, level, grade,
                                        league_member, id_number, workflow_version, created_at, created_by)
                    VALUES (\(new.number), \(new.name), \(new.category.rawValue), \(organizationID), \(new.gender?.rawValue),
                            \(new.birthDate?.description), \(new.ethnicity), \(new.education), \(new.level?.rawValue),
                            \(new.grade.map(Int64.init)), \(new.leagueMember), \(new.idNumber), \(new.workflowVersion), \(new.createdAt),
                            \(new.createdBy))
                    RETURNING id
                    """, logger: self.logger).collect().first?.decode(Int64.self) else {
                    throw StoreError.io("the person \(new.number) was not inserted")
                }
                id = inserted
            } catch let error as PSQLError where error.sqlState == "23505" {
                throw StoreError.duplicate("a person with number \(new.number) already exists")
            }
            let timeline = Data(TimelineDigest(entries: []).encoded)
            try await connection.checkedQuery("""
                INSERT INTO person_state (person_id, organization_id, timeline, version) VALUES (\(id), \(organizationID), \(timeline), 0)
                """, logger: self.logger)
            return PersonProfile(
                id: id, number: new.number, name: new.name, category: new.category, organizationID: organizationID, gender: new.gender,
                birthDate: new.birthDate, ethnicity: new.ethnicity, education: new.education, level: new.level, grade: new.grade,
                leagueMember: new.leagueMember, idNumber: new.idNumber, workflowVersion: new.workflowVersion)
        }
    }

    /// Finds a person by number (学号/工号) or, failing that, by internal id. A registration is
    /// never changed, so a person found by number is answered from memory the next time.
    public func person(_ key: String) async throws(StoreError) -> PersonProfile? {
        if let person = cache.person(number: key) { return person }
        let person = try await withConnection { connection -> PersonProfile? in
            if let row = try await connection.checkedExecute(PersonByNumber(number: key), logger: self.logger).first {
                return try Self.person(row.makeRandomAccess())
            }
            if let id = Int64(key), let row = try await connection.checkedExecute(PersonByID(id: id), logger: self.logger).first {
                return try Self.person(row.makeRandomAccess())
            }
            return nil
        }
        if let person { cache.remember(person) }
        return person
    }

    /// The ids of an organization and every organization under it, or `notFound`.
    static func subtree(_ connection: PostgresConnection, code: String, logger: Logger) async throws -> [Int64] {
        guard let root = try await connection.checkedQuery("SELECT id FROM organization WHERE code = \(code)", logger: logger)
            .collect().first?.decode(Int64.self) else {
            throw StoreError.notFound("organization \(code)")
        }
        return try await connection.checkedQuery("""
            WITH RECURSIVE tree(id) AS (SELECT \(root)::bigint UNION ALL SELECT o.id FROM organization o JOIN tree ON o.parent_id = tree.id)
            SELECT id FROM tree
            """, logger: logger).collect().map { try $0.decode(Int64.self) }
    }

    public func people(organizationCode: String?, stage: String?) async throws(StoreError) -> [PersonListing] {
        try await snapshot { connection in
            var organizationIDs: [Int64]?
            if let organizationCode {
                organizationIDs = try await Self.subtree(connection, code: organizationCode, logger: self.logger)
            }
            var binds = PostgresBindings()
            var sql = """
                SELECT \(Self.personColumns), s.stage, s.stage_since, o.code, o.name
                FROM person p JOIN person_state s ON s.person_id = p.id
                JOIN organization o ON o.id = s.organization_id
                WHERE TRUE
                """
            if let organizationIDs {
                binds.append(organizationIDs)
                sql += " AND s.organization_id = ANY($\(binds.count))"
            }
            if let stage {
                binds.append(stage)
                sql += " AND s.stage = $\(binds.count)"
            }
            sql += " ORDER BY p.number COLLATE \"C\""
            return try await connection.checkedQuery(PostgresQuery(unsafeSQL: sql, binds: binds), logger: self.logger).collect().map { row in
                let cells = row.makeRandomAccess()
                return PersonListing(
                    profile: try Self.person(cells),
                    stage: try cells[14].decode(String?.self),
                    stageSince: try (try cells[15].decode(String?.self)).map { try RowValue.date($0, column: "person_state.stage_since") },
                    organizationCode: try cells[16].decode(String.self), organizationName: try cells[17].decode(String.self))
            }
        }
    }

    // MARK: - Planning

    static func organizationID(_ connection: PostgresConnection, code: String, logger: Logger) async throws -> Int64 {
        guard let id = try await connection.checkedQuery("SELECT id FROM organization WHERE code = \(code)", logger: logger)
            .collect().first?.decode(Int64.self) else {
            throw StoreError.notFound("organization \(code)")
        }
        return id
    }

    public func setEnrollment(organizationCode: String, students: Int, staff: Int?, effectiveOn: CivilDate,
                              recordedAt: String, recordedBy: String) async throws(StoreError) {
        try await transaction { connection in
            let id = try await Self.organizationID(connection, code: organizationCode, logger: self.logger)
            try await connection.checkedQuery("""
                INSERT INTO enrollment (organization_id, effective_on, students, staff, recorded_at, recorded_by)
                VALUES (\(id), \(effectiveOn.description), \(Int64(students)), \(staff.map(Int64.init)), \(recordedAt), \(recordedBy))
                """, logger: self.logger)
        }
    }

    public func enrollment(asOf date: CivilDate) async throws(StoreError) -> [EnrollmentCount] {
        try await withConnection { connection in
            try await connection.checkedQuery("""
                SELECT o.code, e.effective_on, e.students, e.staff, e.recorded_at, e.recorded_by
                FROM enrollment e JOIN organization o ON o.id = e.organization_id
                WHERE e.id = (SELECT e2.id FROM enrollment e2 WHERE e2.organization_id = e.organization_id
                                  AND e2.effective_on <= \(date.description)
                              ORDER BY e2.effective_on COLLATE "C" DESC, e2.id DESC LIMIT 1)
                ORDER BY o.code COLLATE "C"
                """, logger: self.logger).collect().map { row in
                let (code, effectiveOn, students, staff, recordedAt, recordedBy) =
                    try row.decode((String, String, Int64, Int64?, String, String).self)
                return EnrollmentCount(
                    organizationCode: code, effectiveOn: try RowValue.date(effectiveOn, column: "enrollment.effective_on"),
                    students: Int(students), staff: staff.map { Int($0) }, recordedAt: recordedAt, recordedBy: recordedBy)
            }
        }
    }

    public func setPlan(organizationCode: String, year: Int, category: String, quota: Int,
                        recordedAt: String, recordedBy: String) async throws(StoreError) {
        try await transaction { connection in
            let id = try await Self.organizationID(connection, code: organizationCode, logger: self.logger)
            try await connection.checkedQuery("""
                INSERT INTO development_plan (organization_id, year, category, quota, recorded_at, recorded_by)
                VALUES (\(id), \(Int64(year)), \(category), \(Int64(quota)), \(recordedAt), \(recordedBy))
                """, logger: self.logger)
        }
    }

    public func plans(year: Int) async throws(StoreError) -> [DevelopmentPlan] {
        try await withConnection { connection in
            try await connection.checkedQuery("""
                SELECT o.code, p.year, p.category, p.quota, p.recorded_at, p.recorded_by
                FROM development_plan p JOIN organization o ON o.id = p.organization_id
                WHERE p.year = \(Int64(year)) AND p.id = (SELECT max(p2.id) FROM development_plan p2
                    WHERE p2.organization_id = p.organization_id AND p2.year = p.year AND p2.category = p.category)
                ORDER BY o.code COLLATE "C", p.category COLLATE "C"
                """, logger: self.logger).collect().map { row in
                let (code, year, category, quota, recordedAt, recordedBy) = try row.decode((String, Int64, String, Int64, String, String).self)
                return DevelopmentPlan(organizationCode: code, year: Int(year), category: category, quota: Int(quota),
                                       recordedAt: recordedAt, recordedBy: recordedBy)
            }
        }
    }

    public func setMemberships(_ counts: [MembershipEntry], recordedAt: String, recordedBy: String) async throws(StoreError) {
        try await transaction { connection in
            for count in counts {
                let id = try await Self.organizationID(connection, code: count.organizationCode, logger: self.logger)
                let kind = try await connection.checkedQuery("SELECT kind FROM organization WHERE id = \(id)", logger: self.logger)
                    .collect().first?.decode(String.self)
                guard kind == Organization.Kind.branch.rawValue else {
                    throw StoreError.invalid("only a 党支部 has full members who vote; \(count.organizationCode) is not a branch")
                }
                try await connection.checkedQuery("""
                    INSERT INTO branch_membership (organization_id, effective_on, full_members, recorded_at, recorded_by)
                    VALUES (\(id), \(count.effectiveOn.description), \(Int64(count.fullMembers)), \(recordedAt), \(recordedBy))
                    """, logger: self.logger)
            }
        }
    }

    public func membership(asOf date: CivilDate) async throws(StoreError) -> [MembershipCount] {
        try await withConnection { connection in
            try await connection.checkedQuery("""
                SELECT o.code, m.effective_on, m.full_members, m.recorded_at, m.recorded_by
                FROM branch_membership m JOIN organization o ON o.id = m.organization_id
                WHERE m.id = (SELECT m2.id FROM branch_membership m2 WHERE m2.organization_id = m.organization_id
                                  AND m2.effective_on <= \(date.description)
                              ORDER BY m2.effective_on COLLATE "C" DESC, m2.id DESC LIMIT 1)
                ORDER BY o.code COLLATE "C"
                """, logger: self.logger).collect().map { row in
                let (code, effectiveOn, fullMembers, recordedAt, recordedBy) = try row.decode((String, String, Int64, String, String).self)
                return MembershipCount(organizationCode: code,
                                       effectiveOn: try RowValue.date(effectiveOn, column: "branch_membership.effective_on"),
                                       fullMembers: Int(fullMembers), recordedAt: recordedAt, recordedBy: recordedBy)
            }
        }
    }

    public func recordGrading(organizationCode: String, year: Int, grade: String, strongest: Bool, note: String?,
                              recordedAt: String, recordedBy: String) async throws(StoreError) {
        try await transaction { connection in
            let id = try await Self.organizationID(connection, code: organizationCode, logger: self.logger)
            let kind = try await connection.checkedQuery("SELECT kind FROM organization WHERE id = \(id)", logger: self.logger)
                .collect().first?.decode(String.self)
            guard kind == Organization.Kind.branch.rawValue else {
                throw StoreError.invalid("only a 党支部 is graded; \(organizationCode) is not a branch")
            }
            try await connection.checkedQuery("""
                INSERT INTO branch_grading (organization_id, year, grade, strongest, note, recorded_at, recorded_by)
                VALUES (\(id), \(Int64(year)), \(grade), \(strongest), \(note), \(recordedAt), \(recordedBy))
                """, logger: self.logger)
        }
    }

    public func gradings(year: Int) async throws(StoreError) -> [BranchGrading] {
        try await withConnection { connection in
            try await connection.checkedQuery("""
                SELECT o.code, g.year, g.grade, g.strongest, g.note, g.recorded_at, g.recorded_by
                FROM branch_grading g JOIN organization o ON o.id = g.organization_id
                WHERE g.year = \(Int64(year)) AND g.id = (SELECT max(g2.id) FROM branch_grading g2
                    WHERE g2.organization_id = g.organization_id AND g2.year = g.year)
                ORDER BY o.code COLLATE "C"
                """, logger: self.logger).collect().map { row in
                let (code, year, grade, strongest, note, recordedAt, recordedBy) =
                    try row.decode((String, Int64, String, Bool, String?, String, String).self)
                return BranchGrading(organizationCode: code, year: Int(year), grade: grade, strongest: strongest, note: note,
                                     recordedAt: recordedAt, recordedBy: recordedBy)
            }
        }
    }
}

extension PSQLError {
    /// The SQLSTATE the server sent, if it sent one.
    public var sqlState: String? { serverInfo?[.sqlState] }
}

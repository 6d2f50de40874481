import FazhanCore
import FazhanStore
import Foundation
import GRDB

/// The database schema. Shipped migrations are frozen: change the schema only by adding one.
enum Schema {
    /// The tables a current database has.
    static let tables = ["workflow_version", "setting", "organization", "person", "event", "person_state", "enrollment", "development_plan",
                         "branch_grading", "event_seal", "person_seal", "seal_checkpoint", "app_user", "user_credential", "role_grant",
                         "grant_revocation", "user_session", "session_end", "record_seal", "seal_log", "branch_membership"]

    /// What is wrong with a database's schema, read without changing anything: migrations not
    /// run (an older database, or their records removed), migrations this program does not know
    /// (a newer one), tables missing. Empty when it is current.
    static func problems(_ db: Database, migrator: DatabaseMigrator) throws -> [String] {
        var problems: [String] = []
        if try !db.tableExists("grdb_migrations") {
            problems.append("its record of migrations (the table grdb_migrations) is missing")
        } else {
            let applied = try migrator.appliedIdentifiers(db)
            let known = migrator.migrations
            let missing = known.filter { !applied.contains($0) }
            if !missing.isEmpty {
                problems.append("its schema is older than this program's, or its migration records were removed: "
                                + missing.map { "\"\($0)\"" }.joined(separator: ", ") + (missing.count == 1 ? " has" : " have") + " not run")
            }
            let unknown = applied.subtracting(known).sorted()
            if !unknown.isEmpty {
                problems.append("it was migrated by a newer Fazhan (" + unknown.map { "\"\($0)\"" }.joined(separator: ", ") + "): use that version")
            }
        }
        let missingTables = try tables.filter { try !db.tableExists($0) }
        if !missingTables.isEmpty {
            problems.append("its table" + (missingTables.count == 1 ? " " : "s ") + missingTables.joined(separator: ", ")
                            + (missingTables.count == 1 ? " is" : " are") + " missing")
        }
        return problems
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: workflows, organizations, people, append-only events") { db in
            try db.execute(sql: """
                CREATE TABLE workflow_version (
                    id INTEGER PRIMARY KEY,
                    workflow_id TEXT NOT NULL,
                    sha256 TEXT NOT NULL UNIQUE,
                    title TEXT NOT NULL,
                    provisional INTEGER NOT NULL,
                    sources TEXT NOT NULL,
                    installed_at TEXT NOT NULL,
                    installed_by TEXT NOT NULL
                );
                CREATE INDEX workflow_version_by_workflow ON workflow_version(workflow_id, id);

                CREATE TABLE setting (
                    key TEXT PRIMARY KEY,
                    value TEXT NOT NULL
                );

                CREATE TABLE organization (
                    id INTEGER PRIMARY KEY,
                    code TEXT NOT NULL UNIQUE,
                    name TEXT NOT NULL,
                    kind TEXT NOT NULL CHECK (kind IN ('committee', 'general-branch', 'branch')),
                    parent_id INTEGER REFERENCES organization(id),
                    category TEXT,
                    can_approve INTEGER NOT NULL DEFAULT 0,
                    created_at TEXT NOT NULL,
                    created_by TEXT NOT NULL
                );

                CREATE TABLE person (
                    id INTEGER PRIMARY KEY,
                    number TEXT NOT NULL UNIQUE,
                    name TEXT NOT NULL,
                    category TEXT NOT NULL,
                    organization_id INTEGER NOT NULL REFERENCES organization(id),
                    gender TEXT,
                    birth_date TEXT,
                    ethnicity TEXT,
                    education TEXT,
                    level TEXT,
                    grade INTEGER,
                    league_member INTEGER NOT NULL DEFAULT 0,
                    id_number TEXT,
                    workflow_version INTEGER NOT NULL REFERENCES workflow_version(id),
                    created_at TEXT NOT NULL,
                    created_by TEXT NOT NULL
                );
                CREATE INDEX person_by_organization ON person(organization_id);

                CREATE TABLE event (
                    id INTEGER PRIMARY KEY,
                    person_id INTEGER NOT NULL REFERENCES person(id),
                    step TEXT NOT NULL,
                    occurred_on TEXT NOT NULL,
                    recorded_at TEXT NOT NULL,
                    recorded_by TEXT NOT NULL,
                    data TEXT NOT NULL,
                    workflow_version INTEGER NOT NULL REFERENCES workflow_version(id),
                    corrects INTEGER REFERENCES event(id),
                    correction_reason TEXT,
                    voids INTEGER NOT NULL DEFAULT 0,
                    imported INTEGER NOT NULL DEFAULT 0,
                    CHECK (corrects IS NULL OR correction_reason IS NOT NULL)
                );
                CREATE INDEX event_by_person ON event(person_id, id);

                -- The derived current stage of each person, written in the same transaction as
                -- the event that changes it; rebuildable from the events.
                CREATE TABLE person_state (
                    person_id INTEGER PRIMARY KEY REFERENCES person(id),
                    stage TEXT,
                    stage_since TEXT,
                    entered_on TEXT,
                    last_event_id INTEGER
                );
                CREATE INDEX person_state_by_stage ON person_state(stage);

                -- History is append-only: the database itself refuses to change or remove it.
                CREATE TRIGGER event_no_update BEFORE UPDATE ON event
                BEGIN SELECT RAISE(ABORT, 'events are append-only: record a correction instead'); END;
                CREATE TRIGGER event_no_delete BEFORE DELETE ON event
                BEGIN SELECT RAISE(ABORT, 'events are append-only: record a correction instead'); END;
                CREATE TRIGGER workflow_version_no_update BEFORE UPDATE ON workflow_version
                BEGIN SELECT RAISE(ABORT, 'installed workflows are append-only: install a new version'); END;
                CREATE TRIGGER workflow_version_no_delete BEFORE DELETE ON workflow_version
                BEGIN SELECT RAISE(ABORT, 'installed workflows are append-only: install a new version'); END;
                CREATE TRIGGER person_no_delete BEFORE DELETE ON person
                BEGIN SELECT RAISE(ABORT, 'people are never deleted: record a withdrawal instead'); END;
                CREATE TRIGGER person_no_update BEFORE UPDATE ON person
                BEGIN SELECT RAISE(ABORT, 'a person''s registration is never overwritten'); END;
                CREATE TRIGGER organization_no_update BEFORE UPDATE ON organization
                BEGIN SELECT RAISE(ABORT, 'organizations are never overwritten'); END;
                CREATE TRIGGER organization_no_delete BEFORE DELETE ON organization
                BEGIN SELECT RAISE(ABORT, 'organizations are never deleted'); END;
                """)
        }
        migrator.registerMigration("v2: the organization holding each person, after transfers") { db in
            try db.execute(sql: """
                ALTER TABLE person_state ADD COLUMN organization_id INTEGER REFERENCES organization(id);
                UPDATE person_state SET organization_id = (SELECT organization_id FROM person WHERE person.id = person_state.person_id);
                CREATE INDEX person_state_by_organization ON person_state(organization_id);
                """)
        }
        migrator.registerMigration("v3: enrollment counts, development plans, branch gradings") { db in
            try db.execute(sql: """
                -- Denominators for ratio targets: the count in force from a date, per organization.
                CREATE TABLE enrollment (
                    id INTEGER PRIMARY KEY,
                    organization_id INTEGER NOT NULL REFERENCES organization(id),
                    effective_on TEXT NOT NULL,
                    students INTEGER NOT NULL CHECK (students >= 0),
                    staff INTEGER CHECK (staff >= 0),
                    recorded_at TEXT NOT NULL,
                    recorded_by TEXT NOT NULL
                );
                CREATE INDEX enrollment_by_organization ON enrollment(organization_id, effective_on);

                -- 年度发展计划: a quota per organization, year and category; the latest entry counts.
                CREATE TABLE development_plan (
                    id INTEGER PRIMARY KEY,
                    organization_id INTEGER NOT NULL REFERENCES organization(id),
                    year INTEGER NOT NULL,
                    category TEXT NOT NULL,
                    quota INTEGER NOT NULL CHECK (quota >= 0),
                    recorded_at TEXT NOT NULL,
                    recorded_by TEXT NOT NULL
                );
                CREATE INDEX development_plan_by_year ON development_plan(year, organization_id);

                -- 分类定级: a branch's grade for a year and whether it meets the 最强党支部 standard.
                CREATE TABLE branch_grading (
                    id INTEGER PRIMARY KEY,
                    organization_id INTEGER NOT NULL REFERENCES organization(id),
                    year INTEGER NOT NULL,
                    grade TEXT NOT NULL CHECK (grade IN ('先进', '较好', '一般', '后进')),
                    strongest INTEGER NOT NULL DEFAULT 0,
                    note TEXT,
                    recorded_at TEXT NOT NULL,
                    recorded_by TEXT NOT NULL
                );
                CREATE INDEX branch_grading_by_year ON branch_grading(year, organization_id);
                """)
            for table in ["enrollment", "development_plan", "branch_grading"] {
                try db.execute(sql: """
                    CREATE TRIGGER \(table)_no_update BEFORE UPDATE ON \(table)
                    BEGIN SELECT RAISE(ABORT, '\(table) is append-only: record a new entry instead'); END;
                    CREATE TRIGGER \(table)_no_delete BEFORE DELETE ON \(table)
                    BEGIN SELECT RAISE(ABORT, '\(table) is append-only: record a new entry instead'); END;
                    """)
            }
        }
        migrator.registerMigration("v4: seals chaining every event to the one before") { db in
            try db.execute(sql: """
                CREATE TABLE event_seal (
                    event_id INTEGER PRIMARY KEY REFERENCES event(id),
                    previous_hash TEXT NOT NULL,
                    hash TEXT NOT NULL
                );
                CREATE TRIGGER event_seal_no_update BEFORE UPDATE ON event_seal
                BEGIN SELECT RAISE(ABORT, 'seals are append-only'); END;
                CREATE TRIGGER event_seal_no_delete BEFORE DELETE ON event_seal
                BEGIN SELECT RAISE(ABORT, 'seals are append-only'); END;
                """)
            try EventChain.seal(db)
        }
        migrator.registerMigration("v5: the timeline statistics read, beside each person's stage") { db in
            try db.execute(sql: """
                ALTER TABLE person_state ADD COLUMN timeline BLOB;
                -- Whether the projection has caught up with the last event is one index lookup.
                CREATE INDEX person_state_by_last_event ON person_state(last_event_id);
                """)
            // Digest every person's events once, with the workflow version they follow.
            var workflows: [Int64: Workflow] = [:]
            for record in try WorkflowVersionRecord.fetchAll(db) {
                do {
                    workflows[record.id!] = try WorkflowLoader.stored(record.sources).load(file: record.sources[0]).workflow
                } catch {
                    throw StoreError.corrupt("the stored workflow \(record.workflowId) (version \(record.id!)) no longer loads: \(error)")
                }
            }
            let update = try db.makeStatement(sql: "UPDATE person_state SET timeline = ? WHERE person_id = ?")
            try SQLiteStore.mergeHistories(
                people: try PersonRecord.fetchCursor(db, sql: "SELECT * FROM person ORDER BY id"),
                events: try EventRecord.fetchCursor(db, sql: "SELECT * FROM event ORDER BY person_id, id")
            ) { history in
                guard let workflow = workflows[history.person.workflowVersion] else {
                    throw StoreError.notFound("workflow version \(history.person.workflowVersion)")
                }
                try update.execute(arguments: [Data(TimelineDigest(history: history, workflow: workflow).encoded), history.person.id])
            }
        }
        migrator.registerMigration("v6: a seal chain per person, and checkpoints chaining their heads") { db in
            try db.execute(sql: """
                -- Each event's seal in its person's chain: seq is its number within the person
                -- (1, 2, ...), batch the checkpoint that covers it.
                CREATE TABLE person_seal (
                    event_id INTEGER PRIMARY KEY REFERENCES event(id),
                    person_id INTEGER NOT NULL REFERENCES person(id),
                    seq INTEGER NOT NULL CHECK (seq >= 1),
                    hash TEXT NOT NULL,
                    batch INTEGER NOT NULL,
                    UNIQUE (person_id, seq)
                );
                -- Checkpoints chain the heads of every person whose chain grew since the one before.
                CREATE TABLE seal_checkpoint (
                    id INTEGER PRIMARY KEY,
                    previous_hash TEXT NOT NULL,
                    heads INTEGER NOT NULL,
                    hash TEXT NOT NULL,
                    created_at TEXT NOT NULL
                );
                CREATE TRIGGER person_seal_no_update BEFORE UPDATE ON person_seal
                BEGIN SELECT RAISE(ABORT, 'seals are append-only'); END;
                CREATE TRIGGER person_seal_no_delete BEFORE DELETE ON person_seal
                BEGIN SELECT RAISE(ABORT, 'seals are append-only'); END;
                CREATE TRIGGER seal_checkpoint_no_update BEFORE UPDATE ON seal_checkpoint
                BEGIN SELECT RAISE(ABORT, 'checkpoints are append-only'); END;
                CREATE TRIGGER seal_checkpoint_no_delete BEFORE DELETE ON seal_checkpoint
                BEGIN SELECT RAISE(ABORT, 'checkpoints are append-only'); END;
                """)
            // Re-seal every person's events in their own chain; the first checkpoint covers them
            // all and follows the last seal of the old single chain, so the old head stays anchored.
            let insert = try db.makeStatement(sql: "INSERT INTO person_seal (event_id, person_id, seq, hash, batch) VALUES (?, ?, ?, ?, 1)")
            let rows = try Row.fetchCursor(db, sql: "SELECT * FROM event ORDER BY person_id, id")
            var heads: [SealHead] = []
            var current: (person: Int64, sequence: Int64, seal: String)?
            var latest = ""
            while let row = try rows.next() {
                let person: Int64 = row["person_id"]
                var head = current.flatMap { $0.person == person ? $0 : nil } ?? (person: person, sequence: 0, seal: SealChain.genesis)
                if let current, current.person != person { heads.append(SealHead(personID: current.person, sequence: current.sequence, seal: current.seal)) }
                head.sequence += 1
                head.seal = SealChain.seal(content: PersonSeals.content(row, sequence: head.sequence), previous: head.seal)
                try insert.execute(arguments: [row["id"] as Int64, person, head.sequence, head.seal])
                current = head
                let recordedAt: String = row["recorded_at"]
                if recordedAt > latest { latest = recordedAt }
            }
            if let current { heads.append(SealHead(personID: current.person, sequence: current.sequence, seal: current.seal)) }
            if !heads.isEmpty { try PersonSeals.checkpoint(db, id: 1, heads: heads, at: latest, signer: nil) }
        }
        migrator.registerMigration("v7: users, sealed role grants, sessions") { db in
            try db.execute(sql: """
                -- Who signs in to the server. Names are never reused or changed.
                CREATE TABLE app_user (
                    id INTEGER PRIMARY KEY,
                    name TEXT NOT NULL UNIQUE,
                    created_at TEXT NOT NULL,
                    created_by TEXT NOT NULL
                );
                -- Each user's bcrypt password hashes: the latest counts.
                CREATE TABLE user_credential (
                    id INTEGER PRIMARY KEY,
                    user_id INTEGER NOT NULL REFERENCES app_user(id),
                    password_hash TEXT NOT NULL,
                    set_at TEXT NOT NULL,
                    set_by TEXT NOT NULL
                );
                CREATE INDEX user_credential_by_user ON user_credential(user_id, id);
                -- Roles granted at an organization (and its subtree). Grants and revocations form
                -- one seal chain (see GrantSeals): seq is an entry's place in it.
                CREATE TABLE role_grant (
                    id INTEGER PRIMARY KEY,
                    user_id INTEGER NOT NULL REFERENCES app_user(id),
                    organization_id INTEGER NOT NULL REFERENCES organization(id),
                    role TEXT NOT NULL CHECK (role IN ('branch', 'general-branch', 'committee', 'admin')),
                    granted_by TEXT NOT NULL,
                    granted_at TEXT NOT NULL,
                    seq INTEGER NOT NULL UNIQUE CHECK (seq >= 1),
                    seal TEXT NOT NULL
                );
                CREATE INDEX role_grant_by_user ON role_grant(user_id, id);
                CREATE TABLE grant_revocation (
                    grant_id INTEGER PRIMARY KEY REFERENCES role_grant(id),
                    revoked_by TEXT NOT NULL,
                    revoked_at TEXT NOT NULL,
                    seq INTEGER NOT NULL UNIQUE CHECK (seq >= 1),
                    seal TEXT NOT NULL
                );
                -- Sessions by the SHA-256 of their token (the token itself is never stored).
                CREATE TABLE user_session (
                    token_hash TEXT NOT NULL PRIMARY KEY,
                    user_id INTEGER NOT NULL REFERENCES app_user(id),
                    created_at TEXT NOT NULL,
                    expires_at TEXT NOT NULL
                );
                CREATE INDEX user_session_by_user ON user_session(user_id);
                CREATE TABLE session_end (
                    token_hash TEXT NOT NULL PRIMARY KEY REFERENCES user_session(token_hash),
                    ended_at TEXT NOT NULL
                );
                """)
            for (table, message) in [
                ("app_user", "users are never overwritten or deleted"),
                ("user_credential", "passwords are append-only: set a new one instead"),
                ("role_grant", "role grants are append-only: revoke a grant instead"),
                ("grant_revocation", "revocations are append-only"),
                ("user_session", "sessions are append-only: end a session instead"),
                ("session_end", "ended sessions are append-only"),
            ] {
                try db.execute(sql: """
                    CREATE TRIGGER \(table)_no_update BEFORE UPDATE ON \(table)
                    BEGIN SELECT RAISE(ABORT, '\(message)'); END;
                    CREATE TRIGGER \(table)_no_delete BEFORE DELETE ON \(table)
                    BEGIN SELECT RAISE(ABORT, '\(message)'); END;
                    """)
            }
        }
        migrator.registerMigration("v8: sealed records, signed checkpoints, the sealing log") { db in
            try db.execute(sql: """
                -- The seal of each row of the tables that change a verdict or a figure (see
                -- RecordSeals): kind is the table, record_id the row's key, fields a short digest
                -- per column, batch the checkpoint that covers it.
                CREATE TABLE record_seal (
                    id INTEGER PRIMARY KEY,
                    kind TEXT NOT NULL,
                    record_id INTEGER NOT NULL,
                    hash TEXT NOT NULL,
                    fields TEXT NOT NULL,
                    batch INTEGER NOT NULL,
                    UNIQUE (kind, record_id)
                );
                CREATE INDEX record_seal_by_batch ON record_seal(batch);
                -- Who sealed or signed what, when, beyond ordinary writes (a migration, `fazhan seal`).
                CREATE TABLE seal_log (
                    id INTEGER PRIMARY KEY,
                    action TEXT NOT NULL,
                    note TEXT NOT NULL,
                    done_by TEXT NOT NULL,
                    done_at TEXT NOT NULL
                );
                -- Checkpoints cover record seals too, and carry an Ed25519 signature and the id of
                -- the key that made it (NULL: unsigned).
                ALTER TABLE seal_checkpoint ADD COLUMN records INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE seal_checkpoint ADD COLUMN signature TEXT;
                ALTER TABLE seal_checkpoint ADD COLUMN key_id TEXT;
                CREATE TRIGGER record_seal_no_update BEFORE UPDATE ON record_seal
                BEGIN SELECT RAISE(ABORT, 'seals are append-only'); END;
                CREATE TRIGGER record_seal_no_delete BEFORE DELETE ON record_seal
                BEGIN SELECT RAISE(ABORT, 'seals are append-only'); END;
                CREATE TRIGGER seal_log_no_update BEFORE UPDATE ON seal_log
                BEGIN SELECT RAISE(ABORT, 'the sealing log is append-only'); END;
                CREATE TRIGGER seal_log_no_delete BEFORE DELETE ON seal_log
                BEGIN SELECT RAISE(ABORT, 'the sealing log is append-only'); END;
                """)
            // Seal every record the database already holds, under one (unsigned) checkpoint, and
            // say so in the sealing log: `fazhan seal` signs it once an administrator has checked.
            let count = try StoredRecords.unsealed(db)
            if count > 0 {
                let stamp = try StoredRecords.latestStamp(db) ?? "1970-01-01T00:00:00Z"
                try db.execute(
                    sql: "INSERT INTO seal_log (action, note, done_by, done_at) VALUES ('migration', ?, 'fazhan (schema v8)', ?)",
                    arguments: ["sealed the \(count) records written before records were sealed", stamp])
                try StoredRecords.sealUnsealed(db, signer: nil)
            }
        }
        migrator.registerMigration("v9: branches' full-member counts") { db in
            try db.execute(sql: """
                -- 党员人数: a branch's full members (正式党员, who vote) in force from a date (R13).
                CREATE TABLE branch_membership (
                    id INTEGER PRIMARY KEY,
                    organization_id INTEGER NOT NULL REFERENCES organization(id),
                    effective_on TEXT NOT NULL,
                    full_members INTEGER NOT NULL CHECK (full_members >= 0),
                    recorded_at TEXT NOT NULL,
                    recorded_by TEXT NOT NULL
                );
                CREATE INDEX branch_membership_by_organization ON branch_membership(organization_id, effective_on);
                CREATE TRIGGER branch_membership_no_update BEFORE UPDATE ON branch_membership
                BEGIN SELECT RAISE(ABORT, 'branch_membership is append-only: record a new entry instead'); END;
                CREATE TRIGGER branch_membership_no_delete BEFORE DELETE ON branch_membership
                BEGIN SELECT RAISE(ABORT, 'branch_membership is append-only: record a new entry instead'); END;
                """)
        }
        return migrator
    }
}

import FazhanCore
import FazhanStore
import GRDB
import GRDBSQLite

/// The single chain that sealed every event, in id order, before each person had a chain of
/// their own (schema v4 and v5; see `SealChain`). It is no longer written after the v6 migration,
/// whose first checkpoint follows its last seal; `verify` still checks it.
enum EventChain {
    /// The hash before the first event.
    static let genesis = String(repeating: "0", count: 64)

    /// The columns an event's seal covers, in their fixed order.
    static let columns = ["id", "person_id", "step", "occurred_on", "recorded_at", "recorded_by", "data", "workflow_version",
                          "corrects", "correction_reason", "voids", "imported"]

    /// The content an event's seal covers: every column, in a fixed order.
    static func content(_ row: Row) -> String {
        content(columns.map { row[$0] as DatabaseValue })
    }

    /// The content of an event's column values, given in the order of `columns`.
    static func content(_ values: [DatabaseValue]) -> String {
        func text(_ value: DatabaseValue) -> String {
            switch value.storage {
            case .null: return ""
            case .int64(let number): return String(number)
            case .double(let number): return String(number)
            case .string(let string): return string
            case .blob(let data): return data.map { String(format: "%02x", $0) }.joined()
            }
        }
        var content = ""
        for (index, value) in values.enumerated() {
            if index > 0 { content += "\n" }
            content += columns[index]
            content += "="
            let text = text(value)
            content += text.utf8.contains(0x0A) ? text.replacingOccurrences(of: "\n", with: "\\n") : text
        }
        return content
    }

    static func hash(content: String, previous: String) -> String {
        var hasher = SHA256()
        hasher.update(previous)
        hasher.update("\n")
        hasher.update(content)
        return hasher.finalizeHex()
    }

    /// Seals every event not sealed yet, in id order, continuing the chain.
    static func seal(_ db: Database) throws {
        let last = try Row.fetchOne(db, sql: "SELECT event_id, hash FROM event_seal ORDER BY event_id DESC LIMIT 1")
        var previous: String = last?["hash"] ?? genesis
        let after: Int64 = last?["event_id"] ?? 0
        for row in try Row.fetchAll(db, sql: "SELECT * FROM event WHERE id > ? ORDER BY id", arguments: [after]) {
            let hash = hash(content: content(row), previous: previous)
            try db.execute(sql: "INSERT INTO event_seal (event_id, previous_hash, hash) VALUES (?, ?, ?)",
                           arguments: [row["id"] as Int64, previous, hash])
            previous = hash
        }
    }
}

extension SQLiteStore {
    /// Recomputes every person's seal chain, every record's seal, every checkpoint (its hash;
    /// `IntegrityReport.judge` checks the signatures), every installed workflow's text against
    /// its hash, the single chain of a database sealed before per-person chains, the stage
    /// projection and the chain of role grants, reporting every break. Changes nothing, and on
    /// a store opened with `openForVerifying` reports a schema that is not current instead of
    /// migrating it. Reads one person's events and seals at a time.
    public func verify() throws(StoreError) -> IntegrityReport {
        if !schemaProblems.isEmpty {
            var report = IntegrityReport(events: 0, seals: 0, checkpoints: 0, pending: 0, head: SealChain.genesis, problems: [])
            for problem in schemaProblems {
                report.problems.append(IntegrityProblem(kind: .schema, eventID: nil, message: "the database is not as Fazhan left it: \(problem)"))
            }
            report.problems.append(IntegrityProblem(
                kind: .schema, eventID: nil,
                message: "its seals were not checked: verify only reads, and neither migrates nor re-seals. If you upgraded Fazhan, "
                    + "run `fazhan seal` (it migrates, then signs); if not, the database was tampered with: restore a backup"))
            return report
        }
        // Two halves side by side, each in a read transaction of its own (on a connection of its
        // own where the store has a pool): the seals of the events, the checkpoints and the
        // records; then the grants and the projections. Their findings are put together in the order
        // one reader gave them.
        let (checked, others) = try SQLiteStore.inParallel({ () throws(StoreError) -> (SealVerifier, RecordVerifier) in
            try read { db -> (SealVerifier, RecordVerifier) in
                var verifier = SealVerifier()
                try SQLiteStore.verifyLegacyChain(db, into: &verifier)
                try SQLiteStore.verifyPersonChains(db, into: &verifier)
                try SQLiteStore.verifyCheckpoints(db, into: &verifier)
                var records = RecordVerifier()
                try SQLiteStore.verifyRecords(db, into: &records)
                return (verifier, records)
            }
        }, { () throws(StoreError) -> (GrantChainVerifier, [(number: String, what: String)]) in
            let grants = try read { db -> GrantChainVerifier in
                var grants = GrantChainVerifier()
                try SQLiteStore.verifyGrantChain(db, into: &grants)
                return grants
            }
            return (grants, try projectionDisagreements())
        })
        var verifier = checked.0
        let records = checked.1
        let (grants, disagreements) = others
        for (number, what) in disagreements {
            verifier.report(IntegrityProblem(kind: .projection, eventID: nil, message: "the stored \(what) of \(number) disagrees with the events"))
        }
        var report = IntegrityReport(verifier, pending: 0)
        report.include(records)
        report.include(grants)
        return report
    }

    /// The single chain that sealed every event in id order before per-person chains (schema
    /// v4 and v5): its links, and the events it sealed.
    static func verifyLegacyChain(_ db: Database, into verifier: inout SealVerifier) throws {
        guard let last = try Int64.fetchOne(db, sql: "SELECT max(event_id) FROM event_seal") else { return }
        var running = EventChain.genesis
        let sealCursor = try Row.fetchCursor(db, sql: "SELECT event_id, previous_hash, hash FROM event_seal ORDER BY event_id")
        let eventCursor = try Row.fetchCursor(db, sql: "SELECT * FROM event WHERE id <= ? ORDER BY id", arguments: [last])
        var event = try eventCursor.next()
        while let seal = try sealCursor.next() {
            let id: Int64 = seal["event_id"]
            let previous: String = seal["previous_hash"]
            let hash: String = seal["hash"]
            while let row = event, (row["id"] as Int64) < id { event = try eventCursor.next() }
            if previous != running {
                verifier.report(IntegrityProblem(
                    kind: .brokenLink, eventID: id,
                    message: "the seal of event #\(id) in the chain before per-person seals does not follow the one before it: seals were removed or added"))
            }
            if let row = event, (row["id"] as Int64) == id {
                if EventChain.hash(content: EventChain.content(row), previous: previous) != hash {
                    verifier.report(IntegrityProblem(kind: .edited, eventID: id, message: "event #\(id) was changed after it was recorded"))
                }
                event = try eventCursor.next()
            } else {
                verifier.report(IntegrityProblem(kind: .deleted, eventID: id, message: "event #\(id) was deleted"))
            }
            running = hash
        }
    }

    /// People whose stored projection differs from the one their events give, by number, with
    /// what differs. Reads only, one person's history at a time.
    func projectionDisagreements() throws(StoreError) -> [(number: String, what: String)] {
        // A version that is gone or no longer loads (tampered with: the record seals say how) is
        // left out here, rather than failing the whole check.
        let versions = try read { db in try Int64.fetchAll(db, sql: "SELECT DISTINCT workflow_version FROM person") }
        var loaded: [Int64: Workflow] = [:]
        for version in versions {
            if let bundle = try? bundle(version: version) { loaded[version] = bundle.workflow }
        }
        let known = loaded
        return try read { db in
            var disagreements: [(number: String, what: String)] = []
            let peopleStatement = try db.makeStatement(sql: "SELECT \(ProjectionRows.personColumns) FROM person ORDER BY id")
            defer { withExtendedLifetime(peopleStatement) {} }
            let people = peopleStatement.sqliteStatement
            let statesStatement = try db.makeStatement(sql: "SELECT \(ProjectionRows.stateColumns) FROM person_state ORDER BY person_id")
            defer { withExtendedLifetime(statesStatement) {} }
            let states = statesStatement.sqliteStatement
            var events = EventRows(db, try db.makeStatement(sql: "SELECT \(EventRecord.positionalColumns) FROM event ORDER BY person_id, id"))
            var next = try events.next()
            var hasState = try RawSQLite.step(states, in: db)
            while try RawSQLite.step(people, in: db) {
                let person = try ProjectionRows.person(people)
                let id = person.id
                var own: [Event] = []
                while let event = next, event.personID <= id {
                    if event.personID == id { own.append(event) }
                    next = try events.next()
                }
                while hasState, sqlite3_column_int64(states, 0) < id { hasState = try RawSQLite.step(states, in: db) }
                let stored = hasState && sqlite3_column_int64(states, 0) == id ? try ProjectionRows.state(states) : nil
                guard let workflow = known[person.workflowVersion] else { continue }
                let expected = try SQLiteStore.expectedState(db, history: History(person: person, events: own), workflow: workflow)
                if let what = SQLiteStore.disagreement(stored, expected) { disagreements.append((person.number, what)) }
            }
            return disagreements.sorted { $0.number < $1.number }
        }
    }
}

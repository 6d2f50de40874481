import FazhanCore
import FazhanStore
import GRDB

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
        let (checked, grants, records) = try read { db -> (SealVerifier, GrantChainVerifier, RecordVerifier) in
            var verifier = SealVerifier()
            try SQLiteStore.verifyLegacyChain(db, into: &verifier)
            try SQLiteStore.verifyPersonChains(db, into: &verifier)
            try SQLiteStore.verifyCheckpoints(db, into: &verifier)
            var grants = GrantChainVerifier()
            try SQLiteStore.verifyGrantChain(db, into: &grants)
            var records = RecordVerifier()
            try SQLiteStore.verifyRecords(db, into: &records)
            return (verifier, grants, records)
        }
        var verifier = checked
        for (number, what) in try projectionDisagreements() {
            verifier.report(IntegrityProblem(kind: .projection, eventID: nil, message: "the stored \(what) of \(number) disagrees with the events"))
        }
        var report = IntegrityReport(verifier, pending: 0)
        report.include(records)
        report.include(grants)
        return report
    }

    /// Every sealed table's rows against their seals, and every installed workflow's text
    /// against the hash recorded when it was installed.
    static func verifyRecords(_ db: Database, into verifier: inout RecordVerifier) throws {
        for table in try StoredRecords.sealedTables(db) {
            var rows: [RecordVerifier.Row] = []
            for row in try Row.fetchAll(db, sql: "SELECT * FROM \(table.name) ORDER BY \(table.key)") {
                let values = StoredRecords.values(row, table)
                rows.append(RecordVerifier.Row(id: row[table.key], values: values))
                if table.name == "workflow_version" {
                    verifier.checkWorkflowText(id: row["id"], workflowID: row["workflow_id"], recorded: row["sha256"], sources: row["sources"])
                }
            }
            let seals = try Row.fetchAll(db, sql: "SELECT record_id, hash, fields FROM record_seal WHERE kind = ? ORDER BY record_id",
                                         arguments: [table.name]).map { row in
                RecordVerifier.Seal(id: row["record_id"], hash: row["hash"], fields: row["fields"])
            }
            verifier.check(table, rows: rows, seals: seals)
        }
    }

    /// Each person's events (in id order) against their seals (in sequence order).
    static func verifyPersonChains(_ db: Database, into verifier: inout SealVerifier) throws {
        let people = try Row.fetchCursor(db, sql: "SELECT id, number FROM person ORDER BY id")
        let events = try Row.fetchCursor(db, sql: "SELECT * FROM event ORDER BY person_id, id")
        let seals = try Row.fetchCursor(db, sql: "SELECT event_id, person_id, seq, hash FROM person_seal ORDER BY person_id, seq")
        var event = try events.next()
        var seal = try seals.next()
        var numbers: [Int64: String] = [:]
        var person = try people.next()
        func number(_ id: Int64) throws -> String {
            while let row = person, (row["id"] as Int64) <= id {
                numbers = [row["id"]: row["number"]]
                person = try people.next()
            }
            return numbers[id] ?? "person \(id)"
        }
        while event != nil || seal != nil {
            let id = min(event.map { $0["person_id"] as Int64 } ?? .max, seal.map { $0["person_id"] as Int64 } ?? .max)
            var own: [SealVerifier.StoredEvent] = []
            while let row = event, (row["person_id"] as Int64) == id {
                let copy = row.copy()
                own.append(SealVerifier.StoredEvent(id: row["id"], content: { PersonSeals.content(copy, sequence: $0) }))
                event = try events.next()
            }
            var sealed: [SealVerifier.StoredSeal] = []
            while let row = seal, (row["person_id"] as Int64) == id {
                sealed.append(SealVerifier.StoredSeal(eventID: row["event_id"], sequence: row["seq"], seal: row["hash"]))
                seal = try seals.next()
            }
            verifier.check(person: try number(id), events: own, seals: sealed)
        }
    }

    /// Each checkpoint against the heads its seals give: seals are read in event order, which on
    /// SQLite is checkpoint order (each write transaction seals and checkpoints its own events).
    static func verifyCheckpoints(_ db: Database, into verifier: inout SealVerifier) throws {
        let anchor = try PersonSeals.anchor(db)
        // Before schema v8, checkpoints had no records and no signatures.
        let signed = try db.columns(in: "seal_checkpoint").contains { $0.name == "signature" }
        let checkpoints = try Row.fetchAll(db, sql: "SELECT * FROM seal_checkpoint ORDER BY id").map { row in
            SealCheckpoint(id: row["id"], previous: row["previous_hash"], heads: row["heads"], hash: row["hash"], createdAt: row["created_at"],
                           records: signed ? row["records"] : 0, signature: signed ? row["signature"] : nil,
                           keyID: signed ? row["key_id"] : nil)
        }
        var recordsByBatch: [Int64: [RecordHead]] = [:]
        if try db.tableExists("record_seal") {
            for row in try Row.fetchAll(db, sql: "SELECT kind, record_id, hash, batch FROM record_seal") {
                recordsByBatch[row["batch"], default: []].append(RecordHead(kind: row["kind"], id: row["record_id"], seal: row["hash"]))
            }
        }
        let recordBatches = Set(recordsByBatch.keys)
        var byBatch: [Int64: [Int64: SealHead]] = [:]
        var order: [Int64] = []
        var nextCheckpoint = 0
        func flush(upTo batch: Int64) {
            while nextCheckpoint < checkpoints.count, checkpoints[nextCheckpoint].id < batch {
                let checkpoint = checkpoints[nextCheckpoint]
                verifier.check(checkpoint: checkpoint, heads: Array((byBatch.removeValue(forKey: checkpoint.id) ?? [:]).values),
                               records: recordsByBatch.removeValue(forKey: checkpoint.id) ?? [], anchor: anchor)
                nextCheckpoint += 1
            }
        }
        let seals = try Row.fetchCursor(db, sql: "SELECT person_id, seq, hash, batch FROM person_seal ORDER BY event_id")
        var current: Int64 = 0
        while let row = try seals.next() {
            let batch: Int64 = row["batch"]
            if batch != current {
                flush(upTo: batch)
                current = batch
                if byBatch[batch] == nil { order.append(batch) }
            }
            let person: Int64 = row["person_id"]
            let sequence: Int64 = row["seq"]
            if let known = byBatch[batch]?[person], known.sequence > sequence { continue }
            byBatch[batch, default: [:]][person] = SealHead(personID: person, sequence: sequence, seal: row["hash"])
        }
        flush(upTo: .max)
        let known = Set(checkpoints.map(\.id))
        for batch in Set(order).union(recordBatches).sorted() where !known.contains(batch) {
            verifier.report(IntegrityProblem(
                kind: .checkpoint, eventID: nil,
                message: "seals of checkpoint \(batch) have no checkpoint: it was removed, or the seals were written outside Fazhan"))
        }
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
            let states = try PersonStateRecord.fetchCursor(db, sql: "SELECT * FROM person_state ORDER BY person_id")
            var state = try states.next()
            try SQLiteStore.mergeHistories(
                people: try PersonRecord.fetchCursor(db, sql: "SELECT * FROM person ORDER BY id"),
                events: try EventRecord.fetchCursor(db, sql: "SELECT * FROM event ORDER BY person_id, id")
            ) { history in
                let id = history.person.id
                while let current = state, current.personId < id { state = try states.next() }
                let stored = state?.personId == id ? state : nil
                guard let workflow = known[history.person.workflowVersion] else { return }
                let expected = try SQLiteStore.expectedState(db, history: history, workflow: workflow)
                if let what = SQLiteStore.disagreement(stored, expected) { disagreements.append((history.person.number, what)) }
            }
            return disagreements.sorted { $0.number < $1.number }
        }
    }
}

import FazhanCore
import FazhanStore
import Foundation
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
        // The checks run side by side, each in a read transaction of its own (on a connection of
        // its own where the store has a pool): the single chain, the checkpoints then the records,
        // the grants, and the people in ranges of their ids, each range's events read once for
        // both their seals and their projections. A person is checked within one transaction. The
        // findings are put together in the order one reader going through them in turn gave them.
        let workflows = try peoplesLoadableWorkflows()
        let ranges = try personRanges(count: SQLiteStore.personRangeCount)
        let tasks: [VerifyTask] = [.legacyChain, .checkpointsThenRecords, .grants]
            + ranges.enumerated().map { VerifyTask.people($0.element, part: $0.offset + 1) }
        let chains = OrderedSeals()
        let parts = SQLiteStore.concurrently(tasks.count, workers: ProcessInfo.processInfo.activeProcessorCount) { index throws(StoreError) in
            try run(tasks[index], workflows: workflows, chains: chains)
        }
        var disagreements: [(number: String, what: String)] = []
        for result in [parts[0]] + parts[3...] {
            if case .people(let found) = try result.get() { disagreements += found }
        }
        guard var verifier = chains.merged(parts: ranges.count + 1),
              case .checkpointsThenRecords(let checkpoints, let records) = try parts[1].get(), case .grants(let grants) = try parts[2].get()
        else { preconditionFailure("every task gave what it was made for") }
        verifier.append(checkpoints)
        for (number, what) in disagreements.sorted(by: { $0.number < $1.number }) {
            verifier.report(IntegrityProblem(kind: .projection, eventID: nil, message: "the stored \(what) of \(number) disagrees with the events"))
        }
        var report = IntegrityReport(verifier, pending: 0)
        report.include(records)
        report.include(grants)
        return report
    }

    /// One of `verify`'s checks, run in a read transaction of its own.
    private enum VerifyTask: Sendable {
        /// The single chain of a database sealed before per-person chains: part 0 of the seals.
        case legacyChain
        /// The checkpoints, then the records: one after the other, as each holds the seals of
        /// every record at once (at a million people, the two at the same time pass 1 GB).
        case checkpointsThenRecords
        case grants
        /// The people whose ids lie in the range: a part of the seals after the single chain.
        case people(ClosedRange<Int64>, part: Int)
    }

    /// What one of `verify`'s tasks found (the seals of the single chain and of the people go to
    /// the `OrderedSeals` instead).
    private enum VerifyPart: Sendable {
        case legacyChain
        case checkpointsThenRecords(SealVerifier, RecordVerifier)
        case grants(GrantChainVerifier)
        /// The people whose stored projection disagrees with their events, with what disagrees.
        case people([(number: String, what: String)])
    }

    /// Runs one of `verify`'s tasks, handing what it found of the seals of people to `chains`.
    private func run(_ task: VerifyTask, workflows: [Int64: Workflow], chains: OrderedSeals) throws(StoreError) -> VerifyPart {
        switch task {
        case .legacyChain:
            let verifier = try read { db in
                var verifier = SealVerifier()
                try SQLiteStore.verifyLegacyChain(db, into: &verifier)
                return verifier
            }
            chains.add(verifier, part: 0)
            return .legacyChain
        case .checkpointsThenRecords:
            let (checkpoints, records) = try read { db in
                var checkpoints = SealVerifier()
                try SQLiteStore.verifyCheckpoints(db, into: &checkpoints)
                var records = RecordVerifier()
                try SQLiteStore.verifyRecords(db, into: &records)
                return (checkpoints, records)
            }
            return .checkpointsThenRecords(checkpoints, records)
        case .grants:
            return .grants(try read { db in
                var grants = GrantChainVerifier()
                try SQLiteStore.verifyGrantChain(db, into: &grants)
                return grants
            })
        case .people(let ids, let part):
            let (verifier, disagreements) = try read { db in
                var verifier = SealVerifier.forRange()
                let disagreements = try SQLiteStore.verifyPeople(db, ids: ids, workflows: workflows, into: &verifier)
                return (verifier, disagreements)
            }
            chains.add(verifier, part: part)
            return .people(disagreements)
        }
    }

    /// In how many ranges of ids `verify` checks the people: enough for the threads that finish
    /// their tasks first to take on more, few enough that each range is a long read.
    static let personRangeCount = 32

    /// Up to `count` ranges of person ids, of about as many ids each, which together cover every
    /// id (the first from the smallest id there can be, the last to the largest, for events and
    /// seals of people who are gone).
    func personRanges(count: Int) throws(StoreError) -> [ClosedRange<Int64>] {
        let (low, high) = try read { db -> (Int64?, Int64?) in
            let row = try Row.fetchOne(db, sql: "SELECT min(id), max(id) FROM person")
            return (row?[0], row?[1])
        }
        guard let low, let high, low < high else { return [Int64.min...Int64.max] }
        let (span, overflow) = high.subtractingReportingOverflow(low)
        guard !overflow else { return [Int64.min...Int64.max] }
        let width = span / Int64(count) + 1
        var ranges: [ClosedRange<Int64>] = []
        var lower = Int64.min
        while true {
            let (boundary, past) = (ranges.isEmpty ? low : lower).addingReportingOverflow(width)
            guard !past, boundary <= high else { break }
            ranges.append(lower...(boundary - 1))
            lower = boundary
        }
        ranges.append(lower...Int64.max)
        return ranges
    }

    /// The workflows of the versions people follow, by version. A version that is gone or no
    /// longer loads (tampered with: the record seals say how) is left out, so that its people's
    /// projections are not checked rather than the whole check failing.
    func peoplesLoadableWorkflows() throws(StoreError) -> [Int64: Workflow] {
        let versions = try read { db in try Int64.fetchAll(db, sql: "SELECT DISTINCT workflow_version FROM person") }
        var loaded: [Int64: Workflow] = [:]
        for version in versions {
            if let bundle = try? bundle(version: version) { loaded[version] = bundle.workflow }
        }
        return loaded
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
}

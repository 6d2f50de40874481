import FazhanCore
import GRDB

/// The tamper-evident chain over the event log. Each event gets a seal, written in the same
/// transaction: the hash of its content and of the seal before it. An event edited, deleted or
/// inserted behind Fazhan's back breaks the chain at that point, and `verify` finds it.
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

    /// The content of an event given by its values (as `content(_ row:)` reads them back).
    static func content(
        id: Int64, personID: Int64, step: String, occurredOn: String, recordedAt: String, recordedBy: String, data: String,
        workflowVersion: Int64, corrects: Int64?, correctionReason: String?, voids: Bool, imported: Bool
    ) -> String {
        func escaped(_ text: String) -> String {
            text.utf8.contains(0x0A) ? text.replacingOccurrences(of: "\n", with: "\\n") : text
        }
        // Appended piece by piece into room made once: bulk writes seal every event this way.
        var content = ""
        content.reserveCapacity(
            200 + step.utf8.count + occurredOn.utf8.count + recordedAt.utf8.count + recordedBy.utf8.count + data.utf8.count
                + (correctionReason?.utf8.count ?? 0))
        content += "id="
        content += String(id)
        content += "\nperson_id="
        content += String(personID)
        content += "\nstep="
        content += escaped(step)
        content += "\noccurred_on="
        content += escaped(occurredOn)
        content += "\nrecorded_at="
        content += escaped(recordedAt)
        content += "\nrecorded_by="
        content += escaped(recordedBy)
        content += "\ndata="
        content += escaped(data)
        content += "\nworkflow_version="
        content += String(workflowVersion)
        content += "\ncorrects="
        if let corrects { content += String(corrects) }
        content += "\ncorrection_reason="
        if let correctionReason { content += escaped(correctionReason) }
        content += voids ? "\nvoids=1" : "\nvoids=0"
        content += imported ? "\nimported=1" : "\nimported=0"
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

/// A problem `verify` found.
public struct IntegrityProblem: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable, Codable {
        /// An event's content no longer matches its seal.
        case edited
        /// A sealed event is gone.
        case deleted
        /// An event without a seal: written behind Fazhan's back.
        case inserted
        /// A seal does not follow the one before it: seals were removed or added.
        case brokenLink = "broken_link"
        /// A person's stored stage disagrees with their events.
        case projection
    }

    public var kind: Kind
    public var eventID: Int64?
    public var message: String

    public var description: String { "\(kind.rawValue): \(message)" }
}

/// What `verify` reports.
public struct IntegrityReport: Sendable, Codable {
    public var events: Int
    public var seals: Int
    /// The hash of the last seal: note it elsewhere to detect a rewrite of the whole chain.
    public var head: String
    public var problems: [IntegrityProblem]

    public var isIntact: Bool { problems.isEmpty }
}

extension Store {
    /// Recomputes the chain of seals over the events and the stage projection, reporting the
    /// first and every broken link. Changes nothing. Reads the events and seals side by side in
    /// id order, one at a time, so a province is checked in the memory of one person.
    public func verify() throws(StoreError) -> IntegrityReport {
        let (problems, events, seals, head) = try read { db -> ([IntegrityProblem], Int, Int, String) in
            var problems: [IntegrityProblem] = []
            var inserted: [IntegrityProblem] = []
            var running = EventChain.genesis
            var events = 0
            var seals = 0
            let sealCursor = try Row.fetchCursor(db, sql: "SELECT event_id, previous_hash, hash FROM event_seal ORDER BY event_id")
            let eventCursor = try Row.fetchCursor(db, sql: "SELECT * FROM event ORDER BY id")
            var event = try eventCursor.next()
            func unsealed(_ id: Int64) -> IntegrityProblem {
                IntegrityProblem(kind: .inserted, eventID: id, message: "event #\(id) has no seal: it was written outside Fazhan")
            }
            while let seal = try sealCursor.next() {
                let id: Int64 = seal["event_id"]
                let previous: String = seal["previous_hash"]
                let hash: String = seal["hash"]
                seals += 1
                while let row = event, (row["id"] as Int64) < id {
                    inserted.append(unsealed(row["id"]))
                    events += 1
                    event = try eventCursor.next()
                }
                if previous != running {
                    problems.append(IntegrityProblem(kind: .brokenLink, eventID: id,
                                                     message: "the seal of event #\(id) does not follow the one before it: seals were removed or added"))
                }
                if let row = event, (row["id"] as Int64) == id {
                    if EventChain.hash(content: EventChain.content(row), previous: previous) != hash {
                        problems.append(IntegrityProblem(kind: .edited, eventID: id, message: "event #\(id) was changed after it was recorded"))
                    }
                    events += 1
                    event = try eventCursor.next()
                } else {
                    problems.append(IntegrityProblem(kind: .deleted, eventID: id, message: "event #\(id) was deleted"))
                }
                running = hash
            }
            while let row = event {
                inserted.append(unsealed(row["id"]))
                events += 1
                event = try eventCursor.next()
            }
            return (problems + inserted, events, seals, running)
        }
        var all = problems
        for (number, what) in try projectionDisagreements() {
            all.append(IntegrityProblem(kind: .projection, eventID: nil, message: "the stored \(what) of \(number) disagrees with the events"))
        }
        return IntegrityReport(events: events, seals: seals, head: head, problems: all)
    }

    /// People whose stored projection differs from the one their events give, by number, with
    /// what differs. Reads only, one person's history at a time.
    func projectionDisagreements() throws(StoreError) -> [(number: String, what: String)] {
        let known = try peoplesWorkflows()
        return try read { db in
            var disagreements: [(number: String, what: String)] = []
            let states = try PersonStateRecord.fetchCursor(db, sql: "SELECT * FROM person_state ORDER BY person_id")
            var state = try states.next()
            try Store.mergeHistories(
                people: try PersonRecord.fetchCursor(db, sql: "SELECT * FROM person ORDER BY id"),
                events: try EventRecord.fetchCursor(db, sql: "SELECT * FROM event ORDER BY person_id, id")
            ) { history in
                let id = history.person.id
                while let current = state, current.personId < id { state = try states.next() }
                let stored = state?.personId == id ? state : nil
                guard let workflow = known[history.person.workflowVersion] else { return }
                let expected = try Store.expectedState(db, history: history, workflow: workflow)
                if let what = Store.disagreement(stored, expected) { disagreements.append((history.person.number, what)) }
            }
            return disagreements.sorted { $0.number < $1.number }
        }
    }
}

import FazhanCore
import GRDB

/// The tamper-evident chain over the event log. Each event gets a seal, written in the same
/// transaction: the hash of its content and of the seal before it. An event edited, deleted or
/// inserted behind Fazhan's back breaks the chain at that point, and `verify` finds it.
enum EventChain {
    /// The hash before the first event.
    static let genesis = String(repeating: "0", count: 64)

    /// The content an event's seal covers: every column, in a fixed order.
    static func content(_ row: Row) -> String {
        func text(_ column: String) -> String {
            let value: DatabaseValue = row[column]
            switch value.storage {
            case .null: return ""
            case .int64(let number): return String(number)
            case .double(let number): return String(number)
            case .string(let string): return string
            case .blob(let data): return data.map { String(format: "%02x", $0) }.joined()
            }
        }
        let columns = ["id", "person_id", "step", "occurred_on", "recorded_at", "recorded_by", "data", "workflow_version",
                       "corrects", "correction_reason", "voids", "imported"]
        return columns.map { "\($0)=\(text($0).replacingOccurrences(of: "\n", with: "\\n"))" }.joined(separator: "\n")
    }

    static func hash(content: String, previous: String) -> String {
        SHA256.hex(previous + "\n" + content)
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
    /// first and every broken link. Changes nothing.
    public func verify() throws(StoreError) -> IntegrityReport {
        let (events, seals) = try read { db -> ([Int64: Row], [Row]) in
            let events = try Row.fetchAll(db, sql: "SELECT * FROM event ORDER BY id")
            var byID: [Int64: Row] = [:]
            for row in events { byID[row["id"]] = row }
            return (byID, try Row.fetchAll(db, sql: "SELECT event_id, previous_hash, hash FROM event_seal ORDER BY event_id"))
        }
        var problems: [IntegrityProblem] = []
        var running = EventChain.genesis
        var sealed: Set<Int64> = []
        for seal in seals {
            let id: Int64 = seal["event_id"]
            let previous: String = seal["previous_hash"]
            let hash: String = seal["hash"]
            sealed.insert(id)
            if previous != running {
                problems.append(IntegrityProblem(kind: .brokenLink, eventID: id,
                                                 message: "the seal of event #\(id) does not follow the one before it: seals were removed or added"))
            }
            if let row = events[id] {
                if EventChain.hash(content: EventChain.content(row), previous: previous) != hash {
                    problems.append(IntegrityProblem(kind: .edited, eventID: id, message: "event #\(id) was changed after it was recorded"))
                }
            } else {
                problems.append(IntegrityProblem(kind: .deleted, eventID: id, message: "event #\(id) was deleted"))
            }
            running = hash
        }
        for id in events.keys.sorted() where !sealed.contains(id) {
            problems.append(IntegrityProblem(kind: .inserted, eventID: id, message: "event #\(id) has no seal: it was written outside Fazhan"))
        }
        for number in try projectionDisagreements() {
            problems.append(IntegrityProblem(kind: .projection, eventID: nil,
                                             message: "the stored stage of \(number) disagrees with the events"))
        }
        return IntegrityReport(events: events.count, seals: seals.count, head: running, problems: problems)
    }

    /// People whose stored projection differs from the one their events give. Reads only.
    func projectionDisagreements() throws(StoreError) -> [String] {
        let known = try peoplesWorkflows()
        return try read { db in
            var disagreements: [String] = []
            for person in try PersonRecord.fetchAll(db, sql: "SELECT * FROM person ORDER BY number") {
                guard let workflow = known[person.workflowVersion] else { continue }
                let expected = try Store.expectedState(db, history: try Store.history(db, personID: person.id!), workflow: workflow)
                if !Store.agrees(try PersonStateRecord.fetchOne(db, key: person.id!), expected) { disagreements.append(person.number) }
            }
            return disagreements
        }
    }
}

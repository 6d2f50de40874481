import FazhanCore
import FazhanStore
import GRDB

extension SQLiteStore {
    /// Appends the events of several people in one write transaction, each expecting its
    /// version (see `EventStore.append(batch:)`): one person's history moved, and nothing is
    /// written for anyone. The seals of all of them go under one checkpoint.
    public func append(batch appends: [PersonAppend]) throws(StoreError) -> [[Event]] {
        guard appends.contains(where: { !$0.events.isEmpty }) else { return appends.map { _ in [] } }
        let ids = appends.map(\.personID)
        guard Set(ids).count == ids.count else { throw StoreError.invalid("a batch names the same person twice") }
        // Workflows are read (and parsed) before the write lock is taken, as `append` does.
        let people = try read { db in try PersonRecord.fetchAll(db, keys: ids) }
        let byID = Dictionary(uniqueKeysWithValues: people.map { ($0.id!, $0) })
        var workflows: [Int64: Workflow] = [:]
        for person in people where workflows[person.workflowVersion] == nil {
            workflows[person.workflowVersion] = try bundle(version: person.workflowVersion).workflow
        }
        for id in ids where byID[id] == nil { throw StoreError.notFound("person \(id)") }
        let known = workflows
        return try write { db in
            var stored: [[Event]] = []
            var sealed: [Int64] = []
            for append in appends {
                let person = byID[append.personID]!
                let current = try Int64.fetchOne(db, sql: "SELECT count(*) FROM event WHERE person_id = ?", arguments: [append.personID]) ?? 0
                guard current == append.version else {
                    throw StoreError.conflict(
                        "the history of \(person.number) changed while this was judged (version \(append.version), now \(current))")
                }
                var events: [Event] = []
                for event in append.events {
                    guard event.personID == append.personID else {
                        throw StoreError.invalid("an event of person \(event.personID) given as one of \(append.personID)")
                    }
                    var record = EventRecord(event)
                    record.id = nil
                    try record.insert(db)
                    events.append(record.event)
                }
                sealed += events.map(\.id)
                stored.append(events)
            }
            try PersonSeals.seal(db, eventIDs: sealed, signer: try currentSigner())
            for append in appends where !append.events.isEmpty {
                let history = try SQLiteStore.history(db, personID: append.personID)
                try SQLiteStore.project(db, history: history, workflow: known[byID[append.personID]!.workflowVersion]!)
            }
            return stored
        }
    }
}

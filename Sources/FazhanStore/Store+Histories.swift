import FazhanCore
import GRDB

extension Store {
    /// Every person's history, optionally within an organization's subtree, in number order.
    /// Reads in one transaction, so the set is consistent while others write.
    public func histories(organizationCode: String? = nil) throws(StoreError) -> [History] {
        var histories: [History] = []
        try forEachHistory(organizationCode: organizationCode) { histories.append($0) }
        return histories.sorted { $0.person.number < $1.person.number }
    }

    /// Calls `body` with each person's history in turn (in id order), optionally within an
    /// organization's subtree, holding one person's events in memory at a time. Reads in one
    /// transaction, so the set is consistent while others write.
    public func forEachHistory(organizationCode: String? = nil, _ body: (History) throws -> Void) throws(StoreError) {
        do {
            try writer.read { db in
                guard let organizationCode else {
                    try Store.mergeHistories(
                        people: try PersonRecord.fetchCursor(db, sql: "SELECT * FROM person ORDER BY id"),
                        events: try EventRecord.fetchCursor(db, sql: "SELECT * FROM event ORDER BY person_id, id"), body)
                    return
                }
                guard let root = try Int64.fetchOne(db, sql: "SELECT id FROM organization WHERE code = ?", arguments: [organizationCode]) else {
                    throw StoreError.notFound("organization \(organizationCode)")
                }
                let ids = try Int64.fetchAll(db, sql: """
                    SELECT person_id FROM person_state WHERE organization_id IN (WITH RECURSIVE tree(id) AS (SELECT ? UNION ALL
                        SELECT o.id FROM organization o JOIN tree ON o.parent_id = tree.id) SELECT id FROM tree)
                    ORDER BY person_id
                    """, arguments: [root])
                // A few hundred people at a time, each read by its index.
                for start in stride(from: 0, to: ids.count, by: 500) {
                    let chunk = Array(ids[start..<min(start + 500, ids.count)])
                    let list = chunk.map(String.init).joined(separator: ",")
                    try Store.mergeHistories(
                        people: try PersonRecord.fetchCursor(db, sql: "SELECT * FROM person WHERE id IN (\(list)) ORDER BY id"),
                        events: try EventRecord.fetchCursor(db, sql: "SELECT * FROM event WHERE person_id IN (\(list)) ORDER BY person_id, id"),
                        body)
                }
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(error)
        }
    }

    /// How many people an organization's subtree holds (after transfers): the size of
    /// `forEachHistory(organizationCode:)`, read from an index.
    public func personCount(organizationCode: String) throws(StoreError) -> Int {
        try read { db in
            try Int.fetchOne(db, sql: """
                SELECT count(*) FROM person_state WHERE organization_id IN (WITH RECURSIVE tree(id) AS (
                    SELECT id FROM organization WHERE code = ? UNION ALL
                    SELECT o.id FROM organization o JOIN tree ON o.parent_id = tree.id) SELECT id FROM tree)
                """, arguments: [organizationCode]) ?? 0
        }
    }

    /// Pairs people with their events, both read in person order.
    static func mergeHistories(
        people: RecordCursor<PersonRecord>, events: RecordCursor<EventRecord>, _ body: (History) throws -> Void
    ) throws {
        var next = try events.next()
        while let person = try people.next() {
            let id = person.id!
            var own: [Event] = []
            while let record = next, record.personId <= id {
                if record.personId == id { own.append(record.event) }
                next = try events.next()
            }
            try body(History(person: person.profile, events: own))
        }
    }
}

import FazhanCore
import FazhanStore
import GRDB

extension SQLiteStore {
    /// How many keys one query binds at most (well under SQLite's limit on bound variables).
    private static let batch = 500

    /// The registered people among `numbers`, by number. Numbers nobody has are left out.
    /// Reads in one transaction, so the answer is consistent while others write.
    public func people(numbers: some Collection<String>) throws(StoreError) -> [String: PersonProfile] {
        let keys = Array(Set(numbers))
        return try read { db in
            var found: [String: PersonProfile] = [:]
            for start in stride(from: 0, to: keys.count, by: SQLiteStore.batch) {
                let chunk = Array(keys[start..<min(start + SQLiteStore.batch, keys.count)])
                for record in try PersonRecord.filter(chunk.contains(Column("number"))).fetchAll(db) {
                    found[record.number] = record.profile
                }
            }
            return found
        }
    }

    /// The registered people holding the given resident ID numbers, by ID number. One pass over
    /// the ID numbers registered (the column has no index), then the people found by number.
    public func people(idNumbers: some Collection<String>) throws(StoreError) -> [String: PersonProfile] {
        let wanted = Set(idNumbers)
        guard !wanted.isEmpty else { return [:] }
        return try read { db in
            let holders = Array(try SQLiteStore.idNumberHolders(db) { wanted.contains($0) }.values)
            var found: [String: PersonProfile] = [:]
            for start in stride(from: 0, to: holders.count, by: SQLiteStore.batch) {
                let chunk = Array(holders[start..<min(start + SQLiteStore.batch, holders.count)])
                for record in try PersonRecord.filter(chunk.contains(Column("number"))).order(Column("id")).fetchAll(db) {
                    if let idNumber = record.idNumber, found[idNumber] == nil { found[idNumber] = record.profile }
                }
            }
            return found
        }
    }

    /// The number of the first person (by id) registered with each resident ID number that
    /// `wanted` accepts, by ID number: one pass over the ID numbers, as the column has no index.
    static func idNumberHolders(_ db: Database, wanted: (String) -> Bool) throws -> [String: String] {
        var holders: [String: String] = [:]
        let rows = try Row.fetchCursor(db, sql: "SELECT number, id_number FROM person WHERE id_number IS NOT NULL ORDER BY id")
        while let row = try rows.next() {
            let idNumber: String = row[1]
            if wanted(idNumber), holders[idNumber] == nil { holders[idNumber] = row[0] }
        }
        return holders
    }

    /// The recorded events of the given people (corrections included), by person id, each
    /// person's in recording order. People with no events are left out.
    public func events(ofPeople ids: some Collection<Int64>) throws(StoreError) -> [Int64: [Event]] {
        let keys = Array(Set(ids))
        return try read { db in
            var found: [Int64: [Event]] = [:]
            for start in stride(from: 0, to: keys.count, by: SQLiteStore.batch) {
                let chunk = Array(keys[start..<min(start + SQLiteStore.batch, keys.count)])
                let records = try EventRecord.filter(chunk.contains(Column("person_id"))).order(Column("id")).fetchAll(db)
                for record in records {
                    let event = record.event
                    found[event.personID, default: []].append(event)
                }
            }
            return found
        }
    }
}

extension IngestSession {
    /// The registered person with `number`, read in this session's transaction.
    public func person(number: String) throws(StoreError) -> PersonProfile? {
        do {
            return try SQLiteStore.person(db, sql: "SELECT \(ProjectionRows.personColumns) FROM person WHERE number = ?", number)
        } catch {
            throw StoreError(error)
        }
    }

    /// The numbers of the people registered with a resident ID number, by ID number (the first
    /// registered, as `people(idNumbers:)` finds them): one pass, as the column has no index, for
    /// an import that looks its rows up one at a time.
    public func numbersByIDNumber() throws(StoreError) -> [String: String] {
        do {
            return try SQLiteStore.idNumberHolders(db) { _ in true }
        } catch {
            throw StoreError(error)
        }
    }

    /// A person's recorded events (corrections included) in recording order, read in this
    /// session's transaction: what `addEvents(_:of:after:)` appends to.
    public func recordedEvents(of personID: Int64) throws(StoreError) -> [Event] {
        do {
            return try SQLiteStore.events(db, personID: personID)
        } catch {
            throw StoreError(error)
        }
    }

    /// The workflow of a version, loaded once per session.
    public func workflow(version: Int64) throws(StoreError) -> Workflow {
        try workflow(version)
    }
}

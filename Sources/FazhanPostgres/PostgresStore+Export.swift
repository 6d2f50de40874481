import FazhanCore
import FazhanStore
import Foundation
import Logging
import PostgresNIO

/// The bulk reads of import and export, as `SQLiteStore` has them: the same orders (people by
/// number, byte order; each person's events by id), the same scopes, one consistent read.
extension PostgresStore {
    public func people(numbers: some Collection<String>) async throws(StoreError) -> [String: PersonProfile] {
        let keys = Array(Set(numbers))
        guard !keys.isEmpty else { return [:] }
        return try await snapshot { connection in
            var found: [String: PersonProfile] = [:]
            let rows = try await connection.checkedQuery(
                "SELECT \(unescaped: Self.personColumns) FROM person p WHERE p.number = ANY(\(keys))", logger: self.logger)
            for try await row in rows {
                let person = try Self.person(row.makeRandomAccess())
                found[person.number] = person
            }
            return found
        }
    }

    public func people(idNumbers: some Collection<String>) async throws(StoreError) -> [String: PersonProfile] {
        let keys = Array(Set(idNumbers))
        guard !keys.isEmpty else { return [:] }
        return try await snapshot { connection in
            var found: [String: PersonProfile] = [:]
            let rows = try await connection.checkedQuery(
                "SELECT \(unescaped: Self.personColumns) FROM person p WHERE p.id_number = ANY(\(keys)) ORDER BY p.id", logger: self.logger)
            for try await row in rows {
                let person = try Self.person(row.makeRandomAccess())
                if let idNumber = person.idNumber, found[idNumber] == nil { found[idNumber] = person }
            }
            return found
        }
    }

    public func events(ofPeople ids: some Collection<Int64>) async throws(StoreError) -> [Int64: [Event]] {
        let keys = Array(Set(ids))
        guard !keys.isEmpty else { return [:] }
        return try await snapshot { connection in
            var found: [Int64: [Event]] = [:]
            let rows = try await connection.checkedQuery(
                "SELECT \(unescaped: Self.eventColumns) FROM event e WHERE e.person_id = ANY(\(keys)) ORDER BY e.id", logger: self.logger)
            for try await row in rows {
                let event = try Self.event(row.makeRandomAccess()).event
                found[event.personID, default: []].append(event)
            }
            return found
        }
    }

    /// The people of `scope` (FROM ... WHERE, without ORDER BY) and its bindings; the listing's
    /// columns are `personColumns`, then stage, stage since, organization code and name.
    private static func exportPeople(
        _ connection: PostgresConnection, scope: ExportScope, binds: inout PostgresBindings, logger: Logger
    ) async throws -> String {
        var sql = """
            FROM person p JOIN person_state s ON s.person_id = p.id
            JOIN organization o ON o.id = s.organization_id
            WHERE TRUE
            """
        if let code = scope.organizationCode {
            binds.append(try await subtree(connection, code: code, logger: logger))
            sql += " AND s.organization_id = ANY($\(binds.count))"
        }
        if let stage = scope.stage {
            binds.append(stage)
            sql += " AND s.stage = $\(binds.count)"
        }
        if !scope.excludedStages.isEmpty {
            binds.append(scope.excludedStages.sorted())
            sql += " AND (s.stage IS NULL OR NOT (s.stage = ANY($\(binds.count))))"
        }
        return sql
    }

    private static func exportDates(_ scope: ExportScope, binds: inout PostgresBindings) -> String {
        var sql = ""
        if let from = scope.from {
            binds.append(from.description)
            sql += " AND e.occurred_on >= $\(binds.count)"
        }
        if let to = scope.to {
            binds.append(to.description)
            sql += " AND e.occurred_on <= $\(binds.count)"
        }
        return sql
    }

    private static let listingColumns = personColumns + ", s.stage, s.stage_since, o.code, o.name"
    private static let byNumber = "p.number COLLATE \"C\""

    private static func listing(_ cells: PostgresRandomAccessRow) throws -> PersonListing {
        PersonListing(
            profile: try person(cells),
            stage: try cells[14].decode(String?.self),
            stageSince: try (try cells[15].decode(String?.self)).map { try RowValue.date($0, column: "person_state.stage_since") },
            organizationCode: try cells[16].decode(String.self), organizationName: try cells[17].decode(String.self))
    }

    public func exportCount(_ scope: ExportScope) async throws(StoreError) -> ExportCount {
        try await snapshot { connection in
            var binds = PostgresBindings()
            let people = try await Self.exportPeople(connection, scope: scope, binds: &binds, logger: self.logger)
            let dates = Self.exportDates(scope, binds: &binds)
            let row = try await connection.checkedQuery(PostgresQuery(unsafeSQL: """
                SELECT (SELECT count(*) \(people)),
                       (SELECT count(*) FROM event e WHERE e.person_id IN (SELECT p.id \(people))\(dates))
                """, binds: binds), logger: self.logger).collect().first
            guard let row else { return ExportCount(people: 0, events: 0) }
            let (persons, events) = try row.decode((Int64, Int64).self)
            return ExportCount(people: Int(persons), events: Int(events))
        }
    }

    public func forEachPerson(in scope: ExportScope, _ body: (PersonListing) throws -> Void) async throws {
        try await exportRead { connection in
            var binds = PostgresBindings()
            let people = try await Self.exportPeople(connection, scope: scope, binds: &binds, logger: self.logger)
            let rows = try await connection.checkedQuery(PostgresQuery(
                unsafeSQL: "SELECT \(Self.listingColumns) \(people) ORDER BY \(Self.byNumber)", binds: binds), logger: self.logger)
            var iterator = rows.makeAsyncIterator()
            while let row = try await iterator.next() {
                let listing = try Self.listing(row.makeRandomAccess())
                try await Self.passing(&iterator) { try body(listing) }
            }
        }
    }

    public func forEachEvent(in scope: ExportScope, _ body: (PersonListing, Event) throws -> Void) async throws {
        try await exportRead { connection in
            var binds = PostgresBindings()
            let people = try await Self.exportPeople(connection, scope: scope, binds: &binds, logger: self.logger)
            let dates = Self.exportDates(scope, binds: &binds)
            let rows = try await connection.checkedQuery(PostgresQuery(unsafeSQL: """
                SELECT \(Self.listingColumns), \(Self.eventColumns) \(people.replacingOccurrences(of: "WHERE TRUE", with: "JOIN event e ON e.person_id = p.id WHERE TRUE"))\(dates)
                ORDER BY \(Self.byNumber), e.id
                """, binds: binds), logger: self.logger)
            var iterator = rows.makeAsyncIterator()
            var current: PersonListing?
            while let row = try await iterator.next() {
                let cells = row.makeRandomAccess()
                let personID = try cells[0].decode(Int64.self)
                if current?.profile.id != personID { current = try Self.listing(cells) }
                let listing = current!
                let event = try Self.event(cells, offset: 18).event
                try await Self.passing(&iterator) { try body(listing, event) }
            }
        }
    }

    public func forEachHistory(in scope: ExportScope, _ body: (PersonListing, History) throws -> Void) async throws {
        try await exportRead { connection in
            var binds = PostgresBindings()
            let people = try await Self.exportPeople(connection, scope: scope, binds: &binds, logger: self.logger)
            let rows = try await connection.checkedQuery(PostgresQuery(unsafeSQL: """
                SELECT \(Self.listingColumns), \(Self.eventColumns) \(people.replacingOccurrences(of: "WHERE TRUE", with: "LEFT JOIN event e ON e.person_id = p.id WHERE TRUE"))
                ORDER BY \(Self.byNumber), e.id
                """, binds: binds), logger: self.logger)
            var iterator = rows.makeAsyncIterator()
            var current: PersonListing?
            var events: [Event] = []
            while let row = try await iterator.next() {
                let cells = row.makeRandomAccess()
                let personID = try cells[0].decode(Int64.self)
                if let listing = current, listing.profile.id != personID {
                    try await Self.passing(&iterator) { try body(listing, History(person: listing.profile, events: events)) }
                    current = nil
                }
                if current == nil {
                    current = try Self.listing(cells)
                    events = []
                }
                if try cells[18].decode(Int64?.self) != nil { events.append(try Self.event(cells, offset: 18).event) }
            }
            if let listing = current {
                do { try body(listing, History(person: listing.profile, events: events)) } catch { throw PassedError(error: error) }
            }
        }
    }

    /// Runs the caller's closure; what it throws ends the read (the rows left are drained) and comes out as is.
    private static func passing(_ iterator: inout PostgresRowSequence.AsyncIterator, _ body: () throws -> Void) async throws {
        do {
            try body()
        } catch {
            while try await iterator.next() != nil {}
            throw PassedError(error: error)
        }
    }

    /// One read-only snapshot; the caller's errors (`PassedError`) come out unchanged, the rest as `StoreError`.
    private func exportRead(_ body: (PostgresConnection) async throws -> Void) async throws {
        do {
            try await client.withConnection { connection in
                try await connection.checkedQuery("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: self.logger)
                do {
                    try await body(connection)
                    try await connection.checkedQuery("COMMIT", logger: self.logger)
                } catch {
                    await self.rollBack(connection)
                    throw error
                }
            }
        } catch let error as PassedError {
            throw error.error
        } catch {
            throw target.storeError(error)
        }
    }
}

import FazhanCore
import FazhanStore
import Foundation
import Logging
import PostgresNIO

extension PostgresStore {
    static let eventColumns =
        "e.id, e.person_id, e.step, e.occurred_on, e.recorded_at, e.recorded_by, e.data, e.workflow_version, e.corrects, "
        + "e.correction_reason, e.voids, e.imported"

    /// An event from the 12 columns of `eventColumns` at `offset`, and the data text as stored.
    static func event(_ row: PostgresRandomAccessRow, offset: Int = 0) throws -> (event: Event, data: String) {
        func cell<T: PostgresDecodable>(_ index: Int, _: T.Type = T.self) throws -> T { try row[offset + index].decode(T.self) }
        let id: Int64 = try cell(0)
        let text: String = try cell(6)
        let event = Event(
            id: id, personID: try cell(1), step: try cell(2), date: try RowValue.date(try cell(3), column: "event.occurred_on"),
            recordedAt: try cell(4), recordedBy: try cell(5), data: try eventData(text, id: id), workflowVersion: try cell(7),
            corrects: try cell(8), correctionReason: try cell(9), voids: try cell(10), imported: try cell(11))
        return (event, text)
    }

    /// The `data` column's JSON.
    static func eventData(_ text: String, id: Int64) throws -> EventData {
        try RowValue.eventData(text, id: id)
    }

    static func history(_ connection: PostgresConnection, personID: Int64, logger: Logger) async throws -> History {
        guard let row = try await connection.checkedQuery(
            "SELECT \(unescaped: personColumns) FROM person p WHERE p.id = \(personID)", logger: logger
        ).collect().first else {
            throw StoreError.notFound("person \(personID)")
        }
        let person = try Self.person(row.makeRandomAccess())
        let events = try await connection.checkedQuery(
            "SELECT \(unescaped: eventColumns) FROM event e WHERE e.person_id = \(personID) ORDER BY e.id", logger: logger
        ).collect().map { try Self.event($0.makeRandomAccess()).event }
        return History(person: person, events: events)
    }

    public func history(personID: Int64) async throws(StoreError) -> History {
        try await snapshot { connection in try await Self.history(connection, personID: personID, logger: self.logger) }
    }

    /// One person's history and its version, read together: in one statement, the version with
    /// the events recorded after those held from an earlier read (see `StoreCache`).
    public func versionedHistory(personID: Int64) async throws(StoreError) -> VersionedHistory {
        guard let person = try await person(id: personID) else { throw StoreError.notFound("person \(personID)") }
        let held = cache.history(of: personID)
        let read = try await withConnection { connection -> (Int64, [Event], StoreCache.Head?)? in
            func read(after held: StoreCache.CachedHistory?) async throws -> (Int64, [Event], StoreCache.Head?)? {
                let rows = try await connection.checkedExecute(
                    VersionAndEventsAfter(personID: personID, after: held?.lastID ?? 0), logger: self.logger)
                guard let first = rows.first else { return nil }
                let version: Int64 = try first.makeRandomAccess()[0].decode(Int64.self)
                var events = held?.events ?? []
                var head = held?.head
                for row in rows {
                    let cells = row.makeRandomAccess()
                    guard try cells[1].decode(Int64?.self) != nil else { continue }
                    events.append(try Self.event(cells, offset: 1).event)
                    let offset = 1 + 12
                    if let sequence = try cells[offset].decode(Int64?.self) {
                        head = StoreCache.Head(sequence: sequence, hash: try cells[offset + 1].decode(String.self))
                    } else {
                        head = nil
                    }
                }
                return (version, events, head)
            }
            guard let first = try await read(after: held) else { return nil }
            // Written out of id order (or behind Fazhan's back): read the whole history again.
            if Int64(first.1.count) != first.0, held != nil { return try await read(after: nil) }
            return first
        }
        guard let (version, events, head) = read else {
            // No state row: a person registered behind Fazhan's back; read as before.
            let history = try await snapshot { connection in try await Self.history(connection, personID: personID, logger: self.logger) }
            return VersionedHistory(history: history, version: Int64(history.events.count))
        }
        if Int64(events.count) == version { cache.remember(StoreCache.CachedHistory(events: events, head: head), of: personID) }
        return VersionedHistory(history: History(person: person, events: events), version: Int64(events.count))
    }

    /// Appends one person's events if their version is still `version` (see `EventStore`): the
    /// person's `person_state` row is locked first, so a second writer of the same person waits,
    /// then finds the version moved and gets `.conflict` with nothing written.
    public func append(_ events: [Event], to personID: Int64, expecting version: Int64) async throws(StoreError) -> [Event] {
        guard !events.isEmpty else { return [] }
        if events.count == 1 {
            do {
                if let stored = try await appendHeld(events[0], to: personID, expecting: version) { return [stored] }
            } catch .duplicate(let message) where message.contains("person_seal") {
                throw StoreError.conflict("the history of person \(personID) changed while this was judged (version \(version)); nothing was written")
            }
        }
        // By id, never through `person(_:)`, which tries the key as a number first: another
        // person's number can be this person's id ("7"), as on SQLite, which reads by key.
        let person = try await withConnection { connection in
            try await connection.checkedQuery(
                "SELECT \(unescaped: Self.personColumns) FROM person p WHERE p.id = \(personID)", logger: self.logger
            ).collect().first.map { try Self.person($0.makeRandomAccess()) }
        }
        guard let person else { throw StoreError.notFound("person \(personID)") }
        let workflow = try await bundle(version: person.workflowVersion).workflow
        do {
            return try await transaction { connection -> [Event] in
                try await self.appendLocked(events, of: person, workflow: workflow, expecting: version, on: connection)
            }
        } catch {
            // Another writer sealed the same sequence number: its transaction won.
            if case .duplicate(let message) = error, message.contains("person_seal") {
                throw StoreError.conflict(
                    "the history of \(person.number) changed while this was judged (version \(version)); nothing was written")
            }
            throw error
        }
    }

    /// Within a transaction: locks the person's `person_state` row, refuses (`.conflict`) a
    /// version other than `version`, then inserts the events, seals them in the person's chain
    /// and updates the projection. Shared by `append(_:to:expecting:)` and `append(batch:)`.
    func appendLocked(
        _ events: [Event], of person: PersonProfile, workflow: Workflow, expecting version: Int64, on connection: PostgresConnection
    ) async throws -> [Event] {
        guard let current = try await connection.checkedQuery(
            "SELECT version FROM person_state WHERE person_id = \(person.id) FOR UPDATE", logger: self.logger
        ).collect().first?.decode(Int64.self) else {
            throw StoreError.notFound("person \(person.id)")
        }
        guard current == version else {
            throw StoreError.conflict(
                "the history of \(person.number) changed while this was judged (version \(version), now \(current))")
        }
        var history = try await Self.history(connection, personID: person.id, logger: self.logger)
        var head = try await connection.checkedQuery(
            "SELECT seq, hash FROM person_seal WHERE person_id = \(person.id) ORDER BY seq DESC LIMIT 1", logger: self.logger
        ).collect().first?.decode((Int64, String).self) ?? (Int64(0), SealChain.genesis)
        var stored: [Event] = []
        for event in events {
            guard event.personID == person.id else {
                throw StoreError.invalid("an event of person \(event.personID) given as one of \(person.id)")
            }
            let data = event.data.canonicalJSON
            guard let id = try await connection.checkedQuery("""
                INSERT INTO event (person_id, step, occurred_on, recorded_at, recorded_by, data, workflow_version, corrects,
                                   correction_reason, voids, imported)
                VALUES (\(person.id), \(event.step), \(event.date.description), \(event.recordedAt), \(event.recordedBy), \(data),
                        \(event.workflowVersion), \(event.corrects), \(event.correctionReason), \(event.voids), \(event.imported))
                RETURNING id
                """, logger: self.logger).collect().first?.decode(Int64.self) else {
                throw StoreError.io("an event of \(person.number) was not inserted")
            }
            var saved = event
            saved.id = id
            let sequence = head.0 + 1
            let seal = SealChain.seal(content: SealChain.content(of: saved, sequence: sequence, data: data), previous: head.1)
            try await connection.checkedQuery("""
                INSERT INTO person_seal (event_id, person_id, seq, hash) VALUES (\(id), \(person.id), \(sequence), \(seal))
                """, logger: self.logger)
            head = (sequence, seal)
            stored.append(saved)
            history.append(saved)
        }
        let projection = PersonProjection(history: history, workflow: workflow)
        var organizationID = person.organizationID
        if let code = projection.transferredTo, let id = try await connection.checkedQuery(
            "SELECT id FROM organization WHERE code = \(code)", logger: self.logger
        ).collect().first?.decode(Int64.self) {
            organizationID = id
        }
        try await connection.checkedQuery("""
            UPDATE person_state SET stage = \(projection.stage), stage_since = \(projection.stageSince?.description),
                entered_on = \(projection.enteredOn?.description), last_event_id = \(projection.lastEventID),
                organization_id = \(organizationID), timeline = \(Data(projection.timeline)),
                version = \(current + Int64(stored.count))
            WHERE person_id = \(person.id)
            """, logger: self.logger)
        return stored
    }

    /// Appends one event to a history held in memory at exactly `version` (the one just judged),
    /// in two statements: the event's id, then the event, its seal and the projection together,
    /// written only if the version is still `version` (`AppendOneEvent`). Nil when the history
    /// is not held at that version with its last seal: the caller takes the transaction path.
    private func appendHeld(_ event: Event, to personID: Int64, expecting version: Int64) async throws(StoreError) -> Event? {
        guard event.personID == personID, let held = cache.history(of: personID), Int64(held.events.count) == version,
              let person = try await person(id: personID) else { return nil }
        guard let head = held.head ?? (held.events.isEmpty ? StoreCache.Head(sequence: 0, hash: SealChain.genesis) : nil),
              head.sequence == version else { return nil }
        let workflow = try await bundle(version: person.workflowVersion).workflow
        guard let id = try await withConnection({ connection in
            try await connection.checkedExecute(NextEventID(), logger: self.logger).first?.decode(Int64.self)
        }) else { throw StoreError.io("PostgreSQL gave no id for an event of \(person.number)") }
        var saved = event
        saved.id = id
        let data = saved.data.canonicalJSON
        let sequence = version + 1
        let seal = SealChain.seal(content: SealChain.content(of: saved, sequence: sequence, data: data), previous: head.hash)
        let projection = PersonProjection(history: History(person: person, events: held.events + [saved]), workflow: workflow)
        var organizationID = person.organizationID
        if let code = projection.transferredTo,
           let destination = try await organizationDirectory(reaching: OrganizationReach(codes: [code])).organization(code: code) {
            organizationID = destination.id
        }
        let written = try await withConnection { connection in
            try await connection.checkedExecute(AppendOneEvent(
                personID: personID, version: version, projection: projection, organizationID: organizationID, event: saved, data: data,
                sequence: sequence, seal: seal), logger: self.logger)
        }
        guard !written.isEmpty else {
            throw StoreError.conflict("the history of \(person.number) changed while this was judged (version \(version)); nothing was written")
        }
        // Held as a later read would give it: the data as decoded from the stored text.
        var asRead = saved
        if let decoded = try? Self.eventData(data, id: id) { asRead.data = decoded }
        cache.appended(asRead, head: StoreCache.Head(sequence: sequence, hash: seal), to: personID, at: version)
        return saved
    }

    /// Every person's history (in person id order, events in id order), optionally within an
    /// organization's subtree (after transfers), read in one snapshot.
    public func forEachHistory(organizationCode: String?, _ body: (History) throws -> Void) async throws(StoreError) {
        if let organizationCode, let histories = try await heldHistories(organizationCode: organizationCode) {
            do {
                for history in histories { try body(history) }
            } catch {
                throw target.storeError(error)
            }
            return
        }
        var members: [Int64] = []
        try await snapshot { connection in
            var personFilter = ""
            var eventFilter = ""
            var binds = PostgresBindings()
            if let organizationCode {
                let tree = try await Self.subtree(connection, code: organizationCode, logger: self.logger)
                binds.append(tree)
                personFilter = "WHERE p.id IN (SELECT person_id FROM person_state WHERE organization_id = ANY($1))"
                eventFilter = "WHERE e.person_id IN (SELECT person_id FROM person_state WHERE organization_id = ANY($1))"
            }
            let people = try await connection.checkedQuery(PostgresQuery(
                unsafeSQL: "SELECT \(Self.personColumns) FROM person p \(personFilter) ORDER BY p.id", binds: binds), logger: self.logger
            ).collect().map { try Self.person($0.makeRandomAccess()) }
            let rows = try await connection.checkedQuery(PostgresQuery(
                unsafeSQL: "SELECT \(Self.eventColumns) FROM event e \(eventFilter) ORDER BY e.person_id, e.id", binds: binds),
                logger: self.logger)
            var iterator = rows.makeAsyncIterator()
            var next = try await iterator.next().map { try Self.event($0.makeRandomAccess()).event }
            for person in people {
                var own: [Event] = []
                while let event = next, event.personID <= person.id {
                    if event.personID == person.id { own.append(event) }
                    next = try await iterator.next().map { try Self.event($0.makeRandomAccess()).event }
                }
                try body(History(person: person, events: own))
                if organizationCode != nil, members.count <= Self.heldScopeLimit { members.append(person.id) }
            }
            // Drain what is left (events of people not listed cannot be, but the stream must end).
            while try await iterator.next() != nil {}
        }
        // A small subtree is read through what the store holds the next time.
        if let organizationCode, members.count <= Self.heldScopeLimit { cache.remember(members: members, of: organizationCode) }
    }

    /// Whether the stage projection has seen the last event recorded (false when events were
    /// written behind Fazhan's back).
    public func projectionIsCurrent() async throws(StoreError) -> Bool {
        try await withConnection { connection in
            try await connection.checkedQuery(
                "SELECT (SELECT max(id) FROM event) IS NOT DISTINCT FROM (SELECT max(last_event_id) FROM person_state)",
                logger: self.logger
            ).collect().first?.decode(Bool.self) ?? false
        }
    }

    /// Every person (in id order) with the timeline digest stored beside their stage.
    public func forEachTimeline(_ body: (PersonProfile, TimelineDigest) throws -> Void) async throws(StoreError) {
        let versions = try await withConnection { connection in
            try await connection.checkedQuery("SELECT id FROM workflow_version", logger: self.logger).collect().map { try $0.decode(Int64.self) }
        }
        var workflows: [Int64: Workflow] = [:]
        for version in versions { workflows[version] = try await bundle(version: version).workflow }
        let known = workflows
        try await snapshot { connection in
            let rows = try await connection.checkedQuery(
                "SELECT \(unescaped: Self.personColumns), s.timeline FROM person p LEFT JOIN person_state s ON s.person_id = p.id ORDER BY p.id",
                logger: self.logger)
            for try await row in rows {
                let cells = row.makeRandomAccess()
                let person = try Self.person(cells)
                guard let bytes = try cells[14].decode(Data?.self) else {
                    throw StoreError.corrupt("person \(person.number) has no stored timeline; run fazhan verify")
                }
                guard let workflow = known[person.workflowVersion] else {
                    throw StoreError.notFound("workflow version \(person.workflowVersion)")
                }
                let digest: TimelineDigest
                do {
                    digest = try TimelineDigest(encoded: [UInt8](bytes), workflow: workflow)
                } catch {
                    throw StoreError.corrupt("person \(person.number): \(error); run fazhan verify")
                }
                try body(person, digest)
            }
        }
    }
}

import FazhanCore
import FazhanStore
import Foundation
import Logging
import PostgresNIO

/// The reads a branch organizer's agenda and audit make, answered with what the store holds
/// (`StoreCache`) and one statement that says what changed.
extension PostgresStore {
    /// At most this many people are read through `StoreCache` for one organization; a larger
    /// subtree is streamed person by person, as the whole database is.
    static let heldScopeLimit = 5_000

    /// Installed workflow versions never change: the list is read again only when their count or
    /// highest id moved.
    public func installedWorkflows() async throws(StoreError) -> [InstalledWorkflow] {
        let (count, highest) = try await withConnection { connection -> (Int64, Int64) in
            guard let row = try await connection.checkedExecute(WorkflowVersionsSeen(), logger: self.logger).first else { return (0, 0) }
            return try row.decode((Int64, Int64).self)
        }
        if let held = cache.installed(count: count, highest: highest) { return held }
        let installed = try await withConnection { connection in try await Self.installed(connection, logger: self.logger) }
        cache.remember(installed: installed)
        return installed
    }

    /// Every person's history within an organization's subtree: for a subtree read before and
    /// small enough, in one statement that gives each member's version with the events after
    /// those held (one snapshot); else streamed as for the whole database.
    func heldHistories(organizationCode code: String) async throws(StoreError) -> [History]? {
        guard let hint = cache.members(of: code) else { return nil }
        guard try await organizationDirectory(reaching: OrganizationReach(codes: [code])).organization(code: code) != nil else {
            throw StoreError.notFound("organization \(code)")
        }
        var held: [Int64: StoreCache.CachedHistory] = [:]
        for id in hint { if let history = cache.history(of: id) { held[id] = history } }
        let heldIDs = Array(held.keys)
        let statement = SubtreeVersionsAndEventsAfter(code: code, people: heldIDs, after: heldIDs.map { held[$0]!.lastID })
        let rows = try await withConnection { connection in try await connection.checkedExecute(statement, logger: self.logger) }
        // Members in id order, each with the version read and the events after those held.
        var members: [(id: Int64, version: Int64, events: [Event], head: StoreCache.Head?)] = []
        do {
            for row in rows {
                let cells = row.makeRandomAccess()
                let id = try cells[0].decode(Int64.self)
                if members.last?.id != id {
                    members.append((id, try cells[1].decode(Int64.self), held[id]?.events ?? [], held[id]?.head))
                }
                guard try cells[2].decode(Int64?.self) != nil else { continue }
                members[members.count - 1].events.append(try Self.event(cells, offset: 2).event)
                let seal = 2 + 12
                members[members.count - 1].head = try cells[seal].decode(Int64?.self).map {
                    StoreCache.Head(sequence: $0, hash: try cells[seal + 1].decode(String.self))
                }
            }
        } catch {
            throw target.storeError(error)
        }
        guard members.count <= Self.heldScopeLimit, members.allSatisfy({ Int64($0.events.count) == $0.version }) else {
            // Grown past the limit, or a history written out of id order: read as for the whole database.
            cache.forgetMembers(of: code)
            return nil
        }
        let missing = members.map(\.id).filter { cache.person(id: $0) == nil }
        if !missing.isEmpty {
            let found = try await withConnection { connection in
                try await connection.checkedExecute(PeopleByID(ids: missing), logger: self.logger).map { try Self.person($0.makeRandomAccess()) }
            }
            for person in found { cache.remember(person) }
        }
        var histories: [History] = []
        histories.reserveCapacity(members.count)
        for member in members {
            guard let person = cache.person(id: member.id) else { return nil }
            cache.remember(StoreCache.CachedHistory(events: member.events, head: member.head), of: member.id)
            histories.append(History(person: person, events: member.events))
        }
        cache.remember(members: members.map(\.id), of: code)
        return histories
    }
}

/// How many workflow versions are installed, and the highest id.
struct WorkflowVersionsSeen: RowStatement {
    static let name = "fazhan_workflow_versions_seen"
    static let sql = "SELECT count(*), coalesce(max(id), 0) FROM workflow_version"
}

/// People by internal id.
struct PeopleByID: RowStatement {
    static let name = "fazhan_people_by_id"
    static var sql: String { "SELECT \(PostgresStore.personColumns) FROM person p WHERE p.id = ANY($1) ORDER BY p.id" }
    var ids: [Int64]
    var arguments: [any PostgresThrowingDynamicTypeEncodable] { [ids] }
}

/// Every member of an organization's subtree (after transfers) with their version and, in the
/// same snapshot, their events after the last one held (`people` and `after`, side by side; a
/// member not among them from the first), each with its seal: one row per event, or one row
/// with NULL event columns for a member with none after it.
struct SubtreeVersionsAndEventsAfter: RowStatement {
    static let name = "fazhan_subtree_versions_and_events_after"
    static var sql: String {
        """
        WITH RECURSIVE tree(id) AS (
            SELECT id FROM organization WHERE code = $1
            UNION ALL SELECT o.id FROM organization o JOIN tree ON o.parent_id = tree.id),
        held(person_id, after) AS (SELECT * FROM unnest($2::bigint[], $3::bigint[])),
        member AS (
            SELECT ps.person_id, ps.version, coalesce(h.after, 0) AS after
            FROM person_state ps LEFT JOIN held h ON h.person_id = ps.person_id
            WHERE ps.organization_id IN (SELECT id FROM tree))
        SELECT m.person_id, m.version, x.*
        FROM member m
        LEFT JOIN LATERAL (
            -- OFFSET 0 keeps this a lookup per member through event_by_person (never a scan of every event).
            SELECT \(PostgresStore.eventColumns), s.seq, s.hash
            FROM event e LEFT JOIN person_seal s ON s.event_id = e.id
            WHERE e.person_id = m.person_id AND e.id > m.after
            ORDER BY e.id OFFSET 0) x ON true
        ORDER BY m.person_id, x.id
        """
    }
    var code: String
    var people: [Int64]
    var after: [Int64]
    var arguments: [any PostgresThrowingDynamicTypeEncodable] { [code, people, after] }
}

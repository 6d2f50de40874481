import FazhanCore
import FazhanStore
import Foundation
import Logging
import PostgresNIO

/// Checkpoints and verification on PostgreSQL.
///
/// Appends seal each event in its person's chain and never take a global lock; a seal's `batch`
/// is the id of the transaction that wrote it. `checkpoint()` (one at a time, under an advisory
/// lock) covers the seals whose batch is at least the previous checkpoint's high-water mark and
/// below the oldest transaction still running (`pg_snapshot_xmin`): every transaction below that
/// mark has ended, so a transaction that committed late is covered by the next checkpoint, never
/// skipped. Its high-water mark is that xmin.
extension PostgresStore {
    static let checkpointLock: Int64 = 7310250002

    /// The hash the first checkpoint follows: `setting.seal_anchor` (a copied database's source
    /// head), else the genesis.
    static func anchor(_ connection: PostgresConnection, logger: Logger) async throws -> String {
        try await connection.checkedQuery("SELECT value FROM setting WHERE key = 'seal_anchor'", logger: logger)
            .collect().first?.decode(String.self) ?? SealChain.genesis
    }

    static func timestamp() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: Date())
    }

    /// Writes a checkpoint over the seals committed since the last one, if there are any.
    /// Returns it, or nil when no seal was waiting.
    @discardableResult
    public func checkpoint() async throws(StoreError) -> SealCheckpoint? {
        // READ COMMITTED: each statement sees what committed before it, so the statements after
        // the lock see the checkpoint another checkpointer wrote while this one waited.
        try await transaction { connection -> SealCheckpoint? in
            _ = try await connection.checkedQuery("SELECT pg_advisory_xact_lock(\(Self.checkpointLock))", logger: self.logger).collect()
            let last = try await connection.checkedQuery(
                "SELECT hash, high_water FROM seal_checkpoint ORDER BY id DESC LIMIT 1", logger: self.logger
            ).collect().first?.decode((String, Int64).self)
            var previous = last?.0 ?? ""
            if last == nil { previous = try await Self.anchor(connection, logger: self.logger) }
            let low = last?.1 ?? 0
            guard let high = try await connection.checkedQuery(
                "SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint", logger: self.logger
            ).collect().first?.decode(Int64.self) else { return nil }
            let heads = try await connection.checkedQuery("""
                SELECT DISTINCT ON (person_id) person_id, seq, hash FROM person_seal
                WHERE batch >= \(low) AND batch < \(high) ORDER BY person_id, seq DESC
                """, logger: self.logger).collect().map { row in
                let (person, sequence, seal) = try row.decode((Int64, Int64, String).self)
                return SealHead(personID: person, sequence: sequence, seal: seal)
            }
            guard !heads.isEmpty else { return nil }
            return try await Self.writeCheckpoint(connection, previous: previous, heads: heads, highWater: high, logger: self.logger)
        }
    }

    static func writeCheckpoint(
        _ connection: PostgresConnection, previous: String, heads: [SealHead], highWater: Int64, logger: Logger
    ) async throws -> SealCheckpoint {
        let hash = SealChain.checkpoint(previous: previous, heads: heads)
        let createdAt = timestamp()
        guard let id = try await connection.checkedQuery("""
            INSERT INTO seal_checkpoint (previous_hash, heads, hash, created_at, high_water)
            VALUES (\(previous), \(heads.count), \(hash), \(createdAt), \(highWater)) RETURNING id
            """, logger: logger).collect().first?.decode(Int64.self) else {
            throw StoreError.io("the checkpoint was not written")
        }
        return SealCheckpoint(id: id, previous: previous, heads: heads.count, hash: hash, createdAt: createdAt)
    }

    /// Recomputes every person's seal chain, every checkpoint, every projection and the chain of
    /// role grants, in one snapshot, as `SQLiteStore.verify` does: person chains, then checkpoints
    /// with the heads their seals give, then projections, then grants. Seals no checkpoint covers yet are counted as
    /// `pending`, not as a problem. Changes nothing.
    public func verify() async throws(StoreError) -> IntegrityReport {
        let versions = try await withConnection { connection in
            try await connection.checkedQuery("SELECT DISTINCT workflow_version FROM person", logger: self.logger)
                .collect().map { try $0.decode(Int64.self) }
        }
        var workflows: [Int64: Workflow] = [:]
        for version in versions { workflows[version] = try await bundle(version: version).workflow }
        let known = workflows
        let (verifier, pending, disagreements, grants) = try await snapshot { connection in
            var verifier = SealVerifier()
            let disagreements = try await Self.verifyPersonChains(connection, workflows: known, into: &verifier, logger: self.logger)
            let pending = try await Self.verifyCheckpoints(connection, into: &verifier, logger: self.logger)
            var grants = GrantChainVerifier()
            try await Self.verifyGrantChain(connection, into: &grants, logger: self.logger)
            return (verifier, pending, disagreements, grants)
        }
        var report = verifier
        for (number, what) in disagreements.sorted(by: { $0.number < $1.number }) {
            report.report(IntegrityProblem(kind: .projection, eventID: nil, message: "the stored \(what) of \(number) disagrees with the events"))
        }
        var result = IntegrityReport(events: report.events, seals: report.seals, checkpoints: report.checkpoints, pending: pending,
                                     head: report.head, chains: report.chains, problems: report.problems)
        result.include(grants)
        return result
    }

    private struct StoredState {
        var stage: String?
        var stageSince: String?
        var organizationID: Int64?
        var timeline: [UInt8]?
    }

    /// Each person's events (in id order) against their seals (in sequence order), read as one
    /// stream ordered by person; and each person's stored projection against their events.
    /// Returns the people whose projection disagrees, with what disagrees.
    static func verifyPersonChains(
        _ connection: PostgresConnection, workflows: [Int64: Workflow], into verifier: inout SealVerifier, logger: Logger
    ) async throws -> [(number: String, what: String)] {
        var people: [Int64: PersonProfile] = [:]
        for row in try await connection.checkedQuery("SELECT \(unescaped: personColumns) FROM person p", logger: logger).collect() {
            let person = try Self.person(row.makeRandomAccess())
            people[person.id] = person
        }
        var states: [Int64: StoredState] = [:]
        for row in try await connection.checkedQuery(
            "SELECT person_id, stage, stage_since, organization_id, timeline FROM person_state", logger: logger
        ).collect() {
            let (id, stage, since, organization, timeline) = try row.decode((Int64, String?, String?, Int64?, Data?).self)
            states[id] = StoredState(stage: stage, stageSince: since, organizationID: organization, timeline: timeline.map { [UInt8]($0) })
        }
        var codes: [String: Int64] = [:]
        for row in try await connection.checkedQuery("SELECT code, id FROM organization", logger: logger).collect() {
            let (code, id) = try row.decode((String, Int64).self)
            codes[code] = id
        }
        var disagreements: [(number: String, what: String)] = []
        func checkProjection(_ person: PersonProfile, events: [Event]) {
            guard let workflow = workflows[person.workflowVersion] else { return }
            let projection = PersonProjection(history: History(person: person, events: events), workflow: workflow)
            var organizationID = person.organizationID
            if let code = projection.transferredTo, let id = codes[code] { organizationID = id }
            let stored = states[person.id]
            let stage = stored?.stage == projection.stage && stored?.stageSince == projection.stageSince?.description
                && stored?.organizationID == organizationID
            let digest = stored?.timeline == projection.timeline
            switch (stage, digest) {
            case (true, true): break
            case (false, true): disagreements.append((person.number, "stage"))
            case (true, false): disagreements.append((person.number, "statistics digest"))
            case (false, false): disagreements.append((person.number, "stage and statistics digest"))
            }
        }

        // Events (kind 0) and seals (kind 1) of each person, in one stream.
        let rows = try await connection.checkedQuery("""
            SELECT 0 AS kind, e.person_id AS person, e.id AS ord, \(unescaped: eventColumns), NULL::bigint AS seq, NULL::text AS hash
            FROM event e
            UNION ALL
            SELECT 1, s.person_id, s.seq, s.event_id, s.person_id, '', '', '', '', '', 0, NULL, NULL, false, false, s.seq, s.hash
            FROM person_seal s
            ORDER BY person, kind, ord
            """, logger: logger)
        var checked = Set<Int64>()
        var current: Int64?
        var own: [SealVerifier.StoredEvent] = []
        var events: [Event] = []
        var sealed: [SealVerifier.StoredSeal] = []
        func flush() {
            guard let id = current else { return }
            let person = people[id]
            verifier.check(person: person?.number ?? "person \(id)", events: own, seals: sealed)
            if let person {
                checkProjection(person, events: events)
                checked.insert(id)
            }
            own = []
            events = []
            sealed = []
        }
        for try await row in rows {
            let cells = row.makeRandomAccess()
            let kind = try cells[0].decode(Int32.self)
            let person = try cells[1].decode(Int64.self)
            if person != current {
                flush()
                current = person
            }
            if kind == 0 {
                let (event, data) = try Self.event(cells, offset: 3)
                own.append(SealVerifier.StoredEvent(id: event.id, content: { SealChain.content(of: event, sequence: $0, data: data) }))
                events.append(event)
            } else {
                sealed.append(SealVerifier.StoredSeal(
                    eventID: try cells[3].decode(Int64.self), sequence: try cells[15].decode(Int64.self), seal: try cells[16].decode(String.self)))
            }
        }
        flush()
        for person in people.values where !checked.contains(person.id) {
            checkProjection(person, events: [])
        }
        return disagreements
    }

    /// Each checkpoint against the heads of the seals in its range of batches. Returns how many
    /// seals no checkpoint covers yet.
    static func verifyCheckpoints(_ connection: PostgresConnection, into verifier: inout SealVerifier, logger: Logger) async throws -> Int {
        let anchor = try await anchor(connection, logger: logger)
        let checkpoints = try await connection.checkedQuery(
            "SELECT id, previous_hash, heads, hash, created_at, high_water FROM seal_checkpoint ORDER BY id", logger: logger
        ).collect().map { row in
            let (id, previous, heads, hash, createdAt, highWater) = try row.decode((Int64, String, Int32, String, String, Int64).self)
            return (SealCheckpoint(id: id, previous: previous, heads: Int(heads), hash: hash, createdAt: createdAt), highWater)
        }
        var index = 0
        var heads: [Int64: SealHead] = [:]
        var pending = 0
        let rows = try await connection.checkedQuery(
            "SELECT person_id, seq, hash, batch FROM person_seal ORDER BY batch, person_id, seq", logger: logger)
        for try await row in rows {
            let (person, sequence, seal, batch) = try row.decode((Int64, Int64, String, Int64).self)
            while index < checkpoints.count, batch >= checkpoints[index].1 {
                verifier.check(checkpoint: checkpoints[index].0, heads: Array(heads.values), anchor: anchor)
                heads = [:]
                index += 1
            }
            if index == checkpoints.count {
                pending += 1
                continue
            }
            if let known = heads[person], known.sequence > sequence { continue }
            heads[person] = SealHead(personID: person, sequence: sequence, seal: seal)
        }
        while index < checkpoints.count {
            verifier.check(checkpoint: checkpoints[index].0, heads: Array(heads.values), anchor: anchor)
            heads = [:]
            index += 1
        }
        return pending
    }
}

import FazhanCore
import FazhanStore
import PostgresNIO

extension PostgresStore {
    /// A person by internal id only (answered from memory when read before: registrations never change).
    public func person(id: Int64) async throws(StoreError) -> PersonProfile? {
        if let person = cache.person(id: id) { return person }
        let person = try await withConnection { connection in
            try await connection.checkedExecute(PersonByID(id: id), logger: self.logger).first.map { try Self.person($0.makeRandomAccess()) }
        }
        if let person { cache.remember(person) }
        return person
    }

    public func event(id: Int64) async throws(StoreError) -> Event? {
        try await withConnection { connection in
            try await connection.checkedQuery("SELECT \(unescaped: Self.eventColumns) FROM event e WHERE e.id = \(id)", logger: self.logger)
                .collect().first.map { try Self.event($0.makeRandomAccess()).event }
        }
    }

    /// How many people an organization's subtree holds (after transfers); 0 for an unknown code, as on SQLite.
    public func personCount(organizationCode: String) async throws(StoreError) -> Int {
        try await withConnection { connection in
            try await connection.checkedExecute(SubtreePersonCount(code: organizationCode), logger: self.logger)
                .first.map { Int(try $0.decode(Int64.self)) } ?? 0
        }
    }

    public func stageCounts() async throws(StoreError) -> [String?: Int] {
        try await withConnection { connection in
            var counts: [String?: Int] = [:]
            for row in try await connection.checkedQuery("SELECT stage, count(*) FROM person_state GROUP BY stage", logger: self.logger).collect() {
                let (stage, count) = try row.decode((String?, Int64).self)
                counts[stage] = Int(count)
            }
            return counts
        }
    }

    public func workflowVersionsInUse() async throws(StoreError) -> [Int64] {
        try await withConnection { connection in
            try await connection.checkedQuery("SELECT DISTINCT workflow_version FROM person ORDER BY workflow_version", logger: self.logger)
                .collect().map { try $0.decode(Int64.self) }
        }
    }
}

extension PostgresStore {
    /// Records several counts in one transaction: all of them or none.
    public func setEnrollments(_ counts: [EnrollmentEntry], recordedAt: String, recordedBy: String) async throws(StoreError) {
        try await transaction { connection in
            for count in counts {
                let id = try await Self.organizationID(connection, code: count.organizationCode, logger: self.logger)
                try await connection.checkedQuery("""
                    INSERT INTO enrollment (organization_id, effective_on, students, staff, recorded_at, recorded_by)
                    VALUES (\(id), \(count.effectiveOn.description), \(Int64(count.students)), \(count.staff.map(Int64.init)),
                            \(recordedAt), \(recordedBy))
                    """, logger: self.logger)
            }
        }
    }
}

/// How many people an organization's subtree holds (after transfers).
struct SubtreePersonCount: RowStatement {
    static let name = "fazhan_subtree_person_count"
    static let sql = """
        SELECT count(*) FROM person_state WHERE organization_id IN (WITH RECURSIVE tree(id) AS (
            SELECT id FROM organization WHERE code = $1 UNION ALL
            SELECT o.id FROM organization o JOIN tree ON o.parent_id = tree.id) SELECT id FROM tree)
        """
    var code: String
    var arguments: [any PostgresThrowingDynamicTypeEncodable] { [code] }
}

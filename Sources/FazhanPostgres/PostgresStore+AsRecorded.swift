import FazhanCore
import FazhanStore
import PostgresNIO

// "As recorded on", as SQLiteStore+AsRecorded does it: the SQL narrows by the cutoff's second
// (compared byte by byte, COLLATE "C", as both stored widths sort), and the exact instant is
// compared in Swift (RecordedCutoff).
extension PostgresStore {
    public func lastCheckpoint(through cutoff: RecordedCutoff) async throws(StoreError) -> SealCheckpoint? {
        try await withConnection { connection in
            // Checkpoints are written in order; the few of the cutoff's own second are the only
            // ones the exact comparison can pass over.
            let rows = try await connection.checkedQuery("""
                SELECT id, previous_hash, heads, hash, created_at, records, signature, key_id FROM seal_checkpoint
                WHERE created_at COLLATE "C" < \(cutoff.nextSecondPrefix) ORDER BY id DESC LIMIT 1000
                """, logger: self.logger).collect()
            for row in rows {
                let (id, previous, heads, hash, createdAt, records, signature, keyID) =
                    try row.decode((Int64, String, Int32, String, String, Int32, String?, String?).self)
                guard cutoff.includes(createdAt) else { continue }
                return SealCheckpoint(id: id, previous: previous, heads: Int(heads), hash: hash, createdAt: createdAt, records: Int(records),
                                      signature: signature, keyID: keyID)
            }
            return nil
        }
    }

    public func recordedLater(than cutoff: RecordedCutoff) async throws(StoreError) -> LaterRecords {
        try await withConnection { connection in
            let since = cutoff.secondPrefix
            var later = LaterRecords()
            for row in try await connection.checkedQuery(
                "SELECT id, created_at FROM person WHERE created_at COLLATE \"C\" >= \(since)", logger: self.logger).collect() {
                let (id, createdAt) = try row.decode((Int64, String).self)
                if !cutoff.includes(createdAt) { later.people.insert(id) }
            }
            for row in try await connection.checkedQuery(
                "SELECT code, created_at FROM organization WHERE created_at COLLATE \"C\" >= \(since)", logger: self.logger).collect() {
                let (code, createdAt) = try row.decode((String, String).self)
                if !cutoff.includes(createdAt) { later.organizations.insert(code) }
            }
            for row in try await connection.checkedQuery(
                "SELECT id, installed_at FROM workflow_version WHERE installed_at COLLATE \"C\" >= \(since)", logger: self.logger).collect() {
                let (version, installedAt) = try row.decode((Int64, String).self)
                if !cutoff.includes(installedAt) { later.workflowVersions.insert(version) }
            }
            return later
        }
    }

    public func planningRecords() async throws(StoreError) -> PlanningRecords {
        try await withConnection { connection in
            let enrollments = try await connection.checkedQuery("""
                SELECT o.code, e.effective_on, e.students, e.staff, e.recorded_at, e.recorded_by
                FROM enrollment e JOIN organization o ON o.id = e.organization_id ORDER BY e.id
                """, logger: self.logger).collect().map { row in
                let (code, effectiveOn, students, staff, recordedAt, recordedBy) =
                    try row.decode((String, String, Int64, Int64?, String, String).self)
                return EnrollmentCount(
                    organizationCode: code, effectiveOn: try RowValue.date(effectiveOn, column: "enrollment.effective_on"),
                    students: Int(students), staff: staff.map { Int($0) }, recordedAt: recordedAt, recordedBy: recordedBy)
            }
            let plans = try await connection.checkedQuery("""
                SELECT o.code, p.year, p.category, p.quota, p.recorded_at, p.recorded_by
                FROM development_plan p JOIN organization o ON o.id = p.organization_id ORDER BY p.id
                """, logger: self.logger).collect().map { row in
                let (code, year, category, quota, recordedAt, recordedBy) = try row.decode((String, Int64, String, Int64, String, String).self)
                return DevelopmentPlan(organizationCode: code, year: Int(year), category: category, quota: Int(quota),
                                       recordedAt: recordedAt, recordedBy: recordedBy)
            }
            let gradings = try await connection.checkedQuery("""
                SELECT o.code, g.year, g.grade, g.strongest, g.note, g.recorded_at, g.recorded_by
                FROM branch_grading g JOIN organization o ON o.id = g.organization_id ORDER BY g.id
                """, logger: self.logger).collect().map { row in
                let (code, year, grade, strongest, note, recordedAt, recordedBy) =
                    try row.decode((String, Int64, String, Bool, String?, String, String).self)
                return BranchGrading(organizationCode: code, year: Int(year), grade: grade, strongest: strongest, note: note,
                                     recordedAt: recordedAt, recordedBy: recordedBy)
            }
            return PlanningRecords(enrollments: enrollments, plans: plans, gradings: gradings,
                                   memberships: try await self.memberships(connection))
        }
    }

    public func memberships() async throws(StoreError) -> [MembershipCount] {
        try await withConnection { connection in try await self.memberships(connection) }
    }

    private func memberships(_ connection: PostgresConnection) async throws -> [MembershipCount] {
        try await connection.checkedQuery("""
            SELECT o.code, m.effective_on, m.full_members, m.recorded_at, m.recorded_by
            FROM branch_membership m JOIN organization o ON o.id = m.organization_id ORDER BY m.id
            """, logger: logger).collect().map { row in
            let (code, effectiveOn, fullMembers, recordedAt, recordedBy) = try row.decode((String, String, Int64, String, String).self)
            return MembershipCount(organizationCode: code,
                                   effectiveOn: try RowValue.date(effectiveOn, column: "branch_membership.effective_on"),
                                   fullMembers: Int(fullMembers), recordedAt: recordedAt, recordedBy: recordedBy)
        }
    }
}

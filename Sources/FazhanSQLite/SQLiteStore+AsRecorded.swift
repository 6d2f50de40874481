import FazhanCore
import FazhanStore
import GRDB

// "As recorded on": the rows a report, an audit or an agenda produced at a past instant leaves
// out. Recording times are stored as text in two widths (with and without milliseconds), so the
// SQL narrows by the cutoff's second, which both widths sort by, and the exact instant is
// compared in Swift (RecordedCutoff).
extension SQLiteStore {
    public func lastCheckpoint(through cutoff: RecordedCutoff) throws(StoreError) -> SealCheckpoint? {
        try read { db in
            let signed = try db.columns(in: "seal_checkpoint").contains { $0.name == "signature" }
            let rows = try Row.fetchCursor(db, sql: "SELECT * FROM seal_checkpoint WHERE created_at < ? ORDER BY id DESC",
                                           arguments: [cutoff.nextSecondPrefix])
            while let row = try rows.next() {
                let createdAt: String = row["created_at"]
                guard cutoff.includes(createdAt) else { continue }
                return SealCheckpoint(id: row["id"], previous: row["previous_hash"], heads: row["heads"], hash: row["hash"],
                                      createdAt: createdAt, records: signed ? row["records"] : 0,
                                      signature: signed ? row["signature"] : nil, keyID: signed ? row["key_id"] : nil)
            }
            return nil
        }
    }

    public func recordedLater(than cutoff: RecordedCutoff) throws(StoreError) -> LaterRecords {
        try read { db in
            let since = cutoff.secondPrefix
            var later = LaterRecords()
            for row in try Row.fetchAll(db, sql: "SELECT id, created_at FROM person WHERE created_at >= ?", arguments: [since])
            where !cutoff.includes(row[1]) {
                later.people.insert(row[0])
            }
            for row in try Row.fetchAll(db, sql: "SELECT code, created_at FROM organization WHERE created_at >= ?", arguments: [since])
            where !cutoff.includes(row[1]) {
                later.organizations.insert(row[0])
            }
            for row in try Row.fetchAll(db, sql: "SELECT id, installed_at FROM workflow_version WHERE installed_at >= ?", arguments: [since])
            where !cutoff.includes(row[1]) {
                later.workflowVersions.insert(row[0])
            }
            return later
        }
    }

    public func planningRecords() throws(StoreError) -> PlanningRecords {
        try read { db in
            let enrollments = try Row.fetchAll(db, sql: """
                SELECT o.code, e.effective_on, e.students, e.staff, e.recorded_at, e.recorded_by
                FROM enrollment e JOIN organization o ON o.id = e.organization_id ORDER BY e.id
                """).map { row in
                EnrollmentCount(organizationCode: row[0], effectiveOn: row[1], students: row[2], staff: row[3],
                                recordedAt: row[4], recordedBy: row[5])
            }
            let plans = try Row.fetchAll(db, sql: """
                SELECT o.code, p.year, p.category, p.quota, p.recorded_at, p.recorded_by
                FROM development_plan p JOIN organization o ON o.id = p.organization_id ORDER BY p.id
                """).map { row in
                DevelopmentPlan(organizationCode: row[0], year: row[1], category: row[2], quota: row[3], recordedAt: row[4], recordedBy: row[5])
            }
            let gradings = try Row.fetchAll(db, sql: """
                SELECT o.code, g.year, g.grade, g.strongest, g.note, g.recorded_at, g.recorded_by
                FROM branch_grading g JOIN organization o ON o.id = g.organization_id ORDER BY g.id
                """).map { row in
                BranchGrading(organizationCode: row[0], year: row[1], grade: row[2], strongest: row[3], note: row[4],
                              recordedAt: row[5], recordedBy: row[6])
            }
            return PlanningRecords(enrollments: enrollments, plans: plans, gradings: gradings, memberships: try Self.memberships(db))
        }
    }

    public func memberships() throws(StoreError) -> [MembershipCount] {
        try read { db in try Self.memberships(db) }
    }

    private static func memberships(_ db: Database) throws -> [MembershipCount] {
        try Row.fetchAll(db, sql: """
            SELECT o.code, m.effective_on, m.full_members, m.recorded_at, m.recorded_by
            FROM branch_membership m JOIN organization o ON o.id = m.organization_id ORDER BY m.id
            """).map { row in
            MembershipCount(organizationCode: row[0], effectiveOn: row[1], fullMembers: row[2], recordedAt: row[3], recordedBy: row[4])
        }
    }
}

import FazhanCore
import FazhanStore
import GRDB

extension SQLiteStore {
    private func organizationID(_ db: Database, code: String) throws -> Int64 {
        guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM organization WHERE code = ?", arguments: [code]) else {
            throw StoreError.notFound("organization \(code)")
        }
        return id
    }

    /// Records the count in force from a date. Entries are never changed: a later entry for the
    /// same date supersedes an earlier one.
    public func setEnrollment(organizationCode: String, students: Int, staff: Int?, effectiveOn: CivilDate,
                              recordedAt: String, recordedBy: String) throws(StoreError) {
        try write { db in
            let id = try self.organizationID(db, code: organizationCode)
            try db.execute(sql: """
                INSERT INTO enrollment (organization_id, effective_on, students, staff, recorded_at, recorded_by)
                VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [id, effectiveOn, students, staff, recordedAt, recordedBy])
        }
    }

    /// Records several counts in one transaction: all of them or none.
    public func setEnrollments(_ counts: [EnrollmentEntry],
                               recordedAt: String, recordedBy: String) throws(StoreError) {
        try write { db in
            for count in counts {
                let id = try self.organizationID(db, code: count.organizationCode)
                try db.execute(sql: """
                    INSERT INTO enrollment (organization_id, effective_on, students, staff, recorded_at, recorded_by)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """, arguments: [id, count.effectiveOn, count.students, count.staff, recordedAt, recordedBy])
            }
        }
    }

    /// The counts in force on a date, one per organization that has one.
    public func enrollment(asOf date: CivilDate) throws(StoreError) -> [EnrollmentCount] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT o.code, e.effective_on, e.students, e.staff, e.recorded_at, e.recorded_by
                FROM enrollment e JOIN organization o ON o.id = e.organization_id
                WHERE e.id = (SELECT e2.id FROM enrollment e2 WHERE e2.organization_id = e.organization_id AND e2.effective_on <= ?
                              ORDER BY e2.effective_on DESC, e2.id DESC LIMIT 1)
                ORDER BY o.code
                """, arguments: [date]).map { row in
                EnrollmentCount(organizationCode: row[0], effectiveOn: row[1], students: row[2], staff: row[3],
                                recordedAt: row[4], recordedBy: row[5])
            }
        }
    }

    /// Records branches' full members in force from a date (only a 党支部 has them): all or none.
    public func setMemberships(_ counts: [MembershipEntry], recordedAt: String, recordedBy: String) throws(StoreError) {
        try write { db in
            for count in counts {
                let id = try self.organizationID(db, code: count.organizationCode)
                guard try String.fetchOne(db, sql: "SELECT kind FROM organization WHERE id = ?", arguments: [id])
                    == Organization.Kind.branch.rawValue else {
                    throw StoreError.invalid("only a 党支部 has full members who vote; \(count.organizationCode) is not a branch")
                }
                try db.execute(sql: """
                    INSERT INTO branch_membership (organization_id, effective_on, full_members, recorded_at, recorded_by)
                    VALUES (?, ?, ?, ?, ?)
                    """, arguments: [id, count.effectiveOn, count.fullMembers, recordedAt, recordedBy])
            }
        }
    }

    /// The full-member counts in force on a date, one per branch that has one.
    public func membership(asOf date: CivilDate) throws(StoreError) -> [MembershipCount] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT o.code, m.effective_on, m.full_members, m.recorded_at, m.recorded_by
                FROM branch_membership m JOIN organization o ON o.id = m.organization_id
                WHERE m.id = (SELECT m2.id FROM branch_membership m2 WHERE m2.organization_id = m.organization_id AND m2.effective_on <= ?
                              ORDER BY m2.effective_on DESC, m2.id DESC LIMIT 1)
                ORDER BY o.code
                """, arguments: [date]).map { row in
                MembershipCount(organizationCode: row[0], effectiveOn: row[1], fullMembers: row[2], recordedAt: row[3], recordedBy: row[4])
            }
        }
    }

    public func setPlan(organizationCode: String, year: Int, category: String, quota: Int,
                        recordedAt: String, recordedBy: String) throws(StoreError) {
        try write { db in
            let id = try self.organizationID(db, code: organizationCode)
            try db.execute(sql: """
                INSERT INTO development_plan (organization_id, year, category, quota, recorded_at, recorded_by)
                VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [id, year, category, quota, recordedAt, recordedBy])
        }
    }

    /// The plans of a year, the latest entry per organization and category.
    public func plans(year: Int) throws(StoreError) -> [DevelopmentPlan] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT o.code, p.year, p.category, p.quota, p.recorded_at, p.recorded_by
                FROM development_plan p JOIN organization o ON o.id = p.organization_id
                WHERE p.year = ? AND p.id = (SELECT MAX(p2.id) FROM development_plan p2
                                              WHERE p2.organization_id = p.organization_id AND p2.year = p.year AND p2.category = p.category)
                ORDER BY o.code, p.category
                """, arguments: [year]).map { row in
                DevelopmentPlan(organizationCode: row[0], year: row[1], category: row[2], quota: row[3], recordedAt: row[4], recordedBy: row[5])
            }
        }
    }

    public func recordGrading(organizationCode: String, year: Int, grade: String, strongest: Bool, note: String?,
                              recordedAt: String, recordedBy: String) throws(StoreError) {
        try write { db in
            let id = try self.organizationID(db, code: organizationCode)
            guard try String.fetchOne(db, sql: "SELECT kind FROM organization WHERE id = ?", arguments: [id]) == Organization.Kind.branch.rawValue else {
                throw StoreError.invalid("only a 党支部 is graded; \(organizationCode) is not a branch")
            }
            try db.execute(sql: """
                INSERT INTO branch_grading (organization_id, year, grade, strongest, note, recorded_at, recorded_by)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [id, year, grade, strongest, note, recordedAt, recordedBy])
        }
    }

    /// The gradings of a year, the latest entry per branch.
    public func gradings(year: Int) throws(StoreError) -> [BranchGrading] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT o.code, g.year, g.grade, g.strongest, g.note, g.recorded_at, g.recorded_by
                FROM branch_grading g JOIN organization o ON o.id = g.organization_id
                WHERE g.year = ? AND g.id = (SELECT MAX(g2.id) FROM branch_grading g2
                                              WHERE g2.organization_id = g.organization_id AND g2.year = g.year)
                ORDER BY o.code
                """, arguments: [year]).map { row in
                BranchGrading(organizationCode: row[0], year: row[1], grade: row[2], strongest: row[3], note: row[4],
                              recordedAt: row[5], recordedBy: row[6])
            }
        }
    }
}

import FazhanCore
import Foundation
import GRDB
import Testing

@testable import FazhanSQLite
import FazhanStore

/// Enrollment counts, plans and gradings: the data statistics are measured against.
@Suite struct PlanningTests {
    private func store() throws -> SQLiteStore {
        let store = try SQLiteStore.inMemory()
        _ = try store.addOrganization(NewOrganization(code: "U", name: "校党委", kind: .committee, parentCode: nil, category: nil,
                                                      canApprove: true, createdAt: "t", createdBy: "test"))
        _ = try store.addOrganization(NewOrganization(code: "CS", name: "计算机学院党总支", kind: .generalBranch, parentCode: "U",
                                                      category: nil, canApprove: false, createdAt: "t", createdBy: "test"))
        _ = try store.addOrganization(NewOrganization(code: "CS-S1", name: "本科生第一党支部", kind: .branch, parentCode: "CS",
                                                      category: .student, canApprove: false, createdAt: "t", createdBy: "test"))
        return store
    }

    @Test func theEnrollmentInForceOnADateIsTheLatestFromBeforeIt() throws {
        let store = try store()
        try store.setEnrollment(organizationCode: "CS", students: 1200, staff: 90, effectiveOn: CivilDate("2025-09-01")!, recordedAt: "a", recordedBy: "t")
        try store.setEnrollment(organizationCode: "CS", students: 1250, staff: nil, effectiveOn: CivilDate("2026-09-01")!, recordedAt: "b", recordedBy: "t")
        // A correction of the 2025 count, recorded later for the same date, supersedes it.
        try store.setEnrollment(organizationCode: "CS", students: 1210, staff: 90, effectiveOn: CivilDate("2025-09-01")!, recordedAt: "c", recordedBy: "t")
        #expect(try store.enrollment(asOf: CivilDate("2025-08-31")!).isEmpty)
        #expect(try store.enrollment(asOf: CivilDate("2025-09-01")!).map(\.students) == [1210])
        #expect(try store.enrollment(asOf: CivilDate("2026-08-31")!).map(\.students) == [1210])
        #expect(try store.enrollment(asOf: CivilDate("2026-09-01")!).map(\.students) == [1250])
        #expect(throws: StoreError.self) {
            try store.setEnrollment(organizationCode: "NOPE", students: 1, staff: nil, effectiveOn: CivilDate("2026-01-01")!, recordedAt: "d", recordedBy: "t")
        }
        #expect(throws: (any Error).self) {
            try store.writer.write { db in try db.execute(sql: "UPDATE enrollment SET students = 0") }
        }
        #expect(throws: (any Error).self) {
            try store.writer.write { db in try db.execute(sql: "DELETE FROM enrollment") }
        }
    }

    @Test func plansKeepTeachersApartAndTheLatestQuotaCounts() throws {
        let store = try store()
        try store.setPlan(organizationCode: "CS", year: 2026, category: "student", quota: 40, recordedAt: "a", recordedBy: "t")
        try store.setPlan(organizationCode: "CS", year: 2026, category: "teacher", quota: 3, recordedAt: "b", recordedBy: "t")
        try store.setPlan(organizationCode: "CS", year: 2026, category: "student", quota: 45, recordedAt: "c", recordedBy: "t")
        try store.setPlan(organizationCode: "CS", year: 2025, category: "student", quota: 38, recordedAt: "d", recordedBy: "t")
        let plans = try store.plans(year: 2026)
        #expect(plans.map(\.category) == ["student", "teacher"])
        #expect(plans.map(\.quota) == [45, 3])
        #expect(try store.plans(year: 2025).map(\.quota) == [38])
    }

    @Test func onlyBranchesAreGradedAndTheLatestGradingCounts() throws {
        let store = try store()
        try store.recordGrading(organizationCode: "CS-S1", year: 2026, grade: "较好", strongest: false, note: nil, recordedAt: "a", recordedBy: "t")
        try store.recordGrading(organizationCode: "CS-S1", year: 2026, grade: "先进", strongest: true, note: "复评", recordedAt: "b", recordedBy: "t")
        #expect(throws: StoreError.self) {
            try store.recordGrading(organizationCode: "CS", year: 2026, grade: "先进", strongest: false, note: nil, recordedAt: "c", recordedBy: "t")
        }
        #expect(throws: (any Error).self) {
            try store.recordGrading(organizationCode: "CS-S1", year: 2026, grade: "优秀", strongest: false, note: nil, recordedAt: "d", recordedBy: "t")
        }
        let gradings = try store.gradings(year: 2026)
        #expect(gradings.count == 1)
        #expect(gradings.first?.grade == "先进")
        #expect(gradings.first?.strongest == true)
        #expect(try store.gradings(year: 2025).isEmpty)
    }
}

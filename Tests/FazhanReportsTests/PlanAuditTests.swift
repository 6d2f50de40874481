import FazhanCore
import FazhanReports
import Foundation
import Testing

/// R25 in the audit: admissions beyond the annual plan, waived only by the committee's recorded
/// waiver of the quota, and a surge of admissions against the plan (突击发展).
@Suite(.english) struct PlanAuditTests {
    let engine: Engine

    init() throws {
        engine = try ReportsFixture.engine("cpc-2014")
    }

    /// A student admitted (approved) on `approved`, at ZB1 (under DW), with an optional waiver.
    func admission(_ number: String, approved: String, waiver: String? = nil) throws -> PlanAdmission {
        var entries = Lifecycle2014.entries.through("admission_approval").replacing("admission_approval", date: approved)
        if let waiver {
            entries.append(Entry("waiver", waiver, EventData(reason: "党委会研究同意", rule: "R25", approvedBy: "大学党委")))
        }
        let history = PersonHistory(entries.inDateOrder(), number: number).history
        return try #require(PlanAdmission(history: history, engine: engine, organizations: ReportsFixture.organizations,
                                          organizationCode: { _ in ReportsFixture.branchCode }, asOf: day("2026-12-31")))
    }

    func plan(_ code: String = "DW", year: Int = 2026, category: String = "student", quota: Int) -> DevelopmentPlan {
        DevelopmentPlan(organizationCode: code, year: year, category: category, quota: quota, recordedAt: "2026-01-01T00:00:00Z",
                        recordedBy: "planner")
    }

    func audit(_ admissions: [PlanAdmission], _ plans: [DevelopmentPlan], asOf: String = "2026-12-31") -> [Finding] {
        PlanAuditor(asOf: day(asOf)).audit(admissions, plans: plans, organizations: ReportsFixture.organizations)
    }

    @Test func theWorkflowCarriesTheQuota() throws {
        let quota = try #require(engine.workflow.quota)
        #expect(quota.rule == "R25")
        #expect(quota.waivable)
        #expect(quota.surgeShare == 5_000)
        #expect(quota.surgeWithin == Duration(1, .months))
        #expect(quota.surgeMinimum == 3)
        #expect(engine.workflow.waivableClauses(of: "R25") == ["quota"])
    }

    /// Three admissions (2026-01-20, 2026-04-20, 2026-07-20): a plan of 3 is met, of 2 exceeded
    /// by the third, of 1 by the second and third.
    @Test(arguments: [(3, [String]()), (2, ["2026-07-20"]), (1, ["2026-04-20", "2026-07-20"]), (0, ["2026-01-20", "2026-04-20", "2026-07-20"])])
    func admissionsBeyondThePlanAreViolations(quota: Int, beyond: [String]) throws {
        let admissions = [try admission("1", approved: "2026-01-20"), try admission("2", approved: "2026-04-20"),
                          try admission("3", approved: "2026-07-20")]
        let findings = audit(admissions, [plan(quota: quota)]).filter { $0.source == "plan-quota" }
        #expect(findings.map(\.date.description) == beyond)
        #expect(findings.allSatisfy { $0.rule == "R25" && $0.severity == .violation && $0.step == "admission_approval" })
        #expect(findings.allSatisfy { $0.ruleName == "年度发展计划" })
        if let first = findings.first {
            #expect(first.found.contains("admission \(quota + 1) of 大学党委 (DW) 2026 student 年度发展计划 \(quota)"), "\(first.found)")
        }
    }

    @Test func onlyThePlansYearCategoryAndSubtreeCount() throws {
        let admissions = [try admission("1", approved: "2025-12-20"), try admission("2", approved: "2026-01-20")]
        // 2025's admission is not 2026's; teachers are planned apart; a plan of another tree does not count them.
        #expect(audit(admissions, [plan(quota: 1)]).isEmpty)
        #expect(audit(admissions, [plan(category: "teacher", quota: 0)]).isEmpty)
        // The college (XY) holds ZB1 too; its plan counts the admission.
        #expect(audit(admissions, [plan("XY", quota: 0)]).map(\.date.description) == ["2026-01-20"])
        // An audit as of a day before the approval does not count it.
        #expect(audit(admissions, [plan(quota: 0)], asOf: "2026-01-19").isEmpty)
    }

    /// The committee decides: a waiver of R25 in force on the approval date makes it waived.
    @Test(arguments: [("2026-07-20", Finding.Severity.waived), ("2026-07-19", .waived), ("2026-07-21", .violation)])
    func aRecordedWaiverOfTheQuotaIsWaived(waiverOn: String, severity: Finding.Severity) throws {
        let admissions = [try admission("1", approved: "2026-01-20"), try admission("2", approved: "2026-07-20", waiver: waiverOn)]
        let findings = audit(admissions, [plan(quota: 1)]).filter { $0.source == "plan-quota" }
        #expect(findings.map(\.severity) == [severity])
        if severity == .waived { #expect(findings.first?.found.contains("waived: 大学党委 on \(waiverOn)") == true) }
    }

    /// 突击发展: with a plan of 4 and a surge share of 50%, a third admission within a month of
    /// the first of three is a surge (3 > 2); on the day after the month it is not.
    @Test(arguments: [("2026-02-20", true), ("2026-02-21", false)])
    func aSurgeAgainstThePlan(third: String, surge: Bool) throws {
        let admissions = [try admission("1", approved: "2026-01-20"), try admission("2", approved: "2026-02-10"),
                          try admission("3", approved: third)]
        let findings = audit(admissions, [plan(quota: 4)])
        #expect(!findings.contains { $0.source == "plan-quota" })
        let surges = findings.filter { $0.source == "plan-surge" }
        #expect(surges.count == (surge ? 1 : 0))
        if let finding = surges.first {
            #expect(finding.rule == "R25")
            #expect(finding.severity == .violation)
            #expect(finding.date == day(third))
            #expect(finding.found == "3 admissions from 2026-01-20 to \(third) against 大学党委 (DW) 2026 student 年度发展计划 4 (突击发展)")
            #expect(finding.required == "at most 50.00% of the year's plan admitted within 1 month (a surge is at least 3 admissions)")
        }
    }

    @Test func aWaiverOfR25IsAccepted() throws {
        let history = PersonHistory(Lifecycle2014.entries.through("committee_talk")).history
        let verdict = engine.evaluate(step: "waiver", on: day("2026-01-10"),
                                      data: EventData(reason: "党委会研究同意", rule: "R25", approvedBy: "大学党委"),
                                      history: history, organizations: ReportsFixture.organizations)
        #expect(verdict.allowed, "\(verdict.failures.map(\.message))")
    }
}

import FazhanCore
import Testing

@testable import FazhanReports

/// The report's targets, plans and branch share on the statistics fixture, every figure worked
/// out by hand. On 2026-03-31 (2026Q1): student members 李华 (ZB1, approved 2026-01-20) and
/// 韦敏 (ZB3); student reserve 王强 (ZB2), 孙丽 (ZB1), 周杰 (ZB1 after his transfer); 赵工 (staff,
/// 硕士, JS) a member since 2025-01-15; 陈老师 withdrawn; 刘洋 not yet applied.
@Suite(.english) struct QuarterlyReportTests {
    let engine: Engine

    init() throws {
        engine = try ReportsFixture.engine("cpc-2014")
    }

    static func target(_ id: String, _ numerator: Target.Numerator, _ denominator: Target.Denominator, _ threshold: Target.Threshold) -> Target {
        Target(id: id, name: id, numerator: numerator, denominator: denominator, threshold: threshold, from: nil, to: nil, basis: nil,
               location: SourceLocation(file: "t.yaml", line: 1, column: 1))
    }

    static let studentMembers = target("members", .people(stages: ["probationary", "full_member"], category: "student", education: []),
                                       .enrolledStudents, .atLeast(basisPoints: 383))
    static let studentReserve = target("reserve", .people(stages: ["applicant", "activist", "candidate"], category: "student", education: []),
                                       .enrolledStudents, .atLeast(basisPoints: 4290))
    static let highKnowledge = target("knowledge", .people(stages: ["probationary", "full_member"], category: "staff", education: ["硕士"]),
                                      .staff, .increase(basisPoints: 500))
    static let strongest = target("strongest", .strongestBranches, .branches, .byYear([2025: 2000, 2026: 2000]))

    func report(_ code: String?, enrollment: [String: (students: Int, staff: Int?)],
                plans: [(organization: String, category: String, quota: Int)] = [],
                gradings: [(organization: String, strongest: Bool)] = []) throws -> QuarterlyReport {
        let builder = QuarterlyReportBuilder(
            period: try StatisticsPeriod.quarter("2026Q1"), organizations: StatisticsFixture.organizations, organizationCode: code,
            targets: [Self.studentMembers, Self.studentReserve, Self.highKnowledge, Self.strongest])
        return builder.build(StatisticsFixture.everyone.map { ($0, engine) }, title: "t", workflows: [engine.workflow]) { _ in
            ReportInputs(enrollment: enrollment, plans: plans, gradings: gradings)
        }
    }

    func result(_ report: QuarterlyReport, _ id: String) throws -> QuarterlyReport.TargetResult {
        try #require(report.targets.first { $0.id == id })
    }

    @Test func theDenominatorSumsTheCollegesWhenTheCommitteeHasNoCountOfItsOwn() throws {
        let report = try report("DW", enrollment: ["XY": (40, 20), "XY2": (10, 5)])
        let members = try result(report, "members")
        #expect(members.ratio == Ratio(2, of: 50))
        #expect(members.status == "met")
        #expect(members.shortfall == 0)
        #expect(members.message == "4.00%, target 3.83%: met")
        // 3 of 50 is 6.00%; 42.90% needs 22 (21 of 50 is 42.00%): 19 more.
        let reserve = try result(report, "reserve")
        #expect(reserve.ratio == Ratio(3, of: 50))
        #expect(reserve.shortfall == 19)
        #expect(reserve.message == "6.00%, target 42.90%: 19 more needed")
    }

    @Test func anOrganizationsOwnCountIsUsedAndNeverAddedToItsChildren() throws {
        let report = try report("DW", enrollment: ["DW": (60, 30), "XY": (40, 20), "XY2": (10, 5)])
        #expect(try result(report, "members").ratio == Ratio(2, of: 60))
        // Within 计算机学院: 李华 only, of 40: 2.50%, one more student member reaches 5.00%.
        let college = try result(try self.report("XY", enrollment: ["XY": (40, 20)]), "members")
        #expect(college.ratio == Ratio(1, of: 40))
        #expect(college.status == "short")
        #expect(college.shortfall == 1)
    }

    @Test func noEnrollmentMeansNoRatioNotACrash() throws {
        let members = try result(try report("DW", enrollment: [:]), "members")
        #expect(!members.ratio.isDefined)
        #expect(members.status == "n/a")
        #expect(members.message.contains("fazhan enrollment set"))
    }

    @Test func anIncreaseTargetComparesWithTheSameDayAYearEarlier() throws {
        // 赵工 was already a member on 2025-03-31: 1 of 20 then and now, no gain; 5 points of 20 is 1 person.
        let knowledge = try result(try report("XY", enrollment: ["XY": (40, 20)]), "knowledge")
        #expect(knowledge.ratio == Ratio(1, of: 20))
        #expect(knowledge.status == "short")
        #expect(knowledge.shortfall == 1)
        #expect(knowledge.message.contains("a year earlier 5.00%"))
    }

    @Test func plansCountAdmissionsApprovedSinceJanuaryFirstWithinTheOrganization() throws {
        let report = try report("DW", enrollment: [:], plans: [("DW", "student", 4), ("XY2", "student", 2), ("DW", "teacher", 1)])
        let byKey = Dictionary(uniqueKeysWithValues: report.plans.map { ("\($0.organization) \($0.category)", $0) })
        // 李华, approved 2026-01-20 at ZB1 (under DW).
        #expect(byKey["DW student"]?.admitted == 1)
        #expect(byKey["DW student"]?.completion.percentText == "25.00%")
        // 韦敏 was approved in 2025: not this year's plan.
        #expect(byKey["XY2 student"]?.admitted == 0)
        #expect(byKey["DW teacher"]?.admitted == 0)
        // A plan outside the report's organization is left out.
        let college = try self.report("XY2", enrollment: [:], plans: [("DW", "student", 4), ("XY2", "student", 2)])
        #expect(college.plans.map(\.organization) == ["XY2"])
    }

    /// R25: admissions beyond the annual plan are a red mark, not one more bar. 李华 is the one
    /// admission of 2026 under DW: a quota of 1 is met exactly, a quota of 0 is exceeded by 1.
    @Test(arguments: [(1, false, ""), (0, true, "超计划 +1")])
    func admissionsBeyondThePlanAreMarked(quota: Int, over: Bool, mark: String) throws {
        let report = try report("DW", enrollment: [:], plans: [("DW", "student", quota)])
        let plan = try #require(report.plans.first)
        #expect(plan.admitted == 1)
        #expect(plan.overPlan == over)
        #expect(plan.excess == (over ? 1 : 0))
        #expect(plan.mark == mark)
        let table = QuarterlyReportText.table(report)
        let csv = QuarterlyReportText.csv(report)
        let html = QuarterlyReportHTML.render(report)
        #expect(table.contains("over plan (R25)"))
        #expect(table.contains("超计划 +1") == over)
        #expect(csv.contains("超计划 +1") == over)
        #expect(html.contains("<tr class=\"over-plan\">") == over)
        #expect(html.contains("超计划 +1（超出年度发展计划）") == over)
        // Over the plan, no progress bar is drawn for the row.
        if over { #expect(!html.contains("class=\"progress\"")) } else { #expect(html.contains("class=\"progress\"")) }
    }

    @Test func theShareOfStrongestBranchesIsOfTheBranchesInScope() throws {
        let report = try report("DW", enrollment: [:], gradings: [("ZB1", true), ("ZB2", false), ("ZB3", true)])
        let share = try #require(report.branchShare)
        #expect(share.branches == 4)
        #expect(share.strongest == 2)
        #expect(share.ratio.percentText == "50.00%")
        #expect(share.status == "met")
        let college = try #require(try self.report("XY2", enrollment: [:], gradings: [("ZB1", true)]).branchShare)
        #expect(college.branches == 1)
        #expect(college.strongest == 0)
        #expect(college.status == "short")
    }

    @Test func theTargetChartCoversTheLastSixQuartersEndingWithThisOne() throws {
        let report = try report("DW", enrollment: ["DW": (60, 30)])
        let points = report.targetHistory.filter { $0.target == "members" }
        #expect(points.map(\.period) == ["2024Q4", "2025Q1", "2025Q2", "2025Q3", "2025Q4", "2026Q1"])
        #expect(points.last?.ratio == Ratio(2, of: 60))
        // On 2025-12-31 韦敏 was the only student member (李华 was approved in January).
        #expect(points[4].ratio == Ratio(1, of: 60))
    }

    @Test(arguments: [("大学本科", true), ("本科", true), ("硕士研究生", true), ("大专", true), ("高中", false), ("中专", false)])
    func higherEducationMatchesTheUsualWordings(_ education: String, _ counted: Bool) {
        #expect(BreakdownRules().isHigherEducation(education) == counted)
    }

    @Test func theTextAndCSVRenderingsCarryEverySection() throws {
        let report = try report("DW", enrollment: ["DW": (60, 30)], plans: [("DW", "student", 4)], gradings: [("ZB1", true)])
        let text = QuarterlyReportText.table(report)
        for title in ["Stocks on 2026-03-31", "Flows 2026-01-01 to 2026-03-31", "Targets", "Development plans 2026", "最强党支部 2026",
                      "Breakdowns", "By organization"] {
            #expect(text.contains(title), "\(title)")
        }
        #expect(text.contains("3.33%"))
        let csv = QuarterlyReportText.csv(report)
        #expect(csv.hasPrefix(CSVWriter.byteOrderMark))
        #expect(csv.contains("\r\n"))
    }
}

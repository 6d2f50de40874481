import FazhanCore
import Testing

@testable import FazhanReports

/// What audits, agendas and the quarterly report say in Chinese (the default); the suites written
/// before check the English, which is unchanged.
@Suite struct ChineseTextTests {
    func english<T>(_ body: () throws -> T) rethrows -> T {
        try Language.$current.withValue(.en) { try body() }
    }

    // MARK: - Audit findings

    @Test(arguments: [("2024-10-10", nil), ("2024-10-11", 1), ("2024-11-10", 31)] as [(String, Int?)])
    func aLateFirstTalk(talked: String, missedBy: Int?) throws {
        let findings = try AuditTests().audit([Entry("submit_application", "2024-09-10"), Entry("initial_talk", talked)], asOf: "2025-06-30")
        #expect(findings.first?.missedByDays == missedBy)
        guard let finding = findings.first else { return }
        #expect(finding.found == "递交入党申请书（2024-09-10），党组织派人谈话（\(talked)）")
        #expect(finding.required == "递交入党申请书后 1 个月内党组织派人谈话")
        #expect(finding.severity == .late)
        #expect(Catalogue.severity(finding.severity) == "逾期")
        #expect(english { Catalogue.severity(finding.severity) } == "late")
    }

    @Test func aFirstTalkNotYetHeld() throws {
        let findings = try AuditTests().audit([Entry("submit_application", "2024-09-10")], asOf: "2024-12-31")
        #expect(findings.first?.found == "递交入党申请书（2024-09-10），截至 2024-12-31 没有党组织派人谈话")
    }

    @Test func aReplayedGuardIsFoundInChinese() throws {
        // Born 2006-09-11: a day short of 18 on the application.
        let findings = try AuditTests().audit([Entry("submit_application", "2024-09-10")], asOf: "2024-09-10", born: "2006-09-11")
        let finding = try #require(findings.first { $0.rule == "R1" })
        #expect(finding.severity == .violation)
        #expect(Catalogue.severity(.violation) == "违规")
        #expect(finding.found == "2024-09-10 时 17 周岁（2006-09-11 出生）")
        #expect(finding.required == "递交入党申请书（2024-09-10）时年满 18 周岁")
    }

    @Test func severityWordsKeepTheirCodes() throws {
        #expect(Finding.Severity.allCases.map { Catalogue.severity($0) } == ["违规", "逾期", "已豁免", "暂定"])
        #expect(english { Finding.Severity.allCases.map { Catalogue.severity($0) } } == Finding.Severity.allCases.map(\.rawValue))
    }

    @Test func aSurgeAgainstThePlan() throws {
        let tests = try PlanAuditTests()
        let admissions = [try tests.admission("1", approved: "2026-01-20"), try tests.admission("2", approved: "2026-02-10"),
                          try tests.admission("3", approved: "2026-02-20")]
        let finding = try #require(tests.audit(admissions, [tests.plan(quota: 4)]).first { $0.source == "plan-surge" })
        #expect(finding.found == "2026-01-20 至 2026-02-20 接收 3 名，对照大学党委（DW）2026 年学生年度发展计划 4 名（突击发展）")
        #expect(finding.required == "1 个月内接收的不超过年度计划的 50.00%（至少 3 名才算突击发展）")
    }

    // MARK: - Agenda

    @Test func agendaDetailsAndKinds() throws {
        let tests = try AgendaTests()
        let talk = try #require(tests.agenda([Entry("submit_application", "2026-03-02")], asOf: "2026-03-05").first)
        #expect(talk.detail == "自 2026-03-02 起 1 个月")
        let probation = try #require(tests.agenda(Lifecycle2014.entries.through("submit_conversion_application"), asOf: "2026-12-05").first)
        #expect(probation.kind == .probationEnds)
        #expect(probation.detail == "2026-12-05 预备期满；应召开支部大会讨论转正")
        #expect(Catalogue.agendaKind(.probationEnds) == "预备期满")
        #expect(Catalogue.agendaKind(.noticeEnds) == "公示期满")
        #expect(english { Catalogue.agendaKind(.noticeEnds) } == "公示 ends")
        #expect(english { Catalogue.agendaKind(.probationEnds) } == "probation ends")
        let eligible = try #require(tests.agenda(AgendaTests.activist, asOf: "2026-02-20").first { $0.kind == .eligible })
        #expect(eligible.detail == "2026-03-10 起可成为发展对象（R7）")
    }

    @Test func aNoticeEndingOnTheAgenda() throws {
        let person = [
            Entry("submit_application", "2025-09-01"), Entry("initial_talk", "2025-09-10"),
            Entry("public_notice", "2026-03-02", EventData(node: "activist", from: day("2026-03-02"), to: day("2026-03-06"))),
        ]
        let notice = try #require(try AgendaTests().agenda(person, asOf: "2026-03-06").first { $0.kind == .noticeEnds })
        #expect(notice.detail == "公示（确定入党积极分子）2026-03-02 至 2026-03-06")
    }

    // MARK: - The quarterly report

    @Test func theReportsTablesAndCSVInChinese() throws {
        let report = try QuarterlyReportTests().report("DW", enrollment: ["XY": (40, 20), "XY2": (10, 5)], plans: [("DW", "student", 0)])
        let members = try #require(report.targets.first { $0.id == "members" })
        #expect(members.status == "met")
        #expect(members.message == "4.00%，目标 3.83%：达标")
        let knowledge = try #require(report.targets.first { $0.id == "knowledge" })
        #expect(knowledge.message.contains("目标提高 5.00 个百分点"))
        let table = QuarterlyReportText.table(report)
        #expect(table.hasPrefix("t：大学党委，2026Q1（2026-01-01 至 2026-03-31）\n规则："))
        for text in ["== 2026-03-31 各阶段人数", "== 2026-01-01 至 2026-03-31 进出情况", "== 目标", "== 2026 年度发展计划", "超计划（R25）",
                     "接收预备党员（按审批日期）", "35 岁及以下", "== 按组织", "达标"] {
            #expect(table.contains(text), "\(text)")
        }
        for text in ["Stocks on", "Flows", "Targets", "over plan", "students", "applications"] {
            #expect(!table.contains(text), "\(text)")
        }
        let csv = QuarterlyReportText.csv(report)
        #expect(csv.hasPrefix("\u{FEFF}部分,t,大学党委,2026Q1"))  // Excel reads UTF-8 by the BOM
        // Under English, the tables as before.
        let englishTable = english { QuarterlyReportText.table(report) }
        #expect(englishTable.contains("== Stocks on 2026-03-31"))
        #expect(englishTable.contains("over plan (R25)"))
    }

    @Test func theHTMLStatusIsChineseOnly() throws {
        #expect(Catalogue.statusCell("met") == "✔ 达标")
        #expect(Catalogue.statusCell("short") == "✘ 未达标")
        #expect(english { Catalogue.statusCell("short") } == "✘ 未达标 (short)")
        #expect(Catalogue.targetStatus("n/a") == "无法判定")
        #expect(english { Catalogue.targetStatus("n/a") } == "n/a")
    }

    @Test func aPeriodThatIsNotOne() {
        #expect(throws: StatisticsPeriod.ParseError(text: "2026Q5", reason: "季度须为 1 至 4")) { _ = try StatisticsPeriod(parsing: "2026Q5") }
        #expect(StatisticsPeriod.ParseError(text: "2026Q5", reason: Catalogue.quarterRange).description == "\"2026Q5\" 不是统计期：季度须为 1 至 4")
        #expect(english { StatisticsPeriod.ParseError(text: "2026Q5", reason: Catalogue.quarterRange).description }
            == "\"2026Q5\" is not a statistics period: the quarter must be 1 to 4")
    }
}

import Foundation
import Testing
@testable import FazhanCore

/// What the guards say in Chinese (the default), and that the same check still says it in
/// English under `.en`, word for word as before.
@Suite struct GuardChineseTests {
    let engine: Engine

    init() throws {
        engine = try EngineFixture.cpc2014()
    }

    func english<T>(_ body: () throws -> T) rethrows -> T {
        try Language.$current.withValue(.en) { try body() }
    }

    // MARK: R1 age, at the edge (a day short of 18)

    @Test func ageADayShortOf18InBothLanguages() throws {
        let person = HistoryBuilder(born: "2008-03-15")
        let zh = try #require(engine.evaluate("submit_application", on: "2026-03-14", person).check("application-age"))
        #expect(!zh.passed)
        #expect(zh.found == "2026-03-14 时 17 周岁（2008-03-15 出生）")
        #expect(zh.required == "递交入党申请书（2026-03-14）时年满 18 周岁")
        #expect(zh.message.hasPrefix("R1 "))
        #expect(zh.message.hasSuffix("：查到 2026-03-14 时 17 周岁（2008-03-15 出生）；要求 递交入党申请书（2026-03-14）时年满 18 周岁；2026-03-15 起可通过"))

        let en = try #require(english { engine.evaluate("submit_application", on: "2026-03-14", person).check("application-age") })
        #expect(en.found == "17 years on 2026-03-14 (born 2008-03-15)")
        #expect(en.required == "age at least 18 full years on 递交入党申请书 on 2026-03-14")
        #expect(en.message.hasSuffix(": found \(en.found); required \(en.required); can pass from 2026-03-15"))
        // The verdict itself does not depend on the language.
        #expect((zh.passed, zh.earliest, zh.rule, zh.guardID) == (en.passed, en.earliest, en.rule, en.guardID))
    }

    @Test func noBirthDate() throws {
        let check = try #require(engine.evaluate("submit_application", on: "2026-03-01", HistoryBuilder(born: nil)).check("application-age"))
        #expect(check.found == "未记录本人的出生日期")
    }

    // MARK: R7 one year as an activist: units in Chinese, dates ISO

    @Test func oneYearAsAnActivistSaysYearsInChinese() throws {
        var person = HistoryBuilder()
        person.record("submit_application", "2024-01-10")
        person.record("designate_activist", "2025-06-30")
        let check = try #require(engine.evaluate("designate_candidate", on: "2025-12-31", person).check("candidate-one-year"))
        #expect(!check.passed)
        #expect(check.earliest == civil("2026-06-30"))
        #expect(check.found == "推荐和确定入党积极分子（2025-06-30），确定发展对象（2025-12-31）")
        #expect(check.required == "从推荐和确定入党积极分子到确定发展对象（2025-12-31）至少 1 年（最早 2026-06-30）")
        #expect(!check.required.contains("year"))
    }

    // MARK: R14 majority of 应到, and R13/R15

    @Test func majorityOfThoseWhoShouldAttend() throws {
        var person = HistoryBuilder()
        person.record("admission_meeting", "2026-01-31", EventData(expected: 9, present: 6, votesFor: 4, against: 2))
        let verdict = engine.evaluate("admission_approval", on: "2026-02-15", person)
        let majority = try #require(verdict.check("admission-majority"))
        #expect(!majority.passed)
        #expect(majority.found == "支部大会讨论（2026-01-31）：赞成 4，应到 9（实到 6）")
        #expect(majority.required == "(赞成 + 书面赞成) × 2 > 应到：应到 9 人中至少 5 人赞成，按应到人数计，不按实到人数")
        #expect(majority.message.hasPrefix("R14 支部大会表决：查到 "))
        let quorum = try #require(verdict.check("admission-quorum"))
        #expect(quorum.found == "支部大会讨论（2026-01-31）：应到 9，实到 6")
    }

    @Test func aBranchOfTwo() throws {
        var person = HistoryBuilder()
        person.record("admission_meeting", "2026-01-31", EventData(expected: 2, present: 2, votesFor: 2))
        let branch = try #require(engine.evaluate("admission_approval", on: "2026-02-15", person).check("admission-small-branch"))
        #expect(!branch.passed)
        #expect(branch.found == "支部大会讨论（2026-01-31）：有表决权的正式党员 2 名（应到）")
        #expect(branch.required == "支部至少有 3 名正式党员")
    }

    // MARK: R17 within 3 months, at most 6 with a reason: the day after each limit

    @Test(arguments: [
        ("2026-04-30", true, "支部大会讨论（2026-01-31），上级党委审批（2026-04-30）"),
        ("2026-05-01", false, "支部大会讨论（2026-01-31），上级党委审批（2026-05-01），晚于 2026-04-30 且未说明理由"),
        ("2026-08-01", false, "支部大会讨论（2026-01-31），上级党委审批（2026-08-01），晚于最长期限 2026-07-31"),
    ])
    func approvalWindow(approved: String, passes: Bool, found: String) throws {
        var person = HistoryBuilder()
        person.record("admission_meeting", "2026-01-31", EventData(expected: 9, present: 8, votesFor: 8))
        let check = try #require(engine.evaluate("admission_approval", on: approved, person).check("admission-window"))
        #expect(check.passed == passes)
        #expect(check.found == found)
        #expect(check.required.hasPrefix("支部大会讨论后 3 个月内上级党委审批（有理由的至多 6 个月，--reason）：不晚于 2026-04-30"))
        if !passes { #expect(check.required.hasSuffix("，有理由的不晚于 2026-07-31")) }
    }

    // MARK: Ordering: no rule, and the basis without English

    @Test func aSecondApplicationIsAnOrderingProblem() throws {
        var person = HistoryBuilder()
        let first = person.record("submit_application", "2024-09-10")
        let stage = try #require(engine.evaluate("submit_application", on: "2025-03-01", person).check("order.stage"))
        #expect(!stage.passed)
        #expect(stage.citesNoRule)
        #expect(stage.found == "已于 2024-09-10 记录（事件 #\(first)）")
        #expect(stage.required == "递交入党申请书只记录一次，且是第一步")
        #expect(stage.message.hasPrefix("步骤顺序（顺序问题，不是规则）：查到 已于 2024-09-10 记录"))
        #expect(stage.basis == "顺序问题，不是规则：流程的步骤和阶段有先后")
        let english = try #require(english { engine.evaluate("submit_application", on: "2025-03-01", person).check("order.stage") })
        #expect(english.basis.hasSuffix("（an ordering problem, not a rule）"))
        #expect(english.message.hasPrefix("步骤顺序（顺序问题，不是规则）: found already recorded on 2024-09-10"))
    }

    @Test func aStepBeforeAnyApplication() throws {
        let stage = try #require(engine.evaluate("designate_activist", on: "2025-03-01", HistoryBuilder()).check("order.stage"))
        #expect(stage.found == "尚无阶段（未记录入党申请）")
    }

    // MARK: A quiet check that passes writes nothing, in either language

    @Test func anAuditWritesNoTextForPassingChecks() throws {
        let person = HistoryBuilder(born: "2000-05-20")
        let exceptions = engine.exceptions(step: "submit_application", on: civil("2026-03-01"), history: person.history,
                                           organizations: EngineFixture.organizations)
        #expect(exceptions.isEmpty)
        let verdict = engine.evaluate("submit_application", on: "2026-03-01", person)
        #expect(verdict.allowed)
        #expect(verdict.check("application-age")?.found == "2026-03-01 时 25 周岁（2000-05-20 出生）")
    }

    // MARK: A guard in a few words, for diagrams

    @Test func guardSummaries() throws {
        let workflow = engine.workflow
        let year = try #require(workflow.guards(on: "designate_candidate").first { $0.id == "candidate-one-year" })
        #expect(year.summary(in: workflow) == "R7 推荐和确定入党积极分子后 ≥ 1 年")
        #expect(english { year.summary(in: workflow) } == "R7 ≥ 1 year after 推荐和确定入党积极分子")
        let window = try #require(workflow.guards(on: "admission_approval").first { $0.id == "admission-window" })
        #expect(window.summary(in: workflow) == "R17 最近一次支部大会讨论后 3 个月内（有理由的 ≤ 6 个月）")
        #expect(english { window.summary(in: workflow) } == "R17 within 3 months of last 支部大会讨论 (≤ 6 months with reason)")
    }

    // MARK: Durations

    @Test(arguments: [
        (Duration(1, .years), "1 年", "1 year"), (Duration(3, .months), "3 个月", "3 months"),
        (Duration(5, .workingDays), "5 个工作日", "5 working days"), (Duration(1, .days), "1 天", "1 day"),
    ])
    func durations(length: Duration, zh: String, en: String) {
        #expect(Catalogue.duration(length) == zh)
        #expect(english { Catalogue.duration(length) } == en)
        #expect(length.description == en)
    }
}

/// 公示 in Chinese: working days, and a period reaching a year with no calendar.
@Suite struct PublicNoticeChineseTests {
    let engine: Engine

    init() throws {
        engine = try EngineFixture.engine(yaml: NoticeWorkflow.yaml)
    }

    func person(notice from: String, to: String) -> HistoryBuilder {
        var person = HistoryBuilder()
        person.record("submit_application", "2026-01-10")
        person.record("public_notice", from, EventData(node: "activist", from: civil(from), to: civil(to)))
        return person
    }

    @Test func fourWorkingDaysAreTooFew() throws {
        let check = try #require(engine.evaluate("designate_activist", on: "2026-03-09", person(notice: "2026-03-02", to: "2026-03-05"))
            .check("activist-notice"))
        #expect(!check.passed)
        #expect(check.found == "公示 2026-03-02 至 2026-03-05：4 个工作日；只有 4 个工作日")
        #expect(check.required.hasPrefix("公示（确定入党积极分子）至少 5 个工作日，在推荐和确定入党积极分子（2026-03-09）之前结束"))
        let english = try #require(Language.$current.withValue(.en) {
            engine.evaluate("designate_activist", on: "2026-03-09", person(notice: "2026-03-02", to: "2026-03-05")).check("activist-notice")
        })
        #expect(english.found == "公示 2026-03-02 to 2026-03-05: 4 working days; only 4 working days")
    }

    @Test func aNoticeReachingAYearWithNoCalendarIsProvisional() throws {
        let check = try #require(engine.evaluate("designate_activist", on: "2027-01-06", person(notice: "2026-12-28", to: "2027-01-05"))
            .check("activist-notice"))
        #expect(check.passed)
        #expect(check.provisional)
        #expect(check.found == "公示 2026-12-28 至 2027-01-05：7 个工作日")
        #expect(check.message.hasSuffix("（暂定：部分期间没有工作日日历）"))
    }

    @Test func aNoticeNotYetEnded() throws {
        let check = try #require(engine.evaluate("designate_activist", on: "2026-03-06", person(notice: "2026-03-02", to: "2026-03-06"))
            .check("activist-notice"))
        #expect(!check.passed)
        #expect(check.found == "公示 2026-03-02 至 2026-03-06：5 个工作日；2026-03-06 结束，不早于 2026-03-06")
        #expect(check.earliest == civil("2026-03-07"))
    }
}

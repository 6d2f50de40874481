import Testing

@testable import FazhanCore

/// The errors a person meets recording a step, importing a file or giving a number, in Chinese
/// (the default); under English they read as before.
@Suite struct ErrorsChineseTests {
    let engine: Engine

    init() throws {
        engine = try EngineFixture.cpc2014()
    }

    @Test func recordingProblemsAtOnce() {
        let (person, _) = Lifecycle.recorded(through: "submit_application")
        let data = EventData(expected: 5, present: 6, votesFor: 5, against: 1, abstain: 1, writtenFor: 1)
        #expect(engine.problems("admission_meeting", on: "2027-07-01", data, person) == [
            "2027-07-01 是将来的日期（今天是 2027-06-30）；步骤发生之后再记录",
            "实到 6 多于应到 5",
            "赞成 + 反对 + 弃权 = 7，多于实到的 6 人（每人一票）",
        ])
        let english = Language.$current.withValue(.en) { engine.problems("admission_meeting", on: "2027-07-01", data, person) }
        #expect(english.first == "2027-07-01 is in the future (today is 2027-06-30); record a step once it has happened")
    }

    @Test func aVoteWithoutItsCounts() {
        let (person, _) = Lifecycle.recorded(through: "submit_application")
        let problems = engine.problems("admission_meeting", on: "2025-12-05", EventData(), person)
        #expect(problems.contains { $0.hasSuffix("需要表决结果：--expected（应到）、--present（实到）、--for（赞成），有反对、弃权的加 --against/--abstain") })
    }

    @Test func anUnknownStepIsADataProblem() {
        let verdict = engine.evaluate(step: "become_secretary", on: civil("2025-06-01"), history: HistoryBuilder().history,
                                      organizations: EngineFixture.organizations)
        let check = verdict.checks[0]
        #expect(check.found == "流程 cpc-2014 中没有步骤 \"become_secretary\"")
        #expect(check.message == "数据（数据问题，不是规则）：查到 流程 cpc-2014 中没有步骤 \"become_secretary\"；要求 流程中的步骤")
    }

    // MARK: - Numbers out of their range, at the edges

    @Test(arguments: [(-1, "--for 不能为负数（现为 -1）：会议的票数和人数的范围是 0 至 10000"),
                      (10_001, "--for 10001 超出范围：会议的票数和人数的范围是 0 至 10000")])
    func aNumberOutOfItsRange(value: Int, problem: String) {
        #expect(Bounds.votes.problem("--for", 10_000) == nil)
        #expect(Bounds.votes.problem("--for", value) == problem)
        #expect(Language.$current.withValue(.en) { Bounds.votes.problem("--for", 10_001) }
            == "--for 10001 is out of range: votes and members at a meeting are 0 to 10000")
    }

    @Test func aHorizonTooFar() {
        #expect(throws: BoundError("--within 3661d 超出范围：待办事项向前查看的天数的范围是 0 至 3660（十年）")) {
            _ = try Horizon(parsing: "3661d", field: "--within")
        }
        #expect((try? Horizon(parsing: "3660d", field: "--within"))?.days == 3_660)
    }

    // MARK: - Imported files

    @Test func importProblemsNameTheLineAndColumn() throws {
        #expect(ImportProblem(line: 5, column: "日期", message: Catalogue.noSuchDay("2026-02-30")).description
            == "第 5 行，日期：2026-02-30 不是真实的日期（没有这一天）")
        do {
            _ = try CellParser.date("2026-02-30")
            Issue.record("2026-02-30 was read as a date")
        } catch {
            #expect(error.message == "2026-02-30 不是真实的日期（没有这一天）")
        }
        let plan = try ImportParsingTests.plan("2022010101,张伟,递交入党申请书,2027-03-01,,,,,,,,,,\n")
        #expect(plan.problems.map(\.description) == ["第 2 行，日期：2027-03-01 是将来的日期（今天是 2026-11-20）"])
    }

    @Test func aHeaderWithAnUnknownColumn() {
        do {
            _ = try ImportParsingTests.sheet("学号,姓名,颜色\n1,张三,红\n", RosterImport.columns)
            Issue.record("an unknown column was accepted")
        } catch {
            #expect("\(error)".hasPrefix("第 1 行（表头）：未知的列 \"颜色\""))
            #expect("\(error)".contains("\n可用的列："))
        }
    }
}

import Testing

@testable import FazhanCore

/// Rosters and legacy histories read from CSV, checked row by row without a database.
@Suite(.english) struct ImportParsingTests {
    static let today = CivilDate("2026-11-20")!
    static let organizations = Array(EngineFixture.organizations.byID.values) + [
        Organization(id: 5, code: "JG1", name: "教工第一党支部", kind: .branch, parentID: EngineFixture.generalBranchID,
                     category: .teacher, canApprove: false),
        Organization(id: 6, code: "ZB9", name: "本科生第一党支部", kind: .branch, parentID: EngineFixture.generalBranchID,
                     category: .student, canApprove: false),
    ]

    static func sheet(_ text: String, _ columns: [ImportColumn]) throws -> ImportSheet {
        try ImportSheet(rows: try CSVReader.rows(text), columns: columns)
    }

    // MARK: - Headers

    @Test func headersMatchInChineseOrEnglishIgnoringCaseSpacesAndMarks() throws {
        let sheet = try Self.sheet("学号*, Name ,ORGANIZATION,Birth_Date,身份证号码,\n1,张三,ZB1,2003-01-01,,\n", RosterImport.columns)
        #expect(sheet.has("number") && sheet.has("name") && sheet.has("organization") && sheet.has("birth") && sheet.has("idNumber"))
        #expect(sheet.title("name") == "Name", "messages name the column as the file writes it")
        #expect(sheet.title("gender") == "性别", "a column the file lacks is named by its usual header")
        #expect(sheet.cell("name", in: sheet.rows[0]) == "张三")
        #expect(sheet.cell("gender", in: sheet.rows[0]) == "")
    }

    @Test func theApostropheOurExportPutsBeforeAFormulaIsTakenOffAndOnlyThatOne() throws {
        let sheet = try Self.sheet("学号,姓名,所在组织,当前阶段,阶段起始\n1,'=1+2,ZB1,入党积极分子,2024-01-01\n2,'-5,ZB1,,\n3,'张三,ZB1,,\n",
                                   RosterImport.columns)
        #expect(sheet.cell("name", in: sheet.rows[0]) == "=1+2")
        #expect(sheet.cell("name", in: sheet.rows[1]) == "-5")
        #expect(sheet.cell("name", in: sheet.rows[2]) == "'张三", "an apostrophe before anything else is the person's own text")
        #expect(sheet.has("stage") && sheet.has("stageSince"), "the export's read-only columns are accepted")
    }

    @Test func unknownRepeatedAndMissingColumnsAreAllReportedWithTheAcceptedOnes() throws {
        do {
            _ = try Self.sheet("学号,工号,手机号,邮箱\n1,2,3,4\n", RosterImport.columns)
            Issue.record("a header with unknown and missing columns was accepted")
        } catch let error as ImportHeaderError {
            let text = error.description
            #expect(text.contains("unknown columns \"手机号\", \"邮箱\""), "\(text)")
            #expect(text.contains("\"工号\" and \"学号\" are the same column"), "\(text)")
            #expect(text.contains("no column for 姓名/name, 所在组织/"), "\(text)")
            #expect(text.contains("accepted columns: 学号/工号/编号/学号/工号/学工号/number (required), 姓名/name (required)"), "\(text)")
            #expect(text.contains("身份证号/身份证号码/公民身份号码"), "\(text)")
        }
        #expect(throws: ImportHeaderError.self) { try Self.sheet("", RosterImport.columns) }
    }

    @Test func sharedColumnsGiveTheFirstNonEmptyCell() throws {
        let sheet = try Self.sheet("学号,步骤,日期,培养联系人,入党介绍人\n1,assign_introducers,2024-01-01,,\"王一,李二\"\n", EventImport.columns)
        #expect(sheet.cell("names", in: sheet.rows[0]) == "王一,李二")
    }

    // MARK: - Cells

    @Test(arguments: ["2023-03-01", "2023-3-1", "2023/3/1", "2023.03.01", "2023年3月1日", "20230301"])
    func datesAreReadAsExcelWritesThem(text: String) throws {
        #expect(try CellParser.date(text) == CivilDate("2023-03-01"))
    }

    @Test func impossibleDaysAndNonDatesAreToldApart() {
        do {
            _ = try CellParser.date("2026-02-30")
            Issue.record("2026-02-30 was read")
        } catch {
            #expect(error.message.contains("not a real date"))
        }
        for text in ["2026-13", "三月", "26-1-1", "2026-1-1-1"] {
            do {
                _ = try CellParser.date(text)
                Issue.record("\(text) was read as a date")
            } catch {
                #expect(error.message.contains("is not a date"), "\(text): \(error.message)")
            }
        }
    }

    @Test func categoriesParseAsPersonAddDoesAndInChinese() throws {
        #expect(try PersonFields.category("student") == .student)
        #expect(try PersonFields.category("学生") == .student)
        #expect(try PersonFields.category("教职工") == .teacher)
        #expect(try PersonFields.category("teacher") == .teacher)
        #expect(try PersonFields.category("职工") == .staff)
        #expect(throws: CellProblem.self) { try PersonFields.category("老师傅") }
        #expect(try PersonFields.level("硕士研究生") == .master)
        #expect(try PersonFields.grade("2022级") == 2022)
        #expect(try CellParser.yesNo("是") && !(try CellParser.yesNo("否")))
    }

    // MARK: - Rosters

    static let rosterHeader = "学号,姓名,所在组织,类别,性别,出生日期,民族,层次,年级,共青团员,身份证号\n"

    @Test func aGoodRosterReadsEveryField() throws {
        let sheet = try Self.sheet(Self.rosterHeader + """
            2022010101,张伟,ZB1,学生,男,2003-05-02,汉族,本科,2022,是,110105200305020117
            2022010103,陈𠮷,ZB1,,,,回族,本科,2022级,否,640104200311300358
            T2001,欧阳明,JG1,,男,1985-09-10,,,,,
            """, RosterImport.columns)
        let reading = RosterImport.read(sheet, organizations: Self.organizations, today: Self.today)
        #expect(reading.problems.isEmpty, "\(reading.problems)")
        try #require(reading.entries.count == 3)
        let first = reading.entries[0]
        #expect(first.line == 2 && first.name == "张伟" && first.organization.code == "ZB1" && first.category == .student)
        #expect(first.gender == .male && first.birthDate == CivilDate("2003-05-02") && first.level == .undergraduate)
        #expect(first.grade == 2022 && first.leagueMember == true && first.idNumber == "110105200305020117")
        let second = reading.entries[1]
        #expect(second.birthDate == CivilDate("2003-11-30") && second.gender == .male, "taken from the ID number")
        #expect(second.category == .student, "taken from the organization")
        #expect(second.leagueMember == false)
        #expect(reading.entries[2].category == .teacher, "a teachers' branch gives teachers")
        #expect(reading.entries[2].leagueMember == nil)
    }

    @Test func everyBadRowIsListedWithItsLineAndColumn() throws {
        let sheet = try Self.sheet(Self.rosterHeader + """
            2023001,赵一,NOPE,学生,,,,,,,
            2023002,钱二,ZB1,学生,,2026-02-30,,,,,
            2023003,孙三,ZB1,学生,,2027-01-01,,,,,
            2023004,李四,ZB1,学生,,,,,,,110105200305020118
            2023004,周五,ZB1,学生,,,,,,,
            2023006,吴六,DW,,,,,,,,
            2023007,,本科生第一党支部,学生,女,2003-05-02,,,,,110105200305020117
            2023008,王八,ZB1,教师,,,,本科,,也许,
            """, RosterImport.columns)
        let reading = RosterImport.read(sheet, organizations: Self.organizations, today: Self.today)
        #expect(reading.entries.isEmpty, "\(reading.entries)")
        let found = reading.problems.map { "\($0.line) \($0.column ?? "-")" }
        #expect(found == [
            "2 所在组织", "3 出生日期", "4 出生日期", "5 身份证号", "6 学号", "7 类别", "8 姓名", "8 所在组织",
            "8 身份证号", "9 层次", "9 共青团员",
        ], "\(reading.problems)")
        let text = reading.problems.map(\.description).joined(separator: "\n")
        #expect(text.contains("line 2, 所在组织: no organization \"NOPE\""), "\(text)")
        #expect(text.contains("line 3, 出生日期: 2026-02-30 is not a real date"), "\(text)")
        #expect(text.contains("line 4, 出生日期: 2027-01-01 is in the future"), "\(text)")
        #expect(text.contains("line 5, 身份证号: 110*************18 is not a valid ID number"), "\(text)")
        #expect(!text.contains("110105200305020118"), "ID numbers are masked in messages")
        #expect(text.contains("line 6, 学号: 2023004 is already on line 5"), "\(text)")
        #expect(text.contains("line 7, 类别: empty, and DW (大学党委) does not say"), "\(text)")
        #expect(text.contains("several organizations are named 本科生第一党支部 (ZB1, ZB9)") || text.contains("(ZB9, ZB1)"), "\(text)")
        #expect(text.contains("gives the gender male"), "\(text)")
        #expect(text.contains("a level (本科/硕士/博士) applies to students only"), "\(text)")
    }

    @Test func registeredPeopleAreAlreadyPresentOrADifferenceNamed() throws {
        let sheet = try Self.sheet(Self.rosterHeader + """
            2022010101,张伟,ZB1,学生,男,2003-05-02,,,,,
            2022010102,李䶮,ZB1,学生,女,,,,,,
            2022010104,新人,ZB1,学生,,,,,,,
            """, RosterImport.columns)
        let reading = RosterImport.read(sheet, organizations: Self.organizations, today: Self.today)
        let existing = [
            "2022010101": PersonProfile(id: 1, number: "2022010101", name: "张伟", category: .student, organizationID: 4,
                                        gender: .male, birthDate: CivilDate("2003-05-02"), ethnicity: "汉族", workflowVersion: 1),
            "2022010102": PersonProfile(id: 2, number: "2022010102", name: "李岩", category: .student, organizationID: 5,
                                        workflowVersion: 1),
        ]
        let plan = RosterImport.plan(reading.entries, existing: existing, organizations: Self.organizations, sheet: sheet)
        #expect(plan.present.map(\.number) == ["2022010101"], "a blank cell (民族) says nothing against the registration")
        #expect(plan.new.map(\.number) == ["2022010104"])
        try #require(plan.problems.count == 1)
        #expect(plan.problems[0].line == 3)
        #expect(plan.problems[0].column == "姓名, 所在组织, 性别")
        #expect(plan.problems[0].message.contains("number 2022010102 is already registered as 李岩 (JG1, student)"), "\(plan.problems)")
        #expect(plan.problems[0].message.contains("姓名 李䶮 (registered: 李岩)"), "\(plan.problems)")
        #expect(plan.problems[0].message.contains("性别 female (registered: none)"), "\(plan.problems)")
    }

    @Test func numbersExcelHasShortenedAreNamed() throws {
        let sheet = try Self.sheet("学号,姓名,所在组织,身份证号\n2.02201E+09,张三,ZB1,1.10105E+17\n", RosterImport.columns)
        let reading = RosterImport.read(sheet, organizations: Self.organizations, today: Self.today)
        #expect(reading.problems.map(\.column) == ["学号", "身份证号"], "\(reading.problems)")
        #expect(reading.problems.allSatisfy { $0.message.contains("Excel has shortened") }, "\(reading.problems)")
        #expect(!CellParser.isScientificNotation("2023E01"))
        #expect(!CellParser.isScientificNotation("110105200305020117"))
    }

    @Test func cellsBeyondTheHeaderAreAProblem() throws {
        let sheet = try Self.sheet("学号,姓名,所在组织\n2023001,张三,ZB1,多余\n2023002,李四,ZB1,,\n", RosterImport.columns)
        let reading = RosterImport.read(sheet, organizations: Self.organizations, today: Self.today)
        #expect(reading.problems.map(\.line) == [2], "\(reading.problems)")
        #expect(reading.entries.map(\.number) == ["2023002"], "empty trailing cells (as Excel writes them) are fine")
    }

    // MARK: - Histories

    static func people() -> [String: PersonProfile] {
        [
            "2022010101": PersonProfile(id: 1, number: "2022010101", name: "张伟", category: .student, organizationID: 4, workflowVersion: 1),
            "2022010102": PersonProfile(id: 2, number: "2022010102", name: "李䶮", category: .student, organizationID: 4, workflowVersion: 1),
        ]
    }

    static func plan(_ body: String, existing: [Int64: [Event]] = [:]) throws -> EventImport.Plan {
        let workflow = try EngineFixture.cpc2014().workflow
        let sheet = try Self.sheet("学号,姓名,步骤,日期,应到,实到,赞成,反对,弃权,推荐方式,人员,结果,转入组织,备注\n" + body, EventImport.columns)
        return EventImport.plan(sheet, people: people(), workflows: [1: workflow], existing: existing,
                                organizations: organizations, today: today)
    }

    @Test func stepsByIdOrNameInDateOrderPerPerson() throws {
        let plan = try Self.plan("""
            2022010102,,submit_application,2023-03-01,,,,,,,,,,
            2022010101,张伟,递交入党申请书,2023-03-01,,,,,,,,,,
            2022010102,,确定发展对象,2023-10-10,,,,,,,,,,
            2022010102,,designate_activist,2023-04-10,,,,,,,,,,
            2022010102,,thought_report,2023-04-10,,,,,,,,,,第一份
            2022010101,张伟,推优或党员推荐,2023-09-01,,,,,,团组织推优,,,,
            2022010101,张伟,指定培养联系人,2023-09-20,,,,,,,"王老师,李老师",,,
            2022010101,张伟,培养教育考察,2024-03-11,,,,,,,,通过,,
            2022010101,张伟,组织关系转接,2024-04-01,,,,,,,,,教工第一党支部,
            """)
        #expect(plan.problems.isEmpty, "\(plan.problems)")
        #expect(plan.batches.map(\.person.number) == ["2022010102", "2022010101"], "people in the order they first appear")
        #expect(plan.batches[0].entries.map(\.step) == ["submit_application", "designate_activist", "thought_report", "designate_candidate"],
                "by date; the same date in file order")
        let zhang = plan.batches[1].entries
        #expect(zhang.map(\.step) == ["submit_application", "recommendation", "assign_mentors", "activist_assessment", "transfer"])
        #expect(zhang[1].data.method == "league")
        #expect(zhang[2].data.names == ["王老师", "李老师"])
        #expect(zhang[3].data.result == .pass)
        #expect(zhang[4].data.organization == "JG1", "an organization by name is stored by its code")
        #expect(plan.batches[0].entries[2].data.note == "第一份")
        #expect(plan.newCount == 9 && plan.present == 0)
    }

    /// The columns of issue 14's data: who held the committee talk and in which role (R16), the
    /// expected departure (R12), the committee's vote on the approval (R17). Legacy rows may
    /// lack the talk's holder and the vote; given, each needs its partner.
    @Test func theTalksHolderTheDepartureAndTheCommitteesVoteAreRead() throws {
        let workflow = try EngineFixture.cpc2014().workflow
        let header = "学号,步骤,日期,谈话人,谈话人身份,预计离开日期,应到,实到,赞成\n"
        func plan(_ body: String) throws -> EventImport.Plan {
            EventImport.plan(try Self.sheet(header + body, EventImport.columns), people: Self.people(), workflows: [1: workflow],
                             existing: [:], organizations: Self.organizations, today: Self.today)
        }
        let read = try plan("""
            2022010101,submit_application,2023-03-01,,,,,,
            2022010101,预计离开本单位,2023-09-01,,,2025年7月1日,,,
            2022010101,committee_talk,2024-12-16,王组织员,组织员,,,,
            2022010102,submit_application,2023-03-01,,,,,,
            2022010102,上级党委派人谈话,2024-12-16,,,,,,
            2022010102,上级党委审批,2025-01-10,,,,11,10,9
            """)
        #expect(read.problems.isEmpty, "\(read.problems)")
        let zhang = read.batches[0].entries
        #expect(zhang[1].data.leavingOn == CivilDate("2025-07-01"))
        #expect(zhang[2].data.heldBy == "王组织员" && zhang[2].data.heldByRole == "organizer")
        let li = read.batches[1].entries
        #expect(li[1].data.heldBy == nil, "a legacy talk without its holder is read")
        #expect(li[2].data.expected == 11 && li[2].data.votesFor == 9)
        let bad = try plan("""
            2022010101,submit_application,2023-03-01,,,,,,
            2022010101,committee_talk,2024-12-16,王组织员,主任,,,,
            2022010101,committee_talk,2024-12-17,王组织员,,,,,
            2022010101,expected_departure,2023-09-01,,,,,,
            2022010101,admission_approval,2025-01-10,,,,11,,9
            """)
        #expect(bad.problems.map(\.line) == [3, 4, 5, 6], "\(bad.problems)")
    }

    @Test func eventsAlreadyRecordedAreSkippedAndRepeatsInTheFileRefused() throws {
        let recorded = Event(id: 7, personID: 1, step: "submit_application", date: CivilDate("2023-03-01")!, recordedAt: "t",
                             recordedBy: "u", workflowVersion: 1, imported: true)
        let plan = try Self.plan("""
            2022010101,,submit_application,2023-03-01,,,,,,,,,,
            2022010101,,initial_talk,2023-03-20,,,,,,,,,,
            2022010101,,党组织派人谈话,2023-03-20,,,,,,,,,,
            2022010101,,initial_talk,2023-03-20,,,,,,,,,,另一次
            """, existing: [1: [recorded]])
        #expect(plan.present == 1)
        #expect(plan.problems.map(\.line) == [4], "\(plan.problems)")
        #expect(plan.problems.first?.message.contains("the same event as line 3") == true, "\(plan.problems)")
        #expect(plan.batches.first?.entries.map(\.line) == [3, 5], "a different note is a different event")
    }

    @Test func everyBadEventRowIsListedWithItsLineAndColumn() throws {
        let plan = try Self.plan("""
            2022010101,,thought_report,2026-12-01,,,,,,,,,,
            2022010101,,思想汇报,2025-02-30,,,,,,,,,,
            2022010101,,no_such_step,2025-01-01,,,,,,,,,,
            9999999,,thought_report,2025-01-01,,,,,,,,,,
            2022010101,李四,thought_report,2025-01-02,,,,,,,,,,
            2022010102,,支部大会讨论,2025-01-01,9,8,7,2,0,,,,,
            2022010102,,支部大会讨论,2025-01-02,9,10,7,0,0,,,,,
            2022010102,,支部大会讨论,2025-01-03,,,,,,,,,,
            2022010102,,recommendation,2025-01-04,,,,,,自荐,,,,
            2022010102,,transfer,2025-01-05,,,,,,,,,NOPE,
            2022010102,,political_review,2025-01-06,,,,,,,,,,
            2022010102,,thought_report,2025-01-07,-1,,,,,,,,,
            2022010101,,thought_report,2025-01-08,,,,,,,,,,
            """)
        let found = plan.problems.map { "\($0.line) \($0.column ?? "-")" }
        #expect(found == [
            "2 日期", "3 日期", "4 步骤", "5 学号", "6 姓名", "7 赞成", "8 实到", "9 应到", "9 实到", "9 赞成",
            "10 推荐方式", "11 转入组织", "12 结果", "13 应到",
        ], "\(plan.problems)")
        let text = plan.problems.map(\.description).joined(separator: "\n")
        #expect(text.contains("line 2, 日期: 2026-12-01 is in the future (today is 2026-11-20)"), "\(text)")
        #expect(text.contains("line 3, 日期: 2025-02-30 is not a real date"), "\(text)")
        #expect(text.contains("line 4, 步骤: unknown step \"no_such_step\" in workflow cpc-2014"), "\(text)")
        #expect(text.contains("line 5, 学号: no person with number 9999999"), "\(text)")
        #expect(text.contains("line 6, 姓名: number 2022010101 is 张伟, not 李四"), "\(text)")
        #expect(text.contains("line 7, 赞成: 赞成 + 反对 + 弃权 = 9, more than the 8 present"), "\(text)")
        #expect(text.contains("line 8, 实到: 实到 10 is more than 应到 9"), "\(text)")
        #expect(text.contains("line 9, 应到: empty: 支部大会讨论 (admission_meeting) needs"), "\(text)")
        #expect(text.contains("line 11, 转入组织: no organization \"NOPE\""), "\(text)")
        #expect(text.contains("line 13, 应到: \"-1\" is not a count"), "\(text)")
        #expect(plan.unknownStepWorkflows == ["cpc-2014"])
        #expect(plan.newCount == 1, "only the good row would be imported, were it not for the others")
    }
}

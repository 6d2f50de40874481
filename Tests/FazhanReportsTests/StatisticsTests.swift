import FazhanCore
import FazhanReports
import Foundation
import Testing

/// Quarterly member-development statistics on cpc-2014, for the people of `StatisticsFixture`,
/// every figure worked out by hand.
@Suite struct StatisticsTests {
    let engine: Engine

    init() throws {
        engine = try ReportsFixture.engine("cpc-2014")
    }

    func build(_ period: String, _ histories: [History] = StatisticsFixture.everyone) throws -> QuarterlyStatistics {
        let builder = StatisticsBuilder(period: try StatisticsPeriod(parsing: period), organizations: StatisticsFixture.organizations)
        return builder.build(histories.map { ($0, engine) })
    }

    func figures(_ statistics: QuarterlyStatistics, _ code: String, alone: Bool = false,
                 sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> OrganizationFigures {
        try #require(statistics.figures(for: code, includingSubordinates: !alone), "no figures for \(code)", sourceLocation: sourceLocation)
    }

    /// Non-zero stocks by stage: `["applicant": 1, ...]`.
    func stock(_ figures: OrganizationFigures) -> [String: Int] {
        Dictionary(uniqueKeysWithValues: figures.stock.filter { $0.counts.total > 0 }.map { ($0.stage, $0.counts.total) })
    }

    /// Non-zero flows by stage entered.
    func entered(_ figures: OrganizationFigures) -> [String: Int] {
        Dictionary(uniqueKeysWithValues: figures.entered.filter { $0.counts.total > 0 }.map { ($0.stage, $0.counts.total) })
    }

    // MARK: - Stage roles from the workflow

    @Test func stageRolesComeFromTheWorkflow() {
        let roles = StageRoles(workflow: engine.workflow)
        #expect(roles.initial == ["applicant"])
        #expect(roles.admission == ["probationary"])
        #expect(roles.final == ["full_member"])
        #expect(roles.exits == ["withdrawn", "cancelled", "transferred_out"])
        #expect(roles.members == ["probationary", "full_member"])
        #expect(roles.reserve == ["applicant", "activist", "candidate"])
    }

    @Test func stagesAreListedInTheWorkflowsOrder() throws {
        let statistics = try build("2026Q1")
        #expect(statistics.stages.map(\.id) == [
            "applicant", "activist", "candidate", "probationary", "full_member", "withdrawn", "cancelled", "transferred_out",
        ])
        #expect(statistics.stages.map(\.role) == [.reserve, .reserve, .reserve, .member, .member, .exit, .exit, .exit])
        #expect(statistics.stages.first?.name == "入党申请人")
        // Exit stages are flows only.
        #expect(statistics.overall.stock.map(\.stage) == ["applicant", "activist", "candidate", "probationary", "full_member"])
        #expect(statistics.histories == 8)
    }

    // MARK: - Stocks at the quarter's end

    @Test func stocksAtTheQuarterEndByOrganization() throws {
        let statistics = try build("2026Q1")
        #expect(stock(try figures(statistics, "ZB1")) == ["applicant": 1, "candidate": 1, "probationary": 1])
        #expect(stock(try figures(statistics, "ZB2")) == ["activist": 1])
        #expect(stock(try figures(statistics, "JS")) == ["full_member": 1])
        #expect(stock(try figures(statistics, "ZB3")) == ["probationary": 1])
        // Nobody is held directly by a committee or a general branch.
        for code in ["DW", "XY", "ZZ", "XY2"] {
            #expect(stock(try figures(statistics, code, alone: true)) == [:], "\(code)")
        }
    }

    @Test func stocksRollUpToAnyOrganization() throws {
        let statistics = try build("2026Q1")
        #expect(stock(try figures(statistics, "ZZ")) == ["applicant": 1, "activist": 1, "candidate": 1, "probationary": 1])
        #expect(stock(try figures(statistics, "XY")) == [
            "applicant": 1, "activist": 1, "candidate": 1, "probationary": 1, "full_member": 1,
        ])
        #expect(stock(try figures(statistics, "XY2")) == ["probationary": 1])
        let university = try figures(statistics, "DW")
        #expect(stock(university) == ["applicant": 1, "activist": 1, "candidate": 1, "probationary": 2, "full_member": 1])
        #expect(university.members == CategoryCounts(student: 2, staff: 1))
        #expect(university.reserve == CategoryCounts(student: 3))
        #expect(university.stock("full_member") == CategoryCounts(staff: 1))
        #expect(university.stock(["probationary", "full_member"]).total == 3)
        #expect(statistics.overall.members == university.members)
        #expect(stock(statistics.overall) == stock(university))
        #expect(statistics.figures(for: "NOPE") == nil)
    }

    @Test func stocksByCategory() throws {
        let statistics = try build("2025Q4")
        let college = try figures(statistics, "XY")
        // 2025-12-31: 陈老师 an applicant (teacher), 赵工 still probationary (staff), 王强 an activist and
        // 李华 a candidate (students).
        #expect(college.stock("applicant") == CategoryCounts(teacher: 1))
        #expect(college.stock("activist") == CategoryCounts(student: 1))
        #expect(college.stock("candidate") == CategoryCounts(student: 1))
        #expect(college.stock("probationary") == CategoryCounts(staff: 1))
        #expect(college.members == CategoryCounts(staff: 1))
        #expect(college.reserve == CategoryCounts(student: 2, teacher: 1))
    }

    @Test func aPersonWithNoApplicationYetIsNotCounted() throws {
        // 刘洋 applies on 2026-04-10.
        let q1 = try build("2026Q1", [StatisticsFixture.liu])
        #expect(stock(q1.overall) == [:])
        #expect(q1.overall.applications.total == 0)
        let q2 = try build("2026Q2", [StatisticsFixture.liu])
        #expect(stock(q2.overall) == ["applicant": 1])
        #expect(q2.overall.applications == CategoryCounts(student: 1))
    }

    // MARK: - Flows within the quarter

    @Test func flowsWithinTheQuarter() throws {
        let statistics = try build("2026Q1")
        let university = try figures(statistics, "DW")
        #expect(entered(university) == ["applicant": 1, "probationary": 1, "full_member": 1, "withdrawn": 1])
        #expect(university.applications == CategoryCounts(student: 1))
        #expect(university.admissions == CategoryCounts(student: 1))
        #expect(university.conversions == CategoryCounts(staff: 1))
        #expect(university.entered("withdrawn") == CategoryCounts(teacher: 1))
        #expect(university.exits == CategoryCounts(teacher: 1))
        #expect(university.extensions == CategoryCounts(student: 1))
        #expect(entered(try figures(statistics, "ZB1")) == ["applicant": 1, "probationary": 1])
        #expect(entered(try figures(statistics, "JS")) == ["full_member": 1, "withdrawn": 1])
        #expect(try figures(statistics, "ZB3").extensions.total == 1)
        #expect(try figures(statistics, "XY").extensions.total == 0)
    }

    @Test func conversionCountsByApprovalNotByTheEndOfProbation() throws {
        // 赵工's probation ended 2025-12-20 (the day full membership takes effect), but the
        // conversion was approved on 2026-02-10.
        let q4 = try build("2025Q4", [StatisticsFixture.zhao])
        #expect(stock(q4.overall) == ["probationary": 1])
        #expect(q4.overall.conversions.total == 0)
        let q1 = try build("2026Q1", [StatisticsFixture.zhao])
        #expect(stock(q1.overall) == ["full_member": 1])
        #expect(q1.overall.conversions == CategoryCounts(staff: 1))
    }

    @Test func anAdmissionVotedInOneQuarterAndApprovedInTheNext() throws {
        // 李华: admission meeting 2025-12-05, approval 2026-01-20.
        let q4 = try build("2025Q4")
        let branchQ4 = try figures(q4, "ZB1")
        #expect(branchQ4.stock("candidate") == CategoryCounts(student: 1))
        #expect(branchQ4.stock("probationary").total == 0)
        #expect(q4.overall.admissions.total == 0)
        #expect(q4.overall.newMembers.total == 0)
        // Candidates entered in 2025Q4: 李华 at ZB1 (2025-10-16), 周杰 at ZB3 (2025-11-20).
        #expect(entered(q4.overall) == ["applicant": 1, "candidate": 2])
        #expect(entered(branchQ4) == ["candidate": 1])

        let q1 = try build("2026Q1")
        let branchQ1 = try figures(q1, "ZB1")
        #expect(branchQ1.admissions == CategoryCounts(student: 1))
        #expect(branchQ1.stock("probationary") == CategoryCounts(student: 1))
        #expect(q1.overall.admissions.total == 1)
    }

    @Test func aTransferMidQuarterCountsAtTheNewOrganization() throws {
        // 王强: ZB1 → ZB2 on 2026-02-15, within 学生党总支.
        let statistics = try build("2026Q1", [StatisticsFixture.wangQiang])
        let from = try figures(statistics, "ZB1")
        let to = try figures(statistics, "ZB2")
        #expect(stock(from) == [:])
        #expect(stock(to) == ["activist": 1])
        #expect(from.transfersOut == CategoryCounts(student: 1))
        #expect(from.transfersIn.total == 0)
        #expect(to.transfersIn == CategoryCounts(student: 1))
        #expect(to.transfersOut.total == 0)
        // Within the general branch the move is internal.
        let general = try figures(statistics, "ZZ")
        #expect(general.transfersIn.total == 0)
        #expect(general.transfersOut.total == 0)
        #expect(stock(general) == ["activist": 1])
        // In the quarter before, he was at ZB1.
        let before = try build("2025Q4", [StatisticsFixture.wangQiang])
        #expect(stock(try figures(before, "ZB1")) == ["activist": 1])
        #expect(try figures(before, "ZB1").transfersOut.total == 0)
    }

    @Test func transfersBetweenSubtreesRollUp() throws {
        let statistics = try build("2026Q1")
        // 周杰: ZB3 (数学学院) → ZB1 (计算机学院) on 2026-03-01; 王强 ZB1 → ZB2.
        let branch = try figures(statistics, "ZB1", alone: true)
        #expect(branch.transfersIn == CategoryCounts(student: 1))
        #expect(branch.transfersOut == CategoryCounts(student: 1))
        for code in ["ZZ", "XY"] {
            let rolledUp = try figures(statistics, code)
            #expect(rolledUp.transfersIn == CategoryCounts(student: 1), "\(code)")
            #expect(rolledUp.transfersOut.total == 0, "\(code)")
        }
        let math = try figures(statistics, "XY2")
        #expect(math.transfersOut == CategoryCounts(student: 1))
        #expect(math.transfersIn.total == 0)
        #expect(try figures(statistics, "ZB3").stock("candidate").total == 0)
        #expect(try figures(statistics, "ZB1").stock("candidate") == CategoryCounts(student: 1))
        let university = try figures(statistics, "DW")
        #expect(university.transfersIn.total == 0)
        #expect(university.transfersOut.total == 0)
    }

    @Test func aPersonWithdrawnInTheQuarterIsAFlowNotAStock() throws {
        // 陈老师 withdrew on 2026-03-10.
        let statistics = try build("2026Q1", [StatisticsFixture.chen])
        let branch = try figures(statistics, "JS")
        #expect(stock(branch) == [:])
        #expect(branch.members.total + branch.reserve.total == 0)
        #expect(entered(branch) == ["withdrawn": 1])
        #expect(branch.exits == CategoryCounts(teacher: 1))
        // The quarter before, an applicant.
        let before = try build("2025Q4", [StatisticsFixture.chen])
        #expect(stock(try figures(before, "JS")) == ["applicant": 1])
        #expect(try figures(before, "JS").applications == CategoryCounts(teacher: 1))
    }

    @Test func flowsCountBothEndsOfThePeriod() throws {
        let first = StatisticsFixture.person(20, "甲", .student, at: "ZB1", [Entry("submit_application", "2026-01-01")])
        let last = StatisticsFixture.person(21, "乙", .student, at: "ZB1", [Entry("submit_application", "2026-03-31")])
        let after = StatisticsFixture.person(22, "丙", .student, at: "ZB1", [Entry("submit_application", "2026-04-01")])
        let before = StatisticsFixture.person(23, "丁", .student, at: "ZB1", [Entry("submit_application", "2025-12-31")])
        let statistics = try build("2026Q1", [first, last, after, before])
        #expect(statistics.overall.applications.total == 2)
        #expect(statistics.overall.stock("applicant").total == 3)
    }

    // MARK: - Breakdowns

    @Test func memberStockBreakdown() throws {
        let breakdown = try build("2026Q1").overall.memberStock
        // 李华 (probationary), 赵工 (full member), 韦敏 (probationary) on 2026-03-31.
        #expect(breakdown.total == 3)
        #expect(breakdown.male == 1)
        #expect(breakdown.female == 2)
        #expect(breakdown.genderUnknown == 0)
        #expect(breakdown.ethnicMinority == 1)
        #expect(breakdown.ethnicityUnknown == 0)
        #expect(breakdown.higherEducation == 2)
        #expect(breakdown.educationUnknown == 0)
        #expect(AgeBand.allCases.map { breakdown.count($0) } == [2, 0, 1, 0, 0, 0, 0, 0])
        #expect(breakdown.ageUnknown == 0)
        #expect(breakdown.thirtyFiveAndUnder == 2)
        #expect(breakdown.categories == CategoryCounts(student: 2, staff: 1))
        #expect(breakdown.count(.undergraduate) == 1)
        #expect(breakdown.count(.master) == 1)
        #expect(breakdown.count(.doctoral) == 0)
        #expect(breakdown.count(grade: 2023) == 1)
        #expect(breakdown.count(grade: 2024) == 1)
        #expect(breakdown.studentLevelUnknown == 0)
        #expect(breakdown.studentGradeUnknown == 0)
        // Per organization, adding up.
        #expect(try figures(try build("2026Q1"), "XY").memberStock.total == 2)
        #expect(try figures(try build("2026Q1"), "XY2").memberStock.ethnicMinority == 1)
    }

    @Test func newMembersBreakdown() throws {
        let statistics = try build("2026Q1")
        let breakdown = statistics.overall.newMembers
        #expect(breakdown.total == 1)
        #expect(breakdown.female == 1)
        #expect(breakdown.count(.upTo30) == 1)
        #expect(breakdown.thirtyFiveAndUnder == 1)
        #expect(breakdown.categories == CategoryCounts(student: 1))
        #expect(breakdown.count(.undergraduate) == 1)
        #expect(breakdown.count(grade: 2024) == 1)
        #expect(breakdown.higherEducation == 0)
        #expect(try figures(statistics, "ZB1").newMembers.total == 1)
        #expect(try figures(statistics, "XY2").newMembers.total == 0)
    }

    @Test func educationAndEthnicityFollowTheRules() throws {
        let people = [
            StatisticsFixture.person(30, "甲", .staff, at: "JS", ethnicity: "汉族", education: "大专", memberEntries),
            StatisticsFixture.person(31, "乙", .staff, at: "JS", ethnicity: "回族", education: "研究生", memberEntries),
            StatisticsFixture.person(32, "丙", .staff, at: "JS", ethnicity: " ", education: "中专", memberEntries),
            StatisticsFixture.person(33, "丁", .staff, at: "JS", memberEntries),
        ]
        let breakdown = try build("2026Q1", people).overall.memberStock
        #expect(breakdown.total == 4)
        #expect(breakdown.ethnicMinority == 1)
        #expect(breakdown.ethnicityUnknown == 2)
        #expect(breakdown.higherEducation == 2)
        #expect(breakdown.educationUnknown == 1)
        #expect(breakdown.genderUnknown == 4)
        #expect(breakdown.ageUnknown == 4)
        #expect(breakdown.thirtyFiveAndUnder == 0)

        // The set counted as 大专及以上 is configuration.
        let strict = StatisticsBuilder(period: try .quarter("2026Q1"), organizations: StatisticsFixture.organizations,
                                       breakdownRules: BreakdownRules(higherEducation: ["研究生"]))
        #expect(strict.build(people.map { ($0, engine) }).overall.memberStock.higherEducation == 1)
    }

    /// A member since 2021 (full member from 2022-06-20).
    let memberEntries = [
        Entry("submit_application", "2020-01-10"),
        Entry("designate_activist", "2020-03-01"),
        Entry("designate_candidate", "2021-03-10"),
        Entry("admission_meeting", "2021-06-01", StatisticsFixture.vote),
        Entry("admission_approval", "2021-06-20"),
        Entry("conversion_meeting", "2022-06-05", StatisticsFixture.vote),
        Entry("conversion_approval", "2022-06-20"),
    ]

    @Test(arguments: [
        ("1995-04-01", AgeBand.upTo30),      // 30 on 2026-03-31
        ("1995-03-31", AgeBand.from31To35),  // 31 that day
        ("1990-04-01", AgeBand.from31To35),  // 35
        ("1990-03-31", AgeBand.from36To40),  // 36
        ("1965-04-01", AgeBand.from56To60),  // 60
        ("1965-03-31", AgeBand.from61),      // 61
    ])
    func ageBandsOnThePeriodsLastDay(born: String, band: AgeBand) throws {
        let member = StatisticsFixture.person(40, "甲", .teacher, at: "JS", born: born, memberEntries)
        let breakdown = try build("2026Q1", [member]).overall.memberStock
        #expect(breakdown.count(band) == 1)
        #expect(AgeBand.allCases.map { breakdown.count($0) }.reduce(0, +) == 1)
        #expect(breakdown.ageUnknown == 0)
    }

    @Test func ageBandEdges() {
        #expect(AgeBand(age: 18) == .upTo30)
        #expect(AgeBand(age: 30) == .upTo30)
        #expect(AgeBand(age: 31) == .from31To35)
        #expect(AgeBand(age: 35) == .from31To35)
        #expect(AgeBand(age: 36) == .from36To40)
        #expect(AgeBand(age: 40) == .from36To40)
        #expect(AgeBand(age: 41) == .from41To45)
        #expect(AgeBand(age: 46) == .from46To50)
        #expect(AgeBand(age: 51) == .from51To55)
        #expect(AgeBand(age: 55) == .from51To55)
        #expect(AgeBand(age: 56) == .from56To60)
        #expect(AgeBand(age: 60) == .from56To60)
        #expect(AgeBand(age: 61) == .from61)
        #expect(AgeBand(age: 95) == .from61)
        #expect(AgeBand.allCases.map(\.rawValue) == ["≤30", "31-35", "36-40", "41-45", "46-50", "51-55", "56-60", "≥61"])
    }

    @Test func anUnknownBirthDateIsCountedApart() throws {
        let member = StatisticsFixture.person(41, "甲", .teacher, at: "JS", born: nil, memberEntries)
        let breakdown = try build("2026Q1", [member]).overall.memberStock
        #expect(breakdown.ageUnknown == 1)
        #expect(AgeBand.allCases.map { breakdown.count($0) }.reduce(0, +) == 0)
    }

    @Test func thirtyFiveAndUnderIsTheAgeAtAdmissionApproval() throws {
        func admitted(_ id: Int64, born: String) -> History {
            StatisticsFixture.person(id, "甲", .teacher, at: "JS", born: born, [
                Entry("submit_application", "2024-01-10"),
                Entry("designate_activist", "2024-03-01"),
                Entry("designate_candidate", "2025-03-10"),
                Entry("admission_meeting", "2026-02-20", StatisticsFixture.vote),
                Entry("admission_approval", "2026-03-10"),
            ])
        }
        // 35 on 2026-03-10, 36 from 2026-03-20; and 36 already on 2026-03-05.
        let statistics = try build("2026Q1", [admitted(50, born: "1990-03-20"), admitted(51, born: "1990-03-05")])
        let breakdown = statistics.overall.newMembers
        #expect(breakdown.total == 2)
        #expect(breakdown.thirtyFiveAndUnder == 1)
        #expect(breakdown.count(.from36To40) == 2)
        // In the stock on 2026-03-31 both are 36.
        #expect(statistics.overall.memberStock.thirtyFiveAndUnder == 0)
    }

    // MARK: - Reproducibility

    @Test func aPastQuarterIsReproducedAfterLaterEvents() throws {
        let before = try build("2026Q1")
        var wang = PersonHistoryEditor(StatisticsFixture.wangQiang)
        wang.append("withdrawal", "2026-04-20", EventData(reason: "停止培养"))
        var zhao = PersonHistoryEditor(StatisticsFixture.zhao)
        zhao.append("transfer", "2026-05-01", EventData(organization: "ZB3"))
        var li = PersonHistoryEditor(StatisticsFixture.liHua)
        li.append("transfer", "2026-04-01", EventData(organization: "ZB2"))
        var sun = PersonHistoryEditor(StatisticsFixture.sun)
        sun.append("designate_activist", "2026-06-01")
        let histories = [li.history, wang.history, StatisticsFixture.chen, zhao.history, StatisticsFixture.wei,
                         StatisticsFixture.liu, sun.history, StatisticsFixture.zhou]
        let after = try build("2026Q1", histories)
        #expect(after == before)
        #expect(try JSONOutput.render(after) == JSONOutput.render(before))

        // The later events do count in their own quarter.
        let q2 = try build("2026Q2", histories)
        #expect(q2.overall.entered("withdrawn") == CategoryCounts(student: 1))
        #expect(try figures(q2, "ZB2").stock("probationary") == CategoryCounts(student: 1))
        #expect(try figures(q2, "XY").transfersOut == CategoryCounts(staff: 1))
        #expect(q2.overall.entered("activist") == CategoryCounts(student: 1))
    }

    @Test func eventsRecordedLongAfterButDatedInThePeriodCount() throws {
        // A withdrawal dated 2026-03-10 but recorded after events of later dates.
        var wang = PersonHistoryEditor(StatisticsFixture.wangQiang)
        wang.append("withdrawal", "2026-03-10", EventData(reason: "本人撤回申请"))
        let statistics = try build("2026Q1", [wang.history])
        #expect(statistics.overall.entered("withdrawn") == CategoryCounts(student: 1))
        #expect(stock(statistics.overall) == [:])
        // Counted at ZB2, where the transfer of 2026-02-15 put him.
        #expect(entered(try figures(statistics, "ZB2")) == ["withdrawn": 1])
    }

    // MARK: - JSON

    @Test func encodesInAStableOrder() throws {
        let statistics = try build("2026Q1")
        #expect(statistics.organizationFigures.map { $0.organization?.code } == ["DW", "XY", "JS", "ZZ", "ZB1", "ZB2", "XY2", "ZB3"])
        let json = try JSONOutput.render(statistics)
        #expect(json == (try JSONOutput.render(try self.build("2026Q1", StatisticsFixture.everyone.reversed()))))
        #expect(json.contains("\"label\" : \"2026Q1\""))
        #expect(json.contains("\"from\" : \"2026-01-01\""))
        #expect(json.contains("\"band\" : \"≤30\""))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let overall = try #require(object["overall"] as? [String: Any])
        let admissions = try #require(overall["admissions"] as? [String: Int])
        #expect(admissions == ["student": 1, "teacher": 0, "staff": 0, "other": 0, "total": 1])
        let stock = try #require(overall["stock"] as? [[String: Any]])
        #expect(stock.map { $0["stage"] as? String } == ["applicant", "activist", "candidate", "probationary", "full_member"])
        #expect(stock.map { $0["total"] as? Int } == [1, 1, 1, 2, 1])
    }

    // MARK: - Ratio targets on the statistics

    @Test func studentRatiosAgainstTheTargets() throws {
        let statistics = try build("2026Q1")
        let university = try figures(statistics, "DW")
        let enrolled = 100
        // Student members: 李华 and 韦敏; the reserve: 孙丽, 王强, 周杰.
        let members = statistics.ratio(of: statistics.roles.members, category: .student, in: university, to: enrolled)
        #expect(members == Ratio(2, of: 100))
        let target = try #require(Percent("3.83%"))
        #expect(members.meets(threshold: target) == false)
        #expect(members.shortfall(to: target) == 2)  // 4 of 100 reach 3.83%
        let reserve = statistics.ratio(of: statistics.roles.reserve, category: .student, in: university, to: enrolled)
        #expect(reserve == Ratio(3, of: 100))
        let reserveTarget = try #require(Percent("42.90%"))
        #expect(reserve.shortfall(to: reserveTarget) == 40)  // 43 of 100
        let assessment = reserve.assessed(against: reserveTarget)
        #expect(assessment.status == .short)
        #expect(assessment.shortfall == 40)
        let noStudents = statistics.ratio(of: statistics.roles.members, category: .student, in: university, to: 0)
        #expect(noStudents.assessed(against: target).status == .notApplicable)
    }
}

/// Appends events to a fixture history, with ids after its own, the way the store records a
/// later event.
struct PersonHistoryEditor {
    private(set) var history: History

    init(_ history: History) {
        self.history = history
    }

    mutating func append(_ step: String, _ date: String, _ data: EventData = EventData()) {
        let id = (history.events.map(\.id).max() ?? 0) + 1
        history.append(Event(id: id, personID: history.person.id, step: step, date: day(date), recordedAt: "2026-09-01T09:00:00Z",
                             recordedBy: "组织委员", data: data, workflowVersion: 1))
    }
}

// MARK: - Ratios and percentages

extension StatisticsTests {
    /// Exact ratios against targets given as decimal percentages.
    @Suite struct Ratios {
        @Test func aRatioExactlyAtItsThresholdMeetsIt() throws {
            let target = try #require(Percent("3.83%"))
            let ratio = Ratio(383, of: 10000)
            #expect(ratio.meets(threshold: target) == true)
            #expect(ratio.shortfall(to: target) == 0)
            #expect(ratio.percentText == "3.83%")
            #expect(ratio.assessed(against: target).status == .met)
        }

        @Test func onePersonShort() throws {
            let target = try #require(Percent("3.83%"))
            let ratio = Ratio(382, of: 10000)
            #expect(ratio.meets(threshold: target) == false)
            #expect(ratio.shortfall(to: target) == 1)
            #expect(Ratio(100, of: 10000).shortfall(to: target) == 283)
            #expect(Ratio(500, of: 10000).shortfall(to: target) == 0)
        }

        @Test func aThresholdBetweenTwoCountsNeedsTheNextWholePerson() throws {
            let target = try #require(Percent("42.9%"))
            // 42.9% of 7 is 3.003: 3 of 7 is short by one, 4 of 7 meets.
            #expect(Ratio(3, of: 7).meets(threshold: target) == false)
            #expect(Ratio(3, of: 7).shortfall(to: target) == 1)
            #expect(Ratio(4, of: 7).meets(threshold: target) == true)
            #expect(Ratio(429, of: 1000).meets(threshold: target) == true)
            #expect(Ratio(428, of: 1000).shortfall(to: target) == 1)
            // 1/3 is above 33.33% and below 33.34%.
            #expect(Ratio(1, of: 3).meets(threshold: try #require(Percent("33.33%"))) == true)
            #expect(Ratio(1, of: 3).shortfall(to: try #require(Percent("33.34%"))) == 1)
            #expect(Ratio(0, of: 5).shortfall(to: try #require(Percent("100%"))) == 5)
            #expect(Ratio(0, of: 5).meets(threshold: try #require(Percent("0%"))) == true)
        }

        @Test func aZeroDenominatorIsNotApplicable() throws {
            let target = try #require(Percent("3.83%"))
            let ratio = Ratio(0, of: 0)
            #expect(ratio.percentText == "n/a")
            #expect(ratio.meets(threshold: target) == nil)
            #expect(ratio.shortfall(to: target) == nil)
            #expect(ratio.assessed(against: target).status == .notApplicable)
            #expect(Ratio(3, of: 0).percentText == "n/a")
            #expect(try JSONOutput.render(ratio.assessed(against: target)).contains("\"status\" : \"n/a\""))
        }

        @Test(arguments: [
            (383, 10000, "3.83%"),
            (1, 3, "33.33%"),
            (2, 3, "66.67%"),
            (1, 8, "12.50%"),
            (1, 32, "3.13%"),     // 3.125: half up
            (1, 160, "0.63%"),    // 0.625
            (1, 64, "1.56%"),     // 1.5625
            (1, 16, "6.25%"),
            (5, 8, "62.50%"),
            (7, 6, "116.67%"),
            (0, 5, "0.00%"),
            (1, 1, "100.00%"),
            (1, 40000, "0.00%"),  // 0.0025
            (1, 20000, "0.01%"),  // 0.005: half up
            (2, 7, "28.57%"),
        ])
        func percentRoundsHalfUpToTwoDecimals(numerator: Int, denominator: Int, text: String) {
            #expect(Ratio(numerator, of: denominator).percentText == text)
        }

        @Test func percentParsesExactly() throws {
            let target = try #require(Percent("3.83%"))
            #expect(target.numerator == 383)
            #expect(target.denominator == 10000)
            #expect(target.basisPoints == 383)
            let reserve = try #require(Percent("42.9%"))
            #expect(reserve.numerator == 429)
            #expect(reserve.denominator == 1000)
            #expect(reserve.basisPoints == 4290)
            #expect(Percent("42.90%") == reserve)
            #expect(Percent(" 42.9% ") == reserve)
            #expect(Percent("42.9％") == reserve)
            #expect(Percent("20%") == Percent(numerator: 1, denominator: 5))
            #expect(Percent("3.125%")?.basisPoints == nil)
            #expect(reserve.description == "42.90%")
            #expect(Percent("3.125%")?.description == "3.125%")
            #expect(Percent("0%")?.description == "0.00%")
        }

        @Test(arguments: ["3.83", "", "%", "abc%", "-1%", "+1%", "1.%", ".5%", "1.2.3%", "1e2%", "3,83%", "1234567%", "1.0000000001%"])
        func percentRejects(_ text: String) {
            #expect(Percent(text) == nil)
        }
    }
}

// MARK: - Periods

extension StatisticsTests {
    /// Quarters, years and custom periods, and their neighbours.
    @Suite(.english) struct Periods {
        @Test(arguments: [
            ("2026Q1", "2026-01-01", "2026-03-31"),
            ("2026Q2", "2026-04-01", "2026-06-30"),
            ("2026Q3", "2026-07-01", "2026-09-30"),
            ("2026Q4", "2026-10-01", "2026-12-31"),
            ("2024q1", "2024-01-01", "2024-03-31"),
        ])
        func quarters(label: String, from: String, to: String) throws {
            let period = try StatisticsPeriod.quarter(label)
            #expect(period.from == day(from))
            #expect(period.to == day(to))
            #expect(period.label == label.uppercased())
        }

        @Test(arguments: ["2026Q5", "2026Q0", "26Q1", "2026-Q1", "Q3 2026", "2026Q", "2026Q12", "abcdQ1", ""])
        func invalidQuarters(_ text: String) {
            #expect(throws: StatisticsPeriod.ParseError.self) { try StatisticsPeriod.quarter(text) }
        }

        @Test func theErrorSaysWhy() {
            #expect(throws: StatisticsPeriod.ParseError(text: "2026Q5", reason: "the quarter must be 1 to 4")) {
                try StatisticsPeriod.quarter("2026Q5")
            }
        }

        @Test func previousQuarterAcrossTheYear() throws {
            let q1 = try StatisticsPeriod.quarter("2026Q1")
            let previous = try #require(q1.previousQuarter)
            #expect(previous.label == "2025Q4")
            #expect(previous.from == day("2025-10-01"))
            #expect(previous.to == day("2025-12-31"))
            #expect(q1.previous == previous)
            #expect(try StatisticsPeriod.quarter("2026Q3").previous?.label == "2026Q2")
        }

        @Test func sameQuarterLastYear() throws {
            let q3 = try StatisticsPeriod.quarter("2026Q3")
            let last = try #require(q3.sameQuarterLastYear)
            #expect(last == (try StatisticsPeriod.quarter("2025Q3")))
            #expect(last.from == day("2025-07-01"))
            #expect(last.to == day("2025-09-30"))
            #expect(q3.shifted(years: 2)?.label == "2028Q3")
            #expect(try StatisticsPeriod.year(2026).sameQuarterLastYear == nil)
        }

        @Test func years() throws {
            let year = try StatisticsPeriod.year(2026)
            #expect(year.from == day("2026-01-01"))
            #expect(year.to == day("2026-12-31"))
            #expect(year.label == "2026")
            #expect(year.previous == (try StatisticsPeriod.year(2025)))
            #expect(year.previousQuarter == nil)
            #expect(year.samePeriodLastYear?.label == "2025")
            #expect(throws: StatisticsPeriod.ParseError.self) { try StatisticsPeriod.year(10000) }
        }

        @Test func customPeriods() throws {
            let period = try StatisticsPeriod.custom(from: day("2024-02-01"), to: day("2024-02-29"))
            #expect(period.label == "2024-02-01..2024-02-29")
            #expect(period.previous == nil)
            #expect(period.contains(day("2024-02-01")))
            #expect(period.contains(day("2024-02-29")))
            #expect(!period.contains(day("2024-03-01")))
            let earlier = try #require(period.samePeriodLastYear)
            #expect(earlier.from == day("2023-02-01"))
            #expect(earlier.to == day("2023-02-28"))
            #expect(earlier.shifted(years: 1)?.to == day("2024-02-29"))
            #expect(throws: StatisticsPeriod.ParseError.self) {
                try StatisticsPeriod.custom(from: day("2026-03-01"), to: day("2026-02-28"))
            }
        }

        @Test func parsingTheThreeForms() throws {
            #expect(try StatisticsPeriod(parsing: "2026Q3") == StatisticsPeriod.quarter("2026Q3"))
            #expect(try StatisticsPeriod(parsing: "2026") == StatisticsPeriod.year(2026))
            #expect(try StatisticsPeriod(parsing: "2026-01-15..2026-02-15") == StatisticsPeriod.custom(from: day("2026-01-15"), to: day("2026-02-15")))
            for text in ["2026Q5", "26", "2026-01-15", "2026-01-15..", "2026-02-30..2026-03-01", "last quarter"] {
                #expect(throws: StatisticsPeriod.ParseError.self, "\(text)") { try StatisticsPeriod(parsing: text) }
            }
        }

        @Test func encodesLabelKindAndDates() throws {
            #expect(try JSONOutput.render(StatisticsPeriod.quarter("2026Q3")) == """
                {
                  "from" : "2026-07-01",
                  "kind" : "quarter",
                  "label" : "2026Q3",
                  "to" : "2026-09-30"
                }
                """)
        }
    }
}

import Foundation
import Testing
@testable import FazhanCore

/// Each guard kind on the rules of `workflows/cpc-2014.yaml`, at the edges of its numbers.
@Suite(.english) struct GuardTests {
    let engine: Engine

    init() throws {
        engine = try EngineFixture.cpc2014()
    }

    // MARK: R1 age (age)

    @Test(arguments: [
        // born, applied, passes, earliest
        ("2008-03-15", "2026-03-14", false, "2026-03-15"),
        ("2008-03-15", "2026-03-15", true, nil),
        ("2008-03-15", "2026-03-16", true, nil),
        ("2008-02-29", "2026-02-27", false, "2026-02-28"),
        ("2008-02-29", "2026-02-28", true, nil),
        ("2008-02-29", "2026-03-01", true, nil),
        ("2008-12-31", "2026-01-01", false, "2026-12-31"),
    ] as [(String, String, Bool, String?)])
    func r1AgeAtApplication(born: String, applied: String, passes: Bool, earliest: String?) throws {
        let person = HistoryBuilder(born: born)
        let verdict = engine.evaluate("submit_application", on: applied, person)
        let check = try #require(verdict.check("application-age"))
        #expect(check.rule == "R1")
        #expect(check.passed == passes)
        #expect(check.earliest == earliest.map { civil($0) })
        #expect(verdict.allowed == passes)
        #expect(verdict.earliest == earliest.map { civil($0) })
        if !passes {
            #expect(check.message.contains("17 years on \(applied) (born \(born))"))
            #expect(check.message.contains("can pass from \(earliest ?? "")"))
        }
    }

    @Test func r1WithoutABirthDateFailsWithNoEarliestDay() throws {
        let verdict = engine.evaluate("submit_application", on: "2026-03-01", HistoryBuilder(born: nil))
        let check = try #require(verdict.check("application-age"))
        #expect(!check.passed)
        #expect(check.earliest == nil)
        #expect(check.found == "no birth date recorded for the person")
    }

    // MARK: R7 one year as an activist (interval)

    @Test(arguments: [
        // designated activist, proposed candidate date, passes, earliest
        ("2025-01-31", "2026-01-30", false, "2026-01-31"),
        ("2025-01-31", "2026-01-31", true, nil),
        ("2024-02-29", "2025-02-27", false, "2025-02-28"),
        ("2024-02-29", "2025-02-28", true, nil),
        ("2025-06-30", "2025-12-31", false, "2026-06-30"),
    ] as [(String, String, Bool, String?)])
    func r7OneYearAfterBecomingAnActivist(activist: String, candidate: String, passes: Bool, earliest: String?) throws {
        var person = HistoryBuilder()
        person.record("submit_application", "2024-01-10")
        person.record("designate_activist", activist)
        let check = try #require(engine.evaluate("designate_candidate", on: candidate, person).check("candidate-one-year"))
        #expect(check.rule == "R7")
        #expect(check.passed == passes)
        #expect(check.earliest == earliest.map { civil($0) })
        #expect(check.required.contains("at least 1 year"))
    }

    @Test func r7CountsFromTheCorrectedDesignationDate() throws {
        var person = HistoryBuilder()
        person.record("submit_application", "2024-01-10")
        let activist = person.record("designate_activist", "2025-01-31")
        // The designation was really on 2025-03-01: the year now runs from the corrected date.
        person.correct(activist, to: "2025-03-01")
        let check = try #require(engine.evaluate("designate_candidate", on: "2026-02-15", person).check("candidate-one-year"))
        #expect(!check.passed)
        #expect(check.earliest == civil("2026-03-01"))
    }

    @Test func r7CountsFromTheFirstDesignation() throws {
        // `from: designate_activist` is the first occurrence; a duplicate (an import recorded
        // twice) does not restart the year.
        var person = HistoryBuilder()
        person.record("submit_application", "2024-01-10")
        person.record("designate_activist", "2025-01-31")
        person.record("designate_activist", "2025-06-30")
        let check = try #require(engine.evaluate("designate_candidate", on: "2026-01-31", person).check("candidate-one-year"))
        #expect(check.passed)
        #expect(check.found.hasPrefix("推荐和确定入党积极分子 on 2025-01-31"))
    }

    @Test func r7WithoutADesignationFailsWithNoEarliestDay() throws {
        var person = HistoryBuilder()
        person.record("submit_application", "2024-01-10")
        let check = try #require(engine.evaluate("designate_candidate", on: "2026-02-15", person).check("candidate-one-year"))
        #expect(!check.passed)
        #expect(check.earliest == nil)
        #expect(check.found == "no 推荐和确定入党积极分子 recorded")
    }

    // MARK: R12 reviews (step_recorded over several steps)

    @Test func r12EveryReviewStepMustBeRecorded() throws {
        var person = HistoryBuilder()
        person.record("branch_committee_review", "2025-11-10")
        person.record("fill_volunteer_form", "2025-11-25")
        let check = try #require(engine.evaluate("admission_approval", on: "2025-12-01", person).check("admission-reviews"))
        #expect(check.rule == "R12")
        #expect(!check.passed)
        #expect(check.found == "支部委员会审查 on 2025-11-10; no 上级党委预审; 填写入党志愿书 on 2025-11-25")
        #expect(check.earliest == nil)
    }

    @Test func r12StepsRecordedLaterPassFromTheLastOfTheirDates() throws {
        var person = HistoryBuilder()
        person.record("branch_committee_review", "2025-11-10")
        person.record("pre_review", "2025-12-03")
        person.record("fill_volunteer_form", "2025-12-10")
        let check = try #require(engine.evaluate("admission_approval", on: "2025-12-01", person).check("admission-reviews"))
        #expect(!check.passed)
        #expect(check.found == "支部委员会审查 on 2025-11-10; 上级党委预审 on 2025-12-03, after 2025-12-01; 填写入党志愿书 on 2025-12-10, after 2025-12-01")
        #expect(check.earliest == civil("2025-12-10"))
        #expect(engine.evaluate("admission_approval", on: "2025-12-10", person).check("admission-reviews")?.passed == true)
    }

    // MARK: Month arithmetic (R2-style "within 1 month")

    @Test(arguments: [
        ("2026-01-31", 1, "2026-02-28"),
        ("2024-01-31", 1, "2024-02-29"),
        ("2026-01-31", 3, "2026-04-30"),
        ("2026-01-31", 6, "2026-07-31"),
        ("2026-08-31", 6, "2027-02-28"),
    ])
    func monthsClampToTheMonthEnd(start: String, months: Int, expected: String) {
        let duration = Duration(months, .months)
        let result = duration.added(to: civil(start), calendar: engine.calendar)
        #expect(result.date == civil(expected))
        #expect(!result.provisional)
        #expect(Duration(parsing: months == 1 ? "1 month" : "\(months) months") == duration)
    }

    @Test(arguments: [
        // applied, talked, passes
        ("2026-01-31", "2026-02-27", true),
        ("2026-01-31", "2026-02-28", true),
        ("2026-01-31", "2026-03-01", false),
        ("2024-01-31", "2024-02-29", true),
        ("2024-01-31", "2024-03-01", false),
    ])
    func r2TalkWithinOneMonthOfTheApplication(applied: String, talked: String, passes: Bool) throws {
        let engine = try EngineFixture.engine(yaml: NoticeWorkflow.yaml)
        var person = HistoryBuilder()
        person.record("submit_application", applied)
        let verdict = engine.evaluate("initial_talk", on: talked, person)
        let check = try #require(verdict.check("talk-within-a-month"))
        #expect(check.passed == passes)
        // A limit that has passed can never be met later: no earliest day.
        #expect(check.earliest == nil)
        let limit = civil(applied).adding(months: 1)
        #expect(check.required.contains("until \(limit)"))
    }

    // MARK: R5 mentors and R9 introducers (people)

    @Test(arguments: [
        ([], false),
        (["王老师"], true),
        (["王老师", "赵老师"], true),
        (["王老师", "赵老师", "钱老师"], false),
        (["王老师", "王老师", "赵老师"], true),
    ] as [([String], Bool)])
    func r5OneOrTwoMentors(names: [String], passes: Bool) throws {
        var person = HistoryBuilder()
        person.record("submit_application", "2024-01-10")
        person.record("designate_activist", "2024-04-01")
        person.record("assign_mentors", "2024-04-02", EventData(names: names, statement: "均为正式党员，未受留党察看处分"))
        let check = try #require(engine.evaluate("designate_candidate", on: "2025-04-10", person).check("candidate-mentors"))
        #expect(check.rule == "R5")
        #expect(check.passed == passes)
        #expect(check.required == "1 to 2 named in 指定培养联系人")
        #expect(check.found.hasPrefix("\(Set(names).count) on 2024-04-02"))
    }

    @Test func r5TheLatestAssignmentCounts() throws {
        var person = HistoryBuilder()
        person.record("submit_application", "2024-01-10")
        person.record("designate_activist", "2024-04-01")
        person.record("assign_mentors", "2024-04-02", EventData(names: ["王老师", "赵老师", "钱老师"], statement: "均为正式党员，未受留党察看处分"))
        person.record("assign_mentors", "2024-09-01", EventData(names: ["王老师", "赵老师"], statement: "均为正式党员，未受留党察看处分"))
        // Before the reassignment, three mentors; after it, two.
        let early = try #require(engine.evaluate("designate_candidate", on: "2024-08-31", person).check("candidate-mentors"))
        #expect(!early.passed)
        let late = try #require(engine.evaluate("designate_candidate", on: "2025-04-10", person).check("candidate-mentors"))
        #expect(late.passed)
        #expect(late.found == "2 on 2024-09-01 (王老师、赵老师)")
    }

    @Test func r5NoMentorsRecordedFails() throws {
        var person = HistoryBuilder()
        person.record("submit_application", "2024-01-10")
        person.record("designate_activist", "2024-04-01")
        let check = try #require(engine.evaluate("designate_candidate", on: "2025-04-10", person).check("candidate-mentors"))
        #expect(!check.passed)
        #expect(check.found == "no 指定培养联系人 recorded")
        #expect(check.earliest == nil)
    }

    @Test(arguments: [
        ([], false),
        (["王老师"], false),
        (["王老师", "赵老师"], true),
        (["王老师", "王老师"], false),
        (["王老师", "赵老师", "钱老师"], false),
    ] as [([String], Bool)])
    func r9ExactlyTwoIntroducers(names: [String], passes: Bool) throws {
        var person = HistoryBuilder()
        person.record("assign_introducers", "2025-05-01", EventData(names: names, statement: "均为正式党员，未受留党察看处分"))
        let check = try #require(engine.evaluate("admission_approval", on: "2025-12-01", person).check("admission-introducers"))
        #expect(check.rule == "R9")
        #expect(check.passed == passes)
        #expect(check.required == "exactly 2 named in 确定入党介绍人")
        #expect(!check.waivable)  // two introducers are mandatory, whatever a waiver says
    }

    // MARK: R11 concentrated training (training)

    @Test(arguments: [
        ([(2, 23)], false, "2 days, 23 class hours in 1 session(s)"),
        ([(3, nil)], true, "3 days, 0 class hours in 1 session(s)"),
        ([(nil, 24)], true, "0 days, 24 class hours in 1 session(s)"),
        ([(nil, 23)], false, "0 days, 23 class hours in 1 session(s)"),
        ([(1, 8), (1, 8), (1, 7)], true, "3 days, 23 class hours in 3 session(s)"),
        ([(nil, 12), (nil, 12)], true, "0 days, 24 class hours in 2 session(s)"),
        ([(1, 11), (1, 12)], false, "2 days, 23 class hours in 2 session(s)"),
        ([], false, "no 开展集中培训 recorded"),
    ] as [([(Int?, Int?)], Bool, String)])
    func r11ThreeDaysOr24ClassHoursSummedOverSessions(sessions: [(Int?, Int?)], passes: Bool, found: String) throws {
        var person = HistoryBuilder()
        for (index, session) in sessions.enumerated() {
            person.record("concentrated_training", "2025-0\(index + 3)-10", EventData(days: session.0, hours: session.1))
        }
        let check = try #require(engine.evaluate("admission_approval", on: "2025-12-01", person).check("admission-training"))
        #expect(check.rule == "R11")
        #expect(check.passed == passes)
        #expect(check.found == found)
        #expect(check.required == "开展集中培训 of at least 3 days or at least 24 class hours")
    }

    @Test func r11TrainingAfterTheStepDoesNotCount() throws {
        var person = HistoryBuilder()
        person.record("concentrated_training", "2025-12-02", EventData(days: 3))
        let check = try #require(engine.evaluate("admission_approval", on: "2025-12-01", person).check("admission-training"))
        #expect(!check.passed)
    }

    // MARK: R10 political review (review)

    @Test(arguments: [
        ([], false),
        ([StepResult.fail], false),
        ([StepResult.pass], true),
        ([StepResult.fail, .pass], true),
        ([StepResult.pass, .fail], false),
    ])
    func r10PoliticalReviewMustHavePassed(results: [StepResult], passes: Bool) throws {
        var person = HistoryBuilder()
        for (index, result) in results.enumerated() {
            person.record("political_review", "2025-0\(index + 6)-01", EventData(result: result))
        }
        let check = try #require(engine.evaluate("admission_approval", on: "2025-12-01", person).check("admission-political-review"))
        #expect(check.rule == "R10")
        #expect(check.passed == passes)
        if results.isEmpty { #expect(check.found == "no 进行政治审查 recorded") }
        if results.last == .fail { #expect(check.found.hasSuffix("not passed")) }
    }

    // MARK: R13 quorum, R14 majority, R15 small branches (meeting_vote)

    struct Vote: Sendable, CustomTestStringConvertible {
        var expected: Int
        var present: Int
        var votesFor: Int
        var writtenFor: Int? = nil
        var quorum: Bool
        var majority: Bool
        var branchSize: Bool = true

        var testDescription: String {
            "应到 \(expected) 实到 \(present) 赞成 \(votesFor) 书面赞成 \(writtenFor ?? 0)"
        }
    }

    @Test(arguments: [
        Vote(expected: 9, present: 5, votesFor: 5, quorum: true, majority: true),
        Vote(expected: 9, present: 4, votesFor: 4, quorum: false, majority: false),
        // The key case: a majority of those present (4 of 6) but not of 应到 (needs 5 of 9).
        Vote(expected: 9, present: 6, votesFor: 4, quorum: true, majority: false),
        // Written opinions for count toward the majority; they do not make a quorum.
        Vote(expected: 9, present: 6, votesFor: 4, writtenFor: 1, quorum: true, majority: true),
        Vote(expected: 9, present: 4, votesFor: 3, writtenFor: 2, quorum: false, majority: true),
        Vote(expected: 10, present: 6, votesFor: 5, quorum: true, majority: false),
        Vote(expected: 10, present: 5, votesFor: 5, quorum: false, majority: false),
        Vote(expected: 3, present: 2, votesFor: 2, quorum: true, majority: true),
        // A branch of 2 full members cannot hold the meeting (R15), whatever the vote.
        Vote(expected: 2, present: 2, votesFor: 2, quorum: true, majority: true, branchSize: false),
    ])
    func r13r14r15AdmissionMeetingVote(vote: Vote) throws {
        var person = HistoryBuilder()
        person.record("admission_meeting", "2026-01-31", EventData(
            expected: vote.expected, present: vote.present, votesFor: vote.votesFor, writtenFor: vote.writtenFor))
        let verdict = engine.evaluate("admission_approval", on: "2026-02-15", person)
        let quorum = try #require(verdict.check("admission-quorum"))
        let majority = try #require(verdict.check("admission-majority"))
        let branch = try #require(verdict.check("admission-small-branch"))
        #expect((quorum.rule, majority.rule, branch.rule) == ("R13", "R14", "R15"))
        #expect(quorum.passed == vote.quorum)
        #expect(majority.passed == vote.majority)
        #expect(branch.passed == vote.branchSize)
        #expect(quorum.earliest == nil && majority.earliest == nil && branch.earliest == nil)
    }

    @Test func r14MajorityOfThosePresentIsNotEnoughAndTheMessageSaysSo() throws {
        var person = HistoryBuilder()
        person.record("admission_meeting", "2026-01-31", EventData(expected: 9, present: 6, votesFor: 4, against: 2))
        let majority = try #require(engine.evaluate("admission_approval", on: "2026-02-15", person).check("admission-majority"))
        #expect(!majority.passed)
        #expect(majority.found == "支部大会讨论 on 2026-01-31: 赞成 4 of 应到 9 (实到 6)")
        #expect(majority.required.contains("at least 5 of the 9 who should attend, not of those present"))
        #expect(majority.message.hasPrefix("R14 支部大会表决: found"))
        #expect(majority.message.contains("应到"))
    }

    @Test func r14WrittenOpinionsAreShownInTheCount() throws {
        var person = HistoryBuilder()
        person.record("admission_meeting", "2026-01-31", EventData(expected: 9, present: 6, votesFor: 4, writtenFor: 1))
        let majority = try #require(engine.evaluate("admission_approval", on: "2026-02-15", person).check("admission-majority"))
        #expect(majority.passed)
        #expect(majority.found == "支部大会讨论 on 2026-01-31: 赞成 4 + 书面赞成 1 = 5 of 应到 9 (实到 6)")
    }

    @Test func r15BranchOfTwoNamesTheBranchSize() throws {
        var person = HistoryBuilder()
        person.record("admission_meeting", "2026-01-31", EventData(expected: 2, present: 2, votesFor: 2))
        let branch = try #require(engine.evaluate("admission_approval", on: "2026-02-15", person).check("admission-small-branch"))
        #expect(!branch.passed)
        #expect(branch.found == "支部大会讨论 on 2026-01-31: 2 full members with a vote (应到)")
        #expect(branch.required == "a branch of at least 3 full members")
    }

    @Test func votesReadTheLatestMeetingOnOrBeforeTheStep() throws {
        var person = HistoryBuilder()
        person.record("admission_meeting", "2025-10-10", EventData(expected: 9, present: 6, votesFor: 4))
        person.record("admission_meeting", "2026-01-31", EventData(expected: 9, present: 8, votesFor: 7))
        let before = try #require(engine.evaluate("admission_approval", on: "2026-01-30", person).check("admission-majority"))
        #expect(!before.passed)
        let after = try #require(engine.evaluate("admission_approval", on: "2026-02-01", person).check("admission-majority"))
        #expect(after.passed)
    }

    @Test func votesWithNoMeetingFail() throws {
        let verdict = engine.evaluate("admission_approval", on: "2026-02-15", HistoryBuilder())
        for id in ["admission-quorum", "admission-majority", "admission-small-branch"] {
            let check = try #require(verdict.check(id))
            #expect(!check.passed)
            #expect(check.found == "no 支部大会讨论 recorded")
        }
    }

    @Test func conversionMeetingVotesAreCheckedTheSameWay() throws {
        var person = HistoryBuilder()
        person.record("conversion_meeting", "2026-12-05", EventData(expected: 9, present: 6, votesFor: 4))
        let verdict = engine.evaluate("conversion_approval", on: "2026-12-20", person)
        #expect(verdict.check("conversion-quorum")?.passed == true)
        #expect(verdict.check("conversion-majority")?.passed == false)
        #expect(verdict.check("conversion-small-branch")?.passed == true)
    }

    // MARK: R17 approval window (approval_window) and approver

    @Test(arguments: [
        // approved, reason, passes
        ("2026-01-31", nil, true),
        ("2026-04-30", nil, true),
        ("2026-05-01", nil, false),
        ("2026-05-01", "", false),
        ("2026-05-01", "审批会议因疫情推迟", true),
        ("2026-07-31", "审批会议因疫情推迟", true),
        ("2026-08-01", "审批会议因疫情推迟", false),
        ("2026-08-01", nil, false),
    ] as [(String, String?, Bool)])
    func r17WithinThreeMonthsOrSixWithAReason(approved: String, reason: String?, passes: Bool) throws {
        var person = HistoryBuilder()
        person.record("admission_meeting", "2026-01-31", EventData(expected: 9, present: 8, votesFor: 8))
        let check = try #require(engine.evaluate("admission_approval", on: approved, EventData(reason: reason), person).check("admission-window"))
        #expect(check.rule == "R17")
        #expect(check.passed == passes)
        #expect(check.earliest == nil)
        #expect(check.required.contains("by 2026-04-30"))
        if civil(approved) > civil("2026-04-30") {
            #expect(check.required.contains("or by 2026-07-31 with a reason"))
        }
        if !passes, civil(approved) <= civil("2026-07-31") {
            #expect(check.found.hasSuffix("after 2026-04-30 with no reason given"))
        }
        if !passes, civil(approved) > civil("2026-07-31") {
            #expect(check.found.hasSuffix("after 2026-07-31, the most allowed"))  // the cap: no reason or waiver lifts it
        }
    }

    @Test func r17WindowRunsFromTheLatestMeeting() throws {
        var person = HistoryBuilder()
        person.record("admission_meeting", "2025-09-10", EventData(expected: 9, present: 6, votesFor: 4))
        person.record("admission_meeting", "2026-01-31", EventData(expected: 9, present: 8, votesFor: 8))
        let check = try #require(engine.evaluate("admission_approval", on: "2026-04-30", person).check("admission-window"))
        #expect(check.passed)
        #expect(check.found == "支部大会讨论 on 2026-01-31, 上级党委审批 on 2026-04-30")
    }

    @Test func r17WithNoMeetingFails() throws {
        let check = try #require(engine.evaluate("admission_approval", on: "2026-04-30", HistoryBuilder()).check("admission-window"))
        #expect(!check.passed)
        #expect(check.found == "no 支部大会讨论 recorded")
    }

    @Test(arguments: [
        // approver code given, passes, found
        (nil, true, "大学党委 (DW), a 党委 with approval authority"),
        ("DW", true, "大学党委 (DW), a 党委 with approval authority"),
        ("ZZ", false, "学生党总支 (ZZ), a 党总支, which cannot approve"),
        ("XY", false, "计算机学院党委 (XY), a 党委 without approval authority"),
        ("ZB1", false, "本科生第一党支部 (ZB1), a 党支部, which cannot approve"),
        ("NOPE", false, "no organization with code NOPE"),
    ] as [(String?, Bool, String)])
    func r17OnlyACommitteeWithAuthorityApproves(approver: String?, passes: Bool, found: String) throws {
        var person = HistoryBuilder()
        person.record("admission_meeting", "2026-01-31", EventData(expected: 9, present: 8, votesFor: 8))
        let check = try #require(engine.evaluate("admission_approval", on: "2026-02-20", EventData(approver: approver), person).check("admission-approver"))
        #expect(check.rule == "R17")
        #expect(check.passed == passes)
        #expect(check.found == found)
        // The approving authority is never waived, whatever R17's time limit allows.
        #expect(!check.waivable)
    }

    @Test func r17NoCommitteeWithAuthorityAboveThePerson() throws {
        let directory = OrganizationDirectory([
            Organization(id: 3, code: "ZZ", name: "学生党总支", kind: .generalBranch, parentID: nil, category: .student, canApprove: false),
            Organization(id: 4, code: "ZB1", name: "本科生第一党支部", kind: .branch, parentID: 3, category: .student, canApprove: false),
        ])
        let check = try #require(engine.evaluate("admission_approval", on: "2026-02-20", EventData(), HistoryBuilder(), organizations: directory).check("admission-approver"))
        #expect(!check.passed)
        #expect(check.found == "no 党委 with approval authority above the person's organization")
    }

    @Test func r17DefaultApproverIsTheNearestCommitteeWithAuthority() throws {
        // A person whose branch sits directly under a committee that can approve.
        let directory = OrganizationDirectory([
            Organization(id: 1, code: "DW", name: "大学党委", kind: .committee, parentID: nil, category: nil, canApprove: true),
            Organization(id: 2, code: "JG", name: "机关党委", kind: .committee, parentID: 1, category: .staff, canApprove: true),
            Organization(id: 5, code: "JGZB", name: "机关第一党支部", kind: .branch, parentID: 2, category: .staff, canApprove: false),
        ])
        #expect(directory.approver(for: 5)?.code == "JG")
        #expect(directory.chain(from: 5).map(\.code) == ["JGZB", "JG", "DW"])
        let person = HistoryBuilder(organizationID: 5)
        let check = try #require(engine.evaluate("admission_approval", on: "2026-02-20", EventData(), person, organizations: directory).check("admission-approver"))
        #expect(check.passed)
        #expect(check.found.hasPrefix("机关党委 (JG)"))
    }

    // MARK: R4 推优 (recommendation)

    @Test(arguments: [
        // born, League member, recommendation method recorded, passes
        ("2005-06-01", true, nil, false),
        ("2005-06-01", true, "members", false),
        ("2005-06-01", true, "league", true),
        ("2005-06-01", false, nil, true),
        ("1998-01-01", true, nil, true),
        ("1998-03-01", true, nil, true),
        ("1998-03-02", true, nil, false),
    ] as [(String, Bool, String?, Bool)])
    func r4LeagueMembersUnder28NeedALeagueRecommendation(born: String, league: Bool, method: String?, passes: Bool) throws {
        var person = HistoryBuilder(born: born, leagueMember: league)
        person.record("submit_application", "2025-09-01")
        if let method { person.record("recommendation", "2026-02-20", EventData(method: method)) }
        let check = try #require(engine.evaluate("designate_activist", on: "2026-03-01", person).check("activist-league-recommendation"))
        #expect(check.rule == "R4")
        #expect(check.passed == passes)
        #expect(check.waivable)
        let age = civil(born).fullYears(until: civil("2026-03-01"))
        if !league {
            #expect(check.found == "not a League member; does not apply")
        } else if age >= 28 {
            #expect(check.found == "League member aged \(age); does not apply")
        } else if !passes {
            #expect(check.found == "League member aged \(age), no 团组织推优 recorded")
        }
    }

    @Test func r4RecommendationAfterTheStepDoesNotCount() throws {
        var person = HistoryBuilder(born: "2005-06-01", leagueMember: true)
        person.record("submit_application", "2025-09-01")
        person.record("recommendation", "2026-03-02", EventData(method: "league"))
        let check = try #require(engine.evaluate("designate_activist", on: "2026-03-01", person).check("activist-league-recommendation"))
        #expect(!check.passed)
    }
}

// MARK: - 公示 (public_notice) on a small workflow

/// A two-stage workflow with a 5-working-day 公示 before the activist stage and a 1-month
/// limit on the first talk, counted with the 2026 calendar only.
enum NoticeWorkflow {
    static let yaml = """
        workflow: t
        title: 公示测试
        calendar: cn
        stages:
          applicant: {name: 入党申请人, order: 1}
          activist:  {name: 入党积极分子, order: 2, final: true}
        rules:
          R1:  {name: 入党年龄, basis: 党章第一条}
          R2:  {name: 派人谈话, basis: 细则（2014）第七条}
          R23: {name: 公示制, basis: 高校规定}
        notice_nodes:
          activist: 确定入党积极分子
          candidate: 确定发展对象
        steps:
          submit_application: {number: 1, name: 递交入党申请书, rules: [R1], enters: applicant}
          initial_talk:       {number: 2, name: 党组织派人谈话, rules: [R2], requires: [submit_application], during: [applicant]}
          designate_activist: {number: 3, name: 推荐和确定入党积极分子, rules: [R23], enters: activist, from: [applicant]}
          public_notice:      {name: 公示, rules: [R23], requires: [submit_application], data: [notice], repeatable: true}
        probation:
          starts_at: designate_activist
          length: 1 year
          rule: R23
        guards:
          talk-within-a-month:
            on: initial_talk
            rule: R2
            kind: interval
            from: submit_application
            max: 1 month
          activist-notice:
            on: designate_activist
            rule: R23
            kind: public_notice
            node: activist
            min: 5 working_days
        """
}

@Suite(.english) struct PublicNoticeGuardTests {
    let engine: Engine

    init() throws {
        engine = try EngineFixture.engine(yaml: NoticeWorkflow.yaml)
    }

    func person(notice from: String, to: String, node: String = "activist", objections: Int? = nil) -> HistoryBuilder {
        var person = HistoryBuilder()
        person.record("submit_application", "2026-01-10")
        person.record("public_notice", from, EventData(node: node, from: civil(from), to: civil(to), objections: objections))
        return person
    }

    @Test func theCalendarIsTheShipped2026OneOnly() {
        #expect(engine.calendar.years == [2026])
        #expect(engine.workflow.guards(on: "designate_activist").map(\.id) == ["activist-notice"])
    }

    @Test(arguments: [
        // from, to, working days, passes
        ("2026-03-02", "2026-03-06", 5, true),
        ("2026-03-02", "2026-03-05", 4, false),
        // Sep 28, 29, 30 work; Oct 1-7 National Day; Oct 8, 9 work.
        ("2026-09-28", "2026-10-09", 5, true),
        ("2026-09-28", "2026-10-08", 4, false),
        ("2026-09-30", "2026-10-08", 2, false),
        ("2026-10-01", "2026-10-07", 0, false),
        // Saturday Oct 10 is a make-up working day (调休上班) and counts.
        ("2026-09-29", "2026-10-10", 5, true),
        ("2026-09-29", "2026-10-09", 4, false),
        // Sunday Oct 11 is an ordinary weekend day.
        ("2026-09-30", "2026-10-11", 4, false),
        ("2026-09-30", "2026-10-12", 5, true),
    ])
    func countsWorkingDaysOverHolidaysAndMakeUpDays(from: String, to: String, workingDays: Int, passes: Bool) throws {
        let step = civil(to).adding(days: 3)
        let verdict = engine.evaluate("designate_activist", on: step.description, person(notice: from, to: to))
        let check = try #require(verdict.check("activist-notice"))
        #expect(check.rule == "R23")
        #expect(check.passed == passes)
        #expect(check.found.hasPrefix("公示 \(from) to \(to): \(workingDays) working days"))
        #expect(!check.provisional)
        #expect(check.earliest == nil)
        #expect(engine.calendar.workingDays(from: civil(from), through: civil(to)).value == workingDays)
        if !passes { #expect(check.found.contains("only \(workingDays) working days")) }
        #expect(verdict.allowed == passes)
    }

    @Test func aNoticeReachingAYearWithNoCalendarIsProvisional() throws {
        // Dec 28-31 2026 are working days; 2027 has no data, so Jan 1, 4, 5 count as plain weekdays.
        let verdict = engine.evaluate("designate_activist", on: "2027-01-06", person(notice: "2026-12-28", to: "2027-01-05"))
        let check = try #require(verdict.check("activist-notice"))
        #expect(check.passed)
        #expect(check.provisional)
        #expect(check.found.hasPrefix("公示 2026-12-28 to 2027-01-05: 7 working days"))
        #expect(check.message.contains("provisional"))
    }

    @Test func aNoticeWithin2026IsNotProvisional() throws {
        let check = try #require(engine.evaluate("designate_activist", on: "2026-03-09", person(notice: "2026-03-02", to: "2026-03-06")).check("activist-notice"))
        #expect(!check.provisional)
        #expect(!check.message.contains("provisional"))
    }

    @Test(arguments: [
        // step date, passes
        ("2026-03-05", false),
        ("2026-03-06", false),
        ("2026-03-07", true),
    ])
    func aNoticeNotYetEndedFailsUntilTheDayAfterItsEnd(step: String, passes: Bool) throws {
        let verdict = engine.evaluate("designate_activist", on: step, person(notice: "2026-03-02", to: "2026-03-06"))
        let check = try #require(verdict.check("activist-notice"))
        #expect(check.passed == passes)
        if !passes {
            #expect(check.earliest == civil("2026-03-07"))
            #expect(verdict.earliest == civil("2026-03-07"))
            #expect(check.found.contains("ends 2026-03-06, not before \(step)"))
        }
    }

    @Test func unresolvedObjectionsFailWithNoEarliestDay() throws {
        let verdict = engine.evaluate("designate_activist", on: "2026-03-09", person(notice: "2026-03-02", to: "2026-03-06", objections: 1))
        let check = try #require(verdict.check("activist-notice"))
        #expect(!check.passed)
        #expect(check.earliest == nil)
        #expect(check.found.contains("1 unresolved objection(s)"))
        #expect(verdict.earliest == nil)
    }

    @Test func resolvedObjectionsPass() throws {
        let check = try #require(engine.evaluate("designate_activist", on: "2026-03-09", person(notice: "2026-03-02", to: "2026-03-06", objections: 0)).check("activist-notice"))
        #expect(check.passed)
    }

    @Test func aNoticeAtAnotherNodeDoesNotCount() throws {
        let check = try #require(engine.evaluate("designate_activist", on: "2026-03-09", person(notice: "2026-03-02", to: "2026-03-06", node: "candidate")).check("activist-notice"))
        #expect(!check.passed)
        #expect(check.found == "no 公示 (确定入党积极分子) recorded")
    }

    @Test func noNoticeFails() throws {
        var person = HistoryBuilder()
        person.record("submit_application", "2026-01-10")
        let check = try #require(engine.evaluate("designate_activist", on: "2026-03-09", person).check("activist-notice"))
        #expect(!check.passed)
        #expect(check.earliest == nil)
    }

    @Test func theLatestNoticeCounts() throws {
        // A first notice too short, a second one long enough: the second decides.
        var person = person(notice: "2026-03-02", to: "2026-03-04")
        person.record("public_notice", "2026-03-09", EventData(node: "activist", from: civil("2026-03-09"), to: civil("2026-03-13")))
        let before = try #require(engine.evaluate("designate_activist", on: "2026-03-06", person).check("activist-notice"))
        #expect(!before.passed)
        #expect(before.found.contains("only 3 working days"))
        let after = try #require(engine.evaluate("designate_activist", on: "2026-03-16", person).check("activist-notice"))
        #expect(after.passed)
    }
}

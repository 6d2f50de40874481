import Foundation
import Testing
@testable import FazhanCore

/// The side paths of `workflows/cpc-2014.yaml` (and the university's retry wait): probation
/// extended or cancelled, an application withdrawn, a transfer between organizations, a waiver
/// of a rule worded "normally" (一般).
@Suite(.english) struct SidePathTests {
    let engine: Engine

    init() throws {
        engine = try EngineFixture.cpc2014()
    }

    /// The lifecycle up to the conversion application (2026-11-20). Probation runs from the
    /// admission meeting on 2025-12-05 and ends on 2026-12-05 (R19).
    func probationary() throws -> HistoryBuilder {
        let (person, _) = Lifecycle.recorded(through: "submit_conversion_application")
        try #require(person.history.latest("admission_meeting")?.date == civil("2025-12-05"))
        try #require(StageTimeline.probationEnd(history: person.history, workflow: engine.workflow) == civil("2026-12-05"))
        return person
    }

    /// A branch meeting's vote: 应到 10, 实到 9, 赞成 9.
    static let carried = EventData(expected: 10, present: 9, votesFor: 9)

    static func extensionVote(months: Int?, approver: String? = nil, expected: Int = 10, present: Int = 9, votesFor: Int = 9) -> EventData {
        EventData(expected: expected, present: present, votesFor: votesFor, approver: approver, months: months)
    }

    // MARK: - Probation extension (R20)

    @Test(arguments: [
        (5, false), (6, true), (7, true), (12, true), (13, false),
    ])
    func probationIsExtendedBySixToTwelveMonths(months: Int, passes: Bool) throws {
        let person = try probationary()
        let verdict = engine.evaluate("probation_extension", on: "2026-12-05", Self.extensionVote(months: months), person)
        let length = try #require(verdict.check("extension-length"))
        #expect(length.rule == "R20")
        #expect(length.passed == passes)
        #expect(length.found == "months \(months)")
        #expect(length.required == "months at least 6 and at most 12")
        #expect(verdict.allowed == passes, "\(verdict.failures.map(\.message))")
        // A length out of range is not cured by waiting.
        #expect(verdict.earliest == nil)
        #expect(verdict.to == nil)
    }

    @Test func anExtensionWithoutMonthsFailsAndValidateAsksForThem() throws {
        let person = try probationary()
        let verdict = engine.evaluate("probation_extension", on: "2026-12-05", Self.extensionVote(months: nil), person)
        #expect(verdict.check("extension-length")?.passed == false)
        #expect(verdict.check("extension-length")?.found == "no months given")
        let problems = engine.problems("probation_extension", on: "2026-12-05", EventData(), person)
        #expect(problems.contains("延长预备期 needs --months"))
        #expect(problems.contains { $0.hasPrefix("延长预备期 needs the vote") })
    }

    struct Vote: Sendable, CustomTestStringConvertible {
        var expected: Int
        var present: Int
        var votesFor: Int
        var failing: [String]

        var testDescription: String { "应到 \(expected) 实到 \(present) 赞成 \(votesFor)" }
    }

    @Test(arguments: [
        Vote(expected: 10, present: 9, votesFor: 6, failing: []),
        // 5 of the 9 present is a majority of those present, not of the 10 who should attend (R14).
        Vote(expected: 10, present: 9, votesFor: 5, failing: ["extension-majority"]),
        Vote(expected: 10, present: 5, votesFor: 5, failing: ["extension-quorum", "extension-majority"]),
        Vote(expected: 10, present: 6, votesFor: 6, failing: []),
        Vote(expected: 2, present: 2, votesFor: 2, failing: ["extension-small-branch"]),
    ])
    func theExtensionCarriesItsOwnVote(vote: Vote) throws {
        let person = try probationary()
        let data = Self.extensionVote(months: 6, expected: vote.expected, present: vote.present, votesFor: vote.votesFor)
        let verdict = engine.evaluate("probation_extension", on: "2026-12-05", data, person)
        #expect(verdict.failures.map(\.guardID) == vote.failing)
        #expect(verdict.failures.map(\.rule) == vote.failing.map { ["extension-quorum": "R13", "extension-majority": "R14", "extension-small-branch": "R15"][$0]! })
        let majority = try #require(verdict.check("extension-majority"))
        #expect(majority.found == "延长预备期 on 2026-12-05: 赞成 \(vote.votesFor) of 应到 \(vote.expected) (实到 \(vote.present))")
    }

    @Test(arguments: [
        ("2026-12-04", false), ("2026-12-05", true), ("2027-01-15", true),
    ])
    func theExtensionIsDecidedWhenProbationEnds(date: String, passes: Bool) throws {
        let person = try probationary()
        let verdict = engine.evaluate("probation_extension", on: date, Self.extensionVote(months: 6), person)
        let atEnd = try #require(verdict.check("extension-at-probation-end"))
        #expect(atEnd.rule == "R20")
        #expect(atEnd.passed == passes)
        #expect(verdict.allowed == passes)
        #expect(verdict.earliest == (passes ? nil : civil("2026-12-05")))
    }

    @Test(arguments: [
        // approver code, passes, found
        (nil, true, "大学党委 (DW), a 党委 with approval authority"),
        ("DW", true, "大学党委 (DW), a 党委 with approval authority"),
        ("ZZ", false, "学生党总支 (ZZ), a 党总支, which cannot approve"),
        ("XY", false, "计算机学院党委 (XY), a 党委 without approval authority"),
        ("NOPE", false, "no organization with code NOPE"),
    ] as [(String?, Bool, String)])
    func theExtensionIsApprovedByACommitteeWithAuthority(approver: String?, passes: Bool, found: String) throws {
        let person = try probationary()
        let verdict = engine.evaluate("probation_extension", on: "2026-12-05", Self.extensionVote(months: 6, approver: approver), person)
        let check = try #require(verdict.check("extension-approver"))
        #expect(check.rule == "R20")
        #expect(check.passed == passes)
        #expect(check.found == found)
        #expect(!check.waivable)
        #expect(verdict.allowed == passes)
    }

    @Test func anExtensionNeedsAnAdmissionAndProbation() throws {
        let (candidate, _) = Lifecycle.recorded(through: "committee_talk")
        let verdict = engine.evaluate("probation_extension", on: "2026-12-05", Self.extensionVote(months: 6), candidate)
        #expect(verdict.check("order.stage")?.passed == false)
        #expect(verdict.check("order.requires")?.passed == false)
        #expect(!verdict.allowed)
    }

    @Test(arguments: [
        // admission meeting, months, probation end
        ("2025-12-05", 6, "2027-06-05"),
        ("2025-12-05", 12, "2027-12-05"),
        ("2025-08-31", 6, "2027-02-28"),
        ("2024-02-29", 6, "2025-08-28"),
    ])
    func theExtensionMovesTheEndOfProbation(meeting: String, months: Int, end: String) {
        var person = HistoryBuilder()
        person.record("submit_application", "2023-01-10")
        person.record("admission_meeting", meeting, Self.carried)
        let original = civil(meeting).adding(years: 1)
        #expect(StageTimeline.probationEnd(history: person.history, workflow: engine.workflow) == original)
        let decided = original.adding(days: 3)
        person.record("probation_extension", decided.description, Self.extensionVote(months: months))
        #expect(StageTimeline.probationEnd(history: person.history, workflow: engine.workflow) == civil(end))
        // Seen from before the extension was decided, probation still ends on the first date.
        #expect(StageTimeline.probationEnd(history: person.history, workflow: engine.workflow, through: decided.adding(days: -1)) == original)
        #expect(StageTimeline.probationEnd(history: person.history, workflow: engine.workflow, through: decided) == civil(end))
    }

    @Test func probationIsExtendedOnceOnly() throws {
        var person = try probationary()
        let first = person.record("probation_extension", "2026-12-05", Self.extensionVote(months: 6))
        #expect(engine.evaluate("probation_extension", on: "2026-12-05", Self.extensionVote(months: 6), try probationary()).allowed)
        // At the new end (2027-06-05) the branch may not extend again.
        let verdict = engine.evaluate("probation_extension", on: "2027-06-05", Self.extensionVote(months: 6), person)
        let once = try #require(verdict.check("order.once"))
        #expect(!once.passed)
        #expect(once.rule == "R20")
        #expect(once.found == "already recorded on 2026-12-05 (event #\(first))")
        #expect(verdict.failures.map(\.guardID) == ["order.once"])
        #expect(verdict.earliest == nil)
    }

    @Test(arguments: [
        ("2026-12-05", false), ("2027-06-04", false), ("2027-06-05", true), ("2027-06-20", true),
    ])
    func afterAnExtensionTheConversionMeetingWaitsForTheNewEnd(date: String, passes: Bool) throws {
        var person = try probationary()
        person.record("probation_extension", "2026-12-05", Self.extensionVote(months: 6))
        let verdict = engine.evaluate("conversion_meeting", on: date, Self.carried, person)
        let notEarly = try #require(verdict.check("conversion-meeting-not-early"))
        #expect(notEarly.rule == "R20")
        #expect(notEarly.passed == passes)
        #expect(notEarly.found == "the end of probation on 2027-06-05, 支部大会讨论（转正） on \(date)")
        #expect(verdict.allowed == passes, "\(verdict.failures.map(\.message))")
        #expect(verdict.earliest == (passes ? nil : civil("2027-06-05")))
    }

    @Test func anExtendedMemberIsConvertedFromTheNewEnd() throws {
        var person = try probationary()
        person.record("probation_extension", "2026-12-05", Self.extensionVote(months: 6))
        person.record("conversion_meeting", "2027-06-05", Self.carried)
        let verdict = engine.evaluate("conversion_approval", on: "2027-06-20", person)
        #expect(verdict.allowed, "\(verdict.failures.map(\.message))")
        #expect(verdict.check("conversion-after-probation")?.found == "the end of probation on 2027-06-05, 支部大会讨论（转正） on 2027-06-05")
        let approval = person.record("conversion_approval", "2027-06-20")
        let span = try #require(engine.timeline(person.history).current)
        #expect(span.stage == "full_member")
        #expect(span.eventID == approval)
        #expect(span.enteredOn == civil("2027-06-20"))
        // 党龄 counts from the day the extended probation ends (R21), not from the first end.
        #expect(span.effectiveFrom == civil("2027-06-05"))
        #expect(engine.stage(of: person.history, asOf: civil("2027-06-19"))?.stage == "probationary")
    }

    // MARK: - Cancellation (取消预备党员资格)

    @Test func cancellationIsVotedOnItselfAndEndsTheProcess() throws {
        var person = try probationary()
        let data = EventData(expected: 10, present: 9, votesFor: 8, reason: "不履行党员义务")
        let verdict = engine.evaluate("probation_cancellation", on: "2026-12-05", data, person)
        #expect(verdict.allowed, "\(verdict.failures.map(\.message))")
        #expect(verdict.to == "cancelled")
        #expect(Set(verdict.checks.map(\.guardID)) == ["order.stage", "cancellation-quorum", "cancellation-majority",
                                                        "cancellation-small-branch", "cancellation-approver"])
        #expect(verdict.check("cancellation-majority")?.found == "取消预备党员资格 on 2026-12-05: 赞成 8 of 应到 10 (实到 9)")
        #expect(engine.problems("probation_cancellation", on: "2026-12-05", data, person) == [])

        let id = person.record("probation_cancellation", "2026-12-05", data)
        let span = try #require(engine.stage(of: person.history, asOf: civil("2026-12-05")))
        #expect(span.stage == "cancelled")
        #expect(span.eventID == id)
        #expect(span.effectiveFrom == civil("2026-12-05"))
        #expect(engine.workflow.stage("cancelled")?.isExit == true)
        // An exit stage has no next stage: not the initial stage, not another exit.
        #expect(engine.nextStage(for: person.history, asOf: civil("2026-12-05")) == nil)
        #expect(engine.nextStage(for: person.history, asOf: civil("2026-12-04"))?.id == "full_member")
        // Nothing of probation can follow.
        for step in ["conversion_meeting", "conversion_approval", "probation_extension", "withdrawal"] {
            let later = engine.evaluate(step, on: "2026-12-10", EventData(expected: 10, present: 9, votesFor: 9, reason: "x", months: 6), person)
            #expect(later.check("order.stage")?.passed == false, "\(step)")
            #expect(later.check("order.stage")?.found.hasPrefix("取消预备党员资格") == true, "\(step)")
        }
    }

    @Test(arguments: [
        // expected, present, for, approver, failing
        (10, 9, 5, nil, ["cancellation-majority"]),
        (10, 5, 5, nil, ["cancellation-quorum", "cancellation-majority"]),
        (2, 2, 2, nil, ["cancellation-small-branch"]),
        (10, 9, 6, "ZZ", ["cancellation-approver"]),
        (10, 9, 6, "DW", []),
    ] as [(Int, Int, Int, String?, [String])])
    func cancellationNeedsAVoteAndAnApprover(expected: Int, present: Int, votesFor: Int, approver: String?, failing: [String]) throws {
        let person = try probationary()
        let data = EventData(expected: expected, present: present, votesFor: votesFor, approver: approver, reason: "不具备党员条件")
        let verdict = engine.evaluate("probation_cancellation", on: "2026-09-01", data, person)
        #expect(verdict.failures.map(\.guardID) == failing)
    }

    @Test func cancellationValidatesItsReasonAndVote() throws {
        let person = try probationary()
        let problems = engine.problems("probation_cancellation", on: "2026-12-05", EventData(reason: "  "), person)
        #expect(problems.contains("取消预备党员资格 needs --reason"))
        #expect(problems.contains { $0.hasPrefix("取消预备党员资格 needs the vote") })
        #expect(problems.count == 2)
    }

    @Test func onlyAProbationaryMemberCanBeCancelled() throws {
        let (candidate, _) = Lifecycle.recorded(through: "committee_talk")
        let verdict = engine.evaluate("probation_cancellation", on: "2026-01-05",
                                      EventData(expected: 10, present: 9, votesFor: 9, reason: "x"), candidate)
        let stage = try #require(verdict.check("order.stage"))
        #expect(!stage.passed)
        #expect(stage.required == "取消预备党员资格 is entered from 预备党员")
    }

    // MARK: - Withdrawal (撤回申请或停止培养)

    @Test(arguments: [
        ("submit_application", "applicant", true),
        ("designate_activist", "activist", true),
        ("designate_candidate", "candidate", true),
        ("admission_approval", "probationary", false),
    ])
    func withdrawalLeavesFromApplicantActivistOrCandidate(through: String, stage: String, passes: Bool) throws {
        var (person, _) = Lifecycle.recorded(through: through)
        #expect(engine.stage(of: person.history, asOf: civil("2026-03-01"))?.stage == stage)
        let data = EventData(reason: "本人申请撤回")
        let verdict = engine.evaluate("withdrawal", on: "2026-03-01", data, person)
        #expect(verdict.to == "withdrawn")
        #expect(verdict.allowed == passes, "\(verdict.failures.map(\.message))")
        #expect(verdict.check("order.stage")?.required == "撤回申请或停止培养 is entered from 入党申请人 or 入党积极分子 or 发展对象")
        #expect(engine.problems("withdrawal", on: "2026-03-01", data, person) == [])
        guard passes else { return }
        person.record("withdrawal", "2026-03-01", data)
        #expect(engine.stage(of: person.history, asOf: civil("2026-03-01"))?.stage == "withdrawn")
        #expect(engine.stage(of: person.history, asOf: civil("2026-02-28"))?.stage == stage)
        #expect(engine.nextStage(for: person.history, asOf: civil("2026-03-01")) == nil)
    }

    @Test(arguments: [nil, "", "   "] as [String?])
    func withdrawalWithoutAReasonIsRefusedByValidate(reason: String?) throws {
        let (person, _) = Lifecycle.recorded(through: "designate_activist")
        let problems = engine.problems("withdrawal", on: "2025-03-01", EventData(reason: reason), person)
        #expect(problems == ["撤回申请或停止培养 needs --reason"])
    }

    @Test(arguments: [
        ("2025-03-09", false), ("2025-03-10", true), ("2025-04-01", true),
    ])
    func withdrawalCannotBeSlippedInBeforeALaterTransition(date: String, passes: Bool) throws {
        var person = HistoryBuilder()
        person.record("submit_application", "2025-01-10")
        person.record("initial_talk", "2025-01-20")
        let activist = person.record("designate_activist", "2025-03-10")
        let verdict = engine.evaluate("withdrawal", on: date, EventData(reason: "停止培养"), person)
        let stage = try #require(verdict.check("order.stage"))
        #expect(stage.passed == passes)
        if !passes {
            #expect(stage.found == "入党积极分子 already recorded from 2025-03-10 (event #\(activist)), after \(date)")
        }
    }

    @Test func afterAWithdrawalNoTransitionFollows() throws {
        var (person, _) = Lifecycle.recorded(through: "designate_activist")
        person.record("withdrawal", "2025-01-15", EventData(reason: "本人申请撤回"))
        let verdict = engine.evaluate("designate_candidate", on: "2025-10-16", person)
        #expect(verdict.check("order.stage")?.passed == false)
        #expect(verdict.check("order.stage")?.found == "撤回申请或停止培养 since 2025-01-15")
        #expect(engine.evaluate("activist_assessment", on: "2025-04-15", person).check("order.stage")?.passed == false)
    }

    // MARK: - Transfer (组织关系转接)

    // Two trees under the university: the first as in `EngineFixture`, and a medical school
    // whose own committee has approval authority.
    static let medicalSchoolID: Int64 = 5
    static let medicalBranchID: Int64 = 6
    static let organizations = OrganizationDirectory(Array(EngineFixture.organizations.byID.values) + [
        Organization(id: medicalSchoolID, code: "YXY", name: "医学院党委", kind: .committee, parentID: EngineFixture.universityID,
                     category: .mixed, canApprove: true),
        Organization(id: medicalBranchID, code: "ZB2", name: "医学院学生党支部", kind: .branch, parentID: medicalSchoolID,
                     category: .student, canApprove: false),
    ])

    @Test(arguments: [
        // destination, passes, found
        ("ZB2", true, "医学院学生党支部 (ZB2)"),
        ("ZB1", false, "already at 本科生第一党支部 (ZB1)"),
        ("NOPE", false, "no organization with code NOPE"),
    ])
    func aTransferGoesToAnotherRegisteredOrganization(code: String, passes: Bool, found: String) throws {
        let (person, _) = Lifecycle.recorded(through: "designate_activist")
        let verdict = engine.evaluate("transfer", on: "2025-09-01", EventData(organization: code), person, organizations: Self.organizations)
        let transfer = try #require(verdict.check("order.transfer"))
        #expect(transfer.passed == passes)
        #expect(transfer.found == found)
        #expect(verdict.allowed == passes)
        #expect(verdict.to == nil)
    }

    @Test func aTransferToTheOrganizationAlreadyTransferredToIsRefused() throws {
        var (person, _) = Lifecycle.recorded(through: "designate_activist")
        person.record("transfer", "2025-09-01", EventData(organization: "ZB2"))
        let again = engine.evaluate("transfer", on: "2025-10-01", EventData(organization: "ZB2"), person, organizations: Self.organizations)
        #expect(again.check("order.transfer")?.found == "already at 医学院学生党支部 (ZB2)")
        #expect(!again.allowed)
        // Back to the first branch is a transfer like any other (the step is repeatable).
        let back = engine.evaluate("transfer", on: "2025-10-01", EventData(organization: "ZB1"), person, organizations: Self.organizations)
        #expect(back.allowed, "\(back.failures.map(\.message))")
        // Before the first transfer took effect, ZB2 was still another organization.
        #expect(engine.evaluate("transfer", on: "2025-08-31", EventData(organization: "ZB2"), person, organizations: Self.organizations).allowed)
    }

    @Test func theOrganizationFollowsTheTransferFromItsDate() {
        var (person, _) = Lifecycle.recorded(through: "designate_activist")
        person.record("transfer", "2025-09-01", EventData(organization: "ZB2"))
        let history = person.history
        #expect(engine.organizationID(of: history, asOf: civil("2025-08-31"), organizations: Self.organizations) == EngineFixture.branchID)
        #expect(engine.organizationID(of: history, asOf: civil("2025-09-01"), organizations: Self.organizations) == Self.medicalBranchID)
        // A transfer to a code no longer registered leaves the person where they were registered.
        #expect(engine.organizationID(of: history, asOf: civil("2025-09-01"), organizations: EngineFixture.organizations) == EngineFixture.branchID)
    }

    @Test func theApproverIsLookedUpInTheNewOrganizationsTree() throws {
        var (person, _) = Lifecycle.recorded(through: "committee_talk")
        let before = engine.evaluate("admission_approval", on: "2026-01-20", EventData(), person, organizations: Self.organizations)
        #expect(before.check("admission-approver")?.found == "大学党委 (DW), a 党委 with approval authority")
        person.record("transfer", "2025-12-20", EventData(organization: "ZB2"))
        let after = engine.evaluate("admission_approval", on: "2026-01-20", EventData(), person, organizations: Self.organizations)
        let approver = try #require(after.check("admission-approver"))
        #expect(approver.passed)
        #expect(approver.found == "医学院党委 (YXY), a 党委 with approval authority")
        // Seen from before the transfer, the first tree's committee still approves.
        #expect(engine.evaluate("admission_approval", on: "2025-12-19", EventData(), person, organizations: Self.organizations)
            .check("admission-approver")?.found == "大学党委 (DW), a 党委 with approval authority")
        #expect(after.allowed, "\(after.failures.map(\.message))")
    }

    @Test func theApproverOfATreeWithoutAuthorityIsMissing() throws {
        // A transfer into a tree with no committee that may approve: nobody to approve.
        let orphanage = OrganizationDirectory(Array(EngineFixture.organizations.byID.values) + [
            Organization(id: 7, code: "QY", name: "企业党委", kind: .committee, parentID: nil, category: .staff, canApprove: false),
            Organization(id: 8, code: "QYZB", name: "企业党支部", kind: .branch, parentID: 7, category: .staff, canApprove: false),
        ])
        var (person, _) = Lifecycle.recorded(through: "committee_talk")
        person.record("transfer", "2025-12-20", EventData(organization: "QYZB"))
        let approver = try #require(engine.evaluate("admission_approval", on: "2026-01-20", EventData(), person, organizations: orphanage)
            .check("admission-approver"))
        #expect(!approver.passed)
        #expect(approver.found == "no 党委 with approval authority above the person's organization")
    }

    @Test(arguments: [
        ("2026-03-09", false), ("2026-03-10", true),
    ])
    func aTransferKeepsTheActivistClock(date: String, passes: Bool) throws {
        var person = HistoryBuilder()
        person.record("submit_application", "2024-11-01")
        person.record("initial_talk", "2024-11-15")
        person.record("recommendation", "2025-03-01", EventData(method: "members"))
        person.record("designate_activist", "2025-03-10")
        person.record("file_activist", "2025-03-15")
        person.record("assign_mentors", "2025-03-15", EventData(names: ["王老师", "赵老师"], statement: "均为正式党员，未受留党察看处分"))
        person.record("activist_assessment", "2025-08-20")
        person.record("transfer", "2025-09-01", EventData(organization: "ZB2"))
        person.record("assign_mentors", "2025-09-10", EventData(names: ["刘老师", "陈老师"], statement: "均为正式党员，未受留党察看处分"))
        person.record("activist_assessment", "2026-02-20")
        #expect(engine.organizationID(of: person.history, asOf: civil(date), organizations: Self.organizations) == Self.medicalBranchID)
        let verdict = engine.evaluate("designate_candidate", on: date, EventData(), person, organizations: Self.organizations)
        let year = try #require(verdict.check("candidate-one-year"))
        #expect(year.rule == "R7")
        #expect(year.passed == passes)
        #expect(year.found == "推荐和确定入党积极分子 on 2025-03-10, 确定发展对象 on \(date)")
        #expect(verdict.allowed == passes, "\(verdict.failures.map(\.message))")
        #expect(verdict.earliest == (passes ? nil : civil("2026-03-10")))
    }

    // MARK: - Waivers (规则豁免)

    /// A League member aged 20 with only a members' recommendation: R4 wants 推优.
    func leagueMemberWithoutLeagueRecommendation() -> HistoryBuilder {
        var person = HistoryBuilder(born: "2005-03-01", leagueMember: true)
        person.record("submit_application", "2025-01-10")
        person.record("initial_talk", "2025-01-20")
        person.record("recommendation", "2025-03-01", EventData(method: "members"))
        return person
    }

    static func waiver(_ rule: String, until: String? = nil) -> EventData {
        EventData(reason: "团组织关系已转出，无法推优", rule: rule, approvedBy: "大学党委组织部", until: until.map { civil($0) })
    }

    @Test func withoutAWaiverR4Fails() throws {
        let verdict = engine.evaluate("designate_activist", on: "2025-03-10", leagueMemberWithoutLeagueRecommendation())
        let r4 = try #require(verdict.check("activist-league-recommendation"))
        #expect(!r4.passed)
        #expect(r4.waivable)
        #expect(!r4.isWaived)
        #expect(r4.found == "League member aged 20, no 团组织推优 recorded")
        #expect(verdict.failures.map(\.guardID) == ["activist-league-recommendation"])
    }

    @Test(arguments: [
        // waiver date, until, designation date, waived
        ("2025-03-05", nil, "2025-03-10", true),
        ("2025-03-10", nil, "2025-03-10", true),
        ("2025-03-05", "2025-03-10", "2025-03-10", true),
        ("2025-03-05", "2025-03-09", "2025-03-10", false),
        ("2025-03-11", nil, "2025-03-10", false),
    ] as [(String, String?, String, Bool)])
    func aWaiverOfR4InForceLetsTheActivistBeDesignated(waiverDate on: String, until: String?, date: String, waived: Bool) throws {
        var person = leagueMemberWithoutLeagueRecommendation()
        let waiver = person.record("waiver", on, Self.waiver("R4", until: until))
        let verdict = engine.evaluate("designate_activist", on: date, person)
        let r4 = try #require(verdict.check("activist-league-recommendation"))
        #expect(r4.passed == waived)
        #expect(r4.isWaived == waived)
        #expect(r4.waiver == (waived ? waiver : nil))
        #expect(verdict.allowed == waived)
        if waived {
            #expect(r4.found == "League member aged 20, no 团组织推优 recorded; waived: 大学党委组织部 on \(on)"
                + (until.map { " until \($0)" } ?? "") + " (团组织关系已转出，无法推优, event #\(waiver))")
            #expect(r4.message.hasPrefix("R4 团员推优: League member aged 20"))
        }
    }

    @Test func aWaiverOfAnotherRuleDoesNotApply() throws {
        var person = leagueMemberWithoutLeagueRecommendation()
        person.record("waiver", "2025-03-05", Self.waiver("R9"))
        #expect(engine.evaluate("designate_activist", on: "2025-03-10", person).check("activist-league-recommendation")?.passed == false)
    }

    @Test(arguments: [
        // workflow, rule, passes, found
        ("cpc-2014", "R4", true, "R4 团员推优, waivable clauses: activist-league-recommendation (the other clauses stay mandatory)"),
        ("cpc-2014", "R17", true, "R17 上级党委审批, waivable clauses: admission-window, admission-approval (the other clauses stay mandatory)"),
        // Two introducers are mandatory; "normally the mentors" is the only soft clause of R9.
        ("cpc-2014", "R9", true, "R9 入党介绍人, waivable clauses: introducers-are-mentors (the other clauses stay mandatory)"),
        // R12: only "someone leaving within 3 months is normally not admitted" is soft; the 2026
        // month from pre-review to the meeting stays mandatory.
        ("cpc-2014", "R12", true, "R12 支委会审查和上级党委预审, waivable clauses: admission-departure (the other clauses stay mandatory)"),
        ("cpc-2026", "R12", true, "R12 支委会审查和上级党委预审, waivable clauses: admission-departure (the other clauses stay mandatory)"),
        // Who holds the committee talk (R16) is mandatory.
        ("cpc-2014", "R16", false, "R16 上级党委派人谈话: no clause worded \"normally\" (一般) in cpc-2014, every clause is mandatory: it cannot be waived"),
        // The university re-deliberates after 3 months: no stretching of R17 to 6.
        ("university", "R17", false, "R17 上级党委审批: no clause worded \"normally\" (一般) in university, every clause is mandatory: it cannot be waived"),
        // The oath itself is mandatory; under 2026 its month ("一般") may be waived.
        ("cpc-2014", "R18", false, "R18 入党宣誓: no clause worded \"normally\" (一般) in cpc-2014, every clause is mandatory: it cannot be waived"),
        ("cpc-2026", "R18", true, "R18 入党宣誓, waivable clauses: oath (the other clauses stay mandatory)"),
        ("cpc-2014", "R7", false, "R7 确定发展对象: no clause worded \"normally\" (一般) in cpc-2014, every clause is mandatory: it cannot be waived"),
        ("cpc-2014", "R20", false, "R20 预备期满讨论转正: no clause worded \"normally\" (一般) in cpc-2014, every clause is mandatory: it cannot be waived"),
        ("cpc-2014", "R99", false, "no rule R99 in cpc-2014"),
        ("university", "R4", false, "R4 团员推优: no clause worded \"normally\" (一般) in university, every clause is mandatory: it cannot be waived"),
    ])
    func onlyRulesWithAClauseWordedNormallyCanBeWaived(workflow: String, rule: String, passes: Bool, found: String) throws {
        let engine = Engine(bundle: try WorkflowLoader.directory(EngineFixture.workflows).load(workflow))
        let verdict = engine.evaluate("waiver", on: "2025-03-05", Self.waiver(rule), leagueMemberWithoutLeagueRecommendation())
        let check = try #require(verdict.check("order.waiver"))
        // An unknown rule is a data problem, not a rule's refusal.
        #expect(check.rule == (rule == "R99" ? Check.noRule : rule))
        #expect(check.passed == passes)
        #expect(check.found == found)
        #expect(verdict.allowed == passes)
        #expect(engine.problems("waiver", on: "2025-03-05", Self.waiver(rule), leagueMemberWithoutLeagueRecommendation()) == [])
    }

    @Test func aWaiverNeedsItsRuleApproverAndReason() throws {
        let problems = engine.problems("waiver", on: "2025-03-05", EventData(rule: "R4"), leagueMemberWithoutLeagueRecommendation())
        #expect(problems == ["规则豁免 needs --rule, --approved-by and --reason"])
    }

    @Test func aRecordedWaiverOfANonWaivableRuleChangesNothing() throws {
        // Imported anyway: R7's year is still required.
        var person = HistoryBuilder()
        person.record("submit_application", "2024-01-10")
        person.record("designate_activist", "2025-03-10")
        person.record("waiver", "2025-06-01", Self.waiver("R7"))
        let r7 = try #require(engine.evaluate("designate_candidate", on: "2025-12-01", person).check("candidate-one-year"))
        #expect(!r7.passed)
        #expect(!r7.isWaived)
        #expect(!r7.waivable)
    }

    @Test func r17sWindowIsWaivableButNotItsApprover() throws {
        // The branch resolved on 2025-12-05: 3 months end 2026-03-05, 6 months 2026-06-05.
        var (person, _) = Lifecycle.recorded(through: "committee_talk")
        let late = EventData(approver: "ZZ")
        let unwaived = engine.evaluate("admission_approval", on: "2026-05-10", late, person)
        #expect(unwaived.check("admission-window")?.passed == false)
        #expect(unwaived.check("admission-approver")?.passed == false)

        let waiver = person.record("waiver", "2026-05-01", Self.waiver("R17"))
        let verdict = engine.evaluate("admission_approval", on: "2026-05-10", late, person)
        let window = try #require(verdict.check("admission-window"))
        #expect(window.passed)
        #expect(window.waivable)
        #expect(window.waiver == waiver)
        let approver = try #require(verdict.check("admission-approver"))
        #expect(approver.rule == "R17")
        #expect(!approver.passed)
        #expect(!approver.waivable)
        #expect(!approver.isWaived)
        #expect(approver.found == "学生党总支 (ZZ), a 党总支, which cannot approve")
        #expect(verdict.failures.map(\.guardID) == ["admission-approver"])
        #expect(engine.evaluate("admission_approval", on: "2026-05-10", EventData(approver: "DW"), person).allowed)
    }

    /// A waiver of R17 stands for the special case (3 → 6 months) and no further: the 6-month
    /// cap is mandatory. 2025-12-05 + 6 months = 2026-06-05.
    @Test(arguments: [
        ("2026-03-05", true, false),   // on the 3-month day: in time, nothing waived
        ("2026-03-06", true, true),    // a day late: waived
        ("2026-06-05", true, true),    // on the cap: waived
        ("2026-06-06", false, false),  // a day past the cap: refused, waiver or not
        ("2026-07-10", false, false),
    ])
    func aWaiverOfR17NeverLiftsTheSixMonthCap(date: String, passes: Bool, waived: Bool) throws {
        var (person, _) = Lifecycle.recorded(through: "committee_talk")
        let waiver = person.record("waiver", "2026-03-01", Self.waiver("R17"))
        let verdict = engine.evaluate("admission_approval", on: date, EventData(approver: "DW"), person)
        let window = try #require(verdict.check("admission-window"))
        #expect(window.passed == passes)
        #expect(window.isWaived == waived)
        #expect(window.waiver == (waived ? waiver : nil))
        #expect(window.waivable == (date <= "2026-06-05"))
        if !passes { #expect(window.found.contains("after 2026-06-05, the most allowed")) }
        #expect(verdict.allowed == passes)
    }

    /// R9: two introducers are mandatory; a waiver of R9 (which lifts only "normally the
    /// mentors") never lets one suffice.
    @Test func aWaiverOfR9NeverLetsOneIntroducerSuffice() throws {
        var (person, _) = Lifecycle.recorded(through: "committee_talk")
        let introducers = person.events.filter { $0.step == "assign_introducers" }.map(\.id)
        for id in introducers { person.void(id) }
        person.record("assign_introducers", "2025-10-21", EventData(names: ["王老师"], statement: "均为正式党员，未受留党察看处分"))
        #expect(engine.evaluate("waiver", on: "2026-01-05", Self.waiver("R9"), person).allowed == true)
        person.record("waiver", "2026-01-05", Self.waiver("R9"))
        let check = try #require(engine.evaluate("admission_approval", on: "2026-01-10", EventData(approver: "DW"), person)
            .check("admission-introducers"))
        #expect(!check.passed)
        #expect(!check.waivable)
        #expect(!check.isWaived)
    }

    // MARK: - University: waiting after a failed admission vote (R24)

    @Test(arguments: [
        // the next meeting, passes
        ("2026-10-08", false), ("2026-11-07", false), ("2026-11-08", true), ("2026-12-01", true),
    ])
    func afterAFailedAdmissionVoteTheNextMeetingWaitsSixMonths(date: String, passes: Bool) throws {
        let engine = Engine(bundle: try WorkflowLoader.directory(EngineFixture.workflows).load("university"))
        var person = UniversityCandidate.builder()
        // 应到 9, 实到 8, 赞成 4: quorum, but 4 × 2 is not more than 9 (R14).
        person.record("admission_meeting", "2026-05-08", EventData(expected: 9, present: 8, votesFor: 4, against: 4))
        let verdict = engine.evaluate("admission_meeting", on: date, EventData(expected: 9, present: 8, votesFor: 7), person)
        let wait = try #require(verdict.check("admission-retry-wait"))
        #expect(wait.rule == "R24")
        #expect(wait.passed == passes)
        #expect(wait.found == "the vote of 支部大会讨论 on 2026-05-08 failed")
        #expect(wait.required == "no 支部大会讨论 within 6 months of one whose vote failed (from 2026-11-08)")
        #expect(verdict.allowed == passes, "\(verdict.failures.map(\.message))")
        #expect(verdict.earliest == (passes ? nil : civil("2026-11-08")))
    }

    @Test func aMeetingWithoutAFailedVoteNeedsNoWait() throws {
        let engine = Engine(bundle: try WorkflowLoader.directory(EngineFixture.workflows).load("university"))
        let person = UniversityCandidate.builder()
        let verdict = engine.evaluate("admission_meeting", on: "2026-05-08", EventData(expected: 9, present: 8, votesFor: 7), person)
        #expect(verdict.check("admission-retry-wait")?.found == "no failed 支部大会讨论")
        #expect(verdict.allowed, "\(verdict.failures.map(\.message))")
    }

    @Test(arguments: [
        // failed meeting, its vote, earliest retry
        ("2026-03-31", EventData(expected: 9, present: 4, votesFor: 4), "2026-09-30"),
        ("2026-05-08", EventData(expected: 9, present: 8, votesFor: 4, writtenFor: 0), "2026-11-08"),
    ])
    func theWaitCountsFromTheFailedMeetingClampedToTheMonthEnd(failed: String, vote: EventData, earliest: String) throws {
        let engine = Engine(bundle: try WorkflowLoader.directory(EngineFixture.workflows).load("university"))
        var person = HistoryBuilder()
        person.record("submit_application", "2024-01-10")
        person.record("admission_meeting", failed, vote)
        let next = civil(earliest)
        let refused = try #require(engine.evaluate("admission_meeting", on: next.adding(days: -1).description, person).check("admission-retry-wait"))
        #expect(!refused.passed)
        #expect(refused.earliest == next)
        #expect(engine.evaluate("admission_meeting", on: earliest, person).check("admission-retry-wait")?.passed == true)
    }
}

/// A candidate under `workflows/university.yaml`, ready for the admission meeting: 推优, the
/// activist and candidate 公示, the consent to the candidate, the admission 公示 and the 答辩.
enum UniversityCandidate {
    static func builder() -> HistoryBuilder {
        var person = HistoryBuilder(born: "2005-03-01", leagueMember: true)
        person.record("submit_application", "2024-09-10")
        person.record("initial_talk", "2024-09-20")
        person.record("recommendation", "2025-03-03", EventData(method: "league"))
        person.record("public_notice", "2025-03-17", EventData(node: "activist", from: civil("2025-03-17"), to: civil("2025-03-21")))
        person.record("designate_activist", "2025-03-24")
        person.record("file_activist", "2025-03-28")
        person.record("assign_mentors", "2025-03-28", EventData(names: ["王老师", "赵老师"], statement: "均为正式党员，未受留党察看处分"))
        person.record("activist_assessment", "2025-09-15")
        person.record("concentrated_training", "2025-11-10", EventData(days: 3))
        person.record("activist_assessment", "2026-03-10")
        person.record("file_candidate", "2026-03-16", EventData(result: .pass))
        person.record("public_notice", "2026-03-16", EventData(node: "candidate", from: civil("2026-03-16"), to: civil("2026-03-20")))
        person.record("designate_candidate", "2026-03-24")
        person.record("assign_introducers", "2026-03-25", EventData(names: ["王老师", "赵老师"], statement: "均为正式党员，未受留党察看处分"))
        person.record("political_review", "2026-04-01", EventData(result: .pass))
        person.record("branch_committee_review", "2026-04-08")
        person.record("pre_review", "2026-04-15")
        person.record("public_notice", "2026-04-16", EventData(node: "admission", from: civil("2026-04-16"), to: civil("2026-04-22")))
        person.record("fill_volunteer_form", "2026-04-23")
        person.record("defense", "2026-04-24", EventData(result: .pass))
        return person
    }
}

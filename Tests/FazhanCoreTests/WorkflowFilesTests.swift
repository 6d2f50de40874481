import Foundation
import Testing
@testable import FazhanCore

/// The shipped workflow files (`workflows/*.yaml`): each loads without a diagnostic and says
/// what DOMAIN.md says, and each variant states its differences on top of what it builds on.
@Suite struct WorkflowFilesTests {
    /// `workflows/`, found from this file's path (`Tests/FazhanCoreTests/…`).
    static let workflowsDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // FazhanCoreTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // the package
        .appendingPathComponent("workflows").path

    static let shipped = ["cpc-2014", "cpc-2026", "university"]

    /// The 25 steps of DOMAIN.md, in order.
    static let stepIDs = [
        "submit_application", "initial_talk", "designate_activist", "file_activist", "assign_mentors",
        "activist_assessment", "designate_candidate", "file_candidate", "assign_introducers", "political_review",
        "concentrated_training", "branch_committee_review", "pre_review", "fill_volunteer_form", "admission_meeting",
        "committee_talk", "admission_approval", "file_admission", "assign_branch_group", "take_oath",
        "probation_assessment", "submit_conversion_application", "conversion_meeting", "conversion_approval",
        "archive_materials",
    ]

    /// Loads a shipped workflow, recording its diagnostics as the failure when it does not load.
    func load(_ name: String) throws -> WorkflowBundle {
        do {
            return try WorkflowLoader.directory(Self.workflowsDirectory).load(name)
        } catch {
            Issue.record("\(name) does not load:\n\(error)")
            throw error
        }
    }

    func guardDefinition(_ id: String, in workflow: Workflow) throws -> Guard {
        try #require(workflow.guards.first { $0.id == id }, "no guard \(id) in \(workflow.id)")
    }

    func deadline(_ id: String, in workflow: Workflow) throws -> Deadline {
        try #require(workflow.deadlines.first { $0.id == id }, "no deadline \(id) in \(workflow.id)")
    }

    // MARK: - What every shipped file shares

    @Test(arguments: shipped)
    func loadsWithTheFiveStagesInOrder(name: String) throws {
        let workflow = try load(name).workflow
        #expect(workflow.id == name)
        #expect(workflow.calendarID == "cn")
        let stages = workflow.stages.filter { !$0.isExit }
        #expect(stages.map(\.id) == ["applicant", "activist", "candidate", "probationary", "full_member"])
        #expect(stages.map(\.name) == ["入党申请人", "入党积极分子", "发展对象", "预备党员", "正式党员"])
        #expect(stages.map(\.order) == [1, 2, 3, 4, 5])
        #expect(workflow.stages.filter(\.isFinal).map(\.id) == ["full_member"])
        // The ways out of the process, after the five stages.
        #expect(workflow.stages.filter(\.isExit).map(\.id) == ["withdrawn", "cancelled", "transferred_out"])
        #expect(workflow.initialStage?.id == "applicant")
    }

    @Test(arguments: shipped)
    func numbersTheTwentyFiveSteps(name: String) throws {
        let workflow = try load(name).workflow
        let numbered = workflow.steps.filter { $0.number != nil }
        #expect(numbered.map(\.id) == Self.stepIDs)
        #expect(numbered.compactMap(\.number) == Array(1...25))
        let sideFacts = workflow.steps.filter { $0.number == nil }.map(\.id)
        #expect(Set(sideFacts) == ["recommendation", "public_notice", "defense", "thought_report", "withdrawal",
                                    "probation_extension", "probation_cancellation", "transfer", "transfer_out", "waiver",
                                    "approval_refusal", "transfer_acceptance", "expected_departure", "discipline_probation"])
        #expect(workflow.steps(with: .transfer).map(\.id) == ["transfer"])
        #expect(workflow.steps(with: .refusal).map(\.id) == ["approval_refusal"])
        #expect(workflow.steps(with: .acceptTransfer).map(\.id) == ["transfer_acceptance"])
        // Who records what on the server is data: the committee's steps, and the branch's by default.
        let committee = workflow.steps.filter { $0.by == .committee }.map(\.id)
        #expect(Set(committee) == ["file_activist", "file_candidate", "pre_review", "committee_talk", "admission_approval",
                                   "file_admission", "conversion_approval", "probation_extension", "probation_cancellation",
                                   "waiver", "approval_refusal", "transfer_acceptance", "discipline_probation"])
        #expect(workflow.step("initial_talk")?.by == .branch)
        #expect(workflow.steps(with: .waiver).map(\.id) == ["waiver"])
        #expect(workflow.steps(with: .extendProbation).map(\.id) == ["probation_extension"])
        #expect(workflow.step("admission_meeting")?.name == "支部大会讨论")
        #expect(workflow.step("admission_meeting")?.rules == ["R13", "R14", "R15"])
    }

    @Test(arguments: shipped)
    func transitionsEnterEachStageFromThePreviousOne(name: String) throws {
        let workflow = try load(name).workflow
        let entering = workflow.steps.filter { $0.isTransition && !(workflow.stage($0.enters!)?.isExit ?? false) }
        #expect(entering.map(\.id) == ["submit_application", "designate_activist", "designate_candidate",
                                       "admission_approval", "conversion_approval"])
        #expect(entering.map(\.enters) == ["applicant", "activist", "candidate", "probationary", "full_member"])
        #expect(entering.map(\.from) == [[], ["applicant"], ["activist"], ["candidate"], ["probationary"]])

        #expect(workflow.enteringStep(for: "activist")?.id == "designate_activist")
        #expect(workflow.nextStages(after: "applicant").map(\.id) == ["activist", "withdrawn", "transferred_out"])
        #expect(workflow.nextStages(after: "candidate").map(\.id) == ["probationary", "withdrawn", "transferred_out"])
        #expect(workflow.nextStages(after: "probationary").map(\.id) == ["full_member", "cancelled", "transferred_out"])
        #expect(workflow.nextStages(after: "full_member").map(\.id) == ["transferred_out"])
        #expect(workflow.nextStages(after: "withdrawn").isEmpty)

        // Probation runs from the admission meeting (R19); full membership from its end (R21).
        #expect(workflow.step("admission_approval")?.effective == .dateOf(step: "admission_meeting"))
        #expect(workflow.step("conversion_approval")?.effective == .probationEnd)
        #expect(workflow.probation == Probation(startsAt: "admission_meeting", length: Duration(1, .years), rule: "R19"))
    }

    @Test(arguments: shipped)
    func definesRulesR1ToR25(name: String) throws {
        let workflow = try load(name).workflow
        #expect(Set(workflow.rules.keys) == Set((1...25).map { "R\($0)" }))
        for guardDefinition in workflow.guards {
            #expect(workflow.rule(guardDefinition.rule) != nil, "guard \(guardDefinition.id)")
            #expect(workflow.step(guardDefinition.step) != nil, "guard \(guardDefinition.id)")
        }
        #expect(Set(workflow.noticeNodes.map(\.id)) == ["activist", "candidate", "admission", "conversion"])
    }

    @Test(arguments: shipped)
    func countsWithThe2026Calendar(name: String) throws {
        let bundle = try load(name)
        #expect(bundle.calendar.calendarID == "cn")
        #expect(bundle.calendar.hasData(for: 2026))
        let year = try #require(bundle.calendar.year(2026))
        #expect(year.source == "国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04)")
        let january1 = try #require(CivilDate("2026-01-01"))
        let december31 = try #require(CivilDate("2026-12-31"))
        #expect(bundle.calendar.workingDays(from: january1, through: december31) == WorkingCalendar.Count(value: 248, provisional: false))
        #expect(bundle.sources.contains { $0.path.hasSuffix("calendars/cn-2026.yaml") })
    }

    // MARK: - cpc-2014

    @Test func cpc2014IsTheBase() throws {
        let bundle = try load("cpc-2014")
        let workflow = bundle.workflow
        #expect(!workflow.provisional)
        #expect(workflow.provisionalNote == nil)
        #expect(workflow.basedOn == nil)
        #expect(workflow.title == "中国共产党发展党员工作细则（2014）")
        #expect(bundle.sources.first?.path.hasSuffix("workflows/cpc-2014.yaml") == true)

        let fileCandidate = try #require(workflow.step("file_candidate"))
        #expect(fileCandidate.name == "报上级党委备案")
        #expect(fileCandidate.requires == ["designate_candidate"])
        #expect(fileCandidate.data.isEmpty)
        #expect(workflow.guards(on: "designate_candidate").map(\.rule).sorted() == ["R3", "R5", "R6", "R7"])
        #expect(workflow.rule("R7")?.basis == "细则（2014）第十三条")
        // Waivable clause by clause: R4's League 推优, R9's introducers being the mentors, R12's
        // departure within 3 months and R17's 3 months are worded "normally"; R9's two
        // introducers and their standing, R12's reviews, R16's talk holder, R17's 6-month cap and
        // approver, R18's oath are not.
        #expect(workflow.rule("R4")?.waivable == true)
        #expect(workflow.waivableClauses(of: "R4") == ["activist-league-recommendation"])
        #expect(workflow.waivableClauses(of: "R12") == ["admission-departure"])
        #expect(workflow.waivableClauses(of: "R9") == ["introducers-are-mentors"])
        #expect(workflow.waivableClauses(of: "R17") == ["admission-window", "admission-approval"])
        for rule in ["R16", "R18", "R7", "R20"] {
            #expect(workflow.waivableClauses(of: rule).isEmpty, "\(rule)")
            #expect(workflow.rule(rule)?.waivable == false, "\(rule)")
        }
        #expect(workflow.guards.filter(\.waivable).map(\.id)
                == ["activist-league-recommendation", "introducers-are-mentors", "admission-departure", "admission-window"])
        // R12: leaving within 3 months of the approval; R16: the talk held by a 委员 or 组织员.
        #expect(try guardDefinition("admission-departure", in: workflow).kind == .departure(step: "expected_departure", within: Duration(3, .months)))
        #expect(try guardDefinition("committee-talk-held-by", in: workflow).kind == .heldBy(roles: [.committeeMember, .organizer]))
        #expect(workflow.step("committee_talk")?.data == [.holder])
        #expect(workflow.step("expected_departure")?.data == [.departure])
        // No time for the filing one level up (R17) nor the archiving (R22) in the 2014 rules.
        #expect(workflow.deadlines.filter { ["file_admission", "archive_materials"].contains($0.step) }.isEmpty)
        // R7 (2014): admission needs the filing with the higher committee.
        let filed = try guardDefinition("admission-candidate-filed", in: workflow)
        #expect(filed.step == "admission_approval")
        #expect(filed.rule == "R7")
        #expect(filed.kind == .stepRecorded(steps: ["file_candidate"], result: nil))
        // R20: the discussion at the end of probation is late after 1 month, a violation after 3.
        let discussion = try deadline("conversion-discussion", in: workflow)
        #expect(discussion.rule == "R20")
        #expect(discussion.after == .probationEnd)
        #expect(discussion.within == Duration(1, .months))
        #expect(discussion.violationAfter == Duration(3, .months))
        #expect(!discussion.waivable)
    }

    // MARK: - cpc-2026

    @Test func cpc2026IsAProvisionalVariantOf2014() throws {
        let bundle = try load("cpc-2026")
        let workflow = bundle.workflow
        #expect(workflow.provisional)
        let note = try #require(workflow.provisionalNote)
        #expect(note.contains("12371.cn"))
        #expect(note.contains("2026-05-18"))
        #expect(note.contains("third-party quotations"))
        #expect(workflow.basedOn == "cpc-2014")
        #expect(workflow.title == "中国共产党发展党员工作细则（2026年修订）")
        #expect(bundle.sources.prefix(2).map { ($0.path as NSString).lastPathComponent } == ["cpc-2026.yaml", "cpc-2014.yaml"])

        // Everything the 2014 rules check, the 2026 rules check too.
        let base = try load("cpc-2014").workflow
        #expect(Set(base.guards.map(\.id)).isSubset(of: Set(workflow.guards.map(\.id))))
        #expect(Set(base.deadlines.map(\.id)).isSubset(of: Set(workflow.deadlines.map(\.id))))
    }

    @Test func cpc2026AsksTheHigherCommitteeToConsentBeforeTheCandidate() throws {
        let workflow = try load("cpc-2026").workflow
        let fileCandidate = try #require(workflow.step("file_candidate"))
        #expect(fileCandidate.number == 8)
        #expect(fileCandidate.name == "报上级党委同意")
        #expect(fileCandidate.requires.isEmpty)
        #expect(fileCandidate.during == ["activist"])
        #expect(fileCandidate.data == [.result])
        #expect(fileCandidate.rules == ["R7"])
        #expect(workflow.step("designate_candidate")?.rules == ["R7", "R8"])
        #expect(workflow.rule("R7")?.basis == "细则（2026）第十三条")
        #expect(workflow.rule("R7")?.name == "确定发展对象")

        let consent = try guardDefinition("candidate-consent", in: workflow)
        #expect(consent.step == "designate_candidate")
        #expect(consent.rule == "R7")
        #expect(consent.kind == .stepRecorded(steps: ["file_candidate"], result: .pass))
        #expect(consent.location.file.hasSuffix("workflows/cpc-2026.yaml"))

        let notice = try guardDefinition("candidate-notice", in: workflow)
        #expect(notice.step == "designate_candidate")
        #expect(notice.rule == "R8")
        #expect(notice.kind == .publicNotice(step: "public_notice", node: "candidate", min: Duration(5, .workingDays)))
    }

    @Test func cpc2026HoldsTheMeetingWithinAMonthOfPreReview() throws {
        let workflow = try load("cpc-2026").workflow
        let rule = try #require(workflow.rule("R12"))
        // "应当": the month after pre-review is mandatory; R12's only waivable clause is the
        // departure within 3 months ("一般").
        #expect(workflow.waivableClauses(of: "R12") == ["admission-departure"])
        #expect(!(try guardDefinition("admission-meeting-after-pre-review", in: workflow).waivable))
        #expect(rule.basis == "细则（2026）第十九条")

        let interval = try guardDefinition("admission-meeting-after-pre-review", in: workflow)
        #expect(interval.step == "admission_approval")
        #expect(interval.rule == "R12")
        #expect(interval.kind == .interval(from: .step("pre_review", latest: false), to: .step("admission_meeting", latest: true),
                                          min: nil, max: Duration(1, .months)))
        #expect(!interval.waivable)

        let meeting = try deadline("admission-meeting", in: workflow)
        #expect(meeting.rule == "R12")
        #expect(meeting.step == "admission_meeting")
        #expect(meeting.after == .step("pre_review", latest: false))
        #expect(meeting.within == Duration(1, .months))
    }

    @Test func cpc2026TakesTheOathWithinAMonthOfApproval() throws {
        let workflow = try load("cpc-2026").workflow
        // Only the month is worded "normally"; the oath itself (conversion-oath) is mandatory.
        #expect(workflow.rule("R18")?.waivable == true)
        #expect(workflow.waivableClauses(of: "R18") == ["oath"])
        let oath = try deadline("oath", in: workflow)
        #expect(oath.rule == "R18")
        #expect(oath.step == "take_oath")
        #expect(oath.after == .step("admission_approval", latest: false))
        #expect(oath.within == Duration(1, .months))
        #expect(!oath.repeats)
    }

    // MARK: - The differences at work

    /// A student's history of the given steps (step, date, data), recorded in that order.
    func history(_ steps: [(String, String, EventData)]) throws -> History {
        let events = try steps.enumerated().map { index, step in
            Event(id: Int64(index + 1), personID: 1, step: step.0, date: try #require(CivilDate(step.1)),
                  recordedAt: "2026-06-01T09:00:00Z", recordedBy: "test", data: step.2, workflowVersion: 1)
        }
        let person = PersonProfile(id: 1, number: "2023001", name: "张三", category: .student, organizationID: 1,
                                   birthDate: CivilDate("2003-09-01"), workflowVersion: 1)
        return History(person: person, events: events)
    }

    /// An activist since 2024-05-06, filed, with two mentors and two assessments.
    func activist(plus more: [(String, String, EventData)] = []) throws -> History {
        try history([
            ("submit_application", "2024-03-01", EventData()),
            ("initial_talk", "2024-03-15", EventData()),
            ("recommendation", "2024-04-01", EventData(method: "members")),
            ("designate_activist", "2024-05-06", EventData()),
            ("file_activist", "2024-05-10", EventData()),
            ("assign_mentors", "2024-05-10", EventData(names: ["王芳", "李强"], statement: "均为正式党员，未受留党察看处分")),
            ("activist_assessment", "2024-11-01", EventData()),
            ("activist_assessment", "2025-05-01", EventData()),
        ] + more)
    }

    func failures(_ name: String, _ step: String, on date: String, history: History) throws -> [String] {
        let engine = Engine(bundle: try load(name))
        let verdict = engine.evaluate(step: step, on: try #require(CivilDate(date)), history: history,
                                      organizations: OrganizationDirectory([]))
        return verdict.failures.map(\.guardID)
    }

    func notice(_ node: String, _ from: String, _ to: String) -> (String, String, EventData) {
        ("public_notice", to, EventData(node: node, from: CivilDate(from), to: CivilDate(to), objections: 0))
    }

    @Test func cpc2026NeedsConsentAndANoticeBeforeTheCandidate() throws {
        #expect(try failures("cpc-2014", "designate_candidate", on: "2026-05-25", history: activist()) == [])
        #expect(try failures("cpc-2026", "designate_candidate", on: "2026-05-25", history: activist())
            == ["candidate-consent", "candidate-notice"])

        // 报上级党委同意 is asked while still an activist (2014: 备案 only after designation).
        #expect(try failures("cpc-2026", "file_candidate", on: "2026-05-06", history: activist()) == [])
        #expect(try failures("cpc-2014", "file_candidate", on: "2026-05-06", history: activist()) == ["order.requires"])

        let refused = ("file_candidate", "2026-05-06", EventData(result: .fail))
        let consented = ("file_candidate", "2026-05-12", EventData(result: .pass))
        // 2026-05-18 (Mon) to 05-22 (Fri): 5 working days; to 05-21: 4.
        #expect(try failures("cpc-2026", "designate_candidate", on: "2026-05-25",
                             history: activist(plus: [refused, notice("candidate", "2026-05-18", "2026-05-22")]))
            == ["candidate-consent"])
        #expect(try failures("cpc-2026", "designate_candidate", on: "2026-05-25",
                             history: activist(plus: [refused, consented, notice("candidate", "2026-05-18", "2026-05-21")]))
            == ["candidate-notice"])
        #expect(try failures("cpc-2026", "designate_candidate", on: "2026-05-25",
                             history: activist(plus: [refused, consented, notice("candidate", "2026-05-18", "2026-05-22")]))
            == [])
    }

    @Test func universityWaitsSixMonthsAndANoticeBeforeTheActivist() throws {
        let applicant: [(String, String, EventData)] = [
            ("submit_application", "2025-09-01", EventData()),
            ("initial_talk", "2025-09-15", EventData()),
            ("recommendation", "2025-10-09", EventData(method: "members")),
        ]
        // Applied 2025-09-01: six months end on 2026-03-01.
        #expect(try failures("cpc-2026", "designate_activist", on: "2026-02-27", history: history(applicant)) == [])
        #expect(try failures("university", "designate_activist", on: "2026-02-27", history: history(applicant))
            == ["activist-six-months", "activist-notice"])
        // 2026-03-02 (Mon) to 03-06 (Fri): 5 working days, ended before 03-09.
        let noticed = try history(applicant + [notice("activist", "2026-03-02", "2026-03-06")])
        #expect(try failures("university", "designate_activist", on: "2026-03-09", history: noticed) == [])
    }

    // MARK: - university

    @Test func universityIsAVariantOf2026() throws {
        let bundle = try load("university")
        let workflow = bundle.workflow
        #expect(workflow.basedOn == "cpc-2026")
        #expect(workflow.title == "某大学发展党员工作实施细则（示例）")
        // Built on provisional rules, it is provisional too.
        #expect(workflow.provisional)
        #expect(workflow.provisionalNote?.contains("12371.cn") == true)
        #expect(bundle.sources.prefix(3).map { ($0.path as NSString).lastPathComponent }
            == ["university.yaml", "cpc-2026.yaml", "cpc-2014.yaml"])
        // The 2026 changes come through.
        #expect(workflow.step("file_candidate")?.name == "报上级党委同意")
        #expect(workflow.guards.contains { $0.id == "candidate-consent" })
        #expect(workflow.guards.contains { $0.id == "admission-meeting-after-pre-review" })

        let base = try load("cpc-2026").workflow
        #expect(Set(base.guards.map(\.id)).isSubset(of: Set(workflow.guards.map(\.id))))
        #expect(Set(base.deadlines.map(\.id)).isSubset(of: Set(workflow.deadlines.map(\.id))))
    }

    @Test func universityRequiresLeagueRecommendationWithoutWaiver() throws {
        let workflow = try load("university").workflow
        #expect(workflow.rule("R4")?.waivable == false)
        #expect(workflow.waivableClauses(of: "R4").isEmpty)
        #expect(workflow.rule("R4")?.name == "团员推优")
        let league = try guardDefinition("activist-league-recommendation", in: workflow)
        #expect(league.step == "designate_activist")
        #expect(league.kind == .recommendation(step: "recommendation", leagueMemberUnder: 28, method: "league"))
    }

    @Test func universityPublishesANoticeAtFourNodes() throws {
        let workflow = try load("university").workflow
        let notices = workflow.guards.compactMap { guardDefinition -> (String, String, String)? in
            guard case .publicNotice(let step, let node, let min) = guardDefinition.kind else { return nil }
            #expect(step == "public_notice")
            #expect(min == Duration(5, .workingDays))
            return (node, guardDefinition.step, guardDefinition.rule)
        }
        let byNode = Dictionary(uniqueKeysWithValues: notices.map { ($0.0, ($0.1, $0.2)) })
        #expect(byNode.count == 4)
        #expect(byNode["activist"]?.0 == "designate_activist")
        #expect(byNode["activist"]?.1 == "R23")
        #expect(byNode["candidate"]?.0 == "designate_candidate")
        #expect(byNode["candidate"]?.1 == "R8")
        // No 入党志愿书 before the notice ends.
        #expect(byNode["admission"]?.0 == "fill_volunteer_form")
        #expect(byNode["admission"]?.1 == "R23")
        #expect(byNode["conversion"]?.0 == "conversion_approval")
        #expect(byNode["conversion"]?.1 == "R23")
    }

    @Test func universityWaitsSixMonthsBeforeTheActivist() throws {
        let workflow = try load("university").workflow
        let interval = try guardDefinition("activist-six-months", in: workflow)
        #expect(interval.step == "designate_activist")
        #expect(interval.rule == "R3")
        #expect(interval.kind == .interval(from: .step("submit_application", latest: false), to: .guarded,
                                          min: Duration(6, .months), max: nil))
        #expect(interval.note?.contains("local") == true)
        #expect(interval.location.file.hasSuffix("workflows/university.yaml"))
    }

    @Test func universityHoldsADefenseBeforeTheAdmissionMeeting() throws {
        let workflow = try load("university").workflow
        let defense = try guardDefinition("admission-defense", in: workflow)
        #expect(defense.step == "admission_meeting")
        #expect(defense.rule == "R24")
        #expect(defense.kind == .stepRecorded(steps: ["defense"], result: .pass))
    }

    @Test func universityKeepsAPoliticalReviewValidForOneYear() throws {
        let workflow = try load("university").workflow
        let review = try guardDefinition("admission-political-review", in: workflow)
        // Merged field by field: the 2014 guard's step, rule and kind, with the local validity.
        #expect(review.step == "admission_approval")
        #expect(review.rule == "R10")
        #expect(review.kind == .review(step: "political_review", validFor: Duration(1, .years)))
        #expect(try guardDefinition("admission-political-review", in: load("cpc-2026").workflow).kind
            == .review(step: "political_review", validFor: nil))
    }

    @Test func universityAssessesProbationQuarterlyAndArchivesWithinAWeek() throws {
        let workflow = try load("university").workflow
        let assessment = try deadline("probation-assessment", in: workflow)
        #expect(assessment.rule == "R19")
        #expect(assessment.step == "probation_assessment")
        #expect(assessment.after == .step("admission_meeting", latest: true))
        #expect(assessment.within == Duration(3, .months))
        #expect(assessment.repeats)
        #expect(assessment.during == ["probationary"])

        let archive = try deadline("archive", in: workflow)
        #expect(archive.rule == "R22")
        #expect(archive.step == "archive_materials")
        #expect(archive.after == .step("conversion_approval", latest: false))
        #expect(archive.within == Duration(7, .days))
        #expect(!archive.repeats)
    }
}

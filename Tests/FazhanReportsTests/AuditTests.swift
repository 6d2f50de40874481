import FazhanCore
import FazhanReports
import Foundation
import Testing

/// What a test expects of one finding: the rule, how bad, where it came from (guard or deadline
/// id), the step and date, and by how many days a time limit was missed.
struct ExpectedFinding: Hashable, Sendable, CustomStringConvertible {
    var rule: String
    var severity: Finding.Severity
    var source: String
    var step: String
    var date: String
    var missedBy: Int? = nil

    var description: String {
        "\(rule) \(severity.rawValue) \(source) \(step) \(date)" + (missedBy.map { " missed by \($0)" } ?? "")
    }
}

extension Finding {
    var expected: ExpectedFinding {
        ExpectedFinding(rule: rule, severity: severity, source: source, step: step, date: date.description, missedBy: missedByDays)
    }
}

/// The auditor on the shipped rule sets: every step replayed through its guards on the history
/// as it stood that day, then every deadline.
@Suite(.english) struct AuditTests {
    let engine: Engine

    init() throws {
        engine = try ReportsFixture.engine("cpc-2014")
    }

    func audit(_ entries: [Entry], asOf: String = "2027-06-30", born: String? = "2005-03-01", engine: Engine? = nil) -> [Finding] {
        audit(PersonHistory(entries, born: born).history, asOf: asOf, engine: engine)
    }

    func audit(_ history: History, asOf: String, engine: Engine? = nil) -> [Finding] {
        Auditor(asOf: day(asOf)).audit(history, engine: engine ?? self.engine, organizations: ReportsFixture.organizations,
                                       organizationCode: ReportsFixture.branchCode)
    }

    // MARK: - A clean history

    @Test func aCleanLifecycleHasNoFindings() {
        #expect(audit(Lifecycle2014.entries).map(\.expected) == [])
    }

    @Test(arguments: ["2024-09-10", "2024-10-16", "2025-06-30", "2025-12-05", "2026-01-20", "2026-12-05", "2026-12-25"])
    func aCleanLifecycleHasNoFindingsOnAnyDayOfIt(asOf: String) {
        #expect(audit(Lifecycle2014.entries.on(orBefore: asOf), asOf: asOf).map(\.expected) == [])
    }

    @Test func aCleanUniversityLifecycleHasNoFindingsBefore2027() throws {
        let university = try ReportsFixture.engine("university")
        #expect(audit(LifecycleUniversity.entries.on(orBefore: "2026-12-31"), asOf: "2026-12-31", engine: university).map(\.expected) == [])
    }

    // MARK: - Rules broken

    @Test(arguments: [
        // born, missed by (nil: no finding)
        ("2006-09-10", nil), ("2006-09-11", 1), ("2007-01-01", 113),
    ] as [(String, Int?)])
    func r1ApplicationBefore18(born: String, missedBy: Int?) throws {
        let findings = audit(Lifecycle2014.entries, born: born)
        let expected = missedBy.map {
            [ExpectedFinding(rule: "R1", severity: .violation, source: "application-age", step: "submit_application", date: "2024-09-10", missedBy: $0)]
        } ?? []
        #expect(findings.map(\.expected) == expected)
        if let finding = findings.first {
            #expect(finding.found == "17 years on 2024-09-10 (born \(born))")
            #expect(finding.personNumber == "2024010101")
            #expect(finding.personName == "李华")
            #expect(finding.organization == "ZB1")
            #expect(finding.workflow == "cpc-2014")
            #expect(finding.ruleName == "入党年龄")
            #expect(finding.stepName == "递交入党申请书")
            #expect(finding.eventID == 1)
            #expect(!finding.imported)
        }
    }

    @Test(arguments: [
        // applied, talked, missed by (nil: on time)
        ("2024-09-10", "2024-10-10", nil),
        ("2024-09-10", "2024-10-11", 1),
        ("2024-09-10", "2024-11-10", 31),
        ("2025-01-31", "2025-02-28", nil),
        ("2025-01-31", "2025-03-01", 1),
    ] as [(String, String, Int?)])
    func r2TheFirstTalkLate(applied: String, talked: String, missedBy: Int?) throws {
        let findings = audit([Entry("submit_application", applied), Entry("initial_talk", talked)], asOf: "2025-06-30")
        let expected = missedBy.map {
            [ExpectedFinding(rule: "R2", severity: .late, source: "first-talk", step: "initial_talk", date: talked, missedBy: $0)]
        } ?? []
        #expect(findings.map(\.expected) == expected)
        if let finding = findings.first {
            #expect(finding.found == "递交入党申请书 on \(applied), 党组织派人谈话 on \(talked)")
            #expect(finding.required == "党组织派人谈话 within 1 month of 递交入党申请书")
            #expect(finding.eventID == 2)
        }
    }

    @Test func r2NoTalkYetIsOverdueFromItsLastDay() throws {
        let findings = audit([Entry("submit_application", "2024-09-10")], asOf: "2024-12-31")
        #expect(findings.map(\.expected) == [
            ExpectedFinding(rule: "R2", severity: .late, source: "first-talk", step: "initial_talk", date: "2024-10-10", missedBy: 82),
        ])
        #expect(findings.first?.eventID == nil)
        #expect(findings.first?.found == "递交入党申请书 on 2024-09-10, no 党组织派人谈话 as of 2024-12-31")
        // On the last day itself nothing is overdue.
        #expect(audit([Entry("submit_application", "2024-09-10")], asOf: "2024-10-10") == [])
    }

    @Test func r6AnAssessmentGapOfMoreThanSixMonths() throws {
        // 2025-04-15, then 2025-12-01 instead of 2025-10-15: 47 days after the last allowed day.
        let findings = audit(Lifecycle2014.entries.replacing("activist_assessment", occurrence: 1, date: "2025-12-01"))
        #expect(findings.map(\.expected) == [
            ExpectedFinding(rule: "R6", severity: .late, source: "activist-assessment", step: "activist_assessment", date: "2025-12-01", missedBy: 47),
        ])
        #expect(findings.first?.found == "培养教育考察 on 2025-12-01, the previous on 2025-04-15")
    }

    @Test func r6AnActivistNotAssessedIsOverdue() throws {
        // Designated 2024-10-16: the first assessment is due by 2025-04-16.
        let findings = audit(Lifecycle2014.entries.through("assign_mentors"), asOf: "2025-06-30")
        #expect(findings.map(\.expected) == [
            ExpectedFinding(rule: "R6", severity: .late, source: "activist-assessment", step: "activist_assessment", date: "2025-04-16", missedBy: 75),
        ])
        #expect(findings.first?.found == "no 培养教育考察 between 2024-10-16 and 2025-06-30")
    }

    @Test(arguments: [
        // candidate designated, missed by
        ("2025-08-16", 61), ("2025-10-15", 1),
    ])
    func r7ACandidateLessThanAYearAfterBecomingAnActivist(date: String, missedBy: Int) throws {
        let findings = audit(Lifecycle2014.entries.replacing("designate_candidate", date: date))
        #expect(findings.map(\.expected) == [
            ExpectedFinding(rule: "R7", severity: .violation, source: "candidate-one-year", step: "designate_candidate", date: date, missedBy: missedBy),
        ])
    }

    @Test(arguments: [
        // the step changed, its data, the rule, the guard, the step it is found on, the date
        ("assign_mentors", EventData(names: ["王老师", "赵老师", "孙老师"], statement: "均为正式党员，未受留党察看处分"), "R5", "candidate-mentors", "designate_candidate", "2025-10-16"),
        ("assign_introducers", EventData(names: ["王老师"], statement: "均为正式党员，未受留党察看处分"), "R9", "admission-introducers", "admission_approval", "2026-01-20"),
        ("political_review", EventData(result: .fail), "R10", "admission-political-review", "admission_approval", "2026-01-20"),
        ("concentrated_training", EventData(days: 2, hours: 16), "R11", "admission-training", "admission_approval", "2026-01-20"),
        ("admission_meeting", EventData(expected: 9, present: 8, votesFor: 4, against: 4), "R14", "admission-majority", "admission_approval", "2026-01-20"),
        ("admission_meeting", EventData(expected: 9, present: 4, votesFor: 4), "R13", "admission-quorum", "admission_approval", "2026-01-20"),
        ("conversion_meeting", EventData(expected: 10, present: 9, votesFor: 5), "R14", "conversion-majority", "conversion_approval", "2026-12-20"),
    ] as [(String, EventData, String, String, String, String)])
    func aRuleBrokenInTheDataOfAStep(changed: String, data: EventData, rule: String, source: String, step: String, date: String) throws {
        let findings = audit(Lifecycle2014.entries.replacing(changed, data: data))
        var expected = [ExpectedFinding(rule: rule, severity: .violation, source: source, step: step, date: date)]
        // 4 present of 9 fail the majority too.
        if source == "admission-quorum" {
            expected.append(ExpectedFinding(rule: "R14", severity: .violation, source: "admission-majority", step: step, date: date))
        }
        #expect(findings.map(\.expected) == expected)
    }

    @Test func r10AMissingPoliticalReview() throws {
        let findings = audit(Lifecycle2014.entries.removing("political_review"))
        #expect(findings.map(\.expected) == [
            // Out of order, not a rule: cites none.
            ExpectedFinding(rule: Check.noRule, severity: .violation, source: "order.requires", step: "branch_committee_review", date: "2025-11-10"),
            ExpectedFinding(rule: "R10", severity: .violation, source: "admission-political-review", step: "admission_approval", date: "2026-01-20"),
        ])
        #expect(findings.last?.found == "no 进行政治审查 recorded")
    }

    @Test(arguments: [
        // approved, reason, findings (after the meeting on 2025-12-05: 3 months end 2026-03-05, 6 months 2026-06-05)
        ("2026-03-05", nil, []),
        ("2026-04-06", nil, [
            ExpectedFinding(rule: "R17", severity: .violation, source: "admission-window", step: "admission_approval", date: "2026-04-06"),
            ExpectedFinding(rule: "R17", severity: .late, source: "admission-approval", step: "admission_approval", date: "2026-04-06", missedBy: 32),
        ]),
        ("2026-04-06", "材料补充", []),
        ("2026-06-05", "材料补充", []),
        ("2026-06-06", "材料补充", [
            ExpectedFinding(rule: "R17", severity: .violation, source: "admission-window", step: "admission_approval", date: "2026-06-06"),
            ExpectedFinding(rule: "R17", severity: .late, source: "admission-approval", step: "admission_approval", date: "2026-06-06", missedBy: 93),
        ]),
    ] as [(String, String?, [ExpectedFinding])])
    func r17ApprovalAfterThreeMonths(approved: String, reason: String?, expected: [ExpectedFinding]) throws {
        // The candidate is assessed again while waiting (R6, every 6 months from 2025-10-15).
        var entries = Lifecycle2014.entries.through("admission_approval")
            .replacing("admission_approval", date: approved, data: EventData(reason: reason))
        entries.insert(Entry("activist_assessment", "2026-03-02"), at: entries.count - 1)
        #expect(audit(entries, asOf: "2026-06-30").map(\.expected) == expected)
    }

    @Test func r17AnApprovalStillAwaitedIsOverdue() throws {
        let findings = audit(Lifecycle2014.entries.through("committee_talk"), asOf: "2026-04-30")
        #expect(findings.map(\.expected) == [
            ExpectedFinding(rule: "R17", severity: .late, source: "admission-approval", step: "admission_approval", date: "2026-03-05", missedBy: 56),
            // Still a candidate, so still due for assessment every 6 months (from 2025-10-15).
            ExpectedFinding(rule: "R6", severity: .late, source: "activist-assessment", step: "activist_assessment", date: "2026-04-15", missedBy: 15),
        ])
    }

    @Test func r18NoOath() throws {
        #expect(audit(Lifecycle2014.entries.removing("take_oath")).map(\.expected) == [
            ExpectedFinding(rule: "R18", severity: .violation, source: "conversion-oath", step: "conversion_approval", date: "2026-12-20"),
        ])
    }

    @Test func r20AConversionMeetingBeforeProbationEnds() throws {
        let findings = audit(Lifecycle2014.entries.replacing("conversion_meeting", date: "2026-12-01"))
        #expect(findings.map(\.expected) == [
            ExpectedFinding(rule: "R20", severity: .violation, source: "conversion-meeting-not-early", step: "conversion_meeting", date: "2026-12-01", missedBy: 4),
            ExpectedFinding(rule: "R20", severity: .violation, source: "conversion-after-probation", step: "conversion_approval", date: "2026-12-20"),
        ])
    }

    @Test func r21AConversionApprovedFourMonthsAfterTheMeeting() throws {
        let entries = Lifecycle2014.entries.replacing("conversion_approval", date: "2027-04-06")
            .replacing("archive_materials", date: "2027-04-10")
        #expect(audit(entries).map(\.expected) == [
            ExpectedFinding(rule: "R21", severity: .violation, source: "conversion-window", step: "conversion_approval", date: "2027-04-06"),
            ExpectedFinding(rule: "R21", severity: .late, source: "conversion-approval", step: "conversion_approval", date: "2027-04-06", missedBy: 32),
        ])
    }

    @Test(arguments: [
        // the notice changed, its period, rule, guard, step found on, date
        (0, "2025-03-17", "2025-03-20", "R23", "activist-notice", "designate_activist", "2025-03-24"),
        (1, "2026-03-16", "2026-03-19", "R8", "candidate-notice", "designate_candidate", "2026-03-24"),
        (2, "2026-04-16", "2026-04-21", "R23", "admission-notice", "fill_volunteer_form", "2026-04-23"),
    ])
    func aNoticeOfFourWorkingDaysAtAUniversity(notice: Int, from: String, to: String, rule: String, source: String, step: String, date: String) throws {
        let university = try ReportsFixture.engine("university")
        var entries = LifecycleUniversity.entries.on(orBefore: "2026-12-31")
        let node = entries.filter { $0.step == "public_notice" }[notice].data.node
        entries = entries.replacing("public_notice", occurrence: notice, data: EventData(node: node, from: day(from), to: day(to)))
        let findings = audit(entries, asOf: "2026-12-31", engine: university)
        #expect(findings.map(\.expected) == [ExpectedFinding(rule: rule, severity: .violation, source: source, step: step, date: date)])
        #expect(findings.first?.found == "公示 \(from) to \(to): 4 working days; only 4 working days")
        #expect(findings.first?.workflow == "university")
    }

    @Test func aRetriedAdmissionVoteWithinSixMonthsAtAUniversity() throws {
        // The vote of 2026-05-08 failed (4 of 应到 9); the branch voted again on 2026-10-08 (R24).
        let university = try ReportsFixture.engine("university")
        let failed = EventData(expected: 9, present: 8, votesFor: 4, against: 4)
        var entries = LifecycleUniversity.entries.through("admission_meeting").replacing("admission_meeting", data: failed)
        entries.append(Entry("admission_meeting", "2026-10-08", EventData(expected: 9, present: 8, votesFor: 8)))
        let findings = audit(entries, asOf: "2026-10-31", engine: university)
        #expect(findings.map(\.expected).contains(
            ExpectedFinding(rule: "R24", severity: .violation, source: "admission-retry-wait", step: "admission_meeting", date: "2026-10-08", missedBy: 31)))
        #expect(findings.filter { $0.rule == "R24" }.count == 1)
    }

    @Test func aFailedAdmissionVoteStartsNoApprovalClock() throws {
        // The vote of 2026-05-08 failed; as of 2026-10-31 the branch is waiting to vote again
        // (from 2026-11-08, R24). No approval is due (R17) and no probation has started (R19);
        // the candidate is still assessed every 6 months (R6, from 2026-03-10).
        let university = try ReportsFixture.engine("university")
        let entries = LifecycleUniversity.entries.through("admission_meeting")
            .replacing("admission_meeting", data: EventData(expected: 9, present: 8, votesFor: 4, against: 4))
        // (The quarterly thought reports, overdue since 2026-06-18, are RegulationsAuditTests'.)
        #expect(audit(entries, asOf: "2026-10-31", engine: university).filter { $0.source != "thought-reports" }.map(\.expected) == [
            ExpectedFinding(rule: "R6", severity: .late, source: "activist-assessment", step: "activist_assessment", date: "2026-09-10", missedBy: 51),
        ])
    }

    @Test func aCandidateAwaitingApprovalOwesNoProbationAssessment() throws {
        // The vote carried on 2026-05-08 but no approval is recorded by 2026-10-31: R17 is
        // overdue; the quarterly probation assessment (R19) is not, the person is no
        // probationary member yet.
        let university = try ReportsFixture.engine("university")
        var entries = LifecycleUniversity.entries.through("committee_talk")
        entries.append(Entry("activist_assessment", "2026-09-01"))
        #expect(audit(entries, asOf: "2026-10-31", engine: university).filter { $0.source != "thought-reports" }.map(\.expected) == [
            ExpectedFinding(rule: "R17", severity: .late, source: "admission-approval", step: "admission_approval", date: "2026-08-08", missedBy: 84),
        ])
    }

    // MARK: - Side paths

    @Test func anExtendedProbationConvertedAtItsNewEndIsClean() throws {
        let extended = Lifecycle2014.entries.through("submit_conversion_application") + [
            Entry("probation_extension", "2026-12-05", EventData(expected: 10, present: 9, votesFor: 9, months: 6)),
            Entry("conversion_meeting", "2027-06-05", EventData(expected: 10, present: 9, votesFor: 9)),
            Entry("conversion_approval", "2027-06-20"),
        ]
        #expect(audit(extended, asOf: "2027-07-31").map(\.expected) == [])
        // Converted on the first end date despite the extension: R20 on the meeting and the approval.
        let early = extended.replacing("conversion_meeting", date: "2026-12-05").replacing("conversion_approval", date: "2026-12-20")
        #expect(audit(early, asOf: "2027-07-31").map(\.expected) == [
            ExpectedFinding(rule: "R20", severity: .violation, source: "conversion-meeting-not-early", step: "conversion_meeting", date: "2026-12-05", missedBy: 182),
            ExpectedFinding(rule: "R20", severity: .violation, source: "conversion-after-probation", step: "conversion_approval", date: "2026-12-20"),
        ])
    }

    @Test func aSecondExtensionIsAViolation() throws {
        let twice = Lifecycle2014.entries.through("submit_conversion_application") + [
            Entry("probation_extension", "2026-12-05", EventData(expected: 10, present: 9, votesFor: 9, months: 6)),
            Entry("probation_extension", "2027-06-05", EventData(expected: 10, present: 9, votesFor: 9, months: 6)),
        ]
        #expect(audit(twice, asOf: "2027-07-31").map(\.expected) == [
            ExpectedFinding(rule: "R20", severity: .violation, source: "order.once", step: "probation_extension", date: "2027-06-05"),
        ])
    }

    @Test func aWithdrawnActivistIsNotOverdueAfterWithdrawing() throws {
        // Designated 2024-10-16, withdrawn 2025-03-01: the first assessment was not yet due.
        let withdrawn = Lifecycle2014.entries.through("assign_mentors") + [Entry("withdrawal", "2025-03-01", EventData(reason: "本人申请撤回"))]
        #expect(audit(withdrawn, asOf: "2026-06-30").map(\.expected) == [])
        // Withdrawn 2025-06-01: the assessment due 2025-04-16 was missed until then (46 days).
        let late = Lifecycle2014.entries.through("assign_mentors") + [Entry("withdrawal", "2025-06-01", EventData(reason: "本人申请撤回"))]
        #expect(audit(late, asOf: "2026-06-30").map(\.expected) == [
            ExpectedFinding(rule: "R6", severity: .late, source: "activist-assessment", step: "activist_assessment", date: "2025-04-16", missedBy: 46),
        ])
    }

    // MARK: - Imported histories

    @Test func aCandidateImportedWithoutEverBeingAnActivist() throws {
        let findings = audit([
            Entry("submit_application", "2024-09-10", imported: true),
            Entry("initial_talk", "2024-09-20", imported: true),
            Entry("designate_candidate", "2025-10-16", imported: true),
        ], asOf: "2025-12-31")
        #expect(findings.map(\.expected) == [
            // The stage is an ordering problem, not R7's: it cites no rule.
            ExpectedFinding(rule: Check.noRule, severity: .violation, source: "order.stage", step: "designate_candidate", date: "2025-10-16"),
            ExpectedFinding(rule: "R3", severity: .violation, source: "candidate-filed-activist", step: "designate_candidate", date: "2025-10-16"),
            ExpectedFinding(rule: "R5", severity: .violation, source: "candidate-mentors", step: "designate_candidate", date: "2025-10-16"),
            ExpectedFinding(rule: "R6", severity: .violation, source: "candidate-assessed", step: "designate_candidate", date: "2025-10-16"),
            ExpectedFinding(rule: "R7", severity: .violation, source: "candidate-one-year", step: "designate_candidate", date: "2025-10-16"),
        ])
        #expect(findings.first?.ruleName == "步骤顺序")
        #expect(findings.allSatisfy { $0.imported })
        #expect(findings.first { $0.source == "order.stage" }?.found == "入党申请人 since 2024-09-10")
    }

    @Test func stepsDatedBeforeTheApplication() throws {
        // The talk is dated before the application it answers: it cannot count, and the
        // application still waits for its talk.
        let findings = audit([
            Entry("initial_talk", "2024-09-05", imported: true),
            Entry("submit_application", "2024-09-10", imported: true),
            Entry("file_activist", "2024-09-20", imported: true),
        ], asOf: "2024-12-31")
        #expect(findings.map(\.expected) == [
            ExpectedFinding(rule: Check.noRule, severity: .violation, source: "order.stage", step: "initial_talk", date: "2024-09-05"),
            ExpectedFinding(rule: Check.noRule, severity: .violation, source: "order.requires", step: "initial_talk", date: "2024-09-05"),
            ExpectedFinding(rule: Check.noRule, severity: .violation, source: "order.requires", step: "file_activist", date: "2024-09-20"),
            ExpectedFinding(rule: "R2", severity: .late, source: "first-talk", step: "initial_talk", date: "2024-10-10", missedBy: 82),
        ])
        #expect(findings.first?.found == "no stage (no application recorded)")
        #expect(findings[2].found == "no 推荐和确定入党积极分子")
    }

    @Test func aStepTheWorkflowDoesNotKnow() throws {
        let findings = audit([Entry("submit_application", "2024-09-10"), Entry("initial_talk", "2024-09-20"),
                              Entry("legacy_step", "2024-09-25", imported: true)], asOf: "2024-10-31")
        #expect(findings.map(\.expected) == [
            ExpectedFinding(rule: "-", severity: .violation, source: "order.step", step: "legacy_step", date: "2024-09-25"),
        ])
    }

    // MARK: - Waived and provisional

    @Test func aWaivedRuleIsReportedAsWaived() throws {
        // A League member becomes an activist on a members' recommendation under a waiver of R4.
        let entries = Lifecycle2014.entries.replacing("recommendation", data: EventData(method: "members"))
        #expect(audit(entries).map(\.expected) == [
            ExpectedFinding(rule: "R4", severity: .violation, source: "activist-league-recommendation", step: "designate_activist", date: "2024-10-16"),
        ])
        var waived = entries
        waived.insert(Entry("waiver", "2024-10-12", EventData(reason: "团组织关系未转入", rule: "R4", approvedBy: "大学党委组织部")), at: 4)
        let findings = audit(waived)
        #expect(findings.map(\.expected) == [
            ExpectedFinding(rule: "R4", severity: .waived, source: "activist-league-recommendation", step: "designate_activist", date: "2024-10-16"),
        ])
        #expect(findings.first?.found.contains("waived: 大学党委组织部 on 2024-10-12") == true)
    }

    @Test func aWaiverOfARuleThatCannotBeWaivedIsAViolation() throws {
        var entries = Lifecycle2014.entries.replacing("designate_candidate", date: "2025-08-16")
        entries.insert(Entry("waiver", "2025-08-01", EventData(reason: "工作需要", rule: "R7", approvedBy: "学院党委")), at: 10)
        #expect(audit(entries).map(\.expected) == [
            ExpectedFinding(rule: "R7", severity: .violation, source: "order.waiver", step: "waiver", date: "2025-08-01"),
            ExpectedFinding(rule: "R7", severity: .violation, source: "candidate-one-year", step: "designate_candidate", date: "2025-08-16", missedBy: 61),
        ])
    }

    @Test func aWaiverOfR17CoversTheLateApprovalDeadlineToo() throws {
        // Approved 2026-05-11, beyond 3 months of the meeting (2025-12-05) but within 6, under a
        // waiver of R17's time limit recorded on 2026-05-01.
        var entries = Lifecycle2014.entries.through("admission_approval").replacing("admission_approval", date: "2026-05-11")
        entries.insert(Entry("activist_assessment", "2026-03-02"), at: entries.count - 1)
        #expect(audit(entries, asOf: "2026-07-31").map(\.expected) == [
            ExpectedFinding(rule: "R17", severity: .violation, source: "admission-window", step: "admission_approval", date: "2026-05-11"),
            ExpectedFinding(rule: "R17", severity: .late, source: "admission-approval", step: "admission_approval", date: "2026-05-11", missedBy: 67),
        ])
        entries.insert(Entry("waiver", "2026-05-01", EventData(reason: "审批权限调整", rule: "R17", approvedBy: "大学党委组织部")), at: entries.count - 1)
        let findings = audit(entries, asOf: "2026-07-31")
        #expect(findings.map(\.expected) == [
            ExpectedFinding(rule: "R17", severity: .waived, source: "admission-window", step: "admission_approval", date: "2026-05-11"),
            ExpectedFinding(rule: "R17", severity: .waived, source: "admission-approval", step: "admission_approval", date: "2026-05-11", missedBy: 67),
        ])
        #expect(findings.last?.found.contains("waived: 大学党委组织部 on 2026-05-01") == true)
        // A waiver whose time ran out before the approval covers neither.
        let expired = entries.replacing("waiver", data: EventData(reason: "审批权限调整", rule: "R17", approvedBy: "大学党委组织部",
                                                                  until: day("2026-05-10")))
        #expect(audit(expired, asOf: "2026-07-31").map(\.severity) == [.violation, .late])
        // Beyond 6 months (2026-06-05) no waiver covers it: the cap is mandatory. (It used to.)
        let pastTheCap = entries.replacing("admission_approval", date: "2026-07-10").replacing("waiver", date: "2026-07-01")
        #expect(audit(pastTheCap, asOf: "2026-07-31").map(\.expected) == [
            ExpectedFinding(rule: "R17", severity: .violation, source: "admission-window", step: "admission_approval", date: "2026-07-10"),
            ExpectedFinding(rule: "R17", severity: .late, source: "admission-approval", step: "admission_approval", date: "2026-07-10", missedBy: 127),
        ])
    }

    @Test func aNoticeReaching2027IsProvisional() throws {
        let university = try ReportsFixture.engine("university")
        #expect(!university.calendar.years.contains(2027))
        let findings = audit(LifecycleUniversity.entries, asOf: "2027-06-30", engine: university)
        #expect(findings.map(\.expected) == [
            ExpectedFinding(rule: "R23", severity: .provisional, source: "conversion-notice", step: "conversion_approval", date: "2027-05-20"),
        ])
    }

    @Test func aTooShortNoticeReaching2027IsStillAViolation() throws {
        let university = try ReportsFixture.engine("university")
        let entries = LifecycleUniversity.entries.replacing(
            "public_notice", occurrence: 3, data: EventData(node: "conversion", from: day("2027-05-10"), to: day("2027-05-11")))
        let findings = audit(entries, asOf: "2027-06-30", engine: university)
        #expect(findings.map(\.expected) == [
            ExpectedFinding(rule: "R23", severity: .violation, source: "conversion-notice", step: "conversion_approval", date: "2027-05-20"),
        ])
        #expect(findings.first?.found.contains("provisional") == true)
    }

    // MARK: - Reproducible

    /// A talk 4 days late, an assessment 47 days late, one introducer: three findings, at
    /// three times. In date order, so that a history cut at a date keeps the same event ids.
    static let flawed = Lifecycle2014.entries
        .replacing("initial_talk", date: "2024-10-14")
        .replacing("activist_assessment", occurrence: 1, date: "2025-12-01")
        .replacing("assign_introducers", data: EventData(names: ["王老师"], statement: "均为正式党员，未受留党察看处分"))
        .inDateOrder()

    @Test func theSameHistoryAndDateGiveTheSameFindings() throws {
        let history = PersonHistory(Self.flawed).history
        let first = audit(history, asOf: "2027-06-30")
        #expect(first.map(\.expected) == [
            ExpectedFinding(rule: "R2", severity: .late, source: "first-talk", step: "initial_talk", date: "2024-10-14", missedBy: 4),
            ExpectedFinding(rule: "R6", severity: .late, source: "activist-assessment", step: "activist_assessment", date: "2025-12-01", missedBy: 47),
            ExpectedFinding(rule: "R9", severity: .violation, source: "admission-introducers", step: "admission_approval", date: "2026-01-20"),
        ])
        #expect(audit(history, asOf: "2027-06-30") == first)
        // The order the store hands the events over in does not matter.
        let shuffled = History(person: history.person, events: history.events.reversed())
        #expect(audit(shuffled, asOf: "2027-06-30") == first)
    }

    @Test(arguments: ["2024-10-15", "2024-10-25", "2025-11-30", "2026-01-19", "2026-01-20", "2026-12-31"])
    func eventsAfterTheAuditDateDoNotChangeIt(asOf: String) throws {
        let everything = PersonHistory(Self.flawed).history
        let thenKnown = PersonHistory(Self.flawed.on(orBefore: asOf)).history
        let findings = audit(everything, asOf: asOf)
        #expect(findings == audit(thenKnown, asOf: asOf))
        #expect(!findings.isEmpty)
        #expect(findings.allSatisfy { $0.date <= day(asOf) })
    }

    @Test func aPastAuditSeesTheOverdueThatWasLaterMadeGood() throws {
        // As of 2025-11-30 the second assessment was 46 days overdue; it was held on 2025-12-01.
        let findings = audit(PersonHistory(Self.flawed).history, asOf: "2025-11-30")
        #expect(findings.map(\.expected).contains(
            ExpectedFinding(rule: "R6", severity: .late, source: "activist-assessment", step: "activist_assessment", date: "2025-10-15", missedBy: 46)))
    }
}

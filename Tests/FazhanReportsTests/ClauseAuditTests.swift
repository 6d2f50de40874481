import FazhanCore
import FazhanReports
import Foundation
import Testing

/// Issue 14 in the audit: the oath after probation (R18), probation ended with no discussion
/// (R20), admission without the filing (R7, 2014), the month from the first pre-review (R12,
/// 2026), mandatory clauses a waiver does not lift, and ordering findings that cite no rule.
@Suite(.english) struct ClauseAuditTests {
    let engine: Engine
    let engine2026: Engine
    let university: Engine

    init() throws {
        engine = try ReportsFixture.engine("cpc-2014")
        engine2026 = try ReportsFixture.engine("cpc-2026")
        university = try ReportsFixture.engine("university")
    }

    func audit(_ entries: [Entry], asOf: String = "2027-06-30", engine: Engine? = nil) -> [Finding] {
        Auditor(asOf: day(asOf)).audit(PersonHistory(entries.inDateOrder()).history, engine: engine ?? self.engine,
                                       organizations: ReportsFixture.organizations, organizationCode: ReportsFixture.branchCode)
    }

    static func waiver(_ rule: String, on date: String) -> Entry {
        Entry("waiver", date, EventData(reason: "特殊情况", rule: rule, approvedBy: "大学党委组织部"))
    }

    // MARK: - R18

    /// Probation runs to 2026-12-05: an oath that day is in time, the day after is a violation.
    @Test(arguments: [("2026-12-04", false), ("2026-12-05", false), ("2026-12-06", true)])
    func anOathAfterProbationIsAViolation(oath: String, found: Bool) {
        let findings = audit(Lifecycle2014.entries.replacing("take_oath", date: oath))
        let expected = found
            ? [ExpectedFinding(rule: "R18", severity: .violation, source: "oath-during-probation", step: "take_oath", date: oath)] : []
        #expect(findings.map(\.expected) == expected)
        if found {
            #expect(findings.first?.found == "入党宣誓 on \(oath), the end of probation on 2026-12-05")
            #expect(findings.first?.ruleName == "入党宣誓")
        }
    }

    /// 2026: the oath "normally" within a month of approval (2026-01-20 → 2026-02-20). A waiver
    /// of R18 lifts that month, never the oath during probation.
    @Test func under2026AWaiverOfR18LiftsOnlyTheMonth() {
        let late = Lifecycle2014.entries.replacing("take_oath", date: "2026-03-02")
        #expect(audit(late, engine: engine2026).filter { $0.rule == "R18" }.map(\.expected) == [
            ExpectedFinding(rule: "R18", severity: .late, source: "oath", step: "take_oath", date: "2026-03-02", missedBy: 10),
        ])
        let waived = audit(late + [Self.waiver("R18", on: "2026-02-25")], engine: engine2026).filter { $0.rule == "R18" }
        #expect(waived.map(\.severity) == [.waived])
        let afterProbation = Lifecycle2014.entries.replacing("take_oath", date: "2026-12-06") + [Self.waiver("R18", on: "2026-02-25")]
        let findings = audit(afterProbation, engine: engine2026).filter { $0.rule == "R18" }
        #expect(findings.contains { $0.source == "oath-during-probation" && $0.severity == .violation })
        #expect(findings.contains { $0.source == "oath" && $0.severity == .waived })
    }

    // MARK: - R20

    /// Probation ends 2026-12-05; no conversion meeting: late after 2027-01-05, a violation
    /// after 2027-03-05.
    @Test(arguments: [
        ("2026-12-05", nil, nil),
        ("2027-01-05", nil, nil),                          // on the last prompt day
        ("2027-01-06", Finding.Severity.late, 1),          // a day late
        ("2027-03-05", Finding.Severity.late, 59),         // on the 3-month day: still late
        ("2027-03-06", Finding.Severity.violation, 60),    // a day past: a violation
        ("2027-06-30", Finding.Severity.violation, 176),
    ] as [(String, Finding.Severity?, Int?)])
    func probationEndedWithNoDiscussion(asOf: String, severity: Finding.Severity?, missedBy: Int?) {
        let entries = Lifecycle2014.entries.on(orBefore: "2026-11-20")
        let findings = audit(entries, asOf: asOf).filter { $0.rule == "R20" }
        let expected = severity.map {
            [ExpectedFinding(rule: "R20", severity: $0, source: "conversion-discussion", step: "conversion_meeting", date: "2027-01-05",
                             missedBy: missedBy)]
        } ?? []
        #expect(findings.map(\.expected) == expected)
        if let finding = findings.first {
            #expect(finding.found == "the end of probation on 2026-12-05, no 支部大会讨论（转正） as of \(asOf)")
            #expect(finding.required.contains("within 1 month"))
            #expect(finding.required.contains("a violation after 3 months (from 2027-03-05)"))
        }
        // Every version carries it.
        for other in [engine2026, university] {
            #expect(audit(entries, asOf: asOf, engine: other).contains { $0.source == "conversion-discussion" } == (severity != nil))
        }
    }

    /// A meeting held late is found on its own date.
    @Test(arguments: [
        ("2026-12-05", nil, nil), ("2027-01-05", nil, nil),
        ("2027-01-06", Finding.Severity.late, 1), ("2027-03-05", Finding.Severity.late, 59), ("2027-03-06", Finding.Severity.violation, 60),
    ] as [(String, Finding.Severity?, Int?)])
    func aConversionMeetingHeldLate(meeting: String, severity: Finding.Severity?, missedBy: Int?) {
        let entries = Lifecycle2014.entries.on(orBefore: "2026-11-20")
            + [Entry("conversion_meeting", meeting, EventData(expected: 10, present: 9, votesFor: 9))]
        let findings = audit(entries, asOf: "2027-03-10").filter { $0.source == "conversion-discussion" }
        let expected = severity.map {
            [ExpectedFinding(rule: "R20", severity: $0, source: "conversion-discussion", step: "conversion_meeting", date: meeting,
                             missedBy: missedBy)]
        } ?? []
        #expect(findings.map(\.expected) == expected)
    }

    @Test func anExtensionOrACancellationIsTheDiscussion() {
        let base = Lifecycle2014.entries.on(orBefore: "2026-11-20")
        let extended = base + [Entry("probation_extension", "2026-12-05", EventData(expected: 10, present: 9, votesFor: 8, months: 6))]
        #expect(!audit(extended, asOf: "2027-06-30").contains { $0.source == "conversion-discussion" })
        // The extension ends 2027-06-05: a month later the discussion is due again.
        #expect(audit(extended, asOf: "2027-07-06").contains { $0.source == "conversion-discussion" && $0.date == day("2027-07-05") })
        let cancelled = base + [Entry("probation_cancellation", "2026-12-10", EventData(expected: 10, present: 9, votesFor: 8, reason: "不合格"))]
        #expect(!audit(cancelled, asOf: "2027-06-30").contains { $0.source == "conversion-discussion" })
    }

    // MARK: - R7 (2014)

    @Test func admissionWithoutTheFilingIsFound() {
        let findings = audit(Lifecycle2014.entries.removing("file_candidate"))
        #expect(findings.map(\.expected) == [
            ExpectedFinding(rule: "R7", severity: .violation, source: "admission-candidate-filed", step: "admission_approval", date: "2026-01-20"),
        ])
        #expect(findings.first?.found == "no 报上级党委备案")
        // Filed after the approval: still a violation on the approval's date.
        let late = audit(Lifecycle2014.entries.replacing("file_candidate", date: "2026-01-21"))
        #expect(late.map(\.source) == ["admission-candidate-filed"])
    }

    // MARK: - R12 (2026)

    @Test func theMonthAfterTheFirstPreReviewInTheAudit() {
        // University: pre-review 2026-04-15, meeting 2026-05-08. A second pre-review on 2026-04-25
        // and the meeting moved to 2026-05-16 (a month and a day after the first).
        let entries = LifecycleUniversity.entries.on(orBefore: "2026-12-31")
            .replacing("admission_meeting", date: "2026-05-16") + [Entry("pre_review", "2026-04-25")]
        let findings = audit(entries, asOf: "2026-12-31", engine: university).filter { $0.rule == "R12" }
        #expect(findings.map(\.expected) == [
            ExpectedFinding(rule: "R12", severity: .late, source: "admission-meeting", step: "admission_meeting", date: "2026-05-16", missedBy: 1),
            ExpectedFinding(rule: "R12", severity: .violation, source: "admission-meeting-after-pre-review", step: "admission_approval",
                            date: "2026-05-20"),
        ])
        // On the day (2026-05-15) nothing is found.
        let onTheDay = LifecycleUniversity.entries.on(orBefore: "2026-12-31")
            .replacing("admission_meeting", date: "2026-05-15") + [Entry("pre_review", "2026-04-25")]
        #expect(audit(onTheDay, asOf: "2026-12-31", engine: university).filter { $0.rule == "R12" }.isEmpty)
    }

    // MARK: - Waivers lift clauses worded "normally" only

    /// The meeting was on 2025-12-05: 3 months end 2026-03-05, 6 months 2026-06-05.
    @Test(arguments: [
        ("2026-03-05", nil),
        ("2026-03-06", Finding.Severity.waived),
        ("2026-06-05", Finding.Severity.waived),
        ("2026-06-06", nil),
    ] as [(String, Finding.Severity?)])
    func aWaiverOfR17StopsAtTheCap(approval: String, severity: Finding.Severity?) {
        let entries = Lifecycle2014.entries.replacing("admission_approval", date: approval) + [Self.waiver("R17", on: "2026-03-01")]
        let findings = audit(entries).filter { $0.rule == "R17" }
        if approval == "2026-06-06" {
            // Past the cap the waiver lifts nothing: the approval is a violation, the deadline late.
            #expect(findings.map(\.expected) == [
                ExpectedFinding(rule: "R17", severity: .violation, source: "admission-window", step: "admission_approval", date: approval),
                ExpectedFinding(rule: "R17", severity: .late, source: "admission-approval", step: "admission_approval", date: approval,
                                missedBy: 93),
            ])
            #expect(!findings.contains { $0.found.contains("waived") })
        } else {
            #expect(Set(findings.map(\.severity)) == Set(severity.map { [$0] } ?? []), "\(findings.map(\.expected))")
            #expect(Set(findings.map(\.source)) == (severity == nil ? [] : ["admission-window", "admission-approval"]))
        }
    }

    @Test func aRecordedWaiverOfAMandatoryClauseLiftsNothing() {
        // One introducer and a waiver of R9 recorded anyway (imported): still a violation.
        let entries = Lifecycle2014.entries.replacing("assign_introducers", data: EventData(names: ["王老师"], statement: "均为正式党员，未受留党察看处分"))
            + [Self.waiver("R9", on: "2025-10-25")]
        let findings = audit(entries)
        #expect(findings.contains { $0.source == "admission-introducers" && $0.severity == .violation })
        #expect(!findings.contains { $0.severity == .waived })
        // The waiver itself stands (R9's "normally the mentors" is worded so) and lifts that clause only.
        #expect(!findings.contains { $0.source == "order.waiver" })
    }

    // MARK: - Ordering findings cite no rule

    @Test func aStepBeforeItsPrerequisiteIsAnOrderingFinding() {
        let findings = audit(Lifecycle2014.entries.replacing("file_activist", date: "2024-10-01"))
        let ordering = findings.filter { $0.source == "order.requires" }
        #expect(!ordering.isEmpty)
        #expect(ordering.allSatisfy { $0.rule == Check.noRule && $0.ruleName == "步骤顺序" })
    }
}

import FazhanCore
import FazhanReports
import Foundation
import Testing

/// Issue 14, "not modelled yet", in the audit: R12's departure within 3 months, R16's talk held
/// by a committee member or 组织员, R17's filing one level up, R22's archiving, and the
/// university's local rules (quarterly thought reports, 答辩 before conversion, re-deliberation
/// after 3 months), each in every rule version that carries it.
@Suite(.english) struct RegulationsAuditTests {
    static let versions = ["cpc-2014", "cpc-2026", "university"]

    func engine(_ version: String) throws -> Engine { try ReportsFixture.engine(version) }

    func audit(_ entries: [Entry], asOf: String = "2027-06-30", engine: Engine) -> [Finding] {
        Auditor(asOf: day(asOf)).audit(PersonHistory(entries.inDateOrder()).history, engine: engine,
                                       organizations: ReportsFixture.organizations, organizationCode: ReportsFixture.branchCode)
    }

    /// The lifecycle each version's fixture follows (the university one has its local steps).
    func lifecycle(_ version: String) -> [Entry] {
        version == "university" ? LifecycleUniversity.entries : Lifecycle2014.entries
    }

    func approvalDate(_ version: String) -> String {
        version == "university" ? "2026-05-20" : "2026-01-20"
    }

    // MARK: - R12: leaving the unit within 3 months

    /// Approved 2026-01-20 (university: 2026-05-20): leaving on the 3-month day is within 3
    /// months, a day later is not.
    @Test(arguments: versions)
    func leavingWithinThreeMonthsOfTheApproval(version: String) throws {
        let engine = try engine(version)
        let approval = day(approvalDate(version))
        let limit = approval.adding(months: 3)
        for (leaving, found) in [(limit.adding(days: -1), true), (limit, true), (limit.adding(days: 1), false),
                                 (approval.adding(days: -10), true)] {
            let departure = Entry("expected_departure", "2025-11-01", EventData(leavingOn: leaving))
            let findings = audit(lifecycle(version) + [departure], engine: engine).filter { $0.rule == "R12" }
            let expected = found
                ? [ExpectedFinding(rule: "R12", severity: .violation, source: "admission-departure", step: "admission_approval",
                                   date: approval.description)] : []
            #expect(findings.map(\.expected) == expected, "\(version), leaving \(leaving)")
            if found, let finding = findings.first {
                #expect(finding.found.hasPrefix("预计离开本单位 on 2025-11-01: leaving on \(leaving)"))
                #expect(finding.required == "not leaving the unit within 3 months of 上级党委审批 on \(approval): expected departure after \(limit)")
            }
        }
    }

    /// The month-end: approved 2026-01-31, 3 months run to 2026-04-30 (clamped), not 2026-05-01.
    @Test func theDepartureMonthsClampToTheMonthEnd() throws {
        let engine = try engine("cpc-2014")
        let base = Lifecycle2014.entries.replacing("admission_approval", date: "2026-01-31")
        for (leaving, found) in [("2026-04-30", true), ("2026-05-01", false)] {
            let findings = audit(base + [Entry("expected_departure", "2026-01-05", EventData(leavingOn: day(leaving)))], engine: engine)
                .filter { $0.source == "admission-departure" }
            #expect(findings.count == (found ? 1 : 0), "leaving \(leaving)")
        }
    }

    /// A later estimate replaces an earlier one; an estimate recorded after the approval does not
    /// count against it; a waiver of R12 lifts the "normally" clause, and only that one.
    @Test(arguments: versions)
    func theLatestEstimateCountsAndAWaiverLiftsIt(version: String) throws {
        let engine = try engine(version)
        let approval = day(approvalDate(version))
        let soon = Entry("expected_departure", "2025-10-01", EventData(leavingOn: approval.adding(months: 1)))
        let later = Entry("expected_departure", "2025-11-05", EventData(leavingOn: approval.adding(years: 2)))
        #expect(audit(lifecycle(version) + [soon, later], engine: engine).filter { $0.rule == "R12" }.isEmpty)
        let afterwards = Entry("expected_departure", approval.adding(days: 1).description, EventData(leavingOn: approval.adding(months: 1)))
        #expect(audit(lifecycle(version) + [afterwards], engine: engine).filter { $0.rule == "R12" }.isEmpty)
        let waived = audit(lifecycle(version) + [soon, ClauseAuditTests.waiver("R12", on: "2025-12-01")], engine: engine)
            .filter { $0.rule == "R12" }
        #expect(waived.map(\.severity) == [.waived])
        #expect(engine.workflow.waivableClauses(of: "R12") == ["admission-departure"])
    }

    // MARK: - R16: who held the committee talk

    @Test(arguments: versions)
    func theCommitteeTalkIsHeldByACommitteeMemberOrAnOrganizer(version: String) throws {
        let engine = try engine(version)
        func talk(_ heldBy: String?, _ role: String?) -> [Finding] {
            let entries = lifecycle(version).replacing("committee_talk", data: EventData(heldBy: heldBy, heldByRole: role))
            return audit(entries, engine: engine).filter { $0.rule == "R16" }
        }
        #expect(talk("李委员", "committee_member").isEmpty)
        #expect(talk("王组织员", "organizer").isEmpty)
        // Recorded before who held it was kept: not judged, no finding.
        #expect(talk(nil, nil).isEmpty)
        let date = lifecycle(version).first { $0.step == "committee_talk" }!.date
        let branch = talk("张书记", "branch")
        #expect(branch.map(\.expected) == [
            ExpectedFinding(rule: "R16", severity: .violation, source: "committee-talk-held-by", step: "committee_talk", date: date),
        ])
        #expect(branch.first?.found == "held by 张书记 (支部成员)")
        #expect(talk("张书记", nil).first?.found == "held by 张书记, role not recorded")
        #expect(engine.workflow.waivableClauses(of: "R16").isEmpty)
    }

    @Test func aNewTalkMustSayWhoHeldIt() throws {
        let engine = try engine("cpc-2014")
        let history = PersonHistory(Lifecycle2014.entries.through("admission_meeting")).history
        #expect(throws: RecordError.self) {
            try engine.validate(step: "committee_talk", on: day("2025-12-15"), data: EventData(), history: history, today: day("2026-01-01"))
        }
        #expect(throws: RecordError.self) {
            try engine.validate(step: "committee_talk", on: day("2025-12-15"), data: EventData(heldBy: "李委员", heldByRole: "chair"),
                                history: history, today: day("2026-01-01"))
        }
        try engine.validate(step: "committee_talk", on: day("2025-12-15"), data: EventData(heldBy: "李委员", heldByRole: "committee_member"),
                            history: history, today: day("2026-01-01"))
        let refused = engine.evaluate(step: "committee_talk", on: day("2025-12-15"), data: EventData(heldBy: "张书记", heldByRole: "branch"),
                                      history: history, organizations: ReportsFixture.organizations)
        #expect(!refused.allowed)
        let check = try #require(refused.checks.first { $0.guardID == "committee-talk-held-by" })
        #expect(check.rule == "R16")
        #expect(check.basis == "细则（2014）第二十二条")
        #expect(check.required == "上级党委派人谈话 held by a 党委委员 or 组织员 (--held-by NAME --held-by-role committee_member|organizer)")
    }

    // MARK: - R17: the committee's vote on each person

    /// More than half of the committee members who should attend (应到) vote for, as R14 asks of
    /// the branch: 6 of 11 and 6 of 10 carry; 5 of 10 (half) and 5 of 11 do not. An approval
    /// recorded before the vote was kept is not judged.
    @Test(arguments: versions)
    func theCommitteeVotesOnEachPerson(version: String) throws {
        let engine = try engine(version)
        func approved(_ vote: EventData?) -> [Finding] {
            let entries = lifecycle(version).replacing("admission_approval", data: vote ?? EventData())
            return audit(entries, engine: engine).filter { $0.source == "admission-committee-vote" }
        }
        for (expected, present, votesFor, carries) in [(11, 10, 6, true), (10, 10, 6, true), (10, 10, 5, false), (11, 8, 5, false)] {
            let findings = approved(EventData(expected: expected, present: present, votesFor: votesFor))
            #expect(findings.map(\.expected) == (carries ? [] : [
                ExpectedFinding(rule: "R17", severity: .violation, source: "admission-committee-vote", step: "admission_approval",
                                date: approvalDate(version)),
            ]), "\(version) \(votesFor) of \(expected)")
            if !carries {
                #expect(findings.first?.found == "上级党委审批 on \(approvalDate(version)): 赞成 \(votesFor) of 应到 \(expected) (实到 \(present))")
            }
        }
        #expect(approved(nil).isEmpty)
        #expect(engine.workflow.step("admission_approval")?.data == [.committeeVote])
        // A new approval must carry the vote.
        let history = PersonHistory(lifecycle(version).through("committee_talk")).history
        #expect(throws: RecordError.self) {
            try engine.validate(step: "admission_approval", on: day(approvalDate(version)), data: EventData(), history: history,
                                today: day("2027-06-30"))
        }
    }

    // MARK: - R17: filed one level up

    /// The 2014 rules (and 2026) state no time for the filing: no finding however late. The
    /// university files within 1 month of the approval.
    @Test(arguments: [("cpc-2014", "2027-01-26", nil), ("cpc-2026", "2027-01-26", nil),
                      ("university", "2026-06-20", nil), ("university", "2026-06-21", 1)] as [(String, String, Int?)])
    func theFilingOneLevelUp(version: String, filed: String, missedBy: Int?) throws {
        let findings = audit(lifecycle(version).replacing("file_admission", date: filed), engine: try engine(version))
            .filter { $0.source == "file-admission" }
        let expected = missedBy.map {
            [ExpectedFinding(rule: "R17", severity: .late, source: "file-admission", step: "file_admission", date: filed, missedBy: $0)]
        } ?? []
        #expect(findings.map(\.expected) == expected)
    }

    /// The university, approved on a month's last day (2026-01-31): filed by 2026-02-28.
    @Test func theFilingMonthClampsToTheMonthEnd() throws {
        let university = try engine("university")
        let workflow = university.workflow
        let deadline = try #require(workflow.deadlines.first { $0.id == "file-admission" })
        #expect(deadline.within.added(to: day("2026-01-31"), calendar: university.calendar).date == day("2026-02-28"))
        #expect(try engine("cpc-2014").workflow.deadlines.allSatisfy { $0.step != "file_admission" })
        #expect(try engine("cpc-2026").workflow.deadlines.allSatisfy { $0.step != "file_admission" })
    }

    // MARK: - R22: archiving

    /// Converted 2027-05-20 at the university: archived by 2027-05-27; the national rules set no time.
    @Test(arguments: [("university", "2027-05-27", nil), ("university", "2027-05-28", 1),
                      ("cpc-2014", "2027-12-01", nil), ("cpc-2026", "2027-12-01", nil)] as [(String, String, Int?)])
    func archivingAfterConversion(version: String, archived: String, missedBy: Int?) throws {
        var entries = lifecycle(version)
        if version != "university" { entries = entries.replacing("conversion_approval", date: "2026-12-20") }
        let findings = audit(entries.replacing("archive_materials", date: archived), asOf: "2027-12-31", engine: try engine(version))
            .filter { $0.rule == "R22" }
        let expected = missedBy.map {
            [ExpectedFinding(rule: "R22", severity: .late, source: "archive", step: "archive_materials", date: archived, missedBy: $0)]
        } ?? []
        #expect(findings.map(\.expected) == expected)
    }

    /// Not archived at all: overdue from the day after the week, at the university only.
    @Test(arguments: [("2027-05-27", false), ("2027-05-28", true)])
    func notArchived(asOf: String, found: Bool) throws {
        let entries = LifecycleUniversity.entries.removing("archive_materials")
        let findings = audit(entries, asOf: asOf, engine: try engine("university")).filter { $0.rule == "R22" }
        #expect(findings.map(\.expected) == (found
            ? [ExpectedFinding(rule: "R22", severity: .late, source: "archive", step: "archive_materials", date: "2027-05-27", missedBy: 1)] : []))
        #expect(audit(Lifecycle2014.entries.removing("archive_materials"), asOf: "2028-06-30", engine: try engine("cpc-2014"))
            .filter { $0.rule == "R22" }.isEmpty)
    }

    @Test func theAgendaListsTheArchivingAtTheUniversityOnly() throws {
        let through = LifecycleUniversity.entries.through("conversion_approval")
        let items = AgendaBuilder(asOf: day("2027-05-21"), horizonDays: 30)
            .items(for: PersonHistory(through).history, engine: try engine("university"), organizations: ReportsFixture.organizations,
                   organizationCode: ReportsFixture.branchCode)
        #expect(items.contains { $0.step == "archive_materials" && $0.rule == "R22" && $0.date == day("2027-05-27") })
        let national = Lifecycle2014.entries.through("conversion_approval")
        let none = AgendaBuilder(asOf: day("2026-12-21"), horizonDays: 30)
            .items(for: PersonHistory(national).history, engine: try engine("cpc-2014"), organizations: ReportsFixture.organizations,
                   organizationCode: ReportsFixture.branchCode)
        #expect(!none.contains { $0.step == "archive_materials" })
    }

    // MARK: - The university's local rules

    /// A thought report every quarter from becoming an activist (2025-03-24): the first due
    /// 2025-06-24. On the day: in time; a day later: late by one day.
    @Test(arguments: [("2025-06-24", nil), ("2025-06-25", 1)] as [(String, Int?)])
    func aThoughtReportEveryQuarter(first: String, missedBy: Int?) throws {
        let entries = LifecycleUniversity.entries.replacing("thought_report", date: first)
        let findings = audit(entries, engine: try engine("university")).filter { $0.source == "thought-reports" }
        let expected = missedBy.map {
            [ExpectedFinding(rule: "R6", severity: .late, source: "thought-reports", step: "thought_report", date: first, missedBy: $0)]
        } ?? []
        #expect(findings.map(\.expected) == expected)
        // The national rules ask for no thought reports at set times.
        #expect(audit(Lifecycle2014.entries.removing("thought_report"), engine: try engine("cpc-2026"))
            .filter { $0.step == "thought_report" }.isEmpty)
    }

    /// Full member on conversion: no more thought reports due after it.
    @Test func thoughtReportsStopAtConversion() throws {
        let findings = audit(LifecycleUniversity.entries, asOf: "2028-06-30", engine: try engine("university"))
        #expect(findings.filter { $0.source == "thought-reports" }.isEmpty)
    }

    /// 答辩 before the conversion meeting, held after the approval (2026-05-20): the one before
    /// admission does not count; one on the approval day does.
    @Test(arguments: [("2026-05-19", true), ("2026-05-20", false), ("2027-05-10", false), ("2027-05-11", true)])
    func aDefenseBeforeConversion(defense: String, found: Bool) throws {
        let entries = LifecycleUniversity.entries.replacing("defense", occurrence: 1, date: defense)
        let findings = audit(entries, engine: try engine("university")).filter { $0.source == "conversion-defense" }
        #expect(findings.map { "\($0.rule) \($0.severity.rawValue) \($0.step) \($0.date)" }
            == (found ? ["R24 violation conversion_meeting 2027-05-10"] : []))
        if found {
            #expect(findings.first?.required == "答辩 recorded with result pass on or after 上级党委审批 (2026-05-20) on or before 2027-05-10")
        }
        #expect(try engine("cpc-2026").workflow.guards.allSatisfy { $0.id != "conversion-defense" })
    }

    /// The university re-deliberates a resolution not approved within 3 months (meeting
    /// 2026-05-08): an approval on 2026-08-08 stands, on 2026-08-09 it is refused even with a
    /// reason (no stretching to 6 months); the national rules accept the reason.
    @Test(arguments: [("university", "2026-08-08", false), ("university", "2026-08-09", true),
                      ("cpc-2026", "2026-08-09", false)])
    func reDeliberationAfterThreeMonths(version: String, approved: String, refused: Bool) throws {
        let engine = try engine(version)
        let entries = LifecycleUniversity.entries.through("committee_talk")
            + [Entry("admission_approval", approved, EventData(reason: "材料补正"))]
        let findings = audit(entries, asOf: "2026-08-31", engine: engine).filter { $0.source == "admission-window" }
        #expect(findings.map(\.severity) == (refused ? [.violation] : []))
        #expect(engine.workflow.waivableClauses(of: "R17").isEmpty == (version == "university"))
    }

    /// Not approved at all: late after 3 months of the latest resolution (the branch deliberates
    /// again), and no 6-month stretch; a new meeting (re-deliberation) restarts the count.
    @Test(arguments: [("2026-08-08", nil), ("2026-08-09", Finding.Severity.late), ("2026-11-09", .late), ("2027-02-28", .late)]
          as [(String, Finding.Severity?)])
    func notApprovedAfterTheResolution(asOf: String, severity: Finding.Severity?) throws {
        let entries = LifecycleUniversity.entries.through("committee_talk")
        let findings = audit(entries, asOf: asOf, engine: try engine("university")).filter { $0.source == "admission-approval" }
        #expect(findings.map(\.severity) == (severity.map { [$0] } ?? []))
        #expect(findings.allSatisfy { $0.required == "上级党委审批 within 3 months of 支部大会讨论" }, "\(findings.map(\.required))")
        let again = entries + [Entry("admission_meeting", "2026-08-05", EventData(expected: 9, present: 8, votesFor: 8))]
        #expect(audit(again, asOf: "2026-11-05", engine: try engine("university")).filter { $0.source == "admission-approval" }.isEmpty)
    }

    /// After 6 months the procedure is redone (university): the resolution of 2026-05-08,
    /// deliberated again on 2026-08-20, lapses after 2026-11-08. An approval imported for
    /// 2026-11-08 stands; one for 2026-11-09 is found under R17 (the re-deliberation kept the
    /// 3-month window), unless the procedure was redone after 2026-11-08; the national rules
    /// have no such clause.
    @Test(arguments: [("university", "2026-11-08", false, false), ("university", "2026-11-09", false, true),
                      ("university", "2026-11-30", true, false), ("cpc-2026", "2026-11-09", false, false)])
    func anApprovalAfterSixMonthsWithoutTheProcedureRedone(version: String, approved: String, redone: Bool, found: Bool) throws {
        let engine = try engine(version)
        var entries = LifecycleUniversity.entries.through("committee_talk")
            + [Entry("admission_meeting", "2026-08-20", EventData(expected: 9, present: 8, votesFor: 8))]
        if redone {
            entries += [
                Entry("branch_committee_review", "2026-11-10"), Entry("pre_review", "2026-11-12"),
                Entry("public_notice", "2026-11-13", EventData(node: "admission", from: day("2026-11-13"), to: day("2026-11-19"))),
                Entry("admission_meeting", "2026-11-23", EventData(expected: 9, present: 8, votesFor: 8)),
                Entry("committee_talk", "2026-11-25", EventData(heldBy: "王组织员", heldByRole: "organizer")),
            ]
        }
        entries.append(Entry("admission_approval", approved, EventData(expected: 11, present: 10, votesFor: 9), imported: true))
        let findings = audit(entries, asOf: "2026-12-31", engine: engine)
        let redo = findings.filter { $0.source == "admission-redo" }
        #expect(redo.map(\.expected) == (found ? [ExpectedFinding(rule: "R17", severity: .violation, source: "admission-redo",
                                                                    step: "admission_approval", date: approved)] : []), "\(version) \(approved)")
        if let finding = redo.first {
            #expect(finding.found.hasPrefix("支部大会讨论 on 2026-05-08, not approved by 2026-11-08; since: no 支部委员会审查 after 2026-11-08"))
            #expect(finding.required.hasPrefix("not approved within 6 months of the resolution (支部大会讨论) on 2026-05-08, the procedure redone"))
        }
        // Nothing else about the approval's timing at the university: the window ran from the
        // re-deliberation, and R12's month from the first pre-review to the first meeting (the
        // redone ones once recorded). The 2026 rules count it to the latest meeting.
        let timing = findings.filter { ["admission-window", "admission-meeting-after-pre-review"].contains($0.source) }
        #expect(timing.map(\.source) == (version == "university" ? [] : ["admission-meeting-after-pre-review"]), "\(timing)")
    }
}

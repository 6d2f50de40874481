import Foundation
import Testing

/// Issue 14's rules as an organizer meets them on the command line: R12's expected departure
/// (waivable), recorded with `--leaving-on`; the committee talk's holder and the committee's vote
/// are covered by the walk-through.
@Suite struct RegulationsCLITests {
    /// Approval asked for 2024-12-10: leaving on 2025-03-10 (the 3-month day) is within 3
    /// months, refused with R12 and its waivable clause named; a waiver of R12 lifts it.
    @Test func leavingWithinThreeMonthsIsNormallyNotAdmitted() throws {
        let walk = try Walk(.cpc2014, refusals: false)
        try walk.apply()
        try walk.becomeActivist()
        try walk.becomeCandidate()
        try walk.prepareAdmission()
        try walk.holdAdmissionMeeting(expected: 9, present: 8, votesFor: 8)
        try walk.sandbox.succeed("record", walk.person, "committee_talk", "--on", "2024-11-25", "--held-by", "李委员", "--held-by-role", "委员")
        let missing = try walk.sandbox.run("record", walk.person, "expected_departure", "--on", "2024-11-26")
        #expect(missing.status == 1 && missing.output.contains("--leaving-on"), "\(missing)")
        try walk.sandbox.succeed("record", walk.person, "预计离开本单位", "--on", "2024-11-26", "--leaving-on", "2025年3月10日")
        let vote = ["--expected", "11", "--present", "10", "--for", "9"]
        let refused = try walk.sandbox.refuse(["advance", walk.person, "--to", "probationary", "--on", "2024-12-10"] + vote, naming: ["R12"])
        #expect(refused.output.contains("预计离开本单位 on 2024-11-26: leaving on 2025-03-10, within 3 months"), "\(refused)")
        #expect(refused.output.contains("R12 (admission-departure)"), "the clause is named as waivable: \(refused)")
        // A later estimate replaces the first: leaving the day after the 3 months is fine.
        try walk.sandbox.succeed("record", walk.person, "expected_departure", "--on", "2024-11-27", "--leaving-on", "2025-03-11")
        let check = try walk.sandbox.run(["check", walk.person, "--to", "probationary", "--on", "2024-12-10", "--format", "json"] + vote)
        #expect(check.status == 0, "\(check)")
        try walk.sandbox.succeed("record", walk.person, "expected_departure", "--on", "2024-11-28", "--leaving-on", "2025-01-15")
        try walk.sandbox.succeed("record", walk.person, "waiver", "--on", "2024-12-01", "--rule", "R12", "--approved-by", "校党委",
                                 "--reason", "毕业前完成发展程序，经党委研究同意")
        try walk.sandbox.run(["advance", walk.person, "--to", "probationary", "--on", "2024-12-10"] + vote).requireSuccess()
    }

    /// The university: a resolution of 2024-11-20 deliberated again on 2025-02-18 and 2025-05-15
    /// is not approved by 2025-05-20 (6 months), so the procedure is redone. Asked on 2025-05-25,
    /// the approval is refused under R17 with every step to record again; once they are recorded
    /// after 2025-05-20 (and R12's month runs from the redone pre-review), it is approved, and
    /// the audit finds nothing.
    @Test func afterSixMonthsTheProcedureIsRedone() throws {
        let walk = try Walk(.university, refusals: false)
        try walk.apply()
        try walk.becomeActivist()
        try walk.becomeCandidate()
        try walk.prepareAdmission()
        try walk.holdAdmissionMeeting(expected: 9, present: 8, votesFor: 8)
        try walk.record("committee_talk", on: "2024-11-25", "--held-by", "王组织员", "--held-by-role", "组织员")
        try walk.holdAdmissionMeeting(expected: 9, present: 8, votesFor: 8, on: "2025-02-18")
        try walk.holdAdmissionMeeting(expected: 9, present: 8, votesFor: 8, on: "2025-05-15")
        let vote = ["--expected", "11", "--present", "10", "--for", "9"]
        let refused = try walk.sandbox.refuse(["advance", walk.person, "--to", "probationary", "--on", "2025-05-25"] + vote, naming: ["R17"])
        #expect(refused.output.contains("支部大会讨论 on 2024-11-20, not approved by 2025-05-20; since: no 支部委员会审查 after 2025-05-20"),
                "\(refused)")
        #expect(refused.output.contains("本校规定"), "the basis names the local rule: \(refused)")
        for fix in ["fazhan record 2021001 branch_committee_review --on DATE", "fazhan record 2021001 pre_review --on DATE",
                    "fazhan record 2021001 public_notice --on DATE --node admission --from DATE --to DATE --objections 0",
                    "fazhan record 2021001 committee_talk --on DATE --held-by … --held-by-role 组织员"] {
            #expect(refused.output.contains(fix), "\(fix): \(refused)")
        }
        // The procedure redone after 2025-05-20: review, pre-review, 公示, meeting, talk.
        try walk.record("branch_committee_review", on: "2025-05-21")
        try walk.record("pre_review", on: "2025-05-22")
        try walk.notice("admission", from: "2025-05-23", to: "2025-05-29")
        try walk.holdAdmissionMeeting(expected: 9, present: 8, votesFor: 8, on: "2025-06-03")
        try walk.record("committee_talk", on: "2025-06-05", "--held-by", "王组织员", "--held-by-role", "组织员")
        try walk.sandbox.run(["advance", walk.person, "--to", "probationary", "--on", "2025-06-10"] + vote).requireSuccess()
        let audit = try walk.sandbox.run("audit", "--as-of", "2025-06-10", "--format", "csv")
        #expect(audit.output.contains("rule"), "\(audit)")
        for clause in ["admission-redo", "admission-meeting-after-pre-review", "admission-window"] {
            #expect(!audit.output.contains(clause), "\(clause): \(audit)")
        }
    }
}

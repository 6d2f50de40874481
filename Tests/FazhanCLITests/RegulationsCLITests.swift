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
}

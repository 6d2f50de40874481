import Foundation
import Testing

/// `fazhan org members`: a branch's full members (党员人数), what R13 judges a meeting's 应到
/// against, run as a binary (issue 14).
@Suite struct RosterCLITests {
    /// A candidate of CS-S1 who has filled in the volunteer form on 2025-12-01 (a legacy import's
    /// rows), ready for the branch meeting; with `meeting`, the meeting held on 2025-12-19, 应到 9.
    private func candidate(meeting: Bool = false) throws -> CLISandbox {
        let sandbox = try CLISandbox()
        try sandbox.setUpUniversity()
        try sandbox.addStudent()
        try sandbox.succeed("record", "2021001", "submit_application", "--on", "2024-03-01")
        var rows = [("designate_activist", "2024-09-10"), ("designate_candidate", "2025-09-15"), ("fill_volunteer_form", "2025-12-01")]
        if meeting { rows.append(("admission_meeting", "2025-12-19")) }
        for (step, date) in rows {
            let data = step == "admission_meeting" ? #"{"expected":9,"present":8,"votesFor":8}"# : "{}"
            let insert = try sandbox.sqlite("""
                INSERT INTO event (person_id, step, occurred_on, recorded_at, recorded_by, data, workflow_version, imported)
                VALUES (1, '\(step)', '\(date)', '2026-01-10T00:00:00Z', 'legacy', '\(data)', 1, 1);
                """)
            try #require(insert.status == 0, "\(insert)")
        }
        return sandbox
    }

    @Test func aCountIsRecordedForABranchOnlyAndListed() throws {
        let sandbox = try CLISandbox()
        try sandbox.setUpUniversity()
        let recorded = try sandbox.succeed("org", "members", "CS-S1", "--full", "12", "--on", "2025-09-01")
        #expect(recorded.stdout == "CS-S1: 12 full members from 2025-09-01\n", "\(recorded)")
        try sandbox.succeed("org", "members", "CS-S1", "--full", "14", "--on", "2026-03-01")
        // A general branch or a committee has no full members who vote: refused, nothing recorded.
        let refused = try sandbox.run("org", "members", "CS", "--full", "30", "--on", "2025-09-01")
        #expect(refused.status == 1 && refused.stderr.contains("only a 党支部"), "\(refused)")
        #expect(try sandbox.run("org", "members", "NOPE", "--full", "3", "--on", "2025-09-01").status == 1)
        let before = try sandbox.succeed("org", "members", "--list", "--as-of", "2025-08-31", "--format", "json").array()
        #expect(before.isEmpty)
        let listed = try sandbox.succeed("org", "members", "--list", "--as-of", "2026-02-28", "--format", "json").array()
        #expect(listed.map { $0["fullMembers"] as? Int } == [12], "\(listed)")
        let csv = try sandbox.succeed("org", "members", "--list", "--as-of", "2026-03-01", "--format", "csv")
        #expect(csv.stdout.contains("CS-S1,14,2026-03-01"), "\(csv)")
        let table = try sandbox.succeed("org", "members", "--list", "--as-of", "2026-03-01")
        #expect(table.stdout.contains("full members"), "\(table)")
        #expect(try sandbox.succeed("verify").status == 0)
    }

    @Test(arguments: [
        ["org", "members", "CS-S1", "--full", "10001", "--on", "2025-09-01"], ["org", "members", "CS-S1", "--full", "3"],
        ["org", "members", "CS-S1", "--on", "2025-09-01"], ["org", "members", "CS-S1", "--full", "3", "--on", "2025-09-01", "--list"],
        ["org", "members"], ["org", "members", "--format", "json"], ["org", "members", "--list", "--dry-run"],
        ["org", "members", "CS-S1", "--full", "3", "--on", "2025-02-30"],
    ])
    func badArgumentsAreUsageErrors(_ arguments: [String]) throws {
        let sandbox = try CLISandbox()
        try sandbox.setUpUniversity()
        let result = try sandbox.run(arguments)
        #expect(result.status == 64, "\(result)")
        #expect(try sandbox.succeed("org", "members", "--list", "--as-of", "2026-06-30", "--format", "json").array().isEmpty)
    }

    @Test func countsFromACSVAreAllOrNothing() throws {
        let sandbox = try CLISandbox()
        try sandbox.setUpUniversity()
        let bad = try sandbox.write("\u{FEFF}组织代码,正式党员,生效日期\r\nCS-S1,12,2025-09-01\r\nCS,30,2025-09-01\r\nCS-S1,-3,2026-02-30\r\n",
                                    to: "bad.csv")
        let refused = try sandbox.run("org", "members", "--import", bad)
        #expect(refused.status == 1, "\(refused)")
        #expect(refused.output.contains("line 3, organization: CS is not a 党支部"), "\(refused)")
        #expect(refused.output.contains("line 4, full"), "\(refused)")
        #expect(refused.output.contains("line 4, on"), "\(refused)")
        #expect(try sandbox.succeed("org", "members", "--list", "--as-of", "2026-06-30", "--format", "json").array().isEmpty)
        let good = try sandbox.write("organization,full,on\nCS-S1,12,2025-09-01\n", to: "good.csv")
        let dry = try sandbox.succeed("org", "members", "--import", good, "--dry-run")
        #expect(dry.stdout.contains("1 counts would be recorded"))
        #expect(try sandbox.succeed("org", "members", "--list", "--as-of", "2026-06-30", "--format", "json").array().isEmpty)
        try sandbox.succeed("org", "members", "--import", good)
        let listed = try sandbox.succeed("org", "members", "--list", "--as-of", "2026-06-30", "--format", "json").array()
        #expect(listed.map { $0["fullMembers"] as? Int } == [12])
    }

    @Test func aMeetingBeyondTheRosterIsRefusedWithItsFixesAndAtTheRosterRecorded() throws {
        let sandbox = try candidate()
        // No count recorded: not judged (the verdict's check says so: see the conformance tests), recorded.
        let unjudged = try sandbox.run("record", "2021001", "admission_meeting", "--on", "2025-12-18", "--expected", "9", "--present", "8",
                                       "--for", "8")
        #expect(unjudged.status == 0, "\(unjudged)")
        try sandbox.succeed("org", "members", "CS-S1", "--full", "8", "--on", "2025-09-01")
        // Counted from the day after the meeting: does not apply to it.
        try sandbox.succeed("org", "members", "CS-S1", "--full", "20", "--on", "2025-12-20")
        let refused = try sandbox.run("record", "2021001", "admission_meeting", "--on", "2025-12-19", "--expected", "9", "--present", "8",
                                      "--for", "8")
        #expect(refused.status == 1, "\(refused)")
        #expect(refused.output.contains("R13") && refused.output.contains("应到 9") && refused.output.contains("recorded 8 full members"),
                "\(refused)")
        #expect(refused.output.contains("fazhan org members … --full … --on DATE"), "\(refused)")
        #expect(refused.output.contains("fazhan record 2021001 admission_meeting --on 2025-12-19 --expected … --present … --for …"),
                "\(refused)")
        // 应到 equal to the full members passes.
        try sandbox.succeed("record", "2021001", "admission_meeting", "--on", "2025-12-19", "--expected", "8", "--present", "8", "--for", "8")
    }

    @Test func theAuditFindsRecordedMeetingsBeyondTheRoster() throws {
        let sandbox = try candidate(meeting: true)
        func r13() throws -> [[String: Any]] {
            let audit = try sandbox.run("audit", "--as-of", "2026-06-30", "--format", "json")
            let findings = try #require(try audit.object()["findings"] as? [[String: Any]])
            return findings.filter { ($0["source"] as? String)?.hasSuffix("-roster") == true }
        }
        #expect(try r13().isEmpty)
        try sandbox.succeed("org", "members", "CS-S1", "--full", "8", "--on", "2025-01-01")
        let found = try r13()
        #expect(found.count == 1, "\(found)")
        #expect(found.first?["rule"] as? String == "R13")
        #expect((found.first?["found"] as? String)?.contains("应到 9") == true, "\(found)")
        try sandbox.succeed("org", "members", "CS-S1", "--full", "9", "--on", "2025-01-01")
        #expect(try r13().isEmpty)
    }
}

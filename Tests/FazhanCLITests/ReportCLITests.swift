import Foundation
import Testing

/// `fazhan report quarterly` and the data it is measured against, run as a binary.
@Suite struct ReportCLITests {
    /// One student admitted: meeting 2025-12-19 (2025Q4), approval 2026-01-10 (2026Q1).
    private func admitted() throws -> CLISandbox {
        let sandbox = try CLISandbox()
        try sandbox.setUpUniversity(workflow: "university")
        try sandbox.addStudent()
        try sandbox.succeed("record", "2021001", "submit_application", "--on", "2024-03-01")
        // The rest of the history as a legacy import would write it: the report counts what is recorded.
        let rows = [
            ("designate_activist", "2024-09-10"), ("designate_candidate", "2025-09-15"), ("admission_meeting", "2025-12-19"),
            ("admission_approval", "2026-01-10"),
        ]
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

    @Test func aQuarterIsReportedAsItStoodWithItsTargets() throws {
        let sandbox = try admitted()
        try sandbox.succeed("enrollment", "set", "CS", "--students", "40", "--staff", "5", "--on", "2025-09-01")
        try sandbox.succeed("plan", "set", "CS", "--year", "2026", "--category", "student", "--quota", "4")
        try sandbox.succeed("org", "grade", "CS-S1", "--year", "2026", "--grade", "先进", "--strongest")
        let q1 = try sandbox.succeed("report", "quarterly", "--quarter", "2026Q1", "--org", "CS", "--format", "json").object()
        let targets = try #require(q1["targets"] as? [[String: Any]])
        let members = try #require(targets.first { $0["id"] as? String == "student-members" })
        // 1 student member of 40 enrolled: 2.50%; one more reaches 5.00% ≥ 3.83%.
        #expect(members["status"] as? String == "short", "\(members)")
        #expect(members["shortfall"] as? Int == 1)
        #expect(members["message"] as? String == "2.50%, target 3.83%: 1 more needed")
        let plans = try #require(q1["plans"] as? [[String: Any]])
        #expect(plans.first?["admitted"] as? Int == 1)
        // In 2025Q4 the same person was still a candidate: no members, no admission.
        let q4 = try sandbox.succeed("report", "quarterly", "--quarter", "2025Q4", "--org", "CS", "--format", "json").object()
        let q4Members = try #require((q4["targets"] as? [[String: Any]])?.first { $0["id"] as? String == "student-members" })
        #expect(q4Members["message"] as? String == "0.00%, target 3.83%: 2 more needed")
        // The annual report and the table print.
        let year = try sandbox.succeed("report", "quarterly", "--year", "2026", "--org", "CS")
        #expect(year.stdout.contains("2026-01-01 to 2026-12-31") || year.stdout.contains("2026 (2026-01-01 to 2026-12-31)"), "\(year)")
    }

    @Test func theHTMLPageIsWrittenWhereAsked() throws {
        let sandbox = try admitted()
        let page = sandbox.directory.appendingPathComponent("q1.html").path
        try sandbox.succeed("report", "quarterly", "--quarter", "2026Q1", "--format", "html", "--output", page)
        let html = try String(contentsOfFile: page, encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("2026Q1"))
        #expect(html.components(separatedBy: "<svg").count - 1 >= 3)
        let csv = try sandbox.succeed("report", "quarterly", "--quarter", "2026Q1", "--format", "csv")
        #expect(csv.stdoutBytes.starts(with: [0xEF, 0xBB, 0xBF]))
    }

    @Test(arguments: [
        ["report", "quarterly", "--quarter", "2026Q5"], ["report", "quarterly", "--quarter", "2026Q1", "--year", "2026"],
        ["report", "quarterly", "--from", "2026-01-01"], ["enrollment", "set", "CS", "--students", "-1", "--on", "2026-01-01"],
        ["org", "grade", "CS-S1", "--year", "2026", "--grade", "优秀"],
    ])
    func badArgumentsAreUsageErrors(_ arguments: [String]) throws {
        let sandbox = try CLISandbox()
        try sandbox.setUpUniversity()
        let result = try sandbox.run(arguments)
        #expect(result.status == 64, "\(result)")
    }

    @Test func withoutAPeriodTheLastCompleteQuarterIsReportedAndAQuarterNotOverSaysSo() throws {
        let sandbox = try admitted()
        for (today, quarter) in [("2026-12-04", "2026Q3"), ("2026-01-01", "2025Q4"), ("2026-03-31", "2025Q4"), ("2026-04-01", "2026Q1")] {
            let chosen = try sandbox.run(["report", "quarterly", "--format", "json"], environment: ["FAZHAN_TODAY": today])
            #expect(chosen.status == 0, "\(chosen)")
            #expect(chosen.stderr.contains("note: no period given: the last complete quarter, \(quarter)"), "\(chosen)")
            let named = try sandbox.run(["report", "quarterly", "--quarter", quarter, "--format", "json"], environment: ["FAZHAN_TODAY": today])
            #expect(named.stdout == chosen.stdout)
            #expect(!named.stderr.contains("note:"), "\(named)")
        }
        let current = try sandbox.run(["report", "quarterly", "--quarter", "2026Q4"], environment: ["FAZHAN_TODAY": "2026-12-04"])
        #expect(current.status == 0, "\(current)")
        #expect(current.stderr.contains("note: the period is not over until 2026-12-31; its figures count what is recorded up to today, 2026-12-04"),
                "\(current)")
    }

    @Test func enrollmentFromACSVIsAllOrNothing() throws {
        let sandbox = try CLISandbox()
        try sandbox.setUpUniversity()
        let bad = try sandbox.write("\u{FEFF}组织代码,在校生,教职工,生效日期\r\nCS,4200,310,2025-09-01\r\nXX,10,,2025-09-01\r\nCS,-3,,2026-02-30\r\n",
                                    to: "bad.csv")
        let refused = try sandbox.run("enrollment", "import", bad)
        #expect(refused.status == 1, "\(refused)")
        #expect(refused.output.contains("line 3, organization"), "\(refused)")
        #expect(refused.output.contains("line 4, students"), "\(refused)")
        #expect(refused.output.contains("line 4, on"), "\(refused)")
        #expect(try sandbox.succeed("enrollment", "list", "--as-of", "2026-06-30", "--format", "json").array().isEmpty)
        let good = try sandbox.write("organization,students,on\nCS,4200,2025-09-01\nUNI,30000,2025-09-01\n", to: "good.csv")
        let dry = try sandbox.succeed("enrollment", "import", good, "--dry-run")
        #expect(dry.stdout.contains("2 counts would be recorded"))
        #expect(try sandbox.succeed("enrollment", "list", "--as-of", "2026-06-30", "--format", "json").array().isEmpty)
        try sandbox.succeed("enrollment", "import", good)
        let listed = try sandbox.succeed("enrollment", "list", "--as-of", "2026-06-30", "--format", "json").array()
        #expect(listed.map { $0["students"] as? Int } == [4200, 30000])
    }

    @Test func onlyBranchesAreGradedAndUnknownOrganizationsRefused() throws {
        let sandbox = try CLISandbox()
        try sandbox.setUpUniversity()
        #expect(try sandbox.run("org", "grade", "CS", "--year", "2026", "--grade", "先进").status == 1)
        #expect(try sandbox.run("enrollment", "set", "NOPE", "--students", "10", "--on", "2026-01-01").status == 1)
        #expect(try sandbox.run("report", "quarterly", "--quarter", "2026Q1", "--org", "NOPE").status == 1)
        try sandbox.succeed("enrollment", "set", "CS", "--students", "10", "--on", "2026-01-01")
        let listed = try sandbox.succeed("enrollment", "list", "--as-of", "2026-06-30", "--format", "json").array()
        #expect(listed.first?["students"] as? Int == 10)
        #expect(try sandbox.succeed("enrollment", "list", "--as-of", "2025-12-31", "--format", "json").array().isEmpty)
    }
}

import Foundation
import Testing

/// `fazhan audit` and `fazhan agenda` run as a binary: exit codes for scripts, the JSON they
/// print, and the side paths recorded through `record`.
@Suite struct AuditAgendaCLITests {
    /// An applicant whose first talk is late (R2), recorded through the guards.
    private func lateTalk() throws -> CLISandbox {
        let sandbox = try CLISandbox()
        try sandbox.setUpUniversity()
        try sandbox.addStudent()
        try sandbox.succeed("record", "2021001", "submit_application", "--on", "2026-09-01")
        try sandbox.succeed("record", "2021001", "initial_talk", "--on", "2026-10-15")
        return sandbox
    }

    @Test func aLateStepIsFoundButOnlyAViolationFailsTheAudit() throws {
        let sandbox = try lateTalk()
        let audit = try sandbox.run("audit", "--as-of", "2026-11-20", "--format", "json")
        #expect(audit.status == 0, "late is not a violation: \(audit)")
        let report = try audit.object()
        #expect(report["peopleAudited"] as? Int == 1)
        #expect(report["asOf"] as? String == "2026-11-20")
        let workflows = try #require(report["workflows"] as? [[String: Any]])
        #expect(workflows.first?["workflowID"] as? String == "cpc-2014")
        let findings = try #require(report["findings"] as? [[String: Any]])
        #expect(findings.count == 1, "\(findings)")
        #expect(findings.first?["rule"] as? String == "R2")
        #expect(findings.first?["severity"] as? String == "late")
        // Due 2026-10-01 (one month after 2026-09-01), held 2026-10-15: 14 days late.
        #expect(findings.first?["missedByDays"] as? Int == 14)
    }

    @Test func anImportedLikeViolationMakesTheAuditExitOne() throws {
        let sandbox = try lateTalk()
        // A stage entered out of the guards' reach: written straight into the log, as a legacy
        // import would, with no recommendation before becoming an activist (R3).
        let insert = try sandbox.sqlite("""
            INSERT INTO event (person_id, step, occurred_on, recorded_at, recorded_by, data, workflow_version, imported)
            VALUES (1, 'designate_activist', '2026-11-02', '2026-11-02T00:00:00Z', 'legacy', '{}', 1, 1);
            """)
        #expect(insert.status == 0, "\(insert)")
        let audit = try sandbox.run("audit", "--as-of", "2026-11-20")
        #expect(audit.status == 1, "\(audit)")
        #expect(audit.stdout.contains("R3"), "\(audit)")
        #expect(audit.stdout.contains("violation (imported)"), "\(audit)")
        let csv = try sandbox.run("audit", "--as-of", "2026-11-20", "--format", "csv")
        #expect(csv.status == 1)
        #expect(csv.stdoutBytes.starts(with: [0xEF, 0xBB, 0xBF]), "Excel-ready CSV starts with a BOM")
    }

    @Test func theAgendaListsWhatIsDueOverdueFirst() throws {
        let sandbox = try CLISandbox()
        try sandbox.setUpUniversity()
        try sandbox.addStudent()
        try sandbox.addStudent(number: "2021002", name: "李四")
        try sandbox.succeed("record", "2021001", "submit_application", "--on", "2026-09-01")
        try sandbox.succeed("record", "2021002", "submit_application", "--on", "2026-11-10")
        let agenda = try sandbox.succeed("agenda", "--as-of", "2026-11-20", "--within", "30d", "--format", "json").array()
        #expect(agenda.map { $0["personNumber"] as? String } == ["2021001", "2021002"], "\(agenda)")
        #expect(agenda.first?["overdue"] as? Bool == true)
        #expect(agenda.first?["date"] as? String == "2026-10-01")
        #expect(agenda.last?["date"] as? String == "2026-12-10")
        #expect(agenda.last?["daysLeft"] as? Int == 20)
        // A horizon of 10 days leaves out what is due later, not what is overdue.
        let near = try sandbox.succeed("agenda", "--as-of", "2026-11-20", "--within", "10d", "--format", "json").array()
        #expect(near.map { $0["personNumber"] as? String } == ["2021001"])
        let bad = try sandbox.run("agenda", "--within", "soon")
        #expect(bad.status == 64, "\(bad)")
    }

    @Test func withdrawalNeedsAReasonAndLeavesTheActiveLists() throws {
        let sandbox = try CLISandbox()
        try sandbox.setUpUniversity()
        try sandbox.addStudent()
        try sandbox.succeed("record", "2021001", "submit_application", "--on", "2026-09-01")
        try sandbox.refuse("record", "2021001", "withdrawal", "--on", "2026-10-01", naming: [])
        try sandbox.succeed("record", "2021001", "withdrawal", "--on", "2026-10-01", "--reason", "本人申请撤回")
        #expect(try sandbox.succeed("person", "list", "--format", "json").array().isEmpty)
        let all = try sandbox.succeed("person", "list", "--all", "--format", "json").array()
        #expect(all.first?["stage"] as? String == "withdrawn")
        #expect(try sandbox.succeed("agenda", "--as-of", "2026-11-20", "--format", "json").array().isEmpty)
    }

    @Test func aWaiverOfARuleWordedNormallyIsRecordedAndOthersAreRefused() throws {
        let sandbox = try CLISandbox()
        try sandbox.setUpUniversity()
        try sandbox.addStudent()
        try sandbox.succeed("record", "2021001", "submit_application", "--on", "2023-03-01")
        try sandbox.refuse("record", "2021001", "waiver", "--on", "2023-04-01", "--rule", "R7", "--approved-by", "校党委组织部",
                           "--reason", "试图豁免", naming: ["R7"])
        try sandbox.succeed("record", "2021001", "waiver", "--on", "2023-04-01", "--rule", "R4", "--approved-by", "校党委组织部",
                            "--reason", "团组织关系转接中")
        try sandbox.succeed("record", "2021001", "initial_talk", "--on", "2023-03-15")
        try sandbox.succeed("record", "2021001", "recommendation", "--on", "2023-08-20", "--method", "members")
        // No League 推优, but R4 is waived: the advance passes and the audit lists the waiver.
        try sandbox.succeed("advance", "2021001", "--to", "activist", "--on", "2023-09-15")
        let report = try sandbox.run("audit", "--as-of", "2023-09-30", "--format", "json").object()
        let findings = try #require(report["findings"] as? [[String: Any]])
        #expect(findings.contains { $0["rule"] as? String == "R4" && $0["severity"] as? String == "waived" }, "\(findings)")
    }
}

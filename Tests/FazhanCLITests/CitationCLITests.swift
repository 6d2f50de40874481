import Foundation
import Testing

/// Issue 14 at the command line: refusals cite the rule that refuses them or say plainly that
/// no rule does, a waiver of a mandatory clause is refused, and waivability written on a rule
/// is reported at its line.
@Suite struct CitationCLITests {
    @Test func aSecondApplicationIsAnOrderingProblemNotR1() throws {
        let sandbox = try CLISandbox()
        try sandbox.setUpUniversity()
        try sandbox.addStudent()
        try sandbox.succeed("record", "2021001", "submit_application", "--on", "2023-03-01")
        let before = try sandbox.eventCount()
        let result = try sandbox.run("record", "2021001", "submit_application", "--on", "2023-04-01")
        #expect(result.status == 1, "\(result)")
        // R1's age check is listed and passes; what fails cites no rule.
        let failing = result.output.components(separatedBy: "\n").filter { $0.hasPrefix("✗") }
        #expect(failing.count == 1 && failing.allSatisfy { !mentionsRule($0, "R1") && $0.contains("步骤顺序") }, "\(result)")
        #expect(!result.output.contains("basis: R1"), "a second application is not refused by R1: \(result)")
        #expect(result.output.contains("✓  R1"), "\(result)")
        #expect(result.output.contains("步骤顺序"), "\(result)")
        #expect(result.output.contains("顺序问题，不是规则"), "\(result)")
        #expect(try sandbox.eventCount() == before)
    }

    @Test func aTransferToAnUnknownOrganizationIsADataProblem() throws {
        let sandbox = try CLISandbox()
        try sandbox.setUpUniversity()
        try sandbox.addStudent()
        try sandbox.succeed("record", "2021001", "submit_application", "--on", "2023-03-01")
        let result = try sandbox.run("record", "2021001", "transfer", "--on", "2023-04-01", "--organization", "NOPE")
        #expect(result.status == 1, "\(result)")
        #expect(result.output.contains("数据问题，不是规则"), "\(result)")
        #expect(result.output.contains("no organization with code NOPE"), "\(result)")
        #expect(!result.output.contains("transfer: "), "\(result)")
    }

    @Test func aWaiverOfARuleWithNoClauseWordedNormallyIsRefused() throws {
        let sandbox = try CLISandbox()
        try sandbox.setUpUniversity()
        try sandbox.addStudent()
        try sandbox.succeed("record", "2021001", "submit_application", "--on", "2023-03-01")
        let result = try sandbox.run("record", "2021001", "waiver", "--on", "2023-04-01", "--rule", "R10",
                                     "--approved-by", "校党委组织部", "--reason", "政审材料待补")
        #expect(result.status == 1, "\(result)")
        #expect(mentionsRule(result.output, "R10"), "\(result)")
        #expect(result.output.contains("every clause is mandatory"), "\(result)")
        // R4's League 推优 is worded "normally": its waiver is recorded.
        try sandbox.succeed("record", "2021001", "waiver", "--on", "2023-04-01", "--rule", "R4",
                            "--approved-by", "校党委组织部", "--reason", "团组织关系已转出")
    }

    @Test func waivableOnARuleIsReportedAtItsLine() throws {
        let sandbox = try CLISandbox()
        let text = try String(contentsOf: workflowsFolder.appendingPathComponent("cpc-2014.yaml"), encoding: .utf8)
        let old = "R9:  {name: 入党介绍人, basis: 细则（2014）第十四条}"
        #expect(text.contains(old))
        let bad = text.replacingOccurrences(of: old, with: "R9:  {name: 入党介绍人, basis: 细则（2014）第十四条, waivable: true}")
        let path = try sandbox.write(bad, to: "old-style.yaml")
        let line = try #require(bad.components(separatedBy: "\n").firstIndex { $0.contains("waivable: true}") }) + 1
        let result = try sandbox.run("workflow", "validate", path)
        #expect(result.status == 1, "\(result)")
        #expect(result.output.contains("old-style.yaml:\(line):"), "\(result)")
        #expect(result.output.contains("rules.R9.waivable"), "\(result)")
        #expect(result.output.contains("waivability belongs to the clause"), "\(result)")
    }
}

import Foundation
import Testing

/// A refusal names the command that would put each failing check right (issue 15).
@Suite struct FixCommandCLITests {
    @Test func aRefusalNamesTheCommandsThatWouldPutItRight() throws {
        let sandbox = try CLISandbox()
        try sandbox.setUpUniversity()
        try sandbox.addStudent(number: "2021001", name: "张三")
        try sandbox.succeed("record", "2021001", "submit_application", "--on", "2023-03-01")
        let check = try sandbox.run("check", "2021001", "--on", "2023-03-10")
        #expect(check.status == 1)
        let lines = check.stdout.split(separator: "\n").map(String.init)
        let fixes = Array(lines.drop { !$0.hasPrefix("to put it right") }.dropFirst())
        // R2: the talk is missing; R3: the recommendation, with the method its data needs; R4: the
        // League's 推优, or (worded "normally") the committee's waiver.
        #expect(fixes.contains("  R2  fazhan record 2021001 initial_talk --on DATE"), "\(check.stdout)")
        #expect(fixes.contains("  R3  fazhan record 2021001 recommendation --on DATE --method league"), "\(check.stdout)")
        #expect(fixes.contains("  R4  fazhan record 2021001 waiver --on DATE --rule R4 --reason … --approved-by …"), "\(check.stdout)")
        #expect(Set(fixes).count == fixes.count, "a command is given once: \(fixes)")

        // What the commands say, done: the same check passes.
        try sandbox.succeed("record", "2021001", "initial_talk", "--on", "2023-03-05", "--names", "王老师")
        try sandbox.succeed("record", "2021001", "recommendation", "--on", "2023-03-06", "--method", "league")
        let after = try sandbox.run("check", "2021001", "--on", "2023-03-10")
        #expect(!after.stdout.contains("to put it right"), "\(after.stdout)")
    }

    @Test func aRuleThatPassesWithTimeIsTriedAgainOnItsEarliestDate() throws {
        let sandbox = try CLISandbox()
        try sandbox.setUpUniversity(workflow: "university")
        try sandbox.addStudent(number: "2021001", name: "张三")
        try sandbox.succeed("record", "2021001", "submit_application", "--on", "2023-03-01")
        let refused = try sandbox.run("advance", "2021001", "--to", "activist", "--on", "2023-04-01")
        #expect(refused.status == 1)
        // 本校规定: 6 months from the application.
        #expect(refused.stderr.contains("fazhan advance 2021001 --to activist --on 2023-09-01")
                || refused.stdout.contains("fazhan advance 2021001 --to activist --on 2023-09-01"), "\(refused)")
        // A 公示 is recorded with its node and dates.
        #expect((refused.stdout + refused.stderr).contains("fazhan record 2021001 public_notice --on DATE --node activist --from DATE --to DATE"),
                "\(refused)")
    }

    @Test func aNumberTheShellWouldSplitIsQuoted() throws {
        let sandbox = try CLISandbox()
        try sandbox.setUpUniversity()
        try sandbox.addStudent(number: "研 2021", name: "王五")
        try sandbox.succeed("record", "研 2021", "submit_application", "--on", "2023-03-01")
        let check = try sandbox.run("check", "研 2021", "--on", "2023-03-10")
        #expect(check.stdout.contains("fazhan record '研 2021' initial_talk"), "\(check.stdout)")
    }
}

import Foundation
import Testing

/// A step that happened but breaks a rule is recorded (history is the truth), with a warning
/// naming the rule and what the audit will report (issue 15).
@Suite struct RecordWarningCLITests {
    @Test func aLateTalkIsRecordedWithAWarningAndAnOnTimeOneWithout() throws {
        let sandbox = try CLISandbox()
        try sandbox.setUpUniversity()
        try sandbox.addStudent(number: "2021001", name: "张三")
        try sandbox.addStudent(number: "2021002", name: "李四")
        try sandbox.succeed("record", "2021001", "submit_application", "--on", "2023-03-01")
        try sandbox.succeed("record", "2021002", "submit_application", "--on", "2023-03-01")
        // R2: the talk within one month: 2023-04-01 is the last day, 2023-04-02 one day late.
        let onTime = try sandbox.succeed("record", "2021001", "initial_talk", "--on", "2023-04-01")
        #expect(!onTime.stderr.contains("warning"), "\(onTime)")
        let late = try sandbox.succeed("record", "2021002", "initial_talk", "--on", "2023-04-16")
        #expect(late.stdout.hasPrefix("recorded #"), "\(late)")
        #expect(late.stderr.contains("warning: R2 派人谈话") && late.stderr.contains("missed by 15 d")
                && late.stderr.contains("the audit will report it as late"), "\(late)")
        // The audit reports exactly that.
        let audit = try sandbox.run("audit", "--person", "2021002", "--format", "json")
        #expect(audit.stdout.contains("\"severity\" : \"late\"") || audit.stdout.contains("\"severity\":\"late\""), "\(audit.stdout)")
        // A correction to an on-time date is recorded without a warning.
        let id = try #require(late.stdout.split(separator: "#").dropFirst().first?.prefix { $0.isNumber })
        let corrected = try sandbox.succeed("correct", String(id), "--reason", "谈话日期记错", "--on", "2023-03-30")
        #expect(!corrected.stderr.contains("warning"), "\(corrected)")
    }
}

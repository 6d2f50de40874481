import Foundation
import Testing

/// `fazhan record --people` / `--people-file`: one step for many people, each judged by their own
/// guards, all recorded in one transaction or none, every refusal listed.
@Suite struct BatchCLITests {
    /// A branch with three students: 张三 and 李<四> have applied, 王五 has not.
    func branch() throws -> CLISandbox {
        let sandbox = try CLISandbox()
        try sandbox.setUpUniversity()
        try sandbox.addStudent(number: "2023001", name: "张三")
        try sandbox.addStudent(number: "2023002", name: "李<四>")
        try sandbox.addStudent(number: "2023003", name: "王五")
        try sandbox.succeed("record", "--people", "2023001,2023002", "submit_application", "--on", "2023-03-01")
        return sandbox
    }

    @Test func everyoneIsRecordedInOneGo() throws {
        let sandbox = try branch()
        #expect(try sandbox.eventCount() == 2)
        let result = try sandbox.succeed("record", "--people", "2023001，2023002", "initial_talk", "--on", "2023-03-20", "--names", "陈书记")
        #expect(result.stdout.contains("recorded #3: 张三 (2023001) 党组织派人谈话 (initial_talk) on 2023-03-20 [陈书记]"), "\(result)")
        #expect(result.stdout.contains("recorded #4: 李<四> (2023002) 党组织派人谈话 (initial_talk) on 2023-03-20 [陈书记]"), "\(result)")
        #expect(result.stdout.hasSuffix("recorded 党组织派人谈话 (initial_talk) on 2023-03-20 for 2 people, in one transaction\n"), "\(result)")
        #expect(try sandbox.eventCount() == 4)
        let history = try sandbox.succeed("history", "2023002")
        #expect(history.stdout.contains("党组织派人谈话"), "\(history)")
    }

    @Test func oneRefusalRecordsNothingAndEveryRefusalIsListed() throws {
        let sandbox = try branch()
        let before = try sandbox.eventCount()
        let result = try sandbox.run("record", "--people", "2023001,2023003,2023999,2023002", "initial_talk", "--on", "2023-03-20")
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.hasPrefix("refused: 党组织派人谈话 on 2023-03-20: 2 of the 4 people named cannot have it recorded; "
                                        + "nothing was recorded for anyone"), "\(result)")
        #expect(result.stderr.contains("王五 (2023003): 党组织派人谈话 (initial_talk) on 2023-03-20: NOT allowed, 2 of 2 checks fail"), "王五 has not applied: \(result)")
        #expect(result.stderr.contains("no person with number or id 2023999"), "\(result)")
        #expect(!result.stderr.contains("张三 (2023001)"), "the people who pass are not listed: \(result)")
        #expect(try sandbox.eventCount() == before)
    }

    @Test func aFileOfNumbersWithCommentsAndBlankLines() throws {
        let sandbox = try branch()
        let file = try sandbox.write("\u{FEFF}# 2023年春季培训班\n2023001\n\n  2023002   # 李同学\n", to: "班级.txt")
        let result = try sandbox.succeed("record", "initial_talk", "--people-file", file, "--on", "2023-03-20")
        #expect(result.stdout.contains("for 2 people"), "\(result)")
        #expect(try sandbox.eventCount() == 4)
    }

    @Test(arguments: [
        (["--people", "2023001,2023002,2023001", "initial_talk"], "named more than once: 2023001"),
        (["--people", " , ", "initial_talk"], "--people lists nobody"),
        (["--people-file", "nowhere.txt", "initial_talk"], "--people-file nowhere.txt: no such file"),
        (["--people-file", "empty.txt", "initial_talk"], "lists nobody"),
        (["--people-file", "two.txt", "initial_talk"], "line 1: one number per line"),
        (["--people", "2023001", "2023002", "initial_talk"], "give only the step"),
        (["--people", "2023001,2023002", "admission_meeting", "--expected", "9", "--present", "8", "--for", "8"], "a vote is each person's own"),
        (["--people", "2023001,2023002", "assign_mentors", "--names", "王老师"], "record it person by person"),
        (["--people", "2023001,2023002", "initail_talk"], "unknown step \"initail_talk\""),
        (["2023001"], "Missing expected argument '<step>'"),
    ])
    func usageErrorsRecordNothing(arguments: [String], message: String) throws {
        let sandbox = try branch()
        try sandbox.write("# nobody\n\n", to: "empty.txt")
        try sandbox.write("2023001 2023002\n", to: "two.txt")
        let before = try sandbox.eventCount()
        let result = try sandbox.run(["record"] + arguments + (arguments.contains("--on") ? [] : ["--on", "2023-03-20"]))
        #expect(result.status == 64, "\(result)")
        #expect(result.stderr.contains(message), "\(result)")
        #expect(try sandbox.eventCount() == before)
    }

    @Test func moreThanAThousandIsAUsageError() throws {
        let sandbox = try branch()
        let numbers = (1...1001).map { String(3_000_000 + $0) }.joined(separator: "\n")
        let file = try sandbox.write(numbers, to: "many.txt")
        let result = try sandbox.run("record", "initial_talk", "--people-file", file, "--on", "2023-03-20")
        #expect(result.status == 64, "\(result)")
        #expect(result.stderr.contains("1001 people named; one command records at most 1000"), "\(result)")
    }

    @Test func theSamePersonByNumberAndByIdIsRefused() throws {
        let sandbox = try branch()
        let before = try sandbox.eventCount()
        // Internal id 1 is 张三 (2023001).
        let result = try sandbox.run("record", "--people", "2023001,1", "initial_talk", "--on", "2023-03-20")
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains("2023001 and 1 name the same person"), "\(result)")
        #expect(try sandbox.eventCount() == before)
    }
}

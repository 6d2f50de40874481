import Foundation
import Testing

/// `fazhan print record | notice | vote`: the documents organizers file, as HTML for A4.
@Suite struct PrintCLITests {
    /// 李<四> (a name that must be escaped) with an application, a talk whose date was corrected
    /// and a thought report voided.
    func person(workflow: String = "cpc-2014") throws -> CLISandbox {
        let sandbox = try CLISandbox()
        try sandbox.setUpUniversity(workflow: workflow)
        try sandbox.addStudent(number: "2023001", name: "李<四>")
        try sandbox.addStudent(number: "2023002", name: "张三")
        try sandbox.succeed("record", "2023001", "submit_application", "--on", "2023-03-01")
        try sandbox.succeed("record", "2023001", "initial_talk", "--on", "2023-03-20")
        try sandbox.succeed("correct", "2", "--on", "2023-03-21", "--reason", "谈话记录日期有误")
        try sandbox.succeed("record", "2023001", "thought_report", "--on", "2023-04-01")
        try sandbox.succeed("correct", "4", "--void", "--reason", "重复录入")
        return sandbox
    }

    func read(_ sandbox: CLISandbox, _ name: String) throws -> String {
        try String(contentsOf: sandbox.directory.appendingPathComponent(name), encoding: .utf8)
    }

    @Test func theRecordHoldsEveryStepWithItsCorrectionsBesideIt() throws {
        let sandbox = try person()
        let result = try sandbox.succeed("print", "record", "2023001", "--output", "record.html")
        #expect(result.stderr.contains("wrote record.html"), "\(result)")
        let attributes = try FileManager.default.attributesOfItem(atPath: sandbox.directory.appendingPathComponent("record.html").path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600, "owner-only: \(attributes)")
        let html = try read(sandbox, "record.html")
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.contains("<html lang=\"zh-CN\">"))
        #expect(html.contains("@page { size: A4;"), "a print style sheet")
        #expect(html.contains("发展党员全程纪实表"))
        #expect(html.contains("李&lt;四&gt;") && !html.contains("李<四>"), "the name is escaped")
        for text in ["递交入党申请书", "党组织派人谈话", "思想汇报", "<b>R1</b> 入党年龄", "<b>R2</b> 派人谈话", "细则（2014）第七条", "tester"] {
            #expect(html.contains(text), "missing \(text)")
        }
        // Each correction right under what it corrects, with its reason.
        let talk = try #require(html.range(of: "党组织派人谈话"))
        let correction = try #require(html.range(of: "更正 #2"))
        let report = try #require(html.range(of: "思想汇报"))
        #expect(talk.lowerBound < correction.lowerBound && correction.lowerBound < report.lowerBound, "the correction follows the talk")
        #expect(html.contains("理由：谈话记录日期有误") && html.contains("2023-03-21"))
        #expect(html.contains("撤销 #4") && html.contains("理由：重复录入") && html.contains("已撤销"))
        // The ID number masked, in full only with --reveal.
        let id = residentID(for: "2023001")
        #expect(html.contains(String(id.prefix(3)) + String(repeating: "*", count: 13) + String(id.suffix(2))), "masked")
        #expect(!html.contains(id), "the ID number is masked")
        try sandbox.succeed("print", "record", "2023001", "--reveal", "--output", "revealed.html")
        #expect(try read(sandbox, "revealed.html").contains(residentID(for: "2023001")))
    }

    @Test func wrongInputForTheRecord() throws {
        let sandbox = try person()
        let unknown = try sandbox.run("print", "record", "2023999", "--output", "x.html")
        #expect(unknown.status == 1 && unknown.stderr.contains("no person with number or id 2023999"), "\(unknown)")
        #expect(!FileManager.default.fileExists(atPath: sandbox.directory.appendingPathComponent("x.html").path))
        try sandbox.write("old", to: "kept.html")
        let existing = try sandbox.run("print", "record", "2023001", "--output", "kept.html")
        #expect(existing.status == 1, "never replaced without --force: \(existing)")
        #expect(try read(sandbox, "kept.html") == "old")
        let force = try sandbox.run("print", "record", "2023001", "--force")
        #expect(force.status == 64 && force.stderr.contains("--force goes with --output"), "\(force)")
        let pdf = try sandbox.run("print", "record", "2023001", "--pdf")
        #expect(pdf.status == 64 && pdf.stderr.contains("--pdf needs --output"), "\(pdf)")
        // Without --output the page goes to standard output.
        let page = try sandbox.succeed("print", "record", "2023002")
        #expect(page.stdout.contains("尚无记录"), "\(page)")
    }

    @Test func aNoticeForTheListAndTheNode() throws {
        let sandbox = try person(workflow: "university")
        try sandbox.succeed("print", "notice", "--node", "确定入党积极分子", "2023001", "2023002", "--from", "2026-03-02",
                            "--output", "notice.html")
        let html = try read(sandbox, "notice.html")
        #expect(html.contains("关于拟确定入党积极分子人选的公示"))
        #expect(html.contains("2026年3月2日至2026年3月6日（5个工作日）"), "5 working days from a Monday: \(html)")
        #expect(html.contains("R23") && html.contains("不少于5个工作日"))
        #expect(html.contains("李&lt;四&gt;") && html.contains("张三") && html.contains("计算机学院本科生第一党支部"))
        #expect(html.contains("中共计算机学院本科生第一党支部"), "the branch over both publishes it")
        #expect(!html.contains(residentID(for: "2023001")))
        // Over the National Day holiday: 2026-09-28 (Mon) + 5 working days ends on 2026-10-09.
        try sandbox.succeed("print", "notice", "--node", "activist", "2023001", "--from", "2026-09-28", "--output", "holiday.html")
        #expect(try read(sandbox, "holiday.html").contains("2026年9月28日至2026年10月9日"))
    }

    @Test(arguments: [
        (["--node", "入党", "2023001"], 64, "no 公示 node 入党"),
        (["--node", "activist"], 64, "name the people"),
        (["--node", "activist", "2023001", "2023001"], 64, "named more than once: 2023001"),
        (["--node", "activist", "2023001", "2023999"], 1, "no person with number or id 2023999"),
        (["--node", "activist", "2023001", "--from", "2026-03-06", "--to", "2026-03-02"], 64, "is before --from"),
    ])
    func wrongInputForANotice(arguments: [String], status: Int32, message: String) throws {
        let sandbox = try person(workflow: "university")
        let result = try sandbox.run(["print", "notice"] + arguments + ["--output", "n.html"])
        #expect(result.status == status && result.stderr.contains(message), "\(result)")
        #expect(!FileManager.default.fileExists(atPath: sandbox.directory.appendingPathComponent("n.html").path))
    }

    @Test func aNodeWithoutAGuardNeedsItsLastDay() throws {
        let sandbox = try person(workflow: "cpc-2014")
        let result = try sandbox.run("print", "notice", "--node", "activist", "2023001", "--from", "2026-03-02", "--output", "n.html")
        #expect(result.status == 1 && result.stderr.contains("give the last day of the notice with --to"), "\(result)")
        try sandbox.succeed("print", "notice", "--node", "activist", "2023001", "--from", "2026-03-02", "--to", "2026-03-08",
                            "--output", "n.html")
        #expect(try read(sandbox, "n.html").contains("2026年3月2日至2026年3月8日（5个工作日）"))
    }

    @Test func theVoteRecordOfABranchMeeting() throws {
        let walk = try Walk(.cpc2014, refusals: false)
        try walk.apply()
        try walk.becomeActivist()
        try walk.becomeCandidate()
        try walk.prepareAdmission()
        try walk.holdAdmissionMeeting(expected: 9, present: 6, votesFor: 4, on: "2024-11-19")
        try walk.holdAdmissionMeeting(expected: 9, present: 8, votesFor: 8, on: "2024-11-20")
        let sandbox = walk.sandbox
        try sandbox.succeed("print", "vote", "--org", "CS-S1", "--on", "2024-11-19", "--output", "failed.html")
        let failed = try read(sandbox, "failed.html")
        #expect(failed.contains("支部大会表决情况记录") && failed.contains("2024年11月19日"))
        #expect(failed.contains("张三") && failed.contains("支部大会讨论"))
        #expect(failed.contains("未通过") && failed.contains("✘ R14") && failed.contains("✔ R13"), "4 of 9 is no majority: \(failed)")
        try sandbox.succeed("print", "vote", "--org", "CS-S1", "--on", "2024-11-20", "--output", "passed.html")
        let passed = try read(sandbox, "passed.html")
        #expect(passed.contains("<td class=\"num\">9</td><td class=\"num\">8</td><td class=\"num\">8</td>"), "应到 实到 赞成: \(passed)")
        #expect(passed.contains(">通过<") && !passed.contains("未通过<"), "\(passed)")
        // A date without votes, an unknown branch.
        try sandbox.succeed("print", "vote", "--org", "CS-S1", "--on", "2024-11-21", "--output", "none.html")
        #expect(try read(sandbox, "none.html").contains("该日没有记录表决"))
        let unknown = try sandbox.run("print", "vote", "--org", "NOPE", "--on", "2024-11-20", "--output", "x.html")
        #expect(unknown.status == 1 && unknown.stderr.contains("no organization NOPE"), "\(unknown)")
    }

    @Test func aPDFNeedsChromiumAndSaysSo() throws {
        let sandbox = try person()
        let bin = sandbox.directory.appendingPathComponent("empty-bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let result = try sandbox.run(["print", "record", "2023001", "--pdf", "--output", "record.pdf"], environment: ["PATH": bin.path])
        #expect(result.status == 1 && result.stderr.contains("--pdf needs headless Chromium"), "\(result)")
        #expect(!FileManager.default.fileExists(atPath: sandbox.directory.appendingPathComponent("record.pdf").path))
    }

    @Test(.enabled(if: chromiumInstalled, "chromium is not installed (scripts/check-report-html.sh installs it)"))
    func aPDFThroughChromium() throws {
        let sandbox = try person()
        try sandbox.succeed("print", "record", "2023001", "--pdf", "--output", "record.pdf")
        let path = sandbox.directory.appendingPathComponent("record.pdf").path
        let bytes = try #require(FileManager.default.contents(atPath: path))
        #expect(bytes.starts(with: Data("%PDF".utf8)), "a PDF")
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    }
}

/// Whether headless Chromium is on the PATH (the PDF test runs only then; CI does not install it).
let chromiumInstalled = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").contains { folder in
    ["chromium", "chromium-browser", "google-chrome"].contains { FileManager.default.isExecutableFile(atPath: "\(folder)/\($0)") }
}

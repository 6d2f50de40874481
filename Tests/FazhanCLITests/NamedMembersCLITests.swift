import Foundation
import Testing

/// R5 and R9 (issue 14): mentors and introducers named from the people Fazhan knows are judged on
/// their own histories (a full member on the day; an introducer not under 留党察看); others only
/// by a recorded statement; introducers are "normally" the mentors.
@Suite struct NamedMembersCLITests {
    /// Two full members since 2012, a candidate who becomes probationary on 2023-12-01, and 张三,
    /// an activist from 2023-09-11.
    static func branch() throws -> CLISandbox {
        let sandbox = try CLISandbox()
        try sandbox.setUpUniversity()
        for (number, name) in [("2020001", "老党员"), ("2020002", "新党员"), ("2020003", "李党员")] {
            try sandbox.succeed("person", "add", "--number", number, "--name", name, "--org", "CS-S1", "--category", "teacher",
                                "--birth", "1980-01-01", "--gender", "male")
        }
        var rows = ["学号,步骤,日期"]
        for number in ["2020001", "2020003"] {
            rows += ["submit_application,2010-03-01", "designate_activist,2010-09-01", "designate_candidate,2011-09-01",
                     "admission_approval,2011-12-01", "conversion_approval,2012-12-01"].map { "\(number),\($0)" }
        }
        rows += ["submit_application,2022-03-01", "designate_activist,2022-09-01", "designate_candidate,2023-09-01",
                 "admission_approval,2023-12-01"].map { "2020002,\($0)" }
        let file = try sandbox.write(rows.joined(separator: "\n") + "\n", to: "members.csv")
        try sandbox.succeed("import", "events", file)
        try sandbox.addStudent(number: "2021001", name: "张三")
        try sandbox.succeed("record", "2021001", "submit_application", "--on", "2023-03-01")
        try sandbox.succeed("record", "2021001", "initial_talk", "--on", "2023-03-20")
        try sandbox.succeed("record", "2021001", "recommendation", "--on", "2023-09-01", "--method", "league")
        try sandbox.succeed("advance", "2021001", "--to", "activist", "--on", "2023-09-11")
        return sandbox
    }

    @Test func mentorsNamedByNumberAreFullMembersOnTheDay() throws {
        let sandbox = try Self.branch()
        // 新党员 was still a candidate on 2023-09-20 (probationary from 2023-12-01).
        let refused = try sandbox.run("record", "2021001", "assign_mentors", "--on", "2023-09-20", "--names", "2020001,2020002")
        #expect(refused.status == 1 && refused.output.contains("新党员 (2020002) 发展对象") && refused.output.contains("R5"), "\(refused)")
        // Outside names need the branch's statement.
        let unvouched = try sandbox.run("record", "2021001", "assign_mentors", "--on", "2023-09-20", "--names", "王老师")
        #expect(unvouched.status == 1 && unvouched.output.contains("with no statement") && unvouched.output.contains("--statement"),
                "\(unvouched)")
        let recorded = try sandbox.succeed("record", "2021001", "assign_mentors", "--on", "2023-09-20", "--names", "2020001,2020003")
        #expect(recorded.stdout.contains("老党员、李党员（在册 2020001、2020003）"), "\(recorded)")
        try sandbox.succeed("record", "2021001", "assign_mentors", "--on", "2023-09-21", "--names", "王老师", "--statement", "经支部核实为正式党员")
    }

    @Test func anIntroducerUnder留党察看IsRefusedUntilItEnds() throws {
        let sandbox = try Self.branch()
        try sandbox.succeed("record", "2021001", "assign_mentors", "--on", "2023-09-20", "--names", "2020001,2020003")
        try sandbox.succeed("record", "2021001", "file_activist", "--on", "2023-09-20")
        let backwards = try sandbox.run("record", "2020003", "discipline_probation", "--on", "2024-01-01", "--until", "2023-12-31", "--reason", "违纪")
        #expect(backwards.status == 1 && backwards.output.contains("ends (2023-12-31) before it starts (2024-01-01)"), "\(backwards)")
        try sandbox.succeed("record", "2020003", "discipline_probation", "--on", "2024-01-01", "--until", "2025-12-31", "--reason", "违纪")
        try sandbox.succeed("record", "2021001", "activist_assessment", "--on", "2024-03-11", "--result", "pass")
        try sandbox.succeed("record", "2021001", "activist_assessment", "--on", "2024-09-02", "--result", "pass")
        try sandbox.succeed("advance", "2021001", "--to", "candidate", "--on", "2024-09-13")
        // On the last day of 留党察看, refused; the day after, recorded.
        let during = try sandbox.run("record", "2021001", "assign_introducers", "--on", "2025-12-31", "--names", "2020001,2020003")
        #expect(during.status == 1 && during.output.contains("留党察看 (discipline_probation) 2024-01-01 to 2025-12-31"), "\(during)")
        try sandbox.succeed("record", "2021001", "assign_introducers", "--on", "2026-01-01", "--names", "2020001,2020003")
    }

    @Test func introducersAreNormallyTheMentors() throws {
        let sandbox = try Self.branch()
        try sandbox.succeed("record", "2021001", "assign_mentors", "--on", "2023-09-20", "--names", "2020001,2020003")
        try sandbox.succeed("record", "2021001", "file_activist", "--on", "2023-09-20")
        try sandbox.succeed("record", "2021001", "activist_assessment", "--on", "2024-03-11", "--result", "pass")
        try sandbox.succeed("record", "2021001", "activist_assessment", "--on", "2024-09-02", "--result", "pass")
        try sandbox.succeed("advance", "2021001", "--to", "candidate", "--on", "2024-09-13")
        let other = try sandbox.run("record", "2021001", "assign_introducers", "--on", "2024-09-25", "--names", "2020001,王老师",
                                    "--statement", "经支部核实为正式党员")
        #expect(other.status == 1 && other.output.contains("王老师 not among 指定培养联系人"), "\(other)")
        #expect(other.output.contains("waiver --on DATE --rule R9"), "the committee's waiver is the way: \(other)")
        // The committee decides: a waiver of R9 lifts this clause, and only this one.
        try sandbox.succeed("record", "2021001", "waiver", "--on", "2024-09-24", "--rule", "R9", "--approved-by", "校党委组织部",
                            "--reason", "培养联系人调离")
        try sandbox.succeed("record", "2021001", "assign_introducers", "--on", "2024-09-25", "--names", "2020001,王老师",
                            "--statement", "经支部核实为正式党员")
    }

    /// Imported, a probationary introducer is found by the audit.
    @Test func theAuditFindsAnIntroducerWhoWasNotAFullMember() throws {
        let sandbox = try Self.branch()
        let file = try sandbox.write("""
            学号,步骤,日期,入党介绍人,在册人员编号
            2021001,assign_mentors,2023-09-20,"老党员,新党员","2020001,2020002"
            """ + "\n", to: "introducers.csv")
        try sandbox.succeed("import", "events", file)
        let audit = try sandbox.run("audit", "--person", "2021001", "--format", "csv")
        #expect(audit.stdout.contains("mentors-members.members") && audit.stdout.contains("新党员 (2020002) 发展对象"), "\(audit.stdout)")
    }
}

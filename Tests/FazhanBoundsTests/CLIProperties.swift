import Foundation
import PropertyBased
import Testing

/// Properties of the command line with boundary arguments, run as an organizer runs it (the
/// built `fazhan`, as a child process, so that a trap would be seen, not suffered): every run
/// exits 0, 1 or 64 with no crash and within its time; a refused run records nothing; and
/// whatever was accepted, `show`, `check`, `agenda` and `audit` still answer.
@Suite(.serialized) struct CLIProperties {
    /// A database with an organization and a person who has applied.
    static func sandbox() throws -> FazhanSandbox {
        let sandbox = try FazhanSandbox()
        for arguments in [
            ["init", "--workflow", "cpc-2014"],
            ["org", "add", "UNI", "--name", "某大学党委", "--kind", "committee"],
            ["org", "add", "CS", "--name", "计算机学院党总支", "--kind", "general-branch", "--parent", "UNI"],
            ["org", "add", "CS-S1", "--name", "本科生第一党支部", "--kind", "branch", "--parent", "CS", "--category", "student"],
            ["person", "add", "--number", "2021001", "--name", "张三", "--org", "CS-S1", "--category", "student",
             "--id-number", "110101200301011234", "--league-member"],
            ["record", "2021001", "submit_application", "--on", "2023-03-01"],
        ] {
            let result = try sandbox.run(arguments)
            try #require(result.status == 0, "\(result)")
        }
        return sandbox
    }

    /// A command with boundary values where a number, date or text goes.
    static func command(_ template: Int, _ n: [String], _ d: [String]) -> [String] {
        switch template {
        case 0: return ["record", "2021001", "admission_meeting", "--on", d[0], "--expected", n[0], "--present", n[1], "--for", n[2],
                        "--against", n[3], "--written-for", n[4]]
        case 1: return ["record", "2021001", "probation_extension", "--on", d[0], "--months", n[0], "--expected", n[1], "--present", n[2],
                        "--for", n[3]]
        case 2: return ["record", "2021001", "concentrated_training", "--on", d[0], "--days", n[0], "--hours", n[1]]
        case 3: return ["record", "2021001", "public_notice", "--on", d[0], "--node", "activist", "--from", d[1], "--to", d[2],
                        "--objections", n[0]]
        case 4: return ["agenda", "--within", n[0] + ["d", "w", "m"][abs(n[1].count) % 3], "--as-of", d[0]]
        case 5: return ["check", "2021001", "--on", d[0]]
        case 6: return ["person", "add", "--number", "P" + n[0], "--name", "某", "--org", "CS-S1", "--category", "student", "--grade", n[1],
                        "--birth", d[0]]
        case 7: return ["plan", "set", "CS", "--year", n[0], "--category", "student", "--quota", n[1]]
        case 8: return ["enrollment", "set", "CS", "--students", n[0], "--staff", n[1], "--on", d[0]]
        case 9: return ["report", "quarterly", "--year", n[0]]
        case 10: return ["person", "list", "--stage", n[0]]
        default: return ["audit", "--as-of", d[0]]
        }
    }

    @Test func boundaryArgumentsExitCleanlyAndRefusalsRecordNothing() async throws {
        let sandbox = try Self.sandbox()
        let input = zip(Gen.int(in: 0...11), Boundary.numberText.array(of: 5), Boundary.dateText.array(of: 3))
        await propertyCheck(count: 150, input: input) { template, numbers, dates in
            do {
                let arguments = Self.command(template, numbers, dates)
                let events = try sandbox.eventCount()
                let people = try sandbox.personCount()
                let result = try sandbox.run(arguments, timeout: 30)
                #expect(!result.crashed && !result.timedOut, "\(result)")
                #expect([0, 1, 64].contains(result.status), "\(result)")
                if result.status != 0, arguments[0] == "record" || arguments[0] == "person" {
                    #expect(try sandbox.eventCount() == events, "a refusal recorded an event: \(result)")
                    #expect(try sandbox.personCount() == people, "a refusal registered someone: \(result)")
                }
                if result.status == 64 { #expect(result.stderr.contains("Error:") || result.stderr.contains("error:"), "\(result)") }
                if result.status == 0, arguments[0] == "record" {
                    // Whatever was accepted, every reading command still answers.
                    for reading in [["show", "2021001"], ["check", "2021001"], ["agenda", "--within", "3660d"], ["audit"]] {
                        let after = try sandbox.run(reading, timeout: 30)
                        #expect(!after.crashed && !after.timedOut && [0, 1].contains(after.status), "after \(result)\n\(after)")
                    }
                }
            } catch {
                Issue.record("\(error)")
            }
        }
    }

    /// Each of the issue's reported inputs, as its own case.
    @Test(arguments: [
        (["record", "2021001", "admission_meeting", "--on", "2024-01-01", "--expected", "9223372036854775807", "--present", "3", "--for", "3"],
         Int32(64), "--expected 9223372036854775807 is out of range: votes and members at a meeting are 0 to 10000"),
        (["record", "2021001", "probation_extension", "--on", "2024-01-01", "--months", "9223372036854775807", "--expected", "3",
          "--present", "3", "--for", "3"], Int32(64), "--months 9223372036854775807 is out of range"),
        (["record", "2021001", "concentrated_training", "--on", "2024-01-01", "--days", "9223372036854775807"], Int32(64),
         "--days 9223372036854775807 is out of range: the days of a training are 0 to 366"),
        (["record", "2021001", "concentrated_training", "--on", "2024-01-01", "--hours", "9223372036854775807"], Int32(64),
         "--hours 9223372036854775807 is out of range"),
        (["agenda", "--within", "9223372036854775807d"], Int32(64), "--within 9223372036854775807d is out of range"),
        (["agenda", "--within", "300000000000000000m"], Int32(64), "--within 300000000000000000m is out of range"),
        (["person", "list", "--stage", "NOPE"], Int32(64), "no stage NOPE; the stages are applicant (入党申请人)"),
        (["person", "add", "--number", "2021002", "--name", "李四", "--org", "CS-S1", "--category", "student", "--id-number",
          "110101200301011234"], Int32(1), "the ID number 110*************34 is already registered to 2021001; 2021002 cannot"),
        (["plan", "set", "CS", "--year", "99999", "--category", "student", "--quota", "1"], Int32(64), "--year 99999 is out of range: years are 1949 to 2100"),
        (["enrollment", "set", "CS", "--students=-1", "--on", "2026-01-01"], Int32(64), "--students cannot be negative (it is -1)"),
    ] as [([String], Int32, String)])
    func reportedInputsAreRefusedWithTheirRange(arguments: [String], status: Int32, message: String) throws {
        let sandbox = try Self.sandbox()
        let events = try sandbox.eventCount()
        let result = try sandbox.run(arguments)
        #expect(result.status == status && !result.crashed, "\(result)")
        #expect(result.stderr.contains(message), "\(result)")
        #expect(try sandbox.eventCount() == events)
        #expect(try sandbox.personCount() == 1)
    }

    /// A workflow file with a huge length or working-day count, or an alias bomb: refused at
    /// its line by `workflow validate`, quickly, never installed.
    @Test(arguments: [
        ("    min: 1 year", "    min: 9223372036854775807 days", "guards.candidate-one-year.min: 9223372036854775807 days is out of range"),
        ("    min: 1 year", "    min: 9223372036854775807 working_days", "9223372036854775807 working_days is out of range"),
        ("    min: 1 year", "    min: 30000 working_days", "30000 working_days is out of range: lengths in working days are 0 to 26000"),
    ])
    func workflowValuesOutOfRangeAreRefusedAtTheirLine(line: String, replacement: String, message: String) throws {
        let sandbox = try Self.sandbox()
        let text = Shipped.cpc2014Text.replacingOccurrences(of: line + "\n", with: replacement + "\n")
        let file = try sandbox.write(text, to: "huge.yaml")
        // The line of the replaced value in the shipped file (1-based).
        let lineNumber = try #require(Shipped.cpc2014Text.components(separatedBy: "\n").firstIndex(of: line)) + 1
        for arguments in [["workflow", "validate", file], ["workflow", "install", file]] {
            let result = try sandbox.run(arguments, timeout: 30)
            #expect(result.status == 1 && !result.crashed && !result.timedOut, "\(result)")
            #expect(result.output.contains("huge.yaml:\(lineNumber):") && result.output.contains(message), "\(result)")
        }
        #expect(try sandbox.run("check", "2021001").status == 1)
    }

    @Test func aYAMLAliasBombIsRefusedInAnInstant() throws {
        let sandbox = try Self.sandbox()
        var text = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        for (level, previous) in zip("bcdefghi", "abcdefgh") {
            text += "\(level): &\(level) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]\n"
        }
        let file = try sandbox.write(text, to: "bomb.yaml")
        let result = try sandbox.run(["workflow", "validate", file], timeout: 10)
        #expect(result.status == 1 && !result.crashed && !result.timedOut, "\(result)")
        #expect(result.output.contains("bomb.yaml:5:") && result.output.contains("aliases of one file may stand for at most 10000"), "\(result)")
    }
}

extension ProcessResult {
    var output: String { stdout + stderr }
}

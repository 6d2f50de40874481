import FazhanReports
import Foundation
import Testing

/// Tables that fit the terminal: `COLUMNS` (or the terminal itself) bounds every line; a pipe
/// without `COLUMNS` gets the tables whole.
@Suite struct TerminalWidthCLITests {
    static func sandbox() throws -> CLISandbox {
        let sandbox = try CLISandbox()
        try sandbox.setUpUniversity()
        try sandbox.addStudent(number: "2021001", name: "张三")
        try sandbox.succeed("record", "2021001", "submit_application", "--on", "2023-03-01")
        try sandbox.succeed("record", "2021001", "initial_talk", "--on", "2023-03-20", "--names", "王老师")
        return sandbox
    }

    /// `check` reads well in 100 columns: nothing wider, every failing rule still named.
    @Test(arguments: [100, 80, 40])
    func checkAuditAgendaAndListsFitTheWidth(columns: Int) throws {
        let sandbox = try Self.sandbox()
        for arguments in [["check", "2021001"], ["audit"], ["agenda", "--within", "12w"], ["history", "2021001"], ["person", "list"],
                          ["report", "quarterly", "--quarter", "2023Q1"]] {
            let whole = try sandbox.run(arguments)
            let fitted = try sandbox.run(arguments, environment: ["COLUMNS": String(columns)])
            #expect(fitted.status == whole.status, "\(arguments): \(fitted)")
            let lines = fitted.stdout.split(separator: "\n")
            // The first line of a command is its own sentence, not a table.
            #expect(lines.dropFirst().allSatisfy { displayWidth($0) <= columns }, "\(arguments) at \(columns):\n\(fitted.stdout)")
            let rules = ["R3", "R4"].filter { whole.stdout.contains($0) }
            for rule in rules { #expect(fitted.stdout.contains(rule), "\(arguments) lost \(rule) at \(columns):\n\(fitted.stdout)") }
        }
    }

    @Test func withoutAWidthOrWithANonsenseOneTablesPrintWhole() throws {
        let sandbox = try Self.sandbox()
        let whole = try sandbox.run("check", "2021001")
        #expect(whole.stdout.split(separator: "\n").contains { displayWidth($0) > 100 }, "the check is narrow already:\n\(whole.stdout)")
        for nonsense in ["abc", "0", "5", "-80", "99999"] {
            let result = try sandbox.run(["check", "2021001"], environment: ["COLUMNS": nonsense])
            #expect(result.stdout == whole.stdout && result.status == whole.status, "COLUMNS=\(nonsense): \(result)")
        }
    }
}

import ArgumentParser
import Testing
@testable import FazhanCLI

/// `check`, `advance` and `show` read plain command lines without ArgumentParser: what they
/// read must be what ArgumentParser reads, and anything not plain must be left to it.
@Suite struct PlainArgumentsTests {
    /// The command a command line parses to, as text: every option's value.
    private func described(_ command: any ParsableCommand) -> String {
        var text = ""
        dump(command, to: &text)
        return text
    }

    @Test(arguments: [
        ["check", "100012023010707"],
        ["check", "P1", "--to", "candidate", "--on", "2026/3/8", "--format", "json", "--db", "x.sqlite", "--key", "k.key"],
        ["check", "--on=2026年3月8日", "P1", "--expected=9", "--present", "8", "--for", "7", "--against", "1", "--abstain", "0",
         "--note", "说明", "--approver", "王", "--reason", "因为", "--server", "https://example.org"],
        ["advance", "P1", "--to", "activist", "--on", "2026-03-08", "--by", "张三", "--note", "n"],
        ["advance", "--on", "2026-03-08", "--to=candidate", "P1", "--expected", "10", "--present", "9", "--for", "9"],
        ["show", "P1"],
        ["show", "P1", "--reveal", "--as-of", "2026-01-01", "--format", "csv", "--db", "a b.sqlite"],
    ])
    func readsWhatArgumentParserReads(arguments: [String]) throws {
        let plain = try #require(Fazhan.parsePlainly(arguments[0], arguments.dropFirst()))
        let parsed = try Fazhan.parseAsRoot(arguments)
        #expect(described(plain) == described(parsed))
    }

    @Test(arguments: [
        ["check"], ["check", "P1", "P2"], ["check", "P1", "-h"], ["check", "P1", "--", "x"], ["check", "P1", "--on", "2026-13-01"],
        ["check", "P1", "--on"], ["check", "P1", "--to", "a", "--to", "b"], ["check", "P1", "--note", "-x"], ["check", "P1", "--note="],
        ["check", "P1", "--unknown", "x"], ["check", "P1", "--format", "xml"], ["check", "P1", "--expected", "many"],
        ["check", "P1", "--present", "-1"], ["check", "P1", "--expected", "99999999999"], ["check", "P1", "--reveal"],
        ["advance", "P1", "--on", "2026-03-08"], ["advance", "P1", "--to", "candidate"], ["show", "P1", "--reveal=yes"],
        ["show", "P1", "--reveal", "--reveal"], ["record", "P1", "thought_report", "--on", "2026-03-08"], ["audit"],
    ])
    func leavesTheRestToArgumentParser(arguments: [String]) {
        #expect(Fazhan.parsePlainly(arguments[0], arguments.dropFirst()) == nil)
    }
}

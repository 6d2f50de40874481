import Foundation
import Testing

/// Option values and dates as organizers write them: the Chinese words and date forms `import`
/// accepts are accepted on the command line too, and record exactly what the English ones do.
@Suite struct WrittenValueCLITests {
    /// The same session in Chinese or in English; the history as `export events` prints it.
    private func session(chinese: Bool) throws -> String {
        let sandbox = try CLISandbox()
        func succeed(_ arguments: [String]) throws {
            let result = try sandbox.run(arguments)
            try #require(result.status == 0, "\(result)")
        }
        func words(_ chineseWords: [String], _ englishWords: [String]) -> [String] { chinese ? chineseWords : englishWords }
        try sandbox.succeed("init", "--workflow", "cpc-2014")
        try sandbox.succeed("org", "add", "UNI", "--name", "某大学党委", "--kind", chinese ? "党委" : "committee")
        try sandbox.succeed("org", "add", "CS", "--name", "计算机学院党总支", "--kind", chinese ? "党总支" : "general-branch", "--parent", "UNI")
        try sandbox.succeed("org", "add", "CS-S1", "--name", "本科生第一党支部", "--kind", chinese ? "党支部" : "branch", "--parent", "CS",
                            "--category", chinese ? "学生" : "student")
        try succeed(["person", "add", "--number", "2021001", "--name", "张三", "--org", "CS-S1"]
            + words(["--category", "学生", "--gender", "女", "--level", "本科", "--birth", "2003年1月5日"],
                    ["--category", "student", "--gender", "female", "--level", "undergraduate", "--birth", "2003-01-05"])
            + ["--league-member"])
        for (step, chineseDate, englishDate, extra) in [
            ("submit_application", "2023/3/1", "2023-03-01", [String]()),
            ("initial_talk", "2023-3-20", "2023-03-20", []),
            ("recommendation", "2023年4月1日", "2023-04-01", words(["--method", "团组织推优"], ["--method", "league"])),
        ] {
            try succeed(["record", "2021001", step, "--on", chinese ? chineseDate : englishDate] + extra)
        }
        try succeed(["advance", "2021001", "--to", "activist", "--on", chinese ? "2023年4月10日" : "2023-04-10"])
        try succeed(["record", "2021001", "defense", "--on", chinese ? "2023.5.6" : "2023-05-06"]
            + words(["--result", "合格"], ["--result", "pass"]))
        return try sandbox.succeed("export", "events", "--format", "csv").stdout + sandbox.succeed("export", "people", "--format", "csv").stdout
            + sandbox.succeed("org", "list").stdout
    }

    @Test func chineseWordsAndDatesRecordWhatEnglishOnesDo() throws {
        let chinese = try session(chinese: true)
        let english = try session(chinese: false)
        func withoutTimes(_ text: String) -> [String] {
            // The recording times differ between the two sessions; everything else is the same.
            text.split(separator: "\n").map { line in
                line.split(separator: ",", omittingEmptySubsequences: false).filter { !$0.contains("T") || !$0.hasSuffix("Z") }.joined(separator: ",")
            }
        }
        #expect(withoutTimes(chinese) == withoutTimes(english))
        #expect(chinese.contains("2023-04-01") && chinese.contains("league"))
        #expect(chinese.contains("2021001,张三,CS-S1,student,female,2003-01-05,,,undergraduate"))
    }

    @Test(arguments: [
        (["person", "add", "--number", "2021002", "--name", "李四", "--org", "CS-S1", "--category", "学生", "--gender", "未知"], "'未知' is invalid for '--gender <gender>'"),
        (["person", "add", "--number", "2021002", "--name", "李四", "--org", "CS-S1", "--category", "研究员"], "'研究员' is invalid for '--category <category>'"),
        (["record", "2021001", "initial_talk", "--on", "2023年2月30日"], "'2023年2月30日' is invalid for '--on <on>'"),
        (["record", "2021001", "initial_talk", "--on", "3/20/2023"], "'3/20/2023' is invalid for '--on <on>'"),
        (["record", "2021001", "recommendation", "--on", "2023-04-01", "--method", "推荐"], "--method must be league (团组织推优) or members (党员推荐); it is 推荐"),
        (["org", "add", "X", "--name", "某组织", "--kind", "党小组"], "'党小组' is invalid for '--kind <kind>'"),
    ])
    func wordsThatAreNoneOfThemAreUsageErrors(arguments: [String], message: String) throws {
        let sandbox = try CLISandbox()
        try sandbox.setUpUniversity()
        try sandbox.addStudent()
        let before = try sandbox.eventCount()
        let result = try sandbox.run(arguments)
        #expect(result.status == 64, "\(result)")
        #expect(result.stderr.contains(message), "\(result)")
        #expect(try sandbox.eventCount() == before)
    }
}

import Foundation
import Testing

/// Chinese by default, English on request (issue 15): `--lang`, the locale, and the language the
/// remote client asks the server for.
@Suite struct LanguageCLITests {
    /// A locale that asks for nothing in particular: what a fresh machine has.
    static let noLocale = ["LANG": "C.UTF-8"]

    /// A person whose next step is refused, in a database of its own.
    func blockedApplicant() throws -> CLISandbox {
        let sandbox = try CLISandbox()
        try sandbox.setUpUniversity()
        try sandbox.addStudent(number: "2021001", name: "张三")
        try sandbox.succeed("record", "2021001", "submit_application", "--on", "2023-03-01")
        return sandbox
    }

    @Test func aRefusalReadsChineseByDefault() throws {
        let sandbox = try blockedApplicant()
        let check = try sandbox.run(["check", "2021001"], environment: Self.noLocale)
        #expect(check.status == 1 && check.stderr.isEmpty, "\(check)")
        #expect(check.stdout.hasPrefix("张三（2021001）：推荐和确定入党积极分子 (designate_activist) → 入党积极分子，2026-11-20：不允许，"), "\(check)")
        #expect(check.stdout.contains("项检查中") && check.stdout.contains("规则  名称") && check.stdout.contains("实际情况")
                && check.stdout.contains("依据：") && check.stdout.contains("纠正办法（DATE：实际发生的日期；…：由您填写）："), "\(check)")
        #expect(!check.stdout.contains("NOT allowed") && !check.stdout.contains("basis:") && !check.stdout.contains("to put it right"), "\(check)")
        // The same through advance: nothing recorded, said in Chinese.
        let advance = try sandbox.run(["advance", "2021001", "--to", "activist", "--on", "2023-09-01"], environment: Self.noLocale)
        #expect(advance.status == 1 && advance.stderr.hasSuffix("未作任何记录\n"), "\(advance)")
    }

    @Test func englishByOptionOrLocaleAndTheOptionWins() throws {
        let sandbox = try blockedApplicant()
        let byOption = try sandbox.run(["check", "2021001", "--lang", "en"], environment: Self.noLocale)
        #expect(byOption.stdout.hasPrefix("张三 (2021001): 推荐和确定入党积极分子 (designate_activist) → 入党积极分子 on 2026-11-20: NOT allowed"),
                "\(byOption)")
        let byLocale = try sandbox.run(["check", "2021001"], environment: ["LANG": "en_GB.UTF-8"])
        #expect(byLocale.stdout == byOption.stdout, "\(byLocale)")
        // LC_ALL outranks LANG; --lang outranks both, written either way and anywhere on the line.
        let byLCAll = try sandbox.run(["check", "2021001"], environment: ["LANG": "en_US.UTF-8", "LC_ALL": "zh_CN.UTF-8"])
        #expect(byLCAll.stdout.contains("不允许"), "\(byLCAll)")
        let chineseOption = try sandbox.run(["--lang=zh", "check", "2021001"], environment: ["LANG": "en_US.UTF-8"])
        #expect(chineseOption.stdout == byLCAll.stdout, "\(chineseOption)")
    }

    @Test func aLanguageFazhanDoesNotSpeakIsAUsageError() throws {
        let sandbox = try blockedApplicant()
        let before = try sandbox.eventCount()
        for arguments in [["record", "2021001", "initial_talk", "--on", "2023-03-20", "--lang", "fr"],
                          ["record", "2021001", "initial_talk", "--on", "2023-03-20", "--lang="],
                          ["record", "2021001", "initial_talk", "--on", "2023-03-20", "--lang"]] {
            let result = try sandbox.run(arguments, environment: Self.noLocale)
            #expect(result.status == 64, "\(arguments): \(result)")
            #expect(result.stderr.contains("zh") && result.stderr.contains("en") && result.stdout.isEmpty, "\(result)")
        }
        #expect(try sandbox.eventCount() == before)
        // After `--`, --lang is an argument like any other, not the option.
        let note = try sandbox.run(["record", "2021001", "thought_report", "--on", "2023-03-25", "--note", "--", "--lang"],
                                   environment: Self.noLocale)
        #expect(note.status != 64 || !note.stderr.contains("--lang 只能"), "\(note)")
    }

    @Test func recordsAuditsAgendasAndListsReadChinese() throws {
        let sandbox = try blockedApplicant()
        let late = try sandbox.run(["record", "2021001", "initial_talk", "--on", "2023-04-16"], environment: Self.noLocale)
        #expect(late.status == 0, "\(late)")
        #expect(late.stdout.hasPrefix("已记录 #2：张三（2021001）党组织派人谈话 (initial_talk)，2023-04-16"), "\(late)")
        #expect(late.stderr.hasPrefix("警告：R2 派人谈话：") && late.stderr.contains("（超出 15 天）")
                && late.stderr.hasSuffix("已按实际情况记录；审计将报告为逾期。\n"), "\(late)")

        let audit = try sandbox.run(["audit"], environment: Self.noLocale)
        #expect(audit.stdout.hasPrefix("审计（截至 2026-11-20）：1 人；"), "\(audit)")
        #expect(audit.stdout.contains("逾期") && audit.stdout.contains("共 1 项发现，其中违规 0 项"), "\(audit)")
        let csv = try sandbox.run(["audit", "--format", "csv"], environment: Self.noLocale)
        #expect(csv.stdout.hasPrefix("\u{FEFF}编号,姓名,组织,规则,规则名称,性质,步骤,事件,日期,实际情况,要求,超出天数,来源,规则版本,导入"), "\(csv)")
        #expect(csv.stdout.contains(",逾期,"), "\(csv)")

        let agenda = try sandbox.run(["agenda", "--as-of", "2023-03-05", "--within", "60d"], environment: Self.noLocale)
        #expect(agenda.stdout.hasPrefix("待办（截至 2023-03-05，未来 60 天）：共 1 项（逾期 0 项）"), "\(agenda)")
        #expect(agenda.stdout.contains("日期        状态") && agenda.stdout.contains("27 天后"), "\(agenda)")

        let people = try sandbox.run(["person", "list"], environment: Self.noLocale)
        #expect(people.stdout.hasPrefix("编号     姓名  类别  组织"), "\(people)")
        #expect(people.stdout.contains("学生") && people.stdout.contains("入党申请人") && people.stderr == "共 1 人\n", "\(people)")

        let history = try sandbox.run(["history", "2021001"], environment: Self.noLocale.merging(["TZ": "Asia/Shanghai"]) { $1 })
        #expect(history.stdout.hasPrefix("张三（2021001），截至 2026-11-20：入党申请人，自 2023-03-01 起"), "\(history)")
        #expect(history.stdout.contains("记录时间（"), "\(history)")
    }

    @Test func errorsSayWhatIsWrongInChinese() throws {
        let sandbox = try blockedApplicant()
        let nobody = try sandbox.run(["show", "2021002"], environment: Self.noLocale)
        #expect(nobody.status == 1 && nobody.stderr.hasPrefix("错误：没有编号或 id 为 2021002 的人员；您是否要找 2021001"), "\(nobody)")
        let step = try sandbox.run(["record", "2021001", "intial_talk", "--on", "2023-03-20"], environment: Self.noLocale)
        #expect(step.status == 64 && step.stderr.contains("中没有步骤“intial_talk”；您是否要找 initial_talk"), "\(step)")
        let file = try sandbox.write("x", to: "exists.csv")
        let export = try sandbox.run(["export", "people", "--output", file], environment: Self.noLocale)
        #expect(export.status == 1 && export.stderr == "拒绝：\(file) 已存在；要替换请加 --force\n", "\(export)")
    }

    @Test func usageErrorsReadChineseAndHelpStaysWhole() throws {
        let sandbox = try blockedApplicant()
        let missing = try sandbox.run(["record"], environment: Self.noLocale)
        #expect(missing.status == 64, "\(missing)")
        #expect(missing.stderr.hasPrefix("错误：缺少参数 '<person>'\n说明："), "\(missing)")
        #expect(missing.stderr.contains("用法：fazhan record [<options>] <person> [<step>] --on <on>")
                && missing.stderr.contains("详见 'fazhan record --help'。"), "\(missing)")
        let value = try sandbox.run(["person", "add", "--number", "9", "--name", "王", "--org", "CS-S1", "--category", "学者"],
                                    environment: Self.noLocale)
        #expect(value.status == 64 && value.stderr.hasPrefix("错误：'--category <category>' 的值 '学者' 无效；可用的有："), "\(value)")
        let unknown = try sandbox.run(["record", "2021001", "initial_talk", "--on", "2023-03-20", "--gender", "男"], environment: Self.noLocale)
        #expect(unknown.status == 64 && unknown.stderr.hasPrefix("错误：没有选项 '--gender'"), "\(unknown)")
        let ours = try sandbox.run(["correct", "1", "--reason", " "], environment: Self.noLocale)
        #expect(ours.status == 64 && ours.stderr.hasPrefix("错误：--reason 须写明原因\n"), "\(ours)")
        // In English, exactly what ArgumentParser writes.
        let english = try sandbox.run(["record", "--lang", "en"], environment: Self.noLocale)
        #expect(english.status == 64 && english.stderr.hasPrefix("Error: Missing expected argument '<person>'\nHelp:  "), "\(english)")
        // Help is not an error, and is left as it is written.
        let help = try sandbox.run(["record", "--help"], environment: Self.noLocale)
        #expect(help.status == 0 && help.stdout.contains("USAGE: fazhan record"), "\(help)")
    }

    @Test func theRemoteClientAsksForItsLanguage() throws {
        let server = try FakeFazhanServer { _ in .text("张三\n") }
        defer { server.stop() }
        let sandbox = try ClientSandbox()
        try sandbox.signIn(server: server.url)
        sandbox.environment["FAZHAN_SERVER"] = server.url
        sandbox.environment["LANG"] = "C.UTF-8"
        _ = try sandbox.run("show", "2021001")
        _ = try sandbox.run("show", "2021001", "--lang", "en")
        sandbox.environment["LANG"] = "en_US.UTF-8"
        _ = try sandbox.run("show", "2021001")
        let asked = server.requests.filter { $0.path.hasPrefix("/v1/people") }.map { $0.headers["accept-language"] }
        #expect(asked == ["zh", "en", "en"], "\(server.requests)")
    }
}

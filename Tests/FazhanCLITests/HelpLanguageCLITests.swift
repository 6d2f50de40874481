import Foundation
import Testing

/// The command line's help in Chinese by default, in English on request, as before (issue 15 item 1):
/// every abstract, discussion and option help comes from the catalogue (`Catalogue+Help.swift`).
@Suite struct HelpLanguageCLITests {
    /// A locale that asks for nothing in particular: what a fresh machine has.
    static let noLocale = ["LANG": "C.UTF-8"]

    /// English sentences of today's help that must not show in the Chinese one.
    static let englishSentences = [
        "Develop party members (发展党员) by the rules", "Record a step or fact for a person",
        "Evaluate every guard of the next", "The date it happened:", "Who records this (else the OS user).",
        "The database file (else $FAZHAN_DB", "A free note.", "Meeting: voting members present",
    ]

    @Test func theRootHelpIsChineseByDefault() throws {
        let sandbox = try CLISandbox()
        let help = try sandbox.run(["--help"], environment: Self.noLocale)
        #expect(help.status == 0 && help.stderr.isEmpty, "\(help)")
        #expect(help.stdout.contains("OVERVIEW: 按规则发展党员：记录每一步，把关每一次转换，说明每一次拒绝。"), "\(help)")
        #expect(help.stdout.contains("退出码：0 成功，1 被拒绝或失败，64 用法错误。"), "\(help)")
        // The subcommands, each with its Chinese abstract.
        #expect(help.stdout.contains("为某人记录一个步骤或事实") && help.stdout.contains("登记和列出人员。")
                && help.stdout.contains("校验、安装、列出和绘制规则集。"), "\(help)")
        for sentence in Self.englishSentences {
            #expect(!help.stdout.contains(sentence), "\(sentence): \(help)")
        }
    }

    @Test func aCommandsHelpIsChineseByDefault() throws {
        let sandbox = try CLISandbox()
        for arguments in [["record", "--help"], ["help", "record"]] {
            let help = try sandbox.run(arguments, environment: Self.noLocale)
            #expect(help.status == 0 && help.stdout.contains("USAGE: fazhan record"), "\(help)")
            #expect(help.stdout.contains("OVERVIEW: 为某人记录一个步骤或事实"), "\(help)")
            #expect(help.stdout.contains("发生日期：2026-03-08、2026-3-8、2026/3/8") && help.stdout.contains("记录人（默认操作系统用户）。")
                    && help.stdout.contains("会议：实到有表决权党员数（实到）。") && help.stdout.contains("备注。"), "\(help)")
            // Option names and value names stay as they are typed.
            #expect(help.stdout.contains("--people-file") && help.stdout.contains("--on <on>"), "\(help)")
            for sentence in Self.englishSentences {
                #expect(!help.stdout.contains(sentence), "\(sentence): \(help)")
            }
        }
    }

    @Test func englishByOptionOrLocaleAsBefore() throws {
        let sandbox = try CLISandbox()
        let root = try sandbox.run(["--help", "--lang", "en"], environment: Self.noLocale)
        #expect(root.status == 0 && root.stdout.contains("Develop party members (发展党员) by the rules"), "\(root)")
        #expect(root.stdout.contains("Exit codes: 0 success, 1 refused or failed, 64 usage error."), "\(root)")
        #expect(root.stdout.contains("Register and list people.") && root.stdout.contains("Validate, install, list and draw rule sets."),
                "\(root)")
        #expect(!root.stdout.contains("按规则发展党员") && !root.stdout.contains("登记和列出人员"), "\(root)")
        let byLocale = try sandbox.run(["--help"], environment: ["LANG": "en_US.UTF-8"])
        #expect(byLocale.stdout == root.stdout, "\(byLocale)")

        let record = try sandbox.run(["record", "--help", "--lang", "en"], environment: Self.noLocale)
        #expect(record.status == 0 && record.stdout.contains("OVERVIEW: Record a step or fact for a person"), "\(record)")
        #expect(record.stdout.contains("The date it happened: 2026-03-08, 2026-3-8,")
                && record.stdout.contains("Who records this (else the OS user).")
                && record.stdout.contains("Meeting: voting members present (实到)."), "\(record)")
        #expect(!record.stdout.contains("发生日期") && !record.stdout.contains("记录人（默认"), "\(record)")
        let helpRecord = try sandbox.run(["help", "record", "--lang", "en"], environment: Self.noLocale)
        #expect(helpRecord.stdout == record.stdout, "\(helpRecord)")
        let recordByLocale = try sandbox.run(["record", "--help"], environment: ["LANG": "en_US.UTF-8"])
        #expect(recordByLocale.stdout == record.stdout, "\(recordByLocale)")
    }

    @Test func aNestedCommandsDiscussionFollowsTheLanguage() throws {
        let sandbox = try CLISandbox()
        let chinese = try sandbox.run(["export", "people", "--help"], environment: Self.noLocale)
        #expect(chinese.status == 0 && chinese.stdout.contains("导出人员及其当前阶段"), "\(chinese)")
        #expect(chinese.stdout.contains("完整显示身份证号。") && chinese.stdout.contains("--headers"), "\(chinese)")
        let english = try sandbox.run(["export", "people", "--help", "--lang", "en"], environment: Self.noLocale)
        #expect(english.stdout.contains("Export people with their current stage")
                && english.stdout.contains("Show ID numbers (身份证号) in full."), "\(english)")
    }
}

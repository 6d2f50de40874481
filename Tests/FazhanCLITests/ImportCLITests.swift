import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `fazhan import people|events` run as a binary on rosters and histories as Excel writes them.
///
/// The fixtures in `Fixtures/` were written with Python: `roster-gb18030.csv` is the text
/// encoded with `.encode('gb18030')` (陈𠮷 takes four bytes, 李䶮 two), `roster-utf8-bom.csv` the
/// same text in UTF-8 after a byte-order mark, both with CRLF line ends as Excel writes them;
/// `history-utf8-bom.csv` is a legacy history of those people in which 李䶮 became a 发展对象
/// six months after becoming an activist (R7 asks for a year), and one row is out of date order.
@Suite struct ImportCLITests {
    static let fixtures = repositoryRoot.appendingPathComponent("Tests/FazhanCLITests/Fixtures")
    static let gbRoster = fixtures.appendingPathComponent("roster-gb18030.csv").path
    static let utf8Roster = fixtures.appendingPathComponent("roster-utf8-bom.csv").path
    static let history = fixtures.appendingPathComponent("history-utf8-bom.csv").path

    /// The university of `setUpUniversity` plus a teachers' branch (the roster's teacher has no 类别).
    private func university() throws -> CLISandbox {
        let sandbox = try CLISandbox()
        try sandbox.setUpUniversity()
        try sandbox.succeed("org", "add", "CS-T1", "--name", "计算机学院教工党支部", "--kind", "branch", "--parent", "CS",
                            "--category", "teacher")
        return sandbox
    }

    private func count(_ sandbox: CLISandbox, _ table: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Int {
        let result = try sandbox.sqlite("SELECT count(*) FROM \(table);")
        try #require(result.status == 0, "\(result)", sourceLocation: sourceLocation)
        return try #require(Int(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)), sourceLocation: sourceLocation)
    }

    // MARK: - Encodings

    @Test func gb18030AndUTF8RostersGiveIdenticalPeople() throws {
        let fromGB = try university()
        let gb = try fromGB.succeed("import", "people", Self.gbRoster)
        #expect(gb.stdout.contains("imported 4 people (0 already present) from \(Self.gbRoster) (GB18030), following cpc-2014 version 1"),
                "\(gb)")
        let fromUTF8 = try university()
        let utf8 = try fromUTF8.succeed("import", "people", Self.utf8Roster)
        #expect(utf8.stdout.contains("imported 4 people (0 already present) from \(Self.utf8Roster) (UTF-8 with BOM)"), "\(utf8)")

        let listing = try fromGB.succeed("person", "list", "--format", "json", "--reveal")
        #expect(listing.stdout == (try fromUTF8.succeed("person", "list", "--format", "json", "--reveal").stdout))
        let people = try listing.array()
        #expect(people.map { $0["name"] as? String } == ["张伟", "李䶮", "陈𠮷", "欧阳明"], "characters outside GBK survive")
        let chen = try #require(people.first { $0["number"] as? String == "2022010103" })
        #expect(chen["birthDate"] as? String == "2003-11-30", "taken from the ID number")
        #expect(chen["gender"] as? String == "male")
        let teacher = try #require(people.first { $0["number"] as? String == "T2001" })
        #expect(teacher["category"] as? String == "teacher", "taken from the teachers' branch")
        #expect(teacher["organization"] as? String == "CS-T1")
        let li = try #require(people.first { $0["number"] as? String == "2022010102" })
        #expect(li["organization"] as? String == "CS-S1", "an organization given by name")

        // The same roster in the other encoding is the same registration: nothing to add.
        let again = try fromGB.succeed("import", "people", Self.utf8Roster)
        #expect(again.stdout.contains("imported 0 people (4 already present)"), "\(again)")
    }

    @Test func theEncodingCanBeChosen() throws {
        let sandbox = try university()
        let wrong = try sandbox.run("import", "people", Self.gbRoster, "--encoding", "utf-8")
        #expect(wrong.status == 1, "\(wrong)")
        #expect(wrong.stderr.contains("not valid UTF-8: byte 0xBA at offset 2 (line 1)"), "\(wrong)")
        let mojibake = try sandbox.run("import", "people", Self.utf8Roster, "--encoding", "gb18030")
        #expect(mojibake.status == 1, "UTF-8 read as GB18030 is not a roster: \(mojibake)")
        #expect(try count(sandbox, "person") == 0)
        let gbk = try sandbox.succeed("import", "people", Self.gbRoster, "--encoding", "gbk")
        #expect(gbk.stdout.contains("imported 4 people") && gbk.stdout.contains("(GB18030)"), "\(gbk)")
        let utf8 = try sandbox.succeed("import", "people", Self.utf8Roster, "--encoding", "utf-8", "--format", "json").object()
        #expect(utf8["encoding"] as? String == "UTF-8 with BOM")
        #expect(utf8["added"] as? Int == 0)
        #expect(utf8["alreadyPresent"] as? Int == 4)
    }

    @Test func aFileInNeitherEncodingNamesTheByte() throws {
        let sandbox = try university()
        let path = sandbox.directory.appendingPathComponent("broken.csv")
        try (Data("学号,姓名,所在组织\n2023001,".utf8) + Data([0xFF, 0xFF]) + Data(",CS-S1\n".utf8)).write(to: path)
        let result = try sandbox.run("import", "people", path.path)
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains("neither UTF-8 nor GB18030"), "\(result)")
        #expect(result.stderr.contains("offset 35 (line 2)"), "\(result)")
    }

    // MARK: - All or nothing

    @Test func aRosterWithBadRowsImportsNothingAndListsEveryOne() throws {
        let sandbox = try university()
        try sandbox.succeed("import", "people", Self.gbRoster)
        let file = try sandbox.write("""
            学号,姓名,所在组织,类别,出生日期,身份证号
            2023001,赵一,NOPE,学生,2003-01-01,
            2023002,钱二,CS-S1,学生,2026-02-30,
            2023003,孙三,CS-S1,学生,2027-01-01,
            2023004,李四,CS-S1,学生,,110105200305020118
            2023004,周五,CS-S1,学生,,
            2023006,吴六,CS-S1,老师,,
            2022010101,张三,CS-S1,学生,,
            2023008,郑八,CS-S1,学生,2003-01-01,

            """, to: "bad-roster.csv")
        let result = try sandbox.run("import", "people", file)
        #expect(result.status == 1, "\(result)")
        for expected in [
            "has 7 bad rows; nothing was imported",
            "line 2, 所在组织: no organization \"NOPE\"",
            "line 3, 出生日期: 2026-02-30 is not a real date",
            "line 4, 出生日期: 2027-01-01 is in the future (today is 2026-11-20)",
            "line 5, 身份证号: 110*************18 is not a valid ID number",
            "line 6, 学号: 2023004 is already on line 5 of this file",
            "line 7, 类别: \"老师\" is not a category",
            "line 8, 姓名: number 2022010101 is already registered as 张伟 (CS-S1, student); this row differs: 姓名 张三 (registered: 张伟)",
        ] {
            #expect(result.stderr.contains(expected), "missing \(expected): \(result)")
        }
        #expect(!result.stderr.contains("line 9"), "line 9 is good: \(result)")
        #expect(!result.output.contains("110105200305020118"), "ID numbers stay masked")
        #expect(try count(sandbox, "person") == 4, "nothing was imported, not even the good row")

        let json = try sandbox.run("import", "people", file, "--format", "json")
        #expect(json.status == 1)
        let problems = try #require(try json.object()["problems"] as? [[String: Any]])
        #expect(problems.map { $0["line"] as? Int } == [2, 3, 4, 5, 6, 7, 8])
        #expect(problems.first?["column"] as? String == "所在组织")
    }

    /// A UTF-8 roster is checked and written as it is read; a dry run reads it whole. Both must
    /// find the same problems, however late in the file, and a refused file writes nobody, not
    /// even the people registered from the rows before the first bad one.
    @Test func aRosterReadAsAStreamIsRefusedAsAWholeFileIs() throws {
        let sandbox = try university()
        try sandbox.succeed("import", "people", Self.gbRoster)
        let file = try sandbox.write("""
            学号,姓名,所在组织,类别,出生日期,身份证号
            2023001,赵一,CS-S1,学生,2003-01-01,
            2023002,钱二,CS-S1,学生,,
            2022010101,张伟,CS-S1,学生,,
            2023003,孙三,CS-S1,学生,,11010519491231002X
            2023004,李四,CS-T1,,,
            2023002,周五,CS-S1,学生,,
            2022010102,李䶮,CS-T1,学生,,

            """, to: "late-bad-roster.csv")
        let streamed = try sandbox.run("import", "people", file)
        #expect(streamed.status == 1, "\(streamed)")
        let whole = try sandbox.run("import", "people", file, "--dry-run")
        #expect(whole.status == 1, "\(whole)")
        #expect(streamed.stderr == whole.stderr)
        for expected in [
            "has 2 bad rows; nothing was imported",
            "line 7, 学号: 2023002 is already on line 3 of this file",
            "line 8, 所在组织: number 2022010102 is already registered as 李䶮 (CS-S1, student); this row differs",
        ] {
            #expect(streamed.stderr.contains(expected), "missing \(expected): \(streamed)")
        }
        #expect(try count(sandbox, "person") == 4, "the rows before the bad ones were rolled back")
        #expect(try count(sandbox, "person_state") == 4)

        // Without the bad rows it imports, and a second time finds everyone present.
        let good = try sandbox.write(try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").prefix(6)
            .joined(separator: "\n") + "\n", to: "good-roster.csv")
        let plan = try sandbox.succeed("import", "people", good, "--dry-run", "--format", "json").object()
        let imported = try sandbox.succeed("import", "people", good, "--format", "json").object()
        #expect(imported["added"] as? Int == 4 && plan["added"] as? Int == 4, "\(imported)")
        #expect(imported["alreadyPresent"] as? Int == 1 && plan["alreadyPresent"] as? Int == 1)
        #expect(imported["workflow"] as? String == "cpc-2014 version 1")
        let again = try sandbox.succeed("import", "people", good, "--format", "json").object()
        #expect(again["added"] as? Int == 0 && again["alreadyPresent"] as? Int == 5, "\(again)")
        #expect(again["workflow"] == nil, "no workflow named when nobody was added")

        // An ID number registered to someone else is found whichever way the file is read.
        let taken = try sandbox.write("""
            学号,姓名,所在组织,类别,身份证号
            2023009,冯九,CS-S1,学生,11010519491231002X

            """, to: "taken.csv")
        let refused = try sandbox.run("import", "people", taken)
        #expect(refused.status == 1, "\(refused)")
        #expect(refused.stderr == (try sandbox.run("import", "people", taken, "--dry-run").stderr))
        #expect(refused.stderr.contains("line 2, 身份证号:") && refused.stderr.contains("2023003"), "\(refused)")
        #expect(try sandbox.succeed("verify").stdout.contains("intact"))
    }

    @Test func aHistoryWithBadRowsImportsNothingAndListsEveryOne() throws {
        let sandbox = try university()
        try sandbox.succeed("import", "people", Self.gbRoster)
        let file = try sandbox.write("""
            学号,步骤,日期,应到,实到,赞成,反对,弃权
            2022010101,thought_report,2026-12-01,,,,,
            2022010101,思想汇报,2025-02-30,,,,,
            2022010101,no_such_step,2025-01-01,,,,,
            9999999,thought_report,2025-01-01,,,,,
            2022010103,支部大会讨论,2025-01-01,9,8,7,2,0
            2022010103,支部大会讨论,2025-01-02,9,10,7,0,0
            2022010101,递交入党申请书,2025-03-01,,,,,

            """, to: "bad-history.csv")
        let result = try sandbox.run("import", "events", file)
        #expect(result.status == 1, "\(result)")
        for expected in [
            "has 6 bad rows; nothing was imported",
            "line 2, 日期: 2026-12-01 is in the future (today is 2026-11-20)",
            "line 3, 日期: 2025-02-30 is not a real date",
            "line 4, 步骤: unknown step \"no_such_step\" in workflow cpc-2014",
            "line 5, 学号: no person with number 9999999",
            "line 6, 赞成: 赞成 + 反对 + 弃权 = 9, more than the 8 present",
            "line 7, 实到: 实到 10 is more than 应到 9",
            "steps of cpc-2014: submit_application (递交入党申请书)",
        ] {
            #expect(result.stderr.contains(expected), "missing \(expected): \(result)")
        }
        #expect(try sandbox.eventCount() == 0)
    }

    @Test func aBadRowAfterPeopleAlreadyWrittenImportsNothing() throws {
        let sandbox = try university()
        try sandbox.succeed("import", "people", Self.gbRoster)
        // Each person's rows together: the first people's are written before the bad rows are read.
        let file = try sandbox.write("""
            学号,步骤,日期
            2022010101,submit_application,2023-03-01
            2022010101,initial_talk,2023-03-20
            2022010102,submit_application,2023-03-01
            2022010103,submit_application,2023-03-01
            2022010103,submit_application,2023-03-01
            2022010103,initial_talk,2026-12-01

            """, to: "late-bad-history.csv")
        let result = try sandbox.run("import", "events", file)
        #expect(result.status == 1, "\(result)")
        for expected in [
            "has 2 bad rows; nothing was imported",
            "line 6: the same event as line 5 (same person, step, date and data)",
            "line 7, 日期: 2026-12-01 is in the future (today is 2026-11-20)",
        ] {
            #expect(result.stderr.contains(expected), "missing \(expected): \(result)")
        }
        #expect(try sandbox.eventCount() == 0)
        #expect(try sandbox.succeed("verify").stdout.contains("intact"))
    }

    @Test func aPersonWhoseRowsAreApartIsWrittenAsOne() throws {
        let sandbox = try university()
        try sandbox.succeed("import", "people", Self.gbRoster)
        let file = try sandbox.write("""
            学号,步骤,日期
            2022010101,initial_talk,2023-03-20
            2022010102,submit_application,2023-03-01
            2022010101,submit_application,2023-03-01

            """, to: "apart-history.csv")
        let result = try sandbox.succeed("import", "events", file)
        #expect(result.stdout.contains("imported 3 events of 2 people (0 already present)"), "\(result)")
        let steps = try sandbox.sqlite("SELECT p.number || ' ' || e.step FROM event e JOIN person p ON p.id = e.person_id ORDER BY e.id;")
        #expect(steps.stdout.split(separator: "\n") == [
            "2022010101 submit_application", "2022010101 initial_talk", "2022010102 submit_application",
        ], "\(steps)")
        let again = try sandbox.succeed("import", "events", file)
        #expect(again.stdout.contains("imported 0 events (3 already present)"), "\(again)")
    }

    @Test func anUnknownColumnIsRefusedWithTheAcceptedOnes() throws {
        let sandbox = try university()
        let file = try sandbox.write("学号,姓名,所在组织,手机号\n2023001,赵一,CS-S1,13800000000\n", to: "phones.csv")
        let result = try sandbox.run("import", "people", file)
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains("unknown column \"手机号\""), "\(result)")
        #expect(result.stderr.contains("accepted columns: 学号/工号/编号"), "\(result)")
        let missing = try sandbox.write("学号,日期\n2023001,2025-01-01\n", to: "no-step.csv")
        let events = try sandbox.run("import", "events", missing)
        #expect(events.status == 1, "\(events)")
        #expect(events.stderr.contains("no column for 步骤/步骤名称/环节/step"), "\(events)")
    }

    // MARK: - Dry runs and repeats

    @Test func aDryRunChangesNothing() throws {
        let sandbox = try university()
        let people = try sandbox.succeed("import", "people", Self.gbRoster, "--dry-run")
        #expect(people.stdout.contains("4 people would be imported, 0 already present; dry run, nothing was imported"), "\(people)")
        #expect(try count(sandbox, "person") == 0)
        try sandbox.succeed("import", "people", Self.gbRoster)
        let events = try sandbox.succeed("import", "events", Self.history, "--dry-run", "--format", "json").object()
        #expect(events["added"] as? Int == 14)
        #expect(events["people"] as? Int == 3)
        #expect(events["dryRun"] as? Bool == true)
        #expect(try sandbox.eventCount() == 0)
    }

    @Test func importingTwiceAddsNothingTheSecondTime() throws {
        let sandbox = try university()
        try sandbox.succeed("import", "people", Self.gbRoster)
        let first = try sandbox.succeed("import", "events", Self.history)
        #expect(first.stdout.contains("imported 14 events of 3 people (0 already present) from \(Self.history) (UTF-8 with BOM)"),
                "\(first)")
        let second = try sandbox.succeed("import", "events", Self.history)
        #expect(second.stdout.contains("imported 0 events (14 already present)"), "\(second)")
        #expect(try sandbox.eventCount() == 14)
        let people = try sandbox.succeed("import", "people", Self.gbRoster)
        #expect(people.stdout.contains("imported 0 people (4 already present)"), "\(people)")
        #expect(try count(sandbox, "person") == 4)
    }

    // MARK: - Imported history and the audit

    @Test func importedEventsAreFlaggedInDateOrderAndTheAuditFindsTheirViolations() throws {
        let sandbox = try university()
        try sandbox.succeed("import", "people", Self.gbRoster)
        try sandbox.succeed("import", "events", Self.history, "--by", "档案室")
        #expect(try count(sandbox, "event WHERE imported = 1 AND recorded_by = '档案室'") == 14)
        // 李䶮's 上级党委备案 (2023-04-20) comes last in the file but is written in date order.
        let steps = try sandbox.sqlite("SELECT step FROM event WHERE person_id = (SELECT id FROM person WHERE number = '2022010102') ORDER BY id;")
        #expect(steps.stdout.split(separator: "\n") == [
            "submit_application", "initial_talk", "recommendation", "designate_activist", "file_activist", "designate_candidate",
        ], "\(steps)")
        let people = try sandbox.succeed("person", "list", "--format", "json").array()
        #expect(people.first { $0["number"] as? String == "2022010102" }?["stage"] as? String == "candidate", "the projection follows")
        #expect(people.first { $0["number"] as? String == "2022010101" }?["stage"] as? String == "activist")

        let audit = try sandbox.run("audit", "--as-of", "2026-11-20", "--format", "json")
        #expect(audit.status == 1, "an imported violation fails the audit: \(audit)")
        let findings = try #require(try audit.object()["findings"] as? [[String: Any]])
        let r7 = findings.filter { $0["rule"] as? String == "R7" }
        #expect(r7.count == 1, "\(findings)")
        #expect(r7.first?["personNumber"] as? String == "2022010102")
        #expect(r7.first?["severity"] as? String == "violation")
        #expect(r7.first?["imported"] as? Bool == true)
        let text = try sandbox.run("audit", "--as-of", "2026-11-20")
        #expect(text.stdout.contains("violation (imported)"), "\(text)")

        let verified = try sandbox.succeed("verify")
        #expect(verified.stdout.contains("intact. 14 events, 14 seals"), "\(verified)")
    }

    // MARK: - Usage

    @Test func usageErrorsExit64() throws {
        let sandbox = try university()
        for arguments in [
            ["import", "people"],
            ["import", "events"],
            ["import", "people", Self.gbRoster, "--encoding", "latin1"],
            ["import", "events", Self.history, "--format", "csv"],
        ] {
            let result = try sandbox.run(arguments)
            #expect(result.status == 64, "\(result)")
        }
        let latin = try sandbox.run("import", "people", Self.gbRoster, "--encoding", "latin1")
        #expect(latin.stderr.contains("'utf-8', 'gb18030' or 'gbk'"), "\(latin)")
        let missing = try sandbox.run("import", "people", "no-such.csv")
        #expect(missing.status == 1, "\(missing)")
        #expect(missing.stderr.contains("cannot read no-such.csv: no such file"), "\(missing)")
    }

    // MARK: - A killed import

    @Test func anImportKilledPartwayLeavesAllOrNothing() throws {
        let sandbox = try university()
        let people = 2_000
        var roster = "学号,姓名,所在组织,类别\n"
        var history = "学号,步骤,日期\n"
        for index in 0..<people {
            let number = String(format: "K%05d", index)
            roster += "\(number),学生\(index),CS-S1,学生\n"
            history += "\(number),submit_application,2023-03-01\n"
            for month in 4...12 { history += "\(number),thought_report,2023-\(String(format: "%02d", month))-01\n" }
        }
        try sandbox.succeed("import", "people", try sandbox.write(roster, to: "big-roster.csv"))
        let historyFile = try sandbox.write(history, to: "big-history.csv")
        let rows = people * 10

        let (process, log) = try start(sandbox, ["import", "events", historyFile])
        let wal = sandbox.database.path + "-wal"
        let started = Date()
        var killed = false
        // Kill once the transaction is writing pages into the WAL, with a time limit as fallback.
        while process.isRunning, Date().timeIntervalSince(started) < 60 {
            let size = (try? FileManager.default.attributesOfItem(atPath: wal)[.size] as? Int) ?? 0
            if size > 512 * 1024 || Date().timeIntervalSince(started) > 20 {
                kill(process.processIdentifier, SIGKILL)
                killed = true
                break
            }
            usleep(2_000)
        }
        process.waitUntilExit()
        let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        if killed {
            #expect(process.terminationReason == .uncaughtSignal, "\(output)")
        }

        let verified = try sandbox.run("verify")
        #expect(verified.status == 0, "\(verified)")
        #expect(verified.stdout.contains("intact"), "\(verified)")
        let count = try sandbox.eventCount()
        #expect(count == 0 || count == rows, "a part of the import survived the kill: \(count) events (killed: \(killed)) \(output)")

        // Running it again completes it: nothing doubled.
        let again = try sandbox.succeed("import", "events", historyFile)
        #expect(again.stdout.contains("imported \(rows - count) events"), "\(again)")
        #expect(try sandbox.eventCount() == rows)
        #expect(try sandbox.succeed("verify").stdout.contains("intact. \(rows) events"))
    }

    /// Starts `fazhan ARGUMENTS` in the sandbox without waiting, its output into a log file.
    private func start(_ sandbox: CLISandbox, _ arguments: [String]) throws -> (Process, URL) {
        let binary = try #require(FazhanBinary.url, "the fazhan binary was not found beside the test bundle; run swift build")
        let log = sandbox.directory.appendingPathComponent("import-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.environment = sandbox.environment
        process.currentDirectoryURL = sandbox.directory
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        return (process, log)
    }
}

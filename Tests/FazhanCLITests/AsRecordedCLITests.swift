import FazhanCore
import FazhanViews
import Foundation
import Testing

@testable import FazhanCLI

/// `--as-recorded` and `--changes-since` as an organizer writes them, and as the commands use them.
@Suite struct AsRecordedCLITests {
    // MARK: - Reading what the organizer wrote

    static let shanghai = TimeZone(identifier: "Asia/Shanghai")!
    static let utc = TimeZone(identifier: "UTC")!

    @Test(arguments: [
        // A date is the end of that day, local time: Beijing is 8 hours ahead of UTC.
        ("2026-10-15", "2026-10-15T15:59:59.999Z", "2026-10-15"),
        ("2026-10-15", "2026-10-15T15:59:59.999Z", "2026-10-15"),
        ("2026/10/15", "2026-10-15T15:59:59.999Z", "2026-10-15"),
        ("2026年10月15日", "2026-10-15T15:59:59.999Z", "2026-10-15"),
        ("2026-3-1", "2026-03-01T15:59:59.999Z", "2026-03-01"),
        // Leap day and year end.
        ("2024-02-29", "2024-02-29T15:59:59.999Z", "2024-02-29"),
        ("2026-12-31", "2026-12-31T15:59:59.999Z", "2026-12-31"),
        // A local time, with or without seconds, with a T or a space.
        ("2026-10-15T09:30", "2026-10-15T01:30:00.000Z", "2026-10-15"),
        ("2026-10-15 09:30:15", "2026-10-15T01:30:15.000Z", "2026-10-15"),
        ("2026-10-15T07:59:59.5", "2026-10-14T23:59:59.500Z", "2026-10-15"),
        // A time that says its zone is that instant; its local day is Beijing's.
        ("2026-10-15T16:00:00Z", "2026-10-15T16:00:00.000Z", "2026-10-16"),
        ("2026-10-15T23:59:59+08:00", "2026-10-15T15:59:59.000Z", "2026-10-15"),
        ("2026-10-15T12:00:00.125-05:00", "2026-10-15T17:00:00.125Z", "2026-10-16"),
    ])
    func whatTheOrganizerWroteIsTheInstantMeant(written: String, instant: String, day: String) throws {
        let read = try #require(RecordedInstant(written, zone: Self.shanghai), "\(written)")
        #expect(read.cutoff.description == instant)
        #expect(read.localDate.description == day)
    }

    @Test func inUTCADateEndsAtMidnightUTC() throws {
        let read = try #require(RecordedInstant("2026-10-15", zone: Self.utc))
        #expect(read.cutoff.description == "2026-10-15T23:59:59.999Z")
    }

    @Test(arguments: ["", "yesterday", "2026-13-01", "2026-02-30", "2026-10-15T25:00", "2026-10-15T09:30+8", "2026-10-15T09:30:00ZZ",
                      "2026-10-15T09:30:00.1234567891Z", "10/15/2026", "2026-10-15T09"])
    func anythingElseIsNotAnInstant(written: String) {
        #expect(RecordedInstant(written, zone: Self.shanghai) == nil, "\(written)")
    }

    /// Both stored widths of one instant are the same instant: `…00Z` sorts after `…00.000Z` as
    /// text, so a comparison on text would put a record recorded exactly at the cutoff after it.
    @Test func bothStoredWidthsOfAnInstantAreIncluded() throws {
        let cutoff = try #require(RecordedCutoff(timestamp: "2026-10-15T02:00:00.000Z"))
        #expect(cutoff.includes("2026-10-15T02:00:00Z"))
        #expect(cutoff.includes("2026-10-15T02:00:00.000Z"))
        #expect(!cutoff.includes("2026-10-15T02:00:00.001Z"))
        #expect(cutoff.includes("2026-10-15T01:59:59.999Z"))
        #expect(cutoff.includes("2026-10-15T10:00:00+08:00"))
        #expect(!cutoff.includes("2026-10-15T10:00:01+08:00"))
        #expect(cutoff.secondPrefix == "2026-10-15T02:00:00" && cutoff.nextSecondPrefix == "2026-10-15T02:00:01")
    }

    // MARK: - The commands

    /// 张三's application and talk are recorded, then (later) 李四 is registered and applies and
    /// 张三's talk is corrected: as recorded on the first instant, everything reads as it did.
    @Test func reportsAuditsAgendasAndHistoriesReadAsTheyDidThen() throws {
        let sandbox = try CLISandbox()
        try sandbox.setUpUniversity()
        try sandbox.addStudent(number: "2021001", name: "张三")
        try sandbox.succeed("record", "2021001", "submit_application", "--on", "2026-03-02")
        let talk = try sandbox.succeed("record", "2021001", "initial_talk", "--on", "2026-03-20", "--names", "王老师")
        let talkID = try #require(talk.stdout.split(separator: "#").dropFirst().first?.prefix { $0.isNumber })
        let events = try sandbox.succeed("history", "2021001", "--format", "json").object()["events"] as? [[String: Any]]
        let filed = try #require(events?.last?["recordedAt"] as? String)

        let commands: [[String]] = [
            ["report", "quarterly", "--quarter", "2026Q1"],
            ["report", "quarterly", "--quarter", "2026Q1", "--format", "csv"],
            ["report", "quarterly", "--quarter", "2026Q1", "--format", "json"],
            ["audit", "--as-of", "2026-06-30"],
            ["audit", "--format", "json", "--as-of", "2026-06-30"],
            ["agenda", "--as-of", "2026-03-25", "--within", "12w"],
            ["history", "2021001"],
            ["history", "2021001", "--format", "json"],
        ]
        var before: [String] = []
        for command in commands { before.append(try sandbox.run(command + ["--as-recorded", filed]).stdout) }

        // Later: another applicant, a correction, and a thought report dated after the quarter.
        Thread.sleep(forTimeInterval: 0.01)
        try sandbox.addStudent(number: "2021002", name: "李四")
        try sandbox.succeed("record", "2021002", "submit_application", "--on", "2026-02-10")
        try sandbox.succeed("correct", String(talkID), "--reason", "谈话日期有误", "--on", "2026-03-23")
        try sandbox.succeed("record", "2021001", "thought_report", "--on", "2026-04-10")

        for (command, printed) in zip(commands, before) {
            let again = try sandbox.run(command + ["--as-recorded", filed])
            #expect(again.stdout == printed, "\(command.joined(separator: " ")) as recorded on \(filed) moved:\n\(again.stdout)\nwas:\n\(printed)")
            let now = try sandbox.run(command)
            #expect(now.stdout != printed, "\(command.joined(separator: " ")) did not move with the later work")
        }
        // 李四 was not registered then.
        let absent = try sandbox.run("history", "2021002", "--as-recorded", filed)
        #expect(absent.status == 1 && absent.stderr.contains("no person"), "\(absent)")

        // What moved 2026Q1 since: 李四's application and the correction, not the April report.
        let changes = try sandbox.succeed("report", "quarterly", "--quarter", "2026Q1", "--changes-since", filed)
        #expect(changes.stdout.contains("李四") && changes.stdout.contains("更正 #\(talkID)"), "\(changes.stdout)")
        #expect(!changes.stdout.contains("思想汇报"), "\(changes.stdout)")
        #expect(changes.stdout.contains("入党申请人") && changes.stdout.contains("+1"), "\(changes.stdout)")
        let json = try sandbox.succeed("report", "quarterly", "--quarter", "2026Q1", "--changes-since", filed, "--format", "json").object()
        #expect((json["events"] as? [[String: Any]])?.count == 2 && json["since"] as? String == filed)
        let csv = try sandbox.succeed("report", "quarterly", "--quarter", "2026Q1", "--changes-since", filed, "--format", "csv")
        #expect(csv.stdout.contains("数字,Stocks on 2026-03-31,入党申请人,total,1,2,"), "\(csv.stdout)")
    }

    @Test func aBadInstantOrAnImpossiblePairIsAUsageErrorAndChangesNothing() throws {
        let sandbox = try CLISandbox()
        try sandbox.setUpUniversity()
        try sandbox.addStudent(number: "2021001", name: "张三")
        try sandbox.succeed("record", "2021001", "submit_application", "--on", "2026-03-02")
        let count = try sandbox.eventCount()
        for arguments in [
            ["audit", "--as-recorded", "yesterday"],
            ["agenda", "--as-recorded", "2026-13-01"],
            ["history", "2021001", "--as-recorded", ""],
            ["report", "quarterly", "--as-recorded", "2026-10-15T25:00"],
            ["report", "quarterly", "--changes-since", "2026-10-15", "--format", "html"],
            ["report", "quarterly", "--changes-since", "2026-10-15", "--as-recorded", "2026-10-15"],
            ["report", "quarterly", "--changes-since", "2026-10-16", "--as-recorded", "2026-10-15"],
        ] {
            let result = try sandbox.run(arguments)
            #expect(result.status == 64 && result.stdout.isEmpty, "\(arguments): \(result)")
        }
        #expect(try sandbox.eventCount() == count)
    }
}

/// The zone the remote CLI names to the server is one the server reads back.
@Suite struct ZoneNameTests {
    @Test(arguments: [0, 28_800, -18_000, 19_800, 20_700])
    func anOffsetZoneIsNamedSoTheServerReadsItBack(seconds: Int) throws {
        let zone = try #require(TimeZone(secondsFromGMT: seconds))
        let name = RemoteClient.zoneName(zone)
        #expect(TimeZone(identifier: name)?.secondsFromGMT() == seconds, "\(name)")
    }

    @Test func aNamedZoneKeepsItsName() throws {
        #expect(RemoteClient.zoneName(try #require(TimeZone(identifier: "Asia/Shanghai"))) == "Asia/Shanghai")
    }
}

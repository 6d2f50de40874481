import Foundation
import Testing
@testable import FazhanCore

/// The repository's directories, found from this file's path (`Tests/FazhanCoreTests/…`).
enum RepositoryPaths {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // FazhanCoreTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // the package
    static let calendars = root.appendingPathComponent("workflows/calendars").path
    static let calendarFixtures = root.appendingPathComponent("Tests/FazhanCoreTests/Fixtures/calendars").path
}

@Suite struct WorkingCalendarTests {
    let calendar: WorkingCalendar

    init() throws {
        calendar = try WorkingCalendar.load(directory: RepositoryPaths.calendars)
    }

    private func date(_ text: String) throws -> CivilDate {
        try #require(CivilDate(text), "not a date: \(text)")
    }

    /// The diagnostics a load throws, or none.
    private func diagnostics<T>(_ load: () throws(DefinitionError) -> T) -> [Diagnostic] {
        do {
            _ = try load()
            return []
        } catch {
            return error.diagnostics
        }
    }

    /// A day-by-day count, to check the arithmetic of `workingDays(from:through:)`.
    private func naiveCount(_ from: CivilDate, _ through: CivilDate) -> Int {
        guard from <= through else { return 0 }
        return (from.dayNumber...through.dayNumber).filter { calendar.isWorkingDay(CivilDate(dayNumber: $0)) }.count
    }

    // MARK: The shipped calendars

    @Test func loadsTheShippedYears() throws {
        #expect(calendar.years == [2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026])
        #expect(calendar.calendarID == "cn")
        let y2026 = try #require(calendar.year(2026))
        #expect(y2026.source == "国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04)")
        #expect(y2026.holidays.map(\.name) == ["元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"])
        #expect(y2026.makeUpWorkdays.count == 6)
        let y2025 = try #require(calendar.year(2025))
        #expect(y2025.source.contains("国办发明电〔2024〕12号"))
        #expect(y2025.holidays.count == 6)
        #expect(y2025.makeUpWorkdays.count == 5)
    }

    @Test func year2026Has248WorkingDays() throws {
        let count = calendar.workingDays(from: try date("2026-01-01"), through: try date("2026-12-31"))
        #expect(count == WorkingCalendar.Count(value: 248, provisional: false))
        #expect(naiveCount(try date("2026-01-01"), try date("2026-12-31")) == 248)
    }

    /// 2023: 260 weekdays, 18 of them holidays, plus 7 make-up days. 2024: 262 weekdays, 19
    /// holidays, 8 make-up days. Counted independently, day by day, from the notices.
    @Test(arguments: [(2023, 249), (2024, 251)])
    func earlierYearsCount(year: Int, expected: Int) throws {
        let first = try #require(CivilDate(year: year, month: 1, day: 1))
        let last = try #require(CivilDate(year: year, month: 12, day: 31))
        #expect(calendar.workingDays(from: first, through: last) == WorkingCalendar.Count(value: expected, provisional: false))
        #expect(naiveCount(first, last) == expected)
    }

    /// 2019 to 2022 from the State Council's notices, counted independently, day by day:
    /// - 2019: 261 weekdays, 17 of them holidays (劳动节 May 1-4 as adjusted by 国办发明电〔2019〕2号),
    ///   plus 6 make-up days in the year (2018-12-29 belongs to 2018): 250.
    /// - 2020: 262 weekdays, 19 holidays (春节 extended to Feb 2 by 国办发明电〔2020〕1号, so Friday
    ///   Jan 31 is off and Saturday Feb 1 no longer worked), plus 6 make-up days: 249 (251 before
    ///   the extension).
    /// - 2021: 261 weekdays, 18 holidays, 7 make-up days: 250.
    /// - 2022: 260 weekdays, 18 holidays, 7 make-up days: 249.
    @Test(arguments: [(2019, 250, 17, 6), (2020, 249, 19, 6), (2021, 250, 18, 7), (2022, 249, 18, 7)])
    func yearsFrom2019To2022Count(year: Int, expected: Int, holidayWeekdays: Int, makeUps: Int) throws {
        let first = try #require(CivilDate(year: year, month: 1, day: 1))
        let last = try #require(CivilDate(year: year, month: 12, day: 31))
        #expect(calendar.workingDays(from: first, through: last) == WorkingCalendar.Count(value: expected, provisional: false))
        #expect(naiveCount(first, last) == expected)
        let days = (first.dayNumber...last.dayNumber).map { CivilDate(dayNumber: $0) }
        let weekdays = days.filter { $0.weekday <= 5 }
        #expect(weekdays.filter { calendar.holiday(on: $0) != nil }.count == holidayWeekdays)
        #expect(days.filter { calendar.isMakeUpWorkday($0) }.count == makeUps)
        let data = try #require(calendar.year(year))
        #expect(data.source.contains("国务院办公厅关于\(year)年部分节假日安排的通知"))
    }

    @Test(arguments: [
        // 2019: 元旦 from 2018-12-30 with Saturday 2018-12-29 worked; 劳动节 May 1-4 as adjusted.
        ("2018-12-29", true), ("2018-12-31", false), ("2019-01-01", false), ("2019-01-02", true),
        ("2019-02-02", true), ("2019-02-03", true), ("2019-02-04", false), ("2019-02-10", false), ("2019-02-11", true),
        ("2019-04-05", false), ("2019-04-28", true), ("2019-05-03", false), ("2019-05-05", true), ("2019-05-06", true),
        ("2019-06-07", false), ("2019-09-13", false), ("2019-09-29", true), ("2019-10-07", false), ("2019-10-08", true),
        ("2019-10-12", true),
        // 2020: Spring Festival extended to Sunday Feb 2; Jan 19 still worked, Feb 1 not; Feb 3 back at work.
        ("2020-01-01", false), ("2020-01-19", true), ("2020-01-23", true), ("2020-01-24", false), ("2020-01-30", false),
        ("2020-01-31", false), ("2020-02-01", false), ("2020-02-02", false), ("2020-02-03", true),
        ("2020-04-06", false), ("2020-04-26", true), ("2020-05-05", false), ("2020-05-09", true),
        ("2020-06-25", false), ("2020-06-26", false), ("2020-06-28", true), ("2020-09-27", true),
        ("2020-10-08", false), ("2020-10-09", true), ("2020-10-10", true),
        // 2021.
        ("2021-01-01", false), ("2021-01-04", true), ("2021-02-07", true), ("2021-02-11", false), ("2021-02-17", false),
        ("2021-02-18", true), ("2021-02-20", true), ("2021-04-05", false), ("2021-04-25", true), ("2021-05-05", false),
        ("2021-05-08", true), ("2021-06-14", false), ("2021-09-18", true), ("2021-09-20", false), ("2021-09-21", false),
        ("2021-09-26", true), ("2021-10-07", false), ("2021-10-09", true),
        // 2022.
        ("2022-01-03", false), ("2022-01-29", true), ("2022-01-30", true), ("2022-01-31", false), ("2022-02-04", false),
        ("2022-02-07", true), ("2022-04-02", true), ("2022-04-04", false), ("2022-04-05", false), ("2022-04-24", true),
        ("2022-05-04", false), ("2022-05-07", true), ("2022-06-03", false), ("2022-09-12", false), ("2022-10-03", false),
        ("2022-10-07", false), ("2022-10-08", true), ("2022-10-09", true), ("2022-10-10", true),
    ])
    func workingDay2019To2022(_ text: String, _ working: Bool) throws {
        #expect(calendar.isWorkingDay(try date(text)) == working)
    }

    /// 261 weekdays, 18 of them holidays, plus 5 make-up days: 248 (not 250).
    @Test func year2025Has248WorkingDays() throws {
        let count = calendar.workingDays(from: try date("2025-01-01"), through: try date("2025-12-31"))
        #expect(count == WorkingCalendar.Count(value: 248, provisional: false))
        #expect(naiveCount(try date("2025-01-01"), try date("2025-12-31")) == 248)
    }

    @Test(arguments: [
        // Holidays on weekdays, weekends inside holidays, and every make-up day.
        ("2026-01-01", false), ("2026-01-02", false), ("2026-01-04", true), ("2026-01-05", true),
        ("2026-02-14", true), ("2026-02-16", false), ("2026-02-23", false), ("2026-02-24", true),
        ("2026-02-28", true), ("2026-04-06", false), ("2026-05-05", false), ("2026-05-09", true),
        ("2026-06-19", false), ("2026-09-20", true), ("2026-09-25", false), ("2026-10-07", false),
        ("2026-10-08", true), ("2026-10-10", true), ("2026-10-11", false),
        ("2025-01-26", true), ("2025-01-28", false), ("2025-02-04", false), ("2025-02-08", true),
        ("2025-04-27", true), ("2025-06-02", false), ("2025-09-28", true), ("2025-10-08", false),
        ("2025-10-11", true),
        // Years with no data: Monday to Friday.
        ("2027-01-01", true), ("2027-01-02", false), ("2018-10-01", true),
        // 2024 and 2023 from their notices.
        ("2024-10-01", false), ("2024-10-12", true), ("2024-02-18", true), ("2023-01-02", false), ("2023-10-08", true),
    ])
    func workingDay(_ text: String, _ working: Bool) throws {
        #expect(calendar.isWorkingDay(try date(text)) == working)
    }

    @Test func holidayAndMakeUpLookups() throws {
        #expect(calendar.holiday(on: try date("2026-02-15"))?.name == "春节")
        #expect(calendar.holiday(on: try date("2025-10-05"))?.name == "国庆节、中秋节")
        #expect(calendar.holiday(on: try date("2026-02-24")) == nil)
        #expect(calendar.isMakeUpWorkday(try date("2026-10-10")))
        #expect(!calendar.isMakeUpWorkday(try date("2026-10-09")))
        #expect(calendar.hasData(for: 2026))
        #expect(!calendar.hasData(for: 2027))
    }

    // MARK: Counting periods

    @Test(arguments: [
        // A 公示 written "2026年3月2日至3月6日" is 5 working days.
        ("2026-03-02", "2026-03-06", 5),
        // Single days.
        ("2026-10-10", "2026-10-10", 1),
        ("2026-10-01", "2026-10-01", 0),
        ("2026-10-03", "2026-10-03", 0),
        ("2026-03-02", "2026-03-02", 1),
        // Over National Day: Sep 28-30, Oct 8-9.
        ("2026-09-28", "2026-10-09", 5),
        // The week with the make-up Saturday Feb 14: Mon-Fri plus Saturday.
        ("2026-02-09", "2026-02-15", 6),
        // Spring Festival: Feb 15-23 off, Feb 14 and Feb 28 worked.
        ("2026-02-01", "2026-02-28", 16),
        // Across the year end of two loaded years.
        ("2025-12-29", "2026-01-05", 5),
        // Through before from.
        ("2026-03-06", "2026-03-02", 0),
    ])
    func workingDaysInPeriod(_ from: String, _ through: String, _ expected: Int) throws {
        let count = calendar.workingDays(from: try date(from), through: try date(through))
        #expect(count.value == expected)
        #expect(!count.provisional)
        #expect(count.value == naiveCount(try date(from), try date(through)))
    }

    @Test func countingMatchesDayByDayForManyRanges() throws {
        // Deterministic ranges of 0 to 400 days starting anywhere from 2024-06 to 2027-06.
        var seed: UInt64 = 0x2026_0302
        func next(_ bound: Int) -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((seed >> 33) % UInt64(bound))
        }
        let base = try date("2024-06-01").dayNumber
        for _ in 0..<300 {
            let from = CivilDate(dayNumber: base + next(1100))
            let through = from.adding(days: next(400))
            let count = calendar.workingDays(from: from, through: through)
            #expect(count.value == naiveCount(from, through), "\(from) to \(through)")
            let expectProvisional = (from.year...through.year).contains { !calendar.hasData(for: $0) }
            #expect(count.provisional == expectProvisional, "\(from) to \(through)")
        }
    }

    @Test(arguments: [
        // A 公示 starting Monday 2026-03-02 of 5 working days ends on Friday.
        ("2026-03-02", 5, "2026-03-06"),
        // Starting 2026-09-28, over National Day: Sep 28, 29, 30, Oct 8, 9.
        ("2026-09-28", 5, "2026-10-09"),
        // One day later the 5th working day is the make-up Saturday Oct 10.
        ("2026-09-29", 5, "2026-10-10"),
        // Starting on a holiday: counting begins at the next working day.
        ("2026-02-15", 1, "2026-02-24"),
        // Starting on a make-up Sunday: it counts.
        ("2026-09-20", 1, "2026-09-20"),
        ("2026-09-20", 6, "2026-09-28"),
        // 2025: National Day and Mid-Autumn together, then the make-up Saturday.
        ("2025-09-29", 4, "2025-10-10"),
        ("2025-09-29", 5, "2025-10-11"),
        // Across the year end.
        ("2025-12-29", 5, "2026-01-05"),
    ])
    func dateAfterWorkingDays(_ start: String, _ n: Int, _ expected: String) throws {
        let result = calendar.date(afterWorkingDays: n, startingOn: try date(start))
        #expect(result.date == (try date(expected)))
        #expect(!result.provisional)
        // The period so found has exactly n working days.
        #expect(calendar.workingDays(from: try date(start), through: result.date).value == n)
    }

    @Test func nonPositiveCountGivesTheStartDay() throws {
        let result = calendar.date(afterWorkingDays: 0, startingOn: try date("2026-10-01"))
        #expect(result.date == (try date("2026-10-01")))
        #expect(!result.provisional)
    }

    // MARK: Years with no data

    @Test func aRangeReaching2027IsProvisional() throws {
        let count = calendar.workingDays(from: try date("2026-12-28"), through: try date("2027-01-08"))
        // Dec 28-31 (Mon-Thu), then Jan 1 and Jan 4-8 2027 counted as plain weekdays.
        #expect(count == WorkingCalendar.Count(value: 10, provisional: true))
        #expect(count.description == "10 (provisional)")

        let fourth = calendar.date(afterWorkingDays: 4, startingOn: try date("2026-12-28"))
        #expect(fourth.date == (try date("2026-12-31")))
        #expect(!fourth.provisional)
        let fifth = calendar.date(afterWorkingDays: 5, startingOn: try date("2026-12-28"))
        #expect(fifth.date == (try date("2027-01-01")))
        #expect(fifth.provisional)
    }

    @Test func aRangeBeforeTheLoadedYearsIsProvisional() throws {
        // 2018 has no data (the 2019 notice's 2018-12-29 and 2018-12-30 to 31 aside).
        let count = calendar.workingDays(from: try date("2018-12-26"), through: try date("2019-01-04"))
        // Dec 26-28 2018 (no data, Wednesday to Friday), Dec 29 worked, Dec 30 - Jan 1 off, Jan 2-4.
        #expect(count == WorkingCalendar.Count(value: 7, provisional: true))
        // The same days a year before 2023's 元旦 are counted from the 2022 notice: not provisional.
        let loaded = calendar.workingDays(from: try date("2022-12-29"), through: try date("2023-01-04"))
        #expect(loaded == WorkingCalendar.Count(value: 4, provisional: false))
    }

    @Test func anEmptyCalendarCountsMondayToFridayProvisionally() throws {
        let empty = WorkingCalendar()
        #expect(empty.years.isEmpty)
        #expect(empty.calendarID == nil)
        let count = empty.workingDays(from: try date("2026-10-01"), through: try date("2026-10-31"))
        #expect(count == WorkingCalendar.Count(value: 22, provisional: true))
        let end = empty.date(afterWorkingDays: 5, startingOn: try date("2026-10-01"))
        #expect(end.date == (try date("2026-10-07")))
        #expect(end.provisional)
    }

    @Test func calendarsWithTheSameDataAreEqual() throws {
        let again = try WorkingCalendar.load(directory: RepositoryPaths.calendars + "/")
        #expect(again == calendar)
        #expect(again.hashValue == calendar.hashValue)
        let only2026 = WorkingCalendar(years: [try #require(calendar.year(2026))])
        #expect(only2026 != calendar)
        #expect(only2026.years == [2026])
    }

    // MARK: Loading: valid edge cases

    @Test func aNoticeMayMoveTheLastDaysOfDecemberBefore() throws {
        // The 2019 notice: 元旦 2018-12-30 to 2019-01-01, 2018-12-29 (Saturday) worked.
        let year = try WorkingCalendar.load(yaml: """
            calendar: cn
            year: 2019
            source: 国务院办公厅关于2019年部分节假日安排的通知
            holidays:
              - {name: 元旦, from: 2018-12-30, to: 2019-01-01}
            makeup_workdays: [2018-12-29]
            """, file: "cn-2019.yaml")
        let calendar = WorkingCalendar(years: [year])
        #expect(calendar.isWorkingDay(try date("2018-12-29")))
        #expect(!calendar.isWorkingDay(try date("2018-12-31")))
        // 2018 itself has no data: a range touching it is provisional.
        #expect(calendar.workingDays(from: try date("2018-12-29"), through: try date("2019-01-04")) ==
                WorkingCalendar.Count(value: 4, provisional: true))
    }

    @Test func quotedValuesAndBlockStyleAreAccepted() throws {
        let year = try WorkingCalendar.load(yaml: """
            calendar: "cn"
            year: 2026
            source: 'test'
            holidays:
              - name: 国庆节
                from: "2026-10-01"
                to: 2026-10-07
            makeup_workdays: []
            """, file: "t.yaml")
        #expect(year == WorkingCalendar.Year(
            year: 2026,
            holidays: [.init(name: "国庆节", from: try date("2026-10-01"), to: try date("2026-10-07"))],
            makeUpWorkdays: [], source: "test", calendar: "cn"))
        #expect(year.holidays[0].length == 7)
    }

    // MARK: Loading: diagnostics

    @Test func malformedFixtureReportsEveryProblemWithItsLine() throws {
        let path = RepositoryPaths.calendarFixtures + "/cn-2026-malformed.yaml"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let found = diagnostics { () throws(DefinitionError) in try WorkingCalendar.load(yaml: text, file: path) }

        let expected: [(line: Int, key: String, message: String)] = [
            (8, "holidays.春节.from", "2026-02-30 is not a date: that day does not exist"),
            (9, "holidays.清明节.to", "the holiday ends (2026-04-04) before it starts (2026-04-06)"),
            (10, "holidays.劳动节.from", "2025-05-01 is outside 2026, the year of this file"),
            (11, "holidays.端午节.to", "missing key \"to\" in this holiday"),
            (12, "holidays.中秋节.days", "unknown key \"days\" in a holiday; the keys are name, from, to"),
            (14, "holidays.国庆节补", "国庆节补 (2026-10-07 to 2026-10-08) overlaps 国庆节 on line 13"),
            (17, "makeup_workdays", "2026-01-05 is a Monday; a make-up working day (调休上班) is a Saturday or Sunday"),
            (18, "makeup_workdays", "2026-01-03 is both a make-up working day and a day of the holiday 元旦 (line 7)"),
            (19, "makeup_workdays", "expected a date written YYYY-MM-DD, found \"2026-2-28\""),
            (20, "makeup_workdays", "2027-01-09 is outside 2026, the year of this file"),
            (21, "makeup_workdays", "2026-01-04 is listed twice (also on line 16)"),
            (22, "holiday_count", "unknown key \"holiday_count\" in a calendar file"),
        ]
        #expect(found.count == expected.count, "\(found)")
        for (diagnostic, want) in zip(found, expected) {
            #expect(diagnostic.file == path)
            #expect(diagnostic.line == want.line, "\(diagnostic)")
            #expect(diagnostic.key == want.key, "\(diagnostic)")
            #expect(diagnostic.message.hasPrefix(want.message), "\(diagnostic)")
        }
        // Columns point at the value: `  - {name: 春节, from: 2026-02-30` (columns count characters).
        #expect(found.first?.column == 22)
        // A list item's column is that of the item.
        #expect(found.first { $0.line == 17 }?.column == 5)
        // And the description reads like a compiler's.
        #expect(found.first?.description == "\(path):8:22: holidays.春节.from: 2026-02-30 is not a date: that day does not exist")
    }

    @Test func missingAndMisspeltKeys() {
        let found = diagnostics { () throws(DefinitionError) in
            try WorkingCalendar.load(yaml: """
                calendar: cn
                yaer: 2026
                holidays: []
                makeup_workday: []
                """, file: "cn-2026.yaml")
        }
        // Sorted: the three missing keys share the position of the document's start.
        let summary = found.map { "\($0.line):\($0.key): \($0.message)" }.sorted()
        #expect(summary == [
            "1:makeup_workdays: missing key \"makeup_workdays\" "
                + "(the list of make-up working days, 调休上班; write [] for none)",
            "1:source: missing key \"source\" (the notice the dates come from)",
            "1:year: missing key \"year\" (the year the notice covers, e.g. 2026)",
            "2:yaer: unknown key \"yaer\" in a calendar file; did you mean \"year\"?",
            "4:makeup_workday: unknown key \"makeup_workday\" in a calendar file; did you mean \"makeup_workdays\"?",
        ])
    }

    @Test func wrongTypesAreReported() {
        let found = diagnostics { () throws(DefinitionError) in
            try WorkingCalendar.load(yaml: """
                calendar: cn
                year: twenty
                source:
                holidays: 3
                makeup_workdays:
                  - [2026-01-04]
                """, file: "t.yaml")
        }
        let summary = found.map { "\($0.line):\($0.key): \($0.message)" }
        #expect(summary == [
            "2:year: expected a year such as 2026, found \"twenty\"",
            "3:source: expected the notice the dates come from, found nothing",
            "4:holidays: expected a list of holidays; write [] for none, found \"3\"",
            "6:makeup_workdays: expected a date written YYYY-MM-DD, found a list",
        ])
    }

    @Test func yamlSyntaxErrorsCarryTheirLine() throws {
        let found = diagnostics { () throws(DefinitionError) in
            try WorkingCalendar.load(yaml: """
                calendar: cn
                year: 2026
                source: test
                holidays:
                  - {name: 元旦, from: 2026-01-01, to: 2026-01-03
                makeup_workdays: []
                """, file: "broken.yaml")
        }
        let diagnostic = try #require(found.first)
        #expect(found.count == 1)
        #expect(diagnostic.file == "broken.yaml")
        #expect(diagnostic.message.hasPrefix("YAML syntax error: "), "\(diagnostic)")
        // libYAML notices the unclosed `{` where the next key starts.
        #expect(diagnostic.line == 6, "\(diagnostic)")
    }

    @Test func duplicateKeysAndEmptyFiles() throws {
        let duplicate = diagnostics { () throws(DefinitionError) in
            try WorkingCalendar.load(yaml: "calendar: cn\nyear: 2026\nyear: 2027\n", file: "d.yaml")
        }
        #expect(duplicate.map { "\($0.line):\($0.column): \($0.key): \($0.message)" } == [
            "3:1: year: duplicate key \"year\" (first written on line 2)"
        ])
        let nested = diagnostics { () throws(DefinitionError) in
            try WorkingCalendar.load(yaml: """
                calendar: cn
                year: 2026
                source: test
                holidays:
                  - name: 元旦
                    from: 2026-01-01
                    from: 2026-01-02
                    to: 2026-01-03
                makeup_workdays: []
                """, file: "d.yaml")
        }
        #expect(nested.map { "\($0.line):\($0.column): \($0.message)" } == [
            "7:5: duplicate key \"from\" (first written on line 6)"
        ])

        let empty = diagnostics { () throws(DefinitionError) in try WorkingCalendar.load(yaml: "# nothing\n", file: "e.yaml") }
        #expect(empty.map(\.message) == ["the file is empty; expected the keys calendar, year, source, holidays, makeup_workdays"])

        let list = diagnostics { () throws(DefinitionError) in try WorkingCalendar.load(yaml: "- 2026\n", file: "l.yaml") }
        #expect(list.first?.message.hasPrefix("expected a mapping with the keys") == true)
    }

    @Test func datesBeforeLateDecemberOfThePreviousYearAreOutside() {
        let found = diagnostics { () throws(DefinitionError) in
            try WorkingCalendar.load(yaml: """
                calendar: cn
                year: 2026
                source: test
                holidays: []
                makeup_workdays: [2025-12-20, 2025-12-27]
                """, file: "t.yaml")
        }
        #expect(found.map(\.message) == [
            "2025-12-20 is outside 2026, the year of this file (only the last days of December 2025 may also appear)"
        ])
    }

    @Test func duplicateYearsAcrossFilesInADirectory() throws {
        let directory = RepositoryPaths.calendarFixtures + "/duplicate-year"
        let found = diagnostics { () throws(DefinitionError) in try WorkingCalendar.load(directory: directory) }
        #expect(found.count == 1, "\(found)")
        let diagnostic = try #require(found.first)
        #expect(diagnostic.file == directory + "/b-copy.yaml")
        #expect(diagnostic.line == 3)
        #expect(diagnostic.key == "year")
        #expect(diagnostic.message == "year 2026 is defined twice: here and in \(directory)/a-2026.yaml:3")
    }

    @Test func problemsBetweenFiles() throws {
        let y2026 = try String(contentsOfFile: RepositoryPaths.calendars + "/cn-2026.yaml", encoding: .utf8)
        // A file named for one year that gives another.
        let misnamed = diagnostics { () throws(DefinitionError) in
            try WorkingCalendar.load(files: [(path: "cn-2027.yaml", text: y2026)])
        }
        #expect(misnamed.map(\.message) == ["the file name says 2027 but the file gives year 2026"])

        // A second calendar in the same set, unless one calendar is chosen.
        let hk = """
            calendar: hk
            year: 2026
            source: test
            holidays: []
            makeup_workdays: []
            """
        let mixed = diagnostics { () throws(DefinitionError) in
            try WorkingCalendar.load(files: [(path: "cn-2026.yaml", text: y2026), (path: "hk-2026.yaml", text: hk)])
        }
        #expect(mixed.count == 1)
        #expect(mixed.first?.file == "hk-2026.yaml")
        #expect(mixed.first?.message.hasPrefix("this file is for calendar \"hk\" but cn-2026.yaml is for \"cn\"") == true)
        let chosen = try WorkingCalendar.load(
            files: [(path: "cn-2026.yaml", text: y2026), (path: "hk-2026.yaml", text: hk)], calendar: "cn")
        #expect(chosen.years == [2026])
        #expect(chosen.workingDays(from: try date("2026-01-01"), through: try date("2026-12-31")).value == 248)

        // A December day that one year's file works and the next year's file gives off.
        let y2018 = """
            calendar: cn
            year: 2018
            source: test
            holidays: []
            makeup_workdays: [2018-12-29]
            """
        let y2019 = """
            calendar: cn
            year: 2019
            source: test
            holidays:
              - {name: 元旦, from: 2018-12-29, to: 2019-01-01}
            makeup_workdays: []
            """
        let conflict = diagnostics { () throws(DefinitionError) in
            try WorkingCalendar.load(files: [(path: "cn-2018.yaml", text: y2018), (path: "cn-2019.yaml", text: y2019)])
        }
        #expect(conflict.map { "\($0.file):\($0.line): \($0.message)" } == [
            "cn-2018.yaml:5: 2018-12-29 is a make-up working day here but inside the holiday 元旦 in cn-2019.yaml:5"
        ])
    }

    @Test func everyFileIsCheckedBeforeFailing() {
        let bad1 = "calendar: cn\nyear: 2025\nsource: a\nholidays: []\nmakeup_workdays: [2025-01-06]\n"
        let bad2 = "calendar: cn\nyear: 2026\nsource: b\nholidays: []\nmakeup_workdays: [2026-02-30]\n"
        let found = diagnostics { () throws(DefinitionError) in
            try WorkingCalendar.load(files: [(path: "x.yaml", text: bad2), (path: "w.yaml", text: bad1)])
        }
        // Sorted by file, then line.
        #expect(found.map { "\($0.file):\($0.line)" } == ["w.yaml:5", "x.yaml:5"])
    }

    @Test func unreadableDirectories() {
        let missing = diagnostics { () throws(DefinitionError) in
            try WorkingCalendar.load(directory: RepositoryPaths.calendarFixtures + "/no-such-directory")
        }
        #expect(missing.count == 1)
        #expect(missing.first?.message.hasPrefix("cannot read the calendar directory") == true)

        let noYAML = diagnostics { () throws(DefinitionError) in
            try WorkingCalendar.load(directory: RepositoryPaths.root.appendingPathComponent("Sources").path)
        }
        #expect(noYAML.map(\.message) == ["no calendar files (*.yaml) in this directory"])
    }
}

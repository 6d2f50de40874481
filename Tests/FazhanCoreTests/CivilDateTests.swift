import Foundation
import Testing
@testable import FazhanCore

@Suite struct CivilDateTests {
    private func date(_ text: String) throws -> CivilDate {
        try #require(CivilDate(text), "not a date: \(text)")
    }

    // MARK: Parsing

    @Test(arguments: [
        "2026-02-30", "2025-02-29", "1900-02-29", "2026-04-31", "2026-13-01", "2026-00-10", "2026-01-00",
        "2026-2-3", "2026-02-3", "26-02-03", "2026/02/03", "20260203", "", " 2026-02-03", "2026-02-03 ",
        "２０２６-02-03", "2026-0a-03", "0000-01-01",
    ])
    func rejectsTextThatIsNotADate(_ text: String) {
        #expect(CivilDate(text) == nil)
    }

    @Test(arguments: ["2024-02-29", "2000-02-29", "2026-12-31", "0001-01-01", "9999-12-31", "1949-10-01"])
    func acceptsRealDatesAndPrintsThemBack(_ text: String) throws {
        let parsed = try date(text)
        #expect(parsed.description == text)
    }

    @Test func fieldInitializerRejectsDaysThatDoNotExist() {
        #expect(CivilDate(year: 2026, month: 2, day: 30) == nil)
        #expect(CivilDate(year: 2026, month: 2, day: 29) == nil)
        #expect(CivilDate(year: 2024, month: 2, day: 29) != nil)
        #expect(CivilDate(year: 2026, month: 0, day: 1) == nil)
        #expect(CivilDate(year: 2026, month: 1, day: 0) == nil)
    }

    // MARK: Month and year arithmetic

    @Test(arguments: [
        ("2026-01-31", 1, "2026-02-28"),
        ("2024-01-31", 1, "2024-02-29"),
        ("2026-03-31", 1, "2026-04-30"),
        ("2026-01-30", 1, "2026-02-28"),
        ("2026-01-28", 1, "2026-02-28"),
        ("2026-12-15", 1, "2027-01-15"),
        ("2026-01-15", -1, "2025-12-15"),
        ("2026-03-31", -1, "2026-02-28"),
        ("2026-05-31", 12, "2027-05-31"),
        ("2026-08-31", 6, "2027-02-28"),
        ("2026-03-15", 0, "2026-03-15"),
    ])
    func addingMonthsClampsToTheMonthEnd(_ start: String, _ months: Int, _ expected: String) throws {
        #expect(try date(start).adding(months: months) == date(expected))
    }

    @Test(arguments: [
        ("2024-02-29", 1, "2025-02-28"),
        ("2024-02-29", 4, "2028-02-29"),
        ("2024-02-29", -1, "2023-02-28"),
        ("2023-02-28", 1, "2024-02-28"),
        ("2025-05-26", 1, "2026-05-26"),
    ])
    func addingYearsClampsFebruary29(_ start: String, _ years: Int, _ expected: String) throws {
        #expect(try date(start).adding(years: years) == date(expected))
    }

    @Test func addingDaysAndCountingDays() throws {
        let start = try date("2026-02-27")
        #expect(start.adding(days: 2) == (try date("2026-03-01")))
        #expect(start.adding(days: -58) == (try date("2025-12-31")))
        #expect(start.days(until: try date("2026-03-01")) == 2)
        #expect(try date("2026-03-01").days(until: start) == -2)
        #expect(try date("2026-01-01").days(until: date("2027-01-01")) == 365)
        #expect(try date("2024-01-01").days(until: date("2025-01-01")) == 366)
    }

    // MARK: Day numbers and weekdays

    @Test(arguments: [
        ("1970-01-01", 0), ("1969-12-31", -1), ("2000-01-01", 10957), ("2026-03-02", 20514),
        ("1949-10-01", -7397), ("2024-02-29", 19782),
    ])
    func dayNumberOfKnownDates(_ text: String, _ dayNumber: Int) throws {
        let parsed = try date(text)
        #expect(parsed.dayNumber == dayNumber)
        #expect(CivilDate(dayNumber: dayNumber) == parsed)
    }

    @Test func dayNumberRoundTripsDayByDayAcrossYearsAndLeapDays() throws {
        // Every day from 1999-12-25 to 2031-01-05, each the day after the one before.
        var expected = try date("1999-12-25")
        for dayNumber in expected.dayNumber...(try date("2031-01-05")).dayNumber {
            let fromNumber = CivilDate(dayNumber: dayNumber)
            #expect(fromNumber == expected)
            #expect(fromNumber.dayNumber == dayNumber)
            // The next day by field arithmetic.
            if let next = CivilDate(year: expected.year, month: expected.month, day: expected.day + 1) {
                expected = next
            } else if let next = CivilDate(year: expected.year, month: expected.month + 1, day: 1) {
                expected = next
            } else {
                expected = try #require(CivilDate(year: expected.year + 1, month: 1, day: 1))
            }
        }
    }

    @Test func dayNumberRoundTripsOverTheWholeRange() {
        let first = CivilDate(year: 1, month: 1, day: 1)!.dayNumber
        let last = CivilDate(year: 9999, month: 12, day: 31)!.dayNumber
        for dayNumber in stride(from: first, through: last, by: 997) {
            let civil = CivilDate(dayNumber: dayNumber)
            #expect(civil.dayNumber == dayNumber)
            #expect(CivilDate(year: civil.year, month: civil.month, day: civil.day) == civil)
        }
    }

    @Test(arguments: [
        ("1970-01-01", 4), ("2026-03-02", 1), ("2026-03-06", 5), ("2026-10-10", 6), ("2025-01-26", 7),
        ("2000-02-29", 2), ("1949-10-01", 6), ("2026-01-01", 4), ("2025-01-01", 3),
    ])
    func weekdayOfKnownDates(_ text: String, _ weekday: Int) throws {
        let parsed = try date(text)
        #expect(parsed.weekday == weekday)
        #expect(parsed.isWeekend == (weekday >= 6))
    }

    // MARK: Ages

    @Test(arguments: [
        // The day before the 18th birthday, the birthday, the day after.
        ("2008-05-10", "2026-05-09", 17),
        ("2008-05-10", "2026-05-10", 18),
        ("2008-05-10", "2026-05-11", 18),
        // Born on Feb 29: a year older on Feb 28 of a common year, on Feb 29 of a leap year.
        ("2008-02-29", "2026-02-27", 17),
        ("2008-02-29", "2026-02-28", 18),
        ("2008-02-29", "2026-03-01", 18),
        ("2008-02-29", "2028-02-28", 19),
        ("2008-02-29", "2028-02-29", 20),
        // Year ends, the same day, and a date before the birth.
        ("2007-12-31", "2025-12-30", 17),
        ("2007-12-31", "2025-12-31", 18),
        ("2008-01-01", "2025-12-31", 17),
        ("2008-05-10", "2008-05-10", 0),
        ("2008-05-10", "2007-01-01", 0),
    ])
    func fullYears(_ birth: String, _ on: String, _ age: Int) throws {
        #expect(try date(birth).fullYears(until: date(on)) == age)
    }

    // MARK: Other

    @Test func endOfMonthAndOrdering() throws {
        #expect(try date("2024-02-10").endOfMonth == date("2024-02-29"))
        #expect(try date("2026-02-10").endOfMonth == date("2026-02-28"))
        #expect(try date("2026-12-31") < date("2027-01-01"))
        #expect(try date("2026-02-28") < date("2026-03-01"))
    }

    @Test func codableAsText() throws {
        let value = ["start": try date("2026-03-02")]
        let data = try JSONEncoder().encode(value)
        #expect(String(decoding: data, as: UTF8.self) == #"{"start":"2026-03-02"}"#)
        #expect(try JSONDecoder().decode([String: CivilDate].self, from: data) == value)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([String: CivilDate].self, from: Data(#"{"start":"2026-02-30"}"#.utf8))
        }
    }
}

@Suite struct CivilDateLimitTests {
    /// Arithmetic saturates at the days text can name, so that every computed date (a probation
    /// end written into the stage projection) reads back: 9999-12-31 + 1 month is 9999-12-31.
    @Test func arithmeticPastTheLastNamedYearDoesNotTrap() throws {
        let last = try #require(CivilDate("9999-12-31"))
        #expect(last.adding(months: 1) == last)
        #expect(last.adding(years: 1) == last)
        #expect(last.adding(days: 1) == last)
        #expect(CivilDate(last.adding(months: 1).description) == last)
        let first = try #require(CivilDate("0001-01-01"))
        #expect(first.adding(days: -1) == first)
        #expect(first.adding(months: -1) == first)
        #expect(CivilDate.earliest == first && CivilDate.latest == last)
    }

    @Test(arguments: [Int.max, Int.min, Int.max / 2, Int.min / 2, 1 << 31, -(1 << 31), 1 << 53])
    func hugeLengthsSaturateInsteadOfTrapping(_ amount: Int) throws {
        let date = try #require(CivilDate("2026-02-28"))
        let expected = amount > 0 ? CivilDate.latest : CivilDate.earliest
        #expect(date.adding(days: amount) == expected)
        #expect(date.adding(months: amount) == expected)
        #expect(date.adding(years: amount) == expected)
        #expect(CivilDate(dayNumber: amount) == expected)
    }
}

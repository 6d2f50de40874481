/// Which days are working days (工作日), as data published year by year.
///
/// A day is a working day if it is Monday to Friday and not an official holiday, or if it is an
/// official make-up working day (调休上班, always a Saturday or Sunday). The holidays and make-up
/// days of each year come from the State Council's notice (国务院办公厅关于部分节假日安排的通知),
/// kept as one file per year in `workflows/calendars/` (see `WorkingCalendar+Loading.swift`).
///
/// A year with no data loaded is counted as plain Monday to Friday, and every count that touches
/// such a year says so through its `provisional` flag: the real figure is unknown until the
/// notice is published and loaded.
///
/// Periods include both ends, the way notices are written: "公示时间：2026年3月2日至3月6日" is
/// five working days.
///
/// ```swift
/// let calendar = try WorkingCalendar.load(directory: "workflows/calendars")
/// calendar.workingDays(from: CivilDate("2026-03-02")!, through: CivilDate("2026-03-06")!).value  // 5
/// calendar.date(afterWorkingDays: 5, startingOn: CivilDate("2026-09-28")!).date                   // 2026-10-09
/// ```
public struct WorkingCalendar: Sendable, Hashable {
    /// An official holiday period (放假), both ends included.
    public struct Holiday: Sendable, Hashable {
        /// The festival's name as the notice writes it, e.g. `春节`.
        public var name: String
        /// The first day off.
        public var from: CivilDate
        /// The last day off (inclusive).
        public var to: CivilDate

        public init(name: String, from: CivilDate, to: CivilDate) {
            self.name = name
            self.from = from
            self.to = to
        }

        /// Whether `date` falls inside the holiday, ends included.
        public func contains(_ date: CivilDate) -> Bool {
            from <= date && date <= to
        }

        /// The number of calendar days of the holiday (0 if `to` is before `from`).
        public var length: Int {
            max(0, from.days(until: to) + 1)
        }
    }

    /// The data of one calendar year: its holidays and make-up working days, and where they
    /// come from.
    ///
    /// The dates normally lie in `year`; a notice may also name the last days of the year before
    /// (the 2019 notice moved 2018-12-29 and 2018-12-31 for 元旦), and those days count too.
    public struct Year: Sendable, Hashable {
        /// The calendar this year belongs to, e.g. `cn` (mainland China).
        public var calendar: String
        public var year: Int
        public var holidays: [Holiday]
        /// Saturdays and Sundays that are working days (调休上班).
        public var makeUpWorkdays: [CivilDate]
        /// The notice the data was copied from, e.g. `国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04)`.
        public var source: String

        public init(
            year: Int, holidays: [Holiday], makeUpWorkdays: [CivilDate], source: String, calendar: String = "cn"
        ) {
            self.calendar = calendar
            self.year = year
            self.holidays = holidays
            self.makeUpWorkdays = makeUpWorkdays
            self.source = source
        }
    }

    /// A number of working days, and whether it rests on a year with no calendar data.
    public struct Count: Sendable, Hashable, CustomStringConvertible {
        /// The number of working days.
        public var value: Int
        /// True when some day of the counted range lies in a year with no data loaded; the
        /// value then treats those days as plain Monday to Friday.
        public var provisional: Bool

        public init(value: Int, provisional: Bool) {
            self.value = value
            self.provisional = provisional
        }

        /// `5`, or `5 (provisional)`.
        public var description: String {
            provisional ? "\(value) (provisional)" : "\(value)"
        }
    }

    /// How a day differs from the plain Monday-to-Friday rule.
    private enum Exception: Hashable, Sendable {
        case holiday(Holiday)
        case makeUpWorkday
    }

    /// The loaded years, by year number.
    private let data: [Int: Year]
    /// Every day named by some year's data, by day number (an index built from `data`).
    private let exceptions: [Int: Exception]

    /// A calendar from the data of some years. When two entries have the same year number, the
    /// later one is used. A day listed both as a holiday and as a make-up working day (which
    /// loading reports as an error) counts as a working day.
    public init(years: [Year] = []) {
        var data: [Int: Year] = [:]
        for year in years { data[year.year] = year }
        var exceptions: [Int: Exception] = [:]
        for year in data.values.sorted(by: { $0.year < $1.year }) {
            for holiday in year.holidays where holiday.from <= holiday.to {
                for day in holiday.from.dayNumber...holiday.to.dayNumber {
                    exceptions[day] = .holiday(holiday)
                }
            }
        }
        for year in data.values {
            for day in year.makeUpWorkdays { exceptions[day.dayNumber] = .makeUpWorkday }
        }
        self.data = data
        self.exceptions = exceptions
    }

    /// The years with data, in increasing order.
    public var years: [Int] {
        data.keys.sorted()
    }

    /// The data loaded for `year`, if any.
    public func year(_ year: Int) -> Year? {
        data[year]
    }

    /// The calendar id shared by all loaded years (`cn`), or `nil` when nothing is loaded or
    /// the years disagree.
    public var calendarID: String? {
        let ids = Set(data.values.map(\.calendar))
        return ids.count == 1 ? ids.first : nil
    }

    /// Whether the holidays of `year` are known.
    public func hasData(for year: Int) -> Bool {
        data[year] != nil
    }

    /// Whether `date` is a working day. For a year with no data, Monday to Friday.
    public func isWorkingDay(_ date: CivilDate) -> Bool {
        switch exceptions[date.dayNumber] {
        case .makeUpWorkday: return true
        case .holiday: return false
        case nil: return !date.isWeekend
        }
    }

    /// The official holiday `date` falls in, if any (weekends inside a holiday included).
    public func holiday(on date: CivilDate) -> Holiday? {
        if case .holiday(let holiday) = exceptions[date.dayNumber] { return holiday }
        return nil
    }

    /// Whether `date` is an official make-up working day (调休上班).
    public func isMakeUpWorkday(_ date: CivilDate) -> Bool {
        exceptions[date.dayNumber] == .makeUpWorkday
    }

    /// The number of working days from `from` through `through`, both included; 0 when
    /// `through` is before `from`.
    ///
    /// The count is provisional when any day of the range falls in a year with no data.
    public func workingDays(from: CivilDate, through: CivilDate) -> Count {
        guard from <= through else { return Count(value: 0, provisional: false) }
        let first = from.dayNumber
        let last = through.dayNumber
        var value = Self.weekdays(from: first, through: last)
        // Adjust for the days the data names, only those inside the range.
        for (day, exception) in exceptions where first <= day && day <= last {
            let isWeekend = CivilDate(dayNumber: day).isWeekend
            switch exception {
            case .holiday: if !isWeekend { value -= 1 }
            case .makeUpWorkday: if isWeekend { value += 1 }
            }
        }
        return Count(value: value, provisional: !hasData(forAllYearsIn: from.year...through.year))
    }

    /// The day on which the `n`-th working day falls, counting from `startingOn` included.
    ///
    /// A 公示 of 5 working days starting on Monday 2026-03-02 ends on Friday 2026-03-06; one
    /// starting on 2026-09-28 runs over the National Day holiday and ends on 2026-10-09. When
    /// `startingOn` is not a working day, counting starts at the next working day. For `n` less
    /// than 1 the answer is `startingOn` itself.
    ///
    /// The result is provisional when any day from `startingOn` to the answer falls in a year
    /// with no data.
    public func date(afterWorkingDays n: Int, startingOn start: CivilDate) -> (date: CivilDate, provisional: Bool) {
        guard n >= 1 else { return (start, !hasData(for: start.year)) }
        let end: CivilDate
        if n <= 64 {
            // A 公示's few days: walk them.
            var day = start.dayNumber
            var counted = 0
            while true {
                if isWorkingDay(CivilDate(dayNumber: day)) {
                    counted += 1
                    if counted == n { break }
                }
                guard day < CivilDate.dayNumbers.upperBound else { break }
                day += 1
            }
            end = CivilDate(dayNumber: day)
        } else {
            end = searchDate(afterWorkingDays: n, startingOn: start)
        }
        return (end, !hasData(forAllYearsIn: start.year...end.year))
    }

    /// The day of the `n`-th working day from `start` by bisection over `workingDays(from:through:)`,
    /// whose cost does not grow with the length: a long period (or a huge number read from an old
    /// database) takes as long as a short one. Saturates at `CivilDate.latest`.
    private func searchDate(afterWorkingDays n: Int, startingOn start: CivilDate) -> CivilDate {
        let first = start.dayNumber
        let last = CivilDate.dayNumbers.upperBound
        // Five working days a week, less the holidays the data names after `start`.
        let holidays = exceptions.keys.filter { $0 >= first }.count
        var high = min(last, first.saturatingAdding(n.saturatingAdding(holidays).saturatingMultiplied(by: 7) / 5).saturatingAdding(14))
        if workingDays(from: start, through: CivilDate(dayNumber: high)).value < n {
            high = last
            if workingDays(from: start, through: CivilDate(dayNumber: high)).value < n { return CivilDate.latest }
        }
        var low = first
        // Invariant: the count through `high` reaches n; through any day before `low` it does not.
        while low < high {
            let middle = low + (high - low) / 2
            if workingDays(from: start, through: CivilDate(dayNumber: middle)).value >= n {
                high = middle
            } else {
                low = middle + 1
            }
        }
        return CivilDate(dayNumber: low)
    }

    private func hasData(forAllYearsIn years: ClosedRange<Int>) -> Bool {
        years.allSatisfy { data[$0] != nil }
    }

    /// Monday-to-Friday days in the day-number range `first...last`.
    private static func weekdays(from first: Int, through last: Int) -> Int {
        let total = last - first + 1
        let weeks = total / 7
        var count = weeks * 5
        // The remaining days, starting on the weekday of `first`.
        let remainder = total - weeks * 7
        var weekday = CivilDate(dayNumber: first).weekday
        for _ in 0..<remainder {
            if weekday <= 5 { count += 1 }
            weekday = weekday == 7 ? 1 : weekday + 1
        }
        return count
    }

    public static func == (lhs: WorkingCalendar, rhs: WorkingCalendar) -> Bool {
        lhs.data == rhs.data
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(data)
    }
}

/// A length of time as the regulations state it: `1 month`, `6 months`, `5 working_days`.
public struct Duration: Sendable, Hashable, CustomStringConvertible {
    public enum Unit: String, Sendable, Hashable, CaseIterable {
        case days, months, years
        case workingDays = "working_days"
    }

    public var value: Int
    public var unit: Unit

    public init(_ value: Int, _ unit: Unit) {
        self.value = value
        self.unit = unit
    }

    /// Parses `N unit` where unit is day(s), month(s), year(s) or working_day(s).
    public init?(parsing text: String) {
        let parts = text.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 2, let value = Int(parts[0]), value >= 0 else { return nil }
        var unitText = String(parts[1])
        if !unitText.hasSuffix("s") { unitText += "s" }
        guard let unit = Unit(rawValue: unitText) else { return nil }
        self.init(value, unit)
    }

    public var description: String {
        let singular = value == 1
        switch unit {
        case .days: return singular ? "1 day" : "\(value) days"
        case .months: return singular ? "1 month" : "\(value) months"
        case .years: return singular ? "1 year" : "\(value) years"
        case .workingDays: return singular ? "1 working day" : "\(value) working days"
        }
    }

    /// The date `self` after `date`. For working days, the date on which the `value`-th working
    /// day after `date` falls; provisional when the calendar lacks data for a year it crosses.
    public func added(to date: CivilDate, calendar: WorkingCalendar) -> (date: CivilDate, provisional: Bool) {
        switch unit {
        case .days: return (date.adding(days: value), false)
        case .months: return (date.adding(months: value), false)
        case .years: return (date.adding(years: value), false)
        case .workingDays:
            if value == 0 { return (date, false) }
            let result = calendar.date(afterWorkingDays: value, startingOn: date.adding(days: 1))
            return (result.date, result.provisional)
        }
    }

    /// Whether a period between two dates (both ends included, as notices are written) is at
    /// least this long. Calendar units compare `from + duration - 1 day <= through`.
    public func isCovered(from: CivilDate, through: CivilDate, calendar: WorkingCalendar) -> Coverage {
        switch unit {
        case .workingDays:
            let count = calendar.workingDays(from: from, through: through)
            return Coverage(covered: count.value >= value, provisional: count.provisional, unit: unit, count: count.value, from: from, through: through)
        case .days:
            let days = from.days(until: through) + 1
            return Coverage(covered: days >= value, provisional: false, unit: unit, count: days, from: from, through: through)
        case .months, .years:
            let end = (unit == .months ? from.adding(months: value) : from.adding(years: value)).adding(days: -1)
            return Coverage(covered: end <= through, provisional: false, unit: unit, count: 0, from: from, through: through)
        }
    }

    /// How a period measures against a duration; its length is written only when read.
    public struct Coverage: Sendable, Hashable {
        public var covered: Bool
        public var provisional: Bool
        var unit: Unit
        var count: Int
        var from: CivilDate
        var through: CivilDate

        /// The period's length in the duration's unit: `5 working days`, `5 个工作日`.
        public var length: String { Catalogue.coveredLength(unit, count: count, from: from, through: through) }
    }
}

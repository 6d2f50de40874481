import FazhanCore

/// The dates a set of statistics covers: a quarter, a year, or any span of days, both ends
/// included.
///
/// Flows count what happened from `from` to `to` (both days included); stocks are taken on `to`,
/// the period's last day.
///
/// ```swift
/// let q3 = try StatisticsPeriod.quarter("2026Q3")   // 2026-07-01 ... 2026-09-30
/// q3.previous?.label                                // "2026Q2"
/// q3.sameQuarterLastYear?.label                     // "2025Q3"
/// ```
public struct StatisticsPeriod: Sendable, Hashable, Encodable, CustomStringConvertible {
    /// What kind of period it is, which decides what `previous` means.
    public enum Kind: Sendable, Hashable {
        /// Quarter 1 to 4 of a year: Jan 1 - Mar 31, Apr 1 - Jun 30, Jul 1 - Sep 30, Oct 1 - Dec 31.
        case quarter(year: Int, quarter: Int)
        /// A calendar year, Jan 1 - Dec 31.
        case year(Int)
        /// Any span of days.
        case custom
    }

    /// The first day counted.
    public let from: CivilDate
    /// The last day counted, and the day stocks are taken.
    public let to: CivilDate
    public let kind: Kind

    /// `2026Q3`, `2026`, or `2026-01-15..2026-02-15`.
    public var label: String {
        switch kind {
        case .quarter(let year, let quarter): return "\(StatisticsPeriod.yearText(year))Q\(quarter)"
        case .year(let year): return StatisticsPeriod.yearText(year)
        case .custom: return "\(from)..\(to)"
        }
    }

    public var description: String { label }

    private init(from: CivilDate, to: CivilDate, kind: Kind) {
        self.from = from
        self.to = to
        self.kind = kind
    }

    // MARK: - Making periods

    /// A quarter from its label: `2026Q3` (or `2026q3`) is 2026-07-01 to 2026-09-30.
    ///
    /// - Throws: `StatisticsPeriod.ParseError` for anything but four digits, `Q` and a quarter
    ///   from 1 to 4 (`2026Q5`, `26Q1`, `2026-Q1`).
    public static func quarter(_ text: String) throws(ParseError) -> StatisticsPeriod {
        let trimmed = text.trimmingSpaces
        let characters = Array(trimmed)
        guard characters.count == 6, characters[4] == "Q" || characters[4] == "q",
              let year = Int(String(characters[0..<4])), characters[0..<4].allSatisfy(\.isASCIIDigit),
              let quarter = Int(String(characters[5])), characters[5].isASCIIDigit
        else {
            throw ParseError(text: text, reason: Catalogue.quarterForm)
        }
        return try StatisticsPeriod.quarter(year: year, quarter, text: text)
    }

    /// Quarter `quarter` (1 to 4) of `year`.
    ///
    /// - Throws: `StatisticsPeriod.ParseError` when the quarter is not 1 to 4 or the year not 1 to 9999.
    public static func quarter(year: Int, _ quarter: Int) throws(ParseError) -> StatisticsPeriod {
        try StatisticsPeriod.quarter(year: year, quarter, text: "\(year)Q\(quarter)")
    }

    private static func quarter(year: Int, _ quarter: Int, text: String) throws(ParseError) -> StatisticsPeriod {
        guard (1...4).contains(quarter) else {
            throw ParseError(text: text, reason: Catalogue.quarterRange)
        }
        let firstMonth = (quarter - 1) * 3 + 1
        guard let from = CivilDate(year: year, month: firstMonth, day: 1) else {
            throw ParseError(text: text, reason: Catalogue.yearRange)
        }
        return StatisticsPeriod(from: from, to: from.adding(months: 2).endOfMonth, kind: .quarter(year: year, quarter: quarter))
    }

    /// The calendar year: `year(2026)` is 2026-01-01 to 2026-12-31.
    ///
    /// - Throws: `StatisticsPeriod.ParseError` when the year is not 1 to 9999.
    public static func year(_ year: Int) throws(ParseError) -> StatisticsPeriod {
        guard let from = CivilDate(year: year, month: 1, day: 1), let to = CivilDate(year: year, month: 12, day: 31) else {
            throw ParseError(text: String(year), reason: Catalogue.yearRange)
        }
        return StatisticsPeriod(from: from, to: to, kind: .year(year))
    }

    /// Any span of days, both ends included.
    ///
    /// - Throws: `StatisticsPeriod.ParseError` when `to` is before `from`.
    public static func custom(from: CivilDate, to: CivilDate) throws(ParseError) -> StatisticsPeriod {
        guard from <= to else {
            throw ParseError(text: "\(from)..\(to)", reason: Catalogue.periodEndsBeforeItStarts)
        }
        return StatisticsPeriod(from: from, to: to, kind: .custom)
    }

    /// A period from the way an organizer writes it: `2026Q3`, `2026`, or `2026-01-15..2026-02-15`.
    ///
    /// - Throws: `StatisticsPeriod.ParseError` naming the three accepted forms.
    public init(parsing text: String) throws(ParseError) {
        let trimmed = text.trimmingSpaces
        if trimmed.count == 4, trimmed.allSatisfy(\.isASCIIDigit), let year = Int(trimmed) {
            self = try StatisticsPeriod.year(year)
        } else if trimmed.count == 6, trimmed.dropFirst(4).first.map({ $0 == "Q" || $0 == "q" }) == true {
            self = try StatisticsPeriod.quarter(trimmed)
        } else if let range = trimmed.firstRange(of: ".."),
                  let from = CivilDate(String(trimmed[..<range.lowerBound])), let to = CivilDate(String(trimmed[range.upperBound...])) {
            self = try StatisticsPeriod.custom(from: from, to: to)
        } else {
            throw ParseError(text: text, reason: Catalogue.periodForms)
        }
    }

    // MARK: - Neighbours

    /// The period just before, of the same kind: 2026Q1 → 2025Q4, 2026 → 2025. `nil` for a
    /// custom period (it has no natural predecessor) and before year 1.
    public var previous: StatisticsPeriod? {
        switch kind {
        case .quarter(let year, let quarter):
            return quarter == 1 ? try? StatisticsPeriod.quarter(year: year - 1, 4) : try? StatisticsPeriod.quarter(year: year, quarter - 1)
        case .year(let year):
            return try? StatisticsPeriod.year(year - 1)
        case .custom:
            return nil
        }
    }

    /// For a quarter, the quarter before it (2026Q1 → 2025Q4); `nil` for a year or a custom period.
    public var previousQuarter: StatisticsPeriod? {
        guard case .quarter = kind else { return nil }
        return previous
    }

    /// For a quarter, the same quarter a year earlier (2026Q3 → 2025Q3); `nil` otherwise.
    public var sameQuarterLastYear: StatisticsPeriod? {
        guard case .quarter = kind else { return nil }
        return shifted(years: -1)
    }

    /// The same period a year earlier, whatever its kind.
    public var samePeriodLastYear: StatisticsPeriod? { shifted(years: -1) }

    /// The same period `years` years later (earlier when negative). A custom period's ends move
    /// with the calendar's clamping (2024-02-29 - 1 year = 2023-02-28). `nil` outside years 1 to 9999.
    public func shifted(years: Int) -> StatisticsPeriod? {
        switch kind {
        case .quarter(let year, let quarter):
            return try? StatisticsPeriod.quarter(year: year + years, quarter)
        case .year(let year):
            return try? StatisticsPeriod.year(year + years)
        case .custom:
            guard (1...9999).contains(from.year + years), (1...9999).contains(to.year + years) else { return nil }
            // The end of a month stays the end of the month (Feb 28 → Feb 29 in a leap year).
            let end = to == to.endOfMonth ? to.adding(years: years).endOfMonth : to.adding(years: years)
            return try? StatisticsPeriod.custom(from: from.adding(years: years), to: end)
        }
    }

    /// Whether `date` falls in the period (both ends included).
    public func contains(_ date: CivilDate) -> Bool {
        from <= date && date <= to
    }

    // MARK: - Encoding

    private enum CodingKeys: String, CodingKey { case label, kind, from, to }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(label, forKey: .label)
        let kindName: String
        switch kind {
        case .quarter: kindName = "quarter"
        case .year: kindName = "year"
        case .custom: kindName = "custom"
        }
        try container.encode(kindName, forKey: .kind)
        try container.encode(from, forKey: .from)
        try container.encode(to, forKey: .to)
    }

    private static func yearText(_ year: Int) -> String {
        let text = String(year)
        return String(repeating: "0", count: max(0, 4 - text.count)) + text
    }

    /// A period that could not be read or does not exist.
    public struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        /// What was given.
        public var text: String
        /// Why it is not a period.
        public var reason: String

        public init(text: String, reason: String) {
            self.text = text
            self.reason = reason
        }

        public var description: String { Catalogue.notAPeriod(text, reason) }
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}

extension String {
    fileprivate var trimmingSpaces: String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}

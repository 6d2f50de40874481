/// A date on the civil calendar (proleptic Gregorian), with no time and no time zone.
///
/// Rule arithmetic in Fazhan is done on civil dates only. Month and year arithmetic clamps to
/// the end of the month: `2026-01-31 + 1 month = 2026-02-28`, `2024-02-29 + 1 year = 2025-02-28`.
///
/// Arithmetic saturates at the dates text can name, `0001-01-01` and `9999-12-31`
/// (`CivilDate.earliest`, `CivilDate.latest`): a length read from an old database (a training of
/// 9223372036854775807 days) gives the last day, never an overflow.
///
/// ```swift
/// let d = CivilDate("2026-01-31")!
/// d.adding(months: 1)   // 2026-02-28
/// ```
public struct CivilDate: Hashable, Comparable, Sendable {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Creates a date, or `nil` when the day does not exist (2026-02-30).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              day >= 1, day <= CivilDate.daysInMonth(year: year, month: month)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// A date known to exist (a year within 1...9999, a real month and day).
    private init(unchecked year: Int, _ month: Int, _ day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// The first day text can name, where arithmetic stops going back.
    public static let earliest = CivilDate(unchecked: 1, 1, 1)
    /// The last day text can name, where arithmetic stops going forward.
    public static let latest = CivilDate(unchecked: 9999, 12, 31)
    /// The day numbers of `earliest` and `latest`.
    static let dayNumbers = -719_162...2_932_896

    /// Parses exactly `YYYY-MM-DD`; anything else, or a day that does not exist, gives `nil`.
    public init?(_ text: String) {
        guard let date = text.utf8.withContiguousStorageIfAvailable(CivilDate.init(utf8:)) ?? CivilDate(utf8: Array(text.utf8)) else {
            return nil
        }
        self = date
    }

    /// Parses exactly `YYYY-MM-DD` from UTF-8 bytes (a database column read in place). Inlinable,
    /// so that a store's read of every event's date is specialized for its bytes rather than going
    /// through the collection's generic witnesses byte by byte.
    @inlinable
    public init?<Bytes: RandomAccessCollection>(utf8 bytes: Bytes) where Bytes.Element == UInt8, Bytes.Index == Int {
        let start = bytes.startIndex
        guard bytes.count == 10, bytes[start + 4] == UInt8(ascii: "-"), bytes[start + 7] == UInt8(ascii: "-") else {
            return nil
        }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let byte = bytes[start + index]
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let y = number(0..<4), let m = number(5..<7), let d = number(8..<10) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// Creates the date `dayNumber` days after 1970-01-01 (negative before it), saturating at
    /// `earliest` and `latest`.
    public init(dayNumber unclamped: Int) {
        let dayNumber = min(max(unclamped, CivilDate.dayNumbers.lowerBound), CivilDate.dayNumbers.upperBound)
        // Howard Hinnant's civil_from_days.
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        self.month = m
        self.day = d
    }

    /// Days since 1970-01-01.
    public var dayNumber: Int {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// ISO weekday: 1 is Monday, 7 is Sunday.
    public var weekday: Int {
        // 1970-01-01 was a Thursday (4).
        let r = (dayNumber + 3) % 7
        return (r < 0 ? r + 7 : r) + 1
    }

    public var isWeekend: Bool { weekday >= 6 }

    /// Adds days (negative: goes back), saturating at `earliest` and `latest`.
    public func adding(days: Int) -> CivilDate {
        CivilDate(dayNumber: dayNumber.saturatingAdding(days))
    }

    /// Adds months, clamping the day to the end of the target month, saturating at `earliest`
    /// and `latest` (9999-12-31 + 1 month is 9999-12-31).
    public func adding(months: Int) -> CivilDate {
        let index = (year * 12 + (month - 1)).saturatingAdding(months)
        guard index >= 12 else { return .earliest }
        guard index <= 9999 * 12 + 11 else { return .latest }
        let y = index / 12
        let m = index % 12 + 1
        return CivilDate(unchecked: y, m, min(day, CivilDate.daysInMonth(year: y, month: m)))
    }

    /// Adds years, clamping Feb 29 to Feb 28 in a common year, saturating like `adding(months:)`.
    public func adding(years: Int) -> CivilDate {
        adding(months: years.saturatingMultiplied(by: 12))
    }

    /// Days from `self` to `other` (positive when `other` is later).
    public func days(until other: CivilDate) -> Int {
        other.dayNumber - dayNumber
    }

    /// Full years from `self` (a birth date) to `date`: the age on `date`.
    ///
    /// Someone born on Feb 29 turns a year older on Feb 28 of a common year, the same clamp
    /// as `adding(years:)`, so that age and anniversaries agree.
    public func fullYears(until date: CivilDate) -> Int {
        var years = date.year - year
        if years > 0, adding(years: years) > date { years -= 1 }
        if years < 0 { return 0 }
        return years
    }

    /// The last day of the month this date falls in.
    public var endOfMonth: CivilDate {
        CivilDate(unchecked: year, month, CivilDate.daysInMonth(year: year, month: month))
    }

    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }
}

extension CivilDate: CustomStringConvertible, LosslessStringConvertible {
    /// `YYYY-MM-DD`.
    public var description: String {
        // YYYY-MM-DD: ten ASCII bytes, written directly (a small string, no allocation).
        if (0...9999).contains(year), (0...99).contains(month), (0...99).contains(day) {
            return String(unsafeUninitializedCapacity: 10) { buffer in
                let zero = UInt8(ascii: "0")
                buffer[0] = zero + UInt8(year / 1000)
                buffer[1] = zero + UInt8(year / 100 % 10)
                buffer[2] = zero + UInt8(year / 10 % 10)
                buffer[3] = zero + UInt8(year % 10)
                buffer[4] = UInt8(ascii: "-")
                buffer[5] = zero + UInt8(month / 10)
                buffer[6] = zero + UInt8(month % 10)
                buffer[7] = UInt8(ascii: "-")
                buffer[8] = zero + UInt8(day / 10)
                buffer[9] = zero + UInt8(day % 10)
                return 10
            }
        }
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }
}

extension CivilDate: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = CivilDate(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "not a date in the form YYYY-MM-DD: \(text)")
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

import FazhanCore
import Foundation

/// Today and now, as both front ends date what they record.
public enum Clock {
    /// Today's civil date where the organizer is. `FAZHAN_TODAY=YYYY-MM-DD` fixes it (tests, demos,
    /// replaying a day); otherwise the local calendar date of the system clock.
    public static func today() -> CivilDate {
        if let fixed { return fixed }
        let components = Calendar.current.dateComponents([.year, .month, .day], from: Date())
        return CivilDate(year: components.year!, month: components.month!, day: components.day!)!
    }

    /// `FAZHAN_TODAY`, read once per process (the server asks on every request, and building the
    /// environment each time cost it about 3% of its CPU under load).
    /// Read with `getenv`, not `ProcessInfo`, which builds a dictionary of the whole environment.
    private static let fixed: CivilDate? = getenv("FAZHAN_TODAY").map { String(cString: $0) }.flatMap(CivilDate.init)

    /// The recording time, UTC, ISO 8601 with milliseconds (`2026-11-20T08:30:00.125Z`, as
    /// `ISO8601DateFormatter` writes it with fractional seconds). Written by hand: creating that
    /// formatter costs a `record` or `advance` more than its guards.
    public static func timestamp(_ date: Date = Date()) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let (days, rest) = milliseconds.quotientAndRemainder(dividingBy: 86_400_000)
        let (day, millisecondOfDay) = rest < 0 ? (days - 1, rest + 86_400_000) : (days, rest)
        let civil = CivilDate(dayNumber: Int(day))
        func padded(_ value: Int64, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        let seconds = millisecondOfDay / 1000
        return "\(civil)T\(padded(seconds / 3600, 2)):\(padded(seconds / 60 % 60, 2)):\(padded(seconds % 60, 2)).\(padded(millisecondOfDay % 1000, 3))Z"
    }
}

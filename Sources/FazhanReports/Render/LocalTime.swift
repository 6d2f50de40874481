import FazhanCore
import Foundation

/// Recording times as the organizer's clock shows them. They are stored in UTC
/// (`2026-11-20T08:30:00.125Z`); a table shows them in the reader's time zone, to the second,
/// and says which zone it is. JSON keeps them as stored.
public enum LocalTime {
    /// The reader's time zone: the command line's own, or a server request's client's
    /// (`Fazhan-Time-Zone`).
    @TaskLocal public static var zone: TimeZone = .current

    /// `2026-11-20 16:30:00` in ``zone``; the stored text as it is when it is not a time.
    public static func text(_ recordedAt: String) -> String {
        guard let instant = RecordedCutoff(timestamp: recordedAt) else { return recordedAt }
        let seconds = Int64((Double(instant.milliseconds) / 1000).rounded(.down))
        let offset = Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds))))
        let local = seconds + offset
        let (days, rest) = local.quotientAndRemainder(dividingBy: 86_400)
        let (day, second) = rest < 0 ? (days - 1, rest + 86_400) : (days, rest)
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : String(value) }
        return "\(CivilDate(dayNumber: Int(day))) \(two(second / 3600)):\(two(second / 60 % 60)):\(two(second % 60))"
    }

    /// The zone as a column title says it: `UTC+08:00`, `UTC`.
    public static var label: String {
        let offset = zone.secondsFromGMT(for: Date())
        guard offset != 0 else { return "UTC" }
        let minutes = abs(offset) / 60
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
        return "UTC\(offset < 0 ? "-" : "+")\(two(minutes / 60)):\(two(minutes % 60))"
    }
}

/// "As recorded on": an instant that splits what had been recorded by then from what was
/// recorded later, so a report, an audit, an agenda or a history can be produced as it was
/// filed, whatever was backdated or corrected since.
///
/// Recording times are stored as UTC ISO 8601 text, written by `Clock.timestamp` with
/// milliseconds (`2026-10-15T08:30:00.125Z`) or, by older writers, without them
/// (`2026-10-15T02:00:00Z`). Two such texts of the same instant do not compare equal as strings
/// (`…00Z` sorts after `…00.000Z`), so every comparison here is on the instant itself.
public struct RecordedCutoff: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    public let milliseconds: Int64

    public init(milliseconds: Int64) {
        self.milliseconds = milliseconds
    }

    /// A stored or written recording time: `YYYY-MM-DDTHH:MM:SS`, optionally `.f` to `.fffffffff`,
    /// then `Z` or `+HH:MM` / `-HH:MM`. `nil` for anything else.
    public init?(timestamp text: String) {
        guard let milliseconds = RecordedCutoff.milliseconds(text) else { return nil }
        self.milliseconds = milliseconds
    }

    /// The end of `date` in UTC plus `offsetSeconds` (the last millisecond before the next
    /// midnight there): everything recorded on that day counts.
    public init(endOf date: CivilDate, utcOffsetSeconds offsetSeconds: Int) {
        milliseconds = Int64(date.dayNumber + 1) * 86_400_000 - Int64(offsetSeconds) * 1000 - 1
    }

    /// Whether something recorded at `recordedAt` had been recorded by the cutoff. A recording
    /// time that cannot be read counts as recorded (it is reported by `verify`, not hidden here).
    public func includes(_ recordedAt: String) -> Bool {
        guard let instant = RecordedCutoff.milliseconds(recordedAt) else { return true }
        return instant <= milliseconds
    }

    /// The cutoff in the stored form, UTC with milliseconds (`2026-10-15T15:59:59.999Z`).
    public var description: String {
        let (days, rest) = milliseconds.quotientAndRemainder(dividingBy: 86_400_000)
        let (day, ofDay) = rest < 0 ? (days - 1, rest + 86_400_000) : (days, rest)
        func padded(_ value: Int64, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        let seconds = ofDay / 1000
        return "\(CivilDate(dayNumber: Int(day)))T\(padded(seconds / 3600, 2)):\(padded(seconds / 60 % 60, 2)):"
            + "\(padded(seconds % 60, 2)).\(padded(ofDay % 1000, 3))Z"
    }

    /// The first 19 characters of the stored form (`YYYY-MM-DDTHH:MM:SS`): any stored UTC time
    /// of this second or later sorts at or after it as text, whatever follows, so a database can
    /// narrow its rows with it before the exact comparison is made here.
    public var secondPrefix: String { String(description.prefix(19)) }

    /// The stored-form prefix of the next second: any stored UTC time before it sorts before it.
    public var nextSecondPrefix: String {
        RecordedCutoff(milliseconds: (milliseconds / 1000 + 1) * 1000).secondPrefix
    }

    public static func < (lhs: RecordedCutoff, rhs: RecordedCutoff) -> Bool { lhs.milliseconds < rhs.milliseconds }

    /// The instant of an ISO 8601 recording time, by hand (no formatter: this runs once per event
    /// of an as-recorded report).
    static func milliseconds(_ text: String) -> Int64? {
        var utf8 = Array(text.utf8)
        guard utf8.count >= 20, utf8[10] == UInt8(ascii: "T") || utf8[10] == UInt8(ascii: " ") else { return nil }
        guard let date = CivilDate(utf8: utf8[0..<10]) else { return nil }
        func number(_ range: Range<Int>) -> Int64? {
            var value: Int64 = 0
            for index in range {
                let byte = utf8[index]
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int64(byte - 0x30)
            }
            return value
        }
        guard utf8[13] == UInt8(ascii: ":"), utf8[16] == UInt8(ascii: ":"),
              let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
              hour < 24, minute < 60, second < 61 else { return nil }
        var index = 19
        var fraction: Int64 = 0
        if index < utf8.count, utf8[index] == UInt8(ascii: ".") {
            index += 1
            let start = index
            while index < utf8.count, utf8[index] >= 0x30, utf8[index] <= 0x39 { index += 1 }
            let digits = index - start
            guard digits >= 1, digits <= 9 else { return nil }
            // Milliseconds, truncated: a recording time is never rounded into the next one.
            let kept = min(digits, 3)
            fraction = number(start..<(start + kept))! * [100, 10, 1][kept - 1]
        }
        var offset: Int64 = 0
        guard index < utf8.count else { return nil }
        switch utf8[index] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            index += 1
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            let sign: Int64 = utf8[index] == UInt8(ascii: "+") ? 1 : -1
            if utf8.count == index + 5 { utf8.insert(UInt8(ascii: ":"), at: index + 3) }
            guard utf8.count == index + 6, utf8[index + 3] == UInt8(ascii: ":"),
                  let hours = number((index + 1)..<(index + 3)), let minutes = number((index + 4)..<(index + 6)),
                  hours < 24, minutes < 60 else { return nil }
            offset = sign * (hours * 3600 + minutes * 60)
            index += 6
        default:
            return nil
        }
        guard index == utf8.count else { return nil }
        let seconds = Int64(date.dayNumber) * 86_400 + hour * 3600 + minute * 60 + min(second, 59) - offset
        return seconds * 1000 + fraction
    }
}

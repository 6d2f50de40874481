import ArgumentParser
import FazhanCore
import Foundation

/// `--as-recorded DATE|TIMESTAMP` (and `--changes-since`): an instant of recording, as an
/// organizer writes it. A date means the end of that day in local time (everything recorded on
/// it counts): `2026-10-15`, `2026-10-15`, `2026/10/15`, `2026年10月15日`. A time is local unless
/// it says its zone: `2026-10-15T09:30`, `2026-10-15 09:30:00`, `2026-10-15T01:30:00Z`,
/// `2026-10-15T09:30:00+08:00`.
struct RecordedInstant: ExpressibleByArgument, Sendable {
    let cutoff: RecordedCutoff
    /// The local date of the instant: the day an audit or an agenda produced then looked from.
    let localDate: CivilDate

    init?(argument: String) {
        self.init(argument, zone: TimeZone.current)
    }

    /// `text` read in `zone` (the local one on the command line).
    init?(_ argument: String, zone: TimeZone) {
        let text = argument.trimmingCharacters(in: .whitespaces)
        if let date = WrittenValue.date(text) {
            // The offset in force at the end of that day (a zone's offset can change at midnight).
            let noon = Date(timeIntervalSince1970: TimeInterval(date.dayNumber) * 86_400 + 43_200)
            self.init(RecordedCutoff(endOf: date, utcOffsetSeconds: zone.secondsFromGMT(for: noon)), zone: zone)
            return
        }
        if let zoned = RecordedCutoff(timestamp: text.replacingOccurrences(of: " ", with: "T")) {
            self.init(zoned, zone: zone)
            return
        }
        // A local time: read as UTC, then moved by the local offset at that time.
        var local = text.replacingOccurrences(of: " ", with: "T")
        if local.count == 16 { local += ":00" }
        guard let asUTC = RecordedCutoff(timestamp: local + "Z") else { return nil }
        let offset = zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(asUTC.milliseconds) / 1000))
        self.init(RecordedCutoff(milliseconds: asUTC.milliseconds - Int64(offset) * 1000), zone: zone)
    }

    init(_ cutoff: RecordedCutoff, zone: TimeZone) {
        self.cutoff = cutoff
        let instant = Date(timeIntervalSince1970: TimeInterval(cutoff.milliseconds) / 1000)
        let components = Calendar(identifier: .gregorian).dateComponents(in: zone, from: instant)
        localDate = CivilDate(year: components.year!, month: components.month!, day: components.day!) ?? CivilDate(dayNumber: 0)
    }

}

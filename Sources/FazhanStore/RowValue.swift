import FazhanCore
import Foundation

/// Column values read by hand, with the error a damaged row deserves (every backend reads the
/// same columns as text).
public enum RowValue {
    @inlinable
    public static func decode<T: RawRepresentable>(_ type: T.Type, _ raw: String, column: String) throws(StoreError) -> T
    where T.RawValue == String {
        guard let value = T(rawValue: raw) else { throw StoreError.corrupt("\(column) holds \(raw), which is not a known value") }
        return value
    }

    @inlinable
    public static func date(_ raw: String, column: String) throws(StoreError) -> CivilDate {
        guard let date = CivilDate(raw) else { throw StoreError.corrupt("\(column) holds \(raw), which is not a date") }
        return date
    }

    /// An event's `data` column: its canonical JSON (read fast), or any JSON that decodes.
    public static func eventData(_ text: String, id: Int64?) throws(StoreError) -> EventData {
        if let data = EventData(canonicalJSON: text) { return data }
        do {
            return try JSONDecoder().decode(EventData.self, from: Data(text.utf8))
        } catch {
            throw StoreError.corrupt("event #\(id ?? 0) has data that does not read: \(text)")
        }
    }
}

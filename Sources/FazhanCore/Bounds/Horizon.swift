/// How far ahead an agenda looks: `30d`, `8w` or `3m` (a month counted as 31 days), at most
/// `Bounds.horizonDays`.
public struct Horizon: Sendable, Hashable {
    public var days: Int

    public init(days: Int) {
        self.days = days
    }

    /// Parses `30d`, `8w` or `3m`; `field` names the option or parameter in the error.
    public init(parsing text: String, field: String) throws(BoundError) {
        let bound = Bounds.horizonDays
        guard let unit = text.last, ["d", "w", "m"].contains(unit) else {
            throw BoundError(Catalogue.horizonForm(field, text))
        }
        let number = text.dropLast()
        guard !number.isEmpty, number.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw BoundError(Catalogue.horizonNumber(field, text))
        }
        let perUnit = unit == "d" ? 1 : unit == "w" ? 7 : 31
        guard let value = Int(number), case let (days, overflow) = value.multipliedReportingOverflow(by: perUnit), !overflow,
              bound.contains(days)
        else {
            throw BoundError(Catalogue.horizonRange(field, text, bound))
        }
        self.days = days
    }
}

/// Arithmetic that stops at `Int.max` or `Int.min` instead of trapping, for numbers read from a
/// database an older version filled without bounds. The result is only ever compared, so a
/// saturated sum compares as the true (larger) one would.
extension Int {
    /// `self + other`, or `Int.max` / `Int.min` where it would overflow.
    public func saturatingAdding(_ other: Int) -> Int {
        let (sum, overflow) = addingReportingOverflow(other)
        guard overflow else { return sum }
        return other > 0 ? .max : .min
    }

    /// `self - other`, or `Int.max` / `Int.min` where it would overflow.
    public func saturatingSubtracting(_ other: Int) -> Int {
        let (difference, overflow) = subtractingReportingOverflow(other)
        guard overflow else { return difference }
        return other < 0 ? .max : .min
    }

    /// `self * other`, or `Int.max` / `Int.min` where it would overflow.
    public func saturatingMultiplied(by other: Int) -> Int {
        let (product, overflow) = multipliedReportingOverflow(by: other)
        guard overflow else { return product }
        return (self < 0) == (other < 0) ? .max : .min
    }
}

extension Sequence where Element == Int {
    /// The sum, saturating instead of trapping.
    public func saturatingSum() -> Int {
        reduce(0) { $0.saturatingAdding($1) }
    }
}

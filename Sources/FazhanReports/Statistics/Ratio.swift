/// A count of people out of another, with exact arithmetic: student members out of enrolled
/// students, the reserve out of enrolled students.
///
/// Nothing goes through floating point. The percentage is rounded half up to two decimals with
/// integers, a target is compared by cross-multiplying, and a zero denominator (no enrolled
/// students entered) is "n/a", never a division by zero.
///
/// ```swift
/// let ratio = Ratio(382, of: 10000)
/// ratio.percentText                          // "3.82%"
/// ratio.meets(threshold: Percent("3.83%")!)   // false
/// ratio.shortfall(to: Percent("3.83%")!)      // 1
/// ```
public struct Ratio: Sendable, Hashable, Encodable, CustomStringConvertible {
    public var numerator: Int
    public var denominator: Int

    public init(_ numerator: Int, of denominator: Int) {
        self.numerator = numerator
        self.denominator = denominator
    }

    /// Whether the ratio has a value: a denominator of zero (or less) has none.
    public var isDefined: Bool { denominator > 0 }

    /// The ratio in hundredths of a percent, rounded half up (half away from zero): 1/3 is 3333,
    /// 2/3 is 6667, 1/32 (3.125%) is 313. `nil` when the ratio is not defined.
    public var roundedBasisPoints: Int? {
        guard isDefined else { return nil }
        let magnitude = numerator.magnitude
        let denominator = UInt(self.denominator)
        let whole = magnitude / denominator
        // The part below one, in basis points: remainder × 10000 / denominator, computed in
        // double width so that no count can overflow it.
        let (fraction, rest) = denominator.dividingFullWidth((magnitude % denominator).multipliedFullWidth(by: 10_000))
        let roundUp: UInt = rest >= denominator - rest ? 1 : 0
        // Beyond ±Int.max basis points (a ratio of 10^14 and more) the value saturates.
        let (scaled, overflow) = Int(clamping: whole).multipliedReportingOverflow(by: 10_000)
        let (sum, carried) = scaled.addingReportingOverflow(Int(fraction + roundUp))
        let points = overflow || carried ? Int.max : sum
        return numerator < 0 ? -points : points
    }

    /// The percentage with two decimals, rounded half up: `3.83%`, `33.33%`, `66.67%`, `12.50%`;
    /// `n/a` when the denominator is zero.
    public var percentText: String {
        guard let points = roundedBasisPoints else { return "n/a" }
        let sign = points < 0 ? "-" : ""
        let magnitude = abs(points)
        let decimals = magnitude % 100
        return "\(sign)\(magnitude / 100).\(decimals < 10 ? "0" : "")\(decimals)%"
    }

    /// `383/10000 (3.83%)`.
    public var description: String { "\(numerator)/\(denominator) (\(percentText))" }

    /// Whether the ratio reaches `threshold`; exactly at it counts as met. `nil` (n/a) when the
    /// denominator is zero.
    public func meets(threshold: Percent) -> Bool? {
        guard isDefined else { return nil }
        // numerator / denominator ≥ p / q  ⇔  numerator × q ≥ p × denominator (both positive).
        let left = numerator.multipliedFullWidth(by: threshold.denominator)
        let right = threshold.numerator.multipliedFullWidth(by: denominator)
        return (left.high, left.low) >= (right.high, right.low)
    }

    /// The fewest additional people n ≥ 0 with (numerator + n) / denominator ≥ `threshold`: 0
    /// when the target is met, 1 when one person short. `nil` (n/a) when the denominator is zero.
    public func shortfall(to threshold: Percent) -> Int? {
        guard isDefined else { return nil }
        // The smallest count meeting the target is ⌈p × denominator / q⌉. A target no count can
        // reach within Int (far above 100% of a huge denominator) saturates.
        let product = threshold.numerator.multipliedFullWidth(by: denominator)
        let ceiling = threshold.denominator.multipliedFullWidth(by: Int.max)
        guard (product.high, product.low) <= (ceiling.high, ceiling.low) else { return Int.max }
        let (quotient, remainder) = threshold.denominator.dividingFullWidth(threshold.numerator.multipliedFullWidth(by: denominator))
        let (needed, overflow) = quotient.addingReportingOverflow(remainder > 0 ? 1 : 0)
        guard !overflow else { return Int.max }
        let (missing, underflow) = needed.subtractingReportingOverflow(numerator)
        return underflow ? (numerator < 0 ? Int.max : 0) : max(0, missing)
    }

    /// The ratio judged against a target, for reports.
    public func assessed(against threshold: Percent) -> RatioAssessment {
        RatioAssessment(ratio: self, threshold: threshold)
    }

    private enum CodingKeys: String, CodingKey { case numerator, denominator, percent }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(numerator, forKey: .numerator)
        try container.encode(denominator, forKey: .denominator)
        try container.encode(percentText, forKey: .percent)
    }
}

/// A ratio against its target: met, short by how many people, or n/a.
///
/// ```swift
/// let check = Ratio(382, of: 10000).assessed(against: Percent("3.83%")!)
/// check.status      // .short
/// check.shortfall   // 1
/// ```
public struct RatioAssessment: Sendable, Hashable, Encodable {
    public enum Status: String, Sendable, Hashable, Encodable {
        /// At or above the target.
        case met
        /// Below the target.
        case short
        /// No denominator: the ratio has no value.
        case notApplicable = "n/a"
    }

    public var ratio: Ratio
    public var threshold: Percent
    public var status: Status
    /// Additional people needed to reach the target; `nil` when n/a.
    public var shortfall: Int?

    public init(ratio: Ratio, threshold: Percent) {
        self.ratio = ratio
        self.threshold = threshold
        switch ratio.meets(threshold: threshold) {
        case nil: status = .notApplicable
        case true?: status = .met
        case false?: status = .short
        }
        shortfall = ratio.shortfall(to: threshold)
    }
}

/// A percentage held as an exact fraction, for ratio targets such as 3.83% or 42.9%.
///
/// It is read from the decimal text a plan is written in and never goes through floating
/// point: `"3.83%"` is 383/10000 and `"42.9%"` is 429/1000, so a ratio exactly at its target
/// meets it.
///
/// ```swift
/// let target = Percent("3.83%")!        // 383/10000
/// Ratio(383, of: 10000).meets(target)   // true
/// ```
public struct Percent: Sendable, Hashable, Codable, CustomStringConvertible, LosslessStringConvertible {
    /// The value as a fraction of one, in lowest terms: 3.83% is 383/10000.
    public let numerator: Int
    /// Always positive.
    public let denominator: Int

    /// The percentage `numerator`/`denominator` of one, reduced to lowest terms.
    ///
    /// `Percent(numerator: 1, denominator: 5)` is 20%. `nil` when the denominator is not positive,
    /// the numerator is negative, or either is above 10^15 (which keeps every computation with
    /// counts of people exact and free of overflow).
    public init?(numerator: Int, denominator: Int) {
        guard denominator > 0, numerator >= 0, numerator <= Percent.limit, denominator <= Percent.limit else { return nil }
        let divisor = Percent.gcd(numerator, denominator)
        self.numerator = numerator / divisor
        self.denominator = denominator / divisor
    }

    /// Reads a decimal percentage: `3.83%`, `42.9%`, `20%` (a full-width `％` too).
    ///
    /// The `%` sign is required, so that `3.83` is never mistaken for 383%. Up to 9 decimals and
    /// 6 integer digits; no sign, no exponent. `nil` for anything else.
    public init?(_ text: String) {
        var body = Substring(text)
        while body.first?.isWhitespace == true { body.removeFirst() }
        while body.last?.isWhitespace == true { body.removeLast() }
        guard body.last == "%" || body.last == "％" else { return nil }
        body.removeLast()
        let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let integer = parts[0]
        let fraction = parts.count == 2 ? parts[1] : ""
        guard !integer.isEmpty, integer.count <= 6, fraction.count <= 9, parts.count == 1 || !fraction.isEmpty,
              (integer + fraction).allSatisfy({ $0.isASCII && $0.isNumber })
        else { return nil }
        var value = 0
        for digit in integer + fraction { value = value * 10 + Int(String(digit))! }
        var scale = 100
        for _ in 0..<fraction.count { scale *= 10 }
        self.init(numerator: value, denominator: scale)
    }

    /// The percentage in basis points (1/100 of a percent) when it is a whole number of them:
    /// 3.83% is 383, 42.9% is 4290; `nil` for 3.125%.
    public var basisPoints: Int? {
        let (scaled, overflow) = numerator.multipliedReportingOverflow(by: 10_000)
        guard !overflow, scaled % denominator == 0 else { return nil }
        return scaled / denominator
    }

    /// The exact decimal with at least two decimals: `3.83%`, `42.90%`, `3.125%`, `20.00%`.
    /// A fraction with no finite decimal (1/3) is cut after 9 decimals.
    public var description: String {
        var remainder = numerator * 100 % denominator
        let whole = numerator * 100 / denominator
        var decimals = ""
        while (remainder != 0 || decimals.count < 2) && decimals.count < 9 {
            remainder *= 10
            decimals += String(remainder / denominator)
            remainder %= denominator
        }
        return "\(whole).\(decimals)%"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let percent = Percent(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a percentage like 3.83%: \(text)")
        }
        self = percent
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    static let limit = 1_000_000_000_000_000

    static func gcd(_ a: Int, _ b: Int) -> Int {
        var (a, b) = (abs(a), abs(b))
        while b != 0 { (a, b) = (b, a % b) }
        return max(a, 1)
    }
}

/// A ratio target the organization is judged against, as data: who counts above the line,
/// what they are measured against, and the threshold in force.
///
/// ```yaml
/// targets:
///   student-members:
///     name: 学生党员占在校生比例
///     numerator: {stages: [probationary, full_member], category: student}
///     denominator: enrolled_students
///     at_least: 3.83%
/// ```
public struct Target: Sendable, Hashable {
    public var id: String
    public var name: String
    public var numerator: Numerator
    public var denominator: Denominator
    public var threshold: Threshold
    /// The first and last day the target applies (both optional).
    public var from: CivilDate?
    public var to: CivilDate?
    public var basis: String?
    public var location: SourceLocation

    public init(id: String, name: String, numerator: Numerator, denominator: Denominator, threshold: Threshold,
                from: CivilDate? = nil, to: CivilDate? = nil, basis: String? = nil, location: SourceLocation) {
        self.id = id
        self.name = name
        self.numerator = numerator
        self.denominator = denominator
        self.threshold = threshold
        self.from = from
        self.to = to
        self.basis = basis
        self.location = location
    }

    public enum Numerator: Sendable, Hashable {
        /// People in given stages, optionally of a category and with given education values.
        case people(stages: [String], category: String?, education: [String])
        /// Branches graded as meeting the 最强党支部 standard in the year.
        case strongestBranches
    }

    public enum Denominator: String, Sendable, Hashable, CaseIterable {
        /// The enrolled-student count in force (fazhan enrollment).
        case enrolledStudents = "enrolled_students"
        /// The staff count in force.
        case staff
        /// The number of 党支部.
        case branches
    }

    public enum Threshold: Sendable, Hashable {
        /// At least this share, in hundredths of a percent (3.83% = 383).
        case atLeast(basisPoints: Int)
        /// A share by the end of each year (最强党支部: 20% in 2020, 30% in 2021, ...).
        case byYear([Int: Int])
        /// Up this many hundredths of a percentage point on the same day a year earlier (同比).
        case increase(basisPoints: Int)
    }

    /// Whether the target applies on a date.
    public func applies(on date: CivilDate) -> Bool {
        (from.map { date >= $0 } ?? true) && (to.map { date <= $0 } ?? true)
    }
}

/// Parses a percentage written with at most two decimals ("3.83%", "42.9%", "20%") into
/// hundredths of a percent, exactly; nil for anything else.
public func parseBasisPoints(_ text: String) -> Int? {
    guard text.hasSuffix("%") else { return nil }
    let number = text.dropLast().trimmingCharacters(in: .whitespaces)
    let parts = number.split(separator: ".", omittingEmptySubsequences: false)
    // At most 100%: checked before the arithmetic, so 9223372036854775807% is refused, not overflowed.
    guard (1...2).contains(parts.count), let whole = Int(parts[0]), (0...100).contains(whole), parts[0].allSatisfy(\.isNumber) else { return nil }
    var fraction = 0
    if parts.count == 2 {
        let digits = parts[1]
        guard (1...2).contains(digits.count), digits.allSatisfy(\.isNumber), let value = Int(digits) else { return nil }
        fraction = digits.count == 1 ? value * 10 : value
    }
    let total = whole * 100 + fraction
    return total <= 10_000 ? total : nil
}

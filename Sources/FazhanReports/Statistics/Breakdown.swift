import FazhanCore

/// The age bands of the national statistics bulletin (党内统计公报), by full years of age.
public enum AgeBand: String, Sendable, Hashable, Encodable, CaseIterable {
    case upTo30 = "≤30"
    case from31To35 = "31-35"
    case from36To40 = "36-40"
    case from41To45 = "41-45"
    case from46To50 = "46-50"
    case from51To55 = "51-55"
    case from56To60 = "56-60"
    case from61 = "≥61"

    /// The band of someone `age` full years old: 30 is `≤30`, 31 is `31-35`, 61 is `≥61`.
    public init(age: Int) {
        switch age {
        case ...30: self = .upTo30
        case 31...35: self = .from31To35
        case 36...40: self = .from36To40
        case 41...45: self = .from41To45
        case 46...50: self = .from46To50
        case 51...55: self = .from51To55
        case 56...60: self = .from56To60
        default: self = .from61
        }
    }
}

/// How profile values are classified in a breakdown. The defaults follow the national bulletin.
public struct BreakdownRules: Sendable, Hashable {
    /// Education values counted as 大专及以上.
    public var higherEducation: Set<String>
    /// Ethnicity values of the majority; any other recorded ethnicity is an ethnic minority.
    public var majorityEthnicities: Set<String>

    public static let defaultHigherEducation: Set<String> = ["大专", "本科", "硕士", "博士", "研究生"]
    public static let defaultMajorityEthnicities: Set<String> = ["汉族", "汉"]

    /// Whether an education value counts as 大专及以上: it is, or contains, one of the keywords,
    /// so that "大学本科" and "硕士研究生" count as well as "本科" and "硕士".
    public func isHigherEducation(_ education: String) -> Bool {
        higherEducation.contains { education.contains($0) }
    }

    public init(higherEducation: Set<String> = defaultHigherEducation, majorityEthnicities: Set<String> = defaultMajorityEthnicities) {
        self.higherEducation = higherEducation
        self.majorityEthnicities = majorityEthnicities
    }
}

/// A group of people broken down the way the national bulletin does: gender, ethnic minority,
/// education (大专及以上), age bands, 35 and under, category, and for students level and grade.
///
/// A value that was never entered is counted as unknown, never guessed. Breakdowns add up, so
/// an organization's is the sum of its branches'.
public struct Breakdown: Sendable, Hashable, Encodable {
    public var total = 0
    public var male = 0
    public var female = 0
    public var genderUnknown = 0
    /// Ethnicity recorded and not the majority's (汉族).
    public var ethnicMinority = 0
    public var ethnicityUnknown = 0
    /// 大专及以上, by `BreakdownRules.higherEducation`.
    public var higherEducation = 0
    public var educationUnknown = 0
    /// People by age band on the period's last day.
    public private(set) var ageBands: [AgeBand: Int] = [:]
    /// No birth date recorded.
    public var ageUnknown = 0
    /// Aged 35 or under on the reference day: the admission approval for new members, the
    /// period's last day for a stock.
    public var thirtyFiveAndUnder = 0
    public var categories = CategoryCounts()
    /// Students by level (本科生、硕士生、博士生).
    public private(set) var studentLevels: [PersonProfile.Level: Int] = [:]
    public var studentLevelUnknown = 0
    /// Students by grade (年级, the year of entry).
    public private(set) var studentGrades: [Int: Int] = [:]
    public var studentGradeUnknown = 0

    public init() {}

    /// People in an age band.
    public func count(_ band: AgeBand) -> Int { ageBands[band, default: 0] }

    /// Students of a level.
    public func count(_ level: PersonProfile.Level) -> Int { studentLevels[level, default: 0] }

    /// Students of a grade.
    public func count(grade: Int) -> Int { studentGrades[grade, default: 0] }

    /// Counts a person, with their age in bands on `ageOn` and "35 and under" on `youngOn`.
    public mutating func count(_ person: PersonProfile, ageOn: CivilDate, youngOn: CivilDate, rules: BreakdownRules) {
        count(person, ageOn: ageOn, youngOn: youngOn, rules: rules, isHigherEducation: rules.isHigherEducation)
    }

    /// As `count(_:ageOn:youngOn:rules:)`, with the education test given (a caller counting a
    /// province remembers the answer for each value it has seen).
    mutating func count(_ person: PersonProfile, ageOn: CivilDate, youngOn: CivilDate, rules: BreakdownRules,
                        isHigherEducation: (String) -> Bool) {
        total += 1
        switch person.gender {
        case .male?: male += 1
        case .female?: female += 1
        case nil: genderUnknown += 1
        }
        if let ethnicity = Breakdown.recorded(person.ethnicity) {
            if !rules.majorityEthnicities.contains(ethnicity) { ethnicMinority += 1 }
        } else {
            ethnicityUnknown += 1
        }
        if let education = Breakdown.recorded(person.education) {
            if isHigherEducation(education) { higherEducation += 1 }
        } else {
            educationUnknown += 1
        }
        if let birth = person.birthDate {
            ageBands[AgeBand(age: birth.fullYears(until: ageOn)), default: 0] += 1
            if birth.fullYears(until: youngOn) <= 35 { thirtyFiveAndUnder += 1 }
        } else {
            ageUnknown += 1
        }
        categories[person.category] += 1
        if person.category == .student {
            if let level = person.level { studentLevels[level, default: 0] += 1 } else { studentLevelUnknown += 1 }
            if let grade = person.grade { studentGrades[grade, default: 0] += 1 } else { studentGradeUnknown += 1 }
        }
    }

    public static func + (lhs: Breakdown, rhs: Breakdown) -> Breakdown {
        var sum = lhs
        sum.total += rhs.total
        sum.male += rhs.male
        sum.female += rhs.female
        sum.genderUnknown += rhs.genderUnknown
        sum.ethnicMinority += rhs.ethnicMinority
        sum.ethnicityUnknown += rhs.ethnicityUnknown
        sum.higherEducation += rhs.higherEducation
        sum.educationUnknown += rhs.educationUnknown
        sum.ageBands.merge(rhs.ageBands, uniquingKeysWith: +)
        sum.ageUnknown += rhs.ageUnknown
        sum.thirtyFiveAndUnder += rhs.thirtyFiveAndUnder
        sum.categories += rhs.categories
        sum.studentLevels.merge(rhs.studentLevels, uniquingKeysWith: +)
        sum.studentLevelUnknown += rhs.studentLevelUnknown
        sum.studentGrades.merge(rhs.studentGrades, uniquingKeysWith: +)
        sum.studentGradeUnknown += rhs.studentGradeUnknown
        return sum
    }

    public static func += (lhs: inout Breakdown, rhs: Breakdown) { lhs = lhs + rhs }

    private static func recorded(_ value: String?) -> String? {
        guard let value else { return nil }
        if let first = value.first, !first.isWhitespace, !value.last!.isWhitespace { return value }
        let trimmed = String(value.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
        return trimmed.isEmpty ? nil : trimmed
    }

    // MARK: - Encoding (every band and level listed, grades in order)

    private struct BandCount: Encodable { var band: String; var count: Int }
    private struct GradeCount: Encodable { var grade: Int; var count: Int }
    private struct LevelCounts: Encodable { var undergraduate: Int; var master: Int; var doctoral: Int; var unknown: Int }

    private enum CodingKeys: String, CodingKey {
        case total, male, female, genderUnknown, ethnicMinority, ethnicityUnknown, higherEducation, educationUnknown
        case ageBands, ageUnknown, thirtyFiveAndUnder, categories, studentLevels, studentGrades, studentGradeUnknown
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(total, forKey: .total)
        try container.encode(male, forKey: .male)
        try container.encode(female, forKey: .female)
        try container.encode(genderUnknown, forKey: .genderUnknown)
        try container.encode(ethnicMinority, forKey: .ethnicMinority)
        try container.encode(ethnicityUnknown, forKey: .ethnicityUnknown)
        try container.encode(higherEducation, forKey: .higherEducation)
        try container.encode(educationUnknown, forKey: .educationUnknown)
        try container.encode(AgeBand.allCases.map { BandCount(band: $0.rawValue, count: count($0)) }, forKey: .ageBands)
        try container.encode(ageUnknown, forKey: .ageUnknown)
        try container.encode(thirtyFiveAndUnder, forKey: .thirtyFiveAndUnder)
        try container.encode(categories, forKey: .categories)
        try container.encode(LevelCounts(undergraduate: count(.undergraduate), master: count(.master), doctoral: count(.doctoral),
                                         unknown: studentLevelUnknown), forKey: .studentLevels)
        try container.encode(studentGrades.keys.sorted().map { GradeCount(grade: $0, count: studentGrades[$0]!) }, forKey: .studentGrades)
        try container.encode(studentGradeUnknown, forKey: .studentGradeUnknown)
    }
}

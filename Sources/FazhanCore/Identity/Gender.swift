/// A person's gender as recorded for party statistics (性别).
///
/// The resident ID number encodes it: an odd sequence number is male, an even one female.
public enum Gender: String, Sendable, Hashable, Codable, CaseIterable {
    case male
    case female

    /// The Chinese word used on forms and in the national statistics: 男 or 女.
    public var chineseName: String {
        switch self {
        case .male: return "男"
        case .female: return "女"
        }
    }
}

/// What a user may do at an organization and everything under it.
///
/// The recording roles are ordered: a `general-branch` grant may do what a `branch` grant may,
/// and a `committee` grant what both may. `admin` manages users and organizations and records
/// nothing. Which recording role a step needs is workflow data (`by:` on the step).
public enum Role: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    case branch
    case generalBranch = "general-branch"
    case committee
    case admin

    /// The rank among the recording roles (nil for `admin`, which records nothing).
    public var recordingRank: Int? {
        switch self {
        case .branch: return 1
        case .generalBranch: return 2
        case .committee: return 3
        case .admin: return nil
        }
    }

    /// Whether a grant of this role may do what `needed` may.
    public func covers(_ needed: Role) -> Bool {
        if self == needed { return true }
        guard let mine = recordingRank, let theirs = needed.recordingRank else { return false }
        return mine >= theirs
    }

    /// The role's Chinese name, for sentences organizers read.
    public var chineseName: String {
        switch self {
        case .branch: return "党支部"
        case .generalBranch: return "党总支"
        case .committee: return "党委组织部"
        case .admin: return "管理员"
        }
    }

    public var description: String { rawValue }
}

extension Role {
    /// The recording roles, from the narrowest (a branch) to the widest (the committee).
    public static let recording: [Role] = [.branch, .generalBranch, .committee]
}

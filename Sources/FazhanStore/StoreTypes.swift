import Foundation
import FazhanCore

/// One installed version of a workflow.
public struct InstalledWorkflow: Sendable, Hashable, Codable {
    public var version: Int64
    public var workflowID: String
    public var title: String
    public var sha256: String
    public var provisional: Bool
    public var installedAt: String
    public var installedBy: String
    public var files: [String]
    /// False when the same sources were already installed.
    public var isNew: Bool

    public init(version: Int64, workflowID: String, title: String, sha256: String, provisional: Bool, installedAt: String,
                installedBy: String, files: [String], isNew: Bool) {
        self.version = version
        self.workflowID = workflowID
        self.title = title
        self.sha256 = sha256
        self.provisional = provisional
        self.installedAt = installedAt
        self.installedBy = installedBy
        self.files = files
        self.isNew = isNew
    }
}

public struct NewOrganization: Sendable {
    public var code: String
    public var name: String
    public var kind: Organization.Kind
    public var parentCode: String?
    public var category: Organization.Category?
    public var canApprove: Bool
    public var createdAt: String
    public var createdBy: String

    public init(code: String, name: String, kind: Organization.Kind, parentCode: String?, category: Organization.Category?,
                canApprove: Bool, createdAt: String, createdBy: String) {
        self.code = code
        self.name = name
        self.kind = kind
        self.parentCode = parentCode
        self.category = category
        self.canApprove = canApprove
        self.createdAt = createdAt
        self.createdBy = createdBy
    }
}

public struct NewPerson: Sendable {
    public var number: String
    public var name: String
    public var organizationCode: String
    public var category: PersonProfile.Category
    public var gender: Gender?
    public var birthDate: CivilDate?
    public var ethnicity: String?
    public var education: String?
    public var level: PersonProfile.Level?
    public var grade: Int?
    public var leagueMember: Bool
    public var idNumber: String?
    public var workflowVersion: Int64
    public var createdAt: String
    public var createdBy: String

    public init(
        number: String, name: String, organizationCode: String, category: PersonProfile.Category, gender: Gender? = nil,
        birthDate: CivilDate? = nil, ethnicity: String? = nil, education: String? = nil, level: PersonProfile.Level? = nil,
        grade: Int? = nil, leagueMember: Bool = false, idNumber: String? = nil, workflowVersion: Int64,
        createdAt: String, createdBy: String
    ) {
        self.number = number
        self.name = name
        self.organizationCode = organizationCode
        self.category = category
        self.gender = gender
        self.birthDate = birthDate
        self.ethnicity = ethnicity
        self.education = education
        self.level = level
        self.grade = grade
        self.leagueMember = leagueMember
        self.idNumber = idNumber
        self.workflowVersion = workflowVersion
        self.createdAt = createdAt
        self.createdBy = createdBy
    }
}

/// A person in a listing, with the projected stage.
public struct PersonListing: Sendable, Hashable {
    public var profile: PersonProfile
    public var stage: String?
    public var stageSince: CivilDate?
    public var organizationCode: String
    public var organizationName: String

    public init(profile: PersonProfile, stage: String?, stageSince: CivilDate?, organizationCode: String, organizationName: String) {
        self.profile = profile
        self.stage = stage
        self.stageSince = stageSince
        self.organizationCode = organizationCode
        self.organizationName = organizationName
    }
}

/// What can go wrong at the store boundary, in the user's terms.
///
/// The descriptions are whole sentences for the organizer (the CLI prints them after `error: `):
/// what is wrong, with which file, what was (not) written and what to do.
public enum StoreError: Error, Sendable, CustomStringConvertible {
    case noDatabase(String)
    case alreadyExists(String)
    /// The path names something that is not a Fazhan database: an empty or text file, another
    /// program's SQLite database. Nothing was changed in it.
    case notADatabase(path: String, reason: String)
    case notFound(String)
    case duplicate(String)
    case invalid(String)
    case appendOnly(String)
    /// The database cannot be written: its path, or "" where the path is not known.
    case readOnly(String)
    /// The database file cannot be opened (its path, or "" where not known) and why.
    case cannotOpen(path: String, reason: String)
    case diskFull
    case busy
    case corrupt(String)
    case io(String)
    /// The person's history changed since it was read (another organizer recorded a step):
    /// the service re-reads and judges again.
    case conflict(String)
    /// The database server cannot be reached, or refused the connection: what failed and how to fix it.
    case unreachable(String)
    /// The database holds another schema version than this program knows.
    case schemaMismatch(String)

    /// The same error, naming the database file where it did not know which one.
    public func located(at path: String) -> StoreError {
        switch self {
        case .readOnly(let known) where known.isEmpty: return .readOnly(path)
        case .cannotOpen(let known, let reason) where known.isEmpty: return .cannotOpen(path: path, reason: reason)
        case .notADatabase(let known, let reason) where known.isEmpty: return .notADatabase(path: path, reason: reason)
        case .corrupt(let message): return message.contains(path) ? self : .corrupt("\(path): \(message)")
        default: return self
        }
    }

    public var description: String {
        switch self {
        case .noDatabase(let path): return Catalogue.noDatabase(path)
        case .alreadyExists(let path): return Catalogue.databaseExists(path)
        case .notADatabase(let path, let reason): return Catalogue.notADatabase(path, reason)
        case .notFound(let what): return "no \(what)"  // `what` is an English noun phrase from the code
        case .duplicate(let message): return message
        case .invalid(let message): return message
        case .appendOnly(let message): return message
        case .readOnly(let path): return Catalogue.databaseReadOnly(path)
        case .cannotOpen(let path, let reason): return Catalogue.cannotOpen(path, reason)
        case .diskFull: return Catalogue.diskFull
        case .busy: return Catalogue.databaseBusy
        case .corrupt(let message): return Catalogue.databaseDamaged(message)
        case .io(let message): return message
        case .conflict(let message): return message
        case .unreachable(let message): return message
        case .schemaMismatch(let message): return message
        }
    }
}

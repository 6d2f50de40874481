import Foundation
import FazhanCore
import GRDB

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

    init(_ record: WorkflowVersionRecord, isNew: Bool) {
        version = record.id ?? 0
        workflowID = record.workflowId
        title = record.title
        sha256 = record.sha256
        provisional = record.provisional
        installedAt = record.installedAt
        installedBy = record.installedBy
        files = record.sources.map { ($0.path as NSString).lastPathComponent }
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
}

/// What can go wrong at the store boundary, in the user's terms.
public enum StoreError: Error, Sendable, CustomStringConvertible {
    case noDatabase(String)
    case alreadyExists(String)
    case notFound(String)
    case duplicate(String)
    case invalid(String)
    case appendOnly(String)
    case readOnly(String)
    case diskFull
    case busy
    case corrupt(String)
    case io(String)

    public init(_ error: any Error) {
        if let error = error as? StoreError {
            self = error
            return
        }
        guard let error = error as? DatabaseError else {
            self = .io(String(describing: error))
            return
        }
        switch error.resultCode {
        case .SQLITE_CONSTRAINT:
            let message = error.message ?? "constraint failed"
            if message.contains("append-only") || message.contains("never") {
                self = .appendOnly(message)
            } else if message.contains("UNIQUE") {
                self = .duplicate(message)
            } else {
                self = .invalid(message)
            }
        case .SQLITE_READONLY: self = .readOnly(error.message ?? "read-only")
        case .SQLITE_FULL: self = .diskFull
        case .SQLITE_BUSY, .SQLITE_LOCKED: self = .busy
        case .SQLITE_CORRUPT, .SQLITE_NOTADB: self = .corrupt(error.message ?? "not a Fazhan database")
        case .SQLITE_CANTOPEN: self = .io("cannot open the database file: \(error.message ?? "")")
        default: self = .io(error.message ?? String(describing: error))
        }
    }

    public var description: String {
        switch self {
        case .noDatabase(let path): return "no database at \(path); create one with `fazhan init --db \(path)`"
        case .alreadyExists(let path): return "a database already exists at \(path)"
        case .notFound(let what): return "no \(what)"
        case .duplicate(let message): return message
        case .invalid(let message): return message
        case .appendOnly(let message): return message
        case .readOnly(let message): return "the database is read-only (\(message)); check the file's permissions"
        case .diskFull: return "the disk is full; nothing was recorded"
        case .busy: return "the database stayed busy for 30 seconds; nothing was recorded, try again"
        case .corrupt(let message): return "the database is damaged or not a Fazhan database: \(message)"
        case .io(let message): return message
        }
    }
}

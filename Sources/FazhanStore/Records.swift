import FazhanCore
import Foundation
import GRDB

extension CivilDate: DatabaseValueConvertible {
    public var databaseValue: DatabaseValue { description.databaseValue }

    public static func fromDatabaseValue(_ dbValue: DatabaseValue) -> CivilDate? {
        String.fromDatabaseValue(dbValue).flatMap(CivilDate.init)
    }
}

/// Records whose Swift properties are camelCase and whose columns are snake_case.
protocol SnakeCaseRecord: Codable, FetchableRecord, MutablePersistableRecord {}

extension SnakeCaseRecord {
    static var databaseColumnDecodingStrategy: DatabaseColumnDecodingStrategy { .convertFromSnakeCase }
    static var databaseColumnEncodingStrategy: DatabaseColumnEncodingStrategy { .convertToSnakeCase }
}

/// A row of `workflow_version`: one installed, hashed copy of a workflow and its sources.
struct WorkflowVersionRecord: SnakeCaseRecord {
    static let databaseTableName = "workflow_version"

    var id: Int64?
    var workflowId: String
    var sha256: String
    var title: String
    var provisional: Bool
    var sources: [SourceFile]
    var installedAt: String
    var installedBy: String

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

struct OrganizationRecord: SnakeCaseRecord {
    static let databaseTableName = "organization"

    var id: Int64?
    var code: String
    var name: String
    var kind: Organization.Kind
    var parentId: Int64?
    var category: Organization.Category?
    var canApprove: Bool
    var createdAt: String
    var createdBy: String

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    var organization: Organization {
        Organization(id: id ?? 0, code: code, name: name, kind: kind, parentID: parentId, category: category, canApprove: canApprove)
    }
}

struct PersonRecord: SnakeCaseRecord {
    static let databaseTableName = "person"

    var id: Int64?
    var number: String
    var name: String
    var category: PersonProfile.Category
    var organizationId: Int64
    var gender: Gender?
    var birthDate: CivilDate?
    var ethnicity: String?
    var education: String?
    var level: PersonProfile.Level?
    var grade: Int?
    var leagueMember: Bool
    var idNumber: String?
    var workflowVersion: Int64
    var createdAt: String
    var createdBy: String

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    var profile: PersonProfile {
        PersonProfile(
            id: id ?? 0, number: number, name: name, category: category, organizationID: organizationId, gender: gender,
            birthDate: birthDate, ethnicity: ethnicity, education: education, level: level, grade: grade,
            leagueMember: leagueMember, idNumber: idNumber, workflowVersion: workflowVersion)
    }
}

struct EventRecord: SnakeCaseRecord {
    static let databaseTableName = "event"

    var id: Int64?
    var personId: Int64
    var step: String
    var occurredOn: CivilDate
    var recordedAt: String
    var recordedBy: String
    var data: EventData
    var workflowVersion: Int64
    var corrects: Int64?
    var correctionReason: String?
    var voids: Bool
    var imported: Bool

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    static func databaseJSONEncoder(for column: String) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    init(_ event: Event) {
        id = event.id == 0 ? nil : event.id
        personId = event.personID
        step = event.step
        occurredOn = event.date
        recordedAt = event.recordedAt
        recordedBy = event.recordedBy
        data = event.data
        workflowVersion = event.workflowVersion
        corrects = event.corrects
        correctionReason = event.correctionReason
        voids = event.voids
        imported = event.imported
    }

    var event: Event {
        Event(
            id: id ?? 0, personID: personId, step: step, date: occurredOn, recordedAt: recordedAt, recordedBy: recordedBy,
            data: data, workflowVersion: workflowVersion, corrects: corrects, correctionReason: correctionReason,
            voids: voids, imported: imported)
    }
}

struct PersonStateRecord: SnakeCaseRecord, PersistableRecord {
    static let databaseTableName = "person_state"

    var personId: Int64
    var stage: String?
    var stageSince: CivilDate?
    var enteredOn: CivilDate?
    var lastEventId: Int64?
    /// The organization holding the person now (the destination of the latest transfer).
    var organizationId: Int64?
}

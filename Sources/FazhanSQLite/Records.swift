import FazhanCore
import FazhanStore
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
    /// The stored `TimelineDigest` of the person's effective events, for statistics.
    var timeline: Data?
}

extension OrganizationRecord {
    /// Read column by column (Codable's snake-case key conversion costs more than the read).
    init(row: Row) throws {
        id = row["id"]
        code = row["code"]
        name = row["name"]
        kind = try RowValue.decode(Organization.Kind.self, row["kind"], column: "organization.kind")
        parentId = row["parent_id"]
        category = try (row["category"] as String?).map { try RowValue.decode(Organization.Category.self, $0, column: "organization.category") }
        canApprove = row["can_approve"]
        createdAt = row["created_at"]
        createdBy = row["created_by"]
    }
}

extension PersonRecord {
    init(row: Row) throws {
        id = row["id"]
        number = row["number"]
        name = row["name"]
        category = try RowValue.decode(PersonProfile.Category.self, row["category"], column: "person.category")
        organizationId = row["organization_id"]
        gender = try (row["gender"] as String?).map { try RowValue.decode(Gender.self, $0, column: "person.gender") }
        birthDate = try (row["birth_date"] as String?).map { try RowValue.date($0, column: "person.birth_date") }
        ethnicity = row["ethnicity"]
        education = row["education"]
        level = try (row["level"] as String?).map { try RowValue.decode(PersonProfile.Level.self, $0, column: "person.level") }
        grade = row["grade"]
        leagueMember = row["league_member"]
        idNumber = row["id_number"]
        workflowVersion = row["workflow_version"]
        createdAt = row["created_at"]
        createdBy = row["created_by"]
    }
}

extension EventRecord {
    init(row: Row) throws {
        id = row["id"]
        personId = row["person_id"]
        step = row["step"]
        occurredOn = try RowValue.date(row["occurred_on"], column: "event.occurred_on")
        recordedAt = row["recorded_at"]
        recordedBy = row["recorded_by"]
        data = try EventRecord.data(row["data"], id: id)
        workflowVersion = row["workflow_version"]
        corrects = row["corrects"]
        correctionReason = row["correction_reason"]
        voids = row["voids"]
        imported = row["imported"]
    }

    /// The columns `forEachHistory` reads every event with, in the order it reads them.
    static let positionalColumns =
        "id, person_id, step, occurred_on, recorded_at, recorded_by, data, workflow_version, corrects, correction_reason, voids, imported"

    /// The `data` column's JSON.
    static func data(_ text: String, id: Int64?) throws -> EventData {
        try RowValue.eventData(text, id: id)
    }
}


extension PersonStateRecord {
    init(row: Row) throws {
        personId = row["person_id"]
        stage = row["stage"]
        stageSince = try (row["stage_since"] as String?).map { try RowValue.date($0, column: "person_state.stage_since") }
        enteredOn = try (row["entered_on"] as String?).map { try RowValue.date($0, column: "person_state.entered_on") }
        lastEventId = row["last_event_id"]
        organizationId = row["organization_id"]
        timeline = row["timeline"]
    }
}

extension WorkflowVersionRecord {
    /// Read column by column, the sources with `JSONSerialization`: Codable's decoding of a
    /// first record type costs a command about as much as parsing the workflow.
    init(row: Row) throws {
        let version: Int64? = row["id"]
        id = version
        workflowId = row["workflow_id"]
        sha256 = row["sha256"]
        title = row["title"]
        provisional = row["provisional"]
        let text: String = row["sources"]
        guard let files = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [Any] else {
            throw StoreError.corrupt("workflow_version.sources of version \(id ?? 0) is not a list of files")
        }
        sources = try files.map { file in
            guard let fields = file as? [String: Any], let path = fields["path"] as? String, let text = fields["text"] as? String else {
                throw StoreError.corrupt("workflow_version.sources of version \(version ?? 0) holds an entry that is not a file")
            }
            return SourceFile(path: path, text: text)
        }
        installedAt = row["installed_at"]
        installedBy = row["installed_by"]
    }
}

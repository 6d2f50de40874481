import FazhanCore

/// A value of a source row, as the source database holds it.
public enum CopyValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case bytes([UInt8])
}

/// A table a whole-database copy carries from one backend to another: its name, its columns
/// (the same on every backend) and the column that orders and pages its rows.
public struct CopyTable: Sendable {
    public var name: String
    public var columns: [String]
    public var key: String
    /// An SQL condition on the source's rows (nil: all of them).
    public var filter: String?

    init(_ name: String, key: String = "id", filter: String? = nil, _ columns: [String]) {
        self.name = name
        self.columns = columns
        self.key = key
        self.filter = filter
    }

    /// Every table of a Fazhan database, parents before children, with the ids kept.
    public static let all: [CopyTable] = [
        CopyTable("workflow_version", ["id", "workflow_id", "sha256", "title", "provisional", "sources", "installed_at", "installed_by"]),
        CopyTable("setting", key: "key", ["key", "value"]),
        CopyTable("organization", ["id", "code", "name", "kind", "parent_id", "category", "can_approve", "created_at", "created_by"]),
        CopyTable("person", ["id", "number", "name", "category", "organization_id", "gender", "birth_date", "ethnicity", "education",
                             "level", "grade", "league_member", "id_number", "workflow_version", "created_at", "created_by"]),
        CopyTable("event", ["id", "person_id", "step", "occurred_on", "recorded_at", "recorded_by", "data", "workflow_version",
                            "corrects", "correction_reason", "voids", "imported"]),
        // `version`: the number of the person's events.
        CopyTable("person_state", key: "person_id",
                  ["person_id", "stage", "stage_since", "entered_on", "last_event_id", "organization_id", "timeline", "version"]),
        CopyTable("person_seal", key: "event_id", ["event_id", "person_id", "seq", "hash"]),
        CopyTable("enrollment", ["id", "organization_id", "effective_on", "students", "staff", "recorded_at", "recorded_by"]),
        CopyTable("development_plan", ["id", "organization_id", "year", "category", "quota", "recorded_at", "recorded_by"]),
        CopyTable("branch_grading", ["id", "organization_id", "year", "grade", "strongest", "note", "recorded_at", "recorded_by"]),
        CopyTable("branch_membership", ["id", "organization_id", "effective_on", "full_members", "recorded_at", "recorded_by"]),
        // The seals of the records copied (users, grants and the sealing log stay with their database).
        CopyTable("record_seal", filter: "kind IN (" + RecordSeals.copiedKinds.sorted().map { "'\($0)'" }.joined(separator: ", ") + ")",
                  ["id", "kind", "record_id", "hash", "fields"]),
    ]

}

/// Reads a source database page by page: up to `limit` rows of `table` whose key is greater
/// than `after` (all of them from the start when nil), in key order, the values in the order of
/// `columns`, the key's value last.
public typealias CopyPageReader = @Sendable (_ table: CopyTable, _ after: CopyValue?, _ limit: Int) throws -> [[CopyValue]]

/// What `copy` loaded.
public struct CopyResult: Sendable {
    public var rows: [String: Int]
    public var checkpoint: SealCheckpoint?

    public init(rows: [String: Int], checkpoint: SealCheckpoint?) {
        self.rows = rows
        self.checkpoint = checkpoint
    }
}


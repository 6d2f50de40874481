import FazhanCore
import Foundation

/// The seals over everything beside the events that changes a verdict or a figure: installed
/// workflow texts, organizations (approval authority and parent included), people, enrollment
/// counts, branches' full-member counts, development plans, branch gradings, users, role grants and their revocations.
///
/// Each row of these tables has one seal (`record_seal`): the SHA-256 of its content (see
/// `content`), and a short digest of each column so that `verify` can name what changed. The
/// rows are never updated (triggers refuse it), so a change made through Fazhan is a new row and
/// a new seal. Checkpoints cover the record seals written since the one before, beside the
/// people's heads (`SealChain.checkpoint`), and are signed: a row edited, deleted or added behind
/// Fazhan's back no longer matches its seal, or its seal no longer matches its checkpoint.
///
/// Every backend reads each column as text before sealing it (integers in decimal, booleans as
/// 0 or 1, NULL as nothing), so the same rows give the same seals on SQLite and on PostgreSQL.
public enum RecordSeals {
    /// How a column is read as text.
    public enum ColumnType: Sendable {
        case text
        case integer
        case boolean
        /// Large text, sealed by its SHA-256 (a workflow's files).
        case digest
    }

    /// A sealed table: its name (the seal's kind), its key column and its columns in seal order.
    public struct Table: Sendable {
        public var name: String
        public var key: String
        public var columns: [(name: String, type: ColumnType)]
        /// The column saying when the row was written (a checkpoint over rows is dated by it).
        public var stamp: String

        init(_ name: String, key: String = "id", stamp: String, _ columns: [(String, ColumnType)]) {
            self.name = name
            self.key = key
            self.stamp = stamp
            self.columns = columns.map { (name: $0.0, type: $0.1) }
        }

        /// The index of a column in `columns`.
        public func index(of column: String) -> Int? { columns.firstIndex { $0.name == column } }
    }

    /// Every sealed table, parents before children.
    public static let tables: [Table] = [
        Table("workflow_version", stamp: "installed_at", [("id", .integer), ("workflow_id", .text), ("sha256", .text), ("title", .text),
                                   ("provisional", .boolean), ("sources", .digest), ("installed_at", .text), ("installed_by", .text)]),
        Table("organization", stamp: "created_at", [("id", .integer), ("code", .text), ("name", .text), ("kind", .text), ("parent_id", .integer),
                               ("category", .text), ("can_approve", .boolean), ("created_at", .text), ("created_by", .text)]),
        Table("person", stamp: "created_at", [("id", .integer), ("number", .text), ("name", .text), ("category", .text), ("organization_id", .integer),
                         ("gender", .text), ("birth_date", .text), ("ethnicity", .text), ("education", .text), ("level", .text),
                         ("grade", .integer), ("league_member", .boolean), ("id_number", .text), ("workflow_version", .integer),
                         ("created_at", .text), ("created_by", .text)]),
        Table("enrollment", stamp: "recorded_at", [("id", .integer), ("organization_id", .integer), ("effective_on", .text), ("students", .integer),
                             ("staff", .integer), ("recorded_at", .text), ("recorded_by", .text)]),
        Table("branch_membership", stamp: "recorded_at", [("id", .integer), ("organization_id", .integer), ("effective_on", .text),
                                    ("full_members", .integer), ("recorded_at", .text), ("recorded_by", .text)]),
        Table("development_plan", stamp: "recorded_at", [("id", .integer), ("organization_id", .integer), ("year", .integer), ("category", .text),
                                   ("quota", .integer), ("recorded_at", .text), ("recorded_by", .text)]),
        Table("branch_grading", stamp: "recorded_at", [("id", .integer), ("organization_id", .integer), ("year", .integer), ("grade", .text),
                                 ("strongest", .boolean), ("note", .text), ("recorded_at", .text), ("recorded_by", .text)]),
        Table("app_user", stamp: "created_at", [("id", .integer), ("name", .text), ("created_at", .text), ("created_by", .text)]),
        Table("role_grant", stamp: "granted_at", [("id", .integer), ("user_id", .integer), ("organization_id", .integer), ("role", .text),
                             ("granted_by", .text), ("granted_at", .text), ("seq", .integer), ("seal", .text)]),
        Table("grant_revocation", key: "grant_id", stamp: "revoked_at", [("grant_id", .integer), ("revoked_by", .text), ("revoked_at", .text),
                                                    ("seq", .integer), ("seal", .text)]),
        Table("seal_log", stamp: "done_at", [("id", .integer), ("action", .text), ("note", .text), ("done_by", .text), ("done_at", .text)]),
    ]

    /// The tables a whole-database copy carries (users and grants stay with their server).
    public static let copiedKinds: Set<String> = ["workflow_version", "organization", "person", "enrollment", "development_plan",
                                                  "branch_grading", "branch_membership"]

    public static func table(_ kind: String) -> Table? { tables.first { $0.name == kind } }

    static func escaped(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x0A || $0 == 0x5C }) else { return text }
        return text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
    }

    /// One column's line: `name=value`, or the bare name for NULL.
    static func line(_ column: (name: String, type: ColumnType), _ value: String?) -> String {
        guard let value else { return column.name }
        switch column.type {
        case .digest: return "\(column.name)=sha256:\(SealHasher.hex(value))"
        case .text, .integer, .boolean: return "\(column.name)=\(escaped(value))"
        }
    }

    /// The content a row's seal covers: its kind, then each column in the table's order.
    /// `values` are the row's columns as text, in the order of `table.columns`.
    public static func content(_ table: Table, _ values: [String?]) -> String {
        // What `line` gives for each column, appended in place (a verify reads every row).
        var content = "record="
        content.reserveCapacity(32 + table.name.utf8.count + table.columns.count * 24 + values.reduce(0) { $0 + ($1?.utf8.count ?? 0) })
        content += table.name
        for (column, value) in zip(table.columns, values) {
            content += "\n"
            content += column.name
            guard let value else { continue }
            content += "="
            switch column.type {
            case .digest:
                content += "sha256:"
                content += SealHasher.hex(value)
            case .text, .integer, .boolean:
                content += escaped(value)
            }
        }
        return content
    }

    /// The seal of a row: the SHA-256 of its content.
    public static func seal(_ table: Table, _ values: [String?]) -> String {
        SealHasher.hex(content(table, values))
    }

    /// A short digest of each column, space-separated: what lets `verify` name the columns
    /// that changed (it proves nothing by itself: the seal and the checkpoint do).
    public static func fields(_ table: Table, _ values: [String?]) -> String {
        var fields = ""
        fields.reserveCapacity(table.columns.count * 9)
        for (index, (column, value)) in zip(table.columns, values).enumerated() {
            if index > 0 { fields += " " }
            fields += SealHasher.hex(line(column, value)).prefix(8)
        }
        return fields
    }

    /// The columns whose digest differs from `fields` (all of them when `fields` does not parse).
    public static func changedColumns(_ table: Table, _ values: [String?], fields: String) -> [String] {
        let stored = fields.split(separator: " ").map(String.init)
        guard stored.count == table.columns.count else { return table.columns.map(\.name) }
        let now = self.fields(table, values).split(separator: " ").map(String.init)
        return zip(table.columns, zip(stored, now)).filter { $1.0 != $1.1 }.map { $0.0.name }
    }

    /// A column as an organizer says it.
    public static func label(_ column: String, of kind: String) -> String {
        switch (kind, column) {
        case ("workflow_version", "sources"): return "text"
        case ("workflow_version", "sha256"): return "recorded hash"
        case (_, "id_number"): return "ID number"
        case (_, "birth_date"): return "birth date"
        case (_, "can_approve"): return "approval authority (can_approve)"
        case (_, "parent_id"): return "parent organization"
        case (_, "organization_id"): return "organization"
        case (_, "workflow_version"): return "workflow version"
        case ("enrollment", "students"): return "student count"
        case ("enrollment", "staff"): return "staff count"
        case ("enrollment", "effective_on"): return "effective date"
        case ("branch_membership", "effective_on"): return "effective date"
        case ("branch_membership", "full_members"): return "full-member count (正式党员)"
        case ("branch_grading", "strongest"): return "最强党支部 standard"
        default: return column.replacingOccurrences(of: "_", with: " ")
        }
    }

    /// How a row is named in a message: by its number, code or name where it has one.
    public static func name(_ table: Table, id: Int64, values: [String?]?) -> String {
        func value(_ column: String) -> String? {
            guard let values, let index = table.index(of: column), index < values.count else { return nil }
            return values[index]
        }
        switch table.name {
        case "workflow_version": return "the installed workflow \(value("workflow_id") ?? "?") (version \(id))"
        case "organization": return value("code").map { "organization \($0)" } ?? "organization #\(id)"
        case "person": return value("number").map { "person \($0)" } ?? "person #\(id)"
        case "enrollment": return "enrollment entry #\(id)"
        case "branch_membership": return "full-member count #\(id)"
        case "development_plan": return "development plan entry #\(id)"
        case "branch_grading": return "branch grading #\(id)"
        case "app_user": return value("name").map { "user \($0)" } ?? "user #\(id)"
        case "role_grant": return "role grant #\(id)"
        case "grant_revocation": return "the revocation of grant #\(id)"
        case "seal_log": return "entry #\(id) of the sealing log"
        default: return "\(table.name) #\(id)"
        }
    }

    /// The hash a workflow version's stored files give, as `WorkflowBundle.sha256` computes it
    /// on install; nil when the stored text is not a list of files.
    public static func workflowHash(sources text: String) -> String? {
        guard let files = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [Any] else { return nil }
        var sources: [SourceFile] = []
        for file in files {
            guard let fields = file as? [String: Any], let path = fields["path"] as? String, let text = fields["text"] as? String else {
                return nil
            }
            sources.append(SourceFile(path: path, text: text))
        }
        return WorkflowBundle.sha256(of: sources)
    }
}

/// A row's seal as stored, as a checkpoint covers it.
public struct RecordHead: Sendable, Hashable {
    public var kind: String
    public var id: Int64
    public var seal: String

    public init(kind: String, id: Int64, seal: String) {
        self.kind = kind
        self.id = id
        self.seal = seal
    }
}

/// Checks the sealed records of one table as a backend reads them: its rows in id order beside
/// their seals. Shared by every backend.
public struct RecordVerifier: Sendable {
    public private(set) var problems: [IntegrityProblem] = []
    /// How many rows carry a seal.
    public private(set) var sealed = 0
    /// Rows not sealed yet, where the backend seals them later (PostgreSQL's checkpointer).
    public private(set) var pending = 0

    public init() {}

    /// One stored row: its key and its columns as text, in the table's order.
    public struct Row: Sendable {
        public var id: Int64
        public var values: [String?]

        public init(id: Int64, values: [String?]) {
            self.id = id
            self.values = values
        }
    }

    /// One stored seal.
    public struct Seal: Sendable {
        public var id: Int64
        public var hash: String
        public var fields: String

        public init(id: Int64, hash: String, fields: String) {
            self.id = id
            self.hash = hash
            self.fields = fields
        }
    }

    /// Checks `rows` (in id order) against `seals` (in id order). With `unsealedPending`, a row
    /// without a seal is counted as pending (it is sealed by the next checkpoint), not reported.
    public mutating func check(_ table: RecordSeals.Table, rows: [Row], seals: [Seal], unsealedPending: Bool = false) {
        var byID: [Int64: Seal] = [:]
        byID.reserveCapacity(seals.count)
        for seal in seals { byID[seal.id] = seal }
        for row in rows {
            guard let seal = byID.removeValue(forKey: row.id) else {
                if unsealedPending {
                    pending += 1
                } else {
                    problems.append(IntegrityProblem(
                        kind: .record, eventID: nil,
                        message: "\(RecordSeals.name(table, id: row.id, values: row.values)) has no seal: it was written outside Fazhan"))
                }
                continue
            }
            sealed += 1
            if RecordSeals.seal(table, row.values) != seal.hash {
                let changed = RecordSeals.changedColumns(table, row.values, fields: seal.fields)
                let what = changed.isEmpty
                    ? "was changed after it was sealed"
                    : "was changed after it was sealed: its \(Self.list(changed.map { RecordSeals.label($0, of: table.name) })) "
                        + (changed.count == 1 ? "differs" : "differ") + " from what was recorded"
                problems.append(IntegrityProblem(kind: .record, eventID: nil,
                                                 message: "\(RecordSeals.name(table, id: row.id, values: row.values)) \(what)"))
            }
        }
        for seal in seals where byID[seal.id] != nil {
            problems.append(IntegrityProblem(
                kind: .record, eventID: nil,
                message: "\(RecordSeals.name(table, id: seal.id, values: nil)) was deleted: its seal remains"))
        }
    }

    /// Checks that an installed workflow's stored text still gives the hash recorded when it was
    /// installed (the hash the audit prints).
    public mutating func checkWorkflowText(id: Int64, workflowID: String, recorded: String, sources: String) {
        let now = RecordSeals.workflowHash(sources: sources)
        guard now != recorded else { return }
        problems.append(IntegrityProblem(
            kind: .record, eventID: nil,
            message: "the text of the installed workflow \(workflowID) (version \(id)) was edited: its files now hash to "
                + "\(now.map { String($0.prefix(16)) + "…" } ?? "nothing readable"), not the \(recorded.prefix(16))… recorded when it was installed"))
    }

    static func list(_ items: [String]) -> String {
        switch items.count {
        case 0: return ""
        case 1: return items[0]
        default: return items.dropLast().joined(separator: ", ") + " and " + items.last!
        }
    }
}

extension IntegrityReport {
    /// A report of what a `SealVerifier` found, with `pending` seals awaiting a checkpoint.
    public init(_ verifier: SealVerifier, pending: Int) {
        self.init(events: verifier.events, seals: verifier.seals, checkpoints: verifier.checkpoints, pending: pending,
                  head: verifier.head, chains: verifier.chains, problems: verifier.problems)
        checked = verifier.checked
        lastCheckpoint = verifier.checked.last
    }

    /// Adds what the record seals' check found.
    public mutating func include(_ records: RecordVerifier) {
        problems += records.problems
        self.records = records.sealed
        pendingRecords = records.pending > 0 ? records.pending : nil
    }
}

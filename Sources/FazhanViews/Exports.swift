import FazhanCore
import FazhanReports
import FazhanService
import FazhanStore
import Foundation

/// One column of an export: its headers in Chinese and English (the English one is also the JSON
/// key), and whether the CSV carries it (JSON always does).
public struct ExportColumn: Sendable {
    public var chinese: String
    public var english: String
    public var inCSV: Bool

    public init(_ chinese: String, _ english: String, inCSV: Bool = true) {
        self.chinese = chinese
        self.english = english
        self.inCSV = inCSV
    }
}

/// One cell of an export, typed for JSON and written as text in CSV.
public enum ExportValue: Encodable, Sendable {
    case text(String?)
    case integer(Int64?)
    case flag(Bool)
    case list([String]?)

    public static func date(_ date: CivilDate?) -> ExportValue { .text(date?.description) }
    public static func integer(_ value: Int?) -> ExportValue { .integer(value.map(Int64.init)) }

    /// The cell in CSV: empty when absent, 是/否 for yes or no (as `import` reads them), lists
    /// joined with 、.
    public var csvText: String {
        switch self {
        case .text(let text): return text ?? ""
        case .integer(let value): return value.map(String.init) ?? ""
        case .flag(let value): return value ? "是" : "否"
        case .list(let items): return items?.joined(separator: "、") ?? ""
        }
    }

    /// The cell in JSON: a string, a number, true or false, an array, or null when absent.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .text(let text?): try container.encode(text)
        case .integer(let value?): try container.encode(value)
        case .flag(let value): try container.encode(value)
        case .list(let items?): try container.encode(items)
        case .text(nil), .integer(nil), .list(nil): try container.encodeNil()
        }
    }
}

/// The text of an export, row by row as it is read: CSV for spreadsheets (``CSVWriter``: a byte
/// order mark, CRLF, the formula guard) or a JSON array of objects keyed by the English headers
/// (``JSONOutput``, each object as it would appear in the whole array). The command line writes
/// it to a file or standard output, the server to the response as it goes.
public struct ExportEncoder: Sendable {
    public enum Format: String, Sendable, CaseIterable { case csv, json }

    public let columns: [ExportColumn]
    public let format: Format
    private let chineseHeaders: Bool
    private let csvColumns: [Int]
    /// Rows encoded so far.
    public private(set) var count = 0

    public init(columns: [ExportColumn], format: Format, chineseHeaders: Bool) {
        self.columns = columns
        self.format = format
        self.chineseHeaders = chineseHeaders
        csvColumns = columns.indices.filter { columns[$0].inCSV }
    }

    /// What comes before the first row: the CSV header (JSON opens its array with the first row).
    public func header() -> String {
        guard format == .csv else { return "" }
        return CSVWriter.render(header: csvColumns.map { chineseHeaders ? columns[$0].chinese : columns[$0].english }, rows: [])
    }

    /// One row; `values` are in the order of ``columns``.
    public mutating func row(_ values: [ExportValue]) throws -> String {
        precondition(values.count == columns.count, "an export row has \(values.count) values for \(columns.count) columns")
        defer { count += 1 }
        switch format {
        case .csv:
            return CSVWriter.render(header: [], rows: [csvColumns.map { values[$0].csvText }], excelCompatible: false)
        case .json:
            let object = try JSONOutput.render(ExportObject(keys: columns.map(\.english), values: values))
            let indented = object.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n")
            return (count == 0 ? "[\n" : ",\n") + indented
        }
    }

    /// What closes the export: the JSON array's end (an empty export is `[]`).
    public func footer() -> String {
        guard format == .json else { return "" }
        return count == 0 ? "[]\n" : "\n]\n"
    }
}

/// A row as a JSON object, every key present (null when absent) so that the shape is stable.
private struct ExportObject: Encodable {
    var keys: [String]
    var values: [ExportValue]

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        for (key, value) in zip(keys, values) {
            try container.encode(value, forKey: Key(stringValue: key))
        }
    }
}

/// The columns of each export and the cells of a row, shared by `fazhan export` and the server.
public enum ExportTables {
    public enum People {
        public static let columns = [
            ExportColumn("学号", "number"), ExportColumn("姓名", "name"), ExportColumn("所在组织", "organization"),
            ExportColumn("类别", "category"), ExportColumn("性别", "gender"), ExportColumn("出生日期", "birth_date"),
            ExportColumn("民族", "ethnicity"), ExportColumn("学历", "education"), ExportColumn("层次", "level"),
            ExportColumn("年级", "grade"), ExportColumn("共青团员", "league_member"), ExportColumn("身份证号", "id_number"),
            ExportColumn("当前阶段", "stage"), ExportColumn("阶段起始", "stage_since"),
            ExportColumn("阶段代码", "stage_id", inCSV: false), ExportColumn("组织名称", "organization_name", inCSV: false),
        ]

        public static func row(_ listing: PersonListing, stages: ExportStages, reveal: Bool) -> [ExportValue] {
            let person = listing.profile
            return [
                .text(person.number), .text(person.name), .text(listing.organizationCode), .text(person.category.rawValue),
                .text(person.gender?.rawValue), .date(person.birthDate), .text(person.ethnicity), .text(person.education),
                .text(person.level?.rawValue), .integer(person.grade), .flag(person.leagueMember),
                .text(idNumber(person.idNumber, reveal: reveal)), .text(listing.stage.map(stages.name(of:))), .date(listing.stageSince),
                .text(listing.stage), .text(listing.organizationName),
            ]
        }
    }

    public enum Events {
        public static let columns = [
            ExportColumn("事件编号", "event_id"), ExportColumn("学号", "number"), ExportColumn("姓名", "name"), ExportColumn("步骤", "step"),
            ExportColumn("步骤名称", "step_name"), ExportColumn("日期", "date"), ExportColumn("记录时间", "recorded_at"),
            ExportColumn("记录人", "recorded_by"), ExportColumn("导入", "imported"), ExportColumn("更正", "corrects"),
            ExportColumn("更正原因", "correction_reason"), ExportColumn("作废", "voids"),
        ] + dataColumns + [ExportColumn("规则版本", "workflow_version")]

        /// One column per field of ``EventData``, in its order.
        public static let dataColumns = [
            ExportColumn("备注", "note"), ExportColumn("推荐方式", "method"), ExportColumn("公示节点", "node"),
            ExportColumn("开始", "from"), ExportColumn("结束", "to"), ExportColumn("未解决异议", "objections"),
            ExportColumn("应到", "expected"), ExportColumn("实到", "present"), ExportColumn("赞成", "for"),
            ExportColumn("反对", "against"), ExportColumn("弃权", "abstain"), ExportColumn("书面赞成", "written_for"),
            ExportColumn("书面反对", "written_against"), ExportColumn("天数", "days"), ExportColumn("学时", "hours"),
            ExportColumn("结果", "result"), ExportColumn("人员", "names"), ExportColumn("审批组织", "approver"),
            ExportColumn("原因", "reason"), ExportColumn("转入组织", "organization"), ExportColumn("月数", "months"),
            ExportColumn("豁免规则", "rule"), ExportColumn("批准人", "approved_by"), ExportColumn("有效期至", "until"),
            ExportColumn("预计离开日期", "leaving_on"), ExportColumn("谈话人", "held_by"), ExportColumn("谈话人身份", "held_by_role"),
            ExportColumn("在册人员编号", "members"), ExportColumn("声明", "statement"),
        ]

        /// The cells of ``dataColumns``.
        public static func dataValues(_ data: EventData) -> [ExportValue] {
            [
                .text(data.note), .text(data.method), .text(data.node), .date(data.from), .date(data.to), .integer(data.objections),
                .integer(data.expected), .integer(data.present), .integer(data.votesFor), .integer(data.against),
                .integer(data.abstain), .integer(data.writtenFor), .integer(data.writtenAgainst), .integer(data.days),
                .integer(data.hours), .text(data.result?.rawValue), .list(data.names), .text(data.approver), .text(data.reason),
                .text(data.organization), .integer(data.months), .text(data.rule), .text(data.approvedBy), .date(data.until),
                .date(data.leavingOn), .text(data.heldBy), .text(data.heldByRole), .list(data.members), .text(data.statement),
            ]
        }

        public static func row(_ listing: PersonListing, _ event: Event, stepName: String?) -> [ExportValue] {
            [
                .integer(event.id), .text(listing.profile.number), .text(listing.profile.name), .text(event.step),
                .text(stepName ?? event.step), .date(event.date), .text(event.recordedAt), .text(event.recordedBy),
                .flag(event.imported), .integer(event.corrects), .text(event.correctionReason), .flag(event.voids),
            ] + dataValues(event.data) + [.integer(event.workflowVersion)]
        }
    }

    public enum PersonsInStage {
        public static let columns = [
            ExportColumn("学号", "number"), ExportColumn("姓名", "name"), ExportColumn("所在组织", "organization"),
            ExportColumn("组织名称", "organization_name"), ExportColumn("类别", "category"), ExportColumn("性别", "gender"),
            ExportColumn("出生日期", "birth_date"), ExportColumn("身份证号", "id_number"), ExportColumn("阶段", "stage"),
            ExportColumn("阶段代码", "stage_id"), ExportColumn("阶段起始", "stage_since"), ExportColumn("截至日期", "as_of"),
        ]

        public static func row(_ row: StageRow, stageName: String, stageID: String, reveal: Bool) -> [ExportValue] {
            let person = row.person
            return [
                .text(person.number), .text(person.name), .text(row.organization?.code), .text(row.organization?.name),
                .text(person.category.rawValue), .text(person.gender?.rawValue), .date(person.birthDate),
                .text(idNumber(person.idNumber, reveal: reveal)), .text(stageName), .text(stageID), .date(row.since),
                .date(row.asOf),
            ]
        }
    }

    /// An ID number (身份证号) as an export shows it: masked (`110*************34`) unless `reveal`.
    public static func idNumber(_ raw: String?, reveal: Bool) -> String? {
        raw.map { reveal ? $0 : ResidentID.mask($0) }
    }
}

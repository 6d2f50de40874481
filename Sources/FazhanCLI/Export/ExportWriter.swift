import FazhanCore
import FazhanReports
import Foundation

/// One column of an export: its headers in Chinese and English (the English one is also the JSON
/// key), and whether the CSV carries it (JSON always does).
struct ExportColumn {
    var chinese: String
    var english: String
    var inCSV: Bool

    init(_ chinese: String, _ english: String, inCSV: Bool = true) {
        self.chinese = chinese
        self.english = english
        self.inCSV = inCSV
    }
}

/// One cell of an export, typed for JSON and written as text in CSV.
enum ExportValue: Encodable {
    case text(String?)
    case integer(Int64?)
    case flag(Bool)
    case list([String]?)

    static func date(_ date: CivilDate?) -> ExportValue { .text(date?.description) }
    static func integer(_ value: Int?) -> ExportValue { .integer(value.map(Int64.init)) }

    /// The cell in CSV: empty when absent, 是/否 for yes or no (as `import` reads them), lists
    /// joined with 、.
    var csvText: String {
        switch self {
        case .text(let text): return text ?? ""
        case .integer(let value): return value.map(String.init) ?? ""
        case .flag(let value): return value ? "是" : "否"
        case .list(let items): return items?.joined(separator: "、") ?? ""
        }
    }

    /// The cell in JSON: a string, a number, true or false, an array, or null when absent.
    func encode(to encoder: any Encoder) throws {
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

/// Writes an export row by row as it is read: CSV for spreadsheets (``CSVWriter``: a byte order
/// mark, CRLF, the formula guard) or a JSON array of objects keyed by the English headers
/// (``JSONOutput``, each object as it would appear in the whole array).
final class ExportWriter {
    let columns: [ExportColumn]
    let format: ExportFormat
    private let sink: ExportSink
    private let csvColumns: [Int]
    /// Rows written so far.
    private(set) var count = 0

    init(columns: [ExportColumn], options: ExportOptions, sink: ExportSink) throws {
        self.columns = columns
        self.format = options.format
        self.sink = sink
        csvColumns = columns.indices.filter { columns[$0].inCSV }
        if format == .csv {
            let header = csvColumns.map { options.headers == .zh ? columns[$0].chinese : columns[$0].english }
            try sink.write(CSVWriter.render(header: header, rows: []))
        }
    }

    /// Writes one row; `values` are in the order of ``columns``.
    func write(_ values: [ExportValue]) throws {
        precondition(values.count == columns.count, "an export row has \(values.count) values for \(columns.count) columns")
        switch format {
        case .csv:
            try sink.write(CSVWriter.render(header: [], rows: [csvColumns.map { values[$0].csvText }], excelCompatible: false))
        case .json:
            let object = try JSONOutput.render(ExportObject(keys: columns.map(\.english), values: values))
            let indented = object.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n")
            try sink.write((count == 0 ? "[\n" : ",\n") + indented)
        }
        count += 1
    }

    /// Closes the JSON array (an empty export is `[]`) and writes out what is left.
    func finish() throws {
        if format == .json { try sink.write(count == 0 ? "[]\n" : "\n]\n") }
        try sink.commit()
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

import FazhanCore
import FazhanReports
import FazhanViews
import Foundation

/// Writes an export row by row as it is read, encoded by ``ExportEncoder``, to its sink.
final class ExportWriter {
    private var encoder: ExportEncoder
    private let sink: ExportSink
    /// Rows written so far.
    var count: Int { encoder.count }

    init(columns: [ExportColumn], options: ExportOptions, sink: ExportSink) throws {
        encoder = ExportEncoder(columns: columns, format: options.format == .csv ? .csv : .json, chineseHeaders: options.headers == .zh)
        self.sink = sink
        let header = encoder.header()
        if !header.isEmpty { try sink.write(header) }
    }

    /// Writes one row; `values` are in the order of the columns.
    func write(_ values: [ExportValue]) throws {
        try sink.write(try encoder.row(values))
    }

    /// Closes the JSON array (an empty export is `[]`) and writes out what is left.
    func finish() throws {
        let footer = encoder.footer()
        if !footer.isEmpty { try sink.write(footer) }
        try sink.commit()
    }
}

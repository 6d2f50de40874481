/// Rows of strings under titled columns, printable as a table or as CSV.
///
/// A command builds one listing and renders it in the format the organizer asked for. JSON is
/// not rendered from a listing: its cells are display strings, while JSON output should carry
/// the typed model, so the caller passes its `Encodable` models to ``JSONOutput`` instead:
///
/// ```swift
/// switch format {
/// case .table: print(listing.renderTable())
/// case .csv: print(listing.renderCSV(), terminator: "")
/// case .json: print(try JSONOutput.render(candidates))
/// }
/// ```
public struct Listing: Sendable, Hashable {
    public var columns: [Table.Column]
    /// The cells, row by row, in column order.
    public var rows: [[String]]

    public init(columns: [Table.Column], rows: [[String]] = []) {
        self.columns = columns
        self.rows = rows
    }

    /// The listing as a ``Table``.
    public var table: Table {
        Table(columns: columns, rows: rows)
    }

    /// The listing as an aligned plain-text table; see ``Table/render(maxColumnWidth:)``.
    public func renderTable(maxColumnWidth: Int? = nil) -> String {
        table.render(maxColumnWidth: maxColumnWidth)
    }

    /// The listing as CSV with the column titles as header; see
    /// ``CSVWriter/render(header:rows:excelCompatible:)``.
    public func renderCSV(excelCompatible: Bool = true) -> String {
        CSVWriter.render(header: columns.map(\.title), rows: rows, excelCompatible: excelCompatible)
    }
}

/// How a command prints a listing: the values of `--format`.
public enum OutputFormat: String, CaseIterable, Sendable, Codable {
    /// An aligned plain-text table for reading in a terminal (``Table``).
    case table
    /// Pretty-printed JSON with sorted keys, encoded by the caller from its models (``JSONOutput``).
    case json
    /// RFC 4180 CSV for spreadsheets (``CSVWriter``).
    case csv
}

/// Reads RFC 4180 CSV: quoted fields with doubled quotes, commas and line breaks inside quotes,
/// CRLF or LF line ends, and a leading UTF-8 byte-order mark (as Excel writes it).
public enum CSVReader {
    public struct Row: Sendable, Hashable {
        /// The line the row starts on (1 is the first line of the file).
        public var line: Int
        public var fields: [String]
    }

    public struct Problem: Error, Sendable, CustomStringConvertible {
        public var line: Int
        public var message: String
        public var description: String { "line \(line): \(message)" }
    }

    /// The rows of a text; blank lines are skipped. Throws on an unterminated quote.
    public static func rows(_ text: String) throws(Problem) -> [Row] {
        var rows: [Row] = []
        var field = ""
        var fields: [String] = []
        var inQuotes = false
        var line = 1
        var rowLine = 1
        var afterQuote = false
        var scalars = Array(text.unicodeScalars)
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
        var index = 0
        func endRow() {
            fields.append(field)
            if !(fields.count == 1 && fields[0].isEmpty) { rows.append(Row(line: rowLine, fields: fields)) }
            fields = []
            field = ""
        }
        while index < scalars.count {
            let scalar = scalars[index]
            if inQuotes {
                if scalar == "\"" {
                    if index + 1 < scalars.count, scalars[index + 1] == "\"" {
                        field.unicodeScalars.append("\"")
                        index += 1
                    } else {
                        inQuotes = false
                        afterQuote = true
                    }
                } else {
                    if scalar == "\n" { line += 1 }
                    field.unicodeScalars.append(scalar)
                }
            } else {
                switch scalar {
                case "\"" where field.isEmpty && !afterQuote:
                    inQuotes = true
                case ",":
                    fields.append(field)
                    field = ""
                    afterQuote = false
                case "\r":
                    break
                case "\n":
                    endRow()
                    afterQuote = false
                    line += 1
                    rowLine = line
                default:
                    field.unicodeScalars.append(scalar)
                }
            }
            index += 1
        }
        if inQuotes { throw Problem(line: rowLine, message: "a quoted field is never closed") }
        if !field.isEmpty || !fields.isEmpty { endRow() }
        return rows
    }
}

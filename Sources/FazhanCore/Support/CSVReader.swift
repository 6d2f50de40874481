/// Reads RFC 4180 CSV: quoted fields with doubled quotes, commas and line breaks inside quotes,
/// CRLF or LF line ends, and a leading UTF-8 byte-order mark (as Excel writes it).
///
/// A byte-order mark at the start of any row is dropped too: two exported files pasted
/// together leave one before the first row of the second, invisible in every editor, and kept
/// it would become part of the first cell (a 学号 that no longer finds its person).
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
                case "\u{FEFF}" where field.isEmpty && fields.isEmpty && !afterQuote:
                    // A byte-order mark starting a row (two files pasted together): not part of the cell.
                    break
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

extension CSVReader {
    /// Reads UTF-8 CSV bytes given piece by piece (a file read a chunk at a time), row by row,
    /// exactly as `rows(_:)` reads the decoded text: the same fields, lines and blank lines.
    /// A piece may end anywhere, even inside a character or a quoted field.
    ///
    /// ```swift
    /// var stream = CSVReader.Stream()
    /// try stream.read(piece) { row in ... }   // as often as there are pieces
    /// try stream.finish { row in ... }
    /// ```
    ///
    /// The byte-order mark at the start of the input is the caller's to remove; one starting any
    /// later row is dropped here, as `rows(_:)` drops it. A field that is not UTF-8 throws `NotUTF8`
    /// (the caller reads the file the slow way, detecting its encoding).
    public struct Stream {
        /// A field is not well-formed UTF-8.
        public struct NotUTF8: Error, Sendable {}

        private var field: [UInt8] = []
        private var fields: [String] = []
        private var inQuotes = false
        private var afterQuote = false
        /// A quote seen inside quotes at the end of a piece: a doubled quote or the closing one.
        private var quoteInQuotes = false
        private var line = 1
        private var rowLine = 1

        public init() {}

        /// Reads a piece, handing over each row it completes.
        public mutating func read(_ bytes: UnsafeRawBufferPointer, _ row: (Row) throws -> Void) throws {
            for byte in bytes {
                if quoteInQuotes {
                    quoteInQuotes = false
                    if byte == 0x22 {
                        field.append(0x22)
                        continue
                    }
                    inQuotes = false
                    afterQuote = true
                }
                if inQuotes {
                    if byte == 0x22 {
                        quoteInQuotes = true
                    } else {
                        if byte == 0x0A { line += 1 }
                        field.append(byte)
                    }
                    continue
                }
                switch byte {
                case 0x22 where field.isEmpty && !afterQuote:
                    inQuotes = true
                case 0xBF where fields.isEmpty && !afterQuote && field == [0xEF, 0xBB]:
                    // A byte-order mark starting a row (two files pasted together): not part of the cell.
                    field.removeAll(keepingCapacity: true)
                case 0x2C:
                    try endField()
                    afterQuote = false
                case 0x0D:
                    break
                case 0x0A:
                    try endRow(row)
                    afterQuote = false
                    line += 1
                    rowLine = line
                default:
                    field.append(byte)
                }
            }
        }

        /// Ends the input: hands over the last row. Throws when a quoted field is never closed.
        public mutating func finish(_ row: (Row) throws -> Void) throws {
            if quoteInQuotes {
                quoteInQuotes = false
                inQuotes = false
            }
            if inQuotes { throw Problem(line: rowLine, message: "a quoted field is never closed") }
            if !field.isEmpty || !fields.isEmpty { try endRow(row) }
        }

        private mutating func endField() throws {
            if field.isEmpty {
                fields.append("")
                return
            }
            guard let text = String(validating: field, as: UTF8.self) else { throw NotUTF8() }
            fields.append(text)
            field.removeAll(keepingCapacity: true)
        }

        private mutating func endRow(_ row: (Row) throws -> Void) throws {
            try endField()
            if !(fields.count == 1 && fields[0].isEmpty) { try row(Row(line: rowLine, fields: fields)) }
            fields.removeAll(keepingCapacity: true)
        }
    }
}

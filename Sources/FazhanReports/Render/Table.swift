/// A plain-text table aligned for a monospaced terminal, Chinese text included.
///
/// The header row is followed by a line of ASCII `-` runs, one under each column, and then the
/// rows. Columns are separated by two spaces, widths are measured in display columns (汉字
/// count two, see ``displayWidth(_:)``), and no line ends in spaces:
///
/// ```swift
/// let table = Table(
///     columns: [Table.Column("姓名"), Table.Column("阶段"), Table.Column("天数", alignment: .right)],
///     rows: [["张三", "入党积极分子", "12"], ["Li Si", "发展对象", "3"]]
/// )
/// print(table.render())
/// // 姓名   阶段          天数
/// // -----  ------------  ----
/// // 张三   入党积极分子    12
/// // Li Si  发展对象         3
/// ```
///
/// ASCII dashes rather than box-drawing characters keep the output readable on every terminal
/// and code page, and box-drawing characters are East Asian Ambiguous: a CJK-locale terminal
/// may draw them two columns wide and break the alignment.
public struct Table: Sendable, Hashable {
    /// A column: its title and how its cells align.
    public struct Column: Sendable, Hashable {
        /// The header text.
        public var title: String
        /// How the title and the cells align; `.right` for numbers.
        public var alignment: TextAlignment

        public init(_ title: String, alignment: TextAlignment = .left) {
            self.title = title
            self.alignment = alignment
        }
    }

    public var columns: [Column]
    /// The cells, row by row, in column order. A row with fewer cells than there are columns is
    /// completed with empty cells; cells beyond the last column are not shown.
    public var rows: [[String]]

    public init(columns: [Column], rows: [[String]] = []) {
        self.columns = columns
        self.rows = rows
    }

    /// The table as lines joined by `\n`, without a final line break.
    ///
    /// Line breaks and tabs inside a cell become spaces and other control characters are
    /// dropped, so every row stays on one line and no escape sequence reaches the terminal.
    ///
    /// - Parameter maxColumnWidth: The widest a column may be, in display columns. Longer
    ///   titles and cells are cut with an ellipsis `…` (see ``truncate(_:toWidth:)``). `nil`,
    ///   the default, never cuts; values below 1 count as 1.
    /// - Returns: The rendered table, or the empty string for a table without columns.
    public func render(maxColumnWidth: Int? = nil) -> String {
        guard !columns.isEmpty else { return "" }
        let limit = maxColumnWidth.map { max($0, 1) }

        func fit(_ cell: String) -> String {
            let flat = Self.singleLine(cell)
            guard let limit else { return flat }
            return truncate(flat, toWidth: limit)
        }

        let header = columns.map { fit($0.title) }
        let body = rows.map { row in
            columns.indices.map { index in index < row.count ? fit(row[index]) : "" }
        }

        var widths = header.map { max(displayWidth($0), 1) }
        for row in body {
            for (index, cell) in row.enumerated() {
                widths[index] = max(widths[index], displayWidth(cell))
            }
        }

        func line(_ cells: [String]) -> String {
            var text = ""
            for (index, cell) in cells.enumerated() {
                if index > 0 { text += Self.columnGap }
                text += pad(cell, toWidth: widths[index], alignment: columns[index].alignment)
            }
            return Self.droppingTrailingSpaces(text)
        }

        var lines = [line(header)]
        lines.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: Self.columnGap))
        lines += body.map(line)
        return lines.joined(separator: "\n")
    }

    private static let columnGap = "  "

    /// `cell` with line breaks and tabs turned into spaces and other control characters removed.
    private static func singleLine(_ cell: String) -> String {
        var result = ""
        for character in cell {
            if character.isNewline || character == "\t" {
                result.append(" ")
            } else if character.unicodeScalars.contains(where: isControl) {
                continue
            } else {
                result.append(character)
            }
        }
        return result
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    private static func droppingTrailingSpaces(_ line: String) -> String {
        var line = line
        while line.last == " " {
            line.removeLast()
        }
        return line
    }
}

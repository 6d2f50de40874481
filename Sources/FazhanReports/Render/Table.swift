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
        let natural = widths.reduce(0, +) + Self.columnGap.count * (widths.count - 1)
        if let terminal = Table.terminalWidth, natural > terminal {
            return fitted(header: header, body: body, natural: widths, width: terminal)
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

    // MARK: - Fitting a terminal

    /// The width of the terminal the output goes to, in display columns (nil: not a terminal, or
    /// unknown): a table wider than it wraps its long cells inside their columns, and a table
    /// that cannot fit even so prints one block per row. The command line sets it from the
    /// terminal or `COLUMNS`; a server request from its client's `Fazhan-Columns` header.
    @TaskLocal public static var terminalWidth: Int?

    /// The narrowest a column is squeezed to before the table prints as blocks instead.
    private static let narrowest = 8

    /// The table wrapped to `width`: the widest columns give way first, down to
    /// ``narrowest`` (numbers, right-aligned, never wrap), each cell broken at a space where one
    /// falls late enough in the line, else between characters (汉字 break anywhere).
    private func fitted(header: [String], body: [[String]], natural: [Int], width: Int) -> String {
        let gaps = Self.columnGap.count * (natural.count - 1)
        let minimum = natural.indices.map { index in
            columns[index].alignment == .right ? natural[index] : min(natural[index], Self.narrowest)
        }
        guard minimum.reduce(0, +) + gaps <= width else { return blocks(header: header, body: body, width: width) }
        var widths = natural
        var excess = widths.reduce(0, +) + gaps - width
        while excess > 0 {
            // The widest column that can still give way gives one column.
            guard let index = widths.indices.filter({ widths[$0] > minimum[$0] }).max(by: { widths[$0] < widths[$1] }) else { break }
            widths[index] -= 1
            excess -= 1
        }
        func lines(_ cells: [String]) -> [String] {
            let wrapped = cells.enumerated().map { index, cell in Self.wrap(cell, toWidth: widths[index]) }
            let height = wrapped.map(\.count).max() ?? 1
            return (0..<height).map { row in
                var text = ""
                for (index, parts) in wrapped.enumerated() {
                    if index > 0 { text += Self.columnGap }
                    text += pad(row < parts.count ? parts[row] : "", toWidth: widths[index], alignment: columns[index].alignment)
                }
                return Self.droppingTrailingSpaces(text)
            }
        }
        var output = lines(header)
        output.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: Self.columnGap))
        for row in body { output += lines(row) }
        return output.joined(separator: "\n")
    }

    /// One block per row, for a terminal too narrow for the columns side by side: each cell on
    /// its own line after its column's title, wrapped under itself, blocks apart by a blank line.
    private func blocks(header: [String], body: [[String]], width: Int) -> String {
        let titleWidth = min(header.map { displayWidth($0) }.max() ?? 0, max(width / 3, 1))
        let valueWidth = max(width - titleWidth - 2, 1)
        // No rows: the titles, one per line, so the columns are still named.
        if body.isEmpty { return header.flatMap { Self.wrap($0, toWidth: width) }.joined(separator: "\n") }
        var output: [String] = []
        for (number, row) in body.enumerated() {
            if number > 0 { output.append("") }
            for (index, cell) in row.enumerated() where !cell.isEmpty {
                let title = Self.wrap(header[index], toWidth: titleWidth)
                let value = Self.wrap(cell, toWidth: valueWidth)
                for line in 0..<max(title.count, value.count) {
                    let left = pad(line < title.count ? title[line] : "", toWidth: titleWidth, alignment: .left)
                    output.append(Self.droppingTrailingSpaces(left + "  " + (line < value.count ? value[line] : "")))
                }
            }
        }
        return output.joined(separator: "\n")
    }

    /// Text lines (a headline, a sentence, a basis) fitted to ``terminalWidth``: each line wider
    /// than the terminal is broken at spaces, the continuation indented two columns; a word
    /// wider than the line is broken between characters. Unchanged without a terminal width.
    public static func fitted(_ text: String) -> String {
        guard let width = terminalWidth, width > 4 else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            guard displayWidth(line) > width else { return String(line) }
            var lines: [String] = []
            var current = ""
            var currentWidth = 0
            for word in line.split(separator: " ", omittingEmptySubsequences: false) {
                let wordWidth = displayWidth(word)
                let indent = lines.isEmpty ? 0 : 2
                if currentWidth > 0, currentWidth + 1 + wordWidth + indent > width {
                    lines.append(current)
                    current = ""
                    currentWidth = 0
                }
                let room = width - (lines.isEmpty ? 0 : 2)
                let pieces = wordWidth > room ? wrap(String(word), toWidth: room) : [String(word)]
                for (index, piece) in pieces.enumerated() {
                    if index > 0 {
                        lines.append(current)
                        current = ""
                        currentWidth = 0
                    }
                    if currentWidth > 0 || (index == 0 && !current.isEmpty) {
                        current += " "
                        currentWidth += 1
                    }
                    current += piece
                    currentWidth += displayWidth(piece)
                }
            }
            lines.append(current)
            return lines.enumerated().map { $0.offset == 0 ? $0.element : "  " + $0.element }.joined(separator: "\n")
        }.joined(separator: "\n")
    }

    /// `text` (one line) in lines no wider than `width` display columns: broken after the last
    /// space that leaves the line at least half full, else between characters.
    static func wrap(_ text: String, toWidth width: Int) -> [String] {
        guard displayWidth(text) > width, width > 0 else { return [text] }
        var lines: [String] = []
        var current: [Character] = []
        var currentWidth = 0
        for character in text {
            let characterWidth = displayWidth(of: character)
            if currentWidth + characterWidth > width, !current.isEmpty {
                var carried: [Character] = []
                if let space = current.lastIndex(of: " "), displayWidth(String(current[..<space])) * 2 >= width {
                    carried = Array(current[(space + 1)...])
                    current = Array(current[..<space])
                }
                lines.append(Self.droppingTrailingSpaces(String(current)))
                current = carried
                currentWidth = displayWidth(String(current))
                if current.isEmpty, character == " " { continue }
            }
            current.append(character)
            currentWidth += characterWidth
        }
        if !current.isEmpty { lines.append(Self.droppingTrailingSpaces(String(current))) }
        return lines.isEmpty ? [""] : lines
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

import Testing
@testable import FazhanReports

@Suite struct TableTests {
    let table = Table(
        columns: [
            Table.Column("姓名"),
            Table.Column("阶段"),
            Table.Column("天数", alignment: .right),
            Table.Column("备注"),
        ],
        rows: [
            ["张三", "入党积极分子", "12", "按期"],
            ["Li Si", "发展对象", "3", ""],
            ["王五 Wang", "预备党员", "365", "逾期 overdue"],
            ["赵六"],
        ]
    )

    @Test func rendersAlignedText() {
        let expected = """
            姓名       阶段          天数  备注
            ---------  ------------  ----  ------------
            张三       入党积极分子    12  按期
            Li Si      发展对象         3
            王五 Wang  预备党员       365  逾期 overdue
            赵六
            """
        #expect(table.render() == expected)
    }

    @Test func columnsLineUpByDisplayWidth() throws {
        let lines = table.render().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        try #require(lines.count == 2 + table.rows.count)

        // Column spans, in display columns, from the runs of dashes under the titles.
        let spans = dashRuns(in: lines[1])
        try #require(spans.count == table.columns.count)

        let cellsByLine = [table.columns.map(\.title)] + table.rows
        for (line, cells) in zip([lines[0]] + lines.dropFirst(2), cellsByLine) {
            var searchFrom = line.startIndex
            for (index, cell) in cells.enumerated() where !cell.isEmpty {
                let found = try #require(line.range(of: cell, range: searchFrom..<line.endIndex), "\(cell) in \(line)")
                searchFrom = found.upperBound
                let start = displayWidth(line[..<found.lowerBound])
                let end = start + displayWidth(cell)
                switch table.columns[index].alignment {
                case .left: #expect(start == spans[index].lowerBound, "\(cell) starts at \(start) in \(line)")
                case .right: #expect(end == spans[index].upperBound, "\(cell) ends at \(end) in \(line)")
                }
            }
        }
    }

    @Test func noLineEndsInASpace() {
        for line in table.render().split(separator: "\n") {
            #expect(line.last != " ", "\(line)")
        }
    }

    @Test func separatorIsASCIIDashesTwoSpacesApart() {
        let separator = table.render().split(separator: "\n")[1]
        #expect(separator.allSatisfy { $0 == "-" || $0 == " " })
        #expect(!separator.contains("   "))
    }

    @Test func cellsBeyondTheLastColumnAreNotShown() {
        let table = Table(columns: [Table.Column("姓名")], rows: [["张三", "多余"]])
        #expect(table.render() == "姓名\n----\n张三")
    }

    @Test func cellsStayOnOneLineAndControlCharactersAreDropped() {
        let table = Table(
            columns: [Table.Column("备注"), Table.Column("n", alignment: .right)],
            rows: [["第一行\n第二行\r\n第三行\t完", "1"], ["\u{1B}[31m红\u{1B}[0m", "2"]]
        )
        let lines = table.render().split(separator: "\n")
        #expect(lines.count == 4)
        // The first column is 23 columns wide (第一行 第二行 第三行 完); [31m红[0m is 9.
        #expect(lines[2] == "第一行 第二行 第三行 完  1")
        #expect(lines[3] == "[31m红[0m" + String(repeating: " ", count: 23 - 9 + 2) + "2")
        #expect(!table.render().contains("\u{1B}"))
    }

    @Test func maxColumnWidthCutsWithAnEllipsis() {
        let table = Table(
            columns: [Table.Column("阶段"), Table.Column("天数", alignment: .right)],
            rows: [["入党积极分子", "1234567"]]
        )
        #expect(table.render(maxColumnWidth: 7) == """
            阶段        天数
            -------  -------
            入党积…  1234567
            """)
        #expect(table.render(maxColumnWidth: 6) == """
            阶段     天数
            -----  ------
            入党…  12345…
            """)
    }

    @Test func emptyTables() {
        #expect(Table(columns: [], rows: [["x"]]).render() == "")
        #expect(Table(columns: [Table.Column("姓名"), Table.Column("")]).render() == "姓名\n----  -")
    }

    /// The display-column spans of the runs of `-` in `line`, as half-open ranges.
    private func dashRuns(in line: String) -> [Range<Int>] {
        var runs: [Range<Int>] = []
        var column = 0
        var runStart: Int?
        for character in line {
            if character == "-" {
                if runStart == nil { runStart = column }
            } else if let start = runStart {
                runs.append(start..<column)
                runStart = nil
            }
            column += displayWidth(of: character)
        }
        if let start = runStart { runs.append(start..<column) }
        return runs
    }
}

import Testing
@testable import FazhanReports

/// Tables that fit the terminal (issue 15): nothing wider than it, nothing lost, numbers whole.
@Suite struct TableFittingTests {
    let verdict = Table(
        columns: [Table.Column(""), Table.Column("rule"), Table.Column("name"), Table.Column("found"), Table.Column("required"),
                  Table.Column("earliest")],
        rows: [
            ["✗", "R3", "确定入党积极分子", "no 推优或党员推荐 recorded as of 2026-12-04 (the branch has not voted)",
             "推优或党员推荐 recorded on or before 2026-12-04", "2026-12-05"],
            ["✓", "R4", "团员推优", "not a League member; does not apply", "", ""],
        ])

    /// What a cell says, whatever the line breaks and padding.
    func letters(_ text: String) -> String { text.filter { !$0.isWhitespace && $0 != "-" } }

    @Test func aTableThatFitsIsPrintedAsBefore() {
        let whole = verdict.render()
        let natural = whole.split(separator: "\n").map { displayWidth($0) }.max()!
        #expect(Table.$terminalWidth.withValue(natural) { verdict.render() } == whole)
        #expect(Table.$terminalWidth.withValue(nil) { verdict.render() } == whole)
    }

    @Test(arguments: [100, 80, 60])
    func aWideTableWrapsItsLongCellsInsideTheirColumns(width: Int) {
        let fitted = Table.$terminalWidth.withValue(width) { verdict.render() }
        let lines = fitted.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.allSatisfy { displayWidth($0) <= width }, "\(fitted)")
        #expect(lines.count > 4, "nothing wrapped:\n\(fitted)")
        // Every cell's text is all there, in order, within its row.
        for cell in verdict.rows.flatMap({ $0 }) {
            let pieces = cell.split(separator: " ")
            for piece in pieces { #expect(fitted.contains(piece.prefix(4)), "\(piece) lost:\n\(fitted)") }
        }
        // The header's second line is still the dashes under each column.
        #expect(lines[1].allSatisfy { $0 == "-" || $0 == " " })
    }

    @Test func tooNarrowForColumnsPrintsOneBlockPerRow() {
        let fitted = Table.$terminalWidth.withValue(30) { verdict.render() }
        let lines = fitted.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.allSatisfy { displayWidth($0) <= 30 }, "\(fitted)")
        #expect(lines.contains { $0.hasPrefix("rule      R3") }, "\(fitted)")
        #expect(lines.contains(""), "blocks are apart by a blank line:\n\(fitted)")
        #expect(letters(fitted.replacingOccurrences(of: "rule", with: "").replacingOccurrences(of: "name", with: "")
                    .replacingOccurrences(of: "found", with: "").replacingOccurrences(of: "required", with: "")
                    .replacingOccurrences(of: "earliest", with: ""))
                == letters(verdict.rows.flatMap { $0 }.joined()))
    }

    @Test func numbersAreNeverBrokenAcrossLines() {
        let table = Table(columns: [Table.Column("organization"), Table.Column("people", alignment: .right)],
                          rows: [["计算机学院本科生第一党支部（软件工程、网络工程、信息安全专业）", "1234567"]])
        let fitted = Table.$terminalWidth.withValue(30) { table.render() }
        #expect(fitted.contains("1234567"), "\(fitted)")
        #expect(fitted.split(separator: "\n").allSatisfy { displayWidth($0) <= 30 }, "\(fitted)")
    }

    @Test(arguments: [100, 60, 30])
    func sentencesWrapAtSpacesWithAHangingIndent(width: Int) {
        let text = "张三 (2021001): 推荐和确定入党积极分子 (designate_activist) → 入党积极分子 on 2026-11-20: NOT allowed, 2 of 4 checks fail\n"
            + "basis: R3: 细则（2014）第八条; R4: 1995年中组部意见；高校规定\n"
            + "check later that the log still holds it: fazhan verify --expect-head 9f2c4e1d0b7a6f5e4d3c2b1a09f8e7d6c5b4a39281706f5e4d3c2b1a0f9e8d7c"
        let fitted = Table.$terminalWidth.withValue(width) { Table.fitted(text) }
        let lines = fitted.split(separator: "\n")
        #expect(lines.allSatisfy { displayWidth($0) <= width }, "\(fitted)")
        #expect(letters(fitted) == letters(text), "\(fitted)")
        #expect(lines.filter { $0.hasPrefix("  ") }.count == lines.count - 3, "continuations are indented:\n\(fitted)")
        #expect(Table.$terminalWidth.withValue(nil) { Table.fitted(text) } == text)
    }

    /// Random tables of Chinese and Latin text at random widths: never wider, never a cell lost.
    @Test func randomTablesFitEveryWidth() {
        var random = SplitMix64(seed: 0x15_7AB1E)
        let words = ["张三", "入党积极分子", "R12", "支部委员会审查", "within", "1 month", "2026-03-01", "—", "a", "党组织派人谈话",
                     "no 推优或党员推荐", "required", "(provisional)", "12345"]
        for _ in 0..<300 {
            let columnCount = Int.random(in: 1...7, using: &random)
            let columns = (0..<columnCount).map { _ in
                Table.Column(words[Int.random(in: 0..<words.count, using: &random)])
            }
            let rows = (0..<Int.random(in: 0...4, using: &random)).map { _ in
                (0..<columnCount).map { _ in
                    (0..<Int.random(in: 0...6, using: &random)).map { _ in words[Int.random(in: 0..<words.count, using: &random)] }
                        .joined(separator: " ")
                }
            }
            let table = Table(columns: columns, rows: rows)
            let width = Int.random(in: 20...120, using: &random)
            let fitted = Table.$terminalWidth.withValue(width) { table.render() }
            let lines = fitted.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.allSatisfy { displayWidth($0) <= width }, "width \(width):\n\(fitted)")
            // Every letter of every cell and title is printed, as often as it is written (wrapped
            // cells of one row share lines, so their order is by line, not by cell).
            // As blocks, each row repeats the titles of its cells: every cell is there at least.
            let asBlocks = lines.count < 2 || !lines[1].allSatisfy { $0 == "-" || $0 == " " } || lines[1].isEmpty
            let written = ((asBlocks ? [] : columns.map(\.title)) + rows.flatMap { $0 }).map(letters).joined()
            let printed = Dictionary(letters(fitted).map { ($0, 1) }, uniquingKeysWith: +)
            let needed = Dictionary(written.map { ($0, 1) }, uniquingKeysWith: +)
            if asBlocks {
                #expect(needed.allSatisfy { printed[$0.key, default: 0] >= $0.value }, "width \(width):\n\(fitted)")
            } else {
                #expect(printed == needed, "width \(width):\n\(fitted)")
            }
        }
    }
}

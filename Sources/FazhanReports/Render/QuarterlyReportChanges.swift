import FazhanCore

/// What moved a period's report after it was filed: the events recorded since that are dated
/// within or before the period (backdated entries, corrections, voids), and every figure of the
/// report that differs between the report as recorded then and as recorded now
/// (`fazhan report quarterly --changes-since`).
public struct QuarterlyReportChanges: Sendable, Encodable {
    /// An event recorded after the report was filed that can change its figures.
    public struct RecordedEvent: Sendable, Encodable, Hashable {
        public var id: Int64
        public var personNumber: String
        public var personName: String
        public var step: String
        public var stepName: String
        public var date: String
        public var recordedAt: String
        public var recordedBy: String
        /// The event it corrects (or voids), if it is a correction.
        public var corrects: Int64?
        public var voids: Bool

        public init(id: Int64, personNumber: String, personName: String, step: String, stepName: String, date: String,
                    recordedAt: String, recordedBy: String, corrects: Int64?, voids: Bool) {
            self.id = id
            self.personNumber = personNumber
            self.personName = personName
            self.step = step
            self.stepName = stepName
            self.date = date
            self.recordedAt = recordedAt
            self.recordedBy = recordedBy
            self.corrects = corrects
            self.voids = voids
        }

        var remark: String {
            guard let corrects else { return "" }
            return voids ? "作废 #\(corrects)" : "更正 #\(corrects)"
        }
    }

    /// One cell of the report that reads differently now: its section, row and column, as the
    /// report's table names them.
    public struct Move: Sendable, Encodable, Hashable {
        public var section: String
        public var row: String
        public var column: String
        public var then: String
        public var now: String
        /// `now - then` when both are whole numbers.
        public var change: Int?
    }

    public var title: String
    public var organizationName: String
    public var period: StatisticsPeriod
    /// The filing instant: what had been recorded by then is the report as filed.
    public var since: String
    /// The instant the report is compared at (nil: everything recorded).
    public var asRecorded: String?
    public var events: [RecordedEvent]
    public var moves: [Move]

    public init(then: QuarterlyReport, now: QuarterlyReport, since: RecordedCutoff, asRecorded: RecordedCutoff?, events: [RecordedEvent]) {
        title = now.title
        organizationName = now.organizationName
        period = now.period
        self.since = since.description
        self.asRecorded = asRecorded?.description
        self.events = events
        moves = QuarterlyReportChanges.moves(then: then, now: now)
    }

    enum CodingKeys: String, CodingKey {
        case title, organizationName, period, since, asRecorded, events, moves
    }

    /// Every cell that differs, section by section in the report's order, rows matched by their
    /// first cell and columns by their title.
    static func moves(then: QuarterlyReport, now: QuarterlyReport) -> [Move] {
        let before = Dictionary(QuarterlyReportText.sections(then).map { ($0.title, $0) }, uniquingKeysWith: { a, _ in a })
        var moves: [Move] = []
        for section in QuarterlyReportText.sections(now) {
            let old = before[section.title]
            let oldRows = old.map(labelled) ?? []
            let oldByLabel = Dictionary(oldRows, uniquingKeysWith: { a, _ in a })
            let newRows = labelled(section)
            let newLabels = Set(newRows.map(\.0))
            // Rows of the filed report that are gone now come after those that are still there.
            let rows = newRows.map { ($0.0, oldByLabel[$0.0], Optional($0.1)) }
                + oldRows.filter { !newLabels.contains($0.0) }.map { ($0.0, Optional($0.1), nil as [String]?) }
            let oldColumns = old.map { columnKeys($0.columns) } ?? []
            let newColumns = columnKeys(section.columns)
            for (label, was, isNow) in rows {
                for (index, column) in newColumns.enumerated().dropFirst() {
                    let oldIndex = oldColumns.firstIndex { $0.key == column.key }
                    let thenCell = was.flatMap { row in oldIndex.flatMap { $0 < row.count ? row[$0] : nil } } ?? ""
                    let nowCell = isNow.flatMap { index < $0.count ? $0[index] : nil } ?? ""
                    guard thenCell != nowCell else { continue }
                    let change = Int(nowCell).flatMap { now in Int(thenCell).map { now - $0 } }
                    moves.append(Move(section: section.title, row: label, column: column.label, then: thenCell, now: nowCell, change: change))
                }
            }
        }
        return moves
    }

    /// Each column's key (its title, and which of the columns with that title it is) and its
    /// label: a title the section repeats (the stocks' two "change" columns) is named after the
    /// column before it ("change vs 2026Q2").
    private static func columnKeys(_ columns: [Table.Column]) -> [(key: String, label: String)] {
        var seen: [String: Int] = [:]
        let counts = Dictionary(columns.map { ($0.title, 1) }, uniquingKeysWith: +)
        return columns.enumerated().map { index, column in
            seen[column.title, default: 0] += 1
            guard counts[column.title, default: 0] > 1 else { return (column.title, column.title) }
            let label = index > 0 ? Catalogue.versus(column.title, columns[index - 1].title) : column.title
            return ("\(column.title)\u{0}\(seen[column.title]!)", label)
        }
    }

    /// The rows of a section by their label (the first cell; a repeated label gets ` (2)`, …).
    private static func labelled(_ section: QuarterlyReportText.Section) -> [(String, [String])] {
        var seen: [String: Int] = [:]
        return section.rows.map { row in
            let label = row.first ?? ""
            seen[label, default: 0] += 1
            let count = seen[label]!
            return (count == 1 ? label : "\(label) (\(count))", row)
        }
    }

    // MARK: - Rendering

    private var heading: String {
        Catalogue.reportHeading(title, organizationName, period.label, period.from, period.to)
    }

    private var span: String {
        Catalogue.filedSpan(since: since, asRecorded: asRecorded)
    }

    private static let eventColumns = [
        Table.Column("#", alignment: .right), Table.Column("人员编号"), Table.Column("姓名"), Table.Column("步骤"),
        Table.Column("日期"), Table.Column("记录时间"), Table.Column("记录人"), Table.Column("说明"),
    ]

    private static let moveColumns = [
        Table.Column("部分"), Table.Column("行"), Table.Column("列"), Table.Column("报送时", alignment: .right),
        Table.Column("现在", alignment: .right), Table.Column("变化", alignment: .right),
    ]

    private var eventRows: [[String]] {
        events.map { [String($0.id), $0.personNumber, $0.personName, $0.stepName, $0.date, $0.recordedAt, $0.recordedBy, $0.remark] }
    }

    private var moveRows: [[String]] {
        moves.map { [$0.section, $0.row, $0.column, $0.then, $0.now, $0.change.map { $0 > 0 ? "+\($0)" : String($0) } ?? ""] }
    }

    /// The events, then the figures that moved, as terminal tables.
    public var table: String {
        var lines = [heading, span, ""]
        lines.append(Catalogue.eventsSince(period.to, count: events.count))
        if !events.isEmpty { lines.append(Table(columns: Self.eventColumns, rows: eventRows).render()) }
        lines.append("")
        lines.append(Catalogue.figuresMoved(moves.count))
        if moves.isEmpty {
            lines.append(Catalogue.nothingMoved)
        } else {
            lines.append(Table(columns: Self.moveColumns, rows: moveRows).render())
        }
        return Table.fitted(lines.joined(separator: "\n"))
    }

    /// One CSV: a part column ("事件" or "数字") so a spreadsheet can filter it; changes as numbers.
    public var csv: String {
        var rows: [[String]] = [["事件"] + Self.eventColumns.map(\.title)]
        rows += eventRows.map { ["事件"] + $0 }
        rows.append(["数字"] + Self.moveColumns.map(\.title))
        rows += moveRows.map { ["数字"] + $0 }
        return CSVWriter.render(header: [Catalogue.part, title, organizationName, period.label, since, asRecorded ?? Catalogue.now], rows: rows)
    }
}

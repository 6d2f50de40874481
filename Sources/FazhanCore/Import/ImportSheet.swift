/// One problem with a row of an imported file: its line, the column (by its header as written in
/// the file) and what is wrong, in a plain sentence.
public struct ImportProblem: Sendable, Hashable, Codable, CustomStringConvertible {
    public var line: Int
    public var column: String?
    public var message: String

    public init(line: Int, column: String?, message: String) {
        self.line = line
        self.column = column
        self.message = message
    }

    /// `line 5, 身份证号: ...` or `line 5: ...`.
    public var description: String {
        Catalogue.importLine(line, column: column, message)
    }
}

/// A column an import understands: a key, the headers that name it (Chinese first, then
/// English), whether the file must have it, and whether several columns may share it (the first
/// non-empty cell of a row wins).
public struct ImportColumn: Sendable, Hashable {
    public var key: String
    public var headers: [String]
    public var required: Bool
    public var shared: Bool

    public init(_ key: String, _ headers: [String], required: Bool = false, shared: Bool = false) {
        self.key = key
        self.headers = headers
        self.required = required
        self.shared = shared
    }
}

/// What is wrong with the header row: every unknown, repeated and missing column at once.
public struct ImportHeaderError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The line of the header row (1 unless blank lines come first).
    public var line: Int
    public var problems: [String]
    /// The accepted headers, one column per entry: `学号/工号/编号/number (required)`.
    public var accepted: [String]

    public var description: String {
        Catalogue.headerProblems(line, problems, accepted: accepted)
    }
}

/// The rows of an imported CSV with its header row matched to the columns an import knows.
///
/// Headers are matched in Chinese or English, ignoring case, spaces, `_`, `-` and a trailing `*`
/// (templates mark required columns so). An empty header cell is ignored with its column.
public struct ImportSheet: Sendable {
    /// The data rows (the header removed).
    public let rows: [CSVReader.Row]
    /// How many cells the header row has.
    public let width: Int
    private let indices: [String: [Int]]
    private let titles: [String: String]
    private let names: [String: String]

    public init(rows allRows: [CSVReader.Row], columns: [ImportColumn]) throws(ImportHeaderError) {
        var accepted: [String] { columns.map { $0.headers.joined(separator: "/") + ($0.required ? Catalogue.requiredColumn : "") } }
        guard let header = allRows.first else {
            throw ImportHeaderError(line: 1, problems: [Catalogue.emptyFile], accepted: accepted)
        }
        var byHeader: [String: ImportColumn] = [:]
        for column in columns {
            for title in column.headers { byHeader[Self.normalized(title)] = column }
        }
        var indices: [String: [Int]] = [:]
        var titles: [String: String] = [:]
        var problems: [String] = []
        var unknown: [String] = []
        for (index, raw) in header.fields.enumerated() {
            let title = raw.trimmedWhiteSpace
            let key = Self.normalized(title)
            if key.isEmpty { continue }
            guard let column = byHeader[key] else {
                unknown.append("\"\(title)\"")
                continue
            }
            if let earlier = titles[column.key], !column.shared {
                problems.append(Catalogue.sameColumn(title, earlier))
                continue
            }
            indices[column.key, default: []].append(index)
            titles[column.key] = titles[column.key] ?? title
        }
        if !unknown.isEmpty {
            problems.insert(Catalogue.unknownColumns(unknown), at: 0)
        }
        let missing = columns.filter { $0.required && indices[$0.key] == nil }.map { $0.headers.joined(separator: "/") }
        if !missing.isEmpty { problems.append(Catalogue.missingColumns(missing)) }
        if !problems.isEmpty { throw ImportHeaderError(line: header.line, problems: problems, accepted: accepted) }
        self.rows = Array(allRows.dropFirst())
        self.width = header.fields.count
        self.indices = indices
        self.titles = titles
        self.names = Dictionary(columns.map { ($0.key, $0.headers[0]) }, uniquingKeysWith: { first, _ in first })
    }

    /// Where the column's cells are in a row (several for a shared column; none when absent).
    public func indices(of key: String) -> [Int] { indices[key] ?? [] }

    /// Whether the file has the column.
    public func has(_ key: String) -> Bool { indices[key] != nil }

    /// The column's header as written in the file, else its usual (Chinese) header.
    public func title(_ key: String) -> String { titles[key] ?? names[key] ?? key }

    /// The cell of a row, trimmed of white space (the ideographic space too); empty when absent.
    /// The apostrophe Fazhan's own CSV export puts before a cell starting with `=`, `+`, `-` or
    /// `@` (so that Excel never runs it as a formula) is taken off again.
    public func cell(_ key: String, in row: CSVReader.Row) -> String {
        for index in indices[key] ?? [] where index < row.fields.count {
            let field = row.fields[index]
            if field.isEmpty { continue }
            // Most cells start and end with a visible ASCII character: nothing to trim or take off.
            if let first = field.utf8.first, let last = field.utf8.last, first > 0x20, first < 0x80, first != 0x27,
               last > 0x20, last < 0x80 {
                return field
            }
            var text = field.trimmedWhiteSpace
            if text.hasPrefix("'"), let next = text.unicodeScalars.dropFirst().first, ImportSheet.formulaTriggers.contains(next) {
                text.removeFirst()
            }
            if !text.isEmpty { return text }
        }
        return ""
    }

    static let formulaTriggers: Set<Unicode.Scalar> = ["=", "+", "-", "@"]

    static func normalized(_ header: String) -> String {
        var text = header.trimmedWhiteSpace.lowercased()
        while text.hasSuffix("*") || text.hasSuffix("＊") { text.removeLast() }
        return String(text.filter { !$0.isWhitespace && $0 != "_" && $0 != "-" })
    }
}

/// Reads the problems of one row, cell by cell: each parse names its column in the problem.
struct RowReader {
    let sheet: ImportSheet
    let row: CSVReader.Row
    var problems: [ImportProblem] = []

    init(sheet: ImportSheet, row: CSVReader.Row) {
        self.sheet = sheet
        self.row = row
        if row.fields.count > sheet.width, row.fields[sheet.width...].contains(where: { !$0.trimmedWhiteSpace.isEmpty }) {
            report(nil, Catalogue.tooManyCells(row.fields.count, width: sheet.width))
        }
    }

    func text(_ key: String) -> String { sheet.cell(key, in: row) }

    /// The cell parsed, nil when empty; a cell that does not parse is a problem.
    mutating func value<T>(_ key: String, _ parse: (String) throws(CellProblem) -> T) -> T? {
        let cell = text(key)
        guard !cell.isEmpty else { return nil }
        do {
            return try parse(cell)
        } catch {
            report(key, error.message)
            return nil
        }
    }

    /// A problem with the row, in the column `key` (nil: the row as a whole).
    mutating func report(_ key: String?, _ message: String) {
        problems.append(ImportProblem(line: row.line, column: key.map(sheet.title), message: message))
    }
}

/// Why a cell does not parse.
struct CellProblem: Error {
    var message: String
    init(_ message: String) { self.message = message }
}

/// Parsers for the cells of imported files, written as people type them in Excel.
enum CellParser {
    /// A date: `2023-03-01`, `2023-3-1`, `2023/3/1`, `2023.3.1`, `2023年3月1日` or `20230301`.
    /// A day that does not exist (2026-02-30) is named as such.
    static func date(_ text: String) throws(CellProblem) -> CivilDate {
        // YYYY-MM-DD, as most files write it.
        if text.utf8.count == 10 {
            var year = 0, month = 0, day = 0, plain = true
            for (index, byte) in text.utf8.enumerated() {
                if index == 4 || index == 7 {
                    plain = plain && byte == 0x2D
                } else if byte >= 0x30, byte <= 0x39 {
                    let digit = Int(byte - 0x30)
                    if index < 4 { year = year * 10 + digit } else if index < 7 { month = month * 10 + digit } else { day = day * 10 + digit }
                } else {
                    plain = false
                }
            }
            if plain, let date = CivilDate(year: year, month: month, day: day) { return date }
        }
        var parts: [String] = []
        var current = ""
        for character in text {
            if character.isASCII, character.isNumber {
                current.append(character)
            } else if ["-", "/", ".", "年", "月", "日"].contains(character) {
                parts.append(current)
                current = ""
            } else {
                throw CellProblem(Catalogue.notADate(text))
            }
        }
        parts.append(current)
        if text.hasSuffix("日") { parts.removeLast() }
        if parts.count == 1, current.count == 8 {
            parts = [String(current.prefix(4)), String(current.dropFirst(4).prefix(2)), String(current.suffix(2))]
        }
        guard parts.count == 3, parts[0].count == 4, (1...2).contains(parts[1].count), (1...2).contains(parts[2].count),
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { throw CellProblem(Catalogue.notADate(text)) }
        guard let date = CivilDate(year: year, month: month, day: day) else {
            throw CellProblem(Catalogue.noSuchDay(text))
        }
        return date
    }

    /// A count: a whole number, 0 or more.
    static func count(_ text: String) throws(CellProblem) -> Int {
        guard let value = Int(text), value >= 0 else { throw CellProblem(Catalogue.notACount(text)) }
        return value
    }

    /// A count within its range: `99999999999` is refused with the range, not stored.
    static func count(_ text: String, within bound: Bound) throws(CellProblem) -> Int {
        let value = try count(text)
        guard bound.contains(value) else { throw CellProblem(Catalogue.outOfRange(written: String(value), bound)) }
        return value
    }

    /// Yes or no: 是/否, yes/no, y/n, true/false, 1/0, √/×.
    static func yesNo(_ text: String) throws(CellProblem) -> Bool {
        switch text.lowercased() {
        case "是", "yes", "y", "true", "1", "√", "✓", "有": return true
        case "否", "no", "n", "false", "0", "×", "✗", "无", "不是": return false
        default: throw CellProblem(Catalogue.notYesOrNo(text))
        }
    }

    /// Whether a cell holds a long number as Excel shows it once it has shortened it
    /// (`2.02201E+09`, `1.10105E+17`): the digits are lost.
    static func isScientificNotation(_ text: String) -> Bool {
        let parts = text.uppercased().split(separator: "E", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[1].hasPrefix("+"), let exponent = Int(parts[1].dropFirst()), exponent > 0, !parts[0].isEmpty
        else { return false }
        return parts[0].allSatisfy { $0.isASCII && ($0.isNumber || $0 == ".") }
    }

    /// What to say about a number Excel has shortened.
    static func shortenedNumber(_ text: String) -> String {
        Catalogue.shortenedNumber(text)
    }

    /// A list of names separated by commas (either width), 、 or semicolons.
    static func names(_ text: String) -> [String] {
        text.split(whereSeparator: { ",，、;；".contains($0) }).map { $0.trimmedWhiteSpace }.filter { !$0.isEmpty }
    }
}

/// Organizations found by code or, failing that, by name (a name several share is ambiguous).
struct OrganizationLookup {
    private var byCode: [String: Organization] = [:]
    private var byName: [String: [Organization]] = [:]

    init(_ organizations: [Organization]) {
        for organization in organizations {
            byCode[organization.code] = organization
            byName[organization.name, default: []].append(organization)
        }
    }

    func find(_ text: String) throws(CellProblem) -> Organization {
        if let found = byCode[text] { return found }
        let named = byName[text] ?? []
        if named.count == 1 { return named[0] }
        if named.count > 1 {
            throw CellProblem(Catalogue.ambiguousOrganization(text, codes: named.map(\.code)))
        }
        throw CellProblem(Catalogue.noOrganizationNamed(text))
    }
}

extension StringProtocol {
    /// The text without leading and trailing white space, the ideographic space included.
    var trimmedWhiteSpace: String {
        guard let start = firstIndex(where: { !$0.isWhitespace }) else { return "" }
        let end = lastIndex(where: { !$0.isWhitespace })!
        return String(self[start...end])
    }
}

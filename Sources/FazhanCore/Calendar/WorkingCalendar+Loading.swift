import Foundation
import Yams

/// Reading working-day calendars from YAML, one file per year:
///
/// ```yaml
/// # workflows/calendars/cn-2026.yaml
/// calendar: cn
/// year: 2026
/// source: 国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04)
/// holidays:
///   - {name: 元旦, from: 2026-01-01, to: 2026-01-03}
///   - {name: 春节, from: 2026-02-15, to: 2026-02-23}
/// makeup_workdays: [2026-01-04, 2026-02-14, 2026-02-28]
/// ```
///
/// All five keys are required (`holidays` and `makeup_workdays` may be `[]`). Dates are written
/// `YYYY-MM-DD` and lie in the file's year; a notice may also move the last days of December of
/// the year before (the 2019 notice did, for 元旦), so dates from December 25 of the year before
/// are accepted too.
///
/// Every problem in every file is reported at once, as ``Diagnostic``s with file, line, column
/// and key: YAML syntax, missing and unknown keys, dates that do not exist or lie outside the
/// year, a holiday that ends before it starts, holidays that overlap, a make-up working day that
/// is not a Saturday or Sunday or that lies inside a holiday, and a year defined by two files.
extension WorkingCalendar {
    /// Reads one year's file.
    ///
    /// - Parameters:
    ///   - yaml: The text of the file.
    ///   - file: The path used in diagnostics.
    /// - Throws: ``DefinitionError`` with every problem found.
    public static func load(yaml: String, file: String) throws(DefinitionError) -> Year {
        var reader = CalendarFileReader(file: file)
        let parsed = reader.read(yaml)
        guard reader.diagnostics.isEmpty, let year = parsed?.year() else {
            throw DefinitionError(reader.diagnostics)
        }
        return year
    }

    /// Reads several years' files into one calendar, checking each file and the files against
    /// each other (a year defined twice, a day that one file makes a holiday and another a
    /// working day, a file name such as `cn-2025.yaml` that disagrees with its `year`).
    ///
    /// - Parameters:
    ///   - files: Each file's path (used in diagnostics) and text.
    ///   - calendar: Keep only the files of this calendar id (`cn`). When `nil`, all files must
    ///     name the same calendar.
    /// - Throws: ``DefinitionError`` with every problem found in every file.
    public static func load(
        files: [(path: String, text: String)], calendar: String? = nil
    ) throws(DefinitionError) -> WorkingCalendar {
        var diagnostics: [Diagnostic] = []
        var parsedFiles: [ParsedCalendarFile] = []
        for file in files {
            var reader = CalendarFileReader(file: file.path)
            if let parsed = reader.read(file.text) { parsedFiles.append(parsed) }
            diagnostics += reader.diagnostics
        }

        if let calendar {
            parsedFiles.removeAll { $0.calendar != nil && $0.calendar != calendar }
        } else if let first = parsedFiles.first(where: { $0.calendar != nil }), let expected = first.calendar {
            for parsed in parsedFiles {
                guard let id = parsed.calendar, id != expected else { continue }
                diagnostics.append(parsed.diagnostic(
                    at: parsed.calendarMark, key: "calendar",
                    "this file is for calendar \"\(id)\" but \(first.file) is for \"\(expected)\"; "
                        + "keep one calendar per directory or choose the calendar to load"))
            }
        }

        diagnostics += crossFileDiagnostics(parsedFiles)
        guard diagnostics.isEmpty else { throw DefinitionError(diagnostics) }
        return WorkingCalendar(years: parsedFiles.compactMap { $0.year() })
    }

    /// Reads every `*.yaml` file of a directory (in name order) into one calendar.
    ///
    /// - Parameters:
    ///   - directory: The directory, e.g. `workflows/calendars`.
    ///   - calendar: Keep only the files of this calendar id; see ``load(files:calendar:)``.
    /// - Throws: ``DefinitionError`` when the directory cannot be read, holds no `*.yaml`
    ///   file, or any file has a problem.
    public static func load(directory: String, calendar: String? = nil) throws(DefinitionError) -> WorkingCalendar {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
                .filter { $0.hasSuffix(".yaml") && !$0.hasPrefix(".") }
                .sorted()
        } catch {
            throw DefinitionError([Diagnostic(
                file: directory, line: 0, column: 0, key: "",
                message: "cannot read the calendar directory: \(error.localizedDescription)")])
        }
        guard !names.isEmpty else {
            throw DefinitionError([Diagnostic(
                file: directory, line: 0, column: 0, key: "",
                message: "no calendar files (*.yaml) in this directory")])
        }
        var files: [(path: String, text: String)] = []
        var diagnostics: [Diagnostic] = []
        for name in names {
            let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            do {
                files.append((path, try String(contentsOfFile: path, encoding: .utf8)))
            } catch {
                diagnostics.append(Diagnostic(
                    file: path, line: 0, column: 0, key: "",
                    message: "cannot read the file as UTF-8 text: \(error.localizedDescription)"))
            }
        }
        let loaded: WorkingCalendar
        do {
            loaded = try load(files: files, calendar: calendar)
        } catch {
            throw DefinitionError(diagnostics + error.diagnostics)
        }
        guard diagnostics.isEmpty else { throw DefinitionError(diagnostics) }
        return loaded
    }

    /// Problems between files: a year defined twice, a file name that disagrees with its
    /// contents, and a day that two files classify differently.
    private static func crossFileDiagnostics(_ parsedFiles: [ParsedCalendarFile]) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var firstDefinition: [String: ParsedCalendarFile] = [:]
        for parsed in parsedFiles {
            guard let number = parsed.yearNumber else { continue }
            if let nameYear = parsed.yearInFileName, nameYear != number {
                diagnostics.append(parsed.diagnostic(
                    at: parsed.yearMark, key: "year",
                    "the file name says \(nameYear) but the file gives year \(number)"))
            }
            let key = "\(parsed.calendar ?? "")/\(number)"
            if let first = firstDefinition[key] {
                diagnostics.append(parsed.diagnostic(
                    at: parsed.yearMark, key: "year",
                    "year \(number) is defined twice: here and in \(first.file):\(first.yearMark.line)"))
            } else {
                firstDefinition[key] = parsed
            }
        }

        // A day that one file puts inside a holiday and another makes a working day (only
        // possible for the December days a notice may take from the year before).
        var holidayDays: [Int: (file: ParsedCalendarFile, holiday: ParsedHoliday)] = [:]
        for parsed in parsedFiles {
            for holiday in parsed.holidays {
                guard let from = holiday.from, let to = holiday.to, from <= to else { continue }
                for day in from.dayNumber...to.dayNumber { holidayDays[day] = (parsed, holiday) }
            }
        }
        for parsed in parsedFiles {
            for makeUp in parsed.makeUpWorkdays {
                guard let other = holidayDays[makeUp.date.dayNumber], other.file.file != parsed.file else { continue }
                diagnostics.append(parsed.diagnostic(
                    at: makeUp.mark, key: "makeup_workdays",
                    "\(makeUp.date) is a make-up working day here but inside the holiday "
                        + "\(other.holiday.name) in \(other.file.file):\(other.holiday.mark.line)"))
            }
        }
        return diagnostics
    }
}

// MARK: - Reading one file

/// What was read from one calendar file, kept even when the file has problems so that files
/// can still be checked against each other.
fileprivate struct ParsedCalendarFile {
    var file: String
    var calendar: String?
    var calendarMark: TextPosition
    var yearNumber: Int?
    var yearMark: TextPosition
    var source: String?
    var holidays: [ParsedHoliday] = []
    var makeUpWorkdays: [(date: CivilDate, mark: TextPosition)] = []

    /// The year the file name gives, for names like `cn-2026.yaml`.
    var yearInFileName: Int? {
        let name = file.split(separator: "/").last.map(String.init) ?? file
        guard name.hasSuffix(".yaml") else { return nil }
        let stem = name.dropLast(".yaml".count)
        guard let dash = stem.lastIndex(of: "-") else { return nil }
        let digits = stem[stem.index(after: dash)...]
        guard digits.count == 4, digits.allSatisfy(\.isASCII), let year = Int(digits) else { return nil }
        return year
    }

    /// The year's data, when everything it needs was read.
    func year() -> WorkingCalendar.Year? {
        guard let calendar, let yearNumber, let source else { return nil }
        var holidays: [WorkingCalendar.Holiday] = []
        for holiday in self.holidays {
            guard let from = holiday.from, let to = holiday.to else { return nil }
            holidays.append(WorkingCalendar.Holiday(name: holiday.name, from: from, to: to))
        }
        return WorkingCalendar.Year(
            year: yearNumber, holidays: holidays, makeUpWorkdays: makeUpWorkdays.map(\.date),
            source: source, calendar: calendar)
    }

    func diagnostic(at mark: TextPosition, key: String, _ message: String) -> Diagnostic {
        Diagnostic(file: file, line: mark.line, column: mark.column, key: key, message: message)
    }
}

fileprivate struct ParsedHoliday {
    var name: String
    var from: CivilDate?
    var to: CivilDate?
    var mark: TextPosition
    var key: String
}

/// Reads one calendar file, collecting diagnostics.
fileprivate struct CalendarFileReader {
    static let topLevelKeys = ["calendar", "year", "source", "holidays", "makeup_workdays"]
    static let holidayKeys = ["name", "from", "to"]

    let file: String
    private(set) var diagnostics: [Diagnostic] = []

    init(file: String) {
        self.file = file
    }

    mutating func read(_ text: String) -> ParsedCalendarFile? {
        let limits = YAMLLimits.check(text, file: file)
        guard limits.isEmpty else {
            diagnostics += limits
            return nil
        }
        var root: Node? = SourceNode.composeUntagged(text)
        do {
            if root == nil { root = try Yams.compose(yaml: text) }
        } catch let error as YamlError {
            report(yamlError: error, text: text)
            return nil
        } catch {
            report(at: TextPosition.start, key: "", "cannot read YAML: \(error)")
            return nil
        }
        let start = TextPosition.start
        guard let root, !isNull(root) else {
            report(at: start, key: "", "the file is empty; expected the keys \(Self.keyList(Self.topLevelKeys))")
            return nil
        }
        guard let mapping = root.mapping else {
            report(at: TextPosition(root.mark) ?? start, key: "",
                   "expected a mapping with the keys \(Self.keyList(Self.topLevelKeys)), found \(describe(root))")
            return nil
        }
        let rootMark = TextPosition(root.mark) ?? start
        let entries = entries(of: mapping, path: "", known: Self.topLevelKeys, owner: "a calendar file")
        for key in Self.topLevelKeys where entries[key] == nil {
            report(at: rootMark, key: key, "missing key \"\(key)\" (\(Self.meaning[key] ?? ""))")
        }

        var parsed = ParsedCalendarFile(
            file: file, calendarMark: entries["calendar"]?.mark ?? rootMark,
            yearMark: entries["year"]?.mark ?? rootMark)
        if let node = entries["calendar"]?.value {
            parsed.calendar = nonEmptyText(node, key: "calendar", expected: "a calendar id such as cn")
        }
        if let node = entries["year"]?.value {
            if let text = nonEmptyText(node, key: "year", expected: "a year such as 2026") {
                if let number = Int(text), (1...9999).contains(number) {
                    parsed.yearNumber = number
                } else {
                    report(at: TextPosition(node.mark) ?? rootMark, key: "year", "expected a year such as 2026, found \"\(text)\"")
                }
            }
        }
        if let node = entries["source"]?.value {
            parsed.source = nonEmptyText(node, key: "source", expected: "the notice the dates come from")
        }
        if let node = entries["holidays"]?.value {
            parsed.holidays = readHolidays(node, year: parsed.yearNumber)
        }
        if let node = entries["makeup_workdays"]?.value {
            parsed.makeUpWorkdays = readMakeUpWorkdays(node, year: parsed.yearNumber, holidays: parsed.holidays)
        }
        return parsed
    }

    private static let meaning = [
        "calendar": "the calendar id, e.g. cn",
        "year": "the year the notice covers, e.g. 2026",
        "source": "the notice the dates come from",
        "holidays": "the list of holidays; write [] for none",
        "makeup_workdays": "the list of make-up working days, 调休上班; write [] for none",
    ]

    // MARK: Holidays

    private mutating func readHolidays(_ node: Node, year: Int?) -> [ParsedHoliday] {
        guard let items = sequence(node, key: "holidays", expected: "a list of holidays; write [] for none") else {
            return []
        }
        var holidays: [ParsedHoliday] = []
        for (index, item) in items.enumerated() {
            let itemMark = TextPosition(item.mark) ?? TextPosition(node.mark) ?? TextPosition.start
            guard let mapping = item.mapping else {
                report(at: itemMark, key: "holidays.#\(index + 1)",
                       "expected a holiday written {name: 春节, from: YYYY-MM-DD, to: YYYY-MM-DD}, found \(describe(item))")
                continue
            }
            // Name the holiday in key paths when it has a usable name.
            let rawName = mapping.first { $0.key.scalar?.string == "name" }?.value.scalar?.string
            let label = rawName.flatMap { $0.isEmpty ? nil : $0 } ?? "#\(index + 1)"
            let path = "holidays.\(label)"
            let entries = entries(of: mapping, path: path, known: Self.holidayKeys, owner: "a holiday")
            for key in Self.holidayKeys where entries[key] == nil {
                report(at: itemMark, key: "\(path).\(key)", "missing key \"\(key)\" in this holiday")
            }
            var holiday = ParsedHoliday(name: label, mark: itemMark, key: path)
            if let nameNode = entries["name"]?.value,
               let name = nonEmptyText(nameNode, key: "\(path).name", expected: "the holiday's name, e.g. 春节") {
                holiday.name = name
            }
            if let entry = entries["from"] {
                holiday.from = date(entry.value, key: "\(path).from", year: year)
            }
            if let entry = entries["to"] {
                holiday.to = date(entry.value, key: "\(path).to", year: year)
            }
            if let from = holiday.from, let to = holiday.to, to < from, let toNode = entries["to"]?.value {
                report(at: TextPosition(toNode.mark) ?? itemMark, key: "\(path).to",
                       "the holiday ends (\(to)) before it starts (\(from))")
                holiday.to = nil
            }
            if let from = holiday.from, let to = holiday.to,
               let other = holidays.first(where: { o in
                   guard let oFrom = o.from, let oTo = o.to else { return false }
                   return from <= oTo && oFrom <= to
               }) {
                report(at: itemMark, key: path,
                       "\(holiday.name) (\(from) to \(to)) overlaps \(other.name) on line \(other.mark.line)")
            }
            holidays.append(holiday)
        }
        return holidays
    }

    // MARK: Make-up working days

    private mutating func readMakeUpWorkdays(
        _ node: Node, year: Int?, holidays: [ParsedHoliday]
    ) -> [(date: CivilDate, mark: TextPosition)] {
        let key = "makeup_workdays"
        guard let items = sequence(node, key: key, expected: "a list of dates; write [] for none") else { return [] }
        var days: [(date: CivilDate, mark: TextPosition)] = []
        for item in items {
            guard let day = date(item, key: key, year: year) else { continue }
            let mark = TextPosition(item.mark) ?? TextPosition(node.mark) ?? TextPosition.start
            if let previous = days.first(where: { $0.date == day }) {
                report(at: mark, key: key, "\(day) is listed twice (also on line \(previous.mark.line))")
                continue
            }
            if !day.isWeekend {
                report(at: mark, key: key,
                       "\(day) is a \(Self.weekdayNames[day.weekday - 1]); a make-up working day (调休上班) "
                           + "is a Saturday or Sunday")
            }
            if let holiday = holidays.first(where: { h in
                guard let from = h.from, let to = h.to else { return false }
                return from <= day && day <= to
            }) {
                report(at: mark, key: key,
                       "\(day) is both a make-up working day and a day of the holiday \(holiday.name) "
                           + "(line \(holiday.mark.line))")
            }
            days.append((day, mark))
        }
        return days
    }

    private static let weekdayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

    // MARK: Values

    /// A date in the file's year (or the last days of December before it), or `nil` after
    /// reporting why not.
    private mutating func date(_ node: Node, key: String, year: Int?) -> CivilDate? {
        guard let text = nonEmptyText(node, key: key, expected: "a date written YYYY-MM-DD") else { return nil }
        let mark = TextPosition(node.mark) ?? TextPosition.start
        guard let date = CivilDate(text) else {
            if Self.hasDateShape(text) {
                report(at: mark, key: key, "\(text) is not a date: that day does not exist")
            } else {
                report(at: mark, key: key, "expected a date written YYYY-MM-DD, found \"\(text)\"")
            }
            return nil
        }
        if let year, date.year != year {
            let earliest = CivilDate(year: year - 1, month: 12, day: 25)
            if !(date.year == year - 1 && earliest.map { date >= $0 } == true) {
                report(at: mark, key: key,
                       "\(date) is outside \(year), the year of this file "
                           + "(only the last days of December \(year - 1) may also appear)")
                return nil
            }
        }
        return date
    }

    private static func hasDateShape(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 10 else { return false }
        for (index, byte) in bytes.enumerated() {
            if index == 4 || index == 7 {
                guard byte == UInt8(ascii: "-") else { return false }
            } else {
                guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return false }
            }
        }
        return true
    }

    /// A scalar's text, or `nil` after reporting what was expected.
    private mutating func nonEmptyText(_ node: Node, key: String, expected: String) -> String? {
        guard let scalar = node.scalar, !isNull(node) else {
            report(at: TextPosition(node.mark) ?? TextPosition.start, key: key, "expected \(expected), found \(describe(node))")
            return nil
        }
        let text = scalar.string.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else {
            report(at: TextPosition(node.mark) ?? TextPosition.start, key: key, "expected \(expected), found an empty text")
            return nil
        }
        return text
    }

    private mutating func sequence(_ node: Node, key: String, expected: String) -> [Node]? {
        guard let sequence = node.sequence else {
            report(at: TextPosition(node.mark) ?? TextPosition.start, key: key, "expected \(expected), found \(describe(node))")
            return nil
        }
        return Array(sequence)
    }

    /// The entries of a mapping by key, reporting unknown keys (with a suggestion) and keys that
    /// are not plain text.
    private mutating func entries(
        of mapping: Node.Mapping, path: String, known: [String], owner: String
    ) -> [String: (mark: TextPosition, value: Node)] {
        var entries: [String: (mark: TextPosition, value: Node)] = [:]
        for (keyNode, value) in mapping {
            let mark = TextPosition(keyNode.mark) ?? TextPosition.start
            guard let key = keyNode.scalar?.string else {
                report(at: mark, key: path, "a key must be plain text, found \(describe(keyNode))")
                continue
            }
            let keyPath = path.isEmpty ? key : "\(path).\(key)"
            guard known.contains(key) else {
                var message = "unknown key \"\(key)\" in \(owner)"
                if let suggestion = Self.closest(to: key, among: known) {
                    message += "; did you mean \"\(suggestion)\"?"
                } else {
                    message += "; the keys are \(Self.keyList(known))"
                }
                report(at: mark, key: keyPath, message)
                continue
            }
            entries[key] = (mark, value)
        }
        return entries
    }

    private func isNull(_ node: Node) -> Bool {
        guard let scalar = node.scalar, scalar.style == .plain else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    private func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar):
            return isNull(node) ? "nothing" : "\"\(scalar.string)\""
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias (anchors and aliases are not supported)"
        }
    }

    private static func keyList(_ keys: [String]) -> String {
        keys.joined(separator: ", ")
    }

    /// The known key nearest to a misspelt one, if it is close enough to be a likely typo.
    static func closest(to key: String, among known: [String]) -> String? {
        let scored = known.map { ($0, editDistance(key.lowercased(), $0)) }
        guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
        return best.1 <= max(2, best.0.count / 3) ? best.0 : nil
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    // MARK: Reporting

    private mutating func report(at mark: TextPosition, key: String, _ message: String) {
        diagnostics.append(Diagnostic(file: file, line: mark.line, column: mark.column, key: key, message: message))
    }

    /// The position of the next line after `first` that writes `key` at the same column.
    private static func repeatedKey(_ key: String, after first: TextPosition, in text: String) -> TextPosition? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard first.line >= 1, first.line < lines.count else { return nil }
        for index in first.line..<lines.count {
            let scalars = Array(lines[index].unicodeScalars)
            let start = first.column - 1
            guard start >= 0, scalars.count > start else { continue }
            let prefix = scalars[..<start]
            guard prefix.allSatisfy({ $0 == " " || $0 == "-" }) else { continue }
            let rest = String(String.UnicodeScalarView(scalars[start...]))
            if rest.hasPrefix(key + ":") || rest.hasPrefix("\"\(key)\":") || rest.hasPrefix("'\(key)':") {
                return TextPosition(line: index + 1, column: first.column)
            }
        }
        return nil
    }

    private mutating func report(yamlError error: YamlError, text: String) {
        func contextText(_ context: YamlError.Context?) -> String {
            guard let context else { return "" }
            return " (\(context.text) on line \(context.mark.line))"
        }
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _):
            report(at: TextPosition(mark), key: "", "YAML syntax error: \(problem)\(contextText(context))")
        case .composer(let context, let problem, let mark, _):
            report(at: TextPosition(mark), key: "", "YAML error: \(problem)\(contextText(context))")
        case .duplicatedKeysInMapping(let duplicates, let context):
            // libYAML marks the first occurrence; point at the repeat when it can be found.
            for key in duplicates {
                let first = TextPosition(context.mark)
                if let repeated = Self.repeatedKey(key, after: first, in: text) {
                    report(at: repeated, key: key, "duplicate key \"\(key)\" (first written on line \(first.line))")
                } else {
                    report(at: first, key: key, "duplicate key \"\(key)\": written more than once in this mapping")
                }
            }
        case .reader(let problem, let offset, _, _):
            report(at: TextPosition.start, key: "",
                   "cannot read the file: \(problem)" + (offset.map { " at byte \($0)" } ?? ""))
        default:
            report(at: TextPosition.start, key: "", "YAML error: \(error)")
        }
    }
}

/// A line and column in a file, both counted from 1 (columns in Unicode scalars, as libYAML
/// counts them).
fileprivate struct TextPosition: Hashable, Sendable {
    var line: Int
    var column: Int

    static let start = TextPosition(line: 1, column: 1)

    init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    init(_ mark: Mark) {
        self.init(line: mark.line, column: mark.column)
    }

    init?(_ mark: Mark?) {
        guard let mark else { return nil }
        self.init(mark)
    }
}

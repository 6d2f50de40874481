import Foundation
import Testing

@testable import FazhanCore

/// Property and fuzz tests over the parsers: dates, resident ID numbers, CSV and workflow files.
/// Random input, drawn from fixed seeds (`SplitMix64`), never crashes a parser, and each parser
/// accepts exactly what an independent oracle written here accepts. Every failure message names
/// the seed and the input, so `FAZHAN_FUZZ_SEED=<seed>` reproduces it.
@Suite struct ParserFuzzTests {
    static let seeds = SplitMix64.seeds([0x5EED_0001, 0xC0FF_EE00_2026, 0xDEAD_BEEF_0514])

    // MARK: - Oracles, written apart from the code under test

    /// Days in a month, from the table of month lengths and the Gregorian leap-year rule.
    static func oracleMonthLength(year: Int, month: Int) -> Int {
        let lengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        let leap = year % 400 == 0 || (year % 4 == 0 && year % 100 != 0)
        return month == 2 && leap ? 29 : lengths[month - 1]
    }

    /// Whether `text` is exactly `YYYY-MM-DD` naming a day that exists in the years 1-9999.
    static func oracleDate(_ text: String) -> (year: Int, month: Int, day: Int)? {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count == 10 else { return nil }
        var digits: [Int] = []
        for (index, scalar) in scalars.enumerated() {
            if index == 4 || index == 7 {
                guard scalar == "-" else { return nil }
            } else {
                guard ("0"..."9").contains(scalar) else { return nil }
                digits.append(Int(scalar.value) - 48)
            }
        }
        let year = digits[0] * 1000 + digits[1] * 100 + digits[2] * 10 + digits[3]
        let month = digits[4] * 10 + digits[5]
        let day = digits[6] * 10 + digits[7]
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1,
              day <= oracleMonthLength(year: year, month: month) else { return nil }
        return (year, month, day)
    }

    /// The day after a date, by counting on the calendar rather than by day numbers.
    static func oracleNextDay(_ date: (year: Int, month: Int, day: Int)) -> (year: Int, month: Int, day: Int) {
        if date.day < oracleMonthLength(year: date.year, month: date.month) { return (date.year, date.month, date.day + 1) }
        if date.month < 12 { return (date.year, date.month + 1, 1) }
        return (date.year + 1, 1, 1)
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }

    // MARK: - CivilDate

    @Test(arguments: seeds)
    func randomStringsParseAsDatesExactlyWhenTheDayExists(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let soup: [String] = ["0", "1", "2", "9", "-", "-", "/", " ", "+", ".", "T", "：", "０", "x", "二", "\u{301}", "\u{FEFF}"]
        var accepted = 0
        for _ in 0..<8_000 {
            let text: String
            switch Int.random(in: 0..<10, using: &random) {
            case 0..<4:
                // The right shape with any digits: mostly months and days that do not exist.
                let digits = (0..<8).map { _ in String(Int.random(in: 0...9, using: &random)) }
                text = digits[0..<4].joined() + "-" + digits[4..<6].joined() + "-" + digits[6..<8].joined()
            case 4..<7:
                // Near the edges: month 0-13, day 0-32, leap years and their centuries.
                let year = random.chance(30) ? [1, 1600, 1900, 2000, 2024, 2100, 9999].randomElement(using: &random)!
                    : Int.random(in: 0...9999, using: &random)
                text = Self.pad(year, 4) + "-" + Self.pad(Int.random(in: 0...13, using: &random), 2) + "-"
                    + Self.pad(Int.random(in: 0...32, using: &random), 2)
            default:
                text = (0..<Int.random(in: 0...13, using: &random)).map { _ in soup.randomElement(using: &random)! }.joined()
            }
            let parsed = CivilDate(text)
            let expected = Self.oracleDate(text)
            #expect((parsed != nil) == (expected != nil), "seed \(seed): CivilDate(\"\(text)\") is \(String(describing: parsed))")
            if let parsed, let expected {
                accepted += 1
                #expect(parsed.year == expected.year && parsed.month == expected.month && parsed.day == expected.day,
                        "seed \(seed): \(text) parsed as \(parsed)")
                #expect(parsed.description == text, "seed \(seed): \(text) is written back as \(parsed.description)")
            }
        }
        #expect(accepted > 400, "seed \(seed): only \(accepted) real dates were drawn")
    }

    /// The oracle's month lengths agree with Foundation's Gregorian calendar where that calendar
    /// is proleptic-free (after 1582), so the oracle is not wrong in the same way as the code.
    @Test func theMonthLengthOracleAgreesWithFoundation() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: "UTC"))
        for year in [1600, 1700, 1800, 1900, 1996, 2000, 2023, 2024, 2100, 2400, 9996, 9999] {
            for month in 1...12 {
                let first = try #require(calendar.date(from: DateComponents(year: year, month: month, day: 1)))
                let days = try #require(calendar.range(of: .day, in: .month, for: first)).count
                #expect(Self.oracleMonthLength(year: year, month: month) == days, "\(year)-\(month)")
            }
        }
    }

    @Test(arguments: seeds)
    func dayNumbersWalkTheCalendarAndDescriptionsRoundTrip(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let first = try #require(CivilDate("0001-01-01")).dayNumber
        let last = try #require(CivilDate("9999-12-01")).dayNumber
        for _ in 0..<200 {
            let start = CivilDate(dayNumber: Int.random(in: first...last, using: &random))
            var expected = (year: start.year, month: start.month, day: start.day)
            var weekday = start.weekday
            for offset in 0..<40 {
                let date = CivilDate(dayNumber: start.dayNumber + offset)
                #expect(date.year == expected.year && date.month == expected.month && date.day == expected.day,
                        "seed \(seed): day number \(start.dayNumber + offset) is \(date), expected \(expected)")
                #expect(CivilDate(date.description) == date, "seed \(seed): \(date) does not read back")
                #expect(CivilDate(dayNumber: date.dayNumber) == date, "seed \(seed): \(date)")
                #expect(date.weekday == weekday, "seed \(seed): \(date) is weekday \(date.weekday), the day before was \(weekday - 1)")
                expected = Self.oracleNextDay(expected)
                weekday = weekday % 7 + 1
            }
        }
    }

    @Test(arguments: seeds)
    func monthArithmeticClampsToTheMonthEnd(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        for _ in 0..<5_000 {
            let year = Int.random(in: 1...9999, using: &random)
            let month = Int.random(in: 1...12, using: &random)
            let day = random.chance(40) ? Int.random(in: 28...Self.oracleMonthLength(year: year, month: month), using: &random)
                : Int.random(in: 1...Self.oracleMonthLength(year: year, month: month), using: &random)
            let date = try #require(CivilDate(year: year, month: month, day: day))
            // Months that keep the result within the years 1-9999 that a date can be written in.
            let index = year * 12 + month - 1
            let months = Int.random(in: max(12 - index, -1_500)...min(9999 * 12 + 11 - index, 1_500), using: &random)
            let result = date.adding(months: months)
            let expectedYear = (index + months) / 12
            let expectedMonth = (index + months) % 12 + 1
            let length = Self.oracleMonthLength(year: expectedYear, month: expectedMonth)
            #expect(result.year == expectedYear && result.month == expectedMonth, "seed \(seed): \(date) + \(months) months = \(result)")
            #expect(result.day == min(day, length), "seed \(seed): \(date) + \(months) months = \(result), the month has \(length) days")
            #expect(result.day <= length, "seed \(seed): \(date) + \(months) months = \(result)")
            if months % 12 == 0 {
                #expect(date.adding(years: months / 12) == result, "seed \(seed): \(date) + \(months / 12) years")
            }
            if day <= 28 {
                #expect(result.adding(months: -months) == date, "seed \(seed): \(date) + \(months) months and back")
            }
        }
    }

    // MARK: - Resident ID numbers

    /// The ISO 7064 MOD 11-2 check character computed with powers of 2 (not the weight table).
    static func oracleCheckCharacter(_ digits: [Int]) -> Character {
        var sum = 0
        var power = 1
        for digit in digits.reversed() {
            power = power * 2 % 11
            sum += digit * power
        }
        let value = (12 - sum % 11) % 11
        return value == 10 ? "X" : Character(String(value))
    }

    /// What the validator must accept: after trimming white space and reading full-width digits
    /// and `x` as ASCII, 17 digits forming a real birth date in characters 7-14, and the check
    /// character they require.
    static func oracleResidentID(_ text: String) -> (value: String, birth: (Int, Int, Int), male: Bool)? {
        var characters = Array(text)
        while let first = characters.first, first.isWhitespace { characters.removeFirst() }
        while let last = characters.last, last.isWhitespace { characters.removeLast() }
        let normal: [Character] = characters.map { character in
            if let scalar = character.unicodeScalars.first, character.unicodeScalars.count == 1, (0xFF10...0xFF19).contains(scalar.value) {
                return Character(Unicode.Scalar(scalar.value - 0xFF10 + 0x30)!)
            }
            return ["x", "Ｘ", "ｘ"].contains(character) ? "X" : character
        }
        guard normal.count == 18 else { return nil }
        var digits: [Int] = []
        for character in normal.prefix(17) {
            guard let ascii = character.asciiValue, (48...57).contains(ascii) else { return nil }
            digits.append(Int(ascii) - 48)
        }
        let birth = String(normal[6..<10]) + "-" + String(normal[10..<12]) + "-" + String(normal[12..<14])
        guard let date = oracleDate(birth), normal[17] == oracleCheckCharacter(digits) else { return nil }
        return (String(normal), (date.year, date.month, date.day), (digits[14] * 100 + digits[15] * 10 + digits[16]) % 2 == 1)
    }

    @Test(arguments: seeds)
    func residentIDsAreAcceptedExactlyWithTheRightCheckCharacter(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let wide: [Character] = ["0", "1", "5", "9", "X", "x", "Ｘ", "０", "９", "a", "-", " ", "　", "二", "é"]
        var accepted = 0
        var rejected = 0
        for _ in 0..<4_000 {
            var text: String
            if random.chance(80) {
                // The right shape: area, birth date (mostly real), sequence, then a check
                // character that is right half of the time.
                let area = (0..<6).map { _ in String(Int.random(in: 0...9, using: &random)) }.joined()
                let birth: String
                if random.chance(75) {
                    let year = Int.random(in: 1900...2030, using: &random)
                    let month = Int.random(in: 1...12, using: &random)
                    birth = Self.pad(year, 4) + Self.pad(month, 2)
                        + Self.pad(Int.random(in: 1...Self.oracleMonthLength(year: year, month: month), using: &random), 2)
                } else {
                    birth = (0..<8).map { _ in String(Int.random(in: 0...9, using: &random)) }.joined()
                }
                let sequence = Self.pad(Int.random(in: 0...999, using: &random), 3)
                let first17 = area + birth + sequence
                let digits = first17.map { Int(String($0))! }
                let check: Character = random.chance(50) ? Self.oracleCheckCharacter(digits)
                    : "0123456789X".randomElement(using: &random)!
                text = first17 + String(check)
                if random.chance(10) { text = text.replacingOccurrences(of: "X", with: "x") }
                if random.chance(5) { text = " " + text + "\u{3000}" }
            } else {
                text = String((0..<Int.random(in: 16...19, using: &random)).map { _ in wide.randomElement(using: &random)! })
            }
            let expected = Self.oracleResidentID(text)
            do {
                let id = try ResidentID(validating: text)
                accepted += 1
                guard let expected else {
                    Issue.record("seed \(seed): \(text) was accepted, the oracle refuses it")
                    continue
                }
                #expect(id.value == expected.value, "seed \(seed): \(text)")
                #expect(id.birthDate == CivilDate(year: expected.birth.0, month: expected.birth.1, day: expected.birth.2),
                        "seed \(seed): \(text)")
                #expect(id.gender == (expected.male ? .male : .female), "seed \(seed): \(text)")
                #expect(!id.description.contains(id.value.dropFirst(3).dropLast(2)), "seed \(seed): the description shows the number")
            } catch {
                rejected += 1
                #expect(expected == nil, "seed \(seed): \(text) was refused (\(error)), the oracle accepts it")
                // The message is for the person who typed the number: it never repeats it.
                let typed = text.trimmingCharacters(in: .whitespaces)
                #expect(typed.count < 6 || !error.description.contains(typed), "seed \(seed): the message repeats the number")
                #expect(!error.description.isEmpty)
            }
        }
        #expect(accepted > 200 && rejected > 200, "seed \(seed): \(accepted) accepted, \(rejected) refused")
    }

    // MARK: - CSV

    @Test(arguments: seeds)
    func csvReaderSurvivesByteSoup(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let favourites: [UInt8] = Array(",\"\r\n a\u{7F}".utf8) + [0x00, 0xEF, 0xBB, 0xBF, 0xE4, 0xB8, 0xAD, 0xFF, 0xC0]
        for _ in 0..<1_200 {
            let bytes = (0..<Int.random(in: 0...120, using: &random)).map { _ in
                random.chance(70) ? favourites.randomElement(using: &random)! : UInt8.random(in: 0...255, using: &random)
            }
            let text = String(decoding: bytes, as: UTF8.self)
            let lines = text.unicodeScalars.filter { $0 == "\n" }.count + 1
            do {
                let rows = try CSVReader.rows(text)
                for (row, next) in zip(rows, rows.dropFirst()) {
                    #expect(row.line < next.line, "seed \(seed): rows out of order in \(bytes)")
                }
                for row in rows {
                    #expect((1...lines).contains(row.line), "seed \(seed): row on line \(row.line) of \(lines) in \(bytes)")
                    #expect(!(row.fields.count == 1 && row.fields[0].isEmpty), "seed \(seed): a blank row was kept in \(bytes)")
                }
            } catch {
                #expect((1...lines).contains(error.line), "seed \(seed): problem on line \(error.line) of \(lines) in \(bytes)")
                #expect(text.contains("\""), "seed \(seed): \(error) without any quote in \(bytes)")
            }
        }
    }

    /// Writes a field the way RFC 4180 says (and Excel does): quoted, with quotes doubled,
    /// when it holds a comma, a quote or a line break.
    static func csvField(_ field: String) -> String {
        guard field.unicodeScalars.contains(where: { [",", "\"", "\r", "\n"].contains($0) }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    @Test(arguments: seeds)
    func csvTablesRoundTripWithTheirLines(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let pieces = ["a", "Z", "7", "中", "文", "é", ",", " ", "\"", "\n", "\r\n", "\r", "\t", "x y", "'", "=1+2"]
        for _ in 0..<1_000 {
            let columns = Int.random(in: 1...5, using: &random)
            let table: [[String]] = (0..<Int.random(in: 1...6, using: &random)).map { _ in
                (0..<columns).map { _ in
                    var field = (0..<Int.random(in: 0...5, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
                    // A row of one empty field is a blank line, which the reader skips.
                    if columns == 1, field.isEmpty { field = "a" }
                    return field
                }
            }
            let lineEnd = random.chance(50) ? "\r\n" : "\n"
            var text = random.chance(30) ? "\u{FEFF}" : ""
            var expectedLines: [Int] = []
            for (index, row) in table.enumerated() {
                expectedLines.append(text.unicodeScalars.filter { $0 == "\n" }.count + 1)
                text += row.map(Self.csvField).joined(separator: ",")
                if index < table.count - 1 || random.chance(60) { text += lineEnd }
            }
            if random.chance(20) { text += lineEnd }
            let rows = try CSVReader.rows(text)
            #expect(rows.map(\.fields) == table, "seed \(seed): \(table) written as \(text.debugDescription)")
            #expect(rows.map(\.line) == expectedLines, "seed \(seed): \(text.debugDescription)")
        }
    }

    // MARK: - Workflow files

    static let workflowPath = EngineFixture.root.appendingPathComponent("workflows/cpc-2014.yaml").path
    static let calendarPath = EngineFixture.root.appendingPathComponent("workflows/calendars/cn-2026.yaml").path

    /// A loader that reads `text` as `cpc-2014.yaml` and the shipped 2026 calendar for `cn`.
    static func load(_ text: String, calendar: SourceFile) throws(DefinitionError) -> WorkflowBundle {
        let loader = WorkflowLoader(
            read: { name in name == "cpc-2014" ? SourceFile(path: workflowPath, text: text) : nil },
            calendars: { id in id == "cn" ? [calendar] : [] })
        return try loader.load(file: SourceFile(path: workflowPath, text: text))
    }

    static let garbage = [
        "", "[", "]", "{", "}", "{a: [", "&anchor", "*alias", "!!binary x", "!!int abc", "-1", "0", "99999999999999999999",
        "~", "null", "\"", "'", "'unterminated", "\t", "：", "R99", "1 fortnight", "yes", "[R1, R2", "2026-02-30", "- x",
        "? k", "%YAML 1.2", "---", "...", "|", ">", "@", "`", "中文", "a: b: c", "{min: -3}", "[]", "{}", "\u{7F}",
    ]

    /// Mutates one line of a workflow file: deletes, duplicates, swaps or re-indents it, puts
    /// garbage in its key or value, inserts garbage, or truncates the text.
    static func mutate(_ text: String, using random: inout SplitMix64) -> (String, String) {
        var lines = text.components(separatedBy: "\n")
        let index = Int.random(in: 0..<lines.count, using: &random)
        let junk = garbage.randomElement(using: &random)!
        switch Int.random(in: 0..<8, using: &random) {
        case 0:
            lines.remove(at: index)
            return (lines.joined(separator: "\n"), "deleted line \(index + 1)")
        case 1:
            lines.insert(lines[index], at: index)
            return (lines.joined(separator: "\n"), "duplicated line \(index + 1)")
        case 2:
            let other = Int.random(in: 0..<lines.count, using: &random)
            lines.swapAt(index, other)
            return (lines.joined(separator: "\n"), "swapped lines \(index + 1) and \(other + 1)")
        case 3:
            let line = lines[index]
            lines[index] = random.chance(50) ? "  " + line : String(line.dropFirst(min(2, line.prefix { $0 == " " }.count)))
            return (lines.joined(separator: "\n"), "re-indented line \(index + 1)")
        case 4:
            // A value replaced: after the first ": ", or inside a flow mapping after a key.
            let line = lines[index]
            var separators: [Range<String.Index>] = []
            var searchRange = line.startIndex..<line.endIndex
            while let found = line.range(of: ": ", range: searchRange) {
                separators.append(found)
                searchRange = found.upperBound..<line.endIndex
            }
            guard let separator = separators.randomElement(using: &random) else {
                lines[index] = line + junk
                return (lines.joined(separator: "\n"), "appended \(junk.debugDescription) to line \(index + 1)")
            }
            let end = line[separator.upperBound...].firstIndex { $0 == "," || $0 == "}" } ?? line.endIndex
            lines[index] = String(line[..<separator.upperBound]) + junk + String(line[end...])
            return (lines.joined(separator: "\n"), "value on line \(index + 1) set to \(junk.debugDescription)")
        case 5:
            let line = lines[index]
            if let colon = line.firstIndex(of: ":") {
                let indent = line.prefix { $0 == " " }
                lines[index] = indent + junk + String(line[colon...])
            }
            return (lines.joined(separator: "\n"), "key on line \(index + 1) set to \(junk.debugDescription)")
        case 6:
            lines.insert(junk, at: index)
            return (lines.joined(separator: "\n"), "inserted \(junk.debugDescription) as line \(index + 1)")
        default:
            let scalars = Array(text.unicodeScalars)
            let cut = Int.random(in: 0..<scalars.count, using: &random)
            var truncated = ""
            truncated.unicodeScalars.append(contentsOf: scalars[..<cut])
            return (truncated, "truncated after \(cut) characters")
        }
    }

    @Test(arguments: seeds)
    func mutatedWorkflowFilesLoadOrSayWhereTheyAreWrong(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let original = try String(contentsOfFile: Self.workflowPath, encoding: .utf8)
        let calendar = SourceFile(path: Self.calendarPath, text: try String(contentsOfFile: Self.calendarPath, encoding: .utf8))
        // The file as shipped loads: the mutations below are what break it.
        let shipped = try Self.load(original, calendar: calendar)
        #expect(shipped.workflow.id == "cpc-2014")
        var loaded = 0
        var refused = 0
        for _ in 0..<30 {
            var text = original
            var what: [String] = []
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                let (mutated, description) = Self.mutate(text, using: &random)
                text = mutated
                what.append(description)
            }
            let context = "seed \(seed): \(what.joined(separator: ", "))"
            do {
                let bundle = try Self.load(text, calendar: calendar)
                loaded += 1
                // What loads is a usable workflow: its transitions lead to stages it defines.
                for step in bundle.workflow.steps {
                    if let stage = step.enters { #expect(bundle.workflow.stage(stage) != nil, "\(context): \(step.id) enters \(stage)") }
                    for stage in step.from { #expect(bundle.workflow.stage(stage) != nil, "\(context): \(step.id) from \(stage)") }
                }
            } catch {
                refused += 1
                #expect(!error.diagnostics.isEmpty, "\(context): refused without a diagnostic")
                let lineCounts = [
                    Self.workflowPath: text.components(separatedBy: "\n").count,
                    Self.calendarPath: calendar.text.components(separatedBy: "\n").count,
                ]
                for diagnostic in error.diagnostics {
                    let lines = lineCounts[diagnostic.file]
                    #expect(lines != nil, "\(context): the diagnostic names no file it was given: \(diagnostic)")
                    #expect(diagnostic.line >= 1 && diagnostic.line <= (lines ?? 0) + 1,
                            "\(context): the diagnostic's line is outside the file: \(diagnostic)")
                    #expect(diagnostic.column >= 1, "\(context): \(diagnostic)")
                    #expect(!diagnostic.message.isEmpty, "\(context): \(diagnostic)")
                    #expect(diagnostic.description.hasPrefix("\(diagnostic.file):\(diagnostic.line):"), "\(context): \(diagnostic)")
                }
            }
        }
        #expect(refused > 6, "seed \(seed): \(loaded) mutated files loaded, \(refused) were refused")
    }
}

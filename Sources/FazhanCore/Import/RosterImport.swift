/// A roster (花名册) read from a CSV: one person per row, checked row by row, then compared with
/// the people already registered. Pure: the caller reads the file and the store.
///
/// ```swift
/// let sheet = try ImportSheet(rows: try CSVReader.rows(text), columns: RosterImport.columns)
/// let read = RosterImport.read(sheet, organizations: organizations, today: today)
/// let plan = RosterImport.plan(read.entries, existing: try store.people(numbers: read.entries.map(\.number)),
///                             organizations: organizations, sheet: sheet)
/// ```
public enum RosterImport {
    /// The columns a roster may have, in Chinese or English.
    public static let columns: [ImportColumn] = [
        ImportColumn("number", ["学号", "工号", "编号", "学号/工号", "学工号", "number"], required: true),
        ImportColumn("name", ["姓名", "name"], required: true),
        ImportColumn("organization", ["所在组织", "党组织", "所在党组织", "支部", "党支部", "所在支部", "所在党支部", "organization", "org"],
                     required: true),
        ImportColumn("category", ["类别", "人员类别", "人员类型", "身份", "category"]),
        ImportColumn("gender", ["性别", "gender"]),
        ImportColumn("birth", ["出生日期", "出生年月日", "生日", "birth date", "birth"]),
        ImportColumn("ethnicity", ["民族", "ethnicity"]),
        ImportColumn("education", ["学历", "education"]),
        ImportColumn("level", ["层次", "学生层次", "培养层次", "level"]),
        ImportColumn("grade", ["年级", "grade"]),
        ImportColumn("league", ["共青团员", "是否共青团员", "是否团员", "团员", "league member", "league"]),
        ImportColumn("idNumber", ["身份证号", "身份证号码", "公民身份号码", "身份证", "id number", "id"]),
        // Read-only columns of `fazhan export people`, accepted so that an export imports back,
        // and not read: a person's stage comes from their events, never from a roster.
        ImportColumn("stage", ["当前阶段", "stage"]),
        ImportColumn("stageSince", ["阶段起始", "stage since"]),
    ]

    /// One person as the roster gives them, checked.
    public struct Entry: Sendable, Hashable {
        public var line: Int
        public var number: String
        public var name: String
        public var organization: Organization
        public var category: PersonProfile.Category
        public var gender: Gender?
        public var birthDate: CivilDate?
        public var ethnicity: String?
        public var education: String?
        public var level: PersonProfile.Level?
        public var grade: Int?
        /// Whether the person is a League member; nil when the cell is blank (not a member).
        public var leagueMember: Bool?
        /// The resident ID number, validated and normalized (upper-case X).
        public var idNumber: String?
    }

    /// The rows that read well, and a problem for every cell that did not.
    public struct Reading: Sendable {
        public var entries: [Entry]
        public var problems: [ImportProblem]
    }

    /// What an import of the entries would do.
    public struct Plan: Sendable {
        /// People to register, in file order.
        public var new: [Entry]
        /// Rows whose number is already registered the same way.
        public var present: [Entry]
        /// Rows whose number is registered differently.
        public var problems: [ImportProblem]
    }

    /// Checks every row: required cells, organizations, categories, dates (real days, not in
    /// the future), ID numbers (check character, agreeing with birth date and gender), and
    /// numbers or ID numbers that repeat an earlier row.
    public static func read(_ sheet: ImportSheet, organizations: [Organization], today: CivilDate) -> Reading {
        var checker = RowChecker(sheet: sheet, organizations: organizations, today: today)
        var reading = Reading(entries: [], problems: [])
        for row in sheet.rows {
            if let entry = checker.check(row, problems: &reading.problems) { reading.entries.append(entry) }
        }
        return reading
    }

    /// Checks a roster's rows one at a time, in file order, remembering the numbers and ID
    /// numbers of the rows before, so that a file can be checked as it is read.
    public struct RowChecker {
        public let sheet: ImportSheet
        private let lookup: OrganizationLookup
        private let today: CivilDate
        /// The line each number and ID number was first given on.
        private var numbers: [String: Int] = [:]
        private var idNumbers: [String: Int] = [:]

        public init(sheet: ImportSheet, organizations: [Organization], today: CivilDate) {
            self.sheet = sheet
            lookup = OrganizationLookup(organizations)
            self.today = today
        }

        /// The row's entry, or nil with a problem for every cell that did not read well.
        public mutating func check(_ row: CSVReader.Row, problems: inout [ImportProblem]) -> Entry? {
            var reader = RowReader(sheet: sheet, row: row)
            let number = reader.text("number")
            if number.isEmpty {
                reader.report("number", "empty: every person needs a number (学号 or 工号)")
            } else if CellParser.isScientificNotation(number) {
                reader.report("number", CellParser.shortenedNumber(number))
            } else if let earlier = numbers[number] {
                reader.report("number", "\(number) is already on line \(earlier) of this file")
            }
            let name = reader.text("name")
            if name.isEmpty { reader.report("name", "empty: every person needs a name") }
            var organization: Organization?
            if reader.text("organization").isEmpty {
                reader.report("organization", "empty: every person belongs to an organization (code or name)")
            } else {
                organization = reader.value("organization", lookup.find)
            }
            var category = reader.value("category", PersonFields.category)
            if category == nil, reader.text("category").isEmpty, let organization {
                switch organization.category {
                case .student: category = .student
                case .teacher: category = .teacher
                case .staff: category = .staff
                case .mixed, nil:
                    reader.report("category", "empty, and \(organization.code) (\(organization.name)) does not say whether its people are students or teachers")
                }
            }
            var gender = reader.value("gender", PersonFields.gender)
            var birth = reader.value("birth", CellParser.date)
            if let date = birth, date > today {
                reader.report("birth", "\(date) is in the future (today is \(today))")
                birth = nil
            }
            let level = reader.value("level", PersonFields.level)
            if level != nil, let category, category != .student {
                reader.report("level", "a level (本科/硕士/博士) applies to students only")
            }
            let grade = reader.value("grade", PersonFields.grade)
            let league = reader.value("league", CellParser.yesNo)
            var idNumber: String?
            let rawID = reader.text("idNumber")
            if CellParser.isScientificNotation(rawID) {
                reader.report("idNumber", CellParser.shortenedNumber(rawID))
            } else if !rawID.isEmpty {
                do {
                    let resident = try ResidentID(validating: rawID)
                    let disagreements = resident.agrees(birthDate: birth, gender: gender)
                    for disagreement in disagreements { reader.report("idNumber", "\(resident.masked): \(disagreement)") }
                    if let earlier = idNumbers[resident.value] {
                        reader.report("idNumber", "\(resident.masked) is already on line \(earlier) of this file")
                    }
                    if resident.birthDate > today { reader.report("idNumber", "\(resident.masked) gives a birth date in the future") }
                    birth = birth ?? resident.birthDate
                    gender = gender ?? resident.gender
                    idNumber = resident.value
                    idNumbers[resident.value] = idNumbers[resident.value] ?? row.line
                } catch {
                    reader.report("idNumber", "\(ResidentID.mask(rawID)) is not a valid ID number: \(error)")
                }
            }
            if !number.isEmpty { numbers[number] = numbers[number] ?? row.line }
            problems += reader.problems
            guard reader.problems.isEmpty, let organization, let category else { return nil }
            return Entry(
                line: row.line, number: number, name: name, organization: organization, category: category, gender: gender,
                birthDate: birth, ethnicity: RosterImport.optional(reader.text("ethnicity")),
                education: RosterImport.optional(reader.text("education")),
                level: level, grade: grade, leagueMember: league, idNumber: idNumber)
        }
    }

    /// Compares the entries with the people already registered under their numbers: the same
    /// registration is already present; a different one is a problem naming what differs. An ID
    /// number registered to someone else (`idHolders`, by ID number) is a problem naming both.
    public static func plan(_ entries: [Entry], existing: [String: PersonProfile], idHolders: [String: PersonProfile] = [:],
                            organizations: [Organization], sheet: ImportSheet) -> Plan {
        let codes = organizationCodes(organizations)
        var plan = Plan(new: [], present: [], problems: [])
        for entry in entries {
            let holder = entry.idNumber.flatMap { idHolders[$0] }
            switch compare(entry, registered: existing[entry.number], idHolder: holder, organizationCodes: codes, sheet: sheet) {
            case .new: plan.new.append(entry)
            case .present: plan.present.append(entry)
            case .problem(let problem): plan.problems.append(problem)
            }
        }
        return plan
    }

    /// Where an entry stands against the people already registered.
    public enum Comparison: Sendable {
        /// Nobody has the number: the entry registers a new person.
        case new
        /// The number is registered the same way.
        case present
        /// The number is registered differently, or the ID number is someone else's.
        case problem(ImportProblem)
    }

    /// Organization codes by id, as `compare` names them.
    public static func organizationCodes(_ organizations: [Organization]) -> [Int64: String] {
        Dictionary(organizations.map { ($0.id, $0.code) }, uniquingKeysWith: { first, _ in first })
    }

    /// Compares one entry with the person registered under its number (`registered`) and the
    /// person holding its ID number (`idHolder`), each nil when nobody does.
    public static func compare(_ entry: Entry, registered person: PersonProfile?, idHolder holder: PersonProfile?,
                               organizationCodes codes: [Int64: String], sheet: ImportSheet) -> Comparison {
        if let idNumber = entry.idNumber, let holder, holder.number != entry.number {
            return .problem(ImportProblem(
                line: entry.line, column: sheet.title("idNumber"),
                message: Catalogue.idNumberTaken(ResidentID.mask(idNumber), by: holder.number, holder.name, number: entry.number)))
        }
        guard let person else { return .new }
        let differences = differences(entry, person, organizationCodes: codes)
        if differences.isEmpty { return .present }
        let registered = Catalogue.registered(person.name, code: codes[person.organizationID] ?? "?", category: person.category.rawValue)
        let detail = differences.map { Catalogue.differs(sheet.title($0.key), given: $0.given, registered: $0.registered) }
        return .problem(ImportProblem(
            line: entry.line, column: differences.map { sheet.title($0.key) }.joined(separator: ", "),
            message: Catalogue.alreadyRegistered(entry.number, as: registered, differences: detail)))
    }

    /// What an entry says differently from a registered person: the fields the entry gives (a
    /// blank cell says nothing) that disagree, with both values as shown to the organizer.
    static func differences(_ entry: Entry, _ person: PersonProfile, organizationCodes: [Int64: String])
        -> [(key: String, given: String, registered: String)] {
        var found: [(key: String, given: String, registered: String)] = []
        func compare<T: Equatable>(_ key: String, _ given: T?, _ registered: T?, _ show: (T) -> String) {
            guard let given, given != registered else { return }
            found.append((key, show(given), registered.map(show) ?? Catalogue.none))
        }
        compare("name", entry.name, person.name) { $0 }
        compare("organization", entry.organization.id, person.organizationID) { organizationCodes[$0] ?? "?" }
        compare("category", entry.category, person.category) { $0.rawValue }
        compare("gender", entry.gender, person.gender) { $0.rawValue }
        compare("birth", entry.birthDate, person.birthDate) { $0.description }
        compare("ethnicity", entry.ethnicity, person.ethnicity) { $0 }
        compare("education", entry.education, person.education) { $0 }
        compare("level", entry.level, person.level) { $0.rawValue }
        compare("grade", entry.grade, person.grade) { String($0) }
        compare("league", entry.leagueMember, person.leagueMember) { $0 ? "是" : "否" }
        compare("idNumber", entry.idNumber, person.idNumber) { ResidentID.mask($0) }
        return found
    }

    fileprivate static func optional(_ text: String) -> String? { text.isEmpty ? nil : text }
}

/// Person fields as people write them in rosters, in Chinese or English.
enum PersonFields {
    /// 学生/student, 教师/教职工/teacher, 职工/staff, 其他/other.
    static func category(_ text: String) throws(CellProblem) -> PersonProfile.Category {
        if let category = PersonProfile.Category(rawValue: text.lowercased()) { return category }
        switch text {
        case "学生", "本科生", "研究生": return .student
        case "教师", "教职工", "教工": return .teacher
        case "职工", "员工": return .staff
        case "其他": return .other
        default: throw CellProblem(Catalogue.notACategory(text))
        }
    }

    /// 男/male/m, 女/female/f.
    static func gender(_ text: String) throws(CellProblem) -> Gender {
        switch text.lowercased() {
        case "男", "male", "m": return .male
        case "女", "female", "f": return .female
        default: throw CellProblem(Catalogue.notAGender(text))
        }
    }

    /// 本科/undergraduate, 硕士/master, 博士/doctoral (研究生 alone is ambiguous).
    static func level(_ text: String) throws(CellProblem) -> PersonProfile.Level {
        if let level = PersonProfile.Level(rawValue: text.lowercased()) { return level }
        switch text {
        case "本科", "本科生": return .undergraduate
        case "硕士", "硕士生", "硕士研究生": return .master
        case "博士", "博士生", "博士研究生": return .doctoral
        default: throw CellProblem(Catalogue.notALevel(text))
        }
    }

    /// A year of entry: `2022` or `2022级`.
    static func grade(_ text: String) throws(CellProblem) -> Int {
        let digits = text.hasSuffix("级") ? String(text.dropLast()) : text
        guard let year = Int(digits) else {
            throw CellProblem(Catalogue.notAGrade(text))
        }
        guard Bounds.grade.contains(year) else {
            throw CellProblem(Catalogue.outOfRange(written: String(year), Bounds.grade))
        }
        return year
    }
}

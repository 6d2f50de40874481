import ArgumentParser
import FazhanCore
import FazhanService
import FazhanReports
import FazhanSQLite
import FazhanStore
import FazhanViews
import Foundation

struct EnrollmentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enrollment",
        abstract: Catalogue.enrollmentAbstract,
        subcommands: [Set.self, Import.self, List.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: Catalogue.enrollmentImportAbstract,
            discussion: Catalogue.enrollmentImportDiscussion)

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var recorder: RecorderOptions
        @Argument(help: ArgumentHelp(Catalogue.csvFileHelp)) var file: String
        @Flag(help: ArgumentHelp(Catalogue.enrollmentImportDryRunHelp)) var dryRun = false

        static let headers: [String: [String]] = [
            "organization": ["organization", "org", "组织", "组织代码", "代码"],
            "students": ["students", "在校生", "在校生人数", "学生数"],
            "staff": ["staff", "教职工", "教职工人数"],
            "on": ["on", "effective", "date", "生效日期", "日期"],
        ]

        func run() async throws {
            let (rows, column) = try CountsFile.read(file, headers: Self.headers, required: ["organization", "students", "on"])
            let service = try await database.service()
            let organizations = OrganizationDirectory(try await service.organizationTree().ordered.map(\.organization))
            let today = Clock.today()
            var counts: [EnrollmentEntry] = []
            var problems: [String] = []
            for row in rows.dropFirst() {
                func cell(_ name: String) -> String {
                    guard let index = column[name], index < row.fields.count else { return "" }
                    return row.fields[index].trimmingCharacters(in: .whitespaces)
                }
                var rowProblems: [String] = []
                let code = cell("organization")
                if organizations.organization(code: code) == nil { rowProblems.append("organization: no organization \"\(code)\"") }
                let students = Int(cell("students"))
                if students == nil || students! < 0 {
                    rowProblems.append("students: \"\(cell("students"))\" is not a count")
                } else if let students, let problem = Bounds.enrollment.problem("students:", students) {
                    rowProblems.append(problem)
                }
                var staff: Int?
                if !cell("staff").isEmpty {
                    staff = Int(cell("staff"))
                    if staff == nil || staff! < 0 {
                        rowProblems.append("staff: \"\(cell("staff"))\" is not a count")
                    } else if let count = staff, let problem = Bounds.enrollment.problem("staff:", count) {
                        rowProblems.append(problem)
                    }
                }
                let date = CountsFile.date(cell("on"), today: today, problems: &rowProblems)
                if rowProblems.isEmpty, let students, let date {
                    counts.append(EnrollmentEntry(organizationCode: code, students: students, staff: staff, effectiveOn: date))
                } else {
                    problems += rowProblems.map { "line \(row.line), \($0)" }
                }
            }
            guard try CountsFile.shouldRecord(counts.count, from: file, problems: problems, dryRun: dryRun) else { return }
            try await service.setEnrollments(counts, recordedAt: Clock.timestamp(), recordedBy: recorder.user)
            output(Catalogue.countsRecorded(file, count: counts.count))
        }
    }

    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set", abstract: Catalogue.enrollmentSetAbstract)

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var recorder: RecorderOptions
        @Argument(help: ArgumentHelp(Catalogue.orgCodeHelp)) var org: String
        @Option(help: ArgumentHelp(Catalogue.enrollmentSetStudentsHelp)) var students: Int
        @Option(help: ArgumentHelp(Catalogue.enrollmentSetStaffHelp)) var staff: Int?
        @Option(help: ArgumentHelp(Catalogue.countInForceFromHelp)) var on: CivilDate

        func validate() throws {
            if let problem = Bounds.enrollment.problem("--students", students) { throw ValidationError(problem) }
            if let staff, let problem = Bounds.enrollment.problem("--staff", staff) { throw ValidationError(problem) }
        }

        func run() async throws {
            try await database.service().setEnrollment(
                EnrollmentEntry(organizationCode: org, students: students, staff: staff, effectiveOn: on),
                recordedAt: Clock.timestamp(), recordedBy: recorder.user)
            output(Catalogue.enrollmentSet(org, students: students, staff: staff, from: on))
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: Catalogue.enrollmentListAbstract)

        @OptionGroup var database: DatabaseOptions
        @Option(help: ArgumentHelp(Catalogue.enrollmentListAsOfHelp)) var asOf: CivilDate?
        @Option(help: ArgumentHelp(Catalogue.formatTableJSONCSVHelp)) var format: OutputFormat = .table

        func run() async throws {
            let counts = try await database.service().enrollment(asOf: asOf ?? Clock.today())
            if format == .json { return output(try JSONOutput.render(counts)) }
            let listing = Listing(
                columns: [Table.Column("organization"), Table.Column("students", alignment: .right),
                          Table.Column("staff", alignment: .right), Table.Column("from")],
                rows: counts.map { [$0.organizationCode, String($0.students), $0.staff.map(String.init) ?? "", $0.effectiveOn.description] })
            output(format == .csv ? listing.renderCSV() : listing.renderTable())
        }
    }
}

struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: Catalogue.planAbstract,
        subcommands: [Set.self, List.self])

    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set", abstract: Catalogue.planSetAbstract)

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var recorder: RecorderOptions
        @Argument(help: ArgumentHelp(Catalogue.orgCodeHelp)) var org: String
        @Option(help: ArgumentHelp(Catalogue.yearHelp)) var year: Int
        @Option(help: ArgumentHelp(Catalogue.personCategoryHelp)) var category: PersonProfile.Category
        @Option(help: ArgumentHelp(Catalogue.planSetQuotaHelp)) var quota: Int

        func validate() throws {
            if let problem = Bounds.quota.problem("--quota", quota) { throw ValidationError(problem) }
            if let problem = Bounds.year.problem("--year", year) { throw ValidationError(problem) }
        }

        func run() async throws {
            try await database.service().setPlan(organizationCode: org, year: year, category: category, quota: quota,
                                                 recordedAt: Clock.timestamp(), recordedBy: recorder.user)
            output(Catalogue.planSet(org, year: year, category: category.rawValue, quota: quota))
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: Catalogue.planListAbstract)

        @OptionGroup var database: DatabaseOptions
        @Option(help: ArgumentHelp(Catalogue.yearHelp)) var year: Int
        @Option(help: ArgumentHelp(Catalogue.formatTableJSONCSVHelp)) var format: OutputFormat = .table

        func validate() throws {
            if let problem = Bounds.year.problem("--year", year) { throw ValidationError(problem) }
        }

        func run() async throws {
            let plans = try await database.service().plans(year: year)
            if format == .json { return output(try JSONOutput.render(plans)) }
            let listing = Listing(
                columns: [Table.Column("organization"), Table.Column("year"), Table.Column("category"), Table.Column("quota", alignment: .right)],
                rows: plans.map { [$0.organizationCode, String($0.year), $0.category, String($0.quota)] })
            output(format == .csv ? listing.renderCSV() : listing.renderTable())
        }
    }
}

extension OrgCommand {
    struct Grade: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "grade",
            abstract: Catalogue.orgGradeAbstract)

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var recorder: RecorderOptions
        @Argument(help: ArgumentHelp(Catalogue.branchCodeHelp)) var code: String
        @Option(help: ArgumentHelp(Catalogue.orgGradeYearHelp)) var year: Int
        @Option(help: ArgumentHelp(Catalogue.orgGradeGradeHelp)) var grade: String
        @Flag(help: ArgumentHelp(Catalogue.orgGradeStrongestHelp)) var strongest = false
        @Option(help: ArgumentHelp(Catalogue.orgGradeNoteHelp)) var note: String?

        func validate() throws {
            if let problem = Bounds.year.problem("--year", year) { throw ValidationError(problem) }
            if !BranchGrading.grades.contains(grade) {
                throw ValidationError("--grade must be one of \(BranchGrading.grades.joined(separator: ", "))")
            }
        }

        func run() async throws {
            try await database.service().recordGrading(organizationCode: code, year: year, grade: grade, strongest: strongest,
                                                       note: note, recordedAt: Clock.timestamp(), recordedBy: recorder.user)
            output("\(code) \(year): \(grade)" + (strongest ? ", 最强党支部" : ""))
        }
    }
}

extension OrgCommand {
    struct Members: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "members",
            abstract: Catalogue.orgMembersAbstract,
            discussion: Catalogue.orgMembersDiscussion)

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var recorder: RecorderOptions
        @Argument(help: ArgumentHelp(Catalogue.branchCodeHelp)) var code: String?
        @Option(help: ArgumentHelp(Catalogue.orgMembersFullHelp)) var full: Int?
        @Option(help: ArgumentHelp(Catalogue.countInForceFromHelp)) var on: CivilDate?
        @Flag(help: ArgumentHelp(Catalogue.orgMembersListHelp)) var list = false
        @Option(help: ArgumentHelp(Catalogue.orgMembersAsOfHelp)) var asOf: CivilDate?
        @Option(help: ArgumentHelp(Catalogue.orgMembersFormatHelp)) var format: OutputFormat = .table
        @Option(name: .customLong("import"), help: ArgumentHelp(Catalogue.orgMembersFileHelp)) var file: String?
        @Flag(help: ArgumentHelp(Catalogue.orgMembersDryRunHelp)) var dryRun = false

        static let headers: [String: [String]] = [
            "organization": ["organization", "org", "组织", "组织代码", "代码", "党支部"],
            "full": ["full", "full_members", "members", "正式党员", "正式党员人数", "党员人数"],
            "on": ["on", "effective", "date", "生效日期", "日期"],
        ]

        func validate() throws {
            let modes = [code != nil || full != nil || on != nil, list, file != nil].filter { $0 }.count
            if modes != 1 { throw ValidationError("give a branch with --full and --on, or --list, or --import FILE") }
            if code != nil || full != nil || on != nil {
                guard code != nil, let full, on != nil else { throw ValidationError("recording a count needs CODE, --full N and --on DATE") }
                if let problem = Bounds.fullMembers.problem("--full", full) { throw ValidationError(problem) }
            }
            if !list, asOf != nil || format != .table { throw ValidationError("--as-of and --format go with --list") }
            if file == nil, dryRun { throw ValidationError("--dry-run goes with --import") }
        }

        func run() async throws {
            let service = try await database.service()
            if list {
                let counts = try await service.membership(asOf: asOf ?? Clock.today())
                if format == .json { return output(try JSONOutput.render(counts)) }
                let listing = Listing(
                    columns: [Table.Column("organization"), Table.Column("full members", alignment: .right), Table.Column("from")],
                    rows: counts.map { [$0.organizationCode, String($0.fullMembers), $0.effectiveOn.description] })
                return output(format == .csv ? listing.renderCSV() : listing.renderTable())
            }
            if let file { return try await importFile(file, service: service) }
            guard let code, let full, let on else { return }
            try await service.setMemberships([MembershipEntry(organizationCode: code, fullMembers: full, effectiveOn: on)],
                                             recordedAt: Clock.timestamp(), recordedBy: recorder.user)
            output(Catalogue.membersSet(code, full: full, from: on))
        }

        func importFile(_ file: String, service: DevelopmentService) async throws {
            let (rows, column) = try CountsFile.read(file, headers: Self.headers, required: ["organization", "full", "on"])
            let organizations = OrganizationDirectory(try await service.organizationTree().ordered.map(\.organization))
            let today = Clock.today()
            var counts: [MembershipEntry] = []
            var problems: [String] = []
            for row in rows.dropFirst() {
                func cell(_ name: String) -> String {
                    guard let index = column[name], index < row.fields.count else { return "" }
                    return row.fields[index].trimmingCharacters(in: .whitespaces)
                }
                var rowProblems: [String] = []
                let code = cell("organization")
                if let organization = organizations.organization(code: code) {
                    if organization.kind != .branch { rowProblems.append("organization: \(code) is not a 党支部; only a branch has full members who vote") }
                } else {
                    rowProblems.append("organization: no organization \"\(code)\"")
                }
                let full = Int(cell("full"))
                if full == nil || full! < 0 {
                    rowProblems.append("full: \"\(cell("full"))\" is not a count")
                } else if let full, let problem = Bounds.fullMembers.problem("full:", full) {
                    rowProblems.append(problem)
                }
                let date = CountsFile.date(cell("on"), today: today, problems: &rowProblems)
                if rowProblems.isEmpty, let full, let date {
                    counts.append(MembershipEntry(organizationCode: code, fullMembers: full, effectiveOn: date))
                } else {
                    problems += rowProblems.map { "line \(row.line), \($0)" }
                }
            }
            guard try CountsFile.shouldRecord(counts.count, from: file, problems: problems, dryRun: dryRun) else { return }
            try await service.setMemberships(counts, recordedAt: Clock.timestamp(), recordedBy: recorder.user)
            output(Catalogue.countsRecorded(file, count: counts.count))
        }
    }
}

/// A CSV of counts per organization (enrollment, full members): its rows, and which column holds
/// each field, found by its header in Chinese or English. Refused whole when unreadable, not
/// UTF-8, empty, or missing a required column.
enum CountsFile {
    static func read(_ file: String, headers: [String: [String]], required: [String]) throws -> (rows: [CSVReader.Row], column: [String: Int]) {
        guard let data = FileManager.default.contents(atPath: file) else { throw Failure("error: cannot read \(file)") }
        guard let text = String(data: data, encoding: .utf8) else {
            throw Failure("error: \(file) is not UTF-8; save it as \"CSV UTF-8\" in Excel")
        }
        let rows: [CSVReader.Row]
        do { rows = try CSVReader.rows(text) } catch { throw Failure("error: \(file): \(error)") }
        guard let header = rows.first else { throw Failure("error: \(file) is empty") }
        var column: [String: Int] = [:]
        for (index, title) in header.fields.enumerated() {
            let key = title.trimmingCharacters(in: .whitespaces).lowercased()
            if let name = headers.first(where: { $0.value.contains(key) })?.key { column[name] = index }
        }
        let missing = required.filter { column[$0] == nil }
        if !missing.isEmpty {
            throw Failure("error: \(file): no column for \(missing.joined(separator: ", ")) (headers: \(header.fields.joined(separator: ", ")))")
        }
        return (rows, column)
    }

    /// A row's effective date: a date, and not in the future; else nil, with the problem noted.
    static func date(_ text: String, today: CivilDate, problems: inout [String]) -> CivilDate? {
        guard let date = CivilDate(text) else {
            problems.append("on: \"\(text)\" is not a date YYYY-MM-DD")
            return nil
        }
        if date > today { problems.append("on: \(date) is in the future") }
        return date
    }

    /// Whether the counts read are to be recorded: refused whole with every problem listed, said
    /// and left unrecorded on a dry run.
    static func shouldRecord(_ count: Int, from file: String, problems: [String], dryRun: Bool) throws -> Bool {
        if !problems.isEmpty {
            throw Failure(Catalogue.countsRefused(file, problems: problems))
        }
        if dryRun { output(Catalogue.countsDryRun(file, count: count)) }
        return !dryRun
    }
}

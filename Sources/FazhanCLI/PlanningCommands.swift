import ArgumentParser
import FazhanCore
import FazhanReports
import FazhanStore
import Foundation

struct EnrollmentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enrollment",
        abstract: "Enrolled-student (and staff) counts per organization, in force from a date: the denominators of ratio targets.",
        subcommands: [Set.self, List.self])

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record the count in force from a date.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var recorder: RecorderOptions
        @Argument(help: "The organization's code.") var org: String
        @Option(help: "Enrolled students.") var students: Int
        @Option(help: "Staff (教职工), where a target needs them.") var staff: Int?
        @Option(help: "The date the count is in force from.") var on: CivilDate

        func validate() throws {
            if students < 0 { throw ValidationError("--students cannot be negative") }
            if let staff, staff < 0 { throw ValidationError("--staff cannot be negative") }
        }

        func run() throws {
            let store = try database.openStore()
            try store.setEnrollment(organizationCode: org, students: students, staff: staff, effectiveOn: on,
                                    recordedAt: Clock.timestamp(), recordedBy: recorder.user)
            output("\(org): \(students) students" + (staff.map { ", \($0) staff" } ?? "") + " from \(on)")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The counts in force on a date.")

        @OptionGroup var database: DatabaseOptions
        @Option(help: "The date (else today).") var asOf: CivilDate?
        @Option(help: "table, json or csv.") var format: OutputFormat = .table

        func run() throws {
            let counts = try database.openStore().enrollment(asOf: asOf ?? Clock.today())
            if format == .json { return output(try JSONOutput.render(counts)) }
            let listing = Listing(
                columns: [Table.Column("organization"), Table.Column("students", alignment: .right),
                          Table.Column("staff", alignment: .right), Table.Column("from")],
                rows: counts.map { [$0.organizationCode, String($0.students), $0.staff.map(String.init) ?? "", $0.effectiveOn.description] })
            output(format == .csv ? listing.renderCSV() : listing.renderTable())
        }
    }
}

struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Annual development plans (年度发展计划): a quota per organization and year, teachers apart from students.",
        subcommands: [Set.self, List.self])

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set the quota of an organization for a year and category.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var recorder: RecorderOptions
        @Argument(help: "The organization's code.") var org: String
        @Option(help: "The year.") var year: Int
        @Option(help: "student, teacher, staff or other.") var category: PersonProfile.Category
        @Option(help: "How many admissions the plan allows.") var quota: Int

        func validate() throws {
            if quota < 0 { throw ValidationError("--quota cannot be negative") }
            if !(1949...2100).contains(year) { throw ValidationError("--year \(year) is not a plausible year") }
        }

        func run() throws {
            try database.openStore().setPlan(organizationCode: org, year: year, category: category.rawValue, quota: quota,
                                             recordedAt: Clock.timestamp(), recordedBy: recorder.user)
            output("\(org) \(year) \(category.rawValue): quota \(quota)")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The plans of a year.")

        @OptionGroup var database: DatabaseOptions
        @Option(help: "The year.") var year: Int
        @Option(help: "table, json or csv.") var format: OutputFormat = .table

        func run() throws {
            let plans = try database.openStore().plans(year: year)
            if format == .json { return output(try JSONOutput.render(plans)) }
            let listing = Listing(
                columns: [Table.Column("organization"), Table.Column("year"), Table.Column("category"), Table.Column("quota", alignment: .right)],
                rows: plans.map { [$0.organizationCode, String($0.year), $0.category, String($0.quota)] })
            output(format == .csv ? listing.renderCSV() : listing.renderTable())
        }
    }
}

extension OrgCommand {
    struct Grade: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a branch's yearly grade (分类定级: 先进, 较好, 一般, 后进) and whether it meets the 最强党支部 standard.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var recorder: RecorderOptions
        @Argument(help: "The branch's code.") var code: String
        @Option(help: "The year graded.") var year: Int
        @Option(help: "先进, 较好, 一般 or 后进.") var grade: String
        @Flag(help: "The branch meets the 最强党支部 standard.") var strongest = false
        @Option(help: "A note.") var note: String?

        func validate() throws {
            if !BranchGrading.grades.contains(grade) {
                throw ValidationError("--grade must be one of \(BranchGrading.grades.joined(separator: ", "))")
            }
        }

        func run() throws {
            try database.openStore().recordGrading(organizationCode: code, year: year, grade: grade, strongest: strongest, note: note,
                                                   recordedAt: Clock.timestamp(), recordedBy: recorder.user)
            output("\(code) \(year): \(grade)" + (strongest ? ", 最强党支部" : ""))
        }
    }
}

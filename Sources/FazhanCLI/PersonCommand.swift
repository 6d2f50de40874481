import ArgumentParser
import FazhanCore
import FazhanService
import FazhanReports
import FazhanSQLite
import FazhanStore
import FazhanViews
import Foundation

struct PersonCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "person", abstract: "Register and list people.", subcommands: [Add.self, List.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Register a person (the application itself is recorded with `record PERSON submit_application`).")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var recorder: RecorderOptions
        @Option(help: "学号 or 工号, unique.") var number: String
        @Option(help: "The person's name.") var name: String
        @Option(help: "The code of the person's organization.") var org: String
        @Option(help: "学生/student, 教师/teacher, 职工/staff or 其他/other.") var category: PersonProfile.Category
        @Option(help: "Birth date, YYYY-MM-DD (or 2003-1-5, 2003/1/5, 2003年1月5日) (taken from --id-number when omitted).") var birth: CivilDate?
        @Option(help: "男/male or 女/female (taken from --id-number when omitted).") var gender: Gender?
        @Option(help: "The 18-character resident ID; checked, and masked in output.") var idNumber: String?
        @Option(help: "Ethnicity, e.g. 汉族.") var ethnicity: String?
        @Flag(help: "A member of the Communist Youth League.") var leagueMember = false
        @Option(help: "Education, e.g. 本科.") var education: String?
        @Option(help: "本科/undergraduate, 硕士/master or 博士/doctoral (students).") var level: PersonProfile.Level?
        @Option(help: "Grade (year of entry), e.g. 2024.") var grade: Int?
        @Option(help: "The workflow the person follows (else the database's default).") var workflow: String?

        func validate() throws {
            if number.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError(Catalogue.mustNotBeEmpty("--number")) }
            if name.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError(Catalogue.mustNotBeEmpty("--name")) }
            if let grade, let problem = Bounds.grade.problem("--grade", grade) { throw ValidationError(problem) }
            if level != nil && category != .student { throw ValidationError(Catalogue.levelStudentsOnly) }
        }

        func run() async throws {
            let (person, chosen) = try await database.service().register(Registration(
                number: number, name: name, organizationCode: org, category: category, birthDate: birth, gender: gender,
                idNumber: idNumber, ethnicity: ethnicity, education: education, level: level, grade: grade,
                leagueMember: leagueMember, workflow: workflow, recordedBy: recorder.user, recordedAt: Clock.timestamp(),
                today: Clock.today()), load: WorkflowLocator.load)
            let version = chosen.installed
            if chosen.installedNow {
                FileHandle.standardError.write(Data((Catalogue.installedWorkflowNote(version.workflowID, version: version.version) + "\n").utf8))
            }
            output(Catalogue.registered(person.name, person.number, id: person.id, workflow: version.workflowID, version: version.version))
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List people with their current stage.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var remote: RemoteOptions
        @Option(help: "Only this organization and those under it.") var org: String?
        @Option(help: "Only people in this stage (id or name).") var stage: String?
        @Option(help: "table, json or csv.") var format: OutputFormat = .table
        @Flag(help: "Show ID numbers in full.") var reveal = false
        @Flag(help: "Include people who left (withdrawn, cancelled, transferred out).") var all = false

        func validate() throws {
            // A stage no installed workflow has would list nobody, as if nobody were in it.
            if let stage, !remote.isRemote(database: database) { try KnownStages.check(stage, database: database) }
        }

        func run() async throws {
            let list = try await database.service().people(organization: org, stage: stage, includeExits: all)
            let printed = try PeopleRendering.render(list, format: format, reveal: reveal)
            output(printed.text)
            if let note = printed.note { FileHandle.standardError.write(Data("\(note)\n".utf8)) }
        }
    }
}

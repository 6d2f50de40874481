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
        commandName: "person", abstract: Catalogue.personAbstract, subcommands: [Add.self, List.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: Catalogue.personAddAbstract)

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var recorder: RecorderOptions
        @Option(help: ArgumentHelp(Catalogue.personAddNumberHelp)) var number: String
        @Option(help: ArgumentHelp(Catalogue.personAddNameHelp)) var name: String
        @Option(help: ArgumentHelp(Catalogue.personAddOrgHelp)) var org: String
        @Option(help: ArgumentHelp(Catalogue.personCategoryHelp)) var category: PersonProfile.Category
        @Option(help: ArgumentHelp(Catalogue.personAddBirthHelp)) var birth: CivilDate?
        @Option(help: ArgumentHelp(Catalogue.personAddGenderHelp)) var gender: Gender?
        @Option(help: ArgumentHelp(Catalogue.personAddIdNumberHelp)) var idNumber: String?
        @Option(help: ArgumentHelp(Catalogue.personAddEthnicityHelp)) var ethnicity: String?
        @Flag(help: ArgumentHelp(Catalogue.personAddLeagueMemberHelp)) var leagueMember = false
        @Option(help: ArgumentHelp(Catalogue.personAddEducationHelp)) var education: String?
        @Option(help: ArgumentHelp(Catalogue.personAddLevelHelp)) var level: PersonProfile.Level?
        @Option(help: ArgumentHelp(Catalogue.personAddGradeHelp)) var grade: Int?
        @Option(help: ArgumentHelp(Catalogue.personAddWorkflowHelp)) var workflow: String?

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
        static let configuration = CommandConfiguration(commandName: "list", abstract: Catalogue.personListAbstract)

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var remote: RemoteOptions
        @Option(help: ArgumentHelp(Catalogue.orgSubtreeHelp)) var org: String?
        @Option(help: ArgumentHelp(Catalogue.personListStageHelp)) var stage: String?
        @Option(help: ArgumentHelp(Catalogue.formatTableJSONCSVHelp)) var format: OutputFormat = .table
        @Flag(help: ArgumentHelp(Catalogue.personListRevealHelp)) var reveal = false
        @Flag(help: ArgumentHelp(Catalogue.includeLeftHelp)) var all = false

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

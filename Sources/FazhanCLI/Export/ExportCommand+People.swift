import ArgumentParser
import FazhanCore
import FazhanService
import FazhanSQLite
import FazhanStore
import FazhanViews

extension ExportCommand {
    /// `fazhan export people`: the register, in the columns `fazhan import people` reads back.
    struct People: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "people",
            abstract: "Export people with their current stage, in the columns `fazhan import people` reads back.",
            discussion: """
                Columns: 学号, 姓名, 所在组织 (the organization's code), 类别, 性别, 出生日期, 民族, 学历, 层次, 年级, 共青团员 \
                (是/否), 身份证号, then the read-only 当前阶段 (the stage's name) and 阶段起始. With --headers en: number, name, \
                organization, category, gender, birth_date, ethnicity, education, level, grade, league_member, id_number, \
                stage, stage_since. JSON adds stage_id and organization_name. An import needs the ID numbers in full \
                (--reveal).
                """)

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var remote: RemoteOptions
        @OptionGroup var options: ExportOptions
        @Flag(help: "Show ID numbers (身份证号) in full.") var reveal = false
        @Option(help: "Only this organization and those under it.") var org: String?
        @Option(help: "Only people now in this stage (id or name).") var stage: String?
        @Flag(help: "Include people who left (withdrawn, cancelled, transferred out).") var all = false

        func validate() throws {
            if let stage, !remote.isRemote(database: database) { try KnownStages.check(stage, database: database) }
        }

        func run() async throws {
            let service = try await database.serviceForReading()
            let stages = try await service.exportStages()
            let stageID = stage.flatMap(stages.id(for:))
            if let stage, stageID == nil { throw KnownStages.unknown(stage, stages.stages) }
            let export = try await service.exportPeople(organization: org, stageID: stageID, all: all, stages: stages)
            try await ExportRun.run(options, columns: ExportTables.People.columns, label: "exporting people", noun: "people", total: export.total) { writer, progress in
                try await export.rows { listing in
                    try writer.write(ExportTables.People.row(listing, stages: stages, reveal: reveal))
                    progress.advance()
                }
            }
        }
    }
}

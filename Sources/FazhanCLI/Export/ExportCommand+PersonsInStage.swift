import ArgumentParser
import FazhanCore
import FazhanService
import FazhanSQLite
import FazhanStore
import FazhanViews

extension ExportCommand {
    /// `fazhan export persons-in-stage`: who was in a stage on a date.
    struct PersonsInStage: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "persons-in-stage",
            abstract: "Export the people in a stage today, or as of a past date (from the histories).",
            discussion: """
                Without --as-of, the current stage of each person (as `person list --stage` shows it). With --as-of, \
                the stage each person was in on that date as their history gives it (a transition counting from the \
                day its step was taken, as the statistics count it), in the organization holding them then.

                Columns: 学号, 姓名, 所在组织, 组织名称, 类别, 性别, 出生日期, 身份证号, 阶段, 阶段代码, 阶段起始, 截至日期 \
                (number, name, organization, organization_name, category, gender, birth_date, id_number, stage, \
                stage_id, stage_since, as_of).
                """)

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var remote: RemoteOptions
        @OptionGroup var options: ExportOptions
        @Flag(help: "Show ID numbers (身份证号) in full.") var reveal = false
        @Option(help: "The stage (id or name), e.g. activist or 入党积极分子.") var stage: String
        @Option(help: "The date to look back to (else today, from the current stages).") var asOf: CivilDate?
        @Option(help: "Only this organization and those under it (the one holding each person on that date).") var org: String?

        func validate() throws {
            if !remote.isRemote(database: database) { try KnownStages.check(stage, database: database) }
        }

        func run() async throws {
            let service = try await database.serviceForReading()
            let stages = try await service.exportStages()
            guard let stageID = stages.id(for: stage) else { throw KnownStages.unknown(stage, stages.stages) }
            let export = try await service.exportPersonsInStage(
                stageID: stageID, stages: stages, asOf: asOf, organization: org, today: Clock.today())
            let label = "exporting \(export.stageName)"
            try await ExportRun.run(options, columns: ExportTables.PersonsInStage.columns, label: label, noun: "people", total: export.total) { writer, progress in
                try await export.rows { row in
                    defer { progress.advance() }
                    guard let row else { return }
                    try writer.write(ExportTables.PersonsInStage.row(row, stageName: export.stageName, stageID: stageID, reveal: reveal))
                }
            }
        }
    }
}

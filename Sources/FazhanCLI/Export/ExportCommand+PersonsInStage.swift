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
            abstract: Catalogue.exportPersonsInStageAbstract,
            discussion: Catalogue.exportPersonsInStageDiscussion)

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var remote: RemoteOptions
        @OptionGroup var options: ExportOptions
        @Flag(help: ArgumentHelp(Catalogue.revealIDNumbersHelp)) var reveal = false
        @Option(help: ArgumentHelp(Catalogue.exportPersonsInStageStageHelp)) var stage: String
        @Option(help: ArgumentHelp(Catalogue.exportPersonsInStageAsOfHelp)) var asOf: CivilDate?
        @Option(help: ArgumentHelp(Catalogue.exportPersonsInStageOrgHelp)) var org: String?

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

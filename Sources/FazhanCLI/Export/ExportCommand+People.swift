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
            abstract: Catalogue.exportPeopleAbstract,
            discussion: Catalogue.exportPeopleDiscussion)

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var remote: RemoteOptions
        @OptionGroup var options: ExportOptions
        @Flag(help: ArgumentHelp(Catalogue.revealIDNumbersHelp)) var reveal = false
        @Option(help: ArgumentHelp(Catalogue.orgSubtreeHelp)) var org: String?
        @Option(help: ArgumentHelp(Catalogue.exportPeopleStageHelp)) var stage: String?
        @Flag(help: ArgumentHelp(Catalogue.includeLeftHelp)) var all = false

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

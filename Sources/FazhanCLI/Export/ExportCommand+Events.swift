import ArgumentParser
import FazhanCore
import FazhanService
import FazhanSQLite
import FazhanStore
import FazhanViews

extension ExportCommand {
    /// `fazhan export events`: every recorded event, corrections and voided events included.
    struct Events: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "events",
            abstract: Catalogue.exportEventsAbstract,
            discussion: Catalogue.exportEventsDiscussion)

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var remote: RemoteOptions
        @OptionGroup var options: ExportOptions
        @Option(help: ArgumentHelp(Catalogue.exportEventsOrgHelp)) var org: String?
        @Option(help: ArgumentHelp(Catalogue.exportEventsFromHelp)) var from: CivilDate?
        @Option(help: ArgumentHelp(Catalogue.exportEventsToHelp)) var to: CivilDate?
        @Flag(help: ArgumentHelp(Catalogue.exportEventsAllHelp)) var all = false

        func validate() throws {
            if let from, let to, from > to { throw ValidationError(Catalogue.fromAfterTo(from, to)) }
        }

        func run() async throws {
            let export = try await database.serviceForReading().exportEvents(organization: org, from: from, to: to, all: all)
            try await ExportRun.run(options, columns: ExportTables.Events.columns, label: "exporting events", noun: "events", total: export.total) { writer, progress in
                try await export.rows { listing, event, stepName in
                    try writer.write(ExportTables.Events.row(listing, event, stepName: stepName))
                    progress.advance()
                }
            }
        }
    }
}

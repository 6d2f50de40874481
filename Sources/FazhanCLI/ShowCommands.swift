import ArgumentParser
import FazhanCore
import FazhanService
import FazhanReports
import FazhanSQLite
import FazhanStore
import FazhanViews
import Foundation

struct ShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        // Parsed as its own root (`Fazhan.parseDirectly`): under `fazhan`, so that ArgumentParser does not look
        // for a completion-script request, which only `fazhan` itself answers.
        _superCommandName: "fazhan",
        abstract: Catalogue.showAbstract)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var remote: RemoteOptions
    @Argument(help: ArgumentHelp(Catalogue.personIdentifierHelp)) var person: String
    @Option(help: ArgumentHelp(Catalogue.formatTableJSONHelp)) var format: OutputFormat = .table
    @Option(help: ArgumentHelp(Catalogue.showAsOfHelp)) var asOf: CivilDate?
    @Flag(help: ArgumentHelp(Catalogue.showRevealHelp)) var reveal = false

    func run() async throws {
        let dossier = try await database.serviceForReading().dossier(person, asOf: asOf ?? Clock.today())
        output(try DossierView.render(dossier, format: format, reveal: reveal))
    }
}

struct HistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: Catalogue.historyAbstract)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var remote: RemoteOptions
    @Argument(help: ArgumentHelp(Catalogue.personIdentifierHelp)) var person: String
    @Option(help: ArgumentHelp(Catalogue.historyAsOfHelp)) var asOf: CivilDate?
    @Option(help: ArgumentHelp(
        Catalogue.historyAsRecordedHelp,
        valueName: "date-or-time"))
    var asRecorded: RecordedInstant?
    @Option(help: ArgumentHelp(Catalogue.formatTableJSONCSVHelp)) var format: OutputFormat = .table

    func run() async throws {
        let view = try await database.serviceForReading().history(
            person, asOf: asOf ?? asRecorded?.localDate ?? Clock.today(), asRecorded: asRecorded?.cutoff)
        output(try HistoryRendering.render(view, format: format))
    }
}

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
        abstract: "A person's profile, current stage and since when, the timeline, and what is next and what blocks it.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var remote: RemoteOptions
    @Argument(help: "The person's number or internal id.") var person: String
    @Option(help: "table or json.") var format: OutputFormat = .table
    @Option(help: "Show the person as of this date (else today).") var asOf: CivilDate?
    @Flag(help: "Show the ID number in full.") var reveal = false

    func run() async throws {
        let dossier = try await database.serviceForReading().dossier(person, asOf: asOf ?? Clock.today())
        output(try DossierView.render(dossier, format: format, reveal: reveal))
    }
}

struct HistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Every event recorded for a person, corrections beside what they correct, and the stage as of a date.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var remote: RemoteOptions
    @Argument(help: "The person's number or internal id.") var person: String
    @Option(help: "Show the events that happened on or before this date, and the stage then.") var asOf: CivilDate?
    @Option(help: ArgumentHelp(
        "Only the events recorded by then: a date (the end of that day, local time) or a time, e.g. 2026-10-15 or 2026-10-15T09:30.",
        valueName: "date-or-time"))
    var asRecorded: RecordedInstant?
    @Option(help: "table, json or csv.") var format: OutputFormat = .table

    func run() async throws {
        let view = try await database.serviceForReading().history(
            person, asOf: asOf ?? asRecorded?.localDate ?? Clock.today(), asRecorded: asRecorded?.cutoff)
        output(try HistoryRendering.render(view, format: format))
    }
}

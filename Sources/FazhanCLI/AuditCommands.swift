import ArgumentParser
import FazhanCore
import FazhanService
import FazhanReports
import FazhanSQLite
import FazhanStore
import FazhanViews
import Foundation
import Synchronization

/// `--org`, `--person`, `--as-of` and `--as-recorded`, shared by the commands that look over
/// many people.
struct ScopeOptions: ParsableArguments {
    @Option(help: "Only this organization and those under it.") var org: String?
    @Option(help: "Only this person (number or id).") var person: String?
    @Option(help: "The date to look from (else today, or the day of --as-recorded).") var asOf: CivilDate?
    @Option(help: ArgumentHelp(
        "Only what had been recorded by then: a date (the end of that day, local time) or a time, e.g. 2026-10-15 or 2026-10-15T09:30.",
        valueName: "date-or-time"))
    var asRecorded: RecordedInstant?

    /// The day looked from: as asked, else the day of the recording cutoff, else today (an
    /// audit produced again as recorded on a day reads as it read that day).
    var date: CivilDate { asOf ?? asRecorded?.localDate ?? Clock.today() }
}

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Check every person's history against the rules they follow; exit 1 when there is a violation.",
        discussion: "Every recorded step is replayed through its guards on the history as it stood that day, and every deadline is checked.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var remote: RemoteOptions
    @OptionGroup var selection: ScopeOptions
    @Option(help: "table, json or csv.") var format: OutputFormat = .table

    func run() async throws {
        let report = try await database.serviceForReading().audit(
            organization: selection.org, person: selection.person, asOf: selection.date, asRecorded: selection.asRecorded?.cutoff)
        output(try AuditRendering.render(report, format: format))
        if report.violations > 0 { throw ExitCode(1) }
    }
}

struct AgendaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agenda",
        abstract: "What is due or overdue, per organization or person, within a horizon; overdue first.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var remote: RemoteOptions
    @OptionGroup var selection: ScopeOptions
    @Option(help: "How far ahead: 30d, 8w, 3m (at most ten years).") var within: String = "30d"
    @Option(help: "table, json or csv.") var format: OutputFormat = .table

    func validate() throws {
        _ = try horizon()
    }

    func horizon() throws -> Horizon {
        do {
            return try Horizon(parsing: within, field: "--within")
        } catch {
            throw ValidationError(error.message)
        }
    }

    func run() async throws {
        let date = selection.date
        let days = try horizon().days
        let items = try await database.serviceForReading().agenda(
            organization: selection.org, person: selection.person, asOf: date, horizonDays: days, asRecorded: selection.asRecorded?.cutoff)
        output(try AgendaRendering.render(items, asOf: date, days: days, format: format))
    }
}

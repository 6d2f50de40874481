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
    @Option(help: ArgumentHelp(Catalogue.orgSubtreeHelp)) var org: String?
    @Option(help: ArgumentHelp(Catalogue.scopeOptionsPersonHelp)) var person: String?
    @Option(help: ArgumentHelp(Catalogue.scopeOptionsAsOfHelp)) var asOf: CivilDate?
    @Option(help: ArgumentHelp(
        Catalogue.scopeOptionsAsRecordedHelp,
        valueName: "date-or-time"))
    var asRecorded: RecordedInstant?

    /// The day looked from: as asked, else the day of the recording cutoff, else today (an
    /// audit produced again as recorded on a day reads as it read that day).
    var date: CivilDate { asOf ?? asRecorded?.localDate ?? Clock.today() }
}

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: Catalogue.auditAbstract,
        discussion: Catalogue.auditDiscussion)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var remote: RemoteOptions
    @OptionGroup var selection: ScopeOptions
    @Option(help: ArgumentHelp(Catalogue.formatTableJSONCSVHelp)) var format: OutputFormat = .table

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
        abstract: Catalogue.agendaAbstract)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var remote: RemoteOptions
    @OptionGroup var selection: ScopeOptions
    @Option(help: ArgumentHelp(Catalogue.agendaWithinHelp)) var within: String = "30d"
    @Option(help: ArgumentHelp(Catalogue.formatTableJSONCSVHelp)) var format: OutputFormat = .table

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

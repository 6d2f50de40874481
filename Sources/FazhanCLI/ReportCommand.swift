import ArgumentParser
import FazhanCore
import FazhanService
import FazhanReports
import FazhanSQLite
import FazhanStore
import FazhanViews
import Foundation

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Statistics reports computed from the event history.", subcommands: [Quarterly.self])

    struct Quarterly: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "quarterly",
            abstract: "The member-development report of a quarter (or a year, or any period): stocks, flows, targets, plans, breakdowns.",
            discussion: """
                Stocks are counted at the period's last day, flows within it (admissions and conversions by approval
                date), each compared with the previous period and the same period a year earlier. Any past period
                reported again gives the same figures: everything is computed as of dates from the history.
                """)

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var remote: RemoteOptions
        @Option(help: "A quarter, e.g. 2026Q3 (without --quarter, --year or --from: the last complete quarter).") var quarter: String?
        @Option(help: "A year, e.g. 2026 (an annual report).") var year: Int?
        @Option(help: "The first day of a custom period.") var from: CivilDate?
        @Option(help: "The last day of a custom period.") var to: CivilDate?
        @Option(help: "Only this organization and those under it.") var org: String?
        @Option(help: ArgumentHelp(
            "The report as filed then: only what had been recorded by this date (the end of that day, local time) or time.",
            valueName: "date-or-time"))
        var asRecorded: RecordedInstant?
        @Option(help: ArgumentHelp(
            "What moved since the report was filed then: the events recorded since, dated within or before the period, and every figure that changed.",
            valueName: "date-or-time"))
        var changesSince: RecordedInstant?
        @Option(help: "table, csv, json or html (html: not with --changes-since).") var format: ReportFormat = .table
        @Option(help: "Write to this file (created readable by its owner only) instead of standard output (html: the page).")
        var output: String?
        @Flag(help: "Replace the --output file if it exists (a regular file only).") var force = false

        enum ReportFormat: String, ExpressibleByArgument, CaseIterable { case table, csv, json, html }

        func validate() throws {
            let chosen = [quarter != nil, year != nil, from != nil || to != nil].filter { $0 }.count
            if chosen > 1 { throw ValidationError(Catalogue.onePeriod) }
            if let year, let problem = Bounds.year.problem("--year", year) { throw ValidationError(problem) }
            if (from == nil) != (to == nil) { throw ValidationError(Catalogue.goTogether("--from", "--to")) }
            if force && output == nil { throw ValidationError(Catalogue.goesWith("--force", "--output")) }
            if let quarter, (try? StatisticsPeriod.quarter(quarter)) == nil {
                throw ValidationError(Catalogue.notAQuarter(quarter))
            }
            if changesSince != nil, format == .html { throw ValidationError("--changes-since prints a table, csv or json, not html") }
            if let since = changesSince?.cutoff, let then = asRecorded?.cutoff, then <= since {
                throw ValidationError("--as-recorded \(then) is not after --changes-since \(since): nothing can have moved")
            }
        }

        /// The day the report is made on: today, or the day it was filed (`--as-recorded`).
        var madeOn: CivilDate { asRecorded?.localDate ?? Clock.today() }

        /// The quarter asked for; with no period at all, the last complete quarter before today.
        var effectiveQuarter: String? {
            if let quarter { return quarter }
            guard year == nil, from == nil, to == nil else { return nil }
            let today = madeOn
            let current = (today.month - 1) / 3 + 1
            return current == 1 ? "\(today.year - 1)Q4" : "\(today.year)Q\(current - 1)"
        }

        func period() throws -> StatisticsPeriod {
            do {
                if let quarter = effectiveQuarter { return try StatisticsPeriod.quarter(quarter) }
                if let year { return try StatisticsPeriod.year(year) }
                return try StatisticsPeriod.custom(from: from!, to: to!)
            } catch {
                throw ValidationError("\(error)")
            }
        }

        /// Says on standard error which quarter was chosen when none was named, and that a period
        /// not yet over counts only what is recorded so far.
        func notePeriod(_ period: StatisticsPeriod) {
            if quarter == nil, let chosen = effectiveQuarter {
                FileHandle.standardError.write(Data((Catalogue.lastCompleteQuarter(chosen) + "\n").utf8))
            }
            let today = madeOn
            if period.to > today {
                FileHandle.standardError.write(Data((Catalogue.periodNotOver(period.to, asRecorded: asRecorded.map { "\($0.cutoff)" }, today: today) + "\n").utf8))
            }
        }

        func run() async throws {
            let period = try period()
            notePeriod(period)
            if let since = changesSince?.cutoff {
                let changes = try await database.serviceForReading().quarterlyReportChanges(
                    period: period, organization: org, since: since, asRecorded: asRecorded?.cutoff)
                let bytes: Data
                switch format {
                case .json: bytes = try JSONOutput.data(changes)
                case .csv: bytes = Data(changes.csv.utf8)
                case .table, .html: bytes = Data(changes.table.utf8)
                }
                return try emit(bytes)
            }
            let assembled = try await database.serviceForReading().quarterlyReport(
                period: period, organization: org, asRecorded: asRecorded?.cutoff)
            if assembled.computedFromEvents {
                FileHandle.standardError.write(Data((Catalogue.computedFromEvents + "\n").utf8))
            }
            let report = assembled.report
            // A province's JSON is hundreds of megabytes: to standard output it goes piece by piece.
            if format == .json, output == nil { return try JSONOutput.write(report, to: FileHandle.standardOutput) }
            let bytes: Data
            switch format {
            case .json: bytes = try JSONOutput.data(report)
            case .csv: bytes = Data(QuarterlyReportText.csv(report).utf8)
            case .table: bytes = Data(QuarterlyReportText.table(report).utf8)
            case .html: bytes = Data(QuarterlyReportHTML.render(report).utf8)
            }
            try emit(bytes)
        }

        /// To the --output file, or to standard output ending with a line break.
        func emit(_ bytes: Data) throws {
            if let output {
                try OutputFile.write(bytes, to: output, overwrite: force)
                FileHandle.standardError.write(Data((Catalogue.wrote(output) + "\n").utf8))
            } else {
                FileHandle.standardOutput.write(bytes)
                if bytes.last != UInt8(ascii: "\n") { FileHandle.standardOutput.write(Data("\n".utf8)) }
            }
        }
    }
}


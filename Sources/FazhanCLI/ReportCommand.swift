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
        commandName: "report", abstract: Catalogue.reportAbstract, subcommands: [Quarterly.self])

    struct Quarterly: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "quarterly",
            abstract: Catalogue.reportQuarterlyAbstract,
            discussion: Catalogue.reportQuarterlyDiscussion)

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var remote: RemoteOptions
        @Option(help: ArgumentHelp(Catalogue.reportQuarterlyQuarterHelp)) var quarter: String?
        @Option(help: ArgumentHelp(Catalogue.reportQuarterlyYearHelp)) var year: Int?
        @Option(help: ArgumentHelp(Catalogue.reportQuarterlyFromHelp)) var from: CivilDate?
        @Option(help: ArgumentHelp(Catalogue.reportQuarterlyToHelp)) var to: CivilDate?
        @Option(help: ArgumentHelp(Catalogue.orgSubtreeHelp)) var org: String?
        @Option(help: ArgumentHelp(
            Catalogue.reportQuarterlyAsRecordedHelp,
            valueName: "date-or-time"))
        var asRecorded: RecordedInstant?
        @Option(help: ArgumentHelp(
            Catalogue.reportQuarterlyChangesSinceHelp,
            valueName: "date-or-time"))
        var changesSince: RecordedInstant?
        @Option(help: ArgumentHelp(Catalogue.reportQuarterlyFormatHelp)) var format: ReportFormat = .table
        @Option(help: ArgumentHelp(Catalogue.reportQuarterlyOutputHelp))
        var output: String?
        @Flag(help: ArgumentHelp(Catalogue.forceOutputHelp)) var force = false

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


import ArgumentParser
import FazhanCore
import FazhanReports
import FazhanSQLite
import FazhanStore
import Foundation

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Statistics reports computed from the event history.", subcommands: [Quarterly.self])

    struct Quarterly: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "quarterly",
            abstract: "The member-development report of a quarter (or a year, or any period): stocks, flows, targets, plans, breakdowns.",
            discussion: """
                Stocks are counted at the period's last day, flows within it (admissions and conversions by approval
                date), each compared with the previous period and the same period a year earlier. Any past period
                reported again gives the same figures: everything is computed as of dates from the history.
                """)

        @OptionGroup var database: DatabaseOptions
        @Option(help: "A quarter, e.g. 2026Q3.") var quarter: String?
        @Option(help: "A year, e.g. 2026 (an annual report).") var year: Int?
        @Option(help: "The first day of a custom period.") var from: CivilDate?
        @Option(help: "The last day of a custom period.") var to: CivilDate?
        @Option(help: "Only this organization and those under it.") var org: String?
        @Option(help: "table, csv, json or html.") var format: ReportFormat = .table
        @Option(help: "Write to this file instead of standard output (html: the page).") var output: String?

        enum ReportFormat: String, ExpressibleByArgument, CaseIterable { case table, csv, json, html }

        func validate() throws {
            let chosen = [quarter != nil, year != nil, from != nil || to != nil].filter { $0 }.count
            if chosen != 1 { throw ValidationError("give one of --quarter, --year, or --from with --to") }
            if (from == nil) != (to == nil) { throw ValidationError("--from and --to go together") }
            if let quarter, (try? StatisticsPeriod.quarter(quarter)) == nil {
                throw ValidationError("--quarter \(quarter) is not a quarter like 2026Q3")
            }
        }

        func period() throws -> StatisticsPeriod {
            do {
                if let quarter { return try StatisticsPeriod.quarter(quarter) }
                if let year { return try StatisticsPeriod.year(year) }
                return try StatisticsPeriod.custom(from: from!, to: to!)
            } catch {
                throw ValidationError("\(error)")
            }
        }

        func run() throws {
            let period = try period()
            let store = try database.openStoreForReading()
            let report = try QuarterlyReportAssembly.build(store: store, period: period, organization: org)
            // A province's JSON is hundreds of megabytes: to standard output it goes piece by piece.
            if format == .json, output == nil { return try JSONOutput.write(report, to: FileHandle.standardOutput) }
            let bytes: Data
            switch format {
            case .json: bytes = try JSONOutput.data(report)
            case .csv: bytes = Data(QuarterlyReportText.csv(report).utf8)
            case .table: bytes = Data(QuarterlyReportText.table(report).utf8)
            case .html: bytes = Data(QuarterlyReportHTML.render(report).utf8)
            }
            if let output {
                do {
                    try bytes.write(to: URL(fileURLWithPath: output), options: .atomic)
                } catch {
                    throw Failure("error: cannot write \(output): \(error.localizedDescription)")
                }
                FileHandle.standardError.write(Data("wrote \(output)\n".utf8))
            } else {
                FileHandle.standardOutput.write(bytes)
                if bytes.last != UInt8(ascii: "\n") { FileHandle.standardOutput.write(Data("\n".utf8)) }
            }
        }
    }
}

/// Reads what a report needs from the store and builds it.
enum QuarterlyReportAssembly {
    /// Reads each person's stored timeline digest, or with `fromEvents` (or when events were
    /// written outside Fazhan) their events; both give the same report.
    static func build(store: SQLiteStore, period: StatisticsPeriod, organization: String?, fromEvents: Bool = false) throws -> QuarterlyReport {
        let scope = try Scope(store: store, organization: nil, person: nil)
        let organizations = scope.organizations
        if let organization, organizations.organization(code: organization) == nil {
            throw Failure("error: no organization \(organization)")
        }
        // The targets of the rules new people follow (the default workflow's latest version).
        var targets: [Target] = []
        var workflows: [Workflow] = []
        for installed in scope.versions { workflows.append(try store.bundle(version: installed.version).workflow) }
        if let defaultID = try store.defaultWorkflowID(), let latest = try store.latestVersion(of: defaultID) {
            let workflow = try store.bundle(version: latest.version).workflow
            targets = workflow.targets
            if !workflows.contains(where: { $0.id == workflow.id }) { workflows.append(workflow) }
        }
        let builder = QuarterlyReportBuilder(period: period, organizations: organizations, organizationCode: organization, targets: targets)
        var failure: StoreError?
        let inputs = { (period: StatisticsPeriod) -> ReportInputs in
            do {
                let enrollment = try store.enrollment(asOf: period.to)
                return ReportInputs(
                    enrollment: Dictionary(enrollment.map { ($0.organizationCode, (students: $0.students, staff: $0.staff)) }, uniquingKeysWith: { a, _ in a }),
                    plans: try store.plans(year: period.to.year).map { ($0.organizationCode, $0.category, $0.quota) },
                    gradings: try store.gradings(year: period.to.year).map { ($0.organizationCode, $0.strongest) })
            } catch {
                failure = StoreError(error)
                return ReportInputs(enrollment: [:], plans: [], gradings: [])
            }
        }
        // One pass over the people, each read as the timeline digest stored beside their stage
        // and counted on every core; from the events themselves when some were written outside
        // Fazhan.
        var accumulator = QuarterlyReportBuilder.Accumulator(builder: builder, workflows: workflows, inputs: inputs(period))
        var rules: [Int64: CountingRules] = [:]
        func countingRules(_ version: Int64) throws -> CountingRules {
            if let known = rules[version] { return known }
            let made = CountingRules(workflow: try store.bundle(version: version).workflow)
            rules[version] = made
            return made
        }
        let projected = try store.projectionIsCurrent()
        if projected, !fromEvents {
            var counting = ParallelCounting(accumulator)
            try store.forEachTimeline { person, digest in
                try counting.add(StatisticsSubject(person: person, digest: digest, rules: countingRules(person.workflowVersion)))
            }
            accumulator = counting.finish()
        } else {
            if !projected {
                FileHandle.standardError.write(Data("""
                    warning: events were recorded outside Fazhan since the stage projection was last written; the report is \
                    computed from the events themselves (slower). Run fazhan verify to see which.

                    """.utf8))
            }
            try scope.forEachHistory { history in
                accumulator.add(StatisticsSubject(history: history, rules: try countingRules(history.person.workflowVersion)))
            }
        }
        let report = accumulator.finish(title: "发展党员工作统计 \(period.label)", workflows: workflows, inputs: inputs)
        if let failure { throw failure }
        return report
    }
}


/// Counts people on every core: subjects are read in batches, each batch split between one
/// accumulator per core, and the accumulators merged at the end (counts add up whatever the
/// split, so the report is the one a single pass gives).
struct ParallelCounting {
    private final class Slots: @unchecked Sendable {
        // Each worker touches only its own slot.
        var accumulators: [QuarterlyReportBuilder.Accumulator]
        init(_ accumulators: [QuarterlyReportBuilder.Accumulator]) { self.accumulators = accumulators }
    }

    private let slots: Slots
    private var batch: [StatisticsSubject] = []
    private let size = 16_384

    init(_ empty: QuarterlyReportBuilder.Accumulator) {
        slots = Slots(Array(repeating: empty, count: max(1, ProcessInfo.processInfo.activeProcessorCount)))
        batch.reserveCapacity(size)
    }

    mutating func add(_ subject: StatisticsSubject) {
        batch.append(subject)
        if batch.count == size { flush() }
    }

    private mutating func flush() {
        let subjects = batch
        let slots = self.slots
        let workers = slots.accumulators.count
        slots.accumulators.withUnsafeMutableBufferPointer { accumulators in
            nonisolated(unsafe) let accumulators = accumulators
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                for index in stride(from: worker, to: subjects.count, by: workers) { accumulators[worker].add(subjects[index]) }
            }
        }
        batch.removeAll(keepingCapacity: true)
    }

    mutating func finish() -> QuarterlyReportBuilder.Accumulator {
        flush()
        var total = slots.accumulators[0]
        for other in slots.accumulators.dropFirst() { total.merge(other) }
        return total
    }
}

import ArgumentParser
import FazhanCore
import FazhanReports
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
            let store = try database.openStore()
            let report = try QuarterlyReportAssembly.build(store: store, period: period, organization: org)
            let text: String
            switch format {
            case .json: text = try JSONOutput.render(report)
            case .csv: text = QuarterlyReportText.csv(report)
            case .table: text = QuarterlyReportText.table(report)
            case .html: text = QuarterlyReportHTML.render(report)
            }
            if let output {
                do {
                    try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
                } catch {
                    throw Failure("error: cannot write \(output): \(error.localizedDescription)")
                }
                FileHandle.standardError.write(Data("wrote \(output)\n".utf8))
            } else {
                FazhanCLI.output(text)
            }
        }
    }
}

/// Reads what a report needs from the store and builds it.
enum QuarterlyReportAssembly {
    static func build(store: Store, period: StatisticsPeriod, organization: String?) throws -> QuarterlyReport {
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
        // One pass over the people, one history in memory at a time.
        var accumulator = QuarterlyReportBuilder.Accumulator(builder: builder, workflows: workflows, inputs: inputs(period))
        try scope.forEachHistory { accumulator.add($0, engine: scope.engine(for: $0)) }
        let report = accumulator.finish(title: "发展党员工作统计 \(period.label)", workflows: workflows, inputs: inputs)
        if let failure { throw failure }
        return report
    }
}


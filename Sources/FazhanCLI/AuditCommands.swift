import ArgumentParser
import FazhanCore
import FazhanService
import FazhanReports
import FazhanSQLite
import FazhanStore
import Foundation
import Synchronization

/// `--org`, `--person` and `--as-of`, shared by the commands that look over many people.
struct ScopeOptions: ParsableArguments {
    @Option(help: "Only this organization and those under it.") var org: String?
    @Option(help: "Only this person (number or id).") var person: String?
    @Option(help: "The date to look from (else today).") var asOf: CivilDate?

    var date: CivilDate { asOf ?? Clock.today() }
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
        let date = selection.date
        let report = try await database.serviceForReading().audit(organization: selection.org, person: selection.person, asOf: date)
        let findings = report.findings
        let summary = report.summary
        let audited = report.peopleAudited
        let violations = report.violations
        switch format {
        case .json:
            output(try JSONOutput.render(report))
        case .csv:
            output(CSVWriter.render(
                header: ["person", "name", "organization", "rule", "rule name", "severity", "step", "event", "date", "found", "required", "missed by days", "source", "workflow", "imported"],
                rows: findings.map {
                    [$0.personNumber, $0.personName, $0.organization, $0.rule, $0.ruleName, $0.severity.rawValue, $0.stepName,
                     $0.eventID.map(String.init) ?? "", $0.date.description, $0.found, $0.required, $0.missedByDays.map(String.init) ?? "",
                     $0.source, $0.workflow, $0.imported ? "yes" : ""]
                }))
        case .table:
            output("audit as of \(date): \(audited) people; \(report.versionsLine)")
            let severities = Finding.Severity.allCases
            output(Table(
                columns: [Table.Column("organization"), Table.Column("name"), Table.Column("people", alignment: .right)]
                    + severities.map { Table.Column($0.rawValue, alignment: .right) } + [Table.Column("rules")],
                rows: summary.map { row in
                    let counts = severities.map { severity in row.findings.values.reduce(0) { $0 + ($1[severity.rawValue] ?? 0) } }
                    let rules = row.findings.keys.sorted { $0.localizedStandardCompare($1) == .orderedAscending }
                        .map { rule in "\(rule)×\(row.findings[rule]!.values.reduce(0, +))" }.joined(separator: " ")
                    return [row.organization, row.organizationName, String(row.people)] + counts.map(String.init) + [rules]
                }).render())
            if !findings.isEmpty {
                output("")
                output(Table(
                    columns: [Table.Column("date"), Table.Column("person"), Table.Column("name"), Table.Column("org"), Table.Column("rule"),
                              Table.Column("severity"), Table.Column("step"), Table.Column("found"), Table.Column("required"),
                              Table.Column("missed by", alignment: .right)],
                    rows: findings.map {
                        [$0.date.description, $0.personNumber, $0.personName, $0.organization, "\($0.rule) \($0.ruleName)",
                         $0.severity.rawValue + ($0.imported ? " (imported)" : ""), $0.stepName, $0.found, $0.required,
                         $0.missedByDays.map { "\($0) d" } ?? ""]
                    }).render())
            }
            output("\(findings.count) findings, \(violations) violations")
        }
        if violations > 0 { throw ExitCode(1) }
    }
}

struct AgendaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agenda",
        abstract: "What is due or overdue, per organization or person, within a horizon; overdue first.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var remote: RemoteOptions
    @OptionGroup var selection: ScopeOptions
    @Option(help: "How far ahead: 30d, 8w, 3m.") var within: Horizon = Horizon(days: 30)
    @Option(help: "table, json or csv.") var format: OutputFormat = .table

    struct Horizon: ExpressibleByArgument {
        var days: Int

        init(days: Int) {
            self.days = days
        }

        init?(argument: String) {
            guard let unit = argument.last, let value = Int(argument.dropLast()), value >= 0 else { return nil }
            switch unit {
            case "d": days = value
            case "w": days = value * 7
            case "m": days = value * 31
            default: return nil
            }
        }
    }

    func run() async throws {
        let date = selection.date
        let items = try await database.serviceForReading().agenda(
            organization: selection.org, person: selection.person, asOf: date, horizonDays: within.days)
        switch format {
        case .json:
            output(try JSONOutput.render(items))
        case .csv:
            output(CSVWriter.render(
                header: ["date", "status", "days left", "kind", "person", "name", "organization", "step", "rule", "rule name", "detail"],
                rows: items.map {
                    [$0.date.description, $0.overdue ? "overdue" : "due", String($0.daysLeft), $0.kind.rawValue, $0.personNumber,
                     $0.personName, $0.organization, $0.stepName, $0.rule, $0.ruleName, $0.detail]
                }))
        case .table:
            output("agenda as of \(date), next \(within.days) days: \(items.count) items (\(items.filter(\.overdue).count) overdue)")
            if !items.isEmpty {
                output(Table(
                    columns: [Table.Column("date"), Table.Column("status"), Table.Column("person"), Table.Column("name"), Table.Column("org"),
                              Table.Column("what"), Table.Column("rule"), Table.Column("detail")],
                    rows: items.map { item in
                        let status = item.overdue ? "overdue \(-item.daysLeft) d" : (item.daysLeft == 0 ? "today" : "in \(item.daysLeft) d")
                        let what: String
                        switch item.kind {
                        case .deadline: what = item.stepName
                        case .eligible: what = "eligible: \(item.stepName)"
                        case .noticeEnds: what = "公示 ends"
                        case .probationEnds: what = "probation ends"
                        }
                        return [item.date.description, status, item.personNumber, item.personName, item.organization, what,
                                "\(item.rule) \(item.ruleName)", item.detail]
                    }).render())
            }
        }
    }
}

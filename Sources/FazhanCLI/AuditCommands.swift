import ArgumentParser
import FazhanCore
import FazhanReports
import FazhanSQLite
import FazhanStore
import Foundation
import Synchronization

/// The people in scope (`--org`, `--person`) with their engines, for audit and agenda.
struct Scope {
    let store: SQLiteStore
    /// The whole tree, or with `wholeTree: false` only the scope's organization (see
    /// `organizations(reaching:)`).
    let organizations: OrganizationDirectory
    private let organization: String?
    private let person: PersonProfile?
    private var engines: [Int64: Engine] = [:]
    private(set) var versions: [InstalledWorkflow] = []

    init(store: SQLiteStore, organization: String?, person: String?, wholeTree: Bool = true) throws {
        self.store = store
        self.organization = organization
        organizations = wholeTree ? try store.organizationDirectory()
            : try store.organizationDirectory(reaching: OrganizationReach(codes: Set([organization].compactMap { $0 })))
        if let organization, organizations.organization(code: organization) == nil {
            throw Failure("error: no organization \(organization)")
        }
        if let person {
            guard let profile = try store.person(person) else { throw Failure("error: no person with number or id \(person)") }
            self.person = profile
        } else {
            self.person = nil
        }
        let installed = Dictionary(uniqueKeysWithValues: try store.installedWorkflows().map { ($0.version, $0) })
        // Every version people follow when looking over everyone (a scan that the whole pass
        // dwarfs); for one organization or person, the installed versions (a table of a few rows).
        let inUse: [Int64]
        if let person = self.person {
            inUse = [person.workflowVersion]
        } else if organization != nil {
            inUse = Array(installed.keys)
        } else {
            inUse = try store.workflowVersionsInUse()
        }
        for version in Set(inUse).sorted() {
            engines[version] = Engine(bundle: try store.bundle(version: version))
            if let workflow = installed[version] { versions.append(workflow) }
        }
    }

    /// The organizations that judging `histories` can look up (and the scope's own), with
    /// their ancestors: see `OrganizationReach`.
    func organizations(reaching histories: [History]) throws -> OrganizationDirectory {
        var reach = OrganizationReach(codes: Set([organization].compactMap { $0 }))
        for history in histories { reach.add(history) }
        return try store.organizationDirectory(reaching: reach)
    }

    /// Every history in scope, one at a time (the whole database is never held in memory).
    func forEachHistory(_ body: (History) throws -> Void) throws {
        if let person {
            try body(try store.history(personID: person.id))
        } else {
            try store.forEachHistory(organizationCode: organization, body)
        }
    }

    /// Every history in scope, in batches, each batch's results computed on every core and
    /// handed back in the batch's order. A batch is worked on while the next one is read.
    func map<T: Sendable>(batch size: Int = 2000, _ transform: @escaping @Sendable (History) -> T, _ consume: ([T]) throws -> Void) throws {
        let group = DispatchGroup()
        var inFlight: (count: Int, slices: Int, results: BatchResults<T>)?
        defer { group.wait() }
        // Hands the batch in flight, once done, to `consume` in order.
        func finish() throws {
            guard let (count, slices, results) = inFlight else { return }
            inFlight = nil
            group.wait()
            let parts = results.parts.withLock { $0 }
            var ordered: [T] = []
            ordered.reserveCapacity(count)
            for index in 0..<count { ordered.append(parts[index % slices][index / slices]) }
            try consume(ordered)
        }
        var batch: [History] = []
        batch.reserveCapacity(size)
        func flush() throws {
            try finish()
            let histories = batch
            let slices = max(1, min(ProcessInfo.processInfo.activeProcessorCount, histories.count / 64))
            let results = BatchResults<T>(slices: slices)
            inFlight = (histories.count, slices, results)
            DispatchQueue.global().async(group: group) {
                DispatchQueue.concurrentPerform(iterations: slices) { slice in
                    let range = stride(from: slice, to: histories.count, by: slices)
                    let part = range.map { transform(histories[$0]) }
                    results.parts.withLock { $0[slice] = part }
                }
            }
            batch = []
            batch.reserveCapacity(size)
        }
        try forEachHistory { history in
            batch.append(history)
            if batch.count == size { try flush() }
        }
        if !batch.isEmpty { try flush() }
        try finish()
    }

    /// Every history in scope, collected (for callers that need them all at once).
    func histories() throws -> [History] {
        var all: [History] = []
        try forEachHistory { all.append($0) }
        return all.sorted { $0.person.number < $1.person.number }
    }

    func engine(for history: History) -> Engine { engines[history.person.workflowVersion]! }

    /// The organization holding the person on a date (after transfers), looked up in the
    /// scope's organizations or in `directory`.
    func organizationCode(of history: History, asOf date: CivilDate, in directory: OrganizationDirectory? = nil) -> String {
        let organizations = directory ?? self.organizations
        return organizations.byID[engine(for: history).organizationID(of: history, asOf: date, organizations: organizations)]?.code ?? ""
    }

    var versionsLine: String {
        "rules: " + versions.map { "\($0.workflowID) v\($0.version) (sha256 \($0.sha256.prefix(12)))\($0.provisional ? " provisional" : "")" }
            .joined(separator: "; ")
    }
}

/// The results of one batch of `Scope.map`, one part per slice, filled on other threads.
private final class BatchResults<T: Sendable>: Sendable {
    let parts: Mutex<[[T]]>

    init(slices: Int) {
        parts = Mutex(Array(repeating: [], count: slices))
    }
}

/// `--org`, `--person` and `--as-of`, shared by the commands that look over many people.
struct ScopeOptions: ParsableArguments {
    @Option(help: "Only this organization and those under it.") var org: String?
    @Option(help: "Only this person (number or id).") var person: String?
    @Option(help: "The date to look from (else today).") var asOf: CivilDate?

    var date: CivilDate { asOf ?? Clock.today() }
}

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Check every person's history against the rules they follow; exit 1 when there is a violation.",
        discussion: "Every recorded step is replayed through its guards on the history as it stood that day, and every deadline is checked.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var selection: ScopeOptions
    @Option(help: "table, json or csv.") var format: OutputFormat = .table

    struct Report: Encodable {
        struct Summary: Encodable {
            var organization: String
            var organizationName: String
            var people: Int
            var findings: [String: [String: Int]]
        }
        var asOf: String
        var workflows: [InstalledWorkflow]
        var peopleAudited: Int
        var violations: Int
        var summary: [Summary]
        var findings: [Finding]
    }

    func run() throws {
        let store = try database.openStoreForReading()
        let date = selection.date
        let scope = try Scope(store: store, organization: selection.org, person: selection.person)
        let auditor = Auditor(asOf: date)
        var findings: [Finding] = []
        var peoplePerOrganization: [String: Int] = [:]
        var audited = 0
        try scope.map({ [scope] history in
            let code = scope.organizationCode(of: history, asOf: date)
            return (code, auditor.audit(history, engine: scope.engine(for: history), organizations: scope.organizations, organizationCode: code))
        }) { results in
            for (code, found) in results {
                peoplePerOrganization[code, default: 0] += 1
                findings += found
            }
            audited += results.count
        }
        let byOrganization = Dictionary(grouping: findings, by: \.organization)
        let summary = peoplePerOrganization.keys.sorted().map { code in
            let here = byOrganization[code] ?? []
            var byRule: [String: [String: Int]] = [:]
            for finding in here { byRule[finding.rule, default: [:]][finding.severity.rawValue, default: 0] += 1 }
            return Report.Summary(organization: code, organizationName: scope.organizations.organization(code: code)?.name ?? "",
                                  people: peoplePerOrganization[code] ?? 0, findings: byRule)
        }
        // Violations first, then by organization, person and date.
        findings.sort {
            ($0.severity, $0.organization, $0.personNumber, $0.date, $0.source) < ($1.severity, $1.organization, $1.personNumber, $1.date, $1.source)
        }
        let violations = findings.filter { $0.severity == .violation }.count
        switch format {
        case .json:
            output(try JSONOutput.render(Report(asOf: date.description, workflows: scope.versions, peopleAudited: audited,
                                                violations: violations, summary: summary, findings: findings)))
        case .csv:
            output(CSVWriter.render(
                header: ["person", "name", "organization", "rule", "rule name", "severity", "step", "event", "date", "found", "required", "missed by days", "source", "workflow", "imported"],
                rows: findings.map {
                    [$0.personNumber, $0.personName, $0.organization, $0.rule, $0.ruleName, $0.severity.rawValue, $0.stepName,
                     $0.eventID.map(String.init) ?? "", $0.date.description, $0.found, $0.required, $0.missedByDays.map(String.init) ?? "",
                     $0.source, $0.workflow, $0.imported ? "yes" : ""]
                }))
        case .table:
            output("audit as of \(date): \(audited) people; \(scope.versionsLine)")
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

struct AgendaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agenda",
        abstract: "What is due or overdue, per organization or person, within a horizon; overdue first.")

    @OptionGroup var database: DatabaseOptions
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

    func run() throws {
        let store = try database.openStoreForReading()
        let date = selection.date
        // One person's or a small organization's agenda reads only the organizations its people
        // need, once it has read their histories; a large one reads the whole tree and streams.
        var narrow = selection.person != nil
        if !narrow, let code = selection.org { narrow = try store.personCount(organizationCode: code) <= 5_000 }
        let scope = try Scope(store: store, organization: selection.org, person: selection.person, wholeTree: !narrow)
        let builder = AgendaBuilder(asOf: date, horizonDays: within.days)
        var items: [AgendaItem] = []
        func add(_ history: History, organizations: OrganizationDirectory) {
            items += builder.items(for: history, engine: scope.engine(for: history), organizations: organizations,
                                   organizationCode: scope.organizationCode(of: history, asOf: date, in: organizations))
        }
        if narrow {
            var histories: [History] = []
            try scope.forEachHistory { histories.append($0) }
            let organizations = try scope.organizations(reaching: histories)
            for history in histories { add(history, organizations: organizations) }
        } else {
            try scope.forEachHistory { add($0, organizations: scope.organizations) }
        }
        items = AgendaBuilder.sorted(items)
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

import ArgumentParser
import FazhanCore
import FazhanService
import FazhanReports
import FazhanSQLite
import FazhanStore
import FazhanViews
import Foundation

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: Catalogue.demoAbstract,
        discussion: Catalogue.demoDiscussion)

    @Option(help: ArgumentHelp(Catalogue.demoDbHelp)) var db: String = "fazhan-demo.sqlite"
    @Option(help: ArgumentHelp(Catalogue.demoWorkflowHelp)) var workflow: String = "university"
    @Option(help: ArgumentHelp(Catalogue.peopleCountHelp)) var people: Int = 2000
    @Option(help: ArgumentHelp(Catalogue.seedHelp)) var seed: UInt64 = 2026
    @Option(help: ArgumentHelp(Catalogue.demoTodayHelp)) var today: CivilDate?

    func validate() throws {
        if let problem = Bounds.demoPeople.problem("--people", people) { throw ValidationError(problem) }
    }

    func run() async throws {
        let date = today ?? Clock.today()
        let bundle = try WorkflowLocator.load(workflow)
        try removePreviousDemo()
        let started = Date()
        let key = try signingKey(forNewDatabaseAt: CheckpointKeyFile.defaultPath(forDatabase: db))
        let store = try SQLiteStore.open(path: db, create: true, signer: key.signer)
        try store.setSetting("demo", "seed \(seed), \(date)")
        let installed = try store.install(bundle, by: "demo", at: Clock.timestamp())
        try store.setDefaultWorkflow(bundle.workflow.id)
        let summary = try DemoUniversity.build(store: store, workflowVersion: installed.version, today: date, seed: seed, people: people)
        let seconds = Date().timeIntervalSince(started)
        let names = Dictionary(uniqueKeysWithValues: bundle.workflow.stages.map { ($0.id, $0.name) })

        section(Catalogue.demoBuilt(date: date, organizations: summary.organizations, people: summary.people, events: summary.events,
                                    seconds: String(format: "%.1f", seconds), database: db))
        output(Catalogue.demoRules(installed.workflowID, version: installed.version, title: installed.title, provisional: installed.provisional))
        let order = bundle.workflow.stages.sorted { $0.order < $1.order }.map(\.id)
        output(Table(
            columns: Catalogue.demoStageColumns.enumerated().map { Table.Column($1, alignment: $0 == 2 ? .right : .left) },
            rows: order.map { [names[$0] ?? $0, $0, String(summary.stageCounts[$0] ?? 0)] }).render())

        section(Catalogue.demoWhyBlocked(summary.blockedActivist))
        let service = DevelopmentService(store: store)
        let (verdict, blocked) = try await service.check(summary.blockedActivist, to: nil, on: date, data: EventData())
        output(VerdictOutput.text(verdict, person: blocked.person, workflow: blocked.workflow))

        section(Catalogue.demoAdvance(summary.readyActivist, date: date))
        do {
            let recorded = try await service.advance(RecordRequest(
                person: summary.readyActivist, step: "candidate", date: date, data: EventData(note: "demo"), recordedBy: "demo",
                recordedAt: Clock.timestamp(), today: date))
            output(describeRecorded(recorded))
        } catch let error as ServiceError {
            throw Failure("the demo's ready person was refused (a bug in the demo):\n" + render(error))
        }

        // This year's plans before the audit, so that it judges admissions against them (R25).
        let organizations = try await store.organizationDirectory()
        try seedPlanningData(store: store, organizations: organizations, date: date)
        section(Catalogue.demoAuditTitle)
        let audit = try await service.audit(organization: nil, person: nil, asOf: date)
        let findings = audit.findings
        let byRule = Dictionary(grouping: findings) { "\($0.rule) \($0.ruleName)" }
        output(Table(
            columns: Catalogue.demoAuditColumns.enumerated().map { Table.Column($1, alignment: $0 == 0 ? .left : .right) },
            rows: byRule.keys.sorted { $0.localizedStandardCompare($1) == .orderedAscending }.map { rule in
                let here = byRule[rule]!
                return [rule, String(here.count), String(here.filter { $0.severity == .violation }.count),
                        String(here.filter { $0.severity == .late }.count), String(here.filter { $0.severity == .provisional }.count),
                        String(Set(here.map(\.personNumber)).count)]
            }).render())
        // The legend only when a finding needs it: with calendars from 2019 a demo has none.
        let provisional = findings.contains { $0.severity == .provisional }
        output(Catalogue.demoFindings(findings.count, people: audit.peopleAudited, provisional: provisional))
        output(Table(
            columns: Catalogue.demoOutOfRuleColumns.map { Table.Column($0) },
            rows: summary.outOfRule.firstOfEachKind.map { [$0.number, $0.name, $0.rule, $0.description] }).render())

        section(Catalogue.demoAgendaTitle)
        let items = try await service.agenda(organization: nil, person: nil, asOf: date, horizonDays: 30)
        let kinds = Dictionary(grouping: items, by: AgendaRendering.kindName).mapValues(\.count)
        output(Catalogue.demoAgendaCounts(items.count, kinds: kinds.keys.sorted().map { ($0, kinds[$0]!) }, first: 12))
        output(Table(
            columns: Catalogue.demoAgendaColumns.map { Table.Column($0) },
            rows: items.prefix(12).map { item in
                [item.date.description, AgendaRendering.status(item), item.personNumber,
                 item.personName, item.organization, AgendaRendering.what(item), "\(item.rule) \(item.ruleName)"]
            }).render())

        let quarter = try latestCompleteQuarter(before: date)
        section(Catalogue.demoReportTitle(quarter.label))
        let report = try await service.quarterlyReport(period: quarter, organization: nil).report
        // The stocks and the targets here; the whole report is in the HTML page.
        output(QuarterlyReportText.glance(report))
        let page = "fazhan-demo-report.html"
        // The demo's own page, rebuilt on every run as its database is.
        try OutputFile.write(Data(QuarterlyReportHTML.render(report).utf8), to: page, overwrite: true)
        output("\n" + Catalogue.demoWholeReport(page, quarter: quarter.label))

        section(Catalogue.demoTryIt)
        output("""
              fazhan show \(summary.readyCandidate) --db \(db)
              fazhan check \(summary.readyCandidate) --to probationary --db \(db)
              fazhan history \(summary.readyActivist) --db \(db)
              fazhan person list --org \(organizations.byID.values.filter { $0.kind == .branch }.map(\.code).sorted().first ?? "") --db \(db)
              fazhan audit --db \(db) --format csv > audit.csv
              fazhan agenda --within 60d --db \(db)
              fazhan workflow diagram \(bundle.workflow.id) --format mermaid
            """)
    }

    /// The last quarter that ended before the day.
    private func latestCompleteQuarter(before date: CivilDate) throws -> StatisticsPeriod {
        let current = try StatisticsPeriod.quarter(year: date.year, (date.month - 1) / 3 + 1)
        return current.previous ?? current
    }

    /// Enrollment counts, this year's plans and last year's gradings, so that the report has
    /// its denominators and targets: about 1,000 students a college, a quota of 2% of them.
    private func seedPlanningData(store: SQLiteStore, organizations: OrganizationDirectory, date: CivilDate) throws {
        let colleges = organizations.byID.values.filter { $0.kind == .generalBranch }.sorted { $0.code < $1.code }
        let start = CivilDate(year: date.year - 1, month: 9, day: 1)!
        for (index, college) in colleges.enumerated() {
            let students = 800 + 100 * index
            try store.setEnrollment(organizationCode: college.code, students: students, staff: 180 + 15 * index, effectiveOn: start,
                                    recordedAt: Clock.timestamp(), recordedBy: "demo")
            try store.setPlan(organizationCode: college.code, year: date.year, category: "student", quota: students / 50,
                              recordedAt: Clock.timestamp(), recordedBy: "demo")
            try store.setPlan(organizationCode: college.code, year: date.year, category: "teacher", quota: 2,
                              recordedAt: Clock.timestamp(), recordedBy: "demo")
        }
        let branches = organizations.byID.values.filter { $0.kind == .branch }.sorted { $0.code < $1.code }
        let grades = BranchGrading.grades
        for (index, branch) in branches.enumerated() {
            for year in [date.year - 1, date.year] {
                try store.recordGrading(organizationCode: branch.code, year: year, grade: grades[(index + year) % 3],
                                        strongest: (index + year) % 3 == 0, note: nil, recordedAt: Clock.timestamp(), recordedBy: "demo")
            }
        }
    }

    private func section(_ title: String) {
        output("\n== \(title)")
    }

    /// The demo rebuilds its own database, and only its own: a file without the demo's mark is left alone.
    private func removePreviousDemo() throws {
        let manager = FileManager.default
        guard manager.fileExists(atPath: db) else { return }
        var isDemo = false
        if let existing = try? SQLiteStore.open(path: db, create: false) {
            // The demo's mark is a setting; `try?` flattens "no mark" and "unreadable" into nil.
            isDemo = (try? existing.setting("demo")) != nil
        }
        guard isDemo else {
            throw Failure("error: \(db) exists and is not a demo database; pass --db with another path")
        }
        for suffix in ["", "-wal", "-shm"] where manager.fileExists(atPath: db + suffix) {
            try manager.removeItem(atPath: db + suffix)
        }
    }
}

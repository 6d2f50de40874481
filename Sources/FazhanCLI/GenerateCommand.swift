import ArgumentParser
import FazhanCore
import FazhanSQLite
import FazhanStore
import FazhanViews
import Foundation

/// `fazhan generate`: a synthetic province for load tests and benchmarks.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: Catalogue.generateAbstract,
        discussion: Catalogue.generateDiscussion)

    @Option(help: ArgumentHelp(Catalogue.peopleCountHelp)) var people: Int
    @Option(help: ArgumentHelp(Catalogue.seedHelp)) var seed: UInt64 = 1
    @Option(help: ArgumentHelp(Catalogue.generateDbHelp)) var db: String
    @Option(help: ArgumentHelp(Catalogue.generateWorkflowHelp)) var workflow: String = "university"
    @Option(help: ArgumentHelp(Catalogue.generateTodayHelp)) var today: CivilDate?

    /// People per generated university.
    static let unitSize = 2000

    func validate() throws {
        if let problem = Bounds.generatedPeople.problem("--people", people) { throw ValidationError(problem) }
    }

    func run() throws {
        let date = today ?? Clock.today()
        let bundle = try WorkflowLocator.load(workflow)
        let started = Date()
        let key = try signingKey(forNewDatabaseAt: CheckpointKeyFile.defaultPath(forDatabase: db))
        let store = try SQLiteStore.open(path: db, create: true, signer: key.signer)
        try store.setSetting("generated", "seed \(seed), \(people) people, \(date)")
        let installed = try store.install(bundle, by: "generate", at: "\(date)T00:00:00Z")
        try store.setDefaultWorkflow(bundle.workflow.id)

        let root = "P"
        let founded = "\(date.year - 12)-01-01T00:00:00Z"
        _ = try store.ingest { session in
            try session.addOrganization(NewOrganization(
                code: root, name: "省委组织部（合成）", kind: .committee, parentCode: nil, category: .mixed, canApprove: true,
                createdAt: founded, createdBy: "generate"))
        }
        let sizes = Self.unitSizes(people)
        let progress = Progress("generating", total: people)
        var events = 0
        var organizations = 1
        var idNumbers: Set<String> = []
        for (index, size) in sizes.enumerated() {
            let school = 10001 + index
            let naming = DemoUniversity.UnitNaming(
                committee: "U\(school)", committeeName: "合成大学\(index + 1)党委", parent: root,
                codePrefix: "U\(school)-", numberPrefix: String(school))
            var unitSeed = DemoRandom(seed: seed, stream: 0x9_0000 + UInt64(index))
            let built = try DemoUniversity.generate(
                store: store, workflowVersion: installed.version, today: date, seed: unitSeed.next(), people: size, naming: naming,
                idNumbers: &idNumbers)
            events += built.events
            organizations += built.organizations
            progress.advance(by: size)
        }
        progress.finish()
        try seedEnrollment(store: store, date: date)
        let seconds = Date().timeIntervalSince(started)
        output("generated \(people) people, \(events) events and \(organizations) organizations into \(db) "
               + "in \(String(format: "%.1f", seconds)) s (\(Int(Double(events) / max(seconds, 0.001))) events/s)")
    }

    /// Splits N people into universities of about 2,000 (a last remainder under 50 joins the one before).
    static func unitSizes(_ people: Int) -> [Int] {
        var sizes = Array(repeating: unitSize, count: people / unitSize)
        let rest = people % unitSize
        if rest >= 50 || sizes.isEmpty {
            sizes.append(rest)
        } else {
            sizes[sizes.count - 1] += rest
        }
        return sizes
    }

    /// About 1,000 students and 200 staff per college, from last September, so that ratio targets have a denominator.
    private func seedEnrollment(store: SQLiteStore, date: CivilDate) throws {
        let colleges = try store.organizations().filter { $0.kind == .generalBranch }.sorted { $0.code < $1.code }
        let start = CivilDate(year: date.year - 1, month: 9, day: 1)!
        let counts = colleges.enumerated().map { index, college in
            EnrollmentEntry(organizationCode: college.code, students: 800 + 100 * (index % 6), staff: 180 + 15 * (index % 6), effectiveOn: start)
        }
        try store.setEnrollments(counts, recordedAt: "\(date)T00:00:00Z", recordedBy: "generate")
    }
}

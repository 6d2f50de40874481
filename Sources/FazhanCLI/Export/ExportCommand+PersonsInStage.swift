import ArgumentParser
import FazhanCore
import FazhanSQLite
import FazhanStore

extension ExportCommand {
    /// `fazhan export persons-in-stage`: who was in a stage on a date.
    struct PersonsInStage: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "persons-in-stage",
            abstract: "Export the people in a stage today, or as of a past date (from the histories).",
            discussion: """
                Without --as-of, the current stage of each person (as `person list --stage` shows it). With --as-of, \
                the stage each person was in on that date as their history gives it (a transition counting from the \
                day its step was taken, as the statistics count it), in the organization holding them then.

                Columns: 学号, 姓名, 所在组织, 组织名称, 类别, 性别, 出生日期, 身份证号, 阶段, 阶段代码, 阶段起始, 截至日期 \
                (number, name, organization, organization_name, category, gender, birth_date, id_number, stage, \
                stage_id, stage_since, as_of).
                """)

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var options: ExportOptions
        @Flag(help: "Show ID numbers (身份证号) in full.") var reveal = false
        @Option(help: "The stage (id or name), e.g. activist or 入党积极分子.") var stage: String
        @Option(help: "The date to look back to (else today, from the current stages).") var asOf: CivilDate?
        @Option(help: "Only this organization and those under it (the one holding each person on that date).") var org: String?

        static let columns = [
            ExportColumn("学号", "number"), ExportColumn("姓名", "name"), ExportColumn("所在组织", "organization"),
            ExportColumn("组织名称", "organization_name"), ExportColumn("类别", "category"), ExportColumn("性别", "gender"),
            ExportColumn("出生日期", "birth_date"), ExportColumn("身份证号", "id_number"), ExportColumn("阶段", "stage"),
            ExportColumn("阶段代码", "stage_id"), ExportColumn("阶段起始", "stage_since"), ExportColumn("截至日期", "as_of"),
        ]

        func validate() throws {
            try KnownStages.check(stage, database: database)
        }

        func run() throws {
            let store = try database.openStore()
            let stages = try KnownStages(store: store)
            guard let stageID = stages.id(for: stage) else { throw ValidationError("no stage \(stage)") }
            func row(_ person: PersonProfile, organization: Organization?, since: CivilDate?, asOf: CivilDate) -> [ExportValue] {
                [
                    .text(person.number), .text(person.name), .text(organization?.code), .text(organization?.name),
                    .text(person.category.rawValue), .text(person.gender?.rawValue), .date(person.birthDate),
                    .text(exportedIDNumber(person.idNumber, reveal: reveal)), .text(stages.name(of: stageID)), .text(stageID), .date(since), .date(asOf),
                ]
            }
            let directory = try store.organizationDirectory()
            let label = "exporting \(stages.name(of: stageID))"
            guard let asOf else {
                // Today: the projection each event keeps up to date.
                let scope = ExportScope(organizationCode: org, stage: stageID)
                let total = try store.exportCount(scope).people
                try ExportRun.run(options, columns: Self.columns, label: label, noun: "people", total: total) { writer, progress in
                    try store.forEachPerson(in: scope) { listing in
                        let organization = directory.organization(code: listing.organizationCode)
                        try writer.write(row(listing.profile, organization: organization, since: listing.stageSince, asOf: Clock.today()))
                        progress.advance()
                    }
                }
                return
            }
            // A past date: every history replayed to that date, and the organization holding each person then.
            var within: Set<Int64>?
            if let org {
                guard let root = directory.organization(code: org) else { throw Failure("error: no organization \(org)") }
                within = Set(directory.byID.keys.filter { id in directory.chain(from: id).contains { $0.id == root.id } })
            }
            var engines: [Int64: Engine] = [:]
            for installed in try store.installedWorkflows() {
                engines[installed.version] = Engine(bundle: try store.bundle(version: installed.version))
            }
            let total = try store.exportCount(ExportScope()).people
            try ExportRun.run(options, columns: Self.columns, label: label, noun: "people", total: total) { writer, progress in
                try store.forEachHistory(in: ExportScope()) { listing, history in
                    defer { progress.advance() }
                    guard let engine = engines[history.person.workflowVersion],
                          let span = engine.stage(of: history, asOf: asOf), span.stage == stageID else { return }
                    let organizationID = engine.organizationID(of: history, asOf: asOf, organizations: directory)
                    if let within, !within.contains(organizationID) { return }
                    try writer.write(row(listing.profile, organization: directory.byID[organizationID], since: span.effectiveFrom, asOf: asOf))
                }
            }
        }
    }
}

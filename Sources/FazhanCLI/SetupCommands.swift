import ArgumentParser
import FazhanCore
import FazhanService
import FazhanReports
import FazhanSQLite
import FazhanStore
import FazhanViews
import Foundation

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a database, readable by its owner only, with the rules it will follow.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var recorder: RecorderOptions

    @Option(help: "The workflow new people follow: cpc-2014, cpc-2026, university, or a .yaml file.")
    var workflow: String = "cpc-2026"

    func run() throws {
        let bundle = try WorkflowLocator.load(workflow)
        let store = try SQLiteStore.open(path: database.path, create: true)
        let key = try signingKey(forNewDatabaseAt: database.keyPath.path)
        store.sign(with: key.signer)
        let installed = try store.install(bundle, by: recorder.user, at: Clock.timestamp())
        try store.setDefaultWorkflow(bundle.workflow.id)
        output(Catalogue.created(database.path))
        output(key.message)
        output(Catalogue.installedWorkflow(installed.workflowID, version: installed.version, title: installed.title,
                                           sha256: String(installed.sha256.prefix(16))))
        if bundle.workflow.provisional { output(Catalogue.provisionalWorkflow(bundle.workflow.id, note: bundle.workflow.provisionalNote)) }
    }
}

struct WorkflowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workflow",
        abstract: "Validate, install, list and draw rule sets.",
        subcommands: [Validate.self, Install.self, List.self, Diagram.self])

    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "validate",
            abstract: "Check a workflow file and report every problem with file, line and key (exit 1 when invalid).")

        @Argument(help: "The workflow file (or a shipped id such as university).")
        var file: String

        func run() throws {
            let bundle: WorkflowBundle
            do {
                bundle = try WorkflowLocator.load(file)
            } catch let error as DefinitionError {
                output(error.description)
                throw Failure("\(file): \(error.diagnostics.count) problem(s)")
            }
            let workflow = bundle.workflow
            let years = bundle.calendar.years.map(String.init).joined(separator: ", ")
            output("""
                \(file): valid
                workflow \(workflow.id): \(workflow.title)\(workflow.basedOn.map { ", based on \($0)" } ?? "")\(workflow.provisional ? " (provisional)" : "")
                \(workflow.stages.count) stages, \(workflow.steps.count) steps, \(workflow.guards.count) guards, \(workflow.deadlines.count) deadlines
                calendar \(workflow.calendarID): working-day data for \(years.isEmpty ? "no year" : years)
                """)
        }
    }

    struct Install: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "install",
            abstract: "Install a new version of a workflow; people already registered stay on theirs.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var recorder: RecorderOptions

        @Argument(help: "The workflow file (or a shipped id).")
        var file: String

        @Flag(help: "Make this workflow the default for people registered from now on.")
        var makeDefault = false

        func run() async throws {
            let bundle = try WorkflowLocator.load(file)
            let installed = try await database.service().install(bundle, by: recorder.user, at: Clock.timestamp(), makeDefault: makeDefault)
            if installed.isNew {
                output(Catalogue.installed(installed.workflowID, version: installed.version, sha256: String(installed.sha256.prefix(16))))
            } else {
                output(Catalogue.alreadyInstalled(installed.workflowID, version: installed.version))
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the installed workflow versions.")

        @OptionGroup var database: DatabaseOptions
        @Option(help: "table, json or csv.") var format: OutputFormat = .table

        func run() async throws {
            let (versions, defaultID) = try await database.service().workflows()
            switch format {
            case .json:
                output(try JSONOutput.render(versions))
            case .table, .csv:
                let listing = Listing(
                    columns: [Table.Column("version", alignment: .right), Table.Column("workflow"), Table.Column("title"),
                              Table.Column("default"), Table.Column("provisional"), Table.Column("installed"), Table.Column("sha256")],
                    rows: versions.map {
                        [String($0.version), $0.workflowID, $0.title, $0.workflowID == defaultID ? "yes" : "",
                         $0.provisional ? "yes" : "", $0.installedAt, String($0.sha256.prefix(16))]
                    })
                output(format == .csv ? listing.renderCSV() : listing.renderTable())
            }
        }
    }

    struct Diagram: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "diagram", abstract: "Draw a workflow's state machine (stages, transitions, guards).")

        enum DiagramFormat: String, ExpressibleByArgument, CaseIterable { case mermaid, dot }

        @Argument(help: "A workflow id (installed in the database, else shipped) or a .yaml file.")
        var id: String

        @Option(help: "mermaid or dot.") var format: DiagramFormat = .mermaid
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let workflow: Workflow
            if !id.hasSuffix(".yaml"), FileManager.default.fileExists(atPath: database.path),
               let store = try? database.openStore(), let installed = try store.latestVersion(of: id) {
                workflow = try store.bundle(version: installed.version).workflow
            } else {
                workflow = try WorkflowLocator.load(id).workflow
            }
            output(format == .mermaid ? WorkflowDiagram.mermaid(workflow) : WorkflowDiagram.dot(workflow))
        }
    }
}

struct OrgCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "org", abstract: "Register, list and grade party organizations (党委, 党总支, 党支部), and record branches' full members.",
        subcommands: [Add.self, List.self, Grade.self, Members.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Register an organization.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var recorder: RecorderOptions
        @Argument(help: "A short unique code, e.g. CS-S1.") var code: String
        @Option(help: "The name, e.g. 计算机学院本科生第一党支部.") var name: String
        @Option(help: "党委/committee, 党总支/general-branch or 党支部/branch.") var kind: Organization.Kind
        @Option(help: "The code of the organization above it.") var parent: String?
        @Option(help: "学生/student, 教师/teacher, 职工/staff or 混合/mixed.") var category: Organization.Category?
        @Flag(help: "For a 党委 without the authority to approve admissions (R17).") var withoutApprovalAuthority = false

        func validate() throws {
            if code.isEmpty || code.contains(where: \.isWhitespace) { throw ValidationError(Catalogue.codeOneWord) }
            if name.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError(Catalogue.mustNotBeEmpty("--name")) }
            if kind != .committee && withoutApprovalAuthority {
                throw ValidationError(Catalogue.approvalAuthorityCommitteeOnly(kind.chineseName))
            }
            if kind != .committee && parent == nil { throw ValidationError(Catalogue.needsParent(kind.chineseName)) }
        }

        func run() async throws {
            let organization = try await database.service().addOrganization(NewOrganization(
                code: code, name: name, kind: kind, parentCode: parent, category: category,
                canApprove: kind == .committee && !withoutApprovalAuthority, createdAt: Clock.timestamp(), createdBy: recorder.user))
            output(Catalogue.addedOrganization(organization.kind.chineseName, organization.code, organization.name, canApprove: organization.canApprove))
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List organizations as a tree.")

        @OptionGroup var database: DatabaseOptions
        @Option(help: "table, json or csv.") var format: OutputFormat = .table

        func run() async throws {
            let tree = try await database.service().organizationTree()
            let counts = tree.people
            let directory = tree.directory
            let ordered = tree.ordered
            switch format {
            case .json:
                struct Row: Encodable { var code, name, kind: String; var parent: String?; var category: String?; var canApprove: Bool; var people: Int }
                output(try JSONOutput.render(ordered.map { organization, _ in
                    Row(code: organization.code, name: organization.name, kind: organization.kind.rawValue,
                        parent: organization.parentID.flatMap { directory.byID[$0]?.code }, category: organization.category?.rawValue,
                        canApprove: organization.canApprove, people: counts[organization.code] ?? 0)
                }))
            case .table, .csv:
                let listing = Listing(
                    columns: [Table.Column("code"), Table.Column("name"), Table.Column("kind"), Table.Column("category"),
                              Table.Column("approves"), Table.Column("people", alignment: .right)],
                    rows: ordered.map { organization, depth in
                        [organization.code, (format == .table ? String(repeating: "  ", count: depth) : "") + organization.name,
                         organization.kind.chineseName, organization.category?.rawValue ?? "", organization.canApprove ? "yes" : "",
                         String(counts[organization.code] ?? 0)]
                    })
                output(format == .csv ? listing.renderCSV() : listing.renderTable())
            }
        }
    }
}

// Option values in Chinese or English, the words `import` accepts (`WrittenValue`).
extension Organization.Kind: ExpressibleByArgument {
    public init?(argument: String) {
        guard let value = WrittenValue.organizationKind(argument) else { return nil }
        self = value
    }
}

extension Organization.Category: ExpressibleByArgument {
    public init?(argument: String) {
        guard let value = WrittenValue.organizationCategory(argument) else { return nil }
        self = value
    }
}

extension PersonProfile.Category: ExpressibleByArgument {
    public init?(argument: String) {
        guard let value = WrittenValue.personCategory(argument) else { return nil }
        self = value
    }
}

extension PersonProfile.Level: ExpressibleByArgument {
    public init?(argument: String) {
        guard let value = WrittenValue.level(argument) else { return nil }
        self = value
    }
}

extension Gender: ExpressibleByArgument {
    public init?(argument: String) {
        guard let value = WrittenValue.gender(argument) else { return nil }
        self = value
    }
}

extension StepResult: ExpressibleByArgument {
    public init?(argument: String) {
        guard let value = WrittenValue.result(argument) else { return nil }
        self = value
    }
}

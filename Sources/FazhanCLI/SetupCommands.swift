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
        abstract: Catalogue.initAbstract)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var recorder: RecorderOptions

    @Option(help: ArgumentHelp(Catalogue.initWorkflowHelp))
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
        abstract: Catalogue.workflowAbstract,
        subcommands: [Validate.self, Install.self, List.self, Diagram.self])

    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "validate",
            abstract: Catalogue.workflowValidateAbstract)

        @Argument(help: ArgumentHelp(Catalogue.workflowValidateFileHelp))
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
            abstract: Catalogue.workflowInstallAbstract)

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var recorder: RecorderOptions

        @Argument(help: ArgumentHelp(Catalogue.workflowInstallFileHelp))
        var file: String

        @Flag(help: ArgumentHelp(Catalogue.workflowInstallMakeDefaultHelp))
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
        static let configuration = CommandConfiguration(commandName: "list", abstract: Catalogue.workflowListAbstract)

        @OptionGroup var database: DatabaseOptions
        @Option(help: ArgumentHelp(Catalogue.formatTableJSONCSVHelp)) var format: OutputFormat = .table

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
        static let configuration = CommandConfiguration(commandName: "diagram", abstract: Catalogue.workflowDiagramAbstract)

        enum DiagramFormat: String, ExpressibleByArgument, CaseIterable { case mermaid, dot }

        @Argument(help: ArgumentHelp(Catalogue.workflowDiagramIdHelp))
        var id: String

        @Option(help: ArgumentHelp(Catalogue.workflowDiagramFormatHelp)) var format: DiagramFormat = .mermaid
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
        commandName: "org", abstract: Catalogue.orgAbstract,
        subcommands: [Add.self, List.self, Grade.self, Members.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: Catalogue.orgAddAbstract)

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var recorder: RecorderOptions
        @Argument(help: ArgumentHelp(Catalogue.orgAddCodeHelp)) var code: String
        @Option(help: ArgumentHelp(Catalogue.orgAddNameHelp)) var name: String
        @Option(help: ArgumentHelp(Catalogue.orgAddKindHelp)) var kind: Organization.Kind
        @Option(help: ArgumentHelp(Catalogue.orgAddParentHelp)) var parent: String?
        @Option(help: ArgumentHelp(Catalogue.orgAddCategoryHelp)) var category: Organization.Category?
        @Flag(help: ArgumentHelp(Catalogue.orgAddWithoutApprovalAuthorityHelp)) var withoutApprovalAuthority = false

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
        static let configuration = CommandConfiguration(commandName: "list", abstract: Catalogue.orgListAbstract)

        @OptionGroup var database: DatabaseOptions
        @Option(help: ArgumentHelp(Catalogue.formatTableJSONCSVHelp)) var format: OutputFormat = .table

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

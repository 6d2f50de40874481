import ArgumentParser
import FazhanCore
import FazhanReports
import FazhanService
import FazhanSQLite
import FazhanStore
import FazhanViews
import Foundation

/// `fazhan`: the organizer's command line.
public struct Fazhan: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "fazhan",
        abstract: Catalogue.rootAbstract,
        discussion: Catalogue.rootDiscussion,
        version: "0.1.0",
        subcommands: [
            DemoCommand.self, InitCommand.self, WorkflowCommand.self, OrgCommand.self, PersonCommand.self,
            RecordCommand.self, CheckCommand.self, AdvanceCommand.self, CorrectCommand.self, ShowCommand.self,
            HistoryCommand.self, AuditCommand.self, AgendaCommand.self, EnrollmentCommand.self, PlanCommand.self, ReportCommand.self, ImportCommand.self, ExportCommand.self, BackupCommand.self, VerifyCommand.self,
            KeyCommand.self, SealCommand.self, GenerateCommand.self, LoginCommand.self, LogoutCommand.self,
            PrintCommand.self,
        ])

    public init() {}

    /// The commands that run through the service on any database, and so also on a PostgreSQL
    /// URL inside `fazhan-server`.
    public static let serviceCommands: [String] = ([
        RecordCommand.self, CheckCommand.self, AdvanceCommand.self, CorrectCommand.self, ShowCommand.self, HistoryCommand.self,
        AuditCommand.self, AgendaCommand.self, ReportCommand.self, PersonCommand.self, OrgCommand.self, EnrollmentCommand.self,
        PlanCommand.self, ImportCommand.self, ExportCommand.self, PrintCommand.self,
    ] as [any ParsableCommand.Type]).compactMap { $0.configuration.commandName }

    /// Runs the command line and exits with 0, 1 (refused or failed) or 64 (usage).
    public static func run(arguments: [String]? = nil) async -> Never {
        var arguments = arguments ?? Array(CommandLine.arguments.dropFirst())
        let language = LanguageOption.resolve(&arguments)
        await Language.$current.withValue(language) {
            await Table.$terminalWidth.withValue(TerminalWidth.current()) { await runFitted(arguments: arguments) }
        }
    }

    /// `run`, with the tables fitted to the terminal.
    private static func runFitted(arguments: [String]?) async -> Never {
        SQLiteStore.onLongWait { FileHandle.standardError.write(Data("note: \($0)\n".utf8)) }
        do {
            var command = try arguments.flatMap(parseDirectly) ?? parseAsRoot(arguments)
            if let remote = command as? any RemoteRunnable, let client = try remote.remoteClient() {
                try await remote.run(on: client)
            } else if var asynchronous = command as? any AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
            Foundation.exit(0)
        } catch let error as ServiceError {
            FileHandle.standardError.write(Data((render(error) + "\n").utf8))
            // A value that names nothing (--stage NOPE) is a usage error, whoever found it.
            switch error {
            case .unknownValue, .unknownStep, .unknownStage, .notBatchable: Foundation.exit(64)
            default: break
            }
            Foundation.exit(1)
        } catch let failure as Failure {
            FileHandle.standardError.write(Data((failure.message + "\n").utf8))
            Foundation.exit(failure.exitCode)
        } catch let error as StoreError {
            FileHandle.standardError.write(Data((Catalogue.error(error.description) + "\n").utf8))
            Foundation.exit(1)
        } catch let error as RecordError {
            FileHandle.standardError.write(Data((Catalogue.refused(error.description) + "\n").utf8))
            Foundation.exit(1)
        } catch let error as CheckpointKeyError {
            FileHandle.standardError.write(Data((Catalogue.error(error.message) + "\n").utf8))
            Foundation.exit(1)
        } catch let error as DefinitionError {
            FileHandle.standardError.write(Data((Catalogue.workflowDoesNotLoad(error.description) + "\n").utf8))
            Foundation.exit(1)
        } catch {
            // A usage error in the organizer's language; help (exit 0) prints as ArgumentParser writes it.
            let code = exitCode(for: error)
            guard code != .success, Language.current == .zh else { exit(withError: error) }
            let message = fullMessage(for: error)  // empty for a bare exit code (`check` refusing)
            if !message.isEmpty { FileHandle.standardError.write(Data((UsageText.chinese(message) + "\n").utf8)) }
            Foundation.exit(code.rawValue)
        }
    }
}

extension Fazhan {
    /// The commands organizers run most, one person at a time.
    private static let frequentCommands: [any ParsableCommand.Type] = [
        CheckCommand.self, AdvanceCommand.self, RecordCommand.self, ShowCommand.self,
    ]

    /// The command `arguments` run when they start with the name of a frequent command and that
    /// command parses them as they are: parsed as its own root, which spares ArgumentParser's
    /// walk over every command and option group of `fazhan` (reflection and protocol-conformance
    /// lookups: a seventh of a `check`'s time). Anything else is nil, for `parseAsRoot` on
    /// `fazhan`: help, the version, completion scripts, and every usage error, so that each
    /// reads and exits exactly as before.
    static func parseDirectly(_ arguments: [String]) -> (any ParsableCommand)? {
        guard let name = arguments.first,
              let command = frequentCommands.first(where: { $0.configuration.commandName == name }) else { return nil }
        let rest = arguments.dropFirst()
        let answeredByRoot = rest.contains { argument in
            argument == "-h" || argument == "--help" || argument == "help" || argument == "--version"
                || argument.hasPrefix("--generate-completion") || argument.hasPrefix("--experimental")
        }
        guard !answeredByRoot else { return nil }
        return parsePlainly(name, rest) ?? (try? command.parseAsRoot(Array(rest)))
    }
}

/// A refused or failed use case, as the organizer reads it: a refused step in full (every
/// check, what was found and required, the earliest date), anything else as its sentence.
func render(_ error: ServiceError) -> String {
    RecordedRendering.failure(error)
}

/// A refused or failed operation: printed as is, exit code 1 (64 for a usage error a server found).
struct Failure: Error {
    var message: String
    var exitCode: Int32

    init(_ message: String, exitCode: Int32 = 1) {
        self.message = message
        self.exitCode = exitCode
    }
}

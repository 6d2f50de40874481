import ArgumentParser
import FazhanCore
import FazhanSQLite
import FazhanStore

/// `fazhan export`: people, events or the people in a stage, to CSV that opens in Excel or to JSON.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: Catalogue.exportAbstract,
        discussion: Catalogue.exportDiscussion,
        subcommands: [People.self, Events.self, PersonsInStage.self])
}

/// The stages of the installed workflows, in each workflow's order, for resolving `--stage`.
struct KnownStages {
    /// Stage ids with their names, the first workflow's name for an id found in several.
    var stages: [(id: String, name: String)] = []

    init(store: SQLiteStore) throws {
        var seen: Set<String> = []
        for version in try store.installedWorkflows() {
            for stage in try store.bundle(version: version.version).workflow.stages where seen.insert(stage.id).inserted {
                stages.append((stage.id, stage.name))
            }
        }
    }

    /// The stage id `text` names, by id or by name.
    func id(for text: String) -> String? {
        stages.first { $0.id == text }?.id ?? stages.first { $0.name == text }?.id
    }

    func name(of id: String) -> String {
        stages.first { $0.id == id }?.name ?? id
    }

    /// A usage error for an unknown stage, listing the stages there are; nil when the database
    /// cannot be read (the command itself will say why).
    static func check(_ text: String, database: DatabaseOptions) throws {
        guard let store = try? database.openStore(), let known = try? KnownStages(store: store) else { return }
        if known.id(for: text) == nil { throw unknown(text, known.stages) }
    }

    /// The usage error for a stage no installed workflow has, listing the stages there are.
    static func unknown(_ text: String, _ stages: [(id: String, name: String)]) -> ValidationError {
        let list = stages.map { "\($0.id) (\($0.name))" }.joined(separator: ", ")
        return ValidationError("no stage \(text); the stages are \(list)")
    }
}

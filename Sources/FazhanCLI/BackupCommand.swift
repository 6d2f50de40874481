import ArgumentParser
import FazhanCore
import FazhanSQLite
import FazhanStore

struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: Catalogue.backupAbstract,
        discussion: Catalogue.backupDiscussion)

    @OptionGroup var database: DatabaseOptions
    @Argument(help: ArgumentHelp(Catalogue.backupPathHelp)) var path: String
    @Flag(help: ArgumentHelp(Catalogue.backupForceHelp)) var force = false

    func run() throws {
        let store = try database.openStore()
        let file = try OutputFile(path, overwrite: force)
        file.handOver()
        do {
            try store.backup(into: file.temporaryPath)
        } catch {
            file.abandon()
            throw error
        }
        try file.commit()
        output(Catalogue.backedUp(database.path, to: path))
    }
}

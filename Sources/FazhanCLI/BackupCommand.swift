import ArgumentParser
import FazhanSQLite
import FazhanStore

struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the database consistently to a new file while others may be writing (SQLite's online backup).")

    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The new file to write.") var path: String

    func run() throws {
        try database.openStore().backup(to: path)
        output("backed up \(database.path) to \(path) (mode 0600)")
    }
}

import ArgumentParser
import FazhanCore
import FazhanSQLite
import FazhanStore

struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the database consistently to a new file while others may be writing (SQLite's online backup).",
        discussion: """
            The copy is written beside the destination and renamed into place once whole: a backup that fails or is \
            killed midway leaves the destination as it was. The file is readable by its owner only.
            """)

    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The new file to write.") var path: String
    @Flag(help: "Replace the file if it exists (a regular file only).") var force = false

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

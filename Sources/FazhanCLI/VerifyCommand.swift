import ArgumentParser
import FazhanReports
import FazhanService
import FazhanSQLite
import FazhanStore

struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Recompute every person's chain of seals, the checkpoints over them and the stage projection; exit 1 on any problem.",
        discussion: "Finds an event edited, deleted, inserted or reordered behind Fazhan's back (a deleted tail included), a checkpoint removed or changed, and a stored stage or statistics digest that disagrees with the events.")

    @OptionGroup var database: DatabaseOptions
    @Option(help: "table or json.") var format: OutputFormat = .table

    func run() async throws {
        let report = try await database.serviceForReading().verify()
        if format == .json {
            output(try JSONOutput.render(report))
        } else if report.isIntact {
            output("\(database.path): intact. \(report.events) events, \(report.seals) seals, \(report.checkpoints) checkpoints; head \(report.head); chains \(report.chains)")
        } else {
            output("\(database.path): \(report.problems.count) problem(s) in \(report.events) events")
            output(report.problems.map { "  \($0)" }.joined(separator: "\n"))
        }
        if !report.isIntact { throw ExitCode(1) }
    }
}

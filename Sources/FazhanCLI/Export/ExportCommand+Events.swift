import ArgumentParser
import FazhanCore
import FazhanService
import FazhanSQLite
import FazhanStore
import FazhanViews

extension ExportCommand {
    /// `fazhan export events`: every recorded event, corrections and voided events included.
    struct Events: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "events",
            abstract: "Export every recorded event, corrections beside what they correct, person by person.",
            discussion: """
                One row per event, in recording order within each person (people by number): 事件编号 (the event's id, \
                which 更正 refers to), 学号, 姓名, 步骤 (the step id), 步骤名称, 日期, 记录时间, 记录人, 导入, 更正, 更正原因, \
                作废, then one column per field an event can carry, headed as `fazhan import events` reads them (备注, \
                应到, 实到, 赞成, ...), and 规则版本. An event replaced by a correction stays in the export; the correction \
                names it in 更正.
                """)

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var remote: RemoteOptions
        @OptionGroup var options: ExportOptions
        @Option(help: "Only the people of this organization and those under it.") var org: String?
        @Option(help: "Only events on or after this date.") var from: CivilDate?
        @Option(help: "Only events on or before this date.") var to: CivilDate?
        @Flag(help: "Include the events of people who left (withdrawn, cancelled, transferred out).") var all = false

        func validate() throws {
            if let from, let to, from > to { throw ValidationError(Catalogue.fromAfterTo(from, to)) }
        }

        func run() async throws {
            let export = try await database.serviceForReading().exportEvents(organization: org, from: from, to: to, all: all)
            try await ExportRun.run(options, columns: ExportTables.Events.columns, label: "exporting events", noun: "events", total: export.total) { writer, progress in
                try await export.rows { listing, event, stepName in
                    try writer.write(ExportTables.Events.row(listing, event, stepName: stepName))
                    progress.advance()
                }
            }
        }
    }
}

import ArgumentParser
import FazhanCore
import FazhanService
import FazhanSQLite
import FazhanStore

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

        static let columns = [
            ExportColumn("事件编号", "event_id"), ExportColumn("学号", "number"), ExportColumn("姓名", "name"), ExportColumn("步骤", "step"),
            ExportColumn("步骤名称", "step_name"), ExportColumn("日期", "date"), ExportColumn("记录时间", "recorded_at"),
            ExportColumn("记录人", "recorded_by"), ExportColumn("导入", "imported"), ExportColumn("更正", "corrects"),
            ExportColumn("更正原因", "correction_reason"), ExportColumn("作废", "voids"),
        ] + dataColumns + [ExportColumn("规则版本", "workflow_version")]

        /// One column per field of ``EventData``, in its order.
        static let dataColumns = [
            ExportColumn("备注", "note"), ExportColumn("推荐方式", "method"), ExportColumn("公示节点", "node"),
            ExportColumn("开始", "from"), ExportColumn("结束", "to"), ExportColumn("未解决异议", "objections"),
            ExportColumn("应到", "expected"), ExportColumn("实到", "present"), ExportColumn("赞成", "for"),
            ExportColumn("反对", "against"), ExportColumn("弃权", "abstain"), ExportColumn("书面赞成", "written_for"),
            ExportColumn("书面反对", "written_against"), ExportColumn("天数", "days"), ExportColumn("学时", "hours"),
            ExportColumn("结果", "result"), ExportColumn("人员", "names"), ExportColumn("审批组织", "approver"),
            ExportColumn("原因", "reason"), ExportColumn("转入组织", "organization"), ExportColumn("月数", "months"),
            ExportColumn("豁免规则", "rule"), ExportColumn("批准人", "approved_by"), ExportColumn("有效期至", "until"),
        ]

        /// The cells of ``dataColumns``.
        static func dataValues(_ data: EventData) -> [ExportValue] {
            [
                .text(data.note), .text(data.method), .text(data.node), .date(data.from), .date(data.to), .integer(data.objections),
                .integer(data.expected), .integer(data.present), .integer(data.votesFor), .integer(data.against),
                .integer(data.abstain), .integer(data.writtenFor), .integer(data.writtenAgainst), .integer(data.days),
                .integer(data.hours), .text(data.result?.rawValue), .list(data.names), .text(data.approver), .text(data.reason),
                .text(data.organization), .integer(data.months), .text(data.rule), .text(data.approvedBy), .date(data.until),
            ]
        }

        func validate() throws {
            if let from, let to, from > to { throw ValidationError("--from \(from) is after --to \(to)") }
        }

        func run() async throws {
            let export = try await database.serviceForReading().exportEvents(organization: org, from: from, to: to, all: all)
            try await ExportRun.run(options, columns: Self.columns, label: "exporting events", noun: "events", total: export.total) { writer, progress in
                try await export.rows { listing, event, stepName in
                    try writer.write([
                        .integer(event.id), .text(listing.profile.number), .text(listing.profile.name), .text(event.step),
                        .text(stepName ?? event.step), .date(event.date), .text(event.recordedAt), .text(event.recordedBy),
                        .flag(event.imported), .integer(event.corrects), .text(event.correctionReason), .flag(event.voids),
                    ] + Self.dataValues(event.data) + [.integer(event.workflowVersion)])
                    progress.advance()
                }
            }
        }
    }
}

import FazhanCore

/// The quarterly report as terminal tables and as one Excel-ready CSV.
public enum QuarterlyReportText {
    /// One section of the report: a title and a table.
    struct Section {
        var title: String
        var columns: [Table.Column]
        var rows: [[String]]
    }

    static func change(_ now: Int, _ then: Int?) -> String {
        guard let then else { return "" }
        let delta = now - then
        return delta > 0 ? "+\(delta)" : String(delta)
    }

    static func sections(_ report: QuarterlyReport) -> [Section] {
        let current = report.figures(report.current)
        let previous = report.previous.map(report.figures)
        let lastYear = report.lastYear.map(report.figures)
        let previousLabel = report.previous?.period.label ?? "previous"
        let lastYearLabel = report.lastYear?.period.label ?? "a year earlier"
        var sections: [Section] = []

        // Stocks at the period's end.
        var stockRows: [[String]] = []
        for stage in current.stock {
            let before = previous?.stock(stage.stage).total
            let yearBefore = lastYear?.stock(stage.stage).total
            stockRows.append([stage.name, String(stage.counts.student), String(stage.counts.teacher), String(stage.counts.staff),
                              String(stage.counts.other), String(stage.counts.total), before.map(String.init) ?? "",
                              change(stage.counts.total, before), yearBefore.map(String.init) ?? "", change(stage.counts.total, yearBefore)])
        }
        stockRows.append(["党员（含预备党员）", String(current.members.student), String(current.members.teacher), String(current.members.staff),
                          String(current.members.other), String(current.members.total), previous.map { String($0.members.total) } ?? "",
                          change(current.members.total, previous?.members.total), lastYear.map { String($0.members.total) } ?? "",
                          change(current.members.total, lastYear?.members.total)])
        stockRows.append(["后备力量（申请人、积极分子、发展对象）", String(current.reserve.student), String(current.reserve.teacher),
                          String(current.reserve.staff), String(current.reserve.other), String(current.reserve.total),
                          previous.map { String($0.reserve.total) } ?? "", change(current.reserve.total, previous?.reserve.total),
                          lastYear.map { String($0.reserve.total) } ?? "", change(current.reserve.total, lastYear?.reserve.total)])
        sections.append(Section(
            title: "Stocks on \(report.period.to)",
            columns: [Table.Column("stage")] + ["students", "teachers", "staff", "other", "total", previousLabel, "change", lastYearLabel, "change"]
                .map { Table.Column($0, alignment: .right) },
            rows: stockRows))

        // Flows within the period.
        let flows: [(String, (OrganizationFigures) -> CategoryCounts)] = [
            ("applications 递交申请", \.applications), ("admissions 接收预备党员 (by approval)", \.admissions),
            ("conversions 转正 (by approval)", \.conversions), ("extensions 延长预备期", \.extensions),
            ("exits 撤回、取消、转出", \.exits), ("transfers in 转入", \.transfersIn), ("transfers out 转出", \.transfersOut),
        ]
        var flowRows = flows.map { name, value in
            [name, String(value(current).student), String(value(current).total), previous.map { String(value($0).total) } ?? "",
             lastYear.map { String(value($0).total) } ?? ""]
        }
        for entered in current.entered where !report.current.roles.initial.contains(entered.stage) {
            flowRows.append(["entered \(entered.name)", String(entered.counts.student), String(entered.counts.total),
                             previous.map { String($0.entered(entered.stage).total) } ?? "",
                             lastYear.map { String($0.entered(entered.stage).total) } ?? ""])
        }
        sections.append(Section(
            title: "Flows \(report.period.from) to \(report.period.to)",
            columns: [Table.Column("flow")] + ["students", "total", previousLabel, lastYearLabel].map { Table.Column($0, alignment: .right) },
            rows: flowRows))

        if !report.targets.isEmpty {
            sections.append(Section(
                title: "Targets",
                columns: [Table.Column("target"), Table.Column("value", alignment: .right), Table.Column("of", alignment: .right),
                          Table.Column("target", alignment: .right), Table.Column("status"), Table.Column("")],
                rows: report.targets.map {
                    [$0.name, $0.ratio.percentText, "\($0.ratio.numerator)/\($0.ratio.denominator)", $0.threshold?.description ?? "",
                     $0.status, $0.message]
                }))
        }
        if !report.plans.isEmpty {
            sections.append(Section(
                title: "Development plans \(report.period.to.year) (admissions approved from January 1)",
                columns: [Table.Column("organization"), Table.Column("category"), Table.Column("quota", alignment: .right),
                          Table.Column("admitted", alignment: .right), Table.Column("completion", alignment: .right),
                          Table.Column("over plan (R25)")],
                rows: report.plans.map {
                    [$0.organization, $0.category, String($0.quota), String($0.admitted), $0.completion.percentText, $0.mark]
                }))
        }
        if let share = report.branchShare {
            sections.append(Section(
                title: "最强党支部 \(share.year)",
                columns: [Table.Column("branches", alignment: .right), Table.Column("最强党支部", alignment: .right),
                          Table.Column("share", alignment: .right), Table.Column("target", alignment: .right), Table.Column("status")],
                rows: [[String(share.branches), String(share.strongest), share.ratio.percentText, share.threshold?.description ?? "", share.status]]))
        }

        // Breakdowns, as the national bulletin uses them.
        func breakdownRows(_ b: Breakdown) -> [[String]] {
            var rows = [["total", String(b.total)], ["female 女", String(b.female)], ["male 男", String(b.male)],
                        ["ethnic minority 少数民族", String(b.ethnicMinority)], ["大专及以上", String(b.higherEducation)],
                        ["35 and under", String(b.thirtyFiveAndUnder)]]
            rows += AgeBand.allCases.map { ["age \($0.rawValue)", String(b.count($0))] }
            rows += [["students", String(b.categories.student)], ["teachers", String(b.categories.teacher)],
                     ["staff", String(b.categories.staff)], ["other", String(b.categories.other)]]
            return rows
        }
        let members = breakdownRows(current.memberStock)
        let newMembers = breakdownRows(current.newMembers)
        sections.append(Section(
            title: "Breakdowns: members on \(report.period.to), new members in the period",
            columns: [Table.Column(""), Table.Column("members", alignment: .right), Table.Column("new members", alignment: .right)],
            rows: zip(members, newMembers).map { [$0[0], $0[1], $1[1]] }))

        sections.append(Section(
            title: "By organization",
            columns: [Table.Column("organization"), Table.Column("name"), Table.Column("members", alignment: .right),
                      Table.Column("reserve", alignment: .right), Table.Column("admissions", alignment: .right),
                      Table.Column("conversions", alignment: .right)],
            rows: report.current.organizationFigures.compactMap { figures in
                guard let organization = figures.organization else { return nil }
                return [organization.code, organization.name, String(figures.members.total), String(figures.reserve.total),
                        String(figures.admissions.total), String(figures.conversions.total)]
            }))
        return sections
    }

    public static func table(_ report: QuarterlyReport) -> String {
        var lines = ["\(report.title): \(report.organizationName), \(report.period.label) (\(report.period.from) to \(report.period.to))",
                     "rules: " + report.workflows.joined(separator: ", ")]
        for section in sections(report) {
            lines.append("")
            lines.append("== \(section.title)")
            lines.append(Table(columns: section.columns, rows: section.rows).render())
        }
        if let log = report.log {
            lines.append("")
            lines.append("computed from the event log at \(log.text)")
            lines.append("check later that the log still holds it: fazhan verify --expect-head \(log.head)")
        }
        return Table.fitted(lines.joined(separator: "\n"))
    }

    /// One CSV with a section column, so a spreadsheet can filter it.
    public static func csv(_ report: QuarterlyReport) -> String {
        var rows: [[String]] = []
        for section in sections(report) {
            rows.append([section.title] + section.columns.map(\.title))
            rows += section.rows.map { [section.title] + $0 }
        }
        if let log = report.log {
            rows.append(["event log", "checkpoint", "created at", "head", "signature", "key id"])
            rows.append(["event log", String(log.checkpoint), log.createdAt, log.head, log.signature ?? "unsigned", log.keyID ?? ""])
        }
        return CSVWriter.render(header: ["section", report.title, report.organizationName, report.period.label], rows: rows)
    }
}

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
        let previousLabel = report.previous?.period.label ?? Catalogue.previousPeriod
        let lastYearLabel = report.lastYear?.period.label ?? Catalogue.aYearEarlier
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
            title: Catalogue.stocksOn(report.period.to),
            columns: [Table.Column(Catalogue.stage)]
                + [Catalogue.students, Catalogue.teachers, Catalogue.staff, Catalogue.other, Catalogue.total, previousLabel, Catalogue.change,
                   lastYearLabel, Catalogue.change]
                .map { Table.Column($0, alignment: .right) },
            rows: stockRows))

        // Flows within the period.
        let flows: [(String, (OrganizationFigures) -> CategoryCounts)] = [
            (Catalogue.applications, \.applications), (Catalogue.admissions, \.admissions),
            (Catalogue.conversions, \.conversions), (Catalogue.extensions, \.extensions),
            (Catalogue.exits, \.exits), (Catalogue.transfersIn, \.transfersIn), (Catalogue.transfersOut, \.transfersOut),
        ]
        var flowRows = flows.map { name, value in
            [name, String(value(current).student), String(value(current).total), previous.map { String(value($0).total) } ?? "",
             lastYear.map { String(value($0).total) } ?? ""]
        }
        for entered in current.entered where !report.current.roles.initial.contains(entered.stage) {
            flowRows.append([Catalogue.entered(entered.name), String(entered.counts.student), String(entered.counts.total),
                             previous.map { String($0.entered(entered.stage).total) } ?? "",
                             lastYear.map { String($0.entered(entered.stage).total) } ?? ""])
        }
        sections.append(Section(
            title: Catalogue.flows(report.period.from, report.period.to),
            columns: [Table.Column(Catalogue.flow)] + [Catalogue.students, Catalogue.total, previousLabel, lastYearLabel].map { Table.Column($0, alignment: .right) },
            rows: flowRows))

        if !report.targets.isEmpty {
            sections.append(Section(
                title: Catalogue.targets,
                columns: [Table.Column(Catalogue.target), Table.Column(Catalogue.value, alignment: .right), Table.Column(Catalogue.of, alignment: .right),
                          Table.Column(Catalogue.threshold, alignment: .right), Table.Column(Catalogue.status), Table.Column("")],
                rows: report.targets.map {
                    [$0.name, $0.ratio.percentText, "\($0.ratio.numerator)/\($0.ratio.denominator)", $0.threshold?.description ?? "",
                     Catalogue.targetStatus($0.status), $0.message]
                }))
        }
        if !report.plans.isEmpty {
            sections.append(Section(
                title: Catalogue.plans(report.period.to.year),
                columns: [Table.Column(Catalogue.organization), Table.Column(Catalogue.category), Table.Column(Catalogue.quota, alignment: .right),
                          Table.Column(Catalogue.admitted, alignment: .right), Table.Column(Catalogue.completion, alignment: .right),
                          Table.Column(Catalogue.overPlan("R25"))],
                rows: report.plans.map {
                    [$0.organization, $0.category, String($0.quota), String($0.admitted), $0.completion.percentText, $0.mark]
                }))
        }
        if let share = report.branchShare {
            sections.append(Section(
                title: Catalogue.strongestBranches(share.year),
                columns: [Table.Column(Catalogue.branches, alignment: .right), Table.Column("最强党支部", alignment: .right),
                          Table.Column(Catalogue.share, alignment: .right), Table.Column(Catalogue.threshold, alignment: .right),
                          Table.Column(Catalogue.status)],
                rows: [[String(share.branches), String(share.strongest), share.ratio.percentText, share.threshold?.description ?? "",
                        Catalogue.targetStatus(share.status)]]))
        }

        // Breakdowns, as the national bulletin uses them.
        func breakdownRows(_ b: Breakdown) -> [[String]] {
            var rows = [[Catalogue.total, String(b.total)], [Catalogue.female, String(b.female)], [Catalogue.male, String(b.male)],
                        [Catalogue.ethnicMinority, String(b.ethnicMinority)], ["大专及以上", String(b.higherEducation)],
                        [Catalogue.thirtyFiveAndUnder, String(b.thirtyFiveAndUnder)]]
            rows += AgeBand.allCases.map { [Catalogue.ageBand($0), String(b.count($0))] }
            rows += [[Catalogue.students, String(b.categories.student)], [Catalogue.teachers, String(b.categories.teacher)],
                     [Catalogue.staff, String(b.categories.staff)], [Catalogue.other, String(b.categories.other)]]
            return rows
        }
        let members = breakdownRows(current.memberStock)
        let newMembers = breakdownRows(current.newMembers)
        sections.append(Section(
            title: Catalogue.breakdowns(report.period.to),
            columns: [Table.Column(""), Table.Column(Catalogue.members, alignment: .right), Table.Column(Catalogue.newMembers, alignment: .right)],
            rows: zip(members, newMembers).map { [$0[0], $0[1], $1[1]] }))

        sections.append(Section(
            title: Catalogue.byOrganization,
            columns: [Table.Column(Catalogue.organization), Table.Column(Catalogue.name), Table.Column(Catalogue.members, alignment: .right),
                      Table.Column(Catalogue.reserve, alignment: .right), Table.Column(Catalogue.admissionsColumn, alignment: .right),
                      Table.Column(Catalogue.conversionsColumn, alignment: .right)],
            rows: report.current.organizationFigures.compactMap { figures in
                guard let organization = figures.organization else { return nil }
                return [organization.code, organization.name, String(figures.members.total), String(figures.reserve.total),
                        String(figures.admissions.total), String(figures.conversions.total)]
            }))
        return sections
    }

    public static func table(_ report: QuarterlyReport) -> String {
        table(report, sections: sections(report))
    }

    /// The figures at a glance (what the demo shows): the stocks, the targets, the plans and the
    /// 最强党支部, without the flows, the breakdowns and the rows per organization.
    public static func glance(_ report: QuarterlyReport) -> String {
        let detail: Set = [Catalogue.flows(report.period.from, report.period.to), Catalogue.breakdowns(report.period.to), Catalogue.byOrganization]
        return table(report, sections: sections(report).filter { !detail.contains($0.title) })
    }

    private static func table(_ report: QuarterlyReport, sections: [Section]) -> String {
        var lines = [Catalogue.reportHeading(report.title, report.organizationName, report.period.label, report.period.from, report.period.to),
                     Catalogue.rules(report.workflows)]
        for section in sections {
            lines.append("")
            lines.append("== \(section.title)")
            lines.append(Table(columns: section.columns, rows: section.rows).render())
        }
        if let log = report.log {
            lines.append("")
            lines.append(Catalogue.computedFrom(log.text))
            lines.append(Catalogue.checkLater(log.head))
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
            rows.append(Catalogue.eventLogColumns)
            rows.append([Catalogue.eventLog, String(log.checkpoint), log.createdAt, log.head, log.signature ?? Catalogue.unsigned, log.keyID ?? ""])
        }
        return CSVWriter.render(header: [Catalogue.section, report.title, report.organizationName, report.period.label], rows: rows)
    }
}

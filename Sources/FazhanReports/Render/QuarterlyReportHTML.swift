import FazhanCore

/// The quarterly member-development report as one self-contained HTML page, to open in a
/// browser, mail, archive or print on A4.
///
/// The page needs nothing else: UTF-8 with `<meta charset>`, `lang="zh-CN"`, the style sheet
/// inline, the charts inline SVG drawn here (a funnel of the stages, each target's ratio over
/// the last periods against its threshold, members per branch), no script, no external font
/// or image. Every name taken from the data (organizations, stages, targets, the title) is
/// escaped, and a chart with nothing to draw says "暂无数据 (no data)" instead of dividing by
/// zero.
///
/// Sections, in order: the header (title, organization, period and its dates, the workflows);
/// stocks at the period's end and flows within it, each against the previous period and the
/// same period a year earlier; the ratio targets with the gap in people; plan completion and
/// the share of 最强党支部; the bulletin's breakdowns of members and new members; every
/// organization of the scope in tree order.
///
/// ```swift
/// let report = QuarterlyReportBuilder(period: try .quarter("2026Q2"), organizations: directory,
///                                     organizationCode: "XY", targets: workflow.targets)
///     .build(people, title: "2026年第二季度发展党员工作报告", workflows: [workflow], inputs: inputs)
/// try QuarterlyReportHTML.render(report).write(toFile: "report.html", atomically: true, encoding: .utf8)
/// ```
public enum QuarterlyReportHTML {
    /// The whole page, from `<!DOCTYPE html>` to `</html>`.
    public static func render(_ report: QuarterlyReport) -> String {
        let context = ReportContext(report)
        let sections = [
            header(context),
            stocks(context),
            flows(context),
            targets(context),
            plans(context),
            breakdowns(context),
            organizations(context),
        ]
        return """
        <!DOCTYPE html>
        <html lang="zh-CN">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(HTMLText.escape(report.title))</title>
        <style>
        \(ReportStyleSheet.css)
        </style>
        </head>
        <body>
        \(sections.joined(separator: "\n"))
        </body>
        </html>

        """
    }
}

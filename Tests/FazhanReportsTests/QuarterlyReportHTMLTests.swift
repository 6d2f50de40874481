import FazhanCore
import FazhanReports
import Foundation
import Testing

/// The quarterly report as an HTML page, built from real data: `workflows/university.yaml`, the
/// organization tree of `StatisticsFixture` (one branch renamed with markup in it), and a few
/// people at different stages in 2026Q2.
///
/// Set `FAZHAN_REPORT_HTML_OUT` to a directory to keep the pages (`quarterly-report.html`,
/// `quarterly-report-empty.html`), e.g. for `scripts/check-report-html.sh`.
@Suite(.english) struct QuarterlyReportHTMLTests {
    /// The package root, from this file (`Tests/FazhanReportsTests/…`).
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // FazhanReportsTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // the package

    /// A branch name as a user might type it, with every character HTML treats specially.
    static let unsafeName = "第二<b>&\"支部'"
    static let unsafeNameEscaped = "第二&lt;b&gt;&amp;&quot;支部&#39;"
    static let unsafeTitle = "2026年第二季度发展党员工作报告 <草稿> & \"内部\""
    static let unsafeTitleEscaped = "2026年第二季度发展党员工作报告 &lt;草稿&gt; &amp; &quot;内部&quot;"

    /// `StatisticsFixture`'s tree with ZB2 renamed to `unsafeName`.
    static let organizations = OrganizationDirectory(StatisticsFixture.organizations.byID.values.sorted { $0.id < $1.id }.map {
        var organization = $0
        if organization.code == "ZB2" { organization.name = unsafeName }
        return organization
    })

    let bundle: WorkflowBundle
    let engine: Engine

    init() throws {
        bundle = try WorkflowLoader.directory(Self.root.appendingPathComponent("workflows").path).load("university")
        engine = Engine(bundle: bundle)
    }

    /// Six people on the university's rules, as they stand at the end of 2026Q2:
    /// two student probationary members (admitted 2026-05-20, at ZB1 and ZB3), a student
    /// activist and a student candidate at ZB2, a student applicant at ZB3 (applied in the
    /// quarter) and a teacher applicant at JS.
    var people: [History] {
        let all = LifecycleUniversity.entries
        return [
            StatisticsFixture.person(1, "李<b>&华", .student, at: "ZB1", gender: .female, born: "2005-03-01", ethnicity: "汉族",
                                     education: "高中", level: .undergraduate, grade: 2024, all),
            StatisticsFixture.person(2, "王强", .student, at: "ZB2", gender: .male, born: "2004-05-10", ethnicity: "汉族",
                                     level: .undergraduate, grade: 2023, all.through("designate_activist")),
            StatisticsFixture.person(3, "张敏", .student, at: "ZB2", gender: .female, born: "2004-08-10",
                                     level: .undergraduate, grade: 2023, all.through("designate_candidate")),
            StatisticsFixture.person(4, "刘洋", .student, at: "ZB3", gender: .male, born: "2006-09-01", [
                Entry("submit_application", "2026-04-15"),
            ]),
            StatisticsFixture.person(5, "陈老师", .teacher, at: "JS", gender: .female, born: "1985-07-01", ethnicity: "汉族",
                                     education: "博士", all.through("initial_talk")),
            StatisticsFixture.person(6, "韦敏", .student, at: "ZB3", gender: .female, born: "1999-05-20", ethnicity: "壮族",
                                     education: "本科", level: .master, grade: 2023, all),
        ]
    }

    func report(_ histories: [History], targets: Bool = true, enrollment: Bool = true) throws -> QuarterlyReport {
        let builder = QuarterlyReportBuilder(
            period: try StatisticsPeriod.quarter("2026Q2"), organizations: Self.organizations, organizationCode: "DW",
            targets: targets ? bundle.workflow.targets : [])
        return builder.build(histories.map { ($0, engine) }, title: Self.unsafeTitle, workflows: [bundle.workflow]) { _ in
            ReportInputs(
                enrollment: enrollment ? ["XY": (students: 1000, staff: 200), "XY2": (students: 500, staff: 80)] : [:],
                plans: [(organization: "ZB1", category: "student", quota: 3), (organization: "ZB3", category: "student", quota: 2)],
                gradings: [(organization: "ZB1", strongest: true), (organization: "ZB2", strongest: false)])
        }
    }

    func occurrences(of needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }

    /// Keeps the page when `FAZHAN_REPORT_HTML_OUT` names a directory.
    func keep(_ html: String, as name: String) throws {
        guard let directory = ProcessInfo.processInfo.environment["FAZHAN_REPORT_HTML_OUT"], !directory.isEmpty else { return }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try html.write(toFile: (directory as NSString).appendingPathComponent(name), atomically: true, encoding: .utf8)
    }

    /// What every page must be: one self-contained document with no invalid numbers.
    func expectSelfContained(_ html: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"zh-CN\">"), sourceLocation: sourceLocation)
        #expect(html.hasSuffix("</html>\n"), sourceLocation: sourceLocation)
        for tag in ["<!DOCTYPE", "<html", "</html>", "<head>", "<body>", "</body>", "<meta charset=\"utf-8\">", "<style>"] {
            #expect(occurrences(of: tag, in: html) == 1, "\(tag) once", sourceLocation: sourceLocation)
        }
        #expect(occurrences(of: "<svg", in: html) >= 3, sourceLocation: sourceLocation)
        #expect(occurrences(of: "<svg", in: html) == occurrences(of: "</svg>", in: html), sourceLocation: sourceLocation)
        for invalid in ["NaN", "nan\"", "Infinity", "inf\""] {
            #expect(!html.contains(invalid), "\(invalid)", sourceLocation: sourceLocation)
        }
        // Nothing is fetched: no address (an SVG namespace would be the one exception), no
        // script, no linked style sheet, font or image.
        let withoutNamespace = html.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "")
        for external in ["http://", "https://", "<script", "<link", "<img", "@import", "url(", "src="] {
            #expect(!withoutNamespace.contains(external), "\(external)", sourceLocation: sourceLocation)
        }
        #expect(html.contains("@media print"), sourceLocation: sourceLocation)
        #expect(html.contains("size: A4"), sourceLocation: sourceLocation)
    }

    @Test func rendersTheQuarterAsOneSelfContainedPage() throws {
        let report = try report(people)
        let html = QuarterlyReportHTML.render(report)
        try keep(html, as: "quarterly-report.html")
        expectSelfContained(html)

        // The header: the period, its dates, the comparisons and the workflow.
        #expect(html.contains("2026Q2（2026-04-01 至 2026-06-30）"))
        #expect(html.contains("2026Q1"))
        #expect(html.contains("2025Q2"))
        #expect(html.contains("<code>university</code>"))
        #expect(html.contains("大学党委"))

        // The stage names from the workflow, in the stocks table and the funnel.
        let stages = report.current.stages.filter { $0.role != .exit }
        #expect(stages.map(\.name).contains("入党积极分子"))
        for stage in stages {
            #expect(occurrences(of: ">\(stage.name)<", in: html) >= 2, "\(stage.name) in the table and the funnel")
        }
    }

    @Test func showsEachTargetWithItsMessageAndStatus() throws {
        let report = try report(people)
        let html = QuarterlyReportHTML.render(report)
        // 2 student members of 1500 enrolled (XY 1000 + XY2 500): 0.13%; 3.83% needs 58.
        let members = try #require(report.targets.first { $0.id == "student-members" })
        #expect(members.message == "0.13%, target 3.83%: 56 more needed")
        #expect(html.contains("0.13%, target 3.83%: 56 more needed"))
        for target in report.targets {
            #expect(html.contains(">\(target.message)<"), "\(target.id)")
            #expect(html.contains(target.name))
        }
        // The status in words and symbol, not in colour alone.
        #expect(html.contains("<td class=\"status short\">✘ 未达标 (short)</td>"))
        // Each target's chart over six periods with its dashed threshold.
        #expect(occurrences(of: "class=\"threshold\"", in: html) == Set(report.targetHistory.map(\.target)).count)
        #expect(html.contains(">2025Q3<"))
        // Plans and the 最强党支部 share.
        #expect(html.contains("计划完成"))
        #expect(html.contains("最强党支部"))
    }

    @Test func escapesTextFromUsers() throws {
        let html = QuarterlyReportHTML.render(try report(people))
        #expect(html.contains("<title>\(Self.unsafeTitleEscaped)</title>"))
        #expect(html.contains("<h1>\(Self.unsafeTitleEscaped)</h1>"))
        // The branch in the organizations table and in the branch chart.
        #expect(occurrences(of: Self.unsafeNameEscaped, in: html) >= 2)
        #expect(!html.contains(Self.unsafeName))
        #expect(!html.contains("<b>"))
        #expect(!html.contains("<草稿>"))
        #expect(!html.contains("& \""))
    }

    @Test func listsOrganizationsInTreeOrderIndented() throws {
        let html = QuarterlyReportHTML.render(try report(people))
        // Each organization before its children, children by code (JS before ZZ).
        let order = ["大学党委", "计算机学院党委", "教工党支部", "学生党总支", "本科生第一党支部", Self.unsafeNameEscaped, "数学学院党委", "数学学生党支部"]
        let table = try #require(html.range(of: "<table class=\"organizations\">").map { String(html[$0.lowerBound...]) })
        let positions = order.compactMap { table.range(of: "<span class=\"name\">\($0)</span>")?.lowerBound }
        #expect(positions.count == order.count)
        #expect(positions == positions.sorted())
        // DW at depth 0, ZB1 at depth 3 (DW ─ XY ─ ZZ ─ ZB1).
        #expect(table.contains("style=\"padding-left: 6px\"><span class=\"name\">大学党委</span>"))
        #expect(table.contains("style=\"padding-left: 54px\"><span class=\"branch-mark\">└ </span><span class=\"name\">本科生第一党支部</span>"))
    }

    /// A committee with 25 branches, branch N holding N probationary members (admitted
    /// 2026-05-20): the branch chart shows the 20 largest, largest first.
    @Test func branchChartShowsTheTwentyLargestBranches() throws {
        let branches = (1...25).map { number in
            Organization(id: Int64(100 + number), code: "B\(number < 10 ? "0" : "")\(number)",
                         name: number == 25 ? "第25党支部（一个名字很长很长很长的学生党支部，名字超出了图的标签宽度）" : "第\(number < 10 ? "0" : "")\(number)党支部",
                         kind: .branch, parentID: 1, category: .student, canApprove: false)
        }
        let directory = OrganizationDirectory([
            Organization(id: 1, code: "DW", name: "大学党委", kind: .committee, parentID: nil, category: .mixed, canApprove: true),
        ] + branches)
        var people: [History] = []
        for branch in branches {
            for _ in 0..<Int(branch.id - 100) {
                var person = PersonHistory(number: "P\(people.count + 1)", name: "学生\(people.count + 1)")
                person.person.id = Int64(people.count + 1)
                person.person.organizationID = branch.id
                for entry in LifecycleUniversity.entries { person.record(entry) }
                people.append(person.history)
            }
        }
        let builder = QuarterlyReportBuilder(period: try StatisticsPeriod.quarter("2026Q2"), organizations: directory, organizationCode: nil,
                                             targets: bundle.workflow.targets)
        let report = builder.build(people.map { ($0, engine) }, title: "2026年第二季度发展党员工作报告", workflows: [bundle.workflow]) { _ in
            ReportInputs(enrollment: ["DW": (students: 8000, staff: 900)], plans: [], gradings: [])
        }
        let html = QuarterlyReportHTML.render(report)
        try keep(html, as: "quarterly-report-large.html")
        expectSelfContained(html)
        #expect(html.contains("<dt>档案数</dt><dd>325</dd>"))
        // 325 student members of 8000: 4.06%, above 3.83%.
        #expect(html.contains("4.06%, target 3.83%: met"))
        #expect(html.contains("<td class=\"status met\">✔ 达标 (met)</td>"))

        let chart = try #require(html.range(of: "图3").map { String(html[$0.lowerBound...]) })
        #expect(chart.contains("共 25 个党支部，显示党员最多的 20 个"))
        #expect(occurrences(of: "<rect ", in: chart) == 20)
        #expect(!chart.contains(">第05党支部<"))
        #expect(chart.contains(">第06党支部<"))
        // The long name is shortened on the chart, in full in its tooltip.
        let long = try #require(branches.last?.name)
        #expect(chart.contains("<title>\(long)</title>"))
        #expect(chart.contains("…</text>"))
        let largest = try #require(chart.range(of: "第25党支部")?.lowerBound)
        let next = try #require(chart.range(of: ">第24党支部<")?.lowerBound)
        #expect(largest < next)
    }

    @Test(arguments: [true, false])
    func emptyReportRendersWithNoDataNotes(targets: Bool) throws {
        let report = try report([], targets: targets, enrollment: false)
        let html = QuarterlyReportHTML.render(report)
        try keep(html, as: targets ? "quarterly-report-empty.html" : "quarterly-report-empty-no-targets.html")
        expectSelfContained(html)
        // The funnel and the branch chart have nothing to draw; so do the targets when there are none.
        #expect(occurrences(of: "暂无数据 (no data)", in: html) == (targets ? 2 : 3))
        #expect(html.contains("2026Q2"))
        if targets {
            // No enrollment: every ratio is n/a, drawn as a label and the target line only.
            #expect(html.contains("n/a"))
            #expect(html.contains("class=\"threshold\""))
        }
    }
}

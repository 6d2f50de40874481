import FazhanCore

/// The sections of the HTML report: header, tables, and the charts placed beside them.
extension QuarterlyReportHTML {
    // MARK: - Header

    static func header(_ context: ReportContext) -> String {
        let report = context.report
        let organization = HTMLText.escape(report.organizationName)
            + (report.organizationCode.map { " <code>\(HTMLText.escape($0))</code>" } ?? "")
        var comparisons: [String] = []
        if let previous = report.previous { comparisons.append("上期 " + periodText(previous.period)) }
        if let lastYear = report.lastYear { comparisons.append("去年同期 " + periodText(lastYear.period)) }
        let workflows = report.workflows.isEmpty
            ? "<span class=\"muted\">—</span>"
            : report.workflows.map { "<code>\(HTMLText.escape($0))</code>" }.joined(separator: "、")
        return """
        <header class="report">
        <h1>\(HTMLText.escape(report.title))</h1>
        <dl class="meta">
        <dt>组织</dt><dd>\(organization)</dd>
        <dt>统计期</dt><dd>\(HTMLText.escape(periodText(report.period)))；存量截至 \(HTMLText.escape(report.period.to.description))</dd>
        <dt>对比期</dt><dd>\(HTMLText.escape(comparisons.isEmpty ? "—" : comparisons.joined(separator: "；")))</dd>
        <dt>工作流程</dt><dd>\(workflows)</dd>
        <dt>档案数</dt><dd>\(report.current.histories)</dd>
        \(report.log.map { log in
            "<dt>数据封存</dt><dd>检查点 \(log.checkpoint)（\(HTMLText.escape(log.createdAt))），head <code>\(log.head)</code>，"
                + (log.signature.map { "签名 <code>\(HTMLText.escape($0))</code>（密钥 <code>\(HTMLText.escape(log.keyID ?? "?"))</code>）" } ?? "未签名")
                + "<br><span class=\"muted\">fazhan verify --expect-head \(log.head)</span></dd>"
        } ?? "")
        </dl>
        </header>
        """
    }

    /// `2026Q2（2026-04-01 至 2026-06-30）`.
    static func periodText(_ period: StatisticsPeriod) -> String {
        "\(period.label)（\(period.from) 至 \(period.to)）"
    }

    // MARK: - Stocks and flows

    static func stocks(_ context: ReportContext) -> String {
        let report = context.report
        var table = comparisonTable(context, first: "阶段", current: "期末 \(report.period.label)", previous: "上期末", lastYear: "去年同期末")
        for stage in context.current.stock {
            let role = report.current.stages.first { $0.id == stage.stage }?.role
            addComparisonRow(&table, stage.name, stage.counts, context.previous?.stock(stage.stage), context.lastYear?.stock(stage.stage),
                             class: role == .member ? "member" : nil)
        }
        addComparisonRow(&table, "党员合计（预备党员＋正式党员）", context.current.members, context.previous?.members,
                         context.lastYear?.members, class: "total")
        addComparisonRow(&table, "后备力量合计（申请人、积极分子、发展对象）", context.current.reserve, context.previous?.reserve,
                         context.lastYear?.reserve, class: "total")
        let funnel = SVGChart.funnel(context.current.stock.map { stage in
            let role = report.current.stages.first { $0.id == stage.stage }?.role
            return SVGChart.Bar(label: stage.name, value: stage.counts.total, className: role == .member ? "member" : "reserve")
        }, title: "各阶段人数（\(report.period.to)）")
        return """
        <section id="stocks">
        <h2>一、期末各阶段人数</h2>
        \(table.html)
        <p class="note">存量按期末当日所在组织统计；退出阶段（撤回、取消等）不计入存量。变化 = 本期 − 对比期。</p>
        <figure>
        <figcaption>图1 发展阶段漏斗（期末人数）</figcaption>
        \(funnel)
        </figure>
        </section>
        """
    }

    static func flows(_ context: ReportContext) -> String {
        let report = context.report
        var table = comparisonTable(context, first: "事项", current: "本期 \(report.period.label)", previous: "上期", lastYear: "去年同期")
        func row(_ label: String, _ value: (OrganizationFigures) -> CategoryCounts) {
            addComparisonRow(&table, label, value(context.current), context.previous.map(value), context.lastYear.map(value))
        }
        row("递交入党申请书", \.applications)
        for stage in report.current.stages where stage.role == .reserve && !stage.isInitial {
            row("新增\(stage.name)") { $0.entered(stage.id) }
        }
        row("接收预备党员", \.admissions)
        row("预备党员转正", \.conversions)
        row("退出（撤回、取消、转出系统）", \.exits)
        row("延长预备期", \.extensions)
        row("组织关系转入", \.transfersIn)
        row("组织关系转出", \.transfersOut)
        return """
        <section id="flows">
        <h2>二、本期发展情况</h2>
        \(table.html)
        <p class="note">接收预备党员、转正按批准日期计入统计期；转入、转出只计本范围与范围外组织之间的转接。</p>
        </section>
        """
    }

    static let categoryColumns: [(PersonProfile.Category, String)] = [(.student, "学生"), (.teacher, "教师"), (.staff, "职工"), (.other, "其他")]

    /// A table with the categories of this period, then the total and change against the
    /// previous period and the same period a year earlier.
    static func comparisonTable(_ context: ReportContext, first: String, current: String, previous: String, lastYear: String) -> HTMLTable {
        var table = HTMLTable(class: "comparison")
        let previousLabel = context.report.previous.map { "\(previous) \($0.period.label)" } ?? "\(previous)（无）"
        let lastYearLabel = context.report.lastYear.map { "\(lastYear) \($0.period.label)" } ?? "\(lastYear)（无）"
        table.addHeader([
            .header(first, rows: 2), .header(current, columns: categoryColumns.count + 1),
            .header(previousLabel, columns: 2), .header(lastYearLabel, columns: 2),
        ])
        table.addHeader(categoryColumns.map { .header($0.1) } + [.header("合计"), .header("合计"), .header("变化"), .header("合计"), .header("变化")])
        return table
    }

    static func addComparisonRow(_ table: inout HTMLTable, _ label: String, _ counts: CategoryCounts, _ previous: CategoryCounts?,
                                 _ lastYear: CategoryCounts?, class className: String? = nil) {
        var cells = [HTMLCell(label, kind: .rowHeader)]
        cells += categoryColumns.map { HTMLCell.number(counts[$0.0]) }
        cells.append(.number(counts.total, class: "strong"))
        for other in [previous, lastYear] {
            if let other {
                cells.append(.number(other.total))
                cells.append(change(counts.total - other.total))
            } else {
                cells += [HTMLCell("—", class: "num muted"), HTMLCell("—", class: "num muted")]
            }
        }
        table.addRow(cells, class: className)
    }

    /// `+3` / `-2` / `0`, marked up and down.
    static func change(_ difference: Int) -> HTMLCell {
        let text = difference > 0 ? "+\(difference)" : String(difference)
        return HTMLCell(text, class: "num change" + (difference > 0 ? " up" : difference < 0 ? " down" : ""))
    }

    // MARK: - Targets

    static func statusCell(_ status: String) -> HTMLCell {
        switch status {
        case "met": return HTMLCell(Catalogue.statusCell(status), class: "status met")
        case "short": return HTMLCell(Catalogue.statusCell(status), class: "status short")
        default: return HTMLCell(Catalogue.statusCell(status), class: "status na")
        }
    }

    static func targets(_ context: ReportContext) -> String {
        let report = context.report
        guard !report.targets.isEmpty else {
            return """
            <section id="targets">
            <h2>三、比例指标</h2>
            <p class="note">工作流程未设比例指标 (no targets)。</p>
            \(targetCharts(context))
            </section>
            """
        }
        var table = HTMLTable(class: "targets")
        table.addHeader(["指标", "本期值", "人数/基数", "目标", "状态", "还需（人）", "说明"].map { .header($0) })
        for target in report.targets {
            let name = HTMLText.escape(target.name) + (target.basis.map { "<span class=\"basis\">\(HTMLText.escape($0))</span>" } ?? "")
            table.addRow([
                HTMLCell(markup: name, kind: .rowHeader),
                HTMLCell(target.ratio.percentText, class: "num strong"),
                HTMLCell("\(target.ratio.numerator)/\(target.ratio.denominator)", class: "num"),
                HTMLCell(target.threshold?.description ?? "—", class: "num"),
                statusCell(target.status),
                target.shortfall.map { HTMLCell.number($0) } ?? HTMLCell("—", class: "num muted"),
                HTMLCell(target.message, class: "message"),
            ], class: target.status)
        }
        return """
        <section id="targets">
        <h2>三、比例指标</h2>
        \(table.html)
        <p class="note">比例按整数精确计算，四舍五入到两位小数；恰好等于目标视为达标。“还需”是达到目标最少还需增加的人数。</p>
        \(targetCharts(context))
        </section>
        """
    }

    // MARK: - Plans and branches

    static func categoryName(_ category: String) -> String {
        PersonProfile.Category(rawValue: category).flatMap { value in categoryColumns.first { $0.0 == value }?.1 } ?? category
    }

    static func plans(_ context: ReportContext) -> String {
        let report = context.report
        var parts: [String] = []
        if report.plans.isEmpty {
            parts.append("<p class=\"note\">本年度未录入发展计划 (no plans recorded)。</p>")
        } else {
            var table = HTMLTable(caption: "\(report.period.to.year) 年发展计划完成情况（1月1日至 \(report.period.to)，按批准日期）", class: "plans")
            table.addHeader(["组织", "类别", "计划数", "已接收", "完成率"].map { .header($0) })
            for plan in report.plans {
                let points = min(max(plan.completion.roundedBasisPoints ?? 0, 0), 10_000)
                // Over the plan (R25): a red mark with the excess, never a bar drawn like the others.
                let bar = plan.overPlan
                    ? " <span class=\"status short over-plan\">超计划 +\(plan.excess)（超出年度发展计划）</span>"
                    : plan.completion.isDefined
                    ? "<span class=\"progress\" aria-hidden=\"true\"><span style=\"width: \(points / 100)%\"></span></span>" : ""
                table.addRow([
                    HTMLCell(markup: HTMLText.escape(context.organizationName(plan.organization))
                             + " <code>\(HTMLText.escape(plan.organization))</code>", kind: .rowHeader),
                    HTMLCell(categoryName(plan.category)),
                    .number(plan.quota),
                    .number(plan.admitted),
                    HTMLCell(markup: HTMLText.escape(plan.completion.percentText) + bar, class: "num"),
                ], class: plan.overPlan ? "over-plan" : nil)
            }
            parts.append(table.html)
        }
        if let share = report.branchShare {
            var table = HTMLTable(caption: "达到“最强党支部”标准的党支部占比（\(share.year) 年）", class: "branch-share")
            table.addHeader(["达标支部", "支部总数", "占比", "目标", "状态"].map { .header($0) })
            table.addRow([
                .number(share.strongest), .number(share.branches), HTMLCell(share.ratio.percentText, class: "num strong"),
                HTMLCell(share.threshold?.description ?? "—", class: "num"), statusCell(share.status),
            ], class: share.status)
            parts.append(table.html)
        } else {
            parts.append("<p class=\"note\">未设“最强党支部”指标 (no 最强党支部 target)。</p>")
        }
        return """
        <section id="plans">
        <h2>四、计划完成与“最强党支部”</h2>
        \(parts.joined(separator: "\n"))
        </section>
        """
    }

    // MARK: - Breakdowns

    static func breakdowns(_ context: ReportContext) -> String {
        let stock = context.current.memberStock
        let new = context.current.newMembers
        var tables: [String] = []
        /// One small table per group, each row a count and its share of the members and the new members.
        func group(_ caption: String, _ rows: [(label: String, value: (Breakdown) -> Int)], total: Bool = false) {
            var table = HTMLTable(caption: caption, class: "breakdown")
            table.addHeader([.header("项目", rows: 2), .header("期末党员", columns: 2), .header("本期新发展党员", columns: 2)])
            table.addHeader([.header("人数"), .header("占比"), .header("人数"), .header("占比")])
            func share(_ count: Int, of whole: Int) -> HTMLCell {
                whole > 0 ? HTMLCell(Ratio(count, of: whole).percentText, class: "num") : HTMLCell("—", class: "num muted")
            }
            for (index, row) in rows.enumerated() {
                table.addRow([HTMLCell(row.label, kind: .rowHeader), .number(row.value(stock)), share(row.value(stock), of: stock.total),
                              .number(row.value(new)), share(row.value(new), of: new.total)],
                             class: total && index == 0 ? "total" : nil)
            }
            tables.append(table.html)
        }
        group("合计与性别", [("合计", \.total), ("男", \.male), ("女", \.female), ("性别未填", \.genderUnknown)], total: true)
        group("民族与学历", [("少数民族", \.ethnicMinority), ("民族未填", \.ethnicityUnknown),
                            ("大专及以上", \.higherEducation), ("学历未填", \.educationUnknown)])
        group("年龄（期末）", AgeBand.allCases.map { band in (band.rawValue + " 岁", { $0.count(band) }) }
              + [("出生日期未填", \.ageUnknown), ("35 岁及以下", \.thirtyFiveAndUnder)])
        group("人员类别", categoryColumns.map { category, name in (name, { $0.categories[category] }) })
        let levels: [(PersonProfile.Level, String)] = [(.undergraduate, "本科生"), (.master, "硕士生"), (.doctoral, "博士生")]
        group("学生层次", levels.map { level, name in (name, { $0.count(level) }) } + [("层次未填", \.studentLevelUnknown)])
        let grades = Set(stock.studentGrades.keys).union(new.studentGrades.keys).sorted()
        group("学生年级（入学年份）", grades.map { grade in ("\(grade) 级", { $0.count(grade: grade) }) } + [("年级未填", \.studentGradeUnknown)])
        return """
        <section id="breakdowns">
        <h2>五、党员和新发展党员构成</h2>
        <div class="breakdowns">
        \(tables.joined(separator: "\n"))
        </div>
        <p class="note">未填写的信息单列为“未填”，不作推测。占比以各列合计为基数。新发展党员“35 岁及以下”按批准接收之日计算，年龄段按期末计算。</p>
        </section>
        """
    }

    // MARK: - Organizations

    static func organizations(_ context: ReportContext) -> String {
        var table = HTMLTable(class: "organizations")
        table.addHeader(["组织", "类型", "党员", "后备力量", "本期申请", "本期接收预备党员"].map { .header($0) })
        for (figures, depth) in context.organizations {
            guard let summary = figures.organization else { continue }
            let name = summary.name.isEmpty ? "（目录中没有的组织）" : summary.name
            let indent = min(depth, 8)
            var organization = HTMLCell(markup: (indent > 0 ? "<span class=\"branch-mark\">└ </span>" : "")
                                        + "<span class=\"name\">\(HTMLText.escape(name))</span>"
                                        + "<span class=\"code\">\(HTMLText.escape(summary.code))</span>", class: "org")
            organization.style = "padding-left: \(6 + indent * 16)px"
            table.addRow([
                organization,
                HTMLCell(summary.kind?.chineseName ?? "—", class: "nowrap"),
                .number(figures.members.total), .number(figures.reserve.total),
                .number(figures.applications.total), .number(figures.admissions.total),
            ], class: depth == 0 ? "total" : nil)
        }
        let body = table.body.isEmpty ? "<p class=\"note\">范围内没有组织 (no organizations)。</p>" : table.html
        return """
        <section id="organizations">
        <h2>六、各组织情况</h2>
        \(body)
        <p class="note">每个组织含其下属组织；按组织树排列，下级缩进。</p>
        \(branchChart(context))
        </section>
        """
    }
}

import FazhanCore

/// The charts drawn from the report's data: each target over the last periods, and members
/// per branch. (The stage funnel sits with the stocks.)
extension QuarterlyReportHTML {
    /// How many branches the branch chart shows, the largest first.
    static let branchChartLimit = 20

    /// One small chart per target of `targetHistory`, in the order the targets first appear.
    static func targetCharts(_ context: ReportContext) -> String {
        let report = context.report
        var order: [String] = []
        var points: [String: [QuarterlyReport.TargetPoint]] = [:]
        for point in report.targetHistory {
            if points[point.target] == nil { order.append(point.target) }
            points[point.target, default: []].append(point)
        }
        guard !order.isEmpty else {
            return """
            <figure>
            <figcaption>图2 比例指标近期走势</figcaption>
            \(SVGChart.noData(title: "比例指标近期走势", width: 340))
            </figure>
            """
        }
        let figures = order.map { id -> String in
            let name = report.targets.first { $0.id == id }?.name ?? id
            let history = points[id] ?? []
            let chartPoints = history.map { point -> SVGChart.RatioPoint in
                let status: String
                switch point.threshold.flatMap({ point.ratio.meets(threshold: $0) }) {
                case true?: status = "met"
                case false?: status = "short"
                case nil: status = "neutral"
                }
                return SVGChart.RatioPoint(
                    label: point.period, percent: point.ratio.roundedBasisPoints.map { Double($0) / 100 },
                    valueText: point.ratio.percentText, threshold: point.threshold.map(percent), status: status)
            }
            let thresholds = Set(history.compactMap { $0.threshold?.description })
            let legend = thresholds.isEmpty
                ? "无目标线"
                : "<span class=\"legend-dash\"></span>目标 " + HTMLText.escape(history.compactMap { $0.threshold?.description }.last ?? "")
                    + (thresholds.count > 1 ? "（各期目标不同）" : "")
            return """
            <figure>
            <figcaption>\(HTMLText.escape(name))<span class="note legend">\(legend)；绿色柱达标，红色柱未达标</span></figcaption>
            \(SVGChart.ratioHistory(chartPoints, title: "\(name)：近 \(history.count) 期"))
            </figure>
            """
        }
        return """
        <h3>图2 比例指标近期走势（各期末）</h3>
        <div class="charts">
        \(figures.joined(separator: "\n"))
        </div>
        """
    }

    /// A percentage as a number of percent: 383/10000 is 3.83.
    static func percent(_ value: Percent) -> Double {
        Double(value.numerator) * 100 / Double(value.denominator)
    }

    /// Members per branch in scope, the largest first (then by code), at most twenty.
    static func branchChart(_ context: ReportContext) -> String {
        let branches = context.organizations.map(\.figures).filter { $0.organization?.kind == .branch }
        let ranked = branches.sorted {
            ($0.members.total, $1.organization?.code ?? "") > ($1.members.total, $0.organization?.code ?? "")
        }
        let shown = ranked.prefix(branchChartLimit)
        let bars = shown.map { figures -> SVGChart.Bar in
            let summary = figures.organization
            let name = summary.map { $0.name.isEmpty ? $0.code : $0.name } ?? ""
            return SVGChart.Bar(label: name, value: figures.members.total, className: "member")
        }
        let note = branches.count > branchChartLimit ? "（共 \(branches.count) 个党支部，显示党员最多的 \(branchChartLimit) 个）" : ""
        return """
        <figure>
        <figcaption>图3 各党支部党员人数 <span class="note">\(HTMLText.escape(note))</span></figcaption>
        \(SVGChart.horizontalBars(Array(bars), title: "各党支部党员人数（\(context.report.period.to)）"))
        </figure>
        """
    }
}

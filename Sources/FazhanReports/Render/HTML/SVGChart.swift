import Foundation

/// Small inline SVG charts, drawn from counts and percentages with no library: a funnel of
/// stages, horizontal bars, and a ratio over periods against its target.
///
/// Every coordinate goes through ``SVGChart/number(_:)``, which never writes `NaN` or
/// `Infinity`; a chart with nothing to draw (all counts zero) is an empty frame saying
/// "暂无数据 (no data)". Labels are escaped, and long ones shortened with the full text kept in
/// a `<title>` tooltip.
enum SVGChart {
    /// One bar: a label, a count, and a class for its colour.
    struct Bar {
        var label: String
        var value: Int
        var className: String?
    }

    /// One period of a ratio chart.
    struct RatioPoint {
        /// The period, e.g. `2026Q2`.
        var label: String
        /// The ratio in percent, `nil` when it has no value (no denominator).
        var percent: Double?
        /// The exact text shown above the bar (`3.61%`, `n/a`).
        var valueText: String
        /// The target in force in that period, in percent.
        var threshold: Double?
        /// `met`, `short` or `neutral`: the bar's class.
        var status: String
    }

    static let noDataText = "暂无数据 (no data)"

    // MARK: - Charts

    /// Bars centred on one axis, one row per stage, widths proportional to the counts.
    static func funnel(_ bars: [Bar], title: String, width: Int = 720) -> String {
        let maximum = bars.map(\.value).max() ?? 0
        guard maximum > 0 else { return noData(title: title, width: width) }
        let rowHeight = 30, barHeight = 22, top = 8
        let labelRight = 150, countWidth = 70
        let area = Double(width - labelRight - countWidth - 20)
        let centre = Double(labelRight + 10) + area / 2
        let height = top * 2 + rowHeight * bars.count
        var parts: [String] = []
        for (index, bar) in bars.enumerated() {
            let y = top + index * rowHeight
            let length = bar.value > 0 ? max(2, area * Double(bar.value) / Double(maximum)) : 0
            parts.append(label(bar.label, x: Double(labelRight), y: Double(y) + Double(rowHeight) / 2, anchor: "end", maxColumns: 20))
            parts.append(rect(x: centre - length / 2, y: Double(y + (rowHeight - barHeight) / 2), width: length,
                              height: Double(barHeight), class: "bar " + (bar.className ?? ""), tooltip: "\(bar.label): \(bar.value)"))
            parts.append(text(String(bar.value), x: Double(width - 8), y: Double(y) + Double(rowHeight) / 2, anchor: "end",
                              class: "value"))
        }
        return svg(title: title, width: width, height: height, body: parts)
    }

    /// Horizontal bars from a common left edge, one row per bar, in the order given.
    static func horizontalBars(_ bars: [Bar], title: String, width: Int = 720) -> String {
        let maximum = bars.map(\.value).max() ?? 0
        guard maximum > 0 else { return noData(title: title, width: width) }
        let rowHeight = 22, barHeight = 14, top = 6
        let labelRight = 200, countWidth = 50
        let left = Double(labelRight + 8)
        let area = Double(width - labelRight - 8 - countWidth)
        let height = top * 2 + rowHeight * bars.count
        var parts = [line(x1: left, y1: Double(top), x2: left, y2: Double(height - top), class: "axis")]
        for (index, bar) in bars.enumerated() {
            let middle = Double(top + index * rowHeight) + Double(rowHeight) / 2
            let length = bar.value > 0 ? max(2, area * Double(bar.value) / Double(maximum)) : 0
            parts.append(label(bar.label, x: Double(labelRight), y: middle, anchor: "end", maxColumns: 28))
            parts.append(rect(x: left, y: middle - Double(barHeight) / 2, width: length, height: Double(barHeight),
                              class: "bar " + (bar.className ?? ""), tooltip: "\(bar.label): \(bar.value)"))
            parts.append(text(String(bar.value), x: left + length + 5, y: middle, anchor: "start", class: "value"))
        }
        return svg(title: title, width: width, height: height, body: parts)
    }

    /// A ratio per period as bars, the target in force as a dashed line, a y axis in percent.
    static func ratioHistory(_ points: [RatioPoint], title: String, width: Int = 340, height: Int = 210) -> String {
        let values = points.compactMap(\.percent) + points.compactMap(\.threshold)
        guard !points.isEmpty, !values.isEmpty else { return noData(title: title, width: width) }
        let left = 50.0, right = 10.0, top = 18.0, bottom = 30.0
        let plotWidth = Double(width) - left - right
        let plotHeight = Double(height) - top - bottom
        let scale = niceScale(values.max() ?? 0)
        func y(_ percent: Double) -> Double {
            top + plotHeight - plotHeight * min(max(percent, 0), scale.top) / scale.top
        }
        var parts: [String] = []
        // Grid and y axis labels.
        let ticks = Int((scale.top / scale.step).rounded())
        let places = decimalPlaces(of: scale.step)
        for tick in 0...max(ticks, 1) {
            let value = Double(tick) * scale.step
            parts.append(line(x1: left, y1: y(value), x2: left + plotWidth, y2: y(value), class: tick == 0 ? "axis" : "grid"))
            parts.append(text(decimal(value, places: places) + "%", x: left - 5, y: y(value), anchor: "end", class: "tick"))
        }
        parts.append(line(x1: left, y1: top, x2: left, y2: top + plotHeight, class: "axis"))
        // Bars, values and period labels.
        let slot = plotWidth / Double(points.count)
        let barWidth = min(slot * 0.56, 44)
        for (index, point) in points.enumerated() {
            let centre = left + slot * (Double(index) + 0.5)
            if let percent = point.percent {
                let barTop = y(percent)
                parts.append(rect(x: centre - barWidth / 2, y: barTop, width: barWidth, height: top + plotHeight - barTop,
                                  class: "bar " + point.status, tooltip: "\(point.label): \(point.valueText)"))
                parts.append(text(point.valueText, x: centre, y: barTop - 6, anchor: "middle", class: "value small"))
            } else {
                parts.append(text(point.valueText, x: centre, y: top + plotHeight - 8, anchor: "middle", class: "value small muted"))
            }
            parts.append(text(point.label, x: centre, y: top + plotHeight + 15, anchor: "middle", class: "tick"))
        }
        // The target in force, period by period: a dashed step line.
        var path = ""
        var drawing = false
        for (index, point) in points.enumerated() {
            guard let threshold = point.threshold else {
                drawing = false
                continue
            }
            let x0 = left + slot * Double(index), x1 = x0 + slot
            path += "\(drawing ? "L" : "M")\(number(x0)) \(number(y(threshold))) L\(number(x1)) \(number(y(threshold))) "
            drawing = true
        }
        if !path.isEmpty {
            parts.append("<path class=\"threshold\" d=\"\(path.trimmingCharacters(in: .whitespaces))\"/>")
        }
        return svg(title: title, width: width, height: height, body: parts)
    }

    /// An empty frame saying there is nothing to draw.
    static func noData(title: String, width: Int = 720, height: Int = 70) -> String {
        svg(title: title, width: width, height: height, body: [
            rect(x: 1, y: 1, width: Double(width - 2), height: Double(height - 2), class: "empty", tooltip: nil),
            text(noDataText, x: Double(width) / 2, y: Double(height) / 2, anchor: "middle", class: "nodata"),
        ], className: "chart no-data")
    }

    // MARK: - Scale

    /// A round top for a y axis at least a little above `maximum`, and a round step giving at
    /// most five intervals: 3.83 → (5, 1), 42.9 → (50, 10), 0.07 → (0.08, 0.02).
    static func niceScale(_ maximum: Double) -> (top: Double, step: Double) {
        let target = maximum.isFinite && maximum > 0 ? maximum * 1.08 : 1
        let magnitude = pow(10, (log10(target / 5)).rounded(.down))
        let step = [1, 2, 5, 10].map { $0 * magnitude }.first { $0 * 5 >= target } ?? 10 * magnitude
        let top = (target / step).rounded(.up) * step
        guard top.isFinite, step.isFinite, top > 0, step > 0 else { return (1, 0.2) }
        return (top, step)
    }

    /// The decimals needed to write a step exactly (up to 4): 1 → 0, 0.5 → 1, 0.02 → 2.
    static func decimalPlaces(of step: Double) -> Int {
        for places in 0...3 {
            let scaled = step * pow(10, Double(places))
            if abs(scaled - scaled.rounded()) < 1e-6 { return places }
        }
        return 4
    }

    // MARK: - Numbers

    /// A coordinate with at most one decimal; `0` for anything not finite, so that no chart
    /// ever carries `NaN` or `Infinity`.
    static func number(_ value: Double) -> String {
        decimal(value, places: 1, trimmed: true)
    }

    /// `value` with `places` decimals (0 to 4), rounded half away from zero; `0` when not finite.
    static func decimal(_ value: Double, places: Int, trimmed: Bool = false) -> String {
        guard value.isFinite else { return "0" }
        let places = min(max(places, 0), 4)
        let scale = [1, 10, 100, 1000, 10_000][places]
        let clamped = min(max(value, -1e9), 1e9)
        let scaled = Int((abs(clamped) * Double(scale)).rounded())
        let whole = scaled / scale
        var fraction = places == 0 ? "" : String(scaled % scale)
        fraction = String(repeating: "0", count: max(0, places - fraction.count)) + fraction
        if trimmed { while fraction.hasSuffix("0") { fraction.removeLast() } }
        let sign = clamped < 0 && scaled != 0 ? "-" : ""
        return sign + String(whole) + (fraction.isEmpty ? "" : "." + fraction)
    }

    // MARK: - Elements

    static func svg(title: String, width: Int, height: Int, body: [String], className: String = "chart") -> String {
        let escaped = HTMLText.escape(title)
        return """
        <svg class="\(className)" viewBox="0 0 \(width) \(height)" width="\(width)" height="\(height)" role="img" aria-label="\(escaped)" style="max-width: \(width)px">
        <title>\(escaped)</title>
        \(body.joined(separator: "\n"))
        </svg>
        """
    }

    static func rect(x: Double, y: Double, width: Double, height: Double, class className: String, tooltip: String?) -> String {
        let geometry = "x=\"\(number(x))\" y=\"\(number(y))\" width=\"\(number(max(width, 0)))\" height=\"\(number(max(height, 0)))\""
        let classes = HTMLText.attribute("class", className.trimmingCharacters(in: .whitespaces))
        guard let tooltip else { return "<rect \(geometry)\(classes)/>" }
        return "<rect \(geometry)\(classes)><title>\(HTMLText.escape(tooltip))</title></rect>"
    }

    static func line(x1: Double, y1: Double, x2: Double, y2: Double, class className: String) -> String {
        "<line x1=\"\(number(x1))\" y1=\"\(number(y1))\" x2=\"\(number(x2))\" y2=\"\(number(y2))\" class=\"\(HTMLText.escape(className))\"/>"
    }

    /// Text centred vertically on `y`.
    static func text(_ content: String, x: Double, y: Double, anchor: String, class className: String) -> String {
        "<text x=\"\(number(x))\" y=\"\(number(y))\" text-anchor=\"\(anchor)\" dominant-baseline=\"central\""
            + "\(HTMLText.attribute("class", className))>\(HTMLText.escape(content))</text>"
    }

    /// A label shortened to `maxColumns` display columns, the full text in a tooltip.
    static func label(_ content: String, x: Double, y: Double, anchor: String, maxColumns: Int) -> String {
        let shown = truncate(content, toWidth: maxColumns)
        guard shown != content else { return text(content, x: x, y: y, anchor: anchor, class: "label") }
        return "<text x=\"\(number(x))\" y=\"\(number(y))\" text-anchor=\"\(anchor)\" dominant-baseline=\"central\" class=\"label\">"
            + "<title>\(HTMLText.escape(content))</title>\(HTMLText.escape(shown))</text>"
    }
}

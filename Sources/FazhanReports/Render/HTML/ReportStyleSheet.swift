/// The style sheet of the HTML reports, inlined in a `<style>` element: system fonts with the
/// common CJK families first, plain tables, and print rules for A4.
///
/// Status cells carry their meaning in words and a symbol (✔ 达标, ✘ 未达标) as well as in
/// colour, so that a black-and-white printout reads the same. Charts colour their bars, but
/// every bar is labelled with its number.
enum ReportStyleSheet {
    static let css = """
    :root { color-scheme: light; }
    * { box-sizing: border-box; }
    html { -webkit-text-size-adjust: 100%; }
    body {
      font-family: "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei",
        "WenQuanYi Micro Hei", "Hiragino Sans GB", sans-serif;
      font-size: 13px; line-height: 1.45; color: #1a1a1a; background: #fff;
      max-width: 1120px; margin: 0 auto; padding: 24px 28px 40px;
    }
    header.report { border-bottom: 3px solid #a61b1b; padding-bottom: 10px; margin-bottom: 8px; }
    header.report h1 { font-size: 22px; margin: 0 0 8px; color: #7a1010; }
    dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 0; }
    dl.meta dt { color: #555; }
    dl.meta dd { margin: 0; }
    code { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.92em; }
    section { margin-top: 22px; }
    h2 { font-size: 16px; margin: 0 0 8px; padding-bottom: 3px; border-bottom: 1px solid #a61b1b; color: #7a1010; }
    h3 { font-size: 13.5px; margin: 12px 0 4px; }
    p.note, .note { color: #555; font-size: 11.5px; margin: 4px 0; }
    table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; margin: 4px 0 8px; }
    caption { text-align: left; font-weight: 600; padding: 2px 0 4px; }
    th, td { border: 1px solid #b9b9b9; padding: 3px 6px; vertical-align: top; }
    thead th { background: #f1eeee; font-weight: 600; text-align: center; white-space: nowrap; }
    tbody th { text-align: left; font-weight: normal; }
    .num { text-align: right; white-space: nowrap; }
    .change.up { color: #14602f; }
    .change.down { color: #a11d12; }
    .muted { color: #777; }
    tr.total th, tr.total td { font-weight: 700; border-top: 2px solid #666; }
    tr.group th { background: #faf7f7; font-weight: 600; text-align: left; }
    .status { font-weight: 700; white-space: nowrap; text-align: center; }
    .status.met { color: #0f5a2a; background: #e2f3e6; }
    .status.short { color: #9c1a10; background: #fde8e6; outline: 2px solid #9c1a10; outline-offset: -3px; }
    .status.na { color: #555; background: #f1f1f1; }
    .basis { display: block; color: #666; font-size: 11px; }
    .message { font-size: 12px; }
    tr.over-plan td, tr.over-plan th { color: #9c1a10; font-weight: 700; }
    .progress { display: inline-block; width: 80px; height: 9px; border: 1px solid #777; vertical-align: middle; margin-left: 6px; }
    .progress > span { display: block; height: 100%; background: #a61b1b; }
    .nowrap { white-space: nowrap; }
    td.org .branch-mark { color: #888; }
    td.org .code { color: #666; font-size: 11px; margin-left: 4px; }
    .charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(330px, 1fr)); gap: 8px 16px; }
    figure { margin: 8px 0 14px; break-inside: avoid; page-break-inside: avoid; }
    .charts figure { display: flex; flex-direction: column; }
    .charts figure svg.chart { margin-top: auto; }
    figcaption { font-weight: 600; margin-bottom: 4px; }
    figcaption .note { font-weight: normal; }
    figcaption .legend { display: block; }
    .breakdowns { display: grid; grid-template-columns: repeat(auto-fill, minmax(340px, 1fr)); gap: 0 16px; align-items: start; }
    table.breakdown tbody th { width: 34%; }
    svg.chart { display: block; width: 100%; height: auto; }
    svg.chart text { font-size: 12px; fill: #1a1a1a; }
    svg.chart text.tick { font-size: 10.5px; fill: #444; }
    svg.chart text.small { font-size: 10.5px; }
    svg.chart text.muted { fill: #777; }
    svg.chart text.value { font-weight: 600; }
    svg.chart text.nodata { fill: #666; font-size: 13px; }
    svg.chart rect.empty { fill: none; stroke: #aaa; stroke-dasharray: 4 3; }
    svg.chart .bar { fill: #5b7fa6; }
    svg.chart .bar.member { fill: #a61b1b; }
    svg.chart .bar.reserve { fill: #d9822b; }
    svg.chart .bar.met { fill: #2e8b57; }
    svg.chart .bar.short { fill: #c0392b; }
    svg.chart .bar.neutral { fill: #7f8c9a; }
    svg.chart line.axis { stroke: #333; stroke-width: 1; }
    svg.chart line.grid { stroke: #ddd; stroke-width: 1; }
    svg.chart path.threshold { fill: none; stroke: #111; stroke-width: 1.6; stroke-dasharray: 6 4; }
    .legend-dash { display: inline-block; width: 26px; border-top: 2px dashed #111; vertical-align: middle; margin: 0 4px; }
    @page { size: A4; margin: 14mm 12mm 14mm 12mm; }
    @media print {
      body { max-width: none; margin: 0; padding: 0; font-size: 10pt; }
      header.report h1 { font-size: 17pt; }
      h2 { font-size: 12.5pt; break-after: avoid; page-break-after: avoid; }
      h3 { break-after: avoid; page-break-after: avoid; }
      table, figure, .keep { break-inside: avoid; page-break-inside: avoid; }
      thead { display: table-header-group; }
      tr { break-inside: avoid; page-break-inside: avoid; }
      thead th, tr.group th { background: none; }
      .status.met, .status.short, .status.na { background: none; }
      .charts, .breakdowns { grid-template-columns: 1fr 1fr; }
      svg.chart { max-width: 100% !important; }
    }
    """
}

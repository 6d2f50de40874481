/// The style sheet of the printed documents: a form on A4 (black on white, ruled tables, serif
/// headings as the paper forms have them), the report's CJK font families, and print rules
/// (margins, table headers repeated on each page, a row never split).
enum DocumentStyleSheet {
    static let css = """
    :root { color-scheme: light; }
    * { box-sizing: border-box; }
    body {
      font-family: "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei",
        "WenQuanYi Micro Hei", "Hiragino Sans GB", sans-serif;
      font-size: 13px; line-height: 1.5; color: #000; background: #fff;
      max-width: 1000px; margin: 0 auto; padding: 28px 32px 40px;
    }
    header.doc { text-align: center; margin-bottom: 14px; }
    header.doc h1 {
      font-family: "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", "SimSun", serif;
      font-size: 24px; letter-spacing: 2px; margin: 0 0 4px;
    }
    header.notice h1 { font-size: 22px; letter-spacing: 1px; }
    .subtitle { margin: 0; color: #333; }
    dl.facts { display: grid; border: 1px solid #000; margin: 0 0 14px; }
    dl.facts dt, dl.facts dd { margin: 0; padding: 4px 8px; border: 1px solid #000; }
    dl.facts dt { background: #f2f2f2; font-weight: 600; white-space: nowrap; }
    h2 { font-size: 15px; margin: 12px 0 6px; }
    table { border-collapse: collapse; width: 100%; margin: 6px 0 10px; }
    th, td { border: 1px solid #000; padding: 4px 6px; vertical-align: top; }
    thead th { background: #f2f2f2; font-weight: 600; text-align: center; white-space: nowrap; }
    .num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
    .center { text-align: center; }
    .nowrap { white-space: nowrap; }
    .small { font-size: 11px; }
    .step-number { display: inline-block; min-width: 1.6em; color: #555; }
    .rule { display: block; }
    .rule + .rule { margin-top: 2px; }
    .basis { display: block; color: #555; font-size: 11px; }
    tr.corrected td { background: #fafafa; }
    tr.corrected td.changed { font-weight: 700; }
    tr.correction td { border-top: 1px dashed #000; font-size: 12px; background: #fff8e6; }
    .arrow { color: #8a5a00; font-weight: 700; }
    .status { white-space: nowrap; text-align: center; }
    table.votes td:nth-child(12) { min-width: 230px; }
    table.votes td:nth-child(2), table.people td:nth-child(2) { white-space: nowrap; }
    .verdict { display: block; font-weight: 700; }
    .verdict.fail { text-decoration: underline; }
    .check { display: block; font-size: 11px; }
    .check.fail { font-weight: 700; }
    tr.failed td { background: #fdf0ee; }
    p.lead { text-indent: 2em; font-size: 14px; margin: 8px 0; }
    .issuer { text-align: right; margin-top: 36px; font-size: 14px; }
    .issuer p { margin: 4px 0; }
    p.note { color: #333; font-size: 11.5px; }
    p.empty { text-align: center; color: #555; padding: 12px; border: 1px dashed #777; }
    .signatures { display: flex; gap: 24px; margin-top: 28px; }
    .signature { flex: 1; border-bottom: 1px solid #000; min-height: 44px; display: flex; justify-content: space-between; align-items: flex-end; padding-bottom: 2px; }
    .signature em { font-style: normal; font-size: 11px; color: #555; }
    @page { size: A4; margin: 15mm 12mm 15mm 12mm; }
    @media print {
      body { max-width: none; margin: 0; padding: 0; font-size: 10pt; }
      header.doc h1 { font-size: 18pt; }
      thead { display: table-header-group; }
      tr { break-inside: avoid; page-break-inside: avoid; }
      .signatures { break-inside: avoid; page-break-inside: avoid; }
      tr.corrected td, tr.correction td, tr.failed td, dl.facts dt, thead th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
    }
    """
}

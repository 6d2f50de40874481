import FazhanCore

/// The printed documents as self-contained HTML pages for A4: 全程纪实表, 公示 and the branch
/// meeting's vote record. In Chinese, with the report's escaping and table helpers (`HTMLText`,
/// `HTMLTable`): every value from the record is escaped. No script, no external font or image;
/// the print style sheet sets A4 margins, repeats table headers on every page and keeps a row
/// (an event with its corrections) on one page.
///
/// ```swift
/// let html = PrintedDocumentHTML.record(document)   // <!DOCTYPE html> ... </html>
/// ```
public enum PrintedDocumentHTML {
    // MARK: 全程纪实表

    public static func record(_ document: PersonRecordDocument) -> String {
        let person = document.person
        var table = HTMLTable(class: "record")
        table.addHeader(["序号", "步骤", "日期", "内容", "依据的规则", "记录人", "记录时间（\(LocalTime.label)）", "状态"].map { HTMLCell.header($0) })
        for entry in document.entries {
            let status: String
            if entry.corrections.contains(where: \.voids) {
                status = "已撤销"
            } else if !entry.corrections.isEmpty {
                status = "已更正"
            } else {
                status = entry.imported ? "有效（导入）" : "有效"
            }
            let rules = entry.rules.map { rule in
                "<span class=\"rule\"><b>\(HTMLText.escape(rule.id))</b> \(HTMLText.escape(rule.name))"
                    + "<span class=\"basis\">\(HTMLText.escape(rule.basis))</span></span>"
            }.joined()
            table.addRow([
                HTMLCell.number(Int(entry.id)),
                HTMLCell(markup: (entry.stepNumber.map { "<span class=\"step-number\">\($0)</span>" } ?? "") + HTMLText.escape(entry.stepName)),
                HTMLCell(entry.date.description, class: "nowrap"),
                HTMLCell(entry.details.isEmpty ? "—" : entry.details),
                HTMLCell(markup: rules.isEmpty ? "—" : rules),
                HTMLCell(entry.recordedBy),
                HTMLCell(timestamp(entry.recordedAt), class: "nowrap small"),
                HTMLCell(status, class: entry.corrections.isEmpty ? "status" : "status changed"),
            ], class: entry.corrections.isEmpty ? "entry" : "entry corrected")
            for correction in entry.corrections {
                let what = correction.voids ? "撤销 #\(entry.id)" : "更正 #\(entry.id)"
                let details = correction.voids ? "原记录作废" : (correction.details.isEmpty ? "—" : correction.details)
                table.addRow([
                    HTMLCell.number(Int(correction.id)),
                    HTMLCell(markup: "<span class=\"arrow\">↳</span> " + HTMLText.escape(what)),
                    HTMLCell(correction.date.description, class: "nowrap"),
                    HTMLCell(details),
                    HTMLCell("理由：" + correction.reason),
                    HTMLCell(correction.recordedBy),
                    HTMLCell(timestamp(correction.recordedAt), class: "nowrap small"),
                    HTMLCell(correction.voids ? "撤销记录" : "更正记录", class: "status"),
                ], class: "correction")
            }
        }
        let facts: [(String, String)] = [
            ("姓名", person.name), ("学号/工号", person.number), ("性别", person.gender ?? "—"),
            ("出生日期", person.birthDate.map(chinese) ?? "—"), ("民族", person.ethnicity ?? "—"),
            ("身份证号", person.idNumber ?? "—"), ("类别", person.category), ("所在党组织", person.organization),
            ("当前阶段", person.stage.map { stage in stage + (person.stageSince.map { "（\(chinese($0))起）" } ?? "") } ?? "尚未递交入党申请书"),
            ("适用规则", document.workflow), ("打印日期", chinese(document.printedOn)),
            ("记录", "\(document.entries.count)项，更正\(document.entries.reduce(0) { $0 + $1.corrections.count })项"),
        ]
        let body = """
        <header class="doc">
        <h1>发展党员全程纪实表</h1>
        <p class="subtitle">\(HTMLText.escape(person.organization))　\(HTMLText.escape(person.name))</p>
        </header>
        \(factGrid(facts))
        <section>
        <h2>发展过程记录（共 \(document.entries.count) 项；更正记录列于所更正记录之下）</h2>
        \(document.entries.isEmpty ? "<p class=\"empty\">尚无记录。</p>" : table.html)
        </section>
        <p class="note">每一条记录按记录先后排列；更正或撤销不改动原记录，以新记录附于原记录之下并写明理由。“依据的规则”为该步骤所依据的规则编号、名称和出处。</p>
        \(signatures(["党支部书记（签字）", "党委组织部（盖章）"], date: document.printedOn))
        """
        return page(title: "发展党员全程纪实表 \(person.name)（\(person.number)）", body: body)
    }

    // MARK: 公示

    public static func notice(_ document: NoticeDocument) -> String {
        var table = HTMLTable(class: "people")
        table.addHeader(["序号", "姓名", "性别", "出生年月", "学号/工号", "类别", "所在党组织"].map { HTMLCell.header($0) })
        for (index, person) in document.people.enumerated() {
            table.addRow([
                HTMLCell.number(index + 1), HTMLCell(person.name), HTMLCell(person.gender ?? "—", class: "center"),
                HTMLCell(person.birthDate.map { "\($0.year)年\($0.month)月" } ?? "—", class: "nowrap"), HTMLCell(person.number, class: "nowrap"),
                HTMLCell(person.category, class: "center"), HTMLCell(person.organization),
            ])
        }
        let period = "\(chinese(document.from))至\(chinese(document.to))"
        var length = document.workingDays.map { "（\($0)个工作日）" } ?? ""
        if let required = document.required, let rule = document.rule {
            length += "。按\(rule.id)“\(rule.name)”（\(rule.basis)），公示期不少于\(required)"
        }
        let body = """
        <header class="doc notice">
        <h1>关于拟\(HTMLText.escape(document.nodeName))人选的公示</h1>
        </header>
        <p class="lead">根据《中国共产党发展党员工作细则》和有关规定，经党组织研究，拟对以下\(document.people.count)名同志履行“\(HTMLText.escape(document.nodeName))”程序，现予以公示。</p>
        \(table.html)
        <p class="lead">公示时间：\(HTMLText.escape(period))\(HTMLText.escape(length))。</p>
        <p class="lead">公示期间，如对公示对象有意见或建议，请以书面、电话或当面等方式向\(HTMLText.escape(document.issuer))反映。反映情况应实事求是，以书面形式反映的请署真实姓名。</p>
        <div class="issuer">
        <p>\(HTMLText.escape(document.issuer))</p>
        <p>\(HTMLText.escape(chinese(document.from)))</p>
        </div>
        """
        return page(title: "关于拟\(document.nodeName)人选的公示", body: body)
    }

    // MARK: 表决情况记录

    public static func votes(_ document: VoteRecordDocument) -> String {
        var table = HTMLTable(class: "votes")
        table.addHeader(["序号", "姓名", "学号/工号", "议题", "应到", "实到", "赞成", "反对", "弃权", "书面赞成", "书面反对", "表决结果"]
            .map { HTMLCell.header($0) })
        func count(_ value: Int?) -> HTMLCell { value.map { HTMLCell.number($0) } ?? HTMLCell("—", class: "num") }
        for (index, row) in document.rows.enumerated() {
            let checks = row.checks.map { check in
                "<span class=\"check \(check.passed ? "pass" : "fail")\">\(check.passed ? "✔" : "✘") \(HTMLText.escape(check.rule.id)) "
                    + "\(HTMLText.escape(check.rule.name))：\(HTMLText.escape(check.found))</span>"
            }.joined()
            let verdict = row.checks.isEmpty ? "—" : (row.passed ? "通过" : "未通过")
            table.addRow([
                HTMLCell.number(index + 1), HTMLCell(row.person.name), HTMLCell(row.person.number, class: "nowrap"),
                HTMLCell(row.subject + (row.corrected ? "（已更正）" : "")),
                count(row.expected), count(row.present), count(row.votesFor), count(row.against), count(row.abstain),
                count(row.writtenFor), count(row.writtenAgainst),
                HTMLCell(markup: "<span class=\"verdict \(row.checks.isEmpty ? "" : row.passed ? "pass" : "fail")\">\(verdict)</span>\(checks)"),
            ], class: row.passed ? nil : "failed")
        }
        let passed = document.rows.filter(\.passed).count
        let body = """
        <header class="doc">
        <h1>支部大会表决情况记录</h1>
        <p class="subtitle">\(HTMLText.escape(document.branch))（\(HTMLText.escape(document.branchCode))）</p>
        </header>
        \(factGrid([("会议日期", chinese(document.date)), ("党支部", document.branch),
                    ("表决事项", "\(document.rows.count)项（通过\(passed)项，未通过\(document.rows.count - passed)项）")], perRow: 3))
        \(document.rows.isEmpty ? "<p class=\"empty\">该日没有记录表决。</p>" : table.html)
        <p class="note">表决结果按规则判定：到会的有表决权的正式党员超过应到会人数的半数（实到 × 2 &gt; 应到），赞成人数（含书面赞成）超过应到会有表决权的正式党员的半数，以应到人数而非实到人数为准。</p>
        \(signatures(["会议主持人（签字）", "记录人（签字）", "党支部（盖章）"], date: nil))
        """
        return page(title: "支部大会表决情况记录 \(document.branch) \(document.date)", body: body)
    }

    // MARK: Parts

    /// `2026年3月2日`.
    static func chinese(_ date: CivilDate) -> String { "\(date.year)年\(date.month)月\(date.day)日" }

    /// A recording time as `2026-03-02 14:05` on the reader's clock (`LocalTime`, the column
    /// says which zone; seconds dropped).
    static func timestamp(_ text: String) -> String {
        String(LocalTime.text(text).prefix(16))
    }

    /// Label and value pairs in a ruled grid, `perRow` pairs a row (a layout the renderer sets,
    /// never text from the data).
    static func factGrid(_ facts: [(String, String)], perRow: Int = 4) -> String {
        "<dl class=\"facts\" style=\"grid-template-columns: repeat(\(perRow), max-content 1fr)\">" + facts.map { "<dt>\(HTMLText.escape($0.0))</dt><dd>\(HTMLText.escape($0.1))</dd>" }.joined() + "</dl>"
    }

    static func signatures(_ labels: [String], date: CivilDate?) -> String {
        "<div class=\"signatures\">" + labels.map { "<div class=\"signature\"><span>\(HTMLText.escape($0))</span></div>" }.joined()
            + "<div class=\"signature\"><span>日期</span>\(date.map { "<em>打印于 \(HTMLText.escape(chinese($0)))</em>" } ?? "")</div></div>"
    }

    static func page(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="zh-CN">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(HTMLText.escape(title))</title>
        <style>
        \(DocumentStyleSheet.css)
        </style>
        </head>
        <body>
        \(body)
        </body>
        </html>

        """
    }
}

/// Helpers for writing HTML by hand: escaping, and the few elements the reports repeat.
///
/// Every piece of text that reaches the page goes through ``escape(_:)``; functions here take
/// plain text and escape it themselves, so that a caller only ever handles markup it wrote.
///
/// ```swift
/// HTMLText.escape("第一<b>&支部")   // "第一&lt;b&gt;&amp;支部"
/// ```
enum HTMLText {
    /// The text with `&`, `<`, `>`, `"` and `'` replaced by character references, safe both
    /// between tags and inside a quoted attribute value.
    static func escape(_ text: some StringProtocol) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }

    /// `<tag class="…">text</tag>` with the text escaped.
    static func element(_ tag: String, _ text: String, class className: String? = nil) -> String {
        "<\(tag)\(attribute("class", className))>\(escape(text))</\(tag)>"
    }

    /// ` name="value"` with the value escaped, or nothing when the value is nil or empty.
    static func attribute(_ name: String, _ value: String?) -> String {
        guard let value, !value.isEmpty else { return "" }
        return " \(name)=\"\(escape(value))\""
    }
}

/// One cell of an HTML table: escaped text, or markup built from escaped parts.
struct HTMLCell {
    enum Kind { case data, header, rowHeader }

    /// The cell's content, already HTML.
    var markup: String
    var kind: Kind = .data
    var className: String?
    var columns = 1
    var rows = 1
    /// An inline style the renderer computed (never text from the data), e.g. an indent.
    var style: String?

    /// A cell of plain text (escaped here).
    init(_ text: String, kind: Kind = .data, class className: String? = nil, columns: Int = 1, rows: Int = 1) {
        self.init(markup: HTMLText.escape(text), kind: kind, class: className, columns: columns, rows: rows)
    }

    /// A cell of markup the caller built from escaped parts.
    init(markup: String, kind: Kind = .data, class className: String? = nil, columns: Int = 1, rows: Int = 1) {
        self.markup = markup
        self.kind = kind
        self.className = className
        self.columns = columns
        self.rows = rows
    }

    /// A right-aligned number.
    static func number(_ value: Int, class className: String? = nil) -> HTMLCell {
        HTMLCell(String(value), class: ["num", className].compactMap { $0 }.joined(separator: " "))
    }

    /// A column header.
    static func header(_ text: String, class className: String? = nil, columns: Int = 1, rows: Int = 1) -> HTMLCell {
        HTMLCell(text, kind: .header, class: className, columns: columns, rows: rows)
    }

    var html: String {
        let tag = kind == .data ? "td" : "th"
        let scope = kind == .rowHeader ? " scope=\"row\"" : kind == .header ? " scope=\"col\"" : ""
        let span = (columns > 1 ? " colspan=\"\(columns)\"" : "") + (rows > 1 ? " rowspan=\"\(rows)\"" : "")
        return "<\(tag)\(scope)\(HTMLText.attribute("class", className))\(HTMLText.attribute("style", style))\(span)>\(markup)</\(tag)>"
    }
}

/// A table: header rows, body rows (each with an optional class), an optional caption.
struct HTMLTable {
    var caption: String?
    var className: String?
    var head: [[HTMLCell]] = []
    var body: [(cells: [HTMLCell], className: String?)] = []

    init(caption: String? = nil, class className: String? = nil) {
        self.caption = caption
        self.className = className
    }

    mutating func addHeader(_ cells: [HTMLCell]) { head.append(cells) }

    mutating func addRow(_ cells: [HTMLCell], class className: String? = nil) { body.append((cells, className)) }

    var html: String {
        var lines = ["<table\(HTMLText.attribute("class", className))>"]
        if let caption { lines.append("<caption>\(HTMLText.escape(caption))</caption>") }
        if !head.isEmpty {
            lines.append("<thead>")
            lines += head.map { "<tr>" + $0.map(\.html).joined() + "</tr>" }
            lines.append("</thead>")
        }
        lines.append("<tbody>")
        lines += body.map { "<tr\(HTMLText.attribute("class", $0.className))>" + $0.cells.map(\.html).joined() + "</tr>" }
        lines.append("</tbody>")
        lines.append("</table>")
        return lines.joined(separator: "\n")
    }
}

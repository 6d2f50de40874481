import Foundation

/// Writes CSV as RFC 4180 describes it, safe to open in a spreadsheet.
///
/// - Records end with CRLF, the last one included.
/// - A field is enclosed in double quotes when it contains a comma, a double quote, a carriage
///   return or a line feed; a double quote inside it is doubled (`say "hi"` → `"say ""hi"""`).
/// - **Formula injection guard.** A field that starts with `=`, `+`, `-` or `@` (or with a tab or
///   carriage return, which some spreadsheets skip before looking for those) would be evaluated
///   as a formula by Excel, WPS and LibreOffice, so a name typed as `=HYPERLINK(...)` could run
///   when an organizer opens the export. Such a field is written with a single quote `'`
///   prepended and enclosed in double quotes: `=SUM(A1)` → `"'=SUM(A1)"`. Spreadsheets then show
///   it as text. A field that is nothing but a signed number (`-3`, `+193`, `+2.5`, `-12.5%`)
///   is left as it is, so that spreadsheets read it as the number it is: digits, one point and a
///   percent sign cannot name a cell or a function. Anything more (a phone number such as
///   `+86 138…`) is guarded and reads back as `'+86 138…`.
/// - With `excelCompatible`, the text starts with a UTF-8 byte order mark (U+FEFF). Without
///   it, Excel on Chinese Windows reads the file in the ANSI code page (GBK) and shows the
///   Chinese as mojibake; with it, Excel reads UTF-8. Other programs ignore the mark.
///
/// ```swift
/// CSVWriter.render(header: ["姓名", "备注"], rows: [["张三", "已谈话, 待审查"]], excelCompatible: false)
/// // "姓名,备注\r\n张三,\"已谈话, 待审查\"\r\n"
/// ```
public enum CSVWriter {
    /// The UTF-8 byte order mark written first when `excelCompatible` is true.
    public static let byteOrderMark = "\u{FEFF}"

    /// The CSV text of a header record followed by data records.
    ///
    /// - Parameters:
    ///   - header: The header record. When empty, no header record is written.
    ///   - rows: The data records. A row shorter than `header` is completed with empty fields so
    ///     that every record has the same number of fields; longer rows are written in full.
    ///   - excelCompatible: Whether to start with a UTF-8 byte order mark so that Excel reads
    ///     the file as UTF-8. Defaults to `true`.
    public static func render(header: [String], rows: [[String]], excelCompatible: Bool = true) -> String {
        var text = excelCompatible ? byteOrderMark : ""
        if !header.isEmpty {
            text += record(header)
        }
        for row in rows {
            let missing = header.count - row.count
            text += record(missing > 0 ? row + Array(repeating: "", count: missing) : row)
        }
        return text
    }

    /// The same CSV as ``render(header:rows:excelCompatible:)``, encoded as UTF-8, ready to be
    /// written to a file.
    public static func renderData(header: [String], rows: [[String]], excelCompatible: Bool = true) -> Data {
        Data(render(header: header, rows: rows, excelCompatible: excelCompatible).utf8)
    }

    /// One field as it appears in CSV: quoted if needed, formula-guarded if needed.
    ///
    /// ```swift
    /// CSVWriter.field("张三")       // 张三
    /// CSVWriter.field("a,b")        // "a,b"
    /// CSVWriter.field("=1+1")       // "'=1+1"
    /// ```
    public static func field(_ value: String) -> String {
        // Scalars, not Characters: "\r\n" is a single Character that equals neither "\r" nor "\n".
        let scalars = value.unicodeScalars
        let guarded = (scalars.first.map { formulaTriggers.contains($0) } ?? false) && !isSignedNumber(scalars)
        let needsQuotes = guarded || scalars.contains { quoteTriggers.contains($0) }
        guard needsQuotes else { return value }
        let escaped = value.replacingOccurrences(of: "\"", with: "\"\"")
        return "\"" + (guarded ? "'" : "") + escaped + "\""
    }

    /// `+193`, `-3`, `-1.5`, `+2.5%`: a sign, digits with at most one point among them, an optional percent sign.
    private static func isSignedNumber(_ scalars: String.UnicodeScalarView) -> Bool {
        var rest = Substring.UnicodeScalarView(scalars)
        guard let sign = rest.first, sign == "+" || sign == "-" else { return false }
        rest.removeFirst()
        if rest.last == "%" { rest.removeLast() }
        guard let first = rest.first, let last = rest.last, first != ".", last != ".", rest.count <= 30 else { return false }
        var points = 0
        for scalar in rest {
            if scalar == "." { points += 1 } else if !("0"..."9").contains(scalar) { return false }
        }
        return points <= 1
    }

    private static func record(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\r\n"
    }

    private static let quoteTriggers: Set<Unicode.Scalar> = [",", "\"", "\r", "\n"]
    private static let formulaTriggers: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]
}

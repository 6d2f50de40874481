import Foundation
import Testing
@testable import FazhanReports

@Suite struct CSVWriterTests {
    @Test(arguments: [
        ("张三", "张三"),
        ("", ""),
        ("2024-05-01", "2024-05-01"),
        ("a=b", "a=b"),
        ("a,b", "\"a,b\""),
        ("已谈话，待审查", "已谈话，待审查"),  // a fullwidth comma is not a separator
        ("say \"hi\"", "\"say \"\"hi\"\"\""),
        ("第一行\n第二行", "\"第一行\n第二行\""),
        ("a\r\nb", "\"a\r\nb\""),
        ("a\rb", "\"a\rb\""),
    ])
    func quotesOnlyWhenNeeded(_ value: String, expected: String) {
        #expect(CSVWriter.field(value) == expected)
    }

    @Test(arguments: [
        ("=SUM(A1:A9)", "\"'=SUM(A1:A9)\""),
        ("+86 138 0000 0000", "\"'+86 138 0000 0000\""),
        ("@cmd", "\"'@cmd\""),
        ("-3+A1", "\"'-3+A1\""),
        ("+1.2.3", "\"'+1.2.3\""),
        ("-", "\"'-\""),
        ("+.5", "\"'+.5\""),
        ("-1e5", "\"'-1e5\""),
        ("\t=1+1", "\"'\t=1+1\""),
        ("=HYPERLINK(\"http://x\",\"点我\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"点我\"\")\""),
    ])
    func guardsAgainstFormulaInjection(_ value: String, expected: String) {
        #expect(CSVWriter.field(value) == expected)
    }

    /// A change in a report (`+193`, `-3`) stays a number a spreadsheet adds up.
    @Test(arguments: ["-3", "+193", "+0", "-1.5", "+2.5%", "-12%"])
    func signedNumbersStayNumbers(_ value: String) {
        #expect(CSVWriter.field(value) == value)
    }

    @Test func rendersRecordsWithCRLF() {
        let csv = CSVWriter.render(
            header: ["姓名", "阶段", "备注"],
            rows: [["张三", "入党积极分子", "已谈话, 待审查"], ["李四", "发展对象", "多行\n备注"]],
            excelCompatible: false
        )
        #expect(csv == "姓名,阶段,备注\r\n张三,入党积极分子,\"已谈话, 待审查\"\r\n李四,发展对象,\"多行\n备注\"\r\n")
    }

    @Test func everyLineBreakOutsideFieldsIsCRLF() {
        let csv = CSVWriter.render(header: ["a", "b"], rows: [["1", "2"], ["3", "4"]], excelCompatible: false)
        let scalars = Array(csv.unicodeScalars)
        for (index, scalar) in scalars.enumerated() where scalar == "\n" {
            #expect(index > 0 && scalars[index - 1] == "\r")
        }
        #expect(csv.hasSuffix("\r\n"))
        #expect(csv.components(separatedBy: "\r\n") == ["a,b", "1,2", "3,4", ""])
    }

    @Test func shortRowsAreCompletedWithEmptyFields() {
        let csv = CSVWriter.render(header: ["姓名", "阶段", "备注"], rows: [["张三"]], excelCompatible: false)
        #expect(csv == "姓名,阶段,备注\r\n张三,,\r\n")
    }

    @Test func excelCompatibleStartsWithAByteOrderMark() {
        let csv = CSVWriter.render(header: ["姓名"], rows: [["张三"]])
        #expect(csv.unicodeScalars.first == "\u{FEFF}")
        let data = CSVWriter.renderData(header: ["姓名"], rows: [["张三"]], excelCompatible: true)
        #expect(Array(data.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(data.dropFirst(3) == Data("姓名\r\n张三\r\n".utf8))
    }

    @Test func plainCSVHasNoByteOrderMark() {
        let csv = CSVWriter.render(header: ["姓名"], rows: [["张三"]], excelCompatible: false)
        #expect(csv.unicodeScalars.first == "姓")
        let data = CSVWriter.renderData(header: ["姓名"], rows: [["张三"]], excelCompatible: false)
        #expect(data == Data("姓名\r\n张三\r\n".utf8))
    }

    @Test func emptyHeaderWritesOnlyRows() {
        #expect(CSVWriter.render(header: [], rows: [["1"]], excelCompatible: false) == "1\r\n")
        #expect(CSVWriter.render(header: [], rows: [], excelCompatible: false) == "")
    }
}

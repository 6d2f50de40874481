import Foundation
import Testing
@testable import FazhanReports

@Suite struct ListingTests {
    let listing = Listing(
        columns: [Table.Column("姓名"), Table.Column("天数", alignment: .right)],
        rows: [["张三", "12"], ["Li Si", "=1+1"]]
    )

    @Test func rendersAsATable() {
        #expect(listing.renderTable() == listing.table.render())
        #expect(listing.renderTable() == """
            姓名   天数
            -----  ----
            张三     12
            Li Si  =1+1
            """)
    }

    @Test func rendersAsCSVWithTitlesAsHeader() {
        #expect(listing.renderCSV(excelCompatible: false) == "姓名,天数\r\n张三,12\r\nLi Si,\"'=1+1\"\r\n")
        #expect(listing.renderCSV().unicodeScalars.first == "\u{FEFF}")
    }

    @Test func outputFormatsMatchTheFormatOption() throws {
        #expect(OutputFormat.allCases == [.table, .json, .csv])
        #expect(OutputFormat(rawValue: "csv") == .csv)
        #expect(OutputFormat(rawValue: "html") == nil)
        let encoded = try JSONEncoder().encode(OutputFormat.json)
        #expect(String(decoding: encoded, as: UTF8.self) == "\"json\"")
        #expect(try JSONDecoder().decode(OutputFormat.self, from: Data("\"table\"".utf8)) == .table)
    }
}

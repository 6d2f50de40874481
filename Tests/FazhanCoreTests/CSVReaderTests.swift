import Testing

@testable import FazhanCore

@Suite struct CSVReaderTests {
    @Test func readsQuotesCommasAndLineBreaksWithTheirLines() throws {
        let text = "\u{FEFF}组织,在校生\r\nCS,\"4,200\"\r\n\r\n\"EM \"\"经管\"\"\",\"a\nb\"\nLIT,3\n"
        let rows = try CSVReader.rows(text)
        #expect(rows.map(\.fields) == [["组织", "在校生"], ["CS", "4,200"], ["EM \"经管\"", "a\nb"], ["LIT", "3"]])
        #expect(rows.map(\.line) == [1, 2, 4, 6])
    }

    @Test func anUnclosedQuoteIsAProblemWithItsLine() {
        #expect(throws: CSVReader.Problem.self) { try CSVReader.rows("a,b\n\"open,c\n") }
        do {
            _ = try CSVReader.rows("a,b\n\"open,c\n")
        } catch {
            #expect(error.line == 2)
        }
    }

    @Test func aLastLineWithoutItsLineEndIsRead() throws {
        #expect(try CSVReader.rows("a,b\nc,").map(\.fields) == [["a", "b"], ["c", ""]])
    }
}

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

    /// Reads `text`'s UTF-8 bytes with a stream, in pieces of `size` bytes.
    private func streamed(_ text: String, size: Int) throws -> [CSVReader.Row] {
        let bytes = Array(text.utf8)
        var stream = CSVReader.Stream()
        var rows: [CSVReader.Row] = []
        for start in stride(from: 0, to: bytes.count, by: size) {
            try bytes[start..<min(start + size, bytes.count)].withUnsafeBytes { try stream.read($0) { rows.append($0) } }
        }
        try stream.finish { rows.append($0) }
        return rows
    }

    @Test func aStreamReadsWhatTheWholeTextReadsWhereverItsPiecesEnd() throws {
        for text in [
            "组织,在校生\r\nCS,\"4,200\"\r\n\r\n\"EM \"\"经管\"\"\",\"a\nb\"\nLIT,3\n",
            "a,b\nc,", "\"\"\"\",x\n\"q\"\"\"", ",,\n\n\n,\r\n陈𠮷,\"\"", "a\"b,\"c\"d\n",
        ] {
            let whole = try CSVReader.rows(text)
            for size in 1...9 {
                #expect(try streamed(text, size: size) == whole, "\(text) in pieces of \(size)")
            }
        }
        #expect(throws: CSVReader.Problem.self) { try streamed("a,b\n\"open,c\n", size: 3) }
        #expect(throws: CSVReader.Stream.NotUTF8.self) {
            var stream = CSVReader.Stream()
            try [0x61, 0x2C, 0xB3, 0xC2, 0x0A].withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in try stream.read(bytes) { _ in } }
        }
    }
}

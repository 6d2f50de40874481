import Testing

@testable import FazhanCore

/// Imported files come as Excel writes them: UTF-8 with or without a byte-order mark, or
/// GB18030/GBK on Chinese Windows.
@Suite struct TextDecodingTests {
    /// 学号,姓名 / 2023001,张三 / 2023002,陈𠮷 / 2023003,李䶮 in GB18030: 𠮷 (U+20BB7) takes four
    /// bytes, 䶮 (U+4DAE) two.
    static let gb18030: [UInt8] = [
        0xD1, 0xA7, 0xBA, 0xC5, 0x2C, 0xD0, 0xD5, 0xC3, 0xFB, 0x0D, 0x0A,
    ] + Array("2023001,".utf8) + [0xD5, 0xC5, 0xC8, 0xFD, 0x0D, 0x0A]
        + Array("2023002,".utf8) + [0xB3, 0xC2, 0x95, 0x34, 0xB2, 0x35, 0x0D, 0x0A]
        + Array("2023003,".utf8) + [0xC0, 0xEE, 0xFE, 0x9F, 0x0D, 0x0A]
    static let text = "学号,姓名\r\n2023001,张三\r\n2023002,陈𠮷\r\n2023003,李䶮\r\n"

    @Test func gb18030IsDetectedAndDecodedWithCharactersOutsideGBK() throws {
        let decoded = try TextDecoding.decode(Self.gb18030)
        #expect(decoded.encoding == .gb18030)
        #expect(decoded.text == Self.text)
        #expect(!decoded.byteOrderMark)
        #expect(decoded.encodingDescription == "GB18030")
        // D1 A7 happens to be a UTF-8 character; BA, the third byte, cannot follow it.
        #expect(decoded.notUTF8At == BytePosition(offset: 2, line: 1, byte: 0xBA), "why GB18030 was chosen")
    }

    @Test func utf8WithAndWithoutByteOrderMarkIsUTF8() throws {
        let plain = try TextDecoding.decode(Array(Self.text.utf8))
        #expect(plain.encoding == .utf8)
        #expect(plain.text == Self.text)
        #expect(!plain.byteOrderMark)
        let marked = try TextDecoding.decode([0xEF, 0xBB, 0xBF] + Array(Self.text.utf8))
        #expect(marked.encoding == .utf8)
        #expect(marked.text == Self.text, "the byte-order mark is removed")
        #expect(marked.byteOrderMark)
        #expect(marked.encodingDescription == "UTF-8 with BOM")
    }

    @Test func aGB18030ByteOrderMarkIsRemoved() throws {
        let decoded = try TextDecoding.decode([0x84, 0x31, 0x95, 0x33] + Self.gb18030)
        #expect(decoded.encoding == .gb18030)
        #expect(decoded.text == Self.text)
        #expect(decoded.byteOrderMark)
    }

    @Test func theEncodingCanBeChosen() throws {
        // ASCII is valid both ways; asked for GB18030, it is read as GB18030.
        #expect(try TextDecoding.decode(Array("a,b\n".utf8), as: .gb18030).encoding == .gb18030)
        #expect(try TextDecoding.decode(Self.gb18030, as: .gb18030).text == Self.text)
        // GB18030 bytes asked to be UTF-8: refused at the first byte that cannot be UTF-8.
        #expect(throws: TextDecodingError.invalid(.utf8, at: BytePosition(offset: 2, line: 1, byte: 0xBA))) {
            try TextDecoding.decode(Self.gb18030, as: .utf8)
        }
    }

    @Test func bytesValidInNeitherAreRefusedWithTheirOffsetAndLine() throws {
        let bytes = Array("学号,姓名\n2023001,".utf8) + [0xFF, 0x41, 0x0A]
        do {
            _ = try TextDecoding.decode(bytes)
            Issue.record("decoded bytes that are neither UTF-8 nor GB18030")
        } catch {
            guard case .neither(let utf8, let gb18030) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(utf8 == BytePosition(offset: 22, line: 2, byte: 0xFF))
            // UTF-8 Chinese happens to read as (wrong) GB18030 characters up to the same byte.
            #expect(gb18030 == utf8)
            #expect(error.description.contains("neither UTF-8 nor GB18030: byte 0xFF at offset 22 (line 2) is valid in neither"),
                    "\(error)")
        }
    }

    @Test func aSequenceCutShortAtTheEndIsNamed() throws {
        let bytes: [UInt8] = [0xD5, 0xC5, 0x0A, 0xC8]
        #expect(throws: TextDecodingError.invalid(.gb18030, at: BytePosition(offset: 3, line: 2, byte: nil))) {
            try TextDecoding.decode(bytes, as: .gb18030)
        }
    }

    @Test func utf16IsRefusedWithAHint() {
        #expect(throws: TextDecodingError.utf16) { try TextDecoding.decode([0xFF, 0xFE, 0x41, 0x00]) }
    }

    @Test func aDamagedUTF8FileWithItsByteOrderMarkIsNotReadAsGB18030() {
        let bytes = [0xEF, 0xBB, 0xBF] + Array("学号\n".utf8) + [0xE5, 0xAD]
        #expect(throws: TextDecodingError.invalid(.utf8, at: BytePosition(offset: 10, line: 2, byte: 0xE5))) {
            try TextDecoding.decode(bytes)
        }
    }

    @Test(arguments: [
        ([0xC0, 0x80], 0),  // overlong NUL
        ([0x41, 0xED, 0xA0, 0x80], 1),  // a surrogate
        ([0xF4, 0x90, 0x80, 0x80], 0),  // past U+10FFFF
        ([0xF5, 0x80, 0x80, 0x80], 0),
        ([0xE4, 0xB8], 0),  // cut short
        ([0x41, 0x80], 1),  // a lone continuation byte
    ] as [([UInt8], Int)])
    func malformedUTF8IsFoundAtItsFirstByte(bytes: [UInt8], offset: Int) {
        #expect(TextDecoding.firstInvalidUTF8(bytes) == offset)
    }

    @Test func wellFormedUTF8IsValid() {
        #expect(TextDecoding.firstInvalidUTF8(Array("a张𠮷\u{10FFFF}".utf8)) == nil)
        #expect(TextDecoding.firstInvalidUTF8([]) == nil)
    }

    @Test func encodingNamesAcceptGBKAsGB18030() {
        #expect(TextEncoding(name: "utf-8") == .utf8)
        #expect(TextEncoding(name: "UTF8") == .utf8)
        #expect(TextEncoding(name: "gb18030") == .gb18030)
        #expect(TextEncoding(name: "GBK") == .gb18030)
        #expect(TextEncoding(name: "latin1") == nil)
    }

    @Test func emptyBytesAreEmptyText() throws {
        #expect(try TextDecoding.decode([]).text == "")
        #expect(try TextDecoding.decode([], as: .gb18030).text == "")
    }
}

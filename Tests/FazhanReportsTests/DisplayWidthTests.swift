import Testing
@testable import FazhanReports

@Suite struct DisplayWidthTests {
    @Test(arguments: [
        ("abc", 3),
        ("入党积极分子", 12),
        ("张三 Zhang", 10),
        ("（", 2),
        ("e\u{301}", 1),
        ("、。（）：", 10),
        ("ＡＢＣ", 6),
        ("한국어", 6),
        ("\u{1100}\u{1161}\u{11A8}", 2),  // 각 spelled with conjoining jamo
        ("ひらがなカタカナ", 16),
        ("\u{20000}", 2),  // CJK Extension B
        ("👍", 2),
        ("👍🏽", 2),
        ("👩‍💻", 2),
        ("❤️", 2),
        ("\u{200B}", 0),
        ("\u{FEFF}", 0),
        ("\t", 0),
        ("a\u{0}b", 2),
        ("…", 1),
        ("", 0),
    ])
    func width(of text: String, is expected: Int) {
        #expect(displayWidth(text) == expected)
    }

    @Test func substringsMeasureLikeStrings() {
        let text = "支部大会讨论 2024"
        #expect(displayWidth(text.prefix(6)) == 12)
    }

    @Test(arguments: [
        ("张三", 6, TextAlignment.left, "张三  "),
        ("42", 5, .right, "   42"),
        ("张三", 5, .right, " 张三"),
        ("入党积极分子", 4, .left, "入党积极分子"),
        ("", 3, .left, "   "),
    ])
    func pads(_ text: String, to width: Int, alignment: TextAlignment, expected: String) {
        #expect(pad(text, toWidth: width, alignment: alignment) == expected)
    }

    @Test(arguments: [
        ("入党积极分子", 7, "入党积…"),
        ("入党积极分子", 6, "入党…"),  // 入党积 would need 6 columns plus the ellipsis
        ("入党积极分子", 12, "入党积极分子"),
        ("张三", 4, "张三"),
        ("abcdef", 4, "abc…"),
        ("张", 2, "张"),
        ("张三", 2, "…"),
        ("张三李四", 2, "…"),
        ("e\u{301}e\u{301}e\u{301}", 2, "e\u{301}…"),
        ("abc", 0, ""),
    ])
    func truncates(_ text: String, to width: Int, expected: String) {
        #expect(truncate(text, toWidth: width) == expected)
    }

    @Test(arguments: 1...16)
    func truncationFitsAndNeverSplitsWideCharacters(width: Int) {
        let text = "张三 Zhang 入党积极分子"
        let cut = truncate(text, toWidth: width)
        #expect(displayWidth(cut) <= width)
        #expect(displayWidth(cut) >= width - 1)
        if cut != text {
            #expect(cut.hasSuffix("…"))
            #expect(text.hasPrefix(cut.dropLast()))
        }
    }
}

@Suite struct WideRangeTableTests {
    @Test func rangesAreSortedAndDisjoint() {
        for (previous, next) in zip(wideRanges, wideRanges.dropFirst()) {
            #expect(previous.upperBound < next.lowerBound, "\(previous) overlaps or precedes \(next)")
        }
    }

    @Test(arguments: [
        (Unicode.Scalar(0x10FF)!, 1),  // last Georgian letter, just before Hangul Jamo
        (Unicode.Scalar(0x1100)!, 2),  // first range's first scalar
        (Unicode.Scalar(0x3000)!, 2),  // ideographic space
        (Unicode.Scalar(0x303F)!, 1),  // ideographic half fill space is narrow
        (Unicode.Scalar(0x3099)!, 0),  // combining kana voiced sound mark
        (Unicode.Scalar(0xFF61)!, 1),  // halfwidth ideographic full stop
        (Unicode.Scalar(0x3FFFD)!, 2),  // last range's last scalar
        (Unicode.Scalar(0xE0001)!, 0),  // language tag
    ])
    func scalarWidths(_ scalar: Unicode.Scalar, width: Int) {
        #expect(displayWidth(of: scalar) == width)
    }
}

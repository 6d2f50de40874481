// Terminal display width of text, for aligning Chinese and Latin text in monospaced columns.
//
// A terminal draws East Asian Wide and Fullwidth characters (汉字, CJK punctuation such as
// 、。（）：, fullwidth forms, Hangul, kana, emoji) in two columns, combining marks and
// zero-width characters in none, and everything else in one. The wide ranges below follow
// Unicode's EastAsianWidth.txt (W and F), with unassigned code points inside the ideographic
// blocks counted as wide so that newly encoded ideographs line up too. East Asian Ambiguous
// characters (…, ─, Greek, Cyrillic) count as one column, as in most terminals outside CJK
// legacy locales.

/// The number of terminal columns `text` occupies.
///
/// Widths are summed over extended grapheme clusters (`Character`s), each measured by
/// ``displayWidth(of:)``:
///
/// ```swift
/// displayWidth("abc")            // 3
/// displayWidth("入党积极分子")      // 12
/// displayWidth("张三 Zhang")      // 10
/// displayWidth("e\u{301}")       // 1: e followed by a combining acute accent
/// ```
///
/// Control characters (including tab and line breaks) count as zero: callers that lay out
/// columns should remove them first, as ``Table`` does.
public func displayWidth(_ text: some StringProtocol) -> Int {
    var width = 0
    for character in text {
        width += displayWidth(of: character)
    }
    return width
}

/// The number of terminal columns one grapheme cluster occupies.
///
/// The width is the sum of its scalars' widths (see ``displayWidth(of:)``),
/// adjusted for the emoji sequences a terminal draws as a single glyph:
///
/// - a scalar that follows a zero-width joiner (U+200D) adds nothing, so "👩‍💻" is 2;
/// - an emoji skin-tone modifier (U+1F3FB–U+1F3FF) after a base adds nothing, so "👍🏽" is 2;
/// - the emoji presentation selector (U+FE0F) widens a narrow base to 2, so "❤️" is 2.
public func displayWidth(of character: Character) -> Int {
    let scalars = character.unicodeScalars
    if scalars.count == 1, let only = scalars.first {
        return displayWidth(of: only)
    }
    var width = 0
    var previousWidth = 0
    var afterJoiner = false
    var isFirst = true
    for scalar in scalars {
        defer { isFirst = false }
        let value = scalar.value
        if value == 0x200D {  // ZERO WIDTH JOINER
            afterJoiner = width > 0
            continue
        }
        if afterJoiner {
            afterJoiner = false
            previousWidth = 0
            continue
        }
        if !isFirst, (0x1F3FB...0x1F3FF).contains(value) {  // EMOJI MODIFIER FITZPATRICK
            continue
        }
        if value == 0xFE0F {  // VARIATION SELECTOR-16: emoji presentation
            if previousWidth == 1 {
                width += 1
                previousWidth = 2
            }
            continue
        }
        previousWidth = displayWidth(of: scalar)
        width += previousWidth
    }
    return width
}

/// The number of terminal columns one Unicode scalar occupies: 0, 1 or 2.
///
/// - 0 for C0 and C1 controls and DEL, nonspacing and enclosing combining marks, format
///   characters such as the zero-width space (U+200B), joiners and the byte order mark,
///   variation selectors, line and paragraph separators, and Hangul medial vowels and final
///   consonants (which join the preceding initial consonant into one syllable);
/// - 2 for East Asian Wide and Fullwidth characters;
/// - 1 for everything else.
public func displayWidth(of scalar: Unicode.Scalar) -> Int {
    let value = scalar.value
    if value < 0x20 || (0x7F...0x9F).contains(value) {
        return 0
    }
    if value < 0x7F {
        return 1
    }
    if isZeroWidth(scalar) {
        return 0
    }
    return isWide(value) ? 2 : 1
}

/// Pads `text` with spaces to `width` display columns.
///
/// Text already at least `width` columns wide is returned unchanged: use
/// ``truncate(_:toWidth:)`` first to make it fit.
///
/// ```swift
/// pad("张三", toWidth: 6)                      // "张三  "
/// pad("42", toWidth: 5, alignment: .right)   // "   42"
/// ```
public func pad(_ text: String, toWidth width: Int, alignment: TextAlignment = .left) -> String {
    let missing = width - displayWidth(text)
    guard missing > 0 else { return text }
    let padding = String(repeating: " ", count: missing)
    switch alignment {
    case .left: return text + padding
    case .right: return padding + text
    }
}

/// The ellipsis ``truncate(_:toWidth:)`` appends: U+2026, one column wide.
private let truncationEllipsis = "…"

/// Shortens `text` to at most `width` display columns, ending it with an ellipsis `…` when
/// anything was cut.
///
/// Cuts fall between grapheme clusters, so a wide character is never split in half and a
/// combining mark stays with its base. When the last column left before the ellipsis cannot
/// hold a wide character, the result is one column narrower than `width`; ``pad(_:toWidth:alignment:)``
/// makes up the difference.
///
/// ```swift
/// truncate("入党积极分子", toWidth: 7)   // "入党积…" (7 columns)
/// truncate("入党积极分子", toWidth: 6)   // "入党…"   (5 columns)
/// truncate("张三", toWidth: 4)          // "张三"    (fits, unchanged)
/// ```
///
/// A `width` of zero or less gives the empty string.
public func truncate(_ text: String, toWidth width: Int) -> String {
    guard width > 0 else { return "" }
    guard displayWidth(text) > width else { return text }
    let budget = width - displayWidth(truncationEllipsis)
    var result = ""
    var used = 0
    for character in text {
        let characterWidth = displayWidth(of: character)
        if used + characterWidth > budget { break }
        result.append(character)
        used += characterWidth
    }
    return result + truncationEllipsis
}

// MARK: - Scalar classification

/// Zero-width scalars: combining marks and invisible format characters.
///
/// General categories come from the standard library's own Unicode data; the explicit ranges
/// cover what the categories do not say.
private func isZeroWidth(_ scalar: Unicode.Scalar) -> Bool {
    let value = scalar.value
    switch value {
    case 0x1160...0x11FF, 0xD7B0...0xD7FF:  // Hangul medial vowels and final consonants
        return true
    case 0x00AD:  // SOFT HYPHEN: terminals draw it
        return false
    case 0x0600...0x0605, 0x06DD, 0x070F, 0x0890...0x0891, 0x08E2, 0x110BD, 0x110CD:
        return false  // prepended concatenation marks are visible
    default:
        break
    }
    switch scalar.properties.generalCategory {
    case .nonspacingMark, .enclosingMark, .format, .lineSeparator, .paragraphSeparator:
        return true
    default:
        return false
    }
}

private func isWide(_ value: UInt32) -> Bool {
    guard value >= wideRanges[0].lowerBound else { return false }
    // Binary search for the last range starting at or before `value`.
    var low = 0
    var high = wideRanges.count - 1
    while low < high {
        let middle = (low + high + 1) / 2
        if wideRanges[middle].lowerBound <= value {
            low = middle
        } else {
            high = middle - 1
        }
    }
    return wideRanges[low].contains(value)
}

/// East Asian Wide (W) and Fullwidth (F) code points, sorted and disjoint: `isWide` relies on
/// the order.
///
/// Derived from Unicode 14's EastAsianWidth.txt, leaving out the combining marks it lists as
/// wide (they are zero-width). Short runs of unassigned code points between two wide ranges
/// are included, so that characters added to those blocks later measure right.
let wideRanges: [ClosedRange<UInt32>] = [
    0x1100...0x115F,  // HANGUL CHOSEONG KIYEOK .. HANGUL CHOSEONG FILLER
    0x231A...0x231B,  // WATCH .. HOURGLASS
    0x2329...0x232A,  // LEFT-POINTING ANGLE BRACKET .. RIGHT-POINTING ANGLE BRACKET
    0x23E9...0x23EC,  // BLACK RIGHT-POINTING DOUBLE TRIANGLE .. BLACK DOWN-POINTING DOUBLE TRIANGLE
    0x23F0...0x23F0,  // ALARM CLOCK .. ALARM CLOCK
    0x23F3...0x23F3,  // HOURGLASS WITH FLOWING SAND .. HOURGLASS WITH FLOWING SAND
    0x25FD...0x25FE,  // WHITE MEDIUM SMALL SQUARE .. BLACK MEDIUM SMALL SQUARE
    0x2614...0x2615,  // UMBRELLA WITH RAIN DROPS .. HOT BEVERAGE
    0x2648...0x2653,  // ARIES .. PISCES
    0x267F...0x267F,  // WHEELCHAIR SYMBOL .. WHEELCHAIR SYMBOL
    0x2693...0x2693,  // ANCHOR .. ANCHOR
    0x26A1...0x26A1,  // HIGH VOLTAGE SIGN .. HIGH VOLTAGE SIGN
    0x26AA...0x26AB,  // MEDIUM WHITE CIRCLE .. MEDIUM BLACK CIRCLE
    0x26BD...0x26BE,  // SOCCER BALL .. BASEBALL
    0x26C4...0x26C5,  // SNOWMAN WITHOUT SNOW .. SUN BEHIND CLOUD
    0x26CE...0x26CE,  // OPHIUCHUS .. OPHIUCHUS
    0x26D4...0x26D4,  // NO ENTRY .. NO ENTRY
    0x26EA...0x26EA,  // CHURCH .. CHURCH
    0x26F2...0x26F3,  // FOUNTAIN .. FLAG IN HOLE
    0x26F5...0x26F5,  // SAILBOAT .. SAILBOAT
    0x26FA...0x26FA,  // TENT .. TENT
    0x26FD...0x26FD,  // FUEL PUMP .. FUEL PUMP
    0x2705...0x2705,  // WHITE HEAVY CHECK MARK .. WHITE HEAVY CHECK MARK
    0x270A...0x270B,  // RAISED FIST .. RAISED HAND
    0x2728...0x2728,  // SPARKLES .. SPARKLES
    0x274C...0x274C,  // CROSS MARK .. CROSS MARK
    0x274E...0x274E,  // NEGATIVE SQUARED CROSS MARK .. NEGATIVE SQUARED CROSS MARK
    0x2753...0x2755,  // BLACK QUESTION MARK ORNAMENT .. WHITE EXCLAMATION MARK ORNAMENT
    0x2757...0x2757,  // HEAVY EXCLAMATION MARK SYMBOL .. HEAVY EXCLAMATION MARK SYMBOL
    0x2795...0x2797,  // HEAVY PLUS SIGN .. HEAVY DIVISION SIGN
    0x27B0...0x27B0,  // CURLY LOOP .. CURLY LOOP
    0x27BF...0x27BF,  // DOUBLE CURLY LOOP .. DOUBLE CURLY LOOP
    0x2B1B...0x2B1C,  // BLACK LARGE SQUARE .. WHITE LARGE SQUARE
    0x2B50...0x2B50,  // WHITE MEDIUM STAR .. WHITE MEDIUM STAR
    0x2B55...0x2B55,  // HEAVY LARGE CIRCLE .. HEAVY LARGE CIRCLE
    0x2E80...0x2FD5,  // CJK RADICAL REPEAT .. KANGXI RADICAL FLUTE
    0x2FF0...0x3029,  // IDEOGRAPHIC DESCRIPTION CHARACTER LEFT TO RIGHT .. HANGZHOU NUMERAL NINE
    0x302E...0x303E,  // HANGUL SINGLE DOT TONE MARK .. IDEOGRAPHIC VARIATION INDICATOR
    0x3041...0x3096,  // HIRAGANA LETTER SMALL A .. HIRAGANA LETTER SMALL KE
    0x309B...0x3247,  // KATAKANA-HIRAGANA VOICED SOUND MARK .. CIRCLED IDEOGRAPH KOTO
    0x3250...0x4DBF,  // enclosed CJK letters, CJK compatibility, CJK Extension A
    0x4E00...0xA4CF,  // CJK Unified Ideographs, Yi syllables and radicals
    0xA960...0xA97C,  // HANGUL CHOSEONG TIKEUT-MIEUM .. HANGUL CHOSEONG SSANGYEORINHIEUH
    0xAC00...0xD7A3,  // HANGUL SYLLABLE GA .. HANGUL SYLLABLE HIH
    0xF900...0xFAFF,  // CJK Compatibility Ideographs
    0xFE10...0xFE19,  // PRESENTATION FORM FOR VERTICAL COMMA .. PRESENTATION FORM FOR VERTICAL HORIZONTAL ELLIPSIS
    0xFE30...0xFE6B,  // PRESENTATION FORM FOR VERTICAL TWO DOT LEADER .. SMALL COMMERCIAL AT
    0xFF01...0xFF60,  // FULLWIDTH EXCLAMATION MARK .. FULLWIDTH RIGHT WHITE PARENTHESIS
    0xFFE0...0xFFE6,  // FULLWIDTH CENT SIGN .. FULLWIDTH WON SIGN
    0x16FE0...0x16FE3,  // TANGUT ITERATION MARK .. OLD CHINESE ITERATION MARK
    0x16FF0...0x18CD5,  // VIETNAMESE ALTERNATE READING MARK CA .. KHITAN SMALL SCRIPT CHARACTER-18CD5
    0x18D00...0x18D08,  // Tangut Supplement
    0x1AFF0...0x1B122,  // KATAKANA LETTER MINNAN TONE-2 .. KATAKANA LETTER ARCHAIC WU
    0x1B150...0x1B152,  // HIRAGANA LETTER SMALL WI .. HIRAGANA LETTER SMALL WO
    0x1B164...0x1B2FB,  // KATAKANA LETTER SMALL WI .. NUSHU CHARACTER-1B2FB
    0x1F004...0x1F004,  // MAHJONG TILE RED DRAGON .. MAHJONG TILE RED DRAGON
    0x1F0CF...0x1F0CF,  // PLAYING CARD BLACK JOKER .. PLAYING CARD BLACK JOKER
    0x1F18E...0x1F18E,  // NEGATIVE SQUARED AB .. NEGATIVE SQUARED AB
    0x1F191...0x1F19A,  // SQUARED CL .. SQUARED VS
    0x1F200...0x1F265,  // SQUARE HIRAGANA HOKA .. ROUNDED SYMBOL FOR CAI
    0x1F300...0x1F320,  // CYCLONE .. SHOOTING STAR
    0x1F32D...0x1F335,  // HOT DOG .. CACTUS
    0x1F337...0x1F37C,  // TULIP .. BABY BOTTLE
    0x1F37E...0x1F393,  // BOTTLE WITH POPPING CORK .. GRADUATION CAP
    0x1F3A0...0x1F3CA,  // CAROUSEL HORSE .. SWIMMER
    0x1F3CF...0x1F3D3,  // CRICKET BAT AND BALL .. TABLE TENNIS PADDLE AND BALL
    0x1F3E0...0x1F3F0,  // HOUSE BUILDING .. EUROPEAN CASTLE
    0x1F3F4...0x1F3F4,  // WAVING BLACK FLAG .. WAVING BLACK FLAG
    0x1F3F8...0x1F43E,  // BADMINTON RACQUET AND SHUTTLECOCK .. PAW PRINTS
    0x1F440...0x1F440,  // EYES .. EYES
    0x1F442...0x1F4FC,  // EAR .. VIDEOCASSETTE
    0x1F4FF...0x1F53D,  // PRAYER BEADS .. DOWN-POINTING SMALL RED TRIANGLE
    0x1F54B...0x1F54E,  // KAABA .. MENORAH WITH NINE BRANCHES
    0x1F550...0x1F567,  // CLOCK FACE ONE OCLOCK .. CLOCK FACE TWELVE-THIRTY
    0x1F57A...0x1F57A,  // MAN DANCING .. MAN DANCING
    0x1F595...0x1F596,  // REVERSED HAND WITH MIDDLE FINGER EXTENDED .. RAISED HAND WITH PART BETWEEN MIDDLE AND RING FINGERS
    0x1F5A4...0x1F5A4,  // BLACK HEART .. BLACK HEART
    0x1F5FB...0x1F64F,  // MOUNT FUJI .. PERSON WITH FOLDED HANDS
    0x1F680...0x1F6C5,  // ROCKET .. LEFT LUGGAGE
    0x1F6CC...0x1F6CC,  // SLEEPING ACCOMMODATION .. SLEEPING ACCOMMODATION
    0x1F6D0...0x1F6D2,  // PLACE OF WORSHIP .. SHOPPING TROLLEY
    0x1F6D5...0x1F6DF,  // HINDU TEMPLE .. RING BUOY
    0x1F6EB...0x1F6EC,  // AIRPLANE DEPARTURE .. AIRPLANE ARRIVING
    0x1F6F4...0x1F6FC,  // SCOOTER .. ROLLER SKATE
    0x1F7E0...0x1F7F0,  // LARGE ORANGE CIRCLE .. HEAVY EQUALS SIGN
    0x1F90C...0x1F93A,  // PINCHED FINGERS .. FENCER
    0x1F93C...0x1F945,  // WRESTLERS .. GOAL NET
    0x1F947...0x1F9FF,  // FIRST PLACE MEDAL .. NAZAR AMULET
    0x1FA70...0x1FAFF,  // Symbols and Pictographs Extended-A
    0x20000...0x3FFFD,  // CJK Extension B onwards: the Supplementary and Tertiary Ideographic Planes
]

/// An 18-character resident identity number (公民身份号码, GB 11643-1999), validated.
///
/// The characters are: a 6-digit area code, the 8-digit birth date `YYYYMMDD`, a 3-digit
/// sequence number (odd for men, even for women) and a check character computed with
/// ISO 7064 MOD 11-2 (a digit or `X`).
///
/// The number is personal data: `description` and ``masked`` show only the first 3 and the
/// last 2 characters. Use ``value`` only where the full number is really wanted.
///
/// ```swift
/// let id = try ResidentID(validating: "11010519491231002x")
/// id.value       // "11010519491231002X"
/// id.birthDate   // 1949-12-31
/// id.gender      // .female
/// id.masked      // "110*************2X"
/// ```
public struct ResidentID: Sendable, Hashable {
    /// The weights of the first 17 digits in the check sum.
    public static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    /// The check character for each remainder of the weighted sum modulo 11.
    public static let checkCharacters: [Character] = ["1", "0", "X", "9", "8", "7", "6", "5", "4", "3", "2"]

    /// The full number, 18 characters, with the check character `X` in upper case.
    public let value: String
    /// The birth date written in characters 7 to 14. Whether it lies in the past is not checked.
    public let birthDate: CivilDate
    /// The gender given by the sequence number (characters 15 to 17): odd is male.
    public let gender: Gender

    /// Validates a resident ID number.
    ///
    /// Surrounding white space is ignored, full-width digits (`１２３`) are read as digits, and a
    /// check character written `x` or `Ｘ` is stored as `X`.
    ///
    /// - Throws: ``ResidentIDError`` naming what is wrong: the length, the characters, an
    ///   impossible birth date or the check character.
    public init(validating text: String) throws(ResidentIDError) {
        let characters = Self.normalized(text)
        guard characters.count == 18 else { throw .wrongLength(characters.count) }

        var digits: [Int] = []
        var invalid: [Int] = []
        for (index, character) in characters.enumerated() {
            if let digit = character.wholeNumberValue, character.isASCII {
                digits.append(digit)
            } else if index == 17, character == "X" {
                digits.append(10)
            } else {
                invalid.append(index + 1)
            }
        }
        guard invalid.isEmpty else { throw .invalidCharacters(positions: invalid) }

        func number(_ range: Range<Int>) -> Int {
            digits[range].reduce(0) { $0 * 10 + $1 }
        }
        let year = number(6..<10), month = number(10..<12), day = number(12..<14)
        guard let birthDate = CivilDate(year: year, month: month, day: day) else {
            throw .impossibleBirthDate(String(characters[6..<10]) + "-" + String(characters[10..<12]) + "-"
                                       + String(characters[12..<14]))
        }

        let expected = Self.checkCharacter(forDigits: digits[0..<17])
        guard characters[17] == expected else {
            throw .checksumMismatch(expected: expected, found: characters[17])
        }

        self.value = String(characters)
        self.birthDate = birthDate
        self.gender = number(14..<17) % 2 == 1 ? .male : .female
    }

    /// The area code (行政区划代码): characters 1 to 6.
    public var areaCode: String {
        String(value.prefix(6))
    }

    /// The sequence number (顺序码): characters 15 to 17.
    public var sequenceNumber: Int {
        Int(value.dropFirst(14).prefix(3))!
    }

    /// The check character (校验码): the last character, a digit or `X`.
    public var checkCharacter: Character {
        value.last!
    }

    /// The number with all but the first 3 and last 2 characters replaced by `*`.
    public var masked: String {
        Self.mask(value)
    }

    /// The check character for the first 17 digits of a number, or `nil` unless `first17`
    /// is exactly 17 ASCII digits.
    ///
    /// ```swift
    /// ResidentID.checkCharacter(for: "11010519491231002")   // "X"
    /// ```
    public static func checkCharacter(for first17: some StringProtocol) -> Character? {
        var digits: [Int] = []
        for character in first17 {
            guard character.isASCII, let digit = character.wholeNumberValue else { return nil }
            digits.append(digit)
        }
        guard digits.count == 17 else { return nil }
        return checkCharacter(forDigits: digits[...])
    }

    private static func checkCharacter(forDigits digits: ArraySlice<Int>) -> Character {
        var sum = 0
        for (digit, weight) in zip(digits, weights) { sum += digit * weight }
        return checkCharacters[sum % 11]
    }

    /// Masks any stored text that may be an ID number: keeps the first 3 and the last 2
    /// characters, replaces the others by `*` and keeps the length. Text of 5 characters or
    /// fewer is masked entirely, so that nothing of a short or truncated number shows.
    ///
    /// ```swift
    /// ResidentID.mask("11010519491231002X")   // "110*************2X"
    /// ResidentID.mask("1234")                 // "****"
    /// ```
    public static func mask(_ raw: String) -> String {
        let count = raw.count
        guard count > 5 else { return String(repeating: "*", count: count) }
        return String(raw.prefix(3)) + String(repeating: "*", count: count - 5) + String(raw.suffix(2))
    }

    /// Compares the birth date and gender that the number gives with those entered for the
    /// person, and returns one message per disagreement (none when they agree or were not
    /// entered).
    ///
    /// Messages show the dates in full and never the number itself, e.g. "The ID number gives
    /// the birth date 1949-12-31, but 1950-01-01 was entered."
    public func agrees(birthDate: CivilDate?, gender: Gender?) -> [String] {
        var messages: [String] = []
        if let birthDate, birthDate != self.birthDate {
            messages.append("The ID number gives the birth date \(self.birthDate), but \(birthDate) was entered.")
        }
        if let gender, gender != self.gender {
            let parity = self.gender == .male ? "odd" : "even"
            messages.append(
                "The ID number gives the gender \(self.gender.rawValue) (its 17th digit is \(parity)), "
                    + "but \(gender.rawValue) was entered.")
        }
        return messages
    }

    /// The characters of `text` with surrounding white space removed, full-width digits and X
    /// made ASCII, and `x` made `X`.
    private static func normalized(_ text: String) -> [Character] {
        text.trimmingWhitespace().map { character -> Character in
            guard let scalar = character.unicodeScalars.first, character.unicodeScalars.count == 1 else {
                return character
            }
            switch scalar.value {
            case 0xFF10...0xFF19:  // ０ to ９
                return Character(Unicode.Scalar(scalar.value - 0xFF10 + 0x30)!)
            case 0x78, 0xFF38, 0xFF58:  // x, Ｘ, ｘ
                return "X"
            default:
                return character
            }
        }
    }
}

extension ResidentID: CustomStringConvertible {
    /// The masked number, so that logs and messages never show the full number by accident.
    public var description: String {
        masked
    }
}

extension ResidentID: Codable {
    /// Decodes the full number from a string and validates it.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            try self.init(validating: text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    /// Encodes the full number as a string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}

/// Why a text is not a valid resident ID number. The descriptions are plain sentences for the
/// person who typed the number, and never repeat the number itself.
public enum ResidentIDError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The number does not have 18 characters (the count found).
    case wrongLength(Int)
    /// Characters that are not digits (the last may be `X`), by position counted from 1.
    case invalidCharacters(positions: [Int])
    /// Characters 7 to 14 do not form a real date (written `YYYY-MM-DD`, e.g. `1990-02-30`).
    case impossibleBirthDate(String)
    /// The last character is not the one the first 17 digits require.
    case checksumMismatch(expected: Character, found: Character)

    public var description: String {
        switch self {
        case .wrongLength(let count):
            var text = "A resident ID number has 18 characters; this one has \(count)."
            if count == 15 {
                text += " 15-digit numbers are the old first-generation format: enter the 18-character number."
            }
            return text
        case .invalidCharacters(let positions):
            let last = positions.last == 18 ? " (the last may also be X)" : ""
            let list = Self.list(positions.map(String.init))
            let which = positions.count == 1 ? "character \(list) is not a digit" : "characters \(list) are not digits"
            return "A resident ID number has only digits, and X as its last character; \(which)\(last)."
        case .impossibleBirthDate(let date):
            return "The birth date in the ID number (characters 7 to 14) is \(date), which is not a real date."
        case .checksumMismatch(let expected, let found):
            return "The check character (the 18th) is \(found), but the first 17 digits require \(expected); "
                + "a digit was probably mistyped."
        }
    }

    private static func list(_ items: [String]) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " and " + items.last!
    }
}

extension String {
    /// The text without leading and trailing white space (Unicode `White_Space`, including the
    /// ideographic space U+3000).
    fileprivate func trimmingWhitespace() -> Substring {
        let isSpace: (Character) -> Bool = { $0.isWhitespace }
        guard let start = firstIndex(where: { !isSpace($0) }) else { return "" }
        let end = lastIndex(where: { !isSpace($0) })!
        return self[start...end]
    }
}

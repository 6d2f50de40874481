import Foundation
import Testing
@testable import FazhanCore

@Suite struct ResidentIDTests {
    /// The check character computed independently of the implementation's weight table, with
    /// the recursive form of ISO 7064 MOD 11-2: p = (p + digit) × 2 mod 11 over the 17 digits,
    /// then the check value is (12 − p) mod 11, where 10 is written X.
    static func checkCharacter(_ first17: String) -> Character {
        var p = 0
        for character in first17 {
            p = ((p + character.wholeNumberValue!) * 2) % 11
        }
        let value = (12 - p) % 11
        return value == 10 ? "X" : Character(String(value))
    }

    /// A valid number from its parts.
    static func number(area: String = "320582", birth: String, sequence: String) -> String {
        let first17 = area + birth + sequence
        return first17 + String(checkCharacter(first17))
    }

    private func date(_ text: String) throws -> CivilDate {
        try #require(CivilDate(text))
    }

    /// The error an invalid number throws.
    private func error(_ text: String) -> ResidentIDError? {
        do {
            _ = try ResidentID(validating: text)
            return nil
        } catch {
            return error
        }
    }

    // MARK: Valid numbers

    @Test(arguments: [
        // Known valid numbers: the common example 11010519491231002X, the one in GB 11643-1999
        // (440524188001010014), and two more.
        ("11010519491231002X", "1949-12-31", Gender.female),
        ("440524188001010014", "1880-01-01", Gender.male),
        ("11010219781027232X", "1978-10-27", Gender.female),
        ("320582199003071232", "1990-03-07", Gender.male),
    ])
    func knownValidNumbers(_ text: String, _ birth: String, _ gender: Gender) throws {
        let id = try ResidentID(validating: text)
        #expect(id.value == text)
        #expect(id.birthDate == (try date(birth)))
        #expect(id.gender == gender)
        #expect(id.areaCode == String(text.prefix(6)))
        #expect(id.checkCharacter == text.last)
    }

    @Test func theTestHelperAgreesWithTheKnownNumbers() {
        #expect(Self.checkCharacter("11010519491231002") == "X")
        #expect(Self.checkCharacter("44052418800101001") == "4")
    }

    /// Numbers built with every one of the 11 possible check characters.
    @Test(arguments: 0..<11)
    func constructedNumbersWithEveryCheckCharacter(_ remainderIndex: Int) throws {
        let wanted = ResidentID.checkCharacters[remainderIndex]
        // Find a sequence number giving that check character.
        var found: String?
        for sequence in 100...999 {
            let text = Self.number(birth: "20040229", sequence: String(sequence))
            if text.last == wanted {
                found = text
                break
            }
        }
        let text = try #require(found)
        let id = try ResidentID(validating: text)
        #expect(id.value == text)
        #expect(id.birthDate == (try date("2004-02-29")))
        #expect(id.sequenceNumber == Int(text.dropFirst(14).prefix(3)))
        #expect(id.gender == (id.sequenceNumber % 2 == 1 ? .male : .female))
        #expect(ResidentID.checkCharacter(for: text.prefix(17)) == wanted)
    }

    @Test func implementationAndHelperAgreeOnManyNumbers() {
        var seed: UInt64 = 11_643
        for _ in 0..<2000 {
            var first17 = ""
            for _ in 0..<17 {
                seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                first17.append(String((seed >> 33) % 10))
            }
            #expect(ResidentID.checkCharacter(for: first17) == Self.checkCharacter(first17), "\(first17)")
        }
        #expect(ResidentID.checkCharacter(for: "1101051949123100") == nil)
        #expect(ResidentID.checkCharacter(for: "1101051949123100A") == nil)
    }

    @Test(arguments: ["001", "123", "999"])
    func oddSequenceIsMale(_ sequence: String) throws {
        #expect(try ResidentID(validating: Self.number(birth: "19900307", sequence: sequence)).gender == .male)
    }

    @Test(arguments: ["000", "002", "998"])
    func evenSequenceIsFemale(_ sequence: String) throws {
        #expect(try ResidentID(validating: Self.number(birth: "19900307", sequence: sequence)).gender == .female)
    }

    @Test(arguments: [
        "11010519491231002x",  // lower-case x
        " 11010519491231002X\n",  // surrounding white space
        "１１０１０５１９４９１２３１００２Ｘ",  // full-width digits and Ｘ
        "\u{3000}11010519491231002ｘ",  // ideographic space, full-width ｘ
    ])
    func inputIsNormalised(_ text: String) throws {
        let id = try ResidentID(validating: text)
        #expect(id.value == "11010519491231002X")
        #expect(id == (try ResidentID(validating: "11010519491231002X")))
    }

    @Test func aBirthDateInTheFutureIsNotCheckedHere() throws {
        let id = try ResidentID(validating: Self.number(birth: "20991231", sequence: "001"))
        #expect(id.birthDate == (try date("2099-12-31")))
    }

    @Test func leapDays() throws {
        #expect(try ResidentID(validating: Self.number(birth: "20000229", sequence: "010")).birthDate
                == date("2000-02-29"))
        #expect(error(Self.number(birth: "19000229", sequence: "010")) == .impossibleBirthDate("1900-02-29"))
    }

    // MARK: Errors

    @Test(arguments: [
        ("11010519491231002", 17),
        ("11010519491231002X1", 19),
        ("", 0),
        ("110105491231002", 15),
    ])
    func wrongLength(_ text: String, _ count: Int) {
        let found = error(text)
        #expect(found == .wrongLength(count))
        #expect(found?.description.hasPrefix("A resident ID number has 18 characters; this one has \(count).") == true)
    }

    @Test func fifteenDigitNumbersGetAHint() {
        #expect(error("110105491231002")?.description.contains("old first-generation format") == true)
    }

    @Test func invalidCharactersArePositioned() {
        let one = error("1101051949123100AX")
        #expect(one == .invalidCharacters(positions: [17]))
        #expect(one?.description ==
                "A resident ID number has only digits, and X as its last character; character 17 is not a digit.")

        let many = error("X1010519491231002Y")
        #expect(many == .invalidCharacters(positions: [1, 18]))
        #expect(many?.description ==
                "A resident ID number has only digits, and X as its last character; characters 1 and 18 are not digits "
                    + "(the last may also be X).")

        #expect(error("11010519491231002-") == .invalidCharacters(positions: [18]))
        #expect(error("110105194912310 2X") == .invalidCharacters(positions: [16]))
        // Digits from other scripts are not digits here.
        #expect(error("11010519491231002٣") == .invalidCharacters(positions: [18]))
    }

    @Test(arguments: ["19900230", "19901301", "19900001", "19900431", "20250229", "19900100"])
    func impossibleBirthDatesAreRejected(_ birth: String) {
        let text = Self.number(birth: birth, sequence: "123")
        let found = error(text)
        let written = "\(birth.prefix(4))-\(birth.dropFirst(4).prefix(2))-\(birth.suffix(2))"
        #expect(found == .impossibleBirthDate(written))
        #expect(found?.description ==
                "The birth date in the ID number (characters 7 to 14) is \(written), which is not a real date.")
    }

    @Test func checksumMismatchNamesTheExpectedCharacter() {
        let found = error("110105194912310021")
        #expect(found == .checksumMismatch(expected: "X", found: "1"))
        #expect(found?.description ==
                "The check character (the 18th) is 1, but the first 17 digits require X; a digit was probably mistyped.")

        // A transposition in a constructed number.
        let valid = Self.number(birth: "19900307", sequence: "123")
        var characters = Array(valid)
        characters.swapAt(14, 15)  // sequence "123" -> "213"
        let swapped = String(characters)
        let expected = Self.checkCharacter(String(swapped.prefix(17)))
        #expect(expected != swapped.last)
        #expect(error(swapped) == .checksumMismatch(expected: expected, found: swapped.last!))
    }

    @Test func errorMessagesNeverShowTheNumber() {
        let errors: [ResidentIDError?] = [
            error("110105194912310021"), error("11010519490231002X"), error("1101051949123100AX"), error("110105"),
        ]
        for found in errors {
            let description = found?.description ?? ""
            #expect(!description.isEmpty)
            #expect(!description.contains("110105"))
        }
    }

    // MARK: Masking

    @Test(arguments: [
        ("11010519491231002X", "110*************2X"),
        ("11010519491231002x", "110*************2x"),
        ("123456", "123*56"),
        ("12345", "*****"),
        ("12", "**"),
        ("", ""),
        ("110105491231002", "110**********02"),
    ])
    func masking(_ raw: String, _ masked: String) {
        #expect(ResidentID.mask(raw) == masked)
        #expect(ResidentID.mask(raw).count == raw.count)
    }

    @Test func theValueShowsMaskedByDefault() throws {
        let id = try ResidentID(validating: "11010519491231002X")
        #expect(id.masked == "110*************2X")
        #expect(id.description == "110*************2X")
        #expect("\(id)" == "110*************2X")
    }

    // MARK: Agreement with what was entered

    @Test func agreement() throws {
        let id = try ResidentID(validating: "11010519491231002X")
        #expect(id.agrees(birthDate: try date("1949-12-31"), gender: .female).isEmpty)
        #expect(id.agrees(birthDate: nil, gender: nil).isEmpty)
        #expect(id.agrees(birthDate: try date("1950-01-01"), gender: nil) ==
                ["The ID number gives the birth date 1949-12-31, but 1950-01-01 was entered."])
        #expect(id.agrees(birthDate: nil, gender: .male) ==
                ["The ID number gives the gender female (its 17th digit is even), but male was entered."])
        #expect(id.agrees(birthDate: try date("1949-12-30"), gender: .male).count == 2)

        let male = try ResidentID(validating: "440524188001010014")
        #expect(male.agrees(birthDate: nil, gender: .female) ==
                ["The ID number gives the gender male (its 17th digit is odd), but female was entered."])
    }

    // MARK: Codable and Gender

    @Test func codableAsTheFullNumber() throws {
        let id = try ResidentID(validating: "11010519491231002x")
        let data = try JSONEncoder().encode([id])
        #expect(String(decoding: data, as: UTF8.self) == #"["11010519491231002X"]"#)
        #expect(try JSONDecoder().decode([ResidentID].self, from: data) == [id])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([ResidentID].self, from: Data(#"["110105194912310021"]"#.utf8))
        }
    }

    @Test func genderNames() throws {
        #expect(Gender.male.rawValue == "male")
        #expect(Gender.female.chineseName == "女")
        #expect(try JSONDecoder().decode([Gender].self, from: Data(#"["female","male"]"#.utf8)) == [.female, .male])
    }
}

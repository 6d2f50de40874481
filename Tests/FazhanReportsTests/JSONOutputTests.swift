import Foundation
import Testing
@testable import FazhanReports

@Suite struct JSONOutputTests {
    struct Candidate: Codable, Equatable {
        struct Branch: Codable, Equatable {
            let path: String
            let code: String
        }

        let stage: String
        let name: String
        let appliedOn: String
        let branch: Branch
        let alerts: [String]
    }

    let candidate = Candidate(
        stage: "入党积极分子",
        name: "张三",
        appliedOn: "2024-03-01",
        branch: .init(path: "机关党委/第一支部", code: "A01"),
        alerts: ["支部大会讨论 逾期"]
    )

    @Test func keepsChineseAndSlashesUnescaped() throws {
        let json = try JSONOutput.render(candidate)
        #expect(json.contains("\"张三\""))
        #expect(json.contains("\"入党积极分子\""))
        #expect(json.contains("\"机关党委/第一支部\""))
        #expect(!json.contains("\\u"))
        #expect(!json.contains("\\/"))
    }

    @Test func sortsKeysAtEveryLevel() throws {
        let json = try JSONOutput.render(candidate)
        let keys = ["\"alerts\"", "\"appliedOn\"", "\"branch\"", "\"code\"", "\"path\"", "\"name\"", "\"stage\""]
        let offsets = try keys.map { key in
            try #require(json.range(of: key), "\(key) in \(json)").lowerBound
        }
        #expect(offsets == offsets.sorted())
    }

    @Test func isPrettyPrintedAndRoundTrips() throws {
        let json = try JSONOutput.render([candidate])
        #expect(json.hasPrefix("[\n"))
        #expect(json.contains("\n    \"name\""))
        let decoded = try JSONDecoder().decode([Candidate].self, from: Data(json.utf8))
        #expect(decoded == [candidate])
    }

    @Test func rejectsValuesJSONCannotHold() {
        #expect(throws: EncodingError.self) {
            try JSONOutput.render(["ratio": Double.nan])
        }
    }

    // MARK: The fast writer against JSONEncoder

    struct Everything: Encodable {
        struct Inner: Encodable {
            var code: String
            var count: Int64
        }

        enum Keys: String, CodingKey { case text, number, flag, missing, present, empty, emptyObject, nested, list, table, zed, Zed, a10, a9 }

        var text: String
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(text, forKey: .text)
            try container.encode(-42, forKey: .number)
            try container.encode(true, forKey: .flag)
            try container.encodeIfPresent(nil as String?, forKey: .missing)
            try container.encodeNil(forKey: .present)
            try container.encode([Int](), forKey: .empty)
            try container.encode([String: Int](), forKey: .emptyObject)
            var nested = container.nestedContainer(keyedBy: Keys.self, forKey: .nested)
            try nested.encode(UInt8(7), forKey: .number)
            var list = nested.nestedUnkeyedContainer(forKey: .list)
            try list.encode(Inner(code: "A/01", count: 3))
            try list.encodeNil()
            try list.encode([[1, 2], []])
            try container.encode([2: "two", 10: "ten"], forKey: .table)
            try container.encode(1, forKey: .zed)
            try container.encode(2, forKey: .Zed)
            try container.encode(3, forKey: .a10)
            try container.encode(4, forKey: .a9)
        }
    }

    @Test(arguments: ["张三 机关党委/第一支部", "quote \" backslash \\ tab \t line\nreturn\r", "\u{1}\u{1F}\u{7F} 𠮷 😀", ""])
    func theFastWriterWritesWhatJSONEncoderWrites(text: String) throws {
        let value = Everything(text: text)
        let fast = String(decoding: try PrettyJSONEncoder().encode(value), as: UTF8.self)
        let foundation = String(decoding: try JSONOutput.foundationData(value), as: UTF8.self)
        #expect(fast == foundation)
        #expect(fast.contains("\"number\" : -42"))
        var pieces: [UInt8] = []
        try PrettyJSONEncoder().encode(value) { pieces += $0 }
        #expect(String(decoding: pieces, as: UTF8.self) == foundation)
        for other in [[Int](), [1, 2]] as [[Int]] {
            var streamed: [UInt8] = []
            try PrettyJSONEncoder().encode(other) { streamed += $0 }
            #expect(streamed == Array(try JSONOutput.foundationData(other)))
        }
    }

    @Test func numbersWithAFractionAreLeftToJSONEncoder() throws {
        struct Measured: Encodable { var seconds: Double }
        #expect(throws: PrettyJSONEncoder.Unsupported.self) { try PrettyJSONEncoder().encode(Measured(seconds: 0.1)) }
        #expect(try JSONOutput.render(Measured(seconds: 0.1)) == String(decoding: try JSONOutput.foundationData(Measured(seconds: 0.1)), as: UTF8.self))
    }
}

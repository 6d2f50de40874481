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
}

import Foundation
import Testing
@testable import FazhanCore

/// Workflow and calendar files are composed with Yams' basic resolver when they parse cleanly:
/// the tree (values, nulls, lines and columns) must be the one the default resolver gives.
@Suite struct UntaggedParseTests {
    static func shippedFiles() throws -> [String] {
        let manager = FileManager.default
        let top = try manager.contentsOfDirectory(atPath: EngineFixture.workflows).filter { $0.hasSuffix(".yaml") }
        let calendars = try manager.contentsOfDirectory(atPath: EngineFixture.workflows + "/calendars")
            .filter { $0.hasSuffix(".yaml") }.map { "calendars/\($0)" }
        return (top + calendars).sorted()
    }

    /// Every node with its kind, text and place, one a line.
    static func dump(_ node: SourceNode?, indent: String = "") -> String {
        guard let node else { return "\(indent)none" }
        let place = "@\(node.location.line):\(node.location.column)"
        switch node {
        case .scalar(let text, _): return "\(indent)scalar \(text.debugDescription) \(place)"
        case .null: return "\(indent)null \(place)"
        case .sequence(let items, _):
            return (["\(indent)sequence \(place)"] + items.map { dump($0, indent: indent + "  ") }).joined(separator: "\n")
        case .mapping(let pairs, _):
            return (["\(indent)mapping \(place)"] + pairs.map {
                "\(indent)  key \($0.key.debugDescription) @\($0.keyLocation.line):\($0.keyLocation.column)\n" + dump($0.value, indent: indent + "    ")
            }).joined(separator: "\n")
        }
    }

    @Test func theShippedFilesGiveTheSameTreeEitherWay() throws {
        for name in try Self.shippedFiles() {
            let text = try String(contentsOfFile: EngineFixture.workflows + "/" + name, encoding: .utf8)
            #expect(SourceNode.composeUntagged(text) != nil, "\(name)")
            let (fast, fastProblems) = SourceNode.parse(text, file: name)
            let (slow, slowProblems) = SourceNode.parse(text, file: name, untagged: false)
            #expect(fastProblems == slowProblems, "\(name)")
            #expect(Self.dump(fast) == Self.dump(slow), "\(name)")
        }
    }

    @Test(arguments: [
        // Scalars the default resolver types (int, bool, null, float, timestamp), quoted or not.
        "a: 1\nb: \"1\"\nc: true\nd: ~\ne: null\nf: 2026-01-01\ng: 1.5\nh: ''\ni:\n",
        "list: [1, yes, No, NULL, 0x1F, .inf]\nnested:\n  - {x: 1, y: [a, ~]}\n",
        // Keys equal as text but of different types: no duplicate for the default resolver.
        "1: one\n\"1\": quoted one\n",
        "true: a\n\"true\": b\n",
        // Real duplicates, and a syntax error: the default resolver's diagnostics.
        "a: 1\na: 2\n",
        "a: [1, 2\n",
        "",
    ])
    func anyTextGivesTheSameTreeAndDiagnosticsEitherWay(text: String) {
        let (fast, fastProblems) = SourceNode.parse(text, file: "t.yaml")
        let (slow, slowProblems) = SourceNode.parse(text, file: "t.yaml", untagged: false)
        #expect(fastProblems == slowProblems)
        #expect(Self.dump(fast) == Self.dump(slow))
    }
}

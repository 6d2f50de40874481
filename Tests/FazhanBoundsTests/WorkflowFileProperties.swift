import FazhanCore
import Foundation
import PropertyBased
import Testing

/// Properties of workflow files with boundary values: a number out of its range is refused at
/// its file, line and key, before anything computes with it; aliases and nesting are bounded
/// before Yams expands anything.
@Suite(.english) struct WorkflowFileProperties {
    /// A numeric field of cpc-2014.yaml: the line as written, its key path, how to write a value
    /// into it, and the bound it must keep.
    struct Field: Sendable {
        var line: String
        var key: String
        var write: @Sendable (String) -> String
        var bound: Bound
    }

    static let fields: [Field] = [
        Field(line: "    min: 1 year", key: "guards.candidate-one-year.min", write: { "    min: \($0) days" }, bound: Bounds.duration(.days)),
        Field(line: "    min: 1 year", key: "guards.candidate-one-year.min", write: { "    min: \($0) working_days" },
              bound: Bounds.duration(.workingDays)),
        Field(line: "    min: 1 year", key: "guards.candidate-one-year.min", write: { "    min: \($0) years" }, bound: Bounds.duration(.years)),
        Field(line: "  length: 1 year", key: "probation.length", write: { "  length: \($0) months" }, bound: Bounds.duration(.months)),
        Field(line: "    league_member_under: 28", key: "guards.activist-league-recommendation.league_member_under",
              write: { "    league_member_under: \($0)" }, bound: Bounds.age),
        Field(line: "    min_days: 3", key: "guards.admission-training.min_days", write: { "    min_days: \($0)" }, bound: Bounds.trainingDays),
        Field(line: "    min_hours: 24", key: "guards.admission-training.min_hours", write: { "    min_hours: \($0)" }, bound: Bounds.trainingHours),
        Field(line: "    min: 18", key: "guards.application-age.min", write: { "    min: \($0)" }, bound: Bounds.age),
    ]

    @Test func aNumberOutOfRangeIsRefusedAtItsLineAndKey() async throws {
        let text = Shipped.cpc2014Text
        let lines = text.components(separatedBy: "\n")
        await propertyCheck(count: 120, input: Gen.int(in: 0...(Self.fields.count - 1)), Boundary.int) { index, value in
            let field = Self.fields[index]
            guard let lineIndex = lines.firstIndex(of: field.line) else {
                Issue.record("cpc-2014.yaml has no line \"\(field.line)\"")
                return
            }
            var changed = lines
            changed[lineIndex] = field.write(String(value))
            let file = SourceFile(path: "cpc-2014.yaml", text: changed.joined(separator: "\n"))
            var outcome: Result<WorkflowBundle, DefinitionError>?
            let time = seconds { outcome = Result { () throws(DefinitionError) in try Shipped.loader.load(file: file) } }
            #expect(time < 2, "\(field.key) = \(value): \(time) s")
            switch outcome {
            case .success:
                #expect(field.bound.contains(value), "\(field.key) = \(value) loaded, outside \(field.bound)")
            case .failure(let error):
                if value < 0 {
                    #expect(error.diagnostics.contains { $0.line == lineIndex + 1 }, "\(error)")
                } else if !field.bound.contains(value) {
                    let named = error.diagnostics.contains {
                        $0.line == lineIndex + 1 && $0.key == field.key && $0.message.contains(String(value)) && $0.message.contains(field.bound.description)
                    }
                    #expect(named, "\(field.key) = \(value): \(error)")
                }
            case nil:
                Issue.record("no outcome")
            }
        }
    }

    /// Aliases nested in aliases, `width` to an anchor, `depth` anchors deep: refused (at the
    /// alias where their expansion passes the limit) or read, in well under a second.
    @Test func nestedAliasesAreBoundedBeforeTheyExpand() async {
        await propertyCheck(count: 120, input: Gen.int(in: 1...12), Gen.int(in: 1...12), Gen.bool) { width, depth, flow in
            var text = "a0: &a0 [\(Array(repeating: "\"lol\"", count: width).joined(separator: ", "))]\n"
            for level in 1...depth {
                if flow {
                    text += "a\(level): &a\(level) [\(Array(repeating: "*a\(level - 1)", count: width).joined(separator: ", "))]\n"
                } else {
                    text += "a\(level): &a\(level)\n" + String(repeating: "  - *a\(level - 1)\n", count: width)
                }
            }
            var result: (SourceNode?, [Diagnostic])?
            let time = seconds { result = SourceNode.parse(text, file: "bomb.yaml") }
            #expect(time < 1, "width \(width), depth \(depth): \(time) s")
            // What the aliases stand for: each level's anchor holds `width` copies of the one before.
            var weight = width + 1
            var total = 0
            for _ in 1...depth {
                total += width * weight
                weight = 1 + width * weight
                if total > 1_000_000 { break }
            }
            let refused = result?.1.contains { $0.message.contains("aliases of one file may stand for at most") } ?? false
            if total > YAMLLimits.maxExpansion * 2 { #expect(refused, "width \(width), depth \(depth), \(total) nodes: \(result?.1 ?? [])") }
            if total <= YAMLLimits.maxExpansion / 2 { #expect(!refused, "width \(width), depth \(depth), \(total) nodes: \(result?.1 ?? [])") }
        }
    }

    @Test func deepNestingIsRefusedBeforeItOverflowsTheStack() async {
        await propertyCheck(count: 60, input: Gen.int(in: 1...100_000), Gen.bool) { depth, flow in
            let text = flow
                ? "a: " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "\n"
                : (0..<min(depth, 2_000)).map { String(repeating: " ", count: $0) + "k:" }.joined(separator: "\n") + " x\n"
            var result: (SourceNode?, [Diagnostic])?
            let time = seconds { result = SourceNode.parse(text, file: "deep.yaml") }
            #expect(time < 1, "depth \(depth): \(time) s")
            let refused = result?.1.contains { $0.message.contains("nested more than") || $0.message.contains("may be at most") } ?? false
            if min(depth, flow ? depth : 2_000) > YAMLLimits.maxDepth + 2 { #expect(refused, "depth \(depth): \(result?.1 ?? [])") }
        }
    }

    @Test func aFileTooLargeIsRefusedUnread() {
        let text = "workflow: x\nnote: \"" + String(repeating: "长", count: YAMLLimits.maxBytes / 3 + 1) + "\"\n"
        let (node, diagnostics) = SourceNode.parse(text, file: "big.yaml")
        #expect(node == nil)
        #expect(diagnostics.map(\.description) == ["big.yaml:1:1: the file is \(text.utf8.count) bytes; a workflow or calendar file may be at most 262144 bytes"])
    }

    /// The shipped files and every shape of text YAML allows around anchors, quotes and block
    /// scalars read exactly as before the limits.
    @Test(arguments: ["cpc-2014", "cpc-2026", "university"])
    func theShippedWorkflowsStayWithinTheLimits(_ name: String) throws {
        let text = try String(contentsOf: workflowsFolder.appendingPathComponent("\(name).yaml"), encoding: .utf8)
        #expect(YAMLLimits.check(text, file: name).isEmpty)
    }

    @Test func anchorsInQuotesCommentsAndBlockScalarsAreText() {
        let text = """
            note: "*not an alias* &nor an anchor"
            other: '*still text'   # *a comment &too
            block: |
              *a block scalar's text
              &and more
            plain: a *b &c
            list: [x, "*y", 'z&']
            """
        #expect(YAMLLimits.check(text, file: "t.yaml").isEmpty)
    }
}

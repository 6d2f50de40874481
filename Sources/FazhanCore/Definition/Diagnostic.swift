/// One problem found in a workflow or calendar file: where it is and what is wrong.
///
/// Loading collects every diagnostic before failing, so a user fixes a file in one pass.
/// The description reads like a compiler's: `workflows/university.yaml:42:7: guards.x.kind: unknown guard kind "foo"`.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    /// The key path inside the document, e.g. `steps.initial_talk.rules`.
    public var key: String
    public var message: String

    public init(file: String, line: Int, column: Int = 1, key: String, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.key = key
        self.message = message
    }

    public var description: String {
        let location = key.isEmpty ? "" : "\(key): "
        return "\(file):\(line):\(column): \(location)\(message)"
    }
}

/// Thrown when a file has one or more problems; carries all of them.
public struct DefinitionError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics.sorted { ($0.file, $0.line, $0.column) < ($1.file, $1.line, $1.column) }
    }

    public var description: String {
        diagnostics.map(\.description).joined(separator: "\n")
    }
}

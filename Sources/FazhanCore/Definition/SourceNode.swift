import Yams

/// A YAML node that remembers the file and line it came from.
///
/// Workflow files are read into `SourceNode` trees (not decoded with `Codable`) so that every
/// semantic problem can name its file, line and key, and so that a local variant can be merged
/// onto the rules it builds on while each value keeps the location it was written at.
public indirect enum SourceNode: Sendable {
    case scalar(String, SourceLocation)
    case mapping([(key: String, keyLocation: SourceLocation, value: SourceNode)], SourceLocation)
    case sequence([SourceNode], SourceLocation)
    case null(SourceLocation)

    public var location: SourceLocation {
        switch self {
        case .scalar(_, let l), .mapping(_, let l), .sequence(_, let l), .null(let l): return l
        }
    }

    public var scalar: String? {
        if case .scalar(let s, _) = self { return s }
        return nil
    }

    public var pairs: [(key: String, keyLocation: SourceLocation, value: SourceNode)]? {
        if case .mapping(let p, _) = self { return p }
        return nil
    }

    public var items: [SourceNode]? {
        if case .sequence(let i, _) = self { return i }
        return nil
    }

    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    public subscript(key: String) -> SourceNode? {
        pairs?.first { $0.key == key }?.value
    }

    /// A short name for the node's type, for messages.
    var typeName: String {
        switch self {
        case .scalar: return "a value"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .null: return "nothing"
        }
    }
}

/// Where a node was written.
public struct SourceLocation: Hashable, Sendable {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }
}

extension SourceNode {
    /// Parses YAML text. Duplicate keys are reported (with the line of the repeated key) and the
    /// later occurrence is ignored, so the rest of the file is still checked.
    /// `untagged: false` skips the fast path of `composeUntagged` (for tests that compare both).
    ///
    /// A text past `YAMLLimits` (its size, nesting, anchors and aliases) is refused before Yams
    /// reads it.
    public static func parse(_ text: String, file: String, untagged: Bool = true) -> (SourceNode?, [Diagnostic]) {
        let limits = YAMLLimits.check(text, file: file)
        guard limits.isEmpty else { return (nil, limits) }
        var diagnostics: [Diagnostic] = []
        if untagged, let node = composeUntagged(text) {
            let converted = convert(node, file: file, path: "", diagnostics: &diagnostics)
            return (converted, diagnostics)
        }
        var working = text
        // Yams stops at the first mapping with a repeated key. Rename each repeated key out of the
        // way and parse again, so every duplicate is reported at once: at most 200 times, and no
        // more than about 4 MB read in all (a large file of repeated keys is not read for ever).
        let attempts = max(2, min(200, 4_000_000 / max(1, text.utf8.count)))
        for attempt in 0..<attempts {
            if attempt == attempts - 1 {
                diagnostics.append(Diagnostic(
                    file: file, line: diagnostics.last?.line ?? 1, key: "",
                    message: "more repeated keys than are listed; remove these and validate again to see the rest"))
                return (nil, diagnostics)
            }
            do {
                guard let node = try Yams.compose(yaml: working) else {
                    return (.null(SourceLocation(file: file, line: 1, column: 1)), diagnostics)
                }
                let converted = convert(node, file: file, path: "", diagnostics: &diagnostics)
                return (converted, diagnostics)
            } catch let YamlError.duplicatedKeysInMapping(duplicates, context) {
                guard let (line, renamed) = renameDuplicate(in: working, keys: duplicates, after: context.mark.line) else {
                    diagnostics.append(Diagnostic(
                        file: file, line: context.mark.line, column: context.mark.column, key: duplicates.joined(separator: ", "),
                        message: "duplicate key"))
                    return (nil, diagnostics)
                }
                diagnostics.append(Diagnostic(
                    file: file, line: line.number, column: line.column, key: line.key,
                    message: "duplicate key \"\(line.key)\" (first written on line \(context.mark.line)); the repeat is ignored"))
                working = renamed
            } catch let error as YamlError {
                diagnostics.append(yamlDiagnostic(error, file: file))
                return (nil, diagnostics)
            } catch {
                diagnostics.append(Diagnostic(file: file, line: 1, key: "", message: "cannot read YAML: \(error)"))
                return (nil, diagnostics)
            }
        }
        return (nil, diagnostics)
    }

    static let renamedKeyMarker = "__fazhan_duplicate_"

    /// The node tree of a YAML text that parses without error, composed with Yams' basic
    /// resolver: no regular expression is matched against each plain scalar to find its type
    /// (int, bool, timestamp...), a type nothing here reads. Nil for any problem (and for an
    /// empty text): the caller then parses with the default resolver, whose errors and
    /// duplicate-key judgements its diagnostics describe. A text that parses here parses there
    /// too, to the same tree: keys the default resolver calls duplicates (same text, same type)
    /// are duplicates here (same text).
    ///
    /// The encoding is named: Yams' default reads the process's whole environment (for
    /// `YAMS_DEFAULT_ENCODING`) at every parse, and a stored workflow is a dozen files.
    static func composeUntagged(_ text: String) -> Node? {
        guard let node = try? Yams.compose(yaml: text, .basic, .default, .utf8) else { return nil }
        return node
    }

    private static func renameDuplicate(
        in text: String, keys: [String], after firstLine: Int
    ) -> ((number: Int, column: Int, key: String), String)? {
        // Split as YAML counts lines: "\r\n" is one Character, so splitting on "\n" alone would
        // leave a file saved with Windows line endings as a single line.
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
        // The key's first occurrence is at `firstLine`; find the next line (same indentation) that
        // writes the same key.
        guard firstLine >= 1, firstLine <= lines.count else { return nil }
        for key in keys {
            let first = lines[firstLine - 1]
            guard let firstRange = first.range(of: key) else { continue }
            let indent = first.distance(from: first.startIndex, to: firstRange.lowerBound)
            for index in firstLine..<lines.count {
                let line = lines[index]
                guard line.count > indent else { continue }
                let start = line.index(line.startIndex, offsetBy: indent)
                let prefix = line[..<start]
                guard prefix.allSatisfy({ $0 == " " || $0 == "-" }) else { continue }
                let rest = line[start...]
                if rest.hasPrefix(key + ":") || rest.hasPrefix("\"\(key)\":") {
                    let replacement = renamedKeyMarker + "\(index)_" + key
                    lines[index] = String(prefix) + rest.replacingFirst(key, with: replacement)
                    return ((index + 1, indent + 1, key), lines.joined(separator: "\n"))
                }
            }
        }
        return nil
    }

    private static func yamlDiagnostic(_ error: YamlError, file: String) -> Diagnostic {
        switch error {
        case .scanner(let context, let problem, let mark, _):
            return Diagnostic(file: file, line: mark.line, column: mark.column, key: "",
                              message: "YAML syntax: \(problem)" + (context.map { " \($0.text)" } ?? ""))
        case .parser(let context, let problem, let mark, _):
            return Diagnostic(file: file, line: mark.line, column: mark.column, key: "",
                              message: "YAML syntax: \(problem)" + (context.map { " \($0.text)" } ?? ""))
        case .composer(let context, let problem, let mark, _):
            return Diagnostic(file: file, line: mark.line, column: mark.column, key: "",
                              message: "YAML: \(problem)" + (context.map { " \($0.text)" } ?? ""))
        case .reader(let problem, let offset, _, _):
            return Diagnostic(file: file, line: 1, key: "", message: "cannot read the file: \(problem) at byte \(offset ?? 0)")
        default:
            return Diagnostic(file: file, line: 1, key: "", message: "YAML: \(error)")
        }
    }

    private static func convert(_ node: Node, file: String, path: String, diagnostics: inout [Diagnostic]) -> SourceNode {
        let location = SourceLocation(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
        switch node {
        case .scalar(let scalar):
            if scalar.style == .plain, ["~", "null", "Null", "NULL", ""].contains(scalar.string) {
                return .null(location)
            }
            return .scalar(scalar.string, location)
        case .mapping(let mapping):
            var pairs: [(key: String, keyLocation: SourceLocation, value: SourceNode)] = []
            for (key, value) in mapping {
                let keyLocation = key.mark.map { SourceLocation(file: file, line: $0.line, column: $0.column) } ?? location
                guard let keyText = key.scalar?.string else {
                    diagnostics.append(Diagnostic(file: file, line: keyLocation.line, column: keyLocation.column,
                                                  key: path, message: "a key must be a plain value"))
                    continue
                }
                let childPath = path.isEmpty ? keyText : "\(path).\(keyText)"
                if keyText.hasPrefix(renamedKeyMarker) {
                    // A repeat that `parse` renamed out of the way: its diagnostic gets the key path.
                    let original = String(keyText.dropFirst(renamedKeyMarker.count).drop { $0 != "_" }.dropFirst())
                    if let index = diagnostics.firstIndex(where: { $0.line == keyLocation.line && $0.key == original }) {
                        diagnostics[index].key = path.isEmpty ? original : "\(path).\(original)"
                    }
                    continue
                }
                pairs.append((keyText, keyLocation, convert(value, file: file, path: childPath, diagnostics: &diagnostics)))
            }
            return .mapping(pairs, location)
        case .sequence(let sequence):
            return .sequence(sequence.map { convert($0, file: file, path: path, diagnostics: &diagnostics) }, location)
        case .alias:
            return .null(location)
        }
    }
}

extension StringProtocol {
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else { return String(self) }
        return String(self[..<range.lowerBound]) + replacement + String(self[range.upperBound...])
    }
}

extension SourceNode {
    /// Merges a variant onto a base: mappings merge key by key (recursively for the entries of
    /// the top-level sections), a `null` value removes the key, anything else replaces.
    public static func merge(base: SourceNode, variant: SourceNode, depth: Int) -> SourceNode {
        guard depth > 0, case .mapping(var basePairs, let baseLocation) = base,
              case .mapping(let variantPairs, _) = variant
        else { return variant }
        for pair in variantPairs {
            if let index = basePairs.firstIndex(where: { $0.key == pair.key }) {
                if pair.value.isNull {
                    basePairs.remove(at: index)
                } else {
                    let merged = merge(base: basePairs[index].value, variant: pair.value, depth: depth - 1)
                    basePairs[index] = (pair.key, pair.keyLocation, merged)
                }
            } else if !pair.value.isNull {
                basePairs.append(pair)
            }
        }
        return .mapping(basePairs, baseLocation)
    }
}

/// Limits a workflow or calendar file must stay within before Yams reads it: its size, its
/// nesting, and its anchors and aliases, counted with what the aliases would expand to.
///
/// Yams resolves every alias into a copy of the node it names, and anything that walks the
/// result (its duplicate-key check hashes whole keys; `SourceNode` converts whole trees) walks
/// every copy: a few hundred bytes of aliases nested in aliases (`b: [*a, *a, ...]`,
/// `c: [*b, *b, ...]`, ...) stand for billions of nodes. Deep nesting overflows the stack of
/// the recursive readers. Nothing here builds a tree: `check` scans the text once, in time
/// linear in its length, and says where a limit is passed (file, line, column and key path).
///
/// The scan reads YAML's surface syntax (quotes, comments, block scalars, flow brackets,
/// indentation) closely enough that an `&` or `*` inside a quoted or block scalar, or in the
/// middle of plain text, is not taken for an anchor or alias; where it cannot tell, it counts
/// more rather than less.
public enum YAMLLimits {
    /// The largest file read: the shipped workflows are under 20 KB.
    public static let maxBytes = 256 * 1024
    /// Nesting of mappings, sequences and flow collections.
    public static let maxDepth = 64
    /// Anchors (`&name`) in one file.
    public static let maxAnchors = 100
    /// Aliases (`*name`) in one file.
    public static let maxAliases = 500
    /// Nodes the aliases of one file may stand for, expanded (an alias of an anchor that holds
    /// aliases counts everything they stand for).
    public static let maxExpansion = 10_000

    /// The limits `text` passes, as diagnostics (empty when it stays within all of them). Stops
    /// at the first limit passed: nothing after it is worth reading.
    public static func check(_ text: String, file: String) -> [Diagnostic] {
        let size = text.utf8.count
        if size > maxBytes {
            return [Diagnostic(file: file, line: 1, key: "",
                               message: "the file is \(size) bytes; a workflow or calendar file may be at most \(maxBytes) bytes")]
        }
        var scanner = Scanner(file: file)
        scanner.scan(Array(text.utf8))
        return scanner.diagnostics
    }

    /// One pass over the bytes, line by line.
    private struct Scanner {
        let file: String
        var diagnostics: [Diagnostic] = []

        /// An anchor whose node is still being read: its region ends at a line indented no more
        /// than `column` (block) or when the flow collection it sits in moves on (flow).
        struct OpenAnchor {
            var name: String
            var column: Int
            var flowDepth: Int
            var nodesAtStart: Int
            var aliasWeightAtStart: Int
        }

        var open: [OpenAnchor] = []
        /// What each anchor read so far stands for, in nodes (the latest of a name wins, as in YAML).
        var weights: [String: Int] = [:]
        var anchors = 0
        var aliases = 0
        /// Nodes begun so far, and what the aliases so far stand for: an anchor's weight is what
        /// both grew by while it was open.
        var nodes = 0
        var aliasWeight = 0

        var flowDepth = 0
        var quote: UInt8?
        /// Inside a block scalar (`|`, `>`): lines indented more than this are its text.
        var blockScalarIndent: Int?
        var indents: [Int] = []
        var keys: [(column: Int, key: String)] = []
        var line = 0

        init(file: String) {
            self.file = file
        }

        var keyPath: String { keys.map(\.key).joined(separator: ".") }

        mutating func fail(column: Int, _ message: String) {
            diagnostics.append(Diagnostic(file: file, line: line, column: column + 1, key: keyPath, message: message))
        }

        mutating func close(_ shouldClose: (OpenAnchor) -> Bool) {
            while let last = open.last, shouldClose(last) {
                open.removeLast()
                let weight = 1.saturatingAdding(nodes - last.nodesAtStart).saturatingAdding(aliasWeight - last.aliasWeightAtStart)
                weights[last.name] = weight
            }
            // Regions nest, so the ones to close are normally the last; close any other too.
            if open.contains(where: shouldClose) {
                for anchor in open where shouldClose(anchor) {
                    weights[anchor.name] = 1.saturatingAdding(nodes - anchor.nodesAtStart)
                        .saturatingAdding(aliasWeight - anchor.aliasWeightAtStart)
                }
                open.removeAll(where: shouldClose)
            }
        }

        static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
        static func isFlowIndicator(_ byte: UInt8) -> Bool { byte == 0x2C || byte == 0x5B || byte == 0x5D || byte == 0x7B || byte == 0x7D }

        mutating func scan(_ bytes: [UInt8]) {
            var start = 0
            while start <= bytes.count, diagnostics.isEmpty {
                var end = start
                while end < bytes.count, bytes[end] != 0x0A { end += 1 }
                var lineEnd = end
                if lineEnd > start, bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
                line += 1
                scanLine(bytes[start..<lineEnd])
                if end >= bytes.count { break }
                start = end + 1
            }
        }

        mutating func scanLine(_ text: ArraySlice<UInt8>) {
            let bytes = Array(text)
            var indent = 0
            while indent < bytes.count, bytes[indent] == 0x20 { indent += 1 }
            let blank = indent == bytes.count || bytes[indent] == 0x23 || (bytes[indent...].allSatisfy(Self.isSpace))
            if let scalarIndent = blockScalarIndent {
                if blank || indent > scalarIndent { return }
                blockScalarIndent = nil
            }
            if quote == nil, flowDepth == 0 {
                if blank { return }
                close { $0.flowDepth == 0 && indent <= $0.column }
                while let last = indents.last, last >= indent { indents.removeLast() }
                indents.append(indent)
                while let last = keys.last, last.column >= indent { keys.removeLast() }
            }
            var atNodeStart = quote == nil
            var parentColumn = indent
            var inline = 0
            var scalarStart = indent
            var column = indent
            func depth() -> Int { indents.count + inline + flowDepth }
            while column < bytes.count, diagnostics.isEmpty {
                let byte = bytes[column]
                let next: UInt8? = column + 1 < bytes.count ? bytes[column + 1] : nil
                let nextIsSpace = next.map(Self.isSpace) ?? true
                if let open = quote {
                    if open == 0x22, byte == 0x5C {
                        column += 2
                        continue
                    }
                    if byte == open {
                        if open == 0x27, next == 0x27 {
                            column += 2
                            continue
                        }
                        quote = nil
                    }
                    column += 1
                    continue
                }
                switch byte {
                case 0x23 where column == 0 || Self.isSpace(bytes[column - 1]):
                    // A comment: the rest of the line.
                    return
                case 0x22 where atNodeStart, 0x27 where atNodeStart:
                    quote = byte
                    atNodeStart = false
                    scalarStart = column
                    nodes += 1
                case 0x5B where atNodeStart || flowDepth > 0, 0x7B where atNodeStart || flowDepth > 0:
                    flowDepth += 1
                    nodes += 1
                    atNodeStart = true
                    if depth() > YAMLLimits.maxDepth {
                        fail(column: column, "nested more than \(YAMLLimits.maxDepth) levels deep")
                        return
                    }
                case 0x5D where flowDepth > 0, 0x7D where flowDepth > 0:
                    flowDepth -= 1
                    let depth = flowDepth
                    close { $0.flowDepth > depth }
                    atNodeStart = false
                case 0x2C where flowDepth > 0:
                    let depth = flowDepth
                    close { $0.flowDepth >= depth && $0.flowDepth > 0 }
                    atNodeStart = true
                case 0x2D where atNodeStart && nextIsSpace && flowDepth == 0, 0x3F where atNodeStart && nextIsSpace && flowDepth == 0:
                    // `- ` or `? `: a nested sequence entry or mapping key on the same line.
                    parentColumn = column
                    if column > indent { inline += 1 }
                    if depth() > YAMLLimits.maxDepth {
                        fail(column: column, "nested more than \(YAMLLimits.maxDepth) levels deep")
                        return
                    }
                case 0x3A where nextIsSpace || (flowDepth > 0 && next.map(Self.isFlowIndicator) == true):
                    if flowDepth == 0 {
                        var key = String(decoding: bytes[scalarStart..<column], as: UTF8.self)
                        while key.last == " " || key.last == "\t" { key.removeLast() }
                        if key.count >= 2, let first = key.first, first == "\"" || first == "'", key.last == first {
                            key = String(key.dropFirst().dropLast())
                        }
                        while let last = keys.last, last.column >= scalarStart { keys.removeLast() }
                        keys.append((scalarStart, key))
                        parentColumn = scalarStart
                        if column + 1 < bytes.count, bytes[(column + 1)...].contains(where: { !Self.isSpace($0) }) {
                            // `key: value` on one line: the value nests one deeper than the key.
                            inline += 1
                        }
                    }
                    atNodeStart = true
                case 0x26 where atNodeStart && !nextIsSpace, 0x2A where atNodeStart && !nextIsSpace:
                    var nameEnd = column + 1
                    while nameEnd < bytes.count, !Self.isSpace(bytes[nameEnd]), !Self.isFlowIndicator(bytes[nameEnd]) { nameEnd += 1 }
                    let name = String(decoding: bytes[(column + 1)..<nameEnd], as: UTF8.self)
                    if byte == 0x26 {
                        anchors += 1
                        if anchors > YAMLLimits.maxAnchors {
                            fail(column: column, "more than \(YAMLLimits.maxAnchors) anchors (&name) in one file")
                            return
                        }
                        open.append(OpenAnchor(name: name, column: parentColumn, flowDepth: flowDepth, nodesAtStart: nodes,
                                               aliasWeightAtStart: aliasWeight))
                        // The anchored node follows.
                    } else {
                        aliases += 1
                        if aliases > YAMLLimits.maxAliases {
                            fail(column: column, "more than \(YAMLLimits.maxAliases) aliases (*name) in one file")
                            return
                        }
                        let weight = weights[name] ?? 1
                        aliasWeight = aliasWeight.saturatingAdding(weight)
                        if aliasWeight > YAMLLimits.maxExpansion {
                            fail(column: column, "the alias *\(name) stands for \(weight) nodes; the aliases of one file may stand for at most "
                                 + "\(YAMLLimits.maxExpansion) in all (anchors nested in aliases multiply)")
                            return
                        }
                        atNodeStart = false
                    }
                    column = nameEnd
                    continue
                case 0x21 where atNodeStart:
                    // A tag (`!!str`): the node follows it.
                    while column < bytes.count, !Self.isSpace(bytes[column]) { column += 1 }
                    continue
                case 0x7C where atNodeStart && flowDepth == 0, 0x3E where atNodeStart && flowDepth == 0:
                    // A block scalar: its text is on the lines indented more than this one.
                    nodes += 1
                    blockScalarIndent = parentColumn
                    return
                case 0x20, 0x09:
                    break
                default:
                    if atNodeStart {
                        nodes += 1
                        scalarStart = column
                    }
                    atNodeStart = false
                }
                column += 1
            }
            if depth() > YAMLLimits.maxDepth {
                fail(column: indent, "nested more than \(YAMLLimits.maxDepth) levels deep")
            }
        }
    }
}

import Foundation

/// One file a workflow was read from, kept verbatim so a database can store it.
public struct SourceFile: Sendable, Hashable, Codable {
    public var path: String
    public var text: String

    public init(path: String, text: String) {
        self.path = path
        self.text = text
    }

    public var sha256: String { SHA256.hex(text) }
}

/// A workflow with everything it was built from: its file, the files it extends, and its
/// working-day calendar. This is what a database installs and pins people to.
public struct WorkflowBundle: Sendable {
    public var workflow: Workflow
    public var calendar: WorkingCalendar
    /// The workflow file first, then the files it builds on, then the calendar files.
    public var sources: [SourceFile]

    /// A hash over every source file's name and content.
    public var sha256: String { Self.sha256(of: sources) }

    /// The hash of a bundle with these files (what `verify` recomputes from a database's stored copy).
    public static func sha256(of sources: [SourceFile]) -> String {
        SHA256.hex(sources.map { "\(($0.path as NSString).lastPathComponent)\u{0}\($0.sha256)\n" }.joined())
    }
}

/// Reads workflow files into validated `Workflow` values, reporting every problem at once.
public struct WorkflowLoader: Sendable {
    /// Reads a file by name (without directory or `.yaml`), from wherever the loader looks.
    public var read: @Sendable (_ name: String) -> SourceFile?
    /// Reads every calendar file for a calendar id.
    public var calendars: @Sendable (_ id: String) -> [SourceFile]

    /// The files are a database's stored copies: keys an earlier version wrote are accepted
    /// (see `WorkflowDecoder.stored`).
    public var stored: Bool

    public init(
        read: @escaping @Sendable (String) -> SourceFile?,
        calendars: @escaping @Sendable (String) -> [SourceFile],
        stored: Bool = false
    ) {
        self.read = read
        self.calendars = calendars
        self.stored = stored
    }

    /// A loader over a directory laid out like `workflows/`: `ID.yaml` and `calendars/*.yaml`.
    public static func directory(_ path: String) -> WorkflowLoader {
        WorkflowLoader(
            read: { name in
                let file = (path as NSString).appendingPathComponent("\(name).yaml")
                guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { return nil }
                return SourceFile(path: file, text: text)
            },
            calendars: { id in
                let directory = (path as NSString).appendingPathComponent("calendars")
                let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
                return names.filter { $0.hasSuffix(".yaml") }.sorted().compactMap { name in
                    let file = (directory as NSString).appendingPathComponent(name)
                    guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { return nil }
                    return SourceFile(path: file, text: text)
                }.filter { calendarID(of: $0.text) == id }
            })
    }

    /// A loader over files already in memory (a database's stored copies).
    public static func stored(_ sources: [SourceFile]) -> WorkflowLoader {
        WorkflowLoader(
            read: { name in
                sources.first { (($0.path as NSString).lastPathComponent as NSString).deletingPathExtension == name }
            },
            calendars: { id in
                sources.filter { calendarID(of: $0.text) == id }
            },
            stored: true)
    }

    /// Loads the workflow named `name`.
    public func load(_ name: String) throws(DefinitionError) -> WorkflowBundle {
        guard let file = read(name) else {
            throw DefinitionError([Diagnostic(file: "\(name).yaml", line: 1, key: "", message: "no workflow file named \(name)")])
        }
        return try load(file: file)
    }

    /// Loads a workflow from its file; `extends:` is resolved through `read`.
    public func load(file: SourceFile) throws(DefinitionError) -> WorkflowBundle {
        var diagnostics: [Diagnostic] = []
        var chain: [SourceFile] = []
        guard let merged = resolve(file, chain: &chain, diagnostics: &diagnostics) else {
            throw DefinitionError(diagnostics)
        }
        var decoder = WorkflowDecoder(root: merged, stored: stored)
        let workflow = decoder.decode()
        diagnostics += decoder.diagnostics
        var calendar = WorkingCalendar(years: [])
        var calendarFiles: [SourceFile] = []
        if let workflow {
            calendarFiles = calendars(workflow.calendarID)
            if calendarFiles.isEmpty {
                let location = merged["calendar"]?.location ?? merged.location
                diagnostics.append(Diagnostic(file: location.file, line: location.line, column: location.column, key: "calendar",
                                              message: "no calendar files for \"\(workflow.calendarID)\""))
            } else {
                do {
                    calendar = try WorkingCalendar.load(files: calendarFiles.map { ($0.path, $0.text) })
                } catch {
                    diagnostics += error.diagnostics
                }
            }
        }
        guard let workflow, diagnostics.isEmpty else { throw DefinitionError(diagnostics) }
        return WorkflowBundle(workflow: workflow, calendar: calendar, sources: chain + calendarFiles)
    }

    private func resolve(_ file: SourceFile, chain: inout [SourceFile], diagnostics: inout [Diagnostic]) -> SourceNode? {
        chain.append(file)
        let (parsed, problems) = SourceNode.parse(file.text, file: file.path)
        diagnostics += problems
        guard let node = parsed else { return nil }
        guard node.pairs != nil else {
            diagnostics.append(Diagnostic(file: file.path, line: node.location.line, key: "", message: "a workflow file is a mapping of sections"))
            return nil
        }
        guard let extends = node["extends"] else { return node }
        guard let baseName = extends.scalar else {
            diagnostics.append(Diagnostic(file: file.path, line: extends.location.line, column: extends.location.column,
                                          key: "extends", message: "expected the id of a workflow"))
            return nil
        }
        if chain.count > 8 || chain.dropLast().contains(where: { ($0.path as NSString).lastPathComponent == "\(baseName).yaml" }) {
            diagnostics.append(Diagnostic(file: file.path, line: extends.location.line, column: extends.location.column,
                                          key: "extends", message: "workflows extend each other in a circle"))
            return nil
        }
        guard let baseFile = read(baseName) else {
            diagnostics.append(Diagnostic(file: file.path, line: extends.location.line, column: extends.location.column,
                                          key: "extends", message: "no workflow file named \(baseName) to build on"))
            return nil
        }
        guard let base = resolve(baseFile, chain: &chain, diagnostics: &diagnostics) else { return nil }
        // The variant's own `provisional` is inherited unless it says otherwise.
        var merged = SourceNode.merge(base: base, variant: node, depth: 3)
        if case .mapping(var pairs, let location) = merged {
            pairs.removeAll { $0.key == "extends" || $0.key == "based_on" }
            pairs.append(("based_on", extends.location, .scalar(baseName, extends.location)))
            merged = .mapping(pairs, location)
        }
        return merged
    }
}

/// The `calendar:` id written in a calendar file, read without parsing the whole file.
/// A workflow file names its calendar too; a calendar file is one with no `workflow:` key.
///
/// Every source file of a stored bundle is asked when the bundle loads, so the lines are found
/// in the UTF-8 bytes (splitting 30 kB of workflow text into `Character`s cost a `check` half a
/// millisecond); a line whose bytes start with a key is then read as the characters it is.
func calendarID(of text: String) -> String? {
    let bytes = Array(text.utf8)
    let workflowKey = Array("workflow:".utf8), calendarKey = Array("calendar:".utf8)
    func starts(with key: [UInt8], at offset: Int) -> Bool {
        offset + key.count <= bytes.count && bytes[offset..<offset + key.count].elementsEqual(key)
    }
    /// The line starting at `offset` (just after a line break, where a `Character` starts).
    func line(at offset: Int) -> Substring {
        let start = text.utf8.index(text.utf8.startIndex, offsetBy: offset)
        return text[start...].prefix { !$0.isNewline }
    }
    var calendarLine: Substring?
    var offset = 0
    var atLineStart = true
    while offset < bytes.count {
        if atLineStart {
            // "\r\n" is one Character: any line break starts a line, so Windows line endings read the same.
            if starts(with: workflowKey, at: offset), line(at: offset).hasPrefix("workflow:") { return nil }
            if calendarLine == nil, starts(with: calendarKey, at: offset) {
                let candidate = line(at: offset)
                if candidate.hasPrefix("calendar:") { calendarLine = candidate }
            }
        }
        // The line breaks `Character.isNewline` knows: LF, VT, FF, CR, NEL, LS, PS.
        switch bytes[offset] {
        case 0x0A...0x0D:
            atLineStart = true
            offset += 1
        case 0xC2 where offset + 1 < bytes.count && bytes[offset + 1] == 0x85:
            atLineStart = true
            offset += 2
        case 0xE2 where offset + 2 < bytes.count && bytes[offset + 1] == 0x80 && (bytes[offset + 2] == 0xA8 || bytes[offset + 2] == 0xA9):
            atLineStart = true
            offset += 3
        default:
            atLineStart = false
            offset += 1
        }
    }
    if let line = calendarLine {
        var value = line.dropFirst("calendar:".count)
        if let comment = value.range(of: " #") { value = value[..<comment.lowerBound] }
        return value.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
    }
    return nil
}

import Foundation
import Testing

/// The repository root, found from this file's path (`Tests/FazhanCLITests/Support/CLISandbox.swift`).
let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The shipped workflows folder of this checkout.
let workflowsFolder = repositoryRoot.appendingPathComponent("workflows")

/// What one run of the `fazhan` binary produced.
struct CLIResult: CustomStringConvertible {
    var arguments: [String]
    var status: Int32
    var stdout: String
    var stderr: String
    /// Standard output as the bytes written (to see a byte-order mark).
    var stdoutBytes: Data

    /// Standard output and standard error together: refusals go to standard error, listings
    /// to standard output, and the organizer reads both on the terminal.
    var output: String { stdout + stderr }

    var description: String {
        "fazhan \(arguments.joined(separator: " ")) → exit \(status)\n--- stdout\n\(stdout)--- stderr\n\(stderr)"
    }

    /// Standard output parsed as a JSON object.
    func object(sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        let value = try JSONSerialization.jsonObject(with: Data(stdout.utf8), options: [.fragmentsAllowed])
        return try #require(value as? [String: Any], "not a JSON object: \(self)", sourceLocation: sourceLocation)
    }

    /// Standard output parsed as a JSON array of objects.
    func array(sourceLocation: SourceLocation = #_sourceLocation) throws -> [[String: Any]] {
        let value = try JSONSerialization.jsonObject(with: Data(stdout.utf8), options: [.fragmentsAllowed])
        return try #require(value as? [[String: Any]], "not a JSON array of objects: \(self)", sourceLocation: sourceLocation)
    }
}

/// The `fazhan` executable built beside the test bundle (`swift build` builds it first, as the
/// test target depends on it).
enum FazhanBinary {
    static let url: URL? = {
        let manager = FileManager.default
        var folders: [URL] = []
        if let first = CommandLine.arguments.first {
            let runner = URL(fileURLWithPath: first).resolvingSymlinksInPath()
            folders.append(runner.deletingLastPathComponent())
            folders.append(runner.deletingLastPathComponent().deletingLastPathComponent())
        }
        let bundle = Bundle.main.bundleURL.resolvingSymlinksInPath()
        folders.append(bundle)
        folders.append(bundle.deletingLastPathComponent())
        // A macOS `.xctest` bundle sits in the products folder: Contents/MacOS/<runner>.
        for test in Bundle.allBundles where test.bundleURL.pathExtension == "xctest" {
            folders.append(test.bundleURL.deletingLastPathComponent())
        }
        folders.append(repositoryRoot.appendingPathComponent(".build/debug"))
        for folder in folders {
            let candidate = folder.appendingPathComponent("fazhan")
            var isDirectory: ObjCBool = false
            if manager.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue,
               manager.isExecutableFile(atPath: candidate.path) {
                return candidate
            }
        }
        return nil
    }()
}

/// A temporary working directory with its own database, in which a test runs the built `fazhan`
/// binary the way an organizer would: `FAZHAN_DB=<dir>/t.sqlite`, the checkout's workflows, a
/// fixed today. Each test makes its own, so tests run in parallel without sharing anything.
final class CLISandbox {
    let directory: URL
    let today: String
    var environment: [String: String]

    /// The database file `FAZHAN_DB` points at.
    var database: URL { directory.appendingPathComponent("t.sqlite") }

    init(today: String = "2026-11-20") throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("fazhan-cli-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        self.today = today
        // Without COLUMNS (a developer's shell may export it): tables print whole, as to a pipe.
        var environment = ProcessInfo.processInfo.environment.filter {
            !$0.key.hasPrefix("FAZHAN_") && !["COLUMNS", "LANG", "LC_ALL", "LC_MESSAGES"].contains($0.key)
        }
        // The tests written before the message catalogue read English; those of the Chinese
        // interface ask for it (`LANG=zh_CN.UTF-8` or `--lang zh`).
        environment["LANG"] = "en_US.UTF-8"
        environment["FAZHAN_DB"] = directory.appendingPathComponent("t.sqlite").path
        environment["FAZHAN_WORKFLOWS"] = workflowsFolder.path
        environment["FAZHAN_TODAY"] = today
        if environment["USER"] == nil { environment["USER"] = "tester" }
        self.environment = environment
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    /// Runs `fazhan ARGUMENTS` in the sandbox and returns its exit status and output.
    @discardableResult
    func run(_ arguments: [String], environment extra: [String: String] = [:],
             sourceLocation: SourceLocation = #_sourceLocation) throws -> CLIResult {
        let binary = try #require(FazhanBinary.url, "the fazhan binary was not found beside the test bundle; run swift build",
                                  sourceLocation: sourceLocation)
        return try execute(binary, arguments: arguments, environment: extra)
    }

    @discardableResult
    func run(_ arguments: String..., environment extra: [String: String] = [:],
             sourceLocation: SourceLocation = #_sourceLocation) throws -> CLIResult {
        try run(arguments, environment: extra, sourceLocation: sourceLocation)
    }

    /// Runs the `sqlite3` shell on the sandbox's database.
    @discardableResult
    func sqlite(_ sql: String) throws -> CLIResult {
        try execute(URL(fileURLWithPath: "/usr/bin/env"), arguments: ["sqlite3", database.path, sql], environment: [:])
    }

    /// How many events the database holds, counted by the `sqlite3` shell, not by the CLI.
    func eventCount(sourceLocation: SourceLocation = #_sourceLocation) throws -> Int {
        let result = try sqlite("SELECT count(*) FROM event;")
        try #require(result.status == 0, "sqlite3 failed: \(result)", sourceLocation: sourceLocation)
        return try #require(Int(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)), "\(result)",
                            sourceLocation: sourceLocation)
    }

    /// Writes a file into the sandbox and returns its path.
    @discardableResult
    func write(_ text: String, to name: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    private func execute(_ executable: URL, arguments: [String], environment extra: [String: String]) throws -> CLIResult {
        // Output goes to files, not pipes: a pipe that fills up while we wait would block the child.
        let id = UUID().uuidString
        let outURL = directory.appendingPathComponent(".out-\(id)")
        let errURL = directory.appendingPathComponent(".err-\(id)")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
        }
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = environment.merging(extra) { _, new in new }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = out
        process.standardError = err
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        let bytes = try Data(contentsOf: outURL)
        let stderr = String(decoding: try Data(contentsOf: errURL), as: UTF8.self)
        return CLIResult(arguments: arguments, status: process.terminationStatus, stdout: String(decoding: bytes, as: UTF8.self),
                         stderr: stderr, stdoutBytes: bytes)
    }
}

// MARK: - An organization to work in

/// The resident ID of a man born 2003-01-01 (a valid GB 11643 check character).
let validResidentID = "110101200301011234"

/// A valid resident ID of a man born 2003-01-01, one per person's number (an ID number belongs to
/// one person): `validResidentID` for 2021001, another odd sequence number for anyone else.
func residentID(for number: String) -> String {
    guard number != "2021001" else { return validResidentID }
    let hash = number.unicodeScalars.reduce(7) { ($0 * 31 + Int($1.value)) % 499 }
    let sequence = 2 * (hash == 61 ? 62 : hash) + 1  // odd (a man), never 123
    let first17 = "11010120030101" + String(format: "%03d", sequence)
    let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    let sum = zip(first17, weights).reduce(0) { $0 + Int(String($1.0))! * $1.1 }
    return first17 + String(Array("10X98765432")[sum % 11])
}

extension CLISandbox {
    /// `fazhan init` with a workflow, then a 党委 with approval authority, a 党总支 that cannot
    /// approve, and a student branch under it.
    func setUpUniversity(workflow: String = "cpc-2014", sourceLocation: SourceLocation = #_sourceLocation) throws {
        for arguments in [
            ["init", "--workflow", workflow],
            ["org", "add", "UNI", "--name", "某大学党委", "--kind", "committee"],
            ["org", "add", "CS", "--name", "计算机学院党总支", "--kind", "general-branch", "--parent", "UNI"],
            ["org", "add", "CS-S1", "--name", "计算机学院本科生第一党支部", "--kind", "branch", "--parent", "CS", "--category", "student"],
        ] {
            let result = try run(arguments, sourceLocation: sourceLocation)
            try #require(result.status == 0, "\(result)", sourceLocation: sourceLocation)
        }
    }

    /// Registers a student born 2003-01-01, a League member, following `workflow` (else the default).
    func addStudent(number: String = "2021001", name: String = "张三", workflow: String? = nil,
                    sourceLocation: SourceLocation = #_sourceLocation) throws {
        var arguments = ["person", "add", "--number", number, "--name", name, "--org", "CS-S1", "--category", "student",
                         "--id-number", residentID(for: number), "--ethnicity", "汉族", "--league-member", "--level", "undergraduate",
                         "--grade", "2021"]
        if let workflow { arguments += ["--workflow", workflow] }
        let result = try run(arguments, sourceLocation: sourceLocation)
        try #require(result.status == 0, "\(result)", sourceLocation: sourceLocation)
    }

    /// Runs a command that must succeed.
    @discardableResult
    func succeed(_ arguments: String..., sourceLocation: SourceLocation = #_sourceLocation) throws -> CLIResult {
        let result = try run(arguments, sourceLocation: sourceLocation)
        try #require(result.status == 0, "\(result)", sourceLocation: sourceLocation)
        return result
    }
}

// MARK: - Refusals

extension CLISandbox {
    /// Runs a command that the rules must refuse: exit 1, every rule id in `rules` named in the
    /// explanation, `earliest` (when given) printed, and nothing recorded.
    @discardableResult
    func refuse(_ arguments: String..., naming rules: [String], earliest: String? = nil,
                sourceLocation: SourceLocation = #_sourceLocation) throws -> CLIResult {
        try refuse(arguments, naming: rules, earliest: earliest, sourceLocation: sourceLocation)
    }

    @discardableResult
    func refuse(_ arguments: [String], naming rules: [String], earliest: String? = nil,
                sourceLocation: SourceLocation = #_sourceLocation) throws -> CLIResult {
        let before = try eventCount(sourceLocation: sourceLocation)
        let result = try run(arguments, sourceLocation: sourceLocation)
        #expect(result.status == 1, "expected a refusal (exit 1): \(result)", sourceLocation: sourceLocation)
        for rule in rules {
            #expect(mentionsRule(result.output, rule), "the refusal does not name \(rule): \(result)", sourceLocation: sourceLocation)
        }
        if let earliest {
            #expect(result.output.contains(earliest), "the refusal does not give the earliest date \(earliest): \(result)",
                    sourceLocation: sourceLocation)
        }
        #expect(try eventCount(sourceLocation: sourceLocation) == before, "a refused command recorded something: \(result)",
                sourceLocation: sourceLocation)
        return result
    }
}

/// Whether `text` names the rule id as a word (`R1` is not found inside `R14`).
func mentionsRule(_ text: String, _ rule: String) -> Bool {
    var searchRange = text.startIndex..<text.endIndex
    while let found = text.range(of: rule, range: searchRange) {
        let next = found.upperBound < text.endIndex ? text[found.upperBound] : " "
        let previous = found.lowerBound > text.startIndex ? text[text.index(before: found.lowerBound)] : " "
        if !next.isNumber && !previous.isLetter && !previous.isNumber { return true }
        searchRange = found.upperBound..<text.endIndex
    }
    return false
}

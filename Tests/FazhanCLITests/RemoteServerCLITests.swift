import FazhanReports
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The `fazhan-server` executable, built beside `fazhan` when the whole package's tests are built.
enum FazhanServerBinary {
    static let url: URL? = {
        guard let fazhan = FazhanBinary.url else { return nil }
        let candidate = fazhan.deletingLastPathComponent().appendingPathComponent("fazhan-server")
        return FileManager.default.isExecutableFile(atPath: candidate.path) ? candidate : nil
    }()
}

/// `fazhan` against the real server (`fazhan-server serve` on a copy of an SQLite database, as a
/// process on a loopback port): every command prints what it prints on the same database locally,
/// byte for byte, on both streams, with the same exit code.
@Suite(.enabled(if: FazhanServerBinary.url != nil, "fazhan-server is not built beside fazhan"))
struct RemoteServerCLITests {
    /// A university with people in several stages, served from a copy, and a signed-in committee user.
    final class Served {
        let sandbox: CLISandbox
        let server: Process
        let url: String
        let remote: [String: String]

        init() throws {
            sandbox = try CLISandbox()
            try sandbox.setUpUniversity()
            try sandbox.addStudent(number: "2021001", name: "张三")
            try sandbox.addStudent(number: "2021002", name: "李四")
            try sandbox.addStudent(number: "研2021003", name: "王五")
            try sandbox.succeed("record", "2021001", "submit_application", "--on", "2023-03-01")
            try sandbox.succeed("record", "2021001", "initial_talk", "--on", "2023-03-20", "--names", "王老师")
            try sandbox.succeed("record", "2021002", "submit_application", "--on", "2026-10-08")
            try sandbox.succeed("record", "研2021003", "submit_application", "--on", "2025-03-01")

            let office = sandbox.directory.appendingPathComponent("office.sqlite")
            try FileManager.default.copyItem(at: sandbox.database, to: office)
            let binary = try #require(FazhanServerBinary.url)
            let added = try Self.run(binary, ["user", "add", "zhang", "--org", "UNI", "--role", "committee", "--database", office.path,
                                              "--password-stdin"], input: "pw-zhang-1\n", environment: sandbox.environment)
            try #require(added == 0, "fazhan-server user add failed")

            let port = try unusedPort()
            url = "http://127.0.0.1:\(port)"
            server = Process()
            server.executableURL = binary
            server.arguments = ["serve", "--database", office.path, "--port", String(port)]
            server.environment = sandbox.environment
            server.standardOutput = FileHandle.nullDevice
            server.standardError = FileHandle.nullDevice
            try server.run()
            var listening = false
            for _ in 0..<300 where !listening && server.isRunning {
                listening = Self.accepts(port: port)
                if !listening { usleep(100_000) }
            }
            try #require(listening, "fazhan-server serve did not listen on \(url) within 30 s")

            var remote = sandbox.environment
            remote["FAZHAN_SERVER"] = url
            remote["XDG_CONFIG_HOME"] = sandbox.directory.appendingPathComponent("config").path
            self.remote = remote
            let fazhan = try #require(FazhanBinary.url)
            let login = try Self.run(fazhan, ["login", url, "--user", "zhang", "--password-stdin"], input: "pw-zhang-1\n", environment: remote)
            try #require(login == 0, "fazhan login failed")
        }

        deinit {
            server.terminate()
            server.waitUntilExit()
        }

        /// Runs ARGUMENTS on the server and on the local file; both results.
        func both(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> (remote: CLIResult, local: CLIResult) {
            let remote = try sandbox.run(arguments, environment: self.remote, sourceLocation: sourceLocation)
            let local = try sandbox.run(arguments, sourceLocation: sourceLocation)
            return (remote, local)
        }

        /// Expects ARGUMENTS to print the same on the server as locally.
        @discardableResult
        func same(_ arguments: String..., sourceLocation: SourceLocation = #_sourceLocation) throws -> CLIResult {
            let (remote, local) = try both(arguments, sourceLocation: sourceLocation)
            #expect(remote.stdoutBytes == local.stdoutBytes, "standard output differs:\nremote: \(remote)\nlocal: \(local)",
                    sourceLocation: sourceLocation)
            #expect(remote.stderr == local.stderr, "standard error differs:\nremote: \(remote)\nlocal: \(local)", sourceLocation: sourceLocation)
            #expect(remote.status == local.status, "exit codes differ:\nremote: \(remote)\nlocal: \(local)", sourceLocation: sourceLocation)
            return remote
        }

        /// Expects a report to print the same on the server as locally but for the checkpoint it
        /// names: the served file holds the user added to it, so its log has moved on.
        func sameReport(_ arguments: String..., sourceLocation: SourceLocation = #_sourceLocation) throws {
            let (remote, local) = try both(arguments, sourceLocation: sourceLocation)
            func figures(_ text: String) -> String {
                if text.hasPrefix("{"), let data = text.data(using: .utf8),
                   var object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
                    #expect(object["log"] != nil, "the report names no checkpoint: \(text.prefix(200))", sourceLocation: sourceLocation)
                    object["log"] = nil
                    return String(decoding: (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data(), as: UTF8.self)
                }
                let lines = text.components(separatedBy: "\n")
                #expect(lines.contains { $0.contains("event log") }, "the report names no checkpoint", sourceLocation: sourceLocation)
                return lines.filter { !$0.contains("event log") && !$0.contains("--expect-head") }.joined(separator: "\n")
                    .trimmingCharacters(in: .whitespacesAndNewlines)
            }
            #expect(figures(remote.stdout) == figures(local.stdout), "the reports differ:\nremote: \(remote)\nlocal: \(local)",
                    sourceLocation: sourceLocation)
            #expect(remote.stderr == local.stderr && remote.status == local.status, "\(remote)\n\(local)", sourceLocation: sourceLocation)
        }

        static func accepts(port: UInt16) -> Bool {
            let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(descriptor) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = port.bigEndian
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            return withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            } == 0
        }

        static func run(_ binary: URL, _ arguments: [String], input: String, environment: [String: String]) throws -> Int32 {
            let process = Process()
            process.executableURL = binary
            process.arguments = arguments
            process.environment = environment
            let pipe = Pipe()
            process.standardInput = pipe
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            pipe.fileHandleForWriting.write(Data(input.utf8))
            try pipe.fileHandleForWriting.close()
            process.waitUntilExit()
            return process.terminationStatus
        }
    }

    @Test func readsPrintWhatTheyPrintLocally() throws {
        let served = try Served()
        try served.same("show", "2021001")
        try served.same("show", "2021001", "--format", "json", "--reveal")
        try served.same("show", "2021001", "--as-of", "2023-03-10")
        try served.same("show", "2029999")
        try served.same("history", "2021001")
        try served.same("history", "2021001", "--format", "csv")
        try served.same("history", "2021001", "--format", "json")
        try served.same("check", "2021001")
        try served.same("check", "2021002", "--format", "json")
        try served.same("check", "2021002", "--format", "csv", "--to", "activist", "--on", "2026-11-20")
        try served.same("person", "list")
        try served.same("person", "list", "--org", "CS", "--format", "csv")
        try served.same("person", "list", "--format", "json", "--all")
        try served.same("agenda")
        try served.same("agenda", "--within", "8w", "--format", "csv")
        try served.same("agenda", "--person", "2021001", "--format", "json")
        try served.same("audit")
        try served.same("audit", "--format", "json")
        try served.same("audit", "--format", "csv", "--org", "CS-S1")
        try served.sameReport("report", "quarterly", "--quarter", "2026Q3", "--org", "UNI")
        try served.sameReport("report", "quarterly", "--year", "2025", "--org", "UNI", "--format", "json")
        try served.same("export", "people", "--headers", "en")
        try served.same("export", "events", "--format", "json", "--from", "2025-01-01")
        try served.same("export", "persons-in-stage", "--stage", "applicant")
    }

    /// As recorded on an instant, through the API, byte for byte as locally: the served copy's
    /// user and checkpoints came later, so even the reports' checkpoint is the same.
    @Test func asRecordedPrintsWhatItPrintsLocally() throws {
        let served = try Served()
        let history = try served.sandbox.succeed("history", "2021001", "--format", "json").object()
        let filed = try #require((history["events"] as? [[String: Any]])?.first?["recordedAt"] as? String)
        try served.same("history", "2021001", "--as-recorded", filed)
        try served.same("history", "2021002", "--as-recorded", filed)
        try served.same("audit", "--as-recorded", filed)
        try served.same("agenda", "--as-recorded", filed, "--format", "json")
        try served.same("report", "quarterly", "--quarter", "2026Q3", "--org", "UNI", "--as-recorded", filed)
        try served.same("report", "quarterly", "--year", "2026", "--org", "UNI", "--changes-since", filed)
        try served.same("report", "quarterly", "--year", "2026", "--org", "UNI", "--changes-since", filed, "--format", "csv")
        try served.same("report", "quarterly", "--changes-since", "2026-10-15", "--format", "html")
        try served.same("audit", "--as-recorded", "yesterday")
    }

    /// A narrow terminal: the server's tables fit it as the local ones do.
    @Test func tablesFitTheTerminalThroughTheServerToo() throws {
        let served = try Served()
        let narrow = ["COLUMNS": "60"]
        for arguments in [["check", "2021001"], ["audit"], ["agenda", "--within", "8w"], ["history", "2021001"]] {
            let remote = try served.sandbox.run(arguments, environment: served.remote.merging(narrow) { $1 })
            let local = try served.sandbox.run(arguments, environment: narrow)
            #expect(remote.stdout == local.stdout && remote.status == local.status, "\(arguments):\nremote: \(remote)\nlocal: \(local)")
            #expect(remote.stdout.split(separator: "\n").allSatisfy { displayWidth($0) <= 60 }, "\(arguments): \(remote.stdout)")
        }
    }

    /// A POSIX TZ (CST-8, as some systems set it) is not a zone name the server reads: the
    /// client sends a name it can read back (or the offset), so the command still works and the
    /// times read as they do locally.
    @Test func aPosixTimeZoneStillReadsAsLocally() throws {
        let served = try Served()
        let zone = ["TZ": "CST-8"]
        let remote = try served.sandbox.run(["history", "2021001"], environment: served.remote.merging(zone) { $1 })
        let local = try served.sandbox.run(["history", "2021001"], environment: zone)
        #expect(remote.status == 0 && remote.stdout == local.stdout, "remote: \(remote)\nlocal: \(local)")
    }

    @Test func writesPrintWhatTheyPrintLocally() throws {
        let served = try Served()
        try served.same("record", "2021002", "thought_report", "--on", "2026-11-01", "--note", "第一次")
        // A late talk is recorded with the same warning on both.
        let late = try served.same("record", "2021002", "initial_talk", "--on", "2026-11-19")
        #expect(late.stderr.contains("warning: R2"), "\(late)")
        try served.same("advance", "2021002", "--to", "activist", "--on", "2026-11-20")
        try served.same("record", "2021002", "thought_report", "--on", "2026-12-01")
        try served.same("record", "2029999", "thought_report", "--on", "2026-11-01")
        let recorded = try served.same("record", "2021001", "thought_report", "--on", "2026-11-02")
        let id = try #require(recorded.stdout.split(separator: "#").dropFirst().first?.prefix { $0.isNumber })
        try served.same("correct", String(id), "--reason", "a wrong date", "--on", "2026-11-03")
        try served.same("correct", String(id), "--reason", "recorded twice", "--void")
    }

    /// `record --people` through `POST /v1/batches`: recorded, refused with every refusal, or a
    /// usage error, each printed as locally.
    @Test func batchesPrintWhatTheyPrintLocally() throws {
        let served = try Served()
        try served.same("record", "--people", "2021001,研2021003", "thought_report", "--on", "2026-11-01")
        try served.same("record", "--people", "2021001,2021002,2029999", "initial_talk", "--on", "2026-11-02")
        try served.same("record", "--people", "2021001,2021002", "assign_mentors", "--on", "2026-11-02", "--names", "王老师")
        try served.same("record", "--people", "2021002,研2021003", "thought_report", "--on", "2026-11-03")
    }

    /// A Chinese number in the path, and the report's CSV ending in CRLF: both as printed locally.
    @Test func aChineseNumberAndTheReportsCSV() throws {
        let served = try Served()
        try served.same("show", "研2021003")
        try served.sameReport("report", "quarterly", "--year", "2025", "--org", "UNI", "--format", "csv")
    }

    @Test func signingOutEndsTheSessionOnTheServer() throws {
        let served = try Served()
        let token = try #require(try SessionFileContents.token(in: served.remote))
        let logout = try served.sandbox.run(["logout"], environment: served.remote)
        #expect(logout.status == 0 && logout.stdout == "signed out of \(served.url) (zhang)\n", "\(logout)")
        var withToken = served.remote
        withToken["FAZHAN_TOKEN"] = token
        let ended = try served.sandbox.run(["show", "2021001"], environment: withToken)
        #expect(ended.status == 1, "\(ended)")
        #expect(ended.stderr.contains("does not accept the token in FAZHAN_TOKEN"), "\(ended)")
        let fazhan = try #require(FazhanBinary.url)
        #expect(try Served.run(fazhan, ["login", served.url, "--user", "zhang", "--password-stdin"], input: "wrong\n",
                               environment: served.remote) == 1)
        #expect(try Served.run(fazhan, ["login", served.url, "--user", "zhang", "--password-stdin"], input: "pw-zhang-1\n",
                               environment: served.remote) == 0)
    }
}

/// The token `fazhan login` kept, read from the session file as a script would.
enum SessionFileContents {
    static func token(in environment: [String: String]) throws -> String? {
        guard let home = environment["XDG_CONFIG_HOME"] else { return nil }
        let data = try Data(contentsOf: URL(fileURLWithPath: home).appendingPathComponent("fazhan/session.json"))
        return (try JSONSerialization.jsonObject(with: data) as? [String: String])?["token"]
    }
}

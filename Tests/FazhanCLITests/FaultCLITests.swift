import Foundation
import Testing

/// Faults met through the command line, the way an organizer meets them: a process killed in
/// the middle of recording, a database file that may not be written, a path that is not a
/// database, a full disk, and argument values that are wrong. Each gives a clear message and
/// exit 1 or 64, never a crash; and the database is left whole: all of an operation or none.
@Suite struct FaultCLITests {
    /// Output that means a crash rather than an answer.
    static let crashSigns = ["Fatal error", "Stack dump", "Illegal instruction", "Segmentation fault", "Current stack trace",
                             "SQLITE_", "Swift runtime failure"]

    static func expectNoCrash(_ result: CLIResult, sourceLocation: SourceLocation = #_sourceLocation) {
        for sign in crashSigns {
            #expect(!result.output.contains(sign), "\(result)", sourceLocation: sourceLocation)
        }
        #expect([0, 1, 64].contains(result.status), "\(result)", sourceLocation: sourceLocation)
    }

    /// The event count and the head of the seal chain, as `fazhan verify --format json` reports
    /// them: equal before and after means nothing was recorded.
    static func state(_ sandbox: CLISandbox, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let result = try sandbox.run(["verify", "--format", "json"], sourceLocation: sourceLocation)
        try #require(result.status == 0, "\(result)", sourceLocation: sourceLocation)
        let object = try result.object(sourceLocation: sourceLocation)
        let events = try #require(object["events"] as? Int, sourceLocation: sourceLocation)
        let seals = try #require(object["seals"] as? Int, sourceLocation: sourceLocation)
        #expect(events == seals, "\(result)", sourceLocation: sourceLocation)
        return "\(events) events, head \(object["head"] ?? "-")"
    }

    /// A university, one student and their application.
    static func sandboxWithAnApplicant() throws -> CLISandbox {
        let sandbox = try CLISandbox()
        try sandbox.setUpUniversity()
        try sandbox.addStudent(number: "2021001")
        try sandbox.succeed("record", "2021001", "submit_application", "--on", "2023-03-01")
        return sandbox
    }

    // MARK: - kill -9

    /// The day `days` after a `YYYY-MM-DD` date, for arguments.
    static func day(_ days: Int, after date: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: formatter.date(from: date)!.addingTimeInterval(Double(days) * 86_400))
    }

    /// One run of the binary that may be killed: its arguments, what it printed, and how it ended.
    struct Outcome {
        var marker: String
        var arguments: [String]
        var status: Int32
        var killed: Bool
        var output: String
    }

    /// Runs `fazhan ARGUMENTS` and, unless it has finished, kills it with SIGKILL after `delay`.
    static func runAndKill(_ sandbox: CLISandbox, _ arguments: [String], marker: String, after delay: Duration?) throws -> Outcome {
        let binary = try #require(FazhanBinary.url)
        let log = sandbox.directory.appendingPathComponent(".kill-\(marker)")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }
        let handle = try FileHandle(forWritingTo: log)
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.environment = sandbox.environment
        process.currentDirectoryURL = sandbox.directory
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        if let delay {
            let (seconds, attoseconds) = delay.components
            usleep(UInt32(seconds * 1_000_000 + attoseconds / 1_000_000_000_000))
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        process.waitUntilExit()
        try handle.close()
        let killed = process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL
        return Outcome(marker: marker, arguments: arguments, status: process.terminationStatus, killed: killed,
                       output: String(decoding: try Data(contentsOf: log), as: UTF8.self))
    }

    /// Many `fazhan record` and `fazhan advance` processes, one after another on one database,
    /// killed with SIGKILL at varied moments: from the start-up to the commit and the checkpoint
    /// after it. Afterwards the database opens and verifies as intact (every event sealed, the
    /// chain unbroken, every stored stage the replay of the events), and each operation is there
    /// exactly once if it finished, not at all if it was refused, and at most once if killed.
    @Test func killedRecordsAndAdvancesLeaveAllOfAnOperationOrNoneOfIt() throws {
        let seed = SplitMix64.seeds([0x9_5161_4B11]).first!
        var random = SplitMix64(seed: seed)
        let sandbox = try CLISandbox()
        try sandbox.setUpUniversity()
        let people = ["2021001", "2021002", "2021003"]
        for number in people {
            try sandbox.addStudent(number: number, name: "学生\(number.suffix(1))")
            try sandbox.succeed("record", number, "submit_application", "--on", "2023-03-01")
            try sandbox.succeed("record", number, "initial_talk", "--on", "2023-03-20")
            try sandbox.succeed("record", number, "recommendation", "--on", "2023-09-01", "--method", "league")
        }
        let before = try sandbox.eventCount()

        func operation(_ index: Int) -> [String] {
            let marker = "op-\(index)"
            let person = people.randomElement(using: &random)!
            switch Int.random(in: 0..<10, using: &random) {
            case 0..<5:
                return ["record", person, "thought_report", "--on", Self.day(index, after: "2023-04-01"), "--note", marker]
            case 5..<9:
                return ["advance", person, "--to", "activist", "--on", "2023-09-11", "--note", marker]
            default:
                return ["record", person, "withdrawal", "--on", "2023-10-09", "--reason", "本人申请", "--note", marker]
            }
        }

        // The first runs are not killed: how long one takes (the quickest of three) sets the
        // range of the kills.
        var outcomes: [Outcome] = []
        let clock = ContinuousClock()
        let took = try (0..<3).map { index in
            try clock.measure { outcomes.append(try Self.runAndKill(sandbox, operation(index), marker: "op-\(index)", after: nil)) }
        }.min()!
        let microseconds = Int(took / .microseconds(1))
        let count = 34
        for index in 3..<count {
            // A quarter within the first 40 ms (start-up, opening, recovering after the last
            // kill); the rest near the end of a run, where it writes: the transaction, the
            // commit, the checkpoint as the database closes.
            let delay: Duration = random.chance(25) ? .microseconds(Int.random(in: 0...40_000, using: &random))
                : .microseconds(Int.random(in: (microseconds * 7 / 10)...(microseconds * 23 / 20), using: &random))
            outcomes.append(try Self.runAndKill(sandbox, operation(index), marker: "op-\(index)", after: delay))
        }
        let killed = outcomes.filter(\.killed)
        let context = "seed \(seed), a run takes \(took), \(killed.count) of \(count) killed"
        #expect(killed.count >= count / 5, "\(context): too few runs were killed for the test to mean anything")

        // Every run that was not killed answered: recorded (0) or refused (1), never a crash or
        // a database it could not open after the kill before it.
        for outcome in outcomes where !outcome.killed {
            #expect(outcome.status == 0 || outcome.status == 1, "\(context): \(outcome.arguments) → \(outcome.status)\n\(outcome.output)")
            for sign in Self.crashSigns + ["locked", "damaged", "not a Fazhan database", "disk I/O"] {
                #expect(!outcome.output.contains(sign), "\(context): \(outcome.arguments)\n\(outcome.output)")
            }
        }

        // The database opens and verifies; SQLite finds nothing wrong in it either.
        let verified = try sandbox.run("verify")
        #expect(verified.status == 0 && verified.stdout.contains("intact"), "\(context): \(verified)")
        _ = try Self.state(sandbox)
        let integrity = try sandbox.sqlite("PRAGMA integrity_check;")
        #expect(integrity.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "ok", "\(context): \(integrity)")

        // Each operation is there as a whole (its event, sealed, with its stage) or not at all.
        let notes = try sandbox.sqlite("SELECT json_extract(data, '$.note') FROM event WHERE json_extract(data, '$.note') LIKE 'op-%';")
        try #require(notes.status == 0, "\(notes)")
        let recorded = notes.stdout.split(separator: "\n").map(String.init)
        for outcome in outcomes {
            let times = recorded.filter { $0 == outcome.marker }.count
            if outcome.killed {
                #expect(times <= 1, "\(context): killed \(outcome.arguments) is recorded \(times) times")
            } else if outcome.status == 0 {
                #expect(times == 1, "\(context): \(outcome.arguments) succeeded but is recorded \(times) times\n\(outcome.output)")
            } else {
                #expect(times == 0, "\(context): \(outcome.arguments) was refused but is recorded\n\(outcome.output)")
            }
        }
        #expect(try sandbox.eventCount() == before + recorded.count, "\(context): events without an operation's marker appeared")
        // Each person's stage is the one their surviving events give: activist after an
        // advance that landed, withdrawn after a withdrawal, else applicant.
        let listing = try sandbox.succeed("person", "list", "--all", "--format", "json").array()
        for number in people {
            let stage = listing.first { $0["number"] as? String == number }?["stage"] as? String
            let history = try sandbox.sqlite("""
                SELECT group_concat(step, ' ') FROM (SELECT e.step FROM event e JOIN person p ON p.id = e.person_id
                WHERE p.number = '\(number)' AND e.step IN ('designate_activist', 'withdrawal') ORDER BY e.occurred_on, e.id);
                """).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            let expected = history.hasSuffix("withdrawal") ? "withdrawn" : history.hasSuffix("designate_activist") ? "activist" : "applicant"
            #expect(stage == expected, "\(context): \(number) is \(stage ?? "-") after \(history.isEmpty ? "no transition" : history)")
        }
    }

    // MARK: - A database that cannot be written

    /// How the database was made read-only for the `fazhan` process, and how to run it then.
    enum ReadOnlyMechanism: CustomStringConvertible {
        /// An ordinary user: the file's mode.
        case chmod
        /// Root, whom modes do not stop: run `fazhan` as `nobody` with util-linux's `setpriv`.
        case setpriv(binary: URL)
        /// Root: the immutable attribute, where the file system has it.
        case chattr

        var description: String {
            switch self {
            case .chmod: return "chmod 444"
            case .setpriv: return "setpriv as nobody"
            case .chattr: return "chattr +i"
            }
        }
    }

    static func tool(_ name: String) -> String? {
        ["/usr/bin/\(name)", "/bin/\(name)", "/usr/sbin/\(name)", "/sbin/\(name)"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs a program (not `fazhan`) and returns its exit status.
    @discardableResult
    static func shell(_ path: String, _ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// Runs `fazhan` as the user `nobody` through `setpriv`, from a copy of the binary nobody can
    /// read (the checkout may sit in a folder only root can enter).
    static func runAsNobody(_ sandbox: CLISandbox, binary: URL, _ arguments: [String]) throws -> CLIResult {
        let setpriv = try #require(tool("setpriv"))
        let out = sandbox.directory.appendingPathComponent(".nobody-out-\(UUID().uuidString)")
        let err = sandbox.directory.appendingPathComponent(".nobody-err-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: out)
            try? FileManager.default.removeItem(at: err)
        }
        let outHandle = try FileHandle(forWritingTo: out)
        let errHandle = try FileHandle(forWritingTo: err)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: setpriv)
        process.arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", binary.path] + arguments
        var environment = sandbox.environment
        environment["HOME"] = "/"
        environment["USER"] = "nobody"
        process.environment = environment
        process.currentDirectoryURL = sandbox.directory
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = outHandle
        process.standardError = errHandle
        try process.run()
        process.waitUntilExit()
        try outHandle.close()
        try errHandle.close()
        let bytes = try Data(contentsOf: out)
        return CLIResult(arguments: ["(as nobody)"] + arguments, status: process.terminationStatus,
                         stdout: String(decoding: bytes, as: UTF8.self),
                         stderr: String(decoding: try Data(contentsOf: err), as: UTF8.self), stdoutBytes: bytes)
    }

    /// The ways this machine has to keep the `fazhan` process from writing the database.
    static func readOnlyMechanisms(_ sandbox: CLISandbox) throws -> [ReadOnlyMechanism] {
        if getuid() != 0 { return [.chmod] }
        var found: [ReadOnlyMechanism] = []
        if tool("setpriv") != nil, let original = FazhanBinary.url {
            let copy = sandbox.directory.appendingPathComponent("fazhan-copy")
            try FileManager.default.copyItem(at: original, to: copy)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: copy.path)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: sandbox.directory.path)
            let probe = try runAsNobody(sandbox, binary: copy, ["--version"])
            if probe.status == 0 { found.append(.setpriv(binary: copy)) } else { print("note: setpriv cannot run fazhan as nobody here: \(probe)") }
        } else {
            print("note: no setpriv (util-linux) here")
        }
        if let chattr = tool("chattr") {
            let probe = sandbox.directory.appendingPathComponent("probe")
            _ = FileManager.default.createFile(atPath: probe.path, contents: Data("x".utf8))
            if try shell(chattr, ["+i", probe.path]) == 0 {
                if FileHandle(forWritingAtPath: probe.path) == nil { found.append(.chattr) }
                try shell(chattr, ["-i", probe.path])
            } else {
                print("note: chattr +i is not supported on this file system")
            }
            try? FileManager.default.removeItem(at: probe)
        }
        return found
    }

    /// The database files (the database and any -wal and -shm beside it).
    static func databaseFiles(_ sandbox: CLISandbox) -> [String] {
        ["", "-wal", "-shm"].map { sandbox.database.path + $0 }.filter { FileManager.default.fileExists(atPath: $0) }
    }

    @Test func aDatabaseThatCannotBeWrittenIsNamedAndLeftAsItWas() throws {
        let sandbox = try Self.sandboxWithAnApplicant()
        let before = try Self.state(sandbox)
        let mechanisms = try Self.readOnlyMechanisms(sandbox)
        #expect(!mechanisms.isEmpty, "neither setpriv nor chattr +i can keep fazhan from writing a file here (running as root)")
        let path = sandbox.database.path
        let readOnly = "error: the database \(path) is read-only: check the permissions of the file and its folder; nothing was written\n"
        let record = ["record", "2021001", "initial_talk", "--on", "2023-03-20"]
        for mechanism in mechanisms {
            var result: CLIResult
            switch mechanism {
            case .chmod:
                for file in Self.databaseFiles(sandbox) { try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: file) }
                result = try sandbox.run(record)
                for file in Self.databaseFiles(sandbox) { try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file) }
            case .setpriv(let binary):
                // Readable by nobody, not writable: the file and its folder belong to root.
                for file in Self.databaseFiles(sandbox) { try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file) }
                result = try Self.runAsNobody(sandbox, binary: binary, record)
                // Not even readable: said so, too.
                for file in Self.databaseFiles(sandbox) { try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file) }
                let unreadable = try Self.runAsNobody(sandbox, binary: binary, ["verify"])
                #expect(unreadable.status == 1, "\(unreadable)")
                #expect(unreadable.stderr == "error: cannot open the database \(path): you may not read it; check the file's permissions\n",
                        "\(unreadable)")
                Self.expectNoCrash(unreadable)
            case .chattr:
                let chattr = try #require(Self.tool("chattr"))
                try Self.shell(chattr, ["+i", path])
                defer { _ = try? Self.shell(chattr, ["-i", path]) }
                result = try sandbox.run(record)
                try Self.shell(chattr, ["-i", path])
            }
            #expect(result.status == 1, "\(mechanism): \(result)")
            #expect(result.stderr == readOnly, "\(mechanism): \(result)")
            #expect(result.stdout.isEmpty, "\(mechanism): \(result)")
            Self.expectNoCrash(result)
            #expect(try Self.state(sandbox) == before, "\(mechanism): the database changed")
        }
        // Writable again, the same command records.
        try sandbox.succeed("record", "2021001", "initial_talk", "--on", "2023-03-20")
        #expect(try Self.state(sandbox) != before)
    }

    // MARK: - Paths that are not a database

    @Test func aPathThatIsNoDatabaseIsRefusedClearlyAndLeftUntouched() throws {
        let sandbox = try CLISandbox()
        let folder = sandbox.directory.appendingPathComponent("a-folder").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        let text = try sandbox.write("姓名,学号\n张三,2023001\n", to: "people.csv")
        let empty = try sandbox.write("", to: "empty.sqlite")
        let missing = sandbox.directory.appendingPathComponent("no-such-folder/t.sqlite").path
        let listing = try FileManager.default.contentsOfDirectory(atPath: sandbox.directory.path).sorted()
        let cases: [(String, String)] = [
            (folder, "error: \(folder) is not a Fazhan database: it is a folder; give the path of the database file inside it; nothing was changed\n"),
            (text, "error: \(text) is not a Fazhan database: it is not an SQLite database file; nothing was changed\n"),
            (empty, "error: \(empty) is not a Fazhan database: the file is empty; nothing was changed\n"),
            (missing, "error: no database at \(missing): the folder \((missing as NSString).deletingLastPathComponent) does not exist\n"),
            ("\(text)/t.sqlite", "error: no database at \(text)/t.sqlite: \(text) is a file, not a folder\n"),
        ]
        for (path, message) in cases {
            for arguments in [["verify", "--db", path], ["record", "2021001", "submit_application", "--on", "2023-03-01", "--db", path],
                              ["person", "list", "--db", path]] {
                let result = try sandbox.run(arguments)
                #expect(result.status == 1, "\(result)")
                #expect(result.stderr == message, "\(result)")
                Self.expectNoCrash(result)
            }
        }
        let initFolder = try sandbox.run("init", "--db", folder)
        #expect(initFolder.status == 1 && initFolder.stderr == "error: cannot create the database \(folder): a folder of that name exists\n",
                "\(initFolder)")
        let initMissing = try sandbox.run("init", "--db", missing)
        #expect(initMissing.status == 1, "\(initMissing)")
        #expect(initMissing.stderr.contains("the folder \((missing as NSString).deletingLastPathComponent) does not exist"), "\(initMissing)")
        // Nothing was written into the files, nothing created beside them.
        #expect(try String(contentsOfFile: text, encoding: .utf8) == "姓名,学号\n张三,2023001\n")
        #expect(try Data(contentsOf: URL(fileURLWithPath: empty)).isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: sandbox.directory.path).sorted() == listing)
    }

    // MARK: - A full disk

    /// A write cut short, as on a full disk: a file size limit (`ulimit -f`, with SIGXFSZ
    /// ignored, as any user may set) smaller than what one record needs. The command fails with
    /// a clear message, and the database is as it was.
    @Test func aWriteCutShortRecordsNothing() throws {
        let sandbox = try Self.sandboxWithAnApplicant()
        let before = try Self.state(sandbox)
        let binary = try #require(FazhanBinary.url)
        let note = String(repeating: "思想汇报", count: 8_000)
        let limited = try Self.runLimited(sandbox, binary: binary, kilobytes: 32,
                                          ["record", "2021001", "thought_report", "--on", "2023-04-01", "--note", note])
        #expect(limited.status == 1, "\(limited)")
        #expect(limited.stderr.hasPrefix("error: ") && limited.stderr.contains("nothing was written")
                && limited.stderr.contains("disk"), "\(limited)")
        Self.expectNoCrash(limited)
        #expect(try Self.state(sandbox) == before)
        let verified = try sandbox.run("verify")
        #expect(verified.status == 0 && verified.stdout.contains("intact"), "\(verified)")
    }

    static func runLimited(_ sandbox: CLISandbox, binary: URL, kilobytes: Int, _ arguments: [String]) throws -> CLIResult {
        let out = sandbox.directory.appendingPathComponent(".limited-out")
        let err = sandbox.directory.appendingPathComponent(".limited-err")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: out)
            try? FileManager.default.removeItem(at: err)
        }
        let outHandle = try FileHandle(forWritingTo: out)
        let errHandle = try FileHandle(forWritingTo: err)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", "trap '' XFSZ; ulimit -f \(kilobytes); exec \"$0\" \"$@\"", binary.path] + arguments
        process.environment = sandbox.environment
        process.currentDirectoryURL = sandbox.directory
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = outHandle
        process.standardError = errHandle
        try process.run()
        process.waitUntilExit()
        try outHandle.close()
        try errHandle.close()
        let bytes = try Data(contentsOf: out)
        return CLIResult(arguments: ["(ulimit -f \(kilobytes))"] + arguments.map { $0.count > 40 ? "\($0.prefix(10))…" : $0 },
                         status: process.terminationStatus, stdout: String(decoding: bytes, as: UTF8.self),
                         stderr: String(decoding: try Data(contentsOf: err), as: UTF8.self), stdoutBytes: bytes)
    }

    // MARK: - Malformed argument values

    @Test func malformedValuesAreRefusedWithTheirNameAndChangeNothing() throws {
        let sandbox = try Self.sandboxWithAnApplicant()
        let before = try Self.state(sandbox)
        let cases: [([String], Int32, [String])] = [
            (["record", "2021001", "initial_talk", "--on", "2026-02-30"], 64, ["'2026-02-30' is invalid for '--on <on>'"]),
            (["record", "2021001", "initial_talk", "--on", "2026-13-01"], 64, ["'2026-13-01' is invalid for '--on <on>'"]),
            (["record", "2021001", "initial_talk", "--on", "3/20/2023"], 64, ["'3/20/2023' is invalid"]),
            (["report", "quarterly", "--quarter", "2026Q0"], 64, ["--quarter 2026Q0 is not a quarter like 2026Q3"]),
            (["report", "quarterly", "--quarter", "2026Q5"], 64, ["--quarter 2026Q5 is not a quarter like 2026Q3"]),
            (["record", "2021001", "admission_meeting", "--on", "2023-04-01", "--expected=-3", "--present", "1", "--for", "1"], 64,
             ["--expected cannot be negative"]),
            (["record", "2021001", "admission_meeting", "--on", "2023-04-01", "--expected", "-3"], 64, ["--expected"]),
            (["record", "2021001", "concentrated_training", "--on", "2023-04-01", "--days=-1"], 64, ["--days cannot be negative"]),
            (["record", "2021001", "concentrated_training", "--on", "2023-04-01", "--days", "99999999999999999999"], 64,
             ["'99999999999999999999' is invalid for '--days <days>'"]),
            (["record", "2021001", "political_review", "--on", "2023-04-01", "--result", "maybe"], 64, ["'maybe'", "'pass'", "'fail'"]),
            (["record", "2021001", "recommendation", "--on", "2023-04-01", "--method", "xyz"], 64, ["--method must be league (团组织推优) or members (党员推荐); it is xyz"]),
            (["correct", "1", "--reason", "  "], 64, ["--reason must say why"]),
            (["record", "2021001", "no_such_step", "--on", "2023-04-01"], 64, ["unknown step \"no_such_step\" in workflow cpc-2014; known steps:"]),
            (["record", "2021001", "intial_talk", "--on", "2023-04-01"], 64,
             ["unknown step \"intial_talk\" in workflow cpc-2014; did you mean initial_talk (党组织派人谈话)?"]),
            (["record", "2021001", "党组织派人谈", "--on", "2023-04-01"], 64, ["did you mean initial_talk (党组织派人谈话)?"]),
            (["advance", "2021001", "--to", "nowhere", "--on", "2023-04-01"], 64, ["unknown stage \"nowhere\" in workflow cpc-2014; known stages:"]),
            (["advance", "2021001", "--to", "activst", "--on", "2023-04-01"], 64, ["did you mean activist (入党积极分子)?"]),
            (["record", "9999999", "initial_talk", "--on", "2023-04-01"], 1, ["no person with number or id 9999999\n"]),
            // A near miss: a digit swapped, changed, dropped or added.
            (["record", "2021010", "initial_talk", "--on", "2023-04-01"], 1, ["no person with number or id 2021010; did you mean 2021001 (张三)?"]),
            (["show", "2021002"], 1, ["did you mean 2021001 (张三)?"]),
            (["history", "202101"], 1, ["did you mean 2021001 (张三)?"]),
            (["check", "20210011"], 1, ["did you mean 2021001 (张三)?"]),
            (["correct", "9999", "--reason", "typo"], 1, ["no event #9999"]),
            (["record", "2021001", "initial_talk", "--on", "2027-01-01"], 1, ["2027-01-01 is in the future (today is 2026-11-20)"]),
            (["record", "2021001", "initial_talk", "--on", "2023-01-01"], 1, ["2023-01-01 is before the application"]),
            (["record", "2021001", "admission_meeting", "--on", "2023-04-01", "--expected", "9", "--present", "10", "--for", "10"], 1,
             ["实到 10 is more than 应到 9"]),
            (["person", "add", "--number", "9", "--name", "x", "--org", "CS-S1", "--category", "student", "--id-number",
              "110101200301011235"], 1, ["The check character (the 18th) is 5, but the first 17 digits require 4"]),
            (["person", "add", "--number", "9", "--name", "x", "--org", "CS-S1", "--category", "student", "--birth", "2003-02-29"], 64,
             ["'2003-02-29' is invalid for '--birth <birth>'"]),
        ]
        for (arguments, status, fragments) in cases {
            let result = try sandbox.run(arguments)
            #expect(result.status == status, "\(result)")
            for fragment in fragments {
                #expect(result.stderr.contains(fragment), "expected \"\(fragment)\": \(result)")
            }
            #expect(!result.stderr.contains("110101200301011235"), "the ID number was shown in full: \(result)")
            Self.expectNoCrash(result)
        }
        #expect(try Self.state(sandbox) == before, "a refused command changed the database")
        #expect(try sandbox.succeed("person", "list", "--format", "json").array().count == 1)
    }
}

import Foundation
import Testing

/// Several organizers at once: processes recording into one database lose nothing and never
/// show "database is locked"; a backup taken meanwhile opens with the same history.
@Suite struct ConcurrencyCLITests {
    @Test func twoProcessesRecordingAtOnceLoseNothing() throws {
        let sandbox = try CLISandbox()
        try sandbox.setUpUniversity()
        try sandbox.addStudent(number: "2021001", name: "张三")
        try sandbox.addStudent(number: "2021002", name: "李四")
        try sandbox.succeed("record", "2021001", "submit_application", "--on", "2023-03-01")
        try sandbox.succeed("record", "2021002", "submit_application", "--on", "2023-03-01")
        let count = 15
        // Two organizers at once: each a shell loop of `fazhan record`, started together.
        let binary = try #require(FazhanBinary.url)
        var processes: [(Process, URL)] = []
        for number in ["2021001", "2021002"] {
            let log = sandbox.directory.appendingPathComponent("\(number).log")
            let script = (1...count).map { day in
                "\"\(binary.path)\" record \(number) thought_report --on 2023-04-\(String(format: "%02d", day)) || echo FAILED \(day)"
            }.joined(separator: "\n")
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/bash")
            process.arguments = ["-c", script]
            process.environment = sandbox.environment
            process.currentDirectoryURL = sandbox.directory
            FileManager.default.createFile(atPath: log.path, contents: nil)
            let handle = try FileHandle(forWritingTo: log)
            process.standardOutput = handle
            process.standardError = handle
            processes.append((process, log))
        }
        for (process, _) in processes { try process.run() }
        for (process, _) in processes { process.waitUntilExit() }
        for (process, log) in processes {
            let text = try String(contentsOf: log, encoding: .utf8)
            #expect(process.terminationStatus == 0, "\(text)")
            #expect(!text.contains("FAILED"), "\(text)")
            #expect(!text.contains("locked"), "\(text)")
            #expect(text.components(separatedBy: "recorded #").count - 1 == count, "\(text)")
        }
        #expect(try sandbox.eventCount() == 2 + 2 * count)

        let copy = sandbox.directory.appendingPathComponent("copy.sqlite").path
        try sandbox.succeed("backup", copy)
        let original = try sandbox.succeed("history", "2021002", "--format", "json").stdout
        let backedUp = try sandbox.run(["history", "2021002", "--format", "json", "--db", copy])
        #expect(backedUp.status == 0, "\(backedUp)")
        #expect(backedUp.stdout == original)
        #expect(try sandbox.run("backup", copy).status == 1, "a backup never overwrites a file")
        // Both databases verify: every event sealed, the chain unbroken, the stages agreeing.
        let verified = try sandbox.succeed("verify")
        #expect(verified.stdout.contains("intact"), "\(verified)")
        #expect(try sandbox.run(["verify", "--db", copy]).status == 0)
        // An event slipped in with the sqlite3 shell is found.
        let slipped = try sandbox.sqlite("""
            INSERT INTO event (person_id, step, occurred_on, recorded_at, recorded_by, data, workflow_version)
            VALUES (1, 'thought_report', '2023-05-01', 't', 'intruder', '{}', 1);
            """)
        #expect(slipped.status == 0, "\(slipped)")
        let broken = try sandbox.run("verify")
        #expect(broken.status == 1, "\(broken)")
        #expect(broken.stdout.contains("inserted"), "\(broken)")
    }
}

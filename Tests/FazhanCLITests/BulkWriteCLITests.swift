import Foundation
import Testing

/// Another organizer's write while a long import holds the database's write lock waits for the
/// import instead of giving up after its busy timeout; a lock held by anything else still times
/// out. (`FAZHAN_BUSY_TIMEOUT=1` stands for the 30 s budget, and an `sqlite3` shell holding
/// the lock for a long import.)
@Suite struct BulkWriteCLITests {
    /// Holds the write lock with the sqlite3 shell until `release()`.
    private final class LockHolder {
        let process = Process()
        let input = Pipe()

        init(_ database: URL) throws {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["sqlite3", database.path]
            process.standardInput = input
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            input.fileHandleForWriting.write(Data("BEGIN IMMEDIATE;\nINSERT INTO setting (key, value) VALUES ('held', 'yes');\n".utf8))
        }

        func release() {
            input.fileHandleForWriting.write(Data("ROLLBACK;\n.quit\n".utf8))
            try? input.fileHandleForWriting.close()
            process.waitUntilExit()
        }
    }

    /// `person add` with a 1 s budget, started now; its outcome and how long it took.
    private func addPerson(_ sandbox: CLISandbox, _ number: String) throws -> (Process, Pipe, Date) {
        let process = Process()
        process.executableURL = try #require(FazhanBinary.url)
        process.arguments = ["person", "add", "--number", number, "--name", "王五", "--org", "CS-S1", "--category", "student",
                             "--birth", "2003-06-01", "--gender", "female"]
        var environment = sandbox.environment
        environment["FAZHAN_BUSY_TIMEOUT"] = "1"
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        return (process, pipe, Date())
    }

    private func announce(_ sandbox: CLISandbox, pid: Int32) throws {
        let text = #"{"pid":\#(pid),"what":"an import by tester","since":"2026-11-20T08:00:00Z"}"#
        try Data(text.utf8).write(to: URL(fileURLWithPath: sandbox.database.path + "-bulk"))
    }

    private func sandbox() throws -> CLISandbox {
        let sandbox = try CLISandbox()
        try sandbox.setUpUniversity()
        return sandbox
    }

    @Test func aWriteWaitsBeyondItsBudgetWhileAnAnnouncedBulkWriteHoldsTheLock() throws {
        let sandbox = try sandbox()
        let holder = try LockHolder(sandbox.database)
        try announce(sandbox, pid: holder.process.processIdentifier)
        Thread.sleep(forTimeInterval: 0.3)
        let (process, pipe, started) = try addPerson(sandbox, "2021009")
        Thread.sleep(forTimeInterval: 2.5)
        #expect(process.isRunning, "the write did not wait for the bulk write")
        holder.release()
        process.waitUntilExit()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 0, "\(output)")
        #expect(Date().timeIntervalSince(started) > 2, "\(output)")
        #expect(output.contains("waiting for the database's write lock: an import by tester"), "\(output)")
    }

    @Test(arguments: [false, true])
    func aLockHeldWithoutALiveAnnouncementTimesOut(deadAnnouncement: Bool) throws {
        let sandbox = try sandbox()
        let holder = try LockHolder(sandbox.database)
        defer { holder.release() }
        if deadAnnouncement {
            // A process that has ended: its announcement is stale.
            let ended = Process()
            ended.executableURL = URL(fileURLWithPath: "/bin/true")
            try ended.run()
            ended.waitUntilExit()
            try announce(sandbox, pid: ended.processIdentifier)
        }
        Thread.sleep(forTimeInterval: 0.3)
        let (process, pipe, _) = try addPerson(sandbox, "2021009")
        var waited = 0
        while process.isRunning && waited < 150 {
            Thread.sleep(forTimeInterval: 0.1)
            waited += 1
        }
        #expect(!process.isRunning, "the write waited more than 15 s for a lock no bulk write holds")
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 1, "\(output)")
        #expect(output.contains("the database stayed busy"), "\(output)")
    }

    @Test func anImportLeavesNoAnnouncementBehind() throws {
        let sandbox = try sandbox()
        try sandbox.addStudent()
        let file = try sandbox.write("学号,步骤,日期\r\n2021001,submit_application,2023-03-01\r\n2021001,initial_talk,2023-03-20\r\n", to: "e.csv")
        try sandbox.succeed("import", "events", file)
        #expect(!FileManager.default.fileExists(atPath: sandbox.database.path + "-bulk"))
    }
}

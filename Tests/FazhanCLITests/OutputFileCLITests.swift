import Foundation
import Testing

/// Every file fazhan writes (`report --output`, `export --output`, `backup`) appears whole or not
/// at all, readable by its owner only whatever the umask, replaces an existing file only with
/// --force, and never replaces a device, a FIFO or a folder.
@Suite struct OutputFileCLITests {
    private func sandbox() throws -> CLISandbox {
        let sandbox = try CLISandbox()
        try sandbox.setUpUniversity()
        try sandbox.addStudent()
        try sandbox.succeed("record", "2021001", "submit_application", "--on", "2023-03-01")
        return sandbox
    }

    /// The three writers, each with the file it writes.
    private func writers(_ file: String) -> [[String]] {
        [["report", "quarterly", "--quarter", "2026Q3", "--output", file],
         ["export", "people", "--output", file],
         ["backup", file]]
    }

    private func mode(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    @Test func anExistingFileIsReplacedOnlyWithForceAndEveryFileIsOwnerOnlyUnderAnyUmask() throws {
        let sandbox = try sandbox()
        let binary = try #require(FazhanBinary.url)
        for arguments in writers(sandbox.directory.appendingPathComponent("out").path) {
            let file = sandbox.directory.appendingPathComponent("out").path
            try? FileManager.default.removeItem(atPath: file)
            // umask 000 would make a plainly created file 0666.
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "umask 000; exec \"$0\" \"$@\"", binary.path] + arguments
            process.environment = sandbox.environment
            process.currentDirectoryURL = sandbox.directory
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "\(arguments)")
            #expect(try mode(file) == 0o600, "\(arguments)")

            try Data("earlier".utf8).write(to: URL(fileURLWithPath: file))
            let refused = try sandbox.run(arguments)
            #expect(refused.status == 1, "\(refused)")
            #expect(refused.stderr.contains("exists; pass --force"), "\(refused)")
            #expect(try String(contentsOfFile: file, encoding: .utf8) == "earlier", "\(arguments) replaced a file without --force")

            let forced = try sandbox.run(arguments + ["--force"])
            #expect(forced.status == 0, "\(forced)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: file)) != Data("earlier".utf8))
            #expect(try mode(file) == 0o600)
            // Nothing left beside it.
            let left = try FileManager.default.contentsOfDirectory(atPath: sandbox.directory.path).filter { $0.hasPrefix(".out.") }
            #expect(left.isEmpty, "\(left)")
        }
    }

    @Test func aDeviceAFIFOOrAFolderIsNeverReplacedEvenWithForce() throws {
        let sandbox = try sandbox()
        let fifo = sandbox.directory.appendingPathComponent("pipe").path
        #expect(mkfifo(fifo, 0o600) == 0)
        for target in ["/dev/null", "/dev/full", fifo, sandbox.directory.path] {
            for arguments in writers(target) {
                let result = try sandbox.run(arguments + ["--force"])
                #expect(result.status == 1, "\(result)")
                #expect(result.stderr.contains("refused: \(target) is"), "\(result)")
                #expect(!result.output.contains("Fatal error"), "\(result)")
            }
        }
        var info = stat()
        #expect(stat("/dev/full", &info) == 0 && (info.st_mode & S_IFMT) == S_IFCHR, "/dev/full is no longer a device")
        #expect(stat(fifo, &info) == 0 && (info.st_mode & S_IFMT) == S_IFIFO)
    }

    /// A backup killed midway leaves only its temporary file, hidden beside the destination: the
    /// destination does not exist, and the next backup goes through.
    @Test func aBackupKilledMidwayBlocksNothing() throws {
        let sandbox = try sandbox()
        let destination = sandbox.directory.appendingPathComponent("backup.sqlite").path
        // What a killed backup leaves: a partial temporary file.
        try Data(repeating: 0x53, count: 4096).write(to: sandbox.directory.appendingPathComponent(".backup.sqlite.Ab12Cd"))
        #expect(!FileManager.default.fileExists(atPath: destination))
        try sandbox.succeed("backup", destination)
        let verified = try sandbox.run(["verify", "--db", destination])
        #expect(verified.status == 0, "\(verified)")
        #expect(try sandbox.run(["history", "2021001", "--db", destination]).status == 0)
    }
}

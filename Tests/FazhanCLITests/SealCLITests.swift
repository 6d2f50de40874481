import Crypto
import Foundation
import Testing

/// Keys, signatures and anchors as an administrator and an auditor use them, through the binary.
@Suite struct SealCLITests {
    private func sha256(of path: String) throws -> String {
        SHA256.hash(data: try Data(contentsOf: URL(fileURLWithPath: path))).map { String(format: "%02x", $0) }.joined()
    }

    @Test func initMakesAnOwnerOnlyKeyAndEveryWriteIsSigned() throws {
        let sandbox = try CLISandbox()
        try sandbox.setUpUniversity()
        let keyPath = sandbox.database.path + ".key"
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: keyPath)[.posixPermissions] as? NSNumber)
        #expect(mode.intValue & 0o777 == 0o600)
        try sandbox.addStudent()
        try sandbox.succeed("record", "2021001", "submit_application", "--on", "2023-03-01")
        let shown = try sandbox.succeed("key", "show").stdout
        let publicKey = try #require(shown.split(separator: "\n").first?.split(separator: " ").last.map(String.init))
        #expect(publicKey.count == 64, "\(shown)")

        // verify reads only: the file is byte for byte as it was.
        _ = try sandbox.sqlite("PRAGMA wal_checkpoint(TRUNCATE);")
        let before = try sha256(of: sandbox.database.path)
        let verified = try sandbox.succeed("verify", "--public-key", publicKey)
        #expect(verified.stdout.contains("intact. 1 events, 1 seals"), "\(verified)")
        #expect(verified.stdout.contains("signatures checked against the trusted key"), "\(verified)")
        #expect(try sha256(of: sandbox.database.path) == before, "verify changed the database file")

        // A key the auditor does not trust: refused, exit 1.
        let other = try sandbox.run("verify", "--public-key", String(repeating: "ab", count: 32))
        #expect(other.status == 1, "\(other)")
        let stranger = try sandbox.run("verify", "--public-key", "3b6a27bcceb6a42d62a3a8d02a6f0d73653215771de243a63ac048a18b59da29")
        #expect(stranger.status == 1 && stranger.stdout.contains("which is not a trusted key"), "\(stranger)")

        // The head printed now, and by the quarterly report, anchors the log.
        let json = try sandbox.succeed("verify", "--format", "json").object()
        let head = try #require(json["head"] as? String)
        #expect(try sandbox.succeed("verify", "--expect-head", head).status == 0)
        let report = try sandbox.succeed("report", "quarterly", "--quarter", "2023Q1").stdout
        #expect(report.contains("fazhan verify --expect-head \(head)"), "\(report)")
        let csv = try sandbox.succeed("report", "quarterly", "--quarter", "2023Q1", "--format", "csv").stdout
        #expect(csv.contains(head), "\(csv)")
        let gone = try sandbox.run("verify", "--expect-head", String(repeating: "0", count: 63) + "1")
        #expect(gone.status == 1 && gone.stdout.contains("noted earlier"), "\(gone)")
        let malformed = try sandbox.run("verify", "--expect-head", "abc")
        #expect(malformed.status == 64, "\(malformed)")
    }

    @Test func writesWithoutTheKeyAreUnsignedUntilSealed() throws {
        let sandbox = try CLISandbox()
        try sandbox.setUpUniversity()
        try sandbox.addStudent()
        let keyPath = sandbox.database.path + ".key"
        let moved = sandbox.directory.appendingPathComponent("kept-apart.key").path
        try FileManager.default.moveItem(atPath: keyPath, toPath: moved)
        let unsigned = try sandbox.run("record", "2021001", "submit_application", "--on", "2023-03-01")
        #expect(unsigned.status == 0, "\(unsigned)")
        #expect(unsigned.stderr.contains("the checkpoint this command wrote is unsigned"), "\(unsigned)")
        let found = try sandbox.run("verify", "--public-key", moved)
        #expect(found.status == 1 && found.stdout.contains("is not signed after checkpoint"), "\(found)")
        // `fazhan seal`, with the key, signs the log as it stands, in a sealed entry of the log.
        let sealed = try sandbox.succeed("seal", "--key", moved, "--reason", "written while the key was away")
        #expect(sealed.stdout.contains("signature "), "\(sealed)")
        #expect(try sandbox.succeed("verify", "--public-key", moved).stdout.contains("covered by them"))
        // A key file others may read is refused.
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: moved)
        let loose = try sandbox.run("seal", "--key", moved)
        #expect(loose.status == 1 && loose.stderr.contains("chmod 600"), "\(loose)")
    }

    @Test func verifyReportsADroppedSealTableAndLeavesTheFileAsItWas() throws {
        let sandbox = try CLISandbox()
        try sandbox.setUpUniversity()
        try sandbox.addStudent()
        try sandbox.succeed("record", "2021001", "submit_application", "--on", "2023-03-01")
        let dropped = try sandbox.sqlite("""
            DROP TABLE person_seal; DELETE FROM grdb_migrations WHERE identifier LIKE 'v6:%' OR identifier LIKE 'v8:%';
            PRAGMA wal_checkpoint(TRUNCATE);
            """)
        try #require(dropped.status == 0, "\(dropped)")
        let before = try sha256(of: sandbox.database.path)
        let result = try sandbox.run("verify")
        #expect(result.status == 1, "\(result)")
        #expect(result.stdout.contains("its table person_seal is missing"), "\(result)")
        #expect(result.stdout.contains("neither migrates nor re-seals"), "\(result)")
        #expect(try sha256(of: sandbox.database.path) == before, "verify changed the database file")
    }
}

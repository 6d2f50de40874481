import FazhanCore
import FazhanSQLite
import FazhanStore
import Foundation
import Testing

/// `fazhan-server user ...` on an SQLite file, run as an administrator would.
@Suite struct UserCommandTests {
    /// Runs `fazhan-server` with `input` on its standard input; its exit status, standard output and standard error.
    func server(_ arguments: [String], input: String = "") throws -> (status: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: serverBinary())
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment.filter { !["LC_ALL", "LC_MESSAGES"].contains($0.key) }
        environment["LANG"] = "en_US.UTF-8"  // the messages compared are the English ones
        environment["USER"] = "admin-on-call"
        process.environment = environment
        let stdin = Pipe()
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }

    @Test func addListRevokeAndSetAPassword() throws {
        guard FileManager.default.isExecutableFile(atPath: serverBinary()) else {
            Issue.record("build fazhan-server first: \(serverBinary())")
            return
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fazhan-users-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("users.sqlite").path
        do {
            let store = try SQLiteStore.open(path: path, create: true)
            _ = try store.addOrganization(NewOrganization(code: "U", name: "校党委", kind: .committee, parentCode: nil, category: nil,
                                                          canApprove: true, createdAt: "t", createdBy: "t"))
            _ = try store.addOrganization(NewOrganization(code: "CS", name: "计算机学院党总支", kind: .generalBranch, parentCode: "U",
                                                          category: nil, canApprove: false, createdAt: "t", createdBy: "t"))
        }
        let database = ["--database", path]

        // The first user, with a generated password shown once.
        let added = try server(["user", "add", "li", "--org", "U", "--role", "admin"] + database)
        #expect(added.status == 0, "\(added)")
        #expect(added.out.hasPrefix("added user li: admin at U 校党委 (grant #1)\n"), "\(added.out)")
        let shown = try #require(added.out.split(separator: "\n").first { $0.hasPrefix("password for li (shown once): ") })
        let password = shown.dropFirst("password for li (shown once): ".count)
        #expect(password.count == 20 && password.allSatisfy { $0.isLetter || $0.isNumber }, "\(password)")

        // A password from standard input: never printed, refused when short or empty.
        let wang = try server(["user", "add", "wang", "--org", "CS", "--role", "general-branch", "--password-stdin"] + database,
                              input: "correct horse battery\n")
        #expect(wang.status == 0 && !wang.out.contains("password"), "\(wang)")
        let short = try server(["user", "add", "zhao", "--org", "CS", "--role", "branch", "--password-stdin"] + database, input: "short\n")
        #expect(short.status == 1 && short.err == "the password on standard input has 5 characters, fewer than 8; nothing was changed\n")
        let empty = try server(["user", "add", "zhao", "--org", "CS", "--role", "branch", "--password-stdin"] + database, input: "\n")
        #expect(empty.status == 1 && empty.err.contains("no password on standard input"), "\(empty)")

        // Refusals: a sentence each, no stack trace; usage errors exit 64.
        let duplicate = try server(["user", "add", "li", "--org", "U", "--role", "admin"] + database)
        #expect(duplicate.status == 1 && duplicate.err == "a user named li already exists; nothing was changed\n", "\(duplicate)")
        let nowhere = try server(["user", "add", "zhao", "--org", "XX", "--role", "branch"] + database)
        #expect(nowhere.status == 1 && nowhere.err == "there is no organization XX; nothing was changed\n", "\(nowhere)")
        let badRole = try server(["user", "add", "zhao", "--org", "U", "--role", "boss"] + database)
        #expect(badRole.status == 64, "\(badRole)")
        #expect(badRole.err.contains("\"boss\" is not a role: give one of branch (党支部), general-branch (党总支), committee (党委组织部), admin (管理员)"))
        let noDatabase = try server(["user", "list", "--database", folder.appendingPathComponent("none.sqlite").path])
        #expect(noDatabase.status == 1 && noDatabase.err.hasPrefix("error: no database at"), "\(noDatabase)")
        #expect(try server(["user", "revoke", "wang"] + database).status == 64)
        #expect(try server(["user", "revoke", "--grant", "1", "--org", "U"] + database).status == 64)

        // Grants, listed as a table and as JSON.
        let granted = try server(["user", "grant", "wang", "--org", "U", "--role", "committee"] + database)
        #expect(granted.status == 0 && granted.out == "granted wang the role committee at U 校党委 (grant #3)\n", "\(granted)")
        let again = try server(["user", "grant", "wang", "--org", "U", "--role", "committee"] + database)
        #expect(again.status == 1 && again.err == "error: wang already has the role committee at U (grant #3)\n", "\(again)")
        let table = try server(["user", "list"] + database)
        #expect(table.status == 0)
        let lines = table.out.split(separator: "\n")
        #expect(lines.first?.split(separator: " ", omittingEmptySubsequences: true) == ["user", "grant", "role", "organization", "granted", "by", "granted", "at"])
        #expect(lines.count == 5 && lines[2].hasPrefix("li ") && lines[4].contains("committee") && lines[4].contains("os:admin-on-call"), "\(table.out)")

        // Revoked by role and organization, or by number; twice is refused.
        let revoked = try server(["user", "revoke", "wang", "--org", "U", "--role", "committee"] + database)
        #expect(revoked.status == 0 && revoked.out == "revoked grant #3: wang no longer has the role committee at U 校党委\n", "\(revoked)")
        let twice = try server(["user", "revoke", "--grant", "3"] + database)
        #expect(twice.status == 1 && twice.err.hasPrefix("error: grant #3 (wang as committee at U) was already revoked by os:admin-on-call at "),
                "\(twice)")
        let none = try server(["user", "revoke", "wang", "--org", "U", "--role", "committee"] + database)
        #expect(none.status == 1 && none.err == "wang has no grant of the role committee at U in force; nothing was changed\n", "\(none)")
        let notTheirs = try server(["user", "revoke", "li", "--grant", "2"] + database)
        #expect(notTheirs.status == 1 && notTheirs.err == "grant #2 is wang's, not li's; nothing was changed\n", "\(notTheirs)")

        let active = try server(["user", "list", "--format", "json"] + database)
        let users = try #require(try JSONSerialization.jsonObject(with: Data(active.out.utf8)) as? [[String: Any]], "\(active)")
        #expect(users.map { $0["name"] as? String } == ["li", "wang"])
        #expect((users[1]["grants"] as? [[String: Any]])?.map { $0["role"] as? String } == ["general-branch"])
        #expect(!active.out.contains("$2b$"), "no password hash is listed")
        let all = try server(["user", "list", "--all", "--format", "json"] + database)
        let everything = try #require(try JSONSerialization.jsonObject(with: Data(all.out.utf8)) as? [[String: Any]], "\(all)")
        let wangs = try #require(everything[1]["grants"] as? [[String: Any]])
        #expect(wangs.map { $0["id"] as? Int } == [2, 3] && wangs[1]["revokedBy"] as? String == "os:admin-on-call")
        let allTable = try server(["user", "list", "--all"] + database)
        let allLines = allTable.out.split(separator: "\n")
        #expect(allLines.first?.contains("revoked by") == true && allLines.first?.hasSuffix("revoked at") == true, "\(allTable.out)")
        #expect(allLines.count == 5 && allLines[4].contains("os:admin-on-call") && !allLines[3].hasSuffix(" "), "\(allTable.out)")

        // A new password: stored as a bcrypt hash of cost 10, and shown once.
        let before = try #require(try SQLiteStore.open(path: path, create: false).user(named: "wang")?.passwordHash)
        let reset = try server(["user", "password", "wang"] + database)
        #expect(reset.status == 0 && reset.out.hasPrefix("set a new password for wang; their sessions were ended\npassword for wang (shown once): "),
                "\(reset)")
        let after = try #require(try SQLiteStore.open(path: path, create: false).user(named: "wang")?.passwordHash)
        #expect(after != before && after.hasPrefix("$2b$10$") && after.count == 60, "\(after)")
        #expect(try server(["user", "password", "ghost"] + database).err == "there is no user ghost; nothing was changed\n")

        // The chain of grants verifies.
        let report = try SQLiteStore.open(path: path, create: false).verify()
        #expect(report.isIntact && report.grants == 4, "\(report.problems)")
    }
}

import Foundation
import Testing

@testable import FazhanCLI

/// `fazhan` as a client of a Fazhan server: signing in and out, the session file, and the
/// commands printing what the server answers exactly as they print locally (against a fake
/// server answering canned responses; the real one is tested by the server's own suite).
@Suite struct RemoteCLITests {
    // MARK: Without a server

    @Test func loginToAPortWhereNothingListensSaysSoAndExits1() throws {
        let sandbox = try ClientSandbox()
        let server = "http://127.0.0.1:\(try unusedPort())"
        let result = try sandbox.run("login", server, "--user", "alice", "--password-stdin", input: "secret\n")
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr == "error: cannot reach the Fazhan server at \(server): the connection was refused "
                + "(is the server running, on that port?)\n", "\(result)")
        #expect(result.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: sandbox.sessionFile.path))
    }

    @Test func loginWithoutAPasswordOnStandardInputSaysSo() throws {
        let sandbox = try ClientSandbox()
        let result = try sandbox.run("login", "http://127.0.0.1:1", "--user", "alice", "--password-stdin", input: "")
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains("no password on standard input"), "\(result)")
    }

    @Test func aServerAddressMustBeAURL() throws {
        let sandbox = try ClientSandbox()
        let result = try sandbox.run("show", "2021001", environment: ["FAZHAN_SERVER": "fazhan.example.edu"])
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains("is not a server address; give it as http://HOST:PORT or https://HOST"), "\(result)")
    }

    @Test func aServerWithoutASessionSaysHowToSignIn() throws {
        let sandbox = try ClientSandbox()
        let result = try sandbox.run("show", "2021001", environment: ["FAZHAN_SERVER": "http://127.0.0.1:1/"])
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr == "error: not signed in to http://127.0.0.1:1; sign in with "
                + "`fazhan login http://127.0.0.1:1 --user NAME` (or give a token in FAZHAN_TOKEN)\n", "\(result)")
        // --server on the command does the same.
        let given = try sandbox.run("person", "list", "--server", "http://127.0.0.1:1")
        #expect(given.status == 1 && given.stderr.contains("not signed in to http://127.0.0.1:1"), "\(given)")
    }

    @Test func aSessionWithAnotherServerIsNotSentToThisOne() throws {
        let sandbox = try ClientSandbox()
        try sandbox.signIn(server: "https://fazhan.example.edu")
        let result = try sandbox.run("history", "2021001", environment: ["FAZHAN_SERVER": "http://127.0.0.1:1"])
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains("is for https://fazhan.example.edu, not http://127.0.0.1:1"), "\(result)")
        #expect(result.stderr.contains("`fazhan login http://127.0.0.1:1 --user NAME`"), "\(result)")
    }

    @Test func commandsOnALocalDatabaseOnlySaySoWhileAServerIsSet() throws {
        let sandbox = try ClientSandbox()
        let result = try sandbox.run("verify", environment: ["FAZHAN_SERVER": "http://127.0.0.1:1"])
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains("this command works on a local database only; give it --db FILE, or unset FAZHAN_SERVER"),
                "\(result)")
        // --db on the command line is the local file, server or not.
        let local = try sandbox.run(["show", "2021001", "--db", sandbox.directory.appendingPathComponent("none.sqlite").path],
                                    environment: ["FAZHAN_SERVER": "http://127.0.0.1:1"])
        #expect(local.status == 1 && local.stderr.contains("no database at"), "\(local)")
        let both = try sandbox.run("show", "2021001", "--db", "x.sqlite", "--server", "http://127.0.0.1:1")
        #expect(both.status == 1 && both.stderr.contains("--db and --server do not go together"), "\(both)")
    }

    @Test func theSessionFileIsReadableByTheUserOnly() throws {
        let sandbox = try ClientSandbox()
        // A config folder that exists, too open: the session's folder is made 0700 all the same.
        let folder = sandbox.configHome.appendingPathComponent("fazhan")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        let path = SessionFile.path(environment: ["XDG_CONFIG_HOME": sandbox.configHome.path, "HOME": "/nowhere"])
        #expect(path == folder.appendingPathComponent("session.json").path)
        #expect(SessionFile.path(environment: ["HOME": "/home/alice"]) == "/home/alice/.config/fazhan/session.json")
        #expect(SessionFile.path(environment: ["HOME": "/home/alice", "XDG_CONFIG_HOME": "relative"]) == "/home/alice/.config/fazhan/session.json")

        let session = Session(server: "https://fazhan.example.edu", user: "张老师", token: "abc.def")
        try SessionFile.write(session, path: path)
        let fileMode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        let folderMode = try FileManager.default.attributesOfItem(atPath: folder.path)[.posixPermissions] as? Int
        #expect(fileMode == 0o600)
        #expect(folderMode == 0o700)
        #expect(try SessionFile.read(path: path) == session)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: String])
        #expect(object == ["server": "https://fazhan.example.edu", "user": "张老师", "token": "abc.def"])
        // Written again: replaced whole, still 0600, nothing left beside it.
        try SessionFile.write(Session(server: session.server, user: session.user, token: "ghi"), path: path)
        #expect(try SessionFile.read(path: path)?.token == "ghi")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["session.json"])
        #expect(try SessionFile.delete(path: path))
        #expect(try SessionFile.read(path: path) == nil)
    }

    @Test func serverAddressesAreComparedNormalized() throws {
        #expect(try ServerAddress.normalize("HTTPS://Fazhan.Example.EDU/") == "https://fazhan.example.edu")
        #expect(try ServerAddress.normalize("http://127.0.0.1:8080/fazhan//") == "http://127.0.0.1:8080/fazhan")
        #expect(throws: Failure.self) { try ServerAddress.normalize("ftp://host") }
        #expect(throws: Failure.self) { try ServerAddress.normalize("http://host/?q=1") }
        #expect(ServerAddress.isPlainOverNetwork("http://fazhan.example.edu"))
        #expect(!ServerAddress.isPlainOverNetwork("http://127.0.0.1:8080"))
        #expect(!ServerAddress.isPlainOverNetwork("https://fazhan.example.edu"))
    }

    @Test func pathSegmentsAndQueryValuesArePercentEncoded() {
        let client = RemoteClient(server: "http://h", token: nil)
        #expect(RemoteClient.segment("张 三/1") == "%E5%BC%A0%20%E4%B8%89%2F1")
        #expect(client.url("/v1/people", query: [("org", "A&B=C+D"), ("stage", nil), ("all", "true")])
                == "http://h/v1/people?org=A%26B%3DC%2BD&all=true")
    }

    @Test func exportRowsAreCountedAsTheyStreamPast() {
        var csv = ExportRowCounter(json: false)
        let text = "\u{FEFF}学号,备注\r\n1,\"two\r\nlines\"\r\n2,\"a \"\"quoted\"\" word\"\r\n"
        for byte in Data(text.utf8) { csv.consume(Data([byte])) }
        #expect(csv.rows == 2)
        var json = ExportRowCounter(json: true)
        json.consume(Data("[\n  {\n    \"a\" : {\n    }\n  },\n  {\n    \"b\" : \"  {\"\n  }\n]\n".utf8))
        #expect(json.rows == 2)
        var empty = ExportRowCounter(json: true)
        empty.consume(Data("[]\n".utf8))
        #expect(empty.rows == 0)
    }

    @Test func theAuditsViolationsAreReadFromWhatItPrinted() {
        func response(_ body: String, headers: [String: String] = [:]) -> RemoteResponse {
            RemoteResponse(status: 200, headers: headers, body: Data(body.utf8))
        }
        #expect(RemoteAnswer.violations(response("audit as of 2026-11-20: 3 people\n\n5 findings, 2 violations\n"), format: "table") == 2)
        #expect(RemoteAnswer.violations(response("{\n  \"findings\" : [],\n  \"violations\" : 0\n}\n"), format: "json") == 0)
        #expect(RemoteAnswer.violations(response("\u{FEFF}person,name,organization,rule,rule name,severity\r\n1,a,O,R1,x,violation\r\n"
                                                 + "2,b,O,R2,y,late\r\n"), format: "csv") == 1)
        #expect(RemoteAnswer.violations(response("", headers: ["fazhan-violations": "7"]), format: "table") == 7)
    }

    // MARK: Against a fake server

    @Test func loginKeepsTheTokenAndLogoutEndsTheSession() throws {
        let server = try FakeFazhanServer { request in
            switch (request.method, request.path) {
            case ("POST", "/v1/sessions"):
                guard request.json?["password"] as? String == "right" else {
                    return .error(401, "unauthorized", "wrong user name or password")
                }
                return .json(["token": "T0KEN", "user": "alice", "expiresAt": "2026-11-21T08:00:00Z"], status: 201)
            case ("DELETE", "/v1/sessions/current"):
                return FakeFazhanServer.Response(status: 204)
            default:
                return .error(404, "not_found", "no route")
            }
        }
        defer { server.stop() }
        let sandbox = try ClientSandbox()
        let wrong = try sandbox.run("login", server.url, "--user", "alice", "--password-stdin", input: "wrong\n")
        #expect(wrong.status == 1, "\(wrong)")
        #expect(wrong.stderr == "error: the Fazhan server at \(server.url) refused the sign-in: wrong user name or password\n", "\(wrong)")
        #expect(!FileManager.default.fileExists(atPath: sandbox.sessionFile.path))

        let login = try sandbox.run("login", server.url + "/", "--user", "alice", "--password-stdin", input: "right\n")
        #expect(login.status == 0, "\(login)")
        #expect(login.stdout == "signed in to \(server.url) as alice until 2026-11-21T08:00:00Z; session kept in \(sandbox.sessionFile.path)\n")
        let sent = try #require(server.requests.last)
        #expect(sent.json?["user"] as? String == "alice")
        #expect(sent.json?["password"] as? String == "right")
        #expect(sent.headers["authorization"] == nil)
        #expect(try SessionFile.read(path: sandbox.sessionFile.path) == Session(server: server.url, user: "alice", token: "T0KEN"))
        let mode = try FileManager.default.attributesOfItem(atPath: sandbox.sessionFile.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)

        let logout = try sandbox.run("logout")
        #expect(logout.status == 0, "\(logout)")
        #expect(logout.stdout == "signed out of \(server.url) (alice)\n")
        let ended = try #require(server.requests.last)
        #expect(ended.method == "DELETE" && ended.path == "/v1/sessions/current")
        #expect(ended.headers["authorization"] == "Bearer T0KEN")
        #expect(!FileManager.default.fileExists(atPath: sandbox.sessionFile.path))
    }

    @Test func aThrottledLoginPrintsTheServersSentence() throws {
        let server = try FakeFazhanServer { _ in .error(429, "too_many_requests", "error: too many sign-ins for alice; wait 60 seconds") }
        defer { server.stop() }
        let result = try ClientSandbox().run("login", server.url, "--user", "alice", "--password-stdin", input: "pw\n")
        #expect(result.status == 1)
        #expect(result.stderr == "error: too many sign-ins for alice; wait 60 seconds\n", "\(result)")
    }

    @Test func showPrintsTheBodyAsItCame() throws {
        let body = "张三 (2021 001), 计算机学院本科生第一党支部 [CS-S1]\nstage: 入党积极分子 (activist) since 2024-03-01\n"
        let server = try FakeFazhanServer { _ in .text(body, headers: ["ETag": "\"4\""]) }
        defer { server.stop() }
        let sandbox = try ClientSandbox()
        try sandbox.signIn(server: server.url)
        let result = try sandbox.run(["show", "张三 2021/001", "--as-of", "2026-01-31", "--reveal"], environment: ["FAZHAN_SERVER": server.url])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdoutBytes == Data(body.utf8))
        #expect(result.stderr.isEmpty, "\(result)")
        let request = try #require(server.requests.first)
        #expect(request.method == "GET")
        #expect(request.path == "/v1/people/%E5%BC%A0%E4%B8%89%202021%2F001")
        #expect(request.query == ["asOf": "2026-01-31", "format": "table", "reveal": "true"])
        #expect(request.headers["authorization"] == "Bearer TOKEN-1")
        // FAZHAN_TOKEN carries the token instead of the file; JSON is asked for as JSON.
        let json = try sandbox.run(["show", "2021001", "--format", "json", "--server", server.url], environment: ["FAZHAN_TOKEN": "SCRIPT"])
        #expect(json.status == 0, "\(json)")
        #expect(server.requests.last?.headers["authorization"] == "Bearer SCRIPT")
        #expect(server.requests.last?.query == ["format": "json"])
    }

    @Test func aBodyWithoutAFinalLineBreakEndsWithOne() throws {
        let server = try FakeFazhanServer { _ in .text("no final line break") }
        defer { server.stop() }
        let sandbox = try ClientSandbox()
        try sandbox.signIn(server: server.url)
        let result = try sandbox.run(["history", "2021001", "--format", "csv"], environment: ["FAZHAN_SERVER": server.url])
        #expect(result.stdout == "no final line break\n", "\(result)")
        #expect(server.requests.first?.query == ["format": "csv"])
    }

    @Test func checkExits1WhenTheStepIsNotAllowed() throws {
        let server = try FakeFazhanServer { request in
            let allowed = request.query["to"] == "activist"
            return .text("张三 (2021001): \(allowed ? "allowed" : "not allowed")\n", headers: ["Fazhan-Allowed": allowed ? "true" : "false"])
        }
        defer { server.stop() }
        let sandbox = try ClientSandbox()
        try sandbox.signIn(server: server.url)
        sandbox.environment["FAZHAN_SERVER"] = server.url
        let refused = try sandbox.run("check", "2021001", "--to", "candidate", "--on", "2026-11-20", "--format", "csv",
                                      "--approver", "UNI", "--note", "a&b")
        #expect(refused.status == 1, "\(refused)")
        #expect(refused.stdout == "张三 (2021001): not allowed\n")
        #expect(refused.stderr.isEmpty, "\(refused)")
        // Locally --format csv prints the verdict's text: the table is asked for.
        #expect(server.requests.last?.query == ["to": "candidate", "on": "2026-11-20", "format": "table", "approver": "UNI", "note": "a&b"])
        let allowed = try sandbox.run("check", "2021001", "--to", "activist")
        #expect(allowed.status == 0, "\(allowed)")
        #expect(allowed.stdout == "张三 (2021001): allowed\n")
    }

    @Test func aRefusalPrintsTheServersMessageAndExits1() throws {
        let refusal = "张三 (2021001): 入党积极分子 → 发展对象 on 2026-11-20: not allowed\n  ✗ R8 培养考察一年以上\nnothing was recorded"
        let server = try FakeFazhanServer { _ in
            .json(["error": "refused", "message": refusal, "verdict": ["allowed": false]], status: 422)
        }
        defer { server.stop() }
        let sandbox = try ClientSandbox()
        try sandbox.signIn(server: server.url)
        let result = try sandbox.run(["advance", "2021001", "--to", "candidate", "--on", "2026-11-20", "--approver", "UNI"],
                                     environment: ["FAZHAN_SERVER": server.url])
        #expect(result.status == 1, "\(result)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == refusal + "\n")
        let request = try #require(server.requests.first)
        #expect(request.method == "POST" && request.path == "/v1/people/2021001/advance")
        #expect(request.headers["if-match"] == "*")
        #expect(request.headers["content-type"] == "application/json")
        let body = try #require(request.json)
        #expect(body.count == 3)
        #expect(body["to"] as? String == "candidate" && body["date"] as? String == "2026-11-20" && body["approver"] as? String == "UNI")
    }

    @Test func aValueTheServerSaysNamesNothingIsAUsageErrorAsLocally() throws {
        let message = "error: unknown step \"intial_talk\" in workflow cpc-2014; did you mean initial_talk (党组织派人谈话)?"
        let server = try FakeFazhanServer { _ in .json(["error": "unknown_value", "message": message], status: 400) }
        defer { server.stop() }
        let sandbox = try ClientSandbox()
        try sandbox.signIn(server: server.url)
        let result = try sandbox.run(["record", "2021001", "intial_talk", "--on", "2026-11-20"], environment: ["FAZHAN_SERVER": server.url])
        #expect(result.status == 64, "\(result)")
        #expect(result.stderr == message + "\n")
        // Any other 400 stays a failure (exit 1).
        let other = try FakeFazhanServer { _ in .json(["error": "bad_request", "message": "error: something else"], status: 400) }
        defer { other.stop() }
        try sandbox.signIn(server: other.url)
        let failed = try sandbox.run(["record", "2021001", "initial_talk", "--on", "2026-11-20"], environment: ["FAZHAN_SERVER": other.url])
        #expect(failed.status == 1, "\(failed)")
    }

    @Test func recordSendsTheDataGivenAndPrintsTheLine() throws {
        let line = "recorded #12: 张三 (2021001) 党组织派人谈话 on 2026-03-01 [赞成 7，王五、赵六]"
        let server = try FakeFazhanServer { _ in
            .json(["event": ["id": 12, "recordedBy": "alice"], "version": 5, "message": line], status: 201, headers: ["ETag": "\"5\""])
        }
        defer { server.stop() }
        let sandbox = try ClientSandbox()
        try sandbox.signIn(server: server.url)
        sandbox.environment["FAZHAN_SERVER"] = server.url
        let result = try sandbox.run("record", "2021001", "initial_talk", "--on", "2026-03-01", "--for", "7", "--names", "王五, 赵六",
                                     "--reason", "late", "--by", "bob")
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout == line + "\n")
        #expect(result.stderr == "note: --by is ignored on a server; steps are recorded as alice\n")
        let request = try #require(server.requests.first)
        #expect(request.path == "/v1/people/2021001/events")
        #expect(request.headers["if-match"] == "*")
        let body = try #require(request.json)
        #expect(body["step"] as? String == "initial_talk")
        #expect(body["date"] as? String == "2026-03-01")
        let data = try #require(body["data"] as? [String: Any])
        #expect(Set(data.keys) == ["votesFor", "names", "reason"])
        #expect(data["votesFor"] as? Int == 7)
        #expect(data["names"] as? [String] == ["王五", "赵六"])

        let void = try sandbox.run("correct", "12", "--reason", "recorded in error", "--void")
        #expect(void.status == 0, "\(void)")
        let correction = try #require(server.requests.last)
        #expect(correction.path == "/v1/events/12/corrections")
        #expect(correction.json?["void"] as? Bool == true)
        #expect(correction.json?["reason"] as? String == "recorded in error")
        #expect(correction.json?["data"] == nil)
    }

    @Test func personListPrintsTheNoteOnStandardError() throws {
        let table = "number   name\n2021001  张三\n"
        let server = try FakeFazhanServer { _ in .text(table, headers: ["Fazhan-Note": "1%20people%EF%BC%88%E5%BC%A0%E4%B8%89%EF%BC%89"]) }
        defer { server.stop() }
        let sandbox = try ClientSandbox()
        try sandbox.signIn(server: server.url)
        let result = try sandbox.run(["person", "list", "--org", "CS", "--all"], environment: ["FAZHAN_SERVER": server.url])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout == table)
        #expect(result.stderr == "1 people（张三）\n")
        #expect(server.requests.first?.query == ["org": "CS", "format": "table", "all": "true"])
    }

    @Test func anEndedSessionAsksToSignInAgain() throws {
        let server = try FakeFazhanServer { _ in .error(401, "unauthorized", "the session has ended") }
        defer { server.stop() }
        let sandbox = try ClientSandbox()
        try sandbox.signIn(server: server.url, user: "alice")
        let result = try sandbox.run(["agenda", "--within", "8w"], environment: ["FAZHAN_SERVER": server.url])
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.hasPrefix("error: "), "\(result)")
        #expect(result.stderr.contains("sign in again with `fazhan login \(server.url) --user alice`"), "\(result)")
        #expect(server.requests.first?.query == ["within": "56d", "format": "table"])
    }

    @Test func errorsWithoutJSONNameTheStatus() throws {
        let server = try FakeFazhanServer { _ in .text("<html>Bad Gateway</html>", status: 502) }
        defer { server.stop() }
        let sandbox = try ClientSandbox()
        try sandbox.signIn(server: server.url)
        let result = try sandbox.run(["show", "2021001"], environment: ["FAZHAN_SERVER": server.url])
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr == "error: the Fazhan server at \(server.url) answered 502 (bad gateway) to GET /v1/people/2021001\n")
    }

    @Test func auditExitsAsItWouldLocally() throws {
        let server = try FakeFazhanServer { request in
            request.query["format"] == "json"
                ? .text("{\n  \"violations\" : 0\n}\n")
                : .text("audit as of 2026-11-20: 2 people\n\n3 findings, 2 violations\n")
        }
        defer { server.stop() }
        let sandbox = try ClientSandbox()
        try sandbox.signIn(server: server.url)
        sandbox.environment["FAZHAN_SERVER"] = server.url
        let table = try sandbox.run("audit", "--org", "CS")
        #expect(table.status == 1, "\(table)")
        #expect(table.stdout.hasSuffix("3 findings, 2 violations\n"))
        let json = try sandbox.run("audit", "--format", "json")
        #expect(json.status == 0, "\(json)")
    }

    @Test func reportToAFileWritesTheBodyAndSaysSo() throws {
        let server = try FakeFazhanServer { _ in .text("<html>report</html>") }
        defer { server.stop() }
        let sandbox = try ClientSandbox()
        try sandbox.signIn(server: server.url)
        let file = sandbox.directory.appendingPathComponent("q3.html").path
        let result = try sandbox.run(["report", "quarterly", "--quarter", "2026Q3", "--format", "html", "--output", file],
                                     environment: ["FAZHAN_SERVER": server.url])
        #expect(result.status == 0, "\(result)")
        #expect(result.stderr == "wrote \(file)\n")
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "<html>report</html>")
        #expect(server.requests.first?.query == ["quarter": "2026Q3", "format": "html"])
    }

    @Test func exportToAFileIsWholeAndPrivate() throws {
        let csv = "\u{FEFF}学号,姓名,备注\r\n2021001,张三,\"two\r\nlines\"\r\n2021002,李四,\r\n"
        let server = try FakeFazhanServer { request in
            request.path == "/v1/exports/people"
                ? FakeFazhanServer.Response(status: 200, headers: ["Content-Type": "text/csv"], body: Data(csv.utf8))
                : .error(404, "not_found", "error: this server does not export events yet")
        }
        defer { server.stop() }
        let sandbox = try ClientSandbox()
        try sandbox.signIn(server: server.url)
        sandbox.environment["FAZHAN_SERVER"] = server.url
        let file = sandbox.directory.appendingPathComponent("people.csv").path
        let result = try sandbox.run("export", "people", "--stage", "activist", "--output", file, "--reveal")
        #expect(result.status == 0, "\(result)")
        #expect(result.stderr == "exported 2 people to \(file)\n")
        #expect(try Data(contentsOf: URL(fileURLWithPath: file)) == Data(csv.utf8))
        #expect(try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int == 0o600)
        #expect(server.requests.first?.query == ["format": "csv", "headers": "zh", "stage": "activist", "reveal": "true"])
        let again = try sandbox.run("export", "people", "--output", file)
        #expect(again.status == 1 && again.stderr.contains("exists; pass --force"), "\(again)")

        let missing = sandbox.directory.appendingPathComponent("events.csv").path
        let events = try sandbox.run("export", "events", "--output", missing)
        #expect(events.status == 1, "\(events)")
        #expect(events.stderr == "error: this server does not export events yet\n")
        #expect(!FileManager.default.fileExists(atPath: missing))
        #expect(try FileManager.default.contentsOfDirectory(atPath: sandbox.directory.path).filter { $0.hasPrefix(".events") }.isEmpty)

        let toOutput = try sandbox.run("export", "people", "--format", "json", "--headers", "en")
        #expect(toOutput.stdoutBytes == Data(csv.utf8))
    }
}

import Foundation
import Testing

/// The built `fazhan` binary, run on a temporary database the way a branch organizer runs it:
/// exit codes, settings, workflow files, people, the append-only log, refusals, JSON output,
/// corrections and looking back in time.
@Suite struct CLITests {
    // MARK: - The database file

    @Test func initCreatesAnOwnerOnlyFileAndRefusesToOverwriteIt() throws {
        let sandbox = try CLISandbox()
        let created = try sandbox.run("init", "--workflow", "cpc-2014")
        #expect(created.status == 0, "\(created)")
        let attributes = try FileManager.default.attributesOfItem(atPath: sandbox.database.path)
        let permissions = try #require(attributes[.posixPermissions] as? NSNumber)
        #expect(permissions.intValue & 0o777 == 0o600, "mode \(String(permissions.intValue, radix: 8))")

        try sandbox.succeed("org", "add", "UNI", "--name", "某大学党委", "--kind", "committee")
        let again = try sandbox.run("init", "--workflow", "cpc-2014")
        #expect(again.status == 1, "\(again)")
        #expect(again.output.contains(sandbox.database.path) || again.output.contains("exists"), "\(again)")
        // The existing database is untouched: what was in it is still there.
        let organizations = try sandbox.succeed("org", "list", "--format", "json").array()
        #expect(organizations.map { $0["code"] as? String } == ["UNI"])
        let permissionsAfter = try FileManager.default.attributesOfItem(atPath: sandbox.database.path)[.posixPermissions] as? NSNumber
        #expect(permissionsAfter?.intValue == permissions.intValue)
    }

    /// The `fazhan` executable links no PostgreSQL driver: a URL is refused with a sentence that
    /// names the executable that opens it, and nothing is created.
    @Test(arguments: ["show", "audit", "check"])
    func aPostgreSQLURLNamesFazhanServer(command: String) throws {
        let sandbox = try CLISandbox()
        let arguments = command == "audit" ? [command] : [command, "2023001"]
        let result = try sandbox.run(arguments + ["--db", "postgres://fazhan@127.0.0.1:5432/fazhan"])
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains("is a PostgreSQL database; the fazhan command opens SQLite files only"), "\(result)")
        #expect(result.stderr.contains("fazhan-server"), "\(result)")
        #expect(!FileManager.default.fileExists(atPath: sandbox.directory.appendingPathComponent("postgres:").path))
    }

    @Test func dbOptionBeatsTheEnvironment() throws {
        let sandbox = try CLISandbox()
        let other = sandbox.directory.appendingPathComponent("other.sqlite").path
        try sandbox.succeed("init", "--workflow", "cpc-2014", "--db", other)
        #expect(FileManager.default.fileExists(atPath: other))
        #expect(!FileManager.default.fileExists(atPath: sandbox.database.path), "init wrote $FAZHAN_DB despite --db")

        // Without --db, $FAZHAN_DB is used: it does not exist yet.
        let missing = try sandbox.run("org", "list")
        #expect(missing.status == 1, "\(missing)")

        try sandbox.succeed("init", "--workflow", "cpc-2014")
        try sandbox.succeed("org", "add", "OTHER", "--name", "另一个党委", "--kind", "committee", "--db", other)
        try sandbox.succeed("org", "add", "ENV", "--name", "环境变量党委", "--kind", "committee")
        let viaOption = try sandbox.succeed("org", "list", "--format", "json", "--db", other).array()
        let viaEnvironment = try sandbox.succeed("org", "list", "--format", "json").array()
        #expect(viaOption.map { $0["code"] as? String } == ["OTHER"])
        #expect(viaEnvironment.map { $0["code"] as? String } == ["ENV"])
    }

    // MARK: - Usage errors

    @Test(arguments: [
        ["record", "2021001", "initial_talk", "--on", "2023-03-15", "--bogus"],
        ["record", "2021001", "initial_talk", "--on", "2026-02-30"],
        ["record", "2021001", "initial_talk", "--on", "15/03/2023"],
        ["record", "2021001", "initial_talk"],
        ["advance", "2021001", "--to", "activist"],
        ["advance", "2021001", "--to", "activist", "--on", "2023-02-29"],
        ["record", "2021001", "admission_meeting", "--on", "2023-03-15", "--expected", "-1", "--present", "0", "--for", "0"],
        ["person", "list", "--format", "xml"],
    ])
    func usageErrorsExit64AndRecordNothing(arguments: [String]) throws {
        let sandbox = try CLISandbox()
        try sandbox.setUpUniversity()
        try sandbox.addStudent()
        try sandbox.succeed("record", "2021001", "submit_application", "--on", "2023-03-01")
        let before = try sandbox.eventCount()
        let result = try sandbox.run(arguments)
        #expect(result.status == 64, "\(result)")
        #expect(!result.stderr.isEmpty, "a usage error explains itself on standard error: \(result)")
        #expect(try sandbox.eventCount() == before)
    }

    @Test func orgAddOfABranchWithoutParentIsAUsageError() throws {
        let sandbox = try CLISandbox()
        try sandbox.succeed("init", "--workflow", "cpc-2014")
        let branch = try sandbox.run("org", "add", "CS-S1", "--name", "本科生第一党支部", "--kind", "branch")
        #expect(branch.status == 64, "\(branch)")
        #expect(branch.stderr.contains("--parent"), "\(branch)")
        let general = try sandbox.run("org", "add", "CS", "--name", "计算机学院党总支", "--kind", "general-branch")
        #expect(general.status == 64, "\(general)")
        #expect(try sandbox.succeed("org", "list", "--format", "json").array().isEmpty)
    }

    // MARK: - Workflow files

    @Test func workflowValidateAcceptsAGoodFile() throws {
        let sandbox = try CLISandbox()
        let path = workflowsFolder.appendingPathComponent("cpc-2014.yaml").path
        let result = try sandbox.run("workflow", "validate", path)
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.contains("valid"), "\(result)")
        #expect(result.stdout.contains("cpc-2014"), "\(result)")
    }

    @Test func workflowValidateReportsEveryProblemWithFileAndLine() throws {
        let sandbox = try CLISandbox()
        // The file needs a calendar beside it, as in workflows/.
        for name in try FileManager.default.contentsOfDirectory(atPath: workflowsFolder.appendingPathComponent("calendars").path) {
            let text = try String(contentsOf: workflowsFolder.appendingPathComponent("calendars").appendingPathComponent(name), encoding: .utf8)
            try sandbox.write(text, to: "calendars/\(name)")
        }
        let good = """
            workflow: tiny
            title: 一个小规则
            issued: 2014-05-28
            provisional: false
            calendar: cn

            stages:
              applicant: {name: 入党申请人, order: 1}
              activist:  {name: 入党积极分子, order: 2, final: true}

            rules:
              R1: {name: 入党年龄, basis: 党章第一条}
              R2: {name: 派人谈话, basis: 细则（2014）第七条}

            steps:
              submit_application: {number: 1, name: 递交入党申请书, rules: [R1], enters: applicant}
              initial_talk:       {number: 2, name: 党组织派人谈话, rules: [R2], requires: [submit_application]}
              designate_activist: {number: 3, name: 确定入党积极分子, rules: [R2], enters: activist, from: [applicant]}

            probation:
              starts_at: initial_talk
              length: 1 year
              rule: R1

            guards:
              application-age:
                on: submit_application
                rule: R1
                kind: age
                min: 18
              activist-talk:
                on: designate_activist
                rule: R2
                kind: step_recorded
                step: initial_talk

            """
        // The same file is valid before the two mistakes are made: they are the only problems.
        let goodPath = try sandbox.write(good, to: "tiny.yaml")
        let control = try sandbox.run("workflow", "validate", goodPath)
        #expect(control.status == 0, "\(control)")

        let bad = good.replacingOccurrences(of: "kind: age", with: "kind: horoscope")
            .replacingOccurrences(of: "step: initial_talk", with: "step: initial_chat")
        let badPath = try sandbox.write(bad, to: "bad.yaml")
        let lines = bad.components(separatedBy: "\n")
        let kindLine = try #require(lines.firstIndex { $0.contains("horoscope") }) + 1
        let stepLine = try #require(lines.firstIndex { $0.contains("initial_chat") }) + 1

        let result = try sandbox.run("workflow", "validate", badPath)
        #expect(result.status == 1, "\(result)")
        let reported = result.output.components(separatedBy: "\n")
        let kindProblem = reported.first { $0.contains("horoscope") }
        let stepProblem = reported.first { $0.contains("initial_chat") }
        #expect(kindProblem?.contains("bad.yaml:\(kindLine):") == true, "unknown guard kind not reported at line \(kindLine): \(result)")
        #expect(stepProblem?.contains("bad.yaml:\(stepLine):") == true, "unknown step id not reported at line \(stepLine): \(result)")
    }

    @Test func workflowDiagramDrawsMermaidAndDot() throws {
        let sandbox = try CLISandbox()
        let mermaid = try sandbox.run("workflow", "diagram", "cpc-2014", "--format", "mermaid")
        #expect(mermaid.status == 0, "\(mermaid)")
        #expect(mermaid.stdout.contains("stateDiagram-v2"), "\(mermaid)")
        #expect(mermaid.stdout.contains("applicant --> activist"), "\(mermaid)")
        #expect(mermaid.stdout.contains("probationary --> full_member"), "\(mermaid)")
        let dot = try sandbox.run("workflow", "diagram", "cpc-2014", "--format", "dot")
        #expect(dot.status == 0, "\(dot)")
        #expect(dot.stdout.contains("digraph"), "\(dot)")
        #expect(dot.stdout.contains("applicant"), "\(dot)")
        let unknown = try sandbox.run("workflow", "diagram", "cpc-2014", "--format", "svg")
        #expect(unknown.status == 64, "\(unknown)")
    }

    // MARK: - People and identity numbers

    @Test func personAddRefusesAnInvalidIDAndPrintsItMasked() throws {
        let sandbox = try CLISandbox()
        try sandbox.setUpUniversity()
        let wrong = "110101200303151231"  // the check character should be 0
        let result = try sandbox.run("person", "add", "--number", "2021002", "--name", "李四", "--org", "CS-S1",
                                     "--category", "student", "--id-number", wrong)
        #expect(result.status == 1, "\(result)")
        #expect(result.output.contains("110*************31"), "\(result)")
        #expect(!result.output.contains(wrong), "the full ID number was printed: \(result)")
        #expect(!result.output.contains("20030315"), "the birth date digits were printed: \(result)")
        #expect(try sandbox.succeed("person", "list", "--format", "json").array().isEmpty)
    }

    @Test func personListMasksTheIDUnlessRevealed() throws {
        let sandbox = try CLISandbox()
        try sandbox.setUpUniversity()
        try sandbox.addStudent()
        let masked = try sandbox.succeed("person", "list", "--format", "json")
        let rows = try masked.array()
        #expect(rows.count == 1)
        #expect(rows.first?["idNumber"] as? String == "110*************34")
        #expect(rows.first?["birthDate"] as? String == "2003-01-01")
        #expect(rows.first?["gender"] as? String == "male")
        #expect(!masked.output.contains(validResidentID), "\(masked)")

        let revealed = try sandbox.succeed("person", "list", "--format", "json", "--reveal").array()
        #expect(revealed.first?["idNumber"] as? String == validResidentID)

        let table = try sandbox.succeed("person", "list")
        #expect(!table.output.contains(validResidentID), "\(table)")
        let show = try sandbox.succeed("show", "2021001", "--format", "json").object()
        #expect(show["idNumber"] as? String == "110*************34")
    }

    @Test func personListCSVHasAByteOrderMarkAndAHeader() throws {
        let sandbox = try CLISandbox()
        try sandbox.setUpUniversity()
        try sandbox.addStudent()
        let csv = try sandbox.succeed("person", "list", "--format", "csv")
        #expect(Array(csv.stdoutBytes.prefix(3)) == [0xEF, 0xBB, 0xBF], "no UTF-8 BOM: \(csv)")
        let text = String(decoding: csv.stdoutBytes.dropFirst(3), as: UTF8.self)
        let lines = text.split(whereSeparator: \.isNewline).map(String.init)
        #expect(lines.count == 2, "\(csv)")
        let header = try #require(lines.first)
        #expect(header.hasPrefix("number,name"), "\(csv)")
        #expect(header.contains("stage"), "\(csv)")
        let row = try #require(lines.last)
        #expect(row.hasPrefix("2021001,张三"), "\(csv)")
        #expect(row.contains("110*************34"), "\(csv)")
        #expect(!row.contains(validResidentID), "\(csv)")
    }

    // MARK: - The event log

    @Test func theEventLogRefusesUpdateAndDelete() throws {
        let sandbox = try CLISandbox()
        try sandbox.setUpUniversity()
        try sandbox.addStudent()
        try sandbox.succeed("record", "2021001", "submit_application", "--on", "2023-03-01")
        try sandbox.succeed("record", "2021001", "initial_talk", "--on", "2023-03-15")

        let update = try sandbox.sqlite("UPDATE event SET step='x';")
        #expect(update.status != 0, "\(update)")
        #expect(update.output.contains("append-only"), "\(update)")
        let delete = try sandbox.sqlite("DELETE FROM event;")
        #expect(delete.status != 0, "\(delete)")
        #expect(delete.output.contains("append-only"), "\(delete)")

        let steps = try sandbox.sqlite("SELECT step FROM event ORDER BY id;")
        #expect(steps.stdout.split(whereSeparator: \.isNewline) == ["submit_application", "initial_talk"], "\(steps)")
    }

    @Test func aVoteWithMorePresentThanExpectedIsRefusedAndNothingRecorded() throws {
        let sandbox = try CLISandbox()
        try sandbox.setUpUniversity()
        try sandbox.addStudent()
        try walkToActivist(sandbox)
        let before = try sandbox.succeed("history", "2021001", "--format", "json").stdout
        let count = try sandbox.eventCount()
        let result = try sandbox.run("record", "2021001", "admission_meeting", "--on", "2024-11-20",
                                     "--expected", "9", "--present", "10", "--for", "8")
        #expect(result.status == 1, "\(result)")
        #expect(result.output.contains("10") && result.output.contains("9"), "\(result)")
        #expect(result.output.contains("实到") || result.output.contains("present"), "\(result)")
        #expect(try sandbox.eventCount() == count)
        #expect(try sandbox.succeed("history", "2021001", "--format", "json").stdout == before)

        // One vote per person: more votes cast than members present.
        let votes = try sandbox.run("record", "2021001", "admission_meeting", "--on", "2024-11-20",
                                    "--expected", "9", "--present", "6", "--for", "6", "--against", "1")
        #expect(votes.status == 1, "\(votes)")
        #expect(try sandbox.eventCount() == count)
    }

    @Test func aFutureDateIsRefused() throws {
        let sandbox = try CLISandbox(today: "2026-11-20")
        try sandbox.setUpUniversity()
        try sandbox.addStudent()
        try sandbox.refuse("record", "2021001", "submit_application", "--on", "2026-11-21", naming: [])
        try sandbox.succeed("record", "2021001", "submit_application", "--on", "2026-11-02")
        let tomorrow = try sandbox.refuse("record", "2021001", "initial_talk", "--on", "2026-11-21", naming: [])
        #expect(tomorrow.output.contains("2026-11-21"), "\(tomorrow)")
        #expect(tomorrow.output.contains("future"), "\(tomorrow)")
        try sandbox.refuse("advance", "2021001", "--to", "activist", "--on", "2027-06-01", naming: [])
        // Today itself is not the future.
        try sandbox.succeed("record", "2021001", "initial_talk", "--on", "2026-11-20")
    }

    // MARK: - JSON for scripts

    @Test func checkJSONHasTheDocumentedShape() throws {
        let sandbox = try CLISandbox()
        try sandbox.setUpUniversity()
        try sandbox.addStudent()
        try walkToActivist(sandbox)
        try sandbox.succeed("record", "2021001", "file_activist", "--on", "2023-09-20")
        try sandbox.succeed("record", "2021001", "assign_mentors", "--on", "2023-09-20", "--names", "王老师,李老师", "--statement", "均为正式党员，未受留党察看处分")
        try sandbox.succeed("record", "2021001", "activist_assessment", "--on", "2024-03-15")

        let early = try sandbox.run("check", "2021001", "--to", "candidate", "--on", "2024-09-10", "--format", "json")
        #expect(early.status == 1, "\(early)")
        let refused = try early.object()
        #expect(refused["allowed"] as? Bool == false)
        #expect(refused["to"] as? String == "candidate")
        let checks = try #require(refused["checks"] as? [[String: Any]])
        #expect(!checks.isEmpty)
        for check in checks {
            #expect(check["rule"] is String, "\(check)")
            #expect(check["passed"] is Bool, "\(check)")
            #expect(check["found"] is String, "\(check)")
            #expect(check["required"] is String, "\(check)")
            #expect(check["message"] is String, "\(check)")
            #expect(check.keys.contains("earliest"), "earliest must be present, null when there is none: \(check)")
            if let earliest = check["earliest"], !(earliest is NSNull) {
                #expect(isCivilDate(earliest as? String), "\(check)")
            }
        }
        let oneYear = checks.first { $0["rule"] as? String == "R7" && $0["passed"] as? Bool == false }
        #expect(oneYear?["earliest"] as? String == "2024-09-15", "\(early)")

        let onTime = try sandbox.run("check", "2021001", "--to", "candidate", "--on", "2024-09-20", "--format", "json")
        #expect(onTime.status == 0, "\(onTime)")
        let allowed = try onTime.object()
        #expect(allowed["allowed"] as? Bool == true)
        for check in allowed["checks"] as? [[String: Any]] ?? [] {
            #expect(check["passed"] as? Bool == true, "\(check)")
            #expect(check["earliest"] is NSNull, "a passing check has no earliest date: \(check)")
        }
        // `check` records nothing.
        #expect(try sandbox.succeed("show", "2021001", "--format", "json").object()["stage"] as? String == "activist")
    }

    @Test func showJSONHasNumberStageAndStageSince() throws {
        let sandbox = try CLISandbox()
        try sandbox.setUpUniversity()
        try sandbox.addStudent()
        let before = try sandbox.succeed("show", "2021001", "--format", "json").object()
        #expect(before["number"] as? String == "2021001")
        #expect(before["stage"] == nil || before["stage"] is NSNull, "\(before)")
        try walkToActivist(sandbox)
        let show = try sandbox.succeed("show", "2021001", "--format", "json").object()
        #expect(show["number"] as? String == "2021001")
        #expect(show["stage"] as? String == "activist")
        #expect(show["stageSince"] as? String == "2023-09-15")
        #expect(show["name"] as? String == "张三")
    }

    // MARK: - Corrections and time travel

    @Test func aCorrectionKeepsTheOriginalAndMovesTheStageDates() throws {
        let sandbox = try CLISandbox()
        try sandbox.setUpUniversity()
        try sandbox.addStudent()
        try walkToActivist(sandbox)
        let original = try #require(try events(sandbox).first { $0["step"] as? String == "designate_activist" })
        let originalID = try #require(original["id"] as? Int)
        let count = try sandbox.eventCount()

        let missingReason = try sandbox.run("correct", String(originalID), "--on", "2023-09-18")
        #expect(missingReason.status == 64, "\(missingReason)")
        let blankReason = try sandbox.run("correct", String(originalID), "--on", "2023-09-18", "--reason", " ")
        #expect(blankReason.status == 64, "\(blankReason)")

        try sandbox.succeed("correct", String(originalID), "--on", "2023-09-18", "--reason", "支委会会议记录日期为9月18日")
        #expect(try sandbox.eventCount() == count + 1, "a correction is a new event; the original stays")

        let all = try events(sandbox)
        let kept = try #require(all.first { $0["id"] as? Int == originalID })
        #expect(kept["date"] as? String == "2023-09-15")
        #expect(kept["effective"] as? Bool == false)
        let correctedBy = try #require(kept["correctedBy"] as? [Int])
        #expect(correctedBy.count == 1)
        let correction = try #require(all.first { $0["id"] as? Int == correctedBy.first })
        #expect(correction["corrects"] as? Int == originalID)
        #expect(correction["date"] as? String == "2023-09-18")
        #expect(correction["effective"] as? Bool == true)
        #expect(correction["correctionReason"] as? String == "支委会会议记录日期为9月18日")

        let show = try sandbox.succeed("show", "2021001", "--format", "json").object()
        #expect(show["stage"] as? String == "activist")
        #expect(show["stageSince"] as? String == "2023-09-18")
        let timeline = try #require(show["timeline"] as? [[String: Any]])
        let activist = timeline.first { $0["stage"] as? String == "activist" }
        #expect(activist?["effectiveFrom"] as? String == "2023-09-18")
        #expect(activist?["enteredOn"] as? String == "2023-09-18")
        // On the original date the person was not yet an activist.
        let asOf = try sandbox.succeed("show", "2021001", "--format", "json", "--as-of", "2023-09-16").object()
        #expect(asOf["stage"] as? String == "applicant")
    }

    /// A stage already entered cannot be entered again by recording its transition with an
    /// earlier date: the person is an activist since 2023-09-15, so a second 确定入党积极分子
    /// dated 2023-09-14 must be refused (R3, the step's rule) and nothing recorded; a wrong date
    /// is fixed with `correct`.
    @Test func aStageAlreadyEnteredCannotBeEnteredAgainByBackdating() throws {
        let sandbox = try CLISandbox()
        try sandbox.setUpUniversity()
        try sandbox.addStudent()
        try walkToActivist(sandbox)
        let before = try sandbox.succeed("history", "2021001", "--format", "json").stdout
        try sandbox.refuse("advance", "2021001", "--to", "activist", "--on", "2023-09-14", naming: ["R3"])
        try sandbox.refuse("record", "2021001", "designate_activist", "--on", "2023-09-10", naming: ["R3"])
        #expect(try sandbox.succeed("history", "2021001", "--format", "json").stdout == before)
        let show = try sandbox.succeed("show", "2021001", "--format", "json").object()
        #expect(show["stageSince"] as? String == "2023-09-15")
        #expect((show["timeline"] as? [[String: Any]])?.count == 2, "\(show)")
    }

    @Test func historyAsOfADateBeforeATransitionShowsTheEarlierStage() throws {
        let sandbox = try CLISandbox()
        try sandbox.setUpUniversity()
        try sandbox.addStudent()
        try walkToActivist(sandbox)
        let before = try sandbox.succeed("history", "2021001", "--as-of", "2023-09-14", "--format", "json").object()
        #expect(before["asOf"] as? String == "2023-09-14")
        #expect(before["stage"] as? String == "applicant")
        #expect(before["stageSince"] as? String == "2023-03-01")
        let listed = try #require(before["events"] as? [[String: Any]])
        #expect(listed.allSatisfy { ($0["date"] as? String ?? "9999") <= "2023-09-14" }, "\(before)")
        #expect(!listed.contains { $0["step"] as? String == "designate_activist" })

        let on = try sandbox.succeed("history", "2021001", "--as-of", "2023-09-15", "--format", "json").object()
        #expect(on["stage"] as? String == "activist")
        #expect(on["stageSince"] as? String == "2023-09-15")

        let table = try sandbox.succeed("history", "2021001", "--as-of", "2023-09-14")
        #expect(table.stdout.contains("入党申请人"), "\(table)")
        let beforeApplying = try sandbox.succeed("history", "2021001", "--as-of", "2023-02-28", "--format", "json").object()
        #expect(beforeApplying["stage"] == nil || beforeApplying["stage"] is NSNull, "\(beforeApplying)")

        // The 推优 (event #3, 2023-08-20) corrected to 2023-09-01: as of 2023-08-25 the original is
        // listed (superseded) and the correction, dated later, is not.
        try sandbox.succeed("correct", "3", "--on", "2023-09-01", "--reason", "日期有误")
        let corrected = try sandbox.succeed("history", "2021001", "--as-of", "2023-08-25", "--format", "json").object()
        let events = try #require(corrected["events"] as? [[String: Any]])
        #expect(events.allSatisfy { ($0["date"] as? String ?? "9999") <= "2023-08-25" }, "\(corrected)")
        #expect(events.contains { $0["id"] as? Int == 3 && $0["effective"] as? Bool == false }, "\(corrected)")
    }
}

// MARK: - Helpers

/// Application 2023-03-01, first talk 2023-03-15, League 推优 2023-08-20, activist 2023-09-15.
private func walkToActivist(_ sandbox: CLISandbox, sourceLocation: SourceLocation = #_sourceLocation) throws {
    try sandbox.succeed("record", "2021001", "submit_application", "--on", "2023-03-01", sourceLocation: sourceLocation)
    try sandbox.succeed("record", "2021001", "initial_talk", "--on", "2023-03-15", sourceLocation: sourceLocation)
    try sandbox.succeed("record", "2021001", "recommendation", "--on", "2023-08-20", "--method", "league", sourceLocation: sourceLocation)
    try sandbox.succeed("advance", "2021001", "--to", "activist", "--on", "2023-09-15", sourceLocation: sourceLocation)
}

/// Every event of 2021001 as `history --format json` lists them.
private func events(_ sandbox: CLISandbox, sourceLocation: SourceLocation = #_sourceLocation) throws -> [[String: Any]] {
    let history = try sandbox.succeed("history", "2021001", "--format", "json", sourceLocation: sourceLocation).object()
    return try #require(history["events"] as? [[String: Any]], sourceLocation: sourceLocation)
}

/// `YYYY-MM-DD`.
func isCivilDate(_ text: String?) -> Bool {
    guard let text else { return false }
    return text.wholeMatch(of: /\d{4}-\d{2}-\d{2}/) != nil
}

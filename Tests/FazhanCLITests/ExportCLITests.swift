import FazhanCore
import FazhanSQLite
import FazhanStore
import Foundation
import Testing

/// `fazhan export people|events|persons-in-stage`, run as the built binary on a temporary
/// database: Excel-ready CSV, JSON, masking, filters, looking back in time and the output file.
@Suite struct ExportCLITests {
    static let chineseHeaders = ["学号", "姓名", "所在组织", "类别", "性别", "出生日期", "民族", "学历", "层次", "年级", "共青团员", "身份证号",
                                 "当前阶段", "阶段起始"]
    static let englishHeaders = ["number", "name", "organization", "category", "gender", "birth_date", "ethnicity", "education",
                                 "level", "grade", "league_member", "id_number", "stage", "stage_since"]

    // MARK: - People

    @Test func peopleCSVHasAByteOrderMarkChineseHeadersAndMaskedIDNumbers() throws {
        let sandbox = try exportSandbox()
        let csv = try sandbox.succeed("export", "people")
        #expect(Array(csv.stdoutBytes.prefix(3)) == [0xEF, 0xBB, 0xBF], "no UTF-8 byte order mark: \(csv)")
        let text = String(decoding: csv.stdoutBytes.dropFirst(3), as: UTF8.self)
        #expect(text.hasSuffix("\r\n"), "\(csv)")
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "a line ends without CR: \(csv)")
        let rows = try table(csv)
        #expect(rows.first == Self.chineseHeaders, "\(csv)")
        let zhang = try #require(rows.first { $0.first == "2021001" }, "\(csv)")
        #expect(zhang == ["2021001", "张三", "CS-S1", "student", "male", "2003-01-01", "汉族", "", "undergraduate", "2021", "是",
                          "110*************34", "入党积极分子", "2023-09-15"])
        #expect(!csv.stdout.contains(validResidentID), "the full ID number was exported without --reveal: \(csv)")

        let revealed = try table(try sandbox.succeed("export", "people", "--reveal"))
        #expect(revealed.first { $0.first == "2021001" }?[11] == validResidentID)

        let english = try table(try sandbox.succeed("export", "people", "--headers", "en"))
        #expect(english.first == Self.englishHeaders)
        #expect(english.dropFirst() == rows.dropFirst(), "the headers' language changed the values")
    }

    /// The people export is a roster `fazhan import people` reads back into another database: the
    /// same people with the same details (ID numbers in full with --reveal).
    @Test func anExportedRosterImportsBackIntoAnotherDatabase() throws {
        let sandbox = try exportSandbox()
        let file = sandbox.directory.appendingPathComponent("roster.csv").path
        try sandbox.succeed("export", "people", "--org", "CS", "--reveal", "--output", file)
        let other = sandbox.directory.appendingPathComponent("other.sqlite").path
        try sandbox.succeed("init", "--workflow", "cpc-2014", "--db", other)
        try sandbox.succeed("org", "add", "UNI", "--name", "某大学党委", "--kind", "committee", "--db", other)
        try sandbox.succeed("org", "add", "CS", "--name", "计算机学院党总支", "--kind", "general-branch", "--parent", "UNI", "--db", other)
        try sandbox.succeed("org", "add", "CS-S1", "--name", "计算机学院本科生第一党支部", "--kind", "branch", "--parent", "CS",
                            "--category", "student", "--db", other)

        // The columns an import reads, without the read-only 当前阶段 and 阶段起始.
        let rows = try CSVReader.rows(String(contentsOfFile: file, encoding: .utf8)).map(\.fields)
        #expect(rows.first?.suffix(2) == ["当前阶段", "阶段起始"])
        let registration = rows.map { $0.prefix(12).map { "\"" + $0 + "\"" }.joined(separator: ",") }.joined(separator: "\r\n")
        let registrationFile = try sandbox.write(registration + "\r\n", to: "registration.csv")
        try sandbox.succeed("import", "people", registrationFile, "--db", other)

        let stageKeys: Set<String> = ["stage", "stage_id", "stage_since"]
        func people(_ database: String...) throws -> [NSDictionary] {
            try sandbox.exported(["export", "people", "--format", "json", "--reveal", "--org", "CS"] + database).array()
                .map { NSDictionary(dictionary: $0.filter { !stageKeys.contains($0.key) }) }
        }
        let original = try people()
        #expect(original.count == 1)
        #expect(try people("--db", other) == original)

        // The export as written, read-only stage columns included, imports back: all present already.
        let whole = try sandbox.run("import", "people", file, "--db", other, "--dry-run")
        #expect(whole.status == 0, "\(whole)")
        #expect(whole.stdout.contains("0 people would be imported"), "\(whole)")
    }

    @Test func peopleJSONIsAnArrayOfObjectsWithEveryEnglishKey() throws {
        let sandbox = try exportSandbox()
        let people = try sandbox.succeed("export", "people", "--format", "json").array()
        #expect(people.map { $0["number"] as? String } == ["2021001", "2021002", "2021003"])
        for person in people {
            #expect(Set(person.keys) == Set(Self.englishHeaders + ["stage_id", "organization_name"]), "\(person)")
        }
        let zhang = people[0]
        #expect(zhang["name"] as? String == "张三")
        #expect(zhang["organization"] as? String == "CS-S1")
        #expect(zhang["organization_name"] as? String == "计算机学院本科生第一党支部")
        #expect(zhang["grade"] as? Int == 2021)
        #expect(zhang["league_member"] as? Bool == true)
        #expect(zhang["id_number"] as? String == "110*************34")
        #expect(zhang["stage"] as? String == "入党积极分子")
        #expect(zhang["stage_id"] as? String == "activist")
        #expect(zhang["stage_since"] as? String == "2023-09-15")
        #expect(zhang["education"] is NSNull, "an absent value is null, its key still there: \(zhang)")
        // Registered, no application yet: no stage.
        #expect(people[2]["stage"] is NSNull, "\(people[2])")
        #expect(people[2]["stage_id"] is NSNull, "\(people[2])")

        let revealed = try sandbox.succeed("export", "people", "--format", "json", "--reveal").array()
        #expect(revealed[0]["id_number"] as? String == validResidentID)
    }

    @Test func orgTakesTheOrganizationAndThoseUnderIt() throws {
        let sandbox = try exportSandbox()
        func numbers(_ arguments: String...) throws -> [String?] {
            try sandbox.exported(["export", "people", "--format", "json"] + arguments).array().map { $0["number"] as? String }
        }
        #expect(try numbers("--org", "CS") == ["2021001"])
        #expect(try numbers("--org", "CS-S1") == ["2021001"])
        #expect(try numbers("--org", "EM") == ["2021002", "2021003"])
        #expect(try numbers("--org", "UNI") == ["2021001", "2021002", "2021003"])
        let events = try sandbox.succeed("export", "events", "--format", "json", "--org", "EM").array()
        #expect(!events.isEmpty && events.allSatisfy { $0["number"] as? String == "2021002" }, "\(events)")

        let unknown = try sandbox.run("export", "people", "--org", "NOPE")
        #expect(unknown.status == 1, "\(unknown)")
        #expect(unknown.stderr.contains("NOPE"), "\(unknown)")
        #expect(unknown.stdout.isEmpty, "\(unknown)")
    }

    @Test func peopleWhoLeftAreExportedOnlyWithAll() throws {
        let sandbox = try exportSandbox()
        try sandbox.succeed("record", "2021002", "withdrawal", "--on", "2024-01-10", "--reason", "本人申请撤回")
        let people = try sandbox.succeed("export", "people", "--format", "json").array()
        #expect(people.map { $0["number"] as? String } == ["2021001", "2021003"])
        let all = try sandbox.succeed("export", "people", "--format", "json", "--all").array()
        #expect(all.first { $0["number"] as? String == "2021002" }?["stage_id"] as? String == "withdrawn", "\(all)")
        // A stage asked for by name finds them without --all.
        let withdrawn = try sandbox.succeed("export", "people", "--format", "json", "--stage", "withdrawn").array()
        #expect(withdrawn.map { $0["number"] as? String } == ["2021002"])

        let events = try sandbox.succeed("export", "events", "--format", "json").array()
        #expect(!events.contains { $0["number"] as? String == "2021002" }, "\(events)")
        let allEvents = try sandbox.succeed("export", "events", "--format", "json", "--all").array()
        #expect(allEvents.contains { $0["number"] as? String == "2021002" && $0["step"] as? String == "withdrawal" })
    }

    @Test func stageFiltersPeopleByIdOrName() throws {
        let sandbox = try exportSandbox()
        let byID = try sandbox.succeed("export", "people", "--format", "json", "--stage", "applicant").array()
        #expect(byID.map { $0["number"] as? String } == ["2021002"])
        let byName = try sandbox.succeed("export", "people", "--format", "json", "--stage", "入党积极分子").array()
        #expect(byName.map { $0["number"] as? String } == ["2021001"])
    }

    // MARK: - Events

    @Test func eventsListCorrectionsBesideWhatTheyCorrectWithReasonAndImportedFlag() throws {
        let sandbox = try exportSandbox()
        let original = try #require(try sandbox.succeed("export", "events", "--format", "json").array()
            .first { $0["step"] as? String == "designate_activist" })
        let originalID = try #require(original["event_id"] as? Int)
        try sandbox.succeed("correct", String(originalID), "--on", "2023-09-18", "--reason", "支委会会议记录日期为9月18日")
        // A legacy event, as an import writes it: outside the guards, marked imported.
        let store = try SQLiteStore.open(path: sandbox.database.path, create: false)
        let zhang = try #require(try store.person("2021001"))
        try store.append(contentsOf: [Event(
            id: 0, personID: zhang.id, step: "activist_assessment", date: CivilDate("2024-03-11")!,
            recordedAt: "2026-11-20T08:00:00Z", recordedBy: "import", data: EventData(note: "旧台账", result: .pass),
            workflowVersion: zhang.workflowVersion, imported: true)])

        let events = try sandbox.succeed("export", "events", "--format", "json").array()
        let mine = events.filter { $0["number"] as? String == "2021001" }
        #expect(mine.map { $0["event_id"] as? Int } == mine.compactMap { $0["event_id"] as? Int }.sorted(), "not in recording order")
        let kept = try #require(mine.first { $0["event_id"] as? Int == originalID })
        #expect(kept["date"] as? String == "2023-09-15")
        #expect(kept["corrects"] is NSNull)
        let correction = try #require(mine.first { $0["corrects"] as? Int == originalID }, "\(mine)")
        #expect(correction["step"] as? String == "designate_activist")
        #expect(correction["step_name"] as? String == "推荐和确定入党积极分子", "the workflow's name of the step: \(correction)")
        #expect(correction["date"] as? String == "2023-09-18")
        #expect(correction["correction_reason"] as? String == "支委会会议记录日期为9月18日")
        #expect(correction["voids"] as? Bool == false)
        #expect(correction["imported"] as? Bool == false)
        let legacy = try #require(mine.first { $0["step"] as? String == "activist_assessment" })
        #expect(legacy["imported"] as? Bool == true)
        #expect(legacy["note"] as? String == "旧台账")
        #expect(legacy["result"] as? String == "pass")
        #expect(legacy["recorded_by"] as? String == "import")
        let recommendation = try #require(mine.first { $0["step"] as? String == "recommendation" })
        #expect(recommendation["method"] as? String == "league")

        // Every field an event can carry has its key, present even when empty.
        let dataKeys = Mirror(reflecting: EventData()).children.compactMap(\.label).map(snakeCase)
            .map { $0 == "votes_for" ? "for" : $0 }
        #expect(dataKeys.count >= 24)
        for key in dataKeys { #expect(kept.keys.contains(key), "no key \(key) in \(kept.keys.sorted())") }

        let csv = try table(try sandbox.succeed("export", "events"))
        let header = try #require(csv.first)
        for title in ["事件编号", "学号", "姓名", "步骤", "步骤名称", "日期", "记录时间", "记录人", "导入", "更正", "更正原因", "作废", "备注", "应到",
                      "实到", "赞成", "反对", "弃权", "开始", "结束", "审批组织", "原因"] {
            #expect(header.contains(title), "no column \(title) in \(header)")
        }
        let cell = { (row: [String], title: String) in row[header.firstIndex(of: title)!] }
        let correctionRow = try #require(csv.first { cell($0, "更正") == String(originalID) })
        #expect(cell(correctionRow, "更正原因") == "支委会会议记录日期为9月18日")
        #expect(cell(correctionRow, "导入") == "否")
        #expect(csv.contains { cell($0, "步骤") == "activist_assessment" && cell($0, "导入") == "是" })
        let english = try table(try sandbox.succeed("export", "events", "--headers", "en"))
        #expect(english.first?.prefix(3) == ["event_id", "number", "name"])
        #expect(english.first?.contains("correction_reason") == true)
    }

    @Test func eventsFromAndToKeepTheEventsOfThoseDates() throws {
        let sandbox = try exportSandbox()
        let events = try sandbox.succeed("export", "events", "--format", "json", "--from", "2023-03-15", "--to", "2023-08-20").array()
        let dates = events.compactMap { $0["date"] as? String }
        #expect(dates.count == events.count && !dates.isEmpty)
        #expect(dates.allSatisfy { $0 >= "2023-03-15" && $0 <= "2023-08-20" }, "\(dates)")
        #expect(dates.contains("2023-03-15") && dates.contains("2023-08-20"), "the bounds are included: \(dates)")
        let all = try sandbox.succeed("export", "events", "--format", "json").array()
        #expect(all.count > events.count)
    }

    // MARK: - Persons in a stage

    @Test func personsInStageAsOfAPastDateComeFromTheHistories() throws {
        let sandbox = try exportSandbox()
        func numbers(_ arguments: String...) throws -> [String?] {
            try sandbox.exported(["export", "persons-in-stage", "--format", "json"] + arguments).array().map { $0["number"] as? String }
        }
        // Both applied in March 2023; 张三 became an activist on 2023-09-15, 李四 did not.
        #expect(try numbers("--stage", "applicant", "--as-of", "2023-06-30") == ["2021001", "2021002"])
        #expect(try numbers("--stage", "activist", "--as-of", "2023-06-30") == [])
        #expect(try numbers("--stage", "applicant", "--as-of", "2023-09-15") == ["2021002"], "a transition counts from its day")
        #expect(try numbers("--stage", "applicant") == ["2021002"])
        #expect(try numbers("--stage", "activist") == ["2021001"])
        #expect(try numbers("--stage", "入党积极分子", "--as-of", "2026-11-20") == ["2021001"])

        let then = try sandbox.succeed("export", "persons-in-stage", "--format", "json", "--stage", "applicant", "--as-of", "2023-06-30").array()
        #expect(then[0]["stage_since"] as? String == "2023-03-01")
        #expect(then[0]["stage_id"] as? String == "applicant")
        #expect(then[0]["stage"] as? String == "入党申请人")
        #expect(then[0]["as_of"] as? String == "2023-06-30")
        #expect(then[0]["id_number"] as? String == "110*************34")
        let today = try sandbox.succeed("export", "persons-in-stage", "--format", "json", "--stage", "activist").array()
        #expect(today[0]["stage_since"] as? String == "2023-09-15")
        #expect(today[0]["as_of"] as? String == sandbox.today)

        // After a transfer, an earlier date finds 张三 in the organization that held him then.
        try sandbox.succeed("record", "2021001", "transfer", "--on", "2024-03-01", "--organization", "EM-S1")
        #expect(try numbers("--stage", "activist", "--org", "CS", "--as-of", "2024-02-29") == ["2021001"])
        #expect(try numbers("--stage", "activist", "--org", "EM", "--as-of", "2024-02-29") == [])
        #expect(try numbers("--stage", "activist", "--org", "CS", "--as-of", "2024-03-01") == [])
        #expect(try numbers("--stage", "activist", "--org", "EM") == ["2021001"])
        #expect(try numbers("--stage", "activist", "--org", "CS") == [])
        let moved = try sandbox.succeed("export", "persons-in-stage", "--stage", "activist", "--as-of", "2024-02-29", "--headers", "en")
        let rows = try table(moved)
        #expect(rows.first == ["number", "name", "organization", "organization_name", "category", "gender", "birth_date", "id_number",
                               "stage", "stage_id", "stage_since", "as_of"])
        #expect(rows.dropFirst().first?[2] == "CS-S1", "\(moved)")
    }

    // MARK: - The output file

    @Test func outputWritesAnOwnerOnlyFileAndNeverReplacesOneWithoutForce() throws {
        let sandbox = try exportSandbox()
        let path = sandbox.directory.appendingPathComponent("people.csv").path
        let written = try sandbox.succeed("export", "people", "--output", path)
        #expect(written.stdout.isEmpty, "\(written)")
        let exported = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(Array(exported.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(String(decoding: exported, as: UTF8.self).contains("张三"))
        let created = try mode(path)
        #expect(created == 0o600, "mode \(String(created, radix: 8))")

        try Data("mine".utf8).write(to: URL(fileURLWithPath: path))
        chmod(path, 0o644)
        let refused = try sandbox.run("export", "people", "--output", path)
        #expect(refused.status == 1, "\(refused)")
        #expect(refused.stderr.contains("--force"), "\(refused)")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "mine", "an existing file was overwritten")

        try sandbox.succeed("export", "people", "--format", "json", "--output", path, "--force")
        let replaced = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [[String: Any]]
        #expect(replaced?.count == 3)
        #expect(try mode(path) == 0o600, "the replacement is not owner-only")
        let left = try leftovers(sandbox)
        #expect(left.isEmpty, "temporary files left: \(left)")
    }

    @Test func aFailedExportLeavesNoFile() throws {
        let sandbox = try exportSandbox()
        let path = sandbox.directory.appendingPathComponent("events.csv").path
        let failed = try sandbox.run("export", "events", "--org", "NOPE", "--output", path)
        #expect(failed.status == 1, "\(failed)")
        #expect(!FileManager.default.fileExists(atPath: path))
        let missingFolder = sandbox.directory.appendingPathComponent("no/such/folder/events.csv").path
        let refused = try sandbox.run("export", "events", "--output", missingFolder)
        #expect(refused.status == 1, "\(refused)")
        let left = try leftovers(sandbox)
        #expect(left.isEmpty, "temporary files left: \(left)")
    }

    // MARK: - Spreadsheet safety

    @Test func aCellStartingWithAFormulaCharacterIsGuarded() throws {
        let sandbox = try exportSandbox()
        try sandbox.succeed("record", "2021002", "initial_talk", "--on", "2023-03-20", "--note", "=HYPERLINK(\"http://x\",\"点我\")")
        let people = try sandbox.succeed("export", "people")
        #expect(people.stdout.contains("\r\n2021003,\"'=1+2\","), "\(people)")
        let events = try sandbox.succeed("export", "events")
        #expect(events.stdout.contains(",\"'=HYPERLINK(\"\"http://x\"\",\"\"点我\"\")\","), "\(events)")
        #expect(!events.stdout.contains(",=HYPERLINK"), "\(events)")
        // JSON is not opened by spreadsheets: the text stays as entered.
        let json = try sandbox.succeed("export", "people", "--format", "json").array()
        #expect(json.last?["name"] as? String == "=1+2")
    }

    // MARK: - Usage errors

    @Test(arguments: [
        ["export", "persons-in-stage"],
        ["export", "persons-in-stage", "--stage", "bogus"],
        ["export", "persons-in-stage", "--stage", "activist", "--as-of", "2023-02-30"],
        ["export", "persons-in-stage", "--stage", "activist", "--as-of", "last-week"],
        ["export", "people", "--stage", "nope"],
        ["export", "people", "--format", "xml"],
        ["export", "people", "--format", "table"],
        ["export", "people", "--headers", "fr"],
        ["export", "people", "--force"],
        ["export", "events", "--from", "1 March 2023"],
        ["export", "events", "--from", "2024-01-02", "--to", "2024-01-01"],
        ["export", "events", "--reveal"],
    ])
    func usageErrorsExit64AndWriteNothing(arguments: [String]) throws {
        let sandbox = try exportSandbox()
        let result = try sandbox.run(arguments)
        #expect(result.status == 64, "\(result)")
        #expect(!result.stderr.isEmpty, "\(result)")
        #expect(result.stdout.isEmpty, "\(result)")
    }
}

// MARK: - Helpers

/// UNI > CS > CS-S1 and UNI > EM > EM-S1. 张三 (2021001, CS-S1) applied on 2023-03-01 and became an
/// activist on 2023-09-15; 李四 (2021002, EM-S1) applied on 2023-03-10; 2021003 (EM-S1), named `=1+2`,
/// has not applied.
private func exportSandbox(sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> CLISandbox {
    let sandbox = try CLISandbox()
    try sandbox.setUpUniversity(sourceLocation: sourceLocation)
    try sandbox.succeed("org", "add", "EM", "--name", "经济管理学院党总支", "--kind", "general-branch", "--parent", "UNI",
                        sourceLocation: sourceLocation)
    try sandbox.succeed("org", "add", "EM-S1", "--name", "经济管理学院本科生第一党支部", "--kind", "branch", "--parent", "EM",
                        "--category", "student", sourceLocation: sourceLocation)
    try sandbox.addStudent(sourceLocation: sourceLocation)
    for (number, name) in [("2021002", "李四"), ("2021003", "=1+2")] {
        try sandbox.succeed("person", "add", "--number", number, "--name", name, "--org", "EM-S1", "--category", "student",
                            "--birth", "2003-06-01", "--gender", "female", sourceLocation: sourceLocation)
    }
    try sandbox.succeed("record", "2021001", "submit_application", "--on", "2023-03-01", sourceLocation: sourceLocation)
    try sandbox.succeed("record", "2021001", "initial_talk", "--on", "2023-03-15", sourceLocation: sourceLocation)
    try sandbox.succeed("record", "2021001", "recommendation", "--on", "2023-08-20", "--method", "league", sourceLocation: sourceLocation)
    try sandbox.succeed("advance", "2021001", "--to", "activist", "--on", "2023-09-15", sourceLocation: sourceLocation)
    try sandbox.succeed("record", "2021002", "submit_application", "--on", "2023-03-10", sourceLocation: sourceLocation)
    return sandbox
}

extension CLISandbox {
    /// Runs an export that must succeed, its arguments given as an array.
    fileprivate func exported(_ arguments: [String], sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> CLIResult {
        let result = try run(arguments, sourceLocation: sourceLocation)
        try #require(result.status == 0, "\(result)", sourceLocation: sourceLocation)
        return result
    }
}

/// The records of a CSV export (after its byte order mark), parsed by the project's reader.
private func table(_ result: CLIResult, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> [[String]] {
    try #require(result.status == 0, "\(result)", sourceLocation: sourceLocation)
    let text = String(decoding: result.stdoutBytes.dropFirst(3), as: UTF8.self)
    return try CSVReader.rows(text).map(\.fields)
}

/// The permission bits of a file.
private func mode(_ path: String) throws -> Int {
    let attributes = try FileManager.default.attributesOfItem(atPath: path)
    return try #require(attributes[.posixPermissions] as? NSNumber).intValue & 0o777
}

/// Files in the sandbox an export may have left behind (its temporary files start with a dot).
private func leftovers(_ sandbox: CLISandbox) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: sandbox.directory.path)
        .filter { $0.hasPrefix(".") && !$0.hasPrefix(".out-") && !$0.hasPrefix(".err-") }
}

/// `votesFor` → `votes_for`.
private func snakeCase(_ name: String) -> String {
    name.reduce(into: "") { text, character in
        if character.isUppercase { text += "_" + character.lowercased() } else { text.append(character) }
    }
}

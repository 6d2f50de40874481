import FazhanCore
import Foundation
import Testing

/// A date from `YYYY-MM-DD` text; a typo is a recorded test issue, not a crash.
func day(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> CivilDate {
    guard let date = CivilDate(text) else {
        Issue.record("not a date: \(text)", sourceLocation: sourceLocation)
        return CivilDate(dayNumber: 0)
    }
    return date
}

/// The engines on the shipped rule sets and one university's organization tree.
enum ReportsFixture {
    /// The package root, found from this file (`Tests/FazhanReportsTests/Support/…`).
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Support
        .deletingLastPathComponent()  // FazhanReportsTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // the package
    static let workflows = root.appendingPathComponent("workflows").path

    /// The engine on `workflows/NAME.yaml` and its calendars.
    static func engine(_ name: String) throws -> Engine {
        Engine(bundle: try WorkflowLoader.directory(workflows).load(name))
    }

    //   大学党委 (committee, approves) ─ 学院党委 (committee, no authority) ─ 学生党总支 ─ 本科生第一党支部
    static let branchID: Int64 = 4
    static let branchCode = "ZB1"

    static let organizations = OrganizationDirectory([
        Organization(id: 1, code: "DW", name: "大学党委", kind: .committee, parentID: nil, category: .mixed, canApprove: true),
        Organization(id: 2, code: "XY", name: "计算机学院党委", kind: .committee, parentID: 1, category: .mixed, canApprove: false),
        Organization(id: 3, code: "ZZ", name: "学生党总支", kind: .generalBranch, parentID: 2, category: .student, canApprove: false),
        Organization(id: branchID, code: branchCode, name: "本科生第一党支部", kind: .branch, parentID: 3, category: .student, canApprove: false),
    ])
}

/// One recorded step of a person's history, as written in a test.
struct Entry: Sendable, CustomTestStringConvertible {
    var step: String
    var date: String
    var data: EventData = EventData()
    /// Came from an import of legacy records.
    var imported = false

    init(_ step: String, _ date: String, _ data: EventData = EventData(), imported: Bool = false) {
        self.step = step
        self.date = date
        self.data = data
        self.imported = imported
    }

    var testDescription: String { "\(step) on \(date)" }
}

/// Builds a person's history in memory: a profile and events with increasing ids, the way the
/// store hands them to the reports.
struct PersonHistory {
    var person: PersonProfile
    private(set) var events: [Event] = []

    init(number: String = "2024010101", name: String = "李华", born: String? = "2005-03-01", leagueMember: Bool = true) {
        person = PersonProfile(
            id: 1, number: number, name: name, category: .student, organizationID: ReportsFixture.branchID,
            gender: .female, birthDate: born.map { day($0) }, leagueMember: leagueMember, workflowVersion: 1)
    }

    init(_ entries: [Entry], number: String = "2024010101", born: String? = "2005-03-01", leagueMember: Bool = true) {
        self.init(number: number, born: born, leagueMember: leagueMember)
        for entry in entries { record(entry) }
    }

    var history: History { History(person: person, events: events) }

    @discardableResult
    mutating func record(_ step: String, _ date: String, _ data: EventData = EventData(), imported: Bool = false) -> Int64 {
        record(Entry(step, date, data, imported: imported))
    }

    @discardableResult
    mutating func record(_ entry: Entry) -> Int64 {
        let id = Int64(events.count + 1)
        events.append(Event(
            id: id, personID: person.id, step: entry.step, date: day(entry.date), recordedAt: "\(entry.date)T09:00:00Z",
            recordedBy: "组织委员", data: entry.data, workflowVersion: 1, imported: entry.imported))
        return id
    }
}

extension [Entry] {
    /// The entries up to and including the first of `step`.
    func through(_ step: String) -> [Entry] {
        guard let index = firstIndex(where: { $0.step == step }) else {
            Issue.record("no \(step) in the entries")
            return self
        }
        return Array(self[...index])
    }

    /// The entries recorded on or before a date.
    func on(orBefore date: String) -> [Entry] {
        filter { day($0.date) <= day(date) }
    }

    /// Sorted by date; entries of the same date keep their order.
    func inDateOrder() -> [Entry] {
        enumerated().sorted { (day($0.element.date), $0.offset) < (day($1.element.date), $1.offset) }.map(\.element)
    }

    /// Without any entry of `step`.
    func removing(_ step: String) -> [Entry] {
        if !contains(where: { $0.step == step }) { Issue.record("no \(step) to remove") }
        return filter { $0.step != step }
    }

    /// With the `occurrence`-th entry of `step` (0 = the first) changed.
    func replacing(_ step: String, occurrence: Int = 0, date: String? = nil, data: EventData? = nil) -> [Entry] {
        var result = self
        let indices = result.indices.filter { result[$0].step == step }
        guard occurrence < indices.count else {
            Issue.record("no occurrence \(occurrence) of \(step)")
            return self
        }
        let index = indices[occurrence]
        if let date { result[index].date = date }
        if let data { result[index].data = data }
        return result
    }
}

/// One person's way through the 25 steps of cpc-2014, every step on time, for a League member
/// born 2005-03-01 (so 推优 applies, R4). Probation runs from 2025-12-05 to 2026-12-05.
enum Lifecycle2014 {
    static let entries: [Entry] = [
        Entry("submit_application", "2024-09-10"),
        Entry("initial_talk", "2024-09-20"),
        Entry("recommendation", "2024-10-08", EventData(method: "league")),
        Entry("public_notice", "2024-10-09", EventData(node: "activist", from: day("2024-10-09"), to: day("2024-10-15"), objections: 0)),
        Entry("designate_activist", "2024-10-16"),
        Entry("file_activist", "2024-10-21"),
        Entry("assign_mentors", "2024-10-21", EventData(names: ["王老师", "赵老师"], statement: "均为正式党员，未受留党察看处分")),
        Entry("thought_report", "2025-01-10"),
        Entry("activist_assessment", "2025-04-15"),
        Entry("concentrated_training", "2025-05-10", EventData(days: 3, hours: 24)),
        Entry("activist_assessment", "2025-10-15"),
        Entry("designate_candidate", "2025-10-16"),
        Entry("file_candidate", "2025-10-20"),
        Entry("assign_introducers", "2025-10-20", EventData(names: ["王老师", "赵老师"], statement: "均为正式党员，未受留党察看处分")),
        Entry("political_review", "2025-11-01", EventData(result: .pass)),
        Entry("branch_committee_review", "2025-11-10"),
        Entry("pre_review", "2025-11-20"),
        Entry("fill_volunteer_form", "2025-11-25"),
        Entry("admission_meeting", "2025-12-05", EventData(expected: 9, present: 8, votesFor: 8, against: 0, abstain: 0, writtenFor: 1)),
        Entry("committee_talk", "2025-12-15"),
        Entry("admission_approval", "2026-01-20"),
        Entry("file_admission", "2026-01-26"),
        Entry("assign_branch_group", "2026-01-26"),
        Entry("take_oath", "2026-02-02"),
        Entry("probation_assessment", "2026-06-01"),
        Entry("submit_conversion_application", "2026-11-20"),
        Entry("conversion_meeting", "2026-12-05", EventData(expected: 10, present: 9, votesFor: 9)),
        Entry("conversion_approval", "2026-12-20"),
        Entry("archive_materials", "2026-12-25"),
    ]
}

/// The same way under `workflows/university.yaml` (cpc-2026 plus local rules): 推优, 公示 at
/// the four nodes, the committee's consent to the candidate, 答辩, quarterly probation
/// assessments, a thought report every quarter, a 答辩 again before conversion, archiving within
/// a week. Probation runs from 2026-05-08 to 2027-05-08; the
/// conversion 公示 (2027-05-10 to 2027-05-14) falls in 2027, a year with no calendar data.
enum LifecycleUniversity {
    static let entries: [Entry] = [
        Entry("submit_application", "2024-09-10"),
        Entry("initial_talk", "2024-09-20"),
        Entry("recommendation", "2025-03-03", EventData(method: "league")),
        Entry("public_notice", "2025-03-17", EventData(node: "activist", from: day("2025-03-17"), to: day("2025-03-21"))),
        Entry("designate_activist", "2025-03-24"),
        Entry("file_activist", "2025-03-28"),
        Entry("assign_mentors", "2025-03-28", EventData(names: ["王老师", "赵老师"], statement: "均为正式党员，未受留党察看处分")),
        Entry("thought_report", "2025-06-20"),
        Entry("activist_assessment", "2025-09-15"),
        Entry("thought_report", "2025-09-19"),
        Entry("concentrated_training", "2025-11-10", EventData(days: 3)),
        Entry("thought_report", "2025-12-19"),
        Entry("activist_assessment", "2026-03-10"),
        Entry("thought_report", "2026-03-18"),
        Entry("file_candidate", "2026-03-16", EventData(result: .pass)),
        Entry("public_notice", "2026-03-16", EventData(node: "candidate", from: day("2026-03-16"), to: day("2026-03-20"))),
        Entry("designate_candidate", "2026-03-24"),
        Entry("assign_introducers", "2026-03-25", EventData(names: ["王老师", "赵老师"], statement: "均为正式党员，未受留党察看处分")),
        Entry("political_review", "2026-04-01", EventData(result: .pass)),
        Entry("branch_committee_review", "2026-04-08"),
        Entry("pre_review", "2026-04-15"),
        Entry("public_notice", "2026-04-16", EventData(node: "admission", from: day("2026-04-16"), to: day("2026-04-22"))),
        Entry("fill_volunteer_form", "2026-04-23"),
        Entry("defense", "2026-04-24", EventData(result: .pass)),
        Entry("admission_meeting", "2026-05-08", EventData(expected: 9, present: 8, votesFor: 8)),
        Entry("committee_talk", "2026-05-12"),
        Entry("admission_approval", "2026-05-20"),
        Entry("file_admission", "2026-05-25"),
        Entry("assign_branch_group", "2026-05-25"),
        Entry("take_oath", "2026-06-01"),
        Entry("thought_report", "2026-06-17"),
        Entry("probation_assessment", "2026-08-03"),
        Entry("thought_report", "2026-09-16"),
        Entry("probation_assessment", "2026-11-02"),
        Entry("thought_report", "2026-12-15"),
        Entry("probation_assessment", "2027-01-29"),
        Entry("thought_report", "2027-03-15"),
        Entry("submit_conversion_application", "2027-04-20"),
        Entry("probation_assessment", "2027-04-26"),
        Entry("defense", "2027-04-28", EventData(result: .pass)),
        Entry("conversion_meeting", "2027-05-10", EventData(expected: 10, present: 9, votesFor: 9)),
        Entry("public_notice", "2027-05-10", EventData(node: "conversion", from: day("2027-05-10"), to: day("2027-05-14"))),
        Entry("conversion_approval", "2027-05-20"),
        Entry("archive_materials", "2027-05-25"),
    ]
}

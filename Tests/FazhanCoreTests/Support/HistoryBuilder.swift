import Foundation
import Testing
@testable import FazhanCore

/// A date from `YYYY-MM-DD` text; a typo is a recorded test issue, not a crash.
func civil(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> CivilDate {
    guard let date = CivilDate(text) else {
        Issue.record("not a date: \(text)", sourceLocation: sourceLocation)
        return CivilDate(dayNumber: 0)
    }
    return date
}

/// The engine on the shipped rule sets and on small workflows written inline.
enum EngineFixture {
    /// The package root, found from this file (`Tests/FazhanCoreTests/Support/…`).
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Support
        .deletingLastPathComponent()  // FazhanCoreTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // the package
    static let workflows = root.appendingPathComponent("workflows").path

    /// The engine on the real `workflows/cpc-2014.yaml` and its calendars.
    static func cpc2014() throws -> Engine {
        Engine(bundle: try WorkflowLoader.directory(workflows).load("cpc-2014"))
    }

    /// The engine on a workflow written as YAML text, counting working days with the shipped
    /// 2026 calendar only (so 2027 has no data).
    static func engine(yaml: String, name: String = "t") throws -> Engine {
        let calendarPath = (workflows as NSString).appendingPathComponent("calendars/cn-2026.yaml")
        let calendarText = try String(contentsOfFile: calendarPath, encoding: .utf8)
        let loader = WorkflowLoader.stored([
            SourceFile(path: "\(name).yaml", text: yaml),
            SourceFile(path: "cn-2026.yaml", text: calendarText),
        ])
        return Engine(bundle: try loader.load(name))
    }

    // The organization tree of one university:
    //   大学党委 (committee, approves) ─ 学院党委 (committee, no authority) ─ 学生党总支 ─ 本科生第一党支部
    static let universityID: Int64 = 1
    static let schoolID: Int64 = 2
    static let generalBranchID: Int64 = 3
    static let branchID: Int64 = 4

    static let organizations = OrganizationDirectory([
        Organization(id: universityID, code: "DW", name: "大学党委", kind: .committee, parentID: nil, category: .mixed, canApprove: true),
        Organization(id: schoolID, code: "XY", name: "计算机学院党委", kind: .committee, parentID: universityID, category: .mixed, canApprove: false),
        Organization(id: generalBranchID, code: "ZZ", name: "学生党总支", kind: .generalBranch, parentID: schoolID, category: .student, canApprove: false),
        Organization(id: branchID, code: "ZB1", name: "本科生第一党支部", kind: .branch, parentID: generalBranchID, category: .student, canApprove: false),
    ])
}

/// Builds a person's history in memory: a profile and events with increasing ids, all on
/// workflow version 1, the way the store would hand them to the engine.
struct HistoryBuilder {
    var person: PersonProfile
    private(set) var events: [Event] = []
    private var nextID: Int64 = 1

    init(born: String? = "2000-05-20", leagueMember: Bool = false, organizationID: Int64 = EngineFixture.branchID) {
        person = PersonProfile(
            id: 1, number: "2024010101", name: "李华", category: .student, organizationID: organizationID,
            gender: .female, birthDate: born.map { civil($0) }, leagueMember: leagueMember, workflowVersion: 1)
    }

    var history: History { History(person: person, events: events) }

    /// Records a step or fact; returns its event id.
    @discardableResult
    mutating func record(_ step: String, _ date: String, _ data: EventData = EventData()) -> Int64 {
        append(Event(id: nextID, personID: person.id, step: step, date: civil(date), recordedAt: "\(date)T09:00:00Z",
                     recordedBy: "组织委员", data: data, workflowVersion: 1))
    }

    /// Records a correction of event `id` (or of the correction that currently stands for it)
    /// with a new date and/or data; the step is the corrected event's.
    @discardableResult
    mutating func correct(_ id: Int64, to date: String? = nil, data: EventData? = nil, reason: String = "日期录入错误") -> Int64 {
        let target = current(id)
        return append(Event(
            id: nextID, personID: person.id, step: target.step, date: date.map { civil($0) } ?? target.date,
            recordedAt: "2027-01-01T09:00:00Z", recordedBy: "组织员", data: data ?? target.data, workflowVersion: 1,
            corrects: target.id, correctionReason: reason))
    }

    /// Records a correction that voids event `id`.
    @discardableResult
    mutating func void(_ id: Int64, reason: String = "误录") -> Int64 {
        let target = current(id)
        return append(Event(
            id: nextID, personID: person.id, step: target.step, date: target.date, recordedAt: "2027-01-01T09:00:00Z",
            recordedBy: "组织员", data: target.data, workflowVersion: 1, corrects: target.id, correctionReason: reason, voids: true))
    }

    /// Appends an event exactly as given (its id is replaced by the next one).
    @discardableResult
    mutating func append(_ event: Event) -> Int64 {
        var event = event
        event.id = nextID
        nextID += 1
        events.append(event)
        return event.id
    }

    /// The event that currently stands for `id` after corrections, or the raw event.
    private func current(_ id: Int64) -> Event {
        let history = self.history
        let root = history.originalID(of: id)
        if let standing = history.effective.first(where: { history.originalID(of: $0.id) == root }) { return standing }
        if let raw = events.first(where: { $0.id == id }) { return raw }
        Issue.record("no event #\(id) to correct")
        return Event(id: id, personID: person.id, step: "", date: CivilDate(dayNumber: 0), recordedAt: "", recordedBy: "", workflowVersion: 1)
    }
}

extension Engine {
    /// Evaluates `step` on a date given as text, against a builder's history.
    func evaluate(_ step: String, on date: String, _ data: EventData, _ builder: HistoryBuilder,
                  organizations: OrganizationDirectory = EngineFixture.organizations) -> Verdict {
        evaluate(step: step, on: civil(date), data: data, history: builder.history, organizations: organizations)
    }

    /// Evaluates `step` with no data.
    func evaluate(_ step: String, on date: String, _ builder: HistoryBuilder,
                  organizations: OrganizationDirectory = EngineFixture.organizations) -> Verdict {
        evaluate(step, on: date, EventData(), builder, organizations: organizations)
    }

    /// The problems `validate` reports, or none.
    func problems(_ step: String, on date: String, _ data: EventData, _ builder: HistoryBuilder,
                  today: String = "2027-06-30") -> [String] {
        do {
            try validate(step: step, on: civil(date), data: data, history: builder.history, today: civil(today))
            return []
        } catch {
            return error.problems
        }
    }
}

extension Verdict {
    /// The check reported under a guard id (`candidate-one-year`, `order.stage`).
    func check(_ guardID: String) -> Check? {
        checks.first { $0.guardID == guardID }
    }
}

/// One person's way through the 25 steps of cpc-2014, with the side facts the guards need.
/// Every step is on time: the engine should allow each one in turn.
enum Lifecycle {
    struct Entry: Sendable, CustomTestStringConvertible {
        var step: String
        var date: String
        var data: EventData = EventData()

        var testDescription: String { "\(step) on \(date)" }
    }

    /// A League member born 2005-03-01, so 推优 applies (R4).
    static let person = HistoryBuilder(born: "2005-03-01", leagueMember: true)

    static let entries: [Entry] = [
        Entry(step: "submit_application", date: "2024-09-10"),
        Entry(step: "initial_talk", date: "2024-09-20"),
        Entry(step: "recommendation", date: "2024-10-08", data: EventData(method: "league")),
        Entry(step: "public_notice", date: "2024-10-09", data: EventData(node: "activist", from: civil("2024-10-09"), to: civil("2024-10-15"), objections: 0)),
        Entry(step: "designate_activist", date: "2024-10-16"),
        Entry(step: "file_activist", date: "2024-10-21"),
        Entry(step: "assign_mentors", date: "2024-10-21", data: EventData(names: ["王老师", "赵老师"], statement: "均为正式党员，未受留党察看处分")),
        Entry(step: "thought_report", date: "2025-01-10"),
        Entry(step: "activist_assessment", date: "2025-04-15"),
        Entry(step: "concentrated_training", date: "2025-05-10", data: EventData(days: 3, hours: 24)),
        Entry(step: "activist_assessment", date: "2025-10-15"),
        Entry(step: "designate_candidate", date: "2025-10-16"),
        Entry(step: "file_candidate", date: "2025-10-20"),
        Entry(step: "assign_introducers", date: "2025-10-20", data: EventData(names: ["王老师", "赵老师"], statement: "均为正式党员，未受留党察看处分")),
        Entry(step: "political_review", date: "2025-11-01", data: EventData(result: .pass)),
        Entry(step: "branch_committee_review", date: "2025-11-10"),
        Entry(step: "pre_review", date: "2025-11-20"),
        Entry(step: "fill_volunteer_form", date: "2025-11-25"),
        Entry(step: "admission_meeting", date: "2025-12-05", data: EventData(expected: 9, present: 8, votesFor: 8, against: 0, abstain: 0, writtenFor: 1)),
        Entry(step: "committee_talk", date: "2025-12-15", data: EventData(heldBy: "李委员", heldByRole: "committee_member")),
        Entry(step: "admission_approval", date: "2026-01-20", data: EventData(expected: 11, present: 10, votesFor: 9)),
        Entry(step: "file_admission", date: "2026-01-26"),
        Entry(step: "assign_branch_group", date: "2026-01-26"),
        Entry(step: "take_oath", date: "2026-02-02"),
        Entry(step: "probation_assessment", date: "2026-06-01"),
        Entry(step: "submit_conversion_application", date: "2026-11-20"),
        Entry(step: "conversion_meeting", date: "2026-12-05", data: EventData(expected: 10, present: 9, votesFor: 9)),
        Entry(step: "conversion_approval", date: "2026-12-20"),
        Entry(step: "archive_materials", date: "2026-12-25"),
    ]

    /// The ids of the events, by step, once the whole lifecycle is recorded (first occurrence).
    static func recorded(through last: String? = nil) -> (builder: HistoryBuilder, ids: [String: Int64]) {
        var builder = person
        var ids: [String: Int64] = [:]
        for entry in entries {
            let id = builder.record(entry.step, entry.date, entry.data)
            if ids[entry.step] == nil { ids[entry.step] = id }
            if entry.step == last { break }
        }
        return (builder, ids)
    }
}

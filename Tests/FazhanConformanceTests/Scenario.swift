import FazhanCore
import FazhanReports
import FazhanService
import FazhanStore
import Foundation

/// One recorded event as the outcome compares it.
struct EventLine: Sendable, Equatable, CustomStringConvertible {
    var id: Int64
    var person: String
    var step: String
    var date: String
    var corrects: Int64?
    var voids: Bool

    var description: String { "#\(id) \(person) \(step) \(date)" + (corrects.map { " corrects #\($0)" } ?? "") + (voids ? " (void)" : "") }
}

/// Everything one run of the scenario says about a database, to compare between backends.
struct Outcome: Sendable, Equatable {
    /// One line per operation: what was recorded (with the event id), or why it was refused.
    var log: [String] = []
    /// Every verdict the guards gave: refusals, and the verdicts of `check`.
    var verdicts: [Verdict] = []
    /// The failing rule ids of each refusal, in order.
    var refusedRules: [[String]] = []
    /// Every recorded event, in person then event order.
    var events: [EventLine] = []
    /// Every recorded event in full (data, recordedAt, corrections), as JSON.
    var eventsJSON = ""
    var chains = ""
    var eventCount = 0
    var sealCount = 0
    var intact = false
    var problems: [String] = []
    var audit = ""
    var auditCS = ""
    /// The quarterly and yearly reports, by label (`2025Q4`, `2026Q1 CS`, `2025 from events` ...).
    var reports: [String: String] = [:]
    var agenda = ""
    var agendaEM = ""
    /// `people(organizationCode:stage:)` listings, by `org/stage`.
    var listings: [String: [String]] = [:]
    var dossiers: [String] = []
}

/// The scenario's fixed clock: every step recorded at its own, fixed instant.
let scenarioToday = CivilDate("2026-11-21")!
let auditDate = CivilDate("2026-11-21")!
let installedAt = "2026-11-20T09:00:00.000Z"

func day(_ text: String) -> CivilDate {
    guard let date = CivilDate(text) else { fatalError("not a date: \(text)") }
    return date
}

/// The scenario: a small university on the `university` rules, eight people taken along the
/// README's path (one to full member, the others stopped at every stage), with refusals,
/// corrections, voids, a transfer, a withdrawal, an extension, and the planning data the
/// reports read. Every timestamp is fixed, so two databases get identical content.
struct Scenario {
    let service: DevelopmentService
    var outcome = Outcome()
    /// Events recorded, by label, for the corrections and voids that name them.
    var ids: [String: Int64] = [:]
    private var tick = 0

    init(store: some EventStore) {
        service = DevelopmentService(store: store)
    }

    var store: any EventStore { service.store }

    mutating func now() -> String {
        tick += 1
        return String(format: "2026-11-21T08:%02d:%02d.%03dZ", tick / 60, tick % 60, tick % 1000)
    }

    // MARK: Operations that log what happened

    /// Records a step (or with `advance`, the step entering the stage named).
    mutating func record(_ person: String, _ step: String, _ date: String, _ data: EventData = EventData(),
                         advance: Bool = false, label: String? = nil) async {
        let request = RecordRequest(person: person, step: step, date: day(date), data: data, recordedBy: "organizer",
                                    recordedAt: now(), today: scenarioToday)
        let verb = advance ? "advance" : "record"
        await attempt("\(verb) \(person) \(step) \(date)", label: label) { service in
            advance ? try await service.advance(request) : try await service.record(request)
        }
    }

    mutating func correct(_ label: String, reason: String, date: String? = nil, _ given: EventData = EventData(), as newLabel: String? = nil) async {
        guard let id = ids[label] else { outcome.log.append("correct \(label): never recorded"); return }
        let at = now()
        await attempt("correct #\(id) (\(label))", label: newLabel) { service in
            try await service.correct(event: id, reason: reason, date: date.map(day), given: given,
                                      recordedBy: "organizer", recordedAt: at, today: scenarioToday)
        }
    }

    mutating func void(_ label: String, reason: String) async {
        guard let id = ids[label] else { outcome.log.append("void \(label): never recorded"); return }
        let at = now()
        await attempt("void #\(id) (\(label))", label: nil) { service in
            try await service.void(event: id, reason: reason, recordedBy: "organizer", recordedAt: at, today: scenarioToday)
        }
    }

    /// The verdict of the next (or named) transition, without recording.
    mutating func check(_ person: String, to stage: String?, on date: String) async {
        do {
            let (verdict, _) = try await service.check(person, to: stage, on: day(date), data: EventData())
            outcome.verdicts.append(verdict)
            outcome.log.append("check \(person) \(stage ?? "next") \(date): "
                               + (verdict.allowed ? "allowed" : "fails \(verdict.failures.map(\.rule).joined(separator: ","))"))
        } catch {
            outcome.log.append("check \(person) \(stage ?? "next") \(date): error \(error)")
        }
    }

    /// The dossier's next step and the committee's queue for a person, as the committee sees them.
    mutating func awaiting(_ person: String, on date: String) async {
        do {
            let next = try await service.dossier(person, asOf: day(date)).next
            outcome.log.append("check \(person) dossier \(date): next \(next?.step ?? "none") "
                               + (next.map { $0.allowed ? "allowed" : "fails \($0.failures.map(\.rule).joined(separator: ","))" } ?? ""))
            for item in try await service.approvals(person: person, asOf: day(date)) {
                outcome.log.append("check \(person) queue \(date): \(item.step.id) "
                                   + (item.verdict.allowed ? "allowed" : "fails \(item.verdict.failures.map(\.rule).joined(separator: ","))"))
            }
            let queue = try await service.approvals(organization: "CS", asOf: day(date)).filter { $0.person.number == person }
            outcome.log.append("check \(person) CS queue \(date): " + queue.map {
                "\($0.step.id) " + ($0.verdict.allowed ? "allowed" : "fails \($0.verdict.failures.map(\.rule).joined(separator: ","))")
            }.joined(separator: "; "))
        } catch {
            outcome.log.append("check \(person) awaiting \(date): error \(error)")
        }
    }

    private mutating func attempt(_ what: String, label: String?, _ body: (DevelopmentService) async throws -> Recorded) async {
        do {
            let recorded = try await body(service)
            if let label { ids[label] = recorded.event.id }
            outcome.log.append("\(what): recorded #\(recorded.event.id)")
        } catch let error as ServiceError {
            switch error {
            case .refused(let verdict, _, _):
                outcome.verdicts.append(verdict)
                let rules = verdict.failures.map(\.rule)
                outcome.refusedRules.append(rules)
                outcome.log.append("\(what): refused \(rules.joined(separator: ","))")
            case .correctionBreaksRules(let findings):
                let rules = findings.map(\.rule)
                outcome.refusedRules.append(rules)
                outcome.log.append("\(what): correction refused, breaks \(rules.joined(separator: ","))")
            default:
                outcome.log.append("\(what): \(error.description)")
            }
        } catch {
            outcome.log.append("\(what): error \(error)")
        }
    }

    // MARK: The university

    mutating func setUp() async throws {
        let installed = try await store.install(try loadUniversity(), by: "installer", at: installedAt)
        try await store.setSetting("default_workflow", "university")
        func org(_ code: String, _ name: String, _ kind: Organization.Kind, _ parent: String?,
                 _ category: Organization.Category? = nil, approve: Bool = false) -> NewOrganization {
            NewOrganization(code: code, name: name, kind: kind, parentCode: parent, category: category, canApprove: approve,
                            createdAt: installedAt, createdBy: "installer")
        }
        for new in [
            org("U", "校党委", .committee, nil, approve: true),
            org("CS", "计算机学院党总支", .generalBranch, "U"),
            org("CS-S1", "计算机学院本科生第一党支部", .branch, "CS", .student),
            org("CS-T1", "计算机学院教工党支部", .branch, "CS", .teacher),
            org("EM", "经济管理学院党总支", .generalBranch, "U"),
            org("EM-S1", "经济管理学院本科生党支部", .branch, "EM", .student),
            org("EM-T1", "经济管理学院教工党支部", .branch, "EM", .teacher),
        ] {
            _ = try await store.addOrganization(new)
        }
        let people: [(String, String, String, PersonProfile.Category, Gender, String, Bool, String?, PersonProfile.Level?, Int?, String?)] = [
            ("2023001", "张三", "CS-S1", .student, .male, "2003-05-02", true, "本科", .undergraduate, 2022, nil),
            ("2023002", "李四", "CS-S1", .student, .female, "2004-01-15", true, "本科", .undergraduate, 2023, nil),
            ("2023003", "王五", "CS-S1", .student, .male, "2004-03-10", true, "本科", .undergraduate, 2023, "回族"),
            ("2023004", "赵六", "CS-T1", .teacher, .female, "1990-07-01", false, "硕士", nil, nil, nil),
            ("2023005", "孙七", "EM-S1", .student, .male, "2003-11-11", true, "本科", .undergraduate, 2022, nil),
            ("2023006", "周八", "EM-T1", .teacher, .female, "1988-02-20", false, "博士", nil, nil, nil),
            ("2023007", "吴九", "CS-S1", .student, .female, "2004-06-06", true, "本科", .undergraduate, 2023, nil),
            ("2023008", "郑十", "EM-S1", .student, .male, "2008-01-10", true, "本科", .undergraduate, 2025, nil),
        ]
        for (number, name, code, category, gender, birth, league, education, level, grade, ethnicity) in people {
            _ = try await store.addPerson(NewPerson(
                number: number, name: name, organizationCode: code, category: category, gender: gender, birthDate: day(birth),
                ethnicity: ethnicity ?? "汉族", education: education, level: level, grade: grade, leagueMember: league,
                workflowVersion: installed.version, createdAt: installedAt, createdBy: "installer"))
        }
        // A member of staff registered with nothing but a number, a name and a branch.
        _ = try await store.addPerson(NewPerson(number: "T-0042", name: "O'Neil “欧”", organizationCode: "CS-T1", category: .staff,
                                                workflowVersion: installed.version, createdAt: installedAt, createdBy: "installer"))
        // A teacher whose 工号 is "7", the internal id of 吴九 (2023007): a number is looked up
        // before an id, but writing for 吴九 must still write for 吴九.
        _ = try await store.addPerson(NewPerson(number: "7", name: "钱老师", organizationCode: "EM-T1", category: .teacher, gender: .male,
                                                birthDate: day("1985-04-04"), education: "博士", workflowVersion: installed.version,
                                                createdAt: installedAt, createdBy: "installer"))
        // Planning data: enrollment counts, plans, gradings; some entered twice (the later one counts).
        for (code, students, staff, on) in [("CS", 4200, 310, "2025-09-01"), ("EM", 3100, 205, "2025-09-01"),
                                           ("CS", 4300, 315, "2026-09-01")] {
            try await store.setEnrollment(organizationCode: code, students: students, staff: staff, effectiveOn: day(on),
                                          recordedAt: installedAt, recordedBy: "planner")
        }
        for year in [2025, 2026] {
            for (code, category, quota) in [("CS", "student", 60), ("CS", "teacher", 2), ("EM", "student", 40), ("EM", "teacher", 1)] {
                try await store.setPlan(organizationCode: code, year: year, category: category, quota: quota + year - 2025,
                                        recordedAt: installedAt, recordedBy: "planner")
            }
        }
        try await store.setEnrollment(organizationCode: "EM", students: 3150, staff: nil, effectiveOn: day("2025-09-01"),
                                      recordedAt: "2026-11-20T09:30:00.000Z", recordedBy: "planner")
        try await store.setPlan(organizationCode: "EM", year: 2026, category: "student", quota: 45,
                                recordedAt: "2026-11-20T09:30:00.000Z", recordedBy: "planner")
        // No student admissions planned for CS in 2025: 张三's admission (approved 2025-01-10) is beyond it (R25).
        try await store.setPlan(organizationCode: "CS", year: 2025, category: "student", quota: 0,
                                recordedAt: "2026-11-20T09:30:00.000Z", recordedBy: "planner")
        try await store.recordGrading(organizationCode: "CS-S1", year: 2025, grade: "较好", strongest: false, note: nil,
                                      recordedAt: installedAt, recordedBy: "planner")
        try await store.recordGrading(organizationCode: "CS-S1", year: 2025, grade: "先进", strongest: true, note: "最强党支部",
                                      recordedAt: installedAt, recordedBy: "planner")
        try await store.recordGrading(organizationCode: "EM-S1", year: 2025, grade: "较好", strongest: false, note: nil,
                                      recordedAt: installedAt, recordedBy: "planner")
        try await store.recordGrading(organizationCode: "CS-T1", year: 2026, grade: "先进", strongest: true, note: nil,
                                      recordedAt: installedAt, recordedBy: "planner")
    }

    static func notice(_ node: String, _ from: String, _ to: String) -> EventData {
        EventData(node: node, from: day(from), to: day(to), objections: 0)
    }

    static func vote(_ expected: Int, _ present: Int, _ votesFor: Int, against: Int? = nil) -> EventData {
        EventData(expected: expected, present: present, votesFor: votesFor, against: against)
    }

    /// The committee's vote on one person at the admission approval (R17).
    static let committee = EventData(expected: 11, present: 10, votesFor: 9)

    // MARK: The people

    /// 张三: the README's whole path, from application to full member, on the university rules.
    mutating func zhangSan() async {
        let p = "2023001"
        await record(p, "submit_application", "2023-03-01")
        await record(p, "initial_talk", "2023-03-20", EventData(names: ["陈书记"]))
        await check(p, to: nil, on: "2023-04-03")                                   // what blocks becoming an activist?
        await record(p, "recommendation", "2023-09-01", EventData(method: "league"))
        await record(p, "public_notice", "2023-09-04", Self.notice("activist", "2023-09-04", "2023-09-08"), label: "zs-activist-notice")
        await record(p, "activist", "2023-09-11", advance: true, label: "zs-activist")
        await record(p, "file_activist", "2023-09-20")
        await record(p, "assign_mentors", "2023-09-20", EventData(names: ["王老师", "李老师"], statement: "均为正式党员，未受留党察看处分"))
        await record(p, "activist_assessment", "2024-03-11", EventData(result: .pass))
        await record(p, "activist_assessment", "2024-09-02", EventData(result: .pass))
        await record(p, "candidate", "2024-09-06", advance: true)                    // refused: no consent, no notice, R7's year
        await record(p, "public_notice", "2024-08-26", Self.notice("candidate", "2024-08-26", "2024-08-30"))
        await record(p, "file_candidate", "2024-09-03", EventData(result: .pass))
        await record(p, "candidate", "2024-09-06", advance: true)                    // refused: R7 needs a year as activist
        await record(p, "candidate", "2024-09-13", advance: true)                    // passes
        await record(p, "assign_introducers", "2024-09-25", EventData(names: ["王老师", "李老师"], statement: "均为正式党员，未受留党察看处分"))
        await record(p, "political_review", "2024-10-21", EventData(result: .pass))
        await record(p, "concentrated_training", "2024-10-25", EventData(days: 3))
        await record(p, "branch_committee_review", "2024-11-11")
        await record(p, "pre_review", "2024-11-20")
        await record(p, "public_notice", "2024-11-21", Self.notice("admission", "2024-11-21", "2024-11-27"))
        await record(p, "fill_volunteer_form", "2024-11-28")
        await record(p, "defense", "2024-11-29", EventData(result: .pass))
        await record(p, "admission_meeting", "2024-12-05", Self.vote(9, 6, 4), label: "zs-meeting")
        await record(p, "committee_talk", "2024-12-16", EventData(heldBy: "组织员甲", heldByRole: "organizer"))
        // CS planned no student admissions for 2025 (R25): the committee decides to admit beyond the plan.
        await check(p, to: "probationary", on: "2025-01-10")                        // fails R14 and R25
        await record(p, "waiver", "2025-01-08", EventData(reason: "党委会研究同意计划外发展", rule: "R25", approvedBy: "校党委"))
        await record(p, "probationary", "2025-01-10", Self.committee, advance: true) // refused: R14, 4 of the 9 who should attend
        // The minutes were misread: the meeting had 8 present, 8 for. A correction, not an overwrite.
        await correct("zs-meeting", reason: "会议记录有误", Self.vote(9, 8, 8), as: "zs-meeting-corrected")
        // The day before the waiver, the dossier and the committee's queue refuse on R25.
        await awaiting(p, on: "2025-01-07")
        await record(p, "probationary", "2025-01-10", Self.committee.with(approver: "U"), advance: true, label: "zs-approval")
        await record(p, "take_oath", "2025-01-20")
        await record(p, "file_admission", "2025-01-24")
        await record(p, "assign_branch_group", "2025-01-24")
        await record(p, "probation_assessment", "2025-03-03")
        await record(p, "probation_assessment", "2025-06-02")
        await record(p, "probation_assessment", "2025-09-01")
        await record(p, "submit_conversion_application", "2025-11-20")
        await record(p, "public_notice", "2025-11-24", Self.notice("conversion", "2025-11-24", "2025-11-28"))
        await record(p, "defense", "2025-11-21", EventData(result: .pass))           // 答辩 before the conversion (local)
        await record(p, "conversion_meeting", "2025-12-01", Self.vote(10, 9, 9))    // refused: R20, before probation ends
        await record(p, "conversion_meeting", "2025-12-22", Self.vote(10, 9, 9))
        await record(p, "full_member", "2026-01-05", advance: true)
        await record(p, "archive_materials", "2026-01-08")
        // Refused afterwards: a correction that would break a later step, a void that orphans later stages,
        // and voiding the meeting the approval rests on.
        await correct("zs-activist-notice", reason: "公示日期有误", Self.notice("activist", "2023-09-04", "2023-09-12"))
        await void("zs-activist", reason: "误录")
        await void("zs-meeting-corrected", reason: "误录")
    }

    /// 李四: an applicant; a report recorded twice, the duplicate voided.
    mutating func liSi() async {
        let p = "2023002"
        await record(p, "submit_application", "2025-10-09")
        await record(p, "initial_talk", "2025-10-20", EventData(names: ["陈书记"]))
        await record(p, "thought_report", "2025-11-03", EventData(note: "第一行\n\"引号\"\t\\ 🎉 'x' %_ \u{0}后"))
        await record(p, "thought_report", "2025-11-03", label: "ls-duplicate")
        await void("ls-duplicate", reason: "重复录入")
        await void("ls-duplicate", reason: "重复录入")                                 // refused: already voided
        await check(p, to: "activist", on: "2025-12-01")
    }

    /// 王五: an activist who moves from CS-S1 to EM-S1; advanced once before the 公示 ended.
    mutating func wangWu() async {
        let p = "2023003"
        await record(p, "submit_application", "2024-03-04")
        await record(p, "initial_talk", "2024-03-18", EventData(names: ["陈书记"]))
        await record(p, "recommendation", "2024-09-02", EventData(method: "league"))
        await record(p, "public_notice", "2024-09-09", Self.notice("activist", "2024-09-09", "2024-09-13"))
        await record(p, "activist", "2024-09-12", advance: true)                      // refused: R23, the 公示 has not ended
        await record(p, "activist", "2024-09-18", advance: true)
        await record(p, "file_activist", "2024-09-25")
        await record(p, "assign_mentors", "2024-09-25", EventData(names: ["陈老师"], statement: "均为正式党员，未受留党察看处分"))
        await record(p, "activist_assessment", "2025-03-10", EventData(result: .pass))
        await record(p, "transfer", "2025-09-01", EventData(organization: "EM-S1"))
        await record(p, "activist_assessment", "2025-09-08", EventData(result: .pass))
    }

    /// 赵六: a teacher recommended by members, now a candidate; a talk's date corrected.
    mutating func zhaoLiu() async {
        let p = "2023004"
        await record(p, "submit_application", "2024-01-08")
        await record(p, "initial_talk", "2024-01-22", EventData(names: ["刘书记"]), label: "zl-talk")
        await correct("zl-talk", reason: "谈话日期有误", date: "2024-01-25")
        await record(p, "recommendation", "2024-07-01", EventData(method: "members"))
        await record(p, "public_notice", "2024-07-08", Self.notice("activist", "2024-07-08", "2024-07-12"))
        await record(p, "activist", "2024-07-15", advance: true)
        await record(p, "file_activist", "2024-07-22")
        await record(p, "assign_mentors", "2024-07-22", EventData(names: ["刘老师", "周老师"], statement: "均为正式党员，未受留党察看处分"))
        await record(p, "activist_assessment", "2025-01-13", EventData(result: .pass))
        await record(p, "activist_assessment", "2025-07-07", EventData(result: .pass))
        await record(p, "public_notice", "2025-07-14", Self.notice("candidate", "2025-07-14", "2025-07-18"))
        await record(p, "file_candidate", "2025-07-21", EventData(result: .pass))
        await record(p, "candidate", "2025-07-22", advance: true)
        await record(p, "assign_introducers", "2025-08-04", EventData(names: ["刘老师", "周老师"], statement: "均为正式党员，未受留党察看处分"))
    }

    /// 孙七: a candidate whose admission vote failed; a second vote two weeks later is refused (R24).
    mutating func sunQi() async {
        let p = "2023005"
        await record(p, "submit_application", "2023-09-04")
        await record(p, "initial_talk", "2023-09-15", EventData(names: ["马书记"]))
        await record(p, "recommendation", "2024-03-01", EventData(method: "league"))
        await record(p, "public_notice", "2024-03-04", Self.notice("activist", "2024-03-04", "2024-03-08"))
        await record(p, "activist", "2024-03-11", advance: true)
        await record(p, "file_activist", "2024-03-18")
        await record(p, "assign_mentors", "2024-03-18", EventData(names: ["马老师", "何老师"], statement: "均为正式党员，未受留党察看处分"))
        await record(p, "activist_assessment", "2024-09-09", EventData(result: .pass))
        await record(p, "activist_assessment", "2025-03-03", EventData(result: .pass))
        await record(p, "public_notice", "2025-03-10", Self.notice("candidate", "2025-03-10", "2025-03-14"))
        await record(p, "file_candidate", "2025-03-17", EventData(result: .pass))
        await record(p, "candidate", "2025-03-18", advance: true)
        await record(p, "assign_introducers", "2025-03-24", EventData(names: ["马老师", "何老师"], statement: "均为正式党员，未受留党察看处分"))
        await record(p, "political_review", "2025-04-07", EventData(result: .pass))
        await record(p, "concentrated_training", "2025-04-14", EventData(hours: 24))
        await record(p, "branch_committee_review", "2025-05-06")
        await record(p, "pre_review", "2025-05-12")
        await record(p, "public_notice", "2025-05-13", Self.notice("admission", "2025-05-13", "2025-05-19"))
        await record(p, "fill_volunteer_form", "2025-05-20")
        await record(p, "defense", "2025-05-21", EventData(result: .pass))
        await record(p, "admission_meeting", "2025-05-26", Self.vote(12, 10, 5, against: 5))
        await record(p, "admission_meeting", "2025-06-09", Self.vote(12, 11, 11))   // refused: R24, the next vote waits 6 months
        await check(p, to: "probationary", on: "2025-06-16")
    }

    /// 周八: a teacher admitted by the 党委; probation extended by 6 months.
    mutating func zhouBa() async {
        let p = "2023006"
        await record(p, "submit_application", "2023-03-06")
        await record(p, "initial_talk", "2023-03-20", EventData(names: ["黄书记"]))
        await record(p, "recommendation", "2023-09-04", EventData(method: "members"))
        await record(p, "public_notice", "2023-09-11", Self.notice("activist", "2023-09-11", "2023-09-15"))
        await record(p, "activist", "2023-09-18", advance: true)
        await record(p, "file_activist", "2023-09-25")
        await record(p, "assign_mentors", "2023-09-25", EventData(names: ["黄老师", "林老师"], statement: "均为正式党员，未受留党察看处分"))
        await record(p, "activist_assessment", "2024-03-18", EventData(result: .pass))
        await record(p, "activist_assessment", "2024-09-09", EventData(result: .pass))
        await record(p, "public_notice", "2024-09-23", Self.notice("candidate", "2024-09-23", "2024-09-27"))
        await record(p, "file_candidate", "2024-09-30", EventData(result: .pass))
        await record(p, "candidate", "2024-10-08", advance: true)
        await record(p, "assign_introducers", "2024-10-14", EventData(names: ["黄老师", "林老师"], statement: "均为正式党员，未受留党察看处分"))
        await record(p, "political_review", "2024-10-21", EventData(result: .pass))
        await record(p, "concentrated_training", "2024-10-28", EventData(days: 3))
        await record(p, "branch_committee_review", "2024-11-18")
        await record(p, "pre_review", "2024-11-25")
        await record(p, "public_notice", "2024-11-26", Self.notice("admission", "2024-11-26", "2024-12-02"))
        await record(p, "fill_volunteer_form", "2024-12-03")
        await record(p, "defense", "2024-12-04", EventData(result: .pass))
        await record(p, "admission_meeting", "2024-12-10", Self.vote(8, 8, 8))
        await record(p, "committee_talk", "2024-12-20", EventData(heldBy: "组织员乙", heldByRole: "organizer"))
        await record(p, "probationary", "2025-01-06", Self.committee.with(approver: "U"), advance: true)
        await record(p, "take_oath", "2025-01-15")
        await record(p, "probation_assessment", "2025-03-10")
        await record(p, "probation_assessment", "2025-06-09")
        await record(p, "probation_assessment", "2025-09-08")
        await record(p, "probation_extension", "2025-12-15",
                     EventData(expected: 8, present: 7, votesFor: 6, approver: "U", months: 6))
        // The extended probation ends 2026-06-10, and by today the branch has not discussed it
        // (R20: the audit finds it). An oath is once only (ordering) and not after the end (R18).
        await record(p, "take_oath", "2026-06-10")                                    // refused: once only
        await record(p, "take_oath", "2026-06-11")                                    // refused: once only, and R18
        // R10 has no clause worded "normally": a waiver of it is refused; a transfer to nowhere is a data problem.
        await record(p, "waiver", "2026-11-20", EventData(reason: "政审材料待补", rule: "R10", approvedBy: "校党委组织部"))
        await record(p, "transfer", "2026-11-20", EventData(organization: "NOPE"))
    }

    /// 吴九: advanced too early (refused on four rules), then an activist who withdrew.
    mutating func wuJiu() async {
        let p = "2023007"
        await record(p, "submit_application", "2024-03-04")
        await record(p, "initial_talk", "2024-03-15", EventData(names: ["陈书记"]), label: "wj-talk")
        await record(p, "activist", "2024-08-26", advance: true)                      // refused
        // 吴九's internal id is 7, which is also 钱老师's 工号.
        await correct("wj-talk", reason: "谈话日期有误", date: "2024-03-18")
        await record(p, "recommendation", "2024-09-02", EventData(method: "league"))
        await record(p, "public_notice", "2024-09-09", Self.notice("activist", "2024-09-09", "2024-09-13"))
        await record(p, "activist", "2024-09-18", advance: true)
        await record(p, "withdrawal", "2025-04-01", EventData(reason: "本人申请撤回"))
    }

    /// T-0042: registered with no birth date, gender or education: the age rule (R1) cannot pass,
    /// and nothing can follow an application that was not recorded.
    mutating func staffMember() async {
        await record("T-0042", "submit_application", "2026-03-02")
        await record("T-0042", "initial_talk", "2026-03-16")
        await check("T-0042", to: nil, on: "2026-11-20")
    }

    /// 郑十: too young to apply in 2025 (R1), applies once 18.
    mutating func zhengShi() async {
        let p = "2023008"
        await record(p, "submit_application", "2025-09-01")                            // refused: R1
        await record(p, "submit_application", "2026-01-12")
        await record(p, "submit_application", "2026-02-01")                            // refused: applied already (no rule)
        await record(p, "initial_talk", "2026-01-20", EventData(names: ["马书记"]))
        await record(p, "initial_talk", "2026-12-01", EventData(names: ["马书记"]))      // a date after today
    }

    // MARK: What the database says afterwards

    mutating func collect() async throws {
        var events: [Event] = []
        var lines: [EventLine] = []
        try await store.forEachHistory(organizationCode: nil) { history in
            for event in history.events {
                events.append(event)
                lines.append(EventLine(id: event.id, person: history.person.number, step: event.step, date: event.date.description,
                                       corrects: event.corrects, voids: event.voids))
            }
        }
        outcome.events = lines
        outcome.eventsJSON = try JSONOutput.render(events)
        let integrity = try await store.verify()
        outcome.chains = integrity.chains
        outcome.eventCount = integrity.events
        outcome.sealCount = integrity.seals
        outcome.intact = integrity.isIntact
        outcome.problems = integrity.problems.map(\.description)

        outcome.audit = try JSONOutput.render(try await service.audit(organization: nil, person: nil, asOf: auditDate))
        outcome.auditCS = try JSONOutput.render(try await service.audit(organization: "CS", person: nil, asOf: auditDate))
            + (try JSONOutput.render(try await service.audit(organization: nil, person: "2023001", asOf: day("2025-06-30"))))

        let periods: [StatisticsPeriod] = [try .quarter("2025Q4"), try .quarter("2026Q1"), try .year(2025), try .year(2026)]
        for period in periods {
            for organization in [nil, "CS"] as [String?] {
                let report = withoutAnchor(try await service.quarterlyReport(period: period, organization: organization).report)
                outcome.reports[period.label + (organization.map { " " + $0 } ?? "")] = try JSONOutput.render(report)
            }
        }
        let fromEvents = withoutAnchor(try await service.quarterlyReport(period: try .year(2025), organization: nil, fromEvents: true).report)
        outcome.reports["2025 from events"] = try JSONOutput.render(fromEvents)

        outcome.agenda = try JSONOutput.render(try await service.agenda(organization: nil, person: nil, asOf: scenarioToday, horizonDays: 30))
        outcome.agendaEM = try JSONOutput.render(try await service.agenda(organization: "EM", person: nil, asOf: scenarioToday, horizonDays: 90))
            + (try JSONOutput.render(try await service.agenda(organization: nil, person: "2023006", asOf: day("2025-12-01"), horizonDays: 60)))

        for (code, stage) in [(nil, nil), ("CS", nil), ("EM", nil), ("U", "activist"), (nil, "candidate"), ("CS-S1", nil),
                              (nil, "full_member"), (nil, "withdrawn")] as [(String?, String?)] {
            let listing = try await store.people(organizationCode: code, stage: stage)
            outcome.listings["\(code ?? "*")/\(stage ?? "*")"] = listing.map {
                [$0.profile.number, $0.profile.name, $0.stage ?? "-", $0.stageSince?.description ?? "-", $0.organizationCode, $0.organizationName]
                    .joined(separator: " | ")
            }
        }
        // "5" is no one's number: the internal id.
        for number in ["2023001", "2023003", "2023006", "5", "T-0042"] {
            let dossier = try await service.dossier(number, asOf: scenarioToday)
            outcome.dossiers.append("\(number): \(dossier.current?.stage ?? "-") since \(dossier.current?.effectiveFrom.description ?? "-"), "
                                    + "\(dossier.organization?.code ?? "-"), \(dossier.events.count) events, \(dossier.pending.count) pending, "
                                    + "next \(dossier.next.map { "\($0.step) \($0.allowed)" } ?? "-")")
        }
        for (number, asOf) in [("2023001", "2024-12-31"), ("2023001", "2026-11-21"), ("2023002", "2026-11-21"), ("2023004", "2026-11-21")] {
            let view = try await service.history(number, asOf: day(asOf))
            outcome.dossiers.append("\(number) as of \(asOf): \(view.stage?.stage ?? "-"); " + view.entries.map {
                "#\($0.event.id)\($0.effective ? "" : " superseded")\($0.correctedBy.isEmpty ? "" : " by \($0.correctedBy)")"
            }.joined(separator: ", "))
        }
    }
}

/// Runs the scenario on a store and says what the database holds afterwards.
func run(on store: some EventStore) async throws -> Outcome {
    var scenario = Scenario(store: store)
    try await scenario.setUp()
    await scenario.zhangSan()
    await scenario.liSi()
    await scenario.wangWu()
    await scenario.zhaoLiu()
    await scenario.sunQi()
    await scenario.zhouBa()
    await scenario.wuJiu()
    await scenario.zhengShi()
    await scenario.staffMember()
    try await scenario.collect()
    return scenario.outcome
}

/// A report without the checkpoint it names: each backend's log has checkpoints of its own (a
/// copy's first follows its source's head; PostgreSQL's checkpointer runs on a timer), so the
/// head differs by design while every figure must agree.
func withoutAnchor(_ report: QuarterlyReport) -> QuarterlyReport {
    var figures = report
    figures.log = nil
    return figures
}

extension EventData {
    /// The same data with an approver.
    func with(approver: String) -> EventData {
        var data = self
        data.approver = approver
        return data
    }
}

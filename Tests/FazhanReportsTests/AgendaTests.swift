import FazhanCore
import FazhanReports
import Foundation
import Testing

/// What a test expects of one agenda item.
struct ExpectedItem: Hashable, Sendable, CustomStringConvertible {
    var kind: AgendaItem.Kind
    var step: String
    var rule: String
    var date: String
    var overdue = false

    var description: String { "\(kind.rawValue) \(step) \(rule) \(date)\(overdue ? " overdue" : "")" }
}

extension AgendaItem {
    var expected: ExpectedItem { ExpectedItem(kind: kind, step: step, rule: rule, date: date.description, overdue: overdue) }
}

/// The agenda on the shipped rule sets: deadlines due within the horizon or overdue, the day
/// the next stage becomes possible, 公示 ending, probation ending.
@Suite(.english) struct AgendaTests {
    let engine: Engine

    init() throws {
        engine = try ReportsFixture.engine("cpc-2014")
    }

    func agenda(_ history: History, asOf: String, horizon: Int = 30, engine: Engine? = nil) -> [AgendaItem] {
        AgendaBuilder(asOf: day(asOf), horizonDays: horizon)
            .items(for: history, engine: engine ?? self.engine, organizations: ReportsFixture.organizations,
                   organizationCode: ReportsFixture.branchCode)
    }

    func agenda(_ entries: [Entry], asOf: String, horizon: Int = 30, engine: Engine? = nil) -> [AgendaItem] {
        agenda(PersonHistory(entries).history, asOf: asOf, horizon: horizon, engine: engine)
    }

    // MARK: - Deadlines

    @Test func theFirstTalkIsDueAMonthAfterTheApplication() throws {
        let items = agenda([Entry("submit_application", "2026-03-02")], asOf: "2026-03-05")
        #expect(items.map(\.expected) == [ExpectedItem(kind: .deadline, step: "initial_talk", rule: "R2", date: "2026-04-02")])
        let item = try #require(items.first)
        #expect(item.daysLeft == 28)
        #expect(item.detail == "1 month from 2026-03-02")
        #expect(item.stepName == "党组织派人谈话")
        #expect(item.ruleName == "派人谈话")
        #expect(item.personNumber == "2024010101")
        #expect(item.organization == "ZB1")
    }

    @Test(arguments: [
        // applied, as of, horizon, listed, overdue, days left
        ("2026-01-31", "2026-02-01", 27, true, false, 27),   // due 2026-02-28, the horizon's last day
        ("2026-01-31", "2026-02-01", 26, false, false, 0),
        ("2026-03-02", "2026-04-02", 0, true, false, 0),     // due today
        ("2026-03-02", "2026-04-03", 0, true, true, -1),     // overdue, listed whatever the horizon
        ("2026-01-10", "2026-06-30", 7, true, true, -140),
    ])
    func theHorizonAndOverdue(applied: String, asOf: String, horizon: Int, listed: Bool, overdue: Bool, daysLeft: Int) throws {
        let items = agenda([Entry("submit_application", applied)], asOf: asOf, horizon: horizon)
        #expect(items.count == (listed ? 1 : 0))
        guard listed else { return }
        let item = try #require(items.first)
        #expect(item.kind == .deadline)
        #expect(item.date == day(applied).adding(months: 1))
        #expect(item.overdue == overdue)
        #expect(item.daysLeft == daysLeft)
    }

    @Test func sortedPutsOverdueFirstThenByDateAndPerson() throws {
        let overdue = PersonHistory([Entry("submit_application", "2026-01-10")], number: "3").history
        let soon = PersonHistory([Entry("submit_application", "2026-02-20")], number: "2").history
        let sameDay = PersonHistory([Entry("submit_application", "2026-02-20")], number: "1").history
        let notice = PersonHistory([Entry("submit_application", "2026-02-02"),
                                    Entry("public_notice", "2026-03-02", EventData(node: "activist", from: day("2026-03-02"), to: day("2026-03-06")))],
                                   number: "4").history
        let items = [soon, notice, overdue, sameDay].flatMap { agenda($0, asOf: "2026-03-03") }
        let sorted = AgendaBuilder.sorted(items)
        #expect(sorted.map { "\($0.personNumber) \($0.kind.rawValue) \($0.date)" } == [
            "3 deadline 2026-02-10",
            "4 deadline 2026-03-02",
            "4 notice_ends 2026-03-06",
            "1 deadline 2026-03-20",
            "2 deadline 2026-03-20",
        ])
        #expect(sorted.prefix(2).allSatisfy { $0.overdue })
        #expect(!sorted.dropFirst(2).contains { $0.overdue })
    }

    @Test func anAdmissionApprovalIsDueThreeMonthsAfterTheMeeting() throws {
        let candidate = Lifecycle2014.entries.through("committee_talk")
        let items = agenda(candidate, asOf: "2025-12-16", horizon: 90)
        #expect(items.map(\.expected) == [ExpectedItem(kind: .deadline, step: "admission_approval", rule: "R17", date: "2026-03-05")])
        #expect(items.first?.detail == "3 months from 2025-12-05; at most until 2026-06-05 with a reason")
        // A longer horizon also reaches the candidate's next assessment (R6, 6 months after 2025-10-15).
        #expect(agenda(candidate, asOf: "2025-12-16", horizon: 121).map(\.expected) == [
            ExpectedItem(kind: .deadline, step: "admission_approval", rule: "R17", date: "2026-03-05"),
            ExpectedItem(kind: .deadline, step: "activist_assessment", rule: "R6", date: "2026-04-15"),
        ])
        // Once approved, nothing of it is left.
        #expect(agenda(Lifecycle2014.entries.through("admission_approval"), asOf: "2026-01-21", horizon: 90).map(\.expected) == [])
    }

    // MARK: - Eligibility

    /// An activist since 2025-03-10 with everything else a candidate needs (R3, R5, R6).
    static let activist = [
        Entry("submit_application", "2024-11-01"),
        Entry("initial_talk", "2024-11-15"),
        Entry("recommendation", "2025-03-01", EventData(method: "league")),
        Entry("designate_activist", "2025-03-10"),
        Entry("file_activist", "2025-03-15"),
        Entry("assign_mentors", "2025-03-15", EventData(names: ["王老师", "赵老师"], statement: "均为正式党员，未受留党察看处分")),
        Entry("activist_assessment", "2025-09-20"),
    ]

    @Test(arguments: [
        // as of, horizon, items
        ("2026-02-20", 30, [
            ExpectedItem(kind: .eligible, step: "designate_candidate", rule: "R7", date: "2026-03-10"),
            ExpectedItem(kind: .deadline, step: "activist_assessment", rule: "R6", date: "2026-03-20"),
        ]),
        ("2026-02-20", 18, [ExpectedItem(kind: .eligible, step: "designate_candidate", rule: "R7", date: "2026-03-10")]),
        ("2026-02-20", 17, []),
        ("2026-03-09", 0, []),
        // On the anniversary nothing waits any more: the step can be taken.
        ("2026-03-10", 30, [ExpectedItem(kind: .deadline, step: "activist_assessment", rule: "R6", date: "2026-03-20")]),
    ])
    func anActivistBecomesEligibleForCandidateOnTheAnniversary(asOf: String, horizon: Int, expected: [ExpectedItem]) throws {
        let items = agenda(Self.activist, asOf: asOf, horizon: horizon)
        #expect(AgendaBuilder.sorted(items).map(\.expected) == expected)
        if let eligible = items.first(where: { $0.kind == .eligible }) {
            #expect(eligible.detail == "may become 发展对象 from 2026-03-10 (R7)")
            #expect(eligible.daysLeft == day(asOf).days(until: day("2026-03-10")))
        }
    }

    @Test func noEligibilityDateWhenSomethingOtherThanTimeIsMissing() throws {
        // No mentors (R5): waiting does not make the person a candidate.
        let items = agenda(Self.activist.removing("assign_mentors"), asOf: "2026-02-20")
        #expect(!items.contains { $0.kind == .eligible })
    }

    // MARK: - 公示 and probation

    @Test(arguments: [
        // as of, listed
        ("2026-03-02", true), ("2026-03-06", true), ("2026-03-07", false), ("2026-02-03", false),
        // Within the horizon, but not yet recorded on the agenda's date.
        ("2026-02-20", false),
    ])
    func aNoticeEndingWithinTheHorizon(asOf: String, listed: Bool) throws {
        let person = [
            Entry("submit_application", "2025-09-01"), Entry("initial_talk", "2025-09-10"),
            Entry("public_notice", "2026-03-02", EventData(node: "activist", from: day("2026-03-02"), to: day("2026-03-06"))),
        ]
        let items = agenda(person, asOf: asOf).filter { $0.kind == .noticeEnds }
        #expect(items.map(\.expected) == (listed ? [ExpectedItem(kind: .noticeEnds, step: "public_notice", rule: "R23", date: "2026-03-06")] : []))
        #expect(items.first.map(\.detail) == (listed ? "公示 (确定入党积极分子) 2026-03-02 to 2026-03-06" : nil))
    }

    @Test(arguments: [
        // as of, horizon, listed, overdue
        ("2026-11-04", 30, false, false),
        ("2026-11-05", 30, true, false),
        ("2026-12-05", 30, true, false),
        ("2026-12-10", 30, true, true),
        // Past the month R20 allows: still the one probation-ends item, not a second line for
        // the conversion-discussion deadline.
        ("2027-01-06", 30, true, true),
    ])
    func probationEnding(asOf: String, horizon: Int, listed: Bool, overdue: Bool) throws {
        let items = agenda(Lifecycle2014.entries.through("submit_conversion_application"), asOf: asOf, horizon: horizon)
        #expect(items.map(\.expected) == (listed
            ? [ExpectedItem(kind: .probationEnds, step: "conversion_approval", rule: "R19", date: "2026-12-05", overdue: overdue)] : []))
        #expect(items.first.map(\.detail) == (listed ? "probation ends 2026-12-05; the branch meeting on conversion is due" : nil))
    }

    @Test(arguments: [30, 89, 90, 365])
    func afterTheConversionMeetingTheApprovalIsDueInstead(horizon: Int) throws {
        // The meeting was held on 2026-12-05: approval within 3 months, by 2027-03-05 (R21).
        let items = agenda(Lifecycle2014.entries.through("conversion_meeting"), asOf: "2026-12-06", horizon: horizon)
        let approval = ExpectedItem(kind: .deadline, step: "conversion_approval", rule: "R21", date: "2027-03-05")
        #expect(items.map(\.expected) == (horizon >= 89 ? [approval] : []))
        #expect(!items.contains { $0.kind == .probationEnds })
        #expect(items.first.map(\.detail) == (horizon >= 89 ? "3 months from 2026-12-05" : nil))
    }

    @Test func anExtendedProbationEndsOnTheNewDate() throws {
        var person = PersonHistory(Lifecycle2014.entries.through("submit_conversion_application"))
        person.record("probation_extension", "2026-12-05", EventData(expected: 10, present: 9, votesFor: 9, months: 6))
        let history = person.history
        // The first end has passed and is no longer due; the new one is 2027-06-05.
        #expect(agenda(history, asOf: "2026-12-06").map(\.expected) == [])
        #expect(agenda(history, asOf: "2027-05-05").map(\.expected) == [])
        #expect(agenda(history, asOf: "2027-05-06").map(\.expected) == [
            ExpectedItem(kind: .probationEnds, step: "conversion_approval", rule: "R19", date: "2027-06-05"),
        ])
        #expect(agenda(history, asOf: "2027-06-10").map(\.expected) == [
            ExpectedItem(kind: .probationEnds, step: "conversion_approval", rule: "R19", date: "2027-06-05", overdue: true),
        ])
    }

    // MARK: - University

    @Test(arguments: [
        // recorded through, as of, horizon, items
        ("admission_approval", "2026-05-21", 90, [
            // Filed one level up within a month of the approval (a local number).
            ExpectedItem(kind: .deadline, step: "file_admission", rule: "R17", date: "2026-06-20"),
            ExpectedItem(kind: .deadline, step: "take_oath", rule: "R18", date: "2026-06-20"),
            ExpectedItem(kind: .deadline, step: "probation_assessment", rule: "R19", date: "2026-08-08"),
        ]),
        ("take_oath", "2026-06-02", 90, [
            ExpectedItem(kind: .deadline, step: "probation_assessment", rule: "R19", date: "2026-08-08"),
        ]),
        ("take_oath", "2026-08-10", 90, [
            ExpectedItem(kind: .deadline, step: "probation_assessment", rule: "R19", date: "2026-08-08", overdue: true),
        ]),
        ("probation_assessment", "2026-08-10", 90, [
            ExpectedItem(kind: .deadline, step: "probation_assessment", rule: "R19", date: "2026-11-03"),
        ]),
        ("probation_assessment", "2026-08-10", 84, []),
    ] as [(String, String, Int, [ExpectedItem])])
    func universityProbationAssessmentsEveryQuarter(through: String, asOf: String, horizon: Int, expected: [ExpectedItem]) throws {
        let university = try ReportsFixture.engine("university")
        // The quarterly thought reports run beside these (RegulationsAuditTests).
        let items = agenda(LifecycleUniversity.entries.through(through), asOf: asOf, horizon: horizon, engine: university)
            .filter { $0.step != "thought_report" }
        #expect(AgendaBuilder.sorted(items).map(\.expected) == expected)
    }

    @Test func afterAFailedAdmissionVoteNoApprovalIsDue() throws {
        // University: the vote of 2026-05-08 failed (4 of 应到 9). The candidate waits to vote
        // again; only the 6-monthly assessment (R6, from 2026-03-10) is due.
        let university = try ReportsFixture.engine("university")
        let failed = LifecycleUniversity.entries.through("admission_meeting")
            .replacing("admission_meeting", data: EventData(expected: 9, present: 8, votesFor: 4, against: 4))
        // (The quarterly thought reports run beside these: RegulationsAuditTests.)
        #expect(agenda(failed, asOf: "2026-07-01", horizon: 90, engine: university).filter { $0.step != "thought_report" }.map(\.expected) == [
            ExpectedItem(kind: .deadline, step: "activist_assessment", rule: "R6", date: "2026-09-10"),
        ])
        // Had it carried, the approval would be due by 2026-08-08.
        #expect(agenda(LifecycleUniversity.entries.through("admission_meeting"), asOf: "2026-07-01", horizon: 90, engine: university)
            .filter { $0.step != "thought_report" }.map(\.expected) == [
                ExpectedItem(kind: .deadline, step: "admission_approval", rule: "R17", date: "2026-08-08"),
                ExpectedItem(kind: .deadline, step: "activist_assessment", rule: "R6", date: "2026-09-10"),
            ])
    }

    @Test func anExtensionAfterAFailedConversionVoteShowsTheNewEnd() throws {
        // The conversion vote of 2026-12-05 failed; the branch extended probation by 6 months
        // instead. No conversion approval is due; probation now ends on 2027-06-05.
        var person = PersonHistory(Lifecycle2014.entries.through("conversion_meeting")
            .replacing("conversion_meeting", data: EventData(expected: 10, present: 9, votesFor: 4, against: 5)))
        person.record("probation_extension", "2026-12-05", EventData(expected: 10, present: 9, votesFor: 8, months: 6))
        #expect(agenda(person.history, asOf: "2026-12-06", horizon: 90).map(\.expected) == [])
        #expect(agenda(person.history, asOf: "2027-05-20").map(\.expected) == [
            ExpectedItem(kind: .probationEnds, step: "conversion_approval", rule: "R19", date: "2027-06-05"),
        ])
    }

    // MARK: - People who left or finished

    @Test(arguments: [
        ("withdrawal", EventData(reason: "本人申请撤回")),
        ("transfer_out", EventData(reason: "毕业离校")),
    ])
    func peopleWhoLeftHaveNoAgenda(step: String, data: EventData) throws {
        // Overdue for a talk until they left.
        let applicant = [Entry("submit_application", "2026-01-10")]
        #expect(agenda(applicant, asOf: "2026-03-05").map(\.expected) == [
            ExpectedItem(kind: .deadline, step: "initial_talk", rule: "R2", date: "2026-02-10", overdue: true),
        ])
        let left = applicant + [Entry(step, "2026-03-01", data)]
        #expect(agenda(left, asOf: "2026-03-05") == [])
        // Before they left, the agenda still had them.
        #expect(agenda(left, asOf: "2026-02-28").count == 1)
    }

    @Test func aCancelledProbationaryMemberHasNoAgenda() throws {
        let cancelled = Lifecycle2014.entries.through("submit_conversion_application")
            + [Entry("probation_cancellation", "2026-12-05", EventData(expected: 10, present: 9, votesFor: 9, reason: "不具备党员条件"))]
        #expect(agenda(cancelled, asOf: "2026-12-06") == [])
        #expect(agenda(cancelled, asOf: "2026-12-04").map(\.kind) == [.probationEnds])
    }

    @Test func aFullMemberHasNoAgenda() throws {
        #expect(agenda(Lifecycle2014.entries, asOf: "2026-12-21", horizon: 365) == [])
    }
}

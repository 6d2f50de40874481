import Foundation
import Testing
@testable import FazhanCore

/// Issue 14, "wrong today": the oath during probation (R18), the filing before admission under
/// the 2014 rules (R7), the month from the first pre-review (R12, 2026), mandatory clauses no
/// waiver lifts, and refusals that cite the rule that refuses them or say they cite none.
@Suite(.english) struct ClauseRulesTests {
    let engine2014: Engine
    let engine2026: Engine
    let university: Engine

    init() throws {
        let loader = WorkflowLoader.directory(EngineFixture.workflows)
        engine2014 = Engine(bundle: try loader.load("cpc-2014"))
        engine2026 = Engine(bundle: try loader.load("cpc-2026"))
        university = Engine(bundle: try loader.load("university"))
    }

    var engines: [(String, Engine)] { [("cpc-2014", engine2014), ("cpc-2026", engine2026), ("university", university)] }

    static func waiver(_ rule: String) -> EventData {
        EventData(reason: "特殊情况", rule: rule, approvedBy: "大学党委组织部")
    }

    // MARK: - R18: the oath during probation

    /// The admission meeting was on 2025-12-05: probation ends 2026-12-05. An oath that day is
    /// still during probation; the day after is not.
    @Test(arguments: [("2026-12-04", true), ("2026-12-05", true), ("2026-12-06", false), ("2027-03-01", false)])
    func theOathIsTakenDuringProbation(date: String, passes: Bool) throws {
        let (person, _) = Lifecycle.recorded(through: "assign_branch_group")
        for (name, engine) in engines {
            let verdict = engine.evaluate("take_oath", on: date, person)
            let check = try #require(verdict.check("oath-during-probation"), "\(name)")
            #expect(check.rule == "R18", "\(name)")
            #expect(check.passed == passes, "\(name) \(date)")
            #expect(!check.waivable, "\(name)")
            #expect(check.found == "入党宣誓 on \(date), the end of probation on 2026-12-05", "\(name)")
            // The stage alone does not catch it: the person is still 预备党员 until approved.
            #expect(verdict.check("order.stage")?.passed == true, "\(name)")
            #expect(verdict.allowed == passes, "\(name) \(date)")
        }
    }

    /// A meeting on 2024-02-29 ends probation on 2025-02-28 (clamped to the month end).
    @Test(arguments: [("2025-02-28", true), ("2025-03-01", false)])
    func theOathAtAMonthEnd(date: String, passes: Bool) throws {
        var (person, ids) = Lifecycle.recorded(through: "assign_branch_group")
        person.correct(try #require(ids["admission_meeting"]), to: "2024-02-29")
        person.correct(try #require(ids["admission_approval"]), to: "2024-04-10")
        let check = try #require(engine2014.evaluate("take_oath", on: date, person).check("oath-during-probation"))
        #expect(check.passed == passes)
    }

    /// An extension (recorded before the oath) moves the end of probation.
    @Test func anExtensionMovesTheEnd() throws {
        var (person, _) = Lifecycle.recorded(through: "assign_branch_group")
        person.record("probation_extension", "2026-12-05", EventData(expected: 10, present: 9, votesFor: 8, months: 6))
        #expect(engine2014.evaluate("take_oath", on: "2027-06-05", person).check("oath-during-probation")?.passed == true)
        #expect(engine2014.evaluate("take_oath", on: "2027-06-06", person).check("oath-during-probation")?.passed == false)
    }

    /// The oath itself is never waived: a waiver of R18 is refused under 2014 (no clause of R18
    /// is worded "normally"), and under 2026 it lifts only the month after approval.
    @Test func theOathItselfIsNeverWaived() throws {
        var (person, _) = Lifecycle.recorded(through: "conversion_meeting")
        person.events.filter { $0.step == "take_oath" }.forEach { person.void($0.id) }
        #expect(engine2014.evaluate("waiver", on: "2026-12-06", Self.waiver("R18"), person).allowed == false)
        #expect(engine2026.evaluate("waiver", on: "2026-12-06", Self.waiver("R18"), person).allowed == true)
        // Recorded anyway (imported): the conversion still needs the oath, in every version.
        person.record("waiver", "2026-12-06", Self.waiver("R18"))
        for (name, engine) in engines {
            let check = try #require(engine.evaluate("conversion_approval", on: "2026-12-20", person).check("conversion-oath"), "\(name)")
            #expect(!check.passed, "\(name)")
            #expect(!check.isWaived, "\(name)")
            #expect(!check.waivable, "\(name)")
        }
    }

    // MARK: - R7 (2014): filed with the higher committee before admission

    /// The lifecycle without step 8 (报上级党委备案).
    static func unfiledCandidate(fileOn date: String? = nil) -> HistoryBuilder {
        var person = Lifecycle.person
        for entry in Lifecycle.entries.prefix(while: { $0.step != "admission_approval" }) where entry.step != "file_candidate" {
            person.record(entry.step, entry.date, entry.data)
        }
        if let date { person.record("file_candidate", date) }
        return person
    }

    @Test(arguments: [
        (nil, false),
        ("2026-01-19", true),   // a day before the approval
        ("2026-01-20", true),   // on the day
        ("2026-01-21", false),  // a day after: not yet on the approval's date
    ] as [(String?, Bool)])
    func admissionNeedsTheCandidateFiled(filed: String?, passes: Bool) throws {
        let person = Self.unfiledCandidate(fileOn: filed)
        let verdict = engine2014.evaluate("admission_approval", on: "2026-01-20", EventData(approver: "DW"), person)
        let check = try #require(verdict.check("admission-candidate-filed"))
        #expect(check.rule == "R7")
        #expect(check.basis == "细则（2014）第十三条")
        #expect(check.passed == passes)
        #expect(!check.waivable)
        #expect(verdict.allowed == passes)
        if filed == nil { #expect(check.found == "no 报上级党委备案") }
        if filed == "2026-01-21" { #expect(check.earliest == civil("2026-01-21")) }
    }

    /// 2026: the committee's consent (with result pass) stands behind the admission.
    @Test func under2026TheConsentMustHavePassed() throws {
        var person = Self.unfiledCandidate()
        person.record("file_candidate", "2025-10-10", EventData(result: .fail))
        let check = try #require(engine2026.evaluate("admission_approval", on: "2026-01-20", EventData(approver: "DW"), person)
            .check("admission-candidate-filed"))
        #expect(check.rule == "R7")
        #expect(!check.passed)
        #expect(check.found == "报上级党委同意 on 2025-10-10 without the result pass")
    }

    // MARK: - R12 (2026): the admission meeting within a month of the first pre-review

    /// The lifecycle up to the volunteer form with its pre-reviews on the given dates, and a
    /// passing admission meeting on `meeting`.
    static func preReviewed(_ preReviews: [String], meeting: String) throws -> HistoryBuilder {
        var (person, ids) = Lifecycle.recorded(through: "fill_volunteer_form")
        person.correct(try #require(ids["pre_review"]), to: preReviews[0])
        for date in preReviews.dropFirst() { person.record("pre_review", date) }
        person.record("admission_meeting", meeting, EventData(expected: 9, present: 8, votesFor: 8, against: 0, abstain: 0))
        person.record("committee_talk", meeting)
        return person
    }

    @Test(arguments: [
        (["2025-11-20"], "2025-12-19", true),                // a day early
        (["2025-11-20"], "2025-12-20", true),                // on the day
        (["2025-11-20"], "2025-12-21", false),               // a day late
        (["2025-11-20", "2025-12-10"], "2025-12-20", true),
        // A second pre-review does not restart the month: it runs from the first.
        (["2025-11-20", "2025-12-10"], "2025-12-21", false),
        (["2025-11-20", "2025-12-10"], "2026-01-10", false),
        // Month end: Jan 31 + 1 month = Feb 28.
        (["2026-01-31"], "2026-02-28", true),
        (["2026-01-31"], "2026-03-01", false),
    ])
    func theMonthRunsFromTheFirstPreReview(preReviews: [String], meeting: String, passes: Bool) throws {
        var person = try Self.preReviewed(preReviews, meeting: meeting)
        let approval = civil(meeting).adding(days: 10).description
        for (name, engine) in [("cpc-2026", engine2026), ("university", university)] {
            let check = try #require(engine.evaluate("admission_approval", on: approval, person).check("admission-meeting-after-pre-review"),
                                     "\(name)")
            #expect(check.rule == "R12")
            #expect(check.passed == passes, "\(name) \(preReviews) \(meeting)")
            #expect(check.found.hasPrefix("上级党委预审 on \(preReviews[0])"), "\(check.found)")
            #expect(!check.waivable)
        }
        // The 2014 rules have no such limit.
        #expect(engine2014.evaluate("admission_approval", on: approval, person).check("admission-meeting-after-pre-review") == nil)
        // "应当": mandatory. A waiver of R12 lifts only its "normally" clause (leaving within 3
        // months, admission-departure), never this month.
        #expect(engine2026.workflow.waivableClauses(of: "R12") == ["admission-departure"])
        person.record("waiver", preReviews[0], Self.waiver("R12"))
        let waived = try #require(engine2026.evaluate("admission_approval", on: approval, person).check("admission-meeting-after-pre-review"))
        #expect(waived.passed == passes)
        #expect(!waived.isWaived)
    }

    @Test func theAgendaCountsTheMonthFromTheFirstPreReviewToo() throws {
        var (person, _) = Lifecycle.recorded(through: "fill_volunteer_form")
        person.record("pre_review", "2025-12-10")
        let pending = engine2026.pendingDeadlines(person.history, asOf: civil("2025-12-12"))
        let meeting = try #require(pending.first { $0.deadline.id == "admission-meeting" })
        #expect(meeting.since == civil("2025-11-20"))
        #expect(meeting.due == civil("2025-12-20"))
    }

    // MARK: - Citations: the rule that refuses, or none

    @Test func aSecondApplicationIsAnOrderingProblemNotR1() throws {
        let (person, _) = Lifecycle.recorded(through: "initial_talk")
        let verdict = engine2014.evaluate("submit_application", on: "2025-03-01", person)
        #expect(!verdict.allowed)
        let stage = try #require(verdict.check("order.stage"))
        #expect(!stage.passed)
        #expect(stage.rule == Check.noRule)
        #expect(stage.citesNoRule)
        #expect(stage.ruleName == "步骤顺序")
        #expect(stage.basis.contains("顺序问题，不是规则"))
        #expect(!stage.message.contains("R1"))
        #expect(stage.message.hasPrefix("步骤顺序（顺序问题，不是规则）: found already recorded on 2024-09-10"))
        // The age check still cites R1, and passes.
        #expect(verdict.check("application-age")?.rule == "R1")
        #expect(verdict.failures.map(\.rule) == [Check.noRule])
    }

    @Test func withdrawingAFullMemberIsAnOrderingProblemNotR3() throws {
        let (person, _) = Lifecycle.recorded()
        let verdict = engine2014.evaluate("withdrawal", on: "2027-03-01", EventData(reason: "本人申请"), person)
        #expect(!verdict.allowed)
        #expect(verdict.failures.allSatisfy { $0.rule == Check.noRule })
        #expect(!verdict.failures.contains { $0.rule == "R3" || $0.message.contains("R3") })
        let stage = try #require(verdict.check("order.stage"))
        #expect(stage.found.hasPrefix("正式党员"))
        #expect(stage.required == "撤回申请或停止培养 is entered from 入党申请人 or 入党积极分子 or 发展对象")
    }

    @Test func aTransferToAnUnknownOrganizationIsADataProblem() throws {
        let (person, _) = Lifecycle.recorded(through: "initial_talk")
        let verdict = engine2014.evaluate("transfer", on: "2025-03-01", EventData(organization: "NOPE"), person)
        let transfer = try #require(verdict.check("order.transfer"))
        #expect(!transfer.passed)
        #expect(transfer.rule == Check.noRule)
        #expect(transfer.ruleName == "数据")
        #expect(transfer.ruleName != "transfer")
        #expect(!transfer.basis.isEmpty)
        #expect(transfer.basis.contains("数据问题，不是规则"))
        #expect(transfer.found == "no organization with code NOPE")
    }

    @Test func anUnknownStepAndAnUnknownRuleAreDataProblems() throws {
        let (person, _) = Lifecycle.recorded(through: "initial_talk")
        let unknown = try #require(engine2014.evaluate("no_such_step", on: "2025-03-01", person).check("order.step"))
        #expect(unknown.rule == Check.noRule)
        #expect(unknown.ruleName == "数据")
        let waiver = try #require(engine2014.evaluate("waiver", on: "2025-03-01", Self.waiver("R99"), person).check("order.waiver"))
        #expect(waiver.rule == Check.noRule)
        #expect(waiver.found == "no rule R99 in cpc-2014")
    }

    /// Every failing check of every step on an empty and on a full history cites a rule of the
    /// workflow with its basis, or cites none and says which kind of problem it is.
    @Test func everyRefusalCitesARuleWithItsBasisOrSaysItIsNone() throws {
        for (name, engine) in engines {
            for person in [HistoryBuilder(), Lifecycle.recorded().builder, Lifecycle.recorded(through: "designate_candidate").builder] {
                for step in engine.workflow.steps {
                    for check in engine.evaluate(step.id, on: "2027-03-01", person).failures {
                        if check.citesNoRule {
                            #expect(["步骤顺序", "数据"].contains(check.ruleName), "\(name) \(step.id) \(check.guardID)")
                            #expect(check.guardID.hasPrefix("order."), "\(name) \(step.id) \(check.guardID)")
                        } else {
                            let rule = try #require(engine.workflow.rule(check.rule), "\(name) \(step.id) \(check.guardID)")
                            #expect(!rule.basis.isEmpty)
                            #expect(check.basis == rule.basis)
                            #expect(!check.guardID.hasPrefix("order.") || check.guardID == "order.waiver", "\(name) \(step.id) \(check.guardID)")
                        }
                    }
                }
            }
        }
    }
}

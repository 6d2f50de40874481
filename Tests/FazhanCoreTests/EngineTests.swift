import Foundation
import Testing
@testable import FazhanCore

/// The engine as a whole on `workflows/cpc-2014.yaml`: the order of steps and stages, the
/// verdict's earliest day, a whole way through the 25 steps, and data validation.
@Suite(.english) struct EngineTests {
    let engine: Engine

    init() throws {
        engine = try EngineFixture.cpc2014()
    }

    @Test func loadsTheRealRuleSet() {
        #expect(engine.workflow.id == "cpc-2014")
        #expect(engine.workflow.stages.prefix(5).map(\.id) == ["applicant", "activist", "candidate", "probationary", "full_member"])
        #expect(engine.workflow.steps.compactMap(\.number) == Array(1...25))
        #expect(engine.calendar.years.contains(2026))
    }

    // MARK: Order of steps and stages

    @Test func designatingACandidateWhileStillAnApplicantFailsOnTheStage() throws {
        var person = HistoryBuilder()
        person.record("submit_application", "2024-01-10")
        let verdict = engine.evaluate("designate_candidate", on: "2025-06-01", person)
        let stage = try #require(verdict.check("order.stage"))
        #expect(!stage.passed)
        #expect(stage.rule == Check.noRule)  // an ordering problem, not R7
        #expect(stage.found == "入党申请人 since 2024-01-10")
        #expect(stage.required == "发展对象 is entered from 入党积极分子")
        #expect(!verdict.allowed)
        #expect(verdict.to == "candidate")
    }

    @Test func aTransitionBeforeAnyApplicationFailsOnTheStage() throws {
        let stage = try #require(engine.evaluate("designate_activist", on: "2025-06-01", HistoryBuilder()).check("order.stage"))
        #expect(!stage.passed)
        #expect(stage.found == "no stage (no application recorded)")
    }

    @Test func aStepWhoseRequiredStepIsMissingFails() throws {
        var person = HistoryBuilder()
        person.record("submit_application", "2024-01-10")
        let verdict = engine.evaluate("file_activist", on: "2024-05-01", person)
        let requires = try #require(verdict.check("order.requires"))
        #expect(!requires.passed)
        #expect(requires.found == "no 推荐和确定入党积极分子")
        #expect(requires.required == "推荐和确定入党积极分子 recorded on or before 2024-05-01")
        #expect(requires.earliest == nil)
        #expect(!verdict.allowed)
    }

    @Test func aRequiredStepRecordedLaterGivesItsDateAsTheEarliest() throws {
        var person = HistoryBuilder()
        person.record("submit_application", "2024-01-10")
        person.record("designate_activist", "2024-05-10")
        let verdict = engine.evaluate("file_activist", on: "2024-05-01", person)
        let requires = try #require(verdict.check("order.requires"))
        #expect(!requires.passed)
        #expect(requires.earliest == civil("2024-05-10"))
        #expect(verdict.earliest == civil("2024-05-10"))
        #expect(engine.evaluate("file_activist", on: "2024-05-10", person).allowed)
    }

    @Test func branchCommitteeReviewNeedsEveryRequiredStep() throws {
        var person = HistoryBuilder()
        person.record("submit_application", "2024-01-10")
        person.record("designate_activist", "2024-05-10")
        person.record("designate_candidate", "2025-05-10")
        person.record("assign_introducers", "2025-05-12", EventData(names: ["王老师", "赵老师"], statement: "均为正式党员，未受留党察看处分"))
        let verdict = engine.evaluate("branch_committee_review", on: "2025-06-01", person)
        let requires = verdict.checks.filter { $0.guardID == "order.requires" }
        #expect(requires.map(\.passed) == [true, false, false])
        #expect(requires.map(\.found) == ["确定入党介绍人 on 2025-05-12", "no 进行政治审查", "no 开展集中培训"])
    }

    @Test(arguments: ["2024-05-09", "2024-05-10", "2024-06-01"])
    func aStageAlreadyEnteredCannotBeEnteredAgain(date: String) throws {
        // The person is an activist since 2024-05-10; a second designation fails whether it is
        // dated later or backdated to when they were still an applicant.
        var person = HistoryBuilder()
        person.record("submit_application", "2024-01-10")
        person.record("initial_talk", "2024-01-20")
        person.record("recommendation", "2024-03-01", EventData(method: "members"))
        person.record("designate_activist", "2024-05-10")
        let verdict = engine.evaluate("designate_activist", on: date, person)
        let stage = try #require(verdict.check("order.stage"))
        #expect(!stage.passed)
        #expect(stage.rule == Check.noRule)  // an ordering problem, not R3
        #expect(stage.found.contains("入党积极分子 since 2024-05-10"))
        #expect(!verdict.allowed)
        #expect(verdict.earliest == nil)
    }

    @Test(arguments: ["2024-03-01", "2023-12-01"])
    func aSecondApplicationFails(date: String) throws {
        var person = HistoryBuilder()
        person.record("submit_application", "2024-01-10")
        let verdict = engine.evaluate("submit_application", on: date, person)
        let stage = try #require(verdict.check("order.stage"))
        #expect(!stage.passed)
        #expect(stage.rule == Check.noRule)  // an ordering problem, not R1
        #expect(stage.found == "already recorded on 2024-01-10 (event #1)")
        #expect(stage.required == "递交入党申请书 is recorded once, as the first step")
        #expect(!verdict.allowed)
        #expect(verdict.earliest == nil)
    }

    @Test func theFirstApplicationPassesTheOrderCheck() throws {
        let stage = try #require(engine.evaluate("submit_application", on: "2024-01-10", HistoryBuilder()).check("order.stage"))
        #expect(stage.passed)
        #expect(stage.found == "no earlier 递交入党申请书")
    }

    @Test func aStepOutsideItsStagesFails() throws {
        var person = HistoryBuilder()
        person.record("submit_application", "2024-01-10")
        person.record("designate_activist", "2024-05-10")
        person.record("designate_candidate", "2025-05-10")
        let stage = try #require(engine.evaluate("take_oath", on: "2025-06-01", person).check("order.stage"))
        #expect(!stage.passed)
        #expect(stage.found == "发展对象 since 2025-05-10")
        #expect(stage.required == "入党宣誓 is done while 预备党员")
        // An assessment is allowed while an activist or a candidate.
        #expect(engine.evaluate("activist_assessment", on: "2025-06-01", person).check("order.stage")?.passed == true)
        // ... but not before the person became an activist.
        #expect(engine.evaluate("activist_assessment", on: "2024-05-09", person).check("order.stage")?.passed == false)
    }

    @Test func aOnceOnlyStepRecordedTwiceFails() throws {
        var person = HistoryBuilder()
        person.record("submit_application", "2024-01-10")
        person.record("designate_activist", "2024-05-10")
        person.record("file_activist", "2024-05-15")
        let once = try #require(engine.evaluate("file_activist", on: "2024-05-20", person).check("order.once"))
        #expect(!once.passed)
        #expect(once.found == "already recorded on 2024-05-15 (event #3)")
        // A repeatable step has no such check.
        person.record("activist_assessment", "2024-11-10")
        #expect(engine.evaluate("activist_assessment", on: "2025-05-10", person).check("order.once") == nil)
    }

    @Test func anUnknownStepIsNeverAllowed() {
        let verdict = engine.evaluate("become_secretary", on: "2025-06-01", HistoryBuilder())
        #expect(!verdict.allowed)
        #expect(verdict.failures.first?.found.contains("become_secretary") == true)
    }

    // MARK: The verdict's earliest day

    /// An activist designated 2025-01-31 whose assessment is recorded for 2026-02-10.
    func activist(mentors: [String] = ["王老师", "赵老师"]) -> HistoryBuilder {
        var person = HistoryBuilder()
        person.record("submit_application", "2024-01-10")
        person.record("designate_activist", "2025-01-31")
        person.record("file_activist", "2025-02-05")
        person.record("assign_mentors", "2025-02-05", EventData(names: mentors, statement: "均为正式党员，未受留党察看处分"))
        person.record("activist_assessment", "2026-02-10")
        return person
    }

    @Test func earliestIsTheLatestOfTheFailingTimeChecks() throws {
        let verdict = engine.evaluate("designate_candidate", on: "2026-01-15", activist())
        #expect(verdict.failures.map(\.guardID) == ["candidate-one-year", "candidate-assessed"])
        #expect(verdict.check("candidate-one-year")?.earliest == civil("2026-01-31"))
        #expect(verdict.check("candidate-assessed")?.earliest == civil("2026-02-10"))
        #expect(verdict.earliest == civil("2026-02-10"))
        // On 2026-01-31 the year is up but the assessment is still ahead.
        let later = engine.evaluate("designate_candidate", on: "2026-01-31", activist())
        #expect(later.failures.map(\.guardID) == ["candidate-assessed"])
        #expect(later.earliest == civil("2026-02-10"))
        // On the earliest day everything passes.
        #expect(engine.evaluate("designate_candidate", on: "2026-02-10", activist()).allowed)
    }

    @Test func aFailureThatTimeCannotCureMakesEarliestNil() throws {
        let verdict = engine.evaluate("designate_candidate", on: "2026-01-15", activist(mentors: []))
        #expect(verdict.failures.map(\.guardID) == ["candidate-one-year", "candidate-mentors", "candidate-assessed"])
        #expect(verdict.check("candidate-one-year")?.earliest == civil("2026-01-31"))
        #expect(verdict.check("candidate-mentors")?.earliest == nil)
        #expect(verdict.earliest == nil)
    }

    @Test func verdictEarliestOnSyntheticChecks() {
        func check(_ passed: Bool, _ earliest: String?) -> Check {
            Check(rule: "R0", ruleName: "", basis: "", guardID: "g", passed: passed, found: "", required: "",
                  earliest: earliest.map { civil($0) }, message: "")
        }
        let date = civil("2026-01-01")
        #expect(Verdict(step: "s", to: nil, date: date, checks: []).earliest == nil)
        #expect(Verdict(step: "s", to: nil, date: date, checks: [check(true, nil)]).earliest == nil)
        #expect(Verdict(step: "s", to: nil, date: date, checks: [
            check(false, "2026-03-01"), check(false, "2026-05-01"), check(false, "2026-04-01"), check(true, nil),
        ]).earliest == civil("2026-05-01"))
        #expect(Verdict(step: "s", to: nil, date: date, checks: [check(false, "2026-03-01"), check(false, nil)]).earliest == nil)
    }

    // MARK: A whole way through the 25 steps

    @Test func everyStepOfAnOnTimeLifecycleIsAllowed() throws {
        var person = Lifecycle.person
        for entry in Lifecycle.entries {
            let verdict = engine.evaluate(entry.step, on: entry.date, entry.data, person)
            #expect(verdict.allowed, "\(entry.testDescription): \(verdict.failures.map(\.message))")
            #expect(engine.problems(entry.step, on: entry.date, entry.data, person) == [], "\(entry.testDescription)")
            person.record(entry.step, entry.date, entry.data)
            if let stage = engine.workflow.step(entry.step)?.enters {
                #expect(engine.stage(of: person.history, asOf: civil(entry.date))?.stage == stage)
            }
        }
        #expect(engine.stage(of: person.history, asOf: civil("2027-01-01"))?.stage == "full_member")
        #expect(engine.workflow.stage("full_member")?.isFinal == true)
    }

    @Test func nextStageFollowsTheWorkflow() {
        let (person, _) = Lifecycle.recorded(through: "designate_activist")
        #expect(engine.nextStage(for: HistoryBuilder().history, asOf: civil("2024-01-01"))?.id == "applicant")
        #expect(engine.nextStage(for: person.history, asOf: civil("2024-10-15"))?.id == "activist")
        #expect(engine.nextStage(for: person.history, asOf: civil("2024-10-16"))?.id == "candidate")
    }

    @Test func conversionApprovalNeedsTheMeetingAfterProbationEnds() throws {
        // Probation runs from the admission meeting 2025-12-05 and ends on 2026-12-05.
        var (person, _) = Lifecycle.recorded(through: "submit_conversion_application")
        person.record("conversion_meeting", "2026-12-04", EventData(expected: 10, present: 9, votesFor: 9))
        let verdict = engine.evaluate("conversion_approval", on: "2026-12-20", person)
        let probation = try #require(verdict.check("conversion-after-probation"))
        #expect(probation.rule == "R20")
        #expect(!probation.passed)
        #expect(verdict.failures.map(\.guardID) == ["conversion-after-probation"])
    }

    @Test func conversionCountsTheLatestConversionMeeting() throws {
        // A meeting held too early is followed by one after probation ends: the latest counts.
        var (person, _) = Lifecycle.recorded(through: "submit_conversion_application")
        person.record("conversion_meeting", "2026-11-28", EventData(expected: 10, present: 9, votesFor: 9))
        person.record("conversion_meeting", "2026-12-07", EventData(expected: 10, present: 9, votesFor: 9))
        #expect(engine.evaluate("conversion_approval", on: "2026-12-06", person).check("conversion-after-probation")?.passed == false)
        #expect(engine.evaluate("conversion_approval", on: "2026-12-20", person).allowed)
    }

    @Test func admissionApprovalBeyondThreeMonthsNeedsAReason() throws {
        var (person, _) = Lifecycle.recorded(through: "committee_talk")
        // The meeting was 2025-12-05: approval by 2026-03-05, with a reason by 2026-06-05.
        #expect(engine.evaluate("admission_approval", on: "2026-03-05", person).allowed)
        let late = engine.evaluate("admission_approval", on: "2026-03-06", person)
        #expect(late.failures.map(\.guardID) == ["admission-window"])
        #expect(late.earliest == nil)
        #expect(engine.evaluate("admission_approval", on: "2026-06-05", EventData(reason: "党委会议推迟"), person).allowed)
        #expect(!engine.evaluate("admission_approval", on: "2026-06-06", EventData(reason: "党委会议推迟"), person).allowed)
        // Named approvers: a 党总支 cannot approve, the university committee can.
        #expect(engine.evaluate("admission_approval", on: "2026-01-20", EventData(approver: "ZZ"), person).failures.map(\.guardID) == ["admission-approver"])
        #expect(engine.evaluate("admission_approval", on: "2026-01-20", EventData(approver: "DW"), person).allowed)
        person.record("admission_approval", "2026-01-20")
        // Once approved, a second approval fails on the stage.
        #expect(engine.evaluate("admission_approval", on: "2026-02-20", person).check("order.stage")?.passed == false)
    }

    // MARK: Data validation

    struct Invalid: Sendable, CustomTestStringConvertible {
        var step: String
        var date: String
        var data: EventData
        var problem: String
        var testDescription: String { problem }
    }

    @Test(arguments: [
        Invalid(step: "admission_meeting", date: "2025-12-05", data: EventData(expected: 5, present: 6, votesFor: 5),
                problem: "实到 6 is more than 应到 5"),
        Invalid(step: "admission_meeting", date: "2025-12-05", data: EventData(expected: 9, present: 6, votesFor: 5, against: 1, abstain: 1),
                problem: "votes for + against + abstain = 7, more than the 6 present (one vote per person)"),
        Invalid(step: "admission_meeting", date: "2025-12-05", data: EventData(expected: 9, present: 8, votesFor: 7, writtenFor: 1, writtenAgainst: 1),
                problem: "2 written opinions, but only 1 members were absent: written opinions come only from members who could not attend"),
        Invalid(step: "admission_meeting", date: "2025-12-05", data: EventData(),
                problem: "支部大会讨论 needs the vote: --expected (应到), --present (实到), --for (赞成), and --against/--abstain where any"),
        Invalid(step: "admission_meeting", date: "2025-12-05", data: EventData(expected: 9, present: 8),
                problem: "支部大会讨论 needs the vote: --expected (应到), --present (实到), --for (赞成), and --against/--abstain where any"),
        Invalid(step: "public_notice", date: "2024-10-15", data: EventData(node: "activist", from: civil("2024-10-15"), to: civil("2024-10-09")),
                problem: "the notice ends (2024-10-09) before it starts (2024-10-15)"),
        Invalid(step: "public_notice", date: "2024-10-15", data: EventData(node: "graduation", from: civil("2024-10-15"), to: civil("2024-10-21")),
                problem: "unknown notice node \"graduation\" (known: activist, candidate, admission, conversion)"),
        Invalid(step: "initial_talk", date: "2027-07-01", data: EventData(),
                problem: "2027-07-01 is in the future (today is 2027-06-30); record a step once it has happened"),
        Invalid(step: "initial_talk", date: "2024-09-09", data: EventData(),
                problem: "2024-09-09 is before the application (递交入党申请书 (submit_application) on 2024-09-10)"),
        Invalid(step: "concentrated_training", date: "2025-05-10", data: EventData(days: -1),
                problem: "--days cannot be negative (it is -1): the days of a training are 0 to 366"),
        Invalid(step: "concentrated_training", date: "2025-05-10", data: EventData(days: 9_223_372_036_854_775_807),
                problem: "--days 9223372036854775807 is out of range: the days of a training are 0 to 366"),
        Invalid(step: "concentrated_training", date: "2025-05-10", data: EventData(),
                problem: "开展集中培训 needs --days or --hours"),
        Invalid(step: "political_review", date: "2025-11-01", data: EventData(),
                problem: "进行政治审查 needs --result pass|fail"),
        Invalid(step: "assign_introducers", date: "2025-10-20", data: EventData(names: [], statement: "均为正式党员，未受留党察看处分"),
                problem: "确定入党介绍人 needs --names (comma-separated)"),
        Invalid(step: "recommendation", date: "2024-10-08", data: EventData(method: "teacher"),
                problem: "unknown recommendation method \"teacher\" (league or members)"),
    ])
    func validateNamesTheProblem(invalid: Invalid) {
        let (person, _) = Lifecycle.recorded(through: "submit_application")
        let problems = engine.problems(invalid.step, on: invalid.date, invalid.data, person)
        #expect(problems == [invalid.problem])
    }

    @Test func validateReportsEveryProblemAtOnce() {
        let (person, _) = Lifecycle.recorded(through: "submit_application")
        let data = EventData(expected: 5, present: 6, votesFor: 5, against: 1, abstain: 1, writtenFor: 1)
        let problems = engine.problems("admission_meeting", on: "2027-07-01", data, person)
        #expect(problems == [
            "2027-07-01 is in the future (today is 2027-06-30); record a step once it has happened",
            "实到 6 is more than 应到 5",
            "votes for + against + abstain = 7, more than the 6 present (one vote per person)",
        ])
        // With 实到 > 应到 the number absent is unknown: no "only -1 members were absent".
        #expect(!problems.contains { $0.contains("-1") })
        do {
            try engine.validate(step: "admission_meeting", on: civil("2027-07-01"), data: data, history: person.history, today: civil("2027-06-30"))
            Issue.record("validate accepted three problems")
        } catch {
            #expect(error.description.hasPrefix("- 2027-07-01 is in the future"))
            #expect(error.description.split(separator: "\n").count == 3)
        }
    }

    @Test func validateAcceptsGoodDataAndTheApplicationItself() {
        let (person, _) = Lifecycle.recorded(through: "submit_application")
        #expect(engine.problems("admission_meeting", on: "2025-12-05", EventData(expected: 9, present: 8, votesFor: 7, against: 1, writtenFor: 1), person) == [])
        // The application is not checked against itself, and today is allowed.
        #expect(engine.problems("submit_application", on: "2027-06-30", EventData(), HistoryBuilder()) == [])
    }

    @Test func validateRejectsAnUnknownStep() {
        let problems = engine.problems("become_secretary", on: "2025-06-01", EventData(), HistoryBuilder())
        #expect(problems.count == 1)
        #expect(problems.first?.hasPrefix("unknown step \"become_secretary\" in workflow cpc-2014 (known: submit_application, ") == true)
    }
}

import Foundation
import Testing
@testable import FazhanCore

/// The university's local rule "after 6 months the procedure is redone" (R17, `admission-redo`):
/// the approval more than 6 months after the first resolution needs the procedure of 接收预备党员
/// recorded again after the 6 months ran out; and R12's month (2026) after a redo runs from the
/// redone pre-review. The national rules are unaffected.
@Suite(.english) struct RedoTests {
    let engine2014: Engine
    let engine2026: Engine
    let university: Engine

    init() throws {
        let loader = WorkflowLoader.directory(EngineFixture.workflows)
        engine2014 = Engine(bundle: try loader.load("cpc-2014"))
        engine2026 = Engine(bundle: try loader.load("cpc-2026"))
        university = Engine(bundle: try loader.load("university"))
    }

    static let carried = EventData(expected: 9, present: 8, votesFor: 8, against: 0, abstain: 0)
    static let failed = EventData(expected: 9, present: 8, votesFor: 3, against: 5, abstain: 0)

    static func notice(_ from: String, _ to: String) -> EventData {
        EventData(node: "admission", from: civil(from), to: civil(to), objections: 0)
    }

    /// A candidate reviewed, pre-reviewed and noticed before a meeting on `meeting` whose vote
    /// carried, and talked with by the committee ten days later.
    static func resolved(on meeting: String, preReview: String? = nil) -> HistoryBuilder {
        var person = HistoryBuilder()
        let day = civil(meeting)
        person.record("submit_application", day.adding(years: -3).description)
        person.record("designate_activist", day.adding(years: -2).description)
        person.record("designate_candidate", day.adding(months: -6).description)
        person.record("branch_committee_review", day.adding(days: -20).description)
        person.record("pre_review", preReview ?? day.adding(days: -14).description)
        person.record("public_notice", day.adding(days: -13).description,
                      notice(day.adding(days: -13).description, day.adding(days: -7).description))
        person.record("fill_volunteer_form", day.adding(days: -6).description)
        person.record("admission_meeting", meeting, carried)
        person.record("committee_talk", day.adding(days: 10).description, EventData(heldBy: "王组织员", heldByRole: "organizer"))
        return person
    }

    /// The procedure recorded again: review, pre-review, 公示, meeting, committee talk.
    static func redo(_ person: inout HistoryBuilder, review: String, preReview: String, notice from: String, _ to: String,
                     meeting: String, talk: String, skipping: String? = nil) {
        if skipping != "branch_committee_review" { person.record("branch_committee_review", review) }
        if skipping != "pre_review" { person.record("pre_review", preReview) }
        if skipping != "public_notice" { person.record("public_notice", from, notice(from, to)) }
        if skipping != "admission_meeting" { person.record("admission_meeting", meeting, carried) }
        if skipping != "committee_talk" { person.record("committee_talk", talk, EventData(heldBy: "王组织员", heldByRole: "organizer")) }
    }

    func redoCheck(_ engine: Engine, _ person: HistoryBuilder, on date: String) throws -> Check {
        try #require(engine.evaluate("admission_approval", on: date, EventData(expected: 11, present: 10, votesFor: 9), person)
            .check("admission-redo"))
    }

    // MARK: - The 6 months, at the edges

    /// 6 months from 2025-06-15 run to 2025-12-15; from 2025-08-31 to 2026-02-28 (clamped to the
    /// month end, never 2026-03-03). On the last day the approval stands; the day after, the
    /// procedure must have been redone.
    @Test(arguments: [
        ("2025-06-15", "2025-12-14", true), ("2025-06-15", "2025-12-15", true), ("2025-06-15", "2025-12-16", false),
        ("2025-08-31", "2026-02-27", true), ("2025-08-31", "2026-02-28", true), ("2025-08-31", "2026-03-01", false),
        ("2023-08-31", "2024-02-29", true), ("2023-08-31", "2024-03-01", false),
    ])
    func theSixMonthsRunFromTheFirstResolution(meeting: String, approval: String, passes: Bool) throws {
        let person = Self.resolved(on: meeting)
        let check = try redoCheck(university, person, on: approval)
        #expect(check.passed == passes, "\(meeting) → \(approval): \(check.found)")
        #expect(check.rule == "R17")
        #expect(check.basis == "细则（2014）第二十五条；12371问答（2017）；本校规定")
        #expect(!check.waivable)
        let ranOut = civil(meeting).adding(months: 6)
        if passes {
            #expect(check.found == "支部大会讨论 on \(meeting), 上级党委审批 on \(approval): within 6 months")
        } else {
            #expect(check.found == "支部大会讨论 on \(meeting), not approved by \(ranOut); since: no 支部委员会审查 after \(ranOut); "
                + "no 上级党委预审 after \(ranOut); no 支部大会讨论 after \(ranOut); no 上级党委派人谈话 after \(ranOut); "
                + "no 公示 (接收预备党员) after \(ranOut)")
            #expect(check.required == "not approved within 6 months of the resolution (支部大会讨论) on \(meeting), the procedure redone: "
                + "支部委员会审查, 上级党委预审, 支部大会讨论, 上级党委派人谈话, 公示 (接收预备党员) recorded after \(ranOut), on or before \(approval)")
            #expect(check.earliest == nil)
        }
        // The national rules have no such clause.
        for engine in [engine2014, engine2026] {
            #expect(engine.evaluate("admission_approval", on: approval, person).check("admission-redo") == nil)
        }
    }

    /// Re-deliberating every 3 months keeps no resolution alive past 6: the window runs from the
    /// latest meeting (admission-window passes), the 6 months from the first.
    @Test func aReDeliberationDoesNotRestartTheSixMonths() throws {
        var person = Self.resolved(on: "2025-08-31")
        person.record("admission_meeting", "2025-12-05", Self.carried)
        let verdict = university.evaluate("admission_approval", on: "2026-03-01", EventData(expected: 11, present: 10, votesFor: 9), person)
        #expect(verdict.check("admission-window")?.passed == true)
        #expect(verdict.check("admission-redo")?.passed == false)
        // The re-deliberation itself is no redone procedure: it is before the 6 months ran out.
        #expect(verdict.check("admission-redo")?.found.contains("no 支部大会讨论 after 2026-02-28") == true)
    }

    /// A meeting whose vote failed resolves nothing: the 6 months run from the first that carried.
    @Test func aFailedVoteIsNoResolution() throws {
        var person = Self.resolved(on: "2025-08-31")
        person.append(Event(id: 0, personID: 1, step: "admission_meeting", date: civil("2025-02-20"), recordedAt: "2025-02-20T09:00:00Z",
                            recordedBy: "组织委员", data: Self.failed, workflowVersion: 1))
        #expect(try redoCheck(university, person, on: "2026-02-28").passed)
        #expect(try !redoCheck(university, person, on: "2026-03-01").passed)
        // No resolution at all: nothing lapsed (the vote's own guards refuse the approval).
        var unresolved = HistoryBuilder()
        unresolved.record("submit_application", "2023-03-01")
        unresolved.record("admission_meeting", "2025-02-20", Self.failed)
        let check = try redoCheck(university, unresolved, on: "2026-03-01")
        #expect(check.passed)
        #expect(check.found == "no 支部大会讨论 whose vote carried: nothing lapsed")
    }

    // MARK: - The procedure redone

    @Test func theProcedureRedoneAfterTheSixMonthsPasses() throws {
        var person = Self.resolved(on: "2025-08-31")
        Self.redo(&person, review: "2026-03-02", preReview: "2026-03-05", notice: "2026-03-06", "2026-03-12",
                  meeting: "2026-03-16", talk: "2026-03-20")
        let check = try redoCheck(university, person, on: "2026-03-25")
        #expect(check.passed, "\(check.found)")
        #expect(check.found == "支部大会讨论 on 2025-08-31, not approved by 2026-02-28; since: 支部委员会审查 on 2026-03-02; "
            + "上级党委预审 on 2026-03-05; 支部大会讨论 on 2026-03-16; 上级党委派人谈话 on 2026-03-20; 公示 (接收预备党员) on 2026-03-06")
    }

    /// Each step of the procedure is needed; one recorded on the day the 6 months ran out is not
    /// after them.
    @Test(arguments: ["branch_committee_review", "pre_review", "public_notice", "admission_meeting", "committee_talk"])
    func everyStepOfTheProcedureIsRedone(skipping: String) throws {
        var person = Self.resolved(on: "2025-08-31")
        Self.redo(&person, review: "2026-03-02", preReview: "2026-03-05", notice: "2026-03-06", "2026-03-12",
                  meeting: "2026-03-16", talk: "2026-03-20", skipping: skipping)
        let check = try redoCheck(university, person, on: "2026-03-25")
        #expect(!check.passed)
        let name = skipping == "public_notice" ? "公示 (接收预备党员)" : university.workflow.nameOfStep(skipping)
        #expect(check.found.contains("no \(name) after 2026-02-28"), "\(check.found)")
        // Recorded on the day the 6 months ran out: still the lapsed procedure.
        var onTheDay = person
        switch skipping {
        case "public_notice": onTheDay.record(skipping, "2026-02-28", Self.notice("2026-02-28", "2026-03-06"))
        case "admission_meeting": onTheDay.record(skipping, "2026-02-28", Self.carried)
        default: onTheDay.record(skipping, "2026-02-28")
        }
        #expect(try !redoCheck(university, onTheDay, on: "2026-03-25").passed)
    }

    /// A step of the redone procedure recorded after the approval's date: the approval passes
    /// from that day (the earliest), and the fix names the steps to record.
    @Test func aStepRecordedLaterGivesTheEarliestDay() throws {
        var person = Self.resolved(on: "2025-08-31")
        Self.redo(&person, review: "2026-03-02", preReview: "2026-03-05", notice: "2026-03-06", "2026-03-12",
                  meeting: "2026-03-16", talk: "2026-03-30")
        let check = try redoCheck(university, person, on: "2026-03-25")
        #expect(!check.passed)
        #expect(check.found.hasSuffix("上级党委派人谈话 on 2026-03-30, after 2026-03-25; 公示 (接收预备党员) on 2026-03-06"), "\(check.found)")
        #expect(check.earliest == civil("2026-03-30"))
    }

    /// The redone procedure's own first resolution starts a new 6 months; past them, the steps
    /// of the first redo no longer count.
    @Test func aRedoneProcedureLapsesInTurn() throws {
        var person = Self.resolved(on: "2025-08-31")
        Self.redo(&person, review: "2026-03-02", preReview: "2026-03-05", notice: "2026-03-06", "2026-03-12",
                  meeting: "2026-03-16", talk: "2026-03-20")
        #expect(try redoCheck(university, person, on: "2026-09-16").passed)
        let lapsed = try redoCheck(university, person, on: "2026-09-17")
        #expect(!lapsed.passed)
        #expect(lapsed.found.hasPrefix("支部大会讨论 on 2026-03-16, not approved by 2026-09-16; since: no 支部委员会审查 after 2026-09-16"))
    }

    /// An approval recorded by the 6 months' last day completes the procedure: nothing lapses
    /// after it (the procedure in force for later references stays the first).
    @Test func anApprovalInTimeEndsTheCount() throws {
        var person = Self.resolved(on: "2025-08-31")
        person.record("admission_approval", "2026-01-10", EventData(expected: 11, present: 10, votesFor: 9))
        #expect(university.procedureStart(for: "pre_review", history: person.history, before: civil("2027-01-01")) == nil)
    }

    // MARK: - R12 (2026): the month from the first pre-review, after a redo

    /// After a redo the month runs from the redone pre-review (procedure:pre_review) to the
    /// redone meeting; before any redo, from the first pre-review (a second does not restart it)
    /// to the first meeting, so a re-deliberation after 3 months is not late under R12.
    @Test(arguments: [("2026-04-05", true), ("2026-04-06", false)])
    func afterARedoTheMonthRunsFromTheRedonePreReview(meeting: String, passes: Bool) throws {
        var person = Self.resolved(on: "2025-08-31", preReview: "2025-08-20")
        Self.redo(&person, review: "2026-03-02", preReview: "2026-03-05", notice: "2026-03-06", "2026-03-12",
                  meeting: meeting, talk: "2026-04-08")
        let check = try #require(university.evaluate("admission_approval", on: "2026-04-10", person).check("admission-meeting-after-pre-review"))
        #expect(check.passed == passes, "\(check.found)")
        #expect(check.found == "上级党委预审 of the procedure redone after 2026-02-28 on 2026-03-05, "
            + "支部大会讨论 of the procedure redone after 2026-02-28 on \(meeting)")
        #expect(check.rule == "R12")
        // The 2026 rules have no redo: the month runs from the first pre-review of all.
        let national = try #require(engine2026.evaluate("admission_approval", on: "2026-04-10", person).check("admission-meeting-after-pre-review"))
        #expect(!national.passed)
        #expect(national.found.hasPrefix("上级党委预审 on 2025-08-20"))
        // The agenda counts the month from the redone pre-review too.
        let pending = History(person: person.person, events: person.events.filter { $0.date < civil("2026-03-16") })
        let due = try #require(university.pendingDeadlines(pending, asOf: civil("2026-03-10")).first { $0.deadline.id == "admission-meeting" })
        #expect(due.since == civil("2026-03-05"))
        #expect(due.due == civil("2026-04-05"))
    }

    @Test func beforeARedoTheMonthRunsFromTheFirstPreReviewToTheFirstMeeting() throws {
        var person = Self.resolved(on: "2025-09-15", preReview: "2025-08-20")
        person.record("pre_review", "2025-09-10")
        person.record("admission_meeting", "2025-12-16", Self.carried)
        let check = try #require(university.evaluate("admission_approval", on: "2026-01-10", person).check("admission-meeting-after-pre-review"))
        #expect(check.passed, "\(check.found)")
        #expect(check.found == "上级党委预审 on 2025-08-20, 支部大会讨论 on 2025-09-15")
        // The first meeting late: the second pre-review does not restart the month.
        let late = Self.resolved(on: "2025-09-21", preReview: "2025-08-20")
        #expect(university.evaluate("admission_approval", on: "2025-10-10", late).check("admission-meeting-after-pre-review")?.passed == false)
    }
}

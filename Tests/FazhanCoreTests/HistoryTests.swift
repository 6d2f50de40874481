import Foundation
import Testing
@testable import FazhanCore

/// Histories with corrections, and the stages derived from them (`StageTimeline`), on
/// `workflows/cpc-2014.yaml`.
@Suite struct HistoryTests {
    let engine: Engine

    init() throws {
        engine = try EngineFixture.cpc2014()
    }

    // MARK: Events and effective events

    @Test func eventsKeepRecordingOrderAndEffectiveIsByDate() {
        var person = HistoryBuilder()
        person.record("submit_application", "2024-01-10")
        person.record("thought_report", "2024-03-01")
        person.record("initial_talk", "2024-01-20")  // recorded late, happened earlier
        let history = History(person: person.person, events: person.events.reversed())
        #expect(history.events.map(\.id) == [1, 2, 3])
        #expect(history.effective.map(\.id) == [1, 3, 2])
        #expect(history.effective(through: civil("2024-02-01")).map(\.id) == [1, 3])
    }

    @Test func sameDayEventsKeepRecordingOrder() {
        var person = HistoryBuilder()
        person.record("designate_activist", "2024-05-10")
        person.record("file_activist", "2024-05-10")
        person.record("assign_mentors", "2024-05-10")
        #expect(person.history.effective.map(\.step) == ["designate_activist", "file_activist", "assign_mentors"])
    }

    @Test func occurrencesFirstAndLatest() {
        var person = HistoryBuilder()
        person.record("activist_assessment", "2024-11-10")
        person.record("activist_assessment", "2025-05-10")
        person.record("activist_assessment", "2025-11-10")
        let history = person.history
        #expect(history.occurrences(of: "activist_assessment").map(\.date) == [civil("2024-11-10"), civil("2025-05-10"), civil("2025-11-10")])
        #expect(history.occurrences(of: "activist_assessment", through: civil("2025-05-10")).count == 2)
        #expect(history.first("activist_assessment")?.date == civil("2024-11-10"))
        #expect(history.latest("activist_assessment")?.date == civil("2025-11-10"))
        #expect(history.latest("activist_assessment", through: civil("2025-11-09"))?.date == civil("2025-05-10"))
        #expect(history.first("activist_assessment", through: civil("2024-11-09")) == nil)
        #expect(history.latest("designate_activist") == nil)
    }

    @Test func aCorrectionReplacesTheEventAndBothStayInEvents() {
        var person = HistoryBuilder()
        person.record("submit_application", "2024-01-10")
        let talk = person.record("initial_talk", "2024-03-01")
        person.record("thought_report", "2024-02-01")
        let fix = person.correct(talk, to: "2024-01-20")
        let history = person.history
        #expect(history.events.map(\.id) == [1, 2, 3, 4])
        #expect(history.effective.map(\.id) == [1, fix, 3])
        #expect(history.latest("initial_talk")?.date == civil("2024-01-20"))
        #expect(history.occurrences(of: "initial_talk").count == 1)
        #expect(history.originalID(of: fix) == talk)
        #expect(history.corrections(of: talk).map(\.id) == [fix])
        #expect(history.corrections(of: 1).isEmpty)
    }

    @Test func aCorrectionOfACorrectionChainsBackAndTheLatestWins() {
        var person = HistoryBuilder()
        let meeting = person.record("admission_meeting", "2025-12-05", EventData(expected: 9, present: 8, votesFor: 8))
        let first = person.correct(meeting, to: "2025-12-08")
        let second = person.correct(first, data: EventData(expected: 9, present: 8, votesFor: 7))
        let history = person.history
        #expect(history.effective.map(\.id) == [second])
        #expect(history.effective.first?.date == civil("2025-12-08"))
        #expect(history.effective.first?.data.votesFor == 7)
        #expect(history.originalID(of: second) == meeting)
        #expect(history.corrections(of: meeting).map(\.id) == [first, second])
        #expect(history.events.count == 3)
    }

    @Test func aVoidedEventDisappearsFromEffectiveButStaysInEvents() {
        var person = HistoryBuilder()
        person.record("submit_application", "2024-01-10")
        let report = person.record("thought_report", "2024-02-01")
        let voiding = person.void(report)
        let history = person.history
        #expect(history.events.map(\.id) == [1, report, voiding])
        #expect(history.events.last?.voids == true)
        #expect(history.effective.map(\.id) == [1])
        #expect(history.occurrences(of: "thought_report").isEmpty)
        #expect(history.corrections(of: report).map(\.id) == [voiding])
    }

    @Test func voidingACorrectionVoidsTheOriginal() {
        var person = HistoryBuilder()
        let report = person.record("thought_report", "2024-02-01")
        let fix = person.correct(report, to: "2024-02-03")
        person.void(fix)
        #expect(person.history.effective.isEmpty)
        #expect(person.history.events.count == 3)
    }

    @Test func appendKeepsEffectiveUpToDate() {
        var builder = HistoryBuilder()
        builder.record("thought_report", "2024-02-01")
        var history = builder.history
        history.append(Event(id: 2, personID: 1, step: "thought_report", date: civil("2024-02-05"), recordedAt: "", recordedBy: "",
                             workflowVersion: 1, corrects: 1, correctionReason: "日期录入错误"))
        #expect(history.events.count == 2)
        #expect(history.effective.map(\.date) == [civil("2024-02-05")])
    }

    @Test func correctionsAreAppliedWhateverTheEventsOrderGiven() {
        var person = HistoryBuilder()
        let talk = person.record("initial_talk", "2024-03-01")
        person.correct(talk, to: "2024-01-20")
        let shuffled = History(person: person.person, events: person.events.reversed())
        #expect(shuffled.effective.map(\.date) == [civil("2024-01-20")])
    }

    // MARK: Stages over a whole lifecycle

    @Test func theFiveStagesOfALifecycle() throws {
        let (person, ids) = Lifecycle.recorded()
        let spans = engine.timeline(person.history).spans
        #expect(spans.map(\.stage) == ["applicant", "activist", "candidate", "probationary", "full_member"])
        #expect(spans.map(\.enteredOn) == ["2024-09-10", "2024-10-16", "2025-10-16", "2026-01-20", "2026-12-20"].map { civil($0) })
        // R19: probation takes effect on the admission meeting's date, though entered on approval.
        // R21: full membership takes effect on the day probation ends, the meeting + 1 year.
        #expect(spans.map(\.effectiveFrom) == ["2024-09-10", "2024-10-16", "2025-10-16", "2025-12-05", "2026-12-05"].map { civil($0) })
        #expect(spans.map(\.eventID) == [ids["submit_application"], ids["designate_activist"], ids["designate_candidate"],
                                         ids["admission_approval"], ids["conversion_approval"]].compactMap { $0 })
        #expect(StageTimeline.probationEnd(history: person.history, workflow: engine.workflow) == civil("2026-12-05"))
        #expect(engine.timeline(person.history).current?.stage == "full_member")
    }

    @Test(arguments: [
        // as of, stage, effective from
        ("2024-09-09", nil, nil),
        ("2024-09-10", "applicant", "2024-09-10"),
        ("2024-10-15", "applicant", "2024-09-10"),
        ("2024-10-16", "activist", "2024-10-16"),
        ("2025-10-16", "candidate", "2025-10-16"),
        // Between the admission meeting and the approval: still a candidate.
        ("2025-12-05", "candidate", "2025-10-16"),
        ("2026-01-19", "candidate", "2025-10-16"),
        // From the approval: probationary, effective from the meeting.
        ("2026-01-20", "probationary", "2025-12-05"),
        // Probation has ended but conversion is not yet approved.
        ("2026-12-10", "probationary", "2025-12-05"),
        ("2026-12-20", "full_member", "2026-12-05"),
        ("2030-01-01", "full_member", "2026-12-05"),
    ] as [(String, String?, String?)])
    func stageAsOfADate(asOf: String, stage: String?, effectiveFrom: String?) {
        let (person, _) = Lifecycle.recorded()
        let span = engine.stage(of: person.history, asOf: civil(asOf))
        #expect(span?.stage == stage)
        #expect(span?.effectiveFrom == effectiveFrom.map { civil($0) })
    }

    @Test(arguments: [
        // admission meeting, end of probation (one year, clamped, never 365 days)
        ("2024-02-29", "2025-02-28"),
        ("2023-06-01", "2024-06-01"),
        ("2023-02-28", "2024-02-28"),
        ("2025-12-31", "2026-12-31"),
    ])
    func probationIsOneCalendarYearFromTheMeeting(meeting: String, end: String) {
        var person = HistoryBuilder()
        person.record("submit_application", "2022-09-10")
        person.record("admission_meeting", meeting, EventData(expected: 9, present: 8, votesFor: 8))
        person.record("admission_approval", civil(meeting).adding(days: 20).description)
        person.record("conversion_approval", civil(end).adding(days: 20).description)
        let spans = engine.timeline(person.history).spans
        #expect(spans.map(\.stage) == ["applicant", "probationary", "full_member"])
        #expect(spans.last?.effectiveFrom == civil(end))
        #expect(spans.dropLast().last?.effectiveFrom == civil(meeting))
        #expect(StageTimeline.probationEnd(history: person.history, workflow: engine.workflow) == civil(end))
    }

    @Test func correctingTheMeetingDateMovesProbationAndFullMembership() throws {
        var (person, ids) = Lifecycle.recorded()
        let meeting = try #require(ids["admission_meeting"])
        let fix = person.correct(meeting, to: "2025-12-08")
        let spans = engine.timeline(person.history).spans
        #expect(spans.map(\.stage) == ["applicant", "activist", "candidate", "probationary", "full_member"])
        #expect(spans[3].effectiveFrom == civil("2025-12-08"))
        #expect(spans[3].enteredOn == civil("2026-01-20"))
        #expect(spans[4].effectiveFrom == civil("2026-12-08"))
        #expect(StageTimeline.probationEnd(history: person.history, workflow: engine.workflow) == civil("2026-12-08"))
        // Both the original and the correction stay in the events; only the correction is effective.
        #expect(person.history.events.contains { $0.id == meeting })
        #expect(person.history.events.contains { $0.id == fix && $0.corrects == meeting })
        #expect(!person.history.effective.contains { $0.id == meeting })
        #expect(person.history.latest("admission_meeting")?.id == fix)
    }

    @Test func correctingTheApprovalDateMovesWhenTheStageIsEntered() throws {
        var (person, ids) = Lifecycle.recorded()
        let approval = try #require(ids["admission_approval"])
        person.correct(approval, to: "2026-01-27")
        #expect(engine.stage(of: person.history, asOf: civil("2026-01-20"))?.stage == "candidate")
        let span = try #require(engine.stage(of: person.history, asOf: civil("2026-01-27")))
        #expect(span.stage == "probationary")
        #expect(span.enteredOn == civil("2026-01-27"))
        #expect(span.effectiveFrom == civil("2025-12-05"))
    }

    @Test func voidingTheConversionApprovalLeavesAProbationaryMember() throws {
        var (person, ids) = Lifecycle.recorded()
        let conversion = try #require(ids["conversion_approval"])
        let voiding = person.void(conversion, reason: "审批材料不全，撤回")
        let history = person.history
        #expect(engine.timeline(history).spans.map(\.stage) == ["applicant", "activist", "candidate", "probationary"])
        #expect(engine.stage(of: history, asOf: civil("2030-01-01"))?.stage == "probationary")
        #expect(!history.effective.contains { $0.step == "conversion_approval" })
        #expect(history.events.contains { $0.id == conversion })
        #expect(history.events.contains { $0.id == voiding && $0.voids })
        // The conversion can be approved again.
        #expect(engine.evaluate("conversion_approval", on: "2026-12-28", person).allowed)
    }

    @Test func aRetriedAdmissionMeetingStartsProbation() throws {
        // A first meeting failed its vote; the second one passed and is the one that counts.
        var (person, _) = Lifecycle.recorded(through: "fill_volunteer_form")
        person.record("admission_meeting", "2025-12-05", EventData(expected: 9, present: 6, votesFor: 4))
        person.record("admission_meeting", "2026-06-10", EventData(expected: 9, present: 8, votesFor: 8))
        person.record("committee_talk", "2026-06-15")
        person.record("admission_approval", "2026-07-01")
        let span = try #require(engine.timeline(person.history).current)
        #expect(span.stage == "probationary")
        #expect(span.effectiveFrom == civil("2026-06-10"))
        #expect(StageTimeline.probationEnd(history: person.history, workflow: engine.workflow) == civil("2027-06-10"))
    }

    @Test func noEventsNoStage() {
        let timeline = engine.timeline(HistoryBuilder().history)
        #expect(timeline.spans.isEmpty)
        #expect(timeline.current == nil)
        #expect(StageTimeline.probationEnd(history: HistoryBuilder().history, workflow: engine.workflow) == nil)
    }
}

import FazhanCore
import FazhanReports
import FazhanSQLite
import FazhanStore
import Foundation
import Testing

@testable import FazhanCLI

/// One demo university, built once for the whole suite.
struct DemoFixture: Sendable {
    static let today = CivilDate("2026-06-16")!
    static let seed: UInt64 = 2026

    let store: SQLiteStore
    let bundle: WorkflowBundle
    let version: Int64
    let summary: DemoSummary
    /// Seconds the build took.
    let seconds: Double

    /// The repository's `workflows/` folder.
    static var workflowsDirectory: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("workflows").path
    }

    /// The `university` rules the demo is built for (2026 revision plus local rules).
    static func loadWorkflow() throws -> WorkflowBundle {
        try WorkflowLoader.directory(workflowsDirectory).load("university")
    }

    static func make(seed: UInt64) throws -> DemoFixture {
        let bundle = try loadWorkflow()
        let store = try SQLiteStore.inMemory()
        let installed = try store.install(bundle, by: "test", at: "\(today)T00:00:00Z")
        try store.setDefaultWorkflow(bundle.workflow.id)
        let clock = ContinuousClock()
        let start = clock.now
        let summary = try DemoUniversity.build(store: store, workflowVersion: installed.version, today: today, seed: seed)
        let elapsed = start.duration(to: clock.now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return DemoFixture(store: store, bundle: bundle, version: installed.version, summary: summary, seconds: seconds)
    }

    struct Failure: Error, Sendable, CustomStringConvertible {
        var description: String
    }

    static let shared: Result<DemoFixture, Failure> = {
        do { return .success(try make(seed: seed)) } catch { return .failure(Failure(description: "\(error)")) }
    }()

    static func get() throws -> DemoFixture { try shared.get() }

    /// The engine with the branches' recorded full members, so that R13's roster is judged.
    var engine: Engine { Engine(bundle: bundle, roster: RosterBook((try? store.memberships()) ?? [])) }

    func history(_ number: String) throws -> History {
        let person = try #require(try store.person(number), "no person \(number)")
        return try store.history(personID: person.id)
    }

    func allHistories() throws -> [History] {
        try store.people().map { try store.history(personID: $0.profile.id) }
    }

    /// The verdict for the person's next transition on `today`.
    func nextVerdict(_ history: History, today: CivilDate = DemoFixture.today) throws -> Verdict {
        let current = try #require(engine.stage(of: history, asOf: today)?.stage)
        let next = try #require(bundle.workflow.nextStages(after: current).first)
        let step = try #require(bundle.workflow.enteringStep(for: next.id))
        return engine.evaluate(step: step.id, on: today, history: history, organizations: try store.organizationDirectory())
    }

    /// Every rule the history breaks: guards that fail when each event is replayed on its date
    /// against the events before it, and deadlines overdue on any event's date or today.
    func violations(_ history: History, directory: OrganizationDirectory, today: CivilDate = DemoFixture.today) -> [String] {
        let engine = self.engine
        var rules: [String] = []
        var prefix = History(person: history.person, events: [])
        for event in history.effective {
            let verdict = engine.evaluate(step: event.step, on: event.date, data: event.data, history: prefix, organizations: directory)
            rules += verdict.failures.map { "\($0.rule) \(event.step) \(event.date): \($0.message)" }
            rules += engine.pendingDeadlines(prefix, asOf: event.date).filter { $0.isOverdue(asOf: event.date) }
                .map { "\($0.deadline.rule) deadline \($0.deadline.id) due \($0.due), seen \(event.date)" }
            prefix.append(event)
        }
        rules += engine.pendingDeadlines(history, asOf: today).filter { $0.isOverdue(asOf: today) }
            .map { "\($0.deadline.rule) deadline \($0.deadline.id) due \($0.due), seen today" }
        return rules
    }
}

@Suite struct DemoUniversityTests {
    /// Prints the size and the build time (seconds, for the record: not asserted).
    @Test func buildsTheUniversity() throws {
        let fixture = try DemoFixture.get()
        print("demo university: \(fixture.summary.people) people, \(fixture.summary.events) events, \(fixture.summary.organizations) organizations, built in \(String(format: "%.2f", fixture.seconds)) s (workflow \(fixture.summary.workflowID))")
        #expect(fixture.summary.people >= 1900 && fixture.summary.people <= 2100)
        #expect(fixture.summary.organizations == 31)
        #expect(try fixture.store.organizations().count == fixture.summary.organizations)
    }

    /// Two builds with the same seed and day, into two stores, give the same people and the
    /// same histories, event for event.
    @Test func sameSeedGivesTheSameDatabase() throws {
        let first = try DemoFixture.get()
        let second = try DemoFixture.make(seed: DemoFixture.seed)
        #expect(first.summary.events == second.summary.events)
        #expect(first.summary.stageCounts == second.summary.stageCounts)
        #expect(first.summary.readyActivist == second.summary.readyActivist)
        #expect(first.summary.readyCandidate == second.summary.readyCandidate)
        #expect(first.summary.blockedActivist == second.summary.blockedActivist)
        #expect(first.summary.outOfRule == second.summary.outOfRule)
        let people = try first.store.people()
        #expect(people.map(\.profile) == (try second.store.people()).map(\.profile))
        // Every 7th person's history, and the showcase people's.
        var sample = stride(from: 0, to: people.count, by: 7).map { people[$0].profile.number }
        sample += [first.summary.readyActivist, first.summary.readyCandidate, first.summary.blockedActivist]
        for number in sample {
            #expect(try first.history(number).events == second.history(number).events, "the histories of \(number) differ")
        }
    }

    @Test func anotherSeedGivesAnotherUniversity() throws {
        let first = try DemoFixture.get()
        let bundle = try DemoFixture.loadWorkflow()
        let store = try SQLiteStore.inMemory()
        let installed = try store.install(bundle, by: "test", at: "2026-06-16T00:00:00Z")
        _ = try DemoUniversity.build(store: store, workflowVersion: installed.version, today: DemoFixture.today, seed: 7, people: 60)
        let names = try store.people().map(\.profile.name)
        let firstNames = try first.store.people().prefix(60).map(\.profile.name)
        #expect(names != Array(firstNames))
    }

    @Test func refusesAStoreThatIsNotEmpty() throws {
        let fixture = try DemoFixture.get()
        #expect(throws: DemoError.self) {
            try DemoUniversity.build(store: fixture.store, workflowVersion: fixture.version, today: DemoFixture.today)
        }
    }

    @Test func everyStageHasPeople() throws {
        let fixture = try DemoFixture.get()
        let counts = fixture.summary.stageCounts
        for stage in fixture.bundle.workflow.stages {
            #expect((counts[stage.id] ?? 0) > 0, "nobody in \(stage.id)")
        }
        #expect(counts.values.reduce(0, +) == fixture.summary.people)
        let share = { (stage: String) in Double(counts[stage] ?? 0) / Double(fixture.summary.people) }
        #expect(share("applicant") > 0.38 && share("applicant") < 0.52)
        #expect(share("activist") > 0.19 && share("activist") < 0.31)
        #expect(share("candidate") > 0.08 && share("candidate") < 0.16)
        #expect(share("probationary") > 0.05 && share("probationary") < 0.11)
        #expect(share("full_member") > 0.07 && share("full_member") < 0.13)
    }

    @Test func peopleArePlausible() throws {
        let fixture = try DemoFixture.get()
        let people = try fixture.store.people()
        let today = DemoFixture.today
        var withID = 0
        var minorities = 0
        for listing in people {
            let person = listing.profile
            let birth = try #require(person.birthDate)
            let age = birth.fullYears(until: today)
            switch person.category {
            case .student:
                #expect((18...27).contains(age), "\(person.number) is \(age)")
                #expect(person.number.count == 10 && person.number.hasPrefix(String(person.grade ?? 0)))
                #expect(person.level != nil)
            case .teacher:
                #expect((28...60).contains(age), "\(person.number) is \(age)")
                #expect(person.number.hasPrefix("T0") && person.number.count == 6)
                #expect(!person.leagueMember)
            default:
                Issue.record("unexpected category for \(person.number)")
            }
            if person.ethnicity != "汉族" { minorities += 1 }
            if let number = person.idNumber {
                withID += 1
                let id = try ResidentID(validating: number)
                #expect(id.agrees(birthDate: person.birthDate, gender: person.gender).isEmpty, "\(person.number)")
            }
        }
        let share = Double(withID) / Double(people.count)
        #expect(share > 0.25 && share < 0.35)
        #expect(minorities > 50 && minorities < 250)
        #expect(Set(people.map(\.profile.name)).count > people.count / 2)
    }

    @Test func readyPeoplePassEveryGuardToday() throws {
        let fixture = try DemoFixture.get()
        let expectations: [(String, String)] = [
            (fixture.summary.readyApplicant, "applicant"), (fixture.summary.readyActivist, "activist"),
            (fixture.summary.readyCandidate, "candidate"), (fixture.summary.readyProbationary, "probationary"),
        ]
        for (number, stage) in expectations {
            let history = try fixture.history(number)
            #expect(fixture.engine.stage(of: history, asOf: DemoFixture.today)?.stage == stage)
            let verdict = try fixture.nextVerdict(history)
            #expect(verdict.allowed, "\(number): \(verdict.failures.map(\.message))")
            #expect(!verdict.checks.isEmpty)
        }
    }

    @Test func blockedActivistFailsForTimeAndAnotherReason() throws {
        let fixture = try DemoFixture.get()
        let history = try fixture.history(fixture.summary.blockedActivist)
        #expect(fixture.engine.stage(of: history, asOf: DemoFixture.today)?.stage == "activist")
        let verdict = try fixture.nextVerdict(history)
        #expect(verdict.step == "designate_candidate")
        #expect(verdict.failures.count >= 2, "\(verdict.failures.map(\.message))")
        let timed = verdict.failures.filter { $0.earliest != nil }
        #expect(timed.contains { $0.rule == "R7" && $0.earliest! > DemoFixture.today })
        #expect(verdict.failures.contains { $0.earliest == nil })
    }

    @Test func noEventIsDatedAfterToday() throws {
        let fixture = try DemoFixture.get()
        var count = 0
        for history in try fixture.allHistories() {
            for event in history.events {
                count += 1
                #expect(event.date <= DemoFixture.today, "\(history.person.number) \(event.step) \(event.date)")
                if let to = event.data.to { #expect(to <= DemoFixture.today) }
                #expect(event.workflowVersion == fixture.version)
            }
            // Recorded in date order.
            #expect(history.events.map(\.date) == history.events.map(\.date).sorted())
        }
        #expect(count == fixture.summary.events)
    }

    /// Other days (a holiday, a year with no working-day calendar yet) still give ready and
    /// blocked people, and histories that keep the rules.
    @Test(arguments: ["2025-10-03", "2026-02-18", "2026-11-21", "2027-07-01"])
    func smallUniversityOnOtherDays(day: String) throws {
        let today = try #require(CivilDate(day))
        let bundle = try DemoFixture.loadWorkflow()
        let store = try SQLiteStore.inMemory()
        let installed = try store.install(bundle, by: "test", at: "\(today)T00:00:00Z")
        let summary = try DemoUniversity.build(store: store, workflowVersion: installed.version, today: today, seed: 11, people: 240)
        let fixture = DemoFixture(store: store, bundle: bundle, version: installed.version, summary: summary, seconds: 0)
        let directory = try store.organizationDirectory()
        for number in [summary.readyApplicant, summary.readyActivist, summary.readyCandidate, summary.readyProbationary] {
            let verdict = try fixture.nextVerdict(try fixture.history(number), today: today)
            #expect(verdict.allowed, "\(number): \(verdict.failures.map(\.message))")
        }
        let blocked = try fixture.nextVerdict(try fixture.history(summary.blockedActivist), today: today)
        #expect(blocked.failures.count >= 2 && blocked.failures.contains { $0.rule == "R7" && $0.earliest != nil })
        for listing in try store.people() {
            let history = try store.history(personID: listing.profile.id)
            #expect(history.events.allSatisfy { $0.date <= today })
            let violations = fixture.violations(history, directory: directory, today: today)
            if let item = summary.outOfRule.first(where: { $0.number == listing.profile.number }) {
                #expect(violations.contains { $0.hasPrefix(item.rule + " ") }, "\(item.number) \(item.rule): \(violations)")
            } else {
                #expect(violations.isEmpty, "\(listing.profile.number): \(violations)")
            }
        }
    }

    /// Everyone not listed as out of rule passes every guard of every step on the day it was
    /// taken, and no deadline is ever overdue.
    @Test func historiesInRuleBreakNoRule() throws {
        let fixture = try DemoFixture.get()
        let directory = try fixture.store.organizationDirectory()
        let listed = Set(fixture.summary.outOfRule.map(\.number))
        var checked = 0
        for history in try fixture.allHistories() where !listed.contains(history.person.number) {
            let violations = fixture.violations(history, directory: directory)
            #expect(violations.isEmpty, "\(history.person.number): \(violations)")
            checked += 1
        }
        #expect(checked > 1900)
    }

    /// The audit finds what the demo breaks on purpose for the rules of issue 14 (the month from
    /// the first pre-review, the oath after probation, probation ended with no discussion), and
    /// with calendars from 2019 nothing it finds is provisional.
    @Test func theAuditFindsTheNewRulesAndNothingProvisional() throws {
        let fixture = try DemoFixture.get()
        let directory = try fixture.store.organizationDirectory()
        let auditor = Auditor(asOf: DemoFixture.today)
        var findings: [Finding] = []
        for history in try fixture.allHistories() {
            findings += auditor.audit(history, engine: fixture.engine, organizations: directory, organizationCode: "")
        }
        #expect(findings.contains { $0.source == "admission-meeting-after-pre-review" && $0.severity == .violation })
        #expect(findings.contains { $0.source == "oath-during-probation" && $0.severity == .violation })
        #expect(findings.contains { $0.source == "conversion-discussion" && $0.severity == .violation })
        #expect(!findings.contains { $0.severity == .provisional }, "\(findings.filter { $0.severity == .provisional })")
        #expect(!findings.contains { $0.found.contains("provisional") })
        for rule in ["R12", "R18", "R20"] {
            #expect(fixture.summary.outOfRule.contains { $0.rule == rule }, "\(rule)")
        }
        // Issue 14's rules modelled since: the talk held by the branch secretary (R16), a
        // graduate admitted a month or two before leaving (R12), no 答辩 before conversion and
        // missed thought reports (local), a late filing one level up (R17, local number).
        for source in ["committee-talk-held-by", "admission-departure", "conversion-defense"] {
            #expect(findings.contains { $0.source == source && $0.severity == .violation }, "\(source)")
        }
        for source in ["thought-reports", "file-admission"] {
            #expect(findings.contains { $0.source == source && $0.severity == .late }, "\(source)")
        }
        for rule in ["R16", "R24", "R6", "R17"] {
            #expect(fixture.summary.outOfRule.contains { $0.rule == rule }, "\(rule)")
        }
        // 应到 beyond the branch's recorded full members (R13), and an approval more than 6
        // months after the first resolution with the procedure not redone (local, R17): each
        // found, and explained in the demo's table (one person of each kind).
        for (source, rule, kind) in [("admission-meeting-roster", "R13", DemoCareer.Deviation.expectedBeyondRoster),
                                     ("admission-redo", "R17", .procedureNotRedone)] {
            let found = findings.filter { $0.source == source && $0.severity == .violation }
            #expect(found.map(\.rule) == [rule], "\(source): \(found)")
            let shown = fixture.summary.outOfRule.firstOfEachKind.filter { $0.deviation == kind }
            #expect(shown.map(\.number) == found.map(\.personNumber), "\(source)")
            #expect(shown.allSatisfy { $0.rule == rule })
        }
    }

    /// Everyone listed as out of rule breaks the rule the list names.
    @Test func outOfRulePeopleBreakTheirRule() throws {
        let fixture = try DemoFixture.get()
        let directory = try fixture.store.organizationDirectory()
        let summary = fixture.summary
        #expect(summary.outOfRule.count >= 15 && summary.outOfRule.count <= 40)
        #expect(Set(summary.outOfRule.map(\.rule)).count >= 8)
        #expect(summary.outOfRule.contains { $0.number == summary.blockedActivist })
        for item in summary.outOfRule {
            let history = try fixture.history(item.number)
            #expect(history.person.name == item.name)
            let violations = fixture.violations(history, directory: directory)
            #expect(violations.contains { $0.hasPrefix(item.rule + " ") }, "\(item.number) \(item.rule) \(item.description): \(violations)")
        }
        // The vote that passed among those present but not among 应到.
        let vote = try #require(summary.outOfRule.first { $0.rule == "R14" })
        let meeting = try #require(try fixture.history(vote.number).latest("admission_meeting"))
        #expect(meeting.data.expected == 20 && meeting.data.present == 12 && meeting.data.votesFor == 9)
    }
}

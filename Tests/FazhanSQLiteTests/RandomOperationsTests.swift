import FazhanCore
import Foundation
import Testing

@testable import FazhanSQLite
import FazhanStore

/// Random sequences of operations on a store with the real cpc-2014 rules: steps with random
/// dates and data, corrections and voids, each appended through the engine's checks the way
/// `fazhan record`, `advance` and `correct` append them. After every operation the state machine
/// is where its workflow allows, the stored stage equals the replay of the events, and a refused
/// operation changed nothing. Seeds are fixed (`FAZHAN_FUZZ_SEED` overrides them) and every
/// failure names the seed and the operation.
@Suite struct RandomOperationsTests {
    static let seeds = SplitMix64.seeds([0x0B5E_55ED, 0x2014_0528, 0x7E57_0003])
    static let workflows = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("workflows").path
    static let today = CivilDate("2026-11-20")!

    /// The 25 steps in their usual order, with data that can pass their guards.
    static let script: [(String, EventData)] = [
        ("submit_application", EventData()),
        ("initial_talk", EventData()),
        ("recommendation", EventData(method: "league")),
        ("designate_activist", EventData()),
        ("file_activist", EventData()),
        ("assign_mentors", EventData(names: ["王老师", "李老师"], statement: "均为正式党员，未受留党察看处分")),
        ("activist_assessment", EventData(result: .pass)),
        ("activist_assessment", EventData(result: .pass)),
        ("designate_candidate", EventData()),
        ("file_candidate", EventData()),
        ("assign_introducers", EventData(names: ["王老师", "李老师"], statement: "均为正式党员，未受留党察看处分")),
        ("political_review", EventData(result: .pass)),
        ("concentrated_training", EventData(days: 3)),
        ("branch_committee_review", EventData()),
        ("pre_review", EventData()),
        ("fill_volunteer_form", EventData()),
        ("admission_meeting", EventData(expected: 9, present: 8, votesFor: 8)),
        ("committee_talk", EventData(heldBy: "李委员", heldByRole: "committee_member")),
        ("admission_approval", EventData(expected: 11, present: 10, votesFor: 9)),
        ("take_oath", EventData()),
        ("submit_conversion_application", EventData()),
        ("conversion_meeting", EventData(expected: 10, present: 9, votesFor: 9)),
        ("conversion_approval", EventData()),
        ("archive_materials", EventData()),
    ]

    /// Refused by the checks: nothing may have been written.
    struct Refused: Error {
        var reason: String
    }

    /// The store, its workflow and the people the operations are drawn for.
    struct World {
        let store: SQLiteStore
        let bundle: WorkflowBundle
        let version: Int64
        let people: [PersonProfile]
        var workflow: Workflow { bundle.workflow }
        var engine: Engine { Engine(bundle: bundle) }

        init() throws {
            store = try SQLiteStore.inMemory()
            bundle = try WorkflowLoader.directory(RandomOperationsTests.workflows).load("cpc-2014")
            version = try store.install(bundle, by: "t", at: "t").version
            for (code, kind, parent) in [("U", Organization.Kind.committee, nil), ("CS", .generalBranch, "U"),
                                         ("CS-S1", .branch, "CS"), ("CS-S2", .branch, "CS")] as [(String, Organization.Kind, String?)] {
                _ = try store.addOrganization(NewOrganization(
                    code: code, name: code, kind: kind, parentCode: parent, category: kind == .branch ? .student : nil,
                    canApprove: kind == .committee, createdAt: "t", createdBy: "t"))
            }
            var people: [PersonProfile] = []
            // League members and not, one too young to apply until 2026.
            for (index, (birth, league)) in [("2003-01-01", true), ("2002-06-15", true), ("1990-03-03", false),
                                             ("2001-11-30", true), ("2008-02-29", true)].enumerated() {
                people.append(try store.addPerson(NewPerson(
                    number: "P\(index + 1)", name: "人\(index + 1)", organizationCode: "CS-S1", category: .student,
                    birthDate: CivilDate(birth), leagueMember: league, workflowVersion: version, createdAt: "t", createdBy: "t")))
            }
            self.people = people
        }
    }

    // MARK: - Drawing operations

    static func randomData(for step: Step, workflow: Workflow, date: CivilDate, using random: inout SplitMix64) -> EventData {
        var data = EventData()
        for kind in step.data where random.chance(92) {
            switch kind {
            case .vote:
                let expected = Int.random(in: 2...12, using: &random)
                let present = Int.random(in: 0...(expected + 1), using: &random)
                data.expected = expected
                data.present = present
                data.votesFor = Int.random(in: 0...max(0, present), using: &random)
                if random.chance(20) { data.against = Int.random(in: 0...2, using: &random) }
            case .notice:
                data.from = date.adding(days: -Int.random(in: 0...12, using: &random))
                data.to = date.adding(days: -Int.random(in: 0...3, using: &random))
                data.node = (workflow.noticeNodes.map(\.id) + ["nowhere"]).randomElement(using: &random)
            case .training:
                if random.chance(50) { data.days = Int.random(in: 0...5, using: &random) } else { data.hours = Int.random(in: 0...40, using: &random) }
            case .result:
                data.result = random.chance(85) ? .pass : .fail
            case .names:
                data.names = Array(["王老师", "李老师", "张老师"].shuffled(using: &random).prefix(Int.random(in: 1...3, using: &random)))
                if random.chance(80) { data.statement = "经支部核实，均为正式党员，未受留党察看处分" }
            case .method:
                data.method = random.chance(70) ? "league" : "members"
            case .approver:
                if random.chance(30) { data.approver = ["U", "CS", "CS-S1"].randomElement(using: &random) }
            case .reason:
                data.reason = "理由"
            case .organization:
                data.organization = ["CS-S1", "CS-S2", "NOPE"].randomElement(using: &random)
            case .months:
                data.months = Int.random(in: 3...13, using: &random)
            case .waiver:
                data.rule = ["R4", "R9", "R7", "R99"].randomElement(using: &random)
                data.approvedBy = "校党委组织部"
                data.reason = "理由"
            case .committeeVote:
                let expected = Int.random(in: 5...15, using: &random)
                data.expected = expected
                data.present = Int.random(in: 0...expected, using: &random)
                data.votesFor = Int.random(in: 0...(data.present ?? 0), using: &random)
            case .departure:
                data.leavingOn = date.adding(days: Int.random(in: -30...400, using: &random))
            case .term:
                data.until = date.adding(days: Int.random(in: -30...730, using: &random))
            case .holder:
                data.heldBy = "李委员"
                data.heldByRole = (TalkRole.allCases.map(\.rawValue) + ["chair"]).randomElement(using: &random)
            }
        }
        return data
    }

    /// A date near the person's latest: mostly a little later, sometimes much later or earlier.
    static func randomDate(after history: History, using random: inout SplitMix64) -> CivilDate {
        let base = history.effective.last?.date ?? CivilDate("2021-09-01")!
        let days: Int
        switch Int.random(in: 0..<10, using: &random) {
        case 0..<7: days = Int.random(in: 0...45, using: &random)
        case 7..<9: days = Int.random(in: 45...400, using: &random)
        default: days = -Int.random(in: 1...90, using: &random)
        }
        return min(base.adding(days: days), today)
    }

    // MARK: - The checks the CLI runs

    /// Failing `order.*` checks of every recorded step, judged on the history as it stood on its
    /// date: what the audit would report as steps out of order.
    static func orderViolations(_ history: History, engine: Engine, organizations: OrganizationDirectory) -> Set<String> {
        var found: Set<String> = []
        for event in history.effective {
            let before = history.asItStood(on: event.date, excluding: event.id)
            let verdict = engine.evaluate(step: event.step, on: event.date, data: event.data, history: before, organizations: organizations)
            for check in verdict.failures where check.guardID.hasPrefix("order.") {
                found.insert("\(check.guardID)|\(event.step)|\(check.rule)")
            }
        }
        return found
    }

    /// A correction or void must not put other recorded steps out of order (the CLI refuses any
    /// new violation the audit finds; here the order checks stand for them).
    static func refuseNewOrderViolations(before: History, adding event: Event, engine: Engine,
                                         organizations: OrganizationDirectory) throws {
        var after = before
        var hypothetical = event
        hypothetical.id = Int64.max
        after.append(hypothetical)
        let introduced = orderViolations(after, engine: engine, organizations: organizations)
            .subtracting(orderViolations(before, engine: engine, organizations: organizations))
        if !introduced.isEmpty { throw Refused(reason: "would put recorded steps out of order: \(introduced.sorted())") }
    }

    // MARK: - The invariants

    /// Checks, after an operation, that each person's stored stage is the replay of their events
    /// and that the replayed stages form a path the workflow allows.
    static func checkInvariants(_ world: World, of people: [PersonProfile], context: String) throws {
        let listings = Dictionary(uniqueKeysWithValues: try world.store.people().map { ($0.profile.id, $0) })
        for person in people {
            let history = try world.store.history(personID: person.id)
            let timeline = StageTimeline(history: history, workflow: world.workflow)
            let listing = try #require(listings[person.id], "\(context): \(person.number) is not listed")
            #expect(listing.stage == timeline.current?.stage && listing.stageSince == timeline.current?.effectiveFrom,
                    "\(context): \(person.number) is stored as \(listing.stage ?? "-") since \(listing.stageSince?.description ?? "-"), the events give \(timeline.current.map { "\($0.stage) since \($0.effectiveFrom)" } ?? "-")")
            var previous: String?
            var entered: Set<String> = []
            var lastDate: CivilDate?
            for span in timeline.spans {
                let event = try #require(history.effective.first { $0.id == span.eventID }, "\(context)")
                let step = try #require(world.workflow.step(event.step), "\(context): \(event.step)")
                #expect(world.workflow.stage(span.stage) != nil, "\(context): \(person.number) in undefined stage \(span.stage)")
                if let previous {
                    #expect(step.from.contains(previous),
                            "\(context): \(person.number) entered \(span.stage) from \(previous) by \(step.id), allowed only from \(step.from)")
                } else {
                    #expect(step.from.isEmpty && span.stage == world.workflow.initialStage?.id,
                            "\(context): \(person.number)'s first stage is \(span.stage)")
                }
                #expect(entered.insert(span.stage).inserted, "\(context): \(person.number) entered \(span.stage) twice")
                if let lastDate { #expect(lastDate <= span.enteredOn, "\(context): \(person.number)'s stages out of date order") }
                previous = span.stage
                lastDate = span.enteredOn
            }
        }
    }

    /// What a refused operation must leave as it was: every event, seal and stored stage, read
    /// straight from the tables.
    struct Snapshot: Equatable {
        var eventIDs: [Int64]
        var seals: [String]
        var states: [String]

        init(_ world: World) throws {
            (eventIDs, seals, states) = try world.store.writer.read { db in
                (try Int64.fetchAll(db, sql: "SELECT id FROM event ORDER BY id"),
                 try String.fetchAll(db, sql: "SELECT hash FROM person_seal ORDER BY event_id"),
                 try String.fetchAll(db, sql: """
                     SELECT person_id || ':' || ifnull(stage, '-') || ':' || ifnull(stage_since, '-') || ':' || organization_id
                     FROM person_state ORDER BY person_id
                     """))
            }
        }
    }

    // MARK: - The test

    @Test(arguments: seeds)
    func randomOperationsKeepEveryPersonOnAPathTheWorkflowAllows(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let world = try World()
        let organizations = try world.store.organizationDirectory()
        var accepted: [String: Int] = [:]
        var refusals = 0
        for number in 1...150 {
            let person = world.people.randomElement(using: &random)!
            let history = try world.store.history(personID: person.id)
            let before = try Snapshot(world)
            let engine = world.engine
            let kind = Int.random(in: 0..<100, using: &random)
            var description = ""
            var event: Event
            var corrects: Int64?
            var check: @Sendable (History, WorkflowBundle) throws -> Void
            if kind < 80 || history.effective.isEmpty {
                // A step: mostly the next of the usual order, sometimes any step of the workflow.
                let done = history.effective.map(\.step)
                let next = Self.script.first { step, _ in !done.contains(step) || step == "activist_assessment" && done.filter { $0 == step }.count < 2 }
                var any = world.workflow.steps.randomElement(using: &random)!
                if let stage = any.enters, world.workflow.stage(stage)?.isExit == true, random.chance(60) {
                    // Ways out end a person's run: draw them less often.
                    any = world.workflow.steps.randomElement(using: &random)!
                }
                let (stepID, scripted): (String, EventData?) = if random.chance(72), let next { (next.0, next.1) } else { (any.id, nil) }
                let step = world.workflow.step(stepID)!
                let date = Self.randomDate(after: history, using: &random)
                let data = scripted.flatMap { random.chance(85) ? $0 : nil }
                    ?? Self.randomData(for: step, workflow: world.workflow, date: date, using: &random)
                event = Event(id: 0, personID: person.id, step: stepID, date: date, recordedAt: "t", recordedBy: "t",
                              data: data, workflowVersion: world.version)
                description = "#\(number) record \(person.number) \(stepID) on \(date) [\(data.summary)]"
                check = { history, bundle in
                    let verdict = Engine(bundle: bundle).evaluate(step: stepID, on: date, data: data, history: history, organizations: organizations)
                    if !verdict.allowed { throw Refused(reason: verdict.failures.map(\.message).joined(separator: "; ")) }
                }
            } else {
                let target = history.effective.randomElement(using: &random)!
                corrects = target.id
                if kind < 92 {
                    // A correction: a new date (and sometimes new data), judged like the step on the
                    // history as it stood then, and refused if it puts later steps out of order.
                    let date = random.chance(70) ? min(target.date.adding(days: Int.random(in: -120...120, using: &random)), Self.today)
                        : target.date
                    var data = target.data
                    if random.chance(40) {
                        data = Self.randomData(for: world.workflow.step(target.step)!, workflow: world.workflow, date: date, using: &random)
                    }
                    event = Event(id: 0, personID: person.id, step: target.step, date: date, recordedAt: "t", recordedBy: "t",
                                  data: data, workflowVersion: world.version, corrects: target.id, correctionReason: "更正")
                    description = "#\(number) correct #\(target.id) (\(target.step) on \(target.date)) of \(person.number) to \(date)"
                    let correction = event
                    let corrected = data
                    check = { history, bundle in
                        let engine = Engine(bundle: bundle)
                        let basis = history.asItStood(on: date, excluding: target.id)
                        let verdict = engine.evaluate(step: target.step, on: date, data: corrected, history: basis, organizations: organizations)
                        if !verdict.allowed { throw Refused(reason: verdict.failures.map(\.message).joined(separator: "; ")) }
                        try RandomOperationsTests.refuseNewOrderViolations(before: history, adding: correction, engine: engine,
                                                                           organizations: organizations)
                    }
                } else {
                    // A void: a transition only while nothing was entered after it.
                    event = Event(id: 0, personID: person.id, step: target.step, date: target.date, recordedAt: "t", recordedBy: "t",
                                  data: target.data, workflowVersion: world.version, corrects: target.id, correctionReason: "误录",
                                  voids: true)
                    description = "#\(number) void #\(target.id) (\(target.step) on \(target.date)) of \(person.number)"
                    let voiding = event
                    check = { history, bundle in
                        let workflow = bundle.workflow
                        if workflow.step(target.step)?.enters != nil,
                           let last = StageTimeline(history: history, workflow: workflow).spans.last, last.eventID != target.id {
                            throw Refused(reason: "a later stage builds on it")
                        }
                        try RandomOperationsTests.refuseNewOrderViolations(before: history, adding: voiding, engine: Engine(bundle: bundle),
                                                                           organizations: organizations)
                    }
                }
            }
            let context = "seed \(seed), \(description)"
            var refusal: String?
            do {
                if corrects == nil {
                    try engine.validate(step: event.step, on: event.date, data: event.data, history: history, today: Self.today)
                }
                let stored = try world.store.append(event, check: check)
                #expect(stored.id > (history.events.map(\.id).max() ?? 0), "\(context)")
                accepted[corrects == nil ? "record" : event.voids ? "void" : "correct", default: 0] += 1
            } catch let error as Refused {
                refusal = error.reason
            } catch let error as RecordError {
                refusal = error.description
            }
            let after = try Snapshot(world)
            if let refusal {
                refusals += 1
                #expect(after == before, "\(context): refused (\(refusal)) but the store changed")
            } else {
                #expect(after.eventIDs.count == before.eventIDs.count + 1 && after.seals.count == after.eventIDs.count
                        && Array(after.seals.prefix(before.seals.count)) == before.seals,
                        "\(context): accepted, but \(after.eventIDs.count - before.eventIDs.count) events and \(after.seals.count - before.seals.count) seals were added")
            }
            // The person operated on each time; everyone now and then (the snapshot shows that a
            // refused operation changed no one).
            try Self.checkInvariants(world, of: number % 25 == 0 ? world.people : [person], context: context)
            if number % 65 == 0 {
                let report = try world.store.verify()
                #expect(report.isIntact, "\(context): \(report.problems)")
            }
        }
        try Self.checkInvariants(world, of: world.people, context: "seed \(seed), at the end")
        let report = try world.store.verify()
        #expect(report.isIntact && report.events == report.seals, "seed \(seed): \(report.problems)")
        #expect(try world.store.rebuildProjections().isEmpty, "seed \(seed): a stored stage disagreed with the events")
        // The run did what it is for: steps, corrections and voids both accepted and refused,
        // and someone got past the first stages.
        #expect((accepted["record"] ?? 0) > 40 && (accepted["correct"] ?? 0) > 0 && refusals > 40,
                "seed \(seed): accepted \(accepted), \(refusals) refused")
        let stages = try world.store.people().map { $0.stage ?? "-" }
        let furthest = stages.compactMap { world.workflow.stage($0)?.order }.filter { $0 < 90 }.max() ?? 0
        #expect(furthest >= 3, "seed \(seed): nobody got past 入党积极分子: \(stages)")
    }
}

import Foundation
import Testing
@testable import FazhanCore

/// The audit judges each step on the history as it stood that day; the stages of that history
/// are derived from the whole history's timeline where they can be (`StageTimeline.asItStood`)
/// instead of replayed. Derived, they must be exactly the replay's, on every shipped workflow,
/// for random histories: steps in any order, several on one day, repeated, transfers, probation
/// extensions, corrections and voids.
@Suite struct TimelineAsItStoodTests {
    static let workflowIDs = ["cpc-2014", "cpc-2026", "university"]

    @Test(arguments: workflowIDs)
    func theDerivedStagesAreTheReplayedOnes(workflowID: String) throws {
        let workflow = try WorkflowLoader.directory(EngineFixture.workflows).load(workflowID).workflow
        var derived = 0
        for seed in SplitMix64.seeds([1, 2, 3, 4, 5, 6, 7, 8]) {
            var random = SplitMix64(seed: seed)
            for _ in 0..<200 {
                let history = Self.randomHistory(workflow: workflow, random: &random)
                let whole = StageTimeline(history: history, workflow: workflow)
                for event in history.effective {
                    let replayed = StageTimeline(history: history.asItStood(on: event.date, excluding: event.id), workflow: workflow)
                    guard let stages = whole.asItStood(on: event.date, excluding: event, history: history, workflow: workflow) else {
                        // Only where the derivation could differ is the history replayed.
                        #expect(history.hasCorrections || workflow.movesEffectiveDates(event.step))
                        continue
                    }
                    derived += 1
                    #expect(stages == replayed, "seed \(seed), event \(event.id) \(event.step) on \(event.date)")
                }
            }
        }
        // The derivation is taken for most steps, so the comparison is not vacuous.
        #expect(derived > 1_000)
    }

    @Test func anEventThatMovesWhenAStageTakesEffectIsReplayed() throws {
        let workflow = try WorkflowLoader.directory(EngineFixture.workflows).load("cpc-2014").workflow
        // Probation starts at the admission meeting (R19): its date is when the probationary
        // stage takes effect, so judging it is a replay.
        #expect(workflow.movesEffectiveDates(workflow.probation.startsAt))
        let extensions = workflow.stepIDs(with: .extendProbation)
        #expect(!extensions.isEmpty && extensions.allSatisfy(workflow.movesEffectiveDates))
        #expect(!workflow.movesEffectiveDates("thought_report"))
    }

    /// A history of 1 to 16 events of random steps of the workflow on dates within two years,
    /// with about one in eight a correction or a void.
    static func randomHistory(workflow: Workflow, random: inout SplitMix64) -> History {
        var builder = HistoryBuilder()
        let steps = workflow.steps.map(\.id)
        let start = civil("2024-01-01")
        var ids: [Int64] = []
        for _ in 0..<Int.random(in: 1...16, using: &random) {
            let date = start.adding(days: Int.random(in: 0..<730, using: &random))
            if !ids.isEmpty, random.chance(12) {
                let target = ids.randomElement(using: &random)!
                if random.chance(50) {
                    builder.correct(target, to: date.description)
                } else {
                    builder.void(target)
                }
                continue
            }
            let step = steps.randomElement(using: &random)!
            var data = EventData()
            if workflow.stepIDs(with: .extendProbation).contains(step) { data.months = Int.random(in: 1...12, using: &random) }
            if workflow.stepIDs(with: .transfer).contains(step) { data.organization = "ZB1" }
            ids.append(builder.record(step, date.description, data))
        }
        return builder.history
    }
}

import Foundation
import Testing
@testable import FazhanCore

/// The digest of a history that statistics read instead of the events (`TimelineDigest`), on
/// `workflows/cpc-2014.yaml`.
@Suite struct TimelineDigestTests {
    let engine: Engine

    init() throws {
        engine = try EngineFixture.cpc2014()
    }

    var workflow: Workflow { engine.workflow }

    @Test func itKeepsTheStepsThatEnterAStageWithTheirDates() {
        let (person, _) = Lifecycle.recorded()
        let digest = TimelineDigest(history: person.history, workflow: workflow)
        let kept = digest.entries.map { workflow.steps[$0.step].id }
        #expect(kept == ["submit_application", "designate_activist", "designate_candidate", "admission_approval", "conversion_approval"])
        #expect(digest.entries.map(\.date) == engine.timeline(person.history).spans.map(\.enteredOn))
    }

    @Test func correctionsAndVoidsAreDigestedAsTheHistoryAppliesThem() throws {
        var (person, ids) = Lifecycle.recorded(through: "designate_candidate")
        _ = person.correct(try #require(ids["designate_activist"]), to: "2024-11-01")
        _ = person.void(try #require(ids["designate_candidate"]))
        let digest = TimelineDigest(history: person.history, workflow: workflow)
        #expect(digest.entries.map { workflow.steps[$0.step].id } == ["submit_application", "designate_activist"])
        #expect(digest.entries.map(\.date) == [civil("2024-09-10"), civil("2024-11-01")])
    }

    @Test func transfersKeepTheOrganizationTheyName() throws {
        let transfer = try #require(workflow.steps(with: .transfer).first)
        var (person, _) = Lifecycle.recorded(through: "designate_activist")
        _ = person.record(transfer.id, "2025-03-01", EventData(organization: "化学学院党委/第二支部"))
        let digest = TimelineDigest(history: person.history, workflow: workflow)
        #expect(digest.entries.last == TimelineDigest.Entry(step: try #require(workflow.steps.firstIndex { $0.id == transfer.id }),
                                                             date: civil("2025-03-01"), organization: "化学学院党委/第二支部"))
    }

    @Test func theStoredFormReadsBackTheSame() throws {
        let transfer = try #require(workflow.steps(with: .transfer).first)
        var (person, _) = Lifecycle.recorded()
        _ = person.record(transfer.id, "2027-02-28", EventData(organization: "U\t1\n😀"))
        _ = person.record(transfer.id, "2027-03-01")
        let digest = TimelineDigest(history: person.history, workflow: workflow)
        #expect(try TimelineDigest(encoded: digest.encoded, workflow: workflow) == digest)
        #expect(try TimelineDigest(encoded: TimelineDigest(entries: []).encoded, workflow: workflow).entries.isEmpty)
        // Dates before 1970 and far ahead survive the day number.
        let far = TimelineDigest(entries: [.init(step: 0, date: civil("1949-10-01"), organization: nil),
                                           .init(step: 0, date: civil("9999-12-31"), organization: "")])
        #expect(try TimelineDigest(encoded: far.encoded, workflow: workflow) == far)
    }

    @Test(arguments: [
        ([], "unknown format"),
        ([2], "unknown format"),
        ([1, 0], "cut short"),
        ([1, 0, 0, 1, 2, 3], "cut short"),
        ([1, 0, 0, 1, 2, 3, 4, 5, 0, 65], "cut short"),
        ([1, 0xFF, 0x00, 0, 0, 0, 0, 0xFF, 0xFF], "is not a counted step"),
    ] as [([UInt8], String)])
    func damagedBytesAreRefusedWithTheReason(bytes: [UInt8], reason: String) {
        #expect {
            _ = try TimelineDigest(encoded: bytes, workflow: workflow)
        } throws: { error in
            "\(error)".contains(reason)
        }
    }

    @Test func aStepThatIsNotCountedIsRefused() throws {
        let uncounted = try #require(workflow.steps.firstIndex { !TimelineDigest.isKept($0) })
        let bytes: [UInt8] = [1, UInt8(uncounted), 0, 0, 0, 0, 0, 0xFF, 0xFF]
        #expect(throws: TimelineDigest.DecodingError.self) { try TimelineDigest(encoded: bytes, workflow: workflow) }
    }
}

import FazhanCore

/// What a person's events give as their current state, stored beside them so that lists and
/// statistics need not replay every history: the stage and since when, the organization holding
/// them after transfers, and the timeline digest statistics read. Every backend writes it in the
/// transaction of each event and `verify` compares it with the events.
public struct PersonProjection: Sendable, Hashable {
    public var stage: String?
    public var stageSince: CivilDate?
    public var enteredOn: CivilDate?
    public var lastEventID: Int64?
    /// The destination of the latest transfer, or nil: the organization the person was registered in.
    public var transferredTo: String?
    /// The encoded `TimelineDigest`.
    public var timeline: [UInt8]

    public init(history: History, workflow: Workflow) {
        let current = StageTimeline(history: history, workflow: workflow).current
        stage = current?.stage
        stageSince = current?.effectiveFrom
        enteredOn = current?.enteredOn
        lastEventID = history.events.last?.id
        transferredTo = history.latestDestination(of: workflow.stepIDs(with: .transfer))
        timeline = TimelineDigest(history: history, workflow: workflow).encoded
    }
}

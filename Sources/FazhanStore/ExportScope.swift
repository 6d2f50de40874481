import FazhanCore

/// Which people an export covers, and which of their events.
///
/// ```swift
/// // Everyone in CS and the organizations under it who is still in the process.
/// ExportScope(organizationCode: "CS", excludedStages: ["withdrawn", "cancelled"])
/// ```
public struct ExportScope: Sendable, Hashable {
    /// Only people held by this organization or one under it (after transfers, as `person list`).
    public var organizationCode: String?
    /// Only people whose current (projected) stage is this stage id.
    public var stage: String?
    /// Leave out people whose current stage is one of these (people who left the process).
    public var excludedStages: Set<String>
    /// Only events on or after this date (events only).
    public var from: CivilDate?
    /// Only events on or before this date (events only).
    public var to: CivilDate?

    public init(organizationCode: String? = nil, stage: String? = nil, excludedStages: Set<String> = [],
                from: CivilDate? = nil, to: CivilDate? = nil) {
        self.organizationCode = organizationCode
        self.stage = stage
        self.excludedStages = excludedStages
        self.from = from
        self.to = to
    }
}

/// How many people and events an export covers, for a progress bar.
public struct ExportCount: Sendable, Hashable {
    public var people: Int
    public var events: Int

    public init(people: Int, events: Int) {
        self.people = people
        self.events = events
    }
}


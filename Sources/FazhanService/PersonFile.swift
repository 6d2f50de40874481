import FazhanCore
import FazhanStore

/// Everything judging one person's steps needs, read together: their profile, the rules they
/// follow, their history with its version, and of the organization tree only what their steps
/// can look up (their own organizations and those named in their events or in `data`, with the
/// ancestors of each).
public struct PersonFile: Sendable {
    public let person: PersonProfile
    public let bundle: WorkflowBundle
    public let history: History
    /// The number of events the history held when read: a write expects it.
    public let version: Int64
    public let organizations: OrganizationDirectory
    /// The branches' recorded full members, read when the rules judge a meeting's 应到 (R13).
    public let roster: RosterBook

    public var engine: Engine { Engine(bundle: bundle, roster: roster) }
    public var workflow: Workflow { bundle.workflow }

    public init(person: PersonProfile, bundle: WorkflowBundle, history: History, version: Int64, organizations: OrganizationDirectory,
                roster: RosterBook = RosterBook()) {
        self.roster = roster
        self.person = person
        self.bundle = bundle
        self.history = history
        self.version = version
        self.organizations = organizations
    }
}

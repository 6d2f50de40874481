import FazhanCore

/// What a bulk write (`EventStore.ingest`) offers its body: organizations, people and their past
/// events, all written in the ingest's one transaction. Events are not put through the guards
/// (the past is what it was); each is sealed into its person's chain and the person's stage
/// projection (and version) is brought up to date, as `append` does.
///
/// SQLite's `IngestSession` witnesses these with its synchronous methods (no suspension, no
/// per-row overhead); PostgreSQL's session batches its rows and sends them in bulk.
public protocol IngestSink: AnyObject {
    /// The id of an organization by code, if it exists (or was added in this ingest).
    func organizationID(_ code: String) async throws(StoreError) -> Int64?
    /// Adds an organization under an existing (or earlier added) parent; returns its id.
    @discardableResult
    func addOrganization(_ new: NewOrganization) async throws(StoreError) -> Int64
    /// Registers a person (with no events yet) and returns their id.
    @discardableResult
    func addPerson(_ new: NewPerson) async throws(StoreError) -> Int64
    /// Appends past events of one person, in the order given (each event's `id` is ignored).
    func addEvents(_ events: [Event], of personID: Int64) async throws(StoreError)
    /// Appends past events of a person whose recorded events (in id order) the caller has read
    /// already (`recorded`), in the order given.
    func addEvents(_ events: [Event], of person: PersonProfile, after recorded: [Event]) async throws(StoreError)
    /// Says how many people and events the body is about to add (a hint: it may add more or
    /// fewer). A store that takes ids from sequences takes exactly these at once, so that an
    /// import leaves no gap in the ids. The default does nothing.
    func expect(people: Int, events: Int) async throws(StoreError)
    /// People registered so far in this ingest.
    var peopleAdded: Int { get }
    /// Events written so far in this ingest.
    var eventsAdded: Int { get }
}

extension IngestSink {
    public func expect(people: Int, events: Int) async throws(StoreError) {}
}

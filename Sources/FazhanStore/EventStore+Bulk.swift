import FazhanCore

/// For stores that do not do bulk work (test doubles wrapping another store): every bulk read
/// and write is refused. SQLiteStore and PostgresStore implement all of them.
extension EventStore {
    private func unsupported(_ what: String) -> StoreError {
        StoreError.invalid("\(type(of: self)) does not support \(what)")
    }

    public func ingest<T>(_ body: (any IngestSink) async throws -> T) async throws -> T { throw unsupported("bulk writes") }
    public func people(numbers: some Collection<String>) async throws(StoreError) -> [String: PersonProfile] {
        throw unsupported("bulk reads")
    }
    public func events(ofPeople ids: some Collection<Int64>) async throws(StoreError) -> [Int64: [Event]] { throw unsupported("bulk reads") }
    public func exportCount(_ scope: ExportScope) async throws(StoreError) -> ExportCount { throw unsupported("exports") }
    public func forEachPerson(in scope: ExportScope, _ body: (PersonListing) throws -> Void) async throws { throw unsupported("exports") }
    public func forEachEvent(in scope: ExportScope, _ body: (PersonListing, Event) throws -> Void) async throws {
        throw unsupported("exports")
    }
    public func forEachHistory(in scope: ExportScope, _ body: (PersonListing, History) throws -> Void) async throws {
        throw unsupported("exports")
    }
}

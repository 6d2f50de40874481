import FazhanCore
import FazhanStore
import PostgresNIO

extension PostgresStore {
    /// Appends the events of several people in one transaction, each expecting its version (see
    /// `EventStore.append(batch:)`). The people's `person_state` rows are locked in id order, so
    /// two batches sharing people wait for each other instead of deadlocking; one version that
    /// moved rolls the whole transaction back.
    public func append(batch appends: [PersonAppend]) async throws(StoreError) -> [[Event]] {
        guard appends.contains(where: { !$0.events.isEmpty }) else { return appends.map { _ in [] } }
        let ids = appends.map(\.personID)
        guard Set(ids).count == ids.count else { throw StoreError.invalid("a batch names the same person twice") }
        var people: [Int64: PersonProfile] = [:]
        var workflows: [Int64: Workflow] = [:]
        for id in ids {
            guard let person = try await person(id: id) else { throw StoreError.notFound("person \(id)") }
            people[id] = person
            if workflows[person.workflowVersion] == nil {
                workflows[person.workflowVersion] = try await bundle(version: person.workflowVersion).workflow
            }
        }
        let known = people
        let parsed = workflows
        do {
            let stored = try await transaction { connection -> [Int64: [Event]] in
                var stored: [Int64: [Event]] = [:]
                for append in appends.sorted(by: { $0.personID < $1.personID }) where !append.events.isEmpty {
                    let person = known[append.personID]!
                    stored[append.personID] = try await self.appendLocked(
                        append.events, of: person, workflow: parsed[person.workflowVersion]!, expecting: append.version, on: connection)
                }
                return stored
            }
            return appends.map { stored[$0.personID] ?? [] }
        } catch {
            if case .duplicate(let message) = error, message.contains("person_seal") {
                throw StoreError.conflict("a history in the batch changed while it was judged; nothing was written")
            }
            throw error
        }
    }
}

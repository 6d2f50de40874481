import FazhanCore
import GRDB

extension Store {
    /// Every person's history, optionally within an organization's subtree, in number order.
    /// Reads in one transaction, so the set is consistent while others write.
    public func histories(organizationCode: String? = nil) throws(StoreError) -> [History] {
        try read { db in
            var personFilter = ""
            var arguments = StatementArguments()
            if let organizationCode {
                guard let root = try OrganizationRecord.filter(Column("code") == organizationCode).fetchOne(db) else {
                    throw StoreError.notFound("organization \(organizationCode)")
                }
                personFilter = """
                    JOIN person_state ON person_state.person_id = person.id WHERE person_state.organization_id IN (WITH RECURSIVE tree(id) AS (SELECT ? UNION ALL
                        SELECT o.id FROM organization o JOIN tree ON o.parent_id = tree.id) SELECT id FROM tree)
                    """
                arguments = [root.id]
            }
            let people = try PersonRecord.fetchAll(db, sql: "SELECT person.* FROM person \(personFilter) ORDER BY number", arguments: arguments)
            let events = try EventRecord.fetchAll(db, sql: """
                SELECT event.* FROM event JOIN (SELECT person.id FROM person \(personFilter)) p ON p.id = event.person_id ORDER BY event.id
                """, arguments: arguments)
            let byPerson = Dictionary(grouping: events.map(\.event), by: \.personID)
            return people.map { History(person: $0.profile, events: byPerson[$0.id!] ?? []) }
        }
    }
}

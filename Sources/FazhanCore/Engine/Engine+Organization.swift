extension Engine {
    /// The organization holding a person's membership on a date: the destination of the latest
    /// transfer recorded by then (组织关系转接), else the one they were registered with. The
    /// history and the clock travel with the person.
    public func organizationID(of history: History, asOf date: CivilDate, organizations: OrganizationDirectory) -> Int64 {
        let transfers = workflow.stepIDs(with: .transfer)
        guard let code = history.latestDestination(of: transfers, through: date), let organization = organizations.organization(code: code) else {
            return history.person.organizationID
        }
        return organization.id
    }
}

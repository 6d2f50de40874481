extension Engine {
    /// The organization holding a person's membership on a date: the destination of the latest
    /// transfer recorded by then (组织关系转接), else the one they were registered with. The
    /// history and the clock travel with the person.
    public func organizationID(of history: History, asOf date: CivilDate, organizations: OrganizationDirectory) -> Int64 {
        let transfers = workflow.steps(with: .transfer).map(\.id)
        let latest = history.effective.last { transfers.contains($0.step) && $0.date <= date && $0.data.organization != nil }
        guard let code = latest?.data.organization, let organization = organizations.organization(code: code) else {
            return history.person.organizationID
        }
        return organization.id
    }
}

import Foundation

extension EventData {
    /// These fields laid over `base`: what is given here replaces base's, the rest stays (a
    /// correction that changes only the vote count keeps the rest of the meeting's record).
    public func overlaid(on base: EventData) -> EventData {
        let given = self
        var merged = base
        merged.note = given.note ?? base.note
        merged.method = given.method ?? base.method
        merged.node = given.node ?? base.node
        merged.from = given.from ?? base.from
        merged.to = given.to ?? base.to
        merged.objections = given.objections ?? base.objections
        merged.expected = given.expected ?? base.expected
        merged.present = given.present ?? base.present
        merged.votesFor = given.votesFor ?? base.votesFor
        merged.against = given.against ?? base.against
        merged.abstain = given.abstain ?? base.abstain
        merged.writtenFor = given.writtenFor ?? base.writtenFor
        merged.writtenAgainst = given.writtenAgainst ?? base.writtenAgainst
        merged.days = given.days ?? base.days
        merged.hours = given.hours ?? base.hours
        merged.result = given.result ?? base.result
        merged.names = given.names ?? base.names
        merged.approver = given.approver ?? base.approver
        merged.organization = given.organization ?? base.organization
        merged.months = given.months ?? base.months
        merged.rule = given.rule ?? base.rule
        merged.approvedBy = given.approvedBy ?? base.approvedBy
        merged.until = given.until ?? base.until
        merged.leavingOn = given.leavingOn ?? base.leavingOn
        merged.heldBy = given.heldBy ?? base.heldBy
        merged.heldByRole = given.heldByRole ?? base.heldByRole
        merged.members = given.names != nil ? given.members : base.members
        merged.statement = given.statement ?? base.statement
        return merged
    }
}

import Foundation
import Testing
@testable import FazhanCore

/// A directory holding only what `OrganizationReach` names (with ancestors) must give every
/// verdict the whole tree gives: transfers to organizations that exist or not, approvers named
/// or looked up, in trees with and without approval authority.
@Suite struct OrganizationReachTests {
    let engine: Engine

    init() throws {
        engine = try EngineFixture.cpc2014()
    }

    // EngineFixture's university, a medical school that approves, an enterprise tree without
    // authority, and branches nobody in these histories belongs to.
    static let full = OrganizationDirectory(Array(EngineFixture.organizations.byID.values) + [
        Organization(id: 5, code: "YXY", name: "医学院党委", kind: .committee, parentID: EngineFixture.universityID,
                     category: .mixed, canApprove: true),
        Organization(id: 6, code: "ZB2", name: "医学院学生党支部", kind: .branch, parentID: 5, category: .student, canApprove: false),
        Organization(id: 7, code: "QY", name: "企业党委", kind: .committee, parentID: nil, category: .staff, canApprove: false),
        Organization(id: 8, code: "QYZB", name: "企业党支部", kind: .branch, parentID: 7, category: .staff, canApprove: false),
        Organization(id: 9, code: "ZB3", name: "本科生第三党支部", kind: .branch, parentID: EngineFixture.generalBranchID,
                     category: .student, canApprove: false),
        Organization(id: 10, code: "LX", name: "离退休党委", kind: .committee, parentID: nil, category: .staff, canApprove: true),
        Organization(id: 11, code: "LXZB", name: "离退休党支部", kind: .branch, parentID: 10, category: .staff, canApprove: false),
    ])

    static let codes = ["DW", "XY", "ZZ", "ZB1", "YXY", "ZB2", "QY", "QYZB", "ZB3", "LX", "LXZB", "NOPE"]
    static let branches: [Int64] = [EngineFixture.branchID, 6, 8, 9, 11]

    @Test func aReachNamesThePersonsOrganizationAndEveryCodeInTheirEventsAndData() {
        var person = HistoryBuilder(organizationID: 8)
        person.record("submit_application", "2024-09-10")
        person.record("transfer", "2025-01-10", EventData(organization: "ZB2"))
        person.record("admission_approval", "2025-06-10", EventData(approver: "YXY"))
        let reach = OrganizationReach(history: person.history, data: [EventData(approver: "NOPE")])
        #expect(reach.ids == [8])
        #expect(reach.codes == ["ZB2", "YXY", "NOPE"])
        let partial = Self.full.restricted(to: reach)
        // QYZB's tree, ZB2's tree; not the third branch, the general branch or the retirees.
        #expect(Set(partial.byID.keys) == [8, 7, 6, 5, EngineFixture.universityID])
        #expect(reach.isAnswered(by: partial, complete: Self.full))
        #expect(!reach.isAnswered(by: EngineFixture.organizations, complete: Self.full))
    }

    @Test(arguments: SplitMix64.seeds([1, 2, 3, 4]))
    func aPartialDirectoryGivesTheVerdictsOfTheWholeTree(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let steps = engine.workflow.steps.map(\.id)
        for _ in 0..<40 {
            // A lifecycle cut short, from a random branch, with transfers here and there.
            let cut = Int.random(in: 1...Lifecycle.entries.count, using: &random)
            var person = HistoryBuilder(born: "2005-03-01", leagueMember: true,
                                        organizationID: Self.branches.randomElement(using: &random)!)
            for entry in Lifecycle.entries.prefix(cut) {
                var data = entry.data
                if entry.step == "admission_approval", random.chance(30) { data.approver = Self.codes.randomElement(using: &random) }
                person.record(entry.step, entry.date, data)
                if random.chance(15) {
                    person.record("transfer", entry.date, EventData(organization: Self.codes.randomElement(using: &random)))
                }
            }
            let history = person.history
            let last = Lifecycle.entries[cut - 1].date
            for step in steps {
                var data = EventData()
                if random.chance(40) { data.approver = Self.codes.randomElement(using: &random) }
                if random.chance(40) { data.organization = Self.codes.randomElement(using: &random) }
                let partial = Self.full.restricted(to: OrganizationReach(history: history, data: [data]))
                for date in [civil(last), civil(last).adding(days: 200)] {
                    let whole = engine.evaluate(step: step, on: date, data: data, history: history, organizations: Self.full)
                    let part = engine.evaluate(step: step, on: date, data: data, history: history, organizations: partial)
                    #expect(part == whole, "seed \(seed): \(step) on \(date)")
                    #expect(engine.organizationID(of: history, asOf: date, organizations: partial)
                            == engine.organizationID(of: history, asOf: date, organizations: Self.full))
                }
            }
            // Every recorded step replayed with its own data (what the audit does).
            let partial = Self.full.restricted(to: OrganizationReach(history: history))
            for event in history.events {
                let before = history.asItStood(on: event.date, excluding: event.id)
                #expect(engine.evaluate(step: event.step, on: event.date, data: event.data, history: before, organizations: partial)
                        == engine.evaluate(step: event.step, on: event.date, data: event.data, history: before, organizations: Self.full))
            }
        }
    }
}

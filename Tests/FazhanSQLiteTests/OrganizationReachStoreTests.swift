import FazhanCore
import Foundation
import Testing

@testable import FazhanSQLite
import FazhanStore

/// The store reads a reach's organizations and their ancestors by index: the same directory
/// the whole tree restricted to that reach gives.
@Suite struct OrganizationReachStoreTests {
    @Test(arguments: SplitMix64.seeds([7, 8]))
    func theStoreReadsExactlyWhatTheWholeTreeRestrictedGives(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let store = try SQLiteStore.inMemory()
        // A random tree: committees at the top, general branches below, branches at the leaves.
        var codes: [String] = []
        var containers: [String] = []
        for index in 0..<60 {
            let code = "O\(index)"
            let parent = containers.isEmpty || random.chance(10) ? nil : containers.randomElement(using: &random)
            let kind: Organization.Kind = parent == nil ? .committee : [.committee, .generalBranch, .branch].randomElement(using: &random)!
            _ = try store.addOrganization(NewOrganization(code: code, name: "组织\(index)", kind: kind, parentCode: parent, category: nil,
                                                          canApprove: random.chance(50), createdAt: "t", createdBy: "test"))
            codes.append(code)
            if kind != .branch { containers.append(code) }
        }
        let full = try store.organizationDirectory()
        let ids = Array(full.byID.keys)
        for _ in 0..<50 {
            var reach = OrganizationReach()
            for _ in 0..<Int.random(in: 0...3, using: &random) { reach.ids.insert(ids.randomElement(using: &random)!) }
            for _ in 0..<Int.random(in: 0...3, using: &random) { reach.codes.insert((codes + ["NOPE"]).randomElement(using: &random)!) }
            let read = try store.organizationDirectory(reaching: reach)
            let restricted = full.restricted(to: reach)
            #expect(read.byID == restricted.byID, "seed \(seed): \(reach)")
            #expect(reach.isAnswered(by: read, complete: full))
            for code in codes + ["NOPE"] where reach.codes.contains(code) {
                #expect(read.organization(code: code) == full.organization(code: code))
            }
            for id in reach.ids { #expect(read.approver(for: id) == full.approver(for: id)) }
        }
        #expect(try store.organizationDirectory(reaching: OrganizationReach()).byID.isEmpty)
    }
}

/// The count an agenda uses to choose between reading a scope's organizations and the whole
/// tree is the number of histories the scope streams.
@Suite struct PersonCountTests {
    @Test func theCountIsTheNumberOfHistoriesInTheSubtree() throws {
        let store = try SQLiteStore.inMemory()
        let workflows = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("workflows").path
        let installed = try store.install(try WorkflowLoader.directory(workflows).load("cpc-2014"), by: "test", at: "t")
        for (code, parent, kind) in [("U", nil, Organization.Kind.committee), ("A", "U", .generalBranch), ("A1", "A", .branch),
                                     ("B1", "U", .branch)] as [(String, String?, Organization.Kind)] {
            _ = try store.addOrganization(NewOrganization(code: code, name: code, kind: kind, parentCode: parent, category: nil,
                                                          canApprove: kind == .committee, createdAt: "t", createdBy: "test"))
        }
        for (index, code) in ["A1", "A1", "B1", "A1", "B1"].enumerated() {
            _ = try store.addPerson(NewPerson(
                number: "P\(index)", name: "人\(index)", organizationCode: code, category: .student, gender: nil, birthDate: nil,
                leagueMember: false, workflowVersion: installed.version, createdAt: "t", createdBy: "test"))
        }
        for code in ["U", "A", "A1", "B1", "NOPE"] {
            var streamed = 0
            if code != "NOPE" { try store.forEachHistory(organizationCode: code) { _ in streamed += 1 } }
            #expect(try store.personCount(organizationCode: code) == streamed, "\(code)")
        }
        #expect(try store.personCount(organizationCode: "U") == 5)
    }
}

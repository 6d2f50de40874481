import FazhanCore
import FazhanPostgres
import FazhanSQLite
import FazhanStore
import Foundation
import Testing

/// One resident ID, one person, in the store itself (whatever the service checked before): a
/// second person with the same ID number is refused with both numbers, and registrations of one
/// number at once let exactly one through.
@Suite(.enabled(if: testURL != nil, "FAZHAN_TEST_POSTGRES_URL names no PostgreSQL cluster"))
struct PostgresIdentityTests {
    static func person(_ number: String, id: String?, version: Int64) -> NewPerson {
        NewPerson(number: number, name: "某", organizationCode: "U", category: .student, gender: .male, birthDate: CivilDate("2003-01-01"),
                  leagueMember: false, idNumber: id, workflowVersion: version, createdAt: "t", createdBy: "test")
    }

    static func prepare(_ store: some EventStore) async throws -> Int64 {
        let installed = try await store.install(try loadBundle(), by: "test", at: "2026-01-01T00:00:00Z")
        _ = try await store.addOrganization(NewOrganization(code: "U", name: "校党委", kind: .committee, parentCode: nil, category: nil,
                                                            canApprove: true, createdAt: "t", createdBy: "test"))
        return installed.version
    }

    @Test func aSecondPersonWithTheSameIDNumberIsRefusedOnBothBackends() async throws {
        let sqlite = try SQLiteStore.inMemory()
        try await Self.check(sqlite)
        try await withFreshStore { store in try await Self.check(store) }
    }

    static func check(_ store: some EventStore) async throws {
        let version = try await prepare(store)
        _ = try await store.addPerson(person("2021001", id: "110101200301011234", version: version))
        _ = try await store.addPerson(person("2021003", id: nil, version: version))
        await #expect { _ = try await store.addPerson(person("2021002", id: "110101200301011234", version: version)) } throws: { error in
            guard case StoreError.duplicate(let message) = error else { return false }
            return message == "the ID number 110*************34 is already registered to 2021001; 2021002 cannot be registered with it too"
        }
        #expect(try await store.person("2021002") == nil)
        let holders = try await store.people(idNumbers: ["110101200301011234", "11010519491231002X"])
        #expect(holders.mapValues(\.number) == ["110101200301011234": "2021001"])
    }

    @Test func registrationsOfOneIDNumberAtOnceLetOneThrough() async throws {
        try await withFreshStore { store in
            let version = try await Self.prepare(store)
            let outcomes = await withTaskGroup(of: Bool.self) { group in
                for index in 0..<6 {
                    group.addTask {
                        (try? await store.addPerson(Self.person("30000\(index)", id: "11010519491231002X", version: version))) != nil
                    }
                }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 }.count == 1, "\(outcomes)")
        }
    }
}

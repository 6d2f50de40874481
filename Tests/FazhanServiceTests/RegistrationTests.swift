import FazhanCore
import FazhanSQLite
import FazhanStore
import Foundation
import Testing

@testable import FazhanService

/// Registering a person checks what was entered before anything is written.
@Suite(.english) struct RegistrationTests {
    private static let workflows = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("workflows").path

    private func service() async throws -> (DevelopmentService, SQLiteStore) {
        let store = try SQLiteStore.inMemory()
        let service = DevelopmentService(store: store)
        _ = try await service.install(try WorkflowLoader.directory(Self.workflows).load("cpc-2014"), by: "t", at: "t", makeDefault: true)
        _ = try await service.addOrganization(NewOrganization(code: "U", name: "校党委", kind: .committee, parentCode: nil, category: nil,
                                                              canApprove: true, createdAt: "t", createdBy: "t"))
        return (service, store)
    }

    private func registration(id: String? = nil, birth: String? = nil, gender: Gender? = nil) -> Registration {
        Registration(number: "2023001", name: "张三", organizationCode: "U", category: .student, birthDate: birth.flatMap(CivilDate.init),
                     gender: gender, idNumber: id, ethnicity: nil, education: nil, level: nil, grade: nil, leagueMember: true,
                     workflow: nil, recordedBy: "organizer", recordedAt: "2026-11-20T08:00:00.000Z", today: CivilDate("2026-11-20")!)
    }

    /// 11010519491231002X: a valid resident ID of a woman born 1949-12-31.
    @Test func theBirthDateAndGenderComeFromTheIDNumber() async throws {
        let (service, _) = try await service()
        let (person, chosen) = try await service.register(registration(id: "11010519491231002x")) { _ in throw ServiceError.noDefaultWorkflow }
        #expect(person.birthDate == CivilDate("1949-12-31"))
        #expect(person.gender == .female)
        #expect(person.idNumber == "11010519491231002X")
        #expect(chosen.installed.workflowID == "cpc-2014" && !chosen.installedNow)
    }

    @Test func anIDNumberThatDisagreesOrDoesNotCheckIsRefusedWithNothingWritten() async throws {
        let (service, store) = try await service()
        await #expect { _ = try await service.register(registration(id: "11010519491231002X", gender: .male)) { _ in fatalError() } }
            throws: { error in
                guard case ServiceError.idNumberDisagrees(let masked, let disagreements) = error else { return false }
                return !masked.contains("19491231") && !disagreements.isEmpty
            }
        await #expect { _ = try await service.register(registration(id: "110105194912310021")) { _ in fatalError() } }
            throws: { error in
                guard case ServiceError.invalidIDNumber = error else { return false }
                return true
            }
        await #expect { _ = try await service.register(registration(birth: "2026-11-21")) { _ in fatalError() } }
            throws: { error in (error as? ServiceError)?.description == "refused: the birth date 2026-11-21 is in the future" }
        #expect(try store.people().isEmpty)
    }

    @Test func aWorkflowNotInstalledYetIsInstalledForTheNewPerson() async throws {
        let (service, _) = try await service()
        var request = registration()
        request.workflow = "university"
        let (_, chosen) = try await service.register(request) { id in try WorkflowLoader.directory(Self.workflows).load(id) }
        #expect(chosen.installedNow && chosen.installed.workflowID == "university")
    }

    /// One resident ID, one person: a second registration, or a roster row, with an ID number
    /// already registered is refused with both people's numbers, and nothing is written.
    @Test func anIDNumberRegisteredToSomeoneElseIsRefusedWithBothNumbers() async throws {
        let (service, store) = try await service()
        _ = try await service.register(registration(id: "11010519491231002X")) { _ in fatalError() }
        var second = registration(id: "11010519491231002x")
        second.number = "2023002"
        await #expect { _ = try await service.register(second) { _ in fatalError() } } throws: { error in
            (error as? ServiceError)?.description
                == "refused: the ID number 110*************2X is already registered to 2023001; 2023002 cannot be registered with it too"
        }
        let roster = "学号,姓名,所在组织,类别,身份证号\n2023003,李四,U,学生,11010519491231002X\n\u{FEFF}2023004,王五,U,学生,\n"
        let sheet = try ImportSheet(rows: try CSVReader.rows(roster), columns: RosterImport.columns)
        await #expect {
            _ = try await service.importRoster(sheet, workflow: nil, dryRun: false, today: CivilDate("2026-11-20")!, createdAt: "t", user: "t",
                                               loadWorkflow: { _ in fatalError() })
        } throws: { error in
            guard let refusal = error as? ImportRefusal else { return false }
            return refusal.problems.map(\.description)
                == ["line 2, 身份证号: the ID number 110*************2X is already registered to 2023001 (张三); 2023003 cannot be registered with it too"]
        }
        #expect(try store.people().map(\.profile.number) == ["2023001"])
        // Without the repeated ID, the row whose number began with a byte-order mark registers under the number as seen.
        let clean = try ImportSheet(rows: try CSVReader.rows("学号,姓名,所在组织,类别\n\u{FEFF}2023004,王五,U,学生\n"), columns: RosterImport.columns)
        _ = try await service.importRoster(clean, workflow: nil, dryRun: false, today: CivilDate("2026-11-20")!, createdAt: "t", user: "t",
                                           loadWorkflow: { _ in fatalError() })
        #expect(try store.person("2023004")?.name == "王五")
    }
}

import FazhanCore
import FazhanPostgres
import FazhanStore
import Foundation
import PostgresNIO
import Testing

/// The tamper suite on PostgreSQL: what an administrator of the database can do behind Fazhan's
/// back with raw SQL (the guarding triggers disabled first), and the sentence `verify` finds it
/// with. The checkpointer signs with the server's key, which the auditor trusts.
@Suite(.enabled(if: testURL != nil, "FAZHAN_TEST_POSTGRES_URL names no PostgreSQL cluster"))
struct PostgresTamperTests {
    static let key = CheckpointSigner.generate()

    /// Two committees' worth of records and a full member's history, every seal checkpointed and signed.
    static func office(_ store: PostgresStore) async throws {
        let installed = try await store.install(try loadBundle(), by: "t", at: "2024-01-01T00:00:00Z")
        _ = try await store.install(
            try WorkflowLoader.directory(repositoryRoot.appendingPathComponent("workflows").path).load("cpc-2026"), by: "t",
            at: "2024-01-01T00:00:00Z")
        for (code, kind, parent, approves) in [("U", Organization.Kind.committee, nil, true), ("G", .generalBranch, "U", false),
                                               ("B", .branch, "G", false)] as [(String, Organization.Kind, String?, Bool)] {
            _ = try await store.addOrganization(NewOrganization(code: code, name: code, kind: kind, parentCode: parent, category: nil,
                                                                canApprove: approves, createdAt: "2024-01-01T00:00:00Z", createdBy: "t"))
        }
        try await store.setEnrollment(organizationCode: "U", students: 1_000, staff: 100, effectiveOn: CivilDate("2024-01-01")!,
                                      recordedAt: "2024-01-02T00:00:00Z", recordedBy: "t")
        try await store.setPlan(organizationCode: "U", year: 2024, category: "student", quota: 10, recordedAt: "2024-01-02T00:00:00Z",
                                recordedBy: "t")
        try await store.recordGrading(organizationCode: "B", year: 2024, grade: "较好", strongest: false, note: nil,
                                      recordedAt: "2024-01-02T00:00:00Z", recordedBy: "t")
        try await store.setMemberships([MembershipEntry(organizationCode: "B", fullMembers: 12, effectiveOn: CivilDate("2024-01-01")!)],
                                       recordedAt: "2024-01-02T00:00:00Z", recordedBy: "t")
        for number in ["2020001", "2020002"] {
            let person = try await store.addPerson(NewPerson(
                number: number, name: "张三", organizationCode: "B", category: .student, birthDate: CivilDate("2001-03-04"),
                idNumber: number == "2020001" ? "11010520010304002X" : nil, workflowVersion: installed.version,
                createdAt: "2024-01-03T00:00:00Z", createdBy: "t"))
            var version: Int64 = 0
            for (step, date) in [("submit_application", "2020-03-01"), ("initial_talk", "2020-03-20"), ("designate_activist", "2020-09-10"),
                                 ("admission_approval", "2022-04-01"), ("conversion_approval", "2023-04-01")] {
                _ = try await store.append([Event(id: 0, personID: person.id, step: step, date: CivilDate(date)!,
                                                  recordedAt: "2024-01-04T00:00:00Z", recordedBy: "t", workflowVersion: installed.version)],
                                           to: person.id, expecting: version)
                version += 1
            }
        }
        try await settle(store, signer: key)
    }

    /// Checkpoints (signed) until nothing is pending.
    static func settle(_ store: PostgresStore, signer: CheckpointSigner) async throws {
        for _ in 0..<200 {
            try await store.checkpoint(signer: signer)
            let report = try await store.verify()
            if report.pending == 0 && report.pendingRecords == nil { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("seals stayed pending")
    }

    /// Runs each statement with every user trigger of the database's tables disabled.
    static func tamper(_ store: PostgresStore, _ statements: [String]) async throws {
        for table in ["event", "person_seal", "seal_checkpoint", "record_seal", "workflow_version", "person", "organization",
                      "enrollment", "development_plan", "branch_grading", "branch_membership", "setting"] {
            try await store.client.query(PostgresQuery(unsafeSQL: "ALTER TABLE \(table) DISABLE TRIGGER USER"))
        }
        for statement in statements { try await store.client.query(PostgresQuery(unsafeSQL: statement)) }
    }

    static func verify(_ store: PostgresStore, expectHead: String? = nil,
                       trusting keys: [CheckpointPublicKey] = [key.publicKey]) async throws -> IntegrityReport {
        var report = try await store.verify()
        report.judge(trusting: keys, expectHead: expectHead, signingAdvice: "")
        return report
    }

    @Test(arguments: [
        ("UPDATE workflow_version SET sources = replace(sources, 'within: 3 months', 'within: 1 day') WHERE id = 1",
         "the text of the installed workflow cpc-2014 (version 1) was edited"),
        ("UPDATE person SET birth_date = '1990-01-01' WHERE number = '2020001'", "person 2020001 was changed after it was sealed: its birth date differs"),
        ("UPDATE person SET id_number = '110105199001010011' WHERE number = '2020001'", "person 2020001 was changed after it was sealed: its ID number differs"),
        ("UPDATE person SET name = '王五' WHERE number = '2020002'", "person 2020002 was changed after it was sealed: its name differs"),
        ("UPDATE person SET workflow_version = 2 WHERE number = '2020002'", "person 2020002 was changed after it was sealed: its workflow version differs"),
        ("UPDATE organization SET can_approve = true WHERE code = 'G'", "organization G was changed after it was sealed: its approval authority (can_approve) differs"),
        ("UPDATE organization SET parent_id = 1 WHERE code = 'B'", "organization B was changed after it was sealed: its parent organization differs"),
        ("UPDATE enrollment SET students = 100000", "enrollment entry #1 was changed after it was sealed: its student count differs"),
        ("UPDATE development_plan SET quota = 99", "development plan entry #1 was changed after it was sealed: its quota differs"),
        ("UPDATE branch_grading SET grade = '先进'", "branch grading #1 was changed after it was sealed: its grade differs"),
        ("UPDATE branch_membership SET full_members = 40",
         "full-member count #1 was changed after it was sealed: its full-member count (正式党员) differs"),
        ("DELETE FROM branch_membership", "full-member count #1 was deleted: its seal remains"),
    ] as [(String, String)])
    func aRecordChangedBehindFazhansBackIsNamed(sql: String, message: String) async throws {
        try await withFreshStore { store in
            try await Self.office(store)
            #expect(try await Self.verify(store).isIntact)
            try await Self.tamper(store, [sql])
            let report = try await Self.verify(store)
            #expect(report.problems.contains { $0.message.contains(message) }, "\(report.problems)")
        }
    }

    @Test func aDeletedTailIsFoundOnceCheckpointedAndPendingUntilThen() async throws {
        try await withFreshStore { store in
            try await Self.office(store)
            // An event no checkpoint covers yet: verify says so, and writes no checkpoint itself.
            let person = try #require(try await store.person("2020002"))
            _ = try await store.append([Event(id: 0, personID: person.id, step: "archive_materials", date: CivilDate("2023-04-05")!,
                                              recordedAt: "2024-01-05T00:00:00Z", recordedBy: "t", workflowVersion: 1)],
                                       to: person.id, expecting: 5)
            let pending = try await Self.verify(store)
            #expect(pending.isIntact && pending.pending == 1, "\(pending.problems)")
            #expect(try await Self.verify(store).checkpoints == pending.checkpoints, "verify wrote a checkpoint")
            try await Self.settle(store, signer: Self.key)
            try await Self.tamper(store, [
                "DELETE FROM person_seal WHERE event_id = (SELECT max(id) FROM event)", "DELETE FROM event WHERE id = (SELECT max(id) FROM event)",
            ])
            let report = try await Self.verify(store)
            #expect(report.problems.contains { $0.kind == .checkpoint && $0.message.contains("no longer matches the seals it covers") },
                    "\(report.problems)")
        }
    }

    @Test func aWholeLogReCheckpointedWithAnotherKeyIsFoundAndAnEarlierHeadIsGone() async throws {
        try await withFreshStore { store in
            try await Self.office(store)
            let noted = try await Self.verify(store).head
            // A full member's history erased, every checkpoint removed, and Fazhan's own
            // checkpointer run with the attacker's key over what is left.
            try await Self.tamper(store, [
                "DELETE FROM person_seal WHERE person_id = (SELECT id FROM person WHERE number = '2020001')",
                "DELETE FROM event WHERE person_id = (SELECT id FROM person WHERE number = '2020001')",
                "UPDATE person_state SET stage = NULL, stage_since = NULL, entered_on = NULL, last_event_id = NULL, version = 0, "
                    + "timeline = NULL WHERE person_id = (SELECT id FROM person WHERE number = '2020001')",
                "DELETE FROM seal_checkpoint",
            ])
            let attacker = CheckpointSigner.generate()
            try await Self.settle(store, signer: attacker)
            let report = try await Self.verify(store, expectHead: noted)
            #expect(report.problems.contains {
                $0.kind == .signature && $0.message.contains("signed by the key \(attacker.publicKey.id), which is not a trusted key")
            }, "\(report.problems)")
            #expect(report.problems.contains { $0.kind == .anchor && $0.message.contains(noted) }, "\(report.problems)")
        }
    }
}

import FazhanCore
import Foundation
import GRDB
import Testing

@testable import FazhanSQLite
import FazhanStore

/// What someone with write access to the database file can do behind Fazhan's back, each done
/// with raw SQL (the guarding triggers dropped first), and the sentence `verify` finds it with.
@Suite struct TamperTests {
    private static let workflows = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("workflows").path

    /// The office's key, whose public half the auditor trusts.
    private static let key = CheckpointSigner.generate()

    /// A database file: a committee and a branch under it, enrollment, a plan, a grading, and a
    /// full member with the whole of their history, every write signed by `key`.
    private struct Office {
        var folder: URL
        var path: String
        var store: SQLiteStore

        init() throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("fazhan-tamper-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            path = folder.appendingPathComponent("t.sqlite").path
            store = try SQLiteStore.open(path: path, create: true, signer: TamperTests.key)
            let installed = try store.install(try WorkflowLoader.directory(TamperTests.workflows).load("cpc-2014"), by: "t", at: "2024-01-01T00:00:00Z")
            // A second version, which the attacker moves a person to.
            try store.install(try WorkflowLoader.directory(TamperTests.workflows).load("cpc-2026"), by: "t", at: "2024-01-01T00:00:00Z")
            _ = try store.addOrganization(NewOrganization(code: "U", name: "校党委", kind: .committee, parentCode: nil, category: nil,
                                                          canApprove: true, createdAt: "2024-01-01T00:00:00Z", createdBy: "t"))
            _ = try store.addOrganization(NewOrganization(code: "G", name: "学院党总支", kind: .generalBranch, parentCode: "U", category: nil,
                                                          canApprove: false, createdAt: "2024-01-01T00:00:00Z", createdBy: "t"))
            _ = try store.addOrganization(NewOrganization(code: "B", name: "学生党支部", kind: .branch, parentCode: "G", category: .student,
                                                          canApprove: false, createdAt: "2024-01-01T00:00:00Z", createdBy: "t"))
            try store.setEnrollment(organizationCode: "U", students: 1_000, staff: 100, effectiveOn: CivilDate("2024-01-01")!,
                                    recordedAt: "2024-01-02T00:00:00Z", recordedBy: "t")
            try store.setPlan(organizationCode: "U", year: 2024, category: "student", quota: 10, recordedAt: "2024-01-02T00:00:00Z", recordedBy: "t")
            try store.recordGrading(organizationCode: "B", year: 2024, grade: "较好", strongest: false, note: nil,
                                    recordedAt: "2024-01-02T00:00:00Z", recordedBy: "t")
            try store.setMemberships([MembershipEntry(organizationCode: "B", fullMembers: 12, effectiveOn: CivilDate("2024-01-01")!)],
                                     recordedAt: "2024-01-02T00:00:00Z", recordedBy: "t")
            for (number, name) in [("2020001", "张三"), ("2020002", "李四")] {
                let person = try store.addPerson(NewPerson(
                    number: number, name: name, organizationCode: "B", category: .student, birthDate: CivilDate("2001-03-04"),
                    idNumber: number == "2020001" ? "11010520010304002X" : nil, workflowVersion: installed.version,
                    createdAt: "2024-01-03T00:00:00Z", createdBy: "t"))
                var events: [Event] = []
                for (step, date) in [("submit_application", "2020-03-01"), ("initial_talk", "2020-03-20"), ("designate_activist", "2020-09-10"),
                                     ("designate_candidate", "2021-09-15"), ("admission_meeting", "2022-03-01"),
                                     ("admission_approval", "2022-04-01"), ("conversion_meeting", "2023-03-05"),
                                     ("conversion_approval", "2023-04-01")] {
                    events.append(Event(id: 0, personID: person.id, step: step, date: CivilDate(date)!, recordedAt: "2024-01-04T00:00:00Z",
                                        recordedBy: "t", workflowVersion: installed.version))
                }
                try store.append(contentsOf: events)
            }
        }

        /// Drops every guarding trigger, then runs `sql`.
        func tamper(_ sql: String) throws {
            try store.writer.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA foreign_keys = OFF")
                let triggers = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger'")
                for trigger in triggers { try db.execute(sql: "DROP TRIGGER \(trigger)") }
                try db.execute(sql: sql)
            }
        }

        /// What `fazhan verify` reports, with the office's key trusted.
        func verify(expectHead: String? = nil, trusting keys: [CheckpointPublicKey] = [TamperTests.key.publicKey]) throws -> IntegrityReport {
            let reader = try SQLiteStore.openForVerifying(path: path)
            var report = try reader.verify()
            report.judge(trusting: keys, expectHead: expectHead, signingAdvice: "")
            return report
        }

        func remove() { try? FileManager.default.removeItem(at: folder) }
    }

    @Test func anUntouchedOfficeIsIntactAndEveryCheckpointSigned() throws {
        let office = try Office()
        defer { office.remove() }
        let report = try office.verify()
        #expect(report.isIntact, "\(report.problems)")
        #expect(report.records == 11)  // 2 workflows, 3 organizations, enrollment, a plan, a grading, a full-member count, 2 people
        #expect(report.signatures?.signed == report.checkpoints && report.checkpoints > 0)
        // Untrusted: the same log, checked against another key, is refused.
        let stranger = try office.verify(trusting: [CheckpointSigner.generate().publicKey])
        #expect(stranger.problems.map(\.kind) == [.signature], "\(stranger.problems)")
    }

    @Test(arguments: [
        ("UPDATE workflow_version SET sources = replace(sources, 'within: 3 months', 'within: 1 day')",
         "the text of the installed workflow cpc-2014 (version 1) was edited"),
        ("UPDATE workflow_version SET sources = replace(sources, 'within: 3 months', 'within: 1 day')",
         "the installed workflow cpc-2014 (version 1) was changed after it was sealed: its text differs"),
        ("UPDATE person SET birth_date = '1990-01-01' WHERE number = '2020001'",
         "person 2020001 was changed after it was sealed: its birth date differs from what was recorded"),
        ("UPDATE person SET id_number = '110105199001010011' WHERE number = '2020001'",
         "person 2020001 was changed after it was sealed: its ID number differs"),
        ("UPDATE person SET name = '王五' WHERE number = '2020002'", "person 2020002 was changed after it was sealed: its name differs"),
        ("UPDATE person SET workflow_version = 2 WHERE number = '2020002'",
         "person 2020002 was changed after it was sealed: its workflow version differs"),
        ("UPDATE person SET workflow_version = 9 WHERE number = '2020002'",
         "person 2020002 was changed after it was sealed: its workflow version differs"),
        ("UPDATE workflow_version SET sources = '[]' WHERE id = 2", "the installed workflow cpc-2026 (version 2) was changed after it was sealed"),
        ("UPDATE organization SET can_approve = 1 WHERE code = 'G'",
         "organization G was changed after it was sealed: its approval authority (can_approve) differs"),
        ("UPDATE organization SET parent_id = 1 WHERE code = 'B'",
         "organization B was changed after it was sealed: its parent organization differs"),
        ("UPDATE enrollment SET students = 100000", "enrollment entry #1 was changed after it was sealed: its student count differs"),
        ("UPDATE development_plan SET quota = 99", "development plan entry #1 was changed after it was sealed: its quota differs"),
        ("UPDATE branch_grading SET grade = '先进', strongest = 1",
         "branch grading #1 was changed after it was sealed: its grade and 最强党支部 standard differ"),
        ("DELETE FROM branch_grading", "branch grading #1 was deleted: its seal remains"),
        ("UPDATE branch_membership SET full_members = 40",
         "full-member count #1 was changed after it was sealed: its full-member count (正式党员) differs"),
        ("UPDATE branch_membership SET effective_on = '2025-01-01'", "full-member count #1 was changed after it was sealed: its effective date differs"),
        ("DELETE FROM branch_membership", "full-member count #1 was deleted: its seal remains"),
        ("INSERT INTO branch_membership (organization_id, effective_on, full_members, recorded_at, recorded_by) VALUES (3, '2024-06-01', 50, 't', 'x')",
         "full-member count #2 has no seal: it was written outside Fazhan"),
        ("INSERT INTO development_plan (organization_id, year, category, quota, recorded_at, recorded_by) VALUES (1, 2024, 'student', 50, 't', 'x')",
         "development plan entry #2 has no seal: it was written outside Fazhan"),
        ("DELETE FROM record_seal WHERE kind = 'organization' AND record_id = 2; UPDATE organization SET can_approve = 1 WHERE id = 2",
         "no longer matches the seals it covers: events or records sealed then were removed, added or changed"),
    ] as [(String, String)])
    func aRecordChangedBehindFazhansBackIsNamed(sql: String, message: String) throws {
        let office = try Office()
        defer { office.remove() }
        try office.tamper(sql)
        let report = try office.verify()
        #expect(report.problems.contains { $0.message.contains(message) }, "\(report.problems)")
    }

    @Test func fullMemberCountsAreAppendOnly() throws {
        let office = try Office()
        defer { office.remove() }
        for sql in ["UPDATE branch_membership SET full_members = 40", "DELETE FROM branch_membership"] {
            do {
                try office.store.writer.write { db in try db.execute(sql: sql) }
                Issue.record("allowed: \(sql)")
            } catch {
                #expect(StoreError(error).description.contains("append-only"), "\(error)")
            }
        }
        #expect(try office.store.membership(asOf: CivilDate("2024-06-01")!).map(\.fullMembers) == [12])
        #expect(try office.verify().isIntact)
    }

    @Test func theLastEventDeletedWithItsSealIsFoundByItsCheckpoint() throws {
        let office = try Office()
        defer { office.remove() }
        try office.tamper("""
            DELETE FROM person_seal WHERE event_id = (SELECT max(id) FROM event); DELETE FROM event WHERE id = (SELECT max(id) FROM event)
            """)
        let report = try office.verify()
        #expect(report.problems.contains { $0.kind == .checkpoint && $0.message.contains("no longer matches the seals it covers") },
                "\(report.problems)")
    }

    /// The attacker erases a full member's whole history, then re-seals everything and writes new
    /// checkpoints (the seal tables and their migration records dropped, so that Fazhan's own
    /// migrations re-seal the log), and signs them with a key of their own.
    private func forgeAWholeLog(_ office: Office, attacker: CheckpointSigner) throws {
        try office.tamper("""
            DELETE FROM person_seal; DELETE FROM record_seal; DELETE FROM seal_log;
            DELETE FROM event WHERE person_id = (SELECT id FROM person WHERE number = '2020001');
            DROP TABLE person_seal; DROP TABLE seal_checkpoint; DROP TABLE record_seal; DROP TABLE seal_log;
            DELETE FROM grdb_migrations WHERE identifier LIKE 'v6:%' OR identifier LIKE 'v8:%';
            """)
        // Fazhan's migrations re-seal what is left; the attacker signs the checkpoints.
        let resealed = try SQLiteStore.open(path: office.path, create: false)
        try resealed.rebuildProjections()
        try resealed.writer.writeWithoutTransaction { db in
            for row in try Row.fetchAll(db, sql: "SELECT * FROM seal_checkpoint") {
                let signed = attacker.sign(SealCheckpoint(id: row["id"], previous: row["previous_hash"], heads: row["heads"], hash: row["hash"],
                                                          createdAt: row["created_at"], records: row["records"]))
                try db.execute(sql: "DROP TRIGGER IF EXISTS seal_checkpoint_no_update")
                try db.execute(sql: "UPDATE seal_checkpoint SET signature = ?, key_id = ? WHERE id = ?",
                               arguments: [signed.signature, signed.keyID, signed.id])
            }
        }
    }

    @Test func aWholeLogReSealedWithAnotherKeyIsFound() throws {
        let office = try Office()
        defer { office.remove() }
        let attacker = CheckpointSigner.generate()
        try forgeAWholeLog(office, attacker: attacker)
        // Checked without a trusted key, the forgery is consistent...
        let unchecked = try office.verify(trusting: [])
        #expect(unchecked.isIntact && unchecked.signatures == nil, "\(unchecked.problems)")
        // ...and against the office's key it is not.
        let report = try office.verify()
        #expect(report.problems.contains {
            $0.kind == .signature && $0.message.contains("signed by the key \(attacker.publicKey.id), which is not a trusted key")
        }, "\(report.problems)")
        // Without a signature at all, the same: nothing vouches for the checkpoints.
        try office.tamper("UPDATE seal_checkpoint SET signature = NULL, key_id = NULL")
        #expect(try office.verify().problems.contains { $0.kind == .signature && $0.message.contains("no checkpoint is signed by a trusted key") })
    }

    @Test func anEarlierHeadIsNoLongerInAForgedLog() throws {
        let office = try Office()
        defer { office.remove() }
        let noted = try office.verify().head
        #expect(try office.verify(expectHead: noted).isIntact)
        try forgeAWholeLog(office, attacker: CheckpointSigner.generate())
        let report = try office.verify(expectHead: noted, trusting: [])
        #expect(report.problems.map(\.kind) == [.anchor], "\(report.problems)")
        #expect(report.problems.first?.message.contains("no checkpoint of this log has the head \(noted) noted earlier") == true)
    }

    @Test func verifyReportsAMissingSealTableAndLeavesTheFileByteForByte() throws {
        let office = try Office()
        defer { office.remove() }
        try office.tamper("""
            DROP TABLE person_seal; DELETE FROM grdb_migrations WHERE identifier LIKE 'v6:%' OR identifier LIKE 'v8:%'
            """)
        try office.store.writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        let before = try Data(contentsOf: URL(fileURLWithPath: office.path))
        let report = try office.verify()
        #expect(try Data(contentsOf: URL(fileURLWithPath: office.path)) == before, "verify changed the database file")
        #expect(report.problems.allSatisfy { $0.kind == .schema }, "\(report.problems)")
        #expect(report.problems.contains { $0.message.contains("\"v6: a seal chain per person, and checkpoints chaining their heads\"") })
        #expect(report.problems.contains { $0.message.contains("its table person_seal is missing") })
        #expect(report.problems.contains { $0.message.contains("verify only reads, and neither migrates nor re-seals") })
    }
}

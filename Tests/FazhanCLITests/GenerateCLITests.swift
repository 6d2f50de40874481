import Foundation
import Testing

@testable import FazhanCLI

/// `fazhan generate`: a synthetic province for load tests, the same for the same seed.
@Suite struct GenerateCLITests {
    @Test func peopleAreSplitIntoUniversitiesOfAbout2000() {
        #expect(GenerateCommand.unitSizes(50) == [50])
        #expect(GenerateCommand.unitSizes(2000) == [2000])
        #expect(GenerateCommand.unitSizes(2049) == [2049], "a remainder under 50 joins the last university")
        #expect(GenerateCommand.unitSizes(2050) == [2000, 50])
        #expect(GenerateCommand.unitSizes(1_000_000).count == 500)
        #expect(GenerateCommand.unitSizes(123_456).reduce(0, +) == 123_456)
    }

    @Test func theSameSeedGivesTheSameDatabaseAndEveryPersonIsOnePerson() throws {
        let sandbox = try CLISandbox()
        func generate(_ name: String, seed: String) throws -> (path: String, head: String) {
            let path = sandbox.directory.appendingPathComponent(name).path
            let result = try sandbox.run("generate", "--people", "2100", "--seed", seed, "--db", path, "--today", "2026-11-20")
            #expect(result.status == 0, "\(result)")
            #expect(result.stdout.contains("generated 2100 people"), "\(result)")
            let verified = try sandbox.run("verify", "--db", path, "--format", "json")
            #expect(verified.status == 0, "\(verified)")
            return (path, try verified.object()["head"] as? String ?? "")
        }
        let first = try generate("a.sqlite", seed: "5")
        let again = try generate("b.sqlite", seed: "5")
        let other = try generate("c.sqlite", seed: "6")
        // The head seal covers every event and everything before it.
        #expect(!first.head.isEmpty && first.head == again.head)
        #expect(first.head != other.head)

        // Two universities under the province, every stage populated, numbers and ID numbers unique.
        let people = try sandbox.run("export", "people", "--all", "--reveal", "--format", "json", "--db", first.path).array()
        #expect(people.count == 2100)
        #expect(Set(people.compactMap { $0["number"] as? String }).count == 2100)
        let ids = people.compactMap { $0["id_number"] as? String }
        #expect(ids.count > 300 && Set(ids).count == ids.count)
        let universities = Set(people.compactMap { ($0["organization"] as? String)?.split(separator: "-").first })
        #expect(universities == ["U10001", "U10002"])
        let stages = Set(people.compactMap { $0["stage_id"] as? String })
        #expect(stages.isSuperset(of: ["applicant", "activist", "candidate", "probationary", "full_member"]))

        // A generated organization has its deliberate violations.
        let audit = try sandbox.run("audit", "--db", first.path, "--format", "json")
        #expect(audit.status == 1)
        #expect((try audit.object()["violations"] as? Int ?? 0) > 10)
    }

    @Test func generateNeverWritesOverADatabase() throws {
        let sandbox = try CLISandbox()
        try sandbox.succeed("init", "--workflow", "cpc-2014")
        let result = try sandbox.run("generate", "--people", "60", "--db", sandbox.database.path)
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains("already exists"), "\(result)")
        let usage = try sandbox.run("generate", "--people", "10", "--db", sandbox.directory.appendingPathComponent("x.sqlite").path)
        #expect(usage.status == 64, "\(usage)")
    }

    @Test func theDemoNeverReplacesADatabaseItDidNotMake() throws {
        let sandbox = try CLISandbox()
        try sandbox.succeed("init", "--workflow", "cpc-2014")
        let result = try sandbox.run("demo", "--db", sandbox.database.path)
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains("is not a demo database"), "\(result)")
        // Still the organizer's empty database: not removed, not rebuilt as a demo.
        let verified = try sandbox.run("verify", "--format", "json")
        #expect(verified.status == 0, "\(verified)")
        #expect(try verified.object()["events"] as? Int == 0)
        #expect(try sandbox.run("org", "list").stdout.contains("校党委") == false)
    }
}

import Foundation
import Testing

@testable import FazhanCore

/// Ratio targets as workflow data: the seed's targets in the university rules, exact
/// percentages, and the problems a file can have.
@Suite struct TargetTests {
    @Test(arguments: [
        ("3.83%", 383), ("42.90%", 4290), ("42.9%", 4290), ("20%", 2000), ("0%", 0), ("100%", 10_000), ("5%", 500),
    ])
    func percentagesParseExactly(_ text: String, _ basisPoints: Int) {
        #expect(parseBasisPoints(text) == basisPoints)
    }

    @Test(arguments: ["3.833%", "3.83", "abc%", "-1%", "101%", "3,83%", "%", ".5%", "3.%"])
    func malformedPercentagesAreRejected(_ text: String) {
        #expect(parseBasisPoints(text) == nil)
    }

    @Test func theUniversityRulesCarryTheSeedsTargets() throws {
        let workflows = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("workflows").path
        let workflow = try WorkflowLoader.directory(workflows).load("university").workflow
        let targets = Dictionary(uniqueKeysWithValues: workflow.targets.map { ($0.id, $0) })
        let members = try #require(targets["student-members"])
        #expect(members.numerator == .people(stages: ["probationary", "full_member"], category: "student", education: []))
        #expect(members.denominator == .enrolledStudents)
        #expect(members.threshold == .atLeast(basisPoints: 383))
        #expect(targets["student-reserve"]?.threshold == .atLeast(basisPoints: 4290))
        // The seed's levels to 2023; the example university keeps the 2023 level through 2027.
        #expect(targets["strongest-branches"]?.threshold == .byYear([2020: 2000, 2021: 3000, 2022: 4000, 2023: 5000, 2024: 5000, 2025: 5000,
                                                                      2026: 5000, 2027: 5000]))
        #expect(targets["strongest-branches"]?.numerator == .strongestBranches)
        let knowledge = try #require(targets["high-knowledge-members"])
        #expect(knowledge.threshold == .increase(basisPoints: 500))
        #expect(knowledge.applies(on: CivilDate("2023-12-31")!))
        #expect(!knowledge.applies(on: CivilDate("2024-01-01")!))
        // The national rules set no ratio targets.
        #expect(try WorkflowLoader.directory(workflows).load("cpc-2014").workflow.targets.isEmpty)
    }

    @Test func targetProblemsAreReportedWithTheirLines() throws {
        let base = """
            workflow: t
            title: t
            calendar: cn
            stages:
              applicant: {name: 入党申请人, order: 1}
            rules:
              R1: {name: 入党年龄, basis: x}
            steps:
              submit_application: {number: 1, name: 递交入党申请书, rules: [R1], enters: applicant}
            probation: {starts_at: submit_application, length: 1 year, rule: R1}
            guards: {}
            targets:
              a:
                numerator: {stages: [member]}
                denominator: enrolled
                at_least: 3.833%
              b:
                numerator: strongest_branches
                denominator: branches
                at_least: {twenty: 20%}
                from: 2024-02-30
            """
        let calendar = "calendar: cn\nyear: 2026\nsource: s\nholidays: []\nmakeup_workdays: []\n"
        let loader = WorkflowLoader.stored([SourceFile(path: "t.yaml", text: base), SourceFile(path: "cn-2026.yaml", text: calendar)])
        do {
            _ = try loader.load("t")
            Issue.record("a file with bad targets loaded")
        } catch {
            let found = error.diagnostics.map { "\($0.line) \($0.key)" }
            #expect(found.contains("14 targets.a.numerator.stages"), "\(error)")
            #expect(found.contains("15 targets.a.denominator"), "\(error)")
            #expect(found.contains("16 targets.a.at_least"), "\(error)")
            #expect(found.contains("20 targets.b.at_least.twenty"), "\(error)")
            #expect(found.contains("21 targets.b.from"), "\(error)")
            // A missing name is reported where the entry is written.
            #expect(found.contains("13 targets.a.name"), "\(error)")
            #expect(found.filter { $0.hasPrefix("14 ") }.count == 1, "\(error)")
        }
    }
}

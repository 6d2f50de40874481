import FazhanCore
import FazhanReports
import Foundation

/// The JSON form of a verdict, as scripts depend on it:
/// `{"allowed": bool, "to": stage, "checks": [{"rule", "passed", "found", "required", "earliest", "message"}]}`.
public struct VerdictJSON: Codable, Sendable {
    public struct CheckJSON: Codable, Sendable {
        public var rule: String
        public var ruleName: String
        public var basis: String
        public var guardID: String
        public var passed: Bool
        public var found: String
        public var required: String
        public var earliest: String?
        public var message: String
        public var provisional: Bool
        public var waivable: Bool

        enum CodingKeys: String, CodingKey {
            case rule, ruleName, basis, passed, found, required, earliest, message, provisional, waivable
            case guardID = "guard"
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(rule, forKey: .rule)
            try container.encode(ruleName, forKey: .ruleName)
            try container.encode(basis, forKey: .basis)
            try container.encode(guardID, forKey: .guardID)
            try container.encode(passed, forKey: .passed)
            try container.encode(found, forKey: .found)
            try container.encode(required, forKey: .required)
            try container.encode(earliest, forKey: .earliest)  // null when there is none
            try container.encode(message, forKey: .message)
            try container.encode(provisional, forKey: .provisional)
            try container.encode(waivable, forKey: .waivable)
        }
    }

    public var allowed: Bool
    public var to: String?
    public var step: String
    public var date: String
    public var person: String
    public var earliest: String?
    public var checks: [CheckJSON]

    public init(_ verdict: Verdict, person: PersonProfile) {
        allowed = verdict.allowed
        to = verdict.to
        step = verdict.step
        date = verdict.date.description
        self.person = person.number
        earliest = verdict.earliest?.description
        checks = verdict.checks.map {
            CheckJSON(rule: $0.rule, ruleName: $0.ruleName, basis: $0.basis, guardID: $0.guardID, passed: $0.passed,
                      found: $0.found, required: $0.required, earliest: $0.earliest?.description, message: $0.message,
                      provisional: $0.provisional, waivable: $0.waivable)
        }
    }
}

public enum VerdictOutput {
    /// The explanation an organizer reads: a headline, then every check with its rule.
    public static func text(_ verdict: Verdict, person: PersonProfile, workflow: Workflow, onlyFailures: Bool = false) -> String {
        var lines: [String] = []
        let headline = Catalogue.personPrefix(person.name, person.number)
            + Catalogue.judged(step: workflow.stepName(verdict.step), target: verdict.to.map { workflow.stageName($0) }, date: verdict.date)
        if verdict.allowed {
            lines.append(headline + Catalogue.allowed(checks: verdict.checks.count))
        } else {
            lines.append(headline + Catalogue.notAllowed(failures: verdict.failures.count, of: verdict.checks.count))
        }
        let checks = onlyFailures ? verdict.failures : verdict.checks
        let table = Table(
            columns: [Table.Column("")] + Catalogue.verdictColumns.map { Table.Column($0) },
            rows: checks.map { check in
                [check.passed ? "✓" : "✗", check.rule, check.ruleName, check.found + (check.provisional ? Catalogue.provisionalMark : ""),
                 check.passed ? "" : check.required, check.earliest?.description ?? ""]
            })
        lines.append(table.render())
        if !verdict.allowed {
            let bases = Set(verdict.failures.filter { !$0.citesNoRule }.map { "\($0.rule): \($0.basis)" })
                .sorted { $0.localizedStandardCompare($1) == .orderedAscending }
            if !bases.isEmpty { lines.append(Catalogue.basis(bases)) }
            // Refusals no rule makes: say so rather than cite one.
            let problems = Set(verdict.failures.filter(\.citesNoRule).map(\.basis)).sorted()
            for problem in problems { lines.append("\(Check.noRule): \(problem)") }
            if let earliest = verdict.earliest {
                lines.append(Catalogue.earliestAll(earliest))
            }
            let waivable = verdict.failures.filter(\.waivable)
            if !waivable.isEmpty {
                let clauses = waivable.map { "\($0.rule) (\($0.guardID))" }
                lines.append(Catalogue.waivableClauses(Set(clauses).sorted()))
            }
            lines += FixCommands.lines(verdict, person: person, workflow: workflow)
        }
        return Table.fitted(lines.joined(separator: "\n"))
    }

    public static func json(_ verdict: Verdict, person: PersonProfile) throws -> String {
        try JSONOutput.render(VerdictJSON(verdict, person: person))
    }
}

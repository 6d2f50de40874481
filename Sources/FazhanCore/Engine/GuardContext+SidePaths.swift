/// Guards of the side paths: numbers carried by the step itself, waiting after a failed vote.
extension GuardContext {
    func dataRange(field: DataField, min: Int?, max: Int?, rule: String, guardID: String) -> Check {
        var required: String {
            var parts: [String] = []
            if let min { parts.append("at least \(min)") }
            if let max { parts.append("at most \(max)") }
            return "\(field.rawValue) \(parts.joined(separator: " and "))"
        }
        guard let value = field.value(in: data) else {
            return check(rule: rule, guardID: guardID, passed: false, found: "no \(field.rawValue) given", required: required)
        }
        let passed = (min.map { value >= $0 } ?? true) && (max.map { value <= $0 } ?? true)
        return check(rule: rule, guardID: guardID, passed: passed, found: "\(field.rawValue) \(value)", required: required)
    }

    /// Whether a meeting's vote carried: (for + written for) × 2 > expected, with a quorum.
    static func voteCarried(_ data: EventData) -> Bool {
        guard data.result != .fail else { return false }
        let expected = data.expected ?? 0
        return (data.present ?? 0).saturatingMultiplied(by: 2) > expected
            && (data.votesFor ?? 0).saturatingAdding(data.writtenFor ?? 0).saturatingMultiplied(by: 2) > expected
    }

    func retryWait(step id: String, wait: Duration, rule: String, guardID: String) -> Check {
        var name: String { workflow.nameOfStep(id) }
        var required: String { "no \(name) within \(wait) of one whose vote failed" }
        let failed = history.occurrences(of: id).filter { $0.date < date && !GuardContext.voteCarried($0.data) }
        guard let last = failed.last else {
            return check(rule: rule, guardID: guardID, passed: true, found: "no failed \(name)", required: required)
        }
        let (allowed, provisional) = wait.added(to: last.date, calendar: calendar)
        return check(rule: rule, guardID: guardID, passed: date >= allowed,
                     found: "the vote of \(name) on \(last.date) failed", required: required + " (from \(allowed))",
                     earliest: allowed, provisional: provisional)
    }
}

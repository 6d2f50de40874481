/// Guards of the side paths: numbers carried by the step itself, waiting after a failed vote.
extension GuardContext {
    func dataRange(field: DataField, min: Int?, max: Int?, rule: String, guardID: String) -> Check {
        var required: String { Catalogue.dataRangeRequired(field.rawValue, min: min, max: max) }
        guard let value = field.value(in: data) else {
            return check(rule: rule, guardID: guardID, passed: false, found: Catalogue.notGiven(field.rawValue), required: required)
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
        func required(from allowed: CivilDate? = nil) -> String { Catalogue.retryRequired(name, wait: wait, from: allowed) }
        let failed = history.occurrences(of: id).filter { $0.date < date && !GuardContext.voteCarried($0.data) }
        guard let last = failed.last else {
            return check(rule: rule, guardID: guardID, passed: true, found: Catalogue.noFailed(name), required: required())
        }
        let (allowed, provisional) = wait.added(to: last.date, calendar: calendar)
        return check(rule: rule, guardID: guardID, passed: date >= allowed,
                     found: Catalogue.voteFailed(name, on: last.date), required: required(from: allowed),
                     earliest: allowed, provisional: provisional)
    }
}

/// The numbers of a step's data, each with its bound and the names the front ends give it.
extension EventData {
    /// A number in a step's data: its key (the JSON field and the import column), its
    /// command-line option, and its bound.
    public struct NumberField: Sendable {
        public let key: String
        public let option: String
        public let bound: Bound
        public let value: @Sendable (EventData) -> Int?
    }

    public static let numberFields: [NumberField] = [
        NumberField(key: "objections", option: "--objections", bound: Bounds.objections) { $0.objections },
        NumberField(key: "expected", option: "--expected", bound: Bounds.votes) { $0.expected },
        NumberField(key: "present", option: "--present", bound: Bounds.votes) { $0.present },
        NumberField(key: "votesFor", option: "--for", bound: Bounds.votes) { $0.votesFor },
        NumberField(key: "against", option: "--against", bound: Bounds.votes) { $0.against },
        NumberField(key: "abstain", option: "--abstain", bound: Bounds.votes) { $0.abstain },
        NumberField(key: "writtenFor", option: "--written-for", bound: Bounds.votes) { $0.writtenFor },
        NumberField(key: "writtenAgainst", option: "--written-against", bound: Bounds.votes) { $0.writtenAgainst },
        NumberField(key: "days", option: "--days", bound: Bounds.trainingDays) { $0.days },
        NumberField(key: "hours", option: "--hours", bound: Bounds.trainingHours) { $0.hours },
        NumberField(key: "months", option: "--months", bound: Bounds.extensionMonths) { $0.months },
    ]

    /// The numbers out of their range, in the order of `numberFields`.
    public var numbersOutOfBounds: [(field: NumberField, value: Int)] {
        // Read for every event an audit judges: nothing is allocated when every number is in range.
        var found: [(field: NumberField, value: Int)] = []
        // By position: a field read in place is not copied (with its names and bound) to be tested.
        for position in Self.numberFields.indices {
            if let value = Self.numberFields[position].value(self), !Self.numberFields[position].bound.contains(value) {
                found.append((Self.numberFields[position], value))
            }
        }
        return found
    }

    /// One sentence per number out of range, each field named by its command-line option.
    public var boundProblems: [String] {
        numbersOutOfBounds.compactMap { $0.field.bound.problem($0.field.option, $0.value) }
    }
}

import FazhanCore

/// What `DemoUniversity.build` put in the database, and the people worth showing.
struct DemoSummary: Sendable {
    /// A person recorded out of rule on purpose, for the audit to find.
    struct OutOfRule: Sendable, Hashable {
        var number: String
        var name: String
        /// The rule broken (`R7`).
        var rule: String
        /// What happened, with dates, in the organizer's language.
        var description: String
        /// The kind of break.
        var deviation: DemoCareer.Deviation
    }

    var workflowID: String
    var today: CivilDate
    /// People per current stage id (`applicant`, `activist`, ..., `withdrawn`), as the store projects them.
    var stageCounts: [String: Int]
    var organizations: Int
    var people: Int
    var events: Int
    /// An activist whose move to candidate is blocked today by a time rule (R7's year, with the
    /// day it passes) and by at least one other rule: good for `fazhan check`.
    var blockedActivist: String
    /// People whose next transition passes every guard today (checked with `Engine.evaluate`),
    /// so the demo can advance them live: an applicant to activist, an activist to candidate, a
    /// candidate to probationary member, a probationary member to full member.
    var readyApplicant: String
    var readyActivist: String
    var readyCandidate: String
    var readyProbationary: String
    var outOfRule: [OutOfRule]
}

/// The demo could not be built.
enum DemoError: Error, Sendable, CustomStringConvertible {
    case notEmpty
    case noShowcase(String)

    var description: String {
        switch self {
        case .notEmpty:
            return "the demo university is built only into an empty database (this one already has organizations)"
        case .noShowcase(let what):
            return "the demo data has no \(what); this is a bug in the demo generator"
        }
    }
}

extension [DemoSummary.OutOfRule] {
    /// The first person of each kind of break, in the order they were recorded: every rule the
    /// audit finds on purpose explained once.
    var firstOfEachKind: [DemoSummary.OutOfRule] {
        var seen: Set<DemoCareer.Deviation> = []
        return filter { seen.insert($0.deviation).inserted }
    }
}

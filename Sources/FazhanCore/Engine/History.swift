/// A person's events, and the view of them after corrections.
///
/// `events` is everything ever recorded, in recording order. `effective` applies corrections:
/// an event replaced by a correction is represented by the correction (carrying the corrected
/// event's step), a voided event disappears. Effective events are ordered by date, then by
/// recording order.
public struct History: Sendable {
    public var person: PersonProfile
    public private(set) var events: [Event]
    public private(set) var effective: [Event]

    /// The root event each correction corrects (through chains); empty without corrections.
    private var roots: [Int64: Int64]

    public init(person: PersonProfile, events: [Event]) {
        self.person = person
        let ordered = zip(events, events.dropFirst()).allSatisfy { $0.id < $1.id } ? events : events.sorted { $0.id < $1.id }
        self.events = ordered
        self.roots = History.roots(of: ordered)
        self.effective = History.applyCorrections(ordered)
    }

    /// A history whose lists are already known (in recording order, and after corrections).
    private init(person: PersonProfile, events: [Event], effective: [Event], roots: [Int64: Int64]) {
        self.person = person
        self.events = events
        self.effective = effective
        self.roots = roots
    }

    /// Adds an event (kept in recording order).
    public mutating func append(_ event: Event) {
        events.append(event)
        if let target = event.corrects { roots[event.id] = roots[target] ?? target }
        effective = History.applyCorrections(events)
    }

    private static func roots(of events: [Event]) -> [Int64: Int64] {
        var roots: [Int64: Int64] = [:]
        for event in events {
            if let target = event.corrects { roots[event.id] = roots[target] ?? target }
        }
        return roots
    }

    static func applyCorrections(_ events: [Event]) -> [Event] {
        guard events.contains(where: { $0.corrects != nil }) else {
            // Nothing corrected: the events themselves, by date (a stable sort keeps recording order).
            let byDate = zip(events, events.dropFirst()).allSatisfy { $0.date <= $1.date }
            return byDate ? events : events.sorted { ($0.date, $0.id) < ($1.date, $1.id) }
        }
        // The latest correction of an event wins; corrections of corrections chain back to the original.
        var replacement: [Int64: Event] = [:]
        var rootOf: [Int64: Int64] = [:]
        for event in events {
            if let target = event.corrects {
                let root = rootOf[target] ?? target
                rootOf[event.id] = root
                replacement[root] = event
            } else {
                rootOf[event.id] = event.id
            }
        }
        var result: [Event] = []
        for event in events where event.corrects == nil {
            if let latest = replacement[event.id] {
                if latest.voids { continue }
                result.append(latest)
            } else {
                result.append(event)
            }
        }
        return result.sorted { ($0.date, $0.id) < ($1.date, $1.id) }
    }

    /// Whether any event corrects another.
    public var hasCorrections: Bool { !roots.isEmpty }

    /// The effective events on or before a date.
    public func effective(through date: CivilDate) -> [Event] {
        effective.filter { $0.date <= date }
    }

    /// Effective events of a step, in date order.
    public func occurrences(of step: String, through date: CivilDate? = nil) -> [Event] {
        effective.filter { $0.step == step && (date == nil || $0.date <= date!) }
    }

    public func first(_ step: String, through date: CivilDate? = nil) -> Event? {
        effective.first { $0.step == step && (date == nil || $0.date <= date!) }
    }

    public func latest(_ step: String, through date: CivilDate? = nil) -> Event? {
        effective.last { $0.step == step && (date == nil || $0.date <= date!) }
    }

    /// The root event a (chain of) correction(s) corrects, or the event itself.
    public func originalID(of id: Int64) -> Int64 {
        roots[id] ?? id
    }

    /// The organization code named by the latest effective event of one of `steps` (transfers)
    /// on or before a date.
    public func latestDestination(of steps: [String], through date: CivilDate? = nil) -> String? {
        effective.last { event in
            steps.contains(event.step) && (date.map { event.date <= $0 } ?? true) && event.data.organization != nil
        }?.data.organization
    }

    /// The history as it stood on a date, for judging a step taken that day: without the event
    /// `excluding` (with its corrections) and without anything whose effective date is later.
    public func asItStood(on date: CivilDate, excluding id: Int64? = nil) -> History {
        guard !roots.isEmpty else {
            // Without corrections, both lists filtered keep their order: nothing to sort or apply.
            func kept(_ event: Event) -> Bool { event.id != id && event.date <= date }
            return History(person: person, events: events.filter(kept), effective: effective.filter(kept), roots: [:])
        }
        var effectiveDate: [Int64: CivilDate] = [:]
        for event in effective { effectiveDate[originalID(of: event.id)] = event.date }
        let excluded = id.map(originalID(of:))
        return History(person: person, events: events.filter { event in
            let chain = originalID(of: event.id)
            return chain != excluded && (effectiveDate[chain].map { $0 <= date } ?? true)
        })
    }

    /// The latest waiver of `rule` (a step of the workflow's `waiver` effect) taken on or before
    /// `date` (and `takenBy`, when given) and still in force on `date`.
    public func waiver(of rule: String, inForceOn date: CivilDate, takenBy: CivilDate? = nil, workflow: Workflow) -> Event? {
        let steps = workflow.stepIDs(with: .waiver)
        let taken = takenBy.map { min($0, date) } ?? date
        return effective.last {
            steps.contains($0.step) && $0.data.rule == rule && $0.date <= taken && ($0.data.until.map { date <= $0 } ?? true)
        }
    }

    /// Corrections recorded for an event (directly or through a chain).
    public func corrections(of id: Int64) -> [Event] {
        events.filter { $0.corrects != nil && originalID(of: $0.id) == id }
    }
}

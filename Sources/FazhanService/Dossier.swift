import FazhanCore
import FazhanStore

/// A person's dossier as of a date: who they are, their stage and since when, the stages they
/// passed through, every effective event, what is due, and what their next transition needs.
public struct Dossier: Sendable {
    public let file: PersonFile
    public let asOf: CivilDate
    /// The stages entered on or before `asOf`, in order; the last is the current one.
    public let spans: [StageTimeline.Span]
    /// The organization holding the person on `asOf` (after transfers).
    public let organization: Organization?
    public let probationEnd: CivilDate?
    /// The verdict on the next stage's entering step, if there is a next stage (an admission
    /// judged against the annual plans as well, R25).
    public internal(set) var next: Verdict?
    /// The effective events on or before `asOf`.
    public let events: [Event]
    public let pending: [PendingDeadline]

    public var current: StageTimeline.Span? { spans.last }

    init(file: PersonFile, asOf date: CivilDate) {
        self.file = file
        asOf = date
        let engine = file.engine
        let history = file.history
        spans = engine.timeline(history).spans.filter { $0.enteredOn <= date }
        organization = file.organizations.byID[engine.organizationID(of: history, asOf: date, organizations: file.organizations)]
        probationEnd = StageTimeline.probationEnd(history: history, workflow: file.workflow, through: date)
        if let stage = engine.nextStage(for: history, asOf: date), let step = file.workflow.enteringStep(for: stage.id) {
            next = engine.evaluate(step: step.id, on: date, history: history, organizations: file.organizations)
        } else {
            next = nil
        }
        events = history.effective.filter { $0.date <= date }
        pending = engine.pendingDeadlines(history, asOf: date)
    }
}

/// Every event recorded for a person up to a date, corrections beside what they correct.
public struct HistoryView: Sendable {
    public struct Entry: Sendable {
        public let event: Event
        /// The events that correct or void this one.
        public let correctedBy: [Int64]
        /// Whether it stands (not superseded by a correction, not voided).
        public let effective: Bool
    }

    public let file: PersonFile
    public let asOf: CivilDate
    /// The stage on `asOf`.
    public let stage: StageTimeline.Span?
    /// Originals in recording order, each followed by its corrections.
    public let entries: [Entry]

    init(file: PersonFile, asOf date: CivilDate) {
        self.file = file
        asOf = date
        let history = file.history
        let effectiveIDs = Set(history.effective.map(\.id))
        stage = file.engine.stage(of: history, asOf: date)
        var ordered: [Event] = []
        for event in history.events where event.corrects == nil && event.date <= date {
            ordered.append(event)
            ordered += history.corrections(of: event.id).filter { $0.date <= date }
        }
        entries = ordered.map { event in
            Entry(event: event, correctedBy: history.events.filter { $0.corrects == event.id }.map(\.id),
                  effective: effectiveIDs.contains(event.id))
        }
    }
}

extension DevelopmentService {
    /// A person's dossier as of a date.
    public func dossier(_ key: String, asOf date: CivilDate) async throws -> Dossier {
        let file = try await personFile(key)
        var dossier = Dossier(file: file, asOf: date)
        if let next = dossier.next, let quota = try await quotaCheck(file: file, step: next.step, on: date) {
            dossier.next?.checks.append(quota)
        }
        return dossier
    }

    /// A person's recorded events up to a date, corrections beside what they correct; as
    /// recorded on an instant, only the events recorded by then (a person registered later is
    /// not found).
    public func history(_ key: String, asOf date: CivilDate, asRecorded cutoff: RecordedCutoff? = nil) async throws -> HistoryView {
        let file = try await personFile(key)
        guard let cutoff else { return HistoryView(file: file, asOf: date) }
        let kept = file.history.events.filter { cutoff.includes($0.recordedAt) }
        if kept.isEmpty, try await store.recordedLater(than: cutoff).people.contains(file.person.id) {
            throw ServiceError.personNotFound(key)
        }
        let roster = file.roster.isEmpty ? file.roster : RosterBook(try await store.memberships().filter { cutoff.includes($0.recordedAt) })
        let then = PersonFile(person: file.person, bundle: file.bundle, history: History(person: file.person, events: kept),
                              version: Int64(kept.count), organizations: file.organizations, roster: roster)
        return HistoryView(file: then, asOf: date)
    }
}

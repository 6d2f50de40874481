/// The stages a person has been in, derived from their effective events.
///
/// A stage is entered by its transition step. Two dates matter: the day the step was taken
/// (`enteredOn`: the approval date for a probationary member, which is when statistics count
/// the admission) and the day the stage takes effect (`effectiveFrom`: the admission meeting's
/// date, R19; the day probation ends, R21).
public struct StageTimeline: Sendable, Hashable {
    public struct Span: Sendable, Hashable, Codable {
        public var stage: String
        public var enteredOn: CivilDate
        public var effectiveFrom: CivilDate
        public var eventID: Int64
    }

    public var spans: [Span]

    init(spans: [Span]) {
        self.spans = spans
    }

    /// The timeline of `history.asItStood(on: date, excluding: event.id)`, derived from this one,
    /// the timeline of the whole `history`, without replaying it: the spans entered by then but
    /// the event's own. Nil where that would not be the same: a history with corrections (as it
    /// stood, corrected events keep their original dates) or an event that can move the day a
    /// stage takes effect (`Workflow.movesEffectiveDates`). Every other event of the history as
    /// it stood is the whole history's, so each span's dates are the same.
    public func asItStood(on date: CivilDate, excluding event: Event, history: History, workflow: Workflow) -> StageTimeline? {
        guard !history.hasCorrections, !workflow.movesEffectiveDates(event.step) else { return nil }
        return StageTimeline(spans: spans.filter { $0.enteredOn <= date && $0.eventID != event.id })
    }

    public init(history: History, workflow: Workflow) {
        var spans: [Span] = []
        for event in history.effective {
            // The step's stage read in place: most events enter none, and copying out every step costs.
            guard let position = workflow.stepPosition(event.step), let stage = workflow.steps[position].enters else { continue }
            let effective = StageTimeline.effectiveDate(of: workflow.steps[position], on: event.date, history: history, workflow: workflow)
            spans.append(Span(stage: stage, enteredOn: event.date, effectiveFrom: effective, eventID: event.id))
        }
        self.spans = spans
    }

    /// The date a transition step taken on `date` takes effect.
    public static func effectiveDate(of step: Step, on date: CivilDate, history: History, workflow: Workflow) -> CivilDate {
        switch step.effective {
        case .stepDate:
            return date
        case .dateOf(let other):
            return history.latest(other, through: date)?.date ?? date
        case .probationEnd:
            return probationEnd(history: history, workflow: workflow, through: date) ?? date
        }
    }

    /// The day probation ends: the start (the admission meeting, R19) plus its length, plus the
    /// months of an extension (R20) recorded by then.
    public static func probationEnd(history: History, workflow: Workflow, through date: CivilDate? = nil) -> CivilDate? {
        guard let start = history.latest(workflow.probation.startsAt, through: date)?.date else { return nil }
        let end = start.adding(probation: workflow.probation.length)
        let extensions = workflow.stepIDs(with: .extendProbation).flatMap { history.occurrences(of: $0, through: date) }
            .filter { $0.date >= start }
        let months = extensions.map { $0.data.months ?? 0 }.saturatingSum()
        return end.adding(months: months)
    }

    /// The current span: the last stage entered.
    public var current: Span? { spans.last }

    /// The stage span in force on a date, counting a transition from the day its step was taken.
    public func span(asOf date: CivilDate) -> Span? {
        spans.last { $0.enteredOn <= date }
    }
}

extension CivilDate {
    func adding(probation length: Duration) -> CivilDate {
        switch length.unit {
        case .days, .workingDays: return adding(days: length.value)
        case .months: return adding(months: length.value)
        case .years: return adding(years: length.value)
        }
    }
}

import FazhanCore
import FazhanReports
import FazhanStore
import Foundation

/// A quarterly (or any period's) report, and whether it had to be counted from the events
/// because some were written outside Fazhan.
public struct AssembledReport: Sendable {
    public var report: QuarterlyReport
    public var computedFromEvents: Bool
}

extension DevelopmentService {
    /// The report of a period: reads each person's stored timeline digest, or with `fromEvents`
    /// (or when events were written outside Fazhan) their events; both give the same report.
    ///
    /// As recorded on an instant (`asRecorded`), only what had been recorded by then counts:
    /// events, people, organizations, installed rules, enrollment, plans and gradings, and the
    /// log is anchored at the last checkpoint written by then. A report filed then is produced
    /// again byte for byte, whatever was backdated or corrected since.
    public func quarterlyReport(period: StatisticsPeriod, organization: String?, fromEvents: Bool = false,
                                asRecorded cutoff: RecordedCutoff? = nil) async throws -> AssembledReport {
        let scope = try await Scope(store: store, organization: nil, person: nil, asRecorded: cutoff)
        let organizations = scope.organizations
        if let organization, organizations.organization(code: organization) == nil {
            throw ServiceError.organizationNotFound(organization)
        }
        // The targets of the rules new people follow (the default workflow's latest version
        // installed by then).
        var targets: [Target] = []
        var workflows: [Workflow] = []
        for installed in scope.versions { workflows.append(try await store.bundle(version: installed.version).workflow) }
        let installedNow = try await store.installedWorkflows().filter { !scope.later.workflowVersions.contains($0.version) }
        if let defaultID = try await store.defaultWorkflowID(),
           let latest = installedNow.filter({ $0.workflowID == defaultID }).max(by: { $0.version < $1.version }) {
            let workflow = try await store.bundle(version: latest.version).workflow
            targets = workflow.targets
            if !workflows.contains(where: { $0.id == workflow.id }) { workflows.append(workflow) }
        }
        var planning: PlanningRecords?
        if let cutoff { planning = try await store.planningRecords().recorded(by: cutoff) }
        let builder = QuarterlyReportBuilder(period: period, organizations: organizations, organizationCode: organization, targets: targets)
        // The planning inputs of the periods the report asks for (its own and those its target
        // chart goes back over), read first: the builder asks for them while it counts.
        var known: [StatisticsPeriod: ReportInputs] = [:]
        for compared in [period] + builder.chartPeriods where known[compared] == nil {
            let enrollment = if let planning { planning.enrollment(asOf: compared.to) } else { try await store.enrollment(asOf: compared.to) }
            let plans = if let planning { planning.plans(year: compared.to.year) } else { try await store.plans(year: compared.to.year) }
            let gradings = if let planning { planning.gradings(year: compared.to.year) } else { try await store.gradings(year: compared.to.year) }
            known[compared] = ReportInputs(
                enrollment: Dictionary(enrollment.map { ($0.organizationCode, (students: $0.students, staff: $0.staff)) }, uniquingKeysWith: { a, _ in a }),
                plans: plans.map { ($0.organizationCode, $0.category, $0.quota) },
                gradings: gradings.map { ($0.organizationCode, $0.strongest) })
        }
        let inputs = { (period: StatisticsPeriod) -> ReportInputs in
            known[period] ?? ReportInputs(enrollment: [:], plans: [], gradings: [])
        }
        // One pass over the people, each read as the timeline digest stored beside their stage
        // and counted on every core; from the events themselves when some were written outside
        // Fazhan.
        var accumulator = QuarterlyReportBuilder.Accumulator(builder: builder, workflows: workflows, inputs: inputs(period))
        // The counting rules of every installed version (a few rows), worked out once.
        var rules: [Int64: CountingRules] = [:]
        for installed in installedNow {
            rules[installed.version] = CountingRules(workflow: try await store.bundle(version: installed.version).workflow)
        }
        let knownRules = rules
        func countingRules(_ version: Int64) throws -> CountingRules {
            guard let rules = knownRules[version] else { throw StoreError.notFound("workflow version \(version)") }
            return rules
        }
        // The checkpoint the figures are read after: every event it covers is counted.
        let checkpoint = if let cutoff { try await store.lastCheckpoint(through: cutoff) } else { try await store.lastCheckpoint() }
        let projected = try await store.projectionIsCurrent()
        // The stored digests are of everything recorded: as recorded on a date, the events.
        if projected, !fromEvents, cutoff == nil {
            var counting = ParallelCounting(accumulator)
            try await store.forEachTimeline { person, digest in
                try counting.add(StatisticsSubject(person: person, digest: digest, rules: countingRules(person.workflowVersion)))
            }
            accumulator = counting.finish()
        } else {
            try await scope.forEachHistory { history in
                accumulator.add(StatisticsSubject(history: history, rules: try countingRules(history.person.workflowVersion)))
            }
        }
        var report = accumulator.finish(title: "发展党员工作统计 \(period.label)", workflows: workflows, inputs: inputs)
        report.log = checkpoint.map {
            QuarterlyReport.LogAnchor(checkpoint: $0.id, head: $0.hash, createdAt: $0.createdAt, signature: $0.signature, keyID: $0.keyID)
        }
        return AssembledReport(report: report, computedFromEvents: !projected && cutoff == nil)
    }


    /// What moved a period's report after it was filed at `since`: the report as recorded then
    /// against the report as recorded at `asRecorded` (nil: now), figure by figure, and the
    /// events recorded in between that are dated on or before the period's end (the only ones
    /// that can change its figures), oldest recorded first.
    public func quarterlyReportChanges(period: StatisticsPeriod, organization: String?, since: RecordedCutoff,
                                       asRecorded cutoff: RecordedCutoff? = nil) async throws -> QuarterlyReportChanges {
        if let cutoff, cutoff <= since {
            throw ServiceError.badRequest("the report is compared at \(cutoff), which is not after the filing at \(since)")
        }
        let then = try await quarterlyReport(period: period, organization: organization, asRecorded: since).report
        let now = try await quarterlyReport(period: period, organization: organization, asRecorded: cutoff).report
        let scope = try await Scope(store: store, organization: organization, person: nil, asRecorded: cutoff)
        var events: [(instant: RecordedCutoff, event: QuarterlyReportChanges.RecordedEvent)] = []
        try await scope.forEachHistory { history in
            let workflow = scope.engine(for: history).workflow
            for event in history.events where event.date <= period.to && !since.includes(event.recordedAt) {
                events.append((RecordedCutoff(timestamp: event.recordedAt) ?? since, QuarterlyReportChanges.RecordedEvent(
                    id: event.id, personNumber: history.person.number, personName: history.person.name, step: event.step,
                    stepName: workflow.step(event.step)?.name ?? event.step, date: event.date.description, recordedAt: event.recordedAt,
                    recordedBy: event.recordedBy, corrects: event.corrects, voids: event.voids)))
            }
        }
        events.sort { ($0.instant, $0.event.id) < ($1.instant, $1.event.id) }
        return QuarterlyReportChanges(then: then, now: now, since: since, asRecorded: cutoff, events: events.map(\.event))
    }
}

/// Counts people while they are read: subjects are read in batches, and each batch is counted
/// on a worker (one per core, dealt round-robin, each with its own accumulator) while the next
/// batch is read; the accumulators are merged at the end (counts add up whatever the split, so
/// the report is the one a single pass gives).
struct ParallelCounting {
    private final class Worker: @unchecked Sendable {
        // Touched only on `queue`, until `finish` has waited for every batch.
        var accumulator: QuarterlyReportBuilder.Accumulator
        let queue: DispatchQueue

        init(_ accumulator: QuarterlyReportBuilder.Accumulator, label: String) {
            self.accumulator = accumulator
            queue = DispatchQueue(label: label)
        }
    }

    private let workers: [Worker]
    private let counting = DispatchGroup()
    /// Bounds the batches read but not yet counted, so memory stays that of a few batches.
    private let room: DispatchSemaphore
    private var batch: [StatisticsSubject] = []
    private var dealt = 0
    private let size = 16_384

    init(_ empty: QuarterlyReportBuilder.Accumulator) {
        let count = max(1, ProcessInfo.processInfo.activeProcessorCount)
        workers = (0..<count).map { Worker(empty, label: "fazhan.report.counting.\($0)") }
        room = DispatchSemaphore(value: 2 * count)
        batch.reserveCapacity(size)
    }

    mutating func add(_ subject: StatisticsSubject) {
        batch.append(subject)
        if batch.count == size { flush() }
    }

    private mutating func flush() {
        guard !batch.isEmpty else { return }
        let subjects = batch
        batch = []
        batch.reserveCapacity(size)
        let worker = workers[dealt % workers.count]
        dealt += 1
        room.wait()
        worker.queue.async(group: counting) { [room] in
            for subject in subjects { worker.accumulator.add(subject) }
            room.signal()
        }
    }

    mutating func finish() -> QuarterlyReportBuilder.Accumulator {
        flush()
        counting.wait()
        var total = workers[0].accumulator
        for other in workers.dropFirst() { total.merge(other.accumulator) }
        return total
    }
}

import FazhanCore
import FazhanReports
import FazhanStore

/// One step for many people on one date, with the same data for all: a training class, a
/// branch committee's designation of activists, a 公示 of a list, the assessments of a term.
public struct BatchRequest: Sendable {
    /// Numbers (学号/工号) or internal ids, in the order given; no one twice.
    public var people: [String]
    public var step: String
    public var date: CivilDate
    public var data: EventData
    public var recordedBy: String
    public var recordedAt: String
    public var today: CivilDate

    public init(people: [String], step: String, date: CivilDate, data: EventData, recordedBy: String, recordedAt: String, today: CivilDate) {
        self.people = people
        self.step = step
        self.date = date
        self.data = data
        self.recordedBy = recordedBy
        self.recordedAt = recordedAt
        self.today = today
    }
}

/// One person a batch could not record, and why.
public struct BatchRefusal: Sendable {
    public enum Reason: Sendable {
        /// Not found (or outside the caller's organizations), forbidden, or refused by the guards.
        case service(ServiceError)
        /// The step cannot be recorded for this person as given (a date before their application ...).
        case invalid(RecordError)
    }

    /// The person as given (number or id) and, when found, as "name (number)".
    public var key: String
    public var person: String
    public var reason: Reason
}

extension DevelopmentService {
    /// The most people one batch records: a class, a branch, a college's year.
    public static let batchLimit = 1_000

    /// Why a step cannot be recorded for many people at once, or nil when it can. A step whose
    /// data differs from person to person by its nature is recorded person by person: a vote
    /// (each person's meeting has its own 应到/实到/赞成), names (each person's own mentors or
    /// introducers), a waiver (the committee decides each case), a transfer (each person's
    /// destination); and an admission the annual plan counts (`quota`: the plan has room for
    /// each alone, not necessarily for all together).
    public static func batchRefusal(of step: Step, in workflow: Workflow) -> String? {
        let perPerson: [StepData] = [.vote, .names, .waiver, .organization]
        if let data = perPerson.first(where: { step.data.contains($0) }) {
            return Catalogue.notBatchable(step.name, step.id, why: Catalogue.perPersonReason(data))
        }
        if let quota = workflow.quota, let target = step.enters, StageRoles(workflow: workflow).admission.contains(target) {
            return Catalogue.notBatchable(step.name, step.id, why: Catalogue.planCountedOneByOne(quota.rule))
        }
        return nil
    }

    /// Records one step for many people on one date, each judged by their own guards on their
    /// own history: all of them in one transaction, or, when any is refused, nobody, with every
    /// refusal (`ServiceError.batchRefused`). An unknown step, a step that is recorded person by
    /// person (`batchRefusal(of:in:)`), nobody, more than `batchLimit` people or one person
    /// named twice is `unknownStep`, `notBatchable` or `badRequest`, before anything is judged.
    public func recordBatch(_ request: BatchRequest) async throws -> [Recorded] {
        guard !request.people.isEmpty else { throw ServiceError.badRequest("a batch needs at least one person") }
        guard request.people.count <= Self.batchLimit else {
            throw ServiceError.badRequest("a batch records at most \(Self.batchLimit) people; it names \(request.people.count)")
        }
        var given: Set<String> = []
        for key in request.people where !given.insert(key).inserted {
            throw ServiceError.badRequest("\(key) is named twice in the batch")
        }
        for _ in 0..<attempts {
            var judged: [(file: PersonFile, event: Event)] = []
            var refusals: [BatchRefusal] = []
            var seen: [Int64: String] = [:]
            var stepName: String?
            for key in request.people {
                guard let person = try await store.person(key) else {
                    refusals.append(BatchRefusal(key: key, person: key, reason: .service(.personNotFound(key))))
                    continue
                }
                if let other = seen.updateValue(key, forKey: person.id) {
                    throw ServiceError.badRequest("\(other) and \(key) name the same person in the batch")
                }
                let file = try await personFile(person, data: [request.data])
                let display = "\(person.name) (\(person.number))"
                do {
                    try authorizeReading(file, key: key)
                } catch let error as ServiceError {
                    refusals.append(BatchRefusal(key: key, person: key, reason: .service(error)))
                    continue
                }
                let step = try Self.step(request.step, in: file.workflow)
                if let why = Self.batchRefusal(of: step, in: file.workflow) { throw ServiceError.notBatchable(why) }
                stepName = stepName ?? step.name
                do {
                    try authorizeRecording(step.id, in: file)
                    try file.engine.validate(step: step.id, on: request.date, data: request.data, history: file.history, today: request.today)
                } catch let error as ServiceError {
                    refusals.append(BatchRefusal(key: key, person: display, reason: .service(error)))
                    continue
                } catch let error as RecordError {
                    refusals.append(BatchRefusal(key: key, person: display, reason: .invalid(error)))
                    continue
                }
                let verdict = file.engine.evaluate(step: step.id, on: request.date, data: request.data, history: file.history,
                                                   organizations: file.organizations)
                if !verdict.allowed {
                    refusals.append(BatchRefusal(key: key, person: display,
                                                 reason: .service(.refused(verdict, person: file.person, workflow: file.workflow))))
                    continue
                }
                judged.append((file, Event(
                    id: 0, personID: person.id, step: step.id, date: request.date, recordedAt: request.recordedAt,
                    recordedBy: request.recordedBy, data: request.data, workflowVersion: person.workflowVersion)))
            }
            if !refusals.isEmpty {
                throw ServiceError.batchRefused(step: stepName ?? request.step, date: request.date, people: request.people.count,
                                                refusals: refusals)
            }
            let appends = judged.map { PersonAppend(personID: $0.file.person.id, events: [$0.event], version: $0.file.version) }
            guard let stored = try await appendUnlessMoved(appends) else { continue }
            return zip(judged, stored).map { Recorded(event: $1[0], file: $0.file) }
        }
        throw ServiceError.keptChanging(person: "the people of the batch", attempts: attempts)
    }

    /// The batch appended, or nil when someone recorded for one of its people meanwhile.
    private func appendUnlessMoved(_ appends: [PersonAppend]) async throws -> [[Event]]? {
        do {
            return try await store.append(batch: appends)
        } catch .conflict {
            return nil
        }
    }
}

import FazhanCore
import FazhanService
import FazhanViews
import Foundation
import Hummingbird

extension FazhanAPI {
    /// `POST /v1/batches`: one step for many people on one date (`fazhan record --people`), each
    /// judged by their own guards, as the caller; all recorded in one transaction, or none with
    /// every refusal. No If-Match: each person is judged on what is recorded when the batch runs.
    func addBatches(_ router: Router<FazhanRequestContext>) {
        router.post("/v1/batches") { request, context -> Response in
            let body = try JSONBody(try await bodyBytes(request, context: context), allowed: ["people", "step", "date", "data"])
            let people = try body.numbers("people", limit: DevelopmentService.batchLimit)
            let step = try body.string("step", required: true, maxLength: 100)!
            let date = try body.date("date", required: true)!
            let data = try body.object("data", allowed: JSONBody.eventDataFields)?.eventData() ?? EventData()
            let caller = try context.caller()
            let recorded: [Recorded]
            do {
                recorded = try await DevelopmentService(store: store).acting(as: caller).recordBatch(BatchRequest(
                    people: people, step: step, date: date, data: data, recordedBy: caller.user, recordedAt: Clock.timestamp(),
                    today: Clock.today()))
            } catch let error as ServiceError {
                if case .batchRefused = error { counters.refused.increment() }
                throw error
            }
            for _ in recorded { counters.recorded.increment() }
            struct EventJSON: Encodable {
                var id, version: Int64
                var person, step, stepName, date, recordedBy, recordedAt: String
            }
            struct Body: Encodable { var events: [EventJSON]; var message: String }
            return try .json(Body(
                events: recorded.map {
                    EventJSON(id: $0.event.id, version: $0.file.version + 1, person: $0.file.person.number, step: $0.event.step,
                              stepName: $0.file.workflow.stepName($0.event.step), date: $0.event.date.description,
                              recordedBy: $0.event.recordedBy, recordedAt: $0.event.recordedAt)
                },
                message: BatchRendering.recorded(recorded)), status: .created)
        }
    }
}

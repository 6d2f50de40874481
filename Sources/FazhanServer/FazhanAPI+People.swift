import FazhanCore
import FazhanReports
import FazhanService
import FazhanStore
import FazhanViews
import Foundation
import HTTPTypes
import Hummingbird

extension FazhanAPI {
    func addPeople(_ router: Router<FazhanRequestContext>) {
        router.get("/v1/people") { request, context -> Response in
            let query = try Query(request, allowed: ["org", "stage", "all", "reveal", "format"])
            let service = try service(context)
            let organization = try await service.scopedOrganization(query["org"])
            let reveal = try query.flag("reveal")
            // Everyone listed is within the organization: a committee grant over it covers them all.
            if reveal { try await requireRevealing(organization: organization, caller: try context.caller()) }
            let list = try await service.people(organization: organization, stage: query["stage"], includeExits: try query.flag("all"))
            let format = try query.format()
            let printed = try PeopleRendering.render(list, format: OutputFormat(rawValue: format)!, reveal: reveal)
            var headers: HTTPFields = [:]
            if let note = printed.note { headers[.fazhanNote] = note.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "" }
            return .rendered(printed.text, format: format, headers: headers)
        }

        router.post("/v1/people") { request, context -> Response in
            let body = try JSONBody(try await bodyBytes(request, context: context), allowed: [
                "number", "name", "organization", "category", "birthDate", "gender", "idNumber", "ethnicity", "education", "level",
                "grade", "leagueMember", "workflow",
            ])
            let service = try service(context)
            let caller = try context.caller()
            let organization = try body.string("organization", required: true, maxLength: 100)!
            _ = try await service.scopedOrganization(organization)
            let category = try body.oneOf("category", PersonProfile.Category.allCases.map(\.rawValue), required: true)!
            let registration = Registration(
                number: try body.string("number", required: true, maxLength: 40)!, name: try body.string("name", required: true, maxLength: 100)!,
                organizationCode: organization, category: PersonProfile.Category(rawValue: category)!,
                birthDate: try body.date("birthDate"), gender: try body.oneOf("gender", Gender.allCases.map(\.rawValue)).flatMap(Gender.init(rawValue:)),
                idNumber: try body.string("idNumber", maxLength: 18), ethnicity: try body.string("ethnicity", maxLength: 40),
                education: try body.string("education", maxLength: 40),
                level: try body.oneOf("level", PersonProfile.Level.allCases.map(\.rawValue)).flatMap(PersonProfile.Level.init(rawValue:)),
                grade: try body.integer("grade", within: Bounds.grade), leagueMember: try body.bool("leagueMember") ?? false,
                workflow: try body.string("workflow", maxLength: 100), recordedBy: caller.user, recordedAt: Clock.timestamp(), today: Clock.today())
            let (person, chosen) = try await service.register(registration) { id in
                throw ServiceError.badRequest("the workflow \(id) is not installed in this database; install it with `fazhan-server` first")
            }
            struct Registered: Encodable { var number, name, organization, workflow: String; var id, workflowVersion: Int64; var message: String }
            return try .json(Registered(
                number: person.number, name: person.name, organization: organization, workflow: chosen.installed.workflowID, id: person.id,
                workflowVersion: chosen.installed.version,
                message: "registered \(person.name) (\(person.number)), internal id \(person.id), following \(chosen.installed.workflowID) version \(chosen.installed.version)"),
                status: .created, headers: [.eTag: etag(0)])
        }

        router.get("/v1/people/:person") { request, context -> Response in
            let query = try Query(request, allowed: ["asOf", "format", "reveal"])
            let key = try personKey(context)
            let service = try service(context)
            let dossier = try await service.dossier(key, asOf: try query.date("asOf") ?? Clock.today())
            let reveal = try query.flag("reveal")
            if reveal, !service.mayReveal(dossier.file) {
                throw APIError.forbidden("only the committee role (党委组织部) above this person may see their ID number in full")
            }
            let format = try query.format()
            return .rendered(try DossierView.render(dossier, format: OutputFormat(rawValue: format)!, reveal: reveal) + "\n", format: format,
                             headers: [.eTag: etag(dossier.file.version)])
        }

        router.get("/v1/people/:person/history") { request, context -> Response in
            let query = try Query(request, allowed: ["asOf", "asRecorded", "format"])
            let view = try await service(context).history(try personKey(context), asOf: try query.date("asOf") ?? Clock.today(),
                                                          asRecorded: try query.recordedCutoff("asRecorded"))
            let format = try query.format()
            return .rendered(try HistoryRendering.render(view, format: OutputFormat(rawValue: format)!), format: format,
                             headers: [.eTag: etag(view.file.version)])
        }

        router.get("/v1/people/:person/check") { request, context -> Response in
            let query = try Query(request, allowed: ["to", "on", "format", "approver", "note", "reason"])
            let data = EventData(note: query["note"], approver: query["approver"], reason: query["reason"])
            let (verdict, file) = try await service(context).check(
                try personKey(context), to: query["to"], on: try query.date("on") ?? Clock.today(), data: data)
            let format = try query.format(["json", "table"])
            let text = format == "json" ? try VerdictOutput.json(verdict, person: file.person)
                : VerdictOutput.text(verdict, person: file.person, workflow: file.workflow)
            return .rendered(text + "\n", format: format, headers: [.eTag: etag(file.version), .fazhanAllowed: verdict.allowed ? "true" : "false"])
        }

        router.post("/v1/people/:person/events") { request, context -> Response in
            let expected = try expectedVersion(request)
            let body = try JSONBody(try await bodyBytes(request, context: context), allowed: ["step", "date", "data"])
            let data = try body.object("data", allowed: JSONBody.eventDataFields)?.eventData() ?? EventData()
            let recorded = try await write(context, expected) { service, caller in
                try await service.record(RecordRequest(
                    person: try personKey(context), step: try body.string("step", required: true, maxLength: 100)!,
                    date: try body.date("date", required: true)!, data: data, recordedBy: caller.user, recordedAt: Clock.timestamp(),
                    today: Clock.today()))
            }
            return try created(recorded, message: RecordedRendering.describe(recorded))
        }

        router.post("/v1/people/:person/advance") { request, context -> Response in
            let expected = try expectedVersion(request)
            let body = try JSONBody(try await bodyBytes(request, context: context),
                                    allowed: ["to", "date", "note", "approver", "reason", "expected", "present", "votesFor", "against", "abstain"])
            var vote: [String: Int] = [:]
            for field in EventData.numberFields where ["expected", "present", "votesFor", "against", "abstain"].contains(field.key) {
                vote[field.key] = try body.integer(field.key, within: field.bound)
            }
            let data = EventData(note: try body.string("note", maxLength: 2_000), expected: vote["expected"], present: vote["present"],
                                 votesFor: vote["votesFor"], against: vote["against"], abstain: vote["abstain"],
                                 approver: try body.string("approver", maxLength: 100),
                                 reason: try body.string("reason", maxLength: 2_000))
            let recorded = try await write(context, expected) { service, caller in
                try await service.advance(RecordRequest(
                    person: try personKey(context), step: try body.string("to", required: true, maxLength: 100)!,
                    date: try body.date("date", required: true)!, data: data, recordedBy: caller.user, recordedAt: Clock.timestamp(),
                    today: Clock.today()))
            }
            return try created(recorded, message: RecordedRendering.describe(recorded))
        }

        router.post("/v1/events/:event/corrections") { request, context -> Response in
            let expected = try expectedVersion(request)
            guard let id = context.parameters.get("event", as: Int64.self), id > 0 else {
                throw APIError.badRequest("the event must be a positive whole number")
            }
            let body = try JSONBody(try await bodyBytes(request, context: context), allowed: ["reason", "date", "void", "data"])
            let reason = try body.string("reason", required: true, maxLength: 2_000)!
            let void = try body.bool("void") ?? false
            let data = try body.object("data", allowed: JSONBody.eventDataFields)?.eventData() ?? EventData()
            let date = try body.date("date")
            let recorded = try await write(context, expected) { service, caller in
                if void {
                    return try await service.void(event: id, reason: reason, recordedBy: caller.user, recordedAt: Clock.timestamp(), today: Clock.today())
                }
                return try await service.correct(event: id, reason: reason, date: date, given: data, recordedBy: caller.user,
                                                 recordedAt: Clock.timestamp(), today: Clock.today())
            }
            let message = void ? RecordedRendering.voided(recorded, original: id, reason: reason)
                : RecordedRendering.corrected(recorded, original: id, reason: reason)
            return try created(recorded, message: message)
        }

        router.get("/v1/approvals") { request, context -> Response in
            let query = try Query(request, allowed: ["org", "asOf", "format"])
            let service = try service(context)
            let organization = try await service.scopedOrganization(query["org"])
            let date = try query.date("asOf") ?? Clock.today()
            let items = try await service.approvals(organization: organization, asOf: date)
            let format = try query.format()
            return .rendered(try ApprovalRendering.render(items, asOf: date, format: OutputFormat(rawValue: format)!), format: format)
        }

        router.post("/v1/approvals/:person") { request, context -> Response in
            let expected = try expectedVersion(request)
            let body = try JSONBody(try await bodyBytes(request, context: context), allowed: ["decision", "step", "date", "reason", "data"])
            let decision = try body.oneOf("decision", ["approve", "refuse"], required: true)!
            let step = try body.string("step", required: true, maxLength: 100)!
            let reason = try body.string("reason", maxLength: 2_000)
            var data = try body.object("data", allowed: JSONBody.eventDataFields)?.eventData() ?? EventData()
            let person = try personKey(context)
            let date = try body.date("date", required: true)!
            let recorded = try await write(context, expected) { service, caller in
                let awaited = try await service.approvals(person: person, asOf: date)
                guard let item = awaited.first(where: { $0.step.id == step || $0.step.name == step }) else {
                    throw ServiceError.badRequest("\(person) does not await \(step): what they await is "
                        + (awaited.isEmpty ? "nothing the committee records" : awaited.map { "\($0.step.id) (\($0.step.name))" }.joined(separator: ", ")))
                }
                if decision == "refuse" {
                    guard let reason, !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
                        throw ServiceError.badRequest("a refusal needs a reason")
                    }
                    guard let refusal = item.workflow.steps(with: .refusal).first else {
                        throw ServiceError.badRequest("the workflow \(item.workflow.id) has no step for recording a refusal")
                    }
                    return try await service.record(RecordRequest(
                        person: person, step: refusal.id, date: date,
                        data: EventData(note: "\(item.step.name)（\(item.step.id)）", reason: reason),
                        recordedBy: caller.user, recordedAt: Clock.timestamp(), today: Clock.today()))
                }
                data.reason = data.reason ?? reason
                return try await service.record(RecordRequest(
                    person: person, step: item.step.id, date: date, data: data, recordedBy: caller.user, recordedAt: Clock.timestamp(),
                    today: Clock.today()))
            }
            return try created(recorded, message: RecordedRendering.describe(recorded))
        }

        router.get("/v1/transfers") { request, context -> Response in
            let query = try Query(request, allowed: ["org"])
            let service = try service(context)
            guard let organization = try await service.scopedOrganization(query["org"]) else {
                throw APIError.badRequest("name the organization (org=CODE)")
            }
            let transfers = try await service.incomingTransfers(organization: organization)
            struct Row: Encodable { var person, name, from, to, date: String; var event, version: Int64 }
            return try .json(transfers.map {
                Row(person: $0.person.number, name: $0.person.name, from: $0.from, to: $0.to, date: $0.event.date.description,
                    event: $0.event.id, version: $0.version)
            })
        }

        router.post("/v1/transfers/:person/accept") { request, context -> Response in
            let expected = try expectedVersion(request)
            let body = try JSONBody(try await bodyBytes(request, context: context), allowed: ["date", "note"])
            let person = try personKey(context)
            let date = try body.date("date", required: true)!
            let note = try body.string("note", maxLength: 2_000)
            let recorded = try await write(context, expected) { service, caller in
                let file = try await service.personFile(person)
                guard let acceptance = file.workflow.steps(with: .acceptTransfer).first else {
                    throw ServiceError.badRequest("the workflow \(file.workflow.id) has no step for accepting a transfer")
                }
                return try await service.record(RecordRequest(
                    person: person, step: acceptance.id, date: date, data: EventData(note: note), recordedBy: caller.user,
                    recordedAt: Clock.timestamp(), today: Clock.today()))
            }
            return try created(recorded, message: RecordedRendering.describe(recorded))
        }
    }

    /// Runs a write as the caller, expecting the person's version, and counts what happened.
    func write(_ context: FazhanRequestContext, _ expected: Int64?,
               _ body: (DevelopmentService, Caller) async throws -> Recorded) async throws -> Recorded {
        let caller = try context.caller()
        do {
            return try await body(DevelopmentService(store: store).acting(as: caller).expecting(version: expected), caller)
        } catch let error as ServiceError {
            switch error {
            case .refused: counters.refused.increment()
            case .stale, .keptChanging: counters.stale.increment()
            default: break
            }
            throw error
        }
    }

    /// 201 with the stored event, the person's new version (also as the ETag) and the line `fazhan` prints.
    func created(_ recorded: Recorded, message: String) throws -> Response {
        counters.recorded.increment()
        struct EventJSON: Encodable {
            var id: Int64
            var person, step, stepName, date, recordedBy, recordedAt: String
            var corrects: Int64?
            var voids: Bool
        }
        /// `warnings`: what the audit will report about the step just recorded, as `fazhan` prints them.
        struct Body: Encodable { var event: EventJSON; var version: Int64; var message: String; var warnings: [String] }
        let event = recorded.event
        let version = recorded.file.version + 1
        return try .json(Body(
            event: EventJSON(id: event.id, person: recorded.file.person.number, step: event.step,
                             stepName: recorded.file.workflow.stepName(event.step), date: event.date.description,
                             recordedBy: event.recordedBy, recordedAt: event.recordedAt, corrects: event.corrects, voids: event.voids),
            version: version, message: message, warnings: RecordedRendering.warnings(recorded)), status: .created, headers: [.eTag: etag(version)])
    }
}

import FazhanCore
import FazhanReports
import FazhanService
import FazhanStore
import FazhanViews
import Foundation
import HTTPTypes
import Hummingbird

extension FazhanAPI {
    func addOverviews(_ router: Router<FazhanRequestContext>) {
        router.get("/v1/agenda") { request, context -> Response in
            let query = try Query(request, allowed: ["org", "person", "asOf", "asRecorded", "within", "format"])
            let service = try service(context)
            let person = query["person"]
            // A person's agenda needs only the person in scope; an organization, when named, too.
            let organization = person == nil || query["org"] != nil ? try await service.scopedOrganization(query["org"]) : nil
            if let person { _ = try await service.personFile(person) }
            let days = try horizon(query["within"] ?? "30d")
            let date = try query.date("asOf") ?? Clock.today()
            let items = try await service.agenda(organization: organization, person: person, asOf: date, horizonDays: days,
                                                 asRecorded: try query.recordedCutoff("asRecorded"))
            let format = try query.format()
            return .rendered(try AgendaRendering.render(items, asOf: date, days: days, format: OutputFormat(rawValue: format)!), format: format)
        }

        router.get("/v1/audit") { request, context -> Response in
            let query = try Query(request, allowed: ["org", "person", "asOf", "asRecorded", "format"])
            let service = try service(context)
            let person = query["person"]
            // A person's agenda needs only the person in scope; an organization, when named, too.
            let organization = person == nil || query["org"] != nil ? try await service.scopedOrganization(query["org"]) : nil
            if let person { _ = try await service.personFile(person) }
            let format = try query.format(["json", "ndjson", "table", "csv"])
            let report = try await service.audit(organization: organization, person: person, asOf: try query.date("asOf") ?? Clock.today(),
                                                 asRecorded: try query.recordedCutoff("asRecorded"))
            let headers: HTTPFields = [HTTPField.Name("Fazhan-Violations")!: String(report.violations)]
            if format == "ndjson" {
                // One finding per line, written as the lines are made.
                let findings = report.findings
                return streamed(format: format, headers: headers) { write in
                    let encoder = JSONEncoder()
                    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                    for finding in findings { try await write(String(decoding: try encoder.encode(finding), as: UTF8.self) + "\n") }
                }
            }
            let text = try AuditRendering.render(report, format: OutputFormat(rawValue: format)!)
            return streamed(format: format, headers: headers) { write in
                var rest = Substring(text)
                while !rest.isEmpty {
                    let piece = rest.prefix(32 * 1024)
                    try await write(String(piece))
                    rest = rest.dropFirst(piece.count)
                }
            }
        }

        router.get("/v1/reports/quarterly") { request, context -> Response in
            let query = try Query(request, allowed: ["org", "quarter", "year", "from", "to", "asRecorded", "changesSince", "format"])
            let service = try service(context)
            let organization = try await service.scopedOrganization(query["org"])
            let period = try reportPeriod(query)
            let cutoff = try query.recordedCutoff("asRecorded")
            if let since = try query.recordedCutoff("changesSince") {
                let format = try query.format(["json", "table", "csv"])
                if let cutoff, cutoff <= since {
                    throw APIError.badRequest("asRecorded \(cutoff) is not after changesSince \(since): nothing can have moved")
                }
                let changes = try await service.quarterlyReportChanges(period: period, organization: organization, since: since, asRecorded: cutoff)
                let text = switch format {
                case "json": String(decoding: try JSONOutput.data(changes), as: UTF8.self)
                case "csv": changes.csv
                default: changes.table
                }
                return .rendered(text.utf8.last == UInt8(ascii: "\n") ? text : text + "\n", format: format)
            }
            let format = try query.format(["json", "table", "csv", "html"])
            let assembled = try await service.quarterlyReport(period: period, organization: organization, asRecorded: cutoff)
            let report = assembled.report
            let text: String
            switch format {
            case "json": text = String(decoding: try JSONOutput.data(report), as: UTF8.self)
            case "csv": text = QuarterlyReportText.csv(report)
            case "html": text = QuarterlyReportHTML.render(report)
            default: text = QuarterlyReportText.table(report)
            }
            var headers: HTTPFields = [:]
            if assembled.computedFromEvents {
                headers[.fazhanNote] = ("warning: events were recorded outside Fazhan since the stage projection was last written; the report is "
                    + "computed from the events themselves (slower). Run fazhan verify to see which.")
                    .addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            }
            // As the command line writes it: a newline only when the last byte is not one (CSV ends in CRLF,
            // which Swift sees as one character, not as "\n").
            return .rendered(text.utf8.last == UInt8(ascii: "\n") ? text : text + "\n", format: format, headers: headers)
        }
    }

    func addExports(_ router: Router<FazhanRequestContext>) {
        router.get("/v1/exports/:kind") { request, context -> Response in
            let query = try Query(request, allowed: ["org", "format", "headers", "stage", "asOf", "from", "to", "all", "reveal"])
            let kind = try context.parameters.require("kind")
            guard ["people", "events", "persons-in-stage"].contains(kind) else {
                throw APIError.notFound("no export \(kind); the exports are people, events and persons-in-stage")
            }
            guard let format = ExportEncoder.Format(rawValue: query["format"] ?? "csv") else {
                throw APIError.badRequest("format must be csv or json; it is \"\(query["format"] ?? "")\"")
            }
            let language = query["headers"] ?? "zh"
            guard ["zh", "en"].contains(language) else { throw APIError.badRequest("headers must be zh or en; it is \"\(language)\"") }
            let service = try service(context)
            let organization = try await service.scopedOrganization(query["org"])
            let reveal = try query.flag("reveal")
            if reveal { try await requireRevealing(organization: organization, caller: try context.caller()) }
            let all = try query.flag("all")
            let stages = try await service.exportStages()
            func stageID(required: Bool) throws -> String? {
                guard let text = query["stage"] else {
                    if required { throw APIError.badRequest("stage is required: the stages are \(stages.stages.map(\.id).joined(separator: ", "))") }
                    return nil
                }
                guard let id = stages.id(for: text) else {
                    throw APIError.badRequest("no stage \(text); the stages are \(stages.stages.map { "\($0.id) (\($0.name))" }.joined(separator: ", "))")
                }
                return id
            }
            let chinese = language == "zh"
            switch kind {
            case "people":
                let export = try await service.exportPeople(organization: organization, stageID: try stageID(required: false), all: all, stages: stages)
                return streamedExport(ExportEncoder(columns: ExportTables.People.columns, format: format, chineseHeaders: chinese)) { row in
                    try await export.rows { try row(ExportTables.People.row($0, stages: stages, reveal: reveal)) }
                }
            case "events":
                let (from, to) = (try query.date("from"), try query.date("to"))
                if let from, let to, from > to { throw APIError.badRequest("from \(from) is after to \(to)") }
                let export = try await service.exportEvents(organization: organization, from: from, to: to, all: all)
                return streamedExport(ExportEncoder(columns: ExportTables.Events.columns, format: format, chineseHeaders: chinese)) { row in
                    try await export.rows { listing, event, name in try row(ExportTables.Events.row(listing, event, stepName: name)) }
                }
            default:
                let stage = try stageID(required: true)!
                let export = try await service.exportPersonsInStage(
                    stageID: stage, stages: stages, asOf: try query.date("asOf"), organization: organization, today: Clock.today())
                return streamedExport(ExportEncoder(columns: ExportTables.PersonsInStage.columns, format: format, chineseHeaders: chinese)) { row in
                    try await export.rows { stageRow in
                        guard let stageRow else { return }
                        try row(ExportTables.PersonsInStage.row(stageRow, stageName: export.stageName, stageID: stage, reveal: reveal))
                    }
                }
            }
        }
    }

    /// An export written to the response as its rows are read, in pieces of about 64 KiB.
    func streamedExport(
        _ encoder: ExportEncoder, _ produce: @escaping @Sendable (_ row: ([ExportValue]) throws -> Void) async throws -> Void
    ) -> Response {
        let (stream, continuation) = AsyncThrowingStream<ByteBuffer, any Error>.makeStream()
        let task = Task {
            var encoder = encoder
            var pending = encoder.header()
            do {
                try await produce { values in
                    pending += try encoder.row(values)
                    if pending.utf8.count >= 64 * 1024 {
                        continuation.yield(ByteBuffer(string: pending))
                        pending = ""
                    }
                }
                pending += encoder.footer()
                if !pending.isEmpty { continuation.yield(ByteBuffer(string: pending)) }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return Response(status: .ok, headers: [.contentType: Response.contentType(encoder.format.rawValue)],
                        body: ResponseBody(asyncSequence: stream))
    }

    /// Refuses `reveal` unless the caller holds the committee role over the organization.
    func requireRevealing(organization code: String?, caller: Caller) async throws {
        guard let code else { throw APIError.forbidden("only the committee role (党委组织部) may see ID numbers in full") }
        let directory = try await store.organizationDirectory(reaching: OrganizationReach(codes: [code]))
        guard let organization = directory.organization(code: code), caller.reveals(over: directory.chain(of: organization.id)) else {
            throw APIError.forbidden("only the committee role (党委组织部) above \(code) may see ID numbers in full")
        }
    }

    /// `30d`, `8w` or `3m` as days, at most ten years (`Bounds.horizonDays`).
    func horizon(_ text: String) throws(APIError) -> Int {
        do {
            return try Horizon(parsing: text, field: "within").days
        } catch {
            throw APIError.badRequest(error.message)
        }
    }

    /// One of quarter, year, or from with to.
    func reportPeriod(_ query: Query) throws(APIError) -> StatisticsPeriod {
        let from = try query.date("from")
        let to = try query.date("to")
        let chosen = [query["quarter"] != nil, query["year"] != nil, from != nil || to != nil].filter { $0 }.count
        guard chosen == 1 else { throw APIError.badRequest("give one of quarter, year, or from with to") }
        do {
            if let quarter = query["quarter"] { return try StatisticsPeriod.quarter(quarter) }
            if let year = try query.integer("year", within: Bounds.year) { return try StatisticsPeriod.year(year) }
            guard let from, let to else { throw APIError.badRequest("from and to go together") }
            return try StatisticsPeriod.custom(from: from, to: to)
        } catch let error as APIError {
            throw error
        } catch {
            throw APIError.badRequest("\(error)")
        }
    }
}

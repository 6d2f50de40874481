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
            let query = try Query(request, allowed: ["org", "person", "asOf", "within", "format"])
            let service = try service(context)
            let person = query["person"]
            // A person's agenda needs only the person in scope; otherwise the organization.
            let organization = person == nil ? try await service.scopedOrganization(query["org"]) : nil
            if let person { _ = try await service.personFile(person) }
            let days = try horizon(query["within"] ?? "30d")
            let date = try query.date("asOf") ?? Clock.today()
            let items = try await service.agenda(organization: organization ?? query["org"], person: person, asOf: date, horizonDays: days)
            let format = try query.format()
            return .rendered(try AgendaRendering.render(items, asOf: date, days: days, format: OutputFormat(rawValue: format)!), format: format)
        }

        router.get("/v1/audit") { request, context -> Response in
            let query = try Query(request, allowed: ["org", "person", "asOf", "format"])
            let service = try service(context)
            let person = query["person"]
            let organization = person == nil ? try await service.scopedOrganization(query["org"]) : nil
            if let person { _ = try await service.personFile(person) }
            let format = try query.format(["json", "ndjson", "table", "csv"])
            let report = try await service.audit(organization: organization ?? query["org"], person: person, asOf: try query.date("asOf") ?? Clock.today())
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
            let query = try Query(request, allowed: ["org", "quarter", "year", "from", "to", "format"])
            let service = try service(context)
            let organization = try await service.scopedOrganization(query["org"])
            let period = try reportPeriod(query)
            let format = try query.format(["json", "table", "csv", "html"])
            let assembled = try await service.quarterlyReport(period: period, organization: organization)
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
            return .rendered(text.hasSuffix("\n") ? text : text + "\n", format: format, headers: headers)
        }
    }

    /// `30d`, `8w` or `3m` as days, at most ten years.
    func horizon(_ text: String) throws(APIError) -> Int {
        guard let unit = text.last, let value = Int(text.dropLast()), value >= 0, value <= 3_660 else {
            throw APIError.badRequest("within must be like 30d, 8w or 3m (at most 3660 of a unit); it is \"\(text)\"")
        }
        let days: Int
        switch unit {
        case "d": days = value
        case "w": days = value * 7
        case "m": days = value * 31
        default: throw APIError.badRequest("within must end in d, w or m (days, weeks, months); it is \"\(text)\"")
        }
        guard days <= 3_660 else { throw APIError.badRequest("within is at most ten years (3660d); it is \"\(text)\"") }
        return days
    }

    /// One of quarter, year, or from with to.
    func reportPeriod(_ query: Query) throws(APIError) -> StatisticsPeriod {
        let from = try query.date("from")
        let to = try query.date("to")
        let chosen = [query["quarter"] != nil, query["year"] != nil, from != nil || to != nil].filter { $0 }.count
        guard chosen == 1 else { throw APIError.badRequest("give one of quarter, year, or from with to") }
        do {
            if let quarter = query["quarter"] { return try StatisticsPeriod.quarter(quarter) }
            if let year = try query.integer("year", in: 1949...2100) { return try StatisticsPeriod.year(year) }
            guard let from, let to else { throw APIError.badRequest("from and to go together") }
            return try StatisticsPeriod.custom(from: from, to: to)
        } catch let error as APIError {
            throw error
        } catch {
            throw APIError.badRequest("\(error)")
        }
    }
}

import ArgumentParser
import FazhanCore
import FazhanService
import FazhanReports
import FazhanSQLite
import FazhanStore
import Foundation

struct ShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "A person's profile, current stage and since when, the timeline, and what is next and what blocks it.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var remote: RemoteOptions
    @Argument(help: "The person's number or internal id.") var person: String
    @Option(help: "table or json.") var format: OutputFormat = .table
    @Option(help: "Show the person as of this date (else today).") var asOf: CivilDate?
    @Flag(help: "Show the ID number in full.") var reveal = false

    struct ShowJSON: Encodable {
        struct StageJSON: Encodable { var stage, stageName, enteredOn, effectiveFrom: String; var event: Int64 }
        struct EventJSON: Encodable {
            var id: Int64
            var step, stepName, date, recordedAt, recordedBy: String
            var summary: String
            var corrects: Int64?
            var imported: Bool
        }
        struct NextJSON: Encodable {
            var to, stageName, step: String
            var allowed: Bool
            var earliest: String?
            var blockedBy: [VerdictJSON.CheckJSON]
        }
        var number, name, category, organization, organizationName, workflow: String
        var workflowVersion: Int64
        var gender, birthDate, ethnicity, education, level, idNumber: String?
        var grade: Int?
        var leagueMember: Bool
        var stage, stageName, stageSince, enteredOn: String?
        var probationEnds: String?
        var asOf: String
        struct PendingJSON: Encodable {
            var deadline, rule, ruleName, step, stepName, since, due: String
            var atMost: String?
            var overdue: Bool
            var daysLeft: Int
        }
        var timeline: [StageJSON]
        var events: [EventJSON]
        var pending: [PendingJSON]
        var next: NextJSON?
    }

    func run() async throws {
        let dossier = try await database.serviceForReading().dossier(person, asOf: asOf ?? Clock.today())
        let date = dossier.asOf
        let workflow = dossier.file.workflow
        let profile = dossier.file.person
        let spans = dossier.spans
        let current = dossier.current
        let organization = dossier.organization
        let probationEnd = dossier.probationEnd
        let next = dossier.next
        let events = dossier.events
        let pending = dossier.pending
        let json = ShowJSON(
            number: profile.number, name: profile.name, category: profile.category.rawValue,
            organization: organization?.code ?? "", organizationName: organization?.name ?? "", workflow: workflow.id,
            workflowVersion: profile.workflowVersion, gender: profile.gender?.rawValue, birthDate: profile.birthDate?.description,
            ethnicity: profile.ethnicity, education: profile.education, level: profile.level?.rawValue,
            idNumber: profile.idNumber.map { reveal ? $0 : ResidentID.mask($0) }, grade: profile.grade,
            leagueMember: profile.leagueMember, stage: current?.stage, stageName: current.map { workflow.stageName($0.stage) },
            stageSince: current?.effectiveFrom.description, enteredOn: current?.enteredOn.description,
            probationEnds: probationEnd.map(\.description), asOf: date.description,
            timeline: spans.map {
                .init(stage: $0.stage, stageName: workflow.stageName($0.stage), enteredOn: $0.enteredOn.description,
                      effectiveFrom: $0.effectiveFrom.description, event: $0.eventID)
            },
            events: events.map {
                .init(id: $0.id, step: $0.step, stepName: workflow.step($0.step)?.name ?? $0.step, date: $0.date.description,
                      recordedAt: $0.recordedAt, recordedBy: $0.recordedBy, summary: $0.data.summary, corrects: $0.corrects, imported: $0.imported)
            },
            pending: pending.map {
                .init(deadline: $0.deadline.id, rule: $0.deadline.rule, ruleName: workflow.rule($0.deadline.rule)?.name ?? "",
                      step: $0.deadline.step, stepName: workflow.step($0.deadline.step)?.name ?? $0.deadline.step,
                      since: $0.since.description, due: $0.due.description, atMost: $0.atMost?.description,
                      overdue: $0.isOverdue(asOf: date), daysLeft: $0.daysLeft(asOf: date))
            },
            next: next.map { verdict in
                .init(to: verdict.to ?? "", stageName: workflow.stageName(verdict.to ?? ""), step: verdict.step, allowed: verdict.allowed,
                      earliest: verdict.earliest?.description,
                      blockedBy: VerdictJSON(verdict, person: profile).checks.filter { !$0.passed })
            })
        if format == .json {
            output(try JSONOutput.render(json))
            return
        }
        var lines: [String] = []
        lines.append("\(profile.name) (\(profile.number)), \(organization?.name ?? "") [\(organization?.code ?? "")]")
        var facts = [profile.category.rawValue]
        if let gender = profile.gender { facts.append(gender == .male ? "男" : "女") }
        if let birth = profile.birthDate { facts.append("born \(birth) (\(birth.fullYears(until: date)))") }
        if let ethnicity = profile.ethnicity { facts.append(ethnicity) }
        if let education = profile.education { facts.append(education) }
        if let level = profile.level { facts.append(level.rawValue + (profile.grade.map { " \($0)" } ?? "")) }
        if profile.leagueMember { facts.append("共青团员") }
        if let id = json.idNumber { facts.append("ID \(id)") }
        lines.append(facts.joined(separator: " · "))
        lines.append("workflow: \(workflow.id) version \(profile.workflowVersion)\(workflow.provisional ? " (provisional)" : "")")
        if let current {
            var stageLine = "stage: \(workflow.stageName(current.stage)) (\(current.stage)) since \(current.effectiveFrom)"
            if current.enteredOn != current.effectiveFrom { stageLine += " (approved \(current.enteredOn))" }
            lines.append(stageLine)
        } else {
            lines.append("stage: none yet (no application recorded)")
        }
        if let probationEnd, let stage = current?.stage, StageRoles(workflow: workflow).admission.contains(stage) {
            lines.append("probation ends: \(probationEnd)")
        }
        lines.append("")
        lines.append("timeline:")
        let table = Table(
            columns: [Table.Column("#", alignment: .right), Table.Column("date"), Table.Column("step"), Table.Column("details"), Table.Column("by")],
            rows: events.map { event in
                let marker = event.corrects.map { " (corrects #\($0))" } ?? ""
                let stepLabel = (workflow.step(event.step)?.number.map { "\($0). " } ?? "") + (workflow.step(event.step)?.name ?? event.step)
                return [String(event.id), event.date.description, stepLabel + marker, event.data.summary, event.recordedBy]
            })
        lines.append(events.isEmpty ? "  (no events)" : table.render())
        if !pending.isEmpty {
            lines.append("")
            lines.append("due:")
            lines.append(Table(
                columns: [Table.Column("due"), Table.Column("step"), Table.Column("rule"), Table.Column("counted from"), Table.Column("status")],
                rows: pending.map { item in
                    let left = item.daysLeft(asOf: date)
                    var status = left < 0 ? "overdue by \(-left) days" : (left == 0 ? "due today" : "in \(left) days")
                    if let atMost = item.atMost { status += " (at most \(atMost) with a reason)" }
                    return [item.due.description, workflow.step(item.deadline.step)?.name ?? item.deadline.step,
                            "\(item.deadline.rule) \(workflow.rule(item.deadline.rule)?.name ?? "")", item.since.description, status]
                }).render())
        }
        if let next {
            lines.append("")
            lines.append("next: " + VerdictOutput.text(next, person: profile, workflow: workflow, onlyFailures: !next.allowed)
                .replacingOccurrences(of: "\(profile.name) (\(profile.number)): ", with: ""))
        } else if current != nil {
            lines.append("")
            lines.append("next: no further stage")
        }
        output(lines.joined(separator: "\n"))
    }
}

struct HistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Every event recorded for a person, corrections beside what they correct, and the stage as of a date.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var remote: RemoteOptions
    @Argument(help: "The person's number or internal id.") var person: String
    @Option(help: "Show the events that happened on or before this date, and the stage then.") var asOf: CivilDate?
    @Option(help: "table, json or csv.") var format: OutputFormat = .table

    struct Row: Encodable {
        var id: Int64
        var step, stepName, date, recordedAt, recordedBy, workflowVersion: String
        var data: EventData
        var corrects: Int64?
        var correctionReason: String?
        var voids: Bool
        var correctedBy: [Int64]
        var effective: Bool
        var imported: Bool
    }

    func run() async throws {
        let view = try await database.serviceForReading().history(person, asOf: asOf ?? Clock.today())
        let workflow = view.file.workflow
        let date = view.asOf
        let span = view.stage
        let context = view.file
        let rows = view.entries.map { entry in
            let event = entry.event
            return Row(id: event.id, step: event.step, stepName: workflow.step(event.step)?.name ?? event.step, date: event.date.description,
                       recordedAt: event.recordedAt, recordedBy: event.recordedBy, workflowVersion: String(event.workflowVersion),
                       data: event.data, corrects: event.corrects, correctionReason: event.correctionReason, voids: event.voids,
                       correctedBy: entry.correctedBy, effective: entry.effective, imported: event.imported)
        }
        switch format {
        case .json:
            struct Document: Encodable {
                var number, name: String
                var asOf: String
                var stage: String?
                var stageName: String?
                var stageSince: String?
                var events: [Row]
            }
            output(try JSONOutput.render(Document(
                number: context.person.number, name: context.person.name, asOf: date.description, stage: span?.stage,
                stageName: span.map { workflow.stageName($0.stage) }, stageSince: span?.effectiveFrom.description, events: rows)))
        case .table, .csv:
            let listing = Listing(
                columns: [Table.Column("#", alignment: .right), Table.Column("date"), Table.Column("step"), Table.Column("details"),
                          Table.Column("recorded"), Table.Column("by"), Table.Column("status")],
                rows: rows.map { row in
                    var status = row.effective ? "" : "superseded"
                    if let corrects = row.corrects {
                        status = (row.voids ? "voids #\(corrects)" : "corrects #\(corrects)") + ": \(row.correctionReason ?? "")"
                    } else if !row.correctedBy.isEmpty {
                        status = "corrected by #" + row.correctedBy.map(String.init).joined(separator: ", #")
                    }
                    if row.imported { status += status.isEmpty ? "imported" : "; imported" }
                    let indent = row.corrects != nil && format == .table ? "  ↳ " : ""
                    return [String(row.id), row.date, indent + row.stepName, row.data.summary, row.recordedAt, row.recordedBy, status]
                })
            if format == .csv {
                output(listing.renderCSV())
            } else {
                output("\(context.person.name) (\(context.person.number)), as of \(date): "
                       + (span.map { "\(workflow.stageName($0.stage)) since \($0.effectiveFrom)" } ?? "no stage"))
                output(rows.isEmpty ? "(no events)" : listing.renderTable())
            }
        }
    }
}

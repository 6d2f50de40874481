import FazhanCore
import FazhanReports
import FazhanService
import FazhanStore

/// What a command prints: its standard output, and a note for standard error (a count, a warning).
public struct Printed: Sendable {
    public var text: String
    public var note: String?

    public init(_ text: String, note: String? = nil) {
        self.text = text
        self.note = note
    }
}

/// Every event recorded for a person, as `fazhan history` prints it.
public enum HistoryRendering {
    public struct Row: Codable, Sendable {
        public var id: Int64
        public var step, stepName, date, recordedAt, recordedBy, workflowVersion: String
        public var data: EventData
        public var corrects: Int64?
        public var correctionReason: String?
        public var voids: Bool
        public var correctedBy: [Int64]
        public var effective: Bool
        public var imported: Bool
    }

    public struct Document: Codable, Sendable {
        public var number, name: String
        public var asOf: String
        public var stage: String?
        public var stageName: String?
        public var stageSince: String?
        public var events: [Row]
    }

    public static func render(_ view: HistoryView, format: OutputFormat) throws -> String {
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
            return try JSONOutput.render(Document(
                number: context.person.number, name: context.person.name, asOf: date.description, stage: span?.stage,
                stageName: span.map { workflow.stageName($0.stage) }, stageSince: span?.effectiveFrom.description, events: rows))
        case .table, .csv:
            let listing = Listing(
                columns: Catalogue.historyColumns(recorded: format == .table ? LocalTime.label : nil).enumerated()
                    .map { Table.Column($1, alignment: $0 == 0 ? .right : .left) },
                rows: rows.map { row in
                    var status = row.effective ? "" : Catalogue.superseded
                    if let corrects = row.corrects {
                        status = (row.voids ? Catalogue.voids(corrects) : Catalogue.corrects(corrects)) + ": \(row.correctionReason ?? "")"
                    } else if !row.correctedBy.isEmpty {
                        status = Catalogue.correctedBy(row.correctedBy)
                    }
                    if row.imported { status += (status.isEmpty ? "" : Catalogue.listSeparator) + Catalogue.importedMark }
                    let indent = row.corrects != nil && format == .table ? "  ↳ " : ""
                    // A table shows the reader's clock; CSV keeps the stored UTC time, as JSON does.
                    let recorded = format == .table ? LocalTime.text(row.recordedAt) : row.recordedAt
                    return [String(row.id), row.date, indent + row.stepName, row.data.summary, recorded, row.recordedBy, status]
                })
            if format == .csv {
                return lined(listing.renderCSV())
            }
            return lined(Table.fitted(Catalogue.historyHeadline(name: context.person.name, number: context.person.number, asOf: date,
                                                                stage: span.map { workflow.stageName($0.stage) }, since: span?.effectiveFrom)))
                + lined(rows.isEmpty ? Catalogue.noEvents : listing.renderTable())
        }
    }
}

/// People with their current stage, as `fazhan person list` prints them.
public enum PeopleRendering {
    public struct Row: Codable, Sendable {
        public var number, name, category, organization: String
        public var stage: String?
        public var stageName: String?
        public var stageSince: String?
        public var gender: String?
        public var birthDate: String?
        public var idNumber: String?
    }

    public static func render(_ list: PeopleList, format: OutputFormat, reveal: Bool) throws -> Printed {
        let names = list.stageNames
        let rows = list.people.map { listing in
            Row(number: listing.profile.number, name: listing.profile.name, category: listing.profile.category.rawValue,
                organization: listing.organizationCode, stage: listing.stage, stageName: listing.stage.map { names[$0] ?? $0 },
                stageSince: listing.stageSince?.description, gender: listing.profile.gender?.rawValue,
                birthDate: listing.profile.birthDate?.description,
                idNumber: listing.profile.idNumber.map { reveal ? $0 : ResidentID.mask($0) })
        }
        switch format {
        case .json:
            return Printed(lined(try JSONOutput.render(rows)))
        case .table, .csv:
            let listing = Listing(
                columns: Catalogue.peopleColumns.map { Table.Column($0) },
                rows: zip(rows, list.people).map { row, listing in
                    [row.number, row.name, Catalogue.categoryFact(listing.profile.category), row.organization,
                     row.stageName ?? Catalogue.noApplication, row.stageSince ?? "",
                     listing.profile.gender.map { Language.current == .en ? $0.rawValue : Catalogue.genderName($0) } ?? "",
                     row.birthDate ?? "", row.idNumber ?? ""]
                })
            if format == .csv { return Printed(lined(listing.renderCSV())) }
            return Printed(lined(listing.renderTable()), note: Catalogue.people(rows.count))
        }
    }
}

/// The audit, as `fazhan audit` prints it.
public enum AuditRendering {
    public static func render(_ report: AuditReport, format: OutputFormat) throws -> String {
        let findings = report.findings
        switch format {
        case .json:
            return lined(try JSONOutput.render(report))
        case .csv:
            return lined(CSVWriter.render(
                header: Catalogue.auditCSVHeader,
                rows: findings.map {
                    [$0.personNumber, $0.personName, $0.organization, $0.rule, $0.ruleName, severityValue($0.severity), $0.stepName,
                     $0.eventID.map(String.init) ?? "", $0.date.description, $0.found, $0.required, $0.missedByDays.map(String.init) ?? "",
                     $0.source, $0.workflow, $0.imported ? Catalogue.yes : ""]
                }))
        case .table:
            var text = lined(Table.fitted(Catalogue.auditHeadline(asOf: report.asOf, people: report.peopleAudited, versions: report.versionsLine)))
            let titles = Catalogue.auditSummaryColumns
            let severities = Finding.Severity.allCases
            text += lined(Table(
                columns: [Table.Column(titles.organization), Table.Column(titles.name), Table.Column(titles.people, alignment: .right)]
                    + severities.map { Table.Column(severityValue($0), alignment: .right) } + [Table.Column(titles.rules)],
                rows: report.summary.map { row in
                    let counts = severities.map { severity in row.findings.values.reduce(0) { $0 + ($1[severity.rawValue] ?? 0) } }
                    let rules = row.findings.keys.sorted { $0.localizedStandardCompare($1) == .orderedAscending }
                        .map { rule in "\(rule)×\(row.findings[rule]!.values.reduce(0, +))" }.joined(separator: " ")
                    return [row.organization, row.organizationName, String(row.people)] + counts.map(String.init) + [rules]
                }).render())
            if !findings.isEmpty {
                text += lined("")
                text += lined(Table(
                    columns: Catalogue.auditFindingColumns.enumerated().map { Table.Column($1, alignment: $0 == 9 ? .right : .left) },
                    rows: findings.map {
                        [$0.date.description, $0.personNumber, $0.personName, $0.organization, "\($0.rule) \($0.ruleName)",
                         severityValue($0.severity) + ($0.imported ? Catalogue.importedSuffix : ""), $0.stepName, $0.found, $0.required,
                         $0.missedByDays.map { Catalogue.days($0) } ?? ""]
                    }).render())
            }
            return text + lined(Catalogue.auditTotal(findings: findings.count, violations: report.violations))
        }
    }

    /// A severity as a cell shows it: the code in English, as it always read.
    static func severityValue(_ severity: Finding.Severity) -> String {
        Language.current == .en ? severity.rawValue : Catalogue.severity(severity)
    }
}

/// What is due, as `fazhan agenda` prints it.
public enum AgendaRendering {
    public static func render(_ items: [AgendaItem], asOf date: CivilDate, days: Int, format: OutputFormat) throws -> String {
        switch format {
        case .json:
            return lined(try JSONOutput.render(items))
        case .csv:
            return lined(CSVWriter.render(
                header: Catalogue.agendaCSVHeader,
                rows: items.map {
                    [$0.date.description, $0.overdue ? Catalogue.overdue : Catalogue.agendaKind(.deadline), String($0.daysLeft), $0.kind.rawValue, $0.personNumber,
                     $0.personName, $0.organization, $0.stepName, $0.rule, $0.ruleName, $0.detail]
                }))
        case .table:
            var text = lined(Table.fitted(Catalogue.agendaHeadline(asOf: date, days: days, items: items.count, overdue: items.filter(\.overdue).count)))
            if !items.isEmpty {
                text += lined(Table(
                    columns: Catalogue.agendaColumns.map { Table.Column($0) },
                    rows: items.map { item in
                        [item.date.description, status(item), item.personNumber, item.personName, item.organization, what(item),
                         "\(item.rule) \(item.ruleName)", item.detail]
                    }).render())
            }
            return text
        }
    }

    /// When an item falls: "overdue 3 d", "today", "in 5 d".
    public static func status(_ item: AgendaItem) -> String {
        Catalogue.agendaStatus(daysLeft: item.daysLeft, overdue: item.overdue)
    }

    /// What an item is, in the organizer's words (never a raw kind id).
    public static func what(_ item: AgendaItem) -> String {
        switch item.kind {
        case .deadline: return item.stepName
        case .eligible: return Catalogue.eligibleFor(item.stepName)
        case .noticeEnds, .probationEnds: return Catalogue.agendaKind(item.kind)
        }
    }

    /// The kind of an item, in the organizer's words, for a count ("overdue", "公示 ends").
    public static func kindName(_ item: AgendaItem) -> String {
        item.overdue ? Catalogue.overdue : Catalogue.agendaKind(item.kind)
    }
}

/// What a write says when it is recorded, and when it is refused.
public enum RecordedRendering {
    /// The line `record` and `advance` print.
    public static func describe(_ recorded: Recorded) -> String {
        let event = recorded.event
        let workflow = recorded.file.workflow
        let person = recorded.file.person
        var text = Catalogue.recorded(id: event.id, name: person.name, number: person.number, step: workflow.stepName(event.step), date: event.date)
        let summary = event.data.summary
        if !summary.isEmpty { text += " [\(summary)]" }
        if let stage = workflow.step(event.step)?.enters {
            let span = StageTimeline(history: recorded.history, workflow: workflow).current
            text += "\n" + Catalogue.nowIn(stage: workflow.stageName(stage), effective: span?.effectiveFrom)
        }
        return text
    }

    /// The warnings `record`, `advance` and `correct` print on standard error: what the audit
    /// will report about the step just recorded.
    public static func warnings(_ recorded: Recorded) -> [String] {
        recorded.warnings.map { finding in
            Catalogue.warning(rule: finding.rule, ruleName: finding.ruleName, found: finding.found, required: finding.required,
                              missedBy: finding.missedByDays, violation: finding.severity == .violation)
        }
    }

    /// The line `correct --void` prints.
    public static func voided(_ recorded: Recorded, original: Int64, reason: String) -> String {
        let voided = recorded.event
        return Catalogue.voided(id: voided.id, original: original, step: recorded.file.workflow.stepName(voided.step), date: voided.date, reason: reason)
    }

    /// The line `correct` prints.
    public static func corrected(_ recorded: Recorded, original: Int64, reason: String) -> String {
        let stored = recorded.event
        return Catalogue.corrected(id: stored.id, original: stored.corrects ?? original, step: recorded.file.workflow.stepName(stored.step),
                                   date: stored.date, reason: reason)
    }

    /// A refused or failed use case, as the organizer reads it: a refused step in full (every
    /// check, what was found and required, the earliest date), anything else as its sentence.
    public static func failure(_ error: ServiceError) -> String {
        switch error {
        case .refused(let verdict, let person, let workflow):
            return VerdictOutput.text(verdict, person: person, workflow: workflow) + "\n" + Catalogue.nothingRecorded
        case .batchRefused:
            return BatchRendering.refused(error)
        default:
            return error.description
        }
    }
}

/// `text` ending in exactly the newline `print` would add.
func lined(_ text: String) -> String {
    text.hasSuffix("\n") ? text : text + "\n"
}

/// The committee's queue: who awaits what, since when, due when, and the verdict now.
public enum ApprovalRendering {
    public struct Row: Codable, Sendable {
        public var person, name, organization, step, stepName, since: String
        public var due: String?
        public var rule: String?
        public var overdue: Bool
        public var version: Int64
        public var verdict: VerdictJSON
    }

    public static func render(_ items: [AwaitedApproval], asOf date: CivilDate, format: OutputFormat) throws -> String {
        let rows = items.map { item in
            Row(person: item.person.number, name: item.person.name, organization: item.organizationCode, step: item.step.id,
                stepName: item.step.name, since: item.since.description, due: item.due?.description, rule: item.rule,
                overdue: item.due.map { date > $0 } ?? false, version: item.version, verdict: VerdictJSON(item.verdict, person: item.person))
        }
        switch format {
        case .json:
            return lined(try JSONOutput.render(rows))
        case .csv:
            return lined(CSVWriter.render(
                header: Catalogue.approvalCSVHeader,
                rows: rows.map {
                    [$0.person, $0.name, $0.organization, $0.step, $0.stepName, $0.since, $0.due ?? "", $0.overdue ? Catalogue.yes : "",
                     $0.verdict.allowed ? Catalogue.yes : Catalogue.no, $0.verdict.checks.filter { !$0.passed }.map(\.rule).joined(separator: " ")]
                }))
        case .table:
            var text = lined(Table.fitted(Catalogue.approvalHeadline(asOf: date, count: rows.count, overdue: rows.filter(\.overdue).count)))
            if !rows.isEmpty {
                text += lined(Table(
                    columns: Catalogue.approvalColumns.map { Table.Column($0) },
                    rows: rows.map { row in
                        let failing = row.verdict.checks.filter { !$0.passed }.map(\.rule)
                        return [row.since, (row.due ?? "") + (row.overdue ? Catalogue.overdueSuffix : ""), row.person, row.name, row.organization,
                                row.stepName, failing.isEmpty ? Catalogue.allowedWord : Catalogue.blockedBy(failing)]
                    }).render())
            }
            return text
        }
    }
}

import FazhanCore
import FazhanReports
import FazhanService

/// A person's dossier as `fazhan show` prints it and the server answers it.
public enum DossierView {
    public struct Document: Codable, Sendable {
        public struct StageJSON: Codable, Sendable { public var stage, stageName, enteredOn, effectiveFrom: String; public var event: Int64 }
        public struct EventJSON: Codable, Sendable {
            public var id: Int64
            public var step, stepName, date, recordedAt, recordedBy: String
            public var summary: String
            public var corrects: Int64?
            public var imported: Bool
        }
        public struct NextJSON: Codable, Sendable {
            public var to, stageName, step: String
            public var allowed: Bool
            public var earliest: String?
            public var blockedBy: [VerdictJSON.CheckJSON]
        }
        public struct PendingJSON: Codable, Sendable {
            public var deadline, rule, ruleName, step, stepName, since, due: String
            public var atMost: String?
            public var overdue: Bool
            public var daysLeft: Int
        }
        public var number, name, category, organization, organizationName, workflow: String
        public var workflowVersion: Int64
        public var gender, birthDate, ethnicity, education, level, idNumber: String?
        public var grade: Int?
        public var leagueMember: Bool
        public var stage, stageName, stageSince, enteredOn: String?
        public var probationEnds: String?
        public var asOf: String
        public var timeline: [StageJSON]
        public var events: [EventJSON]
        public var pending: [PendingJSON]
        public var next: NextJSON?
    }

    /// The dossier as JSON (`format: .json`) or as the text an organizer reads.
    public static func render(_ dossier: Dossier, format: OutputFormat, reveal: Bool) throws -> String {
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
        let json = Document(
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
            return try JSONOutput.render(json)
        }
        var lines: [String] = []
        lines.append(Catalogue.dossierHeadline(profile.name, profile.number, organization: organization?.name ?? "", code: organization?.code ?? ""))
        var facts = [Catalogue.categoryFact(profile.category)]
        if let gender = profile.gender { facts.append(gender == .male ? "男" : "女") }
        if let birth = profile.birthDate { facts.append(Catalogue.born(birth, age: birth.fullYears(until: date))) }
        if let ethnicity = profile.ethnicity { facts.append(ethnicity) }
        if let education = profile.education { facts.append(education) }
        if let level = profile.level { facts.append(Catalogue.level(level, grade: profile.grade)) }
        if profile.leagueMember { facts.append(Catalogue.leagueMember) }
        if let id = json.idNumber { facts.append(Catalogue.idNumber(id)) }
        lines.append(facts.joined(separator: " · "))
        lines.append(Catalogue.workflowLine(workflow.id, version: profile.workflowVersion, provisional: workflow.provisional))
        if let current {
            let stageLine = Catalogue.stageLine(workflow.stageName(current.stage), current.stage, since: current.effectiveFrom,
                                                approved: current.enteredOn != current.effectiveFrom ? current.enteredOn : nil)
            lines.append(stageLine)
        } else {
            lines.append(Catalogue.noStageYet)
        }
        if let probationEnd, let stage = current?.stage, StageRoles(workflow: workflow).admission.contains(stage) {
            lines.append(Catalogue.probationEnds(probationEnd))
        }
        lines.append("")
        lines.append(Catalogue.timelineTitle)
        let table = Table(
            columns: Catalogue.dossierEventColumns.enumerated().map { Table.Column($1, alignment: $0 == 0 ? .right : .left) },
            rows: events.map { event in
                let marker = event.corrects.map { " (" + Catalogue.corrects($0) + ")" } ?? ""
                let stepLabel = (workflow.step(event.step)?.number.map { "\($0). " } ?? "") + (workflow.step(event.step)?.name ?? event.step)
                return [String(event.id), event.date.description, stepLabel + marker, event.data.summary, event.recordedBy]
            })
        lines.append(events.isEmpty ? "  " + Catalogue.noEvents : table.render())
        if !pending.isEmpty {
            lines.append("")
            lines.append(Catalogue.dueTitle)
            lines.append(Table(
                columns: Catalogue.dueColumns.map { Table.Column($0) },
                rows: pending.map { item in
                    let left = item.daysLeft(asOf: date)
                    let status = Catalogue.dueStatus(daysLeft: left, atMost: item.atMost.map { "\($0)" })
                    return [item.due.description, workflow.step(item.deadline.step)?.name ?? item.deadline.step,
                            "\(item.deadline.rule) \(workflow.rule(item.deadline.rule)?.name ?? "")", item.since.description, status]
                }).render())
        }
        if let next {
            lines.append("")
            lines.append(Catalogue.nextTitle + VerdictOutput.text(next, person: profile, workflow: workflow, onlyFailures: !next.allowed)
                .replacingOccurrences(of: Catalogue.personPrefix(profile.name, profile.number), with: ""))
        } else if current != nil {
            lines.append("")
            lines.append(Catalogue.noFurtherStage)
        }
        return lines.joined(separator: "\n")
    }
}

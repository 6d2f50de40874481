/// One recorded fact about a person: a step, a side fact, or a correction of an earlier event.
///
/// Events are never changed or deleted. A correction is a new event whose `corrects` names the
/// event it replaces (with new date or data) or voids, and why.
///
/// A value type whose fields live in one shared, copy-on-write box: an event is copied many
/// times (histories as they stood on each day, occurrences of a step), and a copy costs one
/// reference count rather than the whole record.
public struct Event: Sendable, Hashable, Codable, Identifiable {
    /// The fields, as the event's Codable and Hashable conformances see them.
    struct Fields: Sendable, Hashable, Codable {
        var id: Int64
        var personID: Int64
        var step: String
        var date: CivilDate
        var recordedAt: String
        var recordedBy: String
        var data: EventData
        var workflowVersion: Int64
        var corrects: Int64?
        var correctionReason: String?
        var voids: Bool
        var imported: Bool
    }

    final class Box: Sendable {
        let fields: Fields

        init(_ fields: Fields) {
            self.fields = fields
        }
    }

    private var box: Box

    private var fields: Fields {
        get { box.fields }
        set { box = Box(newValue) }
    }

    public var id: Int64 {
        get { box.fields.id }
        set { fields.id = newValue }
    }

    public var personID: Int64 {
        get { box.fields.personID }
        set { fields.personID = newValue }
    }

    /// The step or fact id from the workflow (`designate_activist`, `public_notice`, ...).
    public var step: String {
        get { box.fields.step }
        set { fields.step = newValue }
    }

    /// The civil date the step happened.
    public var date: CivilDate {
        get { box.fields.date }
        set { fields.date = newValue }
    }

    /// When it was recorded (UTC, ISO 8601).
    public var recordedAt: String {
        get { box.fields.recordedAt }
        set { fields.recordedAt = newValue }
    }

    public var recordedBy: String {
        get { box.fields.recordedBy }
        set { fields.recordedBy = newValue }
    }

    public var data: EventData {
        // Borrowed, not copied: `event.data.result` reads one field without retaining them all.
        _read { yield box.fields.data }
        set { fields.data = newValue }
    }

    /// The workflow version the person followed when it was recorded.
    public var workflowVersion: Int64 {
        get { box.fields.workflowVersion }
        set { fields.workflowVersion = newValue }
    }

    /// The event this one corrects, if it is a correction.
    public var corrects: Int64? {
        get { box.fields.corrects }
        set { fields.corrects = newValue }
    }

    /// Why the correction was made.
    public var correctionReason: String? {
        get { box.fields.correctionReason }
        set { fields.correctionReason = newValue }
    }

    /// A correction that withdraws the corrected event entirely.
    public var voids: Bool {
        get { box.fields.voids }
        set { fields.voids = newValue }
    }

    /// Came from an import of legacy records rather than through the guards.
    public var imported: Bool {
        get { box.fields.imported }
        set { fields.imported = newValue }
    }

    public init(
        id: Int64, personID: Int64, step: String, date: CivilDate, recordedAt: String, recordedBy: String,
        data: EventData = EventData(), workflowVersion: Int64, corrects: Int64? = nil,
        correctionReason: String? = nil, voids: Bool = false, imported: Bool = false
    ) {
        box = Box(Fields(
            id: id, personID: personID, step: step, date: date, recordedAt: recordedAt, recordedBy: recordedBy, data: data,
            workflowVersion: workflowVersion, corrects: corrects, correctionReason: correctionReason, voids: voids,
            imported: imported))
    }

    public init(from decoder: any Decoder) throws {
        box = Box(try Fields(from: decoder))
    }

    public func encode(to encoder: any Encoder) throws {
        try box.fields.encode(to: encoder)
    }

    public static func == (lhs: Event, rhs: Event) -> Bool {
        lhs.box === rhs.box || lhs.box.fields == rhs.box.fields
    }

    public func hash(into hasher: inout Hasher) {
        box.fields.hash(into: &hasher)
    }
}

/// The data an event carries. Every field is optional; which ones a step needs is workflow data.
public struct EventData: Sendable, Hashable, Codable {
    public var note: String?
    /// Recommendation method: `league` (推优) or `members` (党员推荐).
    public var method: String?
    // 公示
    public var node: String?
    public var from: CivilDate?
    public var to: CivilDate?
    /// Objections still unresolved when the notice ended.
    public var objections: Int?
    // Meeting vote
    public var expected: Int?
    public var present: Int?
    public var votesFor: Int?
    public var against: Int?
    public var abstain: Int?
    /// Written opinions for, sent before the meeting by members who could not attend.
    public var writtenFor: Int?
    public var writtenAgainst: Int?
    // Training
    public var days: Int?
    public var hours: Int?
    public var result: StepResult?
    public var names: [String]?
    /// The approving organization's code.
    public var approver: String?
    /// Why: an approval later than the normal window, a withdrawal, a cancellation, a waiver.
    public var reason: String?
    /// A transfer's destination organization (code).
    public var organization: String?
    /// A probation extension's length in months.
    public var months: Int?
    /// A waiver: the rule waived, who approved the waiver, and until when (if limited).
    public var rule: String?
    public var approvedBy: String?
    public var until: CivilDate?
    /// The date the person is expected to leave the unit (R12: graduation, a new post elsewhere).
    public var leavingOn: CivilDate?
    /// Who held a talk (R16), and in what role (`TalkRole`: committee_member, organizer, branch).
    public var heldBy: String?
    public var heldByRole: String?
    /// Of `names`, the people Fazhan knows, by number (mentors and introducers named from the
    /// register: their stage is checked on their own histories, R5 and R9).
    public var members: [String]?
    /// The organization's statement vouching for the people named who are not in the register
    /// (that they are full members, none under 留党察看), R5 and R9.
    public var statement: String?

    public init(
        note: String? = nil, method: String? = nil, node: String? = nil, from: CivilDate? = nil, to: CivilDate? = nil,
        objections: Int? = nil, expected: Int? = nil, present: Int? = nil, votesFor: Int? = nil, against: Int? = nil,
        abstain: Int? = nil, writtenFor: Int? = nil, writtenAgainst: Int? = nil, days: Int? = nil, hours: Int? = nil,
        result: StepResult? = nil, names: [String]? = nil, approver: String? = nil, reason: String? = nil,
        organization: String? = nil, months: Int? = nil, rule: String? = nil, approvedBy: String? = nil, until: CivilDate? = nil,
        leavingOn: CivilDate? = nil, heldBy: String? = nil, heldByRole: String? = nil, members: [String]? = nil,
        statement: String? = nil
    ) {
        self.members = members
        self.statement = statement
        self.leavingOn = leavingOn
        self.heldBy = heldBy
        self.heldByRole = heldByRole
        self.note = note
        self.method = method
        self.node = node
        self.from = from
        self.to = to
        self.objections = objections
        self.expected = expected
        self.present = present
        self.votesFor = votesFor
        self.against = against
        self.abstain = abstain
        self.writtenFor = writtenFor
        self.writtenAgainst = writtenAgainst
        self.days = days
        self.hours = hours
        self.result = result
        self.names = names
        self.approver = approver
        self.reason = reason
        self.organization = organization
        self.months = months
        self.rule = rule
        self.approvedBy = approvedBy
        self.until = until
    }

    public var hasVote: Bool { expected != nil || present != nil || votesFor != nil }

    /// A one-line summary for timelines: `应到 9 实到 8 赞成 7`.
    public var summary: String {
        var parts: [String] = []
        if let node { parts.append("节点 \(node)") }
        if let from, let to { parts.append("\(from)至\(to)") }
        if let objections, objections > 0 { parts.append("未解决异议 \(objections)") }
        if let expected { parts.append("应到 \(expected)") }
        if let present { parts.append("实到 \(present)") }
        if let votesFor { parts.append("赞成 \(votesFor)") }
        if let against, against > 0 { parts.append("反对 \(against)") }
        if let abstain, abstain > 0 { parts.append("弃权 \(abstain)") }
        if let writtenFor, writtenFor > 0 { parts.append("书面赞成 \(writtenFor)") }
        if let writtenAgainst, writtenAgainst > 0 { parts.append("书面反对 \(writtenAgainst)") }
        if let days { parts.append("\(days) 天") }
        if let hours { parts.append("\(hours) 学时") }
        if let method { parts.append(method == "league" ? "团组织推优" : "党员推荐") }
        if let result { parts.append(result == .pass ? "通过" : "未通过") }
        if let names, !names.isEmpty {
            let known = Set(members ?? [])
            parts.append(names.joined(separator: "、") + (known.isEmpty ? "" : "（在册 \((members ?? []).joined(separator: "、"))）"))
        }
        if let statement { parts.append("声明：\(statement)") }
        if let approver { parts.append("审批 \(approver)") }
        if let organization { parts.append("转入 \(organization)") }
        if let months { parts.append("\(months) 个月") }
        if let rule { parts.append("豁免 \(rule)") }
        if let approvedBy { parts.append("批准 \(approvedBy)") }
        if let until { parts.append("至 \(until)") }
        if let leavingOn { parts.append("预计离开 \(leavingOn)") }
        if let heldBy {
            parts.append("谈话人 \(heldBy)" + (heldByRole.flatMap(TalkRole.init(rawValue:)).map { "（\($0.chineseName)）" } ?? ""))
        }
        if let reason { parts.append("理由：\(reason)") }
        if let note { parts.append(note) }
        return parts.joined(separator: "，")
    }
}

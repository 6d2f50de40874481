import FazhanCore

/// What the printed documents hold, assembled by `FazhanService` from the record and rendered
/// here as HTML for A4 (`PrintedDocumentHTML`). Every text is plain: the renderer escapes it.

/// A rule a step is judged by: its id, name and basis, from the workflow file.
public struct RuleReference: Sendable, Hashable {
    public var id: String
    public var name: String
    public var basis: String

    public init(id: String, name: String, basis: String) {
        self.id = id
        self.name = name
        self.basis = basis
    }
}

/// Who the documents are about, as the forms print them (the ID number already masked or not).
public struct DocumentPerson: Sendable, Hashable {
    public var number: String
    public var name: String
    public var gender: String?
    public var birthDate: CivilDate?
    public var idNumber: String?
    public var ethnicity: String?
    public var category: String
    public var organization: String
    public var stage: String?
    public var stageSince: CivilDate?

    public init(number: String, name: String, gender: String?, birthDate: CivilDate?, idNumber: String?, ethnicity: String?,
                category: String, organization: String, stage: String?, stageSince: CivilDate?) {
        self.number = number
        self.name = name
        self.gender = gender
        self.birthDate = birthDate
        self.idNumber = idNumber
        self.ethnicity = ethnicity
        self.category = category
        self.organization = organization
        self.stage = stage
        self.stageSince = stageSince
    }
}

/// 全程纪实表: every event recorded for one person, in recording order, each correction right
/// under what it corrects.
public struct PersonRecordDocument: Sendable {
    public struct Correction: Sendable {
        public var id: Int64
        public var date: CivilDate
        public var voids: Bool
        public var reason: String
        public var details: String
        public var recordedBy: String
        public var recordedAt: String

        public init(id: Int64, date: CivilDate, voids: Bool, reason: String, details: String, recordedBy: String, recordedAt: String) {
            self.id = id
            self.date = date
            self.voids = voids
            self.reason = reason
            self.details = details
            self.recordedBy = recordedBy
            self.recordedAt = recordedAt
        }
    }

    public struct Entry: Sendable {
        public var id: Int64
        /// The step's number among the 25 (nil for the facts beside them).
        public var stepNumber: Int?
        public var stepName: String
        public var date: CivilDate
        public var details: String
        public var recordedBy: String
        public var recordedAt: String
        public var rules: [RuleReference]
        /// Recorded from a legacy file, not through the guards.
        public var imported: Bool
        /// Whether it stands as recorded (no correction, not voided).
        public var standsAsRecorded: Bool
        public var corrections: [Correction]

        public init(id: Int64, stepNumber: Int?, stepName: String, date: CivilDate, details: String, recordedBy: String,
                    recordedAt: String, rules: [RuleReference], imported: Bool, standsAsRecorded: Bool, corrections: [Correction]) {
            self.id = id
            self.stepNumber = stepNumber
            self.stepName = stepName
            self.date = date
            self.details = details
            self.recordedBy = recordedBy
            self.recordedAt = recordedAt
            self.rules = rules
            self.imported = imported
            self.standsAsRecorded = standsAsRecorded
            self.corrections = corrections
        }
    }

    public var person: DocumentPerson
    /// The rules followed: the workflow's title and installed version.
    public var workflow: String
    public var printedOn: CivilDate
    public var entries: [Entry]

    public init(person: DocumentPerson, workflow: String, printedOn: CivilDate, entries: [Entry]) {
        self.person = person
        self.workflow = workflow
        self.printedOn = printedOn
        self.entries = entries
    }
}

/// 公示: the people proposed at one node (确定入党积极分子, 接收预备党员 ...), the period, and who
/// receives objections.
public struct NoticeDocument: Sendable {
    public var issuer: String
    public var nodeName: String
    public var people: [DocumentPerson]
    public var from: CivilDate
    public var to: CivilDate
    /// The length the rules require, as the workflow says it (5 working days), and the rule.
    public var required: String?
    public var rule: RuleReference?
    /// The working days the period holds (nil when the calendar has no data for it).
    public var workingDays: Int?
    public var printedOn: CivilDate

    public init(issuer: String, nodeName: String, people: [DocumentPerson], from: CivilDate, to: CivilDate, required: String?,
                rule: RuleReference?, workingDays: Int?, printedOn: CivilDate) {
        self.issuer = issuer
        self.nodeName = nodeName
        self.people = people
        self.from = from
        self.to = to
        self.required = required
        self.rule = rule
        self.workingDays = workingDays
        self.printedOn = printedOn
    }
}

/// 支部大会表决情况记录: the meetings a branch recorded on one date (admission, conversion,
/// extension, cancellation), each person's counts and the result as the rules judge it.
public struct VoteRecordDocument: Sendable {
    public struct Check: Sendable {
        public var rule: RuleReference
        public var passed: Bool
        public var found: String

        public init(rule: RuleReference, passed: Bool, found: String) {
            self.rule = rule
            self.passed = passed
            self.found = found
        }
    }

    public struct Row: Sendable {
        public var eventID: Int64
        public var person: DocumentPerson
        public var subject: String
        public var expected: Int?
        public var present: Int?
        public var votesFor: Int?
        public var against: Int?
        public var abstain: Int?
        public var writtenFor: Int?
        public var writtenAgainst: Int?
        public var checks: [Check]
        public var recordedBy: String
        /// The event stands corrected (its counts are the correction's).
        public var corrected: Bool

        public init(eventID: Int64, person: DocumentPerson, subject: String, expected: Int?, present: Int?, votesFor: Int?,
                    against: Int?, abstain: Int?, writtenFor: Int?, writtenAgainst: Int?, checks: [Check], recordedBy: String,
                    corrected: Bool) {
            self.eventID = eventID
            self.person = person
            self.subject = subject
            self.expected = expected
            self.present = present
            self.votesFor = votesFor
            self.against = against
            self.abstain = abstain
            self.writtenFor = writtenFor
            self.writtenAgainst = writtenAgainst
            self.checks = checks
            self.recordedBy = recordedBy
            self.corrected = corrected
        }

        /// Passed when every rule judging the vote passes.
        public var passed: Bool { checks.allSatisfy(\.passed) }
    }

    public var branch: String
    public var branchCode: String
    public var date: CivilDate
    public var rows: [Row]
    public var printedOn: CivilDate

    public init(branch: String, branchCode: String, date: CivilDate, rows: [Row], printedOn: CivilDate) {
        self.branch = branch
        self.branchCode = branchCode
        self.date = date
        self.rows = rows
        self.printedOn = printedOn
    }
}

import Foundation
import Testing

/// One person, born 2003, walked from the application (2023-03-01) to full membership by the
/// built binary under each shipped rule set, the way a branch organizer records it: every step
/// with its data, realistic dates, and at every stage an attempt the rules must refuse (too
/// early, a missing step, a bad vote) that names its rule, gives the earliest date for time
/// rules, and records nothing.
@Suite struct WalkThroughTests {
    @Test(arguments: RuleSet.allCases)
    func fromApplicationToFullMember(ruleSet: RuleSet) throws {
        let walk = try Walk(ruleSet)
        try walk.apply()
        try walk.becomeActivist()
        try walk.becomeCandidate()
        try walk.prepareAdmission()
        try walk.holdAdmissionMeeting(expected: 9, present: 8, votesFor: 8)
        try walk.approveAdmission()
        try walk.serveProbation()
        try walk.convert()

        let show = try walk.sandbox.succeed("show", walk.person, "--format", "json").object()
        #expect(show["number"] as? String == walk.person)
        #expect(show["workflow"] as? String == ruleSet.rawValue)
        #expect(show["stage"] as? String == "full_member")
        // 党龄 counts from the day probation ends: one year after the admission meeting (R19, R21).
        #expect(show["stageSince"] as? String == "2025-11-20")
        #expect(show["enteredOn"] as? String == "2025-12-10")
        let timeline = try #require(show["timeline"] as? [[String: Any]])
        let stages = timeline.map { "\($0["stage"] as? String ?? "?") \($0["enteredOn"] as? String ?? "?") \($0["effectiveFrom"] as? String ?? "?")" }
        #expect(stages == [
            "applicant 2023-03-01 2023-03-01",
            "activist 2023-09-15 2023-09-15",
            "candidate 2024-09-20 2024-09-20",
            // Approved on 2024-12-10, a probationary member from the admission meeting (R19).
            "probationary 2024-12-10 2024-11-20",
            "full_member 2025-12-10 2025-11-20",
        ])
        let next = show["next"]
        #expect(next == nil || next is NSNull, "a full member has no further stage: \(show)")
        let pending = show["pending"] as? [[String: Any]] ?? []
        #expect(pending.allSatisfy { $0["overdue"] as? Bool == false }, "a walk that kept every deadline has nothing overdue: \(pending)")

        // The day before the admission approval, still a candidate; the day before the
        // conversion approval, still probationary, since the admission meeting.
        let beforeApproval = try walk.sandbox.succeed("show", walk.person, "--format", "json", "--as-of", "2024-12-09").object()
        #expect(beforeApproval["stage"] as? String == "candidate")
        let beforeConversion = try walk.sandbox.succeed("show", walk.person, "--format", "json", "--as-of", "2025-12-09").object()
        #expect(beforeConversion["stage"] as? String == "probationary")
        #expect(beforeConversion["stageSince"] as? String == "2024-11-20")
        #expect(beforeConversion["probationEnds"] as? String == "2025-11-20")

        // The listing reads the same projection.
        let listed = try walk.sandbox.succeed("person", "list", "--stage", "full_member", "--format", "json").array()
        #expect(listed.map { $0["number"] as? String } == [walk.person])
        #expect(listed.first?["stageSince"] as? String == "2025-11-20")

        // Each of the 25 steps is in the history, and nothing was superseded.
        let history = try walk.sandbox.succeed("history", walk.person, "--format", "json").object()
        let events = try #require(history["events"] as? [[String: Any]])
        #expect(events.allSatisfy { $0["effective"] as? Bool == true })
        let steps = Set(events.compactMap { $0["step"] as? String })
        for step in Walk.numberedSteps {
            #expect(steps.contains(step), "\(ruleSet.rawValue): \(step) was not recorded")
        }
    }

    /// The admission meeting's date was mistyped: correcting it moves the start of probation
    /// (R19) and its end, and the original stays in the history.
    @Test func correctingTheAdmissionMeetingMovesProbation() throws {
        let walk = try Walk(.cpc2014, refusals: false)
        try walk.apply()
        try walk.becomeActivist()
        try walk.becomeCandidate()
        try walk.prepareAdmission()
        try walk.holdAdmissionMeeting(expected: 9, present: 8, votesFor: 8)
        try walk.approveAdmission()
        let history = try walk.sandbox.succeed("history", walk.person, "--format", "json").object()
        let meeting = try #require((history["events"] as? [[String: Any]])?.first { $0["step"] as? String == "admission_meeting" })
        let meetingID = try #require(meeting["id"] as? Int)

        try walk.sandbox.succeed("correct", String(meetingID), "--on", "2024-11-21", "--reason", "会议记录日期为11月21日")
        let show = try walk.sandbox.succeed("show", walk.person, "--format", "json").object()
        #expect(show["stage"] as? String == "probationary")
        #expect(show["stageSince"] as? String == "2024-11-21")
        #expect(show["enteredOn"] as? String == "2024-12-10")
        #expect(show["probationEnds"] as? String == "2025-11-21")
        let after = try walk.sandbox.succeed("history", walk.person, "--format", "json").object()
        let events = try #require(after["events"] as? [[String: Any]])
        let original = events.first { $0["id"] as? Int == meetingID }
        #expect(original?["effective"] as? Bool == false)
        #expect(original?["date"] as? String == "2024-11-20")
        #expect((original?["correctedBy"] as? [Int])?.count == 1)

        // The conversion meeting is now due on the new anniversary, not the old one (R20).
        try walk.sandbox.succeed("record", walk.person, "take_oath", "--on", "2024-12-20")
        try walk.sandbox.succeed("record", walk.person, "submit_conversion_application", "--on", "2025-11-01")
        // A conversion meeting is not held before probation ends: on the old anniversary it is refused.
        try walk.sandbox.refuse("record", walk.person, "conversion_meeting", "--on", "2025-11-20",
                                "--expected", "9", "--present", "8", "--for", "8", naming: ["R20"])
        try walk.sandbox.succeed("record", walk.person, "conversion_meeting", "--on", "2025-11-21",
                                 "--expected", "9", "--present", "8", "--for", "8")
        let show2 = try walk.sandbox.run("check", walk.person, "--to", "full_member", "--on", "2025-12-10", "--format", "json").object()
        let checks = try #require(show2["checks"] as? [[String: Any]])
        #expect(checks.contains { $0["rule"] as? String == "R20" && $0["passed"] as? Bool == true })
    }

    /// R14: the majority is of the members who should attend (应到 9), not of those present (实到 6):
    /// 4 votes for is a majority of those present but not enough. R13's quorum (6 × 2 > 9) is met.
    @Test(arguments: RuleSet.allCases)
    func aMajorityOfThosePresentIsNotEnough(ruleSet: RuleSet) throws {
        let walk = try Walk(ruleSet, refusals: false)
        try walk.apply()
        try walk.becomeActivist()
        try walk.becomeCandidate()
        try walk.prepareAdmission()
        try walk.holdAdmissionMeeting(expected: 9, present: 6, votesFor: 4)
        try walk.sandbox.succeed("record", walk.person, "committee_talk", "--on", "2024-11-25", "--held-by", "李委员", "--held-by-role", "委员")

        let refused = try walk.sandbox.refuse("advance", walk.person, "--to", "probationary", "--on", "2024-12-10", "--expected", "11", "--present", "10", "--for", "9", naming: ["R14"])
        #expect(!mentionsRule(refused.output.components(separatedBy: "\n").filter { $0.hasPrefix("✗") }.joined(), "R13"),
                "the quorum is met (6 of 9 present): \(refused)")

        let check = try walk.sandbox.run("check", walk.person, "--to", "probationary", "--on", "2024-12-10", "--expected", "11", "--present", "10", "--for", "9", "--format", "json")
        #expect(check.status == 1, "\(check)")
        let checks = try #require(try check.object()["checks"] as? [[String: Any]])
        let failing = checks.filter { $0["passed"] as? Bool == false }.compactMap { $0["rule"] as? String }
        #expect(failing == ["R14"], "only the majority fails: \(check)")
        let quorum = checks.filter { $0["rule"] as? String == "R13" }
        #expect(!quorum.isEmpty && quorum.allSatisfy { $0["passed"] as? Bool == true }, "\(check)")
        let majority = checks.first { $0["rule"] as? String == "R14" }
        #expect((majority?["found"] as? String)?.contains("4") == true, "\(check)")

        let show = try walk.sandbox.succeed("show", walk.person, "--format", "json").object()
        #expect(show["stage"] as? String == "candidate", "a failed vote leaves the person a candidate")
    }

    /// R13 (quorum: 实到 × 2 > 应到), R14 (majority: (赞成 + 书面赞成) × 2 > 应到) and R15 (at least
    /// 3 full members) at their edges, through the CLI.
    @Test(arguments: [
        VoteCase(expected: 9, present: 6, votesFor: 5, failing: []),
        VoteCase(expected: 9, present: 5, votesFor: 4, writtenFor: 1, failing: []),
        VoteCase(expected: 9, present: 5, votesFor: 4, failing: ["R14"]),
        VoteCase(expected: 9, present: 4, votesFor: 4, failing: ["R13", "R14"]),
        VoteCase(expected: 8, present: 4, votesFor: 4, failing: ["R13", "R14"]),
        VoteCase(expected: 8, present: 5, votesFor: 5, failing: []),
        VoteCase(expected: 2, present: 2, votesFor: 2, failing: ["R15"]),
    ])
    func admissionVoteEdges(vote: VoteCase) throws {
        let walk = try Walk(.cpc2014, refusals: false)
        try walk.apply()
        try walk.becomeActivist()
        try walk.becomeCandidate()
        try walk.prepareAdmission()
        var data = ["--expected", String(vote.expected), "--present", String(vote.present), "--for", String(vote.votesFor)]
        if vote.writtenFor > 0 { data += ["--written-for", String(vote.writtenFor)] }
        try walk.sandbox.run(["record", walk.person, "admission_meeting", "--on", "2024-11-20"] + data).requireSuccess()
        try walk.sandbox.succeed("record", walk.person, "committee_talk", "--on", "2024-11-25", "--held-by", "李委员", "--held-by-role", "委员")

        let check = try walk.sandbox.run("check", walk.person, "--to", "probationary", "--on", "2024-12-10", "--expected", "11", "--present", "10", "--for", "9", "--format", "json")
        let checks = try #require(try check.object()["checks"] as? [[String: Any]])
        let failing = checks.filter { $0["passed"] as? Bool == false }.compactMap { $0["rule"] as? String }
        #expect(failing == vote.failing, "\(check)")
        if vote.failing.isEmpty {
            #expect(check.status == 0, "\(check)")
            try walk.sandbox.succeed("advance", walk.person, "--to", "probationary", "--on", "2024-12-10", "--expected", "11", "--present", "10", "--for", "9")
            let show = try walk.sandbox.succeed("show", walk.person, "--format", "json").object()
            #expect(show["stage"] as? String == "probationary")
            #expect(show["stageSince"] as? String == "2024-11-20")
        } else {
            #expect(check.status == 1, "\(check)")
            try walk.sandbox.refuse("advance", walk.person, "--to", "probationary", "--on", "2024-12-10", "--expected", "11", "--present", "10", "--for", "9", naming: vote.failing)
        }
    }
}

/// A branch meeting's vote and the rules it must fail.
struct VoteCase: Sendable, CustomTestStringConvertible {
    var expected: Int
    var present: Int
    var votesFor: Int
    var writtenFor = 0
    var failing: [String]

    var testDescription: String {
        "应到 \(expected) 实到 \(present) 赞成 \(votesFor)" + (writtenFor > 0 ? " 书面赞成 \(writtenFor)" : "")
            + (failing.isEmpty ? ": passes" : ": fails " + failing.joined(separator: ", "))
    }
}

/// The shipped rule sets.
enum RuleSet: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case cpc2014 = "cpc-2014"
    case cpc2026 = "cpc-2026"
    case university

    var testDescription: String { rawValue }

    /// 2026: the higher committee consents (报上级党委同意, R7) and the candidate 公示 (R8)
    /// comes before the designation. The university rules build on 2026.
    var consentsBeforeCandidate: Bool { self != .cpc2014 }

    /// The university's local rules: 6 months to activist (R3), 公示 at four nodes (R23), 答辩 (R24).
    var isLocal: Bool { self == .university }
}

/// One person's walk, stage by stage, in a sandbox of their own.
struct Walk {
    let ruleSet: RuleSet
    let sandbox: CLISandbox
    let person = "2021001"
    /// Whether to make the refused attempts along the way (off to reach a point quickly).
    let refusals: Bool

    /// The 25 steps (五个阶段二十五个步骤).
    static let numberedSteps = [
        "submit_application", "initial_talk", "designate_activist", "file_activist", "assign_mentors", "activist_assessment",
        "designate_candidate", "file_candidate", "assign_introducers", "political_review", "concentrated_training",
        "branch_committee_review", "pre_review", "fill_volunteer_form", "admission_meeting", "committee_talk",
        "admission_approval", "file_admission", "assign_branch_group", "take_oath", "probation_assessment",
        "submit_conversion_application", "conversion_meeting", "conversion_approval", "archive_materials",
    ]

    init(_ ruleSet: RuleSet, refusals: Bool = true, sourceLocation: SourceLocation = #_sourceLocation) throws {
        self.ruleSet = ruleSet
        self.refusals = refusals
        sandbox = try CLISandbox(today: "2026-11-20")
        let loads = try sandbox.run("workflow", "validate", ruleSet.rawValue)
        try #require(loads.status == 0, "\(ruleSet.rawValue) does not load yet: \(loads)", sourceLocation: sourceLocation)
        try sandbox.setUpUniversity(workflow: ruleSet.rawValue, sourceLocation: sourceLocation)
        try sandbox.addStudent(number: person, sourceLocation: sourceLocation)
    }

    @discardableResult
    func record(_ step: String, on date: String, _ data: String..., sourceLocation: SourceLocation = #_sourceLocation) throws -> CLIResult {
        try sandbox.run(["record", person, step, "--on", date] + data, sourceLocation: sourceLocation)
            .requireSuccess(sourceLocation: sourceLocation)
    }

    @discardableResult
    func advance(to stage: String, on date: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> CLIResult {
        // The committee's vote on the person comes with the admission approval (R17).
        let vote = stage == "probationary" ? ["--expected", "11", "--present", "10", "--for", "9"] : []
        let result = try sandbox.run(["advance", person, "--to", stage, "--on", date] + vote, sourceLocation: sourceLocation)
            .requireSuccess(sourceLocation: sourceLocation)
        let show = try sandbox.succeed("show", person, "--format", "json", sourceLocation: sourceLocation).object()
        #expect(show["stage"] as? String == stage, "\(result)", sourceLocation: sourceLocation)
        return result
    }

    /// An attempt the rules must refuse (see `CLISandbox.refuse`), made only when `refusals` is on.
    @discardableResult
    func attempt(_ arguments: String..., naming rules: [String], earliest: String? = nil,
                 sourceLocation: SourceLocation = #_sourceLocation) throws -> CLIResult? {
        guard refusals else { return nil }
        return try sandbox.refuse(arguments, naming: rules, earliest: earliest, sourceLocation: sourceLocation)
    }

    func notice(_ node: String, from: String, to: String, recordedOn: String? = nil,
                sourceLocation: SourceLocation = #_sourceLocation) throws {
        try record("public_notice", on: recordedOn ?? to, "--node", node, "--from", from, "--to", to, sourceLocation: sourceLocation)
    }

    // MARK: - 入党申请人

    func apply() throws {
        // Before anything: no first talk without an application (its step requires step 1): an ordering problem, cited as none.
        try attempt("record", person, "initial_talk", "--on", "2023-03-15", naming: ["步骤顺序"])
        // Too young: born 2003-01-01, 18 full years on 2021-01-01 (R1).
        try attempt("advance", person, "--to", "applicant", "--on", "2020-12-01", naming: ["R1"], earliest: "2021-01-01")
        try record("submit_application", on: "2023-03-01")
        try record("initial_talk", on: "2023-03-15")
        let show = try sandbox.succeed("show", person, "--format", "json").object()
        #expect(show["stage"] as? String == "applicant")
        #expect(show["stageSince"] as? String == "2023-03-01")
    }

    // MARK: - 入党积极分子

    func becomeActivist() throws {
        // No recommendation yet (R3), and a League member under 28 needs 推优 (R4).
        var rules = ["R3", "R4"]
        if ruleSet.isLocal { rules.append("R23") }  // no 公示 of the proposed activists
        let early = try attempt("advance", person, "--to", "activist", "--on", "2023-08-15", naming: rules,
                                       earliest: ruleSet.isLocal ? "2023-09-01" : nil)  // local: 6 months after applying
        if ruleSet.isLocal, let early {
            #expect(early.output.contains("2023-09-01"), "the 6-month rule gives its earliest date: \(early)")
        }
        try record("recommendation", on: "2023-08-20", "--method", "league")
        if ruleSet.isLocal {
            // Monday to Friday, 5 working days; the designation may follow once it has ended.
            try notice("activist", from: "2023-09-04", to: "2023-09-08")
            try attempt("advance", person, "--to", "activist", "--on", "2023-09-08", naming: ["R23"], earliest: "2023-09-09")
        }
        try advance(to: "activist", on: "2023-09-15")
        try record("file_activist", on: "2023-09-20")
        try record("assign_mentors", on: "2023-09-20", "--names", "王老师,李老师", "--statement", "均为正式党员，未受留党察看处分")
        try record("activist_assessment", on: "2024-03-15")
        try record("activist_assessment", on: "2024-09-02")
    }

    // MARK: - 发展对象

    func becomeCandidate() throws {
        // Less than a year after becoming an activist (R7): allowed from the anniversary.
        var rules = ["R7"]
        if ruleSet.consentsBeforeCandidate { rules.append("R8") }  // and no candidate 公示 yet
        try attempt("advance", person, "--to", "candidate", "--on", "2024-09-10", naming: rules, earliest: "2024-09-15")
        if ruleSet.consentsBeforeCandidate {
            try notice("candidate", from: "2024-09-02", to: "2024-09-06")
            // The higher committee's answer is recorded; it first declines (R7: consent required).
            try record("file_candidate", on: "2024-09-09", "--result", "fail")
            try attempt("advance", person, "--to", "candidate", "--on", "2024-09-20", naming: ["R7"])
            try record("file_candidate", on: "2024-09-12", "--result", "pass")
        }
        try advance(to: "candidate", on: "2024-09-20")
        if !ruleSet.consentsBeforeCandidate {
            try record("file_candidate", on: "2024-09-25")  // 2014: filed (备案) after the designation
        }
        try record("assign_introducers", on: "2024-09-25", "--names", "王老师,李老师", "--statement", "均为正式党员，未受留党察看处分")
        try record("political_review", on: "2024-10-15", "--result", "pass")
        try record("concentrated_training", on: "2024-10-20", "--days", "3")
    }

    // MARK: - 预备党员

    /// Steps 12-14 and, under the local rules, the admission 公示 and the 答辩.
    func prepareAdmission() throws {
        try record("branch_committee_review", on: "2024-11-01")
        try record("pre_review", on: "2024-11-04")
        if ruleSet.isLocal {
            // Tuesday 11-05 to Monday 11-11: 5 working days. No 志愿书 before it ends (R23).
            try notice("admission", from: "2024-11-05", to: "2024-11-11")
            try attempt("record", person, "fill_volunteer_form", "--on", "2024-11-11", naming: ["R23"], earliest: "2024-11-12")
        }
        try record("fill_volunteer_form", on: "2024-11-15")
        if ruleSet.isLocal {
            // No branch meeting before the 答辩 is passed (R24).
            try attempt("record", person, "admission_meeting", "--on", "2024-11-20",
                               "--expected", "9", "--present", "8", "--for", "8", naming: ["R24"])
            try record("defense", on: "2024-11-18", "--result", "pass")
        }
    }

    func holdAdmissionMeeting(expected: Int, present: Int, votesFor: Int, on date: String = "2024-11-20") throws {
        try record("admission_meeting", on: date, "--expected", String(expected), "--present", String(present),
                   "--for", String(votesFor), "--against", String(present - votesFor))
    }

    func approveAdmission() throws {
        // The committee has not talked with the person yet (R16).
        try attempt("advance", person, "--to", "probationary", "--on", "2024-11-22", "--expected", "11", "--present", "10", "--for", "9", naming: ["R16"])
        // R16: who held the talk is recorded, and a branch secretary may not hold it.
        if refusals {
            let refused = try sandbox.refuse("record", person, "committee_talk", "--on", "2024-11-25", "--held-by", "张书记",
                                             "--held-by-role", "支部书记", naming: ["R16"])
            #expect(refused.output.contains("held by 张书记 (支部成员)"), "\(refused)")
            let missing = try sandbox.run("record", person, "committee_talk", "--on", "2024-11-25")
            #expect(missing.status == 1 && missing.output.contains("--held-by"), "\(missing)")
        }
        try record("committee_talk", on: "2024-11-25", "--held-by", "王组织员", "--held-by-role", "组织员")
        // Within 3 months of the meeting (by 2025-02-20); later only with a reason (R17), except
        // at the university, where the branch deliberates again instead.
        try attempt("advance", person, "--to", "probationary", "--on", "2025-03-10", "--expected", "11", "--present", "10", "--for", "9", naming: ["R17"])
        let late = try sandbox.run("check", person, "--to", "probationary", "--on", "2025-03-10", "--expected", "11", "--present", "10", "--for", "9", "--reason", "党委会议因故延期",
                                   "--format", "json")
        let stretches = ruleSet != .university
        #expect(late.status == (stretches ? 0 : 1), "\(late)")
        let lateChecks = try late.object()["checks"] as? [[String: Any]] ?? []
        #expect(lateChecks.filter { $0["rule"] as? String == "R17" }.allSatisfy { $0["passed"] as? Bool == true } == stretches,
                "a reason allows up to 6 months (R17), not at the university: \(late)")
        // R17: the committee votes on the person; more than half of its 应到 must be for.
        if refusals {
            let minority = try sandbox.refuse("advance", person, "--to", "probationary", "--on", "2024-12-10", "--expected", "11",
                                              "--present", "8", "--for", "5", naming: ["R17"])
            #expect(minority.output.contains("赞成 5 of 应到 11 (实到 8)"), "\(minority)")
            let noVote = try sandbox.run("advance", person, "--to", "probationary", "--on", "2024-12-10")
            #expect(noVote.status == 1 && noVote.output.contains("--expected (应到委员)"), "\(noVote)")
        }
        let approved = try advance(to: "probationary", on: "2024-12-10")
        #expect(approved.stdout.contains("2024-11-20"), "the stage takes effect on the meeting date: \(approved)")
    }

    func serveProbation() throws {
        try record("file_admission", on: "2024-12-15")
        try record("assign_branch_group", on: "2024-12-15")
        try record("take_oath", on: "2024-12-20")
        for date in ["2025-02-20", "2025-05-20", "2025-08-20", "2025-11-10"] {
            try record("probation_assessment", on: date)
        }
        try record("submit_conversion_application", on: "2025-11-01")
    }

    // MARK: - 正式党员

    func convert() throws {
        // The branch has not discussed the conversion (R20).
        var rules = ["R20"]
        if ruleSet.isLocal { rules.append("R23") }  // nor published it
        try attempt("advance", person, "--to", "full_member", "--on", "2025-11-18", naming: rules)
        if ruleSet.isLocal {
            try notice("conversion", from: "2025-11-10", to: "2025-11-14")
            // 答辩 before the conversion too: the one before admission does not count.
            try attempt("record", person, "conversion_meeting", "--on", "2025-11-20", "--expected", "9", "--present", "8", "--for", "8",
                        naming: ["R24"])
            try record("defense", on: "2025-11-17", "--result", "pass")
        }
        // Probation ends on 2025-11-20, the anniversary of the admission meeting; the meeting is held that day.
        try record("conversion_meeting", on: "2025-11-20", "--expected", "9", "--present", "8", "--for", "8")
        let converted = try advance(to: "full_member", on: "2025-12-10")
        #expect(converted.stdout.contains("2025-11-20"), "full membership takes effect when probation ends: \(converted)")
        try record("archive_materials", on: "2025-12-15")
    }
}

extension CLIResult {
    @discardableResult
    func requireSuccess(sourceLocation: SourceLocation = #_sourceLocation) throws -> CLIResult {
        try #require(status == 0, "\(self)", sourceLocation: sourceLocation)
        return self
    }
}

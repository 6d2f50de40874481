import FazhanCore

/// One person's path through the 25 steps, planned forward from the application date, with the
/// dates the rules of the `university` workflow allow (and, for a deviation, one rule broken on
/// purpose).
///
/// Every random draw is made once, up front, in `Draws`, so that planning the same draws from a
/// different application date gives the same gaps: the builder plans once to learn how long the
/// path takes, then again from the date that puts the person in the wanted stage today.
struct DemoCareer {
    /// A rule broken on purpose, to give the audit and `check` something to find.
    enum Deviation: String, Sendable, CaseIterable {
        /// R2: the first talk two months after the application.
        case lateFirstTalk
        /// Local rule (R3): an activist four months after the application (6 required).
        case earlyActivist
        /// R23: the activist 公示 only 3 working days.
        case shortActivistNotice
        /// R6: no activist assessment in the 6 months after designation.
        case missedAssessment
        /// R7: a candidate 10 months after becoming an activist.
        case earlyCandidate
        /// R9: only one introducer.
        case oneIntroducer
        /// R14: 应到 20, 实到 12, 赞成 9: a majority of those present, not of 应到; approved anyway.
        case failedMajority
        /// R17: approved 4 months after the meeting, no reason given.
        case lateApproval
        /// R18: the oath two months after the approval.
        case lateOath
        /// R20: the conversion meeting a month before probation ends.
        case earlyConversion
        /// R22: archived three weeks after the conversion approval.
        case lateArchive
        /// R12 (2026): pre-reviewed twice; the meeting within a month of the second, not of the first.
        case secondPreReview
        /// R18: the oath taken after probation ended (the conversion waits for it).
        case oathAfterProbation
        /// R20: probation ended months ago and the branch has not discussed it.
        case lateConversionDiscussion
        /// R16: the committee talk held by the branch secretary, not a 党委委员 or 组织员.
        case talkByBranchSecretary
        /// R12: a graduating student admitted though leaving the university within 3 months.
        case leavingSoon
        /// Local rule (R6): no thought report since the approval.
        case missedThoughtReports
        /// Local rule (R24): no 答辩 before the conversion meeting.
        case noConversionDefense
        /// R17 (local number): filed one level up two months after the approval.
        case lateFiling
        /// R17: approved by the committee with 5 votes of 11 members (not more than half of 应到).
        case committeeMinority
        /// R13: 应到 counted beyond the branch's recorded full members (only full members vote).
        case expectedBeyondRoster
        /// Local rule (R17): deliberated again after 3 months, approved more than 6 months after
        /// the first resolution without the procedure redone.
        case procedureNotRedone
    }

    /// How long a showcase person waits at the step the demo will take live, so that `today`
    /// can fall inside the wait.
    struct Leads {
        /// Days from the end of the activist 公示 to the designation (normally 1-4).
        var activist: Int?
        /// Days from the committee's consent to the designation as a candidate (normally 1-5).
        var candidate: Int?
        /// Days from the committee talk to the admission approval (normally 3-15).
        var approval: Int?
    }

    struct Planned {
        var step: String
        var date: CivilDate
        var data: EventData
    }

    /// Who the person meets along the way (names of party members not in the demo database).
    struct People {
        /// Branch committee members who hold the first talk.
        var talkers: [String]
        /// Full members who can be mentors and introducers.
        var members: [String]
        /// The committee's 组织员 who hold the committee talk.
        var organizers: [String]
    }

    /// Everything random about a career, drawn in a fixed order.
    struct Draws {
        var talkGap, activistWait, activistNoticeLead, activistLead, recommendationGap, fileActivistGap, mentorGap: Int
        var candidateWait, candidateNoticeLead, consentGap, candidateLead: Int
        var introducerGap, reviewGap, trainingGap, branchReviewGap, preReviewGap: Int
        var noticeGap, formGap, defenseGap, meetingGap, committeeTalkGap, approvalLead: Int
        var fileAdmissionGap, branchGroupGap, oathGap: Int
        var conversionApplicationLead, conversionNoticeGap, conversionMeetingGap, conversionApprovalGap, archiveGap: Int
        var lateness: Int
        var assessmentJitter: [Int]
        var probationJitter: [Int]
        var talker, mentor1, mentor2, otherIntroducer, organizer: Int
        var introducersAreMentors: Bool
        var trainingInDays: Bool
        var trainingHours: Int
        var admissionVote: [Int]
        var conversionVote: [Int]
        var admissionExpectedDelta, conversionExpectedDelta: Int

        init(_ random: inout DemoRandom) {
            talkGap = random.int(5...24)
            // Most applicants are chosen at the first or second round after six months; some wait a year.
            activistWait = random.int(0...90) + (random.chance(0.35) ? random.int(60...240) : 0)
            activistNoticeLead = random.int(10...16)
            activistLead = random.int(1...4)
            recommendationGap = random.int(2...10)
            fileActivistGap = random.int(3...20)
            mentorGap = random.int(0...14)
            candidateWait = random.int(0...60) + (random.chance(0.4) ? random.int(30...180) : 0)
            candidateNoticeLead = random.int(18...25)
            consentGap = random.int(1...4)
            candidateLead = random.int(1...5)
            introducerGap = random.int(5...25)
            reviewGap = random.int(20...70)
            trainingGap = random.int(10...75)
            branchReviewGap = random.int(5...20)
            preReviewGap = random.int(7...20)
            noticeGap = random.int(1...3)
            formGap = random.int(1...3)
            defenseGap = random.int(1...4)
            meetingGap = random.int(1...5)
            committeeTalkGap = random.int(5...25)
            approvalLead = random.int(3...15)
            fileAdmissionGap = random.int(3...15)
            branchGroupGap = random.int(1...10)
            oathGap = random.int(5...25)
            conversionApplicationLead = random.int(7...25)
            conversionNoticeGap = random.int(1...3)
            conversionMeetingGap = random.int(0...15)
            conversionApprovalGap = random.int(10...60)
            archiveGap = random.int(1...5)
            lateness = random.int(0...10)
            assessmentJitter = (0..<12).map { _ in random.int(0...20) }
            probationJitter = (0..<8).map { _ in random.int(0...10) }
            talker = random.int(0...999)
            mentor1 = random.int(0...999)
            mentor2 = random.int(0...999)
            otherIntroducer = random.int(0...999)
            organizer = random.int(0...999)
            introducersAreMentors = random.chance(0.85)
            trainingInDays = random.chance(0.6)
            trainingHours = random.int(24...32)
            admissionVote = (0..<4).map { _ in random.int(0...999) }
            conversionVote = (0..<4).map { _ in random.int(0...999) }
            admissionExpectedDelta = random.int(-2...2)
            conversionExpectedDelta = random.int(-2...3)
        }
    }

    // Key dates.
    var application, talk, recommendation, activistNoticeFrom, activistNoticeTo, activist: CivilDate
    var consent, candidateNoticeFrom, candidateNoticeTo, candidate: CivilDate
    var committeeTalk, admissionMeeting, approval, oath, probationEnd: CivilDate
    var conversionNoticeTo, conversionMeeting, conversionApproval, archive: CivilDate
    /// The first admission meeting whose vote carried (before a re-deliberation, the same as
    /// `admissionMeeting`).
    var firstResolution: CivilDate
    /// The full members recorded for the branch (its roster, R13).
    var fullMembers: Int
    /// Every planned event, in the logical order they were planned in.
    var planned: [Planned]

    /// Plans a career from the application date.
    ///
    /// - Parameters:
    ///   - method: the recommendation before step 3: `league` (推优) for a League member under
    ///     28, else `members` (党员推荐).
    ///   - branchSize: the branch's full members with a vote (应到 at its meetings).
    ///   - approver: the code of the 党委 that approves.
    init(
        applyingOn start: CivilDate, draws d: Draws, calendar: WorkingCalendar, method: String, branchSize: Int,
        people: People, approver: String, deviation: Deviation?, leads: Leads
    ) {
        func onOrAfter(_ date: CivilDate) -> CivilDate {
            var day = date
            while !calendar.isWorkingDay(day) { day = day.adding(days: 1) }
            return day
        }
        func onOrBefore(_ date: CivilDate) -> CivilDate {
            var day = date
            while !calendar.isWorkingDay(day) { day = day.adding(days: -1) }
            return day
        }
        func noticeEnd(_ from: CivilDate, workingDays: Int = 5) -> CivilDate {
            calendar.date(afterWorkingDays: workingDays, startingOn: from).date
        }
        var planned: [Planned] = []
        func add(_ step: String, _ date: CivilDate, _ data: EventData = EventData()) {
            planned.append(Planned(step: step, date: date, data: data))
        }
        func notice(_ node: String, _ from: CivilDate, _ to: CivilDate) -> EventData {
            EventData(node: node, from: from, to: to, objections: 0)
        }
        func member(_ index: Int) -> String { people.members[index % people.members.count] }

        // 1-2: application and the first talk (R2: within 1 month).
        let application = onOrAfter(start)
        add("submit_application", application)
        var talk = min(onOrAfter(application.adding(days: d.talkGap)), onOrBefore(application.adding(months: 1)))
        if deviation == .lateFirstTalk { talk = onOrAfter(application.adding(months: 2).adding(days: d.lateness)) }
        add("initial_talk", talk, EventData(names: [people.talkers[d.talker % people.talkers.count]]))

        // 3: 推优 or 党员推荐, the activist 公示 (5 working days), then the designation, at least
        // 6 months after the application (local rule).
        let earliestActivist = application.adding(months: deviation == .earlyActivist ? 4 : 6)
        let activistTarget = max(earliestActivist, talk.adding(days: 30)).adding(days: deviation == .earlyActivist ? 0 : d.activistWait)
        let activistNoticeFrom = onOrAfter(activistTarget.adding(days: -d.activistNoticeLead))
        let activistNoticeTo = noticeEnd(activistNoticeFrom, workingDays: deviation == .shortActivistNotice ? 3 : 5)
        let activist = onOrAfter(max(activistTarget, activistNoticeTo.adding(days: leads.activist ?? d.activistLead)))
        var recommendation = onOrBefore(activistNoticeFrom.adding(days: -d.recommendationGap))
        if recommendation <= talk { recommendation = onOrAfter(talk.adding(days: 1)) }
        add("recommendation", recommendation, EventData(method: method))
        add("public_notice", activistNoticeFrom, notice("activist", activistNoticeFrom, activistNoticeTo))
        add("designate_activist", activist)
        // 4-5: filing and mentors (R5: 1 or 2 full members).
        let mentors = [member(d.mentor1), member(d.mentor1 + 1 + d.mentor2 % (people.members.count - 1))]
        add("file_activist", onOrAfter(activist.adding(days: d.fileActivistGap)))
        add("assign_mentors", onOrAfter(activist.adding(days: d.mentorGap)), EventData(names: mentors, statement: "均为正式党员，未受留党察看处分"))

        // 7-8: at least 1 year later (R7), a 公示 (R8), the committee's consent (2026), then the designation.
        let candidateTarget = deviation == .earlyCandidate
            ? activist.adding(months: 10).adding(days: d.lateness)
            : activist.adding(years: 1).adding(days: d.candidateWait)
        let candidateNoticeFrom = onOrAfter(candidateTarget.adding(days: -d.candidateNoticeLead))
        let candidateNoticeTo = noticeEnd(candidateNoticeFrom)
        let consent = onOrAfter(candidateNoticeTo.adding(days: d.consentGap))
        let candidate = onOrAfter(max(candidateTarget, consent.adding(days: leads.candidate ?? d.candidateLead)))
        add("public_notice", candidateNoticeFrom, notice("candidate", candidateNoticeFrom, candidateNoticeTo))
        add("file_candidate", consent, EventData(result: .pass))
        add("designate_candidate", candidate)

        // 9-14: introducers (R9: exactly 2), political review, training (R11), reviews, the
        // admission 公示, the volunteer form after it ends, 答辩.
        var introducers = d.introducersAreMentors ? mentors : [mentors[0], member(d.otherIntroducer)]
        if introducers[0] == introducers[1] { introducers = mentors }
        if deviation == .oneIntroducer { introducers = [mentors[0]] }
        let introducerDate = onOrAfter(candidate.adding(days: d.introducerGap))
        let reviewDate = onOrAfter(candidate.adding(days: d.reviewGap))
        let trainingDate = onOrAfter(candidate.adding(days: d.trainingGap))
        // Introducers are "normally" the mentors (R9): where one is not, the committee decided so.
        if Set(introducers) != Set(mentors), introducers.count == 2 {
            add("waiver", introducerDate, EventData(reason: "培养联系人工作调动，由本支部其他正式党员担任入党介绍人", rule: "R9",
                                                    approvedBy: "校党委组织部"))
        }
        add("assign_introducers", introducerDate, EventData(names: introducers, statement: "均为正式党员，未受留党察看处分"))
        add("political_review", reviewDate, EventData(result: .pass))
        add("concentrated_training", trainingDate, d.trainingInDays ? EventData(days: 3) : EventData(hours: d.trainingHours))
        let branchReview = onOrAfter(max(introducerDate, reviewDate, trainingDate).adding(days: d.branchReviewGap))
        let preReview = onOrAfter(branchReview.adding(days: d.preReviewGap))
        add("branch_committee_review", branchReview)
        add("pre_review", preReview)
        // 2026: the meeting within 1 month of the pre-review; the local notice, form and 答辩 fit in it.
        var admissionNoticeFrom = onOrAfter(preReview.adding(days: d.noticeGap))
        var admissionNoticeTo = noticeEnd(admissionNoticeFrom)
        var form = onOrAfter(admissionNoticeTo.adding(days: d.formGap))
        var defense = onOrAfter(form.adding(days: d.defenseGap))
        var meeting = onOrAfter(defense.adding(days: d.meetingGap))
        if meeting > preReview.adding(months: 1) {
            admissionNoticeFrom = onOrAfter(preReview.adding(days: 1))
            admissionNoticeTo = noticeEnd(admissionNoticeFrom)
            form = onOrAfter(admissionNoticeTo.adding(days: 1))
            defense = onOrAfter(form.adding(days: 1))
            meeting = onOrAfter(defense.adding(days: 1))
        }
        if deviation == .secondPreReview {
            // Pre-reviewed again 20 days later; the meeting a few days past the month of the first.
            add("pre_review", onOrAfter(preReview.adding(days: 20)))
            meeting = onOrAfter(preReview.adding(months: 1).adding(days: 1 + d.lateness % 5))
        }
        add("public_notice", admissionNoticeFrom, notice("admission", admissionNoticeFrom, admissionNoticeTo))
        add("fill_volunteer_form", form)
        add("defense", defense, EventData(result: .pass))

        // 15-17: the branch meeting (R13, R14), the committee talk, approval within 3 months by the 党委.
        let fullMembers = DemoUniversity.fullMembers(branchSize: branchSize)
        var admissionVote = deviation == .failedMajority
            ? EventData(expected: 20, present: 12, votesFor: 9, against: 2, abstain: 1)
            : DemoCareer.vote(expected: max(8, branchSize + d.admissionExpectedDelta), draws: d.admissionVote)
        if deviation == .expectedBeyondRoster {
            // 应到 counted with the probationary members: beyond the full members on the roster.
            admissionVote = EventData(expected: fullMembers + 2 + d.lateness % 3, present: fullMembers - 1, votesFor: fullMembers - 2,
                                      against: 1, abstain: 0)
        }
        add("admission_meeting", meeting, admissionVote)
        let firstResolution = meeting
        let committeeTalk = onOrAfter(meeting.adding(days: d.committeeTalkGap))
        // R16: held by the committee's 组织员 (the deviation: by the branch secretary).
        let talkHolder = deviation == .talkByBranchSecretary
            ? EventData(heldBy: people.talkers[d.talker % people.talkers.count], heldByRole: TalkRole.branch.rawValue)
            : EventData(heldBy: people.organizers[d.organizer % people.organizers.count], heldByRole: TalkRole.organizer.rawValue)
        add("committee_talk", committeeTalk, talkHolder)
        var approval = onOrAfter(committeeTalk.adding(days: leads.approval ?? d.approvalLead))
        if approval > meeting.adding(days: 70) { approval = max(onOrBefore(meeting.adding(days: 70)), committeeTalk.adding(days: 1)) }
        if deviation == .lateApproval { approval = onOrAfter(meeting.adding(months: 4).adding(days: d.lateness)) }
        if deviation == .procedureNotRedone {
            // Not approved within 3 months: the branch deliberates again (local rule), and the
            // approval comes more than 6 months after the first resolution with no procedure redone.
            let again = onOrAfter(meeting.adding(months: 3).adding(days: 12 + d.lateness % 8))
            add("admission_meeting", again, DemoCareer.vote(expected: max(8, branchSize + d.admissionExpectedDelta), draws: d.admissionVote))
            approval = onOrBefore(again.adding(months: 3).adding(days: -2))
            meeting = again
        }
        // R17: the committee (about 11 members) votes on each person; the deviation: approved
        // with 5 of 11 for, a majority of those present but not of 应到.
        var committeeVote = deviation == .committeeMinority
            ? EventData(expected: 11, present: 8, votesFor: 5, against: 2, abstain: 1)
            : DemoCareer.vote(expected: 11 + d.admissionExpectedDelta, draws: d.conversionVote)
        committeeVote.approver = approver
        add("admission_approval", approval, committeeVote)
        // R12: some know when they will leave (graduation in July, a post elsewhere), recorded
        // with the introducers: never within 3 months of the approval, except the deviation (a
        // graduating student admitted a month or two before leaving).
        if deviation == .leavingSoon {
            add("expected_departure", introducerDate, EventData(leavingOn: approval.adding(days: 30 + d.lateness * 3)))
        } else if d.talker % 6 == 0 {
            var july = CivilDate(year: approval.year, month: 7, day: 1)!
            while july <= approval.adding(months: 4) { july = july.adding(years: 1) }
            add("expected_departure", introducerDate, EventData(leavingOn: july))
        }

        // 18-21: filing (within a month, local), branch and group, the oath within 1 month (2026),
        // quarterly assessments.
        add("file_admission", onOrAfter(approval.adding(days: deviation == .lateFiling ? 55 + d.lateness : d.fileAdmissionGap)))
        add("assign_branch_group", onOrAfter(approval.adding(days: d.branchGroupGap)))
        var oath = min(onOrAfter(approval.adding(days: d.oathGap)), onOrBefore(approval.adding(months: 1)))
        if deviation == .lateOath { oath = onOrAfter(approval.adding(months: 2).adding(days: d.lateness)) }
        if deviation == .oathAfterProbation { oath = onOrAfter(meeting.adding(years: 1).adding(days: 10 + d.lateness)) }
        add("take_oath", oath)

        // 22-25: probation ends a year after the meeting (R19); application, 公示, meeting on or
        // after the end (R20), approval within 3 months (R21), archive within a week (local).
        let probationEnd = meeting.adding(years: 1)
        var conversionBase = deviation == .earlyConversion
            ? probationEnd.adding(months: -1).adding(days: -d.lateness)
            : probationEnd
        if deviation == .oathAfterProbation { conversionBase = oath.adding(days: 3) }
        if deviation == .lateConversionDiscussion { conversionBase = probationEnd.adding(months: 5).adding(days: d.lateness) }
        var conversionApplication = onOrBefore(conversionBase.adding(days: -d.conversionApplicationLead))
        if conversionApplication <= approval { conversionApplication = onOrAfter(approval.adding(days: 1)) }
        let conversionNoticeFrom = onOrAfter(conversionApplication.adding(days: d.conversionNoticeGap))
        let conversionNoticeTo = noticeEnd(conversionNoticeFrom)
        let conversionMeeting = onOrAfter(max(conversionBase, conversionNoticeTo.adding(days: 1)).adding(days: d.conversionMeetingGap))
        let conversionApproval = onOrAfter(conversionMeeting.adding(days: d.conversionApprovalGap))
        var archive = onOrAfter(conversionApproval.adding(days: d.archiveGap))
        if archive > conversionApproval.adding(days: 7) { archive = conversionApproval.adding(days: 7) }
        if deviation == .lateArchive { archive = onOrAfter(conversionApproval.adding(days: 21 + d.lateness)) }
        add("submit_conversion_application", conversionApplication)
        add("public_notice", conversionNoticeFrom, notice("conversion", conversionNoticeFrom, conversionNoticeTo))
        // 答辩 again before the conversion meeting (local), during probation.
        if deviation != .noConversionDefense {
            add("defense", max(onOrAfter(approval.adding(days: 1)), onOrBefore(conversionMeeting.adding(days: -d.defenseGap))),
                EventData(result: .pass))
        }
        add("conversion_meeting", conversionMeeting,
            DemoCareer.vote(expected: max(8, branchSize + d.conversionExpectedDelta), draws: d.conversionVote))
        add("conversion_approval", conversionApproval, EventData(approver: approver))
        add("archive_materials", archive)

        // 6: activist assessments every 6 months (counted from the last one) until the admission.
        if deviation != .missedAssessment {
            var previous = activist
            for jitter in d.assessmentJitter {
                let next = onOrBefore(previous.adding(months: 6).adding(days: -jitter))
                if next >= approval { break }
                add("activist_assessment", next)
                previous = next
            }
        }
        // Thought reports every quarter (local) from becoming an activist to the conversion.
        var lastReport = activist
        for index in 0..<40 {
            let next = onOrBefore(lastReport.adding(months: 3).adding(days: -(d.assessmentJitter[index % 12] % 15)))
            if next >= conversionApproval { break }
            if deviation == .missedThoughtReports, next > approval { break }
            add("thought_report", next)
            lastReport = next
        }
        // 21: probation assessments every quarter from the meeting (local), while probationary.
        var previous = meeting
        for jitter in d.probationJitter {
            var next = onOrBefore(previous.adding(months: 3).adding(days: -jitter))
            if next <= approval { next = onOrAfter(approval.adding(days: 2)) }
            if next >= conversionApproval { break }
            add("probation_assessment", next)
            previous = next
        }

        self.planned = planned
        self.application = application
        self.talk = talk
        self.recommendation = recommendation
        self.activistNoticeFrom = activistNoticeFrom
        self.activistNoticeTo = activistNoticeTo
        self.activist = activist
        self.consent = consent
        self.candidateNoticeFrom = candidateNoticeFrom
        self.candidateNoticeTo = candidateNoticeTo
        self.candidate = candidate
        self.committeeTalk = committeeTalk
        self.admissionMeeting = meeting
        self.approval = approval
        self.oath = oath
        self.probationEnd = probationEnd
        self.conversionNoticeTo = conversionNoticeTo
        self.conversionMeeting = conversionMeeting
        self.conversionApproval = conversionApproval
        self.archive = archive
        self.firstResolution = firstResolution
        self.fullMembers = fullMembers
    }

    /// A meeting vote that passes: most members present, a few against or abstaining, sometimes
    /// written opinions from those absent.
    static func vote(expected: Int, draws: [Int]) -> EventData {
        let absent = draws[0] % (max(1, expected / 5) + 1)
        let present = expected - absent
        let against = draws[1] < 150 ? 1 : 0
        let abstain = draws[2] < 100 ? 1 : 0
        let writtenFor = absent > 0 && draws[3] < 300 ? 1 + draws[3] % absent : 0
        return EventData(
            expected: expected, present: present, votesFor: present - against - abstain,
            against: against, abstain: abstain, writtenFor: writtenFor > 0 ? writtenFor : nil)
    }

    /// The events that have happened by `today`, in date order (within a day, the order they
    /// were planned in). A 公示 is recorded on its first day but kept only once it has ended, so
    /// that no date in the data lies after today.
    func events(through today: CivilDate) -> [Planned] {
        planned.enumerated()
            .filter { $0.element.date <= today && ($0.element.data.to.map { $0 <= today } ?? true) }
            .sorted { ($0.element.date, $0.offset) < ($1.element.date, $1.offset) }
            .map(\.element)
    }
}

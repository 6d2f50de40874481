import FazhanCore
import FazhanSQLite
import FazhanStore

extension DemoUniversity {
    /// The state of one build: what has been written so far and the people worth showing.
    struct Builder {
        let store: SQLiteStore
        let bundle: WorkflowBundle
        let version: Int64
        let today: CivilDate
        let user: String
        let seed: UInt64
        /// Where this university sits and how its codes and numbers are made unique.
        let naming: UnitNaming

        /// A college as people are placed in it: its branches by the people they hold.
        struct Unit {
            var college: College
            var collegeIndex: Int
            var code: String
            var undergraduate: [String] = []
            var master: [String] = []
            var doctoral: [String] = []
            var teacher = ""
            var people: DemoCareer.People
        }

        /// Who a person is: everything registered about them besides name, gender and ethnicity.
        struct Identity {
            var number: String
            var branch: String
            var birth: CivilDate
            var education: String
            var level: PersonProfile.Level?
            var grade: Int?
        }

        /// A person planned but not yet written, with their events (person id to be assigned).
        struct PendingPerson {
            var person: NewPerson
            var events: [Event]
            var showcase: Showcase?
        }

        var units: [Unit] = []
        /// Full members with a vote, per branch code (应到 at its meetings).
        var branchSize: [String: Int] = [:]
        var organizationCount = 0
        var peopleCount = 0
        var eventCount = 0
        var numbers: Set<String> = []
        /// Resident ID numbers given out (shared by the universities of a generated province).
        var idNumbers: Set<String> = []
        var showcases: [(Showcase, Int64)] = []
        var outOfRule: [DemoSummary.OutOfRule] = []
        /// Organizations and people planned but not yet written.
        var pendingOrganizations: [NewOrganization] = []
        var pending: [PendingPerson] = []

        init(store: SQLiteStore, bundle: WorkflowBundle, version: Int64, today: CivilDate, user: String, seed: UInt64,
             naming: UnitNaming = UnitNaming()) {
            self.store = store
            self.bundle = bundle
            self.version = version
            self.today = today
            self.user = user
            self.seed = seed
            self.naming = naming
        }

        /// The recording time of a seeded event: 10:00 in Beijing on the day it happened.
        func stamp(_ date: CivilDate) -> String { "\(date)T02:00:00Z" }

        // MARK: - Organizations

        mutating func addOrganizations() throws {
            var random = DemoRandom(seed: seed, stream: 0x0516)
            let founded = "\(today.year - 12)-09-01T00:00:00Z"
            pendingOrganizations.append(NewOrganization(
                code: naming.committee, name: naming.committeeName, kind: .committee, parentCode: naming.parent, category: .mixed,
                canApprove: true, createdAt: founded, createdBy: user))
            organizationCount += 1
            let organizers = (0..<4).map { _ in
                DemoNames.name(gender: random.chance(0.5) ? .male : .female, ethnicity: "汉族", random: &random)
            }
            for (index, college) in DemoUniversity.colleges.enumerated() {
                let collegeCode = naming.codePrefix + college.code
                pendingOrganizations.append(NewOrganization(
                    code: collegeCode, name: college.name + "党总支", kind: .generalBranch, parentCode: naming.committee,
                    category: .mixed, canApprove: false, createdAt: founded, createdBy: user))
                organizationCount += 1
                var unit = Unit(college: college, collegeIndex: index + 1, code: collegeCode,
                                people: DemoCareer.People(talkers: [], members: [], organizers: organizers))
                for branch in college.branches {
                    let code = "\(collegeCode)-\(branch.suffix)"
                    pendingOrganizations.append(NewOrganization(
                        code: code, name: college.name + branch.name, kind: .branch, parentCode: collegeCode,
                        category: branch.kind == "T" ? .teacher : .student, canApprove: false, createdAt: founded, createdBy: user))
                    organizationCount += 1
                    switch branch.kind {
                    case "S": unit.undergraduate.append(code); branchSize[code] = random.int(9...22)
                    case "G": unit.master.append(code); branchSize[code] = random.int(12...28)
                    case "D": unit.doctoral.append(code); branchSize[code] = random.int(10...20)
                    default: unit.teacher = code; branchSize[code] = random.int(16...30)
                    }
                }
                if unit.doctoral.isEmpty { unit.doctoral = unit.master }
                // Party members of the college who are not in the demo database: branch
                // committee members (who hold the first talk), mentors and introducers.
                func someone() -> String {
                    DemoNames.name(gender: random.chance(college.maleShare) ? .male : .female, ethnicity: "汉族", random: &random)
                }
                unit.people.talkers = (0..<3).map { _ in someone() }
                var members: [String] = []
                while members.count < 12 {
                    let name = someone()
                    if !members.contains(name) { members.append(name) }
                }
                unit.people.members = members
                units.append(unit)
            }
        }

        // MARK: - People

        /// Every person's role, in a seeded order: the showcase and out-of-rule people first
        /// counted out, the rest shared over the stages.
        func roles(count: Int) -> [Role] {
            var specials: [Role] = []
            for showcase in Showcase.allCases {
                specials += Array(repeating: .showcase(showcase), count: showcase == .blockedActivist ? 2 : 3)
            }
            specials += DemoUniversity.deviations.map { .deviation($0.0, stage: $0.1) }
            // Ways out, where the workflow has a step for them (else they stay in their stage).
            for exit in Exit.allCases {
                let role: Role = bundle.workflow.step(exit.step)?.enters != nil ? .exit(exit) : .stage(exit.stageBefore)
                specials += Array(repeating: role, count: exit.count)
            }
            let ordinary = max(0, count - specials.count)
            var roles: [Role] = []
            var assigned = 0
            for (index, (stage, share)) in DemoUniversity.stageShares.enumerated() {
                let n = index == DemoUniversity.stageShares.count - 1 ? ordinary - assigned : ordinary * share / 1000
                roles += Array(repeating: .stage(stage), count: n)
                assigned += n
            }
            roles += specials.prefix(count)
            var random = DemoRandom(seed: seed, stream: 0x0001)
            random.shuffle(&roles)
            return roles
        }

        mutating func addPeople(count: Int) throws {
            for (index, role) in roles(count: count).enumerated() {
                try addPerson(index: index, role: role)
                if index % 2000 == 1999 { try flush() }
            }
            try flush()
        }

        mutating func addPerson(index: Int, role: Role) throws {
            // Two streams per person: one for who they are, one for the gaps of their career.
            var random = DemoRandom(seed: seed, stream: 0x1_0000 + UInt64(index))
            var drawing = DemoRandom(seed: seed, stream: 0x2_0000 + UInt64(index))
            let draws = DemoCareer.Draws(&drawing)

            var special = true
            if case .stage = role { special = false }
            let teacher = !special && random.chance(0.1)
            let unit = units[random.weighted(DemoUniversity.colleges.map(\.weight))]
            let gender: Gender = random.chance(teacher ? 0.55 : unit.college.maleShare) ? .male : .female
            let ethnicity = DemoNames.ethnicities[random.weighted(DemoNames.ethnicities.map(\.weight))]
            let name = DemoNames.name(gender: gender, ethnicity: ethnicity.name, random: &random)
            let leagueMember = !teacher && (special || random.chance(0.92))
            var deviation: DemoCareer.Deviation?
            var leads = DemoCareer.Leads()
            let exitDelay = random.int(0...1000)
            switch role {
            case .deviation(let kind, _): deviation = kind
            case .showcase(.blockedActivist): deviation = .missedAssessment
            case .showcase(.readyApplicant): leads.activist = 20 + random.int(0...10)
            case .showcase(.readyActivist): leads.candidate = 20 + random.int(0...10)
            case .showcase(.readyCandidate): leads.approval = 30 + random.int(0...10)
            default: break
            }
            let calendar = bundle.calendar
            let approver = naming.committee
            let plan = { (start: CivilDate, branchSize: Int) in
                DemoCareer(applyingOn: start, draws: draws, calendar: calendar, method: leagueMember ? "league" : "members",
                           branchSize: branchSize, people: unit.people, approver: approver,
                           deviation: deviation, leads: leads)
            }
            let aligned = alignedCareer(role: role, teacher: teacher, exitDelay: exitDelay, random: &random) { plan($0, 16) }
            let identity = makeIdentity(applied: aligned.application, teacher: teacher, unit: unit, random: &random)
            var idNumber: String?
            if random.chance(0.3) {
                // A resident ID is one person's: draw again on the rare collision.
                var candidate: String
                repeat {
                    candidate = DemoNames.residentID(areaCode: random.pick(ethnicity.areaCodes), birthDate: identity.birth, gender: gender,
                                                     random: &random)
                } while idNumbers.contains(candidate)
                idNumbers.insert(candidate)
                idNumber = candidate
            }
            // The branch's own 应到 at its meetings (the dates do not depend on it).
            let career = plan(aligned.application, branchSize[identity.branch] ?? 16)

            let person = NewPerson(
                number: identity.number, name: name, organizationCode: identity.branch, category: teacher ? .teacher : .student,
                gender: gender, birthDate: identity.birth, ethnicity: ethnicity.name, education: identity.education,
                level: identity.level, grade: identity.grade, leagueMember: leagueMember, idNumber: idNumber,
                workflowVersion: version, createdAt: stamp(career.application), createdBy: user)
            peopleCount += 1
            var events = career.events(through: today)
            if case .exit(let exit) = role {
                let left = exitEvent(exit, career: career, delay: exitDelay, random: &random)
                events = events.filter { left.keep($0) && $0.date < left.event.date } + [left.event]
            }
            var showcase: Showcase?
            if case .showcase(let kind) = role { showcase = kind }
            pending.append(PendingPerson(person: person, events: events.map { planned in
                Event(id: 0, personID: 0, step: planned.step, date: planned.date, recordedAt: stamp(planned.date),
                      recordedBy: user, data: planned.data, workflowVersion: version)
            }, showcase: showcase))
            eventCount += events.count

            if let deviation {
                let note = DemoUniversity.describe(deviation, career: career, today: today)
                outOfRule.append(DemoSummary.OutOfRule(number: identity.number, name: name, rule: note.rule, description: note.text,
                                                       deviation: deviation))
            }
        }

        /// Each branch's full members (党员人数, R13, `DemoUniversity.fullMembers`), in force from
        /// ten years back.
        mutating func recordRosters() throws {
            let from = CivilDate(year: today.year - 10, month: 1, day: 1)!
            let entries = branchSize.keys.sorted().map { code in
                MembershipEntry(organizationCode: code, fullMembers: DemoUniversity.fullMembers(branchSize: branchSize[code]!), effectiveOn: from)
            }
            try store.setMemberships(entries, recordedAt: stamp(from), recordedBy: user)
        }

        /// Writes the planned organizations and people with their events in one transaction,
        /// without guards (they are a seeded past), each person's projection updated once.
        mutating func flush() throws {
            let organizations = pendingOrganizations
            let people = pending
            let ids = try store.ingest { session in
                for organization in organizations { try session.addOrganization(organization) }
                return try people.map { planned in
                    let id = try session.addPerson(planned.person)
                    try session.addEvents(planned.events.map { event in
                        var event = event
                        event.personID = id
                        return event
                    }, of: id)
                    return id
                }
            }
            for (planned, id) in zip(people, ids) {
                if let showcase = planned.showcase { showcases.append((showcase, id)) }
            }
            pendingOrganizations = []
            pending = []
        }

        /// The career that puts the person where their role wants them today.
        ///
        /// Plans once from a date far back to learn the shape of the path, picks a point inside
        /// the role's window, then re-aims while working days and holidays shift the dates.
        func alignedCareer(
            role: Role, teacher: Bool, exitDelay: Int, random: inout DemoRandom, plan: (CivilDate) -> DemoCareer
        ) -> DemoCareer {
            let origin = today.adding(years: -8)
            let (nominalFrom, nominalUntil) = window(role, plan(origin), teacher: teacher, exitDelay: exitDelay)
            let length = max(1, nominalFrom.days(until: nominalUntil))
            var into = random.int(0...(length - 1))
            var start = today.adding(days: -(origin.days(until: nominalFrom) + into))
            var career = plan(start)
            for _ in 0..<12 {
                let (from, until) = window(role, career, teacher: teacher, exitDelay: exitDelay)
                if from <= today && today < until { break }
                let available = from.days(until: until)
                into = available > 0 ? min(into, available - 1) : 0
                let shift = from.days(until: today.adding(days: -into))
                start = start.adding(days: shift == 0 ? -1 : shift)
                career = plan(start)
            }
            return career
        }

        /// The dates a role needs `today` to fall in: from (included) and until (excluded).
        func window(_ role: Role, _ career: DemoCareer, teacher: Bool, exitDelay: Int) -> (CivilDate, CivilDate) {
            func stageWindow(_ stage: String) -> (CivilDate, CivilDate) {
                switch stage {
                case "applicant": return (career.application, career.activist)
                case "activist": return (career.activist, career.candidate)
                case "candidate": return (career.candidate, career.approval)
                case "probationary": return (career.approval, career.conversionApproval)
                // Full members converted in recent years (students are still students).
                default: return (career.conversionApproval, career.conversionApproval.adding(days: teacher ? 1500 : 900))
                }
            }
            switch role {
            case .stage(let stage):
                return stageWindow(stage)
            case .showcase(.readyApplicant):
                let from = max(career.activistNoticeTo.adding(days: 1), career.application.adding(months: 6), career.recommendation)
                return (from, career.activist)
            case .showcase(.readyActivist):
                let from = max(career.consent, career.activist.adding(years: 1), career.candidateNoticeTo.adding(days: 1))
                return (from, career.candidate)
            case .showcase(.readyCandidate):
                return (career.committeeTalk, career.approval)
            case .showcase(.readyProbationary):
                return (max(career.conversionMeeting, career.conversionNoticeTo.adding(days: 1)), career.conversionApproval)
            case .showcase(.blockedActivist):
                // Ten months or so an activist: a month or two short of the year, before the candidate 公示.
                return (career.activist.adding(months: 9), min(career.activist.adding(months: 11), career.candidateNoticeFrom))
            case .exit(let exit):
                // Left some time ago; the history stops there.
                let left = exitDate(exit, career: career, delay: exitDelay)
                return (left, left.adding(days: 720))
            case .deviation(let deviation, let stage):
                var (from, until) = stageWindow(stage)
                // The broken rule must lie in the past.
                switch deviation {
                case .lateFirstTalk: from = max(from, career.talk)
                case .lateOath: from = max(from, career.oath)
                case .lateArchive: from = max(from, career.archive)
                case .oathAfterProbation: from = max(from, career.oath)
                case .talkByBranchSecretary: from = max(from, career.committeeTalk)
                case .missedThoughtReports: from = max(from, career.approval.adding(months: 4))
                case .lateFiling: from = max(from, career.approval.adding(months: 2).adding(days: 10))
                case .lateConversionDiscussion:
                    // Over 3 months past the end of probation, and the meeting not held yet.
                    from = max(from, career.probationEnd.adding(months: 3).adding(days: 5))
                    until = min(until, career.conversionMeeting)
                default: break
                }
                return (from, until)
            }
        }

        /// The day a person leaves: `delay` (0-1000) spreads it over the stage they leave from.
        func exitDate(_ exit: Exit, career: DemoCareer, delay: Int) -> CivilDate {
            let calendar = bundle.calendar
            var day: CivilDate
            switch exit {
            case .withdrawnApplicant: day = career.talk.adding(days: 20 + delay % 90)
            case .withdrawnActivist: day = career.activist.adding(days: 90 + delay % 150)
            case .transferredOut: day = career.archive.adding(days: 40 + delay % 300)
            case .cancelled: day = career.probationEnd.adding(days: 5 + delay % 15)
            }
            while !calendar.isWorkingDay(day) { day = day.adding(days: 1) }
            return day
        }

        /// The step that takes the person out, and which of the planned events came before it.
        func exitEvent(
            _ exit: Exit, career: DemoCareer, delay: Int, random: inout DemoRandom
        ) -> (event: DemoCareer.Planned, keep: (DemoCareer.Planned) -> Bool) {
            let date = exitDate(exit, career: career, delay: delay)
            switch exit {
            case .withdrawnApplicant:
                let reason = random.pick(["本人申请撤回入党申请书", "本人认为自身条件尚不成熟，申请撤回", "因病休学，本人申请撤回"])
                return (DemoCareer.Planned(step: exit.step, date: date, data: EventData(reason: reason)), { _ in true })
            case .withdrawnActivist:
                let reason = random.pick(["培养考察期间多门课程不及格，支部委员会决定停止培养", "出国交流两年，本人申请停止培养", "本人申请撤回入党申请"])
                return (DemoCareer.Planned(step: exit.step, date: date, data: EventData(reason: reason)), { _ in true })
            case .transferredOut:
                let reason = random.pick(["毕业离校，组织关系转至工作单位党组织", "毕业后到外校攻读博士学位，组织关系转出", "应征入伍，组织关系转至部队"])
                return (DemoCareer.Planned(step: exit.step, date: date, data: EventData(reason: reason)), { _ in true })
            case .cancelled:
                // The branch votes to cancel instead of converting; no conversion steps are taken.
                var data = DemoCareer.vote(expected: 16, draws: [random.int(0...999), 999, 999, 999])
                data.approver = naming.committee
                data.reason = "预备期间不履行党员义务，经教育仍无转变"
                let conversionSteps: Set<String> = ["submit_conversion_application", "conversion_meeting", "conversion_approval", "archive_materials"]
                return (DemoCareer.Planned(step: exit.step, date: date, data: data), { planned in
                    !conversionSteps.contains(planned.step) && planned.data.node != "conversion"
                })
            }
        }

        /// Number, branch, birth date, education, level and grade, consistent with the date the
        /// person applied: students enrolled in September, applied at 18 or older, and are now
        /// undergraduates, master's or doctoral students by the years since; teachers are 28-60.
        mutating func makeIdentity(applied: CivilDate, teacher: Bool, unit: Unit, random: inout DemoRandom) -> Identity {
            if teacher {
                let age = max(random.int(28...58), 26 + applied.fullYears(until: today))
                var number: String
                repeat { number = naming.numberPrefix + "T0" + String(random.int(1000...9999)) } while numbers.contains(number)
                numbers.insert(number)
                return Identity(
                    number: number, branch: unit.teacher, birth: today.adding(years: -age).adding(days: -random.int(0...364)),
                    education: random.chance(0.7) ? "博士研究生" : "硕士研究生", level: nil, grade: nil)
            }
            // Most apply in their first year, some in their second or third.
            let septemberYear = applied.month >= 9 ? applied.year : applied.year - 1
            var enrolled = CivilDate(year: septemberYear - [0, 0, 0, 1, 1, 2][random.int(0...5)], month: 9, day: 1)!
            if enrolled.fullYears(until: today) > 8 { enrolled = CivilDate(year: septemberYear, month: 9, day: 1)! }
            var birth = enrolled.adding(years: -18).adding(days: -random.int(0...420))
            let adult = applied.adding(years: -18)
            if birth > adult { birth = adult.adding(days: -random.int(0...60)) }
            let level: PersonProfile.Level
            let grade: Int
            let branch: String
            let education: String
            switch enrolled.fullYears(until: today) {
            case ..<4:
                (level, grade, education) = (.undergraduate, enrolled.year, "大学本科")
                branch = unit.undergraduate[grade % unit.undergraduate.count]
            case 4..<7:
                (level, grade, education) = (.master, enrolled.year + 4, "硕士研究生")
                branch = random.pick(unit.master)
            default:
                (level, grade, education) = (.doctoral, enrolled.year + 7, "博士研究生")
                branch = random.pick(unit.doctoral)
            }
            // 学号: enrolment year, college, class, seat.
            let college = unit.collegeIndex < 10 ? "0\(unit.collegeIndex)" : "\(unit.collegeIndex)"
            var number: String
            var attempts = 0
            repeat {
                // 8 classes of 40 hold 320 students a year and college: a larger demo (--people 20000)
                // fills them, and then draws from classes 10-99 (before, it drew forever).
                attempts += 1
                let klass = attempts > 2_000 ? random.int(10...99) : random.int(1...8), seat = random.int(1...40)
                number = "\(naming.numberPrefix)\(grade)\(college)\(klass < 10 ? "0" : "")\(klass)\(seat < 10 ? "0" : "")\(seat)"
            } while numbers.contains(number)
            numbers.insert(number)
            return Identity(number: number, branch: branch, birth: birth, education: education, level: level, grade: grade)
        }

        // MARK: - Summary

        /// Counts from the store, and the showcase people checked with the engine: the first
        /// of each kind whose verdict today is what the demo needs (else anyone in the stage).
        func summary() throws -> DemoSummary {
            let engine = Engine(bundle: bundle)
            let workflow = bundle.workflow
            let directory = try store.organizationDirectory()
            let today = self.today

            func verdict(_ history: History) -> Verdict? {
                guard let current = engine.stage(of: history, asOf: today)?.stage,
                      let next = workflow.nextStages(after: current).first,
                      let step = workflow.enteringStep(for: next.id)
                else { return nil }
                return engine.evaluate(step: step.id, on: today, history: history, organizations: directory)
            }
            func find(_ showcase: Showcase, stage: String, _ accept: (Verdict) -> Bool) throws -> String {
                func first(_ ids: [Int64]) throws -> String? {
                    for id in ids {
                        let history = try store.history(personID: id)
                        guard engine.stage(of: history, asOf: today)?.stage == stage, let verdict = verdict(history), accept(verdict)
                        else { continue }
                        return history.person.number
                    }
                    return nil
                }
                if let number = try first(showcases.filter { $0.0 == showcase }.map(\.1)) { return number }
                if let number = try first(try store.people(stage: stage).map(\.profile.id)) { return number }
                throw DemoError.noShowcase("\(showcase)")
            }
            let ready: (Verdict) -> Bool = { $0.allowed }
            // Blocked by a rule of time (one with a day it will pass) and by at least one more.
            let blocked: (Verdict) -> Bool = { verdict in
                verdict.failures.count >= 2 && verdict.failures.contains { $0.earliest != nil }
            }

            var counts: [String: Int] = [:]
            for (stage, n) in try store.stageCounts() { counts[stage ?? "none"] = n }
            return DemoSummary(
                workflowID: workflow.id, today: today, stageCounts: counts, organizations: organizationCount,
                people: peopleCount, events: eventCount,
                blockedActivist: try find(.blockedActivist, stage: "activist", blocked),
                readyApplicant: try find(.readyApplicant, stage: "applicant", ready),
                readyActivist: try find(.readyActivist, stage: "activist", ready),
                readyCandidate: try find(.readyCandidate, stage: "candidate", ready),
                readyProbationary: try find(.readyProbationary, stage: "probationary", ready),
                outOfRule: outOfRule)
        }
    }
}

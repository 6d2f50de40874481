import FazhanCore
import FazhanSQLite
import FazhanStore

/// Builds a realistic, deterministic university into an empty store: a 校党委, six colleges
/// (党总支) with their student and teacher branches, and about 2,000 people spread over every
/// stage, each with a complete history of the steps up to their stage, dated by the rules
/// (and a few dozen who withdrew, moved away on graduating, or had probation cancelled).
///
/// The same seed and `today` give the same database: the people come from a seeded generator
/// (`DemoRandom`), never from the system's randomness or clock. About 1% of the people are out
/// of rule on purpose (a candidate designated after 10 months, a vote short of 应到's majority,
/// a late approval...), listed in the summary with what is wrong.
///
/// ```swift
/// let summary = try DemoUniversity.build(store: store, workflowVersion: 1, today: CivilDate("2026-06-15")!)
/// summary.readyCandidate    // a candidate whose admission approval passes every guard today
/// ```
struct DemoUniversity {
    /// The approving committee's code.
    static let committeeCode = "U"

    /// Where a generated university sits and how its codes and numbers stay unique among many:
    /// the demo is one university `U` with college codes `CS`, `FL`...; a generated province
    /// holds many, `U0007` with colleges `U0007-CS`... and numbers prefixed with the school.
    struct UnitNaming: Sendable {
        var committee = DemoUniversity.committeeCode
        var committeeName = "校党委"
        /// The committee above (a generated province's root), if any.
        var parent: String?
        var codePrefix = ""
        var numberPrefix = ""
    }

    struct Branch {
        var suffix: String
        var name: String
        /// Undergraduates (`S`), graduate students (`G`), doctoral students only (`D`) or teachers (`T`).
        var kind: Character
    }

    struct College {
        var code: String
        var name: String
        /// Relative share of the people.
        var weight: Int
        /// Share of men among its students.
        var maleShare: Double
        var branches: [Branch]
    }

    static let colleges: [College] = [
        College(code: "CS", name: "计算机学院", weight: 22, maleShare: 0.72, branches: [
            Branch(suffix: "S1", name: "本科生第一党支部", kind: "S"), Branch(suffix: "S2", name: "本科生第二党支部", kind: "S"),
            Branch(suffix: "G1", name: "研究生第一党支部", kind: "G"), Branch(suffix: "G2", name: "研究生第二党支部", kind: "G"),
            Branch(suffix: "T", name: "教工党支部", kind: "T"),
        ]),
        College(code: "FL", name: "外国语学院", weight: 12, maleShare: 0.24, branches: [
            Branch(suffix: "S1", name: "本科生党支部", kind: "S"), Branch(suffix: "G1", name: "研究生党支部", kind: "G"),
            Branch(suffix: "T", name: "教工党支部", kind: "T"),
        ]),
        College(code: "ME", name: "机械工程学院", weight: 18, maleShare: 0.8, branches: [
            Branch(suffix: "S1", name: "本科生第一党支部", kind: "S"), Branch(suffix: "S2", name: "本科生第二党支部", kind: "S"),
            Branch(suffix: "G1", name: "研究生党支部", kind: "G"), Branch(suffix: "T", name: "教工党支部", kind: "T"),
        ]),
        College(code: "EM", name: "经济管理学院", weight: 22, maleShare: 0.42, branches: [
            Branch(suffix: "S1", name: "本科生第一党支部", kind: "S"), Branch(suffix: "S2", name: "本科生第二党支部", kind: "S"),
            Branch(suffix: "S3", name: "本科生第三党支部", kind: "S"), Branch(suffix: "G1", name: "研究生党支部", kind: "G"),
            Branch(suffix: "T", name: "教工党支部", kind: "T"),
        ]),
        College(code: "LIT", name: "文学院", weight: 12, maleShare: 0.3, branches: [
            Branch(suffix: "S1", name: "本科生党支部", kind: "S"), Branch(suffix: "G1", name: "研究生党支部", kind: "G"),
            Branch(suffix: "T", name: "教工党支部", kind: "T"),
        ]),
        College(code: "PHY", name: "物理学院", weight: 14, maleShare: 0.66, branches: [
            Branch(suffix: "S1", name: "本科生党支部", kind: "S"), Branch(suffix: "G1", name: "硕士研究生党支部", kind: "G"),
            Branch(suffix: "G2", name: "博士研究生党支部", kind: "D"), Branch(suffix: "T", name: "教工党支部", kind: "T"),
        ]),
    ]

    /// People shown live by the demo.
    enum Showcase: Sendable, CaseIterable {
        case readyApplicant, readyActivist, readyCandidate, readyProbationary, blockedActivist
    }

    /// Ways out of the process, each recorded by its own step when the workflow has it.
    enum Exit: Sendable, CaseIterable {
        /// An applicant who withdrew the application (撤回申请).
        case withdrawnApplicant
        /// An activist the branch stopped cultivating (停止培养).
        case withdrawnActivist
        /// A full member who graduated and moved their membership away (组织关系转出).
        case transferredOut
        /// A probationary member whose probation was cancelled by vote (取消预备党员资格).
        case cancelled

        /// The step that records it.
        var step: String {
            switch self {
            case .withdrawnApplicant, .withdrawnActivist: return "withdrawal"
            case .transferredOut: return "transfer_out"
            case .cancelled: return "probation_cancellation"
            }
        }

        /// The stage the person leaves from (where they stay if the workflow has no such step).
        var stageBefore: String {
            switch self {
            case .withdrawnApplicant: return "applicant"
            case .withdrawnActivist: return "activist"
            case .transferredOut: return "full_member"
            case .cancelled: return "probationary"
            }
        }

        /// How many of the demo's people leave this way.
        var count: Int {
            switch self {
            case .withdrawnApplicant: return 16
            case .withdrawnActivist: return 8
            case .transferredOut: return 10
            case .cancelled: return 1
            }
        }
    }

    /// What a generated person is meant to be today.
    enum Role: Sendable {
        case stage(String)
        case showcase(Showcase)
        case deviation(DemoCareer.Deviation, stage: String)
        /// Left the process some time into a stage (see `Builder.exitDate`).
        case exit(Exit)
    }

    /// Shares of the ordinary people by stage (per mille): 45% applicants, 25% activists,
    /// 12% candidates, 8% probationary members, 10% full members converted in recent years.
    static let stageShares: [(String, Int)] = [
        ("applicant", 450), ("activist", 250), ("candidate", 120), ("probationary", 80), ("full_member", 100),
    ]

    /// The deliberate deviations, with the stage their person is in today.
    static let deviations: [(DemoCareer.Deviation, String)] = [
        (.lateFirstTalk, "applicant"), (.lateFirstTalk, "activist"),
        (.earlyActivist, "activist"), (.earlyActivist, "candidate"),
        (.shortActivistNotice, "activist"), (.shortActivistNotice, "activist"),
        (.earlyCandidate, "candidate"), (.earlyCandidate, "candidate"),
        (.oneIntroducer, "probationary"), (.oneIntroducer, "full_member"),
        (.failedMajority, "probationary"), (.failedMajority, "probationary"),
        (.lateApproval, "probationary"), (.lateApproval, "full_member"),
        (.lateOath, "probationary"), (.lateOath, "probationary"),
        (.earlyConversion, "full_member"), (.earlyConversion, "full_member"),
        (.lateArchive, "full_member"), (.lateArchive, "full_member"),
        (.secondPreReview, "probationary"),
        (.oathAfterProbation, "full_member"),
        (.lateConversionDiscussion, "probationary"), (.lateConversionDiscussion, "probationary"),
        (.talkByBranchSecretary, "probationary"), (.talkByBranchSecretary, "full_member"),
        (.leavingSoon, "probationary"),
        (.missedThoughtReports, "probationary"),
        (.noConversionDefense, "full_member"),
        (.lateFiling, "probationary"),
        (.committeeMinority, "probationary"),
        (.expectedBeyondRoster, "probationary"),
        (.procedureNotRedone, "probationary"),
    ]

    /// A branch's full members on its roster (党员人数, R13): a few more than its meetings' 应到
    /// (members abroad or excused are not expected), and at least 20, the 应到 of the
    /// failed-majority meeting, so that only the deliberate case is found beyond its roster.
    static func fullMembers(branchSize: Int) -> Int { max(branchSize + 3, 20) }

    /// Fills an empty store with the demo university.
    ///
    /// - Parameters:
    ///   - workflowVersion: the installed workflow version every person follows (`university`).
    ///   - today: the date the university is seen on; no event is dated after it.
    ///   - recordedBy: the user the events are recorded by.
    ///   - seed: the same seed (and `today`) gives the same database.
    ///   - people: how many people (about 2,000 unless a test wants fewer).
    static func build(
        store: SQLiteStore, workflowVersion: Int64, today: CivilDate, recordedBy: String = "demo", seed: UInt64 = 2026,
        people count: Int = 2000
    ) throws -> DemoSummary {
        guard try store.organizations().isEmpty else { throw DemoError.notEmpty }
        let bundle = try store.bundle(version: workflowVersion)
        var builder = Builder(store: store, bundle: bundle, version: workflowVersion, today: today, user: recordedBy, seed: seed)
        try builder.addOrganizations()
        try builder.addPeople(count: count)
        try builder.recordRosters()
        return try builder.summary()
    }
}

extension DemoUniversity {
    /// Adds one university of a generated province to a store that already holds its parent
    /// committee. Returns how many organizations and events it wrote.
    static func generate(
        store: SQLiteStore, workflowVersion: Int64, today: CivilDate, seed: UInt64, people count: Int, naming: UnitNaming,
        idNumbers: inout Set<String>
    ) throws -> (organizations: Int, events: Int) {
        let bundle = try store.bundle(version: workflowVersion)
        var builder = Builder(store: store, bundle: bundle, version: workflowVersion, today: today, user: "generate", seed: seed,
                              naming: naming)
        // Hand the set over rather than share it, so that adding to it never copies it.
        builder.idNumbers = idNumbers
        idNumbers = []
        defer { idNumbers = builder.idNumbers }
        try builder.addOrganizations()
        try builder.addPeople(count: count)
        return (builder.organizationCount, builder.eventCount)
    }
}

extension DemoUniversity {
    /// What a deviation broke, in the organizer's words.
    static func describe(_ deviation: DemoCareer.Deviation, career c: DemoCareer, today: CivilDate) -> (rule: String, text: String) {
        switch deviation {
        case .lateFirstTalk:
            return ("R2", "派人谈话迟了：\(c.application) 递交入党申请书，\(c.talk) 才谈话，超过 1 个月")
        case .earlyActivist:
            return ("R3", "\(c.application) 递交入党申请书，\(c.activist) 即确定为入党积极分子，不满本校规定的 6 个月")
        case .shortActivistNotice:
            return ("R23", "确定入党积极分子前的公示 \(c.activistNoticeFrom) 至 \(c.activistNoticeTo) 只有 3 个工作日（应不少于 5 个）")
        case .missedAssessment:
            return ("R6", "\(c.activist) 确定为入党积极分子，至 \(today) 未做培养教育考察（每半年一次）")
        case .earlyCandidate:
            return ("R7", "\(c.activist) 确定为入党积极分子，\(c.candidate) 即确定为发展对象，不满 1 年")
        case .oneIntroducer:
            return ("R9", "只确定了 1 名入党介绍人（应为 2 名），\(c.approval) 仍获审批")
        case .failedMajority:
            return ("R14", "\(c.admissionMeeting) 支部大会应到 20 人、实到 12 人、赞成 9 票：过实到半数而未过应到半数，\(c.approval) 仍获审批")
        case .lateApproval:
            return ("R17", "\(c.admissionMeeting) 支部大会通过，\(c.approval) 才审批，超过 3 个月且未说明理由")
        case .lateOath:
            return ("R18", "\(c.approval) 审批，\(c.oath) 才入党宣誓，超过 1 个月")
        case .earlyConversion:
            return ("R20", "预备期到 \(c.probationEnd) 才满，\(c.conversionMeeting) 即召开支部大会讨论转正")
        case .lateArchive:
            return ("R22", "\(c.conversionApproval) 转正审批，\(c.archive) 才归档，超过 1 周")
        case .secondPreReview:
            return ("R12", "上级党委两次预审，\(c.admissionMeeting) 才召开支部大会：超过第一次预审后 1 个月")
        case .oathAfterProbation:
            return ("R18", "预备期 \(c.probationEnd) 已满，\(c.oath) 才入党宣誓")
        case .lateConversionDiscussion:
            return ("R20", "预备期 \(c.probationEnd) 已满，逾 3 个月仍未召开支部大会讨论转正")
        case .talkByBranchSecretary:
            return ("R16", "\(c.committeeTalk) 的上级党委派人谈话由支部书记进行，不是党委委员或组织员")
        case .leavingSoon:
            return ("R12", "预计 \(c.approval.adding(days: 30)) 前后毕业离校，\(c.approval) 仍获审批：3 个月内将离开本单位，一般不办理接收手续")
        case .missedThoughtReports:
            return ("R6", "\(c.approval) 审批后未再按季度递交思想汇报")
        case .noConversionDefense:
            return ("R24", "\(c.conversionMeeting) 支部大会讨论转正前未进行答辩")
        case .committeeMinority:
            return ("R17", "\(c.approval) 党委会议审批：应到委员 11 人、实到 8 人、赞成 5 票，未过应到半数仍获批准")
        case .lateFiling:
            return ("R17", "\(c.approval) 审批，两个月后才报再上一级党委组织部门备案，超过本校规定的 1 个月")
        case .expectedBeyondRoster:
            let expected = c.planned.first { $0.step == "admission_meeting" }?.data.expected ?? 0
            return ("R13", "\(c.admissionMeeting) 支部大会应到 \(expected) 人，多于支部登记的正式党员 \(c.fullMembers) 人（只有正式党员有表决权）")
        case .procedureNotRedone:
            return ("R17", "\(c.firstResolution) 支部大会通过，3 个月未批，\(c.admissionMeeting) 复议，\(c.approval) 才审批："
                + "超过 6 个月未重新履行接收程序（本校规定）")
        }
    }
}

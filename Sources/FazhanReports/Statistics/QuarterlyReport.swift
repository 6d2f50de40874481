import FazhanCore

/// The quarterly (or annual, or any period's) member-development report: the statistics of the
/// period compared with the previous period and the same period a year earlier, the ratio
/// targets with the gap in people, plan completion and the share of 最强党支部.
public struct QuarterlyReport: Sendable, Encodable {
    public struct TargetResult: Sendable, Encodable {
        public var id: String
        public var name: String
        public var basis: String?
        public var ratio: Ratio
        /// The threshold in force (nil for an increase target or when none applies this year).
        public var threshold: Percent?
        /// met, short, n/a
        public var status: String
        public var shortfall: Int?
        public var message: String
    }

    /// A target's ratio in one period, for the chart of the last quarters.
    public struct TargetPoint: Sendable, Encodable {
        public var target: String
        public var period: String
        public var ratio: Ratio
        public var threshold: Percent?
    }

    public struct PlanResult: Sendable, Encodable {
        public var organization: String
        public var category: String
        public var quota: Int
        /// Admissions approved from January 1 to the period's end (by approval date).
        public var admitted: Int
        public var completion: Ratio
        /// Admitted beyond the annual plan (R25): shown as a red mark, not as one more bar.
        public var overPlan: Bool
        /// How many beyond the quota (0 within it).
        public var excess: Int

        public init(organization: String, category: String, quota: Int, admitted: Int, completion: Ratio) {
            self.organization = organization
            self.category = category
            self.quota = quota
            self.admitted = admitted
            self.completion = completion
            overPlan = admitted > quota
            excess = max(0, admitted - quota)
        }

        /// The mark a table or a sheet shows beside an over-plan row: "超计划 +N", else empty.
        public var mark: String { overPlan ? "超计划 +\(excess)" : "" }
    }

    public struct BranchShare: Sendable, Encodable {
        public var year: Int
        public var strongest: Int
        public var branches: Int
        public var ratio: Ratio
        public var threshold: Percent?
        public var status: String
    }

    public var title: String
    public var organizationCode: String?
    public var organizationName: String
    public var period: StatisticsPeriod
    public var workflows: [String]
    public var current: QuarterlyStatistics
    public var previous: QuarterlyStatistics?
    public var lastYear: QuarterlyStatistics?
    public var targets: [TargetResult]
    public var targetHistory: [TargetPoint]
    public var plans: [PlanResult]
    public var branchShare: BranchShare?
    /// The checkpoint of the event log the report was computed from: a filed report anchors the
    /// log (`fazhan verify --expect-head HEAD` finds a later rewrite).
    public var log: LogAnchor?

    /// A checkpoint of the event log: its number, head, date, and signature with its key id.
    public struct LogAnchor: Sendable, Encodable, Hashable {
        public var checkpoint: Int64
        public var head: String
        public var createdAt: String
        public var signature: String?
        public var keyID: String?

        public init(checkpoint: Int64, head: String, createdAt: String, signature: String?, keyID: String?) {
            self.checkpoint = checkpoint
            self.head = head
            self.createdAt = createdAt
            self.signature = signature
            self.keyID = keyID
        }

        /// One line: the checkpoint, its head, its signature (or that it has none).
        public var text: String {
            Catalogue.checkpointText(checkpoint, createdAt: createdAt, head: head, signature: signature, keyID: keyID)
        }
    }

    /// The figures of the report's organization (with everything under it), or of everyone.
    public func figures(_ statistics: QuarterlyStatistics) -> OrganizationFigures {
        organizationCode.flatMap { statistics.figures(for: $0) } ?? statistics.overall
    }
}

/// What the report is measured against, read from the database for the period.
public struct ReportInputs: Sendable {
    /// Enrolled students and staff in force at the period's end, by organization code.
    public var enrollment: [String: (students: Int, staff: Int?)]
    /// Plans of the period's year: organization code, category, quota.
    public var plans: [(organization: String, category: String, quota: Int)]
    /// Gradings of the period's year: organization code and whether it meets the 最强党支部 standard.
    public var gradings: [(organization: String, strongest: Bool)]

    public init(enrollment: [String: (students: Int, staff: Int?)], plans: [(organization: String, category: String, quota: Int)],
                gradings: [(organization: String, strongest: Bool)]) {
        self.enrollment = enrollment
        self.plans = plans
        self.gradings = gradings
    }
}

/// Assembles a `QuarterlyReport` from histories, the organization tree, the targets of the
/// workflow, and the enrollment, plans and gradings in force.
public struct QuarterlyReportBuilder: Sendable {
    public var period: StatisticsPeriod
    public var organizations: OrganizationDirectory
    public var organizationCode: String?
    public var targets: [Target]
    /// How many periods the target chart covers, ending with this one.
    public var historyLength: Int

    public init(period: StatisticsPeriod, organizations: OrganizationDirectory, organizationCode: String?, targets: [Target],
                historyLength: Int = 6) {
        self.period = period
        self.organizations = organizations
        self.organizationCode = organizationCode
        self.targets = targets
        self.historyLength = historyLength
    }

    /// The organizations in the report's scope: the named one and everything under it, or all.
    var scope: Set<Int64> {
        guard let code = organizationCode, let root = organizations.organization(code: code) else {
            return Set(organizations.byID.keys)
        }
        return organizations.subtree(of: root.id)
    }

    /// The periods the target chart covers, oldest first, ending with the report's.
    public var chartPeriods: [StatisticsPeriod] {
        var periods: [StatisticsPeriod] = [period]
        while periods.count < historyLength, let earlier = periods.first?.previous { periods.insert(earlier, at: 0) }
        return periods
    }

    /// The targets counted in people (the 最强党支部 share is counted in branches).
    var peopleTargets: [Target] {
        targets.filter { target in
            target.numerator != .strongestBranches && (target.applies(on: period.to) || target.to == nil)
        }
    }

    public func build(_ people: [(History, Engine)], title: String, workflows: [Workflow],
                      inputs: (StatisticsPeriod) -> ReportInputs) -> QuarterlyReport {
        var accumulator = Accumulator(builder: self, workflows: workflows, inputs: inputs(period))
        for (history, engine) in people { accumulator.add(history, engine: engine) }
        return accumulator.finish(title: title, workflows: workflows, inputs: inputs)
    }

    /// The report built one history at a time: every period's statistics, every target's
    /// numerator on every chart date and every plan's admissions in one pass over the people,
    /// so that a province is read once and never held in memory.
    public struct Accumulator: Sendable {
        let builder: QuarterlyReportBuilder
        let scope: Set<Int64>
        let currentInputs: ReportInputs
        /// The dates target numerators are counted on: each chart period's end, and a year before the report's end.
        let dates: [CivilDate]
        var current: StatisticsBuilder.Accumulator
        var previous: StatisticsBuilder.Accumulator?
        var lastYear: StatisticsBuilder.Accumulator?
        /// People counted per target and date: `dates.count` counts for each of `targets`, in order.
        var numerators: [Int]
        /// Plans by the organization and category they count, and the admissions found for each.
        let plansByKey: [PlanKey: [Int]]
        /// `builder.peopleTargets`, worked out once, and who each counts.
        let targets: [Target]
        let counted: [CountedPeople]
        var admitted: [Int]

        struct PlanKey: Hashable, Sendable {
            var organization: Int64
            var category: String
        }

        public init(builder: QuarterlyReportBuilder, workflows: [Workflow], inputs: ReportInputs) {
            self.builder = builder
            scope = builder.scope
            currentInputs = inputs
            let period = builder.period
            current = StatisticsBuilder.Accumulator(builder: StatisticsBuilder(period: period, organizations: builder.organizations),
                                                    workflows: workflows)
            previous = period.previous.map {
                StatisticsBuilder.Accumulator(builder: StatisticsBuilder(period: $0, organizations: builder.organizations), workflows: workflows)
            }
            lastYear = period.samePeriodLastYear.map {
                StatisticsBuilder.Accumulator(builder: StatisticsBuilder(period: $0, organizations: builder.organizations), workflows: workflows)
            }
            var dates = Set(builder.chartPeriods.map(\.to))
            dates.insert(period.to.adding(years: -1))
            self.dates = dates.sorted()
            var plansByKey: [PlanKey: [Int]] = [:]
            for (index, plan) in inputs.plans.enumerated() {
                guard let organization = builder.organizations.organization(code: plan.organization), scope.contains(organization.id) else { continue }
                plansByKey[PlanKey(organization: organization.id, category: plan.category), default: []].append(index)
            }
            self.plansByKey = plansByKey
            targets = builder.peopleTargets
            counted = targets.map(CountedPeople.init)
            numerators = Array(repeating: 0, count: targets.count * self.dates.count)
            admitted = Array(repeating: 0, count: inputs.plans.count)
        }

        public mutating func add(_ history: History, engine: Engine) {
            add(StatisticsSubject(history: history, rules: CountingRules(workflow: engine.workflow)))
        }

        public mutating func add(_ subject: StatisticsSubject) {
            current.add(subject)
            previous?.add(subject)
            lastYear?.add(subject)
            let organizations = builder.organizations
            if !targets.isEmpty {
                for (dateIndex, date) in dates.enumerated() {
                    guard let stage = subject.stage(asOf: date) else { continue }
                    var holder: Int64?
                    for (index, people) in counted.enumerated() where people.counts(subject.person, stage: stage) {
                        if holder == nil { holder = subject.organizationID(asOf: date, organizations: organizations) }
                        if scope.contains(holder!) { numerators[index * dates.count + dateIndex] += 1 }
                    }
                }
            }
            if !plansByKey.isEmpty {
                let yearStart = CivilDate(year: builder.period.to.year, month: 1, day: 1)!
                let category = subject.person.category.rawValue
                let admits = subject.rules.admits
                if let entry = subject.digest.entries.first(where: { admits[$0.step] && $0.date >= yearStart && $0.date <= builder.period.to }) {
                    let at = subject.organizationID(asOf: entry.date, organizations: organizations)
                    for organization in organizations.chain(from: at) {
                        for index in plansByKey[PlanKey(organization: organization.id, category: category)] ?? [] { admitted[index] += 1 }
                    }
                }
            }
        }

        /// Adds what another accumulator of the same report counted (people split between workers).
        public mutating func merge(_ other: Accumulator) {
            current.merge(other.current)
            if let theirs = other.previous { previous?.merge(theirs) }
            if let theirs = other.lastYear { lastYear?.merge(theirs) }
            for index in numerators.indices { numerators[index] += other.numerators[index] }
            for index in admitted.indices { admitted[index] += other.admitted[index] }
        }

        func numerator(_ target: Target, on date: CivilDate) -> Int {
            guard let dateIndex = dates.firstIndex(of: date) else { return 0 }
            return targets.indices.filter { targets[$0].id == target.id }.reduce(0) { $0 + numerators[$1 * dates.count + dateIndex] }
        }

        public func finish(title: String, workflows: [Workflow], inputs: (StatisticsPeriod) -> ReportInputs) -> QuarterlyReport {
            let builder = self.builder
            let period = builder.period
            var results: [QuarterlyReport.TargetResult] = []
            var points: [QuarterlyReport.TargetPoint] = []
            var inputsByPeriod: [StatisticsPeriod: ReportInputs] = [period: currentInputs]
            for target in builder.peopleTargets {
                results.append(builder.result(of: target, on: period.to, inputs: currentInputs) { numerator(target, on: $0) })
                for point in builder.chartPeriods {
                    if inputsByPeriod[point] == nil { inputsByPeriod[point] = inputs(point) }
                    let ratio = Ratio(numerator(target, on: point.to), of: builder.denominator(target.denominator, inputs: inputsByPeriod[point]!))
                    points.append(QuarterlyReport.TargetPoint(target: target.id, period: point.label, ratio: ratio,
                                                             threshold: builder.threshold(of: target, on: point.to)))
                }
            }
            let plans = currentInputs.plans.enumerated().compactMap { index, plan -> QuarterlyReport.PlanResult? in
                guard let organization = builder.organizations.organization(code: plan.organization), scope.contains(organization.id)
                else { return nil }
                return .init(organization: plan.organization, category: plan.category, quota: plan.quota, admitted: admitted[index],
                             completion: Ratio(admitted[index], of: plan.quota))
            }
            let root = builder.organizationCode.flatMap(builder.organizations.organization(code:))
            return QuarterlyReport(
                title: title, organizationCode: builder.organizationCode, organizationName: root?.name ?? "全部组织", period: period,
                workflows: workflows.map(\.id), current: current.finish(), previous: previous?.finish(), lastYear: lastYear?.finish(),
                targets: results, targetHistory: points, plans: plans, branchShare: builder.branchShare(inputs: currentInputs))
        }
    }

    // MARK: - Targets

    func threshold(of target: Target, on date: CivilDate) -> Percent? {
        switch target.threshold {
        case .atLeast(let points): return Percent(numerator: points, denominator: 10_000)
        case .byYear(let table): return table[date.year].flatMap { Percent(numerator: $0, denominator: 10_000) }
        case .increase: return nil
        }
    }

    /// The denominator of a target in the scope on a date: an organization's own count, else
    /// the sum of the counts of the organizations under it (never both, so nothing is counted twice).
    func denominator(_ kind: Target.Denominator, inputs: ReportInputs) -> Int {
        func count(_ organization: Organization) -> Int? {
            if let own = inputs.enrollment[organization.code] {
                return kind == .staff ? own.staff : own.students
            }
            let counts = organizations.children(of: organization.id).compactMap(count)
            return counts.isEmpty ? nil : counts.reduce(0, +)
        }
        switch kind {
        case .branches:
            return scope.compactMap { organizations.byID[$0] }.filter { $0.kind == .branch }.count
        case .enrolledStudents, .staff:
            if let code = organizationCode, let root = organizations.organization(code: code) { return count(root) ?? 0 }
            return organizations.byID.values.filter { $0.parentID == nil }.compactMap(count).reduce(0, +)
        }
    }

    /// Whether a person in a stage is one a target counts: in its stages, category and
    /// education (the organization in scope is checked by the caller).
    /// Who a target counted in people counts, taken out of the target once (every person is
    /// checked against every target on every chart date).
    struct CountedPeople: Sendable {
        /// Empty for a target not counted in people: it counts nobody.
        let stages: Set<String>
        let category: String?
        let education: [String]

        init(_ target: Target) {
            if case .people(let stages, let category, let education) = target.numerator {
                self.stages = Set(stages)
                self.category = category
                self.education = education.filter { !$0.isEmpty }
                self.requiresEducation = !education.isEmpty
            } else {
                stages = []
                category = nil
                education = []
                requiresEducation = false
            }
        }

        /// Whether the target lists education values (even only empty ones, which match nobody).
        private let requiresEducation: Bool

        func counts(_ person: PersonProfile, stage: String) -> Bool {
            guard stages.contains(stage) else { return false }
            if let category, person.category.rawValue != category { return false }
            // An education value matches when it contains a listed keyword ("硕士研究生" for 硕士).
            if requiresEducation {
                let value = person.education ?? ""
                if !education.contains(where: { value.contains($0) }) { return false }
            }
            return true
        }
    }

    func result(of target: Target, on date: CivilDate, inputs: ReportInputs, numerator: (CivilDate) -> Int) -> QuarterlyReport.TargetResult {
        let ratio = Ratio(numerator(date), of: denominator(target.denominator, inputs: inputs))
        if case .increase(let points) = target.threshold {
            // 同比: against the same day a year earlier (the denominator in force then is not
            // known here; the current one is used for both, stated in the message).
            let earlier = Ratio(numerator(date.adding(years: -1)), of: ratio.denominator)
            guard ratio.isDefined else {
                return .init(id: target.id, name: target.name, basis: target.basis, ratio: ratio, threshold: nil, status: "n/a",
                             shortfall: nil, message: Catalogue.noDenominator(ratio.percentText))
            }
            // Met when (now - then) × 10000 ≥ points × denominator, all integers.
            let gainTimes10000 = (ratio.numerator - earlier.numerator) * 10_000
            let needed = points * ratio.denominator
            let shortfallPeople = max(0, (needed - gainTimes10000 + 9_999) / 10_000)
            let met = gainTimes10000 >= needed
            return .init(id: target.id, name: target.name, basis: target.basis, ratio: ratio, threshold: nil,
                         status: met ? "met" : "short", shortfall: met ? 0 : shortfallPeople,
                         message: Catalogue.increase(ratio.percentText, earlier: earlier.percentText,
                                                     points: Percent(numerator: points, denominator: 10_000)?.description ?? "",
                                                     shortfall: met ? nil : shortfallPeople))
        }
        guard let threshold = threshold(of: target, on: date) else {
            return .init(id: target.id, name: target.name, basis: target.basis, ratio: ratio, threshold: nil, status: "n/a",
                         shortfall: nil, message: Catalogue.noThreshold(ratio.percentText, year: date.year))
        }
        let assessment = ratio.assessed(against: threshold)
        let message: String
        switch assessment.status {
        case .met: message = Catalogue.targetMet(ratio.percentText, threshold.description)
        case .short: message = Catalogue.targetShort(ratio.percentText, threshold.description, assessment.shortfall ?? 0)
        default: message = Catalogue.targetNoDenominator(ratio.percentText, threshold.description)
        }
        return .init(id: target.id, name: target.name, basis: target.basis, ratio: ratio, threshold: threshold,
                     status: assessment.status.rawValue, shortfall: assessment.shortfall, message: message)
    }

    // MARK: - Plans and branches

    func branchShare(inputs: ReportInputs) -> QuarterlyReport.BranchShare? {
        guard let target = targets.first(where: { $0.numerator == .strongestBranches }) else { return nil }
        let scope = self.scope
        let branches = scope.compactMap { organizations.byID[$0] }.filter { $0.kind == .branch }
        let codes = Set(branches.map(\.code))
        let strongest = inputs.gradings.filter { codes.contains($0.organization) && $0.strongest }.count
        let ratio = Ratio(strongest, of: branches.count)
        let threshold = self.threshold(of: target, on: period.to)
        let status = threshold.map { ratio.assessed(against: $0).status.rawValue } ?? "n/a"
        return .init(year: period.to.year, strongest: strongest, branches: branches.count, ratio: ratio, threshold: threshold, status: status)
    }
}

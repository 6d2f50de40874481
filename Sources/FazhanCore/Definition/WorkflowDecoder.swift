/// Turns a (merged) workflow document into a `Workflow`, collecting every problem with its file,
/// line and key instead of stopping at the first.
struct WorkflowDecoder {
    let root: SourceNode
    var diagnostics: [Diagnostic] = []
    /// The key of the section entry being decoded (a stage, a rule, a guard, ...): where a
    /// problem with no node of its own, such as a missing field, is reported.
    var entry: SourceLocation?

    /// Reading a text a database stored under an earlier version: keys since replaced are
    /// accepted (a rule-level `waivable` is ignored; only the clauses marked `waivable: true`
    /// can be waived, so a text from before clause-level waivers waives nothing).
    let stored: Bool

    /// The steps a `redo` guard of the file lists (`procedure:STEP` may name only these), read
    /// ahead of the guards so that every date reference can be checked where it is written.
    var procedureSteps: Set<String> = []

    init(root: SourceNode, stored: Bool = false) {
        self.root = root
        self.stored = stored
    }

    static let topLevelKeys: Set<String> = [
        "workflow", "title", "provisional", "provisional_note", "extends", "based_on", "calendar", "issued",
        "stages", "rules", "steps", "guards", "deadlines", "probation", "notice_nodes", "description", "targets", "quota",
    ]

    // MARK: - Diagnostics

    mutating func report(_ node: SourceNode?, _ key: String, _ message: String) {
        let location = node?.location ?? entry ?? root.location
        diagnostics.append(Diagnostic(file: location.file, line: location.line, column: location.column, key: key, message: message))
    }

    mutating func report(at location: SourceLocation, _ key: String, _ message: String) {
        diagnostics.append(Diagnostic(file: location.file, line: location.line, column: location.column, key: key, message: message))
    }

    mutating func checkKeys(_ node: SourceNode, allowed: Set<String>, path: String) {
        for pair in node.pairs ?? [] where !allowed.contains(pair.key) {
            let known = allowed.sorted().joined(separator: ", ")
            report(at: pair.keyLocation, path.isEmpty ? pair.key : "\(path).\(pair.key)", "unknown key \"\(pair.key)\" (known: \(known))")
        }
    }

    // MARK: - Typed reads

    mutating func string(_ node: SourceNode?, _ key: String, required: Bool = true) -> String? {
        guard let node, !node.isNull else {
            if required { report(node, key, "missing") }
            return nil
        }
        guard let value = node.scalar, !value.isEmpty else {
            report(node, key, "expected a value, found \(node.typeName)")
            return nil
        }
        return value
    }

    /// A whole number within `bound` (`Bounds`): a number out of range is reported at its
    /// line and key, so that nothing computed from the workflow can overflow.
    mutating func int(_ node: SourceNode?, _ key: String, within bound: Bound, required: Bool = false) -> Int? {
        guard let text = string(node, key, required: required) else { return nil }
        guard let value = Int(text), value >= 0 else {
            report(node, key, "expected a whole number, found \"\(text)\"")
            return nil
        }
        if let problem = bound.problem(written: text, value) {
            report(node, key, problem)
            return nil
        }
        return value
    }

    mutating func bool(_ node: SourceNode?, _ key: String) -> Bool? {
        guard let text = string(node, key, required: false) else { return nil }
        switch text {
        case "true", "yes", "True", "TRUE": return true
        case "false", "no", "False", "FALSE": return false
        default:
            report(node, key, "expected true or false, found \"\(text)\"")
            return nil
        }
    }

    mutating func duration(_ node: SourceNode?, _ key: String, required: Bool = false) -> Duration? {
        guard let text = string(node, key, required: required) else { return nil }
        guard let value = Duration(parsing: text) else {
            report(node, key, "expected a length like \"1 month\", \"6 months\", \"1 year\", \"5 working_days\", found \"\(text)\"")
            return nil
        }
        if let problem = Bounds.duration(value.unit).problem(written: text, value.value) {
            report(node, key, problem)
            return nil
        }
        return value
    }

    mutating func list(_ node: SourceNode?, _ key: String) -> [(String, SourceNode)] {
        guard let node, !node.isNull else { return [] }
        if let single = node.scalar { return [(single, node)] }
        guard let items = node.items else {
            report(node, key, "expected a list, found \(node.typeName)")
            return []
        }
        var values: [(String, SourceNode)] = []
        for item in items {
            if let value = item.scalar { values.append((value, item)) } else { report(item, key, "expected a value in the list") }
        }
        return values
    }

    mutating func section(_ name: String) -> [(key: String, keyLocation: SourceLocation, value: SourceNode)] {
        guard let node = root[name] else {
            report(root, name, "missing section")
            return []
        }
        guard let pairs = node.pairs else {
            if !node.isNull { report(node, name, "expected a mapping of ids to entries, found \(node.typeName)") }
            return []
        }
        return pairs
    }

    // MARK: - Decode

    mutating func decode() -> Workflow? {
        guard root.pairs != nil else {
            report(root, "", "a workflow file is a mapping of sections")
            return nil
        }
        checkKeys(root, allowed: Self.topLevelKeys, path: "")

        let id = string(root["workflow"], "workflow") ?? ""
        let title = string(root["title"], "title") ?? id
        let provisional = bool(root["provisional"], "provisional") ?? false
        let provisionalNote = string(root["provisional_note"], "provisional_note", required: false)
        let calendarID = string(root["calendar"], "calendar") ?? ""

        let stages = decodeStages()
        var rules = decodeRules()
        let noticeNodes = decodeNoticeNodes()
        // Ids are the declared keys, so an entry dropped for its own problem (a stage whose order
        // is not a number) is not reported again wherever it is referred to.
        let stageIDs = declaredIDs("stages")
        var steps = decodeSteps(stageIDs: stageIDs, ruleIDs: Set(rules.keys))
        let stepIDs = declaredIDs("steps")
        checkStepReferences(&steps, stepIDs: stepIDs)
        let probation = decodeProbation(stepIDs: stepIDs, ruleIDs: Set(rules.keys))
        procedureSteps = Set((root["guards"]?.pairs ?? []).filter { $0.value["kind"]?.scalar == "redo" }
            .flatMap { ($0.value["steps"]?.items ?? []).compactMap(\.scalar) })
        let guards = decodeGuards(stepIDs: stepIDs, ruleIDs: Set(rules.keys), nodeIDs: Set(noticeNodes.map(\.id)), stageIDs: stageIDs,
                                  voteSteps: Set(steps.filter { $0.data.contains(.vote) }.map(\.id)),
                                  repeatableSteps: Set(steps.filter(\.repeatable).map(\.id)))
        let deadlines = decodeDeadlines(stepIDs: stepIDs, stageIDs: stageIDs, ruleIDs: Set(rules.keys))
        checkReachability(stages: stages, steps: steps)
        let targets = decodeTargets(stageIDs: stageIDs)
        let quota = decodeQuota(ruleIDs: Set(rules.keys))
        // A rule is waivable where one of its clauses is.
        for guardDefinition in guards where guardDefinition.waivable { rules[guardDefinition.rule]?.waivable = true }
        for deadline in deadlines where deadline.waivable { rules[deadline.rule]?.waivable = true }
        if let quota, quota.waivable { rules[quota.rule]?.waivable = true }

        guard diagnostics.isEmpty, let probation else { return nil }
        return Workflow(
            id: id, title: title, provisional: provisional, provisionalNote: provisionalNote,
            basedOn: root["based_on"]?.scalar, calendarID: calendarID,
            stages: stages.sorted { $0.order < $1.order }, rules: rules,
            steps: steps.sorted { ($0.number ?? Int.max, $0.location.line) < ($1.number ?? Int.max, $1.location.line) },
            guards: guards, deadlines: deadlines, probation: probation, noticeNodes: noticeNodes, targets: targets, quota: quota)
    }

    func declaredIDs(_ section: String) -> Set<String> {
        Set(root[section]?.pairs?.map(\.key) ?? [])
    }

    mutating func decodeStages() -> [Stage] {
        var stages: [Stage] = []
        var orders: [Int: String] = [:]
        defer { entry = nil }
        for (key, keyLocation, node) in section("stages") {
            entry = keyLocation
            let path = "stages.\(key)"
            checkKeys(node, allowed: ["name", "order", "final", "exit"], path: path)
            let name = string(node["name"], "\(path).name") ?? key
            guard let order = int(node["order"], "\(path).order", within: Bounds.ordinal, required: true) else { continue }
            if let other = orders[order] {
                report(node["order"], "\(path).order", "order \(order) is already used by stage \(other)")
            }
            orders[order] = key
            stages.append(Stage(id: key, name: name, order: order, isFinal: bool(node["final"], "\(path).final") ?? false,
                                isExit: bool(node["exit"], "\(path).exit") ?? false))
        }
        return stages
    }

    mutating func decodeRules() -> [String: Rule] {
        var rules: [String: Rule] = [:]
        defer { entry = nil }
        for (key, keyLocation, node) in section("rules") {
            entry = keyLocation
            let path = "rules.\(key)"
            checkKeys(node, allowed: ["name", "basis", "waivable", "numbers"], path: path)
            if !stored, let waivable = node["waivable"] {
                report(waivable, "\(path).waivable",
                       "waivability belongs to the clause, not the rule: write waivable: true on the guards and deadlines of \(key) "
                           + "worded \"normally\" (一般); every other clause of \(key) is mandatory")
            }
            let name = string(node["name"], "\(path).name") ?? key
            let basis = string(node["basis"], "\(path).basis") ?? ""
            rules[key] = Rule(id: key, name: name, basis: basis)
        }
        return rules
    }

    mutating func decodeNoticeNodes() -> [NoticeNode] {
        guard let node = root["notice_nodes"], !node.isNull else { return [] }
        guard let pairs = node.pairs else {
            report(node, "notice_nodes", "expected a mapping of node ids to names")
            return []
        }
        return pairs.map { pair in NoticeNode(id: pair.key, name: pair.value.scalar ?? pair.key) }
    }

    mutating func decodeSteps(stageIDs: Set<String>, ruleIDs: Set<String>) -> [Step] {
        var steps: [Step] = []
        var numbers: [Int: String] = [:]
        var entered: [String: String] = [:]
        let allowed: Set<String> = ["number", "name", "rules", "enters", "from", "during", "requires", "data", "effective", "repeatable", "note", "effect", "by", "once_rule"]
        defer { entry = nil }
        for (key, keyLocation, node) in section("steps") {
            entry = keyLocation
            let path = "steps.\(key)"
            guard node.pairs != nil else {
                report(node, path, "expected a mapping with the step's name and rules")
                continue
            }
            checkKeys(node, allowed: allowed, path: path)
            let name = string(node["name"], "\(path).name") ?? key
            let number = int(node["number"], "\(path).number", within: Bounds.ordinal)
            if let number {
                if let other = numbers[number] { report(node["number"], "\(path).number", "step number \(number) is already used by \(other)") }
                numbers[number] = key
            }
            var rules: [String] = []
            for (rule, ruleNode) in list(node["rules"], "\(path).rules") {
                if ruleIDs.contains(rule) { rules.append(rule) } else { report(ruleNode, "\(path).rules", "unknown rule id \"\(rule)\"") }
            }
            var enters: String?
            if let stage = string(node["enters"], "\(path).enters", required: false) {
                if !stageIDs.contains(stage) {
                    report(node["enters"], "\(path).enters", "unknown stage id \"\(stage)\"")
                } else if let other = entered[stage] {
                    report(node["enters"], "\(path).enters", "stage \(stage) is already entered by step \(other)")
                } else {
                    enters = stage
                    entered[stage] = key
                }
            }
            var from: [String] = []
            for (stage, stageNode) in list(node["from"], "\(path).from") {
                if stageIDs.contains(stage) { from.append(stage) } else { report(stageNode, "\(path).from", "unknown stage id \"\(stage)\"") }
            }
            if !from.isEmpty, node["enters"] == nil {
                report(node["from"], "\(path).from", "\"from\" is only for a step that enters a stage")
            }
            var during: [String] = []
            for (stage, stageNode) in list(node["during"], "\(path).during") {
                if stageIDs.contains(stage) { during.append(stage) } else { report(stageNode, "\(path).during", "unknown stage id \"\(stage)\"") }
            }
            var data: [StepData] = []
            for (kind, kindNode) in list(node["data"], "\(path).data") {
                if let value = StepData(rawValue: kind) {
                    data.append(value)
                } else {
                    report(kindNode, "\(path).data", "unknown data kind \"\(kind)\" (known: \(StepData.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
            }
            var effective = EffectiveDate.stepDate
            if let text = string(node["effective"], "\(path).effective", required: false) {
                switch text {
                case "step_date": effective = .stepDate
                case "probation_end": effective = .probationEnd
                default: effective = .dateOf(step: text)
                }
            }
            let requires = list(node["requires"], "\(path).requires").map(\.0)
            var effect: StepEffect?
            if let text = string(node["effect"], "\(path).effect", required: false) {
                effect = StepEffect(rawValue: text)
                if effect == nil {
                    report(node["effect"], "\(path).effect",
                           "unknown effect \"\(text)\" (known: \(StepEffect.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                if effect != nil, enters != nil {
                    report(node["effect"], "\(path).effect", "a step that enters a stage cannot also have an effect")
                }
            }
            var by = Role.branch
            if let text = string(node["by"], "\(path).by", required: false) {
                if let role = Role(rawValue: text), role.recordingRank != nil {
                    by = role
                } else {
                    report(node["by"], "\(path).by",
                           "unknown role \"\(text)\" (known: \(Role.recording.map(\.rawValue).joined(separator: ", ")))")
                }
            }
            let repeatable = bool(node["repeatable"], "\(path).repeatable") ?? false
            let onceRule = string(node["once_rule"], "\(path).once_rule", required: false)
            if let onceRule {
                if !ruleIDs.contains(onceRule) {
                    report(node["once_rule"], "\(path).once_rule", "unknown rule id \"\(onceRule)\"")
                } else if repeatable {
                    report(node["once_rule"], "\(path).once_rule", "once_rule is for a step recorded once, but this one is repeatable")
                }
            }
            steps.append(Step(
                id: key, name: name, number: number, rules: rules, enters: enters, from: from, during: during,
                requires: requires, data: data, effective: effective,
                repeatable: repeatable, effect: effect, by: by, location: keyLocation, onceRule: onceRule))
        }
        return steps
    }

    mutating func checkStepReferences(_ steps: inout [Step], stepIDs: Set<String>) {
        for step in steps {
            let node = root["steps"]?[step.id]
            for required in step.requires where !stepIDs.contains(required) {
                report(node?["requires"], "steps.\(step.id).requires", "unknown step id \"\(required)\"")
            }
            if case .dateOf(let other) = step.effective, !stepIDs.contains(other) {
                report(node?["effective"], "steps.\(step.id).effective",
                       "expected step_date, probation_end or a step id, found \"\(other)\"")
            }
        }
    }

    mutating func checkReachability(stages: [Stage], steps: [Step]) {
        let initial = steps.filter { $0.enters != nil && $0.from.isEmpty }
        guard !stages.isEmpty else { return }
        if initial.isEmpty {
            report(root["steps"], "steps", "no step enters a first stage (a step with \"enters\" and no \"from\")")
            return
        }
        var reached = Set(initial.compactMap(\.enters))
        var changed = true
        while changed {
            changed = false
            for step in steps where step.from.contains(where: reached.contains) {
                if let stage = step.enters, !reached.contains(stage) {
                    reached.insert(stage)
                    changed = true
                }
            }
        }
        for stage in stages where !reached.contains(stage.id) {
            report(root["stages"]?[stage.id], "stages.\(stage.id)", "stage \(stage.id) cannot be reached: no step enters it from a reachable stage")
        }
    }

    mutating func decodeProbation(stepIDs: Set<String>, ruleIDs: Set<String>) -> Probation? {
        guard let node = root["probation"] else {
            report(root, "probation", "missing section")
            return nil
        }
        entry = root.pairs?.first { $0.key == "probation" }?.keyLocation
        defer { entry = nil }
        checkKeys(node, allowed: ["starts_at", "length", "rule"], path: "probation")
        let starts = string(node["starts_at"], "probation.starts_at")
        if let starts, !stepIDs.contains(starts) { report(node["starts_at"], "probation.starts_at", "unknown step id \"\(starts)\"") }
        let length = duration(node["length"], "probation.length", required: true)
        let rule = string(node["rule"], "probation.rule")
        if let rule, !ruleIDs.contains(rule) { report(node["rule"], "probation.rule", "unknown rule id \"\(rule)\"") }
        guard let starts, let length, let rule else { return nil }
        return Probation(startsAt: starts, length: length, rule: rule)
    }

    mutating func dateReference(_ node: SourceNode?, _ key: String, stepIDs: Set<String>, default fallback: DateReference?) -> DateReference? {
        guard let text = string(node, key, required: fallback == nil) else { return fallback }
        switch text {
        case "this": return .guarded
        case "birth": return .birth
        case "probation_end": return .probationEnd
        case let text where text.hasPrefix("procedure:"):
            // The first occurrence in the procedure in force: only a step a redo guard repeats.
            let step = String(text.dropFirst("procedure:".count))
            guard stepIDs.contains(step), procedureSteps.contains(step) else {
                report(node, key, "procedure:STEP names a step a redo guard of the workflow repeats (its steps: "
                       + "\(procedureSteps.sorted().joined(separator: ", "))), found \"\(text)\"")
                return nil
            }
            return .procedure(step)
        default:
            let latest = text.hasPrefix("last:")
            let step = latest ? String(text.dropFirst("last:".count)) : text
            guard stepIDs.contains(step) else {
                report(node, key, "expected this, birth, probation_end, a step id or last:STEP, found \"\(text)\"")
                return nil
            }
            return .step(step, latest: latest)
        }
    }

    mutating func decodeGuards(stepIDs: Set<String>, ruleIDs: Set<String>, nodeIDs: Set<String>, stageIDs: Set<String>, voteSteps: Set<String> = [],
                               repeatableSteps: Set<String> = []) -> [Guard] {
        var guards: [Guard] = []
        let common: Set<String> = ["on", "rule", "kind", "note", "waivable"]
        defer { entry = nil }
        for (key, keyLocation, node) in section("guards") {
            entry = keyLocation
            let path = "guards.\(key)"
            guard node.pairs != nil else {
                report(node, path, "expected a mapping with on, rule and kind")
                continue
            }
            let on = string(node["on"], "\(path).on")
            if let on, !stepIDs.contains(on) { report(node["on"], "\(path).on", "unknown step id \"\(on)\"") }
            let rule = string(node["rule"], "\(path).rule")
            if let rule, !ruleIDs.contains(rule) { report(node["rule"], "\(path).rule", "unknown rule id \"\(rule)\"") }
            guard let kindName = string(node["kind"], "\(path).kind") else { continue }
            let before = diagnostics.count
            func stepParam(_ decoder: inout WorkflowDecoder, _ name: String, default fallback: String? = nil) -> String? {
                guard let value = decoder.string(node[name], "\(path).\(name)", required: fallback == nil) else { return fallback }
                if !stepIDs.contains(value) { decoder.report(node[name], "\(path).\(name)", "unknown step id \"\(value)\"") }
                return value
            }
            // Where a minimum above the maximum is reported: at min, or at max when only max was
            // written in the guard's own file (a variant changing a limit of the rules it builds on).
            func limitNode() -> (node: SourceNode?, key: String) {
                if let max = node["max"], max.location.file == keyLocation.file, node["min"]?.location.file != keyLocation.file {
                    return (max, "\(path).max")
                }
                return (node["min"], "\(path).min")
            }
            var params: Set<String> = []
            var kind: GuardKind?
            switch kindName {
            case "step_recorded":
                params = ["step", "steps", "result", "since"]
                var steps = list(node["steps"], "\(path).steps").map(\.0)
                if let single = node["step"] { steps += list(single, "\(path).step").map(\.0) }
                if steps.isEmpty { report(node, "\(path).step", "missing: the step that must be recorded") }
                for step in steps where !stepIDs.contains(step) {
                    report(node["steps"] ?? node["step"], "\(path).step", "unknown step id \"\(step)\"")
                }
                var result: StepResult?
                if let text = string(node["result"], "\(path).result", required: false) {
                    result = StepResult(rawValue: text)
                    if result == nil { report(node["result"], "\(path).result", "expected pass or fail, found \"\(text)\"") }
                }
                let since = node["since"].flatMap { $0.isNull ? nil : $0 }
                    .flatMap { dateReference($0, "\(path).since", stepIDs: stepIDs, default: nil) }
                kind = .stepRecorded(steps: steps, result: result, since: since)
            case "interval":
                params = ["from", "to", "min", "max"]
                let from = dateReference(node["from"], "\(path).from", stepIDs: stepIDs, default: nil)
                let to = dateReference(node["to"], "\(path).to", stepIDs: stepIDs, default: .guarded)
                let min = duration(node["min"], "\(path).min")
                let max = duration(node["max"], "\(path).max")
                if node["min"]?.isNull ?? true, node["max"]?.isNull ?? true { report(node, "\(path).min", "an interval needs min, max or both") }
                if let min, let max, min.unit == max.unit, min.value > max.value {
                    let limit = limitNode()
                    report(limit.node, limit.key, "min (\(min)) is greater than max (\(max))")
                } else if let min, let max, approximateDays(min) > approximateDays(max) {
                    let limit = limitNode()
                    report(limit.node, limit.key, "min (\(min)) is longer than max (\(max))")
                }
                if let from, let to { kind = .interval(from: from, to: to, min: min, max: max) }
            case "age":
                params = ["at", "min", "max"]
                let at = dateReference(node["at"], "\(path).at", stepIDs: stepIDs, default: .guarded)
                let min = int(node["min"], "\(path).min", within: Bounds.age)
                let max = int(node["max"], "\(path).max", within: Bounds.age)
                if node["min"]?.isNull ?? true, node["max"]?.isNull ?? true { report(node, "\(path).min", "an age guard needs min, max or both") }
                if let min, let max, min > max {
                    let limit = limitNode()
                    report(limit.node, limit.key, "min (\(min)) is greater than max (\(max))")
                }
                if let at { kind = .age(at: at, min: min, max: max) }
            case "people":
                params = ["step", "min", "max"]
                let step = stepParam(&self, "step")
                let min = int(node["min"], "\(path).min", within: Bounds.peopleNamed)
                let max = int(node["max"], "\(path).max", within: Bounds.peopleNamed)
                if node["min"]?.isNull ?? true, node["max"]?.isNull ?? true { report(node, "\(path).min", "a people guard needs min, max or both") }
                if let min, let max, min > max {
                    let limit = limitNode()
                    report(limit.node, limit.key, "min (\(min)) is greater than max (\(max))")
                }
                if let step { kind = .people(step: step, min: min, max: max) }
            case "training":
                params = ["step", "min_days", "min_hours"]
                let step = stepParam(&self, "step")
                let days = int(node["min_days"], "\(path).min_days", within: Bounds.trainingDays)
                let hours = int(node["min_hours"], "\(path).min_hours", within: Bounds.trainingHours)
                if node["min_days"]?.isNull ?? true, node["min_hours"]?.isNull ?? true { report(node, "\(path).min_days", "a training guard needs min_days, min_hours or both") }
                if let step { kind = .training(step: step, minDays: days, minHours: hours) }
            case "review":
                params = ["step", "valid_for"]
                let step = stepParam(&self, "step")
                let valid = duration(node["valid_for"], "\(path).valid_for")
                if let step { kind = .review(step: step, validFor: valid) }
            case "recommendation":
                params = ["step", "league_member_under", "method"]
                let step = stepParam(&self, "step", default: "recommendation")
                let under = int(node["league_member_under"], "\(path).league_member_under", within: Bounds.age, required: true)
                let method = string(node["method"], "\(path).method", required: false)
                if let method, !["league", "members"].contains(method) {
                    report(node["method"], "\(path).method", "expected league or members, found \"\(method)\"")
                }
                if let step, let under { kind = .recommendation(step: step, leagueMemberUnder: under, method: method) }
            case "public_notice":
                params = ["step", "node", "min"]
                let step = stepParam(&self, "step", default: "public_notice")
                let noticeNode = string(node["node"], "\(path).node")
                if let noticeNode, !nodeIDs.contains(noticeNode) {
                    report(node["node"], "\(path).node", "unknown notice node \"\(noticeNode)\" (declare it under notice_nodes)")
                }
                let min = duration(node["min"], "\(path).min", required: true)
                if let step, let noticeNode, let min { kind = .publicNotice(step: step, node: noticeNode, min: min) }
            case "meeting_vote":
                params = ["step", "require", "min_voters"]
                let step = stepParam(&self, "step")
                var requirement: VoteRequirement?
                if let minimum = int(node["min_voters"], "\(path).min_voters", within: Bounds.votes) {
                    requirement = .minimumVoters(minimum)
                }
                if let text = string(node["require"], "\(path).require", required: requirement == nil) {
                    switch text {
                    case "quorum": requirement = .quorum
                    case "majority": requirement = .majority
                    default: report(node["require"], "\(path).require", "expected quorum or majority, found \"\(text)\"")
                    }
                }
                if let step, let requirement { kind = .meetingVote(step: step, requirement: requirement) }
            case "approval_window":
                params = ["from", "within", "at_most"]
                let from = dateReference(node["from"], "\(path).from", stepIDs: stepIDs, default: nil)
                let within = duration(node["within"], "\(path).within", required: true)
                let atMost = duration(node["at_most"], "\(path).at_most")
                if let within, let atMost, approximateDays(within) > approximateDays(atMost) {
                    report(node["within"], "\(path).within", "within (\(within)) is longer than at_most (\(atMost))")
                }
                if let from, let within { kind = .approvalWindow(from: from, within: within, atMost: atMost) }
            case "approver":
                kind = .approver
            case "data_range":
                params = ["field", "min", "max"]
                var field: DataField?
                if let text = string(node["field"], "\(path).field") {
                    field = DataField(rawValue: text)
                    if field == nil {
                        report(node["field"], "\(path).field", "unknown field \"\(text)\" (known: \(DataField.allCases.map(\.rawValue).joined(separator: ", ")))")
                    }
                }
                let bound = field.map(Bounds.dataField) ?? Bounds.votes
                let min = int(node["min"], "\(path).min", within: bound)
                let max = int(node["max"], "\(path).max", within: bound)
                if node["min"]?.isNull ?? true, node["max"]?.isNull ?? true { report(node, "\(path).min", "a data_range guard needs min, max or both") }
                if let min, let max, min > max { report(node["min"], "\(path).min", "min (\(min)) is greater than max (\(max))") }
                if let field { kind = .dataRange(field: field, min: min, max: max) }
            case "retry_wait":
                params = ["step", "wait"]
                let step = stepParam(&self, "step")
                let wait = duration(node["wait"], "\(path).wait", required: true)
                if let step, let wait { kind = .retryWait(step: step, wait: wait) }
            case "departure":
                params = ["step", "within"]
                let step = stepParam(&self, "step")
                let within = duration(node["within"], "\(path).within", required: true)
                if let step, let within { kind = .departure(step: step, within: within) }
            case "held_by":
                params = ["roles"]
                var roles: [TalkRole] = []
                let listed = list(node["roles"], "\(path).roles")
                for (text, roleNode) in listed {
                    if let role = TalkRole(rawValue: text) { roles.append(role) } else {
                        report(roleNode, "\(path).roles",
                               "unknown role \"\(text)\" (known: \(TalkRole.allCases.map(\.rawValue).joined(separator: ", ")))")
                    }
                }
                if listed.isEmpty { report(node, "\(path).roles", "missing: the roles that may hold it") }
                if !roles.isEmpty { kind = .heldBy(roles: roles) }
            case "named_from":
                params = ["step"]
                if let step = stepParam(&self, "step") { kind = .namedFrom(step: step) }
            case "named_members":
                params = ["stage", "not_under"]
                let stage = string(node["stage"], "\(path).stage")
                if let stage, !stageIDs.contains(stage) { report(node["stage"], "\(path).stage", "unknown stage id \"\(stage)\"") }
                let notUnder = node["not_under"] == nil ? nil : stepParam(&self, "not_under")
                if let stage { kind = .namedMembers(stage: stage, notUnder: notUnder) }
            case "roster":
                // Judges the guarded step's own 应到: only a step recording a meeting's vote has one.
                params = []
                if let on, stepIDs.contains(on), !voteSteps.contains(on) {
                    report(node["on"], "\(path).on", "a roster guard judges a meeting's 应到: step \(on) records no vote")
                }
                kind = .roster
            case "redo":
                // 本校规定: a resolution not approved within `after` is void; the procedure is redone.
                params = ["from", "after", "steps", "notice"]
                let from = stepParam(&self, "from")
                if let from, stepIDs.contains(from), !voteSteps.contains(from) {
                    report(node["from"], "\(path).from", "a redo guard counts from a resolution (a vote that carried): step \(from) records no vote")
                }
                let after = duration(node["after"], "\(path).after", required: true)
                let listed = list(node["steps"], "\(path).steps")
                if listed.isEmpty { report(node["steps"], "\(path).steps", "missing: the steps a redone procedure repeats") }
                for (step, stepNode) in listed {
                    if !stepIDs.contains(step) {
                        report(stepNode, "\(path).steps", "unknown step id \"\(step)\"")
                    } else if !repeatableSteps.contains(step) {
                        report(stepNode, "\(path).steps",
                               "step \(step) is recorded once (not repeatable): a redone procedure cannot record it again (make it repeatable: true)")
                    }
                }
                let notice = string(node["notice"], "\(path).notice", required: false)
                if let notice, !nodeIDs.contains(notice) {
                    report(node["notice"], "\(path).notice", "unknown notice node \"\(notice)\" (declare it under notice_nodes)")
                }
                if let from, let after { kind = .redo(from: from, after: after, steps: listed.map(\.0), notice: notice) }
            default:
                report(node["kind"], "\(path).kind", "unknown guard kind \"\(kindName)\" (known: \(GuardKind.names.joined(separator: ", ")))")
                continue
            }
            checkKeys(node, allowed: common.union(params), path: path)
            guard diagnostics.count == before, let kind, let on, let rule else { continue }
            let waivable = bool(node["waivable"], "\(path).waivable") ?? false
            if waivable {
                // Clauses the regulations make mandatory by their nature: who approves, the vote.
                switch kind {
                case .approver, .meetingVote, .roster:
                    report(node["waivable"], "\(path).waivable",
                           "a guard of kind \(kindName) is never worded \"normally\" (一般): who approves and the vote cannot be waived")
                    continue
                case .approvalWindow(_, _, let atMost) where atMost == nil:
                    report(node["waivable"], "\(path).waivable",
                           "a waivable approval_window needs at_most: a waiver stretches within only up to at_most, never beyond")
                    continue
                default:
                    break
                }
            }
            guards.append(Guard(id: key, step: on, rule: rule, kind: kind, waivable: waivable,
                                note: node["note"]?.scalar, location: keyLocation))
        }
        return guards
    }

    mutating func decodeDeadlines(stepIDs: Set<String>, stageIDs: Set<String>, ruleIDs: Set<String>) -> [Deadline] {
        guard root["deadlines"] != nil else { return [] }
        var deadlines: [Deadline] = []
        defer { entry = nil }
        for (key, keyLocation, node) in section("deadlines") {
            entry = keyLocation
            let path = "deadlines.\(key)"
            checkKeys(node, allowed: ["rule", "step", "after", "within", "at_most", "repeats", "during", "note", "violation_after", "waivable"],
                      path: path)
            let rule = string(node["rule"], "\(path).rule")
            if let rule, !ruleIDs.contains(rule) { report(node["rule"], "\(path).rule", "unknown rule id \"\(rule)\"") }
            let step = string(node["step"], "\(path).step")
            if let step, !stepIDs.contains(step) { report(node["step"], "\(path).step", "unknown step id \"\(step)\"") }
            let after = dateReference(node["after"], "\(path).after", stepIDs: stepIDs, default: nil)
            let within = duration(node["within"], "\(path).within", required: true)
            let atMost = duration(node["at_most"], "\(path).at_most")
            let repeats = bool(node["repeats"], "\(path).repeats") ?? false
            var during: [String] = []
            for (stage, stageNode) in list(node["during"], "\(path).during") {
                if stageIDs.contains(stage) { during.append(stage) } else { report(stageNode, "\(path).during", "unknown stage id \"\(stage)\"") }
            }
            if let within, let atMost, approximateDays(within) > approximateDays(atMost) {
                report(node["within"], "\(path).within", "within (\(within)) is longer than at_most (\(atMost))")
            }
            let violationAfter = duration(node["violation_after"], "\(path).violation_after")
            if let within, let violationAfter, approximateDays(within) > approximateDays(violationAfter) {
                report(node["violation_after"], "\(path).violation_after",
                       "violation_after (\(violationAfter)) is shorter than within (\(within)): late comes before a violation")
            }
            if violationAfter != nil, repeats {
                report(node["violation_after"], "\(path).violation_after", "violation_after applies to a deadline that does not repeat")
            }
            let waivable = bool(node["waivable"], "\(path).waivable") ?? false
            guard let rule, let step, let after, let within else { continue }
            deadlines.append(Deadline(id: key, rule: rule, step: step, after: after, within: within, atMost: atMost,
                                      repeats: repeats, during: during, violationAfter: violationAfter, waivable: waivable,
                                      location: keyLocation))
        }
        return deadlines
    }

    /// The `quota` section (R25): the rule, whether the committee may waive the plan, and what
    /// counts as a surge (突击发展).
    mutating func decodeQuota(ruleIDs: Set<String>) -> QuotaRule? {
        guard let node = root["quota"], !node.isNull else { return nil }
        guard node.pairs != nil else {
            report(node, "quota", "expected a mapping with rule, waivable and surge")
            return nil
        }
        checkKeys(node, allowed: ["rule", "waivable", "surge", "note"], path: "quota")
        let rule = string(node["rule"], "quota.rule")
        if let rule, !ruleIDs.contains(rule) { report(node["rule"], "quota.rule", "unknown rule id \"\(rule)\"") }
        let waivable = bool(node["waivable"], "quota.waivable") ?? false
        var share: Int?
        var within: Duration?
        var minimum: Int?
        if let surge = node["surge"], !surge.isNull {
            if surge.pairs == nil {
                report(surge, "quota.surge", "expected a mapping with share and within")
            } else {
                checkKeys(surge, allowed: ["share", "within", "min_admissions"], path: "quota.surge")
                minimum = int(surge["min_admissions"], "quota.surge.min_admissions", within: Bounds.votes)
                if let text = string(surge["share"], "quota.surge.share") {
                    if let points = parseBasisPoints(text), points > 0 { share = points }
                    else { report(surge["share"], "quota.surge.share", "expected a percentage above 0 and at most 100%, like 50%, found \"\(text)\"") }
                }
                within = duration(surge["within"], "quota.surge.within", required: true)
            }
        }
        guard let rule, ruleIDs.contains(rule) else { return nil }
        return QuotaRule(rule: rule, waivable: waivable, surgeShare: share, surgeWithin: within, surgeMinimum: minimum,
                         location: node.location)
    }

    mutating func decodeTargets(stageIDs: Set<String>) -> [Target] {
        guard root["targets"] != nil else { return [] }
        var targets: [Target] = []
        defer { entry = nil }
        for (key, keyLocation, node) in section("targets") {
            entry = keyLocation
            let path = "targets.\(key)"
            checkKeys(node, allowed: ["name", "numerator", "denominator", "at_least", "increase", "from", "to", "basis", "note"], path: path)
            let name = string(node["name"], "\(path).name") ?? key
            var numerator: Target.Numerator?
            if let text = node["numerator"]?.scalar {
                if text == "strongest_branches" {
                    numerator = .strongestBranches
                } else {
                    report(node["numerator"], "\(path).numerator", "expected strongest_branches or a mapping with stages, found \"\(text)\"")
                }
            } else if let mapping = node["numerator"], mapping.pairs != nil {
                checkKeys(mapping, allowed: ["stages", "category", "education"], path: "\(path).numerator")
                var stages: [String] = []
                let listed = list(mapping["stages"], "\(path).numerator.stages")
                for (stage, stageNode) in listed {
                    if stageIDs.contains(stage) { stages.append(stage) } else { report(stageNode, "\(path).numerator.stages", "unknown stage id \"\(stage)\"") }
                }
                if listed.isEmpty { report(mapping, "\(path).numerator.stages", "missing: the stages counted") }
                let category = string(mapping["category"], "\(path).numerator.category", required: false)
                if let category, PersonProfile.Category(rawValue: category) == nil {
                    report(mapping["category"], "\(path).numerator.category", "expected student, teacher, staff or other, found \"\(category)\"")
                }
                numerator = .people(stages: stages, category: category, education: list(mapping["education"], "\(path).numerator.education").map(\.0))
            } else {
                report(node["numerator"] ?? node, "\(path).numerator", "missing: strongest_branches or a mapping with stages")
            }
            var denominator: Target.Denominator?
            if let text = string(node["denominator"], "\(path).denominator") {
                denominator = Target.Denominator(rawValue: text)
                if denominator == nil {
                    report(node["denominator"], "\(path).denominator",
                           "expected \(Target.Denominator.allCases.map(\.rawValue).joined(separator: ", ")), found \"\(text)\"")
                }
            }
            var threshold: Target.Threshold?
            if let atLeast = node["at_least"] {
                if let text = atLeast.scalar {
                    if let points = parseBasisPoints(text) { threshold = .atLeast(basisPoints: points) }
                    else { report(atLeast, "\(path).at_least", "expected a percentage like 3.83%, found \"\(text)\"") }
                } else if let pairs = atLeast.pairs {
                    var byYear: [Int: Int] = [:]
                    for pair in pairs {
                        guard let year = Int(pair.key), Bounds.year.contains(year), let text = pair.value.scalar, let points = parseBasisPoints(text) else {
                            report(at: pair.keyLocation, "\(path).at_least.\(pair.key)",
                                   "expected YEAR: PERCENT, e.g. 2021: 30% (\(Bounds.year.english) \(Bounds.year), at most 100%)")
                            continue
                        }
                        byYear[year] = points
                    }
                    threshold = .byYear(byYear)
                }
            }
            if let increase = node["increase"] {
                if threshold != nil { report(increase, "\(path).increase", "a target has either at_least or increase, not both") }
                if let text = increase.scalar, let points = parseBasisPoints(text) { threshold = .increase(basisPoints: points) }
                else { report(increase, "\(path).increase", "expected percentage points like 5%, found \(increase.scalar.map { "\"\($0)\"" } ?? increase.typeName)") }
            }
            if threshold == nil, node["at_least"] == nil, node["increase"] == nil {
                report(node, "\(path).at_least", "missing: at_least (a percentage, or YEAR: PERCENT) or increase")
            }
            func date(_ field: String) -> CivilDate? {
                guard let text = string(node[field], "\(path).\(field)", required: false) else { return nil }
                guard let value = CivilDate(text) else {
                    report(node[field], "\(path).\(field)", "expected a date YYYY-MM-DD, found \"\(text)\"")
                    return nil
                }
                return value
            }
            let from = date("from")
            let to = date("to")
            if let from, let to, from > to { report(node["from"], "\(path).from", "from (\(from)) is after to (\(to))") }
            guard let numerator, let denominator, let threshold else { continue }
            targets.append(Target(id: key, name: name, numerator: numerator, denominator: denominator, threshold: threshold,
                                  from: from, to: to, basis: node["basis"]?.scalar, location: keyLocation))
        }
        return targets
    }

    func approximateDays(_ duration: Duration) -> Double {
        switch duration.unit {
        case .days: return Double(duration.value)
        case .workingDays: return Double(duration.value) * 7 / 5
        case .months: return Double(duration.value) * 30.44
        case .years: return Double(duration.value) * 365.25
        }
    }
}

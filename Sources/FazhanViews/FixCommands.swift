import FazhanCore

/// The command that would put a failing check right, as an organizer types it: the missing step
/// recorded, the same step tried again on the earliest date it can pass, or the committee's
/// waiver of a clause worded "normally". `DATE` stands for the day the missing step happened;
/// `…` for what only the organizer knows.
public enum FixCommands {
    public struct Fix: Sendable, Hashable {
        public var rule: String
        public var command: String
    }

    /// One fix per failing check that has one (an ordering or data problem has none), the same
    /// command given once.
    public static func fixes(_ verdict: Verdict, person: PersonProfile, workflow: Workflow) -> [Fix] {
        let who = quoted(person.number)
        var seen: Set<String> = []
        var fixes: [Fix] = []
        func add(_ rule: String, _ command: String?) {
            guard let command, seen.insert(command).inserted else { return }
            fixes.append(Fix(rule: rule, command: command))
        }
        /// The guarded step tried again on a date (and with more data).
        func retry(on date: CivilDate, _ extra: String = "") -> String {
            if let stage = verdict.to { return "fazhan advance \(who) --to \(stage) --on \(date)\(extra)" }
            return "fazhan record \(who) \(verdict.step) --on \(date)\(extra)"
        }
        /// A missing step recorded: with the options given, else those its data needs.
        func record(_ step: String, _ extra: String = "") -> String {
            "fazhan record \(who) \(step) --on DATE" + (extra.isEmpty ? dataOptions(workflow.step(step)?.data ?? []) : extra)
        }
        for check in verdict.failures where !check.citesNoRule {
            let clause = workflow.guards.first { $0.id == check.guardID }
            switch clause?.kind {
            case .stepRecorded(let steps, let result, _)?:
                for step in steps { add(check.rule, record(step, result == .pass ? " --result pass" : "")) }
            case .people(let step, let min, _)?:
                let names = (0..<max(min ?? 1, 1)).map { ["甲", "乙", "丙"][$0 % 3] }.joined(separator: ",")
                add(check.rule, record(step, " --names \(names)"))
            case .training(let step, let days, let hours)?:
                add(check.rule, record(step, days.map { " --days \($0)" } ?? hours.map { " --hours \($0)" } ?? ""))
            case .review(let step, _)?:
                add(check.rule, record(step, " --result pass"))
            case .recommendation(let step, _, let method)?:
                add(check.rule, record(step, " --method \(method ?? "league")"))
            case .publicNotice(let step, let node, _)?:
                add(check.rule, record(step, " --node \(node) --from DATE --to DATE --objections 0"))
            case .meetingVote(let step, _)?:
                // The committee's own vote rides on the step judged; a branch meeting is a step of its own.
                let vote = " --expected … --present … --for …"
                add(check.rule, step == verdict.step ? retry(on: verdict.date, vote) : record(step, vote))
            case .heldBy?:
                add(check.rule, retry(on: verdict.date, " --held-by … --held-by-role 组织员"))
            case .roster?:
                // The meeting held again with the right 应到, or the branch's full members recorded
                // (a count in force from on or before the meeting).
                add(check.rule, retry(on: verdict.date, " --expected … --present … --for …"))
                add(check.rule, "fazhan org members … --full … --on DATE")
            case .redo(_, _, let steps, let notice)?:
                // The procedure redone: each of its steps recorded again, then the step tried again.
                for step in steps { add(check.rule, record(step)) }
                if let notice {
                    let noticeStep = workflow.steps.first { $0.data.contains(.notice) }?.id ?? "public_notice"
                    add(check.rule, record(noticeStep, " --node \(notice) --from DATE --to DATE --objections 0"))
                }
            case .departure?:
                break
            case .namedMembers?:
                add(check.rule, "fazhan record \(who) \(clause!.step) --on DATE --names NUMBER,NUMBER" + Catalogue.namesOrStatement)
            case .approver?:
                add(check.rule, retry(on: verdict.date, " --approver …"))
            case .approvalWindow(_, _, let atMost)?:
                if atMost != nil { add(check.rule, retry(on: verdict.date, " --reason …")) }
            case .dataRange(let field, let min, let max)?:
                let range = [min.map { "\($0)" }, max.map { "\($0)" }].compactMap { $0 }.joined(separator: "-")
                add(check.rule, retry(on: verdict.date, " --\(field.rawValue) \(range.isEmpty ? "…" : range)"))
            default:
                break
            }
            // Whatever the kind, a rule that passes with time: the same step on its earliest date.
            if let earliest = check.earliest, earliest > verdict.date { add(check.rule, retry(on: earliest)) }
            if check.waivable {
                add(check.rule, "fazhan record \(who) waiver --on DATE --rule \(check.rule) --reason … --approved-by …")
            }
        }
        return fixes
    }

    /// The options a step's data needs, as `record` takes them.
    static func dataOptions(_ data: [StepData]) -> String {
        data.map { field -> String in
            switch field {
            case .vote: return " --expected … --present … --for …"
            case .notice: return " --node … --from DATE --to DATE --objections 0"
            case .training: return " --days …"
            case .result: return " --result pass"
            case .names: return " --names …"
            case .method: return " --method league"
            case .approver: return " --approver …"
            case .reason: return " --reason …"
            case .organization: return " --organization …"
            case .months: return " --months …"
            case .waiver: return " --rule … --reason … --approved-by …"
            case .departure: return " --leaving-on DATE"
            case .holder: return " --held-by … --held-by-role 组织员"
            case .term: return " --until DATE"
            case .committeeVote: return " --expected … --present … --for …"
            }
        }.joined()
    }

    /// The fixes as lines under the verdict, or nothing.
    public static func lines(_ verdict: Verdict, person: PersonProfile, workflow: Workflow) -> [String] {
        let fixes = fixes(verdict, person: person, workflow: workflow)
        guard !fixes.isEmpty else { return [] }
        let width = fixes.map { $0.rule.count }.max() ?? 0
        return [Catalogue.fixHeader]
            + fixes.map { "  " + $0.rule.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.command }
    }

    /// A number as a shell reads it: quoted when it holds a space or a character the shell treats.
    static func quoted(_ text: String) -> String {
        let plain = text.allSatisfy { $0.isLetter || $0.isNumber || "-_./:@".contains($0) }
        return plain && !text.isEmpty ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

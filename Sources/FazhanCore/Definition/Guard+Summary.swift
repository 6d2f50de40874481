extension Guard {
    /// A short, human summary of the guard for diagrams and listings: `R7 ≥ 1 year after 推荐和确定入党积极分子`.
    public func summary(in workflow: Workflow) -> String {
        func stepName(_ id: String) -> String { workflow.step(id)?.name ?? id }
        func reference(_ reference: DateReference) -> String {
            switch reference {
            case .guarded: return "this step"
            case .birth: return "birth"
            case .probationEnd: return "probation end"
            case .step(let id, let latest): return (latest ? "last " : "") + stepName(id)
            case .procedure(let id): return "first \(stepName(id)) of the procedure"
            }
        }
        let text: String
        switch kind {
        case .stepRecorded(let steps, let result, let since):
            text = steps.map(stepName).joined(separator: ", ") + (result.map { " (\($0.rawValue))" } ?? "") + " recorded"
                + (since.map { " since \(reference($0))" } ?? "")
        case .interval(let from, let to, let min, let max):
            var parts: [String] = []
            if let min { parts.append("≥ \(min)") }
            if let max { parts.append("≤ \(max)") }
            let target = { if case .guarded = to { return "" } else { return " to \(reference(to))" } }()
            text = parts.joined(separator: ", ") + " after \(reference(from))" + target
        case .age(_, let min, let max):
            text = "age" + (min.map { " ≥ \($0)" } ?? "") + (max.map { " ≤ \($0)" } ?? "")
        case .people(let step, let min, let max):
            let range = min == max ? "\(min ?? 0)" : "\(min ?? 0)-\(max.map(String.init) ?? "")"
            text = "\(range) in \(stepName(step))"
        case .training(_, let days, let hours):
            text = "training " + [days.map { "≥ \($0) days" }, hours.map { "≥ \($0) hours" }].compactMap { $0 }.joined(separator: " or ")
        case .review(let step, let validFor):
            text = "\(stepName(step)) passed" + (validFor.map { ", valid \($0)" } ?? "")
        case .recommendation(_, let under, let method):
            text = (method == "league" ? "团组织推优" : "推荐") + " if League member under \(under)"
        case .publicNotice(_, let node, let min):
            text = "公示 (\(workflow.noticeNodes.first { $0.id == node }?.name ?? node)) ≥ \(min)"
        case .meetingVote(let step, let requirement):
            switch requirement {
            case .quorum: text = "\(stepName(step)): 实到 × 2 > 应到"
            case .majority: text = "\(stepName(step)): 赞成 × 2 > 应到"
            case .minimumVoters(let n): text = "\(stepName(step)): ≥ \(n) full members"
            }
        case .approvalWindow(let from, let within, let atMost):
            text = "within \(within) of \(reference(from))" + (atMost.map { " (≤ \($0) with reason)" } ?? "")
        case .approver:
            text = "approver is a 党委 with authority"
        case .dataRange(let field, let min, let max):
            text = "\(field.rawValue)" + (min.map { " ≥ \($0)" } ?? "") + (max.map { " ≤ \($0)" } ?? "")
        case .retryWait(let step, let wait):
            text = "\(wait) after a failed \(stepName(step))"
        case .departure(_, let within):
            text = "not leaving the unit within \(within)"
        case .heldBy(let roles):
            text = "held by " + roles.map(\.chineseName).joined(separator: " or ")
        case .namedFrom(let step):
            text = "those named are among those of \(stepName(step))"
        case .namedMembers(let stage, let notUnder):
            text = "those named are \(stage)" + (notUnder.map { ", none under \(stepName($0))" } ?? "")
        case .roster:
            text = "应到 ≤ the branch's full members (正式党员)"
        case .redo(let from, let after, let steps, _):
            text = "not done within \(after) of \(stepName(from)): redo " + steps.map(stepName).joined(separator: ", ")
        }
        return "\(rule) \(text)"
    }
}

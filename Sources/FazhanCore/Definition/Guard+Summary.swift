extension Guard {
    /// A short, human summary of the guard for diagrams and listings: `R7 推荐和确定入党积极分子后 ≥ 1 年`
    /// (`R7 ≥ 1 year after 推荐和确定入党积极分子` in English).
    public func summary(in workflow: Workflow) -> String {
        func stepName(_ id: String) -> String { workflow.step(id)?.name ?? id }
        func reference(_ reference: DateReference) -> String {
            switch reference {
            case .guarded: return Catalogue.summaryThisStep
            case .birth: return Catalogue.birth
            case .probationEnd: return Catalogue.summaryProbationEnd
            case .step(let id, let latest): return latest ? Catalogue.summaryLast(stepName(id)) : stepName(id)
            case .procedure(let id): return Catalogue.summaryProcedure(stepName(id))
            }
        }
        let text: String
        switch kind {
        case .stepRecorded(let steps, let result, let since):
            text = Catalogue.summaryRecorded(steps.map(stepName), result: result, since: since.map(reference))
        case .interval(let from, let to, let min, let max):
            let target: String? = { if case .guarded = to { return nil } else { return reference(to) } }()
            text = Catalogue.summaryInterval(min: min, max: max, from: reference(from), to: target)
        case .age(_, let min, let max):
            text = Catalogue.summaryAge(min: min, max: max)
        case .people(let step, let min, let max):
            let range = min == max ? "\(min ?? 0)" : "\(min ?? 0)-\(max.map(String.init) ?? "")"
            text = Catalogue.summaryPeople(range, in: stepName(step))
        case .training(_, let days, let hours):
            text = Catalogue.summaryTraining(days: days, hours: hours)
        case .review(let step, let validFor):
            text = Catalogue.summaryReview(stepName(step), validFor: validFor)
        case .recommendation(_, let under, let method):
            text = Catalogue.summaryRecommendation(league: method == "league", under: under)
        case .publicNotice(_, let node, let min):
            text = Catalogue.summaryNotice(workflow.noticeNodes.first { $0.id == node }?.name ?? node, min: min)
        case .meetingVote(let step, let requirement):
            switch requirement {
            case .quorum: text = Catalogue.summaryVote(stepName(step), "实到 × 2 > 应到")
            case .majority: text = Catalogue.summaryVote(stepName(step), "赞成 × 2 > 应到")
            case .minimumVoters(let n): text = Catalogue.summaryVoters(stepName(step), n)
            }
        case .approvalWindow(let from, let within, let atMost):
            text = Catalogue.summaryWindow(within, of: reference(from), atMost: atMost)
        case .approver:
            text = Catalogue.summaryApprover
        case .dataRange(let field, let min, let max):
            text = "\(field.rawValue)" + (min.map { " ≥ \($0)" } ?? "") + (max.map { " ≤ \($0)" } ?? "")
        case .retryWait(let step, let wait):
            text = Catalogue.summaryRetry(wait, after: stepName(step))
        case .departure(_, let within):
            text = Catalogue.summaryDeparture(within)
        case .heldBy(let roles):
            text = Catalogue.summaryHeldBy(roles.map(\.chineseName))
        case .namedFrom(let step):
            text = Catalogue.amongThoseOf(stepName(step))
        case .namedMembers(let stage, let notUnder):
            text = Catalogue.summaryNamed(stage, notUnder: notUnder.map(stepName))
        case .roster:
            text = Catalogue.summaryRoster
        case .redo(let from, let after, let steps, _):
            text = Catalogue.summaryRedo(after, from: stepName(from), steps: steps.map(stepName))
        }
        return "\(rule) \(text)"
    }
}

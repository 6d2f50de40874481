import FazhanCore
import FazhanReports
import FazhanStore

/// Why a use case refused or failed, with what the organizer needs to put it right. Front ends
/// render it in one place: the CLI prints `description` (a refused verdict in full, as a table),
/// the server answers a status and this sentence.
public enum ServiceError: Error, Sendable, CustomStringConvertible {
    /// No person with this number or id; `near`: people whose number is one slip away, as "number (name)".
    case personNotFound(String, near: [String] = [])
    case eventNotFound(Int64)
    case organizationNotFound(String)
    case unknownStep(String, workflow: String, known: [String])
    case unknownStage(String, workflow: String, known: [String])
    case noEnteringStep(stage: String, workflow: String)
    /// The person is in their last stage (or none): nothing further to check.
    case noFurtherStage(person: String, current: String)
    /// The guards refused the step: the whole verdict, for the front end to explain.
    case refused(Verdict, person: PersonProfile, workflow: Workflow)
    /// A correction or void would make recorded steps break the rules.
    case correctionBreaksRules([Finding])
    case alreadyVoided(Int64)
    /// Voiding a transition that later transitions build on.
    case voidWouldOrphan(event: Int64, later: Int64)
    /// Others kept recording for the same person while this was judged, every time it was tried.
    case keptChanging(person: String, attempts: Int)
    case noDefaultWorkflow
    /// A resident ID that does not check (masked), and why.
    case invalidIDNumber(masked: String, reason: String)
    /// A resident ID whose birth date or gender disagrees with what was entered.
    case idNumberDisagrees(masked: String, [String])
    case birthDateInFuture(CivilDate)
    /// A resident ID number already registered to another person: it (masked), the person who
    /// holds it, and the number it was to be registered with.
    case idNumberTaken(masked: String, holder: String, number: String)
    /// An enum-like value that names nothing (a stage no installed workflow has): what it was
    /// meant to be, the value, and the valid values. A usage error where the front end has one.
    case unknownValue(what: String, value: String, valid: [String])
    case store(StoreError)
    /// The caller's role may not do this (on the server): the sentence names the role it needs.
    case forbidden(String)
    /// The caller holds grants in several subtrees: a listing must name its organization.
    case organizationRequired([String])
    /// A request that cannot be understood (a bad value), with what is wrong.
    case badRequest(String)
    /// The person's history is no longer the version the write was asked for.
    case stale(person: String, expected: Int64, actual: Int64)
    /// A batch in which some people cannot have the step recorded: every refusal, and nothing
    /// was recorded for anyone. `step` is the step's name, `people` how many the batch named.
    case batchRefused(step: String, date: CivilDate, people: Int, refusals: [BatchRefusal])
    /// A step that is recorded person by person, never in a batch, and why (a usage error).
    case notBatchable(String)

    public var description: String {
        switch self {
        case .personNotFound(let key, let near):
            let base = "error: no person with number or id \(key)"
            return near.isEmpty ? base : base + "; did you mean " + near.joined(separator: ", ") + "?"
        case .eventNotFound(let id): return "error: no event #\(id)"
        case .organizationNotFound(let code): return "error: no organization \(code)"
        case .unknownStep(let text, let workflow, let known):
            if let guess = Self.guess(text, among: known) {
                return "error: unknown step \"\(text)\" in workflow \(workflow); did you mean \(guess)?"
            }
            return "error: unknown step \"\(text)\" in workflow \(workflow); known steps: \(known.joined(separator: ", "))"
        case .unknownStage(let text, let workflow, let known):
            if let guess = Self.guess(text, among: known) {
                return "error: unknown stage \"\(text)\" in workflow \(workflow); did you mean \(guess)?"
            }
            return "error: unknown stage \"\(text)\" in workflow \(workflow); known stages: \(known.joined(separator: ", "))"
        case .noEnteringStep(let stage, let workflow): return "error: no step enters \(stage) in workflow \(workflow)"
        case .noFurtherStage(let person, let current): return "\(person) is \(current): there is no further stage"
        case .refused(let verdict, let person, _):
            let failing = verdict.checks.filter { !$0.passed }.map(\.rule)
            return "\(person.name) (\(person.number)): \(verdict.step) on \(verdict.date) is NOT allowed (\(failing.joined(separator: ", "))); "
                + "nothing was recorded"
        case .correctionBreaksRules(let findings):
            let lines = findings.map { "✗ \($0.rule) \($0.ruleName): \($0.stepName) on \($0.date): found \($0.found); required \($0.required)" }
            return "refused: the correction would make recorded steps break the rules:\n" + lines.joined(separator: "\n")
                + "\nnothing was recorded; correct those steps too, or record the correction in an order that keeps the history consistent"
        case .alreadyVoided(let id): return "refused: event #\(id) is already voided"
        case .voidWouldOrphan(let event, let later):
            return "refused: event #\(event) entered a stage that later transitions build on; void #\(later) first"
        case .keptChanging(let person, let attempts):
            return "refused: others recorded for \(person) while this was being judged, \(attempts) times in a row; nothing was recorded, try again"
        case .noDefaultWorkflow: return "error: the database has no default workflow; pass --workflow"
        case .invalidIDNumber(let masked, let reason): return "refused: the ID number \(masked): \(reason)"
        case .idNumberDisagrees(let masked, let disagreements):
            return "refused: the ID number \(masked) disagrees with what was entered: " + disagreements.joined(separator: "; ")
        case .birthDateInFuture(let date): return "refused: the birth date \(date) is in the future"
        case .idNumberTaken(let masked, let holder, let number):
            return "refused: the ID number \(masked) is already registered to \(holder); \(number) cannot be registered with it too"
        case .unknownValue(let what, let value, let valid):
            return "error: no \(what) \(value); the \(what)s are \(valid.joined(separator: ", "))"
        case .store(let error): return "error: \(error.description)"
        case .forbidden(let sentence): return "forbidden: \(sentence)"
        case .organizationRequired(let codes):
            return "error: name the organization (org=CODE): you hold grants at \(codes.joined(separator: ", "))"
        case .badRequest(let sentence): return "error: \(sentence)"
        case .stale(let person, let expected, let actual):
            return "conflict: \(person) has changed since version \(expected) was read (now \(actual) or more events); "
                + "nothing was recorded: read the person again and decide again"
        case .batchRefused(let step, let date, let people, let refusals):
            return "refused: \(step) on \(date) cannot be recorded for \(refusals.count) of the \(people) people named "
                + "(\(refusals.map(\.key).joined(separator: ", "))); nothing was recorded for anyone"
        case .notBatchable(let sentence): return "error: \(sentence)"
        }
    }

    /// The known entry ("id (name)") whose id or name `text` most likely mistypes.
    static func guess(_ text: String, among known: [String]) -> String? {
        var entryByWord: [String: String] = [:]
        for entry in known {
            guard let open = entry.range(of: " (") else { entryByWord[entry] = entry; continue }
            entryByWord[String(entry[..<open.lowerBound])] = entry
            entryByWord[String(entry[open.upperBound...].dropLast())] = entry
        }
        return Spelling.closest(to: text, among: Array(entryByWord.keys).sorted()).flatMap { entryByWord[$0] }
    }
}

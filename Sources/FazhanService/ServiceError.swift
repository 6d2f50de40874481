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
        case .personNotFound(let key, let near): return Catalogue.personNotFound(key, near: near)
        case .eventNotFound(let id): return Catalogue.eventNotFound(id)
        case .organizationNotFound(let code): return Catalogue.organizationNotFound(code)
        case .unknownStep(let text, let workflow, let known):
            return Catalogue.unknownStep(text, workflow: workflow, guess: Self.guess(text, among: known), known: known)
        case .unknownStage(let text, let workflow, let known):
            return Catalogue.unknownStage(text, workflow: workflow, guess: Self.guess(text, among: known), known: known)
        case .noEnteringStep(let stage, let workflow): return Catalogue.noEnteringStep(stage, workflow: workflow)
        case .noFurtherStage(let person, let current): return Catalogue.noFurtherStage(person, current: current)
        case .refused(let verdict, let person, _):
            return Catalogue.refusedStep(name: person.name, number: person.number, step: verdict.step, date: verdict.date,
                                         failing: verdict.checks.filter { !$0.passed }.map(\.rule))
        case .correctionBreaksRules(let findings):
            return Catalogue.correctionBreaks(findings.map {
                Catalogue.brokenStep(rule: $0.rule, ruleName: $0.ruleName, step: $0.stepName, date: $0.date, found: $0.found, required: $0.required)
            })
        case .alreadyVoided(let id): return Catalogue.alreadyVoided(id)
        case .voidWouldOrphan(let event, let later): return Catalogue.voidWouldOrphan(event, later: later)
        case .keptChanging(let person, let attempts): return Catalogue.keptChanging(person, attempts: attempts)
        case .noDefaultWorkflow: return Catalogue.noDefaultWorkflow
        case .invalidIDNumber(let masked, let reason): return Catalogue.invalidIDNumber(masked, reason)
        case .idNumberDisagrees(let masked, let disagreements): return Catalogue.idNumberDisagrees(masked, disagreements)
        case .birthDateInFuture(let date): return Catalogue.birthDateInFuture(date)
        case .idNumberTaken(let masked, let holder, let number): return Catalogue.idNumberTaken(masked, holder: holder, number: number)
        case .unknownValue(let what, let value, let valid): return Catalogue.unknownValue(what, value, valid: valid)
        case .store(let error): return Catalogue.error(error.description)
        case .forbidden(let sentence): return Catalogue.forbidden(sentence)
        case .organizationRequired(let codes): return Catalogue.organizationRequired(codes)
        case .badRequest(let sentence): return Catalogue.error(sentence)
        case .stale(let person, let expected, let actual): return Catalogue.stale(person, expected: expected, actual: actual)
        case .batchRefused(let step, let date, let people, let refusals):
            return Catalogue.batchRefusedLine(step: step, date: date, refused: refusals.count, people: people, who: refusals.map(\.key))
        case .notBatchable(let sentence): return Catalogue.error(sentence)
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

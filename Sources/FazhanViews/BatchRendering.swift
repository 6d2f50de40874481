import FazhanCore
import FazhanService

/// What `fazhan record --people` prints: a line per person recorded and a closing count, or,
/// when anyone is refused, every refusal (each refused step's failing checks, as `check`
/// prints them) and that nothing was recorded.
public enum BatchRendering {
    /// The lines of a batch recorded whole.
    public static func recorded(_ batch: [Recorded]) -> String {
        var lines = batch.map { RecordedRendering.describe($0) }
        if let first = batch.first {
            let name = first.file.workflow.stepName(first.event.step)
            lines.append(Catalogue.batchRecorded(step: name, date: first.event.date, people: batch.count))
        }
        return lines.joined(separator: "\n")
    }

    /// A refused batch: the headline, then one block per person refused, separated by blank lines.
    public static func refused(_ error: ServiceError) -> String {
        guard case .batchRefused(let step, let date, let people, let refusals) = error else { return error.description }
        var blocks = [Catalogue.batchRefused(step: step, date: date, refused: refusals.count, people: people)]
        for refusal in refusals {
            switch refusal.reason {
            case .service(.refused(let verdict, let person, let workflow)):
                blocks.append(VerdictOutput.text(verdict, person: person, workflow: workflow, onlyFailures: true))
            case .service(let failure):
                blocks.append(failure.description)
            case .invalid(let problems):
                blocks.append(Catalogue.personRefused(refusal.person, problems.description))
            }
        }
        return blocks.joined(separator: "\n\n")
    }
}

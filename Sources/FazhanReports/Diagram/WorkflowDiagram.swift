import Foundation
import FazhanCore

/// Draws a workflow's state machine from the same data the engine runs: stages as states,
/// transition steps as edges, each edge labelled with its guards.
public enum WorkflowDiagram {
    /// A Mermaid `stateDiagram-v2`.
    public static func mermaid(_ workflow: Workflow) -> String {
        var lines = ["---", "title: \(workflow.id) \(workflow.title)\(workflow.provisional ? Catalogue.provisionalMark : "")", "---", "stateDiagram-v2"]
        for stage in workflow.stages {
            lines.append("    \(stage.id): \(stage.name) (\(stage.id))")
        }
        for step in workflow.steps where step.isTransition {
            let label = ([step.name] + workflow.guards(on: step.id).map { $0.summary(in: workflow) })
                .map(escapeMermaid).joined(separator: "<br/>")
            let sources = step.from.isEmpty ? ["[*]"] : step.from
            for source in sources {
                lines.append("    \(source) --> \(step.enters!): \(label)")
            }
        }
        for stage in workflow.stages where stage.isFinal {
            lines.append("    \(stage.id) --> [*]")
        }
        return lines.joined(separator: "\n")
    }

    /// A Graphviz `digraph`.
    public static func dot(_ workflow: Workflow) -> String {
        var lines = [
            "digraph \"\(escapeDot(workflow.id))\" {",
            "    label=\"\(escapeDot("\(workflow.id) \(workflow.title)\(workflow.provisional ? Catalogue.provisionalMark : "")"))\";",
            "    rankdir=LR;",
            "    node [shape=box, style=rounded];",
            "    start [shape=point];",
        ]
        for stage in workflow.stages {
            let shape = stage.isFinal ? ", peripheries=2" : ""
            lines.append("    \(stage.id) [label=\"\(escapeDot(stage.name))\\n\(stage.id)\"\(shape)];")
        }
        for step in workflow.steps where step.isTransition {
            let label = ([step.name] + workflow.guards(on: step.id).map { $0.summary(in: workflow) })
                .map(escapeDot).joined(separator: "\\l") + "\\l"
            let sources = step.from.isEmpty ? ["start"] : step.from
            for source in sources {
                lines.append("    \(source) -> \(step.enters!) [label=\"\(label)\"];")
            }
        }
        lines.append("}")
        return lines.joined(separator: "\n")
    }

    static func escapeMermaid(_ text: String) -> String {
        text.replacingOccurrences(of: ":", with: "：").replacingOccurrences(of: "\"", with: "'")
            .replacingOccurrences(of: "<", with: "‹").replacingOccurrences(of: ">", with: "›")
    }

    static func escapeDot(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    }
}

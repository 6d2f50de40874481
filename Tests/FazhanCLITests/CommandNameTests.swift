import ArgumentParser
import Testing

@testable import FazhanCLI

/// Every command names itself. Without `commandName`, ArgumentParser derives the name from the
/// type with `String(describing:)`, which in a statically linked binary scans every protocol
/// conformance in it, for each command, at every start: milliseconds of each `check`.
@Suite struct CommandNameTests {
    @Test func everyCommandHasAnExplicitNameAndItIsTheOneItHadBefore() {
        var pending: [any ParsableCommand.Type] = [Fazhan.self]
        var seen = 0
        while let command = pending.popLast() {
            seen += 1
            let configuration = command.configuration
            let name = configuration.commandName
            #expect(name != nil, "\(command) has no commandName")
            // A subcommand type named for its verb (List, Add, PersonsInStage) keeps the name
            // ArgumentParser derived from it: the type name in kebab case.
            let typeName = String(describing: command)
            if !typeName.hasSuffix("Command"), typeName != "Fazhan" {
                var derived = ""
                for character in typeName {
                    if character.isUppercase, !derived.isEmpty { derived += "-" }
                    derived += character.lowercased()
                }
                #expect(name == derived, "\(command)")
            }
            pending += configuration.subcommands
        }
        #expect(seen > 40)
    }
}

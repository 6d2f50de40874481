import ArgumentParser
import FazhanCore

/// The options every export takes: the format, the language of the CSV headers, and where to write.
struct ExportOptions: ParsableArguments {
    @Option(help: ArgumentHelp(Catalogue.exportOptionsFormatHelp)) var format: ExportFormat = .csv
    @Option(help: ArgumentHelp(Catalogue.exportOptionsHeadersHelp))
    var headers: ExportHeaders = .zh
    @Option(help: ArgumentHelp(Catalogue.outputFileHelp)) var output: String?
    @Flag(help: ArgumentHelp(Catalogue.exportOptionsForceHelp)) var force = false

    func validate() throws {
        if force && output == nil { throw ValidationError(Catalogue.goesWith("--force", "--output")) }
        if let output, output.isEmpty { throw ValidationError(Catalogue.outputNamesAFile) }
    }
}

/// The values of an export's `--format`.
enum ExportFormat: String, ExpressibleByArgument, CaseIterable {
    case csv, json
}

/// The values of an export's `--headers`.
enum ExportHeaders: String, ExpressibleByArgument, CaseIterable {
    case zh, en
}

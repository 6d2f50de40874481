import ArgumentParser
import FazhanCore

/// The options every export takes: the format, the language of the CSV headers, and where to write.
struct ExportOptions: ParsableArguments {
    @Option(help: "csv (Excel-ready: UTF-8 with a byte order mark, CRLF) or json.") var format: ExportFormat = .csv
    @Option(help: "The language of the CSV headers: zh (学号, 姓名, ...) or en (number, name, ...). JSON keys are always English.")
    var headers: ExportHeaders = .zh
    @Option(help: "Write to this file (created readable by its owner only) instead of standard output.") var output: String?
    @Flag(help: "Replace the --output file if it exists.") var force = false

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

import ArgumentParser
import FazhanCore
import FazhanReports
import FazhanService
import FazhanViews
import Foundation

/// `fazhan print`: the documents organizers file on paper, as HTML pages for A4 (or PDF).
struct PrintCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "print",
        abstract: Catalogue.printAbstract,
        subcommands: [Record.self, Notice.self, Vote.self])

    /// Where the page goes: `--output FILE` (created readable by its owner only, replaced only
    /// with `--force`), else standard output; `--pdf` prints it to PDF through headless Chromium.
    struct Destination: ParsableArguments {
        @Option(help: ArgumentHelp(Catalogue.outputFileHelp)) var output: String?
        @Flag(help: ArgumentHelp(Catalogue.forceOutputHelp)) var force = false
        @Flag(help: ArgumentHelp(Catalogue.printDestinationPdfHelp)) var pdf = false

        func validate() throws {
            if force && output == nil { throw ValidationError(Catalogue.goesWith("--force", "--output")) }
            if pdf && output == nil { throw ValidationError(Catalogue.pdfNeedsOutput) }
        }

        func write(_ html: String) throws {
            guard let output else { return FileHandle.standardOutput.write(Data(html.utf8)) }
            let bytes = pdf ? try ChromiumPDF.print(html) : Data(html.utf8)
            try OutputFile.write(bytes, to: output, overwrite: force)
            FileHandle.standardError.write(Data((Catalogue.wrote(output) + "\n").utf8))
        }
    }

    struct Record: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "record",
            abstract: Catalogue.printRecordAbstract)

        @OptionGroup var database: DatabaseOptions
        @Argument(help: ArgumentHelp(Catalogue.personIdentifierHelp)) var person: String
        @Flag(help: ArgumentHelp(Catalogue.printRecordRevealHelp)) var reveal = false
        @OptionGroup var destination: Destination

        func run() async throws {
            let document = try await database.serviceForReading().recordDocument(person, reveal: reveal, printedOn: Clock.today())
            try destination.write(PrintedDocumentHTML.record(document))
        }
    }

    struct Notice: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "notice",
            abstract: Catalogue.printNoticeAbstract,
            discussion: Catalogue.printNoticeDiscussion)

        @OptionGroup var database: DatabaseOptions
        @Option(help: ArgumentHelp(Catalogue.printNoticeNodeHelp))
        var node: String
        @Argument(help: ArgumentHelp(Catalogue.printNoticePeopleHelp)) var people: [String] = []
        @Option(help: ArgumentHelp(Catalogue.printNoticeFromHelp)) var from: CivilDate?
        @Option(help: ArgumentHelp(Catalogue.printNoticeToHelp)) var to: CivilDate?
        @Option(help: ArgumentHelp(Catalogue.printNoticeIssuerHelp)) var issuer: String?
        @OptionGroup var destination: Destination

        func validate() throws {
            if people.isEmpty { throw ValidationError(Catalogue.noticeNamesNobody) }
            var seen: Set<String> = []
            let twice = people.filter { !seen.insert($0).inserted }
            if !twice.isEmpty { throw ValidationError(Catalogue.namedTwice(Array(Set(twice)).sorted())) }
            if people.count > DevelopmentService.batchLimit {
                throw ValidationError(Catalogue.tooManyForANotice(people.count, limit: DevelopmentService.batchLimit))
            }
            if let from, let to, to < from { throw ValidationError(Catalogue.toBeforeFrom(to, from)) }
        }

        func run() async throws {
            let today = Clock.today()
            let document = try await database.serviceForReading().noticeDocument(
                people, node: node, from: from ?? today, to: to, issuer: issuer, printedOn: today)
            try destination.write(PrintedDocumentHTML.notice(document))
        }
    }

    struct Vote: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "vote",
            abstract: Catalogue.printVoteAbstract)

        @OptionGroup var database: DatabaseOptions
        @Option(help: ArgumentHelp(Catalogue.branchCodeHelp)) var org: String
        @Option(help: ArgumentHelp(Catalogue.printVoteOnHelp)) var on: CivilDate
        @OptionGroup var destination: Destination

        func run() async throws {
            let document = try await database.serviceForReading().voteDocument(organization: org, on: on, printedOn: Clock.today())
            try destination.write(PrintedDocumentHTML.votes(document))
        }
    }
}

/// A page printed to PDF by headless Chromium, when it is installed.
enum ChromiumPDF {
    static func browser() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            for folder in path.split(separator: ":") {
                let candidate = "\(folder)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        return nil
    }

    static func print(_ html: String) throws -> Data {
        guard let browser = browser() else {
            throw Failure("error: --pdf needs headless Chromium (chromium on the PATH), which is not installed; "
                          + "install it (apt-get install chromium fonts-noto-cjk), or write HTML without --pdf and print it from a browser")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fazhan-print-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: folder) }
        let page = folder.appendingPathComponent("page.html")
        let pdf = folder.appendingPathComponent("page.pdf")
        try Data(html.utf8).write(to: page)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: browser)
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check", "--disable-extensions",
            "--user-data-dir=\(folder.appendingPathComponent("profile").path)", "--no-pdf-header-footer",
            "--print-to-pdf=\(pdf.path)", page.absoluteString,
        ]
        let log = folder.appendingPathComponent("chromium.log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        process.waitUntilExit()
        try? handle.close()
        guard process.terminationStatus == 0, let data = FileManager.default.contents(atPath: pdf.path), !data.isEmpty else {
            let detail = (try? String(contentsOf: log, encoding: .utf8))?.split(separator: "\n").last.map(String.init) ?? ""
            throw Failure("error: \(browser) did not print the page to PDF (exit \(process.terminationStatus))"
                          + (detail.isEmpty ? "" : ": \(detail)"))
        }
        return data
    }
}

import ArgumentParser
import FazhanCore
import FazhanReports
import FazhanService
import FazhanSQLite
import FazhanStore
import FazhanViews
import Foundation

/// `fazhan import people|events FILE.csv`: rosters and legacy histories from Excel, all rows or none.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: Catalogue.importAbstract,
        discussion: Catalogue.importDiscussion,
        subcommands: [People.self, Events.self])

    struct People: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "people",
            abstract: Catalogue.importPeopleAbstract,
            discussion: Catalogue.importPeopleDiscussion)

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var recorder: RecorderOptions
        @OptionGroup var options: ImportOptions
        @Option(help: ArgumentHelp(Catalogue.importPeopleWorkflowHelp)) var workflow: String?

        func run() async throws {
            if !options.dryRun, options.encoding != .gb18030, !database.isRemote {
                let store = try database.openStore()
                if let summary = try importStreaming(into: store) { return try summary.print(format: options.format) }
            }
            var source = try options.read()
            let sheet = try source.takeSheet(columns: RosterImport.columns)
            let service = try await database.service()
            let progress = ImportProgressBar("importing people")
            let outcome: ImportOutcome
            do {
                outcome = try await service.importRoster(
                    consume sheet, workflow: workflow, dryRun: options.dryRun, today: Clock.today(), createdAt: Clock.timestamp(),
                    user: recorder.user, loadWorkflow: { try WorkflowLocator.load($0) },
                    installed: { installed in
                        FileHandle.standardError.write(Data((Catalogue.installedWorkflowNote(installed.workflowID, version: installed.version) + "\n").utf8))
                    },
                    progress: progress)
            } catch {
                try source.rethrow(error, format: options.format)
            }
            var summary = ImportSummary(file: options.file, encoding: source.decoded.encodingDescription, kind: "people",
                                        added: outcome.added, alreadyPresent: outcome.alreadyPresent, dryRun: options.dryRun)
            summary.workflow = outcome.workflow
            try summary.print(format: options.format)
        }
    }

    struct Events: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "events",
            abstract: Catalogue.importEventsAbstract,
            discussion: Catalogue.importEventsDiscussion)

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var recorder: RecorderOptions
        @OptionGroup var options: ImportOptions

        func run() async throws {
            if !options.dryRun, options.encoding != .gb18030, !database.isRemote {
                let store = try database.openStore()
                if let summary = try importStreaming(into: store) { return try summary.print(format: options.format) }
            }
            var source = try options.read()
            let sheet = try source.takeSheet(columns: EventImport.columns)
            let service = try await database.service()
            let outcome: ImportOutcome
            do {
                outcome = try await service.importHistory(
                    sheet, dryRun: options.dryRun, today: Clock.today(), recordedAt: Clock.timestamp(), user: recorder.user,
                    progress: ImportProgressBar("importing events"))
            } catch {
                try source.rethrow(error, format: options.format)
            }
            var summary = ImportSummary(file: options.file, encoding: source.decoded.encodingDescription, kind: "events",
                                        added: outcome.added, alreadyPresent: outcome.alreadyPresent, dryRun: options.dryRun)
            summary.people = outcome.people
            try summary.print(format: options.format)
        }
    }
}

extension ImportCommand.Events {
    /// Imports a UTF-8 file as it is read, a chunk at a time, person by person, in one
    /// transaction: each person's rows are checked, compared with their recorded events and
    /// written when the next person's rows begin, while no row so far has a problem; a bad row
    /// stops the writing (the rows after it are still checked, to report them all) and rolls
    /// everything back. The same events in the same order as a whole-file import, in memory
    /// that does not grow with the file.
    ///
    /// Returns nil, having written nothing, when the file must be read whole: not UTF-8, a
    /// header that does not match, or a person's rows not next to each other (they are written
    /// together, in date order, so all of them must be known first).
    private func importStreaming(into store: SQLiteStore) throws -> ImportSummary? {
        let recordedAt = Clock.timestamp()
        let user = recorder.user
        let today = Clock.today()
        let progress = Progress("importing events")
        guard let streamed = StreamedImport(file: options.file, format: options.format) else { return nil }
        let summary = try streamed.run(into: store) { session, rows in
            var reading = StreamedEvents(session: session, organizations: try store.organizations(), today: today,
                                         recordedAt: recordedAt, user: user, progress: progress)
            try rows { try reading.take($0) }
            try reading.end()
            if !reading.problems.isEmpty { throw StreamedImport.Refused(problems: reading.problems, notes: reading.notes) }
            var result = ImportSummary(file: options.file, encoding: streamed.encoding, kind: "events",
                                       added: reading.added, alreadyPresent: reading.ledger.present, dryRun: false)
            result.people = reading.peopleAdded
            return result
        }
        progress.finish()
        return summary
    }

    /// The rows of a streamed history as they come: the current person's rows are held until
    /// the next person's begin.
    private struct StreamedEvents {
        let session: IngestSession
        let organizations: [Organization]
        let today: CivilDate
        let recordedAt: String
        let user: String
        let progress: Progress
        var sheet: ImportSheet?
        var checker: EventImport.RowChecker?
        var ledger = EventImport.Ledger()
        var problems: [ImportProblem] = []
        /// The current person's number, profile (nil: nobody has it), recorded events and new rows.
        var number: String?
        var person: PersonProfile?
        var recorded: [Event] = []
        var entries: [EventImport.Entry] = []
        /// The numbers whose rows have ended.
        var done: Set<String> = []
        var added = 0
        var peopleAdded = 0

        init(session: IngestSession, organizations: [Organization], today: CivilDate, recordedAt: String, user: String,
             progress: Progress) {
            self.session = session
            self.organizations = organizations
            self.today = today
            self.recordedAt = recordedAt
            self.user = user
            self.progress = progress
        }

        /// Workflows in which some step was not found, with their steps.
        var notes: [String] {
            (checker?.unknownStepWorkflows ?? []).compactMap { id in
                guard let workflow = checker?.workflows.values.first(where: { $0.id == id }) else { return nil }
                return Catalogue.stepsOf(id, workflow.steps.map { "\($0.id) (\($0.name))" })
            }
        }

        mutating func take(_ row: CSVReader.Row) throws {
            guard let sheet, checker != nil else {
                do { sheet = try ImportSheet(rows: [row], columns: EventImport.columns) } catch { throw StreamedImport.ReadWhole() }
                checker = EventImport.RowChecker(sheet: sheet!, workflows: [:], organizations: organizations, today: today)
                return
            }
            let number = sheet.cell("number", in: row)
            if !number.isEmpty, number != self.number {
                try end()
                if let previous = self.number { done.insert(previous) }
                if done.contains(number) { throw StreamedImport.ReadWhole() }
                self.number = number
                person = try session.person(number: number)
                recorded = []
                ledger.forget()
                if let person {
                    if checker!.workflows[person.workflowVersion] == nil {
                        checker!.workflows[person.workflowVersion] = try session.workflow(version: person.workflowVersion)
                    }
                    recorded = try session.recordedEvents(of: person.id)
                    ledger.record(recorded)
                }
            }
            let current = (self.number, person)
            guard let (entry, _) = checker!.check(row, people: { $0 == current.0 ? current.1 : nil }, problems: &problems)
                as (EventImport.Entry, PersonProfile)?
            else { return }
            if ledger.admit(entry, problems: &problems) { entries.append(entry) }
        }

        /// Writes the current person's new rows, unless some row so far has a problem.
        mutating func end() throws {
            defer { entries.removeAll(keepingCapacity: true) }
            guard let person, !entries.isEmpty, problems.isEmpty else { return }
            let events = EventImport.inDateOrder(entries).map { entry in
                Event(id: 0, personID: person.id, step: entry.step, date: entry.date, recordedAt: recordedAt, recordedBy: user,
                      data: entry.data, workflowVersion: person.workflowVersion, imported: true)
            }
            try session.addEvents(events, of: person, after: recorded)
            added += events.count
            peopleAdded += 1
            progress.advance(by: events.count)
        }
    }
}

extension ImportCommand.People {
    /// Imports a UTF-8 roster as it is read, in one transaction: each row is checked, compared
    /// with the person registered under its number and registered while no row so far has a
    /// problem; a bad row stops the writing (the rows after it are still checked, to report
    /// them all) and rolls everything back. The same people in the same order as a whole-file
    /// import, in memory that does not grow with the file.
    ///
    /// Returns nil, having written nothing, when the file must be read whole (not UTF-8, or a
    /// header that does not match), and when the workflow new people follow is not installed
    /// yet: installing it is a write of its own, made only once the whole file is known good.
    private func importStreaming(into store: SQLiteStore) throws -> ImportSummary? {
        guard let id = try workflow ?? store.defaultWorkflowID(), let version = try store.latestVersion(of: id) else { return nil }
        let createdAt = Clock.timestamp()
        let user = recorder.user
        let today = Clock.today()
        let progress = Progress("importing people")
        guard let streamed = StreamedImport(file: options.file, format: options.format) else { return nil }
        let summary = try streamed.run(into: store) { session, rows in
            var reading = try StreamedPeople(session: session, organizations: try store.organizations(), today: today,
                                             workflowVersion: version.version, createdAt: createdAt, user: user, progress: progress)
            try rows { try reading.take($0) }
            if !reading.problems.isEmpty { throw StreamedImport.Refused(problems: reading.problems, notes: []) }
            var result = ImportSummary(file: options.file, encoding: streamed.encoding, kind: "people",
                                       added: reading.added, alreadyPresent: reading.present, dryRun: false)
            if reading.added > 0 { result.workflow = Catalogue.workflowVersion(version.workflowID, version.version) }
            return result
        }
        progress.finish()
        return summary
    }

    /// The rows of a streamed roster as they come.
    private struct StreamedPeople {
        let session: IngestSession
        let organizations: [Organization]
        let codes: [Int64: String]
        let today: CivilDate
        let workflowVersion: Int64
        let createdAt: String
        let user: String
        let progress: Progress
        /// The numbers of the people registered before this import with an ID number, by ID number.
        let idHolders: [String: String]
        var checker: RosterImport.RowChecker?
        var problems: [ImportProblem] = []
        var added = 0
        var present = 0

        init(session: IngestSession, organizations: [Organization], today: CivilDate, workflowVersion: Int64, createdAt: String,
             user: String, progress: Progress) throws {
            self.session = session
            self.organizations = organizations
            codes = RosterImport.organizationCodes(organizations)
            self.today = today
            self.workflowVersion = workflowVersion
            self.createdAt = createdAt
            self.user = user
            self.progress = progress
            idHolders = try session.numbersByIDNumber()
        }

        mutating func take(_ row: CSVReader.Row) throws {
            guard checker != nil else {
                let sheet: ImportSheet
                do { sheet = try ImportSheet(rows: [row], columns: RosterImport.columns) } catch { throw StreamedImport.ReadWhole() }
                checker = RosterImport.RowChecker(sheet: sheet, organizations: organizations, today: today)
                return
            }
            guard let entry = checker!.check(row, problems: &problems) else { return }
            // Numbers and ID numbers repeated within the file were found by the checker: the
            // people looked up here were registered before this import.
            let holder = try entry.idNumber.flatMap { idHolders[$0] }.flatMap { try session.person(number: $0) }
            switch RosterImport.compare(entry, registered: try session.person(number: entry.number), idHolder: holder,
                                        organizationCodes: codes, sheet: checker!.sheet) {
            case .new:
                guard problems.isEmpty else { return }
                try session.addPerson(NewPerson(entry, workflowVersion: workflowVersion, createdAt: createdAt, createdBy: user))
                added += 1
                progress.advance(by: 1)
            case .present:
                present += 1
            case .problem(let problem):
                problems.append(problem)
            }
        }
    }
}

/// A UTF-8 import file read a megabyte at a time and written through one bulk session, for
/// imports whose memory must not grow with the file.
private final class StreamedImport {
    /// The file cannot be imported as a stream: read it whole (which also says what is wrong with it).
    struct ReadWhole: Error {}

    /// The rows have problems: nothing was written.
    struct Refused: Error {
        var problems: [ImportProblem]
        var notes: [String]
    }

    let file: String
    let format: OutputFormat
    /// The file, open for reading.
    private let descriptor: Int32
    /// Whether the file begins with a UTF-8 byte-order mark (known once the first piece is read).
    private let byteOrderMark: Bool

    /// Opens the file; nil when it cannot be opened or streamed (too short to tell, UTF-16, a
    /// byte-order mark twice): the whole-file reading decides, and says what is wrong.
    init?(file: String, format: OutputFormat) {
        let descriptor = open(file, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        var head = [UInt8](repeating: 0, count: 4)
        let count = head.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, 4, 0) }
        let byteOrderMark = count >= 3 && head.starts(with: [0xEF, 0xBB, 0xBF])
        if count < 4 || head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF]) || (byteOrderMark && head[3] == 0xEF) {
            close(descriptor)
            return nil
        }
        self.file = file
        self.format = format
        self.descriptor = descriptor
        self.byteOrderMark = byteOrderMark
    }

    deinit { close(descriptor) }

    /// The file's encoding as the summary names it.
    var encoding: String { "UTF-8" + (byteOrderMark ? " with BOM" : "") }

    /// Runs `body` in one ingest, handing it a reader that passes every row of the file, in
    /// order, to a closure. Returns nil, with nothing written, when the file must be read whole;
    /// a refusal lists every problem and writes nothing.
    func run(into store: SQLiteStore,
             _ body: (IngestSession, ((CSVReader.Row) throws -> Void) throws -> Void) throws -> ImportSummary) throws -> ImportSummary? {
        do {
            return try ingest(store) { session in try body(session, readRows) }
        } catch is ReadWhole {
            return nil
        } catch is CSVReader.Stream.NotUTF8 {
            return nil
        } catch is CSVReader.Problem {
            return nil
        } catch let refused as Refused {
            try ImportSource.refuse(refused.problems, notes: refused.notes, file: file, encoding: encoding, format: format)
        }
    }

    /// Reads the file a megabyte at a time (past its byte-order mark), handing over each row.
    private func readRows(_ take: (CSVReader.Row) throws -> Void) throws {
        var stream = CSVReader.Stream()
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var offset: off_t = byteOrderMark ? 3 : 0
        while true {
            let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, offset) }
            if count < 0 { throw ReadWhole() }
            if count == 0 { break }
            offset += off_t(count)
            try buffer.withUnsafeBytes { bytes in
                try stream.read(UnsafeRawBufferPointer(rebasing: bytes[0..<count]), take)
            }
        }
        try stream.finish(take)
    }
}

/// The progress bar of an import, drawn once the service knows how many rows it writes.
final class ImportProgressBar: ImportProgress {
    let label: String
    private var progress: Progress?

    init(_ label: String) { self.label = label }

    func start(total: Int) { progress = Progress(label, total: total) }
    func advance(by count: Int) { progress?.advance(by: count) }
    func finish() { progress?.finish() }
}

/// What both imports take: the file, its encoding, a dry run and the output format.
struct ImportOptions: ParsableArguments {
    @Argument(help: ArgumentHelp(Catalogue.csvFileHelp)) var file: String
    @Option(help: ArgumentHelp(Catalogue.importOptionsEncodingHelp)) var encoding: TextEncoding?
    @Flag(help: ArgumentHelp(Catalogue.importOptionsDryRunHelp)) var dryRun = false
    @Option(help: ArgumentHelp(Catalogue.formatTableJSONHelp)) var format: OutputFormat = .table

    func validate() throws {
        if format == .csv { throw ValidationError("--format must be table or json") }
    }

    /// The file's text, decoded.
    func read() throws -> ImportSource {
        guard var data = FileManager.default.contents(atPath: file) else {
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory)
            throw Failure(Catalogue.cannotRead(file, why: !exists ? .missing : isDirectory.boolValue ? .folder : .denied))
        }
        // The file's bytes are let go as soon as they are copied out (a million people's roster
        // is held once, not twice).
        let bytes = [UInt8](data)
        data = Data()
        do {
            return ImportSource(file: file, decoded: try TextDecoding.decode(bytes, as: encoding))
        } catch {
            throw Failure("error: \(file): \(error)")
        }
    }
}

/// A decoded import file.
struct ImportSource {
    let file: String
    private(set) var decoded: DecodedText

    /// The rows under a header matched to `columns` (a header that does not match refuses the
    /// file); the text is let go once read into rows, so that it is not held through the import.
    mutating func takeSheet(columns: [ImportColumn]) throws -> ImportSheet {
        let sheet = try sheet(columns: columns)
        decoded.text = ""
        return sheet
    }

    /// The rows under a header matched to `columns`; a header that does not match refuses the file.
    func sheet(columns: [ImportColumn]) throws -> ImportSheet {
        let rows: [CSVReader.Row]
        do { rows = try CSVReader.rows(decoded.text) } catch { throw Failure("error: \(file) (\(decoded.encodingDescription)): \(error)") }
        do {
            return try ImportSheet(rows: rows, columns: columns)
        } catch {
            var message = "error: \(file) (\(decoded.encodingDescription)): \(error)"
            if let notUTF8 = decoded.notUTF8At {
                message += "\n" + Catalogue.readAsGB18030("\(notUTF8)")
            }
            throw Failure(message)
        }
    }

    /// Refuses the whole file when any row has a problem, listing every one by line.
    func refuseIfAny(_ problems: [ImportProblem], notes: [String] = [], format: OutputFormat) throws {
        guard !problems.isEmpty else { return }
        try ImportSource.refuse(problems, notes: notes, file: file, encoding: decoded.encodingDescription, format: format)
    }

    /// What a service import threw, as the command line says it: a refusal lists every bad
    /// row, a failed write says nothing was imported.
    func rethrow(_ error: any Error, format: OutputFormat) throws -> Never {
        switch error {
        case let refusal as ImportRefusal:
            try ImportSource.refuse(refusal.problems, notes: refusal.notes, file: file, encoding: decoded.encodingDescription, format: format)
        case let failed as ImportWriteFailed:
            throw Failure(Catalogue.importFailed(failed.error.description))
        default:
            throw error
        }
    }

    /// Refuses a file whose rows have problems, listing every one by line.
    static func refuse(_ problems: [ImportProblem], notes: [String], file: String, encoding: String, format: OutputFormat) throws -> Never {
        let sorted = problems.enumerated().sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }.map(\.element)
        let rows = Set(sorted.map(\.line)).count
        if format == .json {
            struct Refusal: Encodable {
                var file: String
                var encoding: String
                var imported = 0
                var problems: [ImportProblem]
            }
            output(try JSONOutput.render(Refusal(file: file, encoding: encoding, problems: sorted)))
        }
        let heading = Catalogue.importRefused(file, encoding: encoding, rows: rows, problems: sorted.count)
        throw Failure(([heading] + sorted.map(\.description) + notes).joined(separator: "\n"))
    }
}

/// What an import did (or, in a dry run, would do).
struct ImportSummary: Encodable {
    var file: String
    var encoding: String
    var kind: String
    var added: Int
    var alreadyPresent: Int
    var dryRun: Bool
    /// For events: how many people they belong to.
    var people: Int?
    /// For people: the workflow new people follow.
    var workflow: String?

    func print(format: OutputFormat) throws {
        if format == .json { return output(try JSONOutput.render(self)) }
        output(Catalogue.imported(file: file, encoding: encoding, people: kind == "people", added: added, of: people,
                                  present: alreadyPresent, dryRun: dryRun, workflow: added > 0 ? workflow : nil))
    }
}

/// Writes through one bulk session; a store error means nothing was imported.
private func ingest<T>(_ store: SQLiteStore, _ body: (IngestSession) throws -> T) throws -> T {
    do {
        return try store.ingest(body)
    } catch let error as StoreError {
        throw Failure(Catalogue.importFailed(error.description))
    }
}

extension TextEncoding: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(name: argument)
    }

    public static var allValueStrings: [String] { TextEncoding.acceptedNames }
}

extension DatabaseOptions {
    /// Whether `--db` names a database server (a PostgreSQL URL) rather than an SQLite file.
    var isRemote: Bool { path.hasPrefix("postgres://") || path.hasPrefix("postgresql://") }
}

import ArgumentParser
import FazhanCore
import FazhanReports
import Foundation
import Synchronization

// The commands that work on a Fazhan server: each asks the API the question its local `run()`
// answers and prints the answer as the local command prints it (RemoteAnswer).

private func segment(_ text: String) -> String { RemoteClient.segment(text) }

private func flag(_ value: Bool) -> String? { value ? "true" : nil }

/// `--by` names who records locally; a server records the signed-in user.
private func noteIgnoredRecorder(_ recorder: RecorderOptions, client: RemoteClient) {
    guard let by = recorder.by, !by.isEmpty else { return }
    let who = client.user ?? "the signed-in user"
    FileHandle.standardError.write(Data((Catalogue.byIgnored(who) + "\n").utf8))
}

/// Writes are judged on what is recorded now, as the local command judges them.
private let currentVersion = "*"

// MARK: - Reads

extension ShowCommand: RemoteRunnable {
    func run(on client: RemoteClient) async throws {
        let path = "/v1/people/\(segment(person))"
        let response = try await client.get(path, query: [
            ("asOf", asOf?.description), ("format", format == .json ? "json" : "table"), ("reveal", flag(reveal)),
        ])
        try RemoteAnswer.printRead(response, client: client, request: "GET \(path)")
    }
}

extension HistoryCommand: RemoteRunnable {
    func run(on client: RemoteClient) async throws {
        let path = "/v1/people/\(segment(person))/history"
        let date = asOf ?? asRecorded?.localDate
        let response = try await client.get(path, query: [
            ("asOf", date?.description), ("asRecorded", asRecorded?.cutoff.description), ("format", format.rawValue),
        ])
        try RemoteAnswer.printRead(response, client: client, request: "GET \(path)")
    }
}

extension CheckCommand: RemoteRunnable {
    func run(on client: RemoteClient) async throws {
        let path = "/v1/people/\(segment(person))/check"
        // Locally, --format csv prints the verdict's text, as table does.
        let response = try await client.get(path, query: [
            ("to", to), ("on", on?.description), ("format", format == .json ? "json" : "table"),
            ("note", options.note), ("approver", options.approver), ("reason", options.reason),
        ])
        try RemoteAnswer.printRead(response, client: client, request: "GET \(path)")
        if RemoteAnswer.allowed(response) == false { throw ExitCode(1) }
    }
}

extension PersonCommand.List: RemoteRunnable {
    func run(on client: RemoteClient) async throws {
        let response = try await client.get("/v1/people", query: [
            ("org", org), ("stage", stage), ("format", format.rawValue), ("reveal", flag(reveal)), ("all", flag(all)),
        ])
        try RemoteAnswer.printRead(response, client: client, request: "GET /v1/people")
    }
}

extension AgendaCommand: RemoteRunnable {
    func run(on client: RemoteClient) async throws {
        let response = try await client.get("/v1/agenda", query: [
            ("org", selection.org), ("person", selection.person), ("asOf", (selection.asOf ?? selection.asRecorded?.localDate)?.description),
            ("asRecorded", selection.asRecorded?.cutoff.description), ("within", "\(try horizon().days)d"), ("format", format.rawValue),
        ])
        try RemoteAnswer.printRead(response, client: client, request: "GET /v1/agenda")
    }
}

extension AuditCommand: RemoteRunnable {
    var remoteTimeout: TimeInterval { RemoteClient.longTimeout }

    func run(on client: RemoteClient) async throws {
        let response = try await client.get("/v1/audit", query: [
            ("org", selection.org), ("person", selection.person), ("asOf", (selection.asOf ?? selection.asRecorded?.localDate)?.description),
            ("asRecorded", selection.asRecorded?.cutoff.description), ("format", format.rawValue),
        ])
        try RemoteAnswer.printRead(response, client: client, request: "GET /v1/audit")
        if (RemoteAnswer.violations(response, format: format.rawValue) ?? 0) > 0 { throw ExitCode(1) }
    }
}

extension ReportCommand.Quarterly: RemoteRunnable {
    var remoteTimeout: TimeInterval { RemoteClient.longTimeout }

    func run(on client: RemoteClient) async throws {
        let path = "/v1/reports/quarterly"
        notePeriod(try period())
        let query: [(String, String?)] = [
            ("quarter", effectiveQuarter), ("year", year.map(String.init)), ("from", from?.description), ("to", to?.description),
            ("org", org), ("asRecorded", asRecorded?.cutoff.description), ("changesSince", changesSince?.cutoff.description),
            ("format", format.rawValue),
        ]
        guard let output else {
            // A province's JSON is hundreds of megabytes: to standard output it goes as it comes.
            let last = Mutex<UInt8?>(nil)
            let response = try await client.get(path, query: query) { chunk in
                FileHandle.standardOutput.write(chunk)
                if let byte = chunk.last { last.withLock { $0 = byte } }
            }
            try RemoteAnswer.requireSuccess(response, client: client, request: "GET \(path)")
            if last.withLock({ $0 }) != UInt8(ascii: "\n") { FileHandle.standardOutput.write(Data("\n".utf8)) }
            RemoteAnswer.printNote(response)
            return
        }
        let response = try await client.get(path, query: query)
        try RemoteAnswer.requireSuccess(response, client: client, request: "GET \(path)")
        RemoteAnswer.printNote(response)
        try OutputFile.write(response.body, to: output, overwrite: force)
        FileHandle.standardError.write(Data((Catalogue.wrote(output) + "\n").utf8))
    }
}

// MARK: - Writes

extension RecordCommand: RemoteRunnable {
    struct Body: Encodable {
        var step: String
        var date: CivilDate
        var data: EventData?
    }

    struct BatchBody: Encodable {
        var people: [String]
        var step: String
        var date: CivilDate
        var data: EventData?
    }

    func run(on client: RemoteClient) async throws {
        noteIgnoredRecorder(recorder, client: client)
        var data = options.data
        data.reason = why.reason
        guard let step else {
            // One request, one transaction on the server: everyone recorded, or no one.
            let response = try await client.post("/v1/batches", json: BatchBody(
                people: try batch.numbers(), step: batchStep, date: on, data: data == EventData() ? nil : data))
            try RemoteAnswer.printWrite(response, client: client, request: "POST /v1/batches")
            return
        }
        let path = "/v1/people/\(segment(person))/events"
        let response = try await client.post(
            path, json: Body(step: step, date: on, data: data == EventData() ? nil : data), ifMatch: currentVersion)
        try RemoteAnswer.printWrite(response, client: client, request: "POST \(path)")
    }
}

extension AdvanceCommand: RemoteRunnable {
    struct Body: Encodable {
        var to: String
        var date: CivilDate
        var note, approver, reason: String?
    }

    func run(on client: RemoteClient) async throws {
        noteIgnoredRecorder(recorder, client: client)
        let path = "/v1/people/\(segment(person))/advance"
        let response = try await client.post(
            path, json: Body(to: to, date: on, note: options.note, approver: options.approver, reason: options.reason),
            ifMatch: currentVersion)
        try RemoteAnswer.printWrite(response, client: client, request: "POST \(path)")
    }
}

extension CorrectCommand: RemoteRunnable {
    struct Body: Encodable {
        var reason: String
        var date: CivilDate?
        var void: Bool
        var data: EventData?
    }

    func run(on client: RemoteClient) async throws {
        noteIgnoredRecorder(recorder, client: client)
        let data = options.data
        let path = "/v1/events/\(event)/corrections"
        let response = try await client.post(
            path, json: Body(reason: reason, date: on, void: void, data: void || data == EventData() ? nil : data),
            ifMatch: currentVersion)
        try RemoteAnswer.printWrite(response, client: client, request: "POST \(path)")
    }
}

// MARK: - Exports

extension ExportCommand {
    /// Streams `GET /v1/exports/KIND` to standard output or to the `--output` file, with the
    /// local export's file safety (ExportSink: owner-only, whole or nothing, replaced only with --force).
    static func runRemotely(
        _ client: RemoteClient, kind: String, options: ExportOptions, noun: String, query: [(String, String?)]
    ) async throws {
        let sink = try options.output.map { try ExportSink(file: $0, overwrite: options.force) } ?? ExportSink()
        let path = "/v1/exports/\(segment(kind))"
        let receiver = ExportReceiver(sink: sink, json: options.format == .json)
        do {
            let response = try await client.get(
                path, query: [("format", options.format.rawValue), ("headers", options.headers.rawValue)] + query,
                sink: receiver.receive)
            try RemoteAnswer.requireSuccess(response, client: client, request: "GET \(path)")
            try sink.commit()
            RemoteAnswer.printNote(response)
            if let file = sink.path {
                FileHandle.standardError.write(Data((Catalogue.exported(receiver.rows, noun, to: file) + "\n").utf8))
            }
        } catch {
            sink.abandon()
            throw error
        }
    }
}

/// Hands an export's bytes to its sink as they arrive (on the transfer's one queue) and counts its rows.
private final class ExportReceiver: @unchecked Sendable {
    private let sink: ExportSink
    private let counter: Mutex<ExportRowCounter>

    init(sink: ExportSink, json: Bool) {
        self.sink = sink
        counter = Mutex(ExportRowCounter(json: json))
    }

    var rows: Int { counter.withLock { $0.rows } }

    func receive(_ data: Data) throws {
        try sink.write(bytes: data)
        counter.withLock { $0.consume(data) }
    }
}

extension ExportCommand.People: RemoteRunnable {
    var remoteTimeout: TimeInterval { RemoteClient.longTimeout }

    func run(on client: RemoteClient) async throws {
        try await ExportCommand.runRemotely(client, kind: "people", options: options, noun: "people", query: [
            ("org", org), ("stage", stage), ("all", flag(all)), ("reveal", flag(reveal)),
        ])
    }
}

extension ExportCommand.Events: RemoteRunnable {
    var remoteTimeout: TimeInterval { RemoteClient.longTimeout }

    func run(on client: RemoteClient) async throws {
        try await ExportCommand.runRemotely(client, kind: "events", options: options, noun: "events", query: [
            ("org", org), ("from", from?.description), ("to", to?.description), ("all", flag(all)),
        ])
    }
}

extension ExportCommand.PersonsInStage: RemoteRunnable {
    var remoteTimeout: TimeInterval { RemoteClient.longTimeout }

    func run(on client: RemoteClient) async throws {
        try await ExportCommand.runRemotely(client, kind: "persons-in-stage", options: options, noun: "people", query: [
            ("stage", stage), ("asOf", asOf?.description), ("org", org), ("reveal", flag(reveal)),
        ])
    }
}

import FazhanCore
import Foundation

/// The one place where the server's answers become what the command prints and its exit code:
/// a body on standard output as is, `Fazhan-Note` on standard error, a write's `message` line,
/// and for every error status a sentence on standard error and exit 1.
enum RemoteAnswer {
    /// Throws the sentence for an answer that is not a success (2xx).
    static func requireSuccess(_ response: RemoteResponse, client: RemoteClient, request: String) throws {
        guard (200..<300).contains(response.status) else { throw failure(response, client: client, request: request) }
    }

    /// The sentence for an error answer: 401 asks to sign in again; a JSON error prints its
    /// `message` (a refusal's is the refusal in full, as the local command prints it).
    static func failure(_ response: RemoteResponse, client: RemoteClient, request: String) -> Failure {
        if response.status == 401 {
            let login = "`fazhan login \(client.server) --user \(client.user ?? "NAME")`"
            switch client.tokenSource {
            case .environment:
                return Failure(Catalogue.tokenNotAccepted(client.server, login: login))
            case .sessionFile, .none:
                return Failure(Catalogue.sessionNotAccepted(client.server, login: login))
            }
        }
        if let message = response.object?["message"] as? String, !message.isEmpty {
            // A value that names nothing is a usage error, as it is locally.
            return Failure(message, exitCode: ["unknown_value", "usage"].contains(response.object?["error"] as? String ?? "") ? 64 : 1)
        }
        let reason = reasonPhrases[response.status].map { " (\($0))" } ?? ""
        return Failure(Catalogue.serverAnswered(client.server, status: response.status, reason: reason, request: request))
    }

    private static let reasonPhrases = [
        400: "bad request", 403: "forbidden", 404: "not found", 405: "method not allowed", 409: "conflict",
        413: "payload too large", 415: "unsupported media type", 422: "unprocessable", 428: "precondition required",
        429: "too many requests", 500: "internal server error", 502: "bad gateway", 503: "service unavailable",
        504: "gateway timeout",
    ]

    /// A read: the body on standard output exactly as answered (a final line break added if it
    /// lacks one, as the local command ends its output), then the note on standard error.
    static func printRead(_ response: RemoteResponse, client: RemoteClient, request: String) throws {
        try requireSuccess(response, client: client, request: request)
        writeOut(response.body)
        printNote(response)
    }

    /// A write: the `message` line the local command prints.
    static func printWrite(_ response: RemoteResponse, client: RemoteClient, request: String) throws {
        try requireSuccess(response, client: client, request: request)
        guard let message = response.object?["message"] as? String else {
            throw Failure("error: the Fazhan server at \(client.server) answered \(response.status) to \(request) without the "
                          + "line to print; it may be another version than this fazhan")
        }
        printNote(response)
        // What the audit will report about the step just recorded, as the local command warns.
        for warning in response.object?["warnings"] as? [String] ?? [] {
            FileHandle.standardError.write(Data((warning + "\n").utf8))
        }
        output(message)
    }

    /// `Fazhan-Note`, decoded, on standard error.
    static func printNote(_ response: RemoteResponse) {
        if let note = response.note { FileHandle.standardError.write(Data((note + "\n").utf8)) }
    }

    /// Bytes on standard output, ending with a line break.
    static func writeOut(_ body: Data) {
        guard !body.isEmpty else { return }
        FileHandle.standardOutput.write(body)
        if body.last != UInt8(ascii: "\n") { FileHandle.standardOutput.write(Data("\n".utf8)) }
    }

    /// `Fazhan-Allowed: true|false` on a check; for JSON without the header, the verdict's `allowed`.
    static func allowed(_ response: RemoteResponse) -> Bool? {
        if let header = response.header("Fazhan-Allowed")?.trimmingCharacters(in: .whitespaces).lowercased() {
            if header == "true" { return true }
            if header == "false" { return false }
        }
        return response.object?["allowed"] as? Bool
    }

    /// The audit's violations: `Fazhan-Violations` when the server sends it, else read from what
    /// the audit printed: the table's last line (`N findings, M violations`), the JSON's
    /// `violations`, the CSV's rows of severity `violation`.
    static func violations(_ response: RemoteResponse, format: String) -> Int? {
        if let header = response.header("Fazhan-Violations"), let count = Int(header.trimmingCharacters(in: .whitespaces)) {
            return count
        }
        switch format {
        case "json":
            return response.object?["violations"] as? Int
        case "csv":
            guard let text = String(data: response.body, encoding: .utf8), let rows = try? CSVReader.rows(text),
                  let header = rows.first, let column = header.fields.firstIndex(of: "severity") else { return nil }
            return rows.dropFirst().filter { column < $0.fields.count && $0.fields[column] == "violation" }.count
        default:
            let text = String(decoding: response.body, as: UTF8.self)
            guard let last = text.split(separator: "\n").last(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else {
                return nil
            }
            let words = last.split(separator: " ")
            guard words.count == 4, words[1] == "findings,", words[3] == "violations" else { return nil }
            return Int(words[2])
        }
    }
}

/// Counts the rows of an export as its bytes stream past, for the closing line a file export
/// prints: CSV records after the header (line breaks outside quotes), or JSON objects (each
/// starts on a line of its own, `  {`).
struct ExportRowCounter {
    let json: Bool
    private(set) var lines = 0
    private var inQuotes = false
    private var line: [UInt8] = []
    private var lineTooLong = false

    init(json: Bool) {
        self.json = json
    }

    var rows: Int { json ? lines : max(0, lines - 1) }

    mutating func consume(_ data: Data) {
        for byte in data {
            if json {
                if byte == UInt8(ascii: "\n") {
                    if !lineTooLong, line == Array("  {".utf8) { lines += 1 }
                    line.removeAll(keepingCapacity: true)
                    lineTooLong = false
                } else if line.count < 3 {
                    line.append(byte)
                } else {
                    lineTooLong = true
                }
            } else if byte == UInt8(ascii: "\"") {
                inQuotes.toggle()
            } else if byte == UInt8(ascii: "\n"), !inQuotes {
                lines += 1
            }
        }
    }
}

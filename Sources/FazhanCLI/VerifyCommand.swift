import ArgumentParser
import FazhanCore
import FazhanReports
import FazhanService
import FazhanSQLite
import FazhanStore
import Foundation

struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check every seal, checkpoint and signature of a database, only reading it; exit 1 on any problem.",
        discussion: """
            Finds an event or a record (workflow text, organization, person, enrollment, plan, grading, user, grant) edited, \
            deleted or added behind Fazhan's back, a checkpoint removed or changed, a checkpoint not signed by a trusted key \
            (a log rewritten and re-sealed without the private key), and a stored stage that disagrees with the events. \
            The database is opened read-only: nothing is migrated or re-sealed, and the file is left byte for byte as it was.
            The trusted public key is --public-key (64 hexadecimal characters or a key file; repeat for several), else the \
            public half of the signing key file (--key, $FAZHAN_KEY, else the database's path + .key). \
            --expect-head checks that the log still holds a checkpoint head noted earlier (printed here, and in every quarterly report).
            """)

    @OptionGroup var database: DatabaseOptions
    @Option(help: "table or json.") var format: OutputFormat = .table
    @Option(name: .long, help: "A trusted public key (64 hexadecimal characters) or a key file holding one; repeat for several.")
    var publicKey: [String] = []
    @Option(name: .long, help: "A checkpoint head noted earlier (64 hexadecimal characters): exit 1 unless the log still holds it.")
    var expectHead: String?

    func validate() throws {
        if let expectHead, expectHead.utf8.count != 64 || SealHasher.bytes(hex: expectHead) == nil {
            throw ValidationError("--expect-head must be a checkpoint head: 64 hexadecimal characters; it is \(expectHead)")
        }
    }

    func run() async throws {
        try RemoteOptions.refuseLocalDatabase(database)
        let store = try SQLiteStore.openForVerifying(path: database.path)
        let keys = try TrustedKeys.resolve(publicKey, fallback: database.keyPath.path)
        var report = try store.verify()
        report.judge(trusting: keys.keys, expectHead: expectHead,
                     signingAdvice: "If you wrote them, sign them with `fazhan seal` (it needs the key file).")
        if format == .json {
            output(try JSONOutput.render(report))
        } else {
            output(VerifyRendering.text(report, name: database.path, keys: keys))
        }
        if !report.isIntact { throw ExitCode(1) }
    }
}

/// The public keys `verify` trusts, and where they came from.
struct TrustedKeys {
    var keys: [CheckpointPublicKey]
    /// Said when there is none.
    var missing: String?

    /// `--public-key` arguments, else the public half of the key file at `fallback` if there is one.
    static func resolve(_ arguments: [String], fallback: String) throws -> TrustedKeys {
        do {
            if !arguments.isEmpty { return TrustedKeys(keys: try arguments.map(CheckpointKeyFile.trusted), missing: nil) }
            if FileManager.default.fileExists(atPath: fallback) {
                return TrustedKeys(keys: [try CheckpointKeyFile.trusted(fallback)], missing: nil)
            }
        } catch {
            throw Failure("error: \(error.message)")
        }
        return TrustedKeys(keys: [], missing: Catalogue.noTrustedKey(fallback))
    }
}

/// How `verify` prints its report as text.
public enum VerifyRendering {
    static func text(_ report: IntegrityReport, name: String, keys: TrustedKeys) -> String {
        text(report, name: name, missingKey: keys.missing)
    }

    /// The report as lines: the verdict with the counts and the head, the signatures, the
    /// pending seals, then each problem.
    public static func text(_ report: IntegrityReport, name: String, missingKey: String?) -> String {
        var lines: [String] = []
        if report.isIntact {
            lines.append(Catalogue.intact(name, events: report.events, seals: report.seals, records: report.records,
                                          checkpoints: report.checkpoints, pending: report.pending, pendingRecords: report.pendingRecords,
                                          head: report.head, chains: report.chains))
        } else {
            lines.append(Catalogue.problemsFound(name, problems: report.problems.count, events: report.events))
            lines += report.problems.map { "  \($0)" }
        }
        if let last = report.lastCheckpoint {
            lines.append(Catalogue.lastCheckpoint(last.id, at: last.createdAt, head: last.hash, keyID: last.keyID, signature: last.signature))
        }
        if let signatures = report.signatures {
            lines.append(Catalogue.signaturesChecked(trusted: signatures.trusted, signed: signatures.signed, lastSigned: signatures.lastSigned,
                                                     covered: signatures.covered))
        } else if report.checkpoints > 0 {
            lines.append(Catalogue.signaturesNotChecked(missingKey))
        }
        if report.pending > 0 {
            lines.append(Catalogue.pendingSeals(report.pending))
        }
        return lines.joined(separator: "\n")
    }
}

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
        abstract: Catalogue.verifyAbstract,
        discussion: Catalogue.verifyDiscussion)

    @OptionGroup var database: DatabaseOptions
    @Option(help: ArgumentHelp(Catalogue.formatTableJSONHelp)) var format: OutputFormat = .table
    @Option(name: .long, help: ArgumentHelp(Catalogue.verifyPublicKeyHelp))
    var publicKey: [String] = []
    @Option(name: .long, help: ArgumentHelp(Catalogue.verifyExpectHeadHelp))
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

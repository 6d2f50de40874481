import ArgumentParser
import FazhanCore
import FazhanReports
import FazhanSQLite
import FazhanStore
import FazhanViews
import Foundation

/// `fazhan key`: the key that signs checkpoints.
struct KeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key",
        abstract: Catalogue.keyAbstract,
        discussion: Catalogue.keyDiscussion,
        subcommands: [Create.self, Show.self])

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create", abstract: Catalogue.keyCreateAbstract)

        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let path = database.keyPath.path
            let signer = try CheckpointKeyFile.create(at: path)
            output(Catalogue.keyCreated(path, publicKey: signer.publicKey.hex, id: signer.publicKey.id))
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: Catalogue.keyShowAbstract)

        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let path = database.keyPath.path
            guard FileManager.default.fileExists(atPath: path) else {
                throw Failure(Catalogue.noKeyFile(path))
            }
            let key = try CheckpointKeyFile.trusted(path)
            output(Catalogue.publicKeyLines(key.hex, id: key.id))
        }
    }
}

/// `fazhan seal`: the explicit, logged re-sealing after a legitimate change.
struct SealCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seal",
        abstract: Catalogue.sealAbstract,
        discussion: Catalogue.sealDiscussion)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var recorder: RecorderOptions
    @Option(name: .long, help: ArgumentHelp(Catalogue.sealReasonHelp)) var reason: String = "signed after checking"

    func run() throws {
        guard let signer = try database.signer() else {
            throw Failure(Catalogue.noSigningKey(database.keyPath.path))
        }
        let store = try SQLiteStore.open(path: database.path, create: false, signer: signer)
        var report = try store.verify()
        report.judge(trusting: [signer.publicKey], signingAdvice: "")
        // Unsigned checkpoints are what signing is for; anything else must be looked into first.
        let blocking = report.problems.filter { $0.kind != .signature || !$0.message.contains(" not signed ") }
        guard blocking.isEmpty else {
            throw Failure(Catalogue.nothingSigned(database.path, problems: blocking.map { "  \($0)" }))
        }
        let checkpoint = try store.sealLog(action: "seal", note: reason, by: recorder.user, at: Clock.timestamp())
        output(Catalogue.signed(database.path, checkpoint: checkpoint.id, at: checkpoint.createdAt, head: checkpoint.hash,
                                signature: checkpoint.signature ?? "-", keyID: checkpoint.keyID ?? "-"))
    }
}

/// The signing key for a database being created: the key file at `path` if there is one, else a
/// new one made there (mode 0600). Returns it and what to print about it.
func signingKey(forNewDatabaseAt path: String) throws -> (signer: CheckpointSigner, message: String) {
    do {
        if FileManager.default.fileExists(atPath: path) {
            let signer = try CheckpointKeyFile.load(at: path)
            return (signer, Catalogue.existingKey(path, publicKey: signer.publicKey.hex))
        }
        let signer = try CheckpointKeyFile.create(at: path)
        return (signer, Catalogue.createdKey(path, publicKey: signer.publicKey.hex, id: signer.publicKey.id))
    } catch {
        throw Failure("error: \(error.message)")
    }
}

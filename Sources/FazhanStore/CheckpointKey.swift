import Crypto
import Foundation

/// A public key that checkpoints are checked against (Ed25519), and its short id.
///
/// The id is the first 16 hexadecimal characters of the SHA-256 of the raw key: each signed
/// checkpoint names the key that signed it by this id.
public struct CheckpointPublicKey: Sendable, Hashable, CustomStringConvertible {
    /// The 32 bytes of the key.
    public let raw: [UInt8]

    public init?(raw: [UInt8]) {
        guard raw.count == 32, (try? Curve25519.Signing.PublicKey(rawRepresentation: raw)) != nil else { return nil }
        self.raw = raw
    }

    /// A key given as 64 hexadecimal characters.
    public init?(hex: some StringProtocol) {
        guard let bytes = SealHasher.bytes(hex: hex.trimmingCharacters(in: .whitespaces)) else { return nil }
        self.init(raw: bytes)
    }

    /// The key as 64 lowercase hexadecimal characters: what an administrator publishes.
    public var hex: String { SealHasher.hex(raw) }

    /// The key's short id.
    public var id: String {
        var hasher = SealHasher()
        hasher.update(bytes: raw)
        return String(hasher.finalizeHex().prefix(16))
    }

    public var description: String { "\(hex) (key id \(id))" }

    /// Whether `signature` (hexadecimal) is this key's signature of `checkpoint`.
    public func isValidSignature(_ signature: String, of checkpoint: SealCheckpoint) -> Bool {
        guard let bytes = SealHasher.bytes(hex: signature),
              let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw) else { return false }
        return key.isValidSignature(bytes, for: Array(CheckpointSigner.message(checkpoint).utf8))
    }
}

/// The private key that signs checkpoints (Ed25519), kept in a file outside the database.
///
/// Without it, no one can write a checkpoint that `verify` accepts against the published public
/// key, so a log rewritten and re-sealed from end to end is found.
public struct CheckpointSigner: Sendable {
    /// The 32 bytes of the private key (swift-crypto's key type is not `Sendable`).
    private let raw: [UInt8]
    /// Where the key was read from (for messages).
    public let path: String?

    init(key: Curve25519.Signing.PrivateKey, path: String?) {
        self.raw = Array(key.rawRepresentation)
        self.path = path
    }

    private var key: Curve25519.Signing.PrivateKey {
        // The bytes came from a valid key.
        try! Curve25519.Signing.PrivateKey(rawRepresentation: raw)
    }

    /// A new random key (tests; `CheckpointKeyFile.create` writes one to a file).
    public static func generate(path: String? = nil) -> CheckpointSigner {
        CheckpointSigner(key: Curve25519.Signing.PrivateKey(), path: path)
    }

    public var publicKey: CheckpointPublicKey { CheckpointPublicKey(raw: Array(key.publicKey.rawRepresentation))! }

    var rawPrivate: [UInt8] { raw }

    /// What a checkpoint's signature covers: its number, its hash (which chains every
    /// checkpoint and seal before it) and when it was written.
    static func message(_ checkpoint: SealCheckpoint) -> String {
        "fazhan checkpoint v1\nid=\(checkpoint.id)\nhash=\(checkpoint.hash)\ncreated_at=\(checkpoint.createdAt)"
    }

    /// Signs a checkpoint: its signature in hexadecimal.
    public func signature(of checkpoint: SealCheckpoint) -> String {
        // Signing with a valid key over bytes does not fail; the fallback keeps this total.
        let signature = (try? key.signature(for: Array(Self.message(checkpoint).utf8))).map { SealHasher.hex($0) } ?? ""
        return signature
    }

    /// The checkpoint with its signature and this key's id.
    public func sign(_ checkpoint: SealCheckpoint) -> SealCheckpoint {
        var signed = checkpoint
        signed.signature = signature(of: checkpoint)
        signed.keyID = publicKey.id
        return signed
    }
}

/// A key file could not be made, read or trusted.
public struct CheckpointKeyError: Error, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

/// The key file: two lines, the private and the public key in hexadecimal, readable by its
/// owner only (mode 0600), kept outside the database (by default beside it, `<database>.key`).
///
/// ```
/// # Fazhan checkpoint signing key (Ed25519). Keep it secret: owner-only (chmod 600), never in a backup of the database alone.
/// private 9f2c…
/// public 3b1a…
/// ```
///
/// The public key alone (`fazhan key show`) may be published: an auditor gives it to `verify`
/// with `--public-key`.
public enum CheckpointKeyFile {
    /// The key file beside a database: `<database>.key`.
    public static func defaultPath(forDatabase database: String) -> String { database + ".key" }

    /// Creates a new key at `path`, mode 0600; refuses to overwrite a file.
    public static func create(at path: String) throws(CheckpointKeyError) -> CheckpointSigner {
        let manager = FileManager.default
        if manager.fileExists(atPath: path) {
            throw CheckpointKeyError("a key file already exists at \(path); it was left as it is")
        }
        let signer = CheckpointSigner.generate(path: path)
        let text = """
            # Fazhan checkpoint signing key (Ed25519). Keep it secret: owner-only (chmod 600), stored apart from the database's backups.
            private \(SealHasher.hex(signer.rawPrivate))
            public \(signer.publicKey.hex)

            """
        guard manager.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw CheckpointKeyError("cannot write the key file \(path): the folder does not exist or is not writable")
        }
        return signer
    }

    /// Reads the signing key at `path`. Refuses a file that others may read (it must be 0600 or
    /// stricter), or one without a private key.
    public static func load(at path: String) throws(CheckpointKeyError) -> CheckpointSigner {
        let manager = FileManager.default
        guard manager.fileExists(atPath: path) else { throw CheckpointKeyError("no key file at \(path)") }
        if let mode = (try? manager.attributesOfItem(atPath: path))?[.posixPermissions] as? NSNumber, mode.intValue & 0o077 != 0 {
            throw CheckpointKeyError(
                "the key file \(path) may be read by others (mode \(String(mode.intValue & 0o777, radix: 8))): "
                    + "run chmod 600 \(path), and make a new key if anyone else could have copied it")
        }
        guard let data = manager.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw CheckpointKeyError("cannot read the key file \(path); check its permissions")
        }
        let (privateHex, _) = parse(text)
        guard let privateHex, let bytes = SealHasher.bytes(hex: privateHex),
              let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: bytes) else {
            throw CheckpointKeyError("\(path) holds no private signing key (a line `private <64 hexadecimal characters>`)")
        }
        return CheckpointSigner(key: key, path: path)
    }

    /// A trusted public key given as 64 hexadecimal characters, or the path of a key file (the
    /// signing key's file, or a file holding the public key alone).
    public static func trusted(_ argument: String) throws(CheckpointKeyError) -> CheckpointPublicKey {
        if argument.utf8.count == 64, let key = CheckpointPublicKey(hex: argument) { return key }
        guard let data = FileManager.default.contents(atPath: argument), let text = String(data: data, encoding: .utf8) else {
            throw CheckpointKeyError("\(argument) is neither a public key (64 hexadecimal characters) nor a readable key file")
        }
        let (privateHex, publicHex) = parse(text)
        if let publicHex, let key = CheckpointPublicKey(hex: publicHex) { return key }
        if let privateHex, let bytes = SealHasher.bytes(hex: privateHex),
           let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: bytes) {
            return CheckpointPublicKey(raw: Array(key.publicKey.rawRepresentation))!
        }
        throw CheckpointKeyError("\(argument) holds no public key (a line `public <64 hexadecimal characters>`, or the key alone)")
    }

    /// The private and public keys a file names (`private HEX`, `public HEX`, or a bare key: public).
    static func parse(_ text: String) -> (privateHex: String?, publicHex: String?) {
        var privateHex: String?
        var publicHex: String?
        for line in text.split(whereSeparator: \.isNewline) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let parts = trimmed.split(separator: " ", omittingEmptySubsequences: true)
            if parts.count == 2, parts[0] == "private" { privateHex = String(parts[1]) }
            else if parts.count == 2, parts[0] == "public" { publicHex = String(parts[1]) }
            else if parts.count == 1, parts[0].utf8.count == 64 { publicHex = String(parts[0]) }
        }
        return (privateHex, publicHex)
    }
}

import FazhanCore

/// The tamper-evident seals over the event log, the same on every database.
///
/// Each person's events form a chain of their own: an event's seal is the hash of the seal of the
/// person's event before it and of the event's content, which includes its sequence number within
/// the person (1, 2, 3, ...). Writers of different people never wait for each other's seals.
///
/// Checkpoints chain the chains: each covers the heads (person, sequence, seal) of every person
/// whose chain grew since the checkpoint before it, and the hash of that checkpoint. An event
/// edited, inserted or deleted (a tail included) breaks a person's chain or a checkpoint's heads,
/// and `verify` names it.
///
/// Checkpoints also cover the seals of the records beside the events (`RecordSeals`), and each is
/// signed with an Ed25519 key kept outside the database (`CheckpointSigner`): plain SHA-256 can
/// be recomputed by anyone who can write to the database, a signature cannot, so `verify` checks
/// the signatures against a public key it is given (`IntegrityReport.judge`).
///
/// The content of an event leaves out its database id, so the same history gives the same seals
/// on SQLite and on PostgreSQL.
public enum SealChain {
    /// The seal before a person's first event, and the hash before the first checkpoint.
    public static let genesis = String(repeating: "0", count: 64)

    /// The content an event's seal covers: every recorded column but the database id, in a fixed order.
    public static func content(
        personID: Int64, sequence: Int64, step: String, occurredOn: String, recordedAt: String, recordedBy: String,
        data: String, workflowVersion: Int64, corrects: Int64?, correctionReason: String?, voids: Bool, imported: Bool
    ) -> String {
        func escaped(_ text: String) -> String {
            text.utf8.contains(0x0A) ? text.replacingOccurrences(of: "\n", with: "\\n") : text
        }
        var content = ""
        content.reserveCapacity(
            200 + step.utf8.count + occurredOn.utf8.count + recordedAt.utf8.count + recordedBy.utf8.count + data.utf8.count
                + (correctionReason?.utf8.count ?? 0))
        content += "person_id="
        content += String(personID)
        content += "\nseq="
        content += String(sequence)
        content += "\nstep="
        content += escaped(step)
        content += "\noccurred_on="
        content += escaped(occurredOn)
        content += "\nrecorded_at="
        content += escaped(recordedAt)
        content += "\nrecorded_by="
        content += escaped(recordedBy)
        content += "\ndata="
        content += escaped(data)
        content += "\nworkflow_version="
        content += String(workflowVersion)
        content += "\ncorrects="
        if let corrects { content += String(corrects) }
        content += "\ncorrection_reason="
        if let correctionReason { content += escaped(correctionReason) }
        content += voids ? "\nvoids=1" : "\nvoids=0"
        content += imported ? "\nimported=1" : "\nimported=0"
        return content
    }

    /// The content of a stored event, its data as the canonical JSON the databases hold.
    public static func content(of event: Event, sequence: Int64, data: String? = nil) -> String {
        content(
            personID: event.personID, sequence: sequence, step: event.step, occurredOn: event.date.description,
            recordedAt: event.recordedAt, recordedBy: event.recordedBy, data: data ?? event.data.canonicalJSON,
            workflowVersion: event.workflowVersion, corrects: event.corrects, correctionReason: event.correctionReason,
            voids: event.voids, imported: event.imported)
    }

    /// The seal of content that follows `previous` in its person's chain.
    public static func seal(content: String, previous: String) -> String {
        var hasher = SealHasher()
        hasher.update(previous)
        hasher.update("\n")
        hasher.update(content)
        return hasher.finalizeHex()
    }

    /// The hash of a checkpoint: the one before it, the people's heads it covers (in person
    /// order), then the record seals it covers (in kind and id order; see `RecordSeals`). A
    /// checkpoint without records hashes as checkpoints did before records were sealed.
    public static func checkpoint(previous: String, heads: [SealHead], records: [RecordHead] = []) -> String {
        var hasher = SealHasher()
        hasher.update(previous)
        for head in heads.sorted(by: { $0.personID < $1.personID }) {
            hasher.update("\n")
            hasher.update(String(head.personID))
            hasher.update(" ")
            hasher.update(String(head.sequence))
            hasher.update(" ")
            hasher.update(head.seal)
        }
        for record in records.sorted(by: { ($0.kind, $0.id) < ($1.kind, $1.id) }) {
            hasher.update("\nrecord ")
            hasher.update(record.kind)
            hasher.update(" ")
            hasher.update(String(record.id))
            hasher.update(" ")
            hasher.update(record.seal)
        }
        return hasher.finalizeHex()
    }
}

/// The last sealed event of a person at a checkpoint: who, how many events, and its seal.
public struct SealHead: Sendable, Hashable, Codable {
    public var personID: Int64
    public var sequence: Int64
    public var seal: String

    public init(personID: Int64, sequence: Int64, seal: String) {
        self.personID = personID
        self.sequence = sequence
        self.seal = seal
    }
}

/// A checkpoint as stored: its number, the hash before it, how many heads and records it covers,
/// its hash, and (when a key signed it) its Ed25519 signature and the id of the signing key.
public struct SealCheckpoint: Sendable, Hashable, Codable {
    public var id: Int64
    public var previous: String
    public var heads: Int
    public var hash: String
    public var createdAt: String
    /// How many record seals it covers (0 for checkpoints from before records were sealed).
    public var records: Int
    /// The signature in hexadecimal (see `CheckpointSigner`), nil when unsigned.
    public var signature: String?
    /// The id of the key that signed it (see `CheckpointPublicKey.id`).
    public var keyID: String?

    public init(id: Int64, previous: String, heads: Int, hash: String, createdAt: String, records: Int = 0,
                signature: String? = nil, keyID: String? = nil) {
        self.id = id
        self.previous = previous
        self.heads = heads
        self.hash = hash
        self.createdAt = createdAt
        self.records = records
        self.signature = signature
        self.keyID = keyID
    }
}

import FazhanCore

/// A problem `verify` found.
public struct IntegrityProblem: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable, Codable {
        /// An event's content no longer matches its seal.
        case edited
        /// A sealed event is gone.
        case deleted
        /// An event without a seal: written behind Fazhan's back.
        case inserted
        /// A seal does not follow the one before it: seals were removed or added.
        case brokenLink = "broken_link"
        /// A person's stored stage disagrees with their events.
        case projection
        /// A person's events are not in the order of their seals.
        case reordered
        /// A checkpoint no longer matches the seals it covers, or does not follow the one before it.
        case checkpoint
        /// A role grant or revocation no longer matches its seal, is gone, or was written outside Fazhan.
        case grant
        /// A sealed record (a workflow text, an organization, a person, an enrollment count, a
        /// plan, a grading, a user) no longer matches its seal, is gone, or has none.
        case record
        /// A checkpoint is unsigned, signed by a key the verifier does not trust, or its
        /// signature does not verify.
        case signature
        /// The schema is older than this program's, or parts of it are missing: nothing was
        /// migrated or re-sealed (verify only reads).
        case schema
        /// A head noted earlier (`--expect-head`) is not in the log.
        case anchor
    }

    public var kind: Kind
    public var eventID: Int64?
    public var message: String

    public init(kind: Kind, eventID: Int64?, message: String) {
        self.kind = kind
        self.eventID = eventID
        self.message = message
    }

    public var description: String { "\(kind.rawValue): \(message)" }
}

/// What `verify` reports.
public struct IntegrityReport: Sendable, Codable {
    public var events: Int
    public var seals: Int
    /// How many checkpoints chain the people's seals.
    public var checkpoints: Int
    /// Seals written since the last checkpoint (on PostgreSQL the checkpointer runs every few
    /// seconds; on SQLite every write makes its own, so this is 0).
    public var pending: Int
    /// The hash of the last checkpoint: note it elsewhere to detect a rewrite of the whole log.
    public var head: String
    /// The hash of every person's last seal, in person order: the same history gives the same
    /// value on every database, whatever their checkpoints (compare a copy with its source).
    public var chains: String
    public var problems: [IntegrityProblem]
    /// How many role grants and revocations their seal chain holds (nil when there are none, so
    /// that a database without users reports what it always did).
    public var grants: Int?
    /// The seal of the last grant or revocation: note it elsewhere to detect a revocation removed
    /// from the end of the chain (nil when there are none).
    public var grantHead: String?
    /// How many records (workflows, organizations, people, planning entries, users, grants)
    /// carry a seal.
    public var records: Int?
    /// Records not sealed yet: on PostgreSQL the checkpointer seals them.
    public var pendingRecords: Int?
    /// What was found of the checkpoints' signatures (nil when no trusted key was given).
    public var signatures: SignatureSummary?
    /// The last checkpoint: its number, hash, signature and key.
    public var lastCheckpoint: SealCheckpoint?
    /// Every checkpoint checked, in order, for the signature check (not printed).
    public var checked: [SealCheckpoint] = []

    enum CodingKeys: String, CodingKey {
        case events, seals, checkpoints, pending, head, chains, problems, grants, grantHead, records, pendingRecords
        case signatures, lastCheckpoint
    }

    public init(events: Int, seals: Int, checkpoints: Int, pending: Int, head: String, chains: String = "",
                problems: [IntegrityProblem], grants: Int? = nil, grantHead: String? = nil) {
        self.events = events
        self.seals = seals
        self.checkpoints = checkpoints
        self.pending = pending
        self.head = head
        self.chains = chains
        self.problems = problems
        self.grants = grants
        self.grantHead = grantHead
    }

    public var isIntact: Bool { problems.isEmpty }
}

/// What the signature check found.
public struct SignatureSummary: Sendable, Codable, Hashable {
    /// The ids of the trusted keys the check used.
    public var trusted: [String]
    /// Checkpoints whose signature a trusted key verifies.
    public var signed: Int
    /// Unsigned checkpoints that a later signed checkpoint covers (written before keys, or
    /// without one and signed since by `fazhan seal`).
    public var covered: Int
    /// The last checkpoint a trusted key signed.
    public var lastSigned: Int64?
}

extension IntegrityReport {
    /// Checks every checkpoint's signature against the trusted public keys, and that the log
    /// still holds the checkpoint head noted earlier (`expectHead`), adding what is wrong to
    /// `problems`.
    ///
    /// A checkpoint's hash chains every checkpoint and seal before it, so an unsigned checkpoint
    /// followed by one a trusted key signed is vouched for by that signature. Reported: a
    /// checkpoint signed by a key not trusted, a signature that does not verify, and unsigned
    /// checkpoints after the last one a trusted key signed (no one vouches for them).
    public mutating func judge(trusting keys: [CheckpointPublicKey], expectHead: String? = nil, signingAdvice: String) {
        if !keys.isEmpty {
            let byID = Dictionary(keys.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            var summary = SignatureSummary(trusted: keys.map(\.id), signed: 0, covered: 0, lastSigned: nil)
            var untrusted: [String: (count: Int, first: Int64, last: Int64)] = [:]
            var unsignedSince: [SealCheckpoint] = []
            for checkpoint in checked {
                guard let signature = checkpoint.signature, let keyID = checkpoint.keyID else {
                    unsignedSince.append(checkpoint)
                    continue
                }
                guard let key = byID[keyID] else {
                    let known = untrusted[keyID]
                    untrusted[keyID] = ((known?.count ?? 0) + 1, known?.first ?? checkpoint.id, checkpoint.id)
                    unsignedSince.append(checkpoint)
                    continue
                }
                if key.isValidSignature(signature, of: checkpoint) {
                    summary.signed += 1
                    summary.covered += unsignedSince.count
                    summary.lastSigned = checkpoint.id
                    unsignedSince = []
                } else {
                    problems.append(IntegrityProblem(
                        kind: .signature, eventID: nil,
                        message: "the signature of checkpoint \(checkpoint.id) (\(checkpoint.createdAt)) by the trusted key \(keyID) does not verify: "
                            + "the checkpoint was changed after it was signed, or the signature was forged"))
                    unsignedSince.append(checkpoint)
                }
            }
            for (keyID, found) in untrusted.sorted(by: { $0.value.first < $1.value.first }) {
                let which = found.count == 1 ? "checkpoint \(found.first) is" : "\(found.count) checkpoints (\(found.first) to \(found.last)) are"
                problems.append(IntegrityProblem(
                    kind: .signature, eventID: nil,
                    message: "\(which) signed by the key \(keyID), which is not a trusted key (trusted: \(keys.map(\.id).joined(separator: ", "))): "
                        + "they were written by someone else's key, e.g. after the log was rewritten and re-sealed"))
            }
            let unsigned = unsignedSince.filter { $0.signature == nil }
            if !unsigned.isEmpty {
                let which = unsigned.count == 1
                    ? "checkpoint \(unsigned[0].id) (\(unsigned[0].createdAt)) is"
                    : "\(unsigned.count) checkpoints (\(unsigned[0].id) to \(unsigned[unsigned.count - 1].id)) are"
                let after = summary.lastSigned.map { "after checkpoint \($0), the last one a trusted key signed," } ?? "and no checkpoint is signed by a trusted key:"
                problems.append(IntegrityProblem(
                    kind: .signature, eventID: nil,
                    message: "\(which) not signed \(after) so nothing vouches for what they cover: "
                        + "they were written without the key, or forged. \(signingAdvice)"))
            }
            signatures = summary
        }
        if let expectHead {
            let wanted = expectHead.lowercased()
            if !checked.contains(where: { $0.hash == wanted }) {
                problems.append(IntegrityProblem(
                    kind: .anchor, eventID: nil,
                    message: "no checkpoint of this log has the head \(wanted) noted earlier: the log was rewritten or cut back since "
                        + "(or the head is mistyped)"))
            }
        }
    }
}

/// Checks seals and checkpoints as a backend reads them: one person's events and seals at a
/// time, then each checkpoint with the heads its seals give. Shared by every backend, so that
/// SQLite and PostgreSQL judge the same log the same way.
public struct SealVerifier: Sendable {
    public private(set) var problems: [IntegrityProblem] = []
    public private(set) var events = 0
    public private(set) var seals = 0
    public private(set) var checkpoints = 0
    /// The hash of the last checkpoint checked.
    public private(set) var head = SealChain.genesis
    /// Every checkpoint checked, in order.
    public private(set) var checked: [SealCheckpoint] = []
    private var heads = SealHasher()
    /// The lines of `heads` not hashed yet, kept (instead of hashed) by a verifier of a range of
    /// people checked apart, so that `append(_:)` can hash them after the people before them.
    private var keptHeads: [UInt8]?

    /// The hash of every person's last stored seal, in the order the people were checked.
    public var chains: String { heads.finalizeHex() }

    public init() {}

    /// A verifier for a range of people checked apart from the others (on another thread), whose
    /// findings `append(_:)` adds to the verifier of the people before them.
    public static func forRange() -> SealVerifier {
        var verifier = SealVerifier()
        verifier.keptHeads = []
        return verifier
    }

    /// Adds what a verifier of the people after this one's (see `forRange()`), or of the
    /// checkpoints, found: its problems after this one's, its counts, its people's heads and its
    /// checkpoints, as if this verifier had gone on to check them itself.
    public mutating func append(_ later: SealVerifier) {
        problems += later.problems
        events += later.events
        seals += later.seals
        if let lines = later.keptHeads, !lines.isEmpty {
            if keptHeads != nil { keptHeads! += lines } else { heads.update(bytes: lines) }
        }
        if later.checkpoints > 0 {
            checkpoints += later.checkpoints
            head = later.head
            checked += later.checked
        }
    }

    /// One stored event: its id and its content at a sequence number.
    public struct StoredEvent {
        public var id: Int64
        public var content: (Int64) -> String

        public init(id: Int64, content: @escaping (Int64) -> String) {
            self.id = id
            self.content = content
        }
    }

    /// One stored seal: the event it seals, its sequence number within the person, its hash.
    public struct StoredSeal: Sendable {
        public var eventID: Int64
        public var sequence: Int64
        public var seal: String

        public init(eventID: Int64, sequence: Int64, seal: String) {
            self.eventID = eventID
            self.sequence = sequence
            self.seal = seal
        }
    }

    /// Checks one person's chain: `events` in id order, `seals` in sequence order.
    public mutating func check(person number: String, events: [StoredEvent], seals: [StoredSeal]) {
        check(person: number, eventIDs: events.map(\.id), seals: seals) { index, sequence, previous in
            SealChain.seal(content: events[index].content(sequence), previous: previous)
        }
    }

    /// Checks one person's chain as `check(person:events:seals:)` does, the events given by their
    /// ids (in id order) and `seal`, which gives the seal of the event at an index of `eventIDs`
    /// at a sequence number, following the seal `previous`: a backend that reads rows itself
    /// hashes their bytes without making an event or its content.
    public mutating func check(person number: String, eventIDs: [Int64], seals: [StoredSeal],
                               seal: (_ index: Int, _ sequence: Int64, _ previous: String) -> String) {
        self.events += eventIDs.count
        self.seals += seals.count
        // Which events no seal has claimed yet. Seals usually come in the events' order, so the
        // next event is tried first and the index by id is made only when they are out of step.
        var unsealed = [Bool](repeating: true, count: eventIDs.count)
        var next = 0
        var byID: [Int64: Int]?
        var previous = SealChain.genesis
        var expected: Int64 = 1
        var lastSealed: Int64?
        var inOrder = true
        for stored in seals {
            if stored.sequence != expected {
                problems.append(IntegrityProblem(
                    kind: .deleted, eventID: stored.eventID,
                    message: "\(number): events \(expected) to \(stored.sequence - 1) of their history are gone (the seal of event #\(stored.eventID) is number \(stored.sequence))"))
            }
            expected = stored.sequence + 1
            var found: Int?
            if next < eventIDs.count, eventIDs[next] == stored.eventID, unsealed[next] {
                found = next
                next += 1
            } else {
                if byID == nil {
                    var index: [Int64: Int] = [:]
                    for (position, id) in eventIDs.enumerated() { index[id] = position }
                    byID = index
                }
                if let position = byID?[stored.eventID], unsealed[position] { found = position }
            }
            if let index = found {
                unsealed[index] = false
                if seal(index, stored.sequence, previous) != stored.seal {
                    problems.append(IntegrityProblem(
                        kind: .edited, eventID: stored.eventID, message: "event #\(stored.eventID) of \(number) was changed after it was recorded"))
                }
                if let last = lastSealed, last > stored.eventID { inOrder = false }
                lastSealed = stored.eventID
            } else {
                problems.append(IntegrityProblem(kind: .deleted, eventID: stored.eventID, message: "event #\(stored.eventID) of \(number) was deleted"))
            }
            previous = stored.seal
        }
        if let last = seals.last {
            let line = "\(number) \(last.sequence) \(last.seal)\n"
            if keptHeads != nil { keptHeads! += line.utf8 } else { heads.update(line) }
        }
        if !inOrder {
            problems.append(IntegrityProblem(
                kind: .reordered, eventID: nil, message: "the events of \(number) are no longer in the order they were sealed in"))
        }
        for (index, id) in eventIDs.enumerated() where unsealed[index] {
            problems.append(IntegrityProblem(
                kind: .inserted, eventID: id, message: "event #\(id) of \(number) has no seal: it was written outside Fazhan"))
        }
    }

    /// Checks the next checkpoint against the heads its seals give now. `anchor` is the hash the
    /// first checkpoint follows (a migrated database's old head, else the genesis).
    public mutating func check(checkpoint: SealCheckpoint, heads: [SealHead], records: [RecordHead] = [], anchor: String) {
        let previous = checkpoints == 0 ? anchor : head
        checkpoints += 1
        if checkpoint.previous != previous {
            problems.append(IntegrityProblem(
                kind: .checkpoint, eventID: nil,
                message: "checkpoint \(checkpoint.id) does not follow the one before it: checkpoints were removed or added"))
        }
        if heads.count != checkpoint.heads || records.count != checkpoint.records
            || SealChain.checkpoint(previous: checkpoint.previous, heads: heads, records: records) != checkpoint.hash {
            problems.append(IntegrityProblem(
                kind: .checkpoint, eventID: nil,
                message: "checkpoint \(checkpoint.id) (\(checkpoint.createdAt)) no longer matches the seals it covers: "
                    + (checkpoint.records > 0 || !records.isEmpty
                        ? "events or records sealed then were removed, added or changed" : "events sealed then were removed, added or changed")))
        }
        head = checkpoint.hash
        checked.append(checkpoint)
    }

    /// Records a problem a backend found itself (a projection, a seal without a checkpoint).
    public mutating func report(_ problem: IntegrityProblem) {
        problems.append(problem)
    }
}

/// The part of a person's effective events that statistics read: each step that enters a stage,
/// moves the person to another organization (`transfer`) or extends probation, with its date and
/// the organization it names, in effective order (by date, then recording order).
///
/// It is derived from the history with the workflow the person follows, and stored beside the
/// stage projection, so that a report over a province reads one short value per person instead
/// of every event. Because it keeps every effective event of those steps, the history as it stood
/// on any date gives the digest's entries up to that date: a report of a past period can be
/// computed from it exactly as from the events.
///
/// Steps are stored as their index in `workflow.steps`, which an installed (immutable) workflow
/// version keeps fixed.
///
/// ```swift
/// let digest = TimelineDigest(history: history, workflow: workflow)
/// let copy = try TimelineDigest(encoded: digest.encoded, workflow: workflow)   // == digest
/// ```
public struct TimelineDigest: Sendable, Hashable {
    public struct Entry: Sendable, Hashable {
        /// The step's index in the workflow's `steps`.
        public var step: Int
        public var date: CivilDate
        /// The organization the event names (a transfer's destination), if any.
        public var organization: String?

        public init(step: Int, date: CivilDate, organization: String?) {
            self.step = step
            self.date = date
            self.organization = organization
        }
    }

    public var entries: [Entry]

    public init(entries: [Entry]) {
        self.entries = entries
    }

    /// The digest of a history under the workflow the person follows.
    public init(history: History, workflow: Workflow) {
        var index: [String: Int] = [:]
        for (position, step) in workflow.steps.enumerated() where TimelineDigest.isKept(step) {
            index[step.id] = position
        }
        entries = history.effective.compactMap { event in
            index[event.step].map { Entry(step: $0, date: event.date, organization: event.data.organization) }
        }
    }

    /// Whether statistics read a step: it enters a stage, transfers, or extends probation.
    public static func isKept(_ step: Step) -> Bool {
        step.enters != nil || step.effect == .transfer || step.effect == .extendProbation
    }

    // MARK: - Stored form

    /// The format of `encoded`, its first byte.
    static let format: UInt8 = 1

    /// The stored form: a format byte, then per entry the step index (2 bytes), the day number
    /// (4 bytes, days since 1970-01-01), and the organization code's UTF-8 length (2 bytes,
    /// 0xFFFF for none) and bytes; integers little-endian.
    public var encoded: [UInt8] {
        var bytes: [UInt8] = [TimelineDigest.format]
        bytes.reserveCapacity(1 + entries.count * 8)
        for entry in entries {
            append(UInt16(entry.step), to: &bytes)
            let day = UInt32(bitPattern: Int32(entry.date.dayNumber))
            for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: day >> UInt32(shift))) }
            if let code = entry.organization {
                let utf8 = Array(code.utf8.prefix(Int(UInt16.max) - 1))
                append(UInt16(utf8.count), to: &bytes)
                bytes.append(contentsOf: utf8)
            } else {
                append(UInt16.max, to: &bytes)
            }
        }
        return bytes
    }

    private func append(_ value: UInt16, to bytes: inout [UInt8]) {
        bytes.append(UInt8(truncatingIfNeeded: value))
        bytes.append(UInt8(truncatingIfNeeded: value >> 8))
    }

    /// Reads a stored digest, checking it against the workflow it was written with.
    ///
    /// - Throws: `TimelineDigest.DecodingError` when the bytes are not a digest of `workflow`.
    public init(encoded bytes: UnsafeRawBufferPointer, workflow: Workflow) throws(DecodingError) {
        guard bytes.first == TimelineDigest.format else { throw DecodingError(reason: "unknown format") }
        var entries: [Entry] = []
        var offset = 1
        func uint16() throws(DecodingError) -> Int {
            guard offset + 2 <= bytes.count else { throw DecodingError(reason: "cut short") }
            defer { offset += 2 }
            return Int(bytes[offset]) | Int(bytes[offset + 1]) << 8
        }
        while offset < bytes.count {
            let step = try uint16()
            guard workflow.isCountedStep(at: step) else {
                throw DecodingError(reason: "step \(step) is not a counted step of \(workflow.id)")
            }
            guard offset + 4 <= bytes.count else { throw DecodingError(reason: "cut short") }
            var day: UInt32 = 0
            for byte in 0..<4 { day |= UInt32(bytes[offset + byte]) << UInt32(8 * byte) }
            offset += 4
            let length = try uint16()
            var organization: String?
            if length != Int(UInt16.max) {
                guard offset + length <= bytes.count else { throw DecodingError(reason: "cut short") }
                organization = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + length]), as: UTF8.self)
                offset += length
            }
            entries.append(Entry(step: step, date: CivilDate(dayNumber: Int(Int32(bitPattern: day))), organization: organization))
        }
        self.entries = entries
    }

    public init(encoded bytes: [UInt8], workflow: Workflow) throws(DecodingError) {
        let result = bytes.withUnsafeBytes { buffer in Result { () throws(DecodingError) in try TimelineDigest(encoded: buffer, workflow: workflow) } }
        self = try result.get()
    }

    /// A stored digest that cannot be read: the projection is damaged (`fazhan verify` says so).
    public struct DecodingError: Error, Sendable, CustomStringConvertible {
        public var reason: String
        public var description: String { "a stored timeline digest cannot be read: \(reason)" }
    }
}

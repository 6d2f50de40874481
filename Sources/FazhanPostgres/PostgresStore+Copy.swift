import FazhanCore
import FazhanStore
import Foundation
import Logging
import NIOCore
import PostgresNIO

extension PostgresStore {
    /// The tables whose ids come from an identity sequence, to advance after a copy.
    static let identities = ["workflow_version", "organization", "person", "event", "enrollment", "development_plan", "branch_grading",
                             "branch_membership", "record_seal"]

    /// Loads a whole Fazhan database (read page by page with `read`) into this empty one, with
    /// COPY, keeping every id, then advances the identity sequences, anchors the seal
    /// checkpoints on `sourceHead` (the hash of the source's last checkpoint) and writes one
    /// checkpoint over every person's head.
    ///
    /// All of it runs in ONE transaction: if the network drops, the process is killed or a row
    /// is refused halfway, PostgreSQL rolls everything back and the target stays empty, never
    /// half written; the copy can simply be run again. Refuses a database that already holds
    /// people (`StoreError.invalid`).
    public func copy(sourceHead: String, pageSize: Int = 5_000, signer: CheckpointSigner? = nil,
                     read: @escaping CopyPageReader) async throws(StoreError) -> CopyResult {
        do {
            return try await ConnectionWatchdog.run(
                target: target, logger: logger,
                lost: StoreError.unreachable(
                    "the connection to PostgreSQL at \(target.hostAndPort) was lost during the copy: nothing was copied "
                        + "(the transaction was rolled back); copy again when the server is reachable")
            ) { started in
                try await self.copyInOneTransaction(sourceHead: sourceHead, pageSize: pageSize, signer: signer, read: read, started: started)
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw target.storeError(error)
        }
    }

    private func copyInOneTransaction(
        sourceHead: String, pageSize: Int, signer: CheckpointSigner?, read: CopyPageReader, started: @escaping @Sendable (Int32) -> Void
    ) async throws(StoreError) -> CopyResult {
        try await transaction { connection -> CopyResult in
            if let pid = try await connection.checkedQuery("SELECT pg_backend_pid()", logger: self.logger).collect().first?.decode(Int32.self) {
                started(pid)
            }
            // No checkpointer may run meanwhile: the copy writes the checkpoint itself.
            _ = try await connection.checkedQuery("SELECT pg_advisory_xact_lock(\(Self.checkpointLock))", logger: self.logger).collect()
            let people = try await connection.checkedQuery("SELECT count(*) FROM person", logger: self.logger).collect().first?.decode(Int64.self) ?? 0
            if people > 0 {
                throw StoreError.invalid(
                    "the database \(self.target.database) at \(self.target.hostAndPort) already holds \(people) people: "
                        + "copy only into an empty database (create a new one and run `fazhan-server migrate` on it)")
            }
            var counts: [String: Int] = [:]
            for table in CopyTable.all {
                var count = 0
                if table.name == "setting" {
                    // Settings the target has already (none but what migrate wrote) give way to the source's.
                    try await connection.checkedQuery("DELETE FROM setting", logger: self.logger)
                }
                try await connection.copyFrom(table: table.name, columns: table.columns, logger: self.logger) { writer in
                    var after: CopyValue?
                    while true {
                        let rows = try read(table, after, pageSize)
                        if rows.isEmpty { break }
                        var buffer = ByteBuffer()
                        buffer.reserveCapacity(rows.count * 128)
                        for row in rows {
                            Self.appendCopyLine(row.prefix(table.columns.count), to: &buffer)
                        }
                        try await writer.write(buffer)
                        count += rows.count
                        after = rows.last?.last
                        if rows.count < pageSize { break }
                    }
                }
                counts[table.name] = count
            }
            for table in PostgresStore.identities {
                try await connection.checkedQuery(PostgresQuery(unsafeSQL: """
                    SELECT setval(pg_get_serial_sequence('\(table)', 'id'), coalesce((SELECT max(id) FROM \(table)), 1),
                                  (SELECT max(id) FROM \(table)) IS NOT NULL)
                    """), logger: self.logger)
            }
            try await connection.checkedQuery("""
                INSERT INTO setting (key, value) VALUES ('seal_anchor', \(sourceHead)) ON CONFLICT (key) DO UPDATE SET value = excluded.value
                """, logger: self.logger)
            let heads = try await connection.checkedQuery(
                "SELECT DISTINCT ON (person_id) person_id, seq, hash FROM person_seal ORDER BY person_id, seq DESC", logger: self.logger
            ).collect().map { row in
                let (person, sequence, seal) = try row.decode((Int64, Int64, String).self)
                return SealHead(personID: person, sequence: sequence, seal: seal)
            }
            let records = try await Self.recordHeads(connection, where: "true", logger: self.logger)
            var checkpoint: SealCheckpoint?
            if !heads.isEmpty || !records.isEmpty {
                // The copied seals carry this transaction's id as their batch: the checkpoint's
                // high-water mark is the next id, so the checkpointer continues after them.
                guard let own = try await connection.checkedQuery(
                    "SELECT pg_current_xact_id()::text::bigint", logger: self.logger
                ).collect().first?.decode(Int64.self) else { throw StoreError.io("no transaction id") }
                checkpoint = try await Self.writeCheckpoint(
                    connection, previous: sourceHead, heads: heads, records: records, highWater: own + 1, signer: signer, logger: self.logger)
            }
            return CopyResult(rows: counts, checkpoint: checkpoint)
        }
    }

    /// One row in COPY's text format: tab-separated, `\N` for NULL, backslash escapes, bytea as `\\x` hex.
    static func appendCopyLine<Values: Collection<CopyValue>>(_ values: Values, to buffer: inout ByteBuffer) {
        var first = true
        for value in values {
            if !first { buffer.writeInteger(UInt8(ascii: "\t")) }
            first = false
            switch value {
            case .null:
                buffer.writeStaticString("\\N")
            case .integer(let number):
                buffer.writeString(String(number))
            case .real(let number):
                buffer.writeString(String(number))
            case .text(let text):
                for byte in text.utf8 {
                    switch byte {
                    case UInt8(ascii: "\\"): buffer.writeStaticString("\\\\")
                    case UInt8(ascii: "\n"): buffer.writeStaticString("\\n")
                    case UInt8(ascii: "\r"): buffer.writeStaticString("\\r")
                    case UInt8(ascii: "\t"): buffer.writeStaticString("\\t")
                    default: buffer.writeInteger(byte)
                    }
                }
            case .bytes(let bytes):
                buffer.writeStaticString("\\\\x")
                let digits = Array("0123456789abcdef".utf8)
                for byte in bytes {
                    buffer.writeInteger(digits[Int(byte >> 4)])
                    buffer.writeInteger(digits[Int(byte & 0x0F)])
                }
            }
        }
        buffer.writeInteger(UInt8(ascii: "\n"))
    }
}

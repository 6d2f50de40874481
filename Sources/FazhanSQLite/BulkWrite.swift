import FazhanStore
import Foundation
import GRDB
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A long write (an import of hundreds of thousands of events) holds the database's one write
/// lock from its first row to its last: everything it writes lands, or nothing does. Other
/// organizers' writes meanwhile wait for the lock; with a fixed busy timeout, one that waits
/// longer than the timeout would be refused though nothing is wrong.
///
/// So a bulk write, once it holds the lock, announces itself in a file beside the database
/// (`<database>-bulk`: its process id, what it writes, since when), and removes it when it
/// ends. A write that finds the lock busy waits its usual budget (30 s, or
/// `FAZHAN_BUSY_TIMEOUT` seconds) and, beyond it, as long as a bulk write announced by a live
/// process holds the lock, saying once what it waits for. An announcement left by a process
/// that died (its lock died with it) is ignored and replaced by the next bulk write.
enum BulkWrite {
    /// What a bulk write announces.
    struct Announcement: Codable, Equatable {
        var pid: Int32
        var what: String
        var since: String
    }

    static func path(of database: String) -> String { database + "-bulk" }

    /// Announces a bulk write of `what` by this process; the answer removes it.
    static func announce(_ what: String, database: String) -> Announced {
        let announcement = Announcement(pid: getpid(), what: what, since: ISO8601DateFormatter().string(from: Date()))
        let file = path(of: database)
        if let data = try? JSONEncoder().encode(announcement) {
            let descriptor = open(file, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            if descriptor >= 0 {
                _ = data.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
                close(descriptor)
            }
        }
        return Announced(file: file, announcement: announcement)
    }

    /// Removes the announcement when the write ends (if it is still this write's).
    struct Announced {
        let file: String
        let announcement: Announcement

        func end() {
            if BulkWrite.read(file) == announcement { unlink(file) }
        }
    }

    /// The bulk write announced beside `database` by a process still alive, if any.
    static func current(database: String) -> Announcement? {
        guard let announcement = read(path(of: database)) else { return nil }
        // kill(pid, 0) asks whether the process exists without signalling it.
        guard kill(announcement.pid, 0) == 0 || errno == EPERM else { return nil }
        return announcement
    }

    private static func read(_ file: String) -> Announcement? {
        guard let data = FileManager.default.contents(atPath: file), data.count < 4096 else { return nil }
        return try? JSONDecoder().decode(Announcement.self, from: data)
    }

    /// How long a write waits for a busy lock when no bulk write holds it: `FAZHAN_BUSY_TIMEOUT`
    /// seconds (1 to 3600), else 30.
    static let budget: Duration = {
        if let text = getenv("FAZHAN_BUSY_TIMEOUT").map({ String(cString: $0) }), let seconds = Int(text), (1...3600).contains(seconds) {
            return .seconds(seconds)
        }
        return .seconds(30)
    }()

    /// Told once per process what a write waits for (the CLI prints it).
    static let notice = Mutex<(@Sendable (String) -> Void)?>(nil)
    private static let noticed = Mutex(false)

    /// SQLite's busy handler for `database`: sleeps 10 ms a try, up to the budget, and beyond it
    /// while an announced bulk write holds the lock.
    static func busyMode(database: String?) -> Database.BusyMode {
        let pause: UInt32 = 10_000
        let tries = Int(budget.components.seconds) * 100
        return .callback { count in
            usleep(pause)
            guard count >= tries else { return true }
            // Past the budget: only for a bulk write, checked every half second.
            guard let database else { return false }
            guard count % 50 == 0 else { return true }
            guard let holder = current(database: database) else { return false }
            let first = noticed.withLock { done -> Bool in
                defer { done = true }
                return !done
            }
            if first {
                notice.withLock { $0 }?("waiting for the database's write lock: \(holder.what) (process \(holder.pid), since \(holder.since)) "
                                        + "holds it until it ends; nothing is lost by waiting")
            }
            return true
        }
    }
}

extension SQLiteStore {
    /// Where a CLI prints what a write waits for (once per process).
    public static func onLongWait(_ print: @escaping @Sendable (String) -> Void) {
        BulkWrite.notice.withLock { $0 = print }
    }
}

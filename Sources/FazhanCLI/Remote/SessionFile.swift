import FazhanCore
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The session `fazhan login` keeps: which server, who, and the token it answered.
struct Session: Codable, Equatable, Sendable {
    var server: String
    var user: String
    var token: String
}

/// Where the session is kept: `$XDG_CONFIG_HOME/fazhan/session.json`, else
/// `~/.config/fazhan/session.json`; the folder readable by the user only (0700), the file too (0600).
enum SessionFile {
    /// The session file's path for this environment.
    static func path(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let base: String
        if let configured = environment["XDG_CONFIG_HOME"], configured.hasPrefix("/") {
            base = configured
        } else {
            let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
            base = (home as NSString).appendingPathComponent(".config")
        }
        return ((base as NSString).appendingPathComponent("fazhan") as NSString).appendingPathComponent("session.json")
    }

    /// The session at `path`, nil when there is none.
    static func read(path: String = SessionFile.path()) throws -> Session? {
        guard let data = FileManager.default.contents(atPath: path) else {
            if FileManager.default.fileExists(atPath: path) { throw Failure("error: cannot read \(path)") }
            return nil
        }
        do {
            return try JSONDecoder().decode(Session.self, from: data)
        } catch {
            throw Failure("error: \(path) is not a session fazhan wrote; sign in again with `fazhan login URL --user NAME`")
        }
    }

    /// Writes the session: the folder is created (or narrowed to) 0700, the file is written whole
    /// to a temporary file created 0600 beside it and renamed into place.
    static func write(_ session: Session, path: String = SessionFile.path()) throws {
        let folder = (path as NSString).deletingLastPathComponent
        try makeFolder(folder)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(session)
        data.append(UInt8(ascii: "\n"))
        var template = Array((folder as NSString).appendingPathComponent(".session.json.XXXXXX").utf8CString)
        let descriptor = mkstemp(&template)
        guard descriptor >= 0 else { throw Failure("error: cannot write in \(folder): \(String(cString: strerror(errno)))") }
        let temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var written = false
        defer { if !written { unlink(temporary) } }
        fchmod(descriptor, 0o600)
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        do {
            try handle.write(contentsOf: data)
            try handle.synchronize()
            try handle.close()
        } catch {
            throw Failure("error: cannot write \(path): \(error.localizedDescription)")
        }
        guard rename(temporary, path) == 0 else {
            throw Failure("error: cannot write \(path): \(String(cString: strerror(errno)))")
        }
        written = true
    }

    /// Deletes the session file; true if there was one.
    @discardableResult
    static func delete(path: String = SessionFile.path()) throws -> Bool {
        if unlink(path) == 0 { return true }
        if errno == ENOENT { return false }
        throw Failure("error: cannot delete \(path): \(String(cString: strerror(errno)))")
    }

    /// Creates the folder (and its parents, 0700 as the XDG base directories are), and makes the
    /// session's own folder readable by the user only even if it existed.
    private static func makeFolder(_ folder: String) throws {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if !manager.fileExists(atPath: folder, isDirectory: &isDirectory) {
            do {
                try manager.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw Failure("error: cannot create \(folder): \(error.localizedDescription)")
            }
        } else if !isDirectory.boolValue {
            throw Failure("error: \(folder) is not a folder")
        }
        guard chmod(folder, 0o700) == 0 else {
            throw Failure("error: cannot make \(folder) private (mode 0700): \(String(cString: strerror(errno)))")
        }
    }
}

/// A server address as the organizer gives it, checked and normalized so that two spellings of
/// one server compare equal: scheme and host in lower case, no trailing slash, no query.
enum ServerAddress {
    static func normalize(_ text: String) throws -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let components = URLComponents(string: trimmed), let scheme = components.scheme?.lowercased(),
              ["http", "https"].contains(scheme), let host = components.host, !host.isEmpty,
              components.query == nil, components.fragment == nil, components.user == nil, components.password == nil
        else {
            throw Failure(Catalogue.notAServerAddress(text))
        }
        var normalized = URLComponents()
        normalized.scheme = scheme
        normalized.host = host.lowercased()
        normalized.port = components.port
        var path = components.percentEncodedPath
        while path.hasSuffix("/") { path.removeLast() }
        normalized.percentEncodedPath = path
        guard let result = normalized.string else {
            throw Failure(Catalogue.notAServerAddress(text))
        }
        return result
    }

    /// Whether a password sent there would travel unencrypted off this machine.
    static func isPlainOverNetwork(_ server: String) -> Bool {
        guard let components = URLComponents(string: server), components.scheme == "http" else { return false }
        return !["127.0.0.1", "localhost", "::1", "[::1]"].contains(components.host ?? "")
    }
}

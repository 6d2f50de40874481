import FazhanCore
import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `fazhan login URL --user NAME`: signs in to a Fazhan server and keeps the token for the
/// commands that then work there (with FAZHAN_SERVER or --server).
struct LoginCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "login",
        abstract: Catalogue.loginAbstract,
        discussion: Catalogue.loginDiscussion)

    @Argument(help: ArgumentHelp(Catalogue.loginServerHelp, valueName: "url")) var server: String
    @Option(help: ArgumentHelp(Catalogue.loginUserHelp)) var user: String
    @Flag(help: ArgumentHelp(Catalogue.loginPasswordStdinHelp)) var passwordStdin = false

    func validate() throws {
        if user.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--user must name you") }
    }

    struct Credentials: Encodable {
        var user: String
        var password: String
    }

    func run() async throws {
        let address = try ServerAddress.normalize(server)
        let client = RemoteClient(server: address, token: nil)
        if ServerAddress.isPlainOverNetwork(address) {
            FileHandle.standardError.write(Data((Catalogue.plainHTTP(address) + "\n").utf8))
        }
        let password: String
        if passwordStdin {
            guard let line = readLine(strippingNewline: true), !line.isEmpty else {
                throw Failure(Catalogue.noPasswordOnStdin)
            }
            password = line
        } else {
            guard let terminal = Terminal.controlling() else {
                throw Failure(Catalogue.noTerminalForPassword)
            }
            // Say now, not after the password is typed, that the server cannot be reached.
            _ = try await client.get("/health")
            guard let typed = terminal.readHidden(prompt: Catalogue.passwordPrompt(user, address)), !typed.isEmpty else {
                throw Failure(Catalogue.noPasswordGiven)
            }
            password = typed
        }
        let response = try await client.post("/v1/sessions", json: Credentials(user: user, password: password))
        switch response.status {
        case 201, 200:
            guard let object = response.object, let token = object["token"] as? String, !token.isEmpty else {
                throw Failure(Catalogue.signInWithoutToken(address))
            }
            let signedIn = (object["user"] as? String) ?? user
            let path = SessionFile.path()
            try SessionFile.write(Session(server: address, user: signedIn, token: token), path: path)
            output(Catalogue.signedIn(address, as: signedIn, until: object["expiresAt"] as? String, kept: path))
        case 401:
            if let message = response.object?["message"] as? String, !message.isEmpty {
                throw Failure(Catalogue.signInRefused(address, message))
            }
            throw Failure(Catalogue.unknownCredentials(address))
        default:
            throw RemoteAnswer.failure(response, client: client, request: "POST /v1/sessions")
        }
    }
}

/// `fazhan logout`: ends the session on the server and deletes the session file.
struct LogoutCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logout",
        abstract: Catalogue.logoutAbstract)

    func run() async throws {
        let path = SessionFile.path()
        let session: Session?
        do {
            session = try SessionFile.read(path: path)
        } catch {
            // A file fazhan cannot read holds no session to end: delete it all the same.
            try SessionFile.delete(path: path)
            throw error
        }
        guard let session else {
            output(Catalogue.notSignedInHere(path))
            return
        }
        let server = (try? ServerAddress.normalize(session.server)) ?? session.server
        let client = RemoteClient(server: server, token: session.token, user: session.user)
        // The token is deleted here whatever the server answers: signing out must not depend on reaching it.
        defer { _ = try? SessionFile.delete(path: path) }
        let response: RemoteResponse
        do {
            response = try await client.delete("/v1/sessions/current")
        } catch let failure as Failure {
            throw Failure(failure.message + "\n" + Catalogue.sessionFileDeleted)
        }
        switch response.status {
        case 200..<300, 401:
            // 401: the session had already ended there.
            try SessionFile.delete(path: path)
            output(Catalogue.signedOut(server, session.user))
        default:
            let failure = RemoteAnswer.failure(response, client: client, request: "DELETE /v1/sessions/current")
            throw Failure(failure.message + "\n" + Catalogue.sessionFileDeleted)
        }
    }
}

/// The controlling terminal, for a password typed without echo.
struct Terminal {
    let descriptor: Int32

    /// The terminal, or nil when there is none (a script, a service, a test).
    static func controlling() -> Terminal? {
        let descriptor = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        guard isatty(descriptor) == 1 else {
            close(descriptor)
            return nil
        }
        return Terminal(descriptor: descriptor)
    }

    /// Prints the prompt and reads one line with echo off; echo is restored after, and on Ctrl-C.
    func readHidden(prompt: String) -> String? {
        defer { close(descriptor) }
        var original = termios()
        let hidden = tcgetattr(descriptor, &original) == 0
        if hidden {
            var silent = original
            silent.c_lflag &= ~tcflag_t(ECHO | ECHONL)
            silent.c_lflag |= tcflag_t(ICANON)
            Terminal.restore = (descriptor, original)
            signal(SIGINT, Terminal.interrupted)
            signal(SIGTERM, Terminal.interrupted)
            tcsetattr(descriptor, TCSAFLUSH, &silent)
        }
        // The prompt after echo is off: what is typed from then on is neither shown nor thrown away.
        say(prompt)
        defer {
            if hidden {
                tcsetattr(descriptor, TCSANOW, &original)
                signal(SIGINT, SIG_DFL)
                signal(SIGTERM, SIG_DFL)
                Terminal.restore = nil
                say("\n")
            }
        }
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while true {
            let count = read(descriptor, &byte, 1)
            if count < 0, errno == EINTR { continue }
            if count <= 0 { return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self) }
            if byte == UInt8(ascii: "\n") { break }
            bytes.append(byte)
        }
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }

    private func say(_ text: String) {
        let data = Array(text.utf8)
        _ = data.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
    }

    /// The terminal's settings to put back if the process is interrupted while echo is off.
    nonisolated(unsafe) private static var restore: (Int32, termios)?

    private static let interrupted: @convention(c) (Int32) -> Void = { signal in
        if var (descriptor, settings) = Terminal.restore {
            tcsetattr(descriptor, TCSAFLUSH, &settings)
            _ = write(descriptor, "\n", 1)
        }
        _exit(128 + signal)
    }
}

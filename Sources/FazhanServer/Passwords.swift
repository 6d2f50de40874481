import Dispatch
import FazhanCore
import HummingbirdBcrypt

/// Passwords, kept only as bcrypt hashes. Hashing and checking take tens of milliseconds by
/// design: they run on a global queue, never on the server's event loops.
public enum Passwords {
    /// The bcrypt cost: 2^10 rounds, about 50 ms here.
    static let cost: UInt8 = 10

    public static func hash(_ password: String) async -> String {
        await offLoop { Bcrypt.hash(password, cost: cost) }
    }

    public static func verify(_ password: String, hash: String) async -> Bool {
        await offLoop { Bcrypt.verify(password, hash: hash) }
    }

    /// A new password of 20 characters from an alphabet without look-alikes (no 0/O, 1/l/I).
    public static func generate() -> String {
        let alphabet = Array("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<20).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] })
    }

    private static func offLoop<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: work()) }
        }
    }
}

/// Session tokens: 32 random bytes shown to the client once, stored only as their SHA-256.
public enum SessionTokens {
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in
            let byte = UInt8(truncatingIfNeeded: generator.next())
            return String(byte, radix: 16).count == 1 ? "0" + String(byte, radix: 16) : String(byte, radix: 16)
        }.joined()
    }

    public static func hash(_ token: String) -> String {
        SHA256.hex(token)
    }
}

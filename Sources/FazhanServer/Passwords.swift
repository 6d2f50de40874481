import Dispatch
import FazhanCore
import HummingbirdBcrypt

/// Passwords as the server keeps them: bcrypt hashes (cost 10), computed off the caller's
/// executor, since a hash takes tens of milliseconds on purpose.
public enum Passwords {
    /// The bcrypt cost: 2^10 rounds.
    public static let cost: UInt8 = 10

    /// The letters a generated password is made of: no 0/O/o, 1/l/I, so it can be read aloud or retyped.
    static let alphabet = Array("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")

    /// The bcrypt hash of `password` (with a random salt), computed on a global dispatch queue.
    public static func hash(_ password: String) async -> String {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: Bcrypt.hash(password, cost: cost))
            }
        }
    }

    /// Whether `password` is the one `hash` was made from, checked on a global dispatch queue.
    public static func verify(_ password: String, hash: String) async -> Bool {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: Bcrypt.verify(password, hash: hash))
            }
        }
    }

    /// A new random password of 20 letters and digits from an unambiguous alphabet (about 115 bits).
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        var password = ""
        for _ in 0..<20 {
            password.append(alphabet[Int.random(in: 0..<alphabet.count, using: &generator)])
        }
        return password
    }
}

/// Session tokens: 32 random bytes, given to the client as base64url; the server keeps only
/// their SHA-256.
public enum SessionTokens {
    /// A new token: 32 bytes from the system's random generator, base64url without padding (43 characters).
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        for _ in 0..<4 {
            withUnsafeBytes(of: generator.next() as UInt64) { bytes.append(contentsOf: $0) }
        }
        return base64URL(bytes)
    }

    /// The SHA-256 of a token, as lowercase hex: what the database stores and looks sessions up by.
    public static func hash(_ token: String) -> String {
        SHA256.hex(token)
    }

    static func base64URL(_ bytes: [UInt8]) -> String {
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        var text = ""
        var index = 0
        while index < bytes.count {
            let chunk = bytes[index..<min(index + 3, bytes.count)]
            var value: UInt32 = 0
            for (offset, byte) in chunk.enumerated() { value |= UInt32(byte) << (16 - 8 * offset) }
            for position in 0...chunk.count {
                text.append(letters[Int((value >> (18 - 6 * position)) & 0x3F)])
            }
            index += 3
        }
        return text
    }
}

import Crypto

/// SHA-256 for the seals, from swift-crypto (BoringSSL's assembly on Linux, CryptoKit on Apple
/// systems): the hash `verify` spends most of its time in. The digests are the same as
/// `FazhanCore.SHA256`'s, so seals written before the switch verify unchanged.
public struct SealHasher: @unchecked Sendable {  // a value: BoringSSL's state, copied with the struct
    private var hasher = Crypto.SHA256()

    public init() {}

    public mutating func update(_ text: String) {
        var text = text
        text.withUTF8 { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
    }

    public mutating func update(bytes: UnsafeRawBufferPointer) {
        hasher.update(bufferPointer: bytes)
    }

    public mutating func update(bytes: [UInt8]) {
        bytes.withUnsafeBytes { hasher.update(bufferPointer: $0) }
    }

    /// The digest as 64 lowercase hexadecimal characters.
    public func finalizeHex() -> String {
        hasher.finalize().withUnsafeBytes { digest in
            String(unsafeUninitializedCapacity: digest.count * 2) { out in
                for (index, byte) in digest.enumerated() {
                    out[2 * index] = Self.digits[Int(byte >> 4)]
                    out[2 * index + 1] = Self.digits[Int(byte & 0x0F)]
                }
                return digest.count * 2
            }
        }
    }

    /// The SHA-256 of the UTF-8 of `text` as 64 lowercase hexadecimal characters.
    public static func hex(_ text: String) -> String {
        var hasher = SealHasher()
        hasher.update(text)
        return hasher.finalizeHex()
    }

    static let digits = Array("0123456789abcdef".utf8)

    /// Bytes as lowercase hexadecimal.
    public static func hex(_ bytes: some Sequence<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Lowercase or uppercase hexadecimal as bytes, or nil when it is not hexadecimal.
    public static func bytes(hex: some StringProtocol) -> [UInt8]? {
        let utf8 = Array(hex.utf8)
        guard utf8.count % 2 == 0 else { return nil }
        func value(_ c: UInt8) -> UInt8? {
            switch c {
            case 0x30...0x39: return c - 0x30
            case 0x61...0x66: return c - 0x61 + 10
            case 0x41...0x46: return c - 0x41 + 10
            default: return nil
            }
        }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count / 2)
        var index = 0
        while index < utf8.count {
            guard let high = value(utf8[index]), let low = value(utf8[index + 1]) else { return nil }
            out.append(high << 4 | low)
            index += 2
        }
        return out
    }
}

/// SHA-256 (FIPS 180-4), self-contained, so that the core can fingerprint workflow files and
/// chain events without depending on a crypto library.
///
/// One-shot:
///
/// ```swift
/// SHA256.hex("abc")   // "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
/// ```
///
/// Incremental, for input that arrives in pieces:
///
/// ```swift
/// var hasher = SHA256()
/// hasher.update(header)
/// hasher.update(body)
/// let digest = hasher.finalize()   // 32 bytes
/// ```
///
/// The hasher is a value type with its state and its 64-byte block buffer stored inline:
/// hashing allocates nothing but the result.
public struct SHA256: Sendable {
    /// The eight 32-bit words of the hash state.
    private var state: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) = (
        0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19
    )
    /// Bytes waiting for a full 64-byte block.
    private var buffer: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
    /// How many bytes of `buffer` are in use (0 to 63).
    private var buffered = 0
    /// Total message length in bytes.
    private var length: UInt64 = 0

    /// A hasher with nothing hashed yet.
    public init() {}

    // MARK: One-shot

    /// The digest of `bytes`, 32 bytes.
    public static func hash(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// The digest of `bytes` as 64 lowercase hexadecimal characters.
    public static func hex(_ bytes: some Sequence<UInt8>) -> String {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalizeHex()
    }

    /// The digest of the UTF-8 encoding of `text` as 64 lowercase hexadecimal characters.
    public static func hex(_ text: String) -> String {
        var hasher = SHA256()
        hasher.update(text)
        return hasher.finalizeHex()
    }

    // MARK: Incremental

    /// Adds bytes to the message.
    public mutating func update(_ bytes: some Sequence<UInt8>) {
        let done: Void? = bytes.withContiguousStorageIfAvailable { pointer in
            update(UnsafeRawBufferPointer(pointer))
        }
        guard done == nil else { return }
        // Not contiguous: go through a small stack buffer, a block at a time.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64) { chunk in
            var count = 0
            for byte in bytes {
                chunk[count] = byte
                count += 1
                if count == 64 {
                    update(UnsafeRawBufferPointer(start: chunk.baseAddress, count: 64))
                    count = 0
                }
            }
            if count > 0 { update(UnsafeRawBufferPointer(start: chunk.baseAddress, count: count)) }
        }
    }

    /// Adds the UTF-8 encoding of `text` to the message.
    public mutating func update(_ text: String) {
        var text = text
        text.withUTF8 { update(UnsafeRawBufferPointer($0)) }
    }

    /// Adds the bytes in memory to the message.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard !bytes.isEmpty else { return }
        length &+= UInt64(bytes.count)
        var offset = 0
        // Fill a partly used buffer first.
        if buffered > 0 {
            let take = min(64 - buffered, bytes.count)
            let buffered = self.buffered
            withUnsafeMutableBytes(of: &buffer) { block in
                for index in 0..<take { block[buffered + index] = bytes[index] }
            }
            self.buffered += take
            offset = take
            guard self.buffered == 64 else { return }
            let block = buffer
            withUnsafeBytes(of: block) { compress($0) }
            self.buffered = 0
        }
        // Whole blocks straight from the input.
        while bytes.count - offset >= 64 {
            compress(UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + 64)]))
            offset += 64
        }
        // Keep the tail.
        let tail = bytes.count - offset
        if tail > 0 {
            withUnsafeMutableBytes(of: &buffer) { block in
                for index in 0..<tail { block[index] = bytes[offset + index] }
            }
            buffered = tail
        }
    }

    /// Pads the message and returns its digest, 32 bytes.
    public consuming func finalize() -> [UInt8] {
        pad()
        var digest = [UInt8](repeating: 0, count: 32)
        withUnsafeBytes(of: state) { words in
            for index in 0..<8 {
                let word = words.load(fromByteOffset: index * 4, as: UInt32.self)
                digest[index * 4] = UInt8(truncatingIfNeeded: word >> 24)
                digest[index * 4 + 1] = UInt8(truncatingIfNeeded: word >> 16)
                digest[index * 4 + 2] = UInt8(truncatingIfNeeded: word >> 8)
                digest[index * 4 + 3] = UInt8(truncatingIfNeeded: word)
            }
        }
        return digest
    }

    /// Pads the message and returns its digest as 64 lowercase hexadecimal characters.
    public consuming func finalizeHex() -> String {
        pad()
        let state = self.state
        return String(unsafeUninitializedCapacity: 64) { text in
            let digits: StaticString = "0123456789abcdef"
            digits.withUTF8Buffer { digits in
                withUnsafeBytes(of: state) { words in
                    for index in 0..<8 {
                        let word = words.load(fromByteOffset: index * 4, as: UInt32.self)
                        for nibble in 0..<8 {
                            let shift = UInt32(28 - nibble * 4)
                            text[index * 8 + nibble] = digits[Int((word >> shift) & 0xF)]
                        }
                    }
                }
            }
            return 64
        }
    }

    // MARK: The algorithm

    /// Appends the padding: a 1 bit, zeros, and the message length in bits (big-endian).
    private mutating func pad() {
        let bitLength = length &* 8
        var padding: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0, 0)
        // 0x80, then zeros up to 56 mod 64, then 8 length bytes: at most 72 bytes.
        let zeros = (55 - buffered + 64) % 64
        let total = 1 + zeros + 8
        let savedLength = length
        withUnsafeMutableBytes(of: &padding) { bytes in
            bytes[0] = 0x80
            for index in 0..<8 {
                bytes[1 + zeros + index] = UInt8(truncatingIfNeeded: bitLength >> UInt64(56 - index * 8))
            }
            update(UnsafeRawBufferPointer(rebasing: bytes[0..<total]))
        }
        length = savedLength
    }

    /// Processes one 64-byte block.
    private mutating func compress(_ block: UnsafeRawBufferPointer) {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
            for t in 0..<16 {
                w[t] = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: t * 4, as: UInt32.self))
            }
            for t in 16..<64 {
                let s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3)
                let s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10)
                w[t] = w[t - 16] &+ s0 &+ w[t - 7] &+ s1
            }
            var (a, b, c, d, e, f, g, h) = state
            Self.roundConstants.withUnsafeBufferPointer { k in
                for t in 0..<64 {
                    let s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)
                    let choice = (e & f) ^ (~e & g)
                    let temp1 = h &+ s1 &+ choice &+ k[t] &+ w[t]
                    let s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)
                    let majority = (a & b) ^ (a & c) ^ (b & c)
                    let temp2 = s0 &+ majority
                    h = g
                    g = f
                    f = e
                    e = d &+ temp1
                    d = c
                    c = b
                    b = a
                    a = temp1 &+ temp2
                }
            }
            state.0 &+= a
            state.1 &+= b
            state.2 &+= c
            state.3 &+= d
            state.4 &+= e
            state.5 &+= f
            state.6 &+= g
            state.7 &+= h
        }
    }

    @inline(__always)
    private func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 {
        (x &>> n) | (x &<< (32 &- n))
    }

    /// The first 32 bits of the fractional parts of the cube roots of the first 64 primes.
    private static let roundConstants: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]
}

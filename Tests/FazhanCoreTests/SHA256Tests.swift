import Foundation
import Testing
@testable import FazhanCore

@Suite struct SHA256Tests {
    // MARK: NIST vectors (FIPS 180-4 examples, NIST CSRC "SHA-256" example values)

    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        // The 448-bit message: padding needs a second block.
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        // The 896-bit message.
        ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
    ])
    func nistVectors(_ message: String, _ digest: String) {
        #expect(SHA256.hex(message) == digest)
        #expect(SHA256.hex(Array(message.utf8)) == digest)
    }

    @Test func oneMillionA() {
        let expected = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        #expect(SHA256.hex([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)) == expected)
        #expect(SHA256.hex(String(repeating: "a", count: 1_000_000)) == expected)
        // Fed in uneven pieces.
        var hasher = SHA256()
        let piece = [UInt8](repeating: UInt8(ascii: "a"), count: 999)
        for _ in 0..<1001 { hasher.update(piece) }
        hasher.update([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000 - 999 * 1001))
        #expect(hasher.finalizeHex() == expected)
    }

    // MARK: Padding edges

    /// Lengths around the block and padding boundaries (55, 56, 63, 64, 65 bytes...), checked
    /// against values computed with coreutils `sha256sum`.
    @Test(arguments: [
        (55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"),
        (56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"),
        (57, "f13b2d724659eb3bf47f2dd6af1accc87b81f09f59f2b75e5c0bed6589dfe8c6"),
        (63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"),
        (64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"),
        (65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0"),
        (119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb"),
        (120, "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c"),
        (128, "6836cf13bac400e9105071cd6af47084dfacad4e5e302c94bfed24e013afb73e"),
    ])
    func paddingBoundaries(_ count: Int, _ digest: String) {
        #expect(SHA256.hex([UInt8](repeating: UInt8(ascii: "a"), count: count)) == digest)
    }

    @Test func everySplitOfAMessageGivesTheSameDigest() {
        let message = Array("The quick brown fox jumps over the lazy dog, 入党申请书 2026-03-02 ... and then some more text to pass 128 bytes."
            .utf8)
        let whole = SHA256.hex(message)
        for split in 0...message.count {
            var hasher = SHA256()
            hasher.update(message[..<split])
            hasher.update(message[split...])
            #expect(hasher.finalizeHex() == whole, "split at \(split)")
        }
        // A sequence that is not contiguous goes through the block buffer.
        #expect(SHA256.hex(message.lazy.map { $0 }) == whole)
        #expect(SHA256.hex(AnySequence(message)) == whole)
    }

    @Test func textIsHashedAsUTF8() {
        #expect(SHA256.hex("发展党员") == SHA256.hex(Array("发展党员".utf8)))
        #expect(SHA256.hex("The quick brown fox jumps over the lazy dog")
                == "d7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592")
    }

    @Test func digestBytesMatchTheHex() {
        let bytes = SHA256.hash(Array("abc".utf8))
        #expect(bytes.count == 32)
        #expect(bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }
            .joined() == SHA256.hex("abc"))
        var hasher = SHA256()
        hasher.update("ab")
        hasher.update("c")
        #expect(hasher.finalize() == bytes)
    }

    @Test func manyShortMessagesAreQuick() {
        // A stream of short messages, e.g. an event chain: each hash feeds the next.
        let clock = ContinuousClock()
        var previous = ""
        let elapsed = clock.measure {
            for index in 0..<20_000 {
                previous = SHA256.hex(previous + "|event \(index)")
            }
        }
        #expect(previous.count == 64)
        // Generous even for a debug build on a slow machine.
        #expect(elapsed < .seconds(10))
    }
}

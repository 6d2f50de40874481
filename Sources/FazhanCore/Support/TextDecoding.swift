#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A text encoding an imported file may be written in: UTF-8 (with or without a byte-order
/// mark, as Excel's "CSV UTF-8" writes it) or GB18030, the superset of GBK and GB2312 that Excel
/// writes on Chinese Windows.
public enum TextEncoding: String, Sendable, Hashable, CaseIterable, Codable {
    case utf8 = "utf-8"
    case gb18030

    /// Reads an encoding name as given on the command line: `utf-8` (or `utf8`), `gb18030`, or
    /// `gbk` (read as GB18030, which contains it). Case is ignored.
    public init?(name: String) {
        switch name.lowercased() {
        case "utf-8", "utf8": self = .utf8
        case "gb18030", "gbk": self = .gb18030
        default: return nil
        }
    }

    /// The accepted names, for messages.
    public static let acceptedNames = ["utf-8", "gb18030", "gbk"]

    /// The usual written name: `UTF-8`, `GB18030`.
    public var displayName: String {
        switch self {
        case .utf8: return "UTF-8"
        case .gb18030: return "GB18030"
        }
    }
}

/// A text decoded from bytes, with the encoding it was read in.
public struct DecodedText: Sendable, Hashable {
    public var text: String
    public var encoding: TextEncoding
    /// The bytes began with a byte-order mark (removed from `text`).
    public var byteOrderMark: Bool
    /// When the encoding was detected as GB18030: where the bytes stopped being UTF-8, for a hint
    /// when the text reads wrongly (a UTF-8 file with one damaged byte).
    public var notUTF8At: BytePosition?

    /// `UTF-8`, `UTF-8 with BOM` or `GB18030`.
    public var encodingDescription: String {
        encoding.displayName + (byteOrderMark && encoding == .utf8 ? " with BOM" : "")
    }
}

/// A byte in a file: its offset (from 0), the line it is on (from 1) and its value.
public struct BytePosition: Sendable, Hashable, CustomStringConvertible {
    public var offset: Int
    public var line: Int
    public var byte: UInt8?

    public init(offset: Int, line: Int, byte: UInt8?) {
        self.offset = offset
        self.line = line
        self.byte = byte
    }

    /// `byte 0xFF at offset 40 (line 3)`, or `the end (offset 41, line 3)` for a sequence cut short.
    public var description: String {
        guard let byte else { return "an incomplete character at the end (offset \(offset), line \(line))" }
        let hex = String(byte, radix: 16, uppercase: true)
        return "byte 0x\(hex.count == 1 ? "0" + hex : hex) at offset \(offset) (line \(line))"
    }
}

/// Why bytes could not be read as text.
public enum TextDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Not valid in the encoding that was asked for.
    case invalid(TextEncoding, at: BytePosition)
    /// Detection found neither valid UTF-8 nor valid GB18030.
    case neither(utf8: BytePosition, gb18030: BytePosition)
    /// UTF-16 (a byte-order mark FF FE or FE FF), as Excel's "Unicode text" writes it.
    case utf16
    /// The system has no GB18030 converter.
    case noConverter

    /// Where the decoding failed: the UTF-8 position for `.neither`.
    public var position: BytePosition? {
        switch self {
        case .invalid(_, let at): return at
        case .neither(let utf8, _): return utf8
        case .utf16, .noConverter: return nil
        }
    }

    public var description: String {
        switch self {
        case .invalid(let encoding, let at):
            return "not valid \(encoding.displayName): \(at)"
        case .neither(let utf8, let gb18030):
            let place = utf8 == gb18030 ? "\(utf8) is valid in neither"
                : "as UTF-8, \(utf8) is invalid; as GB18030, \(gb18030) is invalid"
            return "neither UTF-8 nor GB18030: \(place); save it from Excel as \"CSV UTF-8\""
        case .utf16:
            return "UTF-16 text (Excel's \"Unicode text\"); save it from Excel as \"CSV UTF-8\" instead"
        case .noConverter:
            return "this system cannot convert GB18030 (iconv has no GB18030); save the file as \"CSV UTF-8\""
        }
    }
}

/// Decodes the bytes of an imported file: UTF-8 with or without a byte-order mark, or GB18030.
///
/// Detection: a UTF-8 byte-order mark means UTF-8; bytes that are valid UTF-8 are UTF-8;
/// anything else is read as GB18030 (through the C library's iconv, since Foundation on Linux
/// may not know GB18030). A leading U+FEFF is removed in either encoding.
///
/// ```swift
/// let decoded = try TextDecoding.decode([0xD5, 0xC5, 0xC8, 0xFD])
/// decoded.text       // "张三"
/// decoded.encoding   // .gb18030
/// ```
public enum TextDecoding {
    /// Decodes `bytes` in `encoding`, or detects the encoding when it is nil.
    public static func decode(_ bytes: [UInt8], as encoding: TextEncoding? = nil) throws(TextDecodingError) -> DecodedText {
        let utf8BOM = bytes.starts(with: [0xEF, 0xBB, 0xBF])
        if encoding == nil, bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) { throw .utf16 }
        switch encoding {
        case .utf8:
            let body = utf8BOM ? Array(bytes.dropFirst(3)) : bytes
            if let invalid = firstInvalidUTF8(body) {
                throw .invalid(.utf8, at: position(of: invalid + (utf8BOM ? 3 : 0), in: bytes))
            }
            return DecodedText(text: String(decoding: body, as: UTF8.self), encoding: .utf8, byteOrderMark: utf8BOM)
        case .gb18030:
            let text = try decodeGB18030(bytes)
            return DecodedText(text: droppingBOM(text), encoding: .gb18030, byteOrderMark: text.unicodeScalars.first == "\u{FEFF}")
        case nil:
            let body = utf8BOM ? Array(bytes.dropFirst(3)) : bytes
            guard let invalid = firstInvalidUTF8(body) else {
                return DecodedText(text: String(decoding: body, as: UTF8.self), encoding: .utf8, byteOrderMark: utf8BOM)
            }
            let utf8Failure = position(of: invalid + (utf8BOM ? 3 : 0), in: bytes)
            if utf8BOM { throw .invalid(.utf8, at: utf8Failure) }
            do {
                let text = try decodeGB18030(bytes)
                return DecodedText(text: droppingBOM(text), encoding: .gb18030, byteOrderMark: text.unicodeScalars.first == "\u{FEFF}",
                                   notUTF8At: utf8Failure)
            } catch .invalid(_, let gbFailure) {
                throw .neither(utf8: utf8Failure, gb18030: gbFailure)
            }
        }
    }

    /// The offset of the first byte that does not belong to a well-formed UTF-8 sequence (no
    /// overlong forms, surrogates or code points past U+10FFFF), or nil when all are valid. A
    /// sequence cut short by the end is invalid at its first byte.
    public static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        var index = 0
        let count = bytes.count
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let length: Int
            var low: UInt8 = 0x80, high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: return index
            }
            guard index + length <= count else { return index }
            let second = bytes[index + 1]
            guard second >= low, second <= high else { return index }
            for next in 2..<length where bytes[index + next] & 0xC0 != 0x80 { return index }
            index += length
        }
        return nil
    }

    /// Decodes GB18030 with iconv; an invalid or cut-short sequence is an error at its offset.
    static func decodeGB18030(_ bytes: [UInt8]) throws(TextDecodingError) -> String {
        guard !bytes.isEmpty else { return "" }
        let converter = iconv_open("UTF-8", "GB18030")
        guard let converter, converter != iconvFailure else { throw .noConverter }
        defer { iconv_close(converter) }
        var input = bytes.map { CChar(bitPattern: $0) }
        var output = [UInt8](repeating: 0, count: bytes.count * 2 + 16)
        var failure: BytePosition?
        var written = 0
        input.withUnsafeMutableBufferPointer { inputBuffer in
            var inPointer: UnsafeMutablePointer<CChar>? = inputBuffer.baseAddress
            var inLeft = inputBuffer.count
            while inLeft > 0 {
                let capacity = output.count
                let (result, produced): (Int, Int) = output.withUnsafeMutableBufferPointer { outputBuffer in
                    let start = outputBuffer.baseAddress!.advanced(by: written)
                    var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(start).assumingMemoryBound(to: CChar.self)
                    var outLeft = capacity - written
                    let result = iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
                    return (result, capacity - written - outLeft)
                }
                written += produced
                guard result == -1 else { break }
                let offset = bytes.count - inLeft
                switch errno {
                case E2BIG:
                    output += [UInt8](repeating: 0, count: output.count)
                case EINVAL:
                    failure = position(of: offset, in: bytes, incomplete: true)
                    return
                default:
                    failure = position(of: offset, in: bytes)
                    return
                }
            }
        }
        if let failure { throw .invalid(.gb18030, at: failure) }
        return String(decoding: output[0..<written], as: UTF8.self)
    }

    private static var iconvFailure: iconv_t? { iconv_t(bitPattern: -1) }

    private static func position(of offset: Int, in bytes: [UInt8], incomplete: Bool = false) -> BytePosition {
        var line = 1
        for byte in bytes[0..<min(offset, bytes.count)] where byte == 0x0A { line += 1 }
        return BytePosition(offset: offset, line: line, byte: incomplete || offset >= bytes.count ? nil : bytes[offset])
    }

    private static func droppingBOM(_ text: String) -> String {
        guard text.unicodeScalars.first == "\u{FEFF}" else { return text }
        var scalars = text.unicodeScalars
        scalars.removeFirst()
        return String(scalars)
    }
}

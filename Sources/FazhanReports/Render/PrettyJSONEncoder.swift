import Foundation

/// Writes an `Encodable` value as the text `JSONEncoder` writes with `.sortedKeys`,
/// `.prettyPrinted` and `.withoutEscapingSlashes`, byte for byte, in a fraction of its time and
/// memory: each value is turned into bytes as soon as its `encode(to:)` returns, so only the
/// finished text of what is done and the open path are held, never a tree of the whole document.
///
/// It writes strings, integers, booleans and null. A value holding a floating-point number, a
/// date, data, a URL or a decimal throws `PrettyJSONEncoder.Unsupported`, and `JSONOutput` then
/// asks `JSONEncoder` instead. Coding paths are not tracked (always empty): Fazhan's encodings
/// never read them, and building one per value would cost an array each.
struct PrettyJSONEncoder {
    struct Unsupported: Error {}

    func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        try PrettyJSONEncoder.bytes(of: value, depth: 0, codingPath: [])
    }

    /// The same text handed to `sink` piece by piece: the outermost value's members go out one
    /// at a time, so the whole text is never held twice.
    func encode<T: Encodable>(_ value: T, to sink: ([UInt8]) -> Void) throws {
        let node = Node()
        try value.encode(to: NodeEncoder(node: node, depth: 0, codingPath: []))
        guard node.kind == .object || node.kind == .array else { return sink(node.bytes(depth: 0)) }
        let object = node.kind == .object
        let order = object ? node.keys.indices.sorted { node.keys[$0] < node.keys[$1] } : Array(node.members.indices)
        if order.isEmpty { return sink(node.bytes(depth: 0)) }
        sink(Array((object ? "{\n" : "[\n").utf8))
        for (position, index) in order.enumerated() {
            var head: [UInt8] = position > 0 ? Array(",\n  ".utf8) : Array("  ".utf8)
            if object {
                PrettyJSONEncoder.quote(node.keys[index], into: &head)
                head.append(contentsOf: Array(" : ".utf8))
            }
            sink(head)
            let member = node.members[index]
            node.members[index] = .literal("null")  // let it go once handed on
            if case .done(let bytes) = member {
                sink(bytes)
            } else {
                var text: [UInt8] = []
                node.write(member, depth: 1, into: &text)
                sink(text)
            }
        }
        sink(Array((object ? "\n}" : "\n]").utf8))
    }

    static func bytes<T: Encodable>(of value: T, depth: Int, codingPath: [any CodingKey]) throws -> [UInt8] {
        switch value {
        case let text as String: return quoted(text)
        case let number as Int: return Array(String(number).utf8)
        case let number as Int64: return Array(String(number).utf8)
        case let flag as Bool: return Array((flag ? "true" : "false").utf8)
        case is Double, is Float, is Date, is Data, is URL, is Decimal:
            // Foundation writes these its own way (numbers' shortest form, base64, strings).
            throw Unsupported()
        default:
            let node = Node()
            try value.encode(to: NodeEncoder(node: node, depth: depth, codingPath: codingPath))
            return node.bytes(depth: depth)
        }
    }

    /// A JSON string: `"` and `\` escaped, control characters as `\b \f \n \r \t` or `\u00XX`,
    /// everything else (`/` and non-ASCII text included) as it is.
    static func quoted(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        quote(text, into: &bytes)
        return bytes
    }

    static func quote(_ text: String, into bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x08: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x0C: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0x0A: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                          hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// The decimal digits of a number.
    static func digits(_ value: UInt64, into bytes: inout [UInt8]) {
        guard value >= 10 else {
            bytes.append(UInt8(ascii: "0") + UInt8(value))
            return
        }
        var reversed: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                       UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var rest = value
        withUnsafeMutableBytes(of: &reversed) { digits in
            while rest > 0 {
                digits[count] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
                count += 1
            }
            for index in stride(from: count - 1, through: 0, by: -1) { bytes.append(digits[index]) }
        }
    }

    /// One value being encoded: what kind it turned out to be, and its members' finished text
    /// (or, for a nested container still open, their node).
    final class Node {
        enum Kind { case none, object, array, scalar }
        enum Member {
            case done([UInt8])
            case text(String)
            case integer(Int64)
            case unsigned(UInt64)
            case literal(StaticString)
            case open(Node)
        }

        var kind = Kind.none
        var scalar: [UInt8] = []
        var keys: [String] = []
        var members: [Member] = []

        func bytes(depth: Int) -> [UInt8] {
            switch kind {
            case .scalar: return scalar
            case .none, .object:
                let order = keys.indices.sorted { keys[$0] < keys[$1] }
                return block(open: "{", close: "}", depth: depth, count: order.count) { index, into in
                    PrettyJSONEncoder.quote(keys[order[index]], into: &into)
                    into.append(contentsOf: [UInt8(ascii: " "), UInt8(ascii: ":"), UInt8(ascii: " ")])
                    write(members[order[index]], depth: depth + 1, into: &into)
                }
            case .array:
                return block(open: "[", close: "]", depth: depth, count: members.count) { index, into in
                    write(members[index], depth: depth + 1, into: &into)
                }
            }
        }

        func write(_ member: Member, depth: Int, into bytes: inout [UInt8]) {
            switch member {
            case .done(let done): bytes.append(contentsOf: done)
            case .text(let text): PrettyJSONEncoder.quote(text, into: &bytes)
            case .integer(let value):
                if value < 0 { bytes.append(UInt8(ascii: "-")) }
                PrettyJSONEncoder.digits(value.magnitude, into: &bytes)
            case .unsigned(let value): PrettyJSONEncoder.digits(value, into: &bytes)
            case .literal(let literal): literal.withUTF8Buffer { bytes.append(contentsOf: $0) }
            case .open(let node): bytes.append(contentsOf: node.bytes(depth: depth))
            }
        }

        /// `{`, each member on its own line indented one level deeper, `}` at this level; an
        /// empty block is the two brackets around a blank line, as `JSONEncoder` writes it.
        private func block(open: String, close: String, depth: Int, count: Int,
                           member: (Int, inout [UInt8]) -> Void) -> [UInt8] {
            var bytes: [UInt8] = Array(open.utf8)
            bytes.append(UInt8(ascii: "\n"))
            for index in 0..<count {
                if index > 0 { bytes.append(contentsOf: [UInt8(ascii: ","), UInt8(ascii: "\n")]) }
                bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * (depth + 1)))
                member(index, &bytes)
            }
            bytes.append(UInt8(ascii: "\n"))
            bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * depth))
            bytes.append(contentsOf: Array(close.utf8))
            return bytes
        }
    }

    struct NodeEncoder: Encoder {
        let node: Node
        let depth: Int
        let codingPath: [any CodingKey]
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            node.kind = .object
            return KeyedEncodingContainer(KeyedContainer<Key>(node: node, depth: depth, codingPath: codingPath))
        }

        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            node.kind = .array
            return UnkeyedContainer(node: node, depth: depth, codingPath: codingPath)
        }

        func singleValueContainer() -> any SingleValueEncodingContainer {
            SingleContainer(node: node, depth: depth, codingPath: codingPath)
        }
    }

    struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let node: Node
        let depth: Int
        let codingPath: [any CodingKey]

        private func add(_ key: Key, _ member: Node.Member) {
            node.keys.append(key.stringValue)
            node.members.append(member)
        }

        mutating func encodeNil(forKey key: Key) throws { add(key, .literal("null")) }
        mutating func encode(_ value: Bool, forKey key: Key) throws { add(key, .literal(value ? "true" : "false")) }
        mutating func encode(_ value: String, forKey key: Key) throws { add(key, .text(value)) }
        mutating func encode(_ value: Int, forKey key: Key) throws { add(key, .integer(Int64(value))) }
        mutating func encode(_ value: Int8, forKey key: Key) throws { add(key, .integer(Int64(value))) }
        mutating func encode(_ value: Int16, forKey key: Key) throws { add(key, .integer(Int64(value))) }
        mutating func encode(_ value: Int32, forKey key: Key) throws { add(key, .integer(Int64(value))) }
        mutating func encode(_ value: Int64, forKey key: Key) throws { add(key, .integer(Int64(value))) }
        mutating func encode(_ value: UInt, forKey key: Key) throws { add(key, .unsigned(UInt64(value))) }
        mutating func encode(_ value: UInt8, forKey key: Key) throws { add(key, .unsigned(UInt64(value))) }
        mutating func encode(_ value: UInt16, forKey key: Key) throws { add(key, .unsigned(UInt64(value))) }
        mutating func encode(_ value: UInt32, forKey key: Key) throws { add(key, .unsigned(UInt64(value))) }
        mutating func encode(_ value: UInt64, forKey key: Key) throws { add(key, .unsigned(UInt64(value))) }
        mutating func encode(_ value: Double, forKey key: Key) throws { throw Unsupported() }
        mutating func encode(_ value: Float, forKey key: Key) throws { throw Unsupported() }

        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            switch value {
            case let text as String: add(key, .text(text))
            case let number as Int: add(key, .integer(Int64(number)))
            default: add(key, .done(try PrettyJSONEncoder.bytes(of: value, depth: depth + 1, codingPath: codingPath)))
            }
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            let child = Node()
            child.kind = .object
            add(key, .open(child))
            return KeyedEncodingContainer(KeyedContainer<NestedKey>(node: child, depth: depth + 1, codingPath: codingPath))
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            let child = Node()
            child.kind = .array
            add(key, .open(child))
            return UnkeyedContainer(node: child, depth: depth + 1, codingPath: codingPath)
        }

        mutating func superEncoder() -> any Encoder { superEncoder(forKey: Key(stringValue: "super")!) }

        mutating func superEncoder(forKey key: Key) -> any Encoder {
            let child = Node()
            add(key, .open(child))
            return NodeEncoder(node: child, depth: depth + 1, codingPath: codingPath)
        }
    }

    struct UnkeyedContainer: UnkeyedEncodingContainer {
        let node: Node
        let depth: Int
        let codingPath: [any CodingKey]
        var count: Int { node.members.count }

        mutating func encodeNil() throws { node.members.append(.literal("null")) }
        mutating func encode(_ value: Bool) throws { node.members.append(.literal(value ? "true" : "false")) }
        mutating func encode(_ value: String) throws { node.members.append(.text(value)) }
        mutating func encode(_ value: Int) throws { node.members.append(.integer(Int64(value))) }
        mutating func encode(_ value: Int8) throws { node.members.append(.integer(Int64(value))) }
        mutating func encode(_ value: Int16) throws { node.members.append(.integer(Int64(value))) }
        mutating func encode(_ value: Int32) throws { node.members.append(.integer(Int64(value))) }
        mutating func encode(_ value: Int64) throws { node.members.append(.integer(Int64(value))) }
        mutating func encode(_ value: UInt) throws { node.members.append(.unsigned(UInt64(value))) }
        mutating func encode(_ value: UInt8) throws { node.members.append(.unsigned(UInt64(value))) }
        mutating func encode(_ value: UInt16) throws { node.members.append(.unsigned(UInt64(value))) }
        mutating func encode(_ value: UInt32) throws { node.members.append(.unsigned(UInt64(value))) }
        mutating func encode(_ value: UInt64) throws { node.members.append(.unsigned(UInt64(value))) }
        mutating func encode(_ value: Double) throws { throw Unsupported() }
        mutating func encode(_ value: Float) throws { throw Unsupported() }

        mutating func encode<T: Encodable>(_ value: T) throws {
            switch value {
            case let text as String: node.members.append(.text(text))
            case let number as Int: node.members.append(.integer(Int64(number)))
            default: node.members.append(.done(try PrettyJSONEncoder.bytes(of: value, depth: depth + 1, codingPath: codingPath)))
            }
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            let child = Node()
            child.kind = .object
            let path = codingPath
            node.members.append(.open(child))
            return KeyedEncodingContainer(KeyedContainer<NestedKey>(node: child, depth: depth + 1, codingPath: path))
        }

        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            let child = Node()
            child.kind = .array
            let path = codingPath
            node.members.append(.open(child))
            return UnkeyedContainer(node: child, depth: depth + 1, codingPath: path)
        }

        mutating func superEncoder() -> any Encoder {
            let child = Node()
            let path = codingPath
            node.members.append(.open(child))
            return NodeEncoder(node: child, depth: depth + 1, codingPath: path)
        }
    }

    struct SingleContainer: SingleValueEncodingContainer {
        let node: Node
        let depth: Int
        let codingPath: [any CodingKey]

        private func set(_ bytes: [UInt8]) {
            node.kind = .scalar
            node.scalar = bytes
        }

        mutating func encodeNil() throws { set(Array("null".utf8)) }
        mutating func encode(_ value: Bool) throws { set(Array((value ? "true" : "false").utf8)) }
        mutating func encode(_ value: String) throws { set(PrettyJSONEncoder.quoted(value)) }
        mutating func encode(_ value: Int) throws { set(Array(String(value).utf8)) }
        mutating func encode(_ value: Int8) throws { set(Array(String(value).utf8)) }
        mutating func encode(_ value: Int16) throws { set(Array(String(value).utf8)) }
        mutating func encode(_ value: Int32) throws { set(Array(String(value).utf8)) }
        mutating func encode(_ value: Int64) throws { set(Array(String(value).utf8)) }
        mutating func encode(_ value: UInt) throws { set(Array(String(value).utf8)) }
        mutating func encode(_ value: UInt8) throws { set(Array(String(value).utf8)) }
        mutating func encode(_ value: UInt16) throws { set(Array(String(value).utf8)) }
        mutating func encode(_ value: UInt32) throws { set(Array(String(value).utf8)) }
        mutating func encode(_ value: UInt64) throws { set(Array(String(value).utf8)) }
        mutating func encode(_ value: Double) throws { throw Unsupported() }
        mutating func encode(_ value: Float) throws { throw Unsupported() }

        mutating func encode<T: Encodable>(_ value: T) throws {
            set(try PrettyJSONEncoder.bytes(of: value, depth: depth, codingPath: codingPath))
        }
    }
}

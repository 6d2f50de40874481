extension EventData {
    /// The stored JSON text of the data: the bytes `JSONEncoder` writes with sorted keys and
    /// unescaped slashes (what the store has always written), made directly, without the
    /// encoder's boxing. Bulk writes (imports, generated organizations) use it; a test holds
    /// it byte for byte to `JSONEncoder`'s output.
    public var canonicalJSON: String {
        var json = "{"
        var first = true
        func key(_ name: String) {
            json += first ? "\"" : ",\""
            first = false
            json += name
            json += "\":"
        }
        func add(_ name: String, _ value: Int?) {
            guard let value else { return }
            key(name)
            json += String(value)
        }
        func add(_ name: String, _ value: String?) {
            guard let value else { return }
            key(name)
            Self.appendQuoted(value, to: &json)
        }
        // Keys in the byte order JSONEncoder's `.sortedKeys` gives.
        add("abstain", abstain)
        add("against", against)
        add("approvedBy", approvedBy)
        add("approver", approver)
        add("days", days)
        add("expected", expected)
        add("from", from?.description)
        add("heldBy", heldBy)
        add("heldByRole", heldByRole)
        add("hours", hours)
        add("leavingOn", leavingOn?.description)
        if let members {
            key("members")
            json += "["
            for (index, member) in members.enumerated() {
                if index > 0 { json += "," }
                Self.appendQuoted(member, to: &json)
            }
            json += "]"
        }
        add("method", method)
        add("months", months)
        if let names {
            key("names")
            json += "["
            for (index, name) in names.enumerated() {
                if index > 0 { json += "," }
                Self.appendQuoted(name, to: &json)
            }
            json += "]"
        }
        add("node", node)
        add("note", note)
        add("objections", objections)
        add("organization", organization)
        add("present", present)
        add("reason", reason)
        add("result", result?.rawValue)
        add("rule", rule)
        add("statement", statement)
        add("to", to?.description)
        add("until", until?.description)
        add("votesFor", votesFor)
        add("writtenAgainst", writtenAgainst)
        add("writtenFor", writtenFor)
        json += "}"
        return json
    }

    /// A JSON string literal, escaped as JSONEncoder escapes (`\"`, `\\`, `\n`, `\r`, `\t`,
    /// `\b`, `\f`, other controls as `\u00XX`; slashes and non-ASCII as they are).
    static func appendQuoted(_ string: String, to json: inout String) {
        json += "\""
        if !string.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
            json += string
        } else {
            for scalar in string.unicodeScalars {
                switch scalar {
                case "\"": json += "\\\""
                case "\\": json += "\\\\"
                case "\n": json += "\\n"
                case "\r": json += "\\r"
                case "\t": json += "\\t"
                case "\u{08}": json += "\\b"
                case "\u{0C}": json += "\\f"
                case _ where scalar.value < 0x20:
                    let hex = String(scalar.value, radix: 16)
                    json += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                default:
                    json.unicodeScalars.append(scalar)
                }
            }
        }
        json += "\""
    }
}

extension EventData {
    /// Reads the stored JSON text of event data. The stored form (flat keys, whole numbers,
    /// strings, one list of strings) is read directly; anything else returns nil, and the
    /// caller falls back to `JSONDecoder`, which reads any JSON and reports what is wrong.
    public init?(canonicalJSON text: String) {
        var data = EventData()
        var text = text
        let ok = text.withUTF8 { bytes -> Bool in
            var reader = FlatJSONReader(bytes: bytes)
            return reader.readObject { key, reader in
                switch key {
                case "abstain": return reader.readInt(into: &data.abstain)
                case "against": return reader.readInt(into: &data.against)
                case "approvedBy": return reader.readString(into: &data.approvedBy)
                case "approver": return reader.readString(into: &data.approver)
                case "days": return reader.readInt(into: &data.days)
                case "expected": return reader.readInt(into: &data.expected)
                case "from": return reader.readDate(into: &data.from)
                case "heldBy": return reader.readString(into: &data.heldBy)
                case "heldByRole": return reader.readString(into: &data.heldByRole)
                case "hours": return reader.readInt(into: &data.hours)
                case "leavingOn": return reader.readDate(into: &data.leavingOn)
                case "members": return reader.readStrings(into: &data.members)
                case "method": return reader.readString(into: &data.method)
                case "months": return reader.readInt(into: &data.months)
                case "names": return reader.readStrings(into: &data.names)
                case "node": return reader.readString(into: &data.node)
                case "note": return reader.readString(into: &data.note)
                case "objections": return reader.readInt(into: &data.objections)
                case "organization": return reader.readString(into: &data.organization)
                case "present": return reader.readInt(into: &data.present)
                case "reason": return reader.readString(into: &data.reason)
                case "result":
                    var raw: String?
                    guard reader.readString(into: &raw), let raw, let result = StepResult(rawValue: raw) else { return false }
                    data.result = result
                    return true
                case "rule": return reader.readString(into: &data.rule)
                case "statement": return reader.readString(into: &data.statement)
                case "to": return reader.readDate(into: &data.to)
                case "until": return reader.readDate(into: &data.until)
                case "votesFor": return reader.readInt(into: &data.votesFor)
                case "writtenAgainst": return reader.readInt(into: &data.writtenAgainst)
                case "writtenFor": return reader.readInt(into: &data.writtenFor)
                default: return false
                }
            }
        }
        guard ok else { return nil }
        self = data
    }
}

/// A reader for one flat JSON object of whole numbers, strings and lists of strings. It says
/// no (returns false) to anything outside that shape rather than guessing.
private struct FlatJSONReader {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    mutating func skipSpace() {
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09 {
            index += 1
        }
    }

    mutating func consume(_ byte: UInt8) -> Bool {
        skipSpace()
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    mutating func readObject(_ field: (String, inout FlatJSONReader) -> Bool) -> Bool {
        guard consume(UInt8(ascii: "{")) else { return false }
        if consume(UInt8(ascii: "}")) { return atEnd() }
        repeat {
            var key: String?
            guard readString(into: &key), let key, consume(UInt8(ascii: ":")), field(key, &self) else { return false }
        } while consume(UInt8(ascii: ","))
        return consume(UInt8(ascii: "}")) && atEnd()
    }

    mutating func atEnd() -> Bool {
        skipSpace()
        return index == bytes.count
    }

    mutating func readInt(into value: inout Int?) -> Bool {
        skipSpace()
        var negative = false
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        let start = index
        var number = 0
        while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
            let (product, overflow1) = number.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = product.addingReportingOverflow(Int(bytes[index] - 0x30))
            guard !overflow1, !overflow2 else { return false }
            number = sum
            index += 1
        }
        guard index > start else { return false }
        // A fraction or exponent is not a whole number: leave it to JSONDecoder.
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") || bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            return false
        }
        value = negative ? -number : number
        return true
    }

    mutating func readString(into value: inout String?) -> Bool {
        guard consume(UInt8(ascii: "\"")) else { return false }
        let start = index
        var escaped = false
        while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
            if bytes[index] == UInt8(ascii: "\\") {
                escaped = true
                index += 1
            }
            index += 1
        }
        guard index < bytes.count else { return false }
        let raw = UnsafeBufferPointer(rebasing: bytes[start..<index])
        index += 1
        if !escaped {
            value = String(decoding: raw, as: UTF8.self)
            return true
        }
        guard let unescaped = FlatJSONReader.unescape(raw) else { return false }
        value = unescaped
        return true
    }

    mutating func readDate(into value: inout CivilDate?) -> Bool {
        var text: String?
        guard readString(into: &text), let text, let date = CivilDate(text) else { return false }
        value = date
        return true
    }

    mutating func readStrings(into value: inout [String]?) -> Bool {
        guard consume(UInt8(ascii: "[")) else { return false }
        var list: [String] = []
        if consume(UInt8(ascii: "]")) {
            value = list
            return true
        }
        repeat {
            var item: String?
            guard readString(into: &item), let item else { return false }
            list.append(item)
        } while consume(UInt8(ascii: ","))
        guard consume(UInt8(ascii: "]")) else { return false }
        value = list
        return true
    }

    /// The escapes JSON allows, except surrogate pairs (left to JSONDecoder).
    static func unescape(_ raw: UnsafeBufferPointer<UInt8>) -> String? {
        var scalars = String.UnicodeScalarView()
        var utf8: [UInt8] = []
        func flush() {
            scalars.append(contentsOf: String(decoding: utf8, as: UTF8.self).unicodeScalars)
            utf8.removeAll(keepingCapacity: true)
        }
        var index = 0
        while index < raw.count {
            let byte = raw[index]
            guard byte == UInt8(ascii: "\\") else {
                utf8.append(byte)
                index += 1
                continue
            }
            guard index + 1 < raw.count else { return nil }
            flush()
            switch raw[index + 1] {
            case UInt8(ascii: "\""): scalars.append("\"")
            case UInt8(ascii: "\\"): scalars.append("\\")
            case UInt8(ascii: "/"): scalars.append("/")
            case UInt8(ascii: "n"): scalars.append("\n")
            case UInt8(ascii: "r"): scalars.append("\r")
            case UInt8(ascii: "t"): scalars.append("\t")
            case UInt8(ascii: "b"): scalars.append("\u{08}")
            case UInt8(ascii: "f"): scalars.append("\u{0C}")
            case UInt8(ascii: "u"):
                guard index + 5 < raw.count,
                      let code = UInt32(String(decoding: UnsafeBufferPointer(rebasing: raw[(index + 2)..<(index + 6)]), as: UTF8.self), radix: 16),
                      let scalar = Unicode.Scalar(code)
                else { return nil }
                scalars.append(scalar)
                index += 4
            default:
                return nil
            }
            index += 2
        }
        flush()
        return String(scalars)
    }
}

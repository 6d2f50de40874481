import FazhanCore
import Foundation

/// Any JSON value, decoded without guessing: a boolean is never a number, nor a number a string.
enum JSONValue: Decodable {
    case null
    case bool(Bool)
    case integer(Int)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }
}

/// A JSON request body, read strictly: an object whose every field is known, each of the type
/// and within the range the API says. What is wrong is answered in a sentence naming the field.
struct JSONBody {
    private let fields: [String: JSONValue]
    private let path: String

    /// Parses `bytes` as a JSON object with only the `allowed` fields.
    init(_ bytes: [UInt8], allowed: Set<String>) throws(APIError) {
        guard !bytes.isEmpty else { throw .badRequest(Catalogue.bodyNeeded) }
        let parsed: JSONValue
        do {
            parsed = try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
        } catch {
            throw .badRequest(Catalogue.bodyNotJSON)
        }
        guard case .object(let object) = parsed else { throw .badRequest(Catalogue.bodyNotObject) }
        try self.init(object: object, path: "", allowed: allowed)
    }

    private init(object: [String: JSONValue], path: String, allowed: Set<String>) throws(APIError) {
        let unknown = object.keys.filter { !allowed.contains($0) }.sorted()
        if !unknown.isEmpty {
            throw .badRequest(Catalogue.unknownFields(unknown.map { path + $0 }, allowed: allowed.sorted()))
        }
        fields = object
        self.path = path
    }

    private func name(_ key: String) -> String { path + key }

    private func present(_ key: String) -> JSONValue? {
        guard let value = fields[key] else { return nil }
        if case .null = value { return nil }
        return value
    }

    func string(_ key: String, required: Bool = false, maxLength: Int = 500) throws(APIError) -> String? {
        guard let value = present(key) else {
            if required { throw .badRequest(Catalogue.fieldRequired(name(key))) }
            return nil
        }
        guard case .string(let text) = value else { throw .badRequest(Catalogue.fieldNotString(name(key))) }
        if required && text.trimmingCharacters(in: .whitespaces).isEmpty { throw .badRequest(Catalogue.fieldEmpty(name(key))) }
        if text.count > maxLength { throw .badRequest(Catalogue.fieldTooLong(name(key), maxLength)) }
        return text
    }

    /// A whole number within `bound` (`Bounds`); out of range, the answer names the field, the
    /// value and the range.
    func integer(_ key: String, within bound: Bound) throws(APIError) -> Int? {
        guard let value = present(key) else { return nil }
        let range = bound.range
        switch value {
        case .integer(let number) where range.contains(number):
            return number
        case .integer(let number):
            throw .badRequest(Catalogue.fieldOutOfRange(name(key), range, meaning: bound.meaning, it: "\(number)"))
        case .number(let number):
            throw .badRequest(Catalogue.fieldOutOfRange(name(key), range, meaning: bound.meaning, it: "\(number)"))
        default:
            throw .badRequest(Catalogue.fieldNotWholeNumber(name(key)))
        }
    }

    func bool(_ key: String) throws(APIError) -> Bool? {
        guard let value = present(key) else { return nil }
        guard case .bool(let flag) = value else { throw .badRequest(Catalogue.fieldNotBool(name(key), it: nil)) }
        return flag
    }

    func date(_ key: String, required: Bool = false) throws(APIError) -> CivilDate? {
        guard let text = try string(key, required: required, maxLength: 10) else { return nil }
        guard let date = CivilDate(text) else { throw .badRequest(Catalogue.fieldNotDate(name(key), it: text)) }
        return date
    }

    func strings(_ key: String) throws(APIError) -> [String]? {
        guard let value = present(key) else { return nil }
        guard case .array(let list) = value, list.count <= 50 else { throw .badRequest(Catalogue.fieldNotStrings(name(key))) }
        var strings: [String] = []
        for item in list {
            guard case .string(let text) = item, !text.isEmpty, text.count <= 100 else {
                throw .badRequest(Catalogue.fieldNames(name(key)))
            }
            strings.append(text)
        }
        return strings
    }

    /// A list of 1 to `limit` person numbers (each 1 to 40 characters).
    func numbers(_ key: String, limit: Int) throws(APIError) -> [String] {
        guard let value = present(key) else { throw .badRequest(Catalogue.fieldRequired(name(key))) }
        guard case .array(let list) = value, !list.isEmpty, list.count <= limit else {
            throw .badRequest(Catalogue.fieldNumbers(name(key), limit: limit))
        }
        var numbers: [String] = []
        for item in list {
            guard case .string(let text) = item, !text.isEmpty, text.count <= 40 else {
                throw .badRequest(Catalogue.fieldNumberLength(name(key)))
            }
            numbers.append(text)
        }
        return numbers
    }

    func object(_ key: String, allowed: Set<String>) throws(APIError) -> JSONBody? {
        guard let value = present(key) else { return nil }
        guard case .object(let object) = value else { throw .badRequest(Catalogue.fieldNotObject(name(key))) }
        return try JSONBody(object: object, path: name(key) + ".", allowed: allowed)
    }

    func oneOf(_ key: String, _ values: [String], required: Bool = false) throws(APIError) -> String? {
        guard let text = try string(key, required: required) else { return nil }
        guard values.contains(text) else { throw .badRequest(Catalogue.fieldOneOf(name(key), values, it: text)) }
        return text
    }
}

extension JSONBody {
    /// The fields of a step's data (`EventData`).
    static let eventDataFields: Set<String> = [
        "note", "method", "node", "from", "to", "objections", "expected", "present", "votesFor", "against", "abstain",
        "writtenFor", "writtenAgainst", "days", "hours", "result", "names", "approver", "organization", "months", "rule",
        "approvedBy", "until", "reason", "leavingOn", "heldBy", "heldByRole", "statement",
    ]

    /// The data of a step, every number within its range (`EventData.numberFields`).
    func eventData() throws(APIError) -> EventData {
        var numbers: [String: Int] = [:]
        for field in EventData.numberFields {
            numbers[field.key] = try integer(field.key, within: field.bound)
        }
        return EventData(
            note: try string("note", maxLength: 2_000), method: try oneOf("method", ["league", "members"]), node: try string("node", maxLength: 40),
            from: try date("from"), to: try date("to"), objections: numbers["objections"],
            expected: numbers["expected"], present: numbers["present"], votesFor: numbers["votesFor"], against: numbers["against"],
            abstain: numbers["abstain"], writtenFor: numbers["writtenFor"], writtenAgainst: numbers["writtenAgainst"],
            days: numbers["days"], hours: numbers["hours"], result: try oneOf("result", ["pass", "fail"]).flatMap(StepResult.init(rawValue:)),
            names: try strings("names"), approver: try string("approver", maxLength: 100), reason: try string("reason", maxLength: 2_000),
            organization: try string("organization", maxLength: 100), months: numbers["months"],
            rule: try string("rule", maxLength: 20), approvedBy: try string("approvedBy", maxLength: 100), until: try date("until"),
            leavingOn: try date("leavingOn"), heldBy: try string("heldBy", maxLength: 100),
            heldByRole: try oneOf("heldByRole", TalkRole.allCases.map(\.rawValue)), statement: try string("statement", maxLength: 2_000))
    }
}

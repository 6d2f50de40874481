/// The range a number may take where it enters Fazhan (a command-line option, a CSV cell, a
/// workflow file, a JSON body), and what it counts, for the sentence that refuses it.
///
/// Every bound lives in `Bounds`; front ends name the field as their user wrote it.
///
/// ```swift
/// Bounds.votes.problem("--for", 9_223_372_036_854_775_807)
/// // "--for 9223372036854775807 is out of range: votes and members at a meeting are 0 to 10000"
/// ```
public struct Bound: Sendable, Hashable, CustomStringConvertible {
    public let range: ClosedRange<Int>
    /// What the number counts, as a plural noun phrase: `votes and members at a meeting`.
    public let english: String
    /// The same in Chinese: `会议的票数和人数`.
    public let chinese: String

    public init(_ range: ClosedRange<Int>, _ meaning: String, zh chinese: String) {
        self.range = range
        english = meaning
        self.chinese = chinese
    }

    /// What the number counts, in the current language.
    public var meaning: String { Catalogue.pick(zh: chinese, en: english) }

    public func contains(_ value: Int) -> Bool { range.contains(value) }

    /// `0 to 10000`.
    public var description: String { "\(range.lowerBound) to \(range.upperBound)" }

    /// Nil when `value` is in range; else a sentence naming the field, the value and the range.
    /// A negative value where the range starts at 0 says so in words (`cannot be negative`).
    public func problem(_ field: String, _ value: Int) -> String? {
        guard !range.contains(value) else { return nil }
        if value < 0, range.lowerBound == 0 {
            return Catalogue.negative(field, value, self)
        }
        return Catalogue.outOfRange(field, value, self)
    }

    /// Nil when `value` is in range; else a sentence quoting the value as it was written
    /// (`"999999 days is out of range: lengths in days are 0 to 36525"`), for a file where the
    /// location names the field.
    public func problem(written text: String, _ value: Int) -> String? {
        guard !range.contains(value) else { return nil }
        return Catalogue.outOfRange(written: text, self)
    }

    /// The problem with a number written as text (a CSV cell, a query parameter) that may not
    /// even be a whole number: `--within 99999999999999999999d`.
    public func problem(_ field: String, text: String) -> String? {
        guard let value = Int(text) else {
            return Catalogue.notAWholeNumber(field, text, self)
        }
        return problem(field, value)
    }
}

/// A number out of its range where it entered: the sentence says which, how much, and the range.
public struct BoundError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

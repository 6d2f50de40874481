import Foundation

/// JSON for machine-readable output (`--format json`).
///
/// Keys are sorted so that output is stable from run to run and diffs well, the text is
/// pretty-printed with two-space indentation, `/` is not escaped, and Chinese text is written as
/// UTF-8 rather than `\u` escapes. Models carry dates as `YYYY-MM-DD` strings already, so no
/// date strategy is set.
///
/// ```swift
/// struct Row: Encodable { let name: String; let stage: String }
/// try JSONOutput.render([Row(name: "张三", stage: "入党积极分子")])
/// // [
/// //   {
/// //     "name" : "张三",
/// //     "stage" : "入党积极分子"
/// //   }
/// // ]
/// ```
public enum JSONOutput {
    /// The pretty-printed JSON text of `value`, without a final line break.
    ///
    /// - Throws: `EncodingError` when `value` cannot be encoded, for example a non-finite
    ///   floating-point number.
    public static func render<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try data(value), as: UTF8.self)
    }

    /// The same text as UTF-8 bytes, for output too large to copy into a string first (a
    /// province's report).
    public static func data<T: Encodable>(_ value: T) throws -> Data {
        do {
            return Data(try PrettyJSONEncoder().encode(value))
        } catch is PrettyJSONEncoder.Unsupported {
            return try foundationData(value)
        }
    }

    /// The same text from Foundation's `JSONEncoder` (for values `PrettyJSONEncoder` does not write).
    static func foundationData<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }
}

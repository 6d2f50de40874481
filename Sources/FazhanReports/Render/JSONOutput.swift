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

    /// Writes the same text to `handle` as it is made (a province's report is hundreds of
    /// megabytes), followed by a line break.
    public static func write<T: Encodable>(_ value: T, to handle: FileHandle) throws {
        do {
            // Encoded whole before anything is written, so an unsupported value writes nothing.
            var pieces: [[UInt8]] = []
            let encoder = PrettyJSONEncoder()
            try encoder.encode(value) { pieces.append($0) }
            for index in pieces.indices {
                handle.write(Data(pieces[index]))
                pieces[index] = []
            }
            handle.write(Data("\n".utf8))
        } catch is PrettyJSONEncoder.Unsupported {
            var data = try foundationData(value)
            data.append(UInt8(ascii: "\n"))
            handle.write(data)
        }
    }

    /// The same text from Foundation's `JSONEncoder` (for values `PrettyJSONEncoder` does not write).
    static func foundationData<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }
}

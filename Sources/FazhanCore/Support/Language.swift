import Foundation

/// The language an organizer reads: Chinese unless English is asked for.
///
/// Every message, header, label and unit comes from the ``Catalogue``, which gives each in both
/// languages and picks by ``current``. The command line sets it from `--lang` or the locale
/// (`LC_ALL`, `LC_MESSAGES`, `LANG`: an English locale reads English, anything else Chinese); the
/// server from each request's `Accept-Language`. Identifiers (step and rule ids, JSON keys,
/// command names) are the same in both.
public enum Language: String, Sendable, CaseIterable {
    case zh
    case en

    /// The language of whatever is being written now.
    @TaskLocal public static var current: Language = .zh

    /// A language as a person or a locale names it: `zh`, `zh-CN`, `zh_CN.UTF-8`, `中文`, `en`,
    /// `en-US`, `en_GB.UTF-8`, `english`, `英文`; nil for anything else.
    ///
    /// Plain Swift string work: every command reads the locale through here before anything
    /// else, and Foundation's trimming brought its string bridging and type lookups into the
    /// start of every command.
    public init?(naming text: some StringProtocol) {
        let name = Self.trimmingWhitespace(text).lowercased()
        switch name {
        case "中文", "汉语", "简体中文", "chinese": self = .zh; return
        case "英文", "英语", "english": self = .en; return
        default: break
        }
        switch name.prefix(while: { !"-_.@".contains($0) }) {
        case "zh": self = .zh
        case "en": self = .en
        default: return nil
        }
    }

    /// The text without the spaces and tabs around it (what Foundation's `.whitespaces` trims:
    /// the tab and every space separator).
    private static func trimmingWhitespace(_ text: some StringProtocol) -> String {
        func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
            scalar.isASCII ? scalar == " " || scalar == "\t" : scalar.properties.generalCategory == .spaceSeparator
        }
        let text = String(text)
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isWhitespace($0) }),
              let last = scalars.lastIndex(where: { !isWhitespace($0) }) else { return "" }
        return String(scalars[first...last])
    }

    /// The language a process's locale asks for, by POSIX precedence (`LC_ALL`, then
    /// `LC_MESSAGES`, then `LANG`; the first that is set and not empty decides). English only for
    /// an English locale: `C`, `POSIX` and every other language read Chinese.
    public static func fromLocale(_ environment: [String: String]) -> Language {
        fromLocale { environment[$0] }
    }

    /// The language of a locale whose variables `variable` reads (the command line reads the
    /// process's own with `getenv`, without building the whole environment).
    public static func fromLocale(variable: (String) -> String?) -> Language {
        for key in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            guard let value = variable(key), !value.isEmpty else { continue }
            return Language(naming: value) == .en ? .en : .zh
        }
        return .zh
    }

    /// The first language of an HTTP `Accept-Language` header Fazhan speaks, by its weight
    /// (`en;q=0.9, zh;q=0.8` is English); Chinese when the header names neither.
    public static func fromAcceptLanguage(_ header: String?) -> Language {
        guard let header else { return .zh }
        var best: (language: Language, weight: Double)?
        for (index, item) in header.split(separator: ",").prefix(32).enumerated() {
            let parts = item.split(separator: ";")
            guard let tag = parts.first, let language = Language(naming: tag) else { continue }
            var weight = 1.0
            for parameter in parts.dropFirst() {
                let pair = parameter.split(separator: "=", maxSplits: 1)
                if pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces) == "q",
                   let q = Double(pair[1].trimmingCharacters(in: .whitespaces)), q >= 0, q <= 1 { weight = q }
            }
            // Equal weights keep the earlier tag: subtract a sliver for the position.
            let ranked = weight - Double(index) * 1e-6
            if weight > 0, ranked > (best?.weight ?? -1) { best = (language, ranked) }
        }
        return best?.language ?? .zh
    }
}

/// Every message Fazhan writes for a person to read, in Chinese and English.
///
/// Each module keeps its messages in one file of extensions (`Catalogue+<Module>.swift`); code
/// elsewhere calls them and never spells a sentence itself.
public enum Catalogue {
    /// The message in the current language.
    @inlinable
    public static func pick(zh: @autoclosure () -> String, en: @autoclosure () -> String) -> String {
        Language.current == .en ? en() : zh()
    }
}

import FazhanCore

/// The command line's own messages (those of the views and the engine are in their modules).
extension Catalogue {
    // `--lang` itself: said in both languages, since the language is what is in doubt.
    static let languageMissing = "error: --lang 后须写 zh（中文）或 en（English）/ --lang needs zh or en"

    static func languageUnknown(_ value: String) -> String {
        "error: --lang 只能是 zh（中文）或 en（English），不是 \"\(value)\" / --lang must be zh or en, not \"\(value)\""
    }
}

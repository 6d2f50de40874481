import FazhanCore
import Testing

/// Which language an organizer reads: Chinese unless `--lang`, the locale or the request asks
/// for English.
@Suite struct LanguageTests {
    @Test(arguments: [
        ("zh", Language.zh), ("zh-CN", .zh), ("zh_CN.UTF-8", .zh), ("ZH", .zh), ("中文", .zh), (" chinese ", .zh),
        ("en", .en), ("en-US", .en), ("en_GB.UTF-8", .en), ("English", .en), ("英文", .en), ("en@euro", .en),
    ])
    func namedLanguages(text: String, language: Language) {
        #expect(Language(naming: text) == language)
    }

    @Test(arguments: ["", "fr", "C", "eng", "zhx", "e", "-en"])
    func unknownNames(text: String) {
        #expect(Language(naming: text) == nil)
    }

    @Test func localePrecedenceAndDefault() {
        #expect(Language.fromLocale([:]) == .zh)
        #expect(Language.fromLocale(["LANG": "C.UTF-8"]) == .zh)
        #expect(Language.fromLocale(["LANG": "fr_FR.UTF-8"]) == .zh)
        #expect(Language.fromLocale(["LANG": "en_US.UTF-8"]) == .en)
        #expect(Language.fromLocale(["LANG": "en_US.UTF-8", "LC_ALL": "zh_CN.UTF-8"]) == .zh)
        #expect(Language.fromLocale(["LANG": "zh_CN.UTF-8", "LC_MESSAGES": "en_US.UTF-8"]) == .en)
        // An empty variable is not set.
        #expect(Language.fromLocale(["LC_ALL": "", "LANG": "en_US.UTF-8"]) == .en)
    }

    @Test func acceptLanguageByWeight() {
        #expect(Language.fromAcceptLanguage(nil) == .zh)
        #expect(Language.fromAcceptLanguage("") == .zh)
        #expect(Language.fromAcceptLanguage("en") == .en)
        #expect(Language.fromAcceptLanguage("fr-FR, en;q=0.5") == .en)
        #expect(Language.fromAcceptLanguage("en;q=0.8, zh-CN;q=0.9") == .zh)
        #expect(Language.fromAcceptLanguage("en, zh") == .en)
        #expect(Language.fromAcceptLanguage("en;q=0, zh;q=0.1") == .zh)
        #expect(Language.fromAcceptLanguage("fr, de") == .zh)
        #expect(Language.fromAcceptLanguage("en;q=abc") == .en)
    }

    @Test func catalogueFollowsTheCurrentLanguage() async {
        #expect(Catalogue.pick(zh: "中", en: "en") == "中")
        Language.$current.withValue(.en) { #expect(Catalogue.pick(zh: "中", en: "en") == "en") }
    }
}

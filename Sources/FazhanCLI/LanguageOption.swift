import FazhanCore
import Foundation

/// `--lang zh|en`, which every command takes: read and removed before the command line is
/// parsed, so it sets the language of the parse's own messages too.
public enum LanguageOption {
    public struct Invalid: Error {
        public var message: String
    }

    /// The language `--lang VALUE` or `--lang=VALUE` names (the last one given wins), removed
    /// from `arguments`; nil when there is none. Arguments after `--` are left alone.
    public static func take(from arguments: inout [String]) throws(Invalid) -> Language? {
        var language: Language?
        var kept: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--" {
                kept += arguments[index...]
                break
            }
            var value: String?
            if argument == "--lang" {
                guard index + 1 < arguments.count else {
                    throw Invalid(message: Catalogue.languageMissing)
                }
                value = arguments[index + 1]
                index += 2
            } else if argument.hasPrefix("--lang=") {
                value = String(argument.dropFirst("--lang=".count))
                index += 1
            } else {
                kept.append(argument)
                index += 1
                continue
            }
            guard let value, let named = Language(naming: value) else {
                throw Invalid(message: Catalogue.languageUnknown(value ?? ""))
            }
            language = named
        }
        arguments = kept
        return language
    }
}

/// One variable of this process's environment, read with `getenv`: `ProcessInfo`'s environment
/// builds a dictionary of every variable at each call, which the commands' start-up paid for
/// several times over.
func environmentVariable(_ name: String) -> String? {
    getenv(name).map { String(cString: $0) }
}

extension LanguageOption {
    /// The language of this process: `--lang` (removed from `arguments`), else the locale; a
    /// `--lang` naming no language Fazhan speaks ends the process as a usage error (64).
    public static func resolve(_ arguments: inout [String]) -> Language {
        do {
            return try take(from: &arguments) ?? Language.fromLocale(variable: environmentVariable)
        } catch {
            FileHandle.standardError.write(Data((error.message + "\n").utf8))
            exit(64)
        }
    }
}

/// ArgumentParser's usage errors, in Chinese: its frame (`Error:`, `Help:`, `Usage:`, `See …`)
/// and the sentences it writes itself; Fazhan's own validation messages come from the catalogue.
enum UsageText {
    static func chinese(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line(String($0)) }.joined(separator: "\n")
    }

    private static func line(_ line: String) -> String {
        if line.hasPrefix("Error: ") { return "错误：" + sentence(String(line.dropFirst("Error: ".count))) }
        if line.hasPrefix("Help:  ") { return "说明：" + line.dropFirst("Help:  ".count) }
        if line.hasPrefix("Usage: ") { return "用法：" + line.dropFirst("Usage: ".count) }
        if let match = line.wholeMatch(of: /(\s*)See '(.+)' for more information\./) {
            return "\(match.1)详见 '\(match.2)'。"
        }
        return line
    }

    /// The sentences ArgumentParser writes; anything else is already ours.
    private static func sentence(_ text: String) -> String {
        if let m = text.wholeMatch(of: /Missing expected argument '(.+)'(.*)/) { return "缺少参数 '\(m.1)'\(m.2)" }
        if let m = text.wholeMatch(of: /Missing value for '(.+)'/) { return "'\(m.1)' 缺少值" }
        if let m = text.wholeMatch(of: /Unknown option '(.+?)'(?:\. Did you mean '(.+)'\?)?/) {
            return "没有选项 '\(m.1)'" + (m.2.map { "；您是否要用 '\($0)'？" } ?? "")
        }
        if let m = text.wholeMatch(of: /Unexpected arguments? (.+)/) { return "多余的参数 \(m.1)" }
        if let m = text.wholeMatch(of: /The value '(.*?)' is invalid for '(.+?)'(?:\. Please provide one of (.+)\.)?(.*)/) {
            return "'\(m.2)' 的值 '\(m.1)' 无效" + (m.3.map { "；可用的有：\($0)" } ?? "") + "\(m.4)"
        }
        if let m = text.wholeMatch(of: /Value to be set with flag '(.+)' had already been set with flag '(.+)'/) {
            return "'\(m.1)' 与已给出的 '\(m.2)' 冲突"
        }
        return text
    }
}

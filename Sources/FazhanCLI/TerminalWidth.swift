import FazhanReports
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How wide the tables a command prints may be: `COLUMNS` when set (20 to 1000), else the width
/// of the terminal standard output goes to, else no limit (a pipe or a file gets the tables
/// whole, as a program or a spreadsheet wants them).
enum TerminalWidth {
    static func current(environment: [String: String]? = nil) -> Int? {
        if let text = environment.map({ $0["COLUMNS"] }) ?? environmentVariable("COLUMNS"),
           let columns = Int(text.trimmingCharacters(in: .whitespaces)), (20...1000).contains(columns) {
            return columns
        }
        guard isatty(STDOUT_FILENO) == 1 else { return nil }
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col >= 20 else { return nil }
        return Int(size.ws_col)
    }
}

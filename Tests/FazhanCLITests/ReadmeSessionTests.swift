import Foundation
import Testing

/// The README's session runs exactly as written on a fresh database (issue 15): every block
/// fenced ```` ```sh session ```` is run, line by line, by `/bin/sh` in an empty folder with the
/// built `fazhan` first on the PATH and the day fixed; a command whose comment begins with
/// "拒绝" (or "refused") must exit 1 and every other 0; and a block fenced ```` ```output ````
/// right after a session block is what its last command prints, byte for byte (standard output,
/// then standard error).
@Suite struct ReadmeSessionTests {
    /// The day the README's outputs were made on.
    static let today = "2026-11-21"

    struct Block {
        var info: String
        var lines: [String]
        var line: Int
    }

    static func blocks(_ text: String) -> [Block] {
        var blocks: [Block] = []
        var current: Block?
        for (index, line) in text.components(separatedBy: "\n").enumerated() {
            if line.hasPrefix("```") {
                if let open = current {
                    blocks.append(open)
                    current = nil
                } else {
                    current = Block(info: String(line.dropFirst(3)).trimmingCharacters(in: .whitespaces), lines: [], line: index + 2)
                }
            } else {
                current?.lines.append(line)
            }
        }
        return blocks
    }

    /// A block's commands: continuation lines joined, blank lines dropped.
    static func commands(_ block: Block) -> [(command: String, line: Int)] {
        var commands: [(String, Int)] = []
        var pending = ""
        var start = block.line
        for (offset, line) in block.lines.enumerated() {
            if pending.isEmpty { start = block.line + offset }
            if line.hasSuffix("\\") {
                pending += String(line.dropLast()) + " "
                continue
            }
            let whole = pending + line
            pending = ""
            if !whole.trimmingCharacters(in: .whitespaces).isEmpty { commands.append((whole, start)) }
        }
        return commands
    }

    /// What marks a command expected to be refused, as the first word of its comment: the
    /// README's comments are Chinese ("# 拒绝（R7：…）"); "refused" is kept for English ones.
    static let refusalMarkers = ["拒绝", "refused"]

    /// A command's shell comment: what follows the first `#` that starts a word outside quotes
    /// (after a blank or an operator, as `/bin/sh` reads it); nil when there is none.
    static func comment(_ command: String) -> Substring? {
        var quote: Character?
        var escaped = false
        var atWordStart = true
        for index in command.indices {
            let character = command[index]
            var breaksWord = false
            if escaped {
                escaped = false
            } else if let open = quote {
                if character == open {
                    quote = nil
                } else if character == "\\", open == "\"" {
                    escaped = true
                }
            } else if character == "\\" {
                escaped = true
            } else if character == "'" || character == "\"" {
                quote = character
            } else if character == "#", atWordStart {
                return command[command.index(after: index)...]
            } else {
                breaksWord = character.isWhitespace || ";&|<>()".contains(character)
            }
            atWordStart = breaksWord
        }
        return nil
    }

    /// Whether the README says this command is refused (exit 1).
    static func expectsRefusal(_ command: String) -> Bool {
        guard let comment = comment(command) else { return false }
        let text = comment.trimmingCharacters(in: .whitespaces)
        return refusalMarkers.contains { text.hasPrefix($0) }
    }

    struct Ran {
        var status: Int32
        var printed: String
    }

    static func run(_ command: String, in folder: URL, environment: [String: String]) throws -> Ran {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.currentDirectoryURL = folder
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both to the end before waiting, so neither pipe fills.
        let outData = Mutexed()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            outData.value = out.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Ran(status: process.terminationStatus,
                   printed: String(decoding: outData.value + errData, as: UTF8.self))
    }

    final class Mutexed: @unchecked Sendable { var value = Data() }

    /// The output with what differs on every run replaced: a checkpoint's number, time, head and
    /// signature (written at the wall clock's time, signed by a key made for the database).
    static func steady(_ text: String) -> String {
        var result = text
        for (pattern, replacement) in [
            (#"checkpoint \d+ \([^)]*\), head [0-9a-f]{64}, (signed by key [0-9a-f]+: [0-9a-f]+|unsigned)"#, "checkpoint N (TIME), head HEAD, SIGNATURE"),
            (#"检查点 \d+（[^）]*），head [0-9a-f]{64}，(密钥 [0-9a-f]+ 签名：[0-9a-f]+|未签名)"#, "检查点 N（TIME），head HEAD，SIGNATURE"),
            (#"--expect-head [0-9a-f]{64}"#, "--expect-head HEAD"),
        ] {
            result = result.replacingOccurrences(of: pattern, with: replacement, options: .regularExpression)
        }
        return result
    }

    @Test func aRefusalIsMarkedByTheFirstWordOfTheComment() {
        #expect(Self.expectsRefusal("fazhan check 2023001     # 拒绝（R7：积极分子满一年才能确定为发展对象）"))
        #expect(Self.expectsRefusal("fazhan advance 2023001 --to probationary    # refused: R14"))
        #expect(Self.expectsRefusal("fazhan check 2023001 #拒绝"))
        // A comment that only mentions a refusal, a quoted "#" and an argument are no marker.
        #expect(!Self.expectsRefusal("fazhan plan set CS --quota 2     # 超出计划的接收会被拒绝（R25）"))
        #expect(!Self.expectsRefusal("fazhan plan set CS --quota 2     # an admission beyond a plan is refused (R25)"))
        #expect(!Self.expectsRefusal("printf '# 拒绝\\n2023002\\n' > 名单.txt"))
        #expect(!Self.expectsRefusal("fazhan correct 19 --reason \"日期 # 拒绝\" --on 2024-12-18"))
        #expect(!Self.expectsRefusal("fazhan correct 19 --reason 日期\\ #拒绝 --on 2024-12-18   # 新事件"))
        #expect(!Self.expectsRefusal("fazhan check 2023001"))
    }

    /// The README puts the built `fazhan` on the PATH and types it anywhere: found there, with
    /// only its name in `argv[0]` and no `FAZHAN_WORKFLOWS`, it still finds the checkout's rules.
    @Test func fazhanOnThePathFindsItsRulesFromAnyFolder() throws {
        let binary = try #require(FazhanBinary.url, "build fazhan first")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fazhan-path-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("FAZHAN_") }
        environment["PATH"] = binary.deletingLastPathComponent().path + ":/usr/bin:/bin"
        environment["FAZHAN_TODAY"] = Self.today
        let ran = try Self.run("fazhan init --workflow cpc-2014 && fazhan workflow list", in: folder, environment: environment)
        #expect(ran.status == 0, "\(ran.printed)")
        #expect(ran.printed.contains("cpc-2014"))
    }

    @Test func theSessionRunsAsWrittenAndPrintsWhatItShows() throws {
        let binary = try #require(FazhanBinary.url, "build fazhan first")
        let readme = try String(contentsOf: repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let blocks = Self.blocks(readme)
        let sessions = blocks.filter { $0.info == "sh session" }
        #expect(sessions.count >= 5, "the README marks its session blocks ```sh session")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fazhan-readme-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // No locale: the README shows what an organizer reads by default, in Chinese.
        var environment = ProcessInfo.processInfo.environment.filter {
            !$0.key.hasPrefix("FAZHAN_") && !["COLUMNS", "LANG", "LC_ALL", "LC_MESSAGES"].contains($0.key)
        }
        environment["PATH"] = binary.deletingLastPathComponent().path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        environment["FAZHAN_TODAY"] = Self.today
        environment["FAZHAN_WORKFLOWS"] = workflowsFolder.path
        environment["USER"] = "organizer"
        environment["TZ"] = "Asia/Shanghai"

        for (index, block) in blocks.enumerated() where block.info == "sh session" {
            var last: Ran?
            for (command, line) in Self.commands(block) {
                let ran = try Self.run(command, in: folder, environment: environment)
                let refused = Self.expectsRefusal(command)
                #expect(ran.status == (refused ? 1 : 0), "README.md:\(line): \(command)\nexit \(ran.status):\n\(ran.printed)")
                last = ran
            }
            // The output shown after the block, if any.
            if index + 1 < blocks.count, blocks[index + 1].info == "output", let last {
                let shown = Self.steady(blocks[index + 1].lines.joined(separator: "\n"))
                let printed = Self.steady(last.printed.hasSuffix("\n") ? String(last.printed.dropLast()) : last.printed)
                #expect(printed == shown, "README.md:\(blocks[index + 1].line): the output shown is not what the command prints:\n\(printed)")
            }
        }
    }
}

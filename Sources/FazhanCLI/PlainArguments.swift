import ArgumentParser
import FazhanCore

/// A command line of `check`, `advance` or `show` in its plainest form, read without
/// ArgumentParser: each argument a person's number or a `--name value` / `--name=value` of the
/// command's own options (each at most once, no value empty or starting with `-`), or one of its
/// flags. ArgumentParser builds a command by reflecting on every option of it, a dynamic
/// protocol-conformance lookup per option type: a tenth of a `check`'s time.
///
/// Anything else (a short option, `--`, an option named twice, a value that does not convert, a
/// missing required option, a number out of bounds) is not plain, and the command line goes to
/// ArgumentParser, which parses it or says what is wrong exactly as before. Values convert with
/// the same `init(argument:)` ArgumentParser uses, so a plain command line yields the same command.
struct PlainArguments {
    struct NotPlain: Error {}

    private(set) var positionals: [String] = []
    private var values: [String: String] = [:]
    private var flags: Set<String> = []

    init?(_ arguments: some Collection<String>, options: Set<String>, flags knownFlags: Set<String> = []) {
        var remaining = arguments[...]
        while let argument = remaining.popFirst() {
            guard argument.hasPrefix("-") else {
                positionals.append(argument)
                continue
            }
            guard argument.hasPrefix("--") else { return nil }
            var name = String(argument.dropFirst(2))
            var value: String?
            if let equals = name.firstIndex(of: "=") {
                value = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            if knownFlags.contains(name) {
                guard value == nil, flags.insert(name).inserted else { return nil }
                continue
            }
            guard options.contains(name), values[name] == nil else { return nil }
            if value == nil { value = remaining.popFirst() }
            guard let value, !value.isEmpty, !value.hasPrefix("-") else { return nil }
            values[name] = value
        }
    }

    /// The value of `--name`, nil when it is not given.
    func optional<Value: ExpressibleByArgument>(_ name: String) throws(NotPlain) -> Value? {
        guard let text = values[name] else { return nil }
        guard let value = Value(argument: text) else { throw NotPlain() }
        return value
    }

    func required<Value: ExpressibleByArgument>(_ name: String) throws(NotPlain) -> Value {
        guard let value: Value = try optional(name) else { throw NotPlain() }
        return value
    }

    func flag(_ name: String) -> Bool {
        flags.contains(name)
    }

    /// The one person's number a command names.
    func person() throws(NotPlain) -> String {
        guard positionals.count == 1 else { throw NotPlain() }
        return positionals[0]
    }
}

extension Fazhan {
    /// The command a plain command line of `check`, `advance` or `show` runs; nil for any other.
    static func parsePlainly(_ name: String, _ arguments: ArraySlice<String>) -> (any ParsableCommand)? {
        do throws(PlainArguments.NotPlain) {
            switch name {
            case "check":
                guard let plain = PlainArguments(arguments, options: CheckCommand.plainOptions) else { return nil }
                return try CheckCommand(plain: plain)
            case "advance":
                guard let plain = PlainArguments(arguments, options: AdvanceCommand.plainOptions) else { return nil }
                return try AdvanceCommand(plain: plain)
            case "show":
                guard let plain = PlainArguments(arguments, options: ShowCommand.plainOptions, flags: ["reveal"]) else { return nil }
                return try ShowCommand(plain: plain)
            default:
                return nil
            }
        } catch {
            return nil
        }
    }
}

extension DatabaseOptions {
    static let plainOptions: Set<String> = ["db", "key"]

    init(plain arguments: PlainArguments) throws(PlainArguments.NotPlain) {
        self.init()
        db = try arguments.optional("db")
        key = try arguments.optional("key")
    }
}

extension RemoteOptions {
    static let plainOptions: Set<String> = ["server"]

    init(plain arguments: PlainArguments) throws(PlainArguments.NotPlain) {
        self.init()
        server = try arguments.optional("server")
    }
}

extension RecorderOptions {
    static let plainOptions: Set<String> = ["by"]

    init(plain arguments: PlainArguments) throws(PlainArguments.NotPlain) {
        self.init()
        by = try arguments.optional("by")
    }
}

extension TransitionDataOptions {
    static let plainOptions: Set<String> = ["note", "approver", "reason", "expected", "present", "for", "against", "abstain"]

    init(plain arguments: PlainArguments) throws(PlainArguments.NotPlain) {
        self.init()
        note = try arguments.optional("note")
        approver = try arguments.optional("approver")
        reason = try arguments.optional("reason")
        expected = try arguments.optional("expected")
        present = try arguments.optional("present")
        votesFor = try arguments.optional("for")
        against = try arguments.optional("against")
        abstain = try arguments.optional("abstain")
        // A number out of bounds: ArgumentParser's validation says so.
        guard data.boundProblems.isEmpty else { throw PlainArguments.NotPlain() }
    }
}

extension CheckCommand {
    static let plainOptions = DatabaseOptions.plainOptions.union(RemoteOptions.plainOptions)
        .union(TransitionDataOptions.plainOptions).union(["to", "on", "format"])

    init(plain arguments: PlainArguments) throws(PlainArguments.NotPlain) {
        self.init()
        database = try DatabaseOptions(plain: arguments)
        remote = try RemoteOptions(plain: arguments)
        person = try arguments.person()
        to = try arguments.optional("to")
        on = try arguments.optional("on")
        format = try arguments.optional("format") ?? .table
        options = try TransitionDataOptions(plain: arguments)
    }
}

extension AdvanceCommand {
    static let plainOptions = DatabaseOptions.plainOptions.union(RemoteOptions.plainOptions).union(RecorderOptions.plainOptions)
        .union(TransitionDataOptions.plainOptions).union(["to", "on"])

    init(plain arguments: PlainArguments) throws(PlainArguments.NotPlain) {
        self.init()
        database = try DatabaseOptions(plain: arguments)
        remote = try RemoteOptions(plain: arguments)
        recorder = try RecorderOptions(plain: arguments)
        person = try arguments.person()
        to = try arguments.required("to")
        on = try arguments.required("on")
        options = try TransitionDataOptions(plain: arguments)
    }
}

extension ShowCommand {
    static let plainOptions = DatabaseOptions.plainOptions.union(RemoteOptions.plainOptions).union(["format", "as-of"])

    init(plain arguments: PlainArguments) throws(PlainArguments.NotPlain) {
        self.init()
        database = try DatabaseOptions(plain: arguments)
        remote = try RemoteOptions(plain: arguments)
        person = try arguments.person()
        format = try arguments.optional("format") ?? .table
        asOf = try arguments.optional("as-of")
        reveal = arguments.flag("reveal")
    }
}

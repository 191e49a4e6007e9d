import Advisor
import RulesEngine

/// One option of a command: `--long` (and `-s`), with or without a value.
struct OptionSpec {
    var long: String
    var short: Character?
    /// The name of the value in help (`FILE`), or nil for a flag.
    var valueName: String?
    var help: String
}

/// A command's name, purpose, options and help text.
struct CommandSpec {
    var name: String
    var summary: String
    var usage: String
    var options: [OptionSpec]
    /// Extra paragraphs after the options in `--help`.
    var discussion: String = ""

    static let help = OptionSpec(long: "help", short: "h", valueName: nil, help: "Show this help.")

    var helpText: String {
        var s = "OVERVIEW: \(summary)\n\nUSAGE: \(usage)\n\nOPTIONS:\n"
        let all = options + [Self.help]
        let labels = all.map { o in
            (o.short.map { "-\($0), " } ?? "    ") + "--\(o.long)" + (o.valueName.map { " \($0)" } ?? "")
        }
        let width = (labels.map(\.count).max() ?? 0) + 2
        for (label, o) in zip(labels, all) {
            s += "  " + label + String(repeating: " ", count: width - label.count) + o.help + "\n"
        }
        if !discussion.isEmpty { s += "\n" + discussion + "\n" }
        return s
    }
}

extension CommandSpec {
    /// What to do after parsing: run with the arguments, or exit now (after help or a usage error).
    enum Parsed {
        case run(ParsedArguments)
        case exit(ExitCode)
    }

    /// Parses a subcommand's arguments, printing `--help` (exit 0) or a usage error (exit 64).
    func parse(_ arguments: [String]) -> Parsed {
        do {
            let parsed = try ArgumentParser.parse(arguments, self)
            if parsed.has("help") {
                Terminal.out(helpText)
                return .exit(.success)
            }
            return .run(parsed)
        } catch {
            Terminal.err("error: \(error.message)\nUsage: \(usage)\nSee 'advisor \(name) --help'.")
            return .exit(.usage)
        }
    }
}

/// What the command line said: flags, option values and positional arguments.
struct ParsedArguments {
    var flags: Set<String> = []
    var values: [String: String] = [:]
    var positionals: [String] = []

    func has(_ flag: String) -> Bool { flags.contains(flag) }

    /// The language `--lang` names: nil when not given; a usage error when it is not one we write.
    func language() throws(UsageError) -> Language? {
        guard let code = values["lang"] else { return nil }
        guard let language = Language(code: code) else {
            throw UsageError(message: "unknown language '\(code)'; expected en, zh-Hans or ja")
        }
        return language
    }
}

/// A command line that does not fit the command; exits 64.
struct UsageError: Error, Equatable {
    var message: String
}

enum ArgumentParser {
    /// Parses `arguments` (without the command name) against `spec`.
    ///
    /// Accepts `--name value`, `--name=value`, `-s value`, `--` to end options, and `-` as a value
    /// or positional (standard input).
    static func parse(_ arguments: [String], _ spec: CommandSpec) throws(UsageError) -> ParsedArguments {
        var parsed = ParsedArguments()
        let options = spec.options + [CommandSpec.help]
        var i = 0
        var onlyPositionals = false
        while i < arguments.count {
            let arg = arguments[i]
            i += 1
            if onlyPositionals || arg == "-" || !arg.hasPrefix("-") {
                parsed.positionals.append(arg)
                continue
            }
            if arg == "--" { onlyPositionals = true; continue }
            var name: String
            var inlineValue: String?
            let option: OptionSpec?
            if arg.hasPrefix("--") {
                name = String(arg.dropFirst(2))
                if let eq = name.firstIndex(of: "=") {
                    inlineValue = String(name[name.index(after: eq)...])
                    name = String(name[..<eq])
                }
                option = options.first { $0.long == name }
            } else {
                guard arg.count == 2, let c = arg.last else {
                    throw UsageError(message: "unknown option '\(arg)'; short options are single letters, long ones start with '--'")
                }
                name = String(c)
                option = options.first { $0.short == c }
            }
            guard let option else {
                let hint = Suggestion.nearest(to: name, in: options.map(\.long)).map { "; did you mean '--\($0)'?" } ?? ""
                throw UsageError(message: "unknown option '\(arg)'\(hint)")
            }
            if let valueName = option.valueName {
                if let inlineValue {
                    parsed.values[option.long] = inlineValue
                } else {
                    guard i < arguments.count else { throw UsageError(message: "the option '--\(option.long)' needs a value (\(valueName))") }
                    parsed.values[option.long] = arguments[i]
                    i += 1
                }
            } else {
                if inlineValue != nil { throw UsageError(message: "the option '--\(option.long)' takes no value") }
                parsed.flags.insert(option.long)
            }
        }
        return parsed
    }
}

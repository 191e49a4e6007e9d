/// The help and the usage lines of a command, generated from its declarations.
public enum HelpFormatter {
    /// The usage line (two for a group with options of its own), without `USAGE: `.
    ///
    /// A command names every option: `advisor batch INPUT [--output FILE] [--quiet] ...`; a
    /// group names its subcommand: `advisor rules <command> [options]`.
    /// - Parameter path: the words that call the command, from the program's name on.
    public static func usage(_ type: any ParsableCommand.Type, path: [String]) -> String {
        let prefix = path.joined(separator: " ")
        let options = type.definitions.filter { !$0.isPositional }.map(usageWord)
        if type.isGroup {
            var lines = [prefix + " <command> [options]"]
            if !options.isEmpty { lines.append(([prefix] + options).joined(separator: " ")) }
            return lines.joined(separator: "\n       ")
        }
        let positionals = type.definitions.filter(\.isPositional).map(usageWord)
        return ([prefix] + positionals + options).joined(separator: " ")
    }

    /// `[--lang LANG]`, `[--json]`, `INPUT`, `[QUESTION]` or `[COMMAND ...]`.
    static func usageWord(_ d: ArgumentDefinition) -> String {
        switch d.kind {
        case .flag: "[--\(d.long)]"
        case .option(let valueName): "[--\(d.long) \(valueName)]"
        case .positional(let label, .one): label
        case .positional(let label, .optional): "[\(label)]"
        case .positional(let label, .many): "[\(label) ...]"
        case .positional(let label, .oneOrMore): "\(label) ..."
        }
    }

    /// The text `--help` prints: overview, usage, subcommands, options, discussion.
    public static func help(_ type: any ParsableCommand.Type, path: [String]) -> String {
        let configuration = type.configuration
        var s = "OVERVIEW: \(configuration.abstract)\n\nUSAGE: \(usage(type, path: path))\n\n"
        if type.isGroup {
            s += "COMMANDS:\n" + table(configuration.subcommands.map { ($0.configuration.name, $0.configuration.abstract) }) + "\n"
        }
        let options = type.definitions.filter { !$0.isPositional } + [ArgumentDefinition.help]
        s += "OPTIONS:\n" + table(options.map { o in
            ((o.short.map { "-\($0), " } ?? "    ") + "--\(o.long)" + (o.valueName.map { " \($0)" } ?? ""), o.help)
        })
        var discussion = configuration.discussion
        for (name, value) in configuration.details?() ?? [:] { discussion = discussion.replacingOccurrences(of: "{\(name)}", with: value) }
        if !discussion.isEmpty { s += "\n" + discussion + "\n" }
        return s
    }

    /// Two columns, the second starting two spaces after the widest first one.
    static func table(_ rows: [(String, String)]) -> String {
        let width = (rows.map(\.0.count).max() ?? 0) + 2
        return rows.map { "  " + $0.0 + String(repeating: " ", count: width - $0.0.count) + $0.1 + "\n" }.joined()
    }

    /// `error: …`, the usage line and where to read more, as every usage error is reported.
    public static func usageError(_ error: UsageError, _ type: any ParsableCommand.Type, path: [String]) -> String {
        "error: \(error.message)\nUsage: \(usage(type, path: path))\nSee '\(path.joined(separator: " ")) --help'.\n"
    }
}

/// Where a command stands in its program: how it was called, for its help and its errors.
public struct CommandContext: Sendable {
    public let program: CommandLineProgram
    public let command: any ParsableCommand.Type
    /// The words that call it, from the program's name on: `["advisor", "rules", "lint"]`.
    public let path: [String]

    public var helpText: String { HelpFormatter.help(command, path: path) }
    public var usage: String { HelpFormatter.usage(command, path: path) }

    /// The report of a usage error: `error: …`, the usage line, `See 'advisor ask --help'.`
    public func usageError(_ error: UsageError) -> String { HelpFormatter.usageError(error, command, path: path) }
}

/// `advisor`: the program's root, a group of the subcommands with `--version` and the
/// completion scripts.
public struct AdvisorCommand: ParsableCommand {
    public static let version = "0.1.0"

    public static let configuration = CommandConfiguration(
        name: "advisor",
        abstract: "advisor — how to cancel a Japanese mobile SIM, and what to watch out for.",
        discussion: """
        'advisor help COMMAND' and 'advisor COMMAND --help' show a command's options.

        EXIT CODES: 0 success, 1 failing tests or lint errors, 2 bad input, 64 usage error.
        """,
        version: version,
        subcommands: [AskCommand.self, BatchCommand.self, TestCommand.self, RulesCommand.self, HelpCommand.self])

    public static var arguments: [Argument<AdvisorCommand>] {
        [
            .flag("version", short: "v", help: "Show the version.", \.showVersion),
            .option("generate-completion-script", valueName: "SHELL", help: "Print a completion script for SHELL: bash, zsh or fish.",
                    parser: .choice("shell"), \.completionShell),
        ]
    }

    /// The program as the executable runs it.
    public static let program = CommandLineProgram(root: AdvisorCommand.self)

    public var showVersion = false
    public var completionShell: Shell?

    public init() {}

    public func run(_ context: CommandContext) throws(UsageError) -> ExitCode {
        if showVersion {
            Terminal.out("\(Self.configuration.name) \(Self.version)\n")
            return .success
        }
        if let completionShell {
            Terminal.out(CompletionScript.generate(for: context.program, shell: completionShell))
            return .success
        }
        // No command: the help, on standard error.
        Terminal.err(context.helpText)
        return .usage
    }
}

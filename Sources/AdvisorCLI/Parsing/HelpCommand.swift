/// `help [COMMAND ...]`: prints what `COMMAND ... --help` prints (the root's help without one).
public struct HelpCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        name: "help",
        abstract: "Show the help of a command: 'help ask' prints what 'ask --help' does.")

    public static var arguments: [Argument<HelpCommand>] {
        [.positionals("COMMAND", arity: .many, completion: .commands, \.names)]
    }

    /// The command's words: `["rules", "lint"]`.
    public var names: [String] = []

    public init() {}

    public func run(_ context: CommandContext) throws(UsageError) -> ExitCode {
        Terminal.out(try context.program.locate(names).helpText)
        return .success
    }
}

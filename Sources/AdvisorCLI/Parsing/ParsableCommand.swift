/// A command of the command line: its name and texts, its arguments bound to its stored
/// properties, and what it does.
///
/// The shape follows swift-argument-parser's `ParsableCommand`: each subcommand is a type whose
/// options are declared once, in ``arguments``, each with its names, value placeholder and help,
/// and bound to the typed property it fills. ``parse(_:)`` turns a command line into a value;
/// the help, the usage line and the completion scripts are generated from the same declarations.
public protocol ParsableCommand: Sendable {
    /// The command's name, texts and subcommands.
    static var configuration: CommandConfiguration { get }
    /// The options, flags and positional arguments, in the order help lists them.
    static var arguments: [Argument<Self>] { get }
    /// A command with every option at its default.
    init()
    /// Checks what no single argument can (how many positionals there are, say).
    mutating func validate() throws(UsageError)
    /// Does the work and says how the process should exit.
    /// - Throws: a ``UsageError`` found only while running; it is reported with the usage line.
    func run(_ context: CommandContext) throws(UsageError) -> ExitCode
}

/// What a command is called and says about itself.
public struct CommandConfiguration: Sendable {
    /// The word that selects the command (`ask`), or the program's name for the root.
    public var name: String
    /// One line: the help's overview, and the command's entry in its parent's list.
    public var abstract: String
    /// Paragraphs after the options in the help; `{placeholders}` are filled by ``details``.
    public var discussion: String
    /// Values for the discussion's `{placeholders}`, computed only when the help is shown (for
    /// text that comes from data, such as the profile fields of the shipped knowledge base).
    public var details: (@Sendable () -> [String: String])?
    /// The version `--version` prints (the root only).
    public var version: String?
    /// The commands below this one (`rules lint`); a command with subcommands is a group.
    public var subcommands: [any ParsableCommand.Type]

    public init(name: String, abstract: String, discussion: String = "", details: (@Sendable () -> [String: String])? = nil,
                version: String? = nil, subcommands: [any ParsableCommand.Type] = []) {
        self.details = details
        self.name = name
        self.abstract = abstract
        self.discussion = discussion
        self.version = version
        self.subcommands = subcommands
    }
}

extension ParsableCommand {
    public static var arguments: [Argument<Self>] { [] }

    public mutating func validate() throws(UsageError) {}

    /// A group run without a subcommand prints its help on standard error and exits 64.
    public func run(_ context: CommandContext) throws(UsageError) -> ExitCode {
        Terminal.err(context.helpText)
        return .usage
    }

    /// Whether the command has subcommands.
    public static var isGroup: Bool { !configuration.subcommands.isEmpty }

    /// The subcommand called `name`.
    public static func subcommand(named name: String) -> (any ParsableCommand.Type)? {
        configuration.subcommands.first { $0.configuration.name == name }
    }

    /// The declarations of the arguments, without their bindings.
    public static var definitions: [ArgumentDefinition] { arguments.map(\.definition) }

    /// Parses the arguments that follow the command's name into a command.
    /// - Throws: ``UsageError/helpRequested`` for `-h` or `--help`; otherwise a usage error
    ///   saying what does not fit.
    public static func parse(_ arguments: [String]) throws(UsageError) -> Self {
        let bound = Self.arguments
        let assignments = try ArgumentParser.split(arguments, bound.map(\.definition))
        var command = Self()
        for (index, value) in assignments {
            try bound[index].apply(&command, value)
        }
        try command.validate()
        return command
    }
}

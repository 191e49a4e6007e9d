/// What a shell can offer to complete an argument's value.
public enum Completion: Sendable, Equatable {
    case none
    /// A file name.
    case file
    /// A directory name.
    case directory
    /// One of a fixed list of words.
    case values([String])
    /// The names of the program's commands (for `help`).
    case commands
}

/// One argument of a command as help, usage and completion see it: a flag, an option with a
/// value, or positional words.
public struct ArgumentDefinition: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// `--json`: present or not.
        case flag
        /// `--profile FILE`, `--profile=FILE` or `-p FILE`.
        case option(valueName: String)
        /// Words that are not options, shown as `label` in the usage line.
        case positional(label: String, arity: Arity)
    }

    /// How many positional words a command takes, for the usage line.
    public enum Arity: Sendable, Equatable {
        /// `INPUT`: exactly one.
        case one
        /// `[QUESTION]`: none or one.
        case optional
        /// `[COMMAND ...]`: any number.
        case many
        /// `INPUT ...`: at least one.
        case oneOrMore
    }

    public var kind: Kind
    /// The long name without its dashes (`no-input`); empty for positionals.
    public var long: String
    public var short: Character?
    public var help: String
    public var completion: Completion

    public init(kind: Kind, long: String, short: Character? = nil, help: String, completion: Completion = .none) {
        self.kind = kind
        self.long = long
        self.short = short
        self.help = help
        self.completion = completion
    }

    /// `-h`, `--help`, which every command has.
    public static let help = ArgumentDefinition(kind: .flag, long: "help", short: "h", help: "Show this help.")

    public var isPositional: Bool { if case .positional = kind { true } else { false } }

    /// The value's placeholder (`FILE`), or nil for a flag or positional.
    public var valueName: String? { if case .option(let name) = kind { name } else { nil } }

    /// `--long`, or the label of a positional.
    public var displayName: String {
        if case .positional(let label, _) = kind { return label }
        return "--" + long
    }
}

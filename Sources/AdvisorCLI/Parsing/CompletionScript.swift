/// The shells `--generate-completion-script` writes for.
public enum Shell: String, Sendable, CaseIterable {
    case bash, zsh, fish
}

/// A shell completion script generated from a program's command and option declarations.
///
/// Each script finds the command being completed the way ``CommandLineProgram/resolve(_:)``
/// does, by reading subcommand names from the front of the line, then offers that command's
/// options, the values an option allows (files, directories, a list of words), or its
/// subcommands.
public enum CompletionScript {
    public static func generate(for program: CommandLineProgram, shell: Shell) -> String {
        let commands = program.commands.map(Node.init)
        switch shell {
        case .bash: return bash(commands)
        case .zsh: return zsh(commands)
        case .fish: return fish(commands)
        }
    }

    /// One command as the scripts see it.
    struct Node {
        var path: [String]
        var abstract: String
        /// The options and flags, `-h/--help` last.
        var options: [ArgumentDefinition]
        var positional: ArgumentDefinition?
        /// The names of the subcommands, with their abstracts.
        var subcommands: [(name: String, abstract: String)]
        /// The root's subcommands (what `help` completes).
        var rootCommands: [String]

        init(_ context: CommandContext) {
            path = context.path
            abstract = context.command.configuration.abstract
            options = context.command.definitions.filter { !$0.isPositional } + [.help]
            positional = context.command.definitions.first(where: \.isPositional)
            subcommands = context.command.configuration.subcommands.map { ($0.configuration.name, $0.configuration.abstract) }
            rootCommands = context.program.root.configuration.subcommands.map { $0.configuration.name }
        }

        var program: String { path[0] }
        /// `advisor rules lint`.
        var key: String { path.joined(separator: " ") }
        /// `_advisor_rules_lint`: a name for a shell function.
        var functionName: String { "_" + path.map { $0.replacingOccurrences(of: "-", with: "_") }.joined(separator: "_") }

        /// What the words that are not options complete to.
        var positionalCompletion: Completion {
            if !subcommands.isEmpty { return .values(subcommands.map(\.name)) }
            switch positional?.completion ?? .none {
            case .commands: return .values(rootCommands)
            case let other: return other
            }
        }
    }

    /// `-p --profile`: an option's names as typed.
    static func names(_ d: ArgumentDefinition) -> [String] {
        (d.short.map { ["-\($0)"] } ?? []) + ["--\(d.long)"]
    }

    /// `text` inside single quotes in a POSIX shell: `'` becomes `'\''`.
    static func posixQuoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }

    /// The first sentence of a help text (descriptions in a completion menu are short).
    static func brief(_ help: String) -> String {
        guard let end = help.range(of: ". ") else { return help }
        return String(help[..<end.lowerBound]) + "."
    }
}

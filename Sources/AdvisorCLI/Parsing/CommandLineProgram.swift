import RulesEngine

/// A program's command tree: finds the command a command line calls, parses it, and runs it.
public struct CommandLineProgram: Sendable {
    /// The command the program's name stands for.
    public let root: any ParsableCommand.Type

    public init(root: any ParsableCommand.Type) {
        self.root = root
    }

    /// What a command line asks for.
    public enum Invocation: Sendable {
        /// Run this command.
        case run(any ParsableCommand, CommandContext)
        /// Print this command's help on standard output (exit 0).
        case help(CommandContext)
        /// Report a usage error for this command (exit 64).
        case failure(UsageError, CommandContext)
    }

    /// Finds and parses the command `arguments` (without the program's name) call.
    ///
    /// Subcommand names are read from the front (`rules lint ...`); the rest is the command's.
    /// A word that is no subcommand of a group is an unknown command, with a suggestion.
    public func resolve(_ arguments: [String]) -> Invocation {
        var type = root
        var path = [root.configuration.name]
        var rest = arguments[...]
        while let first = rest.first, let sub = type.subcommand(named: first) {
            type = sub
            path.append(first)
            rest = rest.dropFirst()
        }
        let context = CommandContext(program: self, command: type, path: path)
        if type.isGroup, let first = rest.first, first == "-" || !first.hasPrefix("-") {
            return .failure(UsageError("unknown command '\(first)'\(Suggestion.hint(for: first, in: type.configuration.subcommands.map { $0.configuration.name }))"), context)
        }
        switch Self.parse(type, Array(rest)) {
        case .success(let command): return .run(command, context)
        case .failure(let error): return error.isHelpRequest ? .help(context) : .failure(error, context)
        }
    }

    /// Parses `arguments` as a `type` command.
    static func parse(_ type: any ParsableCommand.Type, _ arguments: [String]) -> Result<any ParsableCommand, UsageError> {
        func open<C: ParsableCommand>(_ type: C.Type) -> Result<any ParsableCommand, UsageError> {
            do { return .success(try type.parse(arguments)) } catch { return .failure(error) }
        }
        return open(type)
    }

    /// The command that `names` (`["rules", "lint"]`) calls.
    /// - Throws: a usage error naming the first word that is no subcommand.
    public func locate(_ names: [String]) throws(UsageError) -> CommandContext {
        var type = root
        var path = [root.configuration.name]
        for name in names {
            guard let sub = type.subcommand(named: name) else {
                let known = type.configuration.subcommands.map { $0.configuration.name }
                let hint = Suggestion.hint(for: name, in: known)
                if path.count == 1 { throw UsageError("unknown command '\(name)'\(hint)") }
                throw UsageError("'\(path.dropFirst().joined(separator: " "))' has no subcommand '\(name)'\(hint)")
            }
            type = sub
            path.append(name)
        }
        return CommandContext(program: self, command: type, path: path)
    }

    /// Runs the command line and returns the exit code; prints help and usage errors itself.
    public func main(_ arguments: [String]) -> ExitCode {
        switch resolve(arguments) {
        case .run(let command, let context):
            do { return try command.run(context) } catch {
                Terminal.err(context.usageError(error))
                return .usage
            }
        case .help(let context):
            Terminal.out(context.helpText)
            return .success
        case .failure(let error, let context):
            Terminal.err(context.usageError(error))
            return .usage
        }
    }

    /// Every command of the tree, from the root down, with its path.
    public var commands: [CommandContext] {
        var out: [CommandContext] = []
        func walk(_ type: any ParsableCommand.Type, _ path: [String]) {
            out.append(CommandContext(program: self, command: type, path: path))
            for sub in type.configuration.subcommands { walk(sub, path + [sub.configuration.name]) }
        }
        walk(root, [root.configuration.name])
        return out
    }
}

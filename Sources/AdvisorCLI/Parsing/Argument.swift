/// An argument of `Command`, bound to the stored property it fills.
public struct Argument<Command>: Sendable {
    public let definition: ArgumentDefinition
    /// Sets the property from one value (a flag's value is empty; a positional is one word).
    let apply: @Sendable (inout Command, String) throws(UsageError) -> Void

    init(_ definition: ArgumentDefinition, apply: @escaping @Sendable (inout Command, String) throws(UsageError) -> Void) {
        self.definition = definition
        self.apply = apply
    }

    /// A flag that sets a `Bool` property.
    public static func flag(_ long: String, short: Character? = nil, help: String, _ property: WritableKeyPath<Command, Bool> & Sendable) -> Self {
        Self(ArgumentDefinition(kind: .flag, long: long, short: short, help: help)) { command, _ in
            command[keyPath: property] = true
        }
    }

    /// An option whose value `parser` reads into an optional property (nil when not given).
    public static func option<Value>(_ long: String, short: Character? = nil, valueName: String, help: String, completion: Completion? = nil, parser: ValueParser<Value>, _ property: WritableKeyPath<Command, Value?> & Sendable) -> Self {
        let definition = ArgumentDefinition(kind: .option(valueName: valueName), long: long, short: short, help: help, completion: completion ?? parser.completion)
        return Self(definition) { (command, text) throws(UsageError) in
            command[keyPath: property] = try parser.parse(text, "--" + long)
        }
    }

    /// An option whose value `parser` reads into a property with a default.
    public static func option<Value>(_ long: String, short: Character? = nil, valueName: String, help: String, completion: Completion? = nil, parser: ValueParser<Value>, _ property: WritableKeyPath<Command, Value> & Sendable) -> Self {
        let definition = ArgumentDefinition(kind: .option(valueName: valueName), long: long, short: short, help: help, completion: completion ?? parser.completion)
        return Self(definition) { (command, text) throws(UsageError) in
            command[keyPath: property] = try parser.parse(text, "--" + long)
        }
    }

    /// An option with a string value, such as a file name.
    public static func option(_ long: String, short: Character? = nil, valueName: String, help: String, completion: Completion = .none, _ property: WritableKeyPath<Command, String?> & Sendable) -> Self {
        option(long, short: short, valueName: valueName, help: help, completion: completion, parser: .string, property)
    }

    /// The words that are not options, in order.
    public static func positionals(_ label: String, arity: ArgumentDefinition.Arity, completion: Completion = .none, _ property: WritableKeyPath<Command, [String]> & Sendable) -> Self {
        Self(ArgumentDefinition(kind: .positional(label: label, arity: arity), long: "", help: "", completion: completion)) { command, word in
            command[keyPath: property].append(word)
        }
    }
}

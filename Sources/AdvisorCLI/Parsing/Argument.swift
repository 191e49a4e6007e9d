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

/// Reads an option's text into a typed value, or says what was expected.
public struct ValueParser<Value>: Sendable {
    /// What a shell may offer for the value.
    public var completion: Completion
    /// Reads `text`, the value of the option named `option` (`--jobs`).
    public let parse: @Sendable (_ text: String, _ option: String) throws(UsageError) -> Value

    public init(completion: Completion = .none, parse: @escaping @Sendable (_ text: String, _ option: String) throws(UsageError) -> Value) {
        self.completion = completion
        self.parse = parse
    }

    /// One of a few words: `unknown language 'fr'; expected en, zh-Hans or ja`.
    /// - Parameters:
    ///   - what: the value's kind in the message (`language`).
    ///   - choices: the words listed in the message and offered for completion.
    ///   - make: the value of a text, or nil when it is none of them.
    public static func choice(_ what: String, _ choices: [String], _ make: @escaping @Sendable (String) -> Value?) -> Self {
        Self(completion: .values(choices)) { text, _ throws(UsageError) in
            guard let value = make(text) else {
                throw UsageError("unknown \(what) '\(text)'; expected \(Self.list(choices))")
            }
            return value
        }
    }

    /// `a, b or c`.
    static func list(_ words: [String]) -> String {
        guard let last = words.last else { return "" }
        return words.count == 1 ? last : words.dropLast().joined(separator: ", ") + " or " + last
    }
}

extension ValueParser where Value == String {
    /// The text as it is.
    public static var string: Self { Self { text, _ in text } }
}

extension ValueParser where Value == Int {
    /// A whole number in `range`: `--jobs needs a whole number from 1 to 1024, found '0'`.
    /// - Parameter expected: how the message names the allowed numbers.
    public static func wholeNumber(in range: ClosedRange<Int>, _ expected: String) -> Self {
        Self { text, option throws(UsageError) in
            guard let n = Int(text), range.contains(n) else {
                throw UsageError("\(option) needs \(expected), found '\(text)'")
            }
            return n
        }
    }
}

extension ValueParser where Value: RawRepresentable & CaseIterable & Sendable, Value.RawValue == String {
    /// One of an enumeration's raw values.
    public static func choice(_ what: String) -> Self {
        choice(what, Value.allCases.map(\.rawValue)) { Value(rawValue: $0) }
    }
}

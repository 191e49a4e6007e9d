/// Where a finding stands: the file, the 1-based line and column, and the JSON pointer inside it.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    /// An RFC 6901 JSON pointer such as `/rules/3/when/all/1`.
    public var pointer: String

    public init(file: String, line: Int, column: Int, pointer: String) {
        self.file = file
        self.line = line
        self.column = column
        self.pointer = pointer
    }

    public var description: String { "\(file):\(line):\(column)" }
}

/// How serious a diagnostic is. Errors stop a rule set from compiling; warnings do not.
public enum Severity: String, Sendable, Hashable, Comparable, CaseIterable {
    case error, warning, note

    private var rank: Int {
        switch self {
        case .error: 0
        case .warning: 1
        case .note: 2
        }
    }

    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// A finding about a rule set or an input, as a value: a code, a severity, a message and where.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    public var code: DiagnosticCode
    public var severity: Severity
    public var message: String
    public var location: SourceLocation
    /// The id of the rule the finding is about, where there is one.
    public var ruleID: String?

    public init(_ code: DiagnosticCode, _ severity: Severity = .error, _ message: String, at location: SourceLocation, rule ruleID: String? = nil) {
        self.code = code
        self.severity = severity
        self.message = message
        self.location = location
        self.ruleID = ruleID
    }

    /// `file:line:column: error[code]: message (rule r, at /pointer)`, the form compilers print.
    public var description: String {
        var s = "\(location): \(severity.rawValue)[\(code.rawValue)]: \(message)"
        var context: [String] = []
        if let ruleID { context.append("rule '\(ruleID)'") }
        if !location.pointer.isEmpty { context.append("at \(location.pointer)") }
        if !context.isEmpty { s += " (" + context.joined(separator: ", ") + ")" }
        return s
    }
}

/// The kinds of finding. The raw value is the stable code shown to users.
public enum DiagnosticCode: String, Sendable, Hashable, CaseIterable {
    /// The text is not valid JSON.
    case malformedJSON = "malformed-json"
    /// A file could not be read.
    case unreadableFile = "unreadable-file"
    /// An object has a key the language does not define.
    case unknownKey = "unknown-key"
    /// An object lacks a key it needs.
    case missingKey = "missing-key"
    /// An object states the same key twice.
    case duplicateKey = "duplicate-key"
    /// A value has the wrong JSON type for its place.
    case wrongType = "wrong-type"
    /// A value is of the right type but not allowed (an unknown type name, an empty id, ...).
    case invalidValue = "invalid-value"
    /// Two rules share an id.
    case duplicateRuleID = "duplicate-rule-id"
    /// Two facts, options or warnings share a name.
    case duplicateDeclaration = "duplicate-declaration"
    /// A condition or action names a fact that is not declared.
    case undeclaredFact = "undeclared-fact"
    /// An action names an option that is not declared.
    case undeclaredOption = "undeclared-option"
    /// An action names a warning that is not declared.
    case undeclaredWarning = "undeclared-warning"
    /// A comparison's value has the wrong type for the fact.
    case typeMismatch = "type-mismatch"
    /// A comparison's value is not among the enum's values.
    case notInEnum = "not-in-enum"
    /// An operator does not apply to the fact's type.
    case operatorMismatch = "operator-mismatch"
    /// An action derives a fact that only an input may give.
    case derivesInputFact = "derives-input-fact"
    /// Rules derive each other's facts in a cycle.
    case derivationCycle = "derivation-cycle"
    /// Lint: an input fact that no rule reads.
    case unusedFact = "unused-fact"
    /// Lint: a derived fact that rules read but no rule derives, so it is never known.
    case neverDerived = "never-derived"
    /// Lint: an option that no rule scores or blocks.
    case unusedOption = "unused-option"
    /// Lint: a warning that no rule raises.
    case unraisedWarning = "unraised-warning"
    /// Lint: data checked against its sources too long ago.
    case staleSource = "stale-source"
    /// Lint: a text that nothing shows.
    case unusedText = "unused-text"
    case unreachableNote = "unreachable-note"
}

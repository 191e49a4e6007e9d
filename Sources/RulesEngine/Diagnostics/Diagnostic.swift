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

/// The kind of a finding: a stable code shown to users, such as `unknown-key`.
///
/// The engine's codes are the static members below; a domain built on the engine declares its
/// own in an extension (`extension DiagnosticCode { static let staleSource = … }`), so the set of
/// codes is open while each code stays a value that compares and prints the same everywhere.
public struct DiagnosticCode: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    public var description: String { rawValue }

    /// The text is not valid JSON.
    public static let malformedJSON = DiagnosticCode(rawValue: "malformed-json")
    /// A file could not be read.
    public static let unreadableFile = DiagnosticCode(rawValue: "unreadable-file")
    /// An object has a key the language does not define.
    public static let unknownKey = DiagnosticCode(rawValue: "unknown-key")
    /// An object lacks a key it needs.
    public static let missingKey = DiagnosticCode(rawValue: "missing-key")
    /// An object states the same key twice.
    public static let duplicateKey = DiagnosticCode(rawValue: "duplicate-key")
    /// A value has the wrong JSON type for its place.
    public static let wrongType = DiagnosticCode(rawValue: "wrong-type")
    /// A value is of the right type but not allowed (an unknown type name, an empty id, ...).
    public static let invalidValue = DiagnosticCode(rawValue: "invalid-value")
    /// Two rules share an id.
    public static let duplicateRuleID = DiagnosticCode(rawValue: "duplicate-rule-id")
    /// Two facts, options or warnings share a name.
    public static let duplicateDeclaration = DiagnosticCode(rawValue: "duplicate-declaration")
    /// A condition or action names a fact that is not declared.
    public static let undeclaredFact = DiagnosticCode(rawValue: "undeclared-fact")
    /// An action names an option that is not declared.
    public static let undeclaredOption = DiagnosticCode(rawValue: "undeclared-option")
    /// An action names a warning that is not declared.
    public static let undeclaredWarning = DiagnosticCode(rawValue: "undeclared-warning")
    /// A comparison's value has the wrong type for the fact.
    public static let typeMismatch = DiagnosticCode(rawValue: "type-mismatch")
    /// A comparison's value is not among the enum's values.
    public static let notInEnum = DiagnosticCode(rawValue: "not-in-enum")
    /// An operator does not apply to the fact's type.
    public static let operatorMismatch = DiagnosticCode(rawValue: "operator-mismatch")
    /// An action derives a fact that only an input may give.
    public static let derivesInputFact = DiagnosticCode(rawValue: "derives-input-fact")
    /// Rules derive each other's facts in a cycle.
    public static let derivationCycle = DiagnosticCode(rawValue: "derivation-cycle")
    /// Lint: an input fact that no rule reads.
    public static let unusedFact = DiagnosticCode(rawValue: "unused-fact")
    /// Lint: a derived fact that rules read but no rule derives, so it is never known.
    public static let neverDerived = DiagnosticCode(rawValue: "never-derived")
    /// Lint: an option that no rule scores or blocks.
    public static let unusedOption = DiagnosticCode(rawValue: "unused-option")
    /// Lint: a warning that no rule raises.
    public static let unraisedWarning = DiagnosticCode(rawValue: "unraised-warning")
    /// Lint: a comparison of a derived fact with the only value rules derive for it: never false.
    public static let neverFalse = DiagnosticCode(rawValue: "never-false")
    /// Lint: a rule whose condition no values of its facts can make true.
    public static let neverFires = DiagnosticCode(rawValue: "never-fires")
    /// Lint: a rule that another rule with the same actions covers: it holds whenever this does.
    public static let subsumedRule = DiagnosticCode(rawValue: "subsumed-rule")

    /// Every code the engine itself reports.
    public static let engineCodes: [DiagnosticCode] = [
        .malformedJSON, .unreadableFile, .unknownKey, .missingKey, .duplicateKey, .wrongType, .invalidValue, .duplicateRuleID, .duplicateDeclaration, .undeclaredFact, .undeclaredOption, .undeclaredWarning, .typeMismatch, .notInEnum, .operatorMismatch, .derivesInputFact, .derivationCycle, .unusedFact, .neverDerived, .unusedOption, .unraisedWarning, .neverFalse, .neverFires, .subsumedRule,
    ]
}

extension Diagnostic {
    /// The diagnostic as one JSON object: file, line, column, pointer, code, severity, message,
    /// and rule where there is one.
    public func write(to w: inout JSONWriter) {
        w.beginObject()
        w.key("file"); w.string(location.file)
        w.key("line"); w.number(Double(location.line))
        w.key("column"); w.number(Double(location.column))
        w.key("pointer"); w.string(location.pointer)
        w.key("code"); w.string(code.rawValue)
        w.key("severity"); w.string(severity.rawValue)
        w.key("message"); w.string(message)
        if let ruleID { w.key("rule"); w.string(ruleID) }
        w.endObject()
    }
}

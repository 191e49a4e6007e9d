import Testing
@testable import RulesEngine

/// Loading, compiling and evaluating rule sets written inline as JSON.
enum Engine {
    /// Loads documents named `a.json`, `b.json`, ... in the order given.
    static func load(_ texts: String...) -> LoadedRuleSet {
        load(texts)
    }

    static func load(_ texts: [String]) -> LoadedRuleSet {
        RuleSetLoader().load(documents: texts.enumerated().map { (name(for: $0.offset), $0.element) })
    }

    /// `a.json` for 0, `b.json` for 1, ...
    static func name(for index: Int) -> String {
        String(Character(Unicode.Scalar(UInt8(ascii: "a") + UInt8(index)))) + ".json"
    }

    /// Loads and compiles; records every diagnostic that is an error and fails when there is one.
    static func compile(_ texts: String..., sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> CompiledRuleSet {
        try compile(documents: texts.enumerated().map { (name(for: $0.offset), $0.element) }, sourceLocation: sourceLocation)
    }

    static func compile(documents: [(path: String, text: String)], sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> CompiledRuleSet {
        let output = RuleSetCompiler.compile(RuleSetLoader().load(documents: documents))
        for d in output.diagnostics where d.severity == .error {
            Issue.record("unexpected diagnostic: \(d)", sourceLocation: sourceLocation)
        }
        return try #require(output.compiled, sourceLocation: sourceLocation)
    }

    /// A fact buffer holding `values`.
    static func facts(_ values: KeyValuePairs<String, Value>, for set: CompiledRuleSet) throws -> FactBuffer {
        var buffer = FactBuffer(for: set)
        for (name, value) in values { try buffer.set(name, value, in: set) }
        return buffer
    }

    static func facts(_ values: [String: Value], for set: CompiledRuleSet) throws -> FactBuffer {
        var buffer = FactBuffer(for: set)
        for (name, value) in values.sorted(by: { $0.key < $1.key }) { try buffer.set(name, value, in: set) }
        return buffer
    }

    /// Evaluates `set` over `values` with a fresh evaluator.
    static func evaluate(_ set: CompiledRuleSet, _ values: KeyValuePairs<String, Value> = [:], firingLimit: Int = 10_000) throws -> EvaluationResult {
        try Evaluator(set, firingLimit: firingLimit).evaluate(facts(values, for: set))
    }

    static func evaluate(_ set: CompiledRuleSet, values: [String: Value]) throws -> EvaluationResult {
        try Evaluator(set).evaluate(facts(values, for: set))
    }

    static func evaluationError(_ set: CompiledRuleSet, values: [String: Value]) throws -> EvaluationError? {
        let input = try facts(values, for: set)
        do {
            _ = try Evaluator(set).evaluate(input)
            return nil
        } catch {
            return error
        }
    }

    /// The error an evaluation throws, or nil when it succeeds.
    static func evaluationError(_ set: CompiledRuleSet, _ values: KeyValuePairs<String, Value> = [:], firingLimit: Int = 10_000) throws -> EvaluationError? {
        let input = try facts(values, for: set)
        do {
            _ = try Evaluator(set, firingLimit: firingLimit).evaluate(input)
            return nil
        } catch {
            return error
        }
    }
}

/// Test code means the engine's source location unless it says otherwise.
typealias SourceLocation = RulesEngine.SourceLocation

/// A diagnostic as a flat value, so a whole list can be compared and printed at once.
struct Finding: Sendable, Equatable, CustomStringConvertible {
    var code: DiagnosticCode
    var severity: Severity
    var message: String
    var file: String
    var line: Int
    var column: Int
    var pointer: String
    var rule: String?

    /// A finding in `b.json`.
    init(_ code: DiagnosticCode, _ message: String, _ line: Int, _ column: Int, _ pointer: String, rule: String? = nil, severity: Severity = .error) {
        self.init(code, message, "b.json", line, column, pointer, rule: rule, severity: severity)
    }

    init(_ code: DiagnosticCode, _ message: String, _ file: String, _ line: Int, _ column: Int, _ pointer: String, rule: String? = nil, severity: Severity = .error) {
        self.code = code
        self.severity = severity
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.pointer = pointer
        self.rule = rule
    }

    init(_ d: Diagnostic) {
        self.init(d.code, d.message, d.location.file, d.location.line, d.location.column, d.location.pointer, rule: d.ruleID, severity: d.severity)
    }

    var description: String {
        "\(file):\(line):\(column) \(severity)[\(code.rawValue)] \(message) (\(pointer)\(rule.map { ", rule \($0)" } ?? ""))"
    }
}

/// Facts, options and warnings that the diagnostic and operator tests refer to, as `a.json`.
///
/// Fact declarations stand on lines 3 to 11, column 5; options on line 13; warnings on lines 15–16.
let declarations = """
{
  "facts": [
    {"name": "location", "type": "enum", "values": ["japan", "abroad"], "input": true},
    {"name": "balance", "type": "number", "input": true},
    {"name": "hasId", "type": "bool", "input": true},
    {"name": "languages", "type": "list", "input": true},
    {"name": "carrier", "type": "string", "input": true},
    {"name": "remote", "type": "bool"},
    {"name": "risk", "type": "enum", "values": ["low", "high"]},
    {"name": "phoneLanguages", "type": "list"},
    {"name": "limit", "type": "number"}
  ],
  "options": ["online", "store"],
  "warnings": [
    {"id": "scam-risk", "severity": "critical"},
    {"id": "bring-id", "severity": "medium"}
  ]
}
"""

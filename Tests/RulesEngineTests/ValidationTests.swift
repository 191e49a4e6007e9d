import Testing
@testable import RulesEngine

/// Diagnostics of validation: names, types, operators and actions checked against the declarations.
@Suite("Validation")
struct ValidationTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        /// `b.json`, loaded after ``declarations`` (`a.json`).
        var document: String
        var expected: [Finding]
        var testDescription: String { name }
    }

    static let duplicates = """
    {"facts": [{"name": "hasId", "type": "bool"}],
     "options": ["online"],
     "warnings": [{"id": "bring-id", "severity": "low"}]}
    """
    static let duplicateRuleIDs = """
    {"rules": [
      {"id": "same", "description": "first", "then": [{"warn": "scam-risk"}]},
      {"id": "same", "description": "second", "when": {"fact": "hasId"}, "then": [{"warn": "scam-risk"}]}
    ]}
    """
    static let undeclaredNames = """
    {"rules": [
      {"id": "u1", "description": "d",
       "when": {"all": [{"fact": "hasID", "op": "==", "value": true},
                        {"fact": "balance", "op": "<", "valueOf": "limt"},
                        {"fact": "zzz", "op": "==", "valueOf": "qqq"}]},
       "then": [{"derive": "remot", "value": true},
                {"score": "onlin", "add": 1},
                {"block": "shop", "reason": "closed"},
                {"warn": "scam"}]}
    ]}
    """
    static let typesAndOperators = """
    {"rules": [
      {"id": "t01", "description": "d", "when": {"fact": "balance", "op": "==", "value": "many"}, "then": [{"warn": "scam-risk"}]},
      {"id": "t02", "description": "d", "when": {"fact": "hasId", "op": "!=", "value": 1}, "then": [{"warn": "scam-risk"}]},
      {"id": "t03", "description": "d", "when": {"fact": "location", "op": "==", "value": "abrod"}, "then": [{"warn": "scam-risk"}]},
      {"id": "t04", "description": "d", "when": {"fact": "location", "op": "in", "value": ["japan", "mars"]}, "then": [{"warn": "scam-risk"}]},
      {"id": "t05", "description": "d", "when": {"fact": "carrier", "op": "in", "value": "povo"}, "then": [{"warn": "scam-risk"}]},
      {"id": "t06", "description": "d", "when": {"fact": "languages", "op": "contains", "value": 1}, "then": [{"warn": "scam-risk"}]},
      {"id": "t07", "description": "d", "when": {"fact": "languages", "op": "intersects", "value": "zh"}, "then": [{"warn": "scam-risk"}]},
      {"id": "t08", "description": "d", "when": {"fact": "balance", "op": "==", "valueOf": "hasId"}, "then": [{"warn": "scam-risk"}]},
      {"id": "t09", "description": "d", "when": {"fact": "hasId", "op": "<", "value": 1}, "then": [{"warn": "scam-risk"}]},
      {"id": "t10", "description": "d", "when": {"fact": "balance", "op": "in", "value": ["1"]}, "then": [{"warn": "scam-risk"}]},
      {"id": "t11", "description": "d", "when": {"fact": "carrier", "op": "contains", "value": "x"}, "then": [{"warn": "scam-risk"}]},
      {"id": "t12", "description": "d", "when": {"fact": "location", "op": "intersects", "value": ["japan"]}, "then": [{"warn": "scam-risk"}]},
      {"id": "t13", "description": "d", "when": {"fact": "balance", "op": ">", "value": true}, "then": [{"warn": "scam-risk"}]},
      {"id": "t14", "description": "d", "then": [{"derive": "hasId", "value": "x"}]},
      {"id": "t15", "description": "d", "then": [{"derive": "risk", "value": "hihg"}]},
      {"id": "t16", "description": "d", "then": [{"derive": "remote", "value": "yes"}]},
      {"id": "t17", "description": "d", "when": {"fact": "balance", "op": "<", "valueOf": "carrier"}, "then": [{"warn": "scam-risk"}]},
      {"id": "t18", "description": "d", "when": {"fact": "languages", "op": "contains", "valueOf": "phoneLanguages"}, "then": [{"warn": "scam-risk"}]},
      {"id": "t19", "description": "d", "when": {"fact": "languages", "op": "intersects", "valueOf": "carrier"}, "then": [{"warn": "scam-risk"}]},
      {"id": "t20", "description": "d", "when": {"fact": "carrier", "op": "in", "valueOf": "location"}, "then": [{"warn": "scam-risk"}]},
      {"id": "t21", "description": "d", "then": [{"derive": "phoneLanguages", "value": "zh"}]},
      {"id": "t22", "description": "d", "when": {"fact": "hasId", "op": ">=", "valueOf": "remote"}, "then": [{"warn": "scam-risk"}]}
    ]}
    """

    static let cases: [Case] = [
        Case(name: "a fact, an option and a warning declared twice", document: duplicates, expected: [
            Finding(.duplicateDeclaration, "the fact 'hasId' is declared twice; first at a.json:5:5", 1, 12, "/facts/0"),
            Finding(.duplicateDeclaration, "the option 'online' is declared twice; first at a.json:13:15", 2, 14, "/options/0"),
            Finding(.duplicateDeclaration, "the warning 'bring-id' is declared twice; first at a.json:16:5", 3, 15, "/warnings/0"),
        ]),
        Case(name: "duplicate rule ids, even when the second rule is broken", document: duplicateRuleIDs, expected: [
            Finding(.missingKey, "the comparison of 'hasId' lacks the key 'op'; expected one of: == != < <= > >= in contains intersects known unknown", 3, 51, "/rules/1/when", rule: "same"),
            Finding(.duplicateRuleID, "the rule id 'same' is used twice; first at b.json:2:3", 3, 3, "/rules/1", rule: "same"),
        ]),
        Case(name: "undeclared facts, options and warnings, with the nearest names", document: undeclaredNames, expected: [
            Finding(.undeclaredFact, "the fact 'hasID' is not declared; did you mean 'hasId'?", 3, 21, "/rules/0/when/all/0", rule: "u1"),
            Finding(.undeclaredFact, "the fact 'limt' is not declared; did you mean 'limit'?", 4, 63, "/rules/0/when/all/1/valueOf", rule: "u1"),
            Finding(.undeclaredFact, "the fact 'zzz' is not declared", 5, 21, "/rules/0/when/all/2", rule: "u1"),
            Finding(.undeclaredFact, "the fact 'qqq' is not declared", 5, 60, "/rules/0/when/all/2/valueOf", rule: "u1"),
            Finding(.undeclaredFact, "the fact 'remot' is not declared; did you mean 'remote'?", 6, 13, "/rules/0/then/0", rule: "u1"),
            Finding(.undeclaredOption, "the option 'onlin' is not declared; did you mean 'online'?", 7, 13, "/rules/0/then/1", rule: "u1"),
            Finding(.undeclaredOption, "the option 'shop' is not declared", 8, 13, "/rules/0/then/2", rule: "u1"),
            Finding(.undeclaredWarning, "the warning 'scam' is not declared", 9, 13, "/rules/0/then/3", rule: "u1"),
        ]),
        Case(name: "values of the wrong type, values outside an enum, operators that do not apply, input facts derived", document: typesAndOperators, expected: [
            Finding(.typeMismatch, #"'balance' is number, but the value "many" is not"#, 2, 86, "/rules/0/when/value", rule: "t01"),
            Finding(.typeMismatch, "'hasId' is bool, but the value 1 is not", 3, 84, "/rules/1/when/value", rule: "t02"),
            Finding(.notInEnum, "'abrod' is not a value of 'location'; did you mean 'abroad'?; expected one of: japan, abroad", 4, 87, "/rules/2/when/value", rule: "t03"),
            Finding(.notInEnum, "'mars' is not a value of 'location'; expected one of: japan, abroad", 5, 87, "/rules/3/when/value", rule: "t04"),
            Finding(.typeMismatch, #"'in' needs a list of values for 'carrier', found "povo""#, 6, 86, "/rules/4/when/value", rule: "t05"),
            Finding(.typeMismatch, "'contains' needs a string value for the list 'languages', found 1", 7, 94, "/rules/5/when/value", rule: "t06"),
            Finding(.typeMismatch, #"'intersects' needs a list value for 'languages', found "zh""#, 8, 96, "/rules/6/when/value", rule: "t07"),
            Finding(.typeMismatch, "'balance' (number) cannot be compared with 'hasId' (bool) by '=='", 9, 88, "/rules/7/when/valueOf", rule: "t08"),
            Finding(.operatorMismatch, "'<' needs a number fact, but 'hasId' is bool", 10, 45, "/rules/8/when", rule: "t09"),
            Finding(.operatorMismatch, "'in' needs a string or enum fact, but 'balance' is number", 11, 45, "/rules/9/when", rule: "t10"),
            Finding(.operatorMismatch, "'contains' needs a list fact, but 'carrier' is string", 12, 45, "/rules/10/when", rule: "t11"),
            Finding(.operatorMismatch, "'intersects' needs a list fact, but 'location' is enum (japan, abroad)", 13, 45, "/rules/11/when", rule: "t12"),
            Finding(.typeMismatch, "'balance' is number, but the value true is not", 14, 85, "/rules/12/when/value", rule: "t13"),
            Finding(.derivesInputFact, #"the rule derives 'hasId', which only an input may give (declared with "input": true)"#, 15, 46, "/rules/13/then/0", rule: "t14"),
            Finding(.typeMismatch, #"'hasId' is bool, but the value "x" is not"#, 15, 46, "/rules/13/then/0", rule: "t14"),
            Finding(.notInEnum, "'hihg' is not a value of 'risk'; did you mean 'high'?; expected one of: low, high", 16, 46, "/rules/14/then/0", rule: "t15"),
            Finding(.typeMismatch, #"'remote' is bool, but the value "yes" is not"#, 17, 46, "/rules/15/then/0", rule: "t16"),
            Finding(.typeMismatch, "'balance' (number) cannot be compared with 'carrier' (string) by '<'", 18, 87, "/rules/16/when/valueOf", rule: "t17"),
            Finding(.typeMismatch, "'languages' (list) cannot be compared with 'phoneLanguages' (list) by 'contains'", 19, 96, "/rules/17/when/valueOf", rule: "t18"),
            Finding(.typeMismatch, "'languages' (list) cannot be compared with 'carrier' (string) by 'intersects'", 20, 98, "/rules/18/when/valueOf", rule: "t19"),
            Finding(.typeMismatch, "'carrier' (string) cannot be compared with 'location' (enum (japan, abroad)) by 'in'", 21, 88, "/rules/19/when/valueOf", rule: "t20"),
            Finding(.typeMismatch, #"'phoneLanguages' is list, but the value "zh" is not"#, 22, 46, "/rules/20/then/0", rule: "t21"),
            Finding(.typeMismatch, "'hasId' (bool) cannot be compared with 'remote' (bool) by '>='", 23, 86, "/rules/21/when/valueOf", rule: "t22"),
        ]),
    ]

    @Test("reports each validation problem with its code, message, file, position, pointer and rule", arguments: cases)
    func reportsValidationDiagnostics(_ c: Case) {
        let loaded = Engine.load(declarations, c.document)
        let output = RuleSetCompiler.compile(loaded)
        #expect(output.diagnostics.map(Finding.init) == c.expected)
        #expect(output.compiled == nil)
    }

    @Test func compilingALoadedSetWithoutErrorsValidatesIt() {
        // `compile(_ ruleSet:)` and `compile(_ loaded:)` report the same validation findings.
        let loaded = Engine.load(declarations, Self.undeclaredNames)
        #expect(!loaded.hasErrors)
        let direct = RuleSetCompiler.compile(loaded.ruleSet)
        #expect(direct.compiled == nil)
        #expect(direct.diagnostics == RuleSetCompiler.compile(loaded).diagnostics)
        #expect(direct.diagnostics.count == 8)
    }

    static let cycles = """
    {"facts": [{"name": "p", "type": "bool"}, {"name": "q", "type": "bool"}, {"name": "s", "type": "bool"}],
     "rules": [
      {"id": "loop-b", "description": "q from p", "when": {"fact": "p", "op": "==", "value": true}, "then": [{"derive": "q", "value": true}]},
      {"id": "loop-a", "description": "p from q", "when": {"fact": "q", "op": "==", "value": true}, "then": [{"derive": "p", "value": true}]},
      {"id": "self", "description": "s when s is unknown", "when": {"fact": "s", "op": "unknown"}, "then": [{"derive": "s", "value": true}]}
     ]}
    """

    @Test func reportsADerivationCycleAsAWarningAndStillCompiles() throws {
        let output = RuleSetCompiler.compile(Engine.load(Self.cycles))
        #expect(output.diagnostics.map(Finding.init) == [
            Finding(.derivationCycle, "rules derive each other's facts in a loop: loop-b → loop-a → loop-b", "a.json", 3, 3, "/rules/0", rule: "loop-b", severity: .warning),
            Finding(.derivationCycle, "rules derive each other's facts in a loop: self → self", "a.json", 5, 3, "/rules/2", rule: "self", severity: .warning),
        ])
        let compiled = try #require(output.compiled)
        // Refraction ends the loop: each rule fires once, and re-deriving the same value is no conflict.
        let result = try Engine.evaluate(compiled, ["p": .bool(true)])
        #expect(result.firedRules == ["loop-b", "loop-a", "self"])
        #expect(result.value(of: "q") == .bool(true))
        #expect(result.value(of: "s") == .bool(true))
    }

    @Test func aRuleSetWithoutCyclesHasNoDiagnostics() {
        let output = RuleSetCompiler.compile(Engine.load(declarations, #"""
        {"rules": [
          {"id": "a", "description": "d", "when": {"fact": "hasId", "op": "==", "value": true}, "then": [{"derive": "remote", "value": true}]},
          {"id": "b", "description": "d", "when": {"fact": "remote", "op": "==", "value": true}, "then": [{"derive": "risk", "value": "low"}]},
          {"id": "c", "description": "d", "when": {"fact": "risk", "op": "==", "value": "low"}, "then": [{"warn": "bring-id"}]}
        ]}
        """#))
        #expect(output.diagnostics.isEmpty)
        #expect(output.compiled != nil)
    }

    @Test func everyDiagnosticCodeIsCoveredByATest() {
        var covered = Set(Self.cases.flatMap { $0.expected.map(\.code) })
        covered.formUnion(LoaderDiagnosticsTests.cases.flatMap { $0.expected.map(\.code) })
        covered.formUnion([.unreadableFile, .derivationCycle])  // tested on their own above and in the loader tests
        covered.formUnion([.unusedFact, .neverDerived, .unusedOption, .unraisedWarning, .neverFalse, .neverFires, .subsumedRule])  // LintTests
        #expect(covered == Set(DiagnosticCode.engineCodes))
    }
}

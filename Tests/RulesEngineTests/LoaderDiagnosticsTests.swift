import Foundation
import Testing
@testable import RulesEngine

/// Diagnostics of loading: JSON syntax, the shape of each object, key names and JSON types.
@Suite("Loader diagnostics")
struct LoaderDiagnosticsTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        /// `b.json`, loaded after ``declarations`` (`a.json`) when `withDeclarations` is set.
        var document: String
        var withDeclarations: Bool = false
        var expected: [Finding]
        var testDescription: String { name }
    }

    static let unknownKeys = """
    {"rules": [
      {"id": "r1", "description": "d", "salince": 5,
       "when": {"fact": "hasId", "vaule": true, "op": "=="}}
    ]}
    """
    static let factDeclarations = """
    {"facts": [
      {"name": "a", "type": "nubmer"},
      {"name": "b", "type": "enum"},
      {"name": "c", "type": "enum", "values": []},
      {"name": "d", "type": "enum", "values": ["x", "x"]},
      {"name": "e", "type": "bool", "values": ["x"]},
      {"name": "f", "type": "bool", "input": "yes"},
      {"name": 7, "type": "bool"},
      {"type": "bool", "inputs": true},
      {"name": "g", "type": "enum", "values": "x"},
      {"name": "h", "type": "enum", "values": ["x", 2]},
      {"name": "", "type": "bool", "description": 3},
      "i"
    ]}
    """
    static let optionsAndWarnings = """
    {"options": ["online", 3, ""],
     "warnings": [
       {"id": "w1", "severity": "hgih"},
       {"id": "w2"},
       {"id": "w3", "severity": "low", "level": 1},
       "w4"
     ]}
    """
    static let conditions = """
    {"rules": [
      {"id": "c1", "description": "d", "when": {"all": [], "fact": "x"}, "then": [{"warn": "scam-risk"}]},
      {"id": "c2", "description": "d", "when": {"any": [{"op": "=="}]}, "then": [{"warn": "scam-risk"}]},
      {"id": "c3", "description": "d", "when": {"not": {"fact": "hasId", "op": "known"}, "op": "=="}, "then": [{"warn": "scam-risk"}]},
      {"id": "c4", "description": "d", "when": {"all": {"fact": "hasId"}}, "then": [{"warn": "scam-risk"}]},
      {"id": "c5", "description": "d", "when": [], "then": [{"warn": "scam-risk"}]},
      {"id": "c6", "description": "d", "when": {"fact": "hasId", "op": "="}, "then": [{"warn": "scam-risk"}]},
      {"id": "c7", "description": "d", "when": {"fact": "hasId"}, "then": [{"warn": "scam-risk"}]},
      {"id": "c8", "description": "d", "when": {"fact": "hasId", "op": "known", "value": true}, "then": [{"warn": "scam-risk"}]},
      {"id": "c9", "description": "d", "when": {"fact": "hasId", "op": "==", "value": true, "valueOf": "remote"}, "then": [{"warn": "scam-risk"}]},
      {"id": "c10", "description": "d", "when": {"fact": 1, "op": "=="}, "then": [{"warn": "scam-risk"}]},
      {"id": "c11", "description": "d", "when": {"fact": "hasId", "op": "==", "value": null}, "then": [{"warn": "scam-risk"}]},
      {"id": "c12", "description": "d", "when": {"fact": "languages", "op": "intersects", "value": ["a", 1]}, "then": [{"warn": "scam-risk"}]},
      {"id": "c13", "description": "d", "when": {"fact": "hasId", "op": "==", "valueOf": 1}, "then": [{"warn": "scam-risk"}]}
    ]}
    """
    static let actions = """
    {"rules": [
      {"id": "a1", "description": "d", "then": []},
      {"id": "a2", "description": "d", "then": {"warn": "scam-risk"}},
      {"id": "a3", "description": "d", "then": ["warn"]},
      {"id": "a4", "description": "d", "then": [{"derived": "remote", "value": true}]},
      {"id": "a5", "description": "d", "then": [{"warn": "scam-risk", "derive": "remote"}]},
      {"id": "a6", "description": "d", "then": [{"score": "online"}]},
      {"id": "a7", "description": "d", "then": [{"score": "online", "add": 1, "subtract": 2}]},
      {"id": "a8", "description": "d", "then": [{"score": "online", "add": "1"}]},
      {"id": "a9", "description": "d", "then": [{"block": "online"}]},
      {"id": "a10", "description": "d", "then": [{"warn": "scam-risk", "reason": "x"}]},
      {"id": "a11", "description": "d", "then": [{"derive": "remote"}]},
      {"id": "a12", "description": "d", "then": [{"block": "online", "reason": 1}]}
    ]}
    """
    static let rules = """
    {"rules": [
      {"id": "r1", "id": "r2", "description": "d", "then": [{"warn": "scam-risk"}]},
      {"id": "", "description": "d", "then": [{"warn": "scam-risk"}]},
      {"id": 5, "description": 6, "salience": 1.5, "then": [{"warn": "scam-risk"}]},
      {"description": "d", "salience": "high", "then": [{"warn": "scam-risk"}]},
      {"id": "r5", "description": "d", "salience": 2000000, "then": [{"warn": "scam-risk"}]},
      "r6"
    ]}
    """

    static let operators = "== != < <= > >= in contains intersects known unknown"
    static let ruleKeys = "id, description, salience, when, then"
    static let sections = "facts, options, warnings, rules"

    static let cases: [Case] = [
        Case(name: "malformed JSON", document: #"{"rules": [}"#, expected: [
            Finding(.malformedJSON, "malformed JSON: unexpected '}'; expected a value", 1, 12, ""),
        ]),
        Case(name: "a rule file that is not an object", document: #"["rules"]"#, expected: [
            Finding(.wrongType, "a rule file must be an object, found an array", 1, 1, ""),
        ]),
        Case(name: "unknown sections, with the nearest section", document: "{\"rule\": [],\n \"fact\": []}", expected: [
            Finding(.unknownKey, "unknown key 'rule' in a rule file; did you mean 'rules'?; expected one of: \(sections)", 1, 2, "/rule"),
            Finding(.unknownKey, "unknown key 'fact' in a rule file; did you mean 'facts'?; expected one of: \(sections)", 2, 2, "/fact"),
        ]),
        Case(name: "an unknown section with no near name", document: #"{"carrier": {}}"#, expected: [
            Finding(.unknownKey, "unknown key 'carrier' in a rule file; expected one of: \(sections)", 1, 2, "/carrier"),
        ]),
        Case(name: "a section twice", document: #"{"rules": [], "rules": []}"#, expected: [
            Finding(.duplicateKey, "a rule file has the key 'rules' twice", 1, 15, "/rules"),
        ]),
        Case(name: "'rules' not an array", document: #"{"rules": {"id": "r1"}}"#, expected: [
            Finding(.wrongType, "'rules' must be an array, found an object", 1, 11, "/rules"),
        ]),
        Case(name: "unknown keys in a rule and a condition, missing 'then' and operand", document: unknownKeys, withDeclarations: true, expected: [
            Finding(.unknownKey, "unknown key 'salince' in a rule; did you mean 'salience'?; expected one of: \(ruleKeys)", 2, 36, "/rules/0/salince", rule: "r1"),
            Finding(.missingKey, "a rule lacks the key 'then'", 2, 3, "/rules/0", rule: "r1"),
            Finding(.unknownKey, "unknown key 'vaule' in a condition; did you mean 'value'?; expected one of: all, any, not, fact, op, value, valueOf", 3, 30, "/rules/0/when/vaule", rule: "r1"),
            Finding(.missingKey, "the comparison 'hasId ==' needs 'value' (a constant) or 'valueOf' (another fact)", 3, 12, "/rules/0/when", rule: "r1"),
        ]),
        Case(name: "fact declarations", document: factDeclarations, expected: [
            Finding(.invalidValue, "unknown fact type 'nubmer'; did you mean 'number'?; expected one of: bool, number, string, enum, list", 2, 25, "/facts/0/type"),
            Finding(.missingKey, "the enum fact 'b' lacks the key 'values'", 3, 3, "/facts/1"),
            Finding(.invalidValue, "an enum's values must be a non-empty list without repeats", 4, 43, "/facts/2/values"),
            Finding(.invalidValue, "an enum's values must be a non-empty list without repeats", 5, 43, "/facts/3/values"),
            Finding(.invalidValue, "only an enum fact takes 'values'", 6, 43, "/facts/4/values"),
            Finding(.wrongType, "'input' must be a boolean, found a string", 7, 42, "/facts/5/input"),
            Finding(.wrongType, "a fact's name must be a string, found a number", 8, 12, "/facts/6/name"),
            Finding(.unknownKey, "unknown key 'inputs' in a fact declaration; did you mean 'input'?; expected one of: name, type, values, input, description", 9, 20, "/facts/7/inputs"),
            Finding(.missingKey, "a fact declaration lacks the key 'name'", 9, 3, "/facts/7"),
            Finding(.wrongType, "an enum's values must be a list of strings, found a string", 10, 43, "/facts/8/values"),
            Finding(.wrongType, "an enum's values must be a list of strings; item 1 is a number", 11, 49, "/facts/9/values/1"),
            Finding(.invalidValue, "a fact's name must not be empty", 12, 12, "/facts/10/name"),
            Finding(.wrongType, "a fact's description must be a string, found a number", 12, 47, "/facts/10/description"),
            Finding(.wrongType, "a fact declaration must be an object, found a string", 13, 3, "/facts/11"),
        ]),
        Case(name: "options and warnings", document: optionsAndWarnings, expected: [
            Finding(.wrongType, "an option must be a non-empty string, found a number", 1, 24, "/options/1"),
            Finding(.wrongType, "an option must be a non-empty string, found an empty string", 1, 27, "/options/2"),
            Finding(.invalidValue, "unknown severity 'hgih'; did you mean 'high'?; expected one of: critical, high, medium, low", 3, 29, "/warnings/0/severity"),
            Finding(.missingKey, "a warning declaration lacks the key 'severity'", 4, 4, "/warnings/1"),
            Finding(.unknownKey, "unknown key 'level' in a warning declaration; expected one of: id, severity", 5, 36, "/warnings/2/level"),
            Finding(.wrongType, "a warning declaration must be an object, found a string", 6, 4, "/warnings/3"),
        ]),
        Case(name: "conditions", document: conditions, withDeclarations: true, expected: [
            Finding(.invalidValue, "a condition needs exactly one of 'all', 'any', 'not' or 'fact' (found: all, fact)", 2, 44, "/rules/0/when", rule: "c1"),
            Finding(.missingKey, "a condition needs exactly one of 'all', 'any', 'not' or 'fact' (found: none)", 3, 53, "/rules/1/when/any/0", rule: "c2"),
            Finding(.invalidValue, "'op' belongs to a comparison, not to 'not'", 4, 92, "/rules/2/when/op", rule: "c3"),
            Finding(.wrongType, "'all' must be an array, found an object", 5, 52, "/rules/3/when/all", rule: "c4"),
            Finding(.wrongType, "a condition must be an object, found an array", 6, 44, "/rules/4/when", rule: "c5"),
            Finding(.invalidValue, "unknown operator '='; did you mean '=='?; expected one of: \(operators)", 7, 68, "/rules/5/when/op", rule: "c6"),
            Finding(.missingKey, "the comparison of 'hasId' lacks the key 'op'; expected one of: \(operators)", 8, 44, "/rules/6/when", rule: "c7"),
            Finding(.invalidValue, "'known' takes no 'value' or 'valueOf'", 9, 44, "/rules/7/when", rule: "c8"),
            Finding(.invalidValue, "a comparison takes 'value' or 'valueOf', not both", 10, 44, "/rules/8/when", rule: "c9"),
            Finding(.wrongType, "'fact' must be a string, found a number", 11, 54, "/rules/9/when/fact", rule: "c10"),
            Finding(.wrongType, "'value' must be a boolean, a number, a string or a list of strings, found null", 12, 84, "/rules/10/when/value", rule: "c11"),
            Finding(.wrongType, "'value' must be a list of strings; item 1 is a number", 13, 102, "/rules/11/when/value/1", rule: "c12"),
            Finding(.wrongType, "'valueOf' must be a string, found a number", 14, 86, "/rules/12/when/valueOf", rule: "c13"),
        ]),
        Case(name: "actions", document: actions, withDeclarations: true, expected: [
            Finding(.invalidValue, "'then' must hold at least one action", 2, 44, "/rules/0/then", rule: "a1"),
            Finding(.wrongType, "'then' must be an array, found an object", 3, 44, "/rules/1/then", rule: "a2"),
            Finding(.wrongType, "an action must be an object, found a string", 4, 45, "/rules/2/then/0", rule: "a3"),
            Finding(.missingKey, "an action needs exactly one of 'derive', 'score', 'block' or 'warn'; did you mean 'derive'?", 5, 45, "/rules/3/then/0", rule: "a4"),
            Finding(.invalidValue, "an action needs exactly one of 'derive', 'score', 'block' or 'warn'", 6, 45, "/rules/4/then/0", rule: "a5"),
            Finding(.missingKey, "a 'score' action takes exactly one of 'add' or 'subtract'", 7, 45, "/rules/5/then/0", rule: "a6"),
            Finding(.invalidValue, "a 'score' action takes exactly one of 'add' or 'subtract'", 8, 45, "/rules/6/then/0", rule: "a7"),
            Finding(.wrongType, "'add' must be a number, found a string", 9, 72, "/rules/7/then/0/add", rule: "a8"),
            Finding(.missingKey, "a 'block' action lacks the key 'reason'", 10, 45, "/rules/8/then/0", rule: "a9"),
            Finding(.unknownKey, "unknown key 'reason' in a 'warn' action; expected one of: warn", 11, 68, "/rules/9/then/0/reason", rule: "a10"),
            Finding(.missingKey, "a 'derive' action lacks the key 'value'", 12, 46, "/rules/10/then/0", rule: "a11"),
            Finding(.wrongType, "'reason' must be a string, found a number", 13, 76, "/rules/11/then/0/reason", rule: "a12"),
        ]),
        Case(name: "rule ids, descriptions and saliences", document: rules, withDeclarations: true, expected: [
            Finding(.duplicateKey, "a rule has the key 'id' twice", 2, 16, "/rules/0/id", rule: "r1"),
            Finding(.invalidValue, "a rule's id must not be empty", 3, 10, "/rules/1/id"),
            Finding(.wrongType, "a rule's id must be a string, found a number", 4, 10, "/rules/2/id"),
            Finding(.wrongType, "a rule's description must be a string, found a number", 4, 28, "/rules/2/description"),
            Finding(.wrongType, "'salience' must be a whole number between -1000000 and 1000000, found 1.5", 4, 43, "/rules/2/salience"),
            Finding(.missingKey, "a rule lacks the key 'id'", 5, 3, "/rules/3"),
            Finding(.wrongType, "'salience' must be a whole number between -1000000 and 1000000, found a string", 5, 36, "/rules/3/salience"),
            Finding(.wrongType, "'salience' must be a whole number between -1000000 and 1000000, found 2000000", 6, 48, "/rules/4/salience", rule: "r5"),
            Finding(.wrongType, "a rule must be an object, found a string", 7, 3, "/rules/5"),
        ]),
    ]

    @Test("reports each loading problem with its code, message, file, position, pointer and rule", arguments: cases)
    func reportsLoadingDiagnostics(_ c: Case) {
        let documents = c.withDeclarations ? [declarations, c.document] : ["{}", c.document]
        let loaded = Engine.load(documents)
        #expect(loaded.diagnostics.map(Finding.init) == c.expected)
        #expect(loaded.hasErrors)
        // Compiling reports the same loading diagnostics first, and produces no rule set.
        let output = RuleSetCompiler.compile(loaded)
        #expect(output.compiled == nil)
        #expect(Array(output.diagnostics.prefix(c.expected.count)).map(Finding.init) == c.expected)
    }

    @Test func reportsEveryDiagnosticOfSeveralBrokenFilesAtOnce() {
        let output = RuleSetCompiler.compile(Engine.load(
            declarations,
            #"{"rules": ["#,
            #"{"rulez": []}"#,
            #"{"rules": [{"id": "dup", "description": "d", "when": {"fact": "hasID", "op": "known"}, "then": [{"warn": "scam-risk"}]}]}"#,
            #"{"rules": [{"id": "dup", "description": "e", "then": [{"warn": "scam-risc"}]}]}"#))
        #expect(output.compiled == nil)
        #expect(output.diagnostics.map(Finding.init) == [
            Finding(.malformedJSON, "malformed JSON: unexpected end of input; expected a value", "b.json", 1, 12, ""),
            Finding(.unknownKey, "unknown key 'rulez' in a rule file; did you mean 'rules'?; expected one of: facts, options, warnings, rules", "c.json", 1, 2, "/rulez"),
            Finding(.undeclaredFact, "the fact 'hasID' is not declared; did you mean 'hasId'?", "d.json", 1, 54, "/rules/0/when", rule: "dup"),
            Finding(.duplicateRuleID, "the rule id 'dup' is used twice; first at d.json:1:12", "e.json", 1, 12, "/rules/0", rule: "dup"),
            Finding(.undeclaredWarning, "the warning 'scam-risc' is not declared; did you mean 'scam-risk'?", "e.json", 1, 55, "/rules/0/then/0", rule: "dup"),
        ])
    }

    @Test func escapesKeysInJSONPointers() {
        let loaded = Engine.load(#"{"a/b~c": 1}"#)
        #expect(loaded.diagnostics.map(Finding.init) == [
            Finding(.unknownKey, "unknown key 'a/b~c' in a rule file; expected one of: facts, options, warnings, rules", "a.json", 1, 2, "/a~1b~0c"),
        ])
    }

    @Test func describesADiagnosticTheWayCompilersPrintThem() {
        let loaded = Engine.load(declarations, Self.unknownKeys)
        #expect(loaded.diagnostics.first?.description
            == "b.json:2:36: error[unknown-key]: unknown key 'salince' in a rule; did you mean 'salience'?; expected one of: id, description, salience, when, then (rule 'r1', at /rules/0/salince)")
        let malformed = Engine.load("{")
        #expect(malformed.diagnostics.map(\.description) == ["a.json:1:2: error[malformed-json]: malformed JSON: unexpected end of input; expected a key or '}'"])
        #expect(Severity.allCases.sorted() == [.error, .warning, .note])
    }

    @Test func handsExtraSectionsToTheCallerAndNamesThemAmongTheKnownKeys() throws {
        let loader = RuleSetLoader(extraSections: ["carrier"])
        let loaded = loader.load(documents: [("x.json", "{\"facts\": [],\n \"carrier\": {\"id\": \"povo\"}}"), ("y.json", #"{"carier": 1}"#)])
        #expect(loaded.extraSections.count == 1)
        let section = try #require(loaded.extraSections.first)
        #expect([section.name, section.file, section.pointer] == ["carrier", "x.json", "/carrier"])
        #expect(section.node["id"]?.value.stringValue == "povo")
        #expect((section.node.line, section.node.column) == (2, 13))
        #expect(loaded.diagnostics.map(Finding.init) == [
            Finding(.unknownKey, "unknown key 'carier' in a rule file; did you mean 'carrier'?; expected one of: facts, options, warnings, rules, carrier", "y.json", 1, 2, "/carier"),
        ])
        #expect(loaded.files == ["x.json", "y.json"])
    }

    @Test func loadsEveryJSONFileOfADirectoryInTheOrderOfTheirRelativePaths() throws {
        let fm = FileManager.default
        let base = fm.temporaryDirectory.appendingPathComponent("rules-\(UInt64.random(in: 0...UInt64.max))").path
        defer { try? fm.removeItem(atPath: base) }
        try fm.createDirectory(atPath: base + "/a", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: base + "/dir.json", withIntermediateDirectories: true)
        try #"{"rules": [{"id": "z", "description": "d", "then": [{"derive": "x", "value": true}]}]}"#.write(toFile: base + "/z.json", atomically: true, encoding: .utf8)
        try #"{"facts": [{"name": "x", "type": "bool"}]}"#.write(toFile: base + "/a/b.json", atomically: true, encoding: .utf8)
        try #"{"rules": [{"id": "m", "description": "d", "then": [{"derive": "x", "value": true}]}]}"#.write(toFile: base + "/dir.json/m.json", atomically: true, encoding: .utf8)
        try "not json".write(toFile: base + "/notes.md", atomically: true, encoding: .utf8)
        let loaded = RuleSetLoader().load(directory: base)
        #expect(loaded.files == [base + "/a/b.json", base + "/dir.json/m.json", base + "/z.json"])
        // A directory whose name ends in .json is a directory like any other.
        #expect(loaded.diagnostics.map(Finding.init) == [])
        #expect(loaded.ruleSet.facts.map(\.name) == ["x"])
        #expect(loaded.ruleSet.rules.map(\.id) == ["m", "z"])
        #expect(loaded.ruleSet.rules.first?.location == SourceLocation(file: base + "/dir.json/m.json", line: 1, column: 12, pointer: "/rules/0"))
    }

    @Test func reportsAMissingDirectory() {
        let loaded = RuleSetLoader().load(directory: "/nonexistent/rules")
        #expect(loaded.diagnostics.map(Finding.init) == [
            Finding(.unreadableFile, "the rule directory does not exist or is not a directory", "/nonexistent/rules", 1, 1, ""),
        ])
        #expect(loaded.files.isEmpty)
    }
}

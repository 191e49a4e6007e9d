@testable import RulesEngine
import Testing

@Suite struct LintTests {
    @Test func findsWhatIsDeclaredButCannotMatter() throws {
        let loaded = Engine.load(#"""
        {
          "facts": [
            {"name": "a", "type": "bool", "input": true},
            {"name": "unread", "type": "bool", "input": true},
            {"name": "d", "type": "bool"},
            {"name": "ghost", "type": "bool"}
          ],
          "options": ["used", "idle"],
          "warnings": [{"id": "w", "severity": "low"}, {"id": "silent", "severity": "low"}],
          "rules": [
            {"id": "r1", "description": "d", "when": {"fact": "a", "op": "==", "value": true},
             "then": [{"derive": "d", "value": true}, {"score": "used", "add": 1}]},
            {"id": "r2", "description": "d", "when": {"all": [{"fact": "d", "op": "known"}, {"fact": "ghost", "op": "==", "value": true}]},
             "then": [{"warn": "w"}]}
          ]
        }
        """#)
        let output = RuleSetCompiler.compile(loaded)
        #expect(output.diagnostics.isEmpty, "lint findings are not compile diagnostics")
        let found = RuleSetLinter.lint(loaded.ruleSet)
        #expect(found.map { "\($0.code.rawValue) \($0.severity) \($0.location.pointer)" } == [
            "unused-fact warning /facts/1",
            "never-derived warning /facts/3",
            "unused-option warning /options/1",
            "unraised-warning warning /warnings/1",
        ])
        #expect(found.map(\.message) == [
            "no rule reads the input fact 'unread'",
            "rules read 'ghost', but no rule derives it and no input gives it, so it is never known",
            "no rule scores or blocks the option 'idle'",
            "no rule raises the warning 'silent'",
        ])
        #expect(found.allSatisfy { $0.location.file == "a.json" && $0.location.line > 1 })
    }

    static let declarations = #"""
      "facts": [
        {"name": "n", "type": "number", "input": true},
        {"name": "m", "type": "number", "input": true},
        {"name": "e", "type": "enum", "values": ["x", "y", "z"], "input": true},
        {"name": "b", "type": "bool", "input": true},
        {"name": "l", "type": "list", "input": true}
      ],
      "options": ["o"],
      "warnings": [{"id": "w", "severity": "low"}, {"id": "v", "severity": "low"}],
    """#

    static func findings(_ rules: String) -> [String] {
        let loaded = Engine.load("{" + declarations + #""rules": ["# + rules + "]}")
        #expect(!loaded.hasErrors)
        return RuleSetLinter.lint(loaded.ruleSet).filter { $0.code == .neverFires || $0.code == .subsumedRule }.map { "\($0.code.rawValue) \($0.severity) \($0.location.pointer)" }
    }

    /// Conditions no values can make true, and ones that look alike but can be.
    @Test(arguments: [
        (#"{"all": [{"fact": "n", "op": ">", "value": 5}, {"fact": "n", "op": "<=", "value": 5}]}"#, true),
        (#"{"all": [{"fact": "n", "op": ">", "value": 5}, {"fact": "n", "op": "<", "value": 6}]}"#, false),
        (#"{"fact": "n", "op": ">", "valueOf": "m"}"#, false),
        (#"{"all": [{"fact": "n", "op": ">", "valueOf": "m"}, {"fact": "m", "op": ">", "valueOf": "n"}]}"#, true),
        (#"{"all": [{"fact": "e", "op": "!=", "value": "x"}, {"fact": "e", "op": "!=", "value": "y"}, {"fact": "e", "op": "!=", "value": "z"}]}"#, true),
        (#"{"all": [{"fact": "e", "op": "!=", "value": "x"}, {"fact": "e", "op": "!=", "value": "y"}]}"#, false),
        (#"{"all": [{"fact": "b", "op": "unknown"}, {"fact": "b", "op": "==", "value": true}]}"#, true),
        (#"{"not": {"fact": "b", "op": "==", "value": true}}"#, false),
        (#"{"not": {"any": [{"fact": "b", "op": "known"}, {"fact": "b", "op": "unknown"}]}}"#, true),
        (#"{"all": [{"fact": "l", "op": "contains", "value": "a"}, {"not": {"fact": "l", "op": "intersects", "value": ["a", "c"]}}]}"#, true),
        (#"{"all": [{"fact": "l", "op": "contains", "value": "a"}, {"not": {"fact": "l", "op": "==", "value": ["a"]}}]}"#, false),
    ])
    func aRuleThatCanNeverFireIsAnError(_ condition: String, _ never: Bool) {
        let found = Self.findings(#"{"id": "r", "description": "d", "when": "# + condition + #", "then": [{"warn": "w"}]}"#)
        #expect(found == (never ? ["never-fires error /rules/0/when"] : []))
    }

    /// A rule another with the same actions covers; the same actions in other cases, or other
    /// actions in the same cases, are not.
    @Test func aRuleSubsumedByAnotherWithTheSameActionsIsAnError() {
        let wide = #"{"id": "wide", "description": "d", "when": {"fact": "n", "op": ">", "value": 1}, "then": [{"warn": "w"}, {"score": "o", "add": 1}]}"#
        let narrow = #"{"id": "narrow", "description": "d", "when": {"all": [{"fact": "n", "op": ">", "value": 3}, {"fact": "b", "op": "==", "value": true}]}, "then": [{"score": "o", "add": 1}, {"warn": "w"}]}"#
        #expect(Self.findings(wide + "," + narrow) == ["subsumed-rule error /rules/1"])
        let other = narrow.replacingOccurrences(of: #"{"warn": "w"}"#, with: #"{"warn": "v"}"#)
        #expect(Self.findings(wide + "," + other) == [])
        let overlapping = narrow.replacingOccurrences(of: #""op": ">", "value": 3"#, with: #""op": "<", "value": 3"#)
        #expect(Self.findings(wide + "," + overlapping) == [])
        // Two rules that hold in the same cases: the later one is reported, once.
        let same = wide.replacingOccurrences(of: #""id": "wide""#, with: #""id": "same""#)
        #expect(Self.findings(wide + "," + same) == ["subsumed-rule error /rules/1"])
        // A rule without a condition covers every rule with its actions.
        let always = #"{"id": "always", "description": "d", "then": [{"warn": "w"}, {"score": "o", "add": 1}]}"#
        #expect(Self.findings(always + "," + wide) == ["subsumed-rule error /rules/1"])
    }

    @Test func aDerivedFactComparedWithItsOnlyValueIsNeverFalse() {
        let loaded = Engine.load("{" + Self.declarations.replacingOccurrences(of: #"{"name": "b", "type": "bool", "input": true},"#, with: #"{"name": "b", "type": "bool", "input": true}, {"name": "d", "type": "bool"},"#) + #"""
        "rules": [
          {"id": "derive", "description": "x", "when": {"fact": "b", "op": "==", "value": true}, "then": [{"derive": "d", "value": true}]},
          {"id": "reads", "description": "x", "when": {"fact": "d", "op": "==", "value": true}, "then": [{"warn": "w"}]},
          {"id": "knows", "description": "x", "when": {"fact": "d", "op": "known"}, "then": [{"warn": "v"}]}
        ]}
        """#)
        #expect(!loaded.hasErrors)
        let found = RuleSetLinter.lint(loaded.ruleSet).filter { $0.code == .neverFalse }
        #expect(found.map(\.message) == ["'d == true' is never false: the rules only ever derive true for 'd', so it is true or unknown; test 'd' with 'known' instead"])
        #expect(found.map(\.ruleID) == ["reads"])
    }

    @Test func unknownTreatedAsAValueNeedsAPresenceTestThatDecides() throws {
        func value(_ condition: String) throws -> Value? {
            let loaded = Engine.load("{" + Self.declarations + #""rules": [{"id": "r", "description": "d", "when": "# + condition + #", "then": [{"warn": "w"}]}]}"#)
            let rule = try #require(loaded.ruleSet.rules.first)
            return RuleSetLinter.unknownTreatedAsValue(rule, fact: "b", in: loaded.ruleSet)
        }
        #expect(try value(#"{"any": [{"fact": "b", "op": "==", "value": false}, {"fact": "b", "op": "unknown"}]}"#) == .bool(false))
        #expect(try value(#"{"fact": "b", "op": "unknown"}"#) == nil)
        #expect(try value(#"{"fact": "b", "op": "==", "value": true}"#) == nil)
        // Unknown b makes the rule hold only where it holds whatever b is.
        #expect(try value(#"{"any": [{"fact": "b", "op": "unknown"}, {"fact": "n", "op": ">", "value": 1}]}"#) == nil)
    }
}
